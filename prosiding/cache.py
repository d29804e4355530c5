"""The build cache: what earlier builds computed, kept in `.prosiding-cache/` beside the output.

One SQLite file of namespaced JSON values (never pickle: a cache may arrive on a USB stick from
elsewhere, and loading it must not run code). Every key already hashes every input that changes
the value, so a hit is always right; the engine fingerprint (prosiding's own source files and the
versions of the libraries that shape the bytes) is stored once, and a cache written by another
engine is started afresh.

A cache that is corrupt, truncated, locked or foreign never breaks a build: it is set aside with
one note and the build carries on without it (the next one writes a new cache).
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_DIR_NAME = ".prosiding-cache"
CACHE_FILE_NAME = "cache-v1.sqlite"
FORMAT = "prosiding-cache-1"

# Libraries whose version changes the bytes of a page, a body or the search data.
_SHAPING_LIBRARIES = ("markdown", "nh3", "jinja2", "babel", "snowballstemmer", "pydantic", "pyyaml", "python-frontmatter", "pillow")


def cache_dir_for(output_dir: Path) -> Path:
    """Default cache folder: beside the output folder (`site/output` → `site/.prosiding-cache`)."""
    return Path(output_dir).parent / CACHE_DIR_NAME


def digest(*parts: str | bytes) -> str:
    """A short stable hash of `parts` (blake2b, 128 bits): keys, not security.

    Each part is prefixed with its length, so ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if type(part) is str else part
        h.update(b"%d:" % len(data))
        h.update(data)
    return h.hexdigest()


_ENGINE: str | None = None


def engine_fingerprint() -> str:
    """prosiding's own code and the shaping libraries' versions: a change in either invalidates all."""
    global _ENGINE
    if _ENGINE is None:
        package = Path(__file__).resolve().parent
        parts: list[str | bytes] = [sys.version.split()[0]]
        for path in sorted(package.glob("*.py")) + sorted((package / "locales").glob("*.po")):
            parts += [path.name, path.read_bytes()]
        for name in _SHAPING_LIBRARIES:
            try:
                parts.append(f"{name}={metadata.version(name)}")
            except metadata.PackageNotFoundError:
                parts.append(f"{name}=none")
        _ENGINE = digest(*parts)
    return _ENGINE


@dataclass
class BuildCache:
    """Namespaced JSON values in SQLite; reads and writes never raise (a broken cache is a miss)."""

    path: Path | None  # None: no cache (--no-cache, or set aside after a problem)
    notes: list[str] = field(default_factory=list)
    _db: sqlite3.Connection | None = None
    _pending: dict[tuple[str, str], str] = field(default_factory=dict)
    read_only: bool = False
    _loaded: dict[str, dict[str, str]] = field(default_factory=dict)  # namespaces read whole, undecoded

    @classmethod
    def open(cls, folder: Path | None, *, read_only: bool = False) -> "BuildCache":
        cache = cls(None if folder is None else Path(folder) / CACHE_FILE_NAME, read_only=read_only)
        if cache.path is not None and read_only:
            cache._connect_read_only()
        elif cache.path is not None:
            cache._connect()
        return cache

    def _connect_read_only(self) -> None:
        """For `check`: use a cache a build left, change nothing (a foreign or broken one is ignored)."""
        assert self.path is not None
        if not self.path.is_file():
            self.path = None
            return
        try:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
            found = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if found.get("format") == FORMAT and found.get("engine") == engine_fingerprint():
                self._db = db
            else:
                db.close()
        except (sqlite3.Error, OSError, ValueError):
            self._db = None

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def _connect(self) -> None:
        assert self.path is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open_checked(self.path)
        except (sqlite3.Error, OSError, ValueError) as exc:
            self._set_aside(exc)

    def _open_checked(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(str(path), timeout=0.5, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=DELETE")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS kv (ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (ns, key))")
            found = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if found.get("format") != FORMAT or found.get("engine") != engine_fingerprint():
                if found:  # another engine (or another program) wrote it: start afresh, quietly
                    db.execute("DELETE FROM kv")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?), ('engine', ?)", (FORMAT, engine_fingerprint()))
            return db
        except BaseException:
            db.close()
            raise

    def _set_aside(self, error: BaseException) -> None:
        """A broken cache file is moved out of the way (or removed); this build runs without a cache."""
        self.close()
        shown = self.path.parent.name + "/" + self.path.name if self.path else "cache"
        what = str(error).splitlines()[0] if str(error) else type(error).__name__
        self.notes.append(f"note: the build cache {shown} could not be used ({what}); building without it, a new one is written next time")
        if self.path is not None and not self.read_only:
            for suffix in ("", "-journal", "-wal", "-shm"):
                try:
                    Path(str(self.path) + suffix).unlink(missing_ok=True)
                except OSError:
                    pass
        self.path = None

    def get(self, ns: str, key: str) -> Any | None:
        """The value stored under (ns, key), or None; an unreadable value counts as absent."""
        pending = self._pending.get((ns, key))
        if pending is not None:
            return None if pending == "\0delete" else json.loads(pending)
        if self._db is None:
            return None
        loaded = self._loaded.get(ns)
        if loaded is not None:
            text = loaded.get(key)
            try:
                return None if text is None else json.loads(text)
            except (ValueError, TypeError):
                return None
        try:
            row = self._db.execute("SELECT value FROM kv WHERE ns = ? AND key = ?", (ns, key)).fetchone()
        except sqlite3.Error as exc:
            self._set_aside(exc)
            return None
        if row is None:
            return None
        try:
            return json.loads(row[0])
        except (ValueError, TypeError):
            return None

    def preload(self, *namespaces: str) -> None:
        """Read whole namespaces in one query each: thousands of single look-ups cost more."""
        if self._db is None:
            return
        for ns in namespaces:
            try:
                self._loaded[ns] = dict(self._db.execute("SELECT key, value FROM kv WHERE ns = ?", (ns,)).fetchall())
            except sqlite3.Error as exc:
                self._set_aside(exc)
                return

    def delete(self, ns: str, keys: list[str]) -> None:
        """Forget values at the next flush."""
        for key in keys:
            self._pending[(ns, key)] = "\0delete"

    def get_many(self, ns: str) -> dict[str, Any]:
        """Every value of a namespace (for tables read whole, like the page records)."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute("SELECT key, value FROM kv WHERE ns = ?", (ns,)).fetchall()
        except sqlite3.Error as exc:
            self._set_aside(exc)
            return {}
        found = {}
        for key, value in rows:
            try:
                found[key] = json.loads(value)
            except (ValueError, TypeError):
                continue
        return found

    def put(self, ns: str, key: str, value: Any) -> None:
        """Remember a value; it reaches the disk in `flush()`, after the build succeeded."""
        if self.read_only:
            return
        self._pending[(ns, key)] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def replace_namespace(self, ns: str, values: dict[str, Any]) -> None:
        """Make `values` the whole content of `ns` at the next flush (records that describe one build)."""
        self._pending = {k: v for k, v in self._pending.items() if k[0] != ns}
        self._pending[(ns, "\0clear")] = ""
        for key, value in values.items():
            self.put(ns, key, value)

    def retain(self, ns: str, keys: set[str]) -> None:
        """Forget, at the next flush, every value of `ns` not under one of `keys` (values too large
        to read back whole just to decide, like the photos' copies of images since edited)."""
        self._pending[(ns, "\0retain")] = json.dumps(sorted(keys))

    def flush(self) -> None:
        """Write what this build learned in one transaction; a failure only costs the next build time."""
        pending, self._pending = self._pending, {}
        if self._db is None or not pending or self.read_only:  # `check`: deletions and clears stay unwritten too
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            for (ns, key), value in pending.items():
                if key == "\0clear":
                    self._db.execute("DELETE FROM kv WHERE ns = ?", (ns,))
                elif key == "\0retain":
                    self._db.execute("CREATE TEMP TABLE IF NOT EXISTS retained (key TEXT PRIMARY KEY)")
                    self._db.execute("DELETE FROM retained")
                    self._db.executemany("INSERT OR IGNORE INTO retained VALUES (?)", [(k,) for k in json.loads(value)])
                    self._db.execute("DELETE FROM kv WHERE ns = ? AND key NOT IN (SELECT key FROM retained)", (ns,))
            self._db.executemany("DELETE FROM kv WHERE ns = ? AND key = ?", [k for k, v in pending.items() if v == "\0delete"])
            self._db.executemany(
                "INSERT OR REPLACE INTO kv VALUES (?, ?, ?)",
                [(ns, key, value) for (ns, key), value in pending.items() if key not in ("\0clear", "\0retain") and value != "\0delete"],
            )
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            self._set_aside(exc)

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None


def remove_cache(folder: Path) -> bool:
    """`prosiding clean`: delete the cache folder; True if there was one."""
    import shutil

    folder = Path(folder)
    if not folder.exists():
        return False
    if folder.is_symlink() or not folder.is_dir():
        raise OSError(f"{folder} is not a cache folder")
    shutil.rmtree(folder)
    return True


def environment_says_no_cache() -> bool:
    return os.environ.get("PROSIDING_NO_CACHE", "") not in ("", "0")
