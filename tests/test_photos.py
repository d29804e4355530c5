"""Photos: every JPEG/PNG/WebP a page shows is published as resized copies at the theme's widths,
without EXIF/GPS/XMP; pages show them with width, height and srcset; alt text is required; a file
that is not really an image is one error on the line that names it."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import lxml.html
import pytest
from PIL import Image

from prosiding.pipeline import Project, build
from sitemaker import build_errors, image_bytes, page, resolve_href

SEMINAR = "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\nFoto bersama peserta:\n\n![Peserta di depan aula](bersama.png)\n"
TALK = (
    "---\njudul: Paparan Nusa\nlampiran:\n  - berkas: bagan.webp\n    judul: Bagan alur\n---\n"
    "Suasana kunjungan.\n\n![Tim Nusa di loket pelayanan](foto.jpg)\n"
)
NEWS = "---\njudul: Kabar\ntanggal: 2014-10-03\ngambar: ../seminar/s/foto.jpg\nalt_gambar: Tim Nusa di loket\nketerangan_gambar: Kunjungan\n---\nIsi.\n"
PERSON = "---\nnama: Tri Antoro\nfoto: tri.jpg\nalt_foto: Tri Antoro berbatik, tersenyum\n---\n"


def photo_site(make_site, **more):
    return make_site({
        "content/seminar/s/index.md": SEMINAR,
        "content/seminar/s/bersama.png": image_bytes(700, 350, fmt="PNG"),
        "content/seminar/s/nusa.md": TALK,
        "content/seminar/s/foto.jpg": image_bytes(2000, 1500, gps=True),
        "content/seminar/s/bagan.webp": image_bytes(1000, 500, fmt="WEBP"),
        "content/berita/kabar.md": NEWS,
        "content/orang/tri-antoro.md": PERSON,
        "content/orang/tri.jpg": image_bytes(300, 400, gps=True),
        **more,
    })


def built(site: Path, output: Path | None = None, **options) -> dict[str, bytes]:
    output = output or site / "output"
    build(Project.at(site, output), **options)
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def srcset_urls(value: str) -> list[str]:
    return [candidate.strip().split(" ")[0] for candidate in value.split(",")]


def test_copies_are_made_at_the_theme_widths_never_larger_than_the_original(make_site):
    files = built(photo_site(make_site))
    sizes = {path: opened(files[path]).size for path in files if path.endswith((".jpg", ".png", ".webp"))}
    assert sizes == {
        "seminar/s/foto.jpg": (2000, 1500), "seminar/s/foto-480w.jpg": (480, 360), "seminar/s/foto-960w.jpg": (960, 720),
        "seminar/s/foto-1440w.jpg": (1440, 1080),
        "seminar/s/bersama.png": (700, 350), "seminar/s/bersama-480w.png": (480, 240), "seminar/s/bersama-700w.png": (700, 350),
        "seminar/s/bagan.webp": (1000, 500), "seminar/s/bagan-480w.webp": (480, 240), "seminar/s/bagan-960w.webp": (960, 480),
        "seminar/s/bagan-1000w.webp": (1000, 500),
        "orang/tri.jpg": (300, 400), "orang/tri-300w.jpg": (300, 400),
    }
    formats = {path.rsplit(".", 1)[1]: opened(files[path]).format for path in sizes}
    assert formats == {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}


def test_published_images_carry_no_exif_gps_or_xmp(make_site):
    site = photo_site(make_site)
    files = built(site)
    original = opened((site / "content/seminar/s/foto.jpg").read_bytes())
    assert 0x8825 in original.getexif()  # the test photo does carry a location
    for path in [p for p in files if p.endswith((".jpg", ".png", ".webp"))]:
        image = opened(files[path])
        assert len(image.getexif()) == 0, path
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(image.info), (path, sorted(image.info))
        assert b"PhoneMaker" not in files[path] and b"GPS" not in files[path]


def test_the_exif_orientation_is_applied_to_the_pixels(make_site):
    site = make_site({
        "content/orang/tri-antoro.md": PERSON,
        "content/orang/tri.jpg": image_bytes(600, 300, orientation=6),  # stored on its side: shown 300 × 600
    })
    files = built(site)
    assert opened(files["orang/tri.jpg"]).size == (300, 600)
    (img,) = page(files, "orang/tri-antoro/index.html").xpath("//figure/img")
    assert (img.get("width"), img.get("height")) == ("300", "600")


def test_pages_show_the_widest_copy_with_its_size_and_every_copy_in_srcset(make_site):
    files = built(photo_site(make_site))
    shown = {}
    for path in (p for p in files if p.endswith(".html")):
        for img in lxml.html.document_fromstring(files[path]).xpath("//img[@srcset]"):
            shown.setdefault(path, []).append(img)
            candidates = srcset_urls(img.get("srcset"))
            for url in [img.get("src"), *candidates]:
                assert not url.startswith(("/", "http:", "https:")), (path, url)
                assert resolve_href(path, url) in files, (path, url)
            assert resolve_href(path, img.get("src")) == resolve_href(path, candidates[-1])  # the widest is src
            widest = opened(files[resolve_href(path, img.get("src"))])
            assert (img.get("width"), img.get("height")) == (str(widest.width), str(widest.height))
            assert (img.get("loading"), img.get("decoding")) == ("lazy", "async") and img.get("sizes")
            assert img.get("alt") is not None
    assert {"seminar/s/index.html", "seminar/s/nusa/index.html", "seminar/s/buku/index.html", "berita/kabar/index.html",
            "orang/tri-antoro/index.html"} <= set(shown)
    (body_image,) = page(files, "seminar/s/nusa/index.html").xpath("//div[contains(@class,'prose')]//img")
    assert body_image.get("srcset") == "../foto-480w.jpg 480w, ../foto-960w.jpg 960w, ../foto-1440w.jpg 1440w"
    assert (body_image.get("width"), body_image.get("height"), body_image.get("alt")) == ("1440", "1080", "Tim Nusa di loket pelayanan")
    (news_image,) = page(files, "berita/kabar/index.html").xpath("//figure/img")
    assert news_image.get("alt") == "Tim Nusa di loket"
    (thumbnail,) = page(files, "seminar/s/nusa/index.html").xpath("//ul[@class='attachments']//img")
    assert thumbnail.get("alt") == ""  # the link text next to it names the file
    (link,) = page(files, "seminar/s/nusa/index.html").xpath("//ul[@class='attachments']//a")
    assert resolve_href("seminar/s/nusa/index.html", link.get("href")) == "seminar/s/bagan.webp"


def test_an_image_without_alt_text_is_an_error_on_its_line(make_site):
    site = make_site({
        "content/seminar/s/index.md": "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\nSatu.\n\n![](foto.jpg)\n",
        "content/seminar/s/foto.jpg": image_bytes(),
        "content/berita/kabar.md": "---\njudul: Kabar\ntanggal: 2014-10-03\ngambar: ../seminar/s/foto.jpg\n---\n",
        "content/orang/tri-antoro.md": "---\nnama: Tri Antoro\nalt_foto:\nfoto: ../seminar/s/foto.jpg\n---\n",
    })
    assert build_errors(site) == [
        "content/berita/kabar.md:4: gambar: alt_gambar is missing; say what the image shows for readers who cannot see it "
        "(alt_gambar: ...), or write alt_gambar: \"\" if it is only decoration",
        "content/orang/tri-antoro.md:4: foto: alt_foto is missing; say what the image shows for readers who cannot see it "
        "(alt_foto: ...), or write alt_foto: \"\" if it is only decoration",
        "content/seminar/s/index.md:7: image 'foto.jpg' has no alt text; say what it shows for readers who cannot see it: "
        "![what the image shows](foto.jpg)",
    ]


def test_an_explicitly_empty_alt_marks_a_decorative_image(make_site):
    site = make_site({
        "content/berita/kabar.md": "---\njudul: Kabar\ntanggal: 2014-10-03\ngambar: hiasan.png\nalt_gambar: \"\"\n---\n",
        "content/berita/hiasan.png": image_bytes(fmt="PNG"),
    })
    (img,) = page(built(site), "berita/kabar/index.html").xpath("//figure/img")
    assert img.get("alt") == ""


@pytest.mark.parametrize("data", [b"\xff\xd8\xff\xe0 not really a jpeg", b"", image_bytes(fmt="JPEG")[:200]], ids=["text", "empty", "truncated"])
def test_a_file_that_is_not_really_an_image_is_one_error_on_the_line_that_shows_it(make_site, data):
    site = make_site({
        "content/seminar/s/index.md": "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\n\n![Peserta](foto.jpg)\n",
        "content/seminar/s/foto.jpg": data,
        "content/berita/kabar.md": "---\njudul: Kabar\ntanggal: 2014-10-03\ngambar: ../seminar/s/foto.jpg\nalt_gambar: Peserta\n---\n",
    })
    errors = build_errors(site)
    assert [e.split(" content/seminar/s/foto.jpg ")[0] for e in errors] == [
        "content/berita/kabar.md:4: gambar:",
        "content/seminar/s/index.md:6: image 'foto.jpg':",
    ]
    assert all("Traceback" not in e and ("not a JPEG, PNG or WebP" in e or "cannot be decoded" in e) for e in errors), errors


def test_an_image_nobody_shows_that_is_not_really_one_is_copied_as_it_is(make_site):
    site = make_site({"content/seminar/s/index.md": "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\n", "content/aset/x.jpg": b"\xff"})
    assert built(site)["aset/x.jpg"] == b"\xff"


def test_a_copy_may_not_overwrite_a_file_of_the_site(make_site):
    site = make_site({
        "content/seminar/s/index.md": "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\n",
        "content/aset/x.jpg": image_bytes(1000, 500),
        "content/aset/x-480w.jpg": b"mine",
    })
    assert build_errors(site) == [
        "content/aset/x-480w.jpg: output aset/x-480w.jpg is also written by a resized copy of content/aset/x.jpg; rename the file or give it another slug",
    ]


def test_the_build_is_deterministic(make_site, tmp_path):
    site = photo_site(make_site)
    first = built(site, tmp_path / "one", use_cache=False)
    second = built(site, tmp_path / "two", use_cache=False)
    assert first == second


def test_an_edited_image_re_renders_the_pages_that_show_it_and_only_its_copies(make_site, tmp_path):
    site = photo_site(make_site)
    built(site)
    output = site / "output"
    untouched = (output / "seminar/s/bagan-480w.webp").stat().st_mtime_ns
    (site / "content/seminar/s/foto.jpg").write_bytes(image_bytes(1200, 600, colour=(10, 200, 10)))  # new photo, new shape
    files = built(site)
    assert opened(files["seminar/s/foto-960w.jpg"]).size == (960, 480)
    assert "seminar/s/foto-1440w.jpg" not in files and opened(files["seminar/s/foto-1200w.jpg"]).size == (1200, 600)
    for path in ["seminar/s/nusa/index.html", "berita/kabar/index.html", "seminar/s/buku/index.html"]:
        for img in page(files, path).xpath("//img[contains(@srcset, 'foto-')]"):
            assert (img.get("width"), img.get("height")) == ("1200", "600"), path
            assert all(resolve_href(path, url) in files for url in srcset_urls(img.get("srcset")))
    assert (output / "seminar/s/bagan-480w.webp").stat().st_mtime_ns == untouched  # not encoded again
    assert files == built(site, tmp_path / "cold", use_cache=False)


def test_a_removed_output_is_made_again_from_the_cache(make_site, tmp_path):
    site = photo_site(make_site)
    first = built(site)
    shutil.rmtree(site / "output")
    assert built(site) == first


def test_raw_html_images_need_an_alt_attribute_too(make_site):
    site = make_site({
        "content/tentang.md": '---\njudul: Tentang\n---\nTeks.\n\n<img src="../logo.svg">\n\n<img src="../hiasan.svg" alt="">\n',
    })
    assert build_errors(site) == [
        "content/tentang.md:6: <img src='../logo.svg'> has no alt attribute; add alt=\"what the image shows\" (or alt=\"\" if it is only decoration)",
    ]


def test_the_cache_forgets_copies_of_an_image_that_was_replaced(make_site):
    import sqlite3

    from prosiding.cache import CACHE_DIR_NAME, CACHE_FILE_NAME

    site = photo_site(make_site)
    built(site)

    def cached_copies() -> int:
        with sqlite3.connect(site / CACHE_DIR_NAME / CACHE_FILE_NAME) as db:
            return db.execute("SELECT count(*) FROM kv WHERE ns = 'image-copy'").fetchone()[0]

    before = cached_copies()
    assert before == 13  # every published image file, full size and copies
    (site / "content/seminar/s/foto.jpg").write_bytes(image_bytes(2000, 1500, colour=(1, 2, 3)))
    built(site)
    assert cached_copies() == before
