"""Where the project's files live.

Notebooks, tests and the build all find the project from the current directory upwards, so a copy of the
project in a temporary folder (the regression tests make one) reads its own data, not the installed
checkout's.
"""

from __future__ import annotations

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
