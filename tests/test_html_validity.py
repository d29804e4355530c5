"""Every page of the bundled proceedings is valid HTML according to the Nu Html Checker (vnu)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from checkers import VNU, require, require_java
from prosiding.cli import main

REPO = Path(__file__).resolve().parent.parent


def test_every_page_passes_the_nu_html_checker(tmp_path: Path):
    vnu = require(VNU, "The Nu Html Checker (vnu-jar)")
    java = require_java()
    output = tmp_path / "output"
    assert main(["build", "--source", str(REPO), "--output", str(output)]) == 0
    pages = sorted(str(p) for p in output.rglob("*.html"))
    assert len(pages) > 20
    checked = subprocess.run([java, "-jar", str(vnu), "--format", "json", "--skip-non-html", *pages], capture_output=True, text=True, timeout=600)
    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    # Warnings count too: "info" messages with subType "warning" are things a validator user would fix.
    problems = [
        f"{Path(m.get('url', '')).name and Path(m['url'].removeprefix('file:')).relative_to(output)}:{m.get('lastLine', '?')}: {m['type']}: {m['message']}"
        for m in messages
        if m["type"] != "info" or m.get("subType") == "warning"
    ]
    assert problems == []
