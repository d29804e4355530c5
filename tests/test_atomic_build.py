"""A build either replaces the whole output or leaves it exactly as it was, and is reproducible.

write.py's own tests cover staging, swapping and recovery with hand-made file sets; these run the
real command line on real sites: a build killed with SIGKILL while it writes, a build failing
while it writes, and two clean builds compared file by file. (Every bad-input case of
test_bad_input.py also asserts that its failed build left output/ byte-identical.)
"""
from __future__ import annotations

import ast
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prosiding import pipeline
from prosiding.cli import EXIT_CONTENT_ERROR, main
from prosiding.write import MARKER_NAME, lock_path, old_output_path, staging_path
from sitemaker import build_files, make_site

REPO = Path(__file__).resolve().parent.parent
SEMINAR = "---\njudul: Seminar X\ntanggal: 2014-10-02\n---\nIsi.\n"
SMALL_SITE = {
    "content/seminar/2014-x/index.md": SEMINAR,
    "content/seminar/2014-x/nusa.md": "---\njudul: Kelompok Nusa\nlampiran:\n  - berkas: nusa.pdf\n---\nIsi.\n",
    "content/seminar/2014-x/nusa.pdf": b"%PDF-1.4 nusa\n",
    "content/tentang.md": "---\njudul: Tentang\n---\nTentang.\n",
}
#: Generous upper bound for one build of the test sites on a slow, busy CI machine; only ever
#: reached when something hangs, never a performance threshold.
HANG_LIMIT_SECONDS = 300


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
        for p in sorted(folder.rglob("*"))
    }


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cli_command(*argv: str) -> list[str]:
    """The command line an author runs, as a separate process (so it can be killed)."""
    return [sys.executable, "-c", "import sys; from prosiding.cli import main; sys.exit(main(sys.argv[1:]))", *argv]


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SOURCE_DATE_EPOCH", "PYTHONHASHSEED", "TZ"}}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def build_in_process(site: Path, capsys, *argv: str) -> int:
    code = main(["--source", str(site), "build", *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code


# --- killed and failed builds -------------------------------------------------------------------


def add_many_talks(site: Path, count: int, attachment_bytes: int) -> None:
    """Enough new pages and never-seen attachments that writing the output takes a moment."""
    folder = site / "content" / "seminar" / "2014-x"
    for number in range(count):
        name = f"paparan-{number:04d}"
        (folder / f"{name}.md").write_text(
            f"---\njudul: Paparan {number}\nketua: Peserta {number}\nlampiran:\n  - berkas: {name}.pdf\n---\nIsi paparan {number}.\n",
            encoding="utf-8",
        )
        (folder / f"{name}.pdf").write_bytes(number.to_bytes(4, "big") * (attachment_bytes // 4))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_a_build_killed_while_writing_leaves_the_previous_output_and_the_next_build_succeeds(tmp_path: Path, capsys):
    site = make_site(tmp_path, SMALL_SITE)
    output = site / "output"
    assert build_in_process(site, capsys) == 0
    before = hashes(output)
    add_many_talks(site, count=200, attachment_bytes=100_000)

    process = subprocess.Popen(
        cli_command("--source", str(site), "build"), env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path
    )
    staging = staging_path(output.resolve())
    deadline = time.monotonic() + HANG_LIMIT_SECONDS
    try:
        while not staging.exists():  # the build has rendered everything and begun writing
            assert process.poll() is None, f"the build ended before it was killed: {process.communicate()}"
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.001)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.communicate()
    assert process.returncode == -signal.SIGKILL

    assert hashes(output) == before, "a killed build changed the output"
    assert staging.exists(), "the kill came after the swap; the test proved nothing (make the site larger)"

    # The next build cleans up the half-written staging folder and the dead process's lock.
    assert build_in_process(site, capsys) == 0
    expected = build_files(site)  # as `check` makes them: the same pages, but PDFs are not printed
    printed = {path: data for path, data in snapshot(output).items() if path.endswith(".pdf") and "/buku/" in path}  # volumes
    assert sorted(printed) == sorted(p for p in expected if p.endswith(".pdf") and "/buku/" in p) and all(d.startswith(b"%PDF") for d in printed.values())
    assert snapshot(output) == {MARKER_NAME: snapshot(output)[MARKER_NAME], **expected, **printed}
    assert not staging.exists() and not old_output_path(output.resolve()).exists() and not lock_path(output.resolve()).exists()


def test_a_build_failing_while_writing_leaves_the_previous_output(tmp_path: Path, capsys, monkeypatch):
    """An attachment that vanishes after the build has planned to copy it fails the write, cleanly."""
    site = make_site(tmp_path, SMALL_SITE)
    assert build_in_process(site, capsys) == 0
    before = hashes(site / "output")
    (site / "content" / "tentang.md").write_text("---\njudul: Tentang (baru)\n---\nBaru.\n", encoding="utf-8")
    real_commit = pipeline.commit_output

    def commit_after_the_attachment_vanished(*args, **kwargs):
        (site / "content" / "seminar" / "2014-x" / "nusa.pdf").unlink()
        return real_commit(*args, **kwargs)

    monkeypatch.setattr(pipeline, "commit_output", commit_after_the_attachment_vanished)
    code = main(["--source", str(site), "build"])
    err = capsys.readouterr().err
    assert code == EXIT_CONTENT_ERROR
    assert "Traceback" not in err
    attachment = site / "content" / "seminar" / "2014-x" / "nusa.pdf"
    assert err.splitlines()[0] == f"could not copy into the new output {attachment}: no such file or folder; check the path; a folder on the way may be missing or was just moved"
    assert err.splitlines()[-1].endswith("the output folder was not changed.")
    assert hashes(site / "output") == before
    assert sorted(p.name for p in site.iterdir()) == [".prosiding-cache", "content", "output"]  # no staging folder, no lock left


def test_a_failed_build_after_a_killed_one_still_leaves_the_old_output(tmp_path: Path, capsys):
    """Leftovers of an interrupted build (staging folder, stale lock) never leak into the output."""
    site = make_site(tmp_path, SMALL_SITE)
    output = (site / "output").resolve()
    assert build_in_process(site, capsys) == 0
    before = hashes(output)
    staging = staging_path(output)
    shutil.copytree(output, staging)  # as a killed build leaves it: marked, half full
    (staging / "tentang" / "index.html").write_bytes(b"half written")
    lock_path(output).write_text("999999999\n", encoding="ascii")  # a PID nobody has
    (site / "content" / "tentang.md").write_text("---\njudul: Tentang\ntangal: 2014\n---\n", encoding="utf-8")
    assert build_in_process(site, capsys) == EXIT_CONTENT_ERROR
    assert hashes(output) == before


# --- determinism --------------------------------------------------------------------------------


def copy_example_site(destination: Path) -> Path:
    """The bundled proceedings (content/ of this repository) in a fresh folder."""
    shutil.copytree(REPO / "content", destination / "content")
    return destination


def test_two_clean_builds_are_identical_file_by_file(tmp_path: Path):
    """Different folders, hash seeds, time zones, build times and file times: the same bytes."""
    first = copy_example_site(tmp_path / "a" / "situs")
    second = copy_example_site(tmp_path / "b" / "folder lain")
    for path in (second / "content").rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))  # file times must not reach the output
    runs = [
        (first, child_env(PYTHONHASHSEED="1", TZ="UTC")),
        (second, child_env(PYTHONHASHSEED="2", TZ="Asia/Jakarta", SOURCE_DATE_EPOCH="1412208000")),
    ]
    for site, env in runs:
        result = subprocess.run(cli_command("--source", str(site), "build"), env=env, capture_output=True, text=True, cwd=site.parent, timeout=HANG_LIMIT_SECONDS)
        assert result.returncode == 0, result.stderr
    first_files, second_files = snapshot(first / "output"), snapshot(second / "output")
    assert sorted(first_files) == sorted(second_files)
    different = [path for path in first_files if first_files[path] != second_files[path]]
    # SOURCE_DATE_EPOCH is the one date a file may carry: the volume PDFs' creation date, and nothing else.
    volumes = [path for path in different if path.endswith(".pdf") and "/buku/" in path]
    assert different == volumes
    from pypdf import PdfReader

    for path in volumes:
        plain, dated = PdfReader(first / "output" / path), PdfReader(second / "output" / path)
        assert plain.metadata.creation_date is None and dated.metadata.creation_date.isoformat() == "2014-10-02T00:00:00+00:00"
        assert [p.extract_text() for p in plain.pages] == [p.extract_text() for p in dated.pages]
    assert len([p for p in first_files if p.endswith(".html")]) > 10  # the comparison covered a real site


def test_an_incremental_build_equals_a_clean_build(tmp_path: Path, capsys):
    site = copy_example_site(tmp_path / "situs")
    assert build_in_process(site, capsys) == 0
    talk = site / "content" / "seminar" / "2014-benchmarking-to-best-practice" / "nusa.md"
    talk.write_text(talk.read_text(encoding="utf-8").replace("Kelompok Nusa mempelajari", "Kelompok Nusa meneliti"), encoding="utf-8")
    assert build_in_process(site, capsys) == 0
    clean = copy_example_site(tmp_path / "bersih")
    shutil.copy2(talk, clean / talk.relative_to(site))
    assert build_in_process(clean, capsys) == 0
    assert snapshot(site / "output") == snapshot(clean / "output")


# Wall-clock reads and where they are allowed: neither place reaches a built page.
DATE_CLOCKS = {"today", "now", "utcnow"}  # date.today(), datetime.now(), ...
TIME_CLOCKS = {"time", "time_ns", "localtime", "gmtime", "ctime", "asctime", "strftime"}  # time.time(), ...
ALLOWED_CLOCK_READS = {
    ("cli.py", "_build_date"),  # the archive's file name, and only when SOURCE_DATE_EPOCH is unset
    ("scaffold.py", "create"),  # `new` pre-fills today's date in the file it creates for the author
    ("manifest.py", "build_manifest"),  # when the cache's stat manifest was taken (racy-file check); never in output
}


class _ClockReads(ast.NodeVisitor):
    """(module, innermost function) of every call that reads the wall clock."""

    def __init__(self, module: str):
        self.module, self.functions, self.found = module, ["<module>"], set()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Attribute):
            owner = ast.unparse(node.func.value)
            if (owner.split(".")[-1] in {"date", "datetime"} and node.func.attr in DATE_CLOCKS) or (owner == "time" and node.func.attr in TIME_CLOCKS):
                self.found.add((self.module, self.functions[-1]))
        self.generic_visit(node)


def test_source_date_epoch_is_the_only_clock_a_build_reads():
    found: set[tuple[str, str]] = set()
    for module in sorted((REPO / "prosiding").glob("*.py")):
        visitor = _ClockReads(module.name)
        visitor.visit(ast.parse(module.read_text(encoding="utf-8")))
        found |= visitor.found
    assert found <= ALLOWED_CLOCK_READS, f"clock read outside the allowed places: {sorted(found - ALLOWED_CLOCK_READS)}"
    assert ("cli.py", "_build_date") in found  # the scan does see clock reads


def test_the_archive_date_comes_from_source_date_epoch(monkeypatch):
    from prosiding.cli import _build_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1412208000")
    assert _build_date().isoformat() == "2014-10-02"
