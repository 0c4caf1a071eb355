"""``roi-xl baseline``: monthly KPIs and the baseline of a helpdesk export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..data.baseline import as_json, compute_baseline, table, write_output
from ..io.files import check_output
from ..io.terminal import printable
from .common import FORCE, command


def add_to(commands: Any) -> None:
    """Add the ``baseline`` command to the sub-commands of ``roi-xl``."""
    baseline = command(commands, "baseline", run)
    baseline.add_argument("export", metavar="EXPORT", help="ticket export (.csv, .xlsx, .parquet)")
    baseline.add_argument(
        "--source",
        default="generic",
        help="generic (default), zendesk, intercom, freshdesk or salesforce",
    )
    baseline.add_argument(
        "--months", help="months of the baseline, e.g. 2024-01..2024-06 (default: complete months)"
    )
    baseline.add_argument("--json", action="store_true", help="months, monthly KPIs and baseline")
    baseline.add_argument(
        "-o", "--output", help="base.toml ([assumptions] block) or kpis.csv (monthly KPIs)"
    )
    baseline.add_argument("--force", **FORCE)


def run(args: argparse.Namespace) -> int:
    """Monthly KPIs and the baseline of a helpdesk export (CSV, .xlsx or Parquet)."""
    if args.output:
        check_output(Path(args.output), force=args.force)
    result = compute_baseline(Path(args.export), args.source, args.months)
    print(as_json(result) if args.json else table(result).rstrip("\n"))
    if args.output:
        written = write_output(result, Path(args.output), force=args.force)
        print(f"wrote {printable(written)}", file=sys.stderr if args.json else sys.stdout)
    return 0
