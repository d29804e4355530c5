"""Bad input gets a clear error and loses nothing.

Every case runs the real command line (`prosiding.cli.main`, in-process) on a site that was built
successfully once, then breaks one thing and builds again. Each asserts what the author sees:
the exact `path:line: message` lines (sorted, all of them), the exit code (1 for content, 2 for
usage), no Python traceback, and an output folder byte-for-byte as the good build left it.
"""
from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from prosiding.cli import EXIT_CONTENT_ERROR, EXIT_USAGE_ERROR, main
from prosiding.sources import MAX_SOURCE_BYTES
from sitemaker import make_site, page, text_of

SEMINAR = "content/seminar/2014-x/index.md"
NUSA = "content/seminar/2014-x/nusa.md"
BANGSA = "content/seminar/2014-x/bangsa.md"

GOOD_SITE: dict[str, str | bytes] = {
    "content/_site.yml": "judul: Prosiding Uji\nbahasa: id\n",
    "content/index.md": "---\njudul: Beranda\n---\nSelamat datang.\n",
    "content/tentang.md": "---\njudul: Tentang\n---\nTentang situs ini.\n",
    SEMINAR: "---\njudul: Seminar X\ntanggal: 2014-10-02\ntempat: Wonosobo\n---\nIsi seminar.\n",
    NUSA: (
        "---\n"
        "judul: Kelompok Nusa\n"
        "ketua: Sri Widarti\n"
        "lampiran:\n"
        "  - berkas: nusa.pdf\n"
        "---\n"
        "Lihat juga [Kelompok Bangsa](bangsa.md).\n"
    ),
    BANGSA: "---\njudul: Kelompok Bangsa\nketua: Budi\n---\nTemuan.\n",
    "content/seminar/2014-x/nusa.pdf": b"%PDF-1.4 slides\n",
    "content/berita/kabar.md": "---\njudul: Kabar\ntanggal: 2014-10-03\n---\nBerita.\n",
}


# --- helpers --------------------------------------------------------------------------------------


def hashes(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` (and the folder's siblings): what a reader or the next build finds."""
    found = {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder" for p in folder.rglob("*")}
    found["<siblings>"] = " ".join(sorted(p.name for p in folder.parent.iterdir()))
    return dict(sorted(found.items()))


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The good site, built once with the CLI; returns the site folder (output in site/output)."""
    site = make_site(tmp_path, GOOD_SITE)
    code, out, err = run_cli(capsys, "--source", str(site), "build")
    assert code == 0 and "error" not in err, err
    assert out.startswith("built ")
    return site


def write(site: Path, files: dict[str, str | bytes | None]) -> None:
    """Change the site: text is written as UTF-8 exactly as given, bytes as given, None deletes."""
    for rel, content in files.items():
        path = site / rel
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")


def rebuild_fails(site: Path, capsys, argv: tuple[str, ...] = ()) -> tuple[int, list[str], str]:
    """Build again on top of the good output; return exit code, error lines and the summary line."""
    before = hashes(site / "output")
    code, out, err = run_cli(capsys, "--source", str(site), "build", *argv)
    assert "Traceback" not in err and "Traceback" not in out
    assert hashes(site / "output") == before, "a failed build changed the previous output"
    lines = err.splitlines()
    return code, lines, out


@dataclass
class Case:
    files: dict[str, str | bytes | None]
    expected: list[str]
    setup: Callable[[Path], None] | None = None
    argv: tuple[str, ...] = ()
    code: int = EXIT_CONTENT_ERROR
    marks: list = field(default_factory=list)


def _symlink(link: str, target: str) -> Callable[[Path], None]:
    def make(site: Path) -> None:
        os.symlink(target, site / link)

    return make


NUSA_WITH = lambda *lines: "---\n" + "\n".join(lines) + "\n---\nIsi.\n"  # noqa: E731  (front matter lines → a presentation)

CATALOGUE: dict[str, Case] = {
    # --- YAML --------------------------------------------------------------------------------------
    "malformed-yaml": Case(
        {NUSA: "---\njudul: Kelompok Nusa\nketua: [Sri Widarti\n---\nIsi.\n"},
        [f"{NUSA}:3: invalid YAML: a list opened with '[' on this line is not closed with ']' (or an item lacks its comma)"],
    ),
    "tab-indented-yaml": Case(
        {NUSA: "---\njudul: Kelompok Nusa\n\tketua: Sri\n---\n"},
        [f"{NUSA}:3: tabs are not allowed in front matter; indent with spaces"],
    ),
    "front-matter-is-a-list": Case(
        {NUSA: "---\n- judul\n- Kelompok Nusa\n---\nIsi.\n"},
        [f"{NUSA}:2: front matter must be a list of `key: value` lines, found a list"],
    ),
    "front-matter-is-text": Case(
        {NUSA: "---\nKelompok Nusa\n---\nIsi.\n"},
        [f"{NUSA}:2: front matter must be a list of `key: value` lines, found the text 'Kelompok Nusa'"],
    ),
    "duplicate-key": Case(
        {NUSA: NUSA_WITH("judul: Kelompok Nusa", "ketua: Sri", "judul: Nusa lagi")},
        [f"{NUSA}:4: judul: key appears twice"],
    ),
    "yaml-alias-bomb": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "extra:", "  a: &a [x, x, x, x, x, x, x, x, x, x]", *[
            f"  {chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]" for i in range(6)
        ])},
        [f"{NUSA}:4: front matter is too large: more than 50,000 values (counting what YAML aliases repeat)"],
    ),
    "yaml-alias-refers-to-itself": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "extra: &diri", "  lagi: *diri")},
        [f"{NUSA}:4: extra.lagi: a YAML alias refers to the value that contains it"],
    ),
    "yaml-anchor-defined-twice": Case(
        {NUSA: NUSA_WITH("judul: &j Nusa", "kelompok: &j Nusa")},
        [f"{NUSA}:3: invalid YAML: the anchor is defined twice (anchor names must be unique)"],
    ),
    "yaml-end-marker-inside-front-matter": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "...", "kelompok: Nusa")},
        [f"{NUSA}:4: invalid YAML: did not find expected <document start>"],
    ),
    "wrong-type-date-in-a-number": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "urutan: 2014-10-02")},
        [f"{NUSA}:3: urutan: 2014-10-02 is not a whole number"],
    ),
    "yaml-python-tag": Case(
        {NUSA: NUSA_WITH("judul: !!python/object/apply:os.system [echo]")},
        [f"{NUSA}:2: invalid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'"],
    ),
    "not-a-boolean": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "draft: ya")},
        [f'{NUSA}:3: draft: "ya" is not true or false'],
    ),
    # --- fields ------------------------------------------------------------------------------------
    "missing-required-field": Case(
        {SEMINAR: "---\njudul: Seminar X\ntempat: Wonosobo\n---\n"},
        [f"{SEMINAR}:1: tanggal: required field is missing"],
    ),
    "empty-file": Case({NUSA: ""}, [f"{NUSA}:1: judul: required field is missing"]),
    "empty-required-text": Case({NUSA: NUSA_WITH("judul: ''")}, [f"{NUSA}:2: judul: must not be empty"]),
    "wrong-type-number": Case({NUSA: NUSA_WITH("judul: Nusa", "urutan: pertama")}, [f'{NUSA}:3: urutan: "pertama" is not a whole number']),
    "wrong-type-list": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "anggota:", "  nama: Budi")},
        [f"{NUSA}:3: anggota: expected a list (lines starting with '- '), found a mapping"],
    ),
    "wrong-type-mapping": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "lampiran:", "  - nusa.pdf")},
        [f'{NUSA}:4: lampiran.0: expected `key: value` lines, found "nusa.pdf"'],
    ),
    "wrong-choice": Case(
        {SEMINAR: "---\njudul: S\ntanggal: 2014-10-02\norang:\n  - nama: Budi\n    peran: penonton\n---\n"},
        [f"{SEMINAR}:6: orang.0.peran: \"penonton\" is not one of 'narasumber', 'pejabat', 'moderator', 'pembicara', 'panitia' or 'peserta'"],
    ),
    "invalid-date": Case(
        {NUSA: NUSA_WITH("judul: Kelompok Nusa", "ketua: Sri Widarti", "tanggal: 32 Oktober 2014")},
        ['content/seminar/2014-x/nusa.md:4: tanggal: "32 Oktober 2014" is not a date (expected YYYY-MM-DD)'],
    ),
    "impossible-date": Case(
        {SEMINAR: "---\njudul: Seminar X\ntanggal: 2014-02-30\n---\n"},
        [f'{SEMINAR}:3: tanggal: 2014-02-30 does not exist (February 2014 has 28 days)'],
    ),
    "date-range-ends-before-it-starts": Case(
        {SEMINAR: "---\njudul: Seminar X\ntanggal: 2014-10-02\ntanggal_selesai: 2014-10-01\n---\n"},
        [f"{SEMINAR}:4: tanggal_selesai: 2014-10-01 is before tanggal 2014-10-02"],
    ),
    "study-range-ends-before-it-starts": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "studi_mulai: 2014-09-29", "studi_selesai: 2014-09-01")},
        [f"{NUSA}:4: studi_selesai: 2014-09-01 is before studi_mulai 2014-09-29"],
    ),
    "unknown-key-with-suggestion": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "tangal: 2014-10-02")},
        [f"{NUSA}:3: 'tangal' is not a known field (did you mean 'tanggal'?); put custom fields under extra:"],
    ),
    "unknown-key-without-suggestion": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "warna: merah")},
        [f"{NUSA}:3: 'warna' is not a known field; put custom fields under extra:"],
    ),
    "unknown-key-in-folder-defaults": Case(
        {"content/seminar/2014-x/_dir.yml": "tag: [diklat]\nwarna: merah\n"},
        ["content/seminar/2014-x/_dir.yml:2: 'warna' is not a known field; put custom fields under extra:"],
    ),
    # --- slugs and output paths ------------------------------------------------------------------------
    "duplicate-slug": Case(
        {BANGSA: "---\njudul: Kelompok Bangsa\nslug: nusa\n---\n"},
        [f"{BANGSA}:3: duplicate slug: seminar/2014-x/nusa/index.html is also written by {NUSA}"],
    ),
    "duplicate-explicit-slugs": Case(
        {
            BANGSA: "---\njudul: Kelompok Bangsa\nslug: sama\n---\n",
            NUSA: "---\njudul: Kelompok Nusa\nslug: sama\n---\n",
        },
        [f"{NUSA}:3: duplicate slug: seminar/2014-x/sama/index.html is also written by {BANGSA}"],
    ),
    "slugs-differing-only-in-case": Case(
        {"content/seminar/2014-x/Nusa.md": "---\njudul: Nusa lagi\n---\n"},
        [
            f"{NUSA}: duplicate slug: seminar/2014-x/nusa/index.html is also written by content/seminar/2014-x/Nusa.md"
            " (the names differ only in letter case: Windows and macOS treat them as one file)"
        ],
    ),
    "explicit-slugs-differing-only-in-case": Case(
        {BANGSA: "---\njudul: Kelompok Bangsa\nslug: Nusa\n---\n"},
        [f'{BANGSA}:3: slug: "Nusa" is not a valid slug (use lower-case letters a-z, digits and single hyphens, e.g. nusa)'],
    ),
    "file-names-differing-only-in-unicode-form": Case(
        {
            unicodedata.normalize("NFC", "content/kafé.md"): "---\njudul: Kafe NFC\n---\n",
            unicodedata.normalize("NFD", "content/kafé.md"): "---\njudul: Kafe NFD\n---\n",
        },
        [
            f"{unicodedata.normalize('NFC', 'content/kafé.md')}: duplicate slug: kafe/index.html is also written by {unicodedata.normalize('NFD', 'content/kafé.md')}"
            " (the same name written in another Unicode form, NFC/NFD: macOS treats them as one file)"
        ],
    ),
    "attachments-differing-only-in-unicode-form": Case(
        {
            unicodedata.normalize("NFC", "content/seminar/2014-x/foto-é.jpg"): b"jpeg 1",
            unicodedata.normalize("NFD", "content/seminar/2014-x/foto-é.jpg"): b"jpeg 2",
        },
        [
            f"{unicodedata.normalize('NFC', 'content/seminar/2014-x/foto-é.jpg')}: duplicate slug: "
            f"{unicodedata.normalize('NFC', 'seminar/2014-x/foto-é.jpg')} is also written by {unicodedata.normalize('NFD', 'content/seminar/2014-x/foto-é.jpg')}"
            " (the same name written in another Unicode form, NFC/NFD: macOS treats them as one file)"
        ],
    ),
    "page-on-a-generated-page": Case(
        {"content/cari.md": "---\njudul: Cari\n---\n"},
        ["content/cari.md: output cari/index.html is also written by the search page; rename the file or give it another slug"],
    ),
    "file-name-reserved-on-windows": Case(
        {"content/con.md": "---\njudul: Con\n---\n"},
        ["content/con.md: output 'con/index.html' uses 'con', a reserved device name on Windows; rename the file"],
    ),
    "attachment-name-not-allowed-on-windows": Case(
        {"content/seminar/2014-x/foto?.jpg": b"jpeg", "content/seminar/2014-x/baris\nbaru.pdf": b"pdf"},
        [
            "content/seminar/2014-x/baris\\nbaru.pdf: output 'seminar/2014-x/baris\\nbaru.pdf' contains '\\n', not allowed in Windows file names; rename the file",
            "content/seminar/2014-x/foto?.jpg: output 'seminar/2014-x/foto?.jpg' contains '?', not allowed in Windows file names; rename the file",
        ],
    ),
    "slug-escaping-the-site": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "slug: ../../etc/passwd")},
        [f'{NUSA}:3: slug: "../../etc/passwd" is not a valid slug (use lower-case letters a-z, digits and single hyphens, e.g. etc-passwd)'],
    ),
    "slug-absolute-path": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "slug: /etc/passwd")},
        [f'{NUSA}:3: slug: "/etc/passwd" is not a valid slug (use lower-case letters a-z, digits and single hyphens, e.g. etc-passwd)'],
    ),
    "layout-file-symlink-out-of-the-site": Case(
        {},
        ["layouts/page.html: is a link to a file outside layouts/; copy the file into layouts/ instead"],
        setup=lambda site: ((site / "layouts").mkdir(), os.symlink("/etc/passwd", site / "layouts" / "page.html")),
    ),
    "layout-escaping-the-site": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "layout: ../../etc/passwd")},
        [f'{NUSA}:3: layout: "../../etc/passwd" is not a layout name (expected a file name inside layouts/, e.g. seminar-khusus.html)'],
    ),
    "layout-absolute-path": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "layout: /etc/passwd")},
        [f'{NUSA}:3: layout: "/etc/passwd" is not a layout name (expected a file name inside layouts/, e.g. seminar-khusus.html)'],
    ),
    "attachment-escaping-the-site": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "lampiran:", "  - berkas: ../../../../etc/passwd")},
        [f"{NUSA}:4: lampiran.0.berkas: '../../../../etc/passwd' points outside content/"],
    ),
    "attachment-absolute-path": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "lampiran:", "  - berkas: /etc/passwd")},
        [f"{NUSA}:4: lampiran.0.berkas: '/etc/passwd' must be a relative path next to the Markdown file"],
    ),
    "attachment-symlink-out-of-content": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "lampiran:", "  - berkas: rahasia.pdf")},
        ["content/seminar/2014-x/rahasia.pdf: is a link to a file outside content/; copy the file into the site instead"],
        setup=_symlink("content/seminar/2014-x/rahasia.pdf", "/etc/passwd"),
    ),
    "folder-symlink-out-of-content": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "lampiran:", "  - berkas: etc/passwd")},
        ["content/seminar/2014-x/etc: is a link to a folder outside content/; copy the folder into the site instead"],
        setup=_symlink("content/seminar/2014-x/etc", "/etc"),
    ),
    "dangling-symlink": Case(
        {},
        ["content/seminar/2014-x/hilang.md: is a link to a file that does not exist"],
        setup=lambda site: os.symlink(site / "content/seminar/2014-x/tidak-ada.md", site / "content/seminar/2014-x/hilang.md"),
    ),
    "body-link-escaping-the-site": Case(
        {NUSA: NUSA_WITH("judul: Nusa") + "\n![x](../../../../etc/passwd)\n"},
        [f"{NUSA}:6: link '../../../../etc/passwd' points outside content/"],
    ),
    "body-link-absolute-path": Case(
        {NUSA: NUSA_WITH("judul: Nusa") + "[x](/etc/passwd)\n"},
        [f"{NUSA}:5: link '/etc/passwd' starts with '/', which breaks offline reading; link by relative path from this file, e.g. ../other-page.md"],
    ),
    # --- links, attachments, layouts ----------------------------------------------------------------
    "link-to-a-missing-page": Case(
        {NUSA: NUSA_WITH("judul: Nusa") + "Lihat [Kelompok Garuda](garuda.md).\n"},
        [f"{NUSA}:5: link to 'garuda.md': no such page (looked for content/seminar/2014-x/garuda.md)"],
    ),
    "footnote-never-referenced": Case(
        {NUSA: NUSA_WITH("judul: Nusa") + "\n[^1]: Catatan yang tidak dirujuk.\n"},
        [f"{NUSA}:6: footnote [^1] is never referenced in the text; add [^1] where it belongs or remove the note"],
    ),
    "layout-made-for-another-kind-of-page": Case(
        {
            SEMINAR: "---\njudul: Seminar X\ntanggal: 2014-10-02\nlayout: berita-khusus.html\n---\n",
            "layouts/berita-khusus.html": "{% extends 'base.html' %}\n{% block content %}\n<p>{{ page.author }}</p>\n{% endblock %}\n",
        },
        [
            "layouts/berita-khusus.html:3: undefined variable in layout while rendering seminar/2014-x/index.html: 'prosiding.model.Seminar object' has no attribute "
            f"'author' ({SEMINAR} asks for layout: berita-khusus.html; is that layout made for a seminar page?)"
        ],
    ),
    "missing-attachment": Case(
        {"content/seminar/2014-x/nusa.pdf": None},
        [f"{NUSA}:5: lampiran.0.berkas: file 'nusa.pdf' not found (looked for content/seminar/2014-x/nusa.pdf)"],
    ),
    "unknown-layout": Case(
        {NUSA: NUSA_WITH("judul: Nusa", "ketua: Sri", "layout: paparan-khusus.html")},
        [f'{NUSA}:4: layout: "paparan-khusus.html" not found in layouts/ or the bundled theme'],
    ),
    "unknown-layout-with-suggestion": Case(
        {"content/tentang.md": "---\njudul: Tentang\nlayout: pag.html\n---\n"},
        ['content/tentang.md:3: layout: "pag.html" not found in layouts/ or the bundled theme (did you mean \'page.html\'?)'],
    ),
    "jinja-syntax-error-in-own-layout": Case(
        {"layouts/page.html": "{% extends 'base.html' %}\n{% block content %}\n<h1>{{ page.title }</h1>\n{% endblock %}\n"},
        ["layouts/page.html:3: layout syntax error: unexpected '}'"],
    ),
    "jinja-undefined-variable-in-own-layout": Case(
        {"layouts/page.html": "{% extends 'base.html' %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n<p>{{ page.subjudul }}</p>\n{% endblock %}\n"},
        ["layouts/page.html:4: undefined variable in layout while rendering tentang/index.html: 'prosiding.model.Page object' has no attribute 'subjudul'"],
    ),
    "jinja-missing-include-in-own-layout": Case(
        {"layouts/page.html": "{% extends 'base.html' %}\n{% block content %}\n{% include 'kotak.html' %}\n{% endblock %}\n"},
        ["layouts/page.html:3: layout 'kotak.html' not found in layouts/ or the bundled theme"],
    ),
    "layout-not-utf8": Case(
        {"layouts/page.html": "{% extends 'base.html' %}\n{# Kafé #}\n".encode("latin-1")},
        ["layouts/page.html:2: is not valid UTF-8 (byte 0xe9); save the layout as UTF-8"],
    ),
    "jinja-runtime-error-in-own-layout": Case(
        {"layouts/page.html": "{% extends 'base.html' %}\n{% block content %}\n{{ page.title + 1 }}\n{% endblock %}\n"},
        ['layouts/page.html:3: TypeError in layout while rendering tentang/index.html: can only concatenate str (not "int") to str'],
    ),
    # --- bytes ------------------------------------------------------------------------------------
    "not-utf8": Case(
        {NUSA: "---\njudul: Kafé Nusa\n---\n".encode("latin-1")},
        [f"{NUSA}:2: is not valid UTF-8 (byte 0xe9); save the file as UTF-8"],
    ),
    "over-the-size-limit": Case(
        {NUSA: "---\njudul: Nusa\n---\n" + "a" * MAX_SOURCE_BYTES},
        [f"{NUSA}: file is {MAX_SOURCE_BYTES + 20:,} bytes; the limit for a source file is {MAX_SOURCE_BYTES:,} bytes"],
    ),
    "binary-junk-named-md": Case(
        {NUSA: bytes(range(256)) * 4},
        [f"{NUSA}: is not a text file (it contains NUL bytes); save Markdown as UTF-8 text"],
    ),
    "binary-junk-without-nul-bytes": Case(
        {NUSA: b"\x89PNG\r\n\x1a\n" + bytes(range(0x80, 0x100)) * 4},
        [f"{NUSA}:1: is not valid UTF-8 (byte 0x89); save the file as UTF-8"],
    ),
    # --- settings ---------------------------------------------------------------------------------
    "site-settings-unknown-key": Case(
        {"content/_site.yml": "judul: Prosiding Uji\nbahsa: id\n"},
        ["content/_site.yml:2: 'bahsa' is not a known field (did you mean 'bahasa'?); put custom fields under extra:"],
    ),
    "site-settings-wrong-type": Case(
        {"content/_site.yml": "judul: Prosiding Uji\nberita_per_halaman: banyak\n"},
        ['content/_site.yml:2: berita_per_halaman: "banyak" is not a whole number'],
    ),
    "site-settings-wrong-choice": Case(
        {"content/_site.yml": "judul: Prosiding Uji\nbahasa: jawa\n"},
        ["content/_site.yml:2: bahasa: \"jawa\" is not one of 'id' or 'en'"],
    ),
    "site-settings-malformed-yaml": Case(
        {"content/_site.yml": "judul: Prosiding: Uji: [\n"},
        ["content/_site.yml:1: a value that contains ': ' must be put in quotes, e.g. judul: \"Prosiding: Uji: [\""],
    ),
    "site-settings-missing": Case(
        {"content/_site.yml": None},
        ["content/_site.yml: content/_site.yml is missing; it needs at least `judul: <site title>`"],
    ),
    # --- messages that say how to fix ---------------------------------------------------------------
    "impossible-day-names-the-month-length": Case(
        {SEMINAR: "---\njudul: Seminar X\ntanggal: 2026-11-31\n---\n"},
        [f"{SEMINAR}:3: tanggal: 2026-11-31 does not exist (November 2026 has 30 days)"],
    ),
    "impossible-quoted-day-in-a-leap-year": Case(
        {SEMINAR: '---\njudul: Seminar X\ntanggal: "2028-02-30"\n---\n'},
        [f"{SEMINAR}:3: tanggal: 2028-02-30 does not exist (February 2028 has 29 days)"],
    ),
    "impossible-month": Case(
        {SEMINAR: "---\njudul: Seminar X\ntanggal: 2026-13-01\n---\n"},
        [f"{SEMINAR}:3: tanggal: 2026-13-01 does not exist (there is no month 13; months are 01 to 12)"],
    ),
    "front-matter-opened-with-two-hyphens": Case(
        {NUSA: "--\njudul: Kelompok Nusa\n--\nIsi.\n"},
        [f"{NUSA}:1: front matter opens with a line of exactly three hyphens, ---; this line is '--'"],
    ),
    "front-matter-opened-with-four-hyphens": Case(
        {NUSA: "----\njudul: Kelompok Nusa\n----\nIsi.\n"},
        [f"{NUSA}:1: front matter opens with a line of exactly three hyphens, ---; this line is '----'"],
    ),
    "front-matter-opened-with-an-em-dash": Case(
        {NUSA: "\u2014\njudul: Kelompok Nusa\n\u2014\nIsi.\n"},
        [f"{NUSA}:1: front matter opens with a line of exactly three hyphens, ---; this line is '\u2014'"],
    ),
    "front-matter-opened-after-spaces": Case(
        {NUSA: "  ---\njudul: Kelompok Nusa\n---\nIsi.\n"},
        [f"{NUSA}:1: front matter opens with a line of exactly three hyphens, ---; this line is '---' with spaces before it"],
    ),
    "front-matter-never-closed": Case(
        {NUSA: "---\njudul: Kelompok Nusa\nIsi.\n"},
        [f"{NUSA}:1: the front matter opened with --- on this line is never closed; add a line --- after its last key"],
    ),
    "list-item-out-of-line": Case(
        {NUSA: "---\njudul: Kelompok Nusa\nanggota:\n  - Sri\n - Budi\n---\nIsi.\n"},
        [f"{NUSA}:5: this line is indented differently from the items above it; line it up with them (same number of spaces)"],
    ),
    "mapping-key-out-of-line": Case(
        {NUSA: "---\njudul: Kelompok Nusa\nlampiran:\n  - berkas: nusa.pdf\n    judul: Bahan\n   keterangan: x\n---\nIsi.\n"},
        [f"{NUSA}:6: this line is indented differently from the items above it; line it up with them (same number of spaces)"],
    ),
    "no-space-after-the-colon": Case(
        {NUSA: "---\njudul: Kelompok Nusa\nketua:Sri Widarti\ninstansi: KPPT\n---\nIsi.\n"},
        [f"{NUSA}:3: put a space after the colon: `ketua: Sri Widarti`"],
    ),
    "unclosed-quote": Case(
        {NUSA: '---\njudul: "Kelompok Nusa\nketua: Sri Widarti\n---\nIsi.\n'},
        [f"{NUSA}:2: invalid YAML: a quote opened on this line is never closed"],
    ),
    "english-keys-suggest-the-indonesian-ones": Case(
        {
            "content/_site.yml": "title: Prosiding Uji\ndescription: Uji\n",
            SEMINAR: "---\njudul: Seminar X\ndate: 2014-10-02\nvenue: Wonosobo\ntags: [a]\n---\n",
            NUSA: NUSA_WITH("judul: Nusa", "author: Sri", "order: 1", "summary: Ringkas"),
            "content/berita/kabar.md": "---\njudul: Kabar\ntanggal: 2014-10-03\nauthor: Redaksi\nplace: Wonosobo\n---\n",
        },
        [
            "content/_site.yml:1: 'title' is not a known field (keys are Indonesian: did you mean 'judul'?); put custom fields under extra:",
            "content/_site.yml:1: judul: required field is missing",
            "content/_site.yml:2: 'description' is not a known field (keys are Indonesian: did you mean 'deskripsi'?); put custom fields under extra:",
            "content/berita/kabar.md:4: 'author' is not a known field (keys are Indonesian: did you mean 'penulis'?); put custom fields under extra:",
            "content/berita/kabar.md:5: 'place' is not a known field; put custom fields under extra:",
            f"{SEMINAR}:1: tanggal: required field is missing",
            f"{SEMINAR}:3: 'date' is not a known field (keys are Indonesian: did you mean 'tanggal'?); put custom fields under extra:",
            f"{SEMINAR}:4: 'venue' is not a known field (keys are Indonesian: did you mean 'tempat'?); put custom fields under extra:",
            f"{SEMINAR}:5: 'tags' is not a known field (keys are Indonesian: did you mean 'tag'?); put custom fields under extra:",
            f"{NUSA}:3: 'author' is not a known field (keys are Indonesian: did you mean 'ketua'?); put custom fields under extra:",
            f"{NUSA}:4: 'order' is not a known field (keys are Indonesian: did you mean 'urutan'?); put custom fields under extra:",
            f"{NUSA}:5: 'summary' is not a known field (keys are Indonesian: did you mean 'ringkasan'?); put custom fields under extra:",
        ],
    ),
    "dead-link-suggests-the-nearest-page": Case(
        {NUSA: NUSA_WITH("judul: Nusa") + "[x](bangsaa.md) [y](../../tentnag.md) ![z](nusa.pfd)\n"},
        [
            f"{NUSA}:5: link to '../../tentnag.md': no such page (looked for content/tentnag.md) (did you mean ../../tentang.md?)",
            f"{NUSA}:5: link to 'bangsaa.md': no such page (looked for content/seminar/2014-x/bangsaa.md) (did you mean bangsa.md?)",
            f"{NUSA}:5: link to 'nusa.pfd': no such file (looked for content/seminar/2014-x/nusa.pfd) (did you mean nusa.pdf?)",
        ],
    ),
    "root-link-example-is-the-authors-own-page": Case(
        {NUSA: NUSA_WITH("judul: Nusa") + "[Tentang](/tentang.md#sumber)\n"},
        [f"{NUSA}:5: link '/tentang.md#sumber' starts with '/', which breaks offline reading; link by relative path from this file, e.g. ../../tentang.md#sumber"],
    ),
    # --- several at once ----------------------------------------------------------------------------
    "errors-of-all-files-together-sorted": Case(
        {
            "content/tentang.md": b"---\njudul: Caf\xe9\n---\n",
            NUSA: NUSA_WITH("judul: Nusa", "urutan: satu"),
            BANGSA: NUSA_WITH("judul: Bangsa", "tangal: 2014-10-02"),
            "content/_site.yml": "judul: Prosiding Uji\nbahsa: id\n",
        },
        [
            "content/_site.yml:2: 'bahsa' is not a known field (did you mean 'bahasa'?); put custom fields under extra:",
            f"{BANGSA}:3: 'tangal' is not a known field (did you mean 'tanggal'?); put custom fields under extra:",
            f'{NUSA}:3: urutan: "satu" is not a whole number',
            "content/tentang.md:2: is not valid UTF-8 (byte 0xe9); save the file as UTF-8",
        ],
    ),
    "broken-front-matter-does-not-hide-other-files-mistakes": Case(
        {
            NUSA: NUSA_WITH("judul: Nusa", "ketau: Sri Widarti"),  # a mistyped key
            BANGSA: NUSA_WITH("judul: Bangsa") + "[Nusa](nusa.md) [Selatan](sotuh.md)\n",  # a link to the broken file, and a dead one
            "content/seminar/2014-x/south.md": NUSA_WITH("judul: South", "layout: presentaton.html"),
            "content/berita/kabar.md": "---\njudul: Kabar\ntanggal: 2014-10-03\nseminar: 2014-y\n---\n[Tentang](../tentang.md) ![foto](foto.jpg)\n",
            "content/tentang.md": "---\njudul: Tentang\nurutan: pertama\n---\n",
        },
        [
            "content/berita/kabar.md:4: seminar: '2014-y' is not a seminar slug (known: 2014-x)",
            "content/berita/kabar.md:6: link to 'foto.jpg': no such file (looked for content/berita/foto.jpg)",
            f"{BANGSA}:5: link to 'sotuh.md': no such page (looked for content/seminar/2014-x/sotuh.md) (did you mean south.md?)",
            f"{NUSA}:3: 'ketau' is not a known field (did you mean 'ketua'?); put custom fields under extra:",
            'content/seminar/2014-x/south.md:3: layout: "presentaton.html" not found in layouts/ or the bundled theme (did you mean \'presentation.html\'?)',
            'content/tentang.md:3: urutan: "pertama" is not a whole number',
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_bad_input_is_one_clear_line_and_loses_nothing(name: str, built: Path, capsys) -> None:
    case = CATALOGUE[name]
    write(built, case.files)
    if case.setup:
        case.setup(built)
    code, lines, out = rebuild_fails(built, capsys, case.argv)
    assert lines[:-1] == case.expected
    assert lines[-1] in {
        f"prosiding: {len(case.expected)} error(s); the output folder was not changed.",
        "prosiding: 1 error; the output folder was not changed.",
    }
    assert code == case.code
    assert out == ""
    # `check` finds the same problems without writing
    check_code, check_out, check_err = run_cli(capsys, "--source", str(built), "check")
    assert (check_code, check_err.splitlines()[:-1], check_out) == (case.code, case.expected, "")


# --- usage errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        (".", "it is {site}, and every build replaces the whole output folder"),
        ("content", "it is {site}/content, and every build replaces the whole output folder"),
        ("content/keluaran", "it is inside {site}/content, so the next build would read its own output"),
        ("layouts", "it is {site}/layouts, and every build replaces the whole output folder"),
        ("..", "it contains {site}, and every build replaces the whole output folder"),
    ],
)
def test_output_pointing_at_the_sources_is_a_usage_error(output: str, reason: str, built: Path, capsys) -> None:
    (built / "layouts").mkdir()
    target = (built / output).resolve()
    before = hashes(built)
    code, out, err = run_cli(capsys, "--source", str(built), "build", "--output", str(built / output))
    assert code == EXIT_USAGE_ERROR
    assert err == f"prosiding: refusing to use {target} as the output folder: {reason.format(site=built.resolve())}\n"
    assert "Traceback" not in err and out == ""
    assert hashes(built) == before


def test_a_missing_site_folder_is_a_usage_error(tmp_path: Path, capsys) -> None:
    code, out, err = run_cli(capsys, "--source", str(tmp_path / "tidak-ada"), "build")
    assert code == EXIT_USAGE_ERROR
    assert err == f"prosiding: {tmp_path / 'tidak-ada'} has no content/ folder (use --source to name the site folder)\n"


# --- accepted oddities ------------------------------------------------------------------------------


def rebuild_succeeds(site: Path, capsys) -> dict[str, bytes]:
    code, out, err = run_cli(capsys, "--source", str(site), "build")
    assert code == 0, err
    assert all(line.startswith(("warning: ", "note: ")) for line in err.splitlines()), err
    return {p.relative_to(site / "output").as_posix(): p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}


def test_a_utf8_bom_is_accepted(built: Path, capsys) -> None:
    write(built, {NUSA: "\ufeff---\njudul: Kelompok Nusa BOM\n---\nIsi.\n".encode("utf-8")})
    files = rebuild_succeeds(built, capsys)
    assert text_of(page(files, "seminar/2014-x/nusa/index.html").xpath("//h1")[0]) == "Kelompok Nusa BOM"


def test_windows_line_endings_are_accepted(built: Path, capsys) -> None:
    write(built, {NUSA: b"---\r\njudul: Kelompok Nusa CRLF\r\nurutan: 2\r\n---\r\nIsi.\r\n"})
    files = rebuild_succeeds(built, capsys)
    assert text_of(page(files, "seminar/2014-x/nusa/index.html").xpath("//h1")[0]) == "Kelompok Nusa CRLF"


def test_a_file_with_only_front_matter_is_accepted(built: Path, capsys) -> None:
    write(built, {NUSA: "---\njudul: Hanya Judul\n---\n"})
    files = rebuild_succeeds(built, capsys)
    assert text_of(page(files, "seminar/2014-x/nusa/index.html").xpath("//h1")[0]) == "Hanya Judul"


def test_yaml_1_1_words_and_times_stay_as_written(built: Path, capsys) -> None:
    """`no`, `on`, `09:30` and `012` mean what the author typed, not False, True, 570 and 10."""
    write(built, {
        SEMINAR: "---\njudul: no\ntanggal: 2014-10-02\nprogram:\n  - judul: on\n    waktu: 09:30\n    id: sesi-1\n---\n",
        NUSA: "---\njudul: off\nkelompok: yes\nurutan: 012\nsesi: sesi-1\n---\n",
    })
    files = rebuild_succeeds(built, capsys)
    seminar = page(files, "seminar/2014-x/index.html")
    assert text_of(seminar.xpath("//h1")[0]) == "no"
    assert "09:30" in text_of(seminar.xpath("//main")[0])
    assert text_of(page(files, "seminar/2014-x/nusa/index.html").xpath("//h1")[0]) == "off"


def test_numbers_and_dates_as_keys_are_words(built: Path, capsys) -> None:
    write(built, {NUSA: NUSA_WITH("judul: Nusa", "2014: tahun")})
    code, lines, _ = rebuild_fails(built, capsys)
    assert lines[:-1] == [f"{NUSA}:3: '2014' is not a known field; put custom fields under extra:"]


def test_an_email_autolink_is_a_mailto_link_not_a_dead_link(built: Path, capsys) -> None:
    """`<name@example.org>` reaches the link checker entity-encoded (Markdown's anti-spam); found by test_fuzz."""
    write(built, {NUSA: NUSA_WITH("judul: Nusa") + "Surel: <panitia@example.org>\n"})
    files = rebuild_succeeds(built, capsys)
    assert page(files, "seminar/2014-x/nusa/index.html").xpath("//a[text()='panitia@example.org']/@href") == ["mailto:panitia@example.org"]


# --- pathological bodies: bounded time, one line, nothing lost ------------------------------------
#
# Python-Markdown needs minutes (or recurses without end) on these; the build must answer within
# its budget instead. Each runs the real command line in a child process under a generous
# wall-clock guard, so a regression fails this test instead of hanging the CI run. No test here
# asserts how fast anything is.

import subprocess  # noqa: E402
import sys  # noqa: E402

HANG_GUARD_SECONDS = 60
BUILD_PY = Path(__file__).resolve().parent.parent / "build.py"
BODY_LINE = 6  # NUSA_WITH("judul: Nusa") + "\n" puts the pathological text on line 6
TIGHT_BUDGET = "judul: Prosiding Uji\nbatas:\n  waktu_detik: 1\n"  # the backstop cases wait 1 s, not 5


def _over(what: str, key: str, limit: int, advice: str) -> str:
    return f"{what}: too much to convert safely (at most {limit}; batas.{key} in content/_site.yml); {advice}"


PATHOLOGICAL: dict[str, tuple[str, int, str]] = {
    # name: (body, line within the body, expected message)
    "20000-open-brackets": ("[" * 20000, 1, _over("a run of 20000 [ in a row", "deret", 100, "shorten it, or write \\[ for each [ meant literally")),
    "20000-unclosed-links": ("[a](" * 20000, 1, _over("more than 1000 [ in one paragraph", "tautan_per_blok", 1000, "split the paragraph, or write \\[ for a bracket meant literally")),
    "200000-entities": ("&amp;" * 200000, 1, _over("more than 10000 & in one paragraph", "tanda_per_blok", 10000, "split the paragraph")),
    "200000-numeric-entities": ("&#123;" * 200000, 1, _over("more than 10000 & in one paragraph", "tanda_per_blok", 10000, "split the paragraph")),
    "20000-column-table": ("Isi.\n\n|" + "a|" * 20000 + "\n|" + "-|" * 20000 + "\n", 3, _over("20001 | on one line (table columns)", "kolom_tabel", 200, "split the table")),
    "100000-emphasis": ("*a" * 100000, 1, _over("more than 10000 * in one paragraph", "tanda_per_blok", 10000, "split the paragraph")),
    "3000-abbreviations": ("Teks.\n\n" + "".join(f"*[A{i}]: x\n" for i in range(3000)), 303, _over("3000 abbreviations defined", "singkatan", 300, "keep the ones the text needs")),
    "5000-footnotes": ("".join(f"[^{i}]: n\n" for i in range(5000)), 501, _over("5000 footnotes defined", "catatan_kaki", 500, "split the text into several pages")),
    "20000-headings": ("".join(f"## h{i}\n" for i in range(20000)), 1001, _over("20000 headings", "judul_bagian", 1000, "split the text into several pages")),
    "unclosed-tags": ("<a " * 50000, 1, _over("more than 1000 < in one paragraph", "tag_per_blok", 1000, "split the paragraph, or write &lt; for a < meant literally")),
    "unclosed-autolinks": ("<http://" * 30000, 1, _over("more than 1000 < in one paragraph", "tag_per_blok", 1000, "split the paragraph, or write &lt; for a < meant literally")),
    "smart-quotes": ("\"'" * 100000, 1, _over("more than 10000 \" in one paragraph", "tanda_per_blok", 10000, "split the paragraph")),
    "backtick-pairs": ("`a" * 100000, 1, _over("more than 10000 ` in one paragraph", "tanda_per_blok", 10000, "split the paragraph")),
    "backslashes": ("\\" * 200000, 1, _over("more than 10000 \\ in one paragraph", "tanda_per_blok", 10000, "split the paragraph")),
    "100000-table-rows": ("|a|b|\n|-|-|\n" + "|a|b|\n" * 100000, 1, _over("more than 2000 lines in one paragraph, list or table", "baris_per_blok", 2000, "put blank lines between its parts")),
    "50000-definitions": ("a\n" + ": b\n" * 50000, 1, _over("more than 2000 lines in one paragraph, list or table", "baris_per_blok", 2000, "put blank lines between its parts")),
    "40000-paragraphs": ("kata.\n\n" * 40000, 9999, _over("more than 5000 paragraphs and other blocks up to this line", "blok", 5000, "split the text into several pages")),
    "deep-list": ("".join("    " * i + "- a\n" for i in range(300)), 34, _over("33 levels of nesting (indented lists or > quotes)", "kedalaman", 32, "flatten the list or quote")),
    "deep-quote": (">" * 5000 + " a\n", 1, _over("5000 levels of nesting (indented lists or > quotes)", "kedalaman", 32, "flatten the list or quote")),
    "nested-emphasis": ("Awal.\n\n" + "*" * 2000 + "a" + "*" * 2000, 3, _over("a run of 2000 * in a row", "deret", 100, "shorten it, or write \\* for each * meant literally")),
    # Under every limit, still slow: the time budget stops it, on the line with the most markup.
    "brackets-under-every-limit": ("Awal.\n\n" + ("[a" * 900 + "\n\n") * 200, 3, "this text takes too long to convert (over 1 s); look for very long runs of [ or *"),
}


def _build_in_child(site: Path, command: str = "build") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BUILD_PY), "--source", str(site), command],
                          capture_output=True, text=True, timeout=HANG_GUARD_SECONDS)


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_a_pathological_body_fails_in_bounded_time_with_one_line(name: str, built: Path) -> None:
    body, line, message = PATHOLOGICAL[name]
    write(built, {"content/_site.yml": TIGHT_BUDGET})
    assert _build_in_child(built).returncode == 0  # the new setting alone changes nothing
    before = hashes(built / "output")
    write(built, {NUSA: NUSA_WITH("judul: Nusa") + "\n" + body})
    for command in ("build", "check"):
        result = _build_in_child(built, command)
        assert "Traceback" not in result.stderr
        assert result.stderr.splitlines()[:-1] == [f"{NUSA}:{BODY_LINE + line - 1}: {message}"], result.stderr[-2000:]
        assert result.returncode == EXIT_CONTENT_ERROR
        assert hashes(built / "output") == before


def test_many_removed_pages_are_one_warning_line(built: Path, capsys) -> None:
    write(built, {f"content/halaman-{i}.md": f"---\njudul: Halaman {i}\n---\nIsi.\n" for i in range(6)})
    rebuild_succeeds(built, capsys)
    write(built, {f"content/halaman-{i}.md": None for i in range(6)})
    code, _, err = run_cli(capsys, "--source", str(built), "build")
    removal = [line for line in err.splitlines() if "removed since the last build" in line]
    assert code == 0
    assert removal == ["warning: 6 pages removed since the last build, e.g. halaman-0/index.html, halaman-1/index.html, "
                       "halaman-2/index.html; links and citations to them now break"]
