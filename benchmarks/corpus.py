"""A seeded, realistic proceedings corpus written three ways (prosiding, Pelican, Hugo).

The same seminars, presentations, news, people and institutions, with byte-identical Markdown
bodies, so a benchmark compares three tools building the same text. Bodies are ~775 words of
Indonesian-like public-administration prose with headings, lists, a pipe table, a blockquote,
emphasis and internal links. Links are written once as `](@/<path under content/>)` and each
writer turns them into its own tool's link syntax.

    plan = plan_corpus(1000)                 # pure: what to write
    make_prosiding_corpus(root, 1000)        # or write_site("pelican", plan, root), ...
"""
from __future__ import annotations

import datetime
import difflib
import os
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

REPO = Path(__file__).resolve().parent.parent
TOOLS = ("prosiding", "pelican", "hugo")

# --- vocabulary ------------------------------------------------------------------------------------

NOUNS = """pelayanan masyarakat pemerintah daerah kabupaten kecamatan desa kelurahan instansi dinas badan
kantor bagian bidang seksi pegawai aparatur pejabat pimpinan kepala staf warga pemohon pengguna layanan
perizinan izin dokumen berkas arsip data informasi sistem aplikasi teknologi jaringan prosedur standar
mekanisme alur tahapan persyaratan formulir loket ruang gedung sarana prasarana fasilitas anggaran dana
biaya retribusi pajak pendapatan belanja program kegiatan rencana strategi kebijakan peraturan regulasi
keputusan kewenangan tugas fungsi kinerja capaian target sasaran indikator evaluasi pengawasan pemantauan
laporan pelaporan rapat koordinasi kemitraan sosialisasi pelatihan kompetensi keterampilan pengetahuan
budaya etos disiplin integritas akuntabilitas transparansi partisipasi aspirasi pengaduan keluhan saran
masukan kepuasan survei responden hasil temuan kendala hambatan tantangan permasalahan solusi inovasi
terobosan perubahan reformasi birokrasi organisasi struktur unit tim kelompok peserta narasumber studi
observasi kunjungan wawancara diskusi paparan kesehatan pendidikan kependudukan perhubungan pertanian
perikanan pariwisata lingkungan kebersihan sampah jalan puskesmas sekolah pasar usaha investasi koperasi
perdagangan industri kesejahteraan kemiskinan bantuan keluarga wilayah kawasan potensi waktu periode
proses langkah upaya peran dukungan komitmen motivasi semangat kreativitas kualitas mutu efektivitas
efisiensi kecepatan ketepatan kemudahan keterbukaan kepastian pengelolaan penataan pembinaan pemberdayaan
penyuluhan pendataan pencatatan penerbitan pengurusan penyelesaian""".split()
COMPOUNDS = ["tata kelola", "sumber daya manusia", "kerja sama", "tanggung jawab", "air bersih",
              "lingkungan hidup", "pencatatan sipil", "tenaga kerja", "rumah tangga", "penanaman modal",
              "pelayanan prima", "satu pintu", "standar pelayanan minimal", "indeks kepuasan masyarakat"]
VERBS = """melaksanakan meningkatkan memberikan menyediakan mengembangkan menerapkan melakukan menyusun
menetapkan mengelola mengatur memantau mengevaluasi melaporkan menyampaikan menjelaskan memaparkan menilai
mengamati mencatat menemukan menunjukkan mendorong mendukung memperkuat memperluas mempercepat mempermudah
menyederhanakan mengurangi menekan mengatasi menyelesaikan menangani melayani menerima memproses menerbitkan
mengintegrasikan memanfaatkan menggunakan membangun membentuk menjalin melibatkan mengajak menggali
mempelajari membandingkan mengadopsi mereplikasi menjaga mempertahankan memastikan menjamin mengoptimalkan
merumuskan merekomendasikan mengusulkan menyarankan""".split()
PASSIVES = """diterapkan dilaksanakan diberikan disusun dikembangkan dinilai dirasakan diharapkan dibentuk
ditetapkan dipantau dievaluasi dilaporkan disampaikan dipertahankan ditingkatkan disederhanakan""".split()
INTRANSITIVES = "berjalan berkembang berhasil bertambah menurun meningkat tersedia terlaksana tercapai berubah".split()
ADJECTIVES = """baik cepat tepat akurat mudah murah efektif efisien transparan akuntabel profesional ramah
sopan tertib bersih nyaman aman terbuka jelas lengkap sederhana modern terpadu terintegrasi berkelanjutan
optimal memadai terbatas rendah tinggi positif signifikan konsisten responsif inovatif kreatif partisipatif
strategis penting utama baru rutin berkala langsung digital elektronik manual daring khusus umum publik
lokal nasional regional""".split()
DETERMINERS = ["ini", "tersebut", "itu", "yang ada", "yang berlaku", "di lapangan"]
QUANTIFIERS = ["setiap", "seluruh", "beberapa", "berbagai", "sebagian", "para", "semua"]
MODALS = ["telah", "sudah", "masih", "akan", "dapat", "harus", "perlu", "belum", "terus", "mulai", "berupaya"]
ADVERBS = ["sangat", "cukup", "lebih", "semakin", "relatif", "cukup", "jauh lebih"]
PREPOSITIONS = ["di", "dalam", "untuk", "dengan", "pada", "bagi", "terhadap", "melalui", "kepada", "dari"]
CONNECTORS = ["sehingga", "karena", "agar", "namun", "tetapi", "meskipun", "sedangkan", "bahkan",
              "terutama ketika", "sejak", "selama", "setelah", "sebelum"]
OPENERS = ["Selain itu,", "Di sisi lain,", "Menurut kelompok,", "Dalam praktiknya,", "Oleh karena itu,",
           "Pada umumnya,", "Secara umum,", "Berdasarkan hasil wawancara,", "Meskipun demikian,",
           "Sebagai contoh,", "Dengan demikian,", "Hasil observasi menunjukkan bahwa", "Pada tahap awal,"]
ABBREVIATIONS = {"SOP": "standar operasional prosedur", "SPM": "standar pelayanan minimal",
                 "PTSP": "pelayanan terpadu satu pintu", "IKM": "indeks kepuasan masyarakat",
                 "SKPD": "satuan kerja perangkat daerah", "OPD": "organisasi perangkat daerah",
                 "ASN": "aparatur sipil negara", "APBD": "anggaran pendapatan dan belanja daerah",
                 "TIK": "teknologi informasi dan komunikasi", "UMKM": "usaha mikro, kecil dan menengah"}
PLACES = """Wonosobo Magelang Temanggung Banjarnegara Purworejo Kebumen Semarang Sleman Bantul Klaten Boyolali
Sragen Karanganyar Sukoharjo Wonogiri Pati Kudus Jepara Demak Batang Pekalongan Pemalang Tegal Brebes
Cilacap Banyumas Purbalingga Blora Rembang Grobogan Kendal Salatiga""".split()
INSTITUTION_TYPES = [
    ("Dinas Kesehatan", "Dinkes"), ("Dinas Pendidikan", "Disdik"), ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("Dinas Perhubungan", "Dishub"), ("Dinas Pertanian", "Distan"), ("Dinas Pariwisata dan Kebudayaan", "Disparbud"),
    ("Dinas Lingkungan Hidup", "DLH"), ("Dinas Sosial", "Dinsos"), ("Dinas Koperasi dan UMKM", "Dinkop"),
    ("Dinas Penanaman Modal dan PTSP", "DPMPTSP"), ("Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    ("Badan Kepegawaian Daerah", "BKD"), ("Badan Pengelola Keuangan Daerah", "BPKD"), ("Bagian Humas Setda", "Humas"),
    ("Bagian Organisasi Setda", "Ortala"), ("Inspektorat Daerah", "Inspektorat"), ("Satuan Polisi Pamong Praja", "Satpol PP"),
    ("Rumah Sakit Umum Daerah", "RSUD"), ("Kantor Arsip dan Perpustakaan", "Arpus"),
    ("Badan Penanggulangan Bencana Daerah", "BPBD"), ("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    ("Perusahaan Daerah Air Minum", "PDAM"), ("Kantor Pelayanan Perizinan Terpadu", "KPPT"),
]
FIRST_NAMES = """Agus Budi Sri Tri Dwi Eko Hadi Joko Bambang Slamet Sugeng Wahyu Yuli Endang Retno Siti Nur Rina
Dewi Ratna Lestari Anik Yanti Heru Teguh Suryo Bayu Rudi Andi Arif Fajar Galih Hendra Indra Kurnia Lukman
Made Nyoman Ketut Putu Wayan Gede Rahmat Ridwan Samsul Taufik Umar Yusuf Zainal Ahmad Imam Fitri Novi Wulan
Ayu Dian Maya Puji Tutik Wiwik Sulastri Suparmi Purwanti Mulyadi Suharto Sunarto Widodo Prasetyo Kristiani
Maria Yohanes Antonius Fransiska Paulus Stefanus Theresia Lucia Gregorius Ignatius""".split()
LAST_NAMES = """Santoso Widarti Antoro Purwanto Susanto Wibowo Setiawan Nugroho Hidayat Saputra Kurniawan Pratama
Wijaya Rahayu Handayani Suryani Lestari Utomo Hartono Sutrisno Riyanto Haryanto Supriyadi Sulistyo Mulyono
Rahmawati Puspitasari Wulandari Anggraini Kusuma Permana Sasmita Hakim Fauzi Rosyid Mahmud Nasution Siregar
Harahap Simanjuntak Pangaribuan Tambunan Manurung Sitompul Lubis Daulay Pardede Sembiring Ginting Tarigan
Surbakti Sinaga Situmorang Hutapea Silalahi Gultom Marpaung Panjaitan Sihombing Tampubolon Simatupang
Batubara Rangkuti Matondang Ritonga Hasibuan Pulungan Dalimunthe Siagian Purba Saragih Damanik Sipayung""".split()
PREFIX_TITLES = ["", "", "", "", "Drs", "Dr", "Ir", "H", "Hj"]
SUFFIX_TITLES = ["", "", "", "MSi", "MM", "SSos", "SH", "SE", "ST", "SPd", "MPd", "MAP"]
GROUP_NAMES = """Nusa Bangsa Merdeka Sindoro Sumbing Merapi Merbabu Lawu Slamet Prau Dieng Ungaran Muria Serayu
Progo Bengawan Cempaka Melati Kenanga Anggrek Teratai Dahlia Flamboyan Cendana Jati Mahoni Beringin Trembesi
Garuda Rajawali Elang Merpati""".split()
THEMES = [
    "Benchmarking To Best Practice", "Inovasi Pelayanan Publik", "Reformasi Birokrasi di Daerah",
    "Tata Kelola Pemerintahan yang Baik", "Pelayanan Terpadu Satu Pintu", "Keterbukaan Informasi Publik",
    "Pelayanan Publik Berbasis Digital", "Pengelolaan Keuangan Daerah", "Pembangunan Desa Berkelanjutan",
    "Manajemen Aparatur Sipil Negara", "Kepemimpinan Perubahan", "Penguatan Akuntabilitas Kinerja",
    "Pelayanan Kesehatan Dasar", "Mutu Pendidikan di Daerah", "Pengendalian Gratifikasi",
    "Pemberdayaan Ekonomi Lokal", "Penanggulangan Kemiskinan", "Pengelolaan Sampah Terpadu",
]
TAGS = ["pelayanan publik", "inovasi", "kehumasan", "perizinan", "reformasi birokrasi", "e-government",
        "kesehatan", "pendidikan", "kependudukan", "keuangan daerah", "akuntabilitas", "transparansi",
        "partisipasi masyarakat", "SOP", "kepuasan masyarakat", "pengaduan", "desa", "UMKM", "investasi",
        "pariwisata", "lingkungan", "sampah", "air bersih", "transportasi", "kepegawaian", "kepemimpinan",
        "diklatpim", "benchmarking", "arsip", "perpustakaan", "kebencanaan", "pertanian", "pasar",
        "sanitasi", "gizi", "rumah sakit", "puskesmas", "sekolah", "data", "aplikasi", "satu pintu",
        "tata ruang", "pajak daerah", "retribusi", "kemiskinan", "perlindungan sosial", "ketertiban",
        "integritas", "survei", "kolaborasi"]
NEWS_CATEGORIES = ["Pemerintahan", "Pendidikan dan Pelatihan", "Pelayanan Publik", "Kegiatan"]
FIRST_YEAR, YEARS = 2005, 20

# --- the plan: pure data -------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: str
    name: str        # canonical written form, with titles
    has_file: bool


@dataclass(frozen=True)
class Institution:
    id: str
    name: str
    abbreviation: str
    kind: str        # e.g. "Dinas Kesehatan", for the head's position
    has_file: bool

    @property
    def reference(self) -> str:
        """What front matter writes: the id when a file exists, else the name (an implicit institution)."""
        return self.id if self.has_file else self.name


@dataclass(frozen=True)
class Seminar:
    index: int
    slug: str
    title: str
    theme: str
    date: datetime.date
    city: str
    presentations: int
    sessions: int


@dataclass(frozen=True)
class Corpus:
    seed: int
    seminars: tuple[Seminar, ...]
    people: tuple[Person, ...]
    institutions: tuple[Institution, ...]

    @property
    def presentation_count(self) -> int:
        return sum(s.presentations for s in self.seminars)


@dataclass(frozen=True)
class Doc:
    """One file's content in tool-neutral form: `path` under content/, fields, Markdown body."""

    kind: str        # seminar, presentation, news, person, institution, page, home
    path: PurePosixPath
    fields: dict
    body: str


def plan_corpus(presentations: int, seed: int = 1, min_per_seminar: int = 10, max_per_seminar: int = 30) -> Corpus:
    """Seminars of 10-30 presentations spread over twenty years, and the shared people and institutions."""
    rng = random.Random(f"corpus:{seed}")
    sizes = []
    while sum(sizes) < presentations:
        sizes.append(rng.randint(min_per_seminar, max_per_seminar))
    if sizes:
        sizes[-1] -= sum(sizes) - presentations
    sizes = [s for s in sizes if s > 0]
    seminars, used = [], set()
    for index, size in enumerate(sizes):
        year = FIRST_YEAR + index * YEARS // max(len(sizes), 1)
        theme = rng.choice(THEMES)
        slug = f"{year}-{_slug(theme)}"
        suffix = 2
        while slug in used:
            slug, suffix = f"{year}-{_slug(theme)}-{suffix}", suffix + 1
        used.add(slug)
        date = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        seminars.append(Seminar(index, slug, f"Seminar Paparan Hasil Studi Lapangan: {theme}", theme, date,
                                rng.choice(PLACES), size, 2 if size < 20 else 3))
    return Corpus(seed, tuple(seminars), _people(rng, 300), _institutions(rng, 40))


def _people(rng: random.Random, count: int) -> tuple[Person, ...]:
    """Distinct names (no two close enough for prosiding's typo warning), 40% with a file."""
    people, keys = [], []
    while len(people) < count:
        words = [rng.choice(FIRST_NAMES)] + ([rng.choice(FIRST_NAMES)] if rng.random() < 0.2 else []) + [rng.choice(LAST_NAMES)]
        key = " ".join(words).lower()
        if _too_close(key, keys, 0.8):
            continue
        keys.append(key)
        name = " ".join(w for w in [rng.choice(PREFIX_TITLES), *words, rng.choice(SUFFIX_TITLES)] if w)
        people.append(Person(_slug(key), name, has_file=rng.random() < 0.4))
    return tuple(people)


def _institutions(rng: random.Random, count: int) -> tuple[Institution, ...]:
    found, keys = [], []
    while len(found) < count:
        kind, abbreviation = rng.choice(INSTITUTION_TYPES)
        place = rng.choice(PLACES)
        name = f"{kind} Kabupaten {place}"
        key = name.lower()
        if _too_close(key, keys, 0.84):  # prosiding warns from 0.85
            continue
        keys.append(key)
        found.append(Institution(_slug(f"{abbreviation} {place}"), name, f"{abbreviation} {place}", kind, has_file=len(found) % 8 < 5))
    return tuple(found)


def _too_close(key: str, keys: list[str], cutoff: float) -> bool:
    """Whether `key` would look like a misspelling of one of `keys` (difflib's ratio is not symmetric)."""
    def close(a: str, b: str) -> bool:
        matcher = difflib.SequenceMatcher(None, a, b)
        return matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff

    return key in keys or any(close(key, other) or close(other, key) for other in keys)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- text ----------------------------------------------------------------------------------------


class Writer:
    """Seeded prose: sentences of varying length built from the vocabulary above."""

    def __init__(self, rng: random.Random, names: list[str]):
        self.rng = rng
        self.names = names           # proper nouns this text may mention

    def noun_phrase(self) -> str:
        r = self.rng
        words = [r.choice(COMPOUNDS) if r.random() < 0.12 else r.choice(NOUNS)]
        if r.random() < 0.5:
            words.append(r.choice(NOUNS))
        if r.random() < 0.4:
            words.append(r.choice(ADJECTIVES))
        if r.random() < 0.15:
            words.insert(0, r.choice(QUANTIFIERS))
        if r.random() < 0.2:
            words.append(r.choice(DETERMINERS))
        phrase = " ".join(words)
        if r.random() < 0.04:
            phrase = f"*{phrase}*"
        elif r.random() < 0.02:
            phrase = f"**{phrase}**"
        return phrase

    def clause(self) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.55:
            parts = [self.noun_phrase(), r.choice(MODALS) if r.random() < 0.6 else "", r.choice(VERBS), self.noun_phrase()]
        elif roll < 0.8:
            parts = [self.noun_phrase(), r.choice(MODALS) if r.random() < 0.5 else "", r.choice(PASSIVES), "oleh", self.noun_phrase()]
        else:
            parts = [self.noun_phrase(), r.choice(INTRANSITIVES), r.choice(ADVERBS), r.choice(ADJECTIVES)]
        if r.random() < 0.45:
            parts += [r.choice(PREPOSITIONS), self.noun_phrase()]
        return " ".join(p for p in parts if p)

    def sentence(self) -> str:
        r = self.rng
        text = self.clause()
        if r.random() < 0.4:
            text += ("," if r.random() < 0.5 else "") + f" {r.choice(CONNECTORS)} {self.clause()}"
        if r.random() < 0.25:
            opener = r.choice(OPENERS)
            text = f"{opener} {text}"
        if r.random() < 0.08:
            abbreviation, meaning = r.choice(list(ABBREVIATIONS.items()))
            text += f" sesuai {meaning} ({abbreviation})"
        if r.random() < 0.1 and self.names:
            text = f"{r.choice(self.names)} menyampaikan bahwa {text}"
        end = "?" if r.random() < 0.03 else ("; " + self.clause() + "." if r.random() < 0.05 else ".")
        return _capitalise(text) + end

    def paragraph(self, words: int) -> str:
        sentences, count = [], 0
        while count < words:
            sentence = self.sentence()
            sentences.append(sentence)
            count += len(sentence.split())
        return _wrap(" ".join(sentences))

    def item(self) -> str:
        return self.sentence() if self.rng.random() < 0.7 else f"**{self.noun_phrase().strip('*').capitalize()}.** {self.sentence()}"


def _capitalise(text: str) -> str:
    """Upper-case the first letter, also when the sentence opens with emphasis."""
    first = next(i for i, c in enumerate(text) if c.isalpha())
    return text[:first] + text[first].upper() + text[first + 1:]


def _plain_text(text: str) -> str:
    """For front-matter text, which is shown as written: no Markdown emphasis."""
    return text.replace("*", "")


def _wrap(text: str, width: int = 100) -> str:
    """Hard-wrapped like a person's editor, so a one-line edit really is one line."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


def heading(writer: Writer) -> str:
    return writer.noun_phrase().replace("*", "").capitalize()


# --- documents -----------------------------------------------------------------------------------


def presentation_path(seminar: Seminar, number: int) -> PurePosixPath:
    return PurePosixPath("seminar", seminar.slug, f"kelompok-{number}.md")


def presentation_doc(corpus: Corpus, seminar: Seminar, number: int) -> Doc:
    """Presentation `number` (1-based) of a seminar; deterministic on its own, so one can be added later."""
    rng = random.Random(f"presentation:{corpus.seed}:{seminar.slug}:{number}")
    institution = rng.choice(corpus.institutions)
    leader, *members = rng.sample(corpus.people, rng.randint(4, 6))
    head = corpus.people[(corpus.institutions.index(institution) * 7 + seminar.date.year // 4) % len(corpus.people)]
    group = GROUP_NAMES[number - 1] if number <= len(GROUP_NAMES) else f"Kelompok {number}"
    writer = Writer(rng, [_plain(head.name), institution.abbreviation, seminar.city])
    links = []
    if number > 1:   # earlier presentations only: the last one of a seminar is never a link target
        other = rng.randint(1, number - 1)
        links.append(f"[Kelompok {GROUP_NAMES[other - 1] if other <= len(GROUP_NAMES) else other}](@/{presentation_path(seminar, other)})")
    head_link = f"[{_plain(head.name)}](@/orang/{head.id}.md)" if head.has_file else _plain(head.name)
    place_link = f"[{institution.name}](@/instansi/{institution.id}.md)" if institution.has_file else institution.name
    rows = "\n".join(
        f"| {heading(writer)} | {rng.randint(2, 60)} hari | {rng.randint(1, 14)} hari | {writer.noun_phrase().replace('*', '')} |"
        for _ in range(rng.randint(4, 6)))
    body = "\n\n".join([
        _wrap(f"Kelompok {group} melakukan studi lapangan di {place_link} dan bertemu dengan {head_link}. " + writer.paragraph(65).replace("\n", " ")),
        "## Latar belakang", writer.paragraph(70), writer.paragraph(55),
        "## Temuan", f"### {heading(writer)}", writer.paragraph(60),
        "\n".join(f"- {_wrap(writer.item())}".replace("\n", "\n  ") for _ in range(rng.randint(4, 6))),
        f"### {heading(writer)}", writer.paragraph(55),
        "| Aspek | Sebelum | Sesudah | Keterangan |\n| --- | ---: | ---: | --- |\n" + rows,
        "## Tanggapan narasumber", "> " + writer.paragraph(45).replace("\n", "\n> "), writer.paragraph(50),
        "## Rekomendasi", "\n".join(f"{i}. {_wrap(writer.sentence())}".replace("\n", "\n   ") for i in range(1, rng.randint(4, 6))),
        "## Penutup", writer.paragraph(45) + ("\n" + _wrap(f"Kelompok lain yang memaparkan hasil serupa: {links[0]}.") if links else ""),
    ])
    fields = {
        "judul": f"{heading(writer)} di {institution.abbreviation}",
        "kelompok": group,
        "ketua": _variant(rng, leader.name),
        "anggota": [_variant(rng, m.name) for m in members],
        "instansi": institution.reference,
        "kepala_instansi": head.name,
        "jabatan_kepala": f"Kepala {institution.kind}",
        "urutan": number,
        "ringkasan": _plain_text(writer.sentence()),
        "tag": sorted(set(rng.sample(TAGS, rng.randint(2, 4)))),
        "sesi": f"sesi-{1 + (number - 1) * seminar.sessions // max(seminar.presentations, number)}",
    }
    return Doc("presentation", presentation_path(seminar, number), fields, body + "\n")


def seminar_doc(corpus: Corpus, seminar: Seminar) -> Doc:
    rng = random.Random(f"seminar:{corpus.seed}:{seminar.slug}")
    writer = Writer(rng, [seminar.city])
    speakers = rng.sample(corpus.people, 5)
    program = [{"judul": f"Sesi paparan kelompok {'I' * (i + 1) if i < 3 else i + 1}", "id": f"sesi-{i + 1}",
                "tanggal": seminar.date, "waktu": ["08.30–10.30", "10.45–12.30", "13.30–15.30"][i],
                "moderator": speakers[i].name} for i in range(seminar.sessions)]
    institution = rng.choice(corpus.institutions)
    orang = [{"nama": speakers[3].name, "peran": "narasumber", "jabatan": f"Kepala {institution.kind}", "instansi": institution.reference},
             {"nama": speakers[4].name, "peran": "pejabat", "jabatan": "Kepala Bidang Teknis"}]
    orang += [{"nama": s.name, "peran": "moderator"} for s in speakers[: seminar.sessions]]
    fields = {"judul": seminar.title, "tema": seminar.theme, "tanggal": seminar.date, "tempat": f"Aula {seminar.city}",
              "kota": seminar.city, "jumlah_kelompok": seminar.presentations, "ringkasan": _plain_text(writer.sentence()),
              "program": program, "orang": orang, "tag": sorted(set(rng.sample(TAGS, 3)))}
    body = "\n\n".join([writer.paragraph(80), "## Studi lapangan", writer.paragraph(90), "## Tanggapan narasumber", writer.paragraph(70)])
    return Doc("seminar", PurePosixPath("seminar", seminar.slug, "index.md"), fields, body + "\n")


def news_docs(corpus: Corpus) -> list[Doc]:
    """One article for every third seminar, reporting on it with links to two of its presentations."""
    docs = []
    for seminar in corpus.seminars[::3]:
        rng = random.Random(f"news:{corpus.seed}:{seminar.slug}")
        writer = Writer(rng, [seminar.city])
        picks = sorted(rng.sample(range(1, max(seminar.presentations, 2)), min(2, max(seminar.presentations - 1, 0))))
        links = " ".join(_wrap(f"Pemapar dari [Kelompok {n}](@/{presentation_path(seminar, n)}) menilai bahwa {writer.clause()}.") for n in picks)
        fields = {"judul": f"{heading(writer)} di {seminar.city} Dinilai {rng.choice(ADJECTIVES).capitalize()}",
                  "ringkasan": _plain_text(writer.sentence()), "seminar": seminar.slug, "penulis": "Tim Humas",
                  "kategori": [rng.choice(NEWS_CATEGORIES)], "tag": sorted(set(rng.sample(TAGS, 2)))}
        body = "\n\n".join([writer.paragraph(70), links, writer.paragraph(80),
                            _wrap(f"Berita ini melaporkan [seminar {seminar.theme}](@/seminar/{seminar.slug}/index.md).")])
        docs.append(Doc("news", PurePosixPath("berita", f"{seminar.slug}.md"), fields, body + "\n"))
    return docs


def entity_docs(corpus: Corpus) -> list[Doc]:
    rng = random.Random(f"entities:{corpus.seed}")
    writer = Writer(rng, [])
    docs = [Doc("person", PurePosixPath("orang", f"{p.id}.md"), {"nama": p.name, "alias": [_plain(p.name)], "ringkasan": _plain_text(writer.sentence())},
                writer.paragraph(40) + "\n") for p in corpus.people if p.has_file]
    docs += [Doc("institution", PurePosixPath("instansi", f"{i.id}.md"), {"nama": i.name, "singkatan": i.abbreviation, "ringkasan": _plain_text(writer.sentence())},
                 writer.paragraph(40) + "\n") for i in corpus.institutions if i.has_file]
    docs.append(Doc("page", PurePosixPath("tentang.md"), {"judul": "Tentang prosiding ini", "ringkasan": _plain_text(writer.sentence())}, writer.paragraph(120) + "\n"))
    return docs


def all_docs(corpus: Corpus):
    """Every document of the corpus, seminars followed by their presentations, then news and entities."""
    for seminar in corpus.seminars:
        yield seminar_doc(corpus, seminar)
        for number in range(1, seminar.presentations + 1):
            yield presentation_doc(corpus, seminar, number)
    yield from news_docs(corpus)
    yield from entity_docs(corpus)


def _plain(name: str) -> str:
    """A name without its titles, as a person is often written in running text."""
    titles = set(PREFIX_TITLES + SUFFIX_TITLES) - {""}
    return " ".join(w for w in name.split() if w not in titles)


def _variant(rng: random.Random, name: str) -> str:
    """The same person written as they often are: with titles, without, or with dotted titles."""
    roll = rng.random()
    if roll < 0.5:
        return name
    if roll < 0.8:
        return _plain(name)
    return " ".join(f"{w[0]}.{w[1:]}." if w in {"MSi", "MM", "SSos", "SH", "SE", "ST", "SPd", "MPd", "MAP"} else (f"{w}." if w in {"Drs", "Dr", "Ir", "H", "Hj"} else w) for w in name.split())


# --- writers -------------------------------------------------------------------------------------

SITE_TITLE = "Prosiding Seminar Diklatpim (benchmark)"
LINK = re.compile(r"\]\(@/([^)#]+)\)")


def _front_matter(fields: dict) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=100) + "---\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def prosiding_file(root: Path, doc: Doc) -> tuple[Path, str]:
    here = doc.path.parent
    body = LINK.sub(lambda m: "](" + PurePosixPath(os.path.relpath(m.group(1), here)).as_posix() + ")", doc.body)
    return root / "content" / doc.path, _front_matter(doc.fields) + body


def pelican_path(path: PurePosixPath) -> PurePosixPath:
    """Pelican keeps pages (people, institutions, seminar descriptions) apart from articles."""
    if path.parts[0] in ("orang", "instansi") or path.name == "tentang.md":
        return PurePosixPath("pages", path)
    if path.name == "index.md":
        return PurePosixPath("pages", "seminar", f"{path.parent.name}.md")
    return path


def pelican_file(root: Path, doc: Doc, corpus: Corpus) -> tuple[Path, str]:
    body = LINK.sub(lambda m: "]({filename}/" + pelican_path(PurePosixPath(m.group(1))).as_posix() + ")", doc.body)
    f = doc.fields
    if doc.kind == "presentation":
        seminar = next(s for s in corpus.seminars if s.slug == doc.path.parent.name)
        meta = {"Title": f["judul"], "Date": seminar.date.isoformat(), "Category": seminar.slug, "Slug": doc.path.stem,
                "Tags": ", ".join(f["tag"]), "Authors": ", ".join([f["ketua"], *f["anggota"]]), "Summary": f["ringkasan"]}
    elif doc.kind == "news":
        seminar = next(s for s in corpus.seminars if s.slug == f["seminar"])
        meta = {"Title": f["judul"], "Date": (seminar.date + datetime.timedelta(days=1)).isoformat(), "Category": "berita",
                "Slug": doc.path.stem, "Tags": ", ".join(f["tag"]), "Authors": f["penulis"], "Summary": f["ringkasan"]}
    elif doc.kind == "seminar":
        meta = {"Title": f["judul"], "Slug": f"seminar-{doc.path.parent.name}", "Summary": f["ringkasan"]}
    else:
        meta = {"Title": f.get("judul") or f["nama"], "Slug": f"{doc.path.parent.name}-{doc.path.stem}".strip("-."), "Summary": f["ringkasan"]}
    header = "".join(f"{key}: {' '.join(str(value).split())}\n" for key, value in meta.items())
    return root / "content" / pelican_path(doc.path), header + "\n" + body


def hugo_file(root: Path, doc: Doc, corpus: Corpus) -> tuple[Path, str]:
    def ref(match: re.Match) -> str:
        target = PurePosixPath(match.group(1))
        target = target.parent if target.name == "index.md" else target
        return ']({{< relref "/' + target.as_posix() + '" >}})'

    body = LINK.sub(ref, doc.body)
    f = doc.fields
    path = doc.path.with_name("_index.md") if doc.kind == "seminar" else doc.path
    if doc.kind == "presentation":
        seminar = next(s for s in corpus.seminars if s.slug == doc.path.parent.name)
        meta = {"title": f["judul"], "date": seminar.date, "weight": f["urutan"], "tags": f["tag"],
                "authors": [f["ketua"], *f["anggota"]], "summary": f["ringkasan"], "params": {k: f[k] for k in ("kelompok", "instansi", "kepala_instansi", "jabatan_kepala", "sesi")}}
    elif doc.kind == "news":
        seminar = next(s for s in corpus.seminars if s.slug == f["seminar"])
        meta = {"title": f["judul"], "date": seminar.date + datetime.timedelta(days=1), "tags": f["tag"],
                "categories": f["kategori"], "authors": [f["penulis"]], "summary": f["ringkasan"]}
    elif doc.kind == "seminar":
        meta = {"title": f["judul"], "date": f["tanggal"], "summary": f["ringkasan"], "tags": f["tag"]}
    else:
        meta = {"title": f.get("judul") or f["nama"], "summary": f["ringkasan"]}
    return root / "content" / path, _front_matter(meta) + body


def doc_file(tool: str, root: Path, doc: Doc, corpus: Corpus) -> tuple[Path, str]:
    """Where `tool` keeps this document, and its text."""
    if tool == "prosiding":
        return prosiding_file(root, doc)
    if tool == "pelican":
        return pelican_file(root, doc, corpus)
    return hugo_file(root, doc, corpus)


def write_site(tool: str, corpus: Corpus, root: Path) -> Path:
    """Write the whole corpus as `tool`'s site under `root` (created), with its settings and layouts."""
    for doc in all_docs(corpus):
        _write(*doc_file(tool, root, doc, corpus))
    SITE_FILES[tool](root)
    return root


def write_sites(corpus: Corpus, roots: dict[str, Path]) -> None:
    """Several tools' sites in one pass over the corpus (the text is generated once)."""
    for doc in all_docs(corpus):
        for tool, root in roots.items():
            _write(*doc_file(tool, root, doc, corpus))
    for tool, root in roots.items():
        SITE_FILES[tool](root)


def _prosiding_site(root: Path) -> None:
    _write(root / "content" / "_site.yml",
           f"judul: {SITE_TITLE}\npenyelenggara: Bagian Humas Setda\n"
           "deskripsi: Arsip paparan hasil studi lapangan peserta Diklatpim dari tahun ke tahun.\n"
           "bahasa: id\nberita_per_halaman: 10\n"
           # Pelican and Hugo print no book; prosiding's volume PDFs (seconds each) are measured
           # only when bench_build.py is given --pdf.
           "buku_pdf: false\n")
    _write(root / "content" / "index.md", "---\njudul: Prosiding Seminar\n---\nSelamat datang di arsip prosiding seminar.\n")
    # The layout-edit scenario edits a site override; it starts identical to the bundled theme's.
    _write(root / "layouts" / "presentation.html", (REPO / "layouts" / "presentation.html").read_text(encoding="utf-8"))


PELICANCONF = f"""\
SITENAME = {SITE_TITLE!r}
SITEURL = ''
RELATIVE_URLS = True
PATH = 'content'
ARTICLE_PATHS = ['seminar', 'berita']
PAGE_PATHS = ['pages']
TIMEZONE = 'Asia/Jakarta'
DEFAULT_LANG = 'id'
ARTICLE_URL = '{{category}}/{{slug}}/'
ARTICLE_SAVE_AS = '{{category}}/{{slug}}/index.html'
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = 10
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False
LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
CACHE_PATH = 'cache'
THEME_TEMPLATES_OVERRIDES = ['templates']
MARKDOWN = {{
    'extension_configs': {{
        'markdown.extensions.extra': {{}},
        'markdown.extensions.toc': {{}},
        'markdown.extensions.smarty': {{}},
        'markdown.extensions.meta': {{}},
    }},
    'output_format': 'html5',
}}
"""


def _pelican_site(root: Path) -> None:
    _write(root / "pelicanconf.py", PELICANCONF)
    try:
        import pelican
    except ImportError:
        return
    theme = Path(pelican.__file__).parent / "themes" / "notmyidea" / "templates" / "article.html"
    (root / "templates").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(theme, root / "templates" / "article.html")


HUGO_BASEOF = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><nav><a href="{{ "index.html" | relURL }}">{{ .Site.Title }}</a> <a href="{{ "tags/" | relURL }}">Tag</a></nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Summary }}</p>
<p>{{ range .Params.authors }}{{ . }}; {{ end }}</p>{{ .TableOfContents }}{{ .Content }}
<p>{{ range .Params.tags }}<a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
<p>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</p>
</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary | plainify | truncate 120 }}</li>{{ end }}</ul>
{{ with .Paginator }}{{ if .HasNext }}<a href="{{ .Next.URL }}">berikutnya</a>{{ end }}{{ end }}{{ end }}
"""
HUGO_CONFIG = f"""baseURL = "/"
relativeURLs = true
languageCode = "id"
title = "{SITE_TITLE}"
paginate = 10
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
[taxonomies]
tag = "tags"
author = "authors"
category = "categories"
"""


def _hugo_site(root: Path) -> None:
    layouts = root / "layouts" / "_default"
    _write(layouts / "baseof.html", HUGO_BASEOF)
    _write(layouts / "single.html", HUGO_SINGLE)
    _write(layouts / "list.html", HUGO_LIST)
    _write(root / "config.toml", HUGO_CONFIG)
    _write(root / "content" / "seminar" / "_index.md", "---\ntitle: Seminar\n---\n")
    _write(root / "content" / "orang" / "_index.md", "---\ntitle: Orang\n---\n")
    _write(root / "content" / "instansi" / "_index.md", "---\ntitle: Instansi\n---\n")
    _write(root / "content" / "berita" / "_index.md", "---\ntitle: Berita\n---\n")


SITE_FILES = {"prosiding": _prosiding_site, "pelican": _pelican_site, "hugo": _hugo_site}


def make_prosiding_corpus(root: Path, presentations: int, seed: int = 1) -> Path:
    return write_site("prosiding", plan_corpus(presentations, seed), root)


def make_pelican_corpus(root: Path, presentations: int, seed: int = 1) -> Path:
    return write_site("pelican", plan_corpus(presentations, seed), root)


def make_hugo_corpus(root: Path, presentations: int, seed: int = 1) -> Path:
    return write_site("hugo", plan_corpus(presentations, seed), root)
