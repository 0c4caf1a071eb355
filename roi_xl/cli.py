"""``roi-xl``: the command line.

Exit codes: 0 on success, 2 with a one-line message on bad input or a file
that would be overwritten without ``--force``. Never a traceback for a
user's mistake.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, udfs
from .examples import WORKED_EXAMPLES
from .files import OutputExistsError
from .workbooks.calculator import write_calculator


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit code 2."""


def _format(value: float, percent: bool) -> str:
    return f"{value:.1%}" if percent else f"{value:,.2f}"


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job on the embedded example: the worked examples, then the workbook."""
    print("roi_xl worked examples (FORMULAS.md), computed by roi_xl.core")
    print(f"{'example':<66} {'roi_xl':>14} {'published':>14}  ok")
    failures = 0
    for example in WORKED_EXAMPLES:
        value = example.compute()
        ok = example.agrees(value)
        failures += not ok
        published = ("≈ " if example.tolerance else "") + _format(
            example.published, example.percent
        )
        print(
            f"{example.label:<66} {_format(value, example.percent):>14} {published:>14}  "
            f"{'yes' if ok else 'NO'}"
        )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = write_calculator(out / "roi_calculator.xlsm", force=args.force)
    print(f"\nwrote {path} (open it in Excel with the xlwings add-in; see README)")
    if failures:
        print(f"{failures} example(s) disagree with the published answer", file=sys.stderr)
        return 1
    return 0


def cmd_functions(args: argparse.Namespace) -> int:
    """List the Excel functions with their one-line help."""
    for name in udfs.__all__:
        function = getattr(udfs, name)
        arguments = ", ".join(function.__roi_xl__.args)
        print(f"{name}({arguments})\n    {function.__doc__}")
    return 0


def cmd_calculator(args: argparse.Namespace) -> int:
    """Write the xlwings-enabled calculator workbook."""
    print(f"wrote {write_calculator(Path(args.output), force=args.force)}")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="roi-xl", description="The return on investment of customer service, in Excel."
    )
    main.add_argument("--version", action="version", version=f"roi-xl {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help=cmd_demo.__doc__, description=cmd_demo.__doc__)
    demo.add_argument("--out", default="out", help="folder for the workbooks (default: out)")
    demo.add_argument("--force", action="store_true", help="overwrite existing files")
    demo.set_defaults(run=cmd_demo)

    functions = commands.add_parser(
        "functions", help=cmd_functions.__doc__, description=cmd_functions.__doc__
    )
    functions.set_defaults(run=cmd_functions)

    calculator = commands.add_parser(
        "calculator", help=cmd_calculator.__doc__, description=cmd_calculator.__doc__
    )
    calculator.add_argument(
        "-o", "--output", default="roi_calculator.xlsm", help="file to write (.xlsm)"
    )
    calculator.add_argument("--force", action="store_true", help="overwrite an existing file")
    calculator.set_defaults(run=cmd_calculator)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except BrokenPipeError:  # `roi-xl functions | head`: the reader left, not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except (OutputExistsError, UsageError, OSError) as exc:
        print(f"roi-xl: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
