"""`serve`: build, serve the output on localhost, rebuild on change, reload the browser.

A thin loop over the same `build()` (it has no render path of its own). Saves are noticed by the
operating system's file events (watchfiles), not by polling, and a burst of saves is one rebuild.
The process stays warm between rebuilds: modules are imported, compiled layouts are kept (see
render.make_environment) and the build cache makes a rebuild do only what a save touched.
A failed rebuild prints its errors, shows them in the open pages (livereload's alert), and keeps
serving the last good site, which the atomic write leaves untouched.
"""
from __future__ import annotations

import errno
import json
import sys
import threading
import time
from pathlib import Path

from .errors import ErrorList, ProsidingError, describe_os_error, os_error, summarise_warnings
from .pipeline import Project, build
from .render import theme_dir

# Editors save in bursts (write, rename, touch a backup): wait this long for quiet before building.
DEBOUNCE_MS = 50


def rebuild(project: Project) -> bool:
    """Build once; report errors instead of raising so the server keeps running."""
    return rebuild_reporting(project)[0]


def rebuild_reporting(project: Project) -> tuple[bool, str]:
    """(success, the errors as text) of one build."""
    started = time.perf_counter()
    try:
        result = build(project)
    except ErrorList as exc:
        text = "\n".join(str(error) for error in exc.errors)
        print(text, file=sys.stderr)
        print("prosiding: build failed; still serving the previous site", file=sys.stderr)
        return False, text
    except ProsidingError as exc:
        print(exc, file=sys.stderr)
        print("prosiding: build failed; still serving the previous site", file=sys.stderr)
        return False, str(exc)
    except OSError as exc:  # a disk that filled up or went read-only while serving
        text = describe_os_error(exc, "use")
        print(text, file=sys.stderr)
        print("prosiding: build failed; still serving the previous site", file=sys.stderr)
        return False, text
    for warning in summarise_warnings(result.warnings):
        print(f"warning: {warning}", file=sys.stderr)
    stats = result.stats
    work = "nothing changed" if stats.nothing_changed else f"{stats.rendered} rendered"
    print(f"rebuilt {stats.pages} pages ({work}; {time.perf_counter() - started:.2f}s)", flush=True)
    return True, ""


def watched_folders(project: Project) -> list[Path]:
    return [folder for folder in (project.content_dir, project.layouts_dir, theme_dir()) if folder.is_dir()]


def serve(project: Project, port: int = 8000, host: str = "127.0.0.1") -> None:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    if not rebuild(project) and not (project.output / "index.html").exists():
        print("prosiding: nothing to serve until the errors above are fixed", file=sys.stderr)
    server = Server()
    # livereload watches the working folder when told nothing; it is given one quiet file instead,
    # since our own watcher decides when to reload.
    server.watch(str(project.output / ".prosiding-output"), delay="forever")
    loop_ready = threading.Event()
    loop_holder: dict[str, IOLoop] = {}

    def tell_browsers(ok: bool, errors: str) -> None:
        loop = loop_holder.get("loop")
        if loop is None:
            return
        if ok:
            loop.add_callback(LiveReloadHandler.reload_waiters)
        else:
            message = json.dumps({"command": "alert", "message": "prosiding: the last save could not be built\n\n" + errors[:2000]})
            loop.add_callback(lambda: [waiter.write_message(message) for waiter in list(LiveReloadHandler.waiters)])

    watcher = threading.Thread(target=_watch, args=(project, tell_browsers, loop_ready), daemon=True)
    watcher.start()

    def remember_loop() -> None:
        loop_holder["loop"] = IOLoop.current()
        loop_ready.set()

    IOLoop.current().add_callback(remember_loop)
    print(f"serving {project.output} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve(root=str(project.output), host=host, port=port, open_url_delay=None, restart_delay=0)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ProsidingError(f"port {port} on {host} is already in use (another server is running?); choose another with --port") from exc
        raise os_error(exc, "serve", project.output) from exc


def _watch(project: Project, tell_browsers, loop_ready: threading.Event) -> None:
    """Rebuild after every burst of file events under content/, layouts/ and the theme."""
    import watchfiles

    output = project.output.resolve()
    folders = [str(folder) for folder in watched_folders(project)]
    loop_ready.wait(timeout=10)

    def relevant(change: watchfiles.Change, path: str) -> bool:
        name = Path(path).name
        return not (name.startswith(".") or name.endswith(("~", ".swp", ".swx")) or Path(path).resolve().is_relative_to(output))

    for _changes in watchfiles.watch(*folders, watch_filter=relevant, debounce=DEBOUNCE_MS, step=20, raise_interrupt=False):
        ok, errors = rebuild_reporting(project)
        tell_browsers(ok, errors)
