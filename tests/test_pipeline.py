"""build(): the whole pipeline as the CLI runs it. What a user notices: the output appears only
after a good build, a bad build reports every problem at once and leaves the old site alone,
and the offline search covers what the site shows."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from prosiding.errors import ErrorList, UsageError
from prosiding.pipeline import Project, build
from sitemaker import build_errors, page, texts

SEMINAR = "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\n"
SITE = {
    "content/seminar/s/index.md": SEMINAR,
    "content/seminar/s/nusa.md": "---\njudul: Kehumasan Nusa\nketua: Sri Widarti\ninstansi: KPPT\n---\nTemuan kelompok.\n",
    "content/berita/b.md": "---\njudul: Kabar Seminar\ntanggal: 2014-10-03\n---\nIsi.\n",
    "content/tentang.md": "---\njudul: Tentang\n---\nIsi.\n",
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_writes_every_page_into_the_output_folder(make_site, tmp_path):
    site = make_site(SITE)
    output = tmp_path / "keluaran"
    result = build(Project.at(site, output))
    on_disk = snapshot(output)
    assert {p for p in result.files} <= set(on_disk)
    assert texts(page(on_disk, "seminar/s/nusa/index.html"), "//h1") == ["Kehumasan Nusa"]
    assert not (site / "output").exists()


def test_output_defaults_to_the_site_folder(make_site):
    site = make_site(SITE)
    build(Project.at(site))
    assert (site / "output" / "index.html").is_file()


def test_check_mode_validates_everything_and_writes_nothing(make_site):
    site = make_site(SITE)
    before = snapshot(site)
    result = build(Project.at(site), write=False)
    assert "seminar/s/nusa/index.html" in result.files
    assert snapshot(site) == before
    assert not (site / "output").exists()


def test_a_failed_build_reports_all_problems_and_keeps_the_previous_site(make_site):
    site = make_site(SITE)
    build(Project.at(site))
    before = snapshot(site / "output")
    (site / "content" / "seminar" / "s" / "nusa.md").write_text("---\njudul: Nusa\ntangal: 2014-10-02\n---\n")
    (site / "content" / "berita" / "b.md").write_text("---\njudul: Kabar\ntanggal: kemarin\n---\n")
    with pytest.raises(ErrorList) as caught:
        build(Project.at(site))
    assert [str(e).split(": ")[0] for e in caught.value.errors] == ["content/berita/b.md:3", "content/seminar/s/nusa.md:3"]
    assert snapshot(site / "output") == before


def test_a_page_that_disappears_is_removed_and_warned_about(make_site):
    site = make_site(SITE)
    build(Project.at(site))
    (site / "content" / "tentang.md").unlink()
    result = build(Project.at(site))
    assert not (site / "output" / "tentang" / "index.html").exists()
    assert any("tentang/index.html" in warning for warning in result.warnings)


def test_a_folder_without_content_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="has no content/ folder"):
        Project.at(tmp_path)


def test_an_output_folder_inside_content_is_refused(make_site):
    site = make_site(SITE)
    with pytest.raises(UsageError, match="inside"):
        build(Project.at(site, site / "content" / "keluaran"))
    assert not (site / "content" / "keluaran").exists()


def test_a_folder_of_someone_elses_files_is_never_replaced(make_site, tmp_path):
    site = make_site(SITE)
    precious = tmp_path / "dokumen"
    precious.mkdir()
    (precious / "skripsi.docx").write_bytes(b"jangan dihapus")
    with pytest.raises(UsageError):
        build(Project.at(site, precious))
    assert (precious / "skripsi.docx").read_bytes() == b"jangan dihapus"


def test_the_site_settings_file_is_required(make_site):
    site = make_site({**SITE, "content/_site.yml": None})
    assert any("content/_site.yml is missing" in error for error in build_errors(site))


def test_errors_from_settings_and_pages_come_together(make_site):
    site = make_site({**SITE, "content/_site.yml": "judul: Uji\nbahasa: fr\n", "content/tentang.md": "---\nringkasan: x\n---\n"})
    errors = build_errors(site)
    assert [e.split(": ")[0] for e in errors] == ["content/_site.yml:2", "content/tentang.md:1"]


def test_offline_search_data_covers_every_kind_of_page(make_site):
    files = build(Project.at(make_site(SITE)), write=False).files
    data = files["_cari/data.js"].decode("ascii")
    payload = json.loads(data[data.index("=") + 1 : data.rindex(";")])
    text = json.dumps(payload, ensure_ascii=False)
    for title in ("Seminar S", "Kehumasan Nusa", "Kabar Seminar", "Sri Widarti", "KPPT", "Tentang"):
        assert title in text, title
