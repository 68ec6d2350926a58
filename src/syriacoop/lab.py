"""`python -m syriacoop.lab` (`make lab`): JupyterLab on the book's notebooks with the project's kernel.

JupyterLab runs from its own environment, `.venv-lab` beside the project's `.venv` (`make lab-setup`
builds it from `requirements-lab.lock`), whose `python3` kernel spec starts the project's `.venv` python
by absolute path: a notebook rerun in JupyterLab imports this package and reads this project's data, as
the build does. The server listens on loopback only and fetches no news, no update check and no extension
list, so it sends nothing outside the machine.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .paths import project_root

FIRST_NOTEBOOK = "book/intro.ipynb"


def lab_env() -> Path:
    """JupyterLab's environment: `.venv-lab` beside the project's environment (this interpreter's)."""
    return Path(sys.prefix).with_name(".venv-lab")


def command(
    root: Path, *, port: int | None = None, token: str | None = None, browser: bool = True
) -> list[str]:
    """The `jupyter lab` command line for the project at `root`."""
    args = [
        str(lab_env() / "bin/jupyter-lab"),
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/lab/tree/{FIRST_NOTEBOOK}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        # The extension manager would search PyPI; the book's environment comes from the lock file.
        "--LabApp.extension_manager=readonly",
    ]
    if os.geteuid() == 0:  # CI and containers run as root; Jupyter refuses that unless told
        args.append("--allow-root")
    if port is not None:
        args.append(f"--ServerApp.port={port}")
    if token is not None:
        args.append(f"--IdentityProvider.token={token}")
    if not browser:
        args.append("--no-browser")
    return args


def main() -> int:
    args = command(project_root())
    os.execv(args[0], args)


if __name__ == "__main__":
    sys.exit(main())
