"""``roi-xl track``: monthly KPIs into a copy of a business case."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..data.track import summary_lines, track_file
from ..io.terminal import printable
from ..office.recalc import read_case
from .common import FORCE, TIMEOUT, cache_formula_values, command
from .headline import checks_status


def add_to(commands: Any) -> None:
    """Add the ``track`` command to the sub-commands of ``roi-xl``."""
    track = command(commands, "track", run)
    track.add_argument("case", metavar="CASE.xlsx", help="a business case with a Tracking sheet")
    track.add_argument(
        "kpis", metavar="KPIS.csv", help="Month (YYYY-MM) and MonthlyActuals columns"
    )
    track.add_argument("--go-live", metavar="YYYY-MM", help="the first month of Year 1")
    track.add_argument(
        "-o", "--output", help="the copy to write (default: CASE-tracked.xlsx beside CASE)"
    )
    track.add_argument("--force", **FORCE)
    track.add_argument("--timeout", **TIMEOUT)
    track.add_argument(
        "--allow-failed-checks",
        action="store_true",
        help="exit 0 even when model checks of the copy fail (default: exit 1, listing them)",
    )


def run(args: argparse.Namespace) -> int:
    """Monthly KPIs into a copy of a business case: actuals against the plan, to date."""
    case = Path(args.case)
    output = Path(args.output) if args.output else case.with_name(f"{case.stem}-tracked.xlsx")
    result = track_file(case, Path(args.kpis), output, go_live=args.go_live, force=args.force)
    print(
        f"{len(result['months'])} months in MonthlyActuals, go-live {result['go_live']} "
        f"({result['added']} added, {result['replaced']} replaced)"
    )
    if not cache_formula_values([output], args.timeout):
        print(f"wrote {printable(output)} (model checks not run: LibreOffice is missing)")
        return 0
    # the values LibreOffice computed, now cached in the copy, and its failing checks
    names, failing = read_case(output)
    print("\n".join(summary_lines(names)))
    print(f"wrote {printable(output)}")
    status = checks_status(names)
    if status is None or status[1]:
        return 0
    print(f"\n{status[0]}:")
    for check in failing:
        print(f"  - {printable(check)}")
    if args.allow_failed_checks:
        return 0
    print(
        "roi-xl: model checks of the tracked copy fail (exit 1); correct the case or the "
        "KPIs, or --allow-failed-checks to accept them",
        file=sys.stderr,
    )
    return 1
