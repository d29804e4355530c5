"""Bounds on the work one Markdown body or one layout may cost, so no input can stall a build.

Python-Markdown is quadratic (or worse) in several shapes of input that the 2 MiB size limit does
not bound: runs of `[`, unclosed `[a](` and `<a `, many entities, wide tables, thousands of
abbreviations, footnotes or paragraphs, deep nesting (which ends in a RecursionError). Two lines
of defence, both settings under `batas:` in content/_site.yml:

1. `find_overload(text, limits)`: a linear scan before conversion that refuses the shapes known
   to be slow, naming the line where the offending run or paragraph starts. Cheap enough to run on
   every page (see benchmarks/bench_budget.py).
2. `time_limit(seconds, error)`: the backstop for whatever the scan does not foresee. A watchdog
   thread raises `error` inside the converting thread once the budget is spent; Python-Markdown
   and Jinja run Python code between short C calls, so the exception lands within milliseconds.

Text that nobody on the team wrote (comments, imported posts) gets `STRICT_LIMITS`.
"""
from __future__ import annotations

import ctypes
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from functools import lru_cache


@dataclass(frozen=True)
class BodyLimits:
    """What one body may hold; each field is a `batas:` setting (see SETTING_NAMES)."""

    seconds: float = 5.0  # time to convert one body
    layout_seconds: float = 10.0  # time to render one page through its layout
    blocks: int = 5000  # paragraphs, headings, list items… separated by blank lines
    lines_per_block: int = 2000  # lines of one paragraph, list or table without a blank line
    links_per_block: int = 1000  # `[` in one paragraph
    tags_per_block: int = 1000  # `<` in one paragraph
    marks_per_block: int = 10000  # each of * _ ` & " ' and the backslash, in one paragraph
    run: int = 100  # the same one of [ * _ many times in a row
    depth: int = 32  # list indentation levels or `>` quote levels
    table_columns: int = 200  # `|` on one line
    headings: int = 1000
    abbreviations: int = 300  # `*[ABBR]: …` definitions
    footnotes: int = 500  # `[^label]: …` definitions
    setting: str = "batas"  # where in _site.yml these are set, for the error message


STRICT_LIMITS = BodyLimits(
    seconds=2.0, blocks=1000, lines_per_block=500, links_per_block=200, tags_per_block=200, marks_per_block=2000,
    run=50, depth=12, table_columns=50, headings=200, abbreviations=50, footnotes=100, setting="batas_teks_luar",
)
"""For text nobody on the team wrote: comments pulled from a server, posts imported from an old site."""

# `batas:` key in _site.yml → BodyLimits field. Keys are Indonesian, like every other setting.
SETTING_NAMES = {
    "waktu_detik": "seconds",
    "waktu_layout_detik": "layout_seconds",
    "blok": "blocks",
    "baris_per_blok": "lines_per_block",
    "tautan_per_blok": "links_per_block",
    "tag_per_blok": "tags_per_block",
    "tanda_per_blok": "marks_per_block",
    "deret": "run",
    "kedalaman": "depth",
    "kolom_tabel": "table_columns",
    "judul_bagian": "headings",
    "singkatan": "abbreviations",
    "catatan_kaki": "footnotes",
}
assert set(SETTING_NAMES.values()) == {f.name for f in fields(BodyLimits)} - {"setting"}
_KEY_OF = {value: key for key, value in SETTING_NAMES.items()}


@dataclass(frozen=True)
class Overload:
    """Why a body is refused before conversion: `line` is 1-based within the body."""

    line: int
    message: str


def limits_from_settings(settings: dict[str, float | int | None], defaults: BodyLimits) -> BodyLimits:
    """`defaults` with every setting that was given (by its Indonesian key) put in."""
    given = {SETTING_NAMES[key]: value for key, value in settings.items() if value is not None}
    return BodyLimits(**{f.name: given.get(f.name, getattr(defaults, f.name)) for f in fields(BodyLimits)})


def _over(what: str, limits: BodyLimits, field: str, advice: str) -> str:
    """`what` is too much to convert safely; the limit, the setting that raises it, what to do."""
    return f"{what}: too much to convert safely (at most {getattr(limits, field)}; {limits.setting}.{_KEY_OF[field]} in content/_site.yml); {advice}"


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]*)+")
_ABBREVIATION = re.compile(r"^[ ]{0,3}\*\[[^\]]*\][ ]?:", re.M)
_FOOTNOTE = re.compile(r"^[ ]{0,3}\[\^[^\]]*\]:", re.M)
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)|^ {0,3}(?:=+|-+)[ \t]*$", re.M)
_MARKS = ("*", "_", "`", "&", '"', "'", "\\")


@lru_cache(maxsize=8)
def _run_pattern(run: int) -> re.Pattern[str]:
    return re.compile(r"(\[|\*|_)\1{%d,}" % run)


def find_overload(text: str, limits: BodyLimits) -> Overload | None:
    """The first shape in `text` that would make conversion slow (or recurse too deeply), or None.

    One pass over the lines plus a few whole-text regex searches, all linear. Fenced code is not
    counted: Python-Markdown sets it aside before any inline processing.
    """
    run = _run_pattern(limits.run).search(text)
    if run:
        end = run.end()
        while end < len(text) and text[end] == run.group(1):
            end += 1
        char = run.group(1)
        return Overload(_line_at(text, run.start()), _over(
            f"a run of {end - run.start()} {char} in a row", limits, "run", f"shorten it, or write \\{char} for each {char} meant literally"))
    for pattern, field, what, advice in (
        (_ABBREVIATION, "abbreviations", "abbreviations defined", "keep the ones the text needs"),
        (_FOOTNOTE, "footnotes", "footnotes defined", "split the text into several pages"),
        (_HEADING, "headings", "headings", "split the text into several pages"),
    ):
        limit = getattr(limits, field)
        found = _nth_match(pattern, text, limit + 1)
        if found is not None:
            count = limit + 1 + sum(1 for _ in pattern.finditer(text, found + 1))
            return Overload(_line_at(text, found), _over(f"{count} {what}", limits, field, advice))
    return _scan_blocks(text.split("\n"), limits)


def _too_many_blocks(index: int, limits: BodyLimits) -> Overload:
    return Overload(index + 1, _over(f"more than {limits.blocks} paragraphs and other blocks up to this line", limits, "blocks", "split the text into several pages"))


def _scan_blocks(lines: list[str], limits: BodyLimits) -> Overload | None:
    blocks = 0
    block_start = -1  # index of the current block's first line, -1 between blocks
    counts = dict.fromkeys(("[", "<", *_MARKS), 0)
    fence = ""
    for index, line in enumerate(lines):
        if fence:
            if line.strip().startswith(fence):
                fence = ""
            continue
        opened = _FENCE.match(line)
        if opened:
            fence = opened.group(1)[0] * 3
            block_start = -1
            blocks += 1  # each fenced block costs Python-Markdown a pass over the whole text
            if blocks > limits.blocks:
                return _too_many_blocks(index, limits)
            continue
        if not line.strip():
            block_start = -1
            continue
        if block_start < 0:
            block_start = index
            blocks += 1
            counts = dict.fromkeys(counts, 0)
            if blocks > limits.blocks:
                return _too_many_blocks(index, limits)
        problem = _line_problem(line, index, block_start, counts, limits)
        if problem:
            return problem
    return None


def _line_problem(line: str, index: int, block_start: int, counts: dict[str, int], limits: BodyLimits) -> Overload | None:
    if index - block_start + 1 > limits.lines_per_block:
        return Overload(block_start + 1, _over(
            f"more than {limits.lines_per_block} lines in one paragraph, list or table", limits, "lines_per_block", "put blank lines between its parts"))
    if "|" in line:
        pipes = line.count("|")
        if pipes > limits.table_columns:
            return Overload(index + 1, _over(f"{pipes} | on one line (table columns)", limits, "table_columns", "split the table"))
    indent = len(line) - len(line.lstrip(" \t"))
    quote = _QUOTE_PREFIX.match(line)
    depth = max(len(line[:indent].expandtabs(4)) // 4, quote.group(0).count(">") if quote else 0)
    if depth > limits.depth:
        return Overload(index + 1, _over(f"{depth} levels of nesting (indented lists or > quotes)", limits, "depth", "flatten the list or quote"))
    for char in counts:
        if char in line:
            counts[char] += line.count(char)
    for char, field, advice in (
        ("[", "links_per_block", "split the paragraph, or write \\[ for a bracket meant literally"),
        ("<", "tags_per_block", "split the paragraph, or write &lt; for a < meant literally"),
    ):
        limit = getattr(limits, field)
        if counts[char] > limit:
            return Overload(block_start + 1, _over(f"more than {limit} {char} in one paragraph", limits, field, advice))
    for char in _MARKS:
        if counts[char] > limits.marks_per_block:
            return Overload(block_start + 1, _over(f"more than {limits.marks_per_block} {char} in one paragraph", limits, "marks_per_block", "split the paragraph"))
    return None


def _nth_match(pattern: re.Pattern[str], text: str, n: int) -> int | None:
    """Offset of the n-th match of `pattern`, or None if there are fewer."""
    for count, match in enumerate(pattern.finditer(text), start=1):
        if count == n:
            return match.start()
    return None


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def suspect_line(text: str) -> int:
    """The 1-based line most likely to blame for a slow conversion: where the line with the most
    Markdown punctuation starts (a timeout itself cannot say where the time went)."""
    best_line, best = 1, 0
    for number, line in enumerate(text.split("\n"), start=1):
        score = sum(line.count(char) for char in "[*_<&`|")
        if score > best:
            best_line, best = number, score
    return best_line


def describe_seconds(seconds: float) -> str:
    return f"{seconds:g} s"


# --- the time budget --------------------------------------------------------------------------


class _Watchdog:
    """One daemon thread per process that interrupts threads whose deadline has passed."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._active: dict[int, tuple[int, float, type[BaseException]]] = {}  # token → (thread, deadline, error)
        self._fired: set[int] = set()
        self._next_token = 0
        self._pid = -1

    def start(self, seconds: float, error: type[BaseException]) -> int:
        with self._condition:
            if self._pid != os.getpid():  # first use, or a forked child: threads do not survive fork
                self._pid = os.getpid()
                self._active.clear()
                self._fired.clear()
                threading.Thread(target=self._watch, name="prosiding-budget", daemon=True).start()
            self._next_token += 1
            token = self._next_token
            self._active[token] = (threading.get_ident(), time.monotonic() + seconds, error)
            self._condition.notify()
            return token

    def stop(self, token: int) -> None:
        with self._condition:
            thread = self._active.pop(token, (None,))[0]
            if token in self._fired:
                self._fired.discard(token)
                # Fired but maybe not yet delivered: take it back, so it cannot hit later code.
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), None)

    def _watch(self) -> None:
        with self._condition:
            while True:
                now = time.monotonic()
                waiting = [d for t, (_, d, _) in self._active.items() if t not in self._fired]
                for token, (thread, deadline, error) in list(self._active.items()):
                    if token not in self._fired and deadline <= now:
                        self._fired.add(token)
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(error))
                future = [d for d in waiting if d > now]
                self._condition.wait(timeout=min(future) - now if future else None)


_WATCHDOG = _Watchdog()


@contextmanager
def time_limit(seconds: float, error: type[BaseException]) -> Iterator[None]:
    """Raise `error` in this thread if the block runs longer than `seconds`."""
    token = _WATCHDOG.start(seconds, error)
    try:
        yield
    finally:
        _WATCHDOG.stop(token)
