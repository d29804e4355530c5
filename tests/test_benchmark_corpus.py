"""The benchmark corpus (benchmarks/corpus.py) is a site prosiding accepts, and the same text for every tool.

A benchmark on a corpus the engine rejects, or that warns on every build, measures nothing
useful; one whose Pelican or Hugo copy differs in text compares unequal work. No timings here.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from prosiding.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import corpus  # noqa: E402


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def plan() -> corpus.Corpus:
    return corpus.plan_corpus(45)


def test_generated_site_passes_check_without_warnings(plan, tmp_path, capsys):
    site = corpus.write_site("prosiding", plan, tmp_path / "site")
    code = main(["check", "--source", str(site)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "45 presentations" in captured.out
    assert "warning" not in captured.err.lower(), captured.err


def test_news_people_and_institutions_are_shared_across_seminars(plan, tmp_path):
    site = corpus.write_site("prosiding", plan, tmp_path / "site")
    content = site / "content"
    assert len(plan.seminars) >= 2 and all(10 <= s.presentations <= 30 for s in plan.seminars[:-1])
    assert list((content / "berita").glob("*.md")) and list((content / "orang").glob("*.md")) and list((content / "instansi").glob("*.md"))
    institutions_by_seminar = [
        {doc.fields["instansi"] for doc in corpus.all_docs(plan) if doc.kind == "presentation" and doc.path.parent.name == seminar.slug}
        for seminar in plan.seminars
    ]
    assert set.intersection(*institutions_by_seminar[:2]), "no institution visited in two seminars"


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    first = snapshot(corpus.make_prosiding_corpus(tmp_path / "a", 12))
    again = snapshot(corpus.make_prosiding_corpus(tmp_path / "b", 12))
    other = snapshot(corpus.make_prosiding_corpus(tmp_path / "c", 12, seed=2))
    assert first == again
    assert first != other


def test_bodies_are_long_and_structured_like_real_reports(plan):
    bodies = [doc.body for doc in corpus.all_docs(plan) if doc.kind == "presentation"]
    words = sum(len(body.split()) for body in bodies) / len(bodies)
    assert 700 <= words <= 850
    for body in bodies[:5]:
        for pattern in (r"^## ", r"^### ", r"^- ", r"^1\. ", r"^\| --- \|", r"^> ", r"\*[^*\s][^*]*\*"):
            assert re.search(pattern, body, re.MULTILINE), pattern
    assert any("](@/seminar/" in body for body in bodies) and any("](@/orang/" in body for body in bodies)


def test_pelican_and_hugo_get_the_same_text_with_their_own_links(plan, tmp_path):
    doc = corpus.presentation_doc(plan, plan.seminars[0], 3)
    texts = {tool: corpus.doc_file(tool, tmp_path / tool, doc, plan)[1] for tool in corpus.TOOLS}
    assert "](kelompok-" in texts["prosiding"]
    assert "]({filename}/seminar/" in texts["pelican"]
    assert '{{< relref "/seminar/' in texts["hugo"]

    def body_without_links(text: str) -> str:
        body = text[text.index("\n## "):]
        return re.sub(r"\]\([^)]*\)+", "](…)", body)

    assert body_without_links(texts["prosiding"]) == body_without_links(texts["pelican"]) == body_without_links(texts["hugo"])
