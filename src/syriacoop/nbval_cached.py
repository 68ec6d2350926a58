"""pytest plugin: nbval's comparison of fresh outputs with the committed ones, without a second execution.

`pytest -p syriacoop.nbval_cached --nbval-cached book/…ipynb` collects each notebook as nbval does and
compares every code cell's committed outputs with the outputs the build executed (the execution cache,
`syriacoop.execution`), through nbval's own comparison: the same sanitising (`--nbval-sanitize-with`),
the same cell markers and the same failure report (`mismatch '<mime type>'`). A notebook the cache lacks
is executed first, so the comparison is never made against stale or missing outputs.
`pytest --nbval` (nbval executing each notebook itself) works as before.
"""

from __future__ import annotations

import copy

import pytest
from nbval.plugin import IPyNbCell, IPyNbFile, coalesce_streams

from . import execution


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--nbval-cached",
        action="store_true",
        help="compare notebooks' committed outputs with those the build executed (no second kernel run)",
    )


def pytest_collect_file(file_path, parent):
    if parent.config.option.nbval_cached and file_path.suffix == ".ipynb":
        return CachedNbFile.from_parent(parent, path=file_path)
    return None


class CachedNbFile(IPyNbFile):
    """nbval's notebook collector; the fresh outputs come from the execution cache, not a kernel."""

    fresh = None

    def setup(self) -> None:
        self.fresh = execution.executed(self.path)
        if self.fresh is None:
            failures = execution.run([self.path])
            if failures:
                raise RuntimeError("\n".join(failures))
            self.fresh = execution.executed(self.path)
        self.setup_sanitize_files()

    def collect(self):
        for item in super().collect():
            yield CachedNbCell.from_parent(
                self, name=item.name, cell_num=item.cell_num, cell=item.cell, options=item.options
            )

    def fresh_outputs(self, cell_num: int) -> list:
        code = [cell for cell in self.fresh.cells if cell.cell_type == "code"]
        return code[cell_num].outputs


class CachedNbCell(IPyNbCell):
    """One code cell: nbval's checks, as in `IPyNbCell.runtest`, on the cached fresh outputs."""

    def runtest(self) -> None:
        if self.options["skip"]:
            pytest.skip()
        # nbval merges stream outputs in place: work on a copy of the cached cell's outputs.
        outs = coalesce_streams(copy.deepcopy(self.parent.fresh_outputs(self.cell_num)))
        errors = [out for out in outs if out.get("output_type") == "error"]
        if errors and not self.options["check_exception"]:
            self.raise_cell_error("Cell execution caused an exception", "\n".join(errors[0]["traceback"]))
        unrun = self.cell.execution_count is None
        if unrun and self.cell.outputs:
            self.raise_cell_error("Unrun reference cell has outputs")
        if (
            self.options["check"]
            and not unrun
            and not self.compare_outputs(outs, coalesce_streams(self.cell.outputs))
        ):
            self.raise_cell_error("Cell outputs differ", "\n".join(self.comparison_traceback))
