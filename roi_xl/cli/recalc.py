"""``roi-xl recalc``: a workbook recalculated by LibreOffice, its headline and checks."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..io.files import (
    InputFileError,
    check_xlsx,
)
from ..office.recalc import recalculate
from .common import TIMEOUT, command
from .headline import HEADLINE, checks_status, print_headline


def add_to(commands: Any) -> None:
    """Add the ``recalc`` command to the sub-commands of ``roi-xl``."""
    recalc = command(commands, "recalc", run)
    recalc.add_argument("file", metavar="FILE", help="an .xlsx workbook")
    recalc.add_argument("--json", action="store_true", help="every defined name, as JSON")
    recalc.add_argument("--timeout", **TIMEOUT)
    recalc.add_argument(
        "--allow-failed-checks",
        action="store_true",
        help="exit 0 even when model checks of the Checks sheet fail (default: exit 1)",
    )


def run(args: argparse.Namespace) -> int:
    """Recalculate a workbook in LibreOffice (headless) and print its headline outputs."""
    path = check_xlsx(Path(args.file))
    values = recalculate([path], timeout=args.timeout)[0]
    if args.json:
        print(json.dumps(values, indent=2, sort_keys=True, default=str))
    else:
        if not any(name in values for _, name, _ in HEADLINE):
            raise InputFileError(
                f"{path.name} has none of the names of a business case ({HEADLINE[0][1]}, "
                f"{HEADLINE[1][1]}, ...): build one with roi-xl case, or list its names with --json"
            )
        print_headline(values)
    status = checks_status(values)
    if status is None:
        return 0
    sentence, passed = status
    print(f"\n{sentence}", file=sys.stderr if args.json else sys.stdout)
    if passed or args.allow_failed_checks:
        return 0
    print(
        "roi-xl: model checks fail (exit 1); --allow-failed-checks prints the figures anyway",
        file=sys.stderr,
    )
    return 1
