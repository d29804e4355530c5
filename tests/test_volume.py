"""The printable volume of a seminar: an HTML page and a PDF that a reader can print, read back
with pypdf (pages, bookmarks, metadata, text, table-of-contents page numbers)."""
from __future__ import annotations

import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from pypdf import PdfReader

from prosiding import pipeline
from prosiding.cli import main
from prosiding.pipeline import Project, build
from prosiding.volume import prefix_ids

from conftest import browser_required

REPO = Path(__file__).resolve().parent.parent
SEMINAR = "seminar/2014-benchmarking-to-best-practice"
VOLUME = f"{SEMINAR}/buku/index.html"
PDF = f"{SEMINAR}/buku/2014-benchmarking-to-best-practice.pdf"

if pipeline.pdf_engine_version() is None:
    # The test extra installs WeasyPrint and .ci/run its Pango libraries: in CI these tests run.
    reason = "WeasyPrint (the optional extra prosiding[pdf]) or its Pango libraries are missing"
    if browser_required():
        pytest.fail(reason + " (PROSIDING_REQUIRE_BROWSER=1, so the PDF tests may not be skipped)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


@pytest.fixture(scope="module")
def output(bundled_output) -> Path:
    return bundled_output


def outline(reader: PdfReader) -> list[tuple[str, int, int]]:
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((item.title, depth, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def test_the_volume_pdf_has_a_cover_contents_every_presentation_and_an_index(output):
    reader = PdfReader(output / PDF)
    assert len(reader.pages) > 2  # more pages than presentations: cover, contents, seminar, two talks, index
    top = [(title, page) for title, depth, page in outline(reader) if depth == 0]
    assert [t for t, _ in top] == [
        "Seminar Paparan Hasil Studi Lapangan Peserta Diklatpim", "Daftar isi", "Tentang seminar",
        "Kehumasan yang Sesuai SOP dan Dekat dengan Warga", "Layanan Perizinan Satu Pintu yang Efektif dan Efisien",
        "Indeks orang dan instansi",
    ]
    pages = [p for _, p in top]
    assert pages == sorted(pages) and len(set(pages[2:])) == len(pages[2:])  # each part starts on a page of its own
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("Kelompok Nusa", "Kelompok Bangsa", "Sri Widarti", "Drs Tri Antoro MSi", "Bagian Humas Setda", "Hotel Surya Asia"):
        assert words in " ".join(text.split()), words


def test_the_contents_give_the_page_each_presentation_starts_on(output):
    reader = PdfReader(output / PDF)
    starts = {title: page for title, depth, page in outline(reader) if depth == 0}
    contents = " ".join(reader.pages[starts["Daftar isi"] - 1].extract_text().split())
    for title in ("Kehumasan yang Sesuai SOP dan Dekat dengan Warga", "Layanan Perizinan Satu Pintu yang Efektif dan Efisien"):
        found = re.search(re.escape(title) + r" \.*\s*(\d+)", contents)
        assert found, contents
        assert int(found.group(1)) == starts[title]


def test_the_pdf_carries_title_authors_and_language_and_is_deterministic(output, tmp_path):
    reader = PdfReader(output / PDF)
    assert reader.metadata.title == "Seminar Paparan Hasil Studi Lapangan Peserta Diklatpim: Benchmarking To Best Practice"
    assert reader.metadata.author == "Sri Widarti"
    assert reader.trailer["/Root"]["/Lang"] == "id"
    assert "/CreationDate" not in reader.metadata  # no build clock in the file
    site = tmp_path / "again"
    shutil.copytree(output.parent / "content", site / "content")
    build(Project.at(site), use_cache=False)
    assert (site / "output" / PDF).read_bytes() == (output / PDF).read_bytes()


def test_the_html_volume_has_unique_ids_and_links_back(output):
    doc = lxml.html.fromstring((output / VOLUME).read_bytes())
    ids = Counter(doc.xpath("//@id"))
    assert [i for i, n in ids.items() if n > 1] == []
    for href in doc.xpath("//a[starts-with(@href, '#')]/@href"):
        assert href[1:] in ids, href
    assert doc.xpath("//header[@class='volume-back']//a/@href") == ["../index.html", "2014-benchmarking-to-best-practice.pdf"]
    seminar = lxml.html.fromstring((output / SEMINAR / "index.html").read_bytes())
    assert seminar.xpath("//section[@class='volume-links']//a/@href") == ["buku/index.html", "buku/2014-benchmarking-to-best-practice.pdf"]


def test_the_pdf_is_in_the_zip_archive(output, tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(output.parent / "content", site / "content")
    assert main(["archive", "--source", str(site)]) == 0
    archive = next(site.glob("*.zip"), None) or next((site / "output").parent.glob("*.zip"))
    with zipfile.ZipFile(archive) as zipped:
        assert any(name.endswith(PDF) for name in zipped.namelist())


def test_without_a_pdf_engine_the_html_volume_is_built_and_one_note_says_why(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(pipeline, "pdf_engine_version", lambda: None)
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    assert main(["build", "--source", str(site)]) == 0
    err = capsys.readouterr().err
    assert err.count("WeasyPrint is not installed") == 1
    assert (site / "output" / VOLUME).is_file()
    assert not (site / "output" / PDF).exists()
    seminar = lxml.html.fromstring((site / "output" / SEMINAR / "index.html").read_bytes())
    assert seminar.xpath("//section[@class='volume-links']//a/@href") == ["buku/index.html"]


def test_buku_pdf_false_builds_the_html_volume_without_printing_and_without_a_note(tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    settings = site / "content" / "_site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "buku_pdf: false\n", encoding="utf-8")
    assert main(["build", "--source", str(site)]) == 0
    assert "WeasyPrint" not in capsys.readouterr().err
    assert (site / "output" / VOLUME).is_file()
    assert not (site / "output" / PDF).exists()
    seminar = lxml.html.fromstring((site / "output" / SEMINAR / "index.html").read_bytes())
    assert seminar.xpath("//section[@class='volume-links']//a/@href") == ["buku/index.html"]


def test_volumes_printed_by_worker_processes_are_the_bytes_printed_here(output):
    from prosiding.parallel import WorkerPool
    from prosiding.volume import SiteFiles, print_volumes

    html = (output / VOLUME).read_bytes()
    shortened = html.replace(b"Benchmarking", b"Benchmark", 1)
    volumes = [(html, VOLUME), (shortened, VOLUME)]
    files = SiteFiles({}, {str(p.relative_to(output).as_posix()): p for p in output.rglob("*.css")})
    here = print_volumes(volumes, files, None, "id", None)
    pool = WorkerPool(2)
    try:
        assert pool.print_volumes(volumes, files, None, "id", None) == here
    finally:
        pool.close()
    assert not pool.broken
    assert here[0][0] == (output / PDF).read_bytes()
    assert any(path.endswith(".css") for path in here[0][1])


def test_prefix_ids_keeps_fragment_links_pointing_at_their_headings():
    html = '<h2 id="temuan">Temuan</h2><p><a href="#temuan">lihat</a> <a href="../nusa/index.html#temuan">Nusa</a></p>'
    assert prefix_ids(html, "bangsa") == (
        '<h2 id="bangsa-temuan">Temuan</h2><p><a href="#bangsa-temuan">lihat</a> <a href="../nusa/index.html#temuan">Nusa</a></p>'
    )


def pdf_links(path: Path) -> list[str]:
    reader = PdfReader(path)
    found = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get("/S") == "/URI":
                found.append(str(action["/URI"]))
    return found


def test_links_in_the_pdf_lead_to_pages_of_the_site_offline_and_on_the_web(output, tmp_path):
    links = pdf_links(output / PDF)
    assert "../../../orang/sri-widarti/index.html" in links and "../nusa/index.html" not in links  # a sibling is a chapter of the book
    for link in links:  # relative to the PDF, which sits beside its volume page
        assert (output / PDF).parent.joinpath(*link.split("#")[0].split("/")).resolve().is_file(), link
    site = tmp_path / "web"
    shutil.copytree(output.parent / "content", site / "content")
    settings = site / "content/_site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "url_dasar: https://contoh.go.id/prosiding/\n", encoding="utf-8")
    build(Project.at(site), use_cache=False)
    web = pdf_links(site / "output" / PDF)
    assert "https://contoh.go.id/prosiding/orang/sri-widarti/index.html" in web
    assert all(link.startswith("https://contoh.go.id/prosiding/") for link in web), web


def test_a_body_link_to_another_presentation_of_the_seminar_goes_to_its_chapter():
    chapters = (("../index.html", "seminar", "pengantar", ()), ("../nusa/index.html", "nusa", "paparan-nusa", ("temuan",)))
    html = '<p><a href="../nusa/index.html#temuan">a</a> <a href="../nusa/index.html">b</a> <a href="../nusa/index.html#lain">c</a></p>'
    assert prefix_ids(html, "bangsa", chapters) == '<p><a href="#nusa-temuan">a</a> <a href="#paparan-nusa">b</a> <a href="#paparan-nusa">c</a></p>'
    # The seminar's body is written for the folder above the volume.
    assert prefix_ids('<a href="nusa/index.html">n</a><img src="foto.jpg" alt="">', "seminar", chapters, up=True) == '<a href="#paparan-nusa">n</a><img src="../foto.jpg" alt="">'
