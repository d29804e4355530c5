"""Split front matter from Markdown and parse YAML with line numbers for every key.

python-frontmatter finds the `---` fences; PyYAML's composed nodes give each key's line, which
python-frontmatter alone does not. The YAML resolver follows YAML 1.2's core schema for booleans
and numbers, so `09:30` stays the text "09:30" (not 570) and `no`/`on`/`off` stay words.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

from .errors import ProsidingError, SourceRef

try:  # the C loader is several times faster and gives the same marks
    _BaseLoader = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class StrictYamlLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader with YAML 1.2 core booleans/numbers (no sexagesimal, no yes/no/on/off)."""


StrictYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.copy().items()
}
StrictYamlLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
StrictYamlLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
StrictYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)


def _construct_decimal_int(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> int:
    """YAML 1.2: `08` and `012` are decimal (PyYAML's 1.1 reading makes 012 octal and crashes on 08)."""
    value = loader.construct_scalar(node)
    if re.fullmatch(r"[-+]?[0-9]+", value):
        return int(value, 10)
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)  # explicit `!!int 0x1F`


StrictYamlLoader.add_constructor("tag:yaml.org,2002:int", _construct_decimal_int)


def _construct_timestamp(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> object:
    """An impossible date (2014-02-30) stays text, so the schema reports it on its field's line."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


StrictYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

_FENCE = frontmatter.YAMLHandler.FM_BOUNDARY


@dataclass(frozen=True)
class RawDoc:
    """A source split into front matter (with key → line) and Markdown body (with its first line)."""

    ref: SourceRef
    meta: dict[str, Any]
    lines: dict[str, int]  # dotted key path ("orang.0.peran") → 1-based line in the file
    body: str
    body_line: int  # file line of the body's first line
    sha256: str = ""
    origins: dict[str, SourceRef] = field(default_factory=dict)  # key → where a folder default came from

    def line_of(self, path: str) -> int:
        """The line of a dotted key path, or of its closest parent, or 1."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return 1

    def ref_of(self, path: str) -> SourceRef:
        """Where a field's value was written: this file, or the folder defaults it came from."""
        top = path.split(".", 1)[0]
        if top in self.origins:
            return self.origins[top]
        return SourceRef(self.ref.path, self.line_of(path))


def parse_markdown(text: str, ref: SourceRef, sha256: str = "") -> RawDoc:
    """Split `---` front matter from the body; a file without front matter is all body."""
    fences = list(_FENCE.finditer(text, 0)) if text.startswith("-") else []
    if len(fences) < 2 or fences[0].start() != 0:
        return RawDoc(ref, {}, {}, text, 1, sha256)
    opening, closing = fences[0], fences[1]
    yaml_text = text[opening.end() : closing.start()]
    first_line = text.count("\n", 0, opening.end()) + 1
    meta, lines = parse_yaml_mapping(yaml_text, ref, first_line)
    body = text[closing.end() :]
    if body.startswith("\n"):
        body = body[1:]
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    return RawDoc(ref, meta, lines, body, body_line, sha256)


def parse_yaml_mapping(yaml_text: str, ref: SourceRef, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a YAML mapping, returning values and a dotted-path → line map. Empty text is {}."""
    loader = StrictYamlLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise ProsidingError(
                f"front matter must be a list of `key: value` lines, found {_node_kind(node)}",
                SourceRef(ref.path, first_line + node.start_mark.line),
            )
        lines: dict[str, int] = {}
        _record_lines(node, "", first_line, ref, lines, _Budget())
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = _error_mark(exc)
        line = first_line + mark.line if mark else first_line
        raise ProsidingError(f"invalid YAML: {_yaml_problem(exc)}", SourceRef(ref.path, line)) from None
    except yaml.YAMLError as exc:
        raise ProsidingError(f"invalid YAML: {exc}", SourceRef(ref.path, first_line)) from None
    except ValueError as exc:  # a value its explicit tag cannot hold, e.g. `!!float abc`
        raise ProsidingError(f"invalid YAML value: {exc}", SourceRef(ref.path, first_line)) from None
    finally:
        loader.dispose()
    return value, lines


#: Front matter deeper or larger than this is refused before it is built: YAML aliases can make a
#: few lines expand to millions of values ("billion laughs"), or refer to themselves.
MAX_YAML_DEPTH = 50
MAX_YAML_VALUES = 50_000

_PLAIN_KEY_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp")}


@dataclass
class _Budget:
    values: int = MAX_YAML_VALUES
    ancestors: set[int] = field(default_factory=set)


def _record_lines(
    node: yaml.Node, prefix: str, first_line: int, ref: SourceRef, lines: dict[str, int], budget: _Budget, depth: int = 0, line: int = 0
) -> None:
    """Map each dotted key path to its line; keys written as numbers or dates are kept as text.

    `line` is where this value is used: an alias's node carries the line of its anchor instead.
    """
    where = SourceRef(ref.path, line or first_line + node.start_mark.line)
    budget.values -= 1
    if budget.values < 0:
        raise ProsidingError(f"front matter is too large: more than {MAX_YAML_VALUES:,} values (counting what YAML aliases repeat)", where)
    if id(node) in budget.ancestors:
        raise ProsidingError(f"{prefix.rstrip('.') or 'front matter'}: a YAML alias refers to the value that contains it", where)
    if depth > MAX_YAML_DEPTH:
        raise ProsidingError(f"{prefix.split('.', 1)[0]}: nested more than {MAX_YAML_DEPTH} levels deep", where)
    budget.ancestors.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                where_key = prefix.rstrip(".") or "front matter"
                raise ProsidingError(f"{where_key}: a key must be a single word, found {_node_kind(key_node)}", SourceRef(ref.path, line))
            if key_node.tag in _PLAIN_KEY_TAGS:
                key_node.tag = "tag:yaml.org,2002:str"  # `2014: ...` or `no: ...` means the word as written
            key = str(key_node.value)
            path = f"{prefix}{key}"
            if key in seen:
                raise ProsidingError(f"{path}: key appears twice", SourceRef(ref.path, line))
            seen.add(key)
            lines[path] = line
            _record_lines(value_node, path + ".", first_line, ref, lines, budget, depth + 1, line)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}{index}"
            lines[path] = first_line + item.start_mark.line
            _record_lines(item, path + ".", first_line, ref, lines, budget, depth + 1, lines[path])
    budget.ancestors.discard(id(node))


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem text, completed where it only makes sense with its context."""
    problem, context = (exc.problem or "").strip(), (exc.context or "").strip()
    if problem == "second occurrence" and context.startswith("found duplicate anchor"):
        name = context.split(";")[0].removeprefix("found duplicate anchor").strip()
        return f"the anchor {name + ' ' if name else ''}is defined twice (anchor names must be unique)"
    if problem.startswith("but ") and context:
        return f"{context} {problem}"
    if context.startswith("while parsing a flow sequence"):
        return "a list opened with '[' on this line is not closed with ']' (or an item lacks its comma)"
    if context.startswith("while parsing a flow mapping"):
        return "a mapping opened with '{' on this line is not closed with '}' (or an item lacks its comma)"
    if context.startswith("while scanning a quoted scalar"):
        return "a quote opened on this line is never closed"
    return problem or context or "invalid YAML"


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    return f"the text {str(node.value)[:40]!r}"


def _error_mark(exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where to point the author: an unclosed `[`, `{` or quote is found only lines later (or at
    the end), so name the line where it was opened; otherwise the line of the problem itself."""
    opened = ("while parsing a flow", "while scanning a quoted scalar", "while scanning a double-quoted", "while scanning a single-quoted")
    if exc.context_mark is not None and (exc.context or "").startswith(opened):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


# --- the parse cache --------------------------------------------------------------------------


def parse_markdown_cached(text: str, ref: SourceRef, sha256: str, cache=None) -> RawDoc:
    """`parse_markdown`, remembered by the file's hash: YAML is the costliest part of loading a big site.

    Only values JSON can carry back exactly are cached (text, numbers, booleans, dates, lists,
    mappings with text keys); anything else (a `!!set`, `!!binary`) is parsed every time.
    """
    if cache is None or not sha256:
        return parse_markdown(text, ref, sha256)
    from .cache import digest

    key = digest(sha256, ref.path)
    found = cache.get("parse", key)
    if isinstance(found, dict):
        try:
            return RawDoc(ref, _decode_meta(found["meta"]), {str(k): int(v) for k, v in found["lines"].items()},
                          str(found["body"]), int(found["body_line"]), sha256)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    raw = parse_markdown(text, ref, sha256)
    encoded = _encode_meta(raw.meta)
    if encoded is not _UNCACHEABLE:
        cache.put("parse", key, {"meta": encoded, "lines": raw.lines, "body": raw.body, "body_line": raw.body_line})
    return raw


_UNCACHEABLE = object()


def _encode_meta(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is dt.datetime:
        return {"\0datetime": value.isoformat()}
    if kind is dt.date:
        return {"\0date": value.isoformat()}
    if kind is list:
        items = [_encode_meta(v) for v in value]
        return _UNCACHEABLE if any(i is _UNCACHEABLE for i in items) else items
    if kind is dict and all(type(k) is str for k in value):
        items = {k: _encode_meta(v) for k, v in value.items()}
        return _UNCACHEABLE if any(i is _UNCACHEABLE for i in items.values()) else items
    return _UNCACHEABLE


def _decode_meta(value: Any) -> Any:
    if type(value) is list:
        return [_decode_meta(v) for v in value]
    if type(value) is dict:
        if len(value) == 1:
            (tag, text), = value.items()
            if tag == "\0date":
                return dt.date.fromisoformat(text)
            if tag == "\0datetime":
                return dt.datetime.fromisoformat(text)
        return {k: _decode_meta(v) for k, v in value.items()}
    return value
