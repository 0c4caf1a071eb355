"""``roi-xl calculator``: the xlwings-enabled calculator workbook."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..workbooks.calculator import write_calculator
from .common import FORCE, TIMEOUT, cache_formula_values, command


def add_to(commands: Any) -> None:
    """Add the ``calculator`` command to the sub-commands of ``roi-xl``."""
    calculator = command(commands, "calculator", run)
    calculator.add_argument(
        "-o", "--output", default="roi_calculator.xlsm", help="file to write (.xlsm)"
    )
    calculator.add_argument("--force", **FORCE)
    calculator.add_argument("--timeout", **TIMEOUT)


def run(args: argparse.Namespace) -> int:
    """Write the xlwings-enabled calculator workbook."""
    # imported here: xlwings (under the CS_ functions) is loaded only when needed
    from ..excel.evaluate import python_values

    written = write_calculator(Path(args.output), force=args.force)
    cache_formula_values([written], args.timeout, more=python_values)
    print(f"wrote {written}")
    return 0
