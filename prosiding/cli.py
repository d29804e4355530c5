"""Command line: `python build.py [build|serve|check|new|archive]` and the `prosiding` script.

Content and layout problems print as `path:line: message`, one per line, and exit 1; usage
problems exit 2. A Python traceback appears only with --debug.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path

from .errors import ErrorList, ProsidingError, UsageError, describe_os_error, summarise_warnings

EXIT_CONTENT_ERROR = 1
EXIT_USAGE_ERROR = 2


def make_parser() -> argparse.ArgumentParser:
    # Options are accepted before or after the command; sub-command copies default to SUPPRESS so
    # that `--source X build` is not reset by the sub-command's own default.
    def add_common(parser: argparse.ArgumentParser, top: bool) -> None:
        default = (lambda value: value) if top else (lambda value: argparse.SUPPRESS)
        parser.add_argument("--source", default=default("."), metavar="DIR", help="site folder holding content/ and optionally layouts/ (default: current folder)")
        parser.add_argument("--debug", action="store_true", default=default(False), help="show Python tracebacks for errors")

    def add_output(parser: argparse.ArgumentParser, top: bool) -> None:
        parser.add_argument("--output", default=None if top else argparse.SUPPRESS, metavar="DIR", help="output folder (default: <source>/output)")

    def add_speed(parser: argparse.ArgumentParser, top: bool) -> None:
        default = (lambda value: value) if top else (lambda value: argparse.SUPPRESS)
        parser.add_argument("--no-cache", action="store_true", default=default(False), help="neither read nor write the build cache (.prosiding-cache/ beside the output)")
        parser.add_argument("--jobs", "-j", type=_positive, default=default(None), metavar="N", help="worker processes for a large build (default: one per core; 1: no workers)")
        parser.add_argument("--quiet", "-q", action="store_true", default=default(False), help="print only warnings and errors")

    common = argparse.ArgumentParser(add_help=False)
    add_common(common, top=False)
    add_speed(common, top=False)
    with_output = argparse.ArgumentParser(add_help=False)
    add_output(with_output, top=False)
    parser = argparse.ArgumentParser(prog="prosiding", description="Build a seminar proceedings website from Markdown files.")
    add_common(parser, top=True)
    add_speed(parser, top=True)
    add_output(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("build", parents=[common, with_output], help="build the site into the output folder (default)", description="Build the site into the output folder. The previous output stays whole until the new build has succeeded.")
    check = commands.add_parser("check", parents=[common], help="validate content, layouts and links; write nothing", description="Validate everything a build would, and write no output.")
    check.add_argument("--external", action="store_true", help="also list outbound links (they are not fetched)")
    serve = commands.add_parser("serve", parents=[common, with_output], help="build, serve on localhost, rebuild and reload on changes", description="Serve the site with live reload; rebuilds when content/ or layouts/ change.")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    new = commands.add_parser(
        "new", parents=[common], help="start a site, or add a seminar, presentation, news article or layout",
        description="new site DIR: start a site that builds at once. new seminar|presentation|news NAME: a draft content file with every "
        "field and a comment for each, in the site's language. new layout [NAME]: list the bundled theme's files, or copy one into layouts/.",
    )
    new.add_argument("kind", choices=["site", "seminar", "presentation", "news", "layout"], help="what to create")
    new.add_argument("name", nargs="?", help="site: the folder to create; seminar, presentation, news: the slug of the new file; layout: the theme file to copy (omit to list them)")
    new.add_argument("--seminar", help="for a presentation: the seminar folder it belongs to")
    new.add_argument("--judul", metavar="TITLE", help="for a site: its title")
    new.add_argument("--bahasa", choices=["id", "en"], default="id", help="for a site: the language of its interface and scaffolds (default id)")
    commands.add_parser("clean", parents=[common, with_output], help="delete the build cache", description="Delete the build cache (.prosiding-cache/ beside the output folder); the next build starts from scratch. The output is left alone.")
    archive = commands.add_parser("archive", parents=[common, with_output], help="build, then write a zip of the site for USB sticks", description="Build the site, then write a zip that opens offline wherever it is unpacked.")
    archive.add_argument("--dest", metavar="DIR", help="folder for the zip (default: the site folder)")
    comments = commands.add_parser(
        "comments", parents=[common], help="pull approved comments from an Isso comment server into content/",
        description="pull: copy the comments Isso has approved into each page's <name>.komentar.yml (pending, deleted and spam "
        "comments, e-mail and IP addresses are never copied). Running it again changes nothing unless Isso approved or removed comments.",
    )
    comments.add_argument("action", choices=["pull"], help="what to do")
    importer = commands.add_parser(
        "import", parents=[common], help="import a WordPress export (WXR) into content/",
        description="wordpress EXPORT.xml: published posts become news articles, pages plain pages, approved comments comment files, "
        "old addresses forwarding pages. Nothing is written unless the whole export can be read; files edited since the last import are kept.",
    )
    importer.add_argument("format", choices=["wordpress"], help="what kind of export")
    importer.add_argument("export", help="the WXR file (WordPress: Tools → Export)")
    importer.add_argument("--uploads", metavar="DIR", help="a copy of the old site's wp-content/uploads, for its images")
    importer.add_argument("--force", action="store_true", help="overwrite files edited since the last import")
    where = comments.add_mutually_exclusive_group(required=True)
    where.add_argument("--isso-db", metavar="PATH", help="Isso's SQLite database (opened read-only)")
    where.add_argument("--isso-url", metavar="URL", help="a running Isso server (its public API; only approved comments)")
    comments.add_argument("--zona-waktu", metavar="OFFSET", default="+07:00", help="UTC offset comment times are written in (default +07:00, WIB)")
    return parser


def _pull_comments(project, args: argparse.Namespace) -> int:
    from . import isso
    from .config import make_config
    from .sources import discover

    try:
        zone = isso.parse_offset(args.zona_waktu)
    except ValueError as exc:
        raise UsageError(f"--zona-waktu: {exc}") from None
    if args.isso_db:
        found = isso.read_isso_database(Path(args.isso_db))
    else:
        if not re.match(r"^https?://[^/\s]+", args.isso_url):
            raise UsageError(f"--isso-url: {args.isso_url!r} is not a web address (http://… or https://…)")
        found = isso.read_isso_server(args.isso_url, isso.thread_uris(project))
    language = make_config(discover(project.content_dir)).language
    report = isso.pull(project, found, zone, "Anonim" if language == "id" else "Anonymous")
    print(report.summary())
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    command = args.command or "build"
    try:
        return _run(command, args)
    except ErrorList as exc:
        for error in exc.errors:
            print(f"error: {error}" if not error.ref else str(error), file=sys.stderr)
        print(f"prosiding: {len(exc.errors)} error(s); {_unchanged(command)}", file=sys.stderr)
        if args.debug:
            raise
        return EXIT_CONTENT_ERROR
    except UsageError as exc:
        print(f"prosiding: {exc}", file=sys.stderr)
        return EXIT_USAGE_ERROR
    except ProsidingError as exc:
        print(str(exc), file=sys.stderr)
        print(f"prosiding: 1 error; {_unchanged(command)}", file=sys.stderr)
        if args.debug:
            raise
        return EXIT_CONTENT_ERROR
    except OSError as exc:  # the last net: a failure no stage turned into its own message
        print(describe_os_error(exc, "use"), file=sys.stderr)
        print(f"prosiding: 1 error; {_unchanged(command)}", file=sys.stderr)
        if args.debug:
            raise
        return EXIT_CONTENT_ERROR
    except KeyboardInterrupt:
        print(f"prosiding: interrupted; {_unchanged(command)}", file=sys.stderr)
        return 130


def _run(command: str, args: argparse.Namespace) -> int:
    from .project import Project

    if command == "new":
        return _new(args)
    project = Project.at(args.source, getattr(args, "output", None))
    if command == "serve":
        from .serve import serve

        serve(project, port=args.port)
        return 0
    if command == "comments":
        return _pull_comments(project, args)
    if command == "import":
        from .wordpress import import_wordpress

        report = import_wordpress(Path(args.export), project.content_dir, Path(args.uploads) if args.uploads else None, args.force)
        print(report.summary())
        return 0
    if command == "clean":
        from .cache import cache_dir_for, remove_cache

        folder = cache_dir_for(project.output)
        try:
            removed = remove_cache(folder)
        except OSError as exc:
            raise UsageError(f"could not remove the build cache {_shown(folder)}: {exc.strerror or exc}") from None
        print(f"removed the build cache {_shown(folder)}" if removed else f"no build cache at {_shown(folder)}; nothing to remove")
        return 0
    started = time.perf_counter()
    quiet = getattr(args, "quiet", False)
    result = None
    if command in ("build", "archive") and not args.no_cache:
        from .manifest import unchanged_build

        result = unchanged_build(project)
    if result is None:
        from .pipeline import build

        # The fast path above already found a change (or no cache): do not look twice.
        with StageLine(enabled=not quiet and sys.stderr.isatty()) as stage:
            result = build(project, write=command != "check", use_cache=not args.no_cache, jobs=args.jobs, check_unchanged=False, progress=stage)
    elapsed = time.perf_counter() - started
    for note in result.stats.notes:
        print(note, file=sys.stderr)
    for warning in summarise_warnings(result.warnings):
        print(f"warning: {warning}", file=sys.stderr)
    pages = result.stats.pages
    if command == "check":
        print(f"ok: {pages} pages, {len(result.site.presentations)} presentations checked; nothing written ({elapsed:.2f}s)")
        if args.external:
            for link in result.links.external:
                print(f"{link.page}:{link.line}: {link.link}")
        return 0
    if not quiet:
        print(f"built {pages} pages into {_shown(project.output)} ({_work_done(result)}; {elapsed:.2f}s)")
    if not result.base_url and not quiet:
        print("note: url_dasar is not set in content/_site.yml, so canonical links, Atom feeds, sitemap.xml and robots.txt are left out; every page still works offline")
    if command == "archive":
        from .archive import make_archive

        today = _build_date()
        dest = Path(args.dest).resolve() if args.dest else project.source
        try:
            zip_path = make_archive(project.output, dest, site_title=result.title, build_date=today)
        except ProsidingError as exc:
            if args.debug:
                raise
            print(str(exc), file=sys.stderr)
            print("prosiding: 1 error; the site was built, but no archive was written (an earlier zip is unchanged).", file=sys.stderr)
            return EXIT_CONTENT_ERROR
        print(f"archive: {_shown(zip_path)}")
    return 0


def _new(args: argparse.Namespace) -> int:
    from . import scaffold
    from .project import theme_dir

    site = Path(args.source)
    if args.kind == "site":
        if not args.name:
            raise UsageError("new site needs the folder to create: prosiding new site DIR")
        folder = Path(args.name)
        scaffold.create_site(folder, title=args.judul, language=args.bahasa)
        print(f"created a site in {_shown(folder.resolve())}")
        print("next:")
        print(f"  cd {args.name}")
        print("  prosiding new seminar NAME     (then edit content/seminar/NAME/index.md)")
        print("  prosiding build                (open output/index.html in a browser)")
        return 0
    if args.kind == "layout":
        scaffold.require_site(site)
        if not args.name:
            for line in scaffold.list_layouts(theme_dir()):
                print(line)
            print("copy one into your site's layouts/ to change it: prosiding new layout NAME")
            return 0
        path = scaffold.copy_layout(site, theme_dir(), args.name)
        print(f"created {_shown(path.resolve())} (a copy of the theme's file; your site now uses it instead)")
        return 0
    if not args.name:
        raise UsageError(f"new {args.kind} needs a name: prosiding new {args.kind} NAME")
    path = scaffold.create(site, args.kind, args.name, seminar=args.seminar)
    print(f"created {_shown(path.resolve())} (a draft: delete its `draft: true` line to publish it)")
    return 0


class StageLine:
    """On a terminal, one line that says which stage a build longer than a second is in; on a pipe or
    a log file, nothing (the last line says what was done)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.started = time.perf_counter()
        self.shown = False

    def __call__(self, stage: str) -> None:
        if self.enabled and time.perf_counter() - self.started > 1.0:
            sys.stderr.write(f"\r\x1b[2K… {stage} ({time.perf_counter() - self.started:.0f}s)")
            sys.stderr.flush()
            self.shown = True

    def __enter__(self) -> "StageLine":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


def _work_done(result) -> str:
    """`12 rendered, 5830 unchanged`: what a rebuild had to do."""
    stats = result.stats
    if stats.nothing_changed:
        return "nothing changed"
    return f"{stats.rendered} rendered, {stats.pages - stats.rendered if stats.rendered <= stats.pages else 0} unchanged"


def _unchanged(command: str) -> str:
    return "nothing was written." if command in {"check", "new", "import", "comments"} else "the output folder was not changed."


def _build_date() -> dt.date:
    """The build date for names: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
