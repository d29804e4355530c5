"""scripts/screenshots.py renders every page kind of the bundled site at a phone and a desktop
width, light and dark, from file://: the pictures exist at the width asked for (nobody compares
pixels; a person looks at them)."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


def load_script():
    spec = importlib.util.spec_from_file_location("screenshots", REPO / "scripts" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_page_kind_is_photographed_at_both_widths_in_both_schemes(chromium_browser, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    screenshots = load_script()
    # Its own process: this one already runs Playwright for the other browser tests.
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "screenshots.py"), "--source", str(site), "--dest", str(tmp_path / "shots")],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    kinds = screenshots.pages_by_kind(site / "output")
    assert {"home", "seminar", "presentation", "volume", "news", "person", "institution", "search", "not-found"} <= set(kinds)
    for kind in kinds:
        for width in (390, 1280):
            for scheme in ("light", "dark"):
                with Image.open(tmp_path / "shots" / f"{kind}-{width}-{scheme}.png") as image:
                    assert image.width == width and image.height >= 844
