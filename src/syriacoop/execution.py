"""Execute the book's notebooks once, in parallel, into a cache that the build and the tests share.

`python -m syriacoop build` (`make book`) starts every notebook that has no fresh result in a pool of
processes and builds the book meanwhile. Each worker imports what the notebooks import once, and runs each
notebook in a fork of itself on an in-process kernel (`inprocess`), rather than in a kernel of its own
that would import it all again. The pool's first task is validating the data,
while the parent finds the notebooks the cache lacks; no notebook starts before the data is found valid.
While the notebooks run, Sphinx reads the other pages, and waits for a notebook only when it reaches that
page (`page_assets`). Results go to `_build/.jupyter_cache/<key>` through jupyter-cache; the build reads
outputs from there (myst-nb's `cache` mode) and so does the test suite's comparison with the committed
outputs (`syriacoop.nbval_cached`), so each notebook runs once per `make test`. With one job, nothing
runs ahead: the data is validated first, then myst-nb executes each notebook when Sphinx reads it, one
after another, each in a kernel of its own, as myst-nb always does; that build is the reference the
parallel one is measured against (`make bench`) and must match page for page.

The key covers what a notebook's outputs depend on besides its code, which jupyter-cache hashes itself:
the data, the source text and this package (`paths.fingerprint`), and the installed packages. A
changed CSV therefore starts a fresh, empty cache: no stale output can be reused. Each edition has a cache
of its own (`i18n`): the same notebook, run in Arabic, has other outputs.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import multiprocessing
import os
import shutil
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

from .i18n import language
from .paths import fingerprint, project_root

TIMEOUT = 300
# One notebook more at once than the machine has cores: a worker spends part of its time importing, forking
# and writing to the cache, and the spare one keeps every core busy while Sphinx reads. On 2 cores a cold
# build of the English edition took a median of 9.9 s with 2 at once and 8.8 s with 3 (3 runs each,
# interleaved; serial, a kernel per notebook: 27.0 s).
KERNELS = (os.cpu_count() or 1) + 1


def cache_dir() -> str:
    """The edition's cache folder: `_build/.jupyter_cache` for English, `…-ar` for Arabic."""
    lang = language()
    return "_build/.jupyter_cache" + ("" if lang == "en" else f"-{lang}")


@functools.cache  # the installed distributions do not change while a build runs
def _environment() -> str:
    """The interpreter and every installed distribution with its version."""
    names = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    return "\n".join([sys.version, *names])


def cache_key() -> str:
    return hashlib.sha256((fingerprint() + _environment()).encode("utf-8")).hexdigest()[:16]


def cache_path(root: Path | None = None) -> Path:
    return (root or project_root()) / cache_dir() / cache_key()


def book_notebooks() -> list[Path]:
    folder = project_root() / "book"
    return sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _prune_other_keys(current: Path) -> None:
    for folder in current.parent.glob("*"):
        if folder != current and folder.is_dir():
            shutil.rmtree(folder)


def _stale(notebooks: list[Path]) -> dict[Path, int]:
    """The notebooks the cache lacks, each with its record id (adding them to the cache's project)."""
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path()))
    records = {nb: cache.add_nb_to_project(str(nb)) for nb in notebooks}
    stale = {r.pk for r in cache.list_unexecuted(filter_pks=[r.pk for r in records.values()])}
    return {nb: record.pk for nb, record in records.items() if record.pk in stale}


def _execute(path: Path, pks: list[int], timeout: int = TIMEOUT) -> list[str]:
    """Execute these project records one after another into the cache at `path`, each in a fork of this
    process once it has imported what the notebooks import (`inprocess`); one message per failure."""
    from jupyter_cache import get_cache

    from . import inprocess

    inprocess.warm()
    cache = get_cache(str(path))
    failures = [inprocess.execute_in_fork(cache, pk, timeout) for pk in pks]
    return [failure for failure in failures if failure]


def run(notebooks: list[Path], timeout: int = TIMEOUT) -> list[str]:
    """Execute those of `notebooks` the cache lacks, one after another, each stopped after `timeout`
    seconds; one message per failed notebook.
    They run in a new process, started afresh rather than forked: the caller (a test runner) may have
    threads, which a fork would leave behind holding whatever locks they held."""
    stale = _stale(notebooks)
    if not stale:
        return []
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_execute, cache_path(), list(stale.values()), timeout).result()


# Notebooks running ahead of the build: resolved path -> its future (a list of failure messages).
PENDING: dict[Path, Future] = {}


def prepare() -> None:
    """Create this state's cache folder and drop those of other states, which can never match again."""
    path = cache_path()
    path.mkdir(parents=True, exist_ok=True)
    _prune_other_keys(path)


def recorded_seconds(notebook: Path) -> float:
    """How long the committed notebook's cells took when its outputs were recorded (nbclient stores each
    cell's start and reply times): 0 for a notebook without that record."""
    import nbformat

    times = [
        datetime.fromisoformat(stamp)
        for cell in nbformat.read(notebook, as_version=4).cells
        for key, stamp in cell.get("metadata", {}).get("execution", {}).items()
        if key in ("iopub.status.busy", "shell.execute_reply")
    ]
    return (max(times) - min(times)).total_seconds() if times else 0.0


def workers(jobs: int) -> ProcessPoolExecutor:
    """`jobs` processes, forked, so that each inherits the edition's language and the imported package."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))


def stale_notebooks() -> list[tuple[Path, int]]:
    """The book notebooks this state's cache lacks, each with its record id, longest first (by its
    recorded run), so that no long notebook starts last and keeps a core idle at the end. The cache's
    records are written here, in the parent process, so that the workers only add results."""
    prepare()
    stale = _stale(book_notebooks())
    return sorted(stale.items(), key=lambda item: -recorded_seconds(item[0]))


def start(pool: ProcessPoolExecutor, stale: list[tuple[Path, int]]) -> None:
    """Run each of the `stale` notebooks on `pool`, in that order, and record it in `PENDING`."""
    path = cache_path()
    for notebook, pk in stale:
        PENDING[notebook.resolve()] = pool.submit(_execute, path, [pk])


def wait_for(notebook: Path) -> list[str]:
    """Block until `notebook`, if it runs ahead of the build, has finished: why it failed, if it did.
    The cache then lacks the notebook, and myst-nb executes it in a kernel of its own."""
    future = PENDING.pop(notebook.resolve(), None)
    return [] if future is None else future.result()


def executed(notebook: Path):
    """The cached executed copy of `notebook` (a NotebookNode), or None when it has not run."""
    import nbformat
    from jupyter_cache import get_cache

    path = cache_path()
    if not path.exists():
        return None
    cache = get_cache(str(path))
    try:
        record = cache.match_cache_notebook(nbformat.read(notebook, as_version=4))
    except KeyError:
        return None
    return cache.get_cache_bundle(record.pk).nb
