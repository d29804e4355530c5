"""The installed package, not the checkout: a wheel in a fresh environment finds its theme.

`new layout` copies files of the bundled theme, so it must find the theme however prosiding was
installed. The editable install is what the rest of the suite runs; this test builds a wheel
(`pip wheel --no-deps`), installs it into a fresh virtual environment made in tmp, and runs the
installed `prosiding` there, far from the checkout. The environment borrows this one's
dependencies through a `.pth` file instead of downloading them again, which keeps the test to a
few seconds (marked `packaging`, so `-m "not packaging"` can leave it out).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GUARD_SECONDS = 300  # a guard against a hung pip, not a timing assertion

pytestmark = pytest.mark.packaging


def run(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    return subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=GUARD_SECONDS)


def _setuptools_is_recent() -> bool:
    try:
        import setuptools
    except ImportError:
        return False
    return int(setuptools.__version__.split(".")[0]) >= 68


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with prosiding installed from a wheel built off a clean copy of the checkout."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a copy: no stale build/ folder of the checkout ends up in the wheel
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("prosiding", "layouts"):
        shutil.copytree(REPO / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    isolation = ["--no-build-isolation"] if _setuptools_is_recent() else []
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-w", tmp / "dist", source, cwd=tmp)
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next((tmp / "dist").glob("prosiding-*.whl"))

    venv = tmp / "venv"
    made = run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp)
    assert made.returncode == 0, made.stderr
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    added = run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=tmp)
    assert added.returncode == 0, added.stdout + added.stderr
    # This environment's dependencies, appended after the fresh site-packages. A .pth line only adds
    # a path: the editable install's own .pth (which maps prosiding onto the checkout) is not run.
    fresh_site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp).stdout.strip())
    (fresh_site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv


def test_a_wheel_in_a_fresh_environment_lists_and_copies_theme_files(installed, tmp_path):
    bin_dir = installed / ("Scripts" if os.name == "nt" else "bin")
    prosiding = bin_dir / ("prosiding.exe" if os.name == "nt" else "prosiding")
    where = run(bin_dir / "python", "-c", "from prosiding.render import theme_dir; print(theme_dir())", cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    theme = Path(where.stdout.strip())
    assert installed in theme.parents, f"the theme came from {theme}, not from the installed wheel"

    made = run(prosiding, "new", "site", "s", "--bahasa", "en", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    site = tmp_path / "s"
    listed = run(prosiding, "new", "layout", cwd=site)
    assert listed.returncode == 0, listed.stderr
    names = [line.split()[0] for line in listed.stdout.splitlines()[:-1]]
    assert {"base.html", "presentation.html", "partials/macros.html", "_static/style.css"} <= set(names)
    assert not any(name.endswith((".py", ".pyc")) for name in names)

    copied = run(prosiding, "new", "layout", "partials/macros.html", cwd=site)
    assert copied.returncode == 0, copied.stderr
    assert (site / "layouts" / "partials" / "macros.html").read_bytes() == (REPO / "layouts" / "partials" / "macros.html").read_bytes()
    built = run(prosiding, "build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert (site / "output" / "index.html").is_file() and (site / "output" / "_static" / "style.css").is_file()
