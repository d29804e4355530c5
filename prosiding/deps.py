"""What each page reads, recorded while it renders, so that an edit re-renders only the pages that read it.

Layouts may ask anything of `site`, so inputs cannot be declared per layout by hand. Instead the
Jinja environment notes every read as a *fact* with a fingerprint (Lektor's idea, without its
hidden global context):

    b:<url>               the rendered body of an entity (its `.body`)
    e:<url>               an entity (seminar, presentation, news, person, institution, page, tag,
                          category) or `e:config`: any other attribute of it read; fingerprint = all of it but the body
    s:<collection>        all of a site collection (`site.people` iterated, counted, …): the identities
                          in order
    i:<collection>:<key>  one member (`site.people[id]`, `key in site.people`): its identity, or absent
    a:<name>              another attribute of the site (`site.home`, `site.years`)
    c:<method>:<args>     a lookup method of the site (`site.roles_of(id)`): identities or values returned
    t:<name>              a layout file loaded (extends, include, import): which file and its bytes

An entity is fingerprinted whole (an edit to a presentation re-renders its page, its neighbours, the
listings, people, institution, tag and year pages that read it, and nothing else); collections
by identity only, so adding one person does not re-render every page that looks one up by id.
On the next build `Facts` recomputes each recorded fact once against the new site; a page is fresh
when its own key and every fact it read are unchanged.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, Callable

from .cache import digest
from .model import Institution, NewsArticle, Page, Person, Presentation, Seminar, Site, SiteConfig, Term

ENTITY_TYPES = frozenset({Seminar, Presentation, NewsArticle, Person, Institution, Page, Term, SiteConfig})
SITE_COLLECTIONS = frozenset({"seminars", "presentations", "news", "people", "institutions", "pages", "roles", "tags", "categories", "assets"})
# Every public method of Site is a lookup layouts may call; found by introspection, so a method
# added later is tracked as a call (by its arguments), never as an attribute holding the whole site.
SITE_METHODS = frozenset(name for name, value in vars(Site).items() if callable(value) and not name.startswith("_"))
MISSING = "-"


def identity(value: Any) -> str:
    """How a fact names an entity: its output path (unique per entity), or `config`."""
    return "config" if type(value) is SiteConfig else value.url


def entity_fingerprint(value: Any) -> str:
    """The whole value of an entity. repr is deterministic for the model's dataclasses (tuples,
    insertion-ordered mappings) except the site's HTML allowance, whose sets are sorted first."""
    if type(value) is SiteConfig:
        allowed = value.allowed_html
        canonical = (sorted(allowed.tags), sorted((t, sorted(n)) for t, n in allowed.attributes.items()))
        return digest(repr(replace(value, allowed_html=None)), repr(canonical))  # type: ignore[arg-type]
    names = _FIELDS.get(type(value))
    if names is None:
        names = _FIELDS[type(value)] = tuple(f.name for f in fields(value) if f.name != "body")
    return digest(type(value).__name__, repr(tuple(getattr(value, name) for name in names)))


_FIELDS: dict[type, tuple[str, ...]] = {}


def body_fingerprint(value: Any) -> str:
    """An entity's rendered body, a fact of its own: listings and neighbours read titles, not bodies."""
    body = value.body
    return digest(body.html, repr(body.toc), body.text)


def value_fingerprint(value: Any, memo: dict[int, str] | None = None) -> str:
    """A read value: entities by identity (their own reads are facts), everything else whole.

    With `memo` (kept by the caller while every value in it stays alive), a record shared by
    several outputs (a citation's BibTeX, RIS and CSL-JSON files, the site-wide .bib) is
    fingerprinted once."""
    kind = type(value)
    if kind in ENTITY_TYPES:
        return "@" + identity(value)
    if kind in (list, tuple):
        return digest(*(value_fingerprint(v, memo) for v in value))
    if kind is dict or isinstance(value, Mapping):
        return digest(*(part for k, v in value.items() for part in (repr(k), value_fingerprint(v, memo))))
    if memo is not None and hasattr(kind, "__dataclass_fields__"):
        found = memo.get(id(value))
        if found is None:
            found = memo[id(value)] = digest(kind.__name__, repr(value))
        return found
    return digest(kind.__name__, repr(value))


def args_key(args: tuple) -> str:
    return json.dumps([identity(a) if type(a) in ENTITY_TYPES else a for a in args], ensure_ascii=False, default=repr)


class Reads:
    """The facts one page read, with the fingerprints they had."""

    def __init__(self, facts: "Facts"):
        self.known = facts
        self.facts: dict[str, str] = {}

    def body(self, value: Any) -> None:
        key = "b:" + identity(value)
        if key not in self.facts:
            self.facts[key] = self.known.memo(key, lambda: body_fingerprint(value))

    def entity(self, value: Any) -> None:
        key = "e:" + identity(value)
        if key not in self.facts:
            self.facts[key] = self.known.entity(key, value)

    def note(self, key: str, fingerprint: Callable[[], str]) -> None:
        if key not in self.facts:
            self.facts[key] = self.known.memo(key, fingerprint)


class Facts:
    """Fingerprints of facts against one site, each computed once per build."""

    def __init__(self, site: Site, template_fingerprint: Callable[[str], str]):
        self.site = site
        self.template_fingerprint = template_fingerprint
        self._memo: dict[str, str] = {}
        self._entities: dict[str, Any] | None = None

    def memo(self, key: str, compute: Callable[[], str]) -> str:
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = compute()
        return found

    def entity(self, key: str, value: Any) -> str:
        return self.memo(key, lambda: entity_fingerprint(value))

    def current(self, key: str) -> str:
        """A recorded fact's fingerprint now (for deciding whether a page is fresh)."""
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._compute(key)
        return found

    def _compute(self, key: str) -> str:
        kind, _, rest = key.partition(":")
        site = self.site
        try:
            if kind == "e":
                value = self._entity_index().get(rest)
                return MISSING if value is None else entity_fingerprint(value)
            if kind == "b":
                value = self._entity_index().get(rest)
                return MISSING if value is None else body_fingerprint(value)
            if kind == "s":
                return value_fingerprint(_collection(site, rest))
            if kind == "i":
                name, _, member = rest.partition(":")
                return member_fingerprint(_collection(site, name), json.loads(member))
            if kind == "a":
                return value_fingerprint(getattr(site, rest))
            if kind == "c":
                name, _, args = rest.partition(":")
                return call_fingerprint(site, name, self._arguments(json.loads(args)))
            if kind == "t":
                return self.template_fingerprint(rest)
        except Exception:  # a fact that cannot be recomputed is a changed fact
            return MISSING
        return MISSING

    def _arguments(self, args: list) -> tuple:
        index = self._entity_index()
        return tuple(index.get(a, a) if isinstance(a, str) else a for a in args)

    def _entity_index(self) -> dict[str, Any]:
        if self._entities is None:
            site = self.site
            everything: list[Any] = [*site.seminars, *site.presentations.values(), *site.news, *site.people.values(),
                                     *site.institutions.values(), *site.pages, *site.tags, *site.categories]
            if site.home is not None:
                everything.append(site.home)
            self._entities = {identity(e): e for e in everything}
            self._entities["config"] = site.config
        return self._entities


def _collection(site: Site, name: str) -> Any:
    if name not in SITE_COLLECTIONS:
        raise KeyError(name)
    return getattr(site, name)


def member_fingerprint(collection: Any, member: Any) -> str:
    if isinstance(collection, Mapping):
        return value_fingerprint(collection[member]) if member in collection else MISSING
    if isinstance(member, int) and -len(collection) <= member < len(collection):
        return value_fingerprint(collection[member])
    return MISSING


def call_fingerprint(site: Site, name: str, args: tuple) -> str:
    if name not in SITE_METHODS:
        raise KeyError(name)
    try:
        result = getattr(site, name)(*args)
    except (KeyError, IndexError, AttributeError):
        return MISSING
    return value_fingerprint(result)


# --- what the layouts get instead of the bare site collections ------------------------------------


class _Tracked:
    """A site collection that notes, for the page being rendered, how much of it was read."""

    def __init__(self, name: str, data: Any, reads: Reads):
        self._name, self._data, self._reads = name, data, reads

    def _whole(self) -> None:
        self._reads.note("s:" + self._name, lambda: value_fingerprint(self._data))

    def __iter__(self) -> Iterator:
        self._whole()
        return iter(self._data)

    def __len__(self) -> int:
        self._whole()
        return len(self._data)


class TrackedMapping(_Tracked, Mapping):
    """`site.people` and friends as layouts see them: a lookup by key notes that key only."""

    def _member(self, key: Any) -> None:
        self._reads.note(f"i:{self._name}:{json.dumps(key, ensure_ascii=False, default=repr)}", lambda: member_fingerprint(self._data, key))

    def __getitem__(self, key: Any) -> Any:
        self._member(key)
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        self._member(key)
        return key in self._data

    def get(self, key: Any, default: Any = None) -> Any:
        self._member(key)
        return self._data.get(key, default)


class TrackedSequence(_Tracked, Sequence):
    """`site.seminars` and friends: iterating or counting notes the whole sequence."""

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int):
            self._reads.note(f"i:{self._name}:{index}", lambda: member_fingerprint(self._data, index))
        else:
            self._whole()
        return self._data[index]

    def __bool__(self) -> bool:
        self._whole()
        return bool(self._data)


def tracked_site_attribute(site: Site, name: str, value: Any, reads: Reads) -> Any:
    """What a layout gets for `site.<name>`, with the read noted."""
    if name in SITE_COLLECTIONS:
        if isinstance(value, Mapping):
            return TrackedMapping(name, value, reads)
        return TrackedSequence(name, value, reads)
    if name in SITE_METHODS:
        def call(*args: Any) -> Any:
            reads.note(f"c:{name}:{args_key(args)}", lambda: call_fingerprint(site, name, args))
            return value(*args)

        return call
    if not name.startswith("_"):
        reads.note("a:" + name, lambda: value_fingerprint(value))
    return value


def layout_fingerprints(layout_dirs: list[Path]) -> Callable[[str], str]:
    """`t:<name>` facts: which folder a layout name resolves to (a site override or the theme) and its bytes."""
    memo: dict[str, str] = {}

    def fingerprint(name: str) -> str:
        found = memo.get(name)
        if found is None:
            found = MISSING
            for index, folder in enumerate(layout_dirs):
                path = folder.joinpath(*name.split("/"))
                if path.is_file():
                    found = digest(f"{index}/{len(layout_dirs)}", path.read_bytes())
                    break
            memo[name] = found
        return found

    return fingerprint
