"""The Crossref deposit: one XML file per seminar with DOIs, only when _site.yml sets `crossref`.

Crossref's own XSD files cannot be installed from any package registry this project reaches, so
the files are validated against tests/schemas/crossref-subset.xsd: a hand-written subset of the
5.3.1 deposit schema covering what prosiding writes (see the comment at its top)."""
from __future__ import annotations

from pathlib import Path

import lxml.etree
import pytest

from sitemaker import build_errors, build_files, make_site

SCHEMA = Path(__file__).resolve().parent / "schemas" / "crossref-subset.xsd"
NS = {"c": "http://www.crossref.org/schema/5.3.1"}
DEPOSIT = "seminar/2014-seminar/crossref.xml"

SITE_YML = """\
judul: Prosiding Uji
penyelenggara: Bagian Humas Setda
url_dasar: https://prosiding.contoh.go.id/
crossref:
  prefiks_doi: "10.12345"
  penyetor:
    nama: Tim Humas
    email: humas@contoh.go.id
  pendaftar: Pemerintah Kabupaten Contoh
"""

SEMINAR = """\
---
judul: Seminar Hasil Studi Lapangan
tema: Benchmarking To Best Practice
tanggal: 2014-10-02
tanggal_selesai: 2014-10-03
tempat: Hotel Surya Asia
kota: Wonosobo
editor: [Dr Rina Astuti MSi, Drs Agus Budi Purwanto]
isbn: 978-3-16-148410-0
doi: 10.12345/prosiding.2014
---
Deskripsi seminar.
"""

NUSA = """\
---
judul: Kehumasan yang Sesuai SOP
kelompok: Nusa
ketua: Drs Sri Widarti MSi
anggota: [Budi Santoso, Wati]
urutan: 1
doi: 10.12345/prosiding.2014.1
halaman: 12-25
---
Isi.
"""

BANGSA = """\
---
judul: Pelayanan Perizinan Satu Pintu
kelompok: Bangsa
urutan: 2
doi: https://doi.org/10.12345/prosiding.2014.2
halaman: "26"
---
Isi.
"""

TANPA_DOI = """\
---
judul: Paparan Tanpa DOI
kelompok: Negara
urutan: 3
---
Isi.
"""


def deposit_site(tmp_path: Path, **changes: str | None) -> Path:
    files = {
        "content/_site.yml": SITE_YML,
        "content/seminar/2014-seminar/index.md": SEMINAR,
        "content/seminar/2014-seminar/nusa.md": NUSA,
        "content/seminar/2014-seminar/bangsa.md": BANGSA,
        "content/seminar/2014-seminar/tanpa-doi.md": TANPA_DOI,
    }
    files.update({f"content/{name}": text for name, text in changes.items()})
    return make_site(tmp_path, files)


def parse(data: bytes) -> lxml.etree._Element:
    return lxml.etree.fromstring(data)


def valid(data: bytes) -> None:
    schema = lxml.etree.XMLSchema(lxml.etree.parse(str(SCHEMA)))
    document = lxml.etree.fromstring(data)
    assert schema.validate(document), "\n".join(str(e) for e in schema.error_log)


def text(root: lxml.etree._Element, xpath: str) -> list[str]:
    return [e.text for e in root.xpath(xpath, namespaces=NS)]


@pytest.fixture
def built(tmp_path: Path) -> dict[str, bytes]:
    return build_files(deposit_site(tmp_path))


def test_the_deposit_validates_against_the_schema_subset(built):
    valid(built[DEPOSIT])


def test_the_subset_schema_refuses_elements_out_of_order(built):
    """The schema is strict enough to matter: swapping two required elements makes the file invalid."""
    root = parse(built[DEPOSIT])
    head = root.find("c:head", NS)
    head.insert(0, head.find("c:timestamp", NS))  # timestamp before doi_batch_id
    schema = lxml.etree.XMLSchema(lxml.etree.parse(str(SCHEMA)))
    assert not schema.validate(root)


def test_head_names_the_depositor_and_registrant(built):
    root = parse(built[DEPOSIT])
    assert root.get("version") == "5.3.1"
    assert text(root, "c:head/c:depositor/c:depositor_name") == ["Tim Humas"]
    assert text(root, "c:head/c:depositor/c:email_address") == ["humas@contoh.go.id"]
    assert text(root, "c:head/c:registrant") == ["Pemerintah Kabupaten Contoh"]
    batch = text(root, "c:head/c:doi_batch_id")[0]
    assert batch.startswith("2014-seminar-") and len(batch) <= 100
    assert text(root, "c:head/c:timestamp") == ["20141003000000"]  # the seminar's last day, without SOURCE_DATE_EPOCH


def test_the_conference_carries_editors_event_and_volume(built):
    conference = parse(built[DEPOSIT]).find("c:body/c:conference", NS)
    editors = conference.findall("c:contributors/c:person_name", NS)
    assert [(e.get("sequence"), e.get("contributor_role")) for e in editors] == [("first", "editor"), ("additional", "editor")]
    assert [(e.findtext("c:given_name", None, NS), e.findtext("c:surname", None, NS)) for e in editors] == [("Rina", "Astuti"), ("Agus Budi", "Purwanto")]
    assert text(conference, "c:event_metadata/c:conference_name") == ["Seminar Hasil Studi Lapangan"]
    assert text(conference, "c:event_metadata/c:conference_location") == ["Hotel Surya Asia, Wonosobo"]
    date = conference.find("c:event_metadata/c:conference_date", NS)
    assert dict(date.attrib) == {"start_day": "2", "start_month": "10", "start_year": "2014", "end_day": "3", "end_month": "10", "end_year": "2014"}
    volume = conference.find("c:proceedings_metadata", NS)
    assert volume.get("language") == "id"
    assert text(volume, "c:proceedings_title") == ["Seminar Hasil Studi Lapangan: Benchmarking To Best Practice"]
    assert text(volume, "c:publisher/c:publisher_name") == ["Bagian Humas Setda"]
    assert text(volume, "c:isbn") == ["978-3-16-148410-0"] and volume.find("c:noisbn", NS) is None
    assert text(volume, "c:doi_data/c:doi") == ["10.12345/prosiding.2014"]
    assert text(volume, "c:doi_data/c:resource") == ["https://prosiding.contoh.go.id/seminar/2014-seminar/"]


def test_one_paper_per_presentation_with_a_doi_and_the_others_are_left_out(built):
    papers = parse(built[DEPOSIT]).findall("c:body/c:conference/c:conference_paper", NS)
    assert [p.findtext("c:titles/c:title", None, NS) for p in papers] == ["Kehumasan yang Sesuai SOP", "Pelayanan Perizinan Satu Pintu"]
    assert b"Paparan Tanpa DOI" not in built[DEPOSIT]
    nusa, bangsa = papers
    assert text(nusa, "c:doi_data/c:doi") == ["10.12345/prosiding.2014.1"]
    assert text(nusa, "c:doi_data/c:resource") == ["https://prosiding.contoh.go.id/seminar/2014-seminar/nusa/"]
    assert text(nusa, "c:pages/c:first_page") + text(nusa, "c:pages/c:last_page") == ["12", "25"]
    assert text(bangsa, "c:doi_data/c:doi") == ["10.12345/prosiding.2014.2"]  # the resolver address is taken off
    assert text(bangsa, "c:pages/c:first_page") == ["26"] and bangsa.find("c:pages/c:last_page", NS) is None
    assert text(nusa, "c:publication_date/c:year") + text(nusa, "c:publication_date/c:month") + text(nusa, "c:publication_date/c:day") == ["2014", "10", "02"]


def test_authors_are_people_in_order_titles_dropped_and_a_one_word_name_is_a_surname(built):
    nusa = parse(built[DEPOSIT]).find("c:body/c:conference/c:conference_paper", NS)
    people = nusa.findall("c:contributors/c:person_name", NS)
    assert [(p.get("sequence"), p.get("contributor_role")) for p in people] == [("first", "author"), ("additional", "author"), ("additional", "author")]
    assert [(p.findtext("c:given_name", None, NS), p.findtext("c:surname", None, NS)) for p in people] == [
        ("Sri", "Widarti"), ("Budi", "Santoso"), (None, "Wati")]


def test_a_group_with_no_named_people_is_an_organization(built):
    bangsa = parse(built[DEPOSIT]).findall("c:body/c:conference/c:conference_paper", NS)[1]
    assert bangsa.find("c:contributors/c:person_name", NS) is None
    organisation = bangsa.find("c:contributors/c:organization", NS)
    assert (organisation.text, organisation.get("sequence"), organisation.get("contributor_role")) == ("Kelompok Bangsa", "first", "author")


def test_without_isbn_the_volume_says_noisbn_and_without_its_own_doi_it_has_no_doi_data(tmp_path):
    seminar = SEMINAR.replace("isbn: 978-3-16-148410-0\n", "").replace("doi: 10.12345/prosiding.2014\n", "")
    files = build_files(deposit_site(tmp_path, **{"seminar/2014-seminar/index.md": seminar}))
    valid(files[DEPOSIT])
    volume = parse(files[DEPOSIT]).find("c:body/c:conference/c:proceedings_metadata", NS)
    assert volume.find("c:noisbn", NS).get("reason") == "archive_volume"
    assert volume.find("c:doi_data", NS) is None


def test_markup_characters_in_titles_and_names_are_escaped(tmp_path):
    nusa = NUSA.replace("judul: Kehumasan yang Sesuai SOP", 'judul: "Humas & Warga <Desa>"')
    files = build_files(deposit_site(tmp_path, **{"seminar/2014-seminar/nusa.md": nusa}))
    valid(files[DEPOSIT])
    assert text(parse(files[DEPOSIT]), "c:body/c:conference/c:conference_paper/c:titles/c:title")[0] == "Humas & Warga <Desa>"


def test_the_same_content_gives_the_same_bytes(tmp_path):
    first = build_files(deposit_site(tmp_path / "a"))[DEPOSIT]
    second = build_files(deposit_site(tmp_path / "b"))[DEPOSIT]
    assert first == second


def test_source_date_epoch_sets_the_timestamp_and_leaves_the_batch_id(tmp_path, monkeypatch):
    site = deposit_site(tmp_path)
    without = parse(build_files(site)[DEPOSIT])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with_epoch = parse(build_files(site)[DEPOSIT])
    assert text(with_epoch, "c:head/c:timestamp") == ["20231114221320"]
    assert text(with_epoch, "c:head/c:doi_batch_id") == text(without, "c:head/c:doi_batch_id")


def test_a_changed_deposit_gets_a_new_batch_id(tmp_path):
    before = parse(build_files(deposit_site(tmp_path / "a"))[DEPOSIT])
    after = parse(build_files(deposit_site(tmp_path / "b", **{"seminar/2014-seminar/nusa.md": NUSA.replace("12-25", "12-26")}))[DEPOSIT])
    assert text(before, "c:head/c:doi_batch_id") != text(after, "c:head/c:doi_batch_id")


def test_without_the_setting_no_deposit_is_written(tmp_path):
    settings = SITE_YML.split("crossref:")[0]
    files = build_files(deposit_site(tmp_path, **{"_site.yml": settings}))
    assert not [path for path in files if path.endswith("crossref.xml")]
    assert "seminar/2014-seminar/index.html" in files


def test_a_seminar_without_any_doi_gets_no_deposit(tmp_path):
    seminar = SEMINAR.replace("doi: 10.12345/prosiding.2014\n", "")
    site = deposit_site(tmp_path, **{"seminar/2014-seminar/index.md": seminar, "seminar/2014-seminar/nusa.md": None,
                                     "seminar/2014-seminar/bangsa.md": None})  # None: not written
    files = build_files(site)
    assert "seminar/2014-seminar/tanpa-doi/index.html" in files
    assert DEPOSIT not in files  # a deposit registers DOIs; one with none would be refused


def test_the_deposit_is_not_linked_from_public_pages(built):
    assert not [path for path, data in built.items() if path.endswith(".html") and b"crossref.xml" in data]


@pytest.mark.parametrize("old, new, expected", [
    ('prefiks_doi: "10.12345"', 'prefiks_doi: "11.12345"',
     'content/_site.yml:5: crossref.prefiks_doi: "11.12345" is not a DOI prefix (expected 10. and 4 to 9 digits, e.g. 10.12345)'),
    ('prefiks_doi: "10.12345"', 'prefiks_doi: "10.12345/prosiding"',
     'content/_site.yml:5: crossref.prefiks_doi: "10.12345/prosiding" is not a DOI prefix (expected 10. and 4 to 9 digits, e.g. 10.12345)'),
    ("email: humas@contoh.go.id", "email: humas contoh.go.id",
     'content/_site.yml:8: crossref.penyetor.email: "humas contoh.go.id" is not an e-mail address (expected e.g. humas@example.go.id)'),
    ("    email: humas@contoh.go.id\n", "", "content/_site.yml:6: crossref.penyetor.email: required field is missing"),
    ("  prefiks_doi:", "  prefix_doi:",
     "content/_site.yml:5: crossref: 'prefix_doi' is not a known field (did you mean 'prefiks_doi'?); known fields here: pendaftar, penyetor, prefiks_doi"),
])
def test_bad_settings_are_errors_with_file_and_line(tmp_path, old, new, expected):
    assert old in SITE_YML
    errors = build_errors(deposit_site(tmp_path, **{"_site.yml": SITE_YML.replace(old, new)}))
    assert expected in errors, errors


def test_a_registrant_is_needed_and_defaults_to_the_organiser(tmp_path):
    without_registrant = SITE_YML.replace("  pendaftar: Pemerintah Kabupaten Contoh\n", "")
    files = build_files(deposit_site(tmp_path / "a", **{"_site.yml": without_registrant}))
    assert text(parse(files[DEPOSIT]), "c:head/c:registrant") == ["Bagian Humas Setda"]
    neither = without_registrant.replace("penyelenggara: Bagian Humas Setda\n", "")
    errors = build_errors(deposit_site(tmp_path / "b", **{"_site.yml": neither}))
    assert errors == ["content/_site.yml:3: crossref: pendaftar (the registrant Crossref records the DOIs for) is missing; "
                      "add `pendaftar: <organisation>` under crossref: or set penyelenggara"]


def test_a_doi_outside_the_prefix_is_an_error_on_its_line(tmp_path):
    errors = build_errors(deposit_site(tmp_path, **{"seminar/2014-seminar/nusa.md": NUSA.replace("10.12345/prosiding.2014.1", "10.99999/lain.1")}))
    assert errors == ["content/seminar/2014-seminar/nusa.md:7: doi: 10.99999/lain.1 is not under the Crossref prefix 10.12345 "
                      "(crossref.prefiks_doi in _site.yml); Crossref registers only DOIs under the depositor's prefix"]


def test_dois_without_a_web_address_are_an_error(tmp_path):
    errors = build_errors(deposit_site(tmp_path, **{"_site.yml": SITE_YML.replace("url_dasar: https://prosiding.contoh.go.id/\n", "")}))
    assert errors == ["content/_site.yml:3: crossref: a DOI must resolve to a web address, so url_dasar is needed "
                      "(e.g. url_dasar: https://example.org/prosiding/); 3 page(s) have a doi"]
