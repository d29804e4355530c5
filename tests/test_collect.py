"""Resolving the site: who is who, which institution is meant, what order talks come in, what a
draft hides, and the cross-file mistakes (duplicate slugs, unknown seminars) reported together."""
from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

import pytest

from prosiding.collect import build_site, institution_key, load_docs, person_key
from prosiding.errors import ErrorList
from prosiding.model import SiteConfig
from prosiding.sources import SourceFile, SourceTree
from sitemaker import build_errors, build_files, page, texts

SEMINAR = "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\n"


def tree(files: dict[str, str]) -> SourceTree:
    return SourceTree(tuple(SourceFile(PurePosixPath(rel), f"content/{rel}", text, "") for rel, text in sorted(files.items())), ())


def site_of(files: dict[str, str]):
    sources = tree(files)
    return build_site(load_docs(sources), sources, SiteConfig(title="Uji"))


def site_errors(files: dict[str, str]) -> list[str]:
    with pytest.raises(ErrorList) as caught:
        site_of(files)
    return [str(e) for e in caught.value.errors]


# --- people and institutions --------------------------------------------------------------------


@pytest.mark.parametrize("written", ["Tri Antoro", "Drs Tri Antoro MSi", "Drs. Tri Antoro, M.Si.", "tri antoro", "DRS TRI ANTORO MSI"])
def test_academic_titles_case_and_punctuation_do_not_make_another_person(written):
    assert person_key(written) == "tri antoro"


def test_a_name_with_and_without_titles_is_one_person_page_named_in_full():
    site = site_of({
        "seminar/s/index.md": "---\njudul: S\ntanggal: 2014-10-02\norang:\n  - nama: Drs Tri Antoro MSi\n    peran: narasumber\n---\n",
        "seminar/s/a.md": "---\njudul: A\nkepala_instansi: Tri Antoro\nketua: Sri Widarti\n---\n",
    })
    assert sorted(site.people) == ["sri-widarti", "tri-antoro"]
    person = site.people["tri-antoro"]
    assert (person.name, person.aliases, person.url) == ("Drs Tri Antoro MSi", ("Tri Antoro",), "orang/tri-antoro/index.html")
    assert [r.kind for r in site.roles_of("tri-antoro")] == ["kepala", "narasumber"]


def test_a_person_file_claims_its_name_and_aliases():
    site = site_of({
        "orang/antoro.md": "---\nnama: Drs Tri Antoro MSi\nalias: [Pak Antoro]\n---\n",
        "seminar/s/index.md": SEMINAR,
        "seminar/s/a.md": "---\njudul: A\nketua: Tri Antoro\nanggota: [Pak Antoro]\n---\n",
    })
    assert list(site.people) == ["antoro"]
    assert site.presentations["s/a"].leader_id == site.presentations["s/a"].member_ids[0] == "antoro"


def test_two_person_files_for_one_name_is_an_error():
    assert site_errors({
        "orang/a.md": "---\nnama: Tri Antoro\n---\n",
        "orang/b.md": "---\nnama: Drs Tri Antoro\n---\n",
    }) == ["content/orang/b.md: the name 'Drs Tri Antoro' also belongs to content/orang/a.md; give one of them a different alias"]


@pytest.mark.parametrize("written", ["KPPT", "kppt", "KPPT Kabupaten Wonosobo", "Kantor Perizinan Lama"])
def test_an_institution_is_found_by_abbreviation_id_name_or_former_name(written):
    site = site_of({
        "instansi/kppt.md": "---\nnama: KPPT Kabupaten Wonosobo\nsingkatan: KPPT\nnama_lama: [Kantor Perizinan Lama]\n---\n",
        "seminar/s/index.md": SEMINAR,
        "seminar/s/a.md": f"---\njudul: A\ninstansi: {written}\n---\n",
    })
    assert list(site.institutions) == ["kppt"]
    assert site.presentations["s/a"].institution_id == "kppt"
    assert site.institutions["kppt"].short_name == "KPPT"


def test_an_institution_without_a_file_gets_a_page_of_its_own():
    site = site_of({"seminar/s/index.md": SEMINAR, "seminar/s/a.md": "---\njudul: A\ninstansi: Dinas Kesehatan\n---\n"})
    assert {k: i.url for k, i in site.institutions.items()} == {"dinas-kesehatan": "instansi/dinas-kesehatan/index.html"}
    assert institution_key("Dinas  Kesehatan!") == "dinas kesehatan"


def test_a_head_of_institution_is_a_role_at_the_seminar_date():
    site = site_of({
        "seminar/s/index.md": SEMINAR,
        "seminar/s/a.md": "---\njudul: A\ninstansi: KPPT\nkepala_instansi: Didik Wibawanto SSos MM\njabatan_kepala: Kepala KPPT\n---\n",
    })
    (head,) = [r for r in site.roles_at("kppt") if r.kind == "kepala"]
    assert (head.person_id, head.title, head.date, head.seminar_key) == ("didik-wibawanto", "Kepala KPPT", dt.date(2014, 10, 2), "s")


# --- order, seminars and news -------------------------------------------------------------------


def test_talks_follow_urutan_then_file_name_and_seminars_are_newest_first():
    site = site_of({
        "seminar/lama/index.md": "---\njudul: Lama\ntanggal: 2013-01-01\n---\n",
        "seminar/baru/index.md": "---\njudul: Baru\ntanggal: 2014-10-02\n---\n",
        "seminar/baru/c.md": "---\njudul: C\nurutan: 1\n---\n",
        "seminar/baru/a.md": "---\njudul: A\n---\n",
        "seminar/baru/b.md": "---\njudul: B\nurutan: 2\n---\n",
        "seminar/baru/d.md": "---\njudul: D\n---\n",
    })
    assert [s.key for s in site.seminars] == ["baru", "lama"]
    assert [p.title for p in site.presentations_of(site.seminar("baru"))] == ["C", "B", "A", "D"]
    assert [p.position for p in site.presentations_of(site.seminar("baru"))] == [1, 2, 3, 4]
    assert site.years == [2014, 2013]


def test_a_presentation_with_an_unknown_session_names_the_known_ones():
    assert site_errors({
        "seminar/s/index.md": "---\njudul: S\ntanggal: 2014-10-02\nprogram:\n  - judul: Pagi\n    id: pagi\n---\n",
        "seminar/s/a.md": "---\njudul: A\nsesi: siang\n---\n",
    }) == ["content/seminar/s/a.md:3: sesi: 'siang' is not a session of this seminar (known: pagi)"]


def test_news_needs_a_date_or_a_seminar_it_reports_on():
    assert site_errors({
        "berita/x.md": "---\njudul: X\nseminar: tidak-ada\n---\n",
        "berita/y.md": "---\njudul: Y\n---\n",
    }) == [
        "content/berita/x.md:3: seminar: 'tidak-ada' is not a seminar slug (known: none)",
        "content/berita/y.md: tanggal: required field is missing (or name the related seminar with `seminar:`)",
    ]


def test_news_about_a_seminar_is_dated_by_it_and_news_is_newest_first():
    site = site_of({
        "seminar/s/index.md": SEMINAR,
        "berita/a.md": "---\njudul: A\nseminar: s\n---\n",
        "berita/b.md": "---\njudul: B\ntanggal: 2015-01-01\n---\n",
        "berita/c.md": "---\njudul: C\ntanggal: 2013-01-01\n---\n",
    })
    assert [(n.title, n.sort_date) for n in site.news] == [("B", dt.date(2015, 1, 1)), ("A", dt.date(2014, 10, 2)), ("C", dt.date(2013, 1, 1))]


def test_a_presentation_outside_a_seminar_folder_is_an_error():
    with pytest.raises(ErrorList) as caught:
        load_docs(tree({"seminar/s/a.md": "---\njudul: A\n---\n", "seminar/lepas.md": "---\njudul: B\n---\n"}))
    assert [str(e) for e in caught.value.errors] == [
        "content/seminar/lepas.md: a seminar needs its own folder: move this file to content/seminar/<name>/index.md",
        "content/seminar/s/a.md: presentation without a seminar: add content/seminar/s/index.md describing the seminar",
    ]


def test_two_files_claiming_one_address_is_an_error_naming_both():
    (error,) = site_errors({
        "berita/a.md": "---\njudul: A\ntanggal: 2014-01-01\nslug: sama\n---\n",
        "berita/sama.md": "---\njudul: B\ntanggal: 2014-01-01\n---\n",
    })
    assert "duplicate slug: berita/sama/index.html" in error
    assert "content/berita/a.md" in error and "content/berita/sama.md" in error


# --- drafts -------------------------------------------------------------------------------------

DRAFTY = {
    "content/seminar/s/index.md": SEMINAR,
    "content/seminar/s/a.md": "---\njudul: Paparan Terbuka\n---\n",
    "content/seminar/s/rahasia.md": (
        "---\njudul: Paparan Rahasiawan\ndraft: true\nketua: Zulkarnaen Rahasiawan\ninstansi: Dinas Rahasiawan\n"
        "tag: [tagrahasiawan]\n---\nIsi rahasiawan\n"
    ),
    "content/seminar/lama/index.md": "---\njudul: Seminar Rahasiawan\ntanggal: 2012-01-01\ndraft: true\n---\n",
    "content/seminar/lama/x.md": "---\njudul: Paparan dari seminar draf\n---\n",
    "content/berita/r.md": "---\njudul: Berita Rahasiawan\ntanggal: 2013-05-05\ndraft: true\nkategori: [katrahasiawan]\n---\n",
    "content/berita/t.md": "---\njudul: Berita Terbuka\ntanggal: 2014-05-05\nkategori: [Umum]\n---\n",
    "content/orang/rahasiawan.md": "---\nnama: Orang Rahasiawan\ndraft: true\n---\n",
    "content/halaman-rahasiawan.md": "---\njudul: Halaman Rahasiawan\ndraft: true\n---\n",
}


def test_drafts_appear_on_no_page_listing_tag_archive_or_search_data(make_site):
    files = build_files(make_site(DRAFTY))
    leaks = sorted(path for path, data in files.items() if b"ahasiawan" in data or b"draf" in data)
    assert leaks == []
    html = sorted(p for p in files if p.endswith(".html"))
    assert html == [
        "404.html", "arsip/2014/index.html", "arsip/index.html", "berita/index.html", "berita/kategori/umum/index.html", "berita/t/index.html",
        "cari/index.html", "index.html", "instansi/index.html", "orang/index.html", "seminar/s/a/index.html", "seminar/s/buku/index.html",
        "seminar/s/index.html", "tag/index.html",
    ]
    assert "_cari/data.js" in files and b"Paparan Terbuka" in files["_cari/data.js"]
    assert texts(page(files, "arsip/index.html"), "//main//h2") == ["2014"]


def test_a_link_to_a_draft_says_it_is_a_draft(make_site):
    site = make_site({**DRAFTY, "content/seminar/s/a.md": "---\njudul: Terbuka\n---\nLihat [paparan lain](rahasia.md).\n"})
    assert build_errors(site) == [
        "content/seminar/s/a.md:4: link to 'rahasia.md': the page is a draft (draft: true)"
    ]


def test_a_presentation_in_a_session_is_dated_and_placed_by_that_session():
    site = site_of({
        "seminar/s/index.md": "---\njudul: S\ntanggal: 2019-11-12\ntanggal_selesai: 2019-11-13\ntempat: Aula\n"
                              "program:\n  - judul: Hari dua\n    id: dua\n    tanggal: 2019-11-13\n    tempat: Ruang Merapi\n---\n",
        "seminar/s/a.md": "---\njudul: A\nsesi: dua\n---\n",
        "seminar/s/b.md": "---\njudul: B\n---\n",
    })
    talk_in_session, talk_without = site.presentations["s/a"], site.presentations["s/b"]
    assert (talk_in_session.date, talk_in_session.venue) == (dt.date(2019, 11, 13), "Ruang Merapi")
    assert (talk_without.date, talk_without.venue) == (dt.date(2019, 11, 12), "Aula")


def test_a_moderator_named_twice_is_one_role_that_keeps_the_note():
    site = site_of({
        "seminar/s/index.md": "---\njudul: S\ntanggal: 2019-11-12\nprogram:\n  - judul: Pagi\n    moderator: Budi Santoso\n"
                              "orang:\n  - nama: Budi Santoso\n    peran: moderator\n    keterangan: Memandu sesi pertama\n---\n",
    })
    roles = [r for r in site.roles if r.person_id == "budi-santoso"]
    assert [(r.kind, r.note) for r in roles] == [("moderator", "Memandu sesi pertama")]


@pytest.mark.parametrize("written", ["yes", "on", "1", "ya"])
def test_draft_takes_only_true_or_false(written):
    errors = site_errors({"tentang.md": f"---\njudul: T\ndraft: {written}\n---\n"})
    assert len(errors) == 1 and errors[0].startswith("content/tentang.md:3: draft: ") and errors[0].endswith("is not true or false")


def test_a_name_one_letter_off_a_known_person_or_institution_is_warned_about():
    from prosiding.collect import near_duplicate_names

    site = site_of({
        "orang/sri-widarti.md": "---\nnama: Sri Widarti\n---\n",
        "instansi/kppt.md": "---\nnama: KPPT Kabupaten Wonosobo\nsingkatan: KPPT\n---\n",
        "seminar/s/index.md": SEMINAR,
        "seminar/s/a.md": "---\njudul: A\nketua: Sri Widart\ninstansi: KPPT Kabupaten Wonosob\n---\n",
        "seminar/s/b.md": "---\njudul: B\nketua: Agus Budi Purwanto\ninstansi: Bagian Humas Setda\n---\n",
    })
    assert near_duplicate_names(site) == [
        "content/seminar/s/a.md: 'KPPT Kabupaten Wonosob' is a new institution; did you mean 'KPPT Kabupaten Wonosobo' (instansi/kppt)?",
        "content/seminar/s/a.md:3: 'Sri Widart' is a new person; did you mean 'Sri Widarti' (orang/sri-widarti)?",
    ]
