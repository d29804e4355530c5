"""Property-based tests: whatever an author's file contains, the build answers with a result or a
ProsidingError (a clear `path:line: message`), never with another exception.

Random front matter (dicts of random keys and values dumped to YAML), random YAML-ish text,
random Markdown and random bytes go through the real loader (read → parse → folder defaults →
validate) and the real body renderer. Kept stable for a 2-core CI machine: derandomized, no
deadline, bounded sizes and a modest number of examples.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path, PurePosixPath

import lxml.html
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prosiding.body import LinkTargets, render_body
from prosiding.collect import SCHEMAS, load_docs
from prosiding.config import make_config
from prosiding.errors import ErrorList, ProsidingError, SourceRef
from prosiding.parse import parse_markdown, parse_yaml_mapping
from prosiding.schema import validate
from prosiding.sources import SourceFile, SourceTree, read_sources
from test_sanitise import problems_in

FUZZ = settings(
    derandomize=True,
    deadline=None,
    max_examples=150,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

KNOWN_KEYS = sorted({name for schema in SCHEMAS.values() for name in schema.model_fields} | {"bahasa", "url_dasar", "html_diizinkan"})
ODD_KEYS = ["tangal", "Judul", "judul ", "lampiran.0", "<<", "~", "2014", "true", "on", "no", ""]
keys = st.one_of(
    st.sampled_from(KNOWN_KEYS),
    st.sampled_from(ODD_KEYS),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-é", min_size=1, max_size=12),
)
# Text as authors type it (letters, digits, punctuation, spaces, some non-ASCII), so that most
# examples get past the YAML scanner and exercise parsing and validation; control characters come
# in through the hand-picked pieces below.
typed_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    typed_text,
    st.sampled_from(["2014-10-02", "2014-02-30", "32 Oktober 2014", "09:30", "yes", "no", "on", "0x1F", "012", "1e3", ".inf", "~",
                     "../../etc/passwd", "/etc/passwd", "javascript:alert(1)", "narasumber", "page.html", "nusa", "Nusa"]),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)),
    max_leaves=12,
)
front_matters = st.dictionaries(keys, values, max_size=8)
# Mostly valid front matter for one kind: its required fields, then random values for its own keys,
# so that validation gets deep (lists of attachments, programmes, people) instead of stopping at
# the first unknown key.
REQUIRED = {
    "seminar": {"judul": "S", "tanggal": dt.date(2014, 10, 2)}, "news": {"judul": "B", "tanggal": dt.date(2014, 10, 3)},
    "person": {"nama": "N"}, "institution": {"nama": "N"},
}


@st.composite
def front_matter_for(draw, kind: str) -> dict:
    meta = dict(REQUIRED.get(kind, {"judul": "J"}))
    own_keys = st.sampled_from(sorted(SCHEMAS[kind].model_fields))
    meta.update(draw(st.dictionaries(st.one_of(own_keys, own_keys, own_keys, keys), values, max_size=5)))
    return meta


kinds = st.sampled_from(sorted(SCHEMAS))

YAML_PIECES = [
    "judul: X\n", "tanggal: 2014-10-02\n", "lampiran:\n", "  - berkas: a.pdf\n", "- ", ": ", ":", "\n", "  ", "\t", "&a ", "*a", "*b",
    "<<: *a\n", "!!python/object:os.system ", "!!binary ", "!!int ", "!!float ", "!!timestamp ", "? ", "{", "}", "[", "]", ",", "'", '"',
    "|\n", ">-\n", "#", "%YAML 1.1\n", "---\n", "...\n", "~", "extra: &a [*a]\n", "\ufeff", "\x00", "\x85", "\u2028",
]
yaml_texts = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.sampled_from(YAML_PIECES), st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)), max_size=25).map("".join)

MARKDOWN_PIECES = [
    "# Judul\n", "## Sub {: #id .kelas onclick=\"alert(1)\" }\n", "[tautan](a.md)", "[hilang](tidak-ada.md)", "[luar](../../../etc/passwd)",
    "[abs](/etc/passwd)", "![foto](foto.jpg)", "![x](javascript:alert(1))", "[j](javascript:alert(1))", "[j](<javascript:alert(1)>)",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">a</a>", "<iframe src=//x></iframe>",
    "<svg onload=alert(1)>", "<style>p{}</style>", "<!--", "-->", "<", ">", "&", "&#0;", "&#x110000;", "```\n", "~~~\n", "    kode\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n", "[^1]", "[^1]: catatan\n", "*[HTML]: HyperText\n", "Istilah\n: definisi\n", "- butir\n", "1. satu\n",
    "> kutipan\n", "**", "_", "`", "\n\n", "\\", "[a]: b.md\n", "[a][]", "<a href=\"a.md#x\">", "[pecahan](a.md#bagian)", "%2e%2e/", "[q](a.md?x=1)",
    "<http://example.org>", "<mail@example.org>", "[t](foto.jpg \"judul\")", "\x00", "\ufeff", "\r", "\u202e",
]
markdown_texts = st.lists(st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=10)), max_size=30).map("".join)

TARGETS = LinkTargets({"seminar/s/a.md": "seminar/s/a/index.html", "tentang.md": "tentang/index.html"}, {"seminar/s/foto.jpg": "seminar/s/foto.jpg"})


def check_error(error: ProsidingError) -> None:
    """A reported problem is one or more `path:line: message` lines, never an empty message."""
    errors = error.errors if isinstance(error, ErrorList) else [error]
    assert errors
    for item in errors:
        assert type(item) in {ProsidingError, ErrorList} or isinstance(item, ProsidingError)
        assert item.message.strip(), item
        assert "Traceback" not in str(item)


def load_markdown(text: str, kind: str) -> None:
    """Parse, then validate against the schema of `kind`: a value or a ProsidingError."""
    try:
        raw = parse_markdown(text, SourceRef("content/x.md"))
        validate(SCHEMAS[kind], raw)
    except ProsidingError as error:
        check_error(error)


def dump(meta: dict) -> str:
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)


@FUZZ
@given(meta=front_matters, kind=kinds, body=st.text(max_size=40))
def test_random_front_matter_is_a_result_or_a_clear_error(meta: dict, kind: str, body: str):
    load_markdown(f"---\n{dump(meta)}---\n{body}", kind)


@FUZZ
@given(data=st.data(), kind=kinds)
def test_mostly_valid_front_matter_is_a_result_or_a_clear_error(data: st.DataObject, kind: str):
    load_markdown(f"---\n{dump(data.draw(front_matter_for(kind)))}---\nIsi.\n", kind)


@FUZZ
@given(text=yaml_texts, kind=kinds)
def test_random_yaml_text_is_a_result_or_a_clear_error(text: str, kind: str):
    load_markdown(f"---\n{text}\n---\nIsi.\n", kind)
    try:
        parse_yaml_mapping(text, SourceRef("content/_site.yml"))
    except ProsidingError as error:
        check_error(error)


@FUZZ
@given(text=markdown_texts)
def test_random_markdown_renders_or_reports_clear_errors_and_never_lets_code_through(text: str):
    rendered = render_body(text, source_rel="seminar/s/b.md", page_url="seminar/s/b/index.html", ref=SourceRef("content/seminar/s/b.md"),
                           body_line=5, targets=TARGETS)
    for error in rendered.errors:
        check_error(error)
        assert error.ref is not None and error.ref.path == "content/seminar/s/b.md" and error.ref.line >= 5
    if rendered.body.html.strip():
        fragment = lxml.html.fragment_fromstring(rendered.body.html, create_parent="div")
        assert problems_in(fragment, theme_scripts=False) == []


@FUZZ
@given(data=st.binary(max_size=400), name=st.sampled_from(["content/halaman.md", "content/seminar/s/x.md", "content/_site.yml", "content/_dir.yml"]))
def test_random_bytes_through_the_loader_are_a_result_or_a_clear_error(data: bytes, name: str):
    """Bytes written to a file, read back as the build reads them: read → settings → parse → validate."""
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        files = {
            "content/_site.yml": b"judul: Uji\n",
            "content/seminar/s/index.md": b"---\njudul: S\ntanggal: 2014-10-02\n---\n",
            name: data,
        }
        for rel, payload in files.items():
            path = Path(folder) / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(payload)
        tree = read_sources(content)
        for problem in tree.problems:
            check_error(problem)
        for stage in (make_config, load_docs):
            try:
                stage(tree)
            except ProsidingError as error:
                check_error(error)


@FUZZ
@given(meta=front_matters, defaults=front_matters, body=markdown_texts)
def test_random_pages_with_folder_defaults_load_or_fail_clearly(meta: dict, defaults: dict, body: str):
    """The whole loader on an in-memory tree: a presentation inheriting random `_dir.yml` values."""
    texts = {
        "_site.yml": "judul: Uji\n",
        "seminar/s/index.md": "---\njudul: S\ntanggal: 2014-10-02\n---\n",
        "seminar/s/_dir.yml": dump(defaults) if defaults else "",
        "seminar/s/nusa.md": f"---\n{dump(meta)}---\n{body}",
    }
    tree = SourceTree(tuple(SourceFile(PurePosixPath(rel), f"content/{rel}", text, "") for rel, text in sorted(texts.items())), ())
    try:
        load_docs(tree)
    except ProsidingError as error:
        check_error(error)


def build_in_memory(texts: dict[str, str]) -> None:
    """The pipeline from sources to checked output files, in memory: settings → load → site → plan → render → links."""
    from prosiding import pipeline, search
    from prosiding.collect import build_site
    from prosiding.linkcheck import check_links
    from prosiding.plan import make_plan
    from prosiding.render import theme_dir

    tree = SourceTree(tuple(SourceFile(PurePosixPath(rel), f"content/{rel}", text, "") for rel, text in sorted(texts.items())), ())
    config = make_config(tree)
    site = build_site(load_docs(tree), tree, config)
    layouts = [theme_dir()]
    statics = pipeline.static_files(layouts)
    plan = make_plan(site, sorted(statics))
    files = dict(pipeline.render_files(plan, site, layouts).rendered)
    files.update(search.make_search_files(pipeline.search_docs(site)))
    outputs = pipeline._Outputs(files, plan, Path("content"), statics)
    pipeline.report_dead_links(check_links(outputs), plan)


names = st.one_of(st.sampled_from(["Sri Widarti", "Drs. Tri Antoro, M.Si.", "Tri Antoro", "Ir. H. Budi", "Budi", "Ásep", "Asep", "ORANG", "x"]), typed_text)
slugs = st.from_regex(r"\A[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}\Z")
some_text = st.one_of(typed_text.filter(str.strip), st.sampled_from(["Nusa", "Pelayanan Publik", "Bagian Humas", "bagian-humas", "C++ & <b>", "  ", "Ünïcödé"]))
# Values of the right type for most fields (with a few wrong ones), so that whole sites get past
# validation and the cross-file checks, planning, layouts and link check are exercised.
PLAUSIBLE = {
    "judul": some_text, "tema": some_text, "tempat": some_text, "kota": some_text, "ringkasan": some_text, "kelompok": some_text,
    "ketua": names, "kepala_instansi": names, "jabatan_kepala": some_text, "instansi": some_text, "penulis": names,
    "anggota": st.lists(names, max_size=3), "tag": st.lists(some_text, max_size=3), "kategori": st.lists(some_text, max_size=3),
    "tanggal": st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    "tanggal_selesai": st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    "studi_mulai": st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    "studi_selesai": st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    "urutan": st.integers(-3, 10**12), "jumlah_peserta": st.integers(-1, 10**6), "jumlah_kelompok": st.integers(0, 50),
    "slug": slugs, "draft": st.sampled_from([False, False, False, True]),
    "layout": st.sampled_from(["page.html", "presentation.html", "seminar.html", "news.html"]),
    "sesi": st.sampled_from(["sesi-1", "sesi-2", "tidak-ada"]), "seminar": st.sampled_from(["s", "s", "lain"]),
    "program": st.lists(st.fixed_dictionaries({"judul": some_text}, optional={"id": st.sampled_from(["sesi-1", "sesi-2"]), "waktu": st.sampled_from(["09:30", "13.00 WIB"]), "moderator": names}), max_size=3),
    "orang": st.lists(st.fixed_dictionaries({"nama": names, "peran": st.sampled_from(["narasumber", "moderator", "panitia"])}, optional={"instansi": some_text, "jabatan": some_text}), max_size=3),
    "extra": st.dictionaries(st.sampled_from(["warna", "kode"]), scalars, max_size=2),
}


@st.composite
def plausible_front_matter(draw, kind: str) -> dict:
    meta = dict(REQUIRED.get(kind, {"judul": "J"}))
    fields = sorted(set(SCHEMAS[kind].model_fields) & set(PLAUSIBLE))
    for name in draw(st.lists(st.sampled_from(fields), max_size=6, unique=True)):
        meta[name] = draw(PLAUSIBLE[name])
    return meta


@settings(FUZZ, max_examples=100)
@given(
    seminar=plausible_front_matter("seminar"),
    talks=st.lists(plausible_front_matter("presentation"), min_size=1, max_size=3),
    news=plausible_front_matter("news"),
    person=plausible_front_matter("person"),
    body=markdown_texts,
)
def test_random_sites_build_or_fail_clearly(seminar: dict, talks: list[dict], news: dict, person: dict, body: str):
    """Past loading: cross-file checks, planning, rendering with the theme and the link check."""
    texts = {
        "_site.yml": "judul: Uji\n",
        "seminar/s/index.md": f"---\n{dump(seminar)}---\n{body}",
        "berita/kabar.md": f"---\n{dump(news)}---\nKabar.\n",
        "orang/sri-widarti.md": f"---\n{dump(person)}---\nProfil.\n",
        "tentang.md": "---\njudul: Tentang\n---\nTentang.\n",
    }
    texts.update({f"seminar/s/{chr(97 + i)}.md": f"---\n{dump(talk)}---\n{body}" for i, talk in enumerate(talks)})
    try:
        build_in_memory(texts)
    except ProsidingError as error:
        check_error(error)
