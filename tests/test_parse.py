"""Loading sources: front matter with line numbers, YAML that means what the author typed,
and files saved by Windows editors (BOM, CRLF) read like any other."""
from __future__ import annotations

import pytest

from prosiding.errors import ProsidingError, SourceRef
from prosiding.parse import parse_markdown
from prosiding.sources import discover
from sitemaker import build_errors, build_files, facts, main_text, page, texts

REF = SourceRef("content/seminar/s/a.md")


def parse(text: str):
    return parse_markdown(text, REF)


def parse_error(text: str) -> str:
    with pytest.raises(ProsidingError) as caught:
        parse(text)
    return str(caught.value)


# --- front matter and its lines -----------------------------------------------------------------


def test_every_key_knows_its_line_including_nested_items():
    doc = parse("---\njudul: A\nanggota:\n  - Budi\n  - Sari\nlampiran:\n  - berkas: a.pdf\n    judul: Bahan\n---\nIsi\n")
    assert doc.meta == {"judul": "A", "anggota": ["Budi", "Sari"], "lampiran": [{"berkas": "a.pdf", "judul": "Bahan"}]}
    assert doc.lines["judul"] == 2
    assert doc.lines["anggota.1"] == 5
    assert doc.lines["lampiran.0.judul"] == 8
    assert doc.body == "Isi\n"
    assert doc.body_line == 10


def test_line_of_an_unwritten_key_falls_back_to_its_parent():
    doc = parse("---\njudul: A\nlampiran:\n  - berkas: a.pdf\n---\n")
    assert doc.line_of("lampiran.0.judul") == 4
    assert doc.line_of("tidak.ada") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\njudul: A\ntag: [unclosed\n---\nx\n", "content/seminar/s/a.md:3: invalid YAML: a list opened with '[' on this line is not closed with ']' (or an item lacks its comma)"),
        ("---\njudul: A\njudul: B\n---\nx\n", "content/seminar/s/a.md:3: judul: key appears twice"),
        ("---\n- a\n- b\n---\nx\n", "content/seminar/s/a.md:2: front matter must be a list of `key: value` lines, found a list"),
        ("---\njust text\n---\n", "content/seminar/s/a.md:2: front matter must be a list of `key: value` lines, found the text 'just text'"),
    ],
)
def test_broken_front_matter_is_reported_on_its_line(text, expected):
    assert parse_error(text) == expected


# --- YAML 1.1 surprises -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("09:30", "09:30"),  # YAML 1.1 reads this as 570 (sexagesimal)
        ("10:00-12:00", "10:00-12:00"),
        ("no", "no"),  # YAML 1.1: False
        ("No", "No"),
        ("on", "on"),
        ("off", "off"),
        ("yes", "yes"),
        ("y", "y"),
        ("1_000", "1_000"),
        ("08", 8),  # YAML 1.1: invalid octal, PyYAML crashed
        ("012", 12),  # YAML 1.1: octal 10
        ("true", True),
        ("false", False),
        ("7", 7),
    ],
)
def test_yaml_values_mean_what_the_author_typed(written, value):
    assert parse(f"---\nv: {written}\n---\n").meta["v"] == value


def test_session_time_and_group_named_no_show_as_typed(make_site):
    site = make_site({
        "content/seminar/s/index.md": """
            ---
            judul: Seminar S
            tanggal: 2014-10-02
            program:
              - judul: Sesi Pagi
                id: pagi
                waktu: 09:30
            ---
            """,
        "content/seminar/s/a.md": "---\njudul: Paparan A\nkelompok: No\nsesi: pagi\nurutan: 08\n---\n",
    })
    files = build_files(site)
    seminar = page(files, "seminar/s/index.html")
    assert facts(seminar.xpath("//section[@class='session']")[0]) == {"Waktu": "09:30"}
    talk = page(files, "seminar/s/a/index.html")
    assert facts(talk)["Kelompok"] == "No"
    assert facts(talk)["Urutan paparan"] == "8"


def test_an_impossible_date_is_an_error_on_its_line_not_a_crash(make_site):
    site = make_site({"content/seminar/s/index.md": "---\njudul: Seminar S\ntanggal: 2014-02-30\n---\n"})
    assert build_errors(site) == ['content/seminar/s/index.md:3: tanggal: 2014-02-30 does not exist (February 2014 has 28 days)']


def test_an_impossible_date_in_a_text_field_stays_text():
    assert parse("---\nv: 2014-13-45\n---\n").meta["v"] == "2014-13-45"


# --- whole files --------------------------------------------------------------------------------


def test_file_with_only_front_matter_has_an_empty_body():
    for text in ("---\njudul: A\n---\n", "---\njudul: A\n---"):
        doc = parse(text)
        assert doc.meta == {"judul": "A"}
        assert doc.body == ""


def test_file_without_front_matter_is_all_body():
    doc = parse("# Judul\n\nIsi.\n")
    assert doc.meta == {}
    assert doc.body == "# Judul\n\nIsi.\n"
    assert doc.body_line == 1


def test_a_horizontal_rule_in_the_body_is_not_front_matter():
    doc = parse("---\njudul: A\n---\nSatu\n\n---\n\nDua\n")
    assert doc.meta == {"judul": "A"}
    assert doc.body == "Satu\n\n---\n\nDua\n"


def test_page_with_only_front_matter_builds_without_an_empty_body(make_site):
    files = build_files(make_site({"content/tentang.md": "---\njudul: Tentang\n---\n"}))
    doc = page(files, "tentang/index.html")
    assert texts(doc, "//h1") == ["Tentang"]
    assert doc.xpath("//div[contains(@class, 'prose')]") == []


def test_page_without_front_matter_needs_a_title(make_site):
    site = make_site({"content/catatan.md": "# Catatan\n\nTanpa front matter.\n"})
    assert build_errors(site) == ["content/catatan.md:1: judul: required field is missing"]


def test_utf8_bom_is_accepted(make_site):
    site = make_site({"content/tentang.md": "\ufeff---\njudul: Tentang Kami\n---\nIsi halaman.\n".encode("utf-8")})
    doc = page(build_files(site), "tentang/index.html")
    assert texts(doc, "//h1") == ["Tentang Kami"]
    assert "---" not in main_text(doc)


def test_crlf_line_endings_are_accepted_and_lines_still_count(make_site, tmp_path):
    good = "---\r\njudul: Tentang Kami\r\nringkasan: Singkat\r\n---\r\nIsi halaman.\r\n"
    doc = page(build_files(make_site({"content/tentang.md": good.encode()})), "tentang/index.html")
    assert texts(doc, "//h1") == ["Tentang Kami"]
    assert texts(doc, "//p[@class='lead']") == ["Singkat"]

    bad = "---\r\njudul: Tentang\r\nurutan: dua\r\n---\r\n"
    site = make_site({"content/tentang.md": bad.encode()})
    assert build_errors(site) == ['content/tentang.md:3: urutan: "dua" is not a whole number']


def test_old_mac_line_endings_are_read_as_lines(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_bytes(b"---\rjudul: A\r---\rIsi\r")
    (source,) = discover(tmp_path / "content").texts
    assert source.text == "---\njudul: A\n---\nIsi\n"


def test_text_that_is_not_utf8_names_the_line(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_bytes("---\njudul: Caf\u00e9\n---\n".encode("latin-1"))
    with pytest.raises(ProsidingError) as caught:
        discover(tmp_path / "content")
    assert str(caught.value) == "content/a.md:2: is not valid UTF-8 (byte 0xe9); save the file as UTF-8"
