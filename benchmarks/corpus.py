"""Generate a synthetic proceedings corpus: N presentations across seminars, in prosiding's format
and (optionally) as Pelican articles with the same text, so both tools build the same content."""
from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "pelayanan publik inovasi kehumasan perizinan satu pintu masyarakat informasi forum warga kinerja "
    "pegawai prosedur standar efektif efisien cepat tepat akurat daerah kabupaten kelompok peserta "
    "studi lapangan temuan narasumber pimpinan instansi desa kecamatan anggaran program kegiatan"
).split()


def paragraph(rng: random.Random, words: int = 60) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def body(rng: random.Random) -> str:
    return "\n\n".join(["## Temuan", paragraph(rng), paragraph(rng), "## Tanggapan", paragraph(rng), "- " + paragraph(rng, 12), "- " + paragraph(rng, 12)])


def make_prosiding_corpus(root: Path, presentations: int, per_seminar: int = 25, seed: int = 1) -> Path:
    rng = random.Random(seed)
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "_site.yml").write_text("judul: Benchmark\n", encoding="utf-8")
    for index in range(presentations):
        seminar = index // per_seminar
        folder = content / "seminar" / f"{2000 + seminar // 10}-seminar-{seminar}"
        if not (folder / "index.md").exists():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "index.md").write_text(
                f"---\njudul: Seminar {seminar}\ntanggal: {2000 + seminar // 10}-{1 + seminar % 12:02d}-15\ntempat: Aula {seminar}\n"
                f"orang:\n  - nama: Dr Narasumber {seminar} MSi\n    peran: narasumber\n---\n{paragraph(rng)}\n",
                encoding="utf-8",
            )
        (folder / f"kelompok-{index}.md").write_text(
            f"---\njudul: Paparan {index} {rng.choice(WORDS)}\nkelompok: K{index}\nketua: Ketua {index % 300}\n"
            f"instansi: Instansi {index % 40}\nkepala_instansi: Drs Kepala {index % 40} MM\ntag: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\n"
            f"ringkasan: {paragraph(rng, 20)}\n---\n{body(rng)}\n",
            encoding="utf-8",
        )
    return root


def make_pelican_corpus(root: Path, presentations: int, per_seminar: int = 25, seed: int = 1) -> Path:
    rng = random.Random(seed)
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    for index in range(presentations):
        seminar = index // per_seminar
        (content / f"kelompok-{index}.md").write_text(
            f"Title: Paparan {index} {rng.choice(WORDS)}\nDate: {2000 + seminar // 10}-{1 + seminar % 12:02d}-15\n"
            f"Category: Seminar {seminar:03d}\nTags: {rng.choice(WORDS)}, {rng.choice(WORDS)}\nAuthors: Ketua {index % 300}\n"
            f"Summary: {paragraph(rng, 20)}\n\n{body(rng)}\n",
            encoding="utf-8",
        )
    (root / "pelicanconf.py").write_text(
        "SITENAME = 'Benchmark'\nSITEURL = ''\nRELATIVE_URLS = True\nTIMEZONE = 'Asia/Jakarta'\nDEFAULT_LANG = 'id'\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTRANSLATION_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n"
        "DEFAULT_PAGINATION = 10\nLOAD_CONTENT_CACHE = False\n",
        encoding="utf-8",
    )
    return root


HUGO_BASEOF = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ "index.html" | relURL }}">Beranda</a></nav><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>{{ .Content }}
<p>{{ range .Params.tags }}<a href="{{ "tags/" | relURL }}{{ . | urlize }}/index.html">{{ . }}</a> {{ end }}</p>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}index.html">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def make_hugo_corpus(root: Path, presentations: int, per_seminar: int = 25, seed: int = 1) -> Path:
    """The same presentations as a Hugo site: one section per seminar, tags, relative URLs."""
    rng = random.Random(seed)
    for index in range(presentations):
        seminar = index // per_seminar
        folder = root / "content" / f"seminar-{seminar}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"kelompok-{index}.md").write_text(
            f"---\ntitle: Paparan {index} {rng.choice(WORDS)}\ndate: {2000 + seminar // 10}-{1 + seminar % 12:02d}-15\n"
            f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\nauthors: [Ketua {index % 300}]\n"
            f"summary: {paragraph(rng, 20)}\n---\n{body(rng)}\n",
            encoding="utf-8",
        )
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (root / "config.toml").write_text(
        'baseURL = "/"\nrelativeURLs = true\nuglyURLs = false\nlanguageCode = "id"\ntitle = "Benchmark"\n'
        "paginate = 10\ndisableKinds = [\"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n",
        encoding="utf-8",
    )
    return root
