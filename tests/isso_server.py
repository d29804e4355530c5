"""A real Isso comment server for tests: started on 127.0.0.1 with moderation on and its own
database, stopped after. `.ci/run` installs it with the test extra."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from conftest import browser_required

ISSO = Path(sys.executable).with_name("isso")


def require_isso() -> None:
    if not ISSO.exists():
        if browser_required():
            pytest.fail("Isso is not installed (the test extra installs it; PROSIDING_REQUIRE_BROWSER=1 forbids skipping)", pytrace=False)
        pytest.skip("Isso is not installed (pip install -e '.[test]')", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_isso(folder: Path, site_origin: str | None = None) -> Iterator[tuple[str, Path]]:
    """(Isso's URL, its database); `site_origin` is the web page origin its CORS check allows."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = folder / "isso.cfg"
    config.write_text(
        f"[general]\ndbpath = {folder / 'comments.db'}\nhost = {site_origin or url}/\n"
        f"[moderation]\nenabled = true\n[server]\nlisten = {url}/\n"
        "[guard]\nenabled = false\n[admin]\nenabled = false\n",
        encoding="utf-8",
    )
    process = subprocess.Popen([str(ISSO), "-c", str(config), "run"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/config", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail("Isso did not start: " + process.stderr.read().decode(errors="replace")[-2000:])
                time.sleep(0.1)
        yield url, folder / "comments.db"
    finally:
        process.terminate()
        process.wait(timeout=10)


def post(isso_url: str, uri: str, text: str, email: str, author: str = "Budi", parent: int | None = None,
         website: str | None = None) -> tuple[int, str]:
    """Post a comment as a reader's browser would: (its id, the cookie that may delete it)."""
    body = json.dumps({"author": author, "email": email, "website": website, "text": text, "parent": parent, "title": "Halaman"}).encode()
    request = urllib.request.Request(f"{isso_url}/new?uri={urllib.parse.quote(uri)}", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 202  # moderation on: every new comment waits
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        return json.loads(response.read())["id"], cookie
