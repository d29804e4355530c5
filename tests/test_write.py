"""write.py: what a user would notice about the output folder after good, failed and killed builds."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from prosiding import write
from prosiding.errors import ProsidingError, UsageError
from prosiding.write import (
    MARKER_NAME,
    WriteReport,
    check_output_dir,
    commit_output,
    lock_path,
    old_output_path,
    output_lock,
    recover_interrupted_swap,
    staging_path,
)

REPO_ROOT = Path(__file__).resolve().parents[1]

FIRST = {
    "index.html": b"<h1>Prosiding</h1>\r\n",
    "seminar/a/index.html": b"<p>A</p>\n",
    "seminar/b/index.html": b"<p>B</p>\n",
    "static/logo.bin": bytes(range(256)),
}


# --- helpers ------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` as POSIX path -> bytes: what a reader of the site would get."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def siblings(output: Path) -> list[str]:
    return sorted(entry.name for entry in output.parent.iterdir())


@pytest.fixture
def output(tmp_path: Path) -> Path:
    (tmp_path / "site").mkdir()
    return (tmp_path / "site" / "output").resolve()


@pytest.fixture
def built(output: Path) -> dict[str, bytes]:
    """An output folder holding FIRST; returns its snapshot."""
    commit_output(FIRST, output)
    return snapshot(output)


@pytest.fixture
def needs_hard_links(tmp_path: Path) -> None:
    probe = tmp_path / "probe"
    probe.write_bytes(b"")
    try:
        os.link(probe, tmp_path / "probe-link")
    except OSError:
        pytest.skip("this filesystem has no hard links")


class FailingMapping(Mapping[str, bytes]):
    """A mapping whose n-th value raises, as a render error part-way through would."""

    def __init__(self, files: dict[str, bytes], fail_at: int):
        self.files, self.fail_at, self.reads = files, fail_at, 0

    def __getitem__(self, key: str) -> bytes:
        self.reads += 1
        if self.reads == self.fail_at:
            raise RuntimeError("render failed")
        return self.files[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


def start_child(tmp_path: Path, body: str) -> subprocess.Popen:
    """Run `body` as a script in a separate Python that can import prosiding."""
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.Popen(
        [sys.executable, str(script)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def wait_for_line(child: subprocess.Popen, expected: str) -> None:
    """Block until the child says it reached `expected`: synchronise on output, not on time."""
    line = child.stdout.readline().strip()
    assert line == expected, f"child said {line!r}"


def kill(child: subprocess.Popen) -> None:
    """SIGKILL (TerminateProcess on Windows), then reap it so its PID is really dead."""
    child.kill()
    child.wait()
    child.stdin.close()
    child.stdout.close()


# --- good builds --------------------------------------------------------------------------


def test_first_build_writes_exactly_the_given_bytes(output: Path):
    report = commit_output(FIRST, output)

    files = snapshot(output)
    assert files.pop(MARKER_NAME) == write.MARKER_TEXT
    assert files == FIRST  # "\r\n" and every byte value survive, no newline translation
    assert report == WriteReport(added=tuple(sorted(FIRST)))
    assert siblings(output) == ["output"]  # no staging, old copy or lock left behind


def test_same_files_give_the_same_output_anywhere(tmp_path: Path):
    commit_output(FIRST, tmp_path / "one")
    commit_output(dict(reversed(FIRST.items())), tmp_path / "two")

    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_rebuild_reports_added_changed_removed_and_unchanged(output: Path, built):
    second = {
        "index.html": b"<h1>Prosiding 2</h1>\r\n",  # changed
        "seminar/a/index.html": FIRST["seminar/a/index.html"],  # unchanged
        "static/logo.bin": FIRST["static/logo.bin"],  # unchanged
        "seminar/c/index.html": b"<p>C</p>\n",  # added
        "seminar/c/slides.pdf": b"%PDF",  # added
    }

    report = commit_output(second, output)

    assert report == WriteReport(
        added=("seminar/c/index.html", "seminar/c/slides.pdf"),
        changed=("index.html",),
        removed=("seminar/b/index.html",),
        unchanged=("seminar/a/index.html", "static/logo.bin"),
    )
    assert report.removed_pages == ("seminar/b/index.html",)
    files = snapshot(output)
    del files[MARKER_NAME]
    assert files == second
    assert not (output / "seminar" / "b").exists()  # a deleted talk's folder is gone too


def test_unchanged_files_keep_their_inode(output: Path, built, needs_hard_links):
    before = (output / "static" / "logo.bin").stat().st_ino

    commit_output({**FIRST, "index.html": b"new"}, output)

    assert (output / "static" / "logo.bin").stat().st_ino == before


def test_changed_file_is_a_new_file_and_the_old_one_is_not_written_into(
    output: Path, built, tmp_path: Path, needs_hard_links
):
    held = tmp_path / "held-old-index.html"
    os.link(output / "index.html", held)  # a reader (or a backup) holding the old file

    commit_output({**FIRST, "index.html": b"<h1>changed</h1>"}, output)

    assert (output / "index.html").read_bytes() == b"<h1>changed</h1>"
    assert held.read_bytes() == FIRST["index.html"]
    assert (output / "index.html").stat().st_ino != held.stat().st_ino


def test_without_hard_links_unchanged_files_are_copied(
    output: Path, built, tmp_path: Path, monkeypatch, needs_hard_links
):
    held = tmp_path / "held-logo.bin"
    os.link(output / "static" / "logo.bin", held)

    def no_links(source, target, **kwargs):
        raise OSError(1, "Operation not permitted (like on a FAT stick)")

    monkeypatch.setattr(os, "link", no_links)
    report = commit_output({**FIRST, "index.html": b"new"}, output)

    assert report.unchanged == ("seminar/a/index.html", "seminar/b/index.html", "static/logo.bin")
    assert (output / "static" / "logo.bin").read_bytes() == FIRST["static/logo.bin"]
    assert (output / "static" / "logo.bin").stat().st_ino != held.stat().st_ino
    assert held.read_bytes() == FIRST["static/logo.bin"]


def test_files_a_user_dropped_into_the_output_are_removed_and_reported(output: Path, built):
    (output / "notes.txt").write_text("mine")

    report = commit_output(FIRST, output)

    assert report.removed == ("notes.txt",)
    assert not (output / "notes.txt").exists()


# --- failed and interrupted builds --------------------------------------------------------


def test_error_while_staging_leaves_the_previous_output_unchanged(output: Path, built):
    changed = {path: data + b"!" for path, data in FIRST.items()}

    with pytest.raises(RuntimeError, match="render failed"):
        commit_output(FailingMapping(changed, fail_at=3), output)

    assert snapshot(output) == built
    assert siblings(output) == ["output"]


def test_error_while_listing_the_files_leaves_the_previous_output_unchanged(output: Path, built):
    class BrokenListing(FailingMapping):
        def __iter__(self):
            yield "index.html"
            raise RuntimeError("plan failed")

    with pytest.raises(RuntimeError, match="plan failed"):
        commit_output(BrokenListing(FIRST, fail_at=0), output)

    assert snapshot(output) == built
    assert siblings(output) == ["output"]


def test_wrong_value_type_leaves_the_previous_output_unchanged(output: Path, built):
    with pytest.raises(TypeError, match="'index.html': expected bytes, got str"):
        commit_output({**FIRST, "index.html": "<h1>text</h1>"}, output)

    assert snapshot(output) == built


def test_ctrl_c_at_the_first_rename_leaves_the_previous_output_unchanged(
    output: Path, built, monkeypatch
):
    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        commit_output({"index.html": b"new"}, output)
    monkeypatch.undo()

    assert snapshot(output) == built
    assert siblings(output) == ["output"]


def test_ctrl_c_at_the_second_rename_puts_the_previous_output_back(
    output: Path, built, monkeypatch
):
    real_replace = os.replace

    def interrupted_when_staging_moves_in(source, target):
        if Path(source) == staging_path(output):
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", interrupted_when_staging_moves_in)
    with pytest.raises(KeyboardInterrupt):
        commit_output({"index.html": b"new"}, output)
    monkeypatch.undo()

    assert snapshot(output) == built
    assert siblings(output) == ["output"]


def test_kill_while_staging_leaves_the_previous_output_unchanged(output: Path, built, tmp_path):
    child = start_child(
        tmp_path,
        f"""
        import sys
        from collections.abc import Mapping
        from prosiding.write import commit_output

        class SlowSite(Mapping):
            '''Many pages; half-way it tells the parent and waits to be killed.'''
            def __getitem__(self, key):
                if key == "page-050.html":
                    print("staging", flush=True)
                    sys.stdin.read()
                return key.encode() * 1000
            def __iter__(self):
                return (f"page-{{n:03}}.html" for n in range(100))
            def __len__(self):
                return 100

        commit_output(SlowSite(), {str(output)!r})
        """,
    )
    wait_for_line(child, "staging")
    assert (staging_path(output) / "page-049.html").exists()  # really part-way through

    kill(child)

    assert snapshot(output) == built  # untouched, without any recovery
    report = commit_output(FIRST, output)  # the next build cleans up and takes the stale lock
    assert report.unchanged == tuple(sorted(FIRST))
    assert siblings(output) == ["output"]


def test_kill_between_the_two_renames_is_recovered_at_the_next_start(
    output: Path, built, tmp_path
):
    child = start_child(
        tmp_path,
        f"""
        import os, sys
        from pathlib import Path
        from prosiding.write import commit_output, staging_path

        output = Path({str(output)!r})
        real_replace = os.replace

        def replace(source, target):
            if Path(source) == staging_path(output):
                print("between renames", flush=True)
                sys.stdin.read()
            real_replace(source, target)

        os.replace = replace
        commit_output({{"index.html": b"new"}}, output)
        """,
    )
    wait_for_line(child, "between renames")

    kill(child)

    assert not output.exists()  # the window the next start must repair
    assert old_output_path(output).is_dir()
    recover_interrupted_swap(output)
    assert snapshot(output) == built
    assert siblings(output) == ["output"]


def test_kill_after_the_swap_leaves_the_new_output_and_cleans_up(output: Path, built):
    # As if killed while deleting the old copy: new output in place, old one half-deleted.
    old = old_output_path(output)
    output.rename(old)
    commit_output({"index.html": b"new"}, output.with_name("fresh"))
    output.with_name("fresh").rename(output)
    (old / "index.html").unlink()

    recover_interrupted_swap(output)

    assert (output / "index.html").read_bytes() == b"new"
    assert siblings(output) == ["output"]


# --- paths --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_path, message",
    [
        ("/etc/passwd", "'/etc/passwd' is absolute (paths are relative to the site root)"),
        ("../escape.html", "'../escape.html' contains '.' or '..'"),
        ("a/../../b.html", "'a/../../b.html' contains '.' or '..'"),
        ("a\\b.html", "'a\\\\b.html' contains a backslash (use '/')"),
        ("a//b.html", "'a//b.html' has an empty part ('//' or a trailing '/')"),
        ("seminar/", "'seminar/' has an empty part ('//' or a trailing '/')"),
        ("", "'' is empty"),
        ("sesi/con.html", "'sesi/con.html' uses 'con.html', a reserved device name on Windows"),
        ("LPT1/index.html", "'LPT1/index.html' uses 'LPT1', a reserved device name on Windows"),
        ("what?.html", "'what?.html' contains '?', not allowed in Windows file names"),
        ("c:/x.html", "'c:/x.html' contains ':', not allowed in Windows file names"),
        ("dots./x.html", "'dots./x.html' has a name ending in '.' or ' ', which Windows drops"),
        (MARKER_NAME, f"'{MARKER_NAME}' is reserved for prosiding's marker file"),
    ],
)
def test_unsafe_or_unportable_paths_are_refused_before_writing(
    output: Path, bad_path: str, message: str
):
    with pytest.raises(ProsidingError) as caught:
        commit_output({"index.html": b"ok", bad_path: b"x"}, output)

    assert str(caught.value) == f"cannot write the output:\n  {message}"
    assert not output.exists()
    assert not (output.parent.parent / "escape.html").exists()


@pytest.mark.parametrize(
    "paths, message",
    [
        (
            ["seminar/Index.html", "seminar/index.html"],
            "'seminar/Index.html' and 'seminar/index.html' differ only in letter case, "
            "which Windows and macOS treat as the same name",
        ),
        (
            ["Sesi-1/a.html", "sesi-1/b.html"],
            "'Sesi-1' and 'sesi-1' differ only in letter case, which Windows and macOS treat "
            "as the same name (folders of 'Sesi-1/a.html' and 'sesi-1/b.html')",
        ),
        (
            ["caf\u00e9.html", "cafe\u0301.html"],
            "'cafe\\u0301.html' and 'caf\\xe9.html' are one name in two Unicode forms "
            "(NFC and NFD), which macOS treats as the same name",
        ),
        (
            ["talk", "talk/index.html"],
            "'talk' and 'talk/index.html' would make 'talk' both a file and a folder",
        ),
    ],
)
def test_paths_that_would_collide_on_windows_or_macos_are_refused(
    output: Path, built, paths: list[str], message: str
):
    with pytest.raises(ProsidingError) as caught:
        commit_output({path: b"x" for path in paths}, output)

    assert str(caught.value) == f"cannot write the output:\n  {message}"
    assert snapshot(output) == built


def test_every_bad_path_is_listed_at_once(output: Path):
    with pytest.raises(ProsidingError) as caught:
        commit_output({"a//b": b"", "nul": b"", "ok.html": b""}, output)

    assert str(caught.value).splitlines()[1:] == [
        "  'a//b' has an empty part ('//' or a trailing '/')",
        "  'nul' uses 'nul', a reserved device name on Windows",
    ]


# --- where the output may go --------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "home" / "me" / "site"
    for folder in ("content", "layouts"):
        (site / folder).mkdir(parents=True)
    return site.resolve()


def check(output: Path, site: Path) -> None:
    check_output_dir(output, site, site / "content", site / "layouts")


@pytest.mark.parametrize(
    "choose_output, reason",
    [
        (lambda site: site, "it is {site}"),
        (lambda site: site / "content", "it is {site}/content"),
        (lambda site: site / "layouts", "it is {site}/layouts"),
        (lambda site: site.parent, "it contains {site}"),
        (lambda site: site / "content" / "out", "it is inside {site}/content"),
        (lambda site: site / "layouts" / "_static", "it is inside {site}/layouts"),
    ],
)
def test_output_may_not_be_or_hold_the_sources(site: Path, choose_output, reason: str):
    output = choose_output(site)

    with pytest.raises(UsageError) as caught:
        check(output, site)

    message = str(caught.value)
    assert message.startswith(f"refusing to use {output} as the output folder: ")
    assert reason.format(site=site).replace("/", os.sep) in message


def test_output_may_not_be_home_or_a_filesystem_root(site: Path, monkeypatch):
    home = site.parent
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))

    with pytest.raises(UsageError, match="it is your home folder"):
        check(home, site)
    with pytest.raises(UsageError, match="it contains your home folder"):
        check(home.parent, site)
    with pytest.raises(UsageError, match="it is the root of a filesystem"):
        check(Path(site.anchor), site)


def test_output_may_not_be_a_folder_prosiding_did_not_write(site: Path):
    (site / "photos").mkdir()
    (site / "photos" / "holiday.jpg").write_bytes(b"precious")

    with pytest.raises(UsageError, match=f"there is no {MARKER_NAME} in it"):
        check(site / "photos", site)
    with pytest.raises(UsageError, match="there is no"):
        commit_output({"index.html": b"x"}, site / "photos")

    assert (site / "photos" / "holiday.jpg").read_bytes() == b"precious"
    assert sorted(path.name for path in site.iterdir()) == ["content", "layouts", "photos"]


def test_missing_empty_or_previous_output_folders_are_fine(site: Path):
    check(site / "output", site)
    (site / "empty").mkdir()
    check(site / "empty", site)
    commit_output({"index.html": b"x"}, site / "output")
    check(site / "output", site)


def test_commit_refuses_protected_folders(site: Path):
    with pytest.raises(UsageError, match="it contains"):
        commit_output({"index.html": b"x"}, site.parent, protected=[site])

    assert sorted(path.name for path in site.iterdir()) == ["content", "layouts"]


def test_a_users_own_backup_beside_the_output_is_left_alone(output: Path, built):
    backup = output.with_name("output.old")
    backup.mkdir()
    (backup / "index.html").write_bytes(b"my backup")

    commit_output({"index.html": b"new"}, output)

    assert (backup / "index.html").read_bytes() == b"my backup"


def test_a_foreign_folder_with_a_staging_name_is_not_deleted(output: Path, built):
    foreign = staging_path(output)
    foreign.mkdir()
    (foreign / "thesis.tex").write_bytes(b"do not lose")

    with pytest.raises(UsageError, match="is in the way"):
        commit_output({"index.html": b"new"}, output)

    assert (foreign / "thesis.tex").read_bytes() == b"do not lose"
    assert snapshot(output) == built


# --- the lock -----------------------------------------------------------------------------


def test_a_second_build_is_refused_while_another_process_writes(output: Path, built, tmp_path):
    child = start_child(
        tmp_path,
        f"""
        import sys
        from prosiding.write import output_lock

        with output_lock({str(output)!r}):
            print("locked", flush=True)
            sys.stdin.read()
        """,
    )
    wait_for_line(child, "locked")
    try:
        with pytest.raises(ProsidingError) as caught:
            commit_output({"index.html": b"new"}, output)
        assert str(caught.value) == (
            f"another build is writing {output} (pid {child.pid}); "
            f"if no build is running, delete {lock_path(output)}"
        )
        assert snapshot(output) == built
    finally:
        child.stdin.close()  # lets the child leave its `with` block and release the lock
        child.wait()
        child.stdout.close()

    assert not lock_path(output).exists()
    commit_output({"index.html": b"new"}, output)


def test_a_lock_left_by_a_dead_process_is_taken_over(output: Path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock_path(output).write_text(f"{dead.pid}\n")

    with output_lock(output) as lock:
        assert lock.read_text() == f"{os.getpid()}\n"
    assert not lock_path(output).exists()


@pytest.mark.parametrize("left_behind", ["", "garbage", f"{os.getpid()}\n"])
def test_a_lock_nobody_can_hold_is_taken_over(output: Path, left_behind: str):
    # Empty or unreadable: killed between creating it and writing the PID. Our own PID while we
    # do not hold it: left by an earlier process that had the same PID (a restarted container).
    lock_path(output).write_text(left_behind)

    with output_lock(output) as lock:
        assert lock.read_text() == f"{os.getpid()}\n"
    assert not lock_path(output).exists()


def test_the_lock_nests_so_serve_can_hold_it_across_builds(output: Path):
    with output_lock(output):
        commit_output({"index.html": b"1"}, output)
        commit_output({"index.html": b"2"}, output)
        assert lock_path(output).read_text() == f"{os.getpid()}\n"
    assert not lock_path(output).exists()
    assert (output / "index.html").read_bytes() == b"2"


def test_breaking_a_stale_lock_never_removes_a_fresh_one(output: Path):
    # Two builds both judged pid 999999 dead; the other one already replaced the lock with its
    # own. Our break must give that lock back rather than delete it.
    lock = lock_path(output)
    lock.write_text("12345\n")

    write._break_stale_lock(lock, "999999\n")

    assert lock.read_text() == "12345\n"
    assert siblings(output) == ["output.lock"]
