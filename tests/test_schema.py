"""Front-matter schemas: one invalid source per problem, with the exact one-line message an author
reads, and the friendly readings of valid values (a lone tag, a number where text is expected)."""
from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

import pytest

from prosiding.collect import load_docs
from prosiding.config import parse_config
from prosiding.errors import ErrorList
from prosiding.sources import SourceFile, SourceTree

SEMINAR = "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\n"


def tree(files: dict[str, str]) -> SourceTree:
    """Sources as discover() would return them, without touching the disk."""
    return SourceTree(
        tuple(SourceFile(PurePosixPath(rel), f"content/{rel}", text, "") for rel, text in sorted(files.items())),
        (),
    )


def load_errors(files: dict[str, str]) -> list[str]:
    with pytest.raises(ErrorList) as caught:
        load_docs(tree(files))
    return [str(e) for e in caught.value.errors]


def load_one(rel: str, text: str, **others: str):
    docs = load_docs(tree({rel: text, **others}))
    return next(d for d in docs if d.rel == rel).fields


INVALID = [
    # (file, text, message)
    ("seminar/s/index.md", "---\njudul: Seminar S\n---\n", "content/seminar/s/index.md:1: tanggal: required field is missing"),
    ("seminar/s/index.md", "---\njudul: \"\"\ntanggal: 2014-10-02\n---\n", "content/seminar/s/index.md:2: judul: must not be empty"),
    ("seminar/s/index.md", "---\njudul: S\ntanggal: 2 Oktober 2014\n---\n",
     'content/seminar/s/index.md:3: tanggal: "2 Oktober 2014" is not a date (expected YYYY-MM-DD)'),
    ("seminar/s/index.md", "---\njudul: S\ntanggal: 2014-10-02\ntanggal_selesai: 2014-10-01\n---\n",
     "content/seminar/s/index.md:4: tanggal_selesai: 2014-10-01 is before tanggal 2014-10-02"),
    ("seminar/s/index.md", "---\njudul: S\ntanggal: 2014-10-02\njumlah_peserta: -3\n---\n",
     "content/seminar/s/index.md:4: jumlah_peserta: -3 is too small (the least allowed is 0)"),
    ("seminar/s/index.md", "---\njudul: S\ntanggal: 2014-10-02\njumlah_peserta: empat puluh\n---\n",
     'content/seminar/s/index.md:4: jumlah_peserta: "empat puluh" is not a whole number'),
    ("seminar/s/index.md", "---\njudul: S\ntanggal: 2014-10-02\norang:\n  - nama: Budi\n    peran: ketua\n---\n",
     "content/seminar/s/index.md:6: orang.0.peran: \"ketua\" is not one of 'narasumber', 'pejabat', 'moderator', 'pembicara', 'panitia' or 'peserta'"),
    ("seminar/s/index.md", "---\njudul: S\ntanggal: 2014-10-02\norang:\n  - peran: narasumber\n---\n",
     "content/seminar/s/index.md:5: orang.0.nama: required field is missing"),
    ("seminar/s/index.md", "---\njudul: S\ntanggal: 2014-10-02\nprogram:\n  - judul: Pagi\n    wakt: 09:00\n---\n",
     "content/seminar/s/index.md:6: program.0: 'wakt' is not a known field (did you mean 'waktu'?); known fields here: id, judul, moderator, tanggal, tempat, waktu"),
    ("seminar/s/index.md", "---\njudul: S\ntanggal: 2014-10-02\nprogram: Sesi pagi\n---\n",
     'content/seminar/s/index.md:4: program: expected a list (lines starting with \'- \'), found "Sesi pagi"'),
    ("seminar/s/a.md", "---\njudul: A\ntangal: 2014-10-02\n---\n",
     "content/seminar/s/a.md:3: 'tangal' is not a known field (did you mean 'tanggal'?); put custom fields under extra:"),
    ("seminar/s/a.md", "---\njudul: A\nwarna: merah\n---\n", "content/seminar/s/a.md:3: 'warna' is not a known field; put custom fields under extra:"),
    ("seminar/s/a.md", "---\njudul: A\nurutan: pertama\n---\n", 'content/seminar/s/a.md:3: urutan: "pertama" is not a whole number'),
    ("seminar/s/a.md", "---\njudul: A\nslug: Kelompok Nusa\n---\n",
     'content/seminar/s/a.md:3: slug: "Kelompok Nusa" is not a valid slug (use lower-case letters a-z, digits and single hyphens, e.g. kelompok-nusa)'),
    ("seminar/s/a.md", "---\njudul: A\ndraft: mungkin\n---\n", 'content/seminar/s/a.md:3: draft: "mungkin" is not true or false'),
    ("seminar/s/a.md", "---\njudul: A\nstudi_mulai: 2014-09-29\nstudi_selesai: 2014-09-20\n---\n",
     "content/seminar/s/a.md:4: studi_selesai: 2014-09-20 is before studi_mulai 2014-09-29"),
    ("seminar/s/a.md", "---\njudul: A\nlampiran:\n  - judul: Bahan\n---\n", "content/seminar/s/a.md:4: lampiran.0.berkas: required field is missing"),
    ("seminar/s/a.md", "---\njudul: A\nextra: 3\n---\n", "content/seminar/s/a.md:3: extra: expected `key: value` lines, found 3"),
    ("seminar/s/a.md", "---\njudul:\n  teks: A\n---\n", "content/seminar/s/a.md:2: judul: expected text, found a mapping"),
    ("berita/b.md", "---\njudul: B\ntanggal: kemarin\n---\n", 'content/berita/b.md:3: tanggal: "kemarin" is not a date (expected YYYY-MM-DD)'),
    ("orang/budi.md", "---\nnama: Budi\ngelar: Drs\n---\n", "content/orang/budi.md:3: 'gelar' is not a known field; put custom fields under extra:"),
    ("instansi/kppt.md", "---\nsingkatan: KPPT\n---\n", "content/instansi/kppt.md:1: nama: required field is missing"),
    ("tentang.md", "---\nringkasan: Tentang\n---\n", "content/tentang.md:1: judul: required field is missing"),
]


@pytest.mark.parametrize(("rel", "text", "message"), INVALID, ids=[m.split(": ", 1)[1][:40] for _, _, m in INVALID])
def test_invalid_front_matter_gives_one_exact_line(rel, text, message):
    files = {rel: text}
    if rel.startswith("seminar/s/") and rel != "seminar/s/index.md":
        files["seminar/s/index.md"] = SEMINAR
    assert load_errors(files) == [message]


def test_an_english_key_is_unknown_and_the_missing_indonesian_one_is_named():
    assert load_errors({"tentang.md": "---\ntitle: Tentang\n---\n"}) == [
        "content/tentang.md:1: judul: required field is missing",
        "content/tentang.md:2: 'title' is not a known field (keys are Indonesian: did you mean 'judul'?); put custom fields under extra:",
    ]


def test_all_problems_of_all_files_are_reported_at_once_sorted_by_file_and_line():
    errors = load_errors({
        "seminar/s/index.md": "---\njudul: S\ntanggal: besok\nwarna: biru\n---\n",
        "berita/b.md": "---\njudul: B\ntanggal: kemarin\n---\n",
    })
    assert [e.split(": ")[0] for e in errors] == ["content/berita/b.md:3", "content/seminar/s/index.md:3", "content/seminar/s/index.md:4"]


def test_a_lone_value_where_a_list_is_expected_is_a_one_item_list():
    fields = load_one("seminar/s/a.md", "---\njudul: A\ntag: humas\nanggota: Budi\n---\n", **{"seminar/s/index.md": SEMINAR})
    assert fields.tag == ["humas"]
    assert fields.anggota == ["Budi"]


def test_numbers_and_dates_written_where_text_is_expected_stay_as_written():
    fields = load_one("seminar/s/a.md", "---\njudul: 2014-10-02\nkelompok: 5\nringkasan: 3.50\n---\n", **{"seminar/s/index.md": SEMINAR})
    assert (fields.judul, fields.kelompok) == ("2014-10-02", "5")
    assert fields.ringkasan == "3.5"  # YAML already read 3.50 as a number; quote it to keep the zero


def test_custom_fields_live_under_extra():
    fields = load_one("seminar/s/a.md", "---\njudul: A\nextra:\n  warna: merah\n  angka: [1, 2]\n---\n", **{"seminar/s/index.md": SEMINAR})
    assert fields.extra == {"warna": "merah", "angka": [1, 2]}


def test_dates_are_dates():
    fields = load_one("seminar/s/index.md", "---\njudul: S\ntanggal: 2014-10-02\ntanggal_selesai: '2014-10-03'\n---\n")
    assert (fields.tanggal, fields.tanggal_selesai) == (dt.date(2014, 10, 2), dt.date(2014, 10, 3))


# --- content/_site.yml --------------------------------------------------------------------------


def config(text: str):
    return parse_config(SourceFile(PurePosixPath("_site.yml"), "content/_site.yml", text, ""))


def config_errors(text: str) -> list[str]:
    with pytest.raises(ErrorList) as caught:
        config(text)
    return [str(e) for e in caught.value.errors]


def test_site_settings_are_typed():
    settings = config("judul: Prosiding\npenyelenggara: Pusdiklat\nbahasa: en\nurl_dasar: https://contoh.id/prosiding\nberita_per_halaman: 5\n")
    assert settings.title == "Prosiding"
    assert settings.organiser == "Pusdiklat"
    assert settings.language == "en"
    assert settings.base_url == "https://contoh.id/prosiding/"
    assert settings.news_per_page == 5


def test_site_settings_default_to_indonesian_and_ten_news_per_page():
    settings = config("judul: Prosiding\n")
    assert (settings.language, settings.news_per_page, settings.base_url) == ("id", 10, None)


def test_every_bad_site_setting_is_reported_with_its_line():
    assert config_errors("judul: A\nbahasa: fr\nurl_dasar: contoh.id\nberita_per_halaman: 0\njudull: x\n") == [
        "content/_site.yml:2: bahasa: \"fr\" is not one of 'id' or 'en'",
        'content/_site.yml:3: url_dasar: "contoh.id" is not a web address (expected https://…)',
        "content/_site.yml:4: berita_per_halaman: 0 is too small (the least allowed is 1)",
        "content/_site.yml:5: 'judull' is not a known field (did you mean 'judul'?); put custom fields under extra:",
    ]


def test_site_needs_a_title():
    assert config_errors("deskripsi: Tanpa judul\n") == ["content/_site.yml:1: judul: required field is missing"]
