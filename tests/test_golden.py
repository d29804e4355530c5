"""Golden build of the bundled 2014 Wonosobo proceedings (content/): the facts a reader must find,
reached from index.html by following links only, and byte-identical output on every build."""
from __future__ import annotations

import posixpath
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from prosiding.pipeline import Project, build
from sitemaker import facts, text_of, texts

REPO = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_bundled(output: Path) -> dict[str, bytes]:
    build(Project.at(REPO, output))
    return snapshot(output)


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> dict[str, bytes]:
    return build_bundled(tmp_path_factory.mktemp("golden") / "output")


@pytest.fixture(scope="module")
def reachable(output) -> dict[str, lxml.html.HtmlElement]:
    """Every HTML page a reader reaches from index.html by following links (and the search form)."""
    found: dict[str, lxml.html.HtmlElement] = {}
    queue = deque(["index.html"])
    while queue:
        path = queue.popleft()
        if path in found:
            continue
        assert path in output, f"a link leads to {path}, which was not built"
        found[path] = doc = lxml.html.document_fromstring(output[path])
        for target in doc.xpath("//a/@href | //form/@action"):
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            next_path = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path)))
            if next_path.endswith(".html") and next_path not in found:
                queue.append(next_path)
    return found


def by_heading(reachable) -> dict[str, tuple[str, lxml.html.HtmlElement]]:
    """Pages by their title; a seminar's printable volume repeats the seminar's, so it is left out."""
    return {text_of(doc.xpath("//h1")[0]): (path, doc) for path, doc in reachable.items()
            if doc.xpath("//h1") and "kind-volume" not in doc.xpath("string(//body/@class)")}


def group_page(reachable, group: str) -> lxml.html.HtmlElement:
    (doc,) = [d for d in reachable.values() if "kind-presentation" in (d.xpath("//body/@class") or [""])[0] and facts(d).get("Kelompok") == group]
    return doc


def test_the_seminar_and_its_news_are_reachable_from_the_home_page(reachable):
    headings = by_heading(reachable)
    assert "Seminar Paparan Hasil Studi Lapangan Peserta Diklatpim" in headings
    assert "Kinerja Pelayanan Publik Pemkab Wonosobo Dinilai Inovatif" in headings
    seminar = headings["Seminar Paparan Hasil Studi Lapangan Peserta Diklatpim"][1]
    assert facts(seminar)["Tanggal"] == "Kamis, 2 Oktober 2014"
    assert facts(seminar)["Tempat"] == "Hotel Surya Asia, Wonosobo"


@pytest.mark.parametrize("name", ["Sri Widarti", "Drs Tri Antoro MSi", "Didik Wibawanto SSos MM", "Agus Budi Purwanto"])
def test_people_pages_are_reachable(reachable, name):
    path, doc = by_heading(reachable)[name]
    assert path.startswith("orang/")
    assert doc.xpath("//ul[@class='roles']/li"), f"{name} has no roles listed"


@pytest.mark.parametrize(
    "heading", ["Bagian Humas Setda Kabupaten Wonosobo (Bagian Humas Setda)", "KPPT Kabupaten Wonosobo (KPPT)"]
)
def test_institution_pages_are_reachable_and_name_their_head(reachable, heading):
    path, doc = by_heading(reachable)[heading]
    assert path.startswith("instansi/")
    assert texts(doc, "//section[@aria-labelledby='pimpinan']//li/a[1]")[0] in {"Drs Tri Antoro MSi", "Didik Wibawanto SSos MM"}


def test_tri_antoro_is_one_person(reachable):
    people = [path for path in reachable if path.startswith("orang/") and path != "orang/index.html"]
    assert sum("antoro" in path for path in people) == 1


def test_both_group_pages_are_reachable(reachable):
    assert group_page(reachable, "Nusa") is not None
    assert group_page(reachable, "Bangsa") is not None


def test_nusa_page_shows_its_leader_sri_widarti(reachable):
    nusa = group_page(reachable, "Nusa")
    assert facts(nusa)["Ketua kelompok"] == "Sri Widarti"
    assert texts(nusa, "//h1") == ["Kehumasan yang Sesuai SOP dan Dekat dengan Warga"]


@pytest.mark.parametrize(("group", "institution"), [("Nusa", "Bagian Humas Setda Kabupaten Wonosobo"), ("Bangsa", "KPPT Kabupaten Wonosobo")])
def test_group_pages_show_their_institution_and_findings(reachable, group, institution):
    doc = group_page(reachable, group)
    assert facts(doc)["Instansi yang dikunjungi"] == institution
    (findings,) = doc.xpath("//div[contains(@class,'prose')]/h2[normalize-space()='Temuan']")
    items = findings.xpath("following-sibling::*[1][self::ul]/li")
    assert len(items) >= 2


def test_every_page_is_reachable_from_the_home_page(output, reachable):
    pages = {p for p in output if p.endswith(".html")} - {"404.html"}  # a web host shows it for missing addresses
    assert pages - set(reachable) == set()


def test_every_page_is_indonesian(reachable):
    assert {doc.get("lang") for doc in reachable.values()} == {"id"}


def test_two_builds_are_byte_identical(output, tmp_path):
    again = build_bundled(tmp_path / "again")
    assert sorted(again) == sorted(output)
    different = [path for path in output if output[path] != again[path]]
    assert different == []
