"""`serve`: a thin loop over build() that survives a failed rebuild and keeps the last good site."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from prosiding.pipeline import Project
from prosiding.serve import rebuild

REPO = Path(__file__).resolve().parent.parent
GOOD = "---\njudul: Tentang\n---\nVersi {}.\n"
BROKEN = "---\njudul: [rusak\n---\nVersi rusak.\n"


def test_a_failed_rebuild_reports_the_error_and_keeps_the_last_good_site(make_site, capsys):
    site = make_site({"content/tentang.md": GOOD.format("satu")})
    project = Project.at(site)
    assert rebuild(project) is True
    (site / "content/tentang.md").write_text(BROKEN, encoding="utf-8")
    assert rebuild(project) is False
    err = capsys.readouterr().err
    assert "content/tentang.md:2: invalid YAML: a list opened with" in err and "still serving the previous site" in err
    assert "Versi satu." in (project.output / "tentang/index.html").read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch_until(url: str, wanted: str, attempts: int = 900) -> str:
    """Poll the local server (bounded: 900 tries, 0.1 s apart) until the page contains `wanted`."""
    text = ""
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                text = response.read().decode("utf-8")
            if wanted in text:
                return text
        except OSError:
            pass
        time.sleep(0.1)
    return text


def _wait_for_text(path: Path, wanted: str, attempts: int = 900) -> str:
    """Poll a log file (bounded: 900 tries, 0.1 s apart) until it contains `wanted`."""
    text = ""
    for _ in range(attempts):
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        if wanted in text:
            break
        time.sleep(0.1)
    return text


def test_serve_rebuilds_on_change_and_survives_broken_content(make_site, tmp_path):
    site = make_site({"content/tentang.md": GOOD.format("satu")})
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as log_file:
        server = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--source", str(site), "--port", str(port)],
            stdout=log_file, stderr=subprocess.STDOUT, text=True,
        )
        url = f"http://127.0.0.1:{port}/tentang/index.html"
        try:
            assert "Versi satu." in _fetch_until(url, "Versi satu.")
            (site / "content/tentang.md").write_text(GOOD.format("dua"), encoding="utf-8")
            assert "Versi dua." in _fetch_until(url, "Versi dua.")
            (site / "content/tentang.md").write_text(BROKEN, encoding="utf-8")
            # The failed rebuild is reported, the server keeps running, and the page served is
            # still the last good one.
            assert "content/tentang.md:2: invalid YAML: a list opened with" in _wait_for_text(log, "invalid YAML")
            assert server.poll() is None, "the server stopped after a failed rebuild"
            assert "Versi dua." in _fetch_until(url, "Versi dua.", attempts=1)
        finally:
            server.terminate()
            server.wait(timeout=20)
