"""Parallel cold builds: Markdown conversion and page rendering spread over worker processes.

Both stages are pure (values in, bytes out), so a worker gets its inputs pickled in one task per
worker and sends plain values back; the result is byte-identical to a single-process build.
Workers are started with `spawn` on every system, the only method Windows has, so what is
tested here is what a regency office on Windows runs. Small jobs stay in this process: starting a
worker costs more than converting a few hundred bodies.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

# Below these counts a pool is slower than one process (worker start-up is ~0.3 s each).
MIN_BODIES_FOR_POOL = 400
MIN_PAGES_FOR_POOL = 400
MIN_REFERENCES_FOR_POOL = 200  # citeproc-py takes ~2 ms a reference


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except AttributeError:  # Windows, macOS
        return max(1, os.cpu_count() or 1)


class WorkerPool:
    """A lazily started process pool with the two jobs a build hands out."""

    def __init__(self, workers: int):
        self.workers = workers
        self.broken = False
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._executor

    def _run(self, function: Any, argument_lists: list[tuple]) -> list | None:
        """Each task's result, or None when workers cannot be had (a frozen program without a
        main guard, a sandbox without semaphores): the build then does the work itself."""
        if self.broken:
            return None
        try:
            futures = [self._pool().submit(function, *arguments) for arguments in argument_lists]
            return [future.result() for future in futures]
        except (BrokenProcessPool, OSError, PermissionError, EOFError):
            self.broken = True
            self.close()
            return None

    def close(self) -> None:
        if self._executor is not None:
            try:
                self._executor.shutdown(wait=True, cancel_futures=True)
            except Exception:  # a broken pool may fail to shut down cleanly; its processes are gone
                pass
            self._executor = None

    def map_bodies(self, jobs: list, targets: Any, allowed: Any, language: str) -> list[dict]:
        """Body records (see body._to_record) for `jobs`, in order."""
        if len(jobs) < MIN_BODIES_FOR_POOL:
            from .body import _to_record, render_job

            return [_to_record(render_job(job, targets, allowed, language)) for job in jobs]
        chunks = _split(list(range(len(jobs))), self.workers)
        results = self._run(_convert_bodies, [([jobs[i] for i in chunk], targets, allowed, language) for chunk in chunks])
        if results is None:
            return _convert_bodies(jobs, targets, allowed, language)
        return _merge(chunks, results, len(jobs))

    def render_pages(self, items: list, site: Any, layout_dirs: list[Path]) -> list[tuple]:
        """(bytes, facts, error, link scan) for each plan item, in order."""
        from .pipeline import render_many

        if len(items) < MIN_PAGES_FOR_POOL:
            return render_many(items, site, layout_dirs)
        chunks = _split(list(range(len(items))), self.workers)
        found = self._run(_render_pages, [(site, layout_dirs, [items[i] for i in chunk]) for chunk in chunks])
        if found is None:
            return render_many(items, site, layout_dirs)
        results = _merge(chunks, found, len(items))
        from .errors import ProsidingError, SourceRef

        return [(data, facts, ProsidingError(error[0], SourceRef(error[1], error[2]) if error[1] else None) if error else None, scan)
                for data, facts, error, scan in results]

    def format_references(self, style: str, locale: str, items: list[tuple[str, dict]]) -> list[tuple[str, str]]:
        """(cache key, formatted HTML) for each (key, CSL item), in order."""
        from .cite import run_citeproc

        return self._spread(run_citeproc, items, MIN_REFERENCES_FOR_POOL, before=(style, locale))

    def print_volumes(self, volumes: list[tuple[bytes, str]], files: Any, base_url: str | None, language: str, created: str | None) -> list[tuple]:
        """(PDF, loaded files) for each (volume page, path), in order: each volume takes seconds,
        so even two are worth a worker each."""
        from .volume import print_volumes

        return self._spread(print_volumes, volumes, 2, after=(files, base_url, language, created))

    def _spread(self, function: Any, items: list, minimum: int, before: tuple = (), after: tuple = ()) -> list:
        """`function(*before, items, *after)` (a list, one result per item) with the items shared
        out over the workers, or here when there are fewer than `minimum` or no workers can be had."""
        if len(items) < minimum:
            return function(*before, items, *after)
        chunks = _split(list(range(len(items))), self.workers)
        found = self._run(function, [(*before, [items[i] for i in chunk], *after) for chunk in chunks])
        if found is None:
            return function(*before, items, *after)
        return _merge(chunks, found, len(items))


@contextmanager
def worker_pool(jobs: int | None, size: int) -> Iterator[WorkerPool | None]:
    """A pool of `jobs` workers (default: one per core) when the site is big enough to gain from it."""
    workers = default_jobs() if jobs is None else jobs
    if workers <= 1 or size < MIN_BODIES_FOR_POOL:
        yield None
        return
    pool = WorkerPool(workers)
    try:
        yield pool
    finally:
        pool.close()


def _split(indexes: list[int], parts: int) -> list[list[int]]:
    """Round-robin, so long and short items (seminars and their talks sit together) even out."""
    return [chunk for chunk in (indexes[i::parts] for i in range(parts)) if chunk]


def _merge(chunks: list[list[int]], results: list[list], total: int) -> list:
    merged: list = [None] * total
    for chunk, values in zip(chunks, results):
        for index, value in zip(chunk, values):
            merged[index] = value
    return merged


def _convert_bodies(jobs: list, targets: Any, allowed: Any, language: str) -> list[dict]:
    from .body import _to_record, render_job

    return [_to_record(render_job(job, targets, allowed, language)) for job in jobs]


def _render_pages(site: Any, layout_dirs: list[Path], items: list) -> list[tuple]:
    from .pipeline import render_many

    results = []
    for data, facts, error, scan in render_many(items, site, layout_dirs):
        flat = (error.message, error.ref.path if error.ref else None, error.ref.line if error.ref else 0) if error else None
        results.append((data, facts, flat, scan))
    return results
