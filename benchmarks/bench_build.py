#!/usr/bin/env python3
"""Full-build time of prosiding against Pelican and Hugo on the same generated corpus.

    python benchmarks/bench_build.py --presentations 1000 --repeat 3

Prints the best wall time of each tool and the ratio peer/prosiding (above 1: prosiding faster).
Pelican is installed with `pip install pelican`, Hugo with `apt-get install hugo`; a peer that is
missing is reported and skipped. Hugo renders its own (smaller) pages, so the ratio compares tools
building the same Markdown, not byte-identical sites.
Timings are measured here, never asserted in tests.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_hugo_corpus, make_pelican_corpus, make_prosiding_corpus  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def best_of(repeat: int, command: list[str], cwd: Path, clean: Path) -> float:
    times = []
    for _ in range(repeat):
        shutil.rmtree(clean, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presentations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = make_prosiding_corpus(work / "prosiding", args.presentations)
        ours = best_of(args.repeat, [sys.executable, str(REPO / "build.py"), "--source", str(site)], site, site / "output")
        pages = sum(1 for _ in (site / "output").rglob("*.html"))
        print(f"prosiding: {ours:.2f}s for {args.presentations} presentations ({pages} pages)")
        try:
            import pelican  # noqa: F401
        except ImportError:
            print("pelican: not installed (pip install pelican); skipped")
        else:
            peer = make_pelican_corpus(work / "pelican", args.presentations)
            theirs = best_of(args.repeat, [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output", "-q"], peer, peer / "output")
            peer_pages = sum(1 for _ in (peer / "output").rglob("*.html"))
            print(f"pelican:   {theirs:.2f}s ({peer_pages} pages)")
            print(f"ratio pelican/prosiding: {theirs / ours:.2f}")
        hugo = shutil.which("hugo")
        if hugo is None:
            print("hugo: not installed (apt-get install hugo); skipped")
        else:
            peer = make_hugo_corpus(work / "hugo", args.presentations)
            theirs = best_of(args.repeat, [hugo, "--quiet", "--destination", "public"], peer, peer / "public")
            peer_pages = sum(1 for _ in (peer / "public").rglob("*.html"))
            print(f"hugo:      {theirs:.2f}s ({peer_pages} pages)")
            print(f"ratio hugo/prosiding: {theirs / ours:.2f}")


if __name__ == "__main__":
    main()
