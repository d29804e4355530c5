"""axe-core finds no WCAG 2.1 A/AA or best-practice violation on any page kind, light and dark, on a phone and a desktop."""
from __future__ import annotations

from pathlib import Path

import pytest

from checkers import AXE, require
from prosiding.cli import main

REPO = Path(__file__).resolve().parents[2]
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# preload: false — axe would otherwise fetch the stylesheets itself with XMLHttpRequest, which
# file:// refuses (a console error that is axe's, not the page's).


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("a11y") / "output"
    assert main(["build", "--source", str(REPO), "--output", str(output)]) == 0
    return output


def violations(offline_page, page_path: Path, axe: Path) -> list[str]:
    offline_page.open(page_path)
    offline_page.page.add_script_tag(path=str(axe))
    found = offline_page.page.evaluate(
        "rules => axe.run(document, {runOnly: rules, preload: false}).then(r => r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))",
        RULES,
    )
    return found


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_an_accessibility_violation(offline_page, site: Path, scheme: str, width: int):
    axe = require(AXE, "axe-core")
    offline_page.page.emulate_media(color_scheme=scheme)
    offline_page.page.set_viewport_size({"width": width, "height": 844})
    problems = {}
    for page_path in sorted(site.rglob("*.html")):
        found = violations(offline_page, page_path, axe)
        if found:
            problems[page_path.relative_to(site).as_posix()] = found
    assert problems == {}


def test_the_search_results_have_no_accessibility_violation(offline_page, site: Path):
    """The dropdown and the results page exist only after a search: check them open."""
    axe = require(AXE, "axe-core")
    page = offline_page.page
    run = "rules => axe.run(document, {runOnly: rules, preload: false}).then(r => r.violations.map(v => v.id))"
    offline_page.open(site / "cari" / "index.html")
    page.fill("#search-page-input", "pelayanan")
    page.wait_for_selector(".search-page__results .search-result")
    page.add_script_tag(path=str(axe))
    assert page.evaluate(run, RULES) == []
    offline_page.open(site / "index.html")  # the header's box and its dropdown, on any other page
    page.fill("#search-box-input", "humas")
    page.wait_for_selector("#search-box-panel .search-result")
    page.add_script_tag(path=str(axe))
    assert page.evaluate(run, RULES) == []
