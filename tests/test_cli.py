"""The command line as an author uses it: `python build.py [build|check|new|...]`.

Commands run in-process through prosiding.cli.main (fast); one test runs `python build.py` in a
subprocess to prove the entry point itself works.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from prosiding.cli import main
from sitemaker import build_files, main_text, page, text_of

REPO = Path(__file__).resolve().parent.parent
SEMINAR = "---\njudul: Seminar S\ntanggal: 2014-10-02\n---\n"
SITE = {
    "content/seminar/s/index.md": SEMINAR,
    "content/seminar/s/nusa.md": "---\njudul: Kehumasan Nusa\nketua: Sri Widarti\n---\nTemuan.\n",
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- build and check ----------------------------------------------------------------------------


def test_build_is_the_default_command_and_writes_beside_content(make_site, capsys, monkeypatch):
    site = make_site(SITE)
    monkeypatch.chdir(site)
    code, out, err = run(capsys)
    assert (code, err) == (0, "")
    assert out.startswith("built ") and " pages into output " in out
    assert (site / "output" / "seminar" / "s" / "nusa" / "index.html").is_file()


def test_source_and_output_options_work_before_or_after_the_command(make_site, capsys, tmp_path):
    site = make_site(SITE)
    assert run(capsys, "--source", str(site), "build", "--output", str(tmp_path / "a"))[0] == 0
    assert run(capsys, "build", "--source", str(site), "--output", str(tmp_path / "b"))[0] == 0
    assert run(capsys, "--source", str(site), "--output", str(tmp_path / "c"))[0] == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b") == snapshot(tmp_path / "c")
    assert "seminar/s/nusa/index.html" in snapshot(tmp_path / "a")
    assert not (site / "output").exists()


def test_check_writes_nothing_when_there_is_no_output_yet(make_site, capsys):
    site = make_site(SITE)
    before = snapshot(site)
    code, out, err = run(capsys, "check", "--source", str(site))
    assert (code, err) == (0, "")
    assert out.startswith("ok: ") and "nothing written" in out
    assert snapshot(site) == before
    assert not (site / "output").exists()


def test_check_leaves_an_existing_output_unchanged(make_site, capsys):
    site = make_site(SITE)
    assert run(capsys, "--source", str(site))[0] == 0
    before = snapshot(site / "output")
    (site / "content" / "seminar" / "s" / "nusa.md").write_text("---\njudul: Judul Baru\n---\n")
    assert run(capsys, "check", "--source", str(site))[0] == 0
    assert snapshot(site / "output") == before


def test_bad_content_exits_1_with_path_line_message_and_no_traceback(make_site, capsys):
    site = make_site({
        **SITE,
        "content/seminar/s/nusa.md": "---\njudul: Nusa\ntangal: 2014-10-02\n---\n",
        "content/berita/b.md": "---\njudul: Kabar\ntanggal: 2014-02-30\n---\n",
    })
    for command in ("build", "check"):
        code, out, err = run(capsys, command, "--source", str(site))
        assert code == 1
        assert out == ""
        assert err.splitlines() == [
            'content/berita/b.md:3: tanggal: 2014-02-30 does not exist (February 2014 has 28 days)',
            "content/seminar/s/nusa.md:3: 'tangal' is not a known field (did you mean 'tanggal'?); put custom fields under extra:",
            "prosiding: 2 error(s); " + ("nothing was written." if command == "check" else "the output folder was not changed."),
        ]
        assert "Traceback" not in err
    assert not (site / "output").exists()


def test_a_failed_build_leaves_the_previous_output_alone(make_site, capsys):
    site = make_site(SITE)
    assert run(capsys, "--source", str(site))[0] == 0
    before = snapshot(site / "output")
    (site / "content" / "seminar" / "s" / "nusa.md").write_text("---\njudul: Nusa\n---\n[mati](hilang.md)\n")
    code, _, err = run(capsys, "--source", str(site))
    assert code == 1
    assert err.splitlines()[0] == "content/seminar/s/nusa.md:4: link to 'hilang.md': no such page (looked for content/seminar/s/hilang.md)"
    assert snapshot(site / "output") == before


def test_debug_shows_the_traceback(make_site, capsys):
    site = make_site({**SITE, "content/seminar/s/nusa.md": "---\njudul: Nusa\ntangal: 2014-10-02\n---\n"})
    with pytest.raises(Exception, match="tangal"):
        main(["--debug", "check", "--source", str(site)])


# --- usage errors: exit 2 -----------------------------------------------------------------------


def test_a_folder_without_content_is_a_usage_error(tmp_path, capsys):
    code, out, err = run(capsys, "--source", str(tmp_path))
    assert code == 2
    assert err == f"prosiding: {tmp_path} has no content/ folder (use --source to name the site folder)\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["bogus"],
        ["build", "--no-such-option"],
        ["new"],
        ["new", "poster", "x"],
        ["serve", "--port", "delapan"],
    ],
)
def test_bad_command_lines_exit_2_with_usage(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: prosiding")
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["build", "check", "serve", "new", "archive"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: prosiding {command}")
    assert "--source" in out


def test_top_level_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for command in ("build", "check", "serve", "new", "archive"):
        assert command in out


# --- new ----------------------------------------------------------------------------------------


def empty_labels(doc) -> list[str]:
    return [text_of(dt) for dt in doc.xpath("//dt") if not text_of(dt.getnext())]


def test_new_files_build_without_errors_and_without_empty_labels(make_site, capsys):
    site = make_site({})
    assert run(capsys, "new", "seminar", "2015-seminar-baru", "--source", str(site))[:2] == (
        0, f"created {site / 'content' / 'seminar' / '2015-seminar-baru' / 'index.md'} (a draft: delete its `draft: true` line to publish it)\n",
    )
    assert run(capsys, "new", "presentation", "kelompok-nusa", "--seminar", "2015-seminar-baru", "--source", str(site))[0] == 0
    assert run(capsys, "new", "news", "kabar-baru", "--source", str(site))[0] == 0
    created = [site / "content" / "seminar" / "2015-seminar-baru" / n for n in ("index.md", "kelompok-nusa.md")] + [site / "content" / "berita" / "kabar-baru.md"]
    for path in created:  # publish them as the draft line says
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\ndraft: true  # draf: belum diterbitkan. Hapus baris ini untuk menerbitkannya.\n")
        path.write_text("\n".join(line for line in text.split("\n") if not line.startswith("draft: true")), encoding="utf-8")

    code, out, err = run(capsys, "check", "--source", str(site))
    assert (code, err) == (0, "")
    files = build_files(site)
    for path in ("seminar/2015-seminar-baru/index.html", "seminar/2015-seminar-baru/kelompok-nusa/index.html", "berita/kabar-baru/index.html"):
        doc = page(files, path)
        assert empty_labels(doc) == [], path
    assert text_of(page(files, "seminar/2015-seminar-baru/kelompok-nusa/index.html").xpath("//h1")[0]) == "Kelompok nusa"


def test_new_never_overwrites_a_file(make_site, capsys):
    site = make_site({"content/berita/kabar.md": "---\njudul: Milik penulis\ntanggal: 2014-01-01\n---\n"})
    code, _, err = run(capsys, "new", "news", "kabar", "--source", str(site))
    assert code == 2
    assert "already exists" in err
    assert (site / "content" / "berita" / "kabar.md").read_text().startswith("---\njudul: Milik penulis")


def test_new_presentation_needs_an_existing_seminar(make_site, capsys):
    site = make_site({})
    code, _, err = run(capsys, "new", "presentation", "x", "--source", str(site))
    assert (code, err) == (2, "prosiding: a presentation needs --seminar <seminar folder name>\n")
    code, _, err = run(capsys, "new", "presentation", "x", "--seminar", "tidak-ada", "--source", str(site))
    assert code == 2 and "new seminar tidak-ada" in err
    assert not (site / "content" / "seminar").exists()


# --- the entry point ----------------------------------------------------------------------------


def test_python_build_py_builds_a_site(make_site, tmp_path):
    site = make_site(SITE)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--source", str(site), "--output", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("built ")
    assert (tmp_path / "out" / "seminar" / "s" / "nusa" / "index.html").is_file()


def test_a_likely_misspelt_name_is_a_warning_not_an_error(make_site, capsys):
    site = make_site({
        "content/orang/sri-widarti.md": "---\nnama: Sri Widarti\n---\n",
        "content/seminar/s/index.md": "---\njudul: S\ntanggal: 2014-10-02\n---\n",
        "content/seminar/s/a.md": "---\njudul: A\nketua: Sri Widart\n---\n",
    })
    assert main(["build", "--source", str(site)]) == 0
    err = capsys.readouterr().err
    assert "warning: content/seminar/s/a.md:3: 'Sri Widart' is a new person; did you mean 'Sri Widarti' (orang/sri-widarti)?" in err
    assert (site / "output/orang/sri-widart/index.html").exists()  # still its own page: it may be someone else


# --- new site -----------------------------------------------------------------------------------

SITE_KEYS = ("judul", "penyelenggara", "deskripsi", "bahasa", "url_dasar", "berita_per_halaman", "html_diizinkan", "extra")
# Words of the Indonesian scaffolds that must never appear in an English site's files.
INDONESIAN_WORDS = ("wajib", "tulis", "judul seminar", "tanggal mulai", "kelompok", "temuan", "tulis berita", "penulis atau", "hapus", "draf", "sesi paparan", "boleh")


def indonesian_words(text: str) -> list[str]:
    """Indonesian scaffold words outside keys (`jumlah_kelompok` is a key, not text)."""
    import re

    return [word for word in INDONESIAN_WORDS if re.search(rf"(?<![\w]){word}(?![\w:])", text.lower())]


def test_new_site_builds_at_once_and_its_home_page_says_how_to_add_a_seminar(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new", "site", "my-site", "--judul", "Proceedings: 2026", "--bahasa", "en")
    assert (code, err) == (0, "")
    assert "cd my-site" in out and "prosiding new seminar NAME" in out
    site = tmp_path / "my-site"
    settings = (site / "content" / "_site.yml").read_text(encoding="utf-8").splitlines()
    for key in SITE_KEYS:  # every key, each under a one-line comment
        index = next(i for i, line in enumerate(settings) if line.startswith(f"{key}:"))
        assert settings[index - 1].startswith("# "), key
    assert "bahasa: en" in settings and 'judul: "Proceedings: 2026"' in settings
    assert indonesian_words("\n".join(settings)) == []
    assert (site / "content" / "seminar").is_dir()
    ignored = (site / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/output/" in ignored and "/.prosiding-cache/" in ignored

    monkeypatch.chdir(site)
    code, out, err = run(capsys, "build")
    assert (code, err) == (0, "")
    home = page(snapshot(site / "output"), "index.html")
    assert text_of(home.xpath("//h1")[0]) == "Proceedings: 2026"
    assert "There are no seminars yet" in main_text(home)
    assert "prosiding new seminar NAME" in main_text(home)
    assert home.xpath("//html/@lang") == ["en"]


def test_new_site_in_indonesian_by_default(tmp_path, capsys):
    code, _, err = run(capsys, "new", "site", str(tmp_path / "situs"))
    assert (code, err) == (0, "")
    settings = (tmp_path / "situs" / "content" / "_site.yml").read_text(encoding="utf-8")
    assert "bahasa: id" in settings and "(wajib)" in settings and 'judul: "Prosiding"' in settings
    assert run(capsys, "check", "--source", str(tmp_path / "situs"))[0] == 0
    home = page(build_files(tmp_path / "situs"), "index.html")
    assert "Belum ada seminar" in main_text(home) and "prosiding new seminar NAME" in main_text(home)


def test_new_site_refuses_a_folder_that_holds_content(make_site, capsys):
    site = make_site(SITE)
    before = snapshot(site)
    code, out, err = run(capsys, "new", "site", str(site), "--bahasa", "en")
    assert (code, out) == (2, "")
    assert err == f"prosiding: {site} already holds a content/ folder; nothing was changed (choose an empty or new folder)\n"
    assert snapshot(site) == before


@pytest.mark.parametrize("argv", [["new", "seminar", "s"], ["new", "presentation", "p", "--seminar", "s"], ["new", "news", "n"], ["new", "layout"], ["new", "layout", "base.html"]])
def test_new_outside_a_site_names_new_site(tmp_path, capsys, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err == "prosiding: this folder is not a prosiding site (no content/_site.yml); start one with: prosiding new site DIR, or name the site folder with --source\n"
    assert list(tmp_path.iterdir()) == []


def test_scaffolds_on_an_english_site_are_english_drafts_that_publish_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "new", "site", "s", "--bahasa", "en")[0] == 0
    monkeypatch.chdir(tmp_path / "s")
    assert run(capsys, "build")[0] == 0
    empty = snapshot(tmp_path / "s" / "output")
    for argv in (["seminar", "first-seminar"], ["presentation", "group-north", "--seminar", "first-seminar"], ["news", "hello"]):
        code, out, err = run(capsys, "new", *argv)
        assert (code, err) == (0, "") and "a draft" in out
    created = [Path("content/seminar/first-seminar/index.md"), Path("content/seminar/first-seminar/group-north.md"), Path("content/berita/hello.md")]
    for path in created:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\ndraft: true  # a draft: not published yet. Delete this line to publish it.\n"), path
        assert indonesian_words(text) == [], path
    code, out, err = run(capsys, "build")
    assert (code, err) == (0, "")
    assert snapshot(tmp_path / "s" / "output") == empty  # nothing half-written is published

    for path in created:
        path.write_text(path.read_text(encoding="utf-8").replace(DRAFT_EN, ""), encoding="utf-8")
    code, out, err = run(capsys, "build")
    assert (code, err) == (0, "")
    files = snapshot(tmp_path / "s" / "output")
    talk = page(files, "seminar/first-seminar/group-north/index.html")
    assert text_of(talk.xpath("//h1")[0]) == "Group north"
    assert "Write the group’s findings here" in main_text(talk)  # smart punctuation
    assert empty_labels(talk) == []


DRAFT_EN = "draft: true  # a draft: not published yet. Delete this line to publish it.\n"


# --- new layout ---------------------------------------------------------------------------------


def test_new_layout_lists_every_theme_file_with_what_it_renders(make_site, capsys):
    from prosiding.render import theme_dir

    site = make_site(SITE)
    code, out, err = run(capsys, "new", "layout", "--source", str(site))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    theme = sorted(p.relative_to(theme_dir()).as_posix() for p in theme_dir().rglob("*") if p.is_file())
    listed = {line.split()[0]: line.split(None, 1)[1] for line in lines[:-1]}
    assert sorted(listed) == theme  # every file, each with a description
    assert lines[0].split()[0] == "base.html" and "presentation.html" in listed and "partials/macros.html" in listed
    assert lines[-1] == "copy one into your site's layouts/ to change it: prosiding new layout NAME"
    assert not (site / "layouts").exists()


def test_new_layout_copies_a_theme_file_and_never_overwrites(make_site, capsys):
    from prosiding.render import theme_dir

    site = make_site(SITE)
    for name in ("presentation.html", "partials/macros.html"):
        code, out, err = run(capsys, "new", "layout", name, "--source", str(site))
        assert (code, err) == (0, "")
        assert (site / "layouts" / name).read_bytes() == (theme_dir() / name).read_bytes()
    (site / "layouts" / "presentation.html").write_text("{% extends 'base.html' %}{% block content %}MINE{% endblock %}", encoding="utf-8")
    code, out, err = run(capsys, "new", "layout", "presentation.html", "--source", str(site))
    assert code == 2 and "already exists; nothing was changed" in err
    assert "MINE" in main_text(page(build_files(site), "seminar/s/nusa/index.html"))
    code, out, err = run(capsys, "new", "layout", "presentaton.html", "--source", str(site))
    assert (code, err) == (2, "prosiding: 'presentaton.html' is not a file of the bundled theme (did you mean presentation.html?); list them with: prosiding new layout\n")


def test_two_presentations_with_one_urutan_give_one_warning_naming_both(make_site, capsys):
    site = make_site({
        **SITE,
        "content/seminar/s/nusa.md": "---\njudul: Nusa\nurutan: 2\n---\n",
        "content/seminar/s/bangsa.md": "---\njudul: Bangsa\nurutan: 2\n---\n",
        "content/seminar/s/garuda.md": "---\njudul: Garuda\nurutan: 1\n---\n",
    })
    code, out, err = run(capsys, "check", "--source", str(site))
    assert code == 0
    assert err == (
        "warning: content/seminar/s/bangsa.md: urutan: 2 is also the urutan of content/seminar/s/nusa.md; "
        "give each presentation its own (until then they are ordered by file name)\n"
    )


# --- the README walk-through ----------------------------------------------------------------------


def walkthrough_steps() -> list[str]:
    """The numbered steps of README's "Your own site", each as written."""
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Your own site", 1)[1].split("\n## ", 1)[0]
    numbered = "1. " + section.split("\n1. ", 1)[1]
    return re.split(r"\n(?=\d+\. )", numbered)


def commands_of(step: str) -> list[str]:
    """The commands a step asks for: lines of its ```sh block and its `prosiding ...` spans."""
    import re

    block = re.search(r"```sh\n(.*?)```", step, re.S)
    if block:
        return [line.strip() for line in block.group(1).splitlines() if line.strip()]
    return re.findall(r"`(prosiding [^`]+)`", step)


PROSIDING = Path(sys.executable).parent / ("prosiding.exe" if os.name == "nt" else "prosiding")


@pytest.mark.skipif(not PROSIDING.exists(), reason="the prosiding command is not installed beside this Python")
def test_the_readme_walkthrough_works_when_followed_literally(tmp_path, monkeypatch):
    import shlex

    steps = walkthrough_steps()
    assert len(steps) <= 10
    monkeypatch.chdir(tmp_path)
    ran = []
    for step in steps:
        if step.startswith("5. "):  # the one manual edit: delete the draft lines
            assert "draft: true" in step
            for path in Path("content").rglob("*.md"):
                text = path.read_text(encoding="utf-8")
                path.write_text("".join(line for line in text.splitlines(True) if not line.startswith("draft: true")), encoding="utf-8")
        for command in commands_of(step):
            words = shlex.split(command)
            if words[0] == "cd":
                monkeypatch.chdir(words[1])
                continue
            assert words[0] == "prosiding", command
            # The installed command in a process of its own, as a reader would type it.
            done = subprocess.run([str(PROSIDING), *words[1:]], capture_output=True, text=True, timeout=120)
            assert (done.returncode, done.stderr) == (0, ""), f"step {step[:2]} `{command}`: {done.stderr}"
            ran.append(command)
    assert "prosiding build" in ran and "prosiding archive" in ran and "prosiding check" in ran
    files = snapshot(Path("output"))
    home = page(files, "index.html")
    assert text_of(home.xpath("//h1")[0]) == "Our Proceedings"
    assert "seminar/2026-field-studies/group-north/index.html" in files
    assert (Path("layouts") / "partials" / "macros.html").is_file()
    assert list(Path(".").glob("*.zip"))
