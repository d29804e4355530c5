#!/usr/bin/env python3
"""Build times and peak memory of prosiding, Pelican and Hugo on the same generated corpus.

    pip install -e '.[bench]'          # Pelican and psutil; Hugo is a system package
    python benchmarks/bench_build.py --presentations 1000 5000 20000 --peers-at 5000

For each size the same corpus (benchmarks/corpus.py) is written as a prosiding, a Pelican and a
Hugo site, and every scenario below runs --repeat times, the tools taking turns within each
repetition (their order rotates). Scenarios run in this fixed order on one set of sites:

  cold build        no output and no cache (prosiding: output/ and .prosiding-cache/;
                    Pelican: output/ and cache/; Hugo: public/ and resources/)
  no-change         rebuild with nothing changed
  presentation edit one line of one presentation's body changed (a different text each time)
  layout edit       one line added to the presentation layout (prosiding: the site's
                    layouts/presentation.html; Pelican: templates/article.html; Hugo: single.html)
  settings edit     the site title changed (_site.yml judul; pelicanconf SITENAME; config title)
  add presentation  a new presentation appended to a seminar
  delete            the presentation just added is removed again

After the edit scenarios the edited file is restored and each tool rebuilt (not timed), so the
next scenario starts from the original corpus. Times are medians; a ratio is peer time divided
by prosiding's (above 1: prosiding is faster). Peak RSS is summed over the build's whole process
tree, polled every 20 ms. Timings are measured here and never asserted in tests.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = ("cold build", "no-change", "presentation edit", "layout edit", "settings edit", "add presentation", "delete")
POLL_SECONDS = 0.02


# --- the tools ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tool:
    """How to build one tool's site, what a cold build removes, and which files the edits touch."""

    name: str
    root: Path
    command: tuple[str, ...]
    cold_removes: tuple[Path, ...]
    output: Path
    layout: Path
    layout_anchor: str
    settings: Path
    settings_key: str          # the line to rewrite starts with this
    settings_line: str         # format with {title}


def prosiding_tool(root: Path, jobs: int | None) -> Tool:
    help_text = _build_help()
    command = [sys.executable, str(REPO / "build.py"), "build", "--source", str(root)]
    if jobs is not None and "--jobs" in help_text:
        command += ["--jobs", str(jobs)]
    if "--quiet" in help_text:
        command.append("--quiet")
    output = root / "output"
    return Tool("prosiding", root, tuple(command), (output, root / ".prosiding-cache"), output,
                root / "layouts" / "presentation.html", "{% block content %}",
                root / "content" / "_site.yml", "judul:", "judul: {title}")


def pelican_tool(root: Path) -> Tool:
    command = (sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output", "-q")
    return Tool("pelican", root, command, (root / "output", root / "cache"), root / "output",
                root / "templates" / "article.html", "{% block content %}",
                root / "pelicanconf.py", "SITENAME =", "SITENAME = {title!r}")


def hugo_tool(root: Path, hugo: str) -> Tool:
    return Tool("hugo", root, (hugo, "--quiet"), (root / "public", root / "resources"), root / "public",
                root / "layouts" / "_default" / "single.html", '{{ define "main" }}',
                root / "config.toml", "title =", 'title = "{title}"')


def _build_help() -> str:
    """prosiding's own help text, so flags the engine does not (yet) have are never passed."""
    texts = []
    for args in (["--help"], ["build", "--help"]):
        done = subprocess.run([sys.executable, str(REPO / "build.py"), *args], capture_output=True, text=True)
        texts.append(done.stdout)
    return "\n".join(texts)


def missing_peers(wanted: list[str]) -> dict[str, str]:
    """Peers that cannot run here, with what to do about it."""
    missing = {}
    if "pelican" in wanted:
        try:
            import pelican  # noqa: F401
        except ImportError:
            missing["pelican"] = "not installed (pip install -e '.[bench]')"
    if "hugo" in wanted and shutil.which("hugo") is None:
        missing["hugo"] = "not installed (apt-get install hugo, or a release from gohugo.io)"
    return missing


# --- measuring ---------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_rss: int | None    # bytes, summed over the process tree; None without psutil


class BuildFailed(RuntimeError):
    pass


def timed_build(tool: Tool) -> Run:
    """Run one build, polling the memory of the process and all its descendants."""
    try:
        import psutil
    except ImportError:
        psutil = None
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(tool.command, cwd=tool.root, stdout=subprocess.DEVNULL, stderr=errors)
        peak = 0
        watched = psutil.Process(process.pid) if psutil else None
        while True:
            if watched is not None:
                peak = max(peak, _tree_rss(watched, psutil))
            try:
                process.wait(timeout=POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                continue
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-10:]
            raise BuildFailed(f"{tool.name} exited with {process.returncode}:\n  " + "\n  ".join(tail))
    return Run(seconds, peak if psutil else None)


def _tree_rss(process, psutil) -> int:
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


# --- edits -------------------------------------------------------------------------------------


def edit_body_line(path: Path, revision: int) -> None:
    """Change the first line of text after the first `##` heading (the same line in every tool's file)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    heading = next(i for i, line in enumerate(lines) if line.startswith("## "))
    target = next(i for i in range(heading + 1, len(lines)) if lines[i].strip())
    lines[target] = f"{lines[target]} Revisi {revision}."
    path.write_text("\n".join(lines), encoding="utf-8", newline="\n")


def edit_layout(tool: Tool, revision: int) -> None:
    text = tool.layout.read_text(encoding="utf-8")
    marker = f'<span hidden class="bench-edit">{revision}</span>'
    tool.layout.write_text(text.replace(tool.layout_anchor, tool.layout_anchor + marker, 1), encoding="utf-8", newline="\n")


def edit_settings(tool: Tool, revision: int) -> None:
    lines = tool.settings.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(tool.settings_key))
    lines[index] = tool.settings_line.format(title=f"{corpus.SITE_TITLE} edisi {revision}")
    tool.settings.write_text("\n".join(lines), encoding="utf-8", newline="\n")


# --- one size ----------------------------------------------------------------------------------


@dataclass
class SizeResult:
    presentations: int
    tools: list[str]
    pages: dict[str, int] = field(default_factory=dict)
    prosiding_flags: str = ""
    runs: dict[tuple[str, str], list[Run]] = field(default_factory=dict)

    def median(self, scenario: str, tool: str) -> float | None:
        runs = self.runs.get((scenario, tool))
        return statistics.median(r.seconds for r in runs) if runs else None

    def peak(self, scenario: str, tool: str) -> int | None:
        peaks = [r.peak_rss for r in self.runs.get((scenario, tool), []) if r.peak_rss is not None]
        return max(peaks) if peaks else None


def bench_size(presentations: int, tool_names: list[str], args, work: Path) -> SizeResult:
    plan = corpus.plan_corpus(presentations, seed=args.seed)
    roots = {name: work / f"{presentations}" / name for name in tool_names}
    for root in roots.values():
        shutil.rmtree(root, ignore_errors=True)
    print(f"\nwriting {presentations} presentations ({len(plan.seminars)} seminars) for {', '.join(tool_names)} ...", flush=True)
    corpus.write_sites(plan, roots)
    if args.pdf and "prosiding" in roots:
        settings = roots["prosiding"] / "content" / "_site.yml"
        settings.write_text(settings.read_text(encoding="utf-8").replace("buku_pdf: false", "buku_pdf: true"), encoding="utf-8")
    tools = []
    for name in tool_names:
        if name == "prosiding":
            tools.append(prosiding_tool(roots[name], args.jobs))
        elif name == "pelican":
            tools.append(pelican_tool(roots[name]))
        else:
            tools.append(hugo_tool(roots[name], shutil.which("hugo")))
    result = SizeResult(presentations, tool_names)
    result.prosiding_flags = " ".join(next(t for t in tools if t.name == "prosiding").command[5:]) or "none"
    seminar = plan.seminars[len(plan.seminars) // 2]
    edited_doc = corpus.presentation_doc(plan, seminar, 1)
    added_doc = corpus.presentation_doc(plan, seminar, seminar.presentations + 1)

    def each_repetition(scenario: str, prepare) -> None:
        for repetition in range(args.repeat):
            order = tools[repetition % len(tools):] + tools[: repetition % len(tools)]
            for tool in order:
                prepare(tool, repetition)
                run = timed_build(tool)
                result.runs.setdefault((scenario, tool.name), []).append(run)
            print(f"  {scenario:<18} repetition {repetition + 1}: " + ", ".join(
                f"{t.name} {result.runs[(scenario, t.name)][-1].seconds:.2f}s" for t in tools), flush=True)

    def restore(files: dict[str, tuple[Path, str]]) -> None:
        for tool in tools:
            path, text = files[tool.name]
            path.write_text(text, encoding="utf-8", newline="\n")
            timed_build(tool)

    def remove_cold(tool: Tool, _repetition: int) -> None:
        for path in tool.cold_removes:
            shutil.rmtree(path, ignore_errors=True)

    each_repetition("cold build", remove_cold)
    for tool in tools:
        result.pages[tool.name] = sum(1 for _ in tool.output.rglob("*.html"))
    each_repetition("no-change", lambda tool, repetition: None)

    edited = {t.name: corpus.doc_file(t.name, t.root, edited_doc, plan)[0] for t in tools}
    originals = {t.name: (edited[t.name], edited[t.name].read_text(encoding="utf-8")) for t in tools}
    each_repetition("presentation edit", lambda tool, repetition: edit_body_line(edited[tool.name], repetition + 1))
    restore(originals)

    originals = {t.name: (t.layout, t.layout.read_text(encoding="utf-8")) for t in tools}
    each_repetition("layout edit", lambda tool, repetition: edit_layout(tool, repetition + 1))
    restore(originals)

    originals = {t.name: (t.settings, t.settings.read_text(encoding="utf-8")) for t in tools}
    each_repetition("settings edit", lambda tool, repetition: edit_settings(tool, repetition + 1))
    restore(originals)

    added = {t.name: corpus.doc_file(t.name, t.root, added_doc, plan) for t in tools}

    def add(tool: Tool, _repetition: int) -> None:
        path, text = added[tool.name]
        path.write_text(text, encoding="utf-8", newline="\n")

    def delete(tool: Tool, _repetition: int) -> None:
        added[tool.name][0].unlink()

    for repetition in range(args.repeat):   # add and delete alternate, so each add starts from the original corpus
        for scenario, step in (("add presentation", add), ("delete", delete)):
            order = tools[repetition % len(tools):] + tools[: repetition % len(tools)]
            for tool in order:
                step(tool, repetition)
                result.runs.setdefault((scenario, tool.name), []).append(timed_build(tool))
        print(f"  add + delete       repetition {repetition + 1}: " + ", ".join(
            f"{t.name} {result.runs[('add presentation', t.name)][-1].seconds:.2f}s/{result.runs[('delete', t.name)][-1].seconds:.2f}s" for t in tools), flush=True)
    return result


# --- printing ----------------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def _megabytes(value: int | None) -> str:
    return "-" if value is None else f"{value / 1e6:.0f} MB"


def print_table(result: SizeResult, repeat: int, skipped: dict[str, str]) -> None:
    tools = result.tools
    print(f"\n== {result.presentations} presentations, medians of {repeat} (tools alternate) ==")
    print("pages written: " + ", ".join(f"{t} {result.pages.get(t, 0)}" for t in tools) + f"; prosiding build flags: {result.prosiding_flags}")
    for name, reason in skipped.items():
        print(f"{name}: {reason}; skipped")
    header = f"{'scenario':<18}" + "".join(f"{t:>12}" for t in tools) + "".join(f"{t + '/prosiding':>20}" for t in tools if t != "prosiding")
    print(header)
    for scenario in SCENARIOS:
        ours = result.median(scenario, "prosiding")
        row = f"{scenario:<18}" + "".join(f"{_seconds(result.median(scenario, t)):>12}" for t in tools)
        for t in tools:
            if t != "prosiding":
                theirs = result.median(scenario, t)
                row += f"{(f'{theirs / ours:.2f}x' if ours and theirs else '-'):>20}"
        print(row)
    print(f"{'peak RSS':<18}" + "".join(f"{t:>12}" for t in tools) + "   (max over the runs of each scenario, whole process tree)")
    for scenario in SCENARIOS:
        print(f"{scenario:<18}" + "".join(f"{_megabytes(result.peak(scenario, t)):>12}" for t in tools))


def print_summary(results: list[SizeResult]) -> None:
    print("\n== summary (ratio = peer time / prosiding time; above 1: prosiding faster) ==")
    for scenario in SCENARIOS:
        parts = []
        for result in results:
            ours = result.median(scenario, "prosiding")
            part = f"@{result.presentations}: prosiding {_seconds(ours)}"
            for t in result.tools:
                theirs = result.median(scenario, t)
                if t != "prosiding" and theirs is not None:
                    part += f", {t} {_seconds(theirs)} ({theirs / ours:.2f}x)" if ours else f", {t} {_seconds(theirs)}"
            parts.append(part)
        print(f"{scenario}: " + "; ".join(parts))
    peaks = [f"@{r.presentations}: " + ", ".join(f"{t} {_megabytes(max((r.peak(s, t) or 0) for s in SCENARIOS) or None)}" for t in r.tools) for r in results]
    print("peak RSS: " + "; ".join(peaks))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presentations", type=int, nargs="+", default=[1000], metavar="N", help="corpus sizes (default 1000)")
    parser.add_argument("--peers-at", type=int, nargs="*", default=[5000], metavar="N",
                        help="sizes at which Pelican and Hugo also build (default 5000; they are slow at 20000)")
    parser.add_argument("--tools", default="prosiding,pelican,hugo", help="comma-separated (default prosiding,pelican,hugo)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each scenario (default 3)")
    parser.add_argument("--jobs", type=int, default=None, help="passed to prosiding as --jobs N when its build --help lists it")
    parser.add_argument("--pdf", action="store_true",
                        help="let prosiding print each seminar's volume PDF (off by default: the peers print none)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--work", type=Path, default=None, help="keep the generated sites in this folder (default: a temporary one)")
    args = parser.parse_args()
    wanted = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = sorted(set(wanted) - set(corpus.TOOLS))
    if unknown or "prosiding" not in wanted:
        parser.error(f"--tools takes prosiding and any of pelican, hugo (got {args.tools!r})")
    try:
        import psutil  # noqa: F401
    except ImportError:
        print("psutil not installed (pip install -e '.[bench]'): peak RSS is not measured")
    missing = missing_peers(wanted)
    for name, reason in missing.items():
        print(f"{name}: {reason}; skipped")
    results = []
    with tempfile.TemporaryDirectory(prefix="prosiding-bench-") as tmp:
        work = args.work or Path(tmp)
        for size in args.presentations:
            peers_here = size in args.peers_at
            tools = [t for t in wanted if t == "prosiding" or (peers_here and t not in missing)]
            skipped = {t: "missing" for t in wanted if t in missing}
            skipped.update({t: f"peers build only at --peers-at {' '.join(map(str, args.peers_at))}" for t in wanted if t != "prosiding" and not peers_here})
            try:
                result = bench_size(size, tools, args, work)
            except BuildFailed as failure:
                print(f"build failed: {failure}", file=sys.stderr)
                return 1
            print_table(result, args.repeat, skipped)
            results.append(result)
    print_summary(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
