"""The build cache and recorded dependencies: what an editor notices is that a rebuild is quick,
and never that it was incremental. After every kind of edit the output equals a cold build
(no cache, fresh folder) byte for byte; a no-change build writes nothing; a broken cache is a
note, never a wrong page."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, Phase
from hypothesis import strategies as st

from prosiding import parallel
from prosiding.cache import CACHE_DIR_NAME, CACHE_FILE_NAME
from prosiding.cli import main
from prosiding.errors import ProsidingError
from prosiding.pipeline import Project, build

REPO = Path(__file__).resolve().parent.parent
SEMINAR = "content/seminar/2014-benchmarking-to-best-practice"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A copy of the bundled proceedings, built once with the cache."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    write(site, f"{SEMINAR}/tambahan.md", NEW_TALK.replace("Baru", "Tambahan"))  # nothing links to it
    build(Project.at(site))
    return site


def cold(site: Path, tmp_path: Path, name: str = "cold") -> dict[str, bytes]:
    output = tmp_path / name
    shutil.rmtree(output, ignore_errors=True)
    build(Project.at(site, output), use_cache=False)
    return snapshot(output)


def edit(site: Path, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(site: Path, rel: str, text: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


NEW_TALK = "---\njudul: Paparan Kelompok Baru\nkelompok: Baru\nketua: Sri Widarti\ninstansi: kppt\n---\n## Temuan\n\nLihat [Nusa](nusa.md).\n"

EDITS = {
    "presentation body": lambda s: edit(s, f"{SEMINAR}/nusa.md", "\n## ", "\nTambahan kalimat.\n\n## "),
    "presentation title": lambda s: edit(s, f"{SEMINAR}/bangsa.md", "judul: ", "judul: Ubah "),
    "add presentation": lambda s: write(s, f"{SEMINAR}/baru.md", NEW_TALK),
    "delete presentation": lambda s: (s / SEMINAR / "tambahan.md").unlink(),
    "rename presentation": lambda s: (s / SEMINAR / "tambahan.md").rename(s / SEMINAR / "tambahan-lagi.md"),
    "seminar": lambda s: edit(s, f"{SEMINAR}/index.md", "judul: ", "judul: Seminar "),
    "add person": lambda s: write(s, "content/orang/sri-widarti.md", "---\nnama: Sri Widarti SSos\n---\nKetua kelompok Nusa.\n"),
    "edit person": lambda s: edit(s, "content/orang/tri-antoro.md", "nama: ", "nama: H "),
    "delete person": lambda s: (s / "content/orang/tri-antoro.md").unlink(),
    "institution": lambda s: edit(s, "content/instansi/kppt.md", "nama: ", "nama: Kantor "),
    "news": lambda s: edit(s, "content/berita/pelayanan-publik-wonosobo-dinilai-inovatif.md", "judul: ", "judul: Berita Ulang "),
    "add news": lambda s: write(s, "content/berita/kabar-baru.md", "---\njudul: Kabar Baru\ntanggal: 2014-10-05\nkategori: [Pemerintahan]\n---\nIsi kabar.\n"),
    "folder defaults": lambda s: edit(s, f"{SEMINAR}/_dir.yml", "tag: [diklatpim, benchmarking]", "tag: [diklatpim]"),
    "page": lambda s: edit(s, "content/tentang.md", "judul: ", "judul: Tentang "),
    "site settings": lambda s: edit(s, "content/_site.yml", "judul: ", "judul: Arsip "),
    "language": lambda s: write(s, "content/_site.yml", (s / "content/_site.yml").read_text(encoding="utf-8").replace("bahasa: id", "") + "bahasa: en\n"),
    "draft": lambda s: edit(s, f"{SEMINAR}/tambahan.md", "---\n", "---\ndraft: true\n"),
    "layout override": lambda s: write(s, "layouts/presentation.html", (REPO / "layouts/presentation.html").read_text(encoding="utf-8").replace("</article>", "<p>Catatan redaksi.</p></article>", 1)),
    "partial override": lambda s: write(s, "layouts/partials/search_box.html", (REPO / "layouts/partials/search_box.html").read_text(encoding="utf-8") + "\n<!-- x -->\n"),
    "citation fields": lambda s: edit(s, f"{SEMINAR}/nusa.md", "urutan: 1", "urutan: 1\ndoi: 10.12345/contoh.1\nhalaman: 3-9\nlisensi: CC BY 4.0"),
    "seminar publication data": lambda s: edit(s, f"{SEMINAR}/index.md", "kota: Wonosobo", "kota: Wonosobo\nisbn: 978-3-16-148410-0\neditor: [Agus Budi Purwanto]"),
    "web address": lambda s: write(s, "content/_site.yml", (s / "content/_site.yml").read_text(encoding="utf-8") + "url_dasar: https://contoh.go.id/\n"),
    "static file": lambda s: write(s, "layouts/_static/extra.css", "body { margin: 0 }\n"),
    "crossref deposit": lambda s: deposit_dois(s),
    "comments": lambda s: write(s, f"{SEMINAR}/nusa.komentar.yml", COMMENT_FILE),
}

COMMENT_FILE = "komentar:\n- id: isso-1\n  nama: Budi\n  waktu: '2014-10-02T14:05:00+07:00'\n  isi: Paparan yang bagus.\n"

CROSSREF_SETTINGS = "url_dasar: https://contoh.go.id/\ncrossref:\n  prefiks_doi: '10.12345'\n  penyetor: {nama: Humas, email: humas@contoh.go.id}\n  pendaftar: Pemkab\n"


def deposit_dois(site: Path) -> None:
    """Turn on the Crossref deposit and give one presentation a DOI."""
    write(site, "content/_site.yml", (site / "content/_site.yml").read_text(encoding="utf-8") + CROSSREF_SETTINGS)
    EDITS["citation fields"](site)


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_an_incremental_build_equals_a_cold_build_after_each_kind_of_edit(bundled, tmp_path, kind):
    EDITS[kind](bundled)
    build(Project.at(bundled))
    assert snapshot(bundled / "output") == cold(bundled, tmp_path)


def test_a_doi_edit_rebuilds_the_crossref_deposit(bundled, tmp_path):
    deposit = bundled / "output/seminar/2014-benchmarking-to-best-practice/crossref.xml"
    assert not deposit.exists()
    deposit_dois(bundled)
    build(Project.at(bundled))
    assert b"<doi>10.12345/contoh.1</doi>" in deposit.read_bytes()
    edit(bundled, f"{SEMINAR}/nusa.md", "doi: 10.12345/contoh.1", "doi: 10.12345/contoh.9")
    build(Project.at(bundled))
    assert b"<doi>10.12345/contoh.9</doi>" in deposit.read_bytes() and b"contoh.1<" not in deposit.read_bytes()
    assert snapshot(bundled / "output") == cold(bundled, tmp_path)
    write(bundled, "content/_site.yml", (bundled / "content/_site.yml").read_text(encoding="utf-8").replace(CROSSREF_SETTINGS, ""))
    build(Project.at(bundled))
    assert not deposit.exists()


def test_setting_source_date_epoch_alone_restamps_the_crossref_deposit(bundled, monkeypatch):
    deposit_dois(bundled)
    build(Project.at(bundled))
    deposit = bundled / "output/seminar/2014-benchmarking-to-best-practice/crossref.xml"
    assert b"<timestamp>20141002000000</timestamp>" in deposit.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # no file changes: the no-change shortcut must not apply
    build(Project.at(bundled))
    assert b"<timestamp>20231114221320</timestamp>" in deposit.read_bytes()


def test_a_layout_edit_is_picked_up_and_then_undone(bundled, tmp_path):
    EDITS["layout override"](bundled)
    build(Project.at(bundled))
    assert b"Catatan redaksi." in (bundled / "output/seminar/2014-benchmarking-to-best-practice/nusa/index.html").read_bytes()
    (bundled / "layouts/presentation.html").unlink()
    build(Project.at(bundled))
    assert snapshot(bundled / "output") == cold(bundled, tmp_path)


def test_a_no_change_build_writes_nothing_and_keeps_every_mtime(bundled):
    before = mtimes(bundled / "output")
    result = build(Project.at(bundled))
    assert result.stats.rendered == 0 or result.stats.nothing_changed
    assert mtimes(bundled / "output") == before


def test_a_body_edit_rerenders_the_page_but_not_unrelated_pages(bundled):
    output = bundled / "output"
    before = mtimes(output)
    EDITS["presentation body"](bundled)
    result = build(Project.at(bundled))
    after = mtimes(output)
    changed = {path for path in after if after[path] != before.get(path)}
    assert "seminar/2014-benchmarking-to-best-practice/nusa/index.html" in changed
    assert "tentang/index.html" not in changed and "orang/index.html" not in changed
    assert not {path for path in changed if path.startswith(("instansi/", "orang/"))}, "people and institution pages show titles, not bodies"
    assert 0 < result.stats.rendered < result.stats.pages // 2


def test_a_new_comment_rerenders_its_page_and_nothing_else(bundled):
    output = bundled / "output"
    before = mtimes(output)
    EDITS["comments"](bundled)
    result = build(Project.at(bundled))
    after = mtimes(output)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == {"seminar/2014-benchmarking-to-best-practice/nusa/index.html"}
    assert result.stats.rendered == 1


VOLUME = "seminar/2014-benchmarking-to-best-practice/buku/"
PDF = VOLUME + "2014-benchmarking-to-best-practice.pdf"


def _needs_pdf_engine() -> None:
    from prosiding.volume import pdf_engine_version

    if pdf_engine_version() is None:
        from conftest import browser_required

        if browser_required():
            pytest.fail("WeasyPrint is missing (PROSIDING_REQUIRE_BROWSER=1, so the PDF tests may not be skipped)", pytrace=False)
        pytest.skip("WeasyPrint (prosiding[pdf]) is not installed")


def test_a_presentation_edit_prints_its_seminar_volume_again_and_other_edits_do_not(bundled, tmp_path):
    _needs_pdf_engine()
    output = bundled / "output"
    before, pdf = mtimes(output), (output / PDF).read_bytes()
    EDITS["news"](bundled)  # the volume shows no news: its page and PDF stay as they are
    build(Project.at(bundled))
    after = mtimes(output)
    assert after[PDF] == before[PDF] and after[VOLUME + "index.html"] == before[VOLUME + "index.html"]
    EDITS["presentation body"](bundled)
    build(Project.at(bundled))
    assert (output / PDF).read_bytes() != pdf
    assert b"Tambahan kalimat." in (output / VOLUME / "index.html").read_bytes()
    assert snapshot(output) == cold(bundled, tmp_path)


def test_source_date_epoch_dates_the_pdfs_and_a_change_of_it_is_not_a_no_change_build(bundled, tmp_path, monkeypatch):
    _needs_pdf_engine()
    from pypdf import PdfReader

    assert "/CreationDate" not in PdfReader(bundled / "output" / PDF).metadata
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1412208000")  # 2014-10-02 00:00 UTC
    build(Project.at(bundled))
    assert PdfReader(bundled / "output" / PDF).metadata.creation_date.isoformat() == "2014-10-02T00:00:00+00:00"
    assert snapshot(bundled / "output") == cold(bundled, tmp_path)


def test_an_edited_output_file_is_put_right_by_the_next_build(bundled, tmp_path):
    page = bundled / "output/tentang/index.html"
    page.write_bytes(page.read_bytes().replace(b"</main>", b"<p>diubah tangan</p></main>"))
    build(Project.at(bundled))
    assert snapshot(bundled / "output") == cold(bundled, tmp_path)


def test_a_dead_link_to_a_deleted_page_is_found_on_pages_that_were_not_rerendered(bundled):
    write(bundled, "content/tautan.md", "---\njudul: Tautan\n---\nLihat [Bangsa](seminar/2014-benchmarking-to-best-practice/bangsa.md).\n")
    build(Project.at(bundled))
    (bundled / SEMINAR / "bangsa.md").unlink()
    with pytest.raises(ProsidingError) as caught:
        build(Project.at(bundled))
    assert "content/tautan.md" in str(caught.value) and "bangsa.md" in str(caught.value)


# No shrinking or explaining: each example builds the site several times, and the failure message
# already names the sequence of edits.
@settings(max_examples=6, deadline=None, derandomize=True, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(set(EDITS) - {"rename presentation", "delete presentation"})), min_size=2, max_size=4, unique=True))
def test_random_sequences_of_edits_always_match_a_cold_build(tmp_path_factory, kinds):
    tmp = tmp_path_factory.mktemp("seq")
    site = tmp / "site"
    shutil.copytree(REPO / "content", site / "content")
    write(site, f"{SEMINAR}/tambahan.md", NEW_TALK.replace("Baru", "Tambahan"))
    build(Project.at(site))
    for kind in kinds:
        EDITS[kind](site)
        build(Project.at(site))
        assert snapshot(site / "output") == cold(site, tmp), f"after {kinds[: kinds.index(kind) + 1]}"


# --- a cache that cannot be trusted --------------------------------------------------------------


def _cache_file(site: Path) -> Path:
    return site / CACHE_DIR_NAME / CACHE_FILE_NAME


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00not a database\xff" * 500)


def _foreign(path: Path) -> None:
    path.unlink()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE kv (x)")
    db.execute("INSERT INTO kv VALUES ('y')")
    db.commit()
    db.close()


def _bad_values(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("UPDATE kv SET value = '{\"html\": 5' WHERE ns = 'body'")
    db.execute("UPDATE kv SET value = '[1, 2, 3]' WHERE ns LIKE 'pages:%'")
    db.execute("UPDATE kv SET value = 'null' WHERE ns = 'parse'")
    db.commit()
    db.close()


def _wrong_html(path: Path) -> None:
    """Well-formed records with the wrong content: keys still decide, so they are never used."""
    db = sqlite3.connect(path)
    db.execute("UPDATE kv SET key = 'x' || key WHERE ns = 'body'")
    db.commit()
    db.close()


@pytest.mark.parametrize("damage", [_truncate, _garbage, _foreign, _bad_values, _wrong_html], ids=lambda f: f.__name__.strip("_"))
def test_a_damaged_cache_never_gives_a_wrong_page_or_a_traceback(bundled, tmp_path, capsys, damage):
    EDITS["presentation body"](bundled)
    damage(_cache_file(bundled))
    capsys.readouterr()
    code = main(["--source", str(bundled), "build"])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    assert snapshot(bundled / "output") == cold(bundled, tmp_path)
    assert main(["--source", str(bundled), "build"]) == 0  # and the next build works with a new cache


def test_a_locked_cache_is_a_note_and_the_build_goes_on(bundled, tmp_path, capsys):
    EDITS["presentation title"](bundled)
    holder = sqlite3.connect(_cache_file(bundled), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code = main(["--source", str(bundled), "build"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    captured = capsys.readouterr()
    assert code == 0 and "Traceback" not in captured.err
    assert snapshot(bundled / "output") == cold(bundled, tmp_path)


def test_no_cache_and_clean(bundled, capsys):
    assert main(["--source", str(bundled), "clean"]) == 0
    assert not (bundled / CACHE_DIR_NAME).exists()
    assert "removed the build cache" in capsys.readouterr().out
    assert main(["--source", str(bundled), "build", "--no-cache"]) == 0
    assert not (bundled / CACHE_DIR_NAME).exists()
    assert main(["--source", str(bundled), "clean"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_check_reads_a_cache_but_never_writes_one(bundled, tmp_path):
    before = snapshot(bundled / CACHE_DIR_NAME)
    build(Project.at(bundled), write=False)
    assert snapshot(bundled / CACHE_DIR_NAME) == before


# --- parallel builds -----------------------------------------------------------------------------


def test_a_parallel_build_equals_a_single_process_build(bundled, tmp_path, monkeypatch):
    """Workers are spawned (as on Windows) even for this small site, and change no byte."""
    monkeypatch.setattr(parallel, "MIN_BODIES_FOR_POOL", 0)
    monkeypatch.setattr(parallel, "MIN_PAGES_FOR_POOL", 0)
    output = tmp_path / "parallel"
    build(Project.at(bundled, output), use_cache=False, jobs=2)
    assert snapshot(output) == cold(bundled, tmp_path)


def test_jobs_must_be_a_positive_number(bundled, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--source", str(bundled), "build", "--jobs", "0"])
    assert exited.value.code == 2
    assert "must be 1 or more" in capsys.readouterr().err


# --- the in-place update of a small edit ---------------------------------------------------------


def test_a_full_disk_during_an_in_place_update_leaves_the_output_whole(bundled, capsys, monkeypatch):
    import errno

    from prosiding import write as write_module

    before = snapshot(bundled / "output")
    EDITS["presentation body"](bundled)

    def full_disk(target, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(write_module, "IN_PLACE_SHARE", 1.0)  # this small site would otherwise be staged whole
    monkeypatch.setattr(write_module, "_write_new_file", full_disk)
    capsys.readouterr()
    code = main(["--source", str(bundled), "build"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1 and len(err) == 2 and "Traceback" not in "\n".join(err)
    assert err[0].startswith("could not write the new output ") and ".tmp-prosiding: the disk is full" in err[0]
    assert err[-1].endswith("the output folder was not changed.")
    assert snapshot(bundled / "output") == before  # no half-written page, no temporary file left


def test_an_in_place_update_killed_during_its_renames_is_finished_by_the_next_build(bundled, tmp_path):
    from prosiding.write import _temp_for, journal_path

    page = "tentang/index.html"
    target = bundled / "output" / page
    _temp_for(target).write_bytes(target.read_bytes().replace(b"</main>", b"<p>baru</p></main>"))
    journal_path(bundled / "output").write_text("+" + page + "\n", encoding="utf-8")
    build(Project.at(bundled))  # finishes the journal, then puts the page right from the content
    assert not journal_path(bundled / "output").exists() and not _temp_for(target).exists()
    assert snapshot(bundled / "output") == cold(bundled, tmp_path)
