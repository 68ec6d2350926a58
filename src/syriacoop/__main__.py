"""Command line: `python -m syriacoop validate | build [--jobs N] | execute NB…`
and `python -m syriacoop cite p12 | p12.3 | p12.3-4 [--visual] | cite --search «…»`.

`cite` is the one place where arabic-reshaper and python-bidi belong: `--visual` reshapes and reorders
Arabic for terminals that cannot shape it. The default prints logical-order Unicode, as the book does.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import seed
from .execution import KERNELS
from .i18n import ENVIRONMENT, LANGUAGES, html_folder
from .paths import project_root


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


def _reported(problems: list[str]) -> int:
    """Print the data's problems, or that it is valid: the exit status."""
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"data validation failed: {len(problems)} problem(s); no notebook was run", file=sys.stderr)
        return 1
    print("data and source text valid")
    return 0


def _validate(_: argparse.Namespace) -> int:
    from .data import input_problems  # here, not above: `cite` answers without loading pandas

    return _reported(input_problems())


def _sphinx(lang: str, builder: str = "html") -> int:
    """Jupyter Book's own build of one edition, strict: every warning an error. The Arabic edition reads
    the same sources with `language: ar` and the catalogues in `locales/`, into its own folders."""
    from jupyter_book.sphinx import build_sphinx

    root = project_root()
    overrides = {
        "external_toc_path": (root / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,
        "language": lang,
        "locale_dirs": ["locales"],
        "gettext_compact": False,
    }
    if builder == "gettext":  # a figure holds no prose: let the catalogue builder take it as it is
        overrides["nb_mime_priority_overrides"] = [("gettext", "application/vnd.plotly.v1+json", 1)]
    output = root / (html_folder(lang) if builder == "html" else f"_build/{builder}")
    # Each edition and builder keeps its own environment: the Arabic pages read other notebook outputs.
    doctrees = root / "_build" / (".doctrees" if output.name == "html" else f".doctrees-{output.name}")
    result = build_sphinx(
        root,
        output,
        noconfig=True,
        path_config=str(root / "_config.yml"),
        confoverrides=overrides,
        doctreedir=doctrees,
        builder=builder,
        warningiserror=True,
        keep_going=True,
        quiet=True,
    )
    if isinstance(result, Exception):
        print(f"the {lang} build failed: {result!r}", file=sys.stderr)
        return 1
    return result


def _executed_build(lang: str, jobs: int, builder: str = "html") -> int:
    """Validate the data, then start the notebooks the edition's execution cache lacks, `jobs` at once,
    and build meanwhile, in this one process (Sphinx waits for a notebook only when it reaches its page).
    With more than one job the first worker validates while this process finds the notebooks to run, so
    that neither core waits; no notebook starts before the data is found valid. The notebooks inherit the
    edition's language from the environment (`inprocess.warm` makes sure they read it afresh)."""
    os.environ[ENVIRONMENT] = lang
    from .data import input_problems
    from .execution import prepare, stale_notebooks, start, workers

    if jobs == 1:
        if _reported(input_problems()):
            return 1
        prepare()
        return _sphinx(lang, builder)
    pool = workers(jobs)
    try:
        validation = pool.submit(input_problems)
        stale = stale_notebooks()
        if _reported(validation.result()):
            return 1
        start(pool, stale)
        return _sphinx(lang, builder)
    finally:
        pool.shutdown(cancel_futures=True)


def _build(args: argparse.Namespace) -> int:
    return _executed_build(args.lang, args.jobs)


def _catalogues(args: argparse.Namespace) -> int:
    """Extract the English book's messages and bring the Arabic catalogues up to date."""
    from .catalogues import update

    status = _executed_build("en", args.jobs, builder="gettext")
    if status:
        return status
    report = update("ar")
    for page, (messages, left) in report.items():
        print(f"{page}: {messages} messages, {left} to translate")
    print(f"{sum(m for m, _ in report.values())} messages, {sum(n for _, n in report.values())} to translate")
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
    build = commands.add_parser("build", help="validate, run the notebooks in parallel, build the book")
    build.add_argument("--jobs", type=int, default=KERNELS, help="notebooks run at once")
    build.add_argument("--lang", choices=LANGUAGES, default="en", help="the edition: English or Arabic")
    build.set_defaults(run=_build)
    catalogues = commands.add_parser("catalogues", help="update the Arabic edition's prose catalogues")
    catalogues.add_argument("--jobs", type=int, default=KERNELS, help="notebooks run at once")
    catalogues.set_defaults(run=_catalogues)
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
