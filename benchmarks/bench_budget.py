#!/usr/bin/env python3
"""Per-page cost of the work limits (budget.py) on ordinary pages, beside the conversion itself.

    python benchmarks/bench_budget.py --presentations 300

Times `find_overload` and the whole `render_body` (which includes the check and the time budget)
over the bodies of the bundled site and of the generated benchmark corpus, and prints the cost
per page and as a share of conversion. Measured here, never asserted in tests.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_prosiding_corpus  # noqa: E402

from prosiding.body import LinkTargets, render_body  # noqa: E402
from prosiding.budget import BodyLimits, find_overload  # noqa: E402
from prosiding.errors import SourceRef  # noqa: E402
from prosiding.parse import parse_markdown  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def bodies_of(content: Path) -> list[str]:
    found = []
    for path in sorted(content.rglob("*.md")):
        raw = parse_markdown(path.read_text(encoding="utf-8"), SourceRef(str(path)))
        found.append(raw.body)
    return found


def best_per_body(repeat: int, bodies: list[str], work) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for body in bodies:
            work(body)
        best = min(best, time.perf_counter() - started)
    return best / len(bodies)


def report(name: str, bodies: list[str], repeat: int) -> None:
    limits = BodyLimits()
    targets = LinkTargets({}, {})
    check = best_per_body(repeat, bodies, lambda body: find_overload(body, limits))
    render = best_per_body(repeat, bodies, lambda body: render_body(
        body, source_rel="a.md", page_url="a/index.html", ref=SourceRef("a.md"), body_line=1, targets=targets, limits=limits))
    size = sum(map(len, bodies)) / len(bodies)
    print(f"{name}: {len(bodies)} bodies, {size:.0f} chars on average; check {check * 1e6:.0f} µs/page, "
          f"render_body {render * 1e3:.2f} ms/page; the check is {100 * check / render:.1f}% of it")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presentations", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    report("bundled site", bodies_of(REPO / "content"), args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        site = make_prosiding_corpus(Path(tmp) / "corpus", args.presentations)
        report("benchmark corpus", bodies_of(site / "content"), args.repeat)


if __name__ == "__main__":
    main()
