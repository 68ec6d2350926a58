"""Where the project's files live.

Notebooks, tests and the build all find the project from the current directory upwards, so a copy of the
project in a temporary folder (the regression tests make one) reads its own data, not the installed
checkout's.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

_MARKERS = ("_config.yml", "data/datapackage.json")


def project_root() -> Path:
    """The folder holding `_config.yml` and `data/datapackage.json`.

    `SYRIACOOP_ROOT` wins; then the nearest such folder above the working directory; then the checkout
    this package was installed from.
    """
    forced = os.environ.get("SYRIACOOP_ROOT")
    if forced:
        return Path(forced).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if all((folder / marker).exists() for marker in _MARKERS):
            return folder
    return Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    return project_root() / "data"


def seeds_dir() -> Path:
    return project_root() / "seeds"


def validated_dir() -> Path:
    """Where validation keeps its stamps: one empty file per state of the inputs once found valid."""
    return project_root() / "_build" / ".validated"


def fingerprint() -> str:
    """sha256 over every input a page's content can depend on besides its own source (the data, the
    source text and this package), and over the book's own stylesheet and scripts. Here, not beside the
    Sphinx extension that also reads it, so that the execution cache's key is found without importing
    the extension's plotting and pandas modules while the build waits for it."""
    digest = hashlib.sha256()
    static = project_root() / "book" / "_static"
    files = [
        # Sphinx copies static files only when some page is rewritten: a changed stylesheet or script
        # must make the pages outdated too, or the built book would keep the old one.
        *sorted(p for p in static.glob("*.*") if p.is_file()),
        *sorted(data_dir().rglob("*.csv")),
        data_dir() / "datapackage.json",
        *sorted(seeds_dir().glob("*.*")),
        *sorted(Path(__file__).parent.glob("*.py")),
    ]
    for path in files:
        digest.update(f"{path.parent.name}/{path.name}".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# What a working copy of the project needs to build and test the book (the package itself is installed).
PROJECT_FILES = ("data", "seeds", "book", "tests/nbval-sanitize.cfg", "_config.yml", "_toc.yml")


def copy_project(root: Path, target: Path) -> Path:
    """Copy the project's data, source text, book and configuration from `root` into `target`."""
    for name in PROJECT_FILES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("_build", "*.pyc"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)
    return target
