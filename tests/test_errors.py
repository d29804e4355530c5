"""Errors and warnings as the user reads them (errors.py)."""
from __future__ import annotations

import errno

from prosiding.errors import describe_os_error, summarise_warnings


def removed(path: str) -> str:
    return f"page removed since the last build: {path} (links and citations to it now break)"


def test_many_warnings_of_one_kind_are_one_line_with_count_and_examples():
    warnings = ["content/a.md:3: 'Sri Widart' is a new person", *[removed(f"p{i:03}/index.html") for i in range(300)]]
    assert summarise_warnings(warnings) == [
        "content/a.md:3: 'Sri Widart' is a new person",
        "300 pages removed since the last build, e.g. p000/index.html, p001/index.html, p002/index.html; links and citations to them now break",
    ]


def test_a_few_warnings_of_one_kind_are_shown_one_by_one():
    warnings = [removed("a/index.html"), removed("b/index.html")]
    assert summarise_warnings(warnings) == warnings


def test_many_near_duplicate_names_are_one_line():
    warnings = [f"content/seminar/x/p{i}.md:3: 'Sri Widart{i}' is a new person; did you mean 'Sri Widarti' (orang/sri-widarti)?" for i in range(5)]
    assert summarise_warnings(warnings) == [
        "5 names are new but one letter or so away from a known name, e.g. 'Sri Widart0' (content/seminar/x/p0.md:3), "
        "'Sri Widart1' (content/seminar/x/p1.md:3), 'Sri Widart2' (content/seminar/x/p2.md:3); check them for typos"]


def test_os_errors_name_the_path_and_what_to_do():
    error = OSError(errno.ENOSPC, "No space left on device", "/media/usb/x.zip")
    assert describe_os_error(error, "write the archive") == (
        "could not write the archive /media/usb/x.zip: the disk is full; free some space on it (or choose another disk) and try again")
    assert describe_os_error(OSError(12345, "Odd failure"), "use", "/x") == "could not use /x: Odd failure; try again, or run with --debug for details"
