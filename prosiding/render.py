"""Jinja environment and page rendering: layouts from the site's `layouts/`, then the bundled theme.

Autoescape is on and undefined names are errors (StrictUndefined): a typo in a layout fails the
build with the layout's file and line instead of printing an empty string.
"""
from __future__ import annotations

import difflib
import re
import traceback
from pathlib import Path
from typing import Any, Iterable, Mapping

import jinja2
from jinja2 import pass_context
from markupsafe import Markup

from . import metadata, urls
from .budget import describe_seconds, time_limit
from .errors import ProsidingError, SourceRef
from .i18n import format_date, format_date_range, format_datetime, load_catalogue
from .deps import ENTITY_TYPES, Reads, tracked_site_attribute
from .model import Site
from .volume import prefix_ids
from .project import theme_dir  # noqa: F401  (layouts are looked up here; the theme's place is decided there)


class RecordingEnvironment(jinja2.Environment):
    """A Jinja environment that notes what the page being rendered reads (see deps.py).

    Every `x.y` and `x[y]` in a layout goes through `getattr`/`getitem`, and every extends,
    include and import through `get_template`, so nothing a layout reads escapes the record.
    """

    reads: Reads | None = None

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = super().getattr(obj, attribute)
        return self._noted(obj, attribute, value)

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        return self._noted(obj, argument, value) if isinstance(argument, str) else value

    def _noted(self, obj: Any, name: str, value: Any) -> Any:
        reads = self.reads
        if reads is not None:
            kind = type(obj)
            if kind in ENTITY_TYPES:
                if name == "body":
                    reads.body(obj)
                else:
                    reads.entity(obj)
            elif kind is Site:
                return tracked_site_attribute(obj, name, value, reads)
        return value

    def get_template(self, name: Any, parent: Any = None, globals: Any = None) -> jinja2.Template:  # noqa: A002
        if self.reads is not None and isinstance(name, str):
            resolved = self.join_path(name, parent) if parent is not None else name
            self.reads.note("t:" + resolved, lambda: self.reads.known.template_fingerprint(resolved))  # type: ignore[union-attr]
        return super().get_template(name, parent, globals)

    def select_template(self, names: Any, parent: Any = None, globals: Any = None) -> jinja2.Template:  # noqa: A002
        if self.reads is not None:
            for name in names:  # every candidate: a later one appearing would change the choice
                if isinstance(name, str):
                    self.reads.note("t:" + name, lambda n=name: self.reads.known.template_fingerprint(n))  # type: ignore[union-attr]
        return super().select_template(names, parent, globals)


_ENVIRONMENTS: dict[tuple, jinja2.Environment] = {}


def make_environment(layout_dirs: list[Path], language: str) -> jinja2.Environment:
    """Search `layout_dirs` in order, so a site's own layout overrides the theme's file by file.

    An environment (with its compiled layouts) is reused while no layout file changed: `serve`
    rebuilds in one process, and compiling the theme costs more than rendering a few pages.
    """
    key = (tuple(str(d) for d in layout_dirs), language, _layout_signature(layout_dirs))
    env = _ENVIRONMENTS.get(key)
    if env is None:
        _ENVIRONMENTS.clear()
        env = _ENVIRONMENTS[key] = _new_environment(layout_dirs, language)
    return env


def _layout_signature(layout_dirs: list[Path]) -> tuple:
    found = []
    for folder in layout_dirs:
        for path in sorted(folder.rglob("*")):
            try:
                st = path.stat()
            except OSError:
                continue
            found.append((path.as_posix(), st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(found)


def _new_environment(layout_dirs: list[Path], language: str) -> jinja2.Environment:
    env = RecordingEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in layout_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n", "jinja2.ext.loopcontrols"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    catalogue = load_catalogue(language)
    env.install_gettext_callables(catalogue.gettext, catalogue.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(url=_url, lang=language, range=_bounded_range, head_tags=metadata.head_tags, json_ld=metadata.json_ld,
                       breadcrumbs_json_ld=metadata.breadcrumbs_json_ld)
    env.filters.update(
        date=lambda value, style="long": format_date(value, language, style),
        datetime=lambda value: format_datetime(value, language),
        explain_abbreviations=explain_abbreviations,
        daterange=lambda start, end=None: format_date_range(start, end, language),
        filesize=_filesize,
        slug=urls.slugify,
        prefix_ids=prefix_ids,
    )
    return env


@pass_context
def _url(context: jinja2.runtime.Context, target: Any) -> str:
    """Relative link from the page being rendered to an entity (anything with `.url`) or output path."""
    path = target if isinstance(target, str) else target.url
    return urls.relative_url(context["current"], path)


MAX_RANGE = 100_000
"""Items a layout's `range()` may make; a site has far fewer pages, so more is a mistake."""


def _bounded_range(*args: int) -> range:
    """`range` for layouts: `range(10**9)` is an error on its line instead of a build that never ends."""
    items = range(*args)
    if len(items) > MAX_RANGE:
        raise _LayoutOverrun(f"range({', '.join(map(str, args))}) has {len(items)} items, more than a layout may loop over ({MAX_RANGE})")
    return items


class _LayoutOverrun(Exception):
    """A layout that does far too much work. An Exception (unlike body._BodyTooSlow), so that Jinja
    rewrites the traceback and the error can name the layout's line."""


class _LayoutTooSlow(_LayoutOverrun):
    pass


def _filesize(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}".replace(".", ",")
        size /= 1024
    return f"{size} B"


def render_page(env: jinja2.Environment, layout: str, path: str, site: Site, context: Mapping[str, Any], source: SourceRef | None) -> bytes:
    """Render one output file; template problems become errors naming the layout and line."""
    seconds = site.config.limits.layout_seconds
    try:
        template = env.get_template(layout)
        with time_limit(seconds, _LayoutTooSlow):
            text = template.render(site=site, current=path, root=urls.root_prefix(path), **context)
    except _LayoutTooSlow as exc:
        raise ProsidingError(
            f"this layout takes too long to render (over {describe_seconds(seconds)}) while rendering {path}; look for a loop over a very long range",
            _template_frame(exc) or _layout_ref(layout),
        ) from None
    except _LayoutOverrun as exc:
        raise ProsidingError(f"{exc} while rendering {path}", _template_frame(exc) or _layout_ref(layout)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise ProsidingError(f"layout syntax error: {exc.message}", SourceRef(_layout_display(exc.filename, exc.name), exc.lineno)) from None
    except jinja2.TemplateNotFound as exc:
        frame = _template_frame(exc)
        if frame:  # `{% include %}` or `{% extends %}` of a missing file: blame that line of the layout
            raise ProsidingError(f"layout {exc.name!r} not found in layouts/ or the bundled theme", frame) from None
        where = f" (asked for by {source})" if source else ""
        raise ProsidingError(f"layout {exc.name!r} not found in layouts/{where}", source) from None
    except Exception as exc:  # an error raised while rendering: find the layout frame in the traceback
        ref = _template_frame(exc) or source
        kind = "undefined variable" if isinstance(exc, jinja2.UndefinedError) else type(exc).__name__
        message = f"{kind} in layout while rendering {path}: {exc}"
        raise ProsidingError(message, ref) from None
    return text.encode("utf-8")


def missing_layouts(layout_dirs: list[Path], requests: Iterable[tuple[str, SourceRef]]) -> list[ProsidingError]:
    """Errors for `layout:` values naming no file in `layout_dirs`, each on the line that asks for it.

    Checked before rendering, so the message points at the front matter (or `_dir.yml`) line rather
    than at whichever page happened to be rendered first.
    """
    known = set(jinja2.FileSystemLoader([str(d) for d in layout_dirs]).list_templates())
    errors = []
    for name, ref in requests:
        if name not in known:
            guess = difflib.get_close_matches(name, sorted(n for n in known if not n.startswith("_static/")), n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            errors.append(ProsidingError(f'layout: "{name}" not found in layouts/ or the bundled theme{hint}', ref))
    return errors


def unusable_layouts(layout_dirs: list[Path]) -> list[ProsidingError]:
    """Errors for layout files that are links out of their folder, or not UTF-8.

    A link would publish whatever it points at (a layout or `_static/` file is copied or rendered
    into the site); a non-UTF-8 layout would make Jinja fail without naming the file.
    """
    errors = []
    for folder in layout_dirs:
        root = folder.resolve()
        for name in jinja2.FileSystemLoader(str(folder)).list_templates():
            path = folder / name
            if root not in path.resolve().parents:
                errors.append(ProsidingError("is a link to a file outside layouts/; copy the file into layouts/ instead", SourceRef(f"layouts/{name}")))
                continue
            if name.startswith("_static/"):
                continue
            data = path.read_bytes()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = data[: exc.start].count(b"\n") + 1
                errors.append(ProsidingError(f"is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the layout as UTF-8", SourceRef(f"layouts/{name}", line)))
    return errors


def _layout_ref(layout: str) -> SourceRef:
    return SourceRef(f"layouts/{layout}")


def _template_frame(exc: BaseException) -> SourceRef | None:
    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        if frame.filename.endswith((".html", ".xml", ".txt", ".js")) and not frame.filename.endswith(".py"):
            return SourceRef(_layout_display(frame.filename, None), frame.lineno or 0)
    return None


def _layout_display(filename: str | None, name: str | None) -> str:
    """Show a layout as `layouts/<name>` (site or theme), never as an absolute path."""
    if filename:
        parts = Path(filename).parts
        for marker in ("layouts",):
            if marker in parts:
                index = len(parts) - 1 - parts[::-1].index(marker)
                return "/".join(("layouts",) + parts[index + 1 :])
        return Path(filename).name
    return f"layouts/{name}" if name else "layouts"


_ABBR = re.compile(r'<abbr title="([^"]+)">([^<]+)</abbr>(?!\s*\()')


def explain_abbreviations(html: str) -> Markup:
    """A body's abbreviations explained in the text where each is first used ("SKPD (Satuan Kerja
    Perangkat Daerah)"), not only on hover, which phones and screen readers rarely show."""
    seen: set[str] = set()

    def first_use(found: re.Match) -> str:
        title, short = found.group(1), found.group(2)
        if short in seen:
            return found.group(0)
        seen.add(short)
        return f"{found.group(0)} ({title})"

    return Markup(_ABBR.sub(first_use, str(html)))
