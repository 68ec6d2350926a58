"""Command line: `python -m syriacoop validate | vendor-plotly PATH | execute NB…`
and `python -m syriacoop cite p12 | p12.3 | p12.3-4 [--visual] | cite --search «…»`.

`cite` is the one place where arabic-reshaper and python-bidi belong: `--visual` reshapes and reorders
Arabic for terminals that cannot shape it. The default prints logical-order Unicode, as the book does.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from . import seed
from .data import validate


def to_visual(text: str) -> str:
    """Presentation forms in visual (left-to-right display) order, for a terminal without bidi."""
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text))


def _cite(args: argparse.Namespace) -> int:
    if args.search:
        refs = seed.sentences_with(args.search)
        if not refs:
            print(f"no sentence contains {args.search!r}", file=sys.stderr)
            return 1
    else:
        refs = [args.paragraph]
    for ref in refs:
        try:
            text = seed.passage(ref)
        except KeyError as error:
            print(error.args[0], file=sys.stderr)
            return 1
        para = seed.paragraph(seed.paragraph_of(ref))
        print(f"{ref} (section {para.section}, raw lines {para.lines})")
        print(to_visual(text) if args.visual else text)
    return 0


def _validate(_: argparse.Namespace) -> int:
    problems = validate()
    seed_problems = seed.conservation_problems()
    for problem in [*problems, *seed_problems]:
        print(problem, file=sys.stderr)
    if problems or seed_problems:
        print(
            f"data validation failed: {len(problems) + len(seed_problems)} problem(s); no notebook was run",
            file=sys.stderr,
        )
        return 1
    print("data and source text valid")
    return 0


def _vendor_plotly(args: argparse.Namespace) -> int:
    """Copy the plotly.js that ships inside the pinned plotly package (no download)."""
    import plotly

    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    target = Path(args.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return 0


def _execute(args: argparse.Namespace) -> int:
    """Re-execute notebooks in place, in their own folder, refreshing the outputs nbval compares."""
    import nbformat
    from nbclient import NotebookClient

    for name in args.notebooks:
        path = Path(name)
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(
            notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        nbformat.write(notebook, path)
        print(f"executed {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m syriacoop")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check data/ and the repaired source text").set_defaults(
        run=_validate
    )
    vendor = commands.add_parser("vendor-plotly", help="copy plotly.min.js from the plotly package")
    vendor.add_argument("path")
    vendor.set_defaults(run=_vendor_plotly)
    execute = commands.add_parser("execute", help="re-execute notebooks in place (nbval's record)")
    execute.add_argument("notebooks", nargs="+")
    execute.set_defaults(run=_execute)
    cite = commands.add_parser("cite", help="print a source paragraph or sentence")
    cite.add_argument(
        "paragraph", nargs="?", help="a paragraph (p12), a sentence (p12.3) or sentences (p12.3-4)"
    )
    cite.add_argument("--search", help="print every sentence containing this Arabic text")
    cite.add_argument(
        "--visual",
        action="store_true",
        help="reshape and reorder for terminals without Arabic shaping or bidi",
    )
    cite.set_defaults(run=_cite)
    args = parser.parse_args(argv)
    if args.command == "cite" and not (args.paragraph or args.search):
        parser.error("cite needs a citation (p12, p12.3) or --search")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
