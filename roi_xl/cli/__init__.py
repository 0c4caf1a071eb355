"""``roi-xl``: the command line, one module per sub-command (``roi_xl.cli.demo``, ...).

Exit codes: 0 on success; 1 when a check finds a disagreement; 2 with a
one-line message on bad input, a missing tool or a file that would be
overwritten without ``--force``; 130 after Ctrl-C and 143 after SIGTERM, with
one line and nothing left behind (:mod:`roi_xl.io.interrupts`). Never a
traceback for a user's mistake. Text from files is printed with its control
characters escaped (:mod:`roi_xl.io.terminal`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..core import RoiInputError
from ..data.reader import ExportError
from ..data.scenario import ScenarioError
from ..data.touchlog import TouchLogError
from ..data.track import TrackError
from ..io.cell_text import CellTextError
from ..io.files import InputFileError, OutputExistsError
from ..io.interrupts import Interrupted, handling_signals
from ..office.recalc import LibreOfficeError
from ..office.simulate import SimulationError
from . import (
    attribute,
    baseline,
    calculator,
    case,
    demo,
    examples,
    functions,
    pdf,
    recalc,
    serve,
    simulate,
    templates,
    track,
)
from .common import Parser, error

__all__ = ["main", "parser"]

COMMANDS = (
    demo,
    templates,
    case,
    pdf,
    recalc,
    attribute,
    baseline,
    simulate,
    track,
    examples,
    functions,
    calculator,
    serve,
)


def parser() -> argparse.ArgumentParser:
    """The ``roi-xl`` parser: each command module adds its sub-command."""
    main = Parser(
        prog="roi-xl", description="The return on investment of customer service, in Excel."
    )
    main.add_argument("--version", action="version", version=f"roi-xl {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.add_to(commands)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``roi-xl`` with ``argv`` (default: the command line); the exit code."""
    try:
        with handling_signals():
            return _run(argv)
    except KeyboardInterrupt as exc:  # Ctrl-C before or after the handlers
        code = exc.exit_code if isinstance(exc, Interrupted) else 130
        message = exc.message if isinstance(exc, Interrupted) else "interrupted (Ctrl-C)"
        print(f"roi-xl: {message}", file=sys.stderr)
        return code


def _run(argv: Sequence[str] | None) -> int:
    arguments = parser().parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except BrokenPipeError:  # `roi-xl functions | head`: the reader left, not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except (
        OutputExistsError,
        InputFileError,
        CellTextError,
        ScenarioError,
        TouchLogError,
        ExportError,
        RoiInputError,
        LibreOfficeError,
        SimulationError,
        TrackError,
        OSError,
    ) as exc:
        error(str(exc))
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
