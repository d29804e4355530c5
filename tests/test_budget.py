"""Work limits for Markdown bodies: the pre-conversion scan and the time budget (budget.py)."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from prosiding.budget import STRICT_LIMITS, BodyLimits, find_overload, limits_from_settings, suspect_line, time_limit

BUNDLED = Path(__file__).resolve().parent.parent / "content"


class Stop(BaseException):
    pass


def test_every_body_of_the_bundled_site_is_under_the_limits():
    bodies = [p.read_text(encoding="utf-8") for p in BUNDLED.rglob("*.md")]
    assert bodies
    assert [find_overload(text, BodyLimits()) for text in bodies] == [None] * len(bodies)


def test_ordinary_markup_in_quantity_is_accepted():
    text = "## Temuan\n\n" + ("Lihat [halaman](a.md), *miring* dan **tebal**, `kode` & \"kutip\".\n\n" * 300) + "| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert find_overload(text, BodyLimits()) is None


def test_fenced_code_is_not_counted():
    code = "```\n" + "[" * 5000 + "\n" + "*" * 99 + "\n```\n"
    assert find_overload("Isi.\n\n" + code.replace("[" * 5000, "[x] " * 2000), BodyLimits()) is None


@pytest.mark.parametrize(("text", "line", "setting"), [
    ("a\n\nb " + "[" * 101, 3, "batas.deret"),
    ("a\n\n" + "x [a](b) " * 600 + "\n" + "[c] " * 401, 3, "batas.tautan_per_blok"),
    ("a\n\n" + "|a" * 201, 3, "batas.kolom_tabel"),
    ("a\n" + "".join("    " * i + "- b\n" for i in range(40)), 35, "batas.kedalaman"),
    ("".join(f"*[A{i}]: x\n" for i in range(301)), 301, "batas.singkatan"),
])
def test_an_overload_names_the_line_where_it_starts_and_the_setting(text: str, line: int, setting: str):
    overload = find_overload(text, BodyLimits())
    assert overload is not None
    assert (overload.line, setting in overload.message) == (line, True)


def test_strict_limits_name_their_own_setting():
    overload = find_overload("[" * 60, STRICT_LIMITS)
    assert overload is not None and "batas_teks_luar.deret" in overload.message
    assert find_overload("[" * 60, BodyLimits()) is None


def test_settings_override_only_what_they_name():
    limits = limits_from_settings({"deret": 5, "blok": None, "waktu_detik": 0.5}, BodyLimits())
    assert (limits.run, limits.blocks, limits.seconds, limits.table_columns) == (5, BodyLimits().blocks, 0.5, BodyLimits().table_columns)


def test_suspect_line_is_the_line_with_most_markup():
    assert suspect_line("biasa\n\n[a[b[c\n*a*\n") == 3
    assert suspect_line("") == 1


def test_time_limit_stops_a_python_loop():
    started = time.monotonic()
    with pytest.raises(Stop):
        with time_limit(0.2, Stop):
            while time.monotonic() - started < 30:  # the guard against a broken watchdog
                pass


def test_time_limit_never_fires_after_its_block():
    with time_limit(0.05, Stop):
        pass
    time.sleep(0.2)
    total = sum(range(100_000))  # would be interrupted here if the stop leaked out
    assert total == 4999950000


def test_time_limits_in_several_threads_stop_only_the_slow_one():
    outcome: dict[str, str] = {}

    def work(name: str, seconds: float) -> None:
        try:
            with time_limit(0.3, Stop):
                end = time.monotonic() + seconds
                while time.monotonic() < end:
                    pass
            outcome[name] = "finished"
        except Stop:
            outcome[name] = "stopped"

    threads = [threading.Thread(target=work, args=("quick", 0.01)), threading.Thread(target=work, args=("slow", 30))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert outcome == {"quick": "finished", "slow": "stopped"}


def test_a_layout_looping_over_a_huge_range_names_its_line(tmp_path: Path):
    from sitemaker import make_site
    import subprocess
    import sys

    site = make_site(tmp_path, {
        "content/tentang.md": "---\njudul: T\nlayout: lambat.html\n---\nIsi.\n",
        "content/_site.yml": "judul: Uji\nbatas:\n  waktu_layout_detik: 1\n",
        "layouts/lambat.html": "{% extends 'page.html' %}\n{% block content %}\n{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}\n{% endblock %}\n",
        "layouts/besar.html": "{% extends 'page.html' %}\n{% block content %}\n\n{% for i in range(10**9) %}{{ i }}{% endfor %}\n{% endblock %}\n",
    })
    build_py = Path(__file__).resolve().parent.parent / "build.py"
    result = subprocess.run([sys.executable, str(build_py), "--source", str(site), "check"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith("layouts/lambat.html:3: this layout takes too long to render (over 1 s) while rendering tentang/index.html; ")
    (site / "content/tentang.md").write_text("---\njudul: T\nlayout: besar.html\n---\nIsi.\n")
    result = subprocess.run([sys.executable, str(build_py), "--source", str(site), "check"], capture_output=True, text=True, timeout=60)
    assert result.stderr.splitlines()[0].startswith(
        "layouts/besar.html:4: range(1000000000) has 1000000000 items, more than a layout may loop over (100000) while rendering tentang/index.html")
