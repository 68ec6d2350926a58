"""`make lab`: JupyterLab starts headless on loopback, opens a chapter notebook through its REST API with
the project's kernel, and a notebook rerun and saved in JupyterLab's own page still passes nbval.

Both run on a copy of the project, so the saved notebook never touches the committed record."""

from __future__ import annotations

import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, launch_chromium

from syriacoop.lab import command, lab_env
from syriacoop.paths import copy_project

pytestmark = pytest.mark.slow
CHAPTER = "book/chapters/02-integration.ipynb"
ARTIFACTS = ROOT / "tests" / "artifacts"
# Every code cell of the open notebook shows an execution count (or none): a run has finished (or none).
ALL_CELLS_RUN = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
    .every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()))"""
NO_CELL_RUN = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
    .every(p => /^\\[ \\]:$/.test(p.textContent.trim()))"""
KERNEL_NAME = "Python 3 (syriacoop .venv)"  # the display name `make lab-setup` gives the project kernel
NBVAL = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider", "-q"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Lab:
    def __init__(self, project: Path, port: int, token: str):
        self.project, self.token = project, token
        self.url = f"http://127.0.0.1:{port}"

    def api(self, path: str, method: str = "GET", body: dict | None = None) -> dict | None:
        request = urllib.request.Request(
            f"{self.url}/api/{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
        return json.loads(text) if text else None


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not (lab_env() / "bin/jupyter-lab").exists():
        pytest.fail(f"JupyterLab's environment {lab_env()} is missing: run `make lab-setup` (make test does)")
    project = copy_project(ROOT, tmp_path_factory.mktemp("lab") / "project")
    port, token = _free_port(), secrets.token_hex(16)
    log = (project / "lab.log").open("w")
    server = subprocess.Popen(
        command(project, port=port, token=token, browser=False),
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    running = Lab(project, port, token)
    deadline = time.monotonic() + 60
    while True:
        try:
            running.api("status")
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab did not start:\n" + (project / "lab.log").read_text())
            time.sleep(0.3)
    yield running
    server.terminate()
    server.wait(timeout=30)
    log.close()


def test_lab_opens_a_chapter_notebook_with_the_project_kernel(lab):
    model = lab.api(f"contents/{CHAPTER}?content=1")
    assert model["type"] == "notebook" and model["format"] == "json"
    assert model["content"]["metadata"]["kernelspec"]["name"] == "python3"
    assert sum(c["cell_type"] == "code" for c in model["content"]["cells"]) >= 5
    specs = lab.api("kernelspecs")
    assert specs["default"] == "python3"
    # the project's kernel: the interpreter of the project's .venv, the one running these tests
    argv = specs["kernelspecs"]["python3"]["spec"]["argv"]
    assert Path(argv[0]).parent == Path(sys.executable).parent and "ipykernel_launcher" in argv
    session = lab.api(
        "sessions", "POST", {"path": CHAPTER, "type": "notebook", "name": "", "kernel": {"name": "python3"}}
    )
    try:
        assert lab.api(f"kernels/{session['kernel']['id']}")["name"] == "python3"
    finally:
        lab.api(f"sessions/{session['id']}", "DELETE")


def _menu(page, menu: str, item: str) -> None:
    page.get_by_role("menuitem", name=menu, exact=True).click()
    page.get_by_role("menuitem", name=item, exact=True).click()


def _start_the_project_kernel(page) -> None:
    """Wait until the notebook's kernel is the project's and idle. JupyterLab asks which kernel to start
    when the notebook opens before it has listed the kernel specs; the one it proposes is the only one."""
    kernel = page.locator(".jp-NotebookPanel-toolbar .jp-Toolbar-kernelName", has_text=KERNEL_NAME)
    proposed = page.locator(".jp-Dialog").get_by_role("button", name="Select", exact=True)
    deadline = time.monotonic() + 90
    while not kernel.is_visible():
        assert time.monotonic() < deadline, "the project kernel did not start"
        if proposed.is_visible():
            proposed.click()
        time.sleep(0.2)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)


def test_a_notebook_rerun_and_saved_in_jupyterlab_passes_nbval(lab):
    from playwright.sync_api import sync_playwright

    saved = lab.project / CHAPTER
    before = saved.stat().st_mtime_ns
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{lab.url}/lab/tree/{CHAPTER}?token={lab.token}")
        _start_the_project_kernel(page)
        # Cleared first, so every execution count afterwards comes from this run.
        _menu(page, "Edit", "Clear Outputs of All Cells")
        page.wait_for_function(NO_CELL_RUN, timeout=30_000)
        _menu(page, "Run", "Run All Cells")
        try:
            page.wait_for_function(ALL_CELLS_RUN, timeout=120_000)
        finally:
            page.screenshot(path=str(ARTIFACTS / "jupyterlab-02-integration.png"))
        page.locator(".jp-NotebookPanel-toolbar [data-command='docmanager:save']").click()
        deadline = time.monotonic() + 30
        while saved.stat().st_mtime_ns == before and time.monotonic() < deadline:
            time.sleep(0.2)
        browser.close()
    assert saved.stat().st_mtime_ns > before, "JupyterLab did not save the notebook"
    nbval = subprocess.run(
        [*NBVAL, "--nbval-sanitize-with", "tests/nbval-sanitize.cfg", CHAPTER],
        cwd=lab.project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert nbval.returncode == 0, nbval.stdout[-3000:]
