#!/usr/bin/env python3
"""Screenshots of every page kind, for a person reviewing the theme.

    python scripts/screenshots.py                       # builds the site in . and writes screenshots/
    python scripts/screenshots.py --source SITE --dest DIR --widths 320 390 1280

Builds the site, then opens one page of each kind from file:// in headless Chromium (Playwright;
Debian's /usr/bin/chromium or PROSIDING_CHROMIUM) at each width, in the light and the dark colour
scheme, and saves full-page PNGs named <kind>-<width>-<scheme>.png. Nothing is compared: the
pictures are for eyes. Requests that leave file:// are blocked, as for a reader offline.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]

# Page kind → how to find one page of it in the output (first match in sorted order).
KINDS = {
    "home": lambda p: p == "index.html",
    "seminar": lambda p: p.startswith("seminar/") and p.count("/") == 2,
    "presentation": lambda p: p.startswith("seminar/") and p.count("/") == 3 and "/buku/" not in p,
    "volume": lambda p: p.startswith("seminar/") and p.endswith("/buku/index.html"),
    "news": lambda p: p.startswith("berita/") and p.count("/") == 2 and not p.startswith(("berita/kategori/", "berita/halaman/")),
    "news-list": lambda p: p == "berita/index.html",
    "person": lambda p: p.startswith("orang/") and p.count("/") == 2,
    "people": lambda p: p == "orang/index.html",
    "institution": lambda p: p.startswith("instansi/") and p.count("/") == 2,
    "institutions": lambda p: p == "instansi/index.html",
    "tag": lambda p: p.startswith("tag/") and p.count("/") == 2,
    "tags": lambda p: p == "tag/index.html",
    "archive": lambda p: p == "arsip/index.html",
    "year": lambda p: p.startswith("arsip/") and p.count("/") == 2,
    "search": lambda p: p == "cari/index.html",
    "not-found": lambda p: p == "404.html",
}


def pages_by_kind(output: Path) -> dict[str, Path]:
    paths = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))
    found = {}
    for kind, matches in KINDS.items():
        match = next((p for p in paths if matches(p)), None)
        if match:
            found[kind] = output / match
    return found


def take_screenshots(output: Path, dest: Path, widths: list[int], height: int = 844) -> list[Path]:
    from playwright.sync_api import sync_playwright

    dest.mkdir(parents=True, exist_ok=True)
    written = []
    executable = os.environ.get("PROSIDING_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for scheme in ("light", "dark"):
                for width in widths:
                    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
                    page = context.new_page()
                    for kind, path in pages_by_kind(output).items():
                        page.goto(path.resolve().as_uri())
                        target = dest / f"{kind}-{width}-{scheme}.png"
                        page.screenshot(path=str(target), full_page=True)
                        written.append(target)
                    context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=Path("."), help="the site folder (default: .)")
    parser.add_argument("--dest", type=Path, default=Path("screenshots"), help="folder for the PNGs (default: screenshots/)")
    parser.add_argument("--widths", type=int, nargs="+", default=[390, 1280], help="viewport widths (default: 390 1280)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from prosiding.pipeline import Project, build

    project = Project.at(args.source)
    build(project)
    written = take_screenshots(project.output, args.dest, args.widths)
    print(f"{len(written)} screenshots in {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
