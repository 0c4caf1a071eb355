"""What the commands share: options, the sub-command parser, the one-line error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from ..io.terminal import printable
from ..office.cached import MoreValues, cache_values
from ..office.recalc import TIMEOUT_VARIABLE, LibreOfficeError, find_soffice
from ..workbooks.printing import PAPER_SIZES, paper_code
from ..workbooks.templates import Fill

#: ``--force``: the only way any command writes over an existing file.
FORCE: dict[str, Any] = {"action": "store_true", "help": "overwrite existing files"}


def seconds(text: str) -> float:
    """A time limit for ``--timeout``: a finite number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} must be more than 0 seconds")
    return value


TIMEOUT: dict[str, Any] = {
    "type": seconds,
    "default": None,
    "metavar": "SECONDS",
    "help": f"limit for LibreOffice (default: ${TIMEOUT_VARIABLE}, else 300)",
}


def paper(text: str) -> str:
    """A paper size for ``--paper``: A4 or Letter, as the workbook names it."""
    try:
        paper_code(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return next(name for name in PAPER_SIZES if name.lower() == text.strip().lower())


PAPER: dict[str, Any] = {
    "type": paper,
    "default": None,
    "metavar": "A4|Letter",
    "help": "paper every sheet prints on (default: the scenario's [case] paper, else A4)",
}


def with_paper(fill: Fill, paper: str | None) -> Fill:
    """``fill`` printing on ``paper`` when the command line names one."""
    return replace(fill, paper=paper) if paper else fill


def cache_formula_values(
    paths: Sequence[Path], timeout: float | None, *, more: MoreValues | None = None
) -> bool:
    """Cache the value of every formula in the workbooks just written (LibreOffice computes
    them), so that a preview or Protected View shows figures, not blanks.

    Without LibreOffice one line on standard error says the files carry no values and
    False is returned; a LibreOffice failure is an error (:class:`LibreOfficeError`).
    """
    try:
        find_soffice()
    except LibreOfficeError as exc:
        names = ", ".join(printable(Path(p).name) for p in paths)
        print(
            f"roi-xl: note: {exc}; {names} written without the values of the formulas "
            "(Excel computes them once editing is enabled)",
            file=sys.stderr,
        )
        return False
    cache_values(paths, timeout=timeout, more=more)
    return True


def command(commands: Any, name: str, run: Any) -> argparse.ArgumentParser:
    """A sub-command ``name`` of ``roi-xl`` that calls ``run``; its help is ``run``'s docstring."""
    sub: argparse.ArgumentParser = commands.add_parser(
        name, help=run.__doc__, description=run.__doc__
    )
    sub.set_defaults(run=run)
    return sub


class Parser(argparse.ArgumentParser):
    """argparse, with its error messages escaped: they quote the arguments, and an
    argument can carry terminal escape sequences."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {printable(message)}\n")


def error(message: str) -> None:
    """``message`` as one escaped line on standard error."""
    print(f"roi-xl: error: {printable(' '.join(message.split()))}", file=sys.stderr)
