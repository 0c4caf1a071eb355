"""``roi-xl baseline``: monthly KPIs and the baseline of a helpdesk export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..data.baseline import Options, as_json, compute_baseline, table, write_output
from ..data.presets import COLUMNS, PRESETS, mapping_text
from ..data.reader import CLOCK_UNITS, UNITS, ExportError
from ..io.files import check_output
from ..io.terminal import printable
from .common import FORCE, command


def add_to(commands: Any) -> None:
    """Add the ``baseline`` command to the sub-commands of ``roi-xl``."""
    baseline = command(commands, "baseline", run)
    baseline.add_argument(
        "export", metavar="EXPORT", nargs="?", help="ticket export (.csv, .xlsx, .xls, .parquet)"
    )
    baseline.add_argument(
        "--source",
        default=None,
        help="generic (default), zendesk, intercom, freshdesk or salesforce",
    )
    baseline.add_argument(
        "--months", help="months of the baseline, e.g. 2024-01..2024-06 (default: complete months)"
    )
    baseline.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="NAME=HEADER",
        help="read generic column NAME from the export's HEADER (repeatable)",
    )
    baseline.add_argument("--mapping", metavar="FILE.toml", help="a mapping file (--print-mapping)")
    baseline.add_argument(
        "--print-mapping",
        action="store_true",
        help="print the --source preset as a mapping file to edit, and stop",
    )
    baseline.add_argument(
        "--date-format", metavar="FORMAT", help="iso, dmy, mdy or a strftime pattern"
    )
    baseline.add_argument(
        "--timezone", metavar="ZONE", help="the zone months are counted in (default UTC)"
    )
    baseline.add_argument(
        "--unit",
        action="append",
        default=[],
        metavar="COLUMN=UNIT",
        help="unit of a duration: seconds, minutes, hours, hh:mm, hh:mm:ss (repeatable)",
    )
    baseline.add_argument(
        "--blank-zero",
        action="append",
        default=[],
        metavar="COLUMN",
        help="a 0 in COLUMN means not tracked: read it as blank (repeatable)",
    )
    baseline.add_argument(
        "--latest-per-id",
        action="store_true",
        help="a history table: keep the latest row of each id (by updated_at)",
    )
    baseline.add_argument(
        "--metrics", metavar="FILE", help="ticket metrics joined on the ticket id (Zendesk)"
    )
    baseline.add_argument("--sheet", metavar="NAME", help="the sheet of a workbook to read")
    baseline.add_argument("--json", action="store_true", help="months, monthly KPIs and baseline")
    baseline.add_argument(
        "-o", "--output", help="base.toml ([assumptions] block) or kpis.csv (monthly KPIs)"
    )
    baseline.add_argument("--force", **FORCE)


def _pairs(values: list[str], option: str, what: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        name, sep, rest = value.partition("=")
        name, rest = name.strip(), rest.strip().strip("'\"")
        if not sep or not name or not rest:
            raise ExportError(f"{option} {value!r}: expected {what}")
        if name in pairs:
            raise ExportError(f"{option} {name}: given twice")
        pairs[name] = rest
    return pairs


def options_from(args: argparse.Namespace) -> Options:
    """The :class:`Options` of the command line, each checked."""
    if args.source is not None and args.source not in PRESETS:
        raise ExportError(f"unknown --source {args.source!r}; expected one of {', '.join(PRESETS)}")
    columns = _pairs(args.column, "--column", "NAME=HEADER, e.g. created_at='Created at'")
    for name in columns:
        if name not in COLUMNS:
            raise ExportError(
                f"--column {name}=...: unknown column {name!r}; expected one of "
                + ", ".join(COLUMNS)
            )
    units = _pairs(args.unit, "--unit", "COLUMN=UNIT, e.g. handle_seconds=minutes")
    for column, unit in units.items():
        if unit not in UNITS and unit not in CLOCK_UNITS:
            raise ExportError(
                f"--unit {column}={unit}: unknown unit; expected one of "
                + ", ".join([*UNITS, *CLOCK_UNITS])
            )
    for path, option in ((args.mapping, "--mapping"), (args.metrics, "--metrics")):
        if path is not None and not Path(path).is_file():
            raise ExportError(f"{option} {path}: no such file")
    return Options(
        source=args.source or "generic",
        months=args.months,
        columns=columns,
        mapping=Path(args.mapping) if args.mapping else None,
        date_format=args.date_format,
        timezone=args.timezone,
        units=units,
        blank_zero=[c.strip() for c in args.blank_zero],
        latest_per_id=args.latest_per_id,
        metrics=Path(args.metrics) if args.metrics else None,
        sheet=args.sheet,
    )


def run(args: argparse.Namespace) -> int:
    """Monthly KPIs and the baseline of a helpdesk export (CSV, .xlsx, .xls or Parquet)."""
    options = options_from(args)
    if args.print_mapping:
        print(mapping_text(options.source), end="")
        return 0
    if args.export is None:
        raise ExportError("baseline: an EXPORT file is needed (or --print-mapping)")
    if args.output:
        check_output(Path(args.output), force=args.force)
    result = compute_baseline(Path(args.export), options)
    print(as_json(result) if args.json else table(result).rstrip("\n"))
    if args.output:
        written = write_output(result, Path(args.output), force=args.force)
        print(f"wrote {printable(written)}", file=sys.stderr if args.json else sys.stdout)
    return 0
