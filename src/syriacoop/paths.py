"""Where the project's files live.

Notebooks, tests and the build all find the project from the current directory upwards, so a copy of the
project in a temporary folder (the regression tests make one) reads its own data, not the installed
checkout's.
"""

from __future__ import annotations

import os
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
