"""`new seminar|presentation|news NAME`: a content file with every field and a comment for each."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .errors import UsageError, os_error
from .urls import slugify

SEMINAR = """\
---
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
# Orang dan perannya: narasumber, pejabat, moderator, pembicara, panitia, peserta.
orang: []
#  - nama: Drs Nama Lengkap MSi
#    peran: narasumber
#    jabatan: Kepala Bagian ...
#    instansi: id-instansi
# Tag untuk halaman tag.
tag: []
---
Tulis uraian seminar di sini (Markdown).
"""

PRESENTATION = """\
---
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
tag: []
# Lampiran di sebelah berkas ini, mis. bahan paparan PDF.
lampiran: []
#  - berkas: {slug}-paparan.pdf
#    judul: Bahan paparan
---
## Temuan

Tulis temuan kelompok di sini (Markdown).
"""

NEWS = """\
---
# Judul berita (wajib).
judul: {title}
# Tanggal terbit, YYYY-MM-DD (wajib bila tidak ada `seminar`).
tanggal: {today}
# Penulis atau desk.
penulis:
# Ringkasan untuk daftar berita.
ringkasan:
kategori: []
tag: []
# Gambar utama di sebelah berkas ini, dan keterangannya.
gambar:
keterangan_gambar:
# Seminar yang diberitakan: nama folder (slug) seminarnya.
seminar:
---
Tulis berita di sini (Markdown).
"""


def create(site: Path, kind: str, name: str, *, seminar: str | None = None, today: dt.date | None = None) -> Path:
    """Write a new file under content/; never overwrite an existing one."""
    slug = slugify(name)
    content = site / "content"
    if not content.is_dir():
        raise UsageError(f"{site} has no content/ folder (use --source to name the site folder)")
    values = {"title": name.replace("-", " ").strip().capitalize(), "today": (today or dt.date.today()).isoformat(), "slug": slug}
    if kind == "seminar":
        path, text = content / "seminar" / slug / "index.md", SEMINAR
    elif kind == "presentation":
        if not seminar:
            raise UsageError("a presentation needs --seminar <seminar folder name>")
        folder = content / "seminar" / seminar
        if not (folder / "index.md").is_file():
            raise UsageError(f"no seminar at {folder}/index.md; create it with: new seminar {seminar}")
        path, text = folder / f"{slug}.md", PRESENTATION
    else:
        path, text = content / "berita" / f"{slug}.md", NEWS
    try:
        if path.exists():
            raise UsageError(f"{path} already exists")
        _write_new(path, text.format(**values))
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
