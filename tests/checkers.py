"""Locate the test-only checkers installed from tests/tools/package-lock.json (`npm ci` in .ci/run).

Without them the checker tests are skipped with the reason, unless PROSIDING_REQUIRE_CHECKERS=1
(set by .ci/run): then a missing checker fails, so CI never passes by checking nothing.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parent / "tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require(path: Path, what: str) -> Path:
    """The checker at `path`, or skip (fail when PROSIDING_REQUIRE_CHECKERS=1) naming how to get it."""
    if path.is_file():
        return path
    message = f"{what} is not installed ({path.relative_to(TOOLS.parents[2]).as_posix()}); run: npm ci --ignore-scripts --prefix tests/tools"
    if os.environ.get("PROSIDING_REQUIRE_CHECKERS", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


def require_java() -> str:
    java = shutil.which("java")
    if java:
        return java
    message = "java is not installed; the Nu Html Checker needs it (apt-get install default-jre-headless)"
    if os.environ.get("PROSIDING_REQUIRE_CHECKERS", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)
