"""`new site|seminar|presentation|news|layout`: the files a new author starts from.

Scaffolds speak the site's `bahasa` (comments and placeholder text), and content scaffolds start
as drafts (Hugo's archetypes do the same), so a build right after `new` publishes nothing
half-written. Nothing here ever overwrites a file.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path, PurePosixPath

from .errors import ProsidingError, SourceRef, UsageError, os_error
from .parse import parse_yaml_mapping
from .urls import slugify

# --- the site ------------------------------------------------------------------------------------

SITE_YML = {
    "id": """\
# Pengaturan situs. Setiap kunci punya satu baris penjelasan; hapus tanda # untuk memakai contoh.
# Judul situs, tampil di kepala setiap halaman (wajib).
judul: {title}
# Penyelenggara atau penerbit prosiding.
penyelenggara:
# Satu-dua kalimat di bawah judul beranda; juga deskripsi untuk mesin pencari.
deskripsi:
# Bahasa antarmuka: id (Indonesia) atau en (Inggris).
bahasa: id
# Alamat web tempat situs diterbitkan, mis. https://contoh.go.id/prosiding/ (kosongkan untuk dibaca luring saja).
url_dasar:
# Jumlah berita per halaman daftar berita.
berita_per_halaman: 10
# HTML tambahan yang boleh tetap ada di isi halaman, mis. tag: [video, source] (lihat README).
html_diizinkan:
  tag: []
  atribut: {{}}
# Hanya untuk lembaga yang mendaftarkan DOI di Crossref: berkas deposit per seminar (perlu url_dasar; lihat README).
# crossref:
#   prefiks_doi: "10.12345"
#   penyetor: {{nama: Bagian Humas, email: humas@contoh.go.id}}
#   pendaftar: Pemerintah Kabupaten Contoh
# Cetak buku prosiding setiap seminar sebagai PDF (perlu WeasyPrint: pip install 'prosiding[pdf]').
buku_pdf: true
# Identitas penerbit di setiap halaman: logo (juga ikon situs), warna aksen (diperiksa kontrasnya), kontak, lisensi.
# identitas:
#   logo: gambar/logo.png
#   alt_logo: Logo Pemerintah Kabupaten Contoh
#   warna: "#0b5a7a"
#   kontak: humas@contoh.go.id
#   alamat: Jl. Contoh No. 1
#   lisensi: CC BY 4.0
# Komentar di bawah berita dan paparan; isso_url: server Isso yang menerima komentar baru (lihat README).
# komentar:
#   aktif: true
#   isso_url: https://contoh.go.id/komentar
# Nilai bebas untuk layout Anda sendiri (site.config.extra).
extra: {{}}
""",
    "en": """\
# Site settings. Every key has a one-line explanation; remove the # to use an example.
# Site title, shown in every page header (required).
judul: {title}
# Who organises or publishes the proceedings.
penyelenggara:
# One or two sentences under the home page title; also the description for search engines.
deskripsi:
# Interface language: id (Indonesian) or en (English).
bahasa: en
# The web address the site is published at, e.g. https://example.org/proceedings/ (leave empty for offline reading only).
url_dasar:
# How many news articles one page of the news list shows.
berita_per_halaman: 10
# Extra HTML that may stay in page bodies, e.g. tag: [video, source] (see the README).
html_diizinkan:
  tag: []
  atribut: {{}}
# Only for organisations that register DOIs with Crossref: a deposit file per seminar (needs url_dasar; see the README).
# crossref:
#   prefiks_doi: "10.12345"
#   penyetor: {{nama: Communications Office, email: office@example.org}}
#   pendaftar: Example Regency Government
# Print each seminar's volume as a PDF (needs WeasyPrint: pip install 'prosiding[pdf]').
buku_pdf: true
# The publisher on every page: logo (also the site icon), accent colour (checked for contrast), contact, licence.
# identitas:
#   logo: images/logo.png
#   alt_logo: Logo of the Example Regency
#   warna: "#0b5a7a"
#   kontak: office@example.org
#   alamat: 1 Example Street
#   lisensi: CC BY 4.0
# Comments under news and presentations; isso_url: the Isso server that receives new ones (see the README).
# komentar:
#   aktif: true
#   isso_url: https://example.org/comments
# Free-form values for your own layouts (site.config.extra).
extra: {{}}
""",
}

GITIGNORE = """\
# Written by `prosiding build`; rebuilt from content/ at any time.
/output/
/output.tmp*/
/output.old*/
/output.lock
/output.lock.stale-*
/.prosiding-cache/
"""

DEFAULT_TITLE = {"id": "Prosiding", "en": "Proceedings"}


def create_site(folder: Path, *, title: str | None = None, language: str = "id") -> list[Path]:
    """A site that builds at once: settings, an empty seminar folder, a .gitignore for the output."""
    content = folder / "content"
    if content.exists():
        raise UsageError(f"{folder} already holds a content/ folder; nothing was changed (choose an empty or new folder)")
    if (folder / ".gitignore").exists():
        raise UsageError(f"{folder / '.gitignore'} already exists; nothing was changed (choose an empty or new folder)")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    shown_title = title.strip() if title and title.strip() else DEFAULT_TITLE[language]
    site_yml, gitignore = content / "_site.yml", folder / ".gitignore"
    # A JSON string is a valid YAML double-quoted scalar: any title, colon or quote included.
    files = [
        (site_yml, SITE_YML[language].format(title=json.dumps(shown_title, ensure_ascii=False))),
        (content / "seminar" / ".gitkeep", ""),  # hidden files are not read by the build; this one keeps the empty folder in git
        (gitignore, GITIGNORE),
    ]
    written: list[Path] = []
    try:
        for path, text in files:
            _write_new(path, text)
            written.append(path)
    except OSError as error:
        for path in reversed(written):  # all or nothing: no half a site to refuse next time
            path.unlink(missing_ok=True)
        for made in (content / "seminar", content):
            try:
                made.rmdir()
            except OSError:
                pass
        raise os_error(error, "create", path) from error
    return [site_yml, content / "seminar", gitignore]


# --- content -------------------------------------------------------------------------------------

DRAFT_LINE = {
    "id": "draft: true  # draf: belum diterbitkan. Hapus baris ini untuk menerbitkannya.",
    "en": "draft: true  # a draft: not published yet. Delete this line to publish it.",
}

SEMINAR = {
    "id": """\
---
{draft}
# Judul seminar (wajib).
judul: {title}
# Tema seminar (boleh dihapus).
tema:
# Tanggal mulai, YYYY-MM-DD (wajib).
tanggal: {today}
# Tanggal selesai bila lebih dari sehari, YYYY-MM-DD.
tanggal_selesai:
# Tempat dan kota.
tempat:
kota:
# Penyelenggara seminar.
penyelenggara:
# Jumlah peserta dan kelompok (angka).
jumlah_peserta:
jumlah_kelompok:
# Ringkasan satu-dua kalimat untuk daftar dan hasil pencarian.
ringkasan:
# Acara: sesi-sesi seminar. Paparan memilih sesinya dengan `sesi: <id>`.
program: []
#  - judul: Sesi paparan kelompok
#    id: sesi-1
#    tanggal: {today}
#    waktu: "09:00-12:00"
#    moderator: Nama Moderator
# Orang dan perannya (peran: narasumber, pejabat, moderator, pembicara, panitia, peserta).
orang: []
#  - nama: Drs Nama Lengkap MSi
#    peran: narasumber
#    jabatan: Kepala Bagian ...
#    instansi: id-instansi
# Tag untuk halaman tag.
tag: []
---
Tulis uraian seminar di sini (Markdown).
""",
    "en": """\
---
{draft}
# Title of the seminar (required).
judul: {title}
# Theme of the seminar (may be deleted).
tema:
# First day, YYYY-MM-DD (required).
tanggal: {today}
# Last day if it lasts more than one day, YYYY-MM-DD.
tanggal_selesai:
# Venue and city.
tempat:
kota:
# Who organises the seminar.
penyelenggara:
# Number of participants and of groups (numbers).
jumlah_peserta:
jumlah_kelompok:
# A one- or two-sentence summary for listings and search results.
ringkasan:
# Programme: the seminar's sessions. A presentation picks its session with `sesi: <id>`.
program: []
#  - judul: Group presentations
#    id: session-1
#    tanggal: {today}
#    waktu: "09:00-12:00"
#    moderator: Full Name
# People and their part (peran: narasumber = speaker, pejabat = official, moderator, pembicara = presenter, panitia = committee, peserta = participant).
orang: []
#  - nama: Dr Full Name
#    peran: narasumber
#    jabatan: Head of ...
#    instansi: institution-id
# Tags, each with its own tag page.
tag: []
---
Describe the seminar here (Markdown).
""",
}

PRESENTATION = {
    "id": """\
---
{draft}
# Judul paparan (wajib).
judul: {title}
# Nama kelompok, ketua dan anggota.
kelompok:
ketua:
anggota: []
# Instansi (SKPD) yang dikunjungi: id, nama, atau singkatan.
instansi:
# Kepala instansi saat studi lapangan, dan jabatannya.
kepala_instansi:
jabatan_kepala:
# Tanggal studi lapangan, YYYY-MM-DD.
studi_mulai:
studi_selesai:
# Urutan dalam acara (angka); tanpa urutan, paparan diurutkan menurut nama berkas.
urutan:
# Sesi dari `program` seminar (id-nya).
sesi:
# Ringkasan satu-dua kalimat.
ringkasan:
# Tag, masing-masing dengan halaman tagnya.
tag: []
# Lampiran di sebelah berkas ini, mis. bahan paparan PDF.
lampiran: []
#  - berkas: {slug}-paparan.pdf
#    judul: Bahan paparan
---
## Temuan

Tulis temuan kelompok di sini (Markdown).
""",
    "en": """\
---
{draft}
# Title of the presentation (required).
judul: {title}
# Name of the group, its leader and its members.
kelompok:
ketua:
anggota: []
# The institution visited: its id, name or abbreviation.
instansi:
# Head of that institution at the time of the field study, and their position.
kepala_instansi:
jabatan_kepala:
# Dates of the field study, YYYY-MM-DD.
studi_mulai:
studi_selesai:
# Place in the programme (a number); without one, presentations are ordered by file name.
urutan:
# The session from the seminar's `program` (its id).
sesi:
# A one- or two-sentence summary.
ringkasan:
# Tags, each with its own tag page.
tag: []
# Attachments next to this file, e.g. the slides as a PDF.
lampiran: []
#  - berkas: {slug}-slides.pdf
#    judul: Slides
---
## Findings

Write the group's findings here (Markdown).
""",
}

NEWS = {
    "id": """\
---
{draft}
# Judul berita (wajib).
judul: {title}
# Tanggal terbit, YYYY-MM-DD (wajib bila tidak ada `seminar`).
tanggal: {today}
# Penulis atau desk.
penulis:
# Ringkasan untuk daftar berita.
ringkasan:
# Kategori dan tag.
kategori: []
tag: []
# Gambar utama di sebelah berkas ini, teks alternatifnya (apa yang tampak, untuk pembaca
# yang tidak melihat gambar; wajib bila ada gambar) dan keterangannya.
gambar:
alt_gambar:
keterangan_gambar:
# Seminar yang diberitakan: nama folder (slug) seminarnya.
seminar:
---
Tulis berita di sini (Markdown).
""",
    "en": """\
---
{draft}
# Headline (required).
judul: {title}
# Date of publication, YYYY-MM-DD (required unless `seminar` is given).
tanggal: {today}
# Author or desk.
penulis:
# A summary for the news list.
ringkasan:
# Categories and tags.
kategori: []
tag: []
# Featured image next to this file, its alt text (what it shows, for readers who cannot see
# it; required with an image) and its caption.
gambar:
alt_gambar:
keterangan_gambar:
# The seminar reported on: its folder name (slug).
seminar:
---
Write the article here (Markdown).
""",
}

TEMPLATES = {"seminar": SEMINAR, "presentation": PRESENTATION, "news": NEWS}


def create(site: Path, kind: str, name: str, *, seminar: str | None = None, today: dt.date | None = None) -> Path:
    """Write a new draft under content/ in the site's language; never overwrite an existing one."""
    content = require_site(site)
    language = site_language(site)
    slug = slugify(name)
    if not slug:
        raise UsageError(f"{name!r} gives an empty file name; use letters or digits, e.g. {'kelompok-nusa' if language == 'id' else 'group-north'}")
    title = name.replace("-", " ").strip().capitalize()
    values = {"title": json.dumps(title, ensure_ascii=False), "today": (today or dt.date.today()).isoformat(), "slug": slug,
              "draft": DRAFT_LINE[language]}
    if kind == "seminar":
        path = content / "seminar" / slug / "index.md"
    elif kind == "presentation":
        if not seminar:
            raise UsageError("a presentation needs --seminar <seminar folder name>")
        folder = content / "seminar" / seminar
        if not (folder / "index.md").is_file():
            known = sorted(p.parent.name for p in (content / "seminar").glob("*/index.md"))
            hint = f" (seminars: {', '.join(known)})" if known else ""
            raise UsageError(f"no seminar at {folder}/index.md{hint}; create it with: prosiding new seminar {seminar}")
        path = folder / f"{slug}.md"
    else:
        path = content / "berita" / f"{slug}.md"
    try:
        if path.exists():
            raise UsageError(f"{path} already exists; nothing was changed")
        _write_new(path, TEMPLATES[kind][language].format(**values))
    except OSError as error:
        raise os_error(error, "create", path) from error
    return path


def _write_new(path: Path, text: str) -> None:
    """Create `path` (and its folders); on failure remove what was made, so content/ is as before."""
    made = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    created = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as stream:
            created = True
            stream.write(text)
    except BaseException:
        if created:  # never a file someone else made meanwhile ("x" refused it)
            path.unlink(missing_ok=True)
        for folder in made:  # deepest first
            try:
                folder.rmdir()
            except OSError:
                break
        raise


def require_site(site: Path) -> Path:
    """The site's content/ folder, or a one-line error that says how to start a site."""
    content = site / "content"
    if not (content / "_site.yml").is_file():
        where = "this folder" if site.resolve() == Path.cwd().resolve() else str(site)
        raise UsageError(f"{where} is not a prosiding site (no content/_site.yml); start one with: prosiding new site DIR, or name the site folder with --source")
    return content


def site_language(site: Path) -> str:
    """`bahasa` from content/_site.yml; Indonesian when the file cannot tell (the build reports why)."""
    try:
        text = (site / "content" / "_site.yml").read_text(encoding="utf-8-sig")
        meta, _ = parse_yaml_mapping(text, SourceRef("content/_site.yml"))
    except (OSError, UnicodeDecodeError, ProsidingError):
        return "id"
    return "en" if meta.get("bahasa") == "en" else "id"


# --- the theme -----------------------------------------------------------------------------------

#: What each file of the bundled theme renders; `new layout` lists these (a test keeps it complete).
THEME_FILES = {
    "base.html": "the frame every page extends: head, header, navigation, footer",
    "home.html": "the home page (index.html)",
    "seminar.html": "one seminar: its facts, programme and presentations",
    "presentation.html": "one group presentation: group, institution, attachments, body",
    "news.html": "one news article",
    "news_list.html": "the news list (berita/), its pages and category pages",
    "person.html": "one person and their roles",
    "people.html": "the index of people (orang/)",
    "institution.html": "one institution: heads over time, people, field studies",
    "institutions.html": "the index of institutions (instansi/)",
    "tag.html": "one tag: the seminars, presentations and news with it",
    "tags.html": "the index of tags",
    "archive.html": "all seminars by year (arsip/)",
    "year.html": "the seminars and news of one year",
    "page.html": "any other page (e.g. tentang.md)",
    "search.html": "the offline search page (cari/)",
    "partials/macros.html": "shared macros: role labels, people, institutions, breadcrumbs, cards, tags, table of contents",
    "partials/search_box.html": "the search box on every page",
    "partials/head_meta.html": "metadata in every page's head: citation_* (Google Scholar), Dublin Core, Open Graph, JSON-LD",
    "404.html": "the page a web host shows for a missing address",
    "volume.html": "a seminar's printable volume (buku prosiding), also printed to PDF",
    "partials/volume_links.html": "links from a seminar page to its volume and PDF",
    "_static/volume.css": "the volume's print style sheet (A4 pages, running headers, page numbers)",
    "partials/cite_box.html": "the Kutip (cite) box on seminar and presentation pages",
    "_static/style.css": "the style sheet of every page",
    "_static/search.js": "the offline search script",
    "_static/cite.js": "the copy buttons of the Kutip box",
    "partials/comments.html": "approved comments under news and presentations, and the comment form (with komentar.isso_url)",
    "_static/komentar.js": "shows the comment form when a page is served over http(s) and posts it to Isso",
    "_static/vendor/minisearch/minisearch.js": "MiniSearch, the search library (vendored)",
    "_static/vendor/minisearch/LICENSE.txt": "MiniSearch's licence",
    "_static/vendor/minisearch/VERSION": "MiniSearch's version",
    "_static/vendor/orama-stemmers/indonesian.js": "the Indonesian stemmer for search (vendored)",
    "_static/vendor/orama-stemmers/LICENSE.md": "the stemmer's licence",
    "_static/vendor/orama-stemmers/VERSION": "the stemmer's version",
}


def theme_files(theme: Path) -> list[str]:
    """Every file of the bundled theme, as a path relative to it (`partials/macros.html`)."""
    return sorted(
        p.relative_to(theme).as_posix() for p in theme.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".py", ".pyc"}
    )


def list_layouts(theme: Path) -> list[str]:
    """One line per theme file: its name and what it renders."""
    names = sorted(theme_files(theme), key=lambda n: (n.startswith("_static/"), n.count("/"), n != "base.html", n))  # the frame, layouts, then static files
    width = max(len(name) for name in names)
    return [f"{name:<{width}}  {THEME_FILES.get(name, '')}".rstrip() for name in names]


def copy_layout(site: Path, theme: Path, name: str) -> Path:
    """Copy one theme file into the site's layouts/ for editing; never overwrite the site's own."""
    require_site(site)
    wanted = PurePosixPath(name.replace("\\", "/").removeprefix("layouts/"))
    known = theme_files(theme)
    if wanted.as_posix() not in known:
        import difflib

        guess = difflib.get_close_matches(wanted.as_posix(), known, n=1) or difflib.get_close_matches(wanted.name, known, n=1)
        hint = f" (did you mean {guess[0]}?)" if guess else ""
        raise UsageError(f"{name!r} is not a file of the bundled theme{hint}; list them with: prosiding new layout")
    target = site / "layouts" / wanted
    if target.exists():
        raise UsageError(f"{target} already exists; nothing was changed (delete it first to start again from the theme's copy)")
    try:
        _copy_new(theme / wanted, target)
    except OSError as error:
        raise os_error(error, "create", target) from error
    return target


def _copy_new(source: Path, target: Path) -> None:
    """Copy byte for byte into a file that must not exist yet ("x": never over the site's own)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(source, "rb") as reader, open(target, "xb") as writer:
        shutil.copyfileobj(reader, writer)
