"""Every kind of page, as a reader finds it: what is listed, in which order, where links lead.

One small but complete site is built once (in memory) for the page tests; layout overriding,
empty-label and language tests build their own tiny sites.
"""
from __future__ import annotations

import re

import pytest

from prosiding.render import theme_dir
from sitemaker import (
    build_errors,
    build_files,
    facts,
    image_bytes,
    links,
    main_text,
    make_site,
    page,
    resolve_href,
    text_of,
    texts,
)

RICH = {
    "content/_site.yml": "judul: Prosiding Uji\npenyelenggara: Pusdiklat Uji\nberita_per_halaman: 10\n",
    "content/index.md": "---\njudul: Beranda\n---\nSelamat datang di prosiding uji.\n",
    "content/tentang.md": "---\njudul: Tentang situs\nringkasan: Asal isi situs.\n---\n## Sumber\n\nIsi tentang.\n\n## Kontak\n\nHubungi panitia.\n",
    "content/seminar/s/index.md": """
        ---
        judul: Seminar Benchmarking
        tema: Benchmarking To Best Practice
        tanggal: 2014-10-02
        tempat: Hotel Surya Asia
        kota: Wonosobo
        jumlah_peserta: 40
        program:
          - judul: Sesi Pagi
            id: pagi
            waktu: 09:00-12:00
            moderator: Dra Rina Lestari
          - judul: Sesi Siang
            id: siang
            waktu: 13:00-15:00
        orang:
          - nama: Drs Tri Antoro MSi
            peran: narasumber
            jabatan: Kepala Bagian Humas Setda
            instansi: humas
          - nama: Agus Budi Purwanto
            peran: pejabat
            jabatan: Kepala Bidang Teknis
        tag: [diklatpim]
        ---
        Uraian seminar.
        """,
    "content/seminar/s/nusa.md": """
        ---
        judul: Kehumasan yang Sesuai SOP
        kelompok: Nusa
        ketua: Sri Widarti
        anggota: [Budi Santoso, Ani Rahma]
        instansi: Humas
        kepala_instansi: Tri Antoro
        jabatan_kepala: Kepala Bagian Humas Setda
        studi_mulai: 2014-09-28
        studi_selesai: 2014-10-01
        urutan: 1
        sesi: pagi
        tag: [kehumasan, diklatpim]
        ---
        ## Temuan

        Sudah sesuai SOP.
        """,
    "content/seminar/s/bangsa.md": """
        ---
        judul: Layanan Satu Pintu
        kelompok: Bangsa
        ketua: Dwi Hartono
        instansi: KPPT
        kepala_instansi: Didik Wibawanto SSos MM
        urutan: 2
        sesi: pagi
        ---
        ## Temuan

        Efektif dan efisien.
        """,
    "content/seminar/s/garuda.md": "---\njudul: Pelayanan Kesehatan\nkelompok: Garuda\nketua: Eko Prasetyo\nsesi: siang\n---\n",
    "content/seminar/lama/index.md": "---\njudul: Seminar Lama\ntanggal: 2013-05-20\nkota: Semarang\n---\n",
    "content/orang/tri-antoro.md": "---\nnama: Drs Tri Antoro MSi\nalias: [Tri Antoro]\nringkasan: Kepala Bagian Humas.\n---\n",
    "content/instansi/humas.md": "---\nnama: Bagian Humas Setda Kabupaten Wonosobo\nsingkatan: Humas\n---\n",
    "content/instansi/kppt.md": "---\nnama: KPPT Kabupaten Wonosobo\nsingkatan: KPPT\n---\n",
}
for _i in range(1, 13):  # twelve news: two pages at ten per page; every third is Pendidikan
    RICH[f"content/berita/kabar-{_i:02d}.md"] = (
        f"---\njudul: Kabar nomor {_i}\ntanggal: 2014-{_i:02d}-15\nkategori: [{'Pendidikan' if _i % 3 == 0 else 'Pemerintahan'}]\n"
        f"ringkasan: Ringkasan kabar {_i}.\n" + ("seminar: s\n" if _i == 10 else "") + "---\nIsi kabar.\n"
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, bytes]:
    return build_files(make_site(tmp_path_factory.mktemp("rich"), RICH))


def html_pages(files: dict[str, bytes]) -> list[str]:
    return sorted(p for p in files if p.endswith(".html"))


def card_titles(doc, xpath: str = "//main") -> list[str]:
    """Titles of the cards in a listing, whatever heading level they take there."""
    return texts(doc, f"{xpath}//article[contains(@class,'card')]/*[self::h2 or self::h3]/a")


def test_headings_never_skip_a_level(files):
    """Screen-reader users jump by heading level; a card's h3 straight under the h1 skips one."""
    for path in html_pages(files):
        levels = [int(h.tag[1]) for h in page(files, path).xpath("//main//*[self::h1 or self::h2 or self::h3 or self::h4]")]
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (path, levels)


def targets(path: str, doc, xpath: str) -> list[str]:
    """Where the links matching xpath lead, as output paths."""
    return [resolve_href(path, a.get("href")) for a in doc.xpath(xpath)]


# --- the site as a whole ------------------------------------------------------------------------


def test_every_page_is_indonesian(files):
    for path in html_pages(files):
        assert page(files, path).get("lang") == "id", path


def test_every_link_on_every_page_leads_to_a_built_file(files):
    for path in html_pages(files):
        for a in page(files, path).xpath("//a[@href]|//link[@href]|//script[@src]"):
            href = a.get("href") or a.get("src")
            if re.match(r"^[a-z]+:", href):
                continue
            assert resolve_href(path, href) in files, f"{path}: {href}"


def test_every_page_kind_is_built(files):
    assert {
        "index.html", "seminar/s/index.html", "seminar/s/nusa/index.html", "berita/kabar-01/index.html", "berita/index.html",
        "berita/halaman/2/index.html", "berita/kategori/pendidikan/index.html", "orang/index.html", "orang/tri-antoro/index.html",
        "instansi/index.html", "instansi/humas/index.html", "tag/index.html", "tag/diklatpim/index.html", "arsip/index.html",
        "arsip/2013/index.html", "tentang/index.html", "cari/index.html",
    } <= set(files)


# --- home ---------------------------------------------------------------------------------------


def test_home_shows_the_latest_seminar_with_its_talks(files):
    home = page(files, "index.html")
    (latest,) = home.xpath("//section[@aria-labelledby='seminar-terbaru']")
    assert texts(latest, "./h2") == ["Seminar terbaru"]
    assert card_titles(latest, ".") == ["Seminar Benchmarking"]
    assert texts(latest, ".//ol[@class='programme']/li") == [
        "Kehumasan yang Sesuai SOP — Kelompok Nusa", "Layanan Satu Pintu — Kelompok Bangsa", "Pelayanan Kesehatan — Kelompok Garuda",
    ]
    assert "Seminar Lama" not in text_of(latest)
    assert texts(home, "//div[@class='prose']") == ["Selamat datang di prosiding uji."]


def test_home_shows_the_five_latest_news_and_the_archive_by_year(files):
    home = page(files, "index.html")
    (news,) = home.xpath("//section[@aria-labelledby='berita-terbaru']")
    assert card_titles(news, ".") == [f"Kabar nomor {i}" for i in (12, 11, 10, 9, 8)]
    assert links(news, ".//p/a") == {"Semua berita": "berita/index.html"}
    (archive,) = home.xpath("//section[@aria-labelledby='arsip']")
    assert links(archive, ".//a") == {"2014": "arsip/2014/index.html", "2013": "arsip/2013/index.html"}


def test_navigation_lists_the_sections_and_extra_pages(files):
    nav = page(files, "seminar/s/nusa/index.html").xpath("//nav[@class='site-nav']")[0]
    assert [(t, resolve_href("seminar/s/nusa/index.html", h)) for t, h in links(nav, ".//a").items()] == [
        ("Beranda", "index.html"), ("Seminar", "arsip/index.html"), ("Berita", "berita/index.html"), ("Orang", "orang/index.html"),
        ("Instansi", "instansi/index.html"), ("Tag", "tag/index.html"), ("Tentang situs", "tentang/index.html"),
    ]


# --- seminar ------------------------------------------------------------------------------------


def test_seminar_page_shows_its_facts(files):
    doc = page(files, "seminar/s/index.html")
    assert texts(doc, "//h1") == ["Seminar Benchmarking"]
    assert facts(doc.xpath("//article[@class='seminar']/header")[0]) == {
        "Tanggal": "Kamis, 2 Oktober 2014", "Tempat": "Hotel Surya Asia, Wonosobo", "Jumlah peserta": "40",
    }
    assert texts(doc, "//p[@class='lead']") == ["Tema: Benchmarking To Best Practice"]


def test_seminar_programme_lists_sessions_and_their_talks_in_order(files):
    doc = page(files, "seminar/s/index.html")
    sessions = doc.xpath("//section[@aria-labelledby='program']/section[@class='session']")
    assert [texts(s, "./h3")[0] for s in sessions] == ["Sesi Pagi", "Sesi Siang"]
    assert facts(sessions[0]) == {"Waktu": "09:00-12:00", "Moderator": "Dra Rina Lestari"}
    assert texts(sessions[0], "./ol/li") == ["Kehumasan yang Sesuai SOP", "Layanan Satu Pintu"]
    assert texts(sessions[1], "./ol/li") == ["Pelayanan Kesehatan"]


def test_seminar_programme_table_says_who_presented_what_in_order(files):
    doc = page(files, "seminar/s/index.html")
    (table,) = doc.xpath("//section[@aria-labelledby='paparan']//table[@class='programme-table']")
    assert texts(table, ".//thead//th") == ["No.", "Kelompok", "Judul", "Dipaparkan oleh", "Instansi yang dikunjungi", "Sesi"]
    rows = [texts(row, "./td|./th") for row in table.xpath(".//tbody/tr")]
    assert rows == [
        ["1", "Nusa", "Kehumasan yang Sesuai SOP", "Sri Widarti (ketua kelompok)", "Bagian Humas Setda Kabupaten Wonosobo", "Sesi Pagi, 09:00-12:00"],
        ["2", "Bangsa", "Layanan Satu Pintu", "Dwi Hartono (ketua kelompok)", "KPPT Kabupaten Wonosobo", "Sesi Pagi, 09:00-12:00"],
        ["3", "Garuda", "Pelayanan Kesehatan", "Eko Prasetyo (ketua kelompok)", "–", "Sesi Siang, 13:00-15:00"],
    ]
    assert targets("seminar/s/index.html", table, ".//tbody/tr[1]//a") == ["seminar/s/nusa/index.html", "orang/sri-widarti/index.html", "instansi/humas/index.html"]


def test_seminar_lists_people_with_their_roles(files):
    doc = page(files, "seminar/s/index.html")
    (people,) = doc.xpath("//section[@aria-labelledby='tokoh']")
    assert texts(people, ".//li") == [
        "Dra Rina Lestari — Moderator",
        "Drs Tri Antoro MSi — Narasumber, Kepala Bagian Humas Setda (Bagian Humas Setda Kabupaten Wonosobo)",
        "Agus Budi Purwanto — Pejabat, Kepala Bidang Teknis",
    ]
    assert targets("seminar/s/index.html", people, ".//li[2]/a") == ["orang/tri-antoro/index.html", "instansi/humas/index.html"]


# --- presentation -------------------------------------------------------------------------------


def test_presentation_shows_group_people_institution_and_dates(files):
    doc = page(files, "seminar/s/nusa/index.html")
    assert texts(doc, "//h1") == ["Kehumasan yang Sesuai SOP"]
    assert facts(doc) == {
        "Kelompok": "Nusa",
        "Ketua kelompok": "Sri Widarti",
        "Anggota": "Budi Santoso, Ani Rahma",
        "Instansi yang dikunjungi": "Bagian Humas Setda Kabupaten Wonosobo",
        "Kepala Bagian Humas Setda": "Drs Tri Antoro MSi",
        "Studi lapangan": "28 September–1 Oktober 2014",
        "Sesi": "Sesi Pagi, 09:00-12:00",
        "Dipaparkan": "Kamis, 2 Oktober 2014, Hotel Surya Asia",
        "Urutan paparan": "1",
    }
    assert texts(doc, "//div[@class='prose']/h2") == ["Temuan"]


@pytest.mark.parametrize(
    ("talk", "previous", "following"),
    [
        ("nusa", None, "bangsa"),
        ("bangsa", "nusa", "garuda"),
        ("garuda", "bangsa", None),
    ],
)
def test_presentations_link_to_the_previous_and_next_in_programme_order(files, talk, previous, following):
    path = f"seminar/s/{talk}/index.html"
    doc = page(files, path)
    found = {a.get("rel"): resolve_href(path, a.get("href")) for a in doc.xpath("//nav[@class='prev-next']/a")}
    expected = {}
    if previous:
        expected["prev"] = f"seminar/s/{previous}/index.html"
    if following:
        expected["next"] = f"seminar/s/{following}/index.html"
    assert found == expected


def test_presentation_breadcrumbs_lead_home_to_the_archive_and_the_seminar(files):
    path = "seminar/s/bangsa/index.html"
    doc = page(files, path)
    crumbs = doc.xpath("//nav[@class='breadcrumbs']//li")
    assert [text_of(li) for li in crumbs] == ["Beranda", "Seminar", "Seminar Benchmarking", "Layanan Satu Pintu"]
    assert targets(path, doc, "//nav[@class='breadcrumbs']//a") == ["index.html", "arsip/index.html", "seminar/s/index.html"]
    assert crumbs[-1].xpath("./span/@aria-current") == ["page"]


# --- news ---------------------------------------------------------------------------------------


def test_news_page_shows_date_category_and_the_seminar_it_reports_on(files):
    path = "berita/kabar-10/index.html"
    doc = page(files, path)
    assert texts(doc, "//h1") == ["Kabar nomor 10"]
    assert texts(doc, "//article[@class='news']//p[@class='meta']") == ["Rabu, 15 Oktober 2014"]
    assert texts(doc, "//p[@class='related']") == ["Seminar: Seminar Benchmarking"]
    assert targets(path, doc, "//p[@class='related']/a") == ["seminar/s/index.html"]
    assert targets(path, doc, "//article[@class='news']//a[@class='tag']") == ["berita/kategori/pemerintahan/index.html"]


def test_news_archive_pages_ten_at_a_time_newest_first(files):
    first = page(files, "berita/index.html")
    assert card_titles(first) == [f"Kabar nomor {i}" for i in range(12, 2, -1)]
    assert targets("berita/index.html", first, "//nav[@class='pagination']/a[@rel='next']") == ["berita/halaman/2/index.html"]
    assert first.xpath("//nav[@class='pagination']/a[@rel='prev']") == []
    second = page(files, "berita/halaman/2/index.html")
    assert card_titles(second) == ["Kabar nomor 2", "Kabar nomor 1"]
    assert targets("berita/halaman/2/index.html", second, "//nav[@class='pagination']/a[@rel='prev']") == ["berita/index.html"]
    assert texts(second, "//nav[@class='pagination']/span[@aria-current='page']") == ["2"]


def test_category_pages_list_only_their_news(files):
    doc = page(files, "berita/kategori/pendidikan/index.html")
    assert texts(doc, "//h1") == ["Berita dalam kategori Pendidikan"]
    assert card_titles(doc) == ["Kabar nomor 12", "Kabar nomor 9", "Kabar nomor 6", "Kabar nomor 3"]
    assert links(page(files, "berita/index.html"), "//nav[@aria-label='Kategori']//a") == {
        "Pemerintahan": "kategori/pemerintahan/index.html", "Pendidikan": "kategori/pendidikan/index.html",
    }
    # eight Pemerintahan articles fit on one page
    assert len(card_titles(page(files, "berita/kategori/pemerintahan/index.html"))) == 8


# --- people and institutions --------------------------------------------------------------------


def test_person_page_lists_every_role_with_links(files):
    path = "orang/tri-antoro/index.html"
    doc = page(files, path)
    assert texts(doc, "//h1") == ["Drs Tri Antoro MSi"]
    assert texts(doc, "//article[@class='person']/p[@class='meta']") == ["Juga ditulis: Tri Antoro"]
    roles = doc.xpath("//ul[@class='roles']/li")
    assert [texts(r, "./strong")[0] for r in roles] == ["Kepala Bagian Humas Setda", "Narasumber"]  # a head shows the position as written
    assert targets(path, roles[0], ".//a") == ["instansi/humas/index.html", "seminar/s/nusa/index.html", "seminar/s/index.html"]
    assert "2 Oktober 2014" in text_of(roles[1])


def test_people_and_institution_indexes_list_everyone(files):
    assert texts(page(files, "orang/index.html"), "//ul[@class='index-list']/li/a") == [
        "Agus Budi Purwanto", "Ani Rahma", "Budi Santoso", "Didik Wibawanto SSos MM", "Dwi Hartono", "Eko Prasetyo",
        "Dra Rina Lestari", "Sri Widarti", "Drs Tri Antoro MSi",
    ]
    assert texts(page(files, "instansi/index.html"), "//ul[@class='index-list']/li") == [
        "Bagian Humas Setda Kabupaten Wonosobo (Humas) — 1 studi lapangan", "KPPT Kabupaten Wonosobo (KPPT) — 1 studi lapangan",
    ]


def test_a_head_named_by_two_presentations_is_listed_once_with_the_position(make_site):
    site = make_site({
        "content/seminar/s/index.md": "---\njudul: Seminar S\ntanggal: 2026-11-18\ntanggal_selesai: 2026-11-19\n---\n",
        "content/seminar/s/a.md": "---\njudul: A\ninstansi: Dinas Kota\nkepala_instansi: Dr Ana Lestari\n---\n",
        "content/seminar/s/b.md": "---\njudul: B\ninstansi: Dinas Kota\nkepala_instansi: Ana Lestari\njabatan_kepala: Kepala Dinas\n---\n",
        "content/seminar/t/index.md": "---\njudul: Seminar T\ntanggal: 2027-05-01\n---\n",
        "content/seminar/t/c.md": "---\njudul: C\ninstansi: Dinas Kota\nkepala_instansi: Ana Lestari\n---\n",
    })
    doc = page(build_files(site), "instansi/dinas-kota/index.html")
    (heads,) = doc.xpath("//section[@aria-labelledby='pimpinan']")
    assert texts(heads, ".//li") == [
        "Dr Ana Lestari, Kepala Dinas — per 18 November 2026 (Seminar S)",
        "Dr Ana Lestari — per 1 Mei 2027 (Seminar T)",  # another period: its own line
    ]


def test_institution_page_shows_heads_tied_to_a_date_and_seminar(files):
    path = "instansi/humas/index.html"
    doc = page(files, path)
    assert texts(doc, "//h1") == ["Bagian Humas Setda Kabupaten Wonosobo (Humas)"]
    (heads,) = doc.xpath("//section[@aria-labelledby='pimpinan']")
    assert texts(heads, ".//li") == ["Drs Tri Antoro MSi, Kepala Bagian Humas Setda — per 2 Oktober 2014 (Seminar Benchmarking)"]
    assert targets(path, heads, ".//a") == ["orang/tri-antoro/index.html", "seminar/s/index.html"]
    assert card_titles(doc.xpath("//section[@aria-labelledby='kunjungan']")[0], ".") == ["Kehumasan yang Sesuai SOP"]
    kppt = page(files, "instansi/kppt/index.html")
    assert texts(kppt, "//section[@aria-labelledby='pimpinan']//li") == [
        "Didik Wibawanto SSos MM — per 2 Oktober 2014 (Seminar Benchmarking)"
    ]


# --- tags, archive, extra pages -----------------------------------------------------------------


def test_tag_pages_list_what_carries_the_tag(files):
    diklatpim = page(files, "tag/diklatpim/index.html")
    assert texts(diklatpim, "//h1") == ["Tag: diklatpim"]
    assert texts(diklatpim, "//main/h2") == ["Seminar", "Paparan"]
    assert card_titles(diklatpim) == ["Seminar Benchmarking", "Kehumasan yang Sesuai SOP"]
    assert card_titles(page(files, "tag/kehumasan/index.html")) == ["Kehumasan yang Sesuai SOP"]
    assert texts(page(files, "tag/index.html"), "//ul[@class='index-list']/li") == ["diklatpim (2)", "kehumasan (1)"]


def test_year_archives_list_that_year_only(files):
    old = page(files, "arsip/2013/index.html")
    assert texts(old, "//h1") == ["Arsip 2013"]
    assert card_titles(old) == ["Seminar Lama"]
    recent = page(files, "arsip/2014/index.html")
    assert card_titles(recent)[0] == "Seminar Benchmarking"
    assert len(card_titles(recent)) == 1 + 12
    archive = page(files, "arsip/index.html")
    assert texts(archive, "//main/section/h2") == ["2014", "2013"]
    assert card_titles(archive) == ["Seminar Benchmarking", "Seminar Lama"]


def test_extra_content_page_with_its_table_of_contents(files):
    doc = page(files, "tentang/index.html")
    assert texts(doc, "//h1") == ["Tentang situs"]
    assert texts(doc, "//p[@class='lead']") == ["Asal isi situs."]
    assert links(doc, "//nav[@class='toc']//a") == {"Sumber": "#sumber", "Kontak": "#kontak"}
    assert [h.get("id") for h in doc.xpath("//div[@class='prose']/h2")] == ["sumber", "kontak"]


# --- no empty labels ----------------------------------------------------------------------------


def empty_labels(doc) -> list[str]:
    return [text_of(dt) or "(empty dt)" for dt in doc.xpath("//dt") if not text_of(dt.getnext()) or not text_of(dt)]


def test_no_page_of_the_full_site_has_an_empty_label(files):
    for path in html_pages(files):
        assert empty_labels(page(files, path)) == [], path


def test_a_presentation_with_only_a_title_shows_no_empty_or_unknown_labels(make_site):
    site = make_site({
        "content/seminar/s/index.md": "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\n",
        "content/seminar/s/a.md": "---\njudul: Hanya Judul\nextra:\n  warna: merah\n---\n",
    })
    files = build_files(site)
    doc = page(files, "seminar/s/a/index.html")
    assert empty_labels(doc) == []
    assert facts(doc) == {"Dipaparkan": "Kamis, 2 Oktober 2014"}
    assert "warna" not in main_text(doc) and "merah" not in main_text(doc)
    for absent in ("prev-next", "toc", "tags", "attachments", "prose"):
        assert doc.xpath(f"//*[contains(@class, '{absent}')]") == [], absent
    seminar = page(files, "seminar/s/index.html")
    assert empty_labels(seminar) == []
    assert facts(seminar) == {"Tanggal": "Kamis, 2 Oktober 2014"}
    assert [texts(row, "./td|./th") for row in seminar.xpath("//table[@class='programme-table']/tbody/tr")] == [["1", "–", "Hanya Judul", "–", "–"]]
    assert doc.xpath("//p[@class='byline']") == []
    assert texts(seminar, "//main//h2") == ["Paparan kelompok", "Buku prosiding", "Kutip"]


# --- layouts ------------------------------------------------------------------------------------

SMALL = {
    "content/seminar/s/index.md": "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\n",
    "content/seminar/s/a.md": "---\njudul: Paparan A\n---\n",
    "content/seminar/s/b.md": "---\njudul: Paparan B\nlayout: khusus.html\n---\n",
}
KHUSUS = "{% extends 'base.html' %}{% block content %}<p class='khusus'>Khusus: {{ page.title }}</p>{% endblock %}\n"


def test_a_site_layout_overrides_the_theme_file_by_file(make_site):
    site = make_site({
        **SMALL,
        "content/seminar/s/b.md": "---\njudul: Paparan B\n---\n",
        "layouts/presentation.html": "{% extends 'base.html' %}{% block content %}<p class='milik-situs'>{{ page.title }} / {{ seminar.title }}</p>{% endblock %}\n",
    })
    files = build_files(site)
    for talk in ("a", "b"):
        doc = page(files, f"seminar/s/{talk}/index.html")
        assert texts(doc, "//p[@class='milik-situs']") == [f"Paparan {talk.upper()} / Seminar S"]
        assert doc.xpath("//header[@class='site-header']")  # base.html still comes from the theme
    assert texts(page(files, "seminar/s/index.html"), "//h1") == ["Seminar S"]


def test_a_layout_key_in_front_matter_picks_another_layout(make_site):
    files = build_files(make_site({**SMALL, "layouts/khusus.html": KHUSUS}))
    assert texts(page(files, "seminar/s/b/index.html"), "//p[@class='khusus']") == ["Khusus: Paparan B"]
    assert page(files, "seminar/s/a/index.html").xpath("//p[@class='khusus']") == []


def test_a_missing_layout_is_an_error_naming_the_page(make_site):
    (error,) = build_errors(make_site(SMALL))
    assert error.startswith('content/seminar/s/b.md:3: layout: "khusus.html" not found in layouts/')


def test_a_mistake_in_a_layout_names_the_layout_and_line(make_site):
    broken = "{% extends 'base.html' %}\n{% block content %}\n<p>{{ page.titel }}</p>\n{% endblock %}\n"
    (error,) = build_errors(make_site({**SMALL, "layouts/khusus.html": broken}))
    assert error.startswith("layouts/khusus.html:3: undefined variable in layout while rendering seminar/s/b/index.html:")
    assert "titel" in error
    syntax = "{% extends 'base.html' %}\n{% block content %}\n{% if %}\n{% endblock %}\n"
    (error,) = build_errors(make_site({**SMALL, "layouts/khusus.html": syntax}, folder="syntax"))
    assert error.startswith("layouts/khusus.html:3: layout syntax error:")


def test_the_theme_works_from_a_site_folder_without_layouts(make_site):
    site = make_site({**SMALL, "content/seminar/s/b.md": "---\njudul: Paparan B\n---\n"})
    assert not (site / "layouts").exists()
    files = build_files(site)
    assert files["_static/style.css"] == (theme_dir() / "_static" / "style.css").read_bytes()
    assert texts(page(files, "seminar/s/a/index.html"), "//h1") == ["Paparan A"]


def test_a_site_static_file_overrides_the_theme_one(make_site):
    site = make_site({
        **SMALL, "content/seminar/s/b.md": "---\njudul: Paparan B\n---\n",
        "layouts/_static/style.css": "body { color: maroon; }\n",
        "layouts/_static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
    })
    files = build_files(site)
    assert files["_static/style.css"] == b"body { color: maroon; }\n"
    assert files["_static/logo.svg"].startswith(b"<svg")
    assert files["_static/search.js"] == (theme_dir() / "_static" / "search.js").read_bytes()


# --- language -----------------------------------------------------------------------------------


def test_an_english_site_has_an_english_interface(make_site):
    site = make_site({
        "content/_site.yml": "judul: Proceedings\nbahasa: en\n",
        "content/seminar/s/index.md": "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\n",
        "content/seminar/s/a.md": "---\njudul: Talk A\nketua: Budi\nkelompok: Nusa\n---\n",
    })
    files = build_files(site)
    for path in html_pages(files):
        assert page(files, path).get("lang") == "en", path
    talk = page(files, "seminar/s/a/index.html")
    assert facts(talk) == {"Group": "Nusa", "Group leader": "Budi", "Presented": "Thursday, October 2, 2014"}
    assert list(links(talk, "//nav[@class='site-nav']//a"))[:2] == ["Home", "Seminars"]
    assert "Beranda" not in text_of(talk)


# --- attachments and pictures -------------------------------------------------------------------


def test_attachments_and_news_pictures_link_to_copied_files(make_site):
    site = make_site({
        "content/seminar/s/index.md": "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\n",
        "content/seminar/s/a.md": "---\njudul: A\nlampiran:\n  - berkas: bahan/paparan a.pdf\n    judul: Bahan paparan\n---\n",
        "content/seminar/s/bahan/paparan a.pdf": b"%PDF-1.4 " + b"x" * 2039,
        "content/seminar/s/foto.jpg": image_bytes(),
        "content/berita/b.md": "---\njudul: B\ntanggal: 2014-10-03\ngambar: ../seminar/s/foto.jpg\nalt_gambar: Peserta di aula\nketerangan_gambar: Suasana seminar\n---\n",
    })
    files = build_files(site)
    talk = page(files, "seminar/s/a/index.html")
    assert texts(talk, "//ul[@class='attachments']/li") == ["Bahan paparan (PDF, 2,0 KB)"]
    (href,) = talk.xpath("//ul[@class='attachments']//a/@href")
    assert files[resolve_href("seminar/s/a/index.html", href)].startswith(b"%PDF-1.4")
    news = page(files, "berita/b/index.html")
    (image,) = news.xpath("//figure/img")
    assert image.get("alt") == "Peserta di aula"
    assert resolve_href("berita/b/index.html", image.get("src")) == "seminar/s/foto-64w.jpg"  # a copy (see test_photos.py)
    assert texts(news, "//figcaption") == ["Suasana seminar"]


def test_a_missing_or_outside_attachment_is_an_error_on_its_line(make_site):
    site = make_site({
        "content/seminar/s/index.md": "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\n",
        "content/seminar/s/a.md": "---\njudul: A\nlampiran:\n  - berkas: hilang.pdf\n  - berkas: /etc/passwd\n  - berkas: ../../../luar.pdf\n---\n",
    })
    assert build_errors(site) == [
        "content/seminar/s/a.md:4: lampiran.0.berkas: file 'hilang.pdf' not found (looked for content/seminar/s/hilang.pdf)",
        "content/seminar/s/a.md:5: lampiran.1.berkas: '/etc/passwd' must be a relative path next to the Markdown file",
        "content/seminar/s/a.md:6: lampiran.2.berkas: '../../../luar.pdf' points outside content/",
    ]


def test_the_home_text_needs_no_title_and_a_page_summary_is_its_description(make_site):
    site = make_site({
        "content/_site.yml": "judul: Prosiding Uji\ndeskripsi: Arsip seminar.\n",
        "content/index.md": "Selamat datang di arsip.\n",
        "content/tentang.md": "---\njudul: Tentang\nringkasan: Asal isi situs ini.\n---\nTeks.\n",
    })
    files = build_files(site)
    home = page(files, "index.html")
    assert home.xpath("//h1")[0].text_content() == "Prosiding Uji"
    assert "Selamat datang di arsip." in home.text_content()
    assert home.xpath("//meta[@name='description']")[0].get("content") == "Arsip seminar."
    about = page(files, "tentang/index.html")
    assert about.xpath("//meta[@name='description']")[0].get("content") == "Asal isi situs ini."
