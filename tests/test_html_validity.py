"""Every page of the bundled proceedings is valid HTML according to the Nu Html Checker (vnu)."""
from __future__ import annotations

import json
import shutil
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
    pages += [str(p) for p in comment_pages(tmp_path)]
    checked = subprocess.run([java, "-jar", str(vnu), "--format", "json", "--skip-non-html", *pages], capture_output=True, text=True, timeout=600)
    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    # Warnings count too: "info" messages with subType "warning" are things a validator user would fix.
    problems = [
        f"{Path(m.get('url', '')).name and Path(m['url'].removeprefix('file:')).relative_to(tmp_path)}:{m.get('lastLine', '?')}: {m['type']}: {m['message']}"
        for m in messages
        if m["type"] != "info" or m.get("subType") == "warning"
    ]
    assert problems == []


def comment_pages(tmp_path: Path) -> list[Path]:
    """A news page with threaded comments and the Isso form (which the bundled site has not)."""
    site = tmp_path / "commented"
    shutil.copytree(REPO / "content", site / "content")
    (site / "content" / "berita" / "pelayanan-publik-wonosobo-dinilai-inovatif.komentar.yml").write_text(
        "komentar:\n- id: isso-1\n  nama: Budi\n  situs: https://example.org\n  waktu: '2014-10-02T14:05:00+07:00'\n  isi: Bagus.\n"
        "- id: isso-2\n  nama: Sri\n  waktu: '2014-10-02T15:00:00+07:00'\n  balasan_untuk: isso-1\n  isi: Setuju.\n", encoding="utf-8")
    settings = site / "content" / "_site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "url_dasar: https://humas.example.go.id/\nkomentar:\n  isso_url: https://komentar.example.go.id\n", encoding="utf-8")
    assert main(["build", "--source", str(site)]) == 0
    return [site / "output" / "berita" / "pelayanan-publik-wonosobo-dinilai-inovatif" / "index.html"]
