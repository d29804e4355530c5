"""Folder defaults (`_dir.yml`): shared values for every page below a folder, merged shallowly
under each file's own front matter, and errors that point at the default that caused them."""
from __future__ import annotations

from prosiding.cascade import apply_defaults
from prosiding.errors import SourceRef
from prosiding.parse import RawDoc, parse_markdown, parse_yaml_mapping
from sitemaker import build_errors, build_files, facts, page, texts


def defaults(path: str, text: str) -> RawDoc:
    meta, lines = parse_yaml_mapping(text, SourceRef(path))
    return RawDoc(SourceRef(path), meta, lines, "", 0)


def doc(text: str, path: str = "content/seminar/s/a.md") -> RawDoc:
    return parse_markdown(text, SourceRef(path))


# --- the merge itself (pure) --------------------------------------------------------------------


def test_own_front_matter_wins_and_missing_keys_come_from_the_folder():
    folder = {"seminar/s": defaults("content/seminar/s/_dir.yml", "tempat: Aula\ntag: [diklatpim]\n")}
    merged = apply_defaults(doc("---\njudul: A\ntempat: Pendopo\n---\n"), "seminar/s/a.md", folder)
    assert merged.meta == {"judul": "A", "tempat": "Pendopo", "tag": ["diklatpim"]}


def test_nearer_folders_win_key_by_key():
    folders = {
        "": defaults("content/_dir.yml", "tempat: Jakarta\ntag: [umum]\n"),
        "seminar": defaults("content/seminar/_dir.yml", "tag: [seminar]\n"),
        "seminar/s": defaults("content/seminar/s/_dir.yml", "tempat: Wonosobo\n"),
    }
    merged = apply_defaults(doc("---\njudul: A\n---\n"), "seminar/s/a.md", folders)
    assert merged.meta == {"tempat": "Wonosobo", "tag": ["seminar"], "judul": "A"}


def test_merge_is_shallow_a_nested_mapping_is_replaced_whole():
    folder = {"seminar/s": defaults("content/seminar/s/_dir.yml", "extra:\n  warna: merah\n  logo: a.png\n")}
    merged = apply_defaults(doc("---\njudul: A\nextra:\n  warna: biru\n---\n"), "seminar/s/a.md", folder)
    assert merged.meta["extra"] == {"warna": "biru"}


def test_defaults_of_other_folders_do_not_apply():
    folder = {"seminar/t": defaults("content/seminar/t/_dir.yml", "tempat: Aula\n")}
    original = doc("---\njudul: A\n---\n")
    assert apply_defaults(original, "seminar/s/a.md", folder) is original


def test_inherited_keys_remember_the_default_line_own_keys_their_own_line():
    folder = {"seminar/s": defaults("content/seminar/s/_dir.yml", "# bawaan\ntempat: Aula\ntag: [a]\n")}
    merged = apply_defaults(doc("---\njudul: A\ntag: [b]\n---\n"), "seminar/s/a.md", folder)
    assert merged.ref_of("tempat") == SourceRef("content/seminar/s/_dir.yml", 2)
    assert merged.ref_of("tag") == SourceRef("content/seminar/s/a.md", 3)
    assert merged.ref_of("judul") == SourceRef("content/seminar/s/a.md", 2)


# --- through a build ----------------------------------------------------------------------------

SEMINAR = "---\njudul: Seminar S\ntanggal: 2014-10-02\ntempat: Hotel\n---\n"


def test_folder_defaults_reach_every_presentation_but_not_the_seminar_page(make_site):
    site = make_site({
        "content/seminar/s/index.md": SEMINAR,
        "content/seminar/s/_dir.yml": "tempat: Aula Bupati\ntag: [diklatpim]\n",
        "content/seminar/s/a.md": "---\njudul: Paparan A\n---\n",
        "content/seminar/s/b.md": "---\njudul: Paparan B\ntempat: Pendopo\n---\n",
    })
    files = build_files(site)
    assert facts(page(files, "seminar/s/a/index.html"))["Dipaparkan"] == "Kamis, 2 Oktober 2014, Aula Bupati"
    assert facts(page(files, "seminar/s/b/index.html"))["Dipaparkan"] == "Kamis, 2 Oktober 2014, Pendopo"
    assert facts(page(files, "seminar/s/index.html"))["Tempat"] == "Hotel"
    assert texts(page(files, "tag/diklatpim/index.html"), "//main//h3/a") == ["Paparan A", "Paparan B"]
    assert page(files, "seminar/s/index.html").xpath("//p[@class='tags']") == []  # the seminar has no tags of its own


def test_an_error_in_a_default_names_the_dir_yml_line_once(make_site):
    site = make_site({
        "content/seminar/s/index.md": SEMINAR,
        "content/seminar/s/_dir.yml": "# bawaan paparan\ntag: [diklatpim]\nkota: Wonosobo\ntanggal: kemarin\n",
        "content/seminar/s/a.md": "---\njudul: A\n---\n",
        "content/seminar/s/b.md": "---\njudul: B\n---\n",
    })
    assert build_errors(site) == [
        "content/seminar/s/_dir.yml:3: 'kota' is not a known field (did you mean 'komentar'?); put custom fields under extra:",
        'content/seminar/s/_dir.yml:4: tanggal: "kemarin" is not a date (expected YYYY-MM-DD)',
    ]


def test_a_bad_default_that_a_file_overrides_is_no_error_for_that_file(make_site):
    site = make_site({
        "content/seminar/s/index.md": SEMINAR,
        "content/seminar/s/_dir.yml": "tanggal: kemarin\n",
        "content/seminar/s/a.md": "---\njudul: A\ntanggal: 2014-10-03\n---\n",
    })
    files = build_files(site)
    assert facts(page(files, "seminar/s/a/index.html"))["Dipaparkan"].startswith("Jumat, 3 Oktober 2014")


def test_broken_yaml_in_a_default_names_its_line(make_site):
    site = make_site({
        "content/seminar/s/index.md": SEMINAR,
        "content/seminar/s/_dir.yml": "tempat: Aula\ntag: [a, b\n",
    })
    (error,) = build_errors(site)
    assert error.startswith("content/seminar/s/_dir.yml:2: invalid YAML: a list opened with")


def test_draft_in_a_default_hides_the_whole_folder(make_site):
    site = make_site({
        "content/seminar/s/index.md": SEMINAR,
        "content/seminar/s/_dir.yml": "draft: true\n",
        "content/seminar/s/a.md": "---\njudul: Paparan Rahasia\n---\n",
    })
    files = build_files(site)
    assert "seminar/s/index.html" in files
    assert "seminar/s/a/index.html" not in files
    assert "Paparan Rahasia" not in files["seminar/s/index.html"].decode()
