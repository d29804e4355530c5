"""Offline full-text search data: one classic script that loads from file://.

The site has no server, so the browser cannot fetch() a JSON index; instead the
documents are written as ``window.prosidingSearchData = {...}`` in a .js file
that ``search.js`` inserts with a <script> tag the first time someone searches.
The browser then indexes them with MiniSearch (vendored under
``layouts/_static/vendor/``); Node is never needed to build the site.

Words are folded (lower case, no diacritics) and stemmed here with Snowball's
Indonesian stemmer, the same algorithm the browser runs on queries (a vendored
JS build, tested to agree), so "dilayani" finds "pelayanan" and "layanan"
though the form "dilayani" occurs nowhere.

Size: 5,000 presentations must stay within a few MB, uncompressed (file:// has
no gzip). So the body ships only as its distinct stems from the first
``MAX_TEXT_CHARS`` characters, written as gaps between ids in one shared
vocabulary, plus a short snippet to show. Titles, people, institutions and tags
ship as display text: search.js splits them into folded words itself (the same
``split_words`` rule) and adds the stems shipped here that differ from them.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import snowballstemmer

SEARCH_PAGE_PATH = "cari/index.html"
"""Site-root-relative path of the results page (layout ``search.html``, same as ``urls.SEARCH``);
the search box sends ``q`` to it."""

SEARCH_DATA_PATH = "_cari/data.js"
"""Site-root-relative path of the data script; ``layouts/_static/search.js`` names the same path (tested)."""

DATA_GLOBAL = "prosidingSearchData"
"""The window property the data script assigns; search.js reads it once the script has loaded."""

FORMAT_VERSION = 1

KINDS = ("presentation", "seminar", "news", "person", "institution", "page")

MAX_TEXT_CHARS = 1000
"""The least body text indexed per page. The browser indexes every shipped stem on first use,
which is most of the first search's time (for 5,000 presentations on a 2-core machine: ~0.5 s at
this length, ~0.8 s at 2,000), so a large site indexes the openings of its bodies only."""

TEXT_BUDGET_CHARS = 5_000_000
"""Body text indexed for the whole site, shared out evenly: a site of 5,000 pages indexes the
first MAX_TEXT_CHARS of each body, while the typical proceedings of a few hundred pages index
whole bodies (up to MAX_WHOLE_TEXT_CHARS), so a word near the end of a report is found too."""

MAX_WHOLE_TEXT_CHARS = 50_000


def text_limit(document_count: int) -> int:
    """How much of each body to index for a site of `document_count` searchable pages."""
    return min(MAX_WHOLE_TEXT_CHARS, max(MAX_TEXT_CHARS, TEXT_BUDGET_CHARS // max(1, document_count)))

SNIPPET_CHARS = 180
"""Length of the text shown under a result; search.js marks matching words in it."""

STOPWORDS = frozenset(
    """
    ada adalah agar akan antara atas atau bagi bahwa banyak beberapa belum
    bisa dan dapat dari dalam dengan di ia ialah ini itu juga ke karena
    kami kita lain lebih maka masih mereka namun oleh pada para saat sangat
    saja sebagai sebuah secara sedang sehingga sejak seperti serta setelah
    suatu sudah tanpa telah tentang tersebut terhadap tetapi untuk yaitu yang
    a an and are as at by for from in is of on or the to with
    """.split()
)
"""Function words dropped from the index and from queries: they are in every
document, so they cost bytes and cannot tell results apart. search.js gets this
list from the data file, so both sides drop the same words."""

COLUMNS = (
    "url",
    "kind",  # index into "kinds"
    "title",
    "seminar",  # index into "seminars"
    "year",  # or null
    "people",  # list of display names
    "institutions",  # list
    "tags",  # list
    "snippet",
    "titleStems",  # stems (as id gaps, see encode_ids) that are not already words of the field
    "peopleStems",
    "institutionStems",
    "tagStems",
    "textStems",
)
"""Order of the values in each document row; shipped in the data so search.js reads them by name."""

_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")
_stemmer = snowballstemmer.stemmer("indonesian")


@dataclass(frozen=True)
class SearchDoc:
    """One searchable page, as the rest of the build describes it."""

    url: str  # site-root-relative POSIX path ending in index.html, e.g. "seminar/2014-x/nusa/index.html"
    title: str
    kind: str  # one of KINDS
    seminar: str  # seminar title, or "" outside a seminar
    people: tuple[str, ...]
    institutions: tuple[str, ...]
    tags: tuple[str, ...]
    text: str  # plain body text
    year: int | None = None


def fold(text: str) -> str:
    """Lower-case and strip diacritics ("Pémbangunan" → "pembangunan"), as search.js's fold() does."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.category(char).startswith("M"))


def split_words(text: str) -> list[str]:
    """Folded words in order: runs of letters and digits, as search.js's splitWords() does."""
    return _WORD.findall(fold(text))


@functools.lru_cache(maxsize=1 << 16)
def stem_word(word: str) -> str:
    """Snowball Indonesian stem of one folded word; cached because a site repeats its vocabulary."""
    return _stemmer.stemWord(word)


def stem_words(text: str) -> list[str]:
    """Folded, stemmed words of ``text`` in order, stopwords included ("Pelayanan publik" → ["layan", "publik"])."""
    return [stem_word(word) for word in split_words(text)]


@dataclass(frozen=True)
class _Prepared:
    """A document's display values and the stems each field adds beyond its own words."""

    doc: SearchDoc
    body: str
    stems: dict[str, tuple[str, ...]]  # field name in COLUMNS → stems


def make_search_files(docs: Sequence[SearchDoc], cache=None) -> dict[str, bytes]:
    """Output files (site-root-relative path → bytes) for site search; byte-identical for equal input.

    Documents are ordered by URL, so the order the build found them in does
    not change the file (and search.js breaks score ties the same way).
    """
    ordered = sorted(docs, key=lambda doc: doc.url)
    check_docs(ordered)
    limit = text_limit(len(ordered))
    if cache is not None:
        from .cache import digest

        keys = [digest(repr(doc), str(limit)) for doc in ordered]
        whole_key = digest(*keys)
        found = cache.get("search-file", whole_key)
        if isinstance(found, str):
            return {SEARCH_DATA_PATH: found.encode("ascii")}
        prepared = [_prepare_cached(doc, key, limit, cache) for doc, key in zip(ordered, keys)]
    else:
        prepared = [prepare(doc, limit) for doc in ordered]
    vocabulary = make_vocabulary(prepared)
    seminars = sorted({normalize_space(doc.seminar) for doc in ordered} | {""})
    header = {
        "columns": list(COLUMNS),
        "format": FORMAT_VERSION,
        "kinds": list(KINDS),
        "seminars": seminars,
        "stems": vocabulary,
        "stopwords": sorted(STOPWORDS),
    }
    stem_ids = {stem: number for number, stem in enumerate(vocabulary)}
    seminar_ids = {seminar: number for number, seminar in enumerate(seminars)}
    rows = ",\n".join(to_json(make_row(item, stem_ids, seminar_ids)) for item in prepared)
    # One document per line keeps the file diffable; "docs" goes last so the header reads first.
    script = f'window.{DATA_GLOBAL}={to_json(header)[:-1]},"docs":[\n{rows}\n]}};\n'
    if cache is not None:
        cache.replace_namespace("search-file", {whole_key: script})  # only the latest is worth keeping
    return {SEARCH_DATA_PATH: script.encode("ascii")}


def check_docs(docs: Sequence[SearchDoc]) -> None:
    """Reject what would make a broken or ambiguous index, naming the document."""
    seen: set[str] = set()
    for doc in docs:
        if doc.kind not in KINDS:
            raise ValueError(f"{doc.url}: search kind {doc.kind!r} is not one of {', '.join(KINDS)}")
        if doc.url.startswith("/") or "\\" in doc.url or not doc.url.endswith("index.html"):
            raise ValueError(f"{doc.url}: search URL must be a site-root-relative POSIX path ending in index.html")
        if doc.url in seen:
            raise ValueError(f"{doc.url}: two search documents have the same URL")
        seen.add(doc.url)


def _prepare_cached(doc: SearchDoc, key: str, text_chars: int, cache) -> _Prepared:
    """`prepare`, remembered by the document's whole value (`key`): stemming is most of the index's cost."""
    found = cache.get("search", key)
    try:
        if found is not None:
            body, stems = found
            return _Prepared(doc, str(body), {str(k): tuple(str(s) for s in v) for k, v in stems.items()})
    except (TypeError, ValueError, AttributeError):
        pass
    prepared = prepare(doc, text_chars)
    cache.put("search", key, [prepared.body, {k: list(v) for k, v in prepared.stems.items()}])
    return prepared


def prepare(doc: SearchDoc, text_chars: int = MAX_TEXT_CHARS) -> _Prepared:
    body = normalize_space(doc.text)
    stems = {
        # A person's page is titled with their name, and names are not Indonesian words.
        "titleStems": extra_stems([doc.title]) if doc.kind != "person" else (),
        # Stemming names would make "Santi" match "santai".
        "peopleStems": (),
        "institutionStems": extra_stems(doc.institutions),
        "tagStems": extra_stems(doc.tags),
        # The body ships no words at all: stems are what queries match, and it is the bulk of the data.
        "textStems": extra_stems([body[:text_chars]], words_shipped=False),
    }
    return _Prepared(doc, body, stems)


def extra_stems(texts: Iterable[str], *, words_shipped: bool = True) -> tuple[str, ...]:
    """Distinct stems of the non-stopwords in ``texts``, less those search.js gets as words anyway."""
    words = [word for text in texts for word in split_words(text) if word not in STOPWORDS]
    shipped = set(words) if words_shipped else set()
    return tuple(sorted({stem_word(word) for word in words} - shipped))


def make_vocabulary(prepared: Sequence[_Prepared]) -> list[str]:
    """Every shipped stem once, most widespread first, so each document's ids sit close together."""
    spread = Counter(stem for item in prepared for stem in set().union(*item.stems.values()))
    return sorted(spread, key=lambda stem: (-spread[stem], stem))


def make_row(item: _Prepared, stem_ids: dict[str, int], seminar_ids: dict[str, int]) -> list[object]:
    """The values of one document, in COLUMNS order."""
    doc = item.doc
    values: dict[str, object] = {
        "url": doc.url,
        "kind": KINDS.index(doc.kind),
        "title": normalize_space(doc.title),
        "seminar": seminar_ids[normalize_space(doc.seminar)],
        "year": doc.year,
        "people": [normalize_space(person) for person in doc.people],
        "institutions": [normalize_space(name) for name in doc.institutions],
        "tags": [normalize_space(tag) for tag in doc.tags],
        "snippet": make_snippet(item.body),
    }
    for column, stems in item.stems.items():
        values[column] = encode_ids(stem_ids[stem] for stem in stems)
    return [values[column] for column in COLUMNS]


def encode_ids(ids: Iterable[int]) -> str:
    """Sorted ids as space-separated base-36 gaps: "3 1 a" means 3, 4, 14.

    Gaps between a document's sorted ids are small, so this is about a third
    of the size of the stems themselves.
    """
    gaps = []
    previous = 0
    for number in sorted(ids):
        gaps.append(to_base36(number - previous))
        previous = number
    return " ".join(gaps)


def decode_ids(encoded: str) -> list[int]:
    """Inverse of encode_ids (search.js has its own copy); here for tests and debugging."""
    ids = []
    total = 0
    for gap in encoded.split():
        total += int(gap, 36)
        ids.append(total)
    return ids


def to_base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if not number:
            return text


def make_snippet(body: str) -> str:
    """The opening of the body, cut at a word boundary, to show under a result."""
    if len(body) <= SNIPPET_CHARS:
        return body
    cut = body.rfind(" ", 0, SNIPPET_CHARS + 1)
    return body[: cut if cut > 0 else SNIPPET_CHARS].rstrip(" ,.;:") + "…"


def normalize_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def to_json(value: object) -> str:
    """Compact, ASCII-only JSON: the file then reads the same whatever charset the page declares."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
