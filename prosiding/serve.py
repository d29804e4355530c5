"""`serve`: build, serve the output on localhost, rebuild on change, reload the browser.

A thin loop over the same `build()` (it has no render path of its own). A failed rebuild prints
its errors and keeps serving the last good site, which the atomic write leaves untouched.
"""
from __future__ import annotations

import errno
import sys

from .errors import ErrorList, ProsidingError, describe_os_error, os_error, summarise_warnings
from .pipeline import Project, build
from .render import theme_dir


def rebuild(project: Project) -> bool:
    """Build once; report errors instead of raising so the server keeps running."""
    try:
        result = build(project)
    except ErrorList as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print("prosiding: build failed; still serving the previous site", file=sys.stderr)
        return False
    except ProsidingError as exc:
        print(exc, file=sys.stderr)
        print("prosiding: build failed; still serving the previous site", file=sys.stderr)
        return False
    except OSError as exc:  # a disk that filled up or went read-only while serving
        print(describe_os_error(exc, "use"), file=sys.stderr)
        print("prosiding: build failed; still serving the previous site", file=sys.stderr)
        return False
    for warning in summarise_warnings(result.warnings):
        print(f"warning: {warning}", file=sys.stderr)
    pages = sum(1 for path in result.files if path.endswith(".html"))
    print(f"rebuilt {pages} pages")
    return True


def serve(project: Project, port: int = 8000, host: str = "127.0.0.1") -> None:
    from livereload import Server

    if not rebuild(project) and not (project.output / "index.html").exists():
        print("prosiding: nothing to serve until the errors above are fixed", file=sys.stderr)
    server = Server()
    for folder in (project.content_dir, project.layouts_dir, theme_dir()):
        if folder.is_dir():
            # livereload debounces bursts of saves with `delay`; one rebuild per burst.
            server.watch(str(folder), lambda: rebuild(project), delay=0.3)
    print(f"serving {project.output} at http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve(root=str(project.output), host=host, port=port, open_url_delay=None, restart_delay=0)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ProsidingError(f"port {port} on {host} is already in use (another server is running?); choose another with --port") from exc
        raise os_error(exc, "serve", project.output) from exc
