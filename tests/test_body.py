"""Markdown bodies: links to other Markdown files and images beside them become relative output
URLs that work from file://; a dead link is an error on its own line; nothing runnable survives."""
from __future__ import annotations

import lxml.html

from prosiding.body import LinkTargets, render_body
from prosiding.errors import SourceRef
from sitemaker import build_errors, build_files, image_bytes, page, resolve_href

TARGETS = LinkTargets(
    {
        "seminar/s/bangsa.md": "seminar/s/bangsa/index.html",
        "seminar/s/nusa.md": "seminar/s/nusa/index.html",
        "tentang.md": "tentang/index.html",
    },
    {"seminar/s/foto kita.jpg": "seminar/s/foto kita.jpg", "seminar/s/bagan.png": "seminar/s/bagan.png"},
)


def render(text: str, body_line: int = 5):
    """Render as the body of content/seminar/s/nusa.md whose front matter ends on line body_line - 1."""
    return render_body(
        text, source_rel="seminar/s/nusa.md", page_url="seminar/s/nusa/index.html",
        ref=SourceRef("content/seminar/s/nusa.md"), body_line=body_line, targets=TARGETS,
    )


def hrefs(html: str) -> list[str]:
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    return [e.get("href") or e.get("src") for e in fragment.xpath(".//a|.//img")]


def test_links_to_markdown_files_become_relative_page_urls():
    result = render("[Bangsa](bangsa.md), [temuan](bangsa.md#temuan), [tentang](../../tentang.md), [sini](#atas)\n")
    assert result.errors == []
    assert hrefs(result.body.html) == ["../bangsa/index.html", "../bangsa/index.html#temuan", "../../../tentang/index.html", "#atas"]


def test_images_beside_the_markdown_file_become_relative_urls_and_are_copied():
    result = render("![Foto](foto%20kita.jpg)\n\n![Bagan](bagan.png)\n")
    assert result.errors == []
    assert hrefs(result.body.html) == ["../foto%20kita.jpg", "../bagan.png"]
    assert result.used_assets == {"seminar/s/foto kita.jpg", "seminar/s/bagan.png"}
    assert result.body.html.count('loading="lazy"') == 2


def test_outbound_links_are_left_alone():
    result = render("[web](https://contoh.id/a.md) [surat](mailto:humas@contoh.id) [telepon](tel:+62286)\n")
    assert result.errors == []
    assert hrefs(result.body.html) == ["https://contoh.id/a.md", "mailto:humas@contoh.id", "tel:+62286"]


def test_every_dead_link_is_an_error_on_the_line_it_is_written():
    text = (
        "Lihat juga ../../tentang.md di bawah.\n"  # line 5: mentions the text of a later link
        "\n"
        "[hilang](hilang.md)\n"  # line 7
        "\n"
        "![gambar](hilang.png)\n"  # line 9
        "[akar](/tentang.md)\n"  # line 10
        "[keluar](../../../luar.md)\n"  # line 11
    )
    assert [str(e) for e in render(text).errors] == [
        "content/seminar/s/nusa.md:7: link to 'hilang.md': no such page (looked for content/seminar/s/hilang.md)",
        "content/seminar/s/nusa.md:9: link to 'hilang.png': no such file (looked for content/seminar/s/hilang.png)",
        "content/seminar/s/nusa.md:10: link '/tentang.md' starts with '/', which breaks offline reading; link by relative path from this file, e.g. ../../tentang.md",
        "content/seminar/s/nusa.md:11: link '../../../luar.md' points outside content/",
    ]


def test_scripts_and_event_handlers_never_reach_the_page():
    html = render('<script>alert(1)</script>\n\n<a href="javascript:alert(1)">x</a> <img src="bagan.png" onerror="alert(1)">\n\n<iframe src="https://contoh.id"></iframe>\n').body.html
    lowered = html.lower()
    for dangerous in ("<script", "javascript:", "onerror", "<iframe"):
        assert dangerous not in lowered


def test_headings_give_a_table_of_contents_and_plain_text():
    body = render("Pembuka.\n\n## Temuan *utama*\n\n### Rinci\n\n## Tanggapan\n").body
    assert [(e.level, e.id, e.title, [c.title for c in e.children]) for e in body.toc] == [
        (2, "temuan-utama", "Temuan utama", ["Rinci"]),
        (2, "tanggapan", "Tanggapan", []),
    ]
    assert body.text == "Pembuka. Temuan utama Rinci Tanggapan"


def test_an_empty_body_is_falsy():
    assert not render("").body
    assert not render("\n\n").body


# --- through a build ----------------------------------------------------------------------------

SEMINAR = "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\n"


def test_built_pages_link_each_other_and_show_the_image_beside_the_source(make_site):
    site = make_site({
        "content/seminar/s/index.md": SEMINAR,
        "content/seminar/s/nusa.md": "---\njudul: Nusa\n---\nLihat [Kelompok Bangsa](bangsa.md).\n\n![Foto kunjungan](foto.jpg)\n\n## Temuan\n",
        "content/seminar/s/bangsa.md": "---\njudul: Bangsa\n---\nLihat [Kelompok Nusa](nusa.md#temuan).\n",
        "content/seminar/s/foto.jpg": image_bytes(64, 48),
        "content/berita/b.md": "---\njudul: Berita\ntanggal: 2014-10-03\n---\nBaca [Nusa](../seminar/s/nusa.md).\n",
    })
    files = build_files(site)
    nusa = page(files, "seminar/s/nusa/index.html")
    (link,) = nusa.xpath("//div[contains(@class,'prose')]//a")
    assert resolve_href("seminar/s/nusa/index.html", link.get("href")) == "seminar/s/bangsa/index.html"
    (image,) = nusa.xpath("//div[contains(@class,'prose')]//img")
    assert image.get("src") == "../foto-64w.jpg"  # the photo's copy (test_photos.py has the sizes)
    assert files[resolve_href("seminar/s/nusa/index.html", image.get("src"))] is not None
    (back,) = page(files, "seminar/s/bangsa/index.html").xpath("//div[contains(@class,'prose')]//a")
    assert back.get("href") == "../nusa/index.html#temuan"
    (news_link,) = page(files, "berita/b/index.html").xpath("//div[contains(@class,'prose')]//a")
    assert resolve_href("berita/b/index.html", news_link.get("href")) == "seminar/s/nusa/index.html"


def test_a_dead_link_fails_the_build_with_file_and_line(make_site):
    site = make_site({
        "content/seminar/s/index.md": SEMINAR,
        "content/seminar/s/nusa.md": "---\njudul: Nusa\nkelompok: Nusa\n---\nPembuka.\n\nLihat [Kelompok Bangsa](bangsa.md).\n",
    })
    assert build_errors(site) == [
        "content/seminar/s/nusa.md:7: link to 'bangsa.md': no such page (looked for content/seminar/s/bangsa.md)"
    ]


def test_a_link_to_a_missing_heading_fails_the_build_naming_the_source(make_site):
    site = make_site({
        "content/seminar/s/index.md": SEMINAR,
        "content/seminar/s/nusa.md": "---\njudul: Nusa\n---\nTanpa judul bagian.\n",
        "content/seminar/s/bangsa.md": "---\njudul: Bangsa\n---\nLihat [temuan Nusa](nusa.md#temuan).\n",
    })
    (error,) = build_errors(site)
    assert "'temuan'" in error and "content/seminar/s/bangsa.md" in error


def test_footnote_back_links_are_titled_in_the_interface_language(make_site):
    from sitemaker import build_files, page

    for language, title in (("id", "Kembali ke catatan kaki 1 di teks"), ("en", "Jump back to footnote 1 in the text")):
        site = make_site({"content/_site.yml": f"judul: Uji\nbahasa: {language}\n", "content/tentang.md": "---\njudul: T\n---\nTeks[^1]\n\n[^1]: Catatan.\n"}, folder=language)
        backref = page(build_files(site), "tentang/index.html").xpath("//a[@class='footnote-backref']")[0]
        assert backref.get("title") == title


def test_a_link_to_a_seminar_folder_says_which_file_to_link(make_site):
    from sitemaker import build_errors

    site = make_site({
        "content/seminar/s/index.md": "---\njudul: S\ntanggal: 2014-10-02\n---\n",
        "content/tentang.md": "---\njudul: T\n---\nLihat [seminar](seminar/s/).\n",
    })
    assert build_errors(site) == ["content/tentang.md:4: link to 'seminar/s/': that is a folder; link its page instead: seminar/s/index.md"]
