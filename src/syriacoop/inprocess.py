"""Run one cached notebook in a fork of a warm process, on an in-process IPython kernel.

A kernel of its own costs each notebook a new interpreter: about 0.4 s to start ipykernel and about 0.7 s
to import pandas, plotly and this package, before its first line runs, 18 times per `make book`. A worker
of the build's pool imports all that once (`warm`); each notebook then runs in a fork of the worker
(`execute_in_fork`), so it starts from the warm state and leaves nothing behind for the next one. The
kernel is IPython's own shell inside that fork (ipykernel's in-process kernel), driven by nbclient as a
separate kernel is, so the outputs are the same messages turned into the same cells; the tests compare
them with the committed outputs, which separate kernels wrote (`nbval_cached`, `test_execution`).

What still differs from a separate kernel: the process's arguments are the build's; the modules above
are imported already, so a notebook that uses one of this package's modules without importing it runs
here (and fails under `make outputs` and in JupyterLab, which start separate kernels); and what C code
writes to the process's own descriptors reaches the build's log, not the notebook. A notebook that fails
here is reported on stderr, and runs again in a kernel of its own (`page_assets`).
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import signal
import sys
from pathlib import Path

from ipykernel.inprocess.blocking import BlockingInProcessKernelClient
from ipykernel.inprocess.ipkernel import InProcessKernel
from ipykernel.inprocess.manager import InProcessKernelManager
from jupyter_cache.cache.db import NbProjectRecord
from jupyter_cache.executors.basic import ExecutionWorkerBase, ProcessData
from jupyter_cache.executors.utils import single_nb_execution
from traitlets.config import Config

# What the notebooks' first cells import, and what an in-process kernel loads as it starts (its debugger's
# debugpy): imported once per worker instead of once per notebook. A notebook importing something else
# still runs; its fork imports it.
WARM_MODULES = (
    "myst_nb",
    "pandas",
    "plotly.graph_objects",
    "syriacoop.data",
    "syriacoop.figures",
    "syriacoop.geo",
    "ipykernel.debugger",
)
ANSI_COLOUR = r"\x1b\[[\d;]*m"
NO_HISTORY = Config({"HistoryManager": {"hist_file": ":memory:"}})
logger = logging.getLogger(__name__)


class _Client(BlockingInProcessKernelClient):
    """The in-process client, as nbclient calls a kernel's client."""

    def wait_for_ready(self, timeout: float | None = None) -> None:
        # An in-process kernel is ready once started: nothing to wait for. (ipykernel's own method takes
        # no timeout and prints every message it drains.)
        return None


class _Kernel(InProcessKernel):
    """The in-process kernel, its printed output and warnings sent as the run's output."""

    async def execute_request(self, stream, ident, parent):
        # ipykernel sets the request a message answers on the process's streams before this kernel puts
        # its own in their place, so these would send what a cell prints as an answer to no request, and
        # nbclient would drop it: a warning a separate kernel shows would vanish from the outputs.
        for output in (self.stdout, self.stderr):
            output.set_parent(parent)
        await super().execute_request(stream, ident, parent)


class _Manager(InProcessKernelManager):
    """The in-process kernel manager, as nbclient calls a kernel manager."""

    def start_kernel(self, **kwargs) -> None:
        # `kwargs` carry nbclient's command-line options for a separate kernel; of those, this keeps what
        # matters here: no history written to the user's IPython profile (by several forks at once).
        self.kernel = _Kernel(parent=self, session=self.session, config=NO_HISTORY)

    def client(self, **kwargs) -> _Client:
        return _Client(parent=self, kernel=self.kernel, session=self.session, **kwargs)


class _InProcessWorker(ExecutionWorkerBase):
    """jupyter-cache's execution worker (fetch the notebook, execute, cache the result or record the
    traceback), executing in the notebook's folder on an in-process kernel."""

    @property
    def logger(self) -> logging.Logger:
        return logger

    @staticmethod
    def execute(project_nb, data: ProcessData):
        folder = str(Path(project_nb.uri).parent)
        # As a separate kernel starts: in the notebook's folder (notebooks find the project from it
        # upwards), which imports look in first.
        os.chdir(folder)
        sys.path.insert(0, "")
        # A cell runs inside the client's call to the kernel, where nbclient's timeout cannot interrupt
        # it: the alarm stops the whole fork instead (its default action), while the kernel starts and the
        # cells run, never while the result is being cached.
        signal.alarm(data.timeout)
        try:
            return single_nb_execution(
                project_nb.nb, cwd=folder, timeout=data.timeout, allow_errors=data.allow_errors, km=_Manager()
            )
        finally:
            signal.alarm(0)


def warm() -> None:
    """Import what every notebook imports, in this worker, once, as a new kernel would: with the edition
    the build chose."""
    from . import i18n

    if i18n.language() != i18n.EDITION:
        # The build's process read the edition (`EDITION`, and the figure helpers' defaults) when it
        # imported the package, before it chose the edition: forget those modules, so that they are
        # imported afresh, as in a kernel started with the edition set.
        for name in [name for name in sys.modules if name.split(".")[0] == "syriacoop"]:
            del sys.modules[name]
    # debugpy warns on import that breakpoints may be missed under frozen modules; no breakpoint is ever
    # set here.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    for module in WARM_MODULES:
        importlib.import_module(module)


def execute_in_fork(cache, pk: int, timeout: int) -> str | None:
    """Execute the project record `pk` of `cache` in a fork of this process and cache its result: None
    once cached, else why not. The notebook may run for `timeout` seconds, or for the limit its own
    metadata sets (`execution.timeout`, which nbclient reads too), its kernel's start included."""
    project_nb = cache.get_project_notebook(pk)
    uri = project_nb.uri
    timeout = project_nb.nb.metadata.get("execution", {}).get("timeout", timeout)
    NbProjectRecord.remove_tracebacks([pk], cache.db)  # a failure reported is this run's
    pid = os.fork()
    if pid == 0:  # the fork: execute, then leave at once, skipping the parent's exit handlers
        status = 2
        try:
            # the parent's pooled database connection is the parent's: the fork opens its own
            cache.db.dispose(close=False)
            status, _ = _InProcessWorker()(ProcessData(pk, uri, cache, timeout, False))
        finally:
            os._exit(status)
    _, wait_status = os.waitpid(pid, 0)
    status = os.waitstatus_to_exitcode(wait_status)
    if status == 0:
        return None
    if status == -signal.SIGALRM:
        return f"{uri}: still running after {timeout} s, stopped"
    if status == 1:  # a cell failed: the fork recorded its traceback, coloured for a terminal
        return f"{uri}:\n{re.sub(ANSI_COLOUR, '', cache.get_project_record(pk).traceback)}"
    return f"{uri}: stopped with exit status {status}, before its result was cached"
