"""The publisher's identity from _site.yml: logo, colours (checked for contrast), contact, licence."""
from __future__ import annotations

from prosiding.config import contrast_ratio

from sitemaker import build_errors, build_files, image_bytes, page, texts

SEMINAR = "---\njudul: Seminar\ntanggal: 2014-10-02\n---\n"
IDENTITY = """\
    judul: Arsip Humas
    penyelenggara: Bagian Humas Setda
    identitas:
      logo: gambar/logo.png
      alt_logo: Logo Kabupaten Contoh
      warna: "#8a3b12"
      warna_gelap: "#f0b27a"
      kontak: humas@contoh.go.id
      alamat: Jl. Contoh No. 1, Wonosobo
      lisensi: CC BY 4.0
    """


def test_logo_colours_contact_and_licence_reach_every_page_without_a_layout_edit(make_site):
    files = build_files(make_site({"content/_site.yml": IDENTITY, "content/gambar/logo.png": image_bytes(80, 80, fmt="PNG"),
                                   "content/seminar/s/index.md": SEMINAR}))
    for path in ("index.html", "seminar/s/index.html"):
        doc = page(files, path)
        logo = doc.xpath("//header//img[@class='site-logo']")[0]
        assert logo.get("alt") == "Logo Kabupaten Contoh" and logo.get("src").endswith("gambar/logo.png")
        assert doc.xpath("//meta[@name='theme-color']/@content") == ["#8a3b12"]
        assert doc.xpath("//link[@rel='icon']/@href")[0].endswith("gambar/logo.png")
        assert "--accent: #8a3b12" in doc.xpath("string(//style)") and "#f0b27a" in doc.xpath("string(//style)")
        footer = " ".join(texts(doc, "//footer//p"))
        assert "Diterbitkan oleh Bagian Humas Setda" in footer and "Kontak: humas@contoh.go.id" in footer
        assert "Jl. Contoh No. 1, Wonosobo" in footer and "Lisensi isi: CC BY 4.0" in footer
    assert "gambar/logo.png" in files


def test_an_accent_readers_could_not_read_is_an_error_naming_the_setting_and_line(make_site):
    settings = IDENTITY.replace('warna: "#8a3b12"', 'warna: "#77aadd"').replace('warna_gelap: "#f0b27a"', 'warna_gelap: "#333333"')
    errors = build_errors(make_site({"content/_site.yml": settings, "content/gambar/logo.png": image_bytes(fmt="PNG")}))
    assert errors == [
        "content/_site.yml:6: identitas.warna: #77aadd has a contrast of 2.4:1 against the page background #ffffff; "
        "WCAG AA needs 4.5:1 for text (a darker shade will do)",
        "content/_site.yml:7: identitas.warna_gelap: #333333 has a contrast of 1.4:1 against the dark page background #12171c; "
        "WCAG AA needs 4.5:1 for text (a lighter shade will do)",
    ]


def test_a_missing_logo_or_its_alt_text_is_an_error_on_the_logo_line(make_site):
    settings = IDENTITY.replace("      alt_logo: Logo Kabupaten Contoh\n", "")
    errors = build_errors(make_site({"content/_site.yml": settings}))
    assert sorted(errors) == [
        "content/_site.yml:4: identitas.alt_logo is missing; say what the logo shows (usually the organisation's name)",
        "content/_site.yml:4: identitas.logo: file 'gambar/logo.png' not found (looked for content/gambar/logo.png)",
    ]


def test_contrast_ratio_matches_wcag():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54  # the lightest grey that passes AA on white
    assert contrast_ratio("#0b5a7a", "#ffffff") >= 4.5  # the theme's own accent passes
