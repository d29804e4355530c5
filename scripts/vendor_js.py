"""Vendor the browser libraries that site search needs, from the npm registry.

Run it again after changing a pin: ``python scripts/vendor_js.py``. It needs
``npm`` (only on the maintainer's machine: the build itself never runs Node).

For each pinned package it runs ``npm pack NAME@VERSION`` in a temporary
folder, checks the tarball against the pinned sha512 integrity (so a re-run
reproduces the committed files or fails loudly), and copies the one dist file
plus the licence into ``layouts/_static/vendor/<dest>/`` with a ``VERSION``
file naming package, version, integrity and where each file came from.

The Indonesian stemmer is only published as CommonJS/ES modules. ES modules do
not load from file://, so the CommonJS file is wrapped mechanically, with no
change to its text, in a function that supplies ``exports`` and publishes them
as one global (see ``wrap_commonjs``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent.parent / "layouts" / "_static" / "vendor"


@dataclass(frozen=True)
class VendoredFile:
    source: str  # path inside the package tarball, without the leading "package/"
    target: str  # file name inside the vendor folder
    wrap_as_global: str | None = None  # CommonJS file: publish its exports as window[NAME]


@dataclass(frozen=True)
class VendoredPackage:
    name: str
    version: str
    integrity: str  # the registry's sha512 of the tarball, pinned with the version
    dest: str  # folder under layouts/_static/vendor/
    files: tuple[VendoredFile, ...] = field(default_factory=tuple)


PACKAGES: tuple[VendoredPackage, ...] = (
    VendoredPackage(
        name="minisearch",
        version="7.2.0",
        integrity="sha512-dqT2XBYUOZOiC5t2HRnwADjhNS2cecp9u+TJRiJ1Qp/f5qjkeT5APcGPjHw+bz89Ms8Jp+cG4AlE+QZ/QnDglg==",
        dest="minisearch",
        files=(
            # UMD build: as a classic script it defines window.MiniSearch.
            VendoredFile("dist/umd/index.js", "minisearch.js"),
            VendoredFile("LICENSE.txt", "LICENSE.txt"),
        ),
    ),
    VendoredPackage(
        name="@orama/stemmers",
        version="3.1.18",
        integrity="sha512-xXs5fpiUvBs4jJZtnayJmUSomdxxiwwwvTbAzPHSyI6geLM7bxXHgpVlYz4JeMBycHX8bHF7j9m7F35BxhuZ8g==",
        dest="orama-stemmers",
        files=(
            # Snowball's Indonesian algorithm compiled to JS; agrees with PyPI snowballstemmer.
            VendoredFile("dist/id.cjs", "indonesian.js", wrap_as_global="ProsidingIndonesianStemmer"),
            VendoredFile("LICENSE.md", "LICENSE.md"),
        ),
    ),
)


def sri_sha512(data: bytes) -> str:
    """Subresource-integrity string, the form npm reports, so pins compare as text."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def wrap_commonjs(source: str, global_name: str, origin: str) -> str:
    """Make a CommonJS module run as a classic script, exposing its exports as one global.

    The module text is kept verbatim as the body of a function whose parameters
    are ``exports`` and ``module``; its own "use strict" stays the first statement
    of that body, so it is still a directive.
    """
    return (
        f"/* {origin}, wrapped by scripts/vendor_js.py to run as a classic script:\n"
        f"   the CommonJS text below is unchanged; its exports become window.{global_name}. */\n"
        "(function (exports, module) {\n"
        f"{source.rstrip()}\n"
        f"}})((window.{global_name} = {{}}), {{}});\n"
    )


def npm_pack(spec: str, workdir: Path) -> bytes:
    """Fetch a package tarball from the registry with npm itself; return its bytes."""
    result = subprocess.run(
        ["npm", "pack", spec, "--json", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    (report,) = json.loads(result.stdout)
    return (workdir / report["filename"]).read_bytes()


def read_member(tarball: bytes, path: str) -> bytes:
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile(f"package/{path}")
        if member is None:
            raise SystemExit(f"package/{path} is not a regular file in the tarball")
        return member.read()


def make_version_file(package: VendoredPackage, contents: dict[str, bytes]) -> str:
    """The VERSION text: what was vendored, from where, and each file's sha256 to spot hand edits."""
    lines = [
        f"name: {package.name}",
        f"version: {package.version}",
        f"integrity: {package.integrity}",
        "files:",
    ]
    for vendored in package.files:
        how = f" (CommonJS wrapped as window.{vendored.wrap_as_global})" if vendored.wrap_as_global else ""
        digest = hashlib.sha256(contents[vendored.target]).hexdigest()
        lines.append(f"  {vendored.target} <- package/{vendored.source}{how} sha256={digest}")
    return "\n".join(lines) + "\n"


def vendor(package: VendoredPackage, workdir: Path) -> None:
    spec = f"{package.name}@{package.version}"
    tarball = npm_pack(spec, workdir)
    actual = sri_sha512(tarball)
    if actual != package.integrity:
        raise SystemExit(f"{spec}: tarball integrity {actual} does not match the pinned {package.integrity}")

    dest = VENDOR_DIR / package.dest
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    contents = {}
    for vendored in package.files:
        data = read_member(tarball, vendored.source)
        if vendored.wrap_as_global:
            origin = f"{spec} package/{vendored.source}"
            data = wrap_commonjs(data.decode("utf-8"), vendored.wrap_as_global, origin).encode("utf-8")
        (dest / vendored.target).write_bytes(data)
        contents[vendored.target] = data
    (dest / "VERSION").write_text(make_version_file(package, contents), encoding="utf-8")
    print(f"vendored {spec} into {dest.relative_to(VENDOR_DIR.parent.parent.parent)}")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="prosiding-vendor-") as tmp:
        for package in PACKAGES:
            vendor(package, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
