"""Run one cached notebook in a fork of a warm process, on an in-process IPython kernel.

A kernel of its own costs each notebook a new interpreter: about 0.4 s to start ipykernel and about 0.7 s
to import pandas, plotly and this package, before its first line runs, 18 times per `make book`. A worker
of the build's pool imports all that once (`warm`); each notebook then runs in a fork of the worker
(`execute_in_fork`), so it starts from the warm state and leaves nothing behind for the next one. The
kernel is IPython's own shell inside that fork (ipykernel's in-process kernel), driven by nbclient as a
separate kernel is, so the outputs are the same messages turned into the same cells; the regression
test's comparison with the committed outputs (`nbval_cached`) checks that they are.
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import sys
from pathlib import Path

from ipykernel.inprocess.blocking import BlockingInProcessKernelClient
from ipykernel.inprocess.ipkernel import InProcessKernel
from ipykernel.inprocess.manager import InProcessKernelManager
from jupyter_cache.executors.basic import ExecutionWorkerBase, ProcessData
from jupyter_cache.executors.utils import single_nb_execution

# What the notebooks' first cells import (besides myst_nb, which the build has loaded already), and what an
# in-process kernel loads as it starts (its debugger's debugpy): imported once per worker instead of once
# per notebook. A notebook importing something else still runs; its fork imports it.
WARM_MODULES = (
    "pandas",
    "plotly.graph_objects",
    "syriacoop.data",
    "syriacoop.figures",
    "syriacoop.geo",
    "ipykernel.debugger",
)
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
        self.kernel = _Kernel(parent=self, session=self.session)

    def client(self, **kwargs) -> _Client:
        return _Client(parent=self, kernel=self.kernel, session=self.session, **kwargs)

    def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        # the fork ends with the notebook: `now` and `restart` change nothing for a kernel in this process
        super().shutdown_kernel()


class _InProcessWorker(ExecutionWorkerBase):
    """jupyter-cache's execution worker (fetch the notebook, execute, cache the result or record the
    traceback), executing in the notebook's folder on an in-process kernel."""

    @property
    def logger(self) -> logging.Logger:
        return logger

    @staticmethod
    def execute(project_nb, data: ProcessData):
        folder = str(Path(project_nb.uri).parent)
        os.chdir(folder)  # a separate kernel starts there; notebooks find the project from it upwards
        return single_nb_execution(
            project_nb.nb, cwd=folder, timeout=data.timeout, allow_errors=data.allow_errors, km=_Manager()
        )


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
    # debugpy warns on import that breakpoints may be missed under frozen modules (a separate kernel is
    # started with `-Xfrozen_modules=off` instead); no breakpoint is ever set here.
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    for module in WARM_MODULES:
        importlib.import_module(module)


def execute_in_fork(cache, pk: int, timeout: int) -> str | None:
    """Execute the project record `pk` of `cache` in a fork of this process and cache its result: None
    once cached, else why not. The fork is stopped after `timeout` seconds: a cell on an in-process
    kernel runs in the caller's thread, where nbclient's timeout cannot interrupt it."""
    uri = cache.get_project_record(pk).uri
    pid = os.fork()
    if pid == 0:  # the fork: execute, then leave at once, skipping the parent's exit handlers
        status = 2
        try:
            signal.alarm(timeout)  # its default action ends the process
            status, _ = _InProcessWorker()(ProcessData(pk, uri, cache, timeout, False))
        finally:
            os._exit(status)
    _, wait_status = os.waitpid(pid, 0)
    status = os.waitstatus_to_exitcode(wait_status)
    if status == 0:
        return None
    if status == -signal.SIGALRM:
        return f"{uri}: still running after {timeout} s, stopped"
    traceback = cache.get_project_record(pk).traceback  # a failing cell's, recorded by the fork
    return f"{uri}:\n{traceback or f'stopped with exit status {status}, before any cell failed'}"
