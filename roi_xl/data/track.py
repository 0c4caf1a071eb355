"""``roi-xl track``: monthly KPIs into a copy of a business case (TRACKING.md §3).

Reads ``KPIS.csv`` (a ``Month`` column as ``YYYY-MM`` and any ``MonthlyActuals``
header), merges it by month into the ``MonthlyActuals`` table of a copy of
the workbook (a month already there is replaced, the others are kept), and
never touches the original. The copy is written as ``roi-xl simulate``
writes its own: loaded and saved by openpyxl, which keeps the generator's
charts, tables and validations.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..core.tracking import ACTUALS_COLUMNS
from ..io.files import (
    InputFileError,
    OutputExistsError,
    check_xlsx,
    open_workbook,
    same_file,
    write_workbook,
)
from .reader import parse_number

__all__ = ["TrackError", "read_kpis", "track_file"]

SHEET = "Tracking"
TABLE = "MonthlyActuals"
RATES = ("FCR", "Escalation Rate")
#: No KPI file of a project's months is larger: refuse anything bigger.
MAX_ROWS = 1_200
#: Columns of ``roi-xl baseline -o kpis.csv`` that the MonthlyActuals table has no place for.
IGNORED = ("CSAT",)
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


class TrackError(ValueError):
    """A KPI file or case that cannot be tracked; the message is one line."""


def _month_text(value: Any) -> str | None:
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    return None


def read_kpis(path: Path) -> dict[str, dict[str, float | None]]:
    """The months of ``path`` by ``YYYY-MM``, each a mapping of MonthlyActuals header to value.

    Numbers are strict (a decimal point, no separators); rates are fractions
    between 0 and 1; every number is 0 or more. A blank cell is ``None``.
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except UnicodeDecodeError:
        raise TrackError(f"{path.name}: not a UTF-8 CSV file") from None
    except csv.Error as exc:
        raise TrackError(f"{path.name}: not a readable CSV file ({exc})") from None
    if not rows:
        raise TrackError(f"{path.name}: empty file, no Month column")
    if len(rows) > MAX_ROWS + 1:
        raise TrackError(f"{path.name}: more than {MAX_ROWS} months; one row a month")
    header = [h.strip() for h in rows[0]]
    known = {c.lower(): c for c in ("Month", *ACTUALS_COLUMNS, *IGNORED)}
    columns: list[str] = []
    for title in header:
        if title.lower() not in known:
            raise TrackError(
                f"{path.name}: unknown column {title!r}; the columns are Month, "
                + ", ".join(ACTUALS_COLUMNS)
            )
        if known[title.lower()] in columns:
            raise TrackError(f"{path.name}: column {title!r} appears twice")
        columns.append(known[title.lower()])
    if "Month" not in columns:
        raise TrackError(f"{path.name}: no Month column (YYYY-MM)")
    months: dict[str, dict[str, float | None]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise TrackError(
                f"{path.name}, row {number}: {len(row)} fields for {len(columns)} columns"
            )
        cells = dict(zip(columns, (c.strip() for c in row), strict=True))
        for name in IGNORED:
            cells.pop(name, None)
        month = cells.pop("Month")
        if not _MONTH.fullmatch(month):
            raise TrackError(
                f"{path.name}, row {number}, column Month: {month[:40]!r} is not YYYY-MM"
            )
        if month in months:
            raise TrackError(f"{path.name}, month {month}: appears twice")
        values: dict[str, float | None] = {}
        for name, text in cells.items():
            where = f"{path.name}, month {month}, column {name}"
            if not text:
                values[name] = None
                continue
            value = parse_number(text, ".")
            if value is None:
                raise TrackError(
                    f"{where}: {text[:40]!r} is not a number (a decimal point, no separators)"
                )
            if not math.isfinite(value) or value < 0:
                raise TrackError(f"{where}: {text[:40]!r} must be a number of 0 or more")
            if name in RATES and value > 1:
                raise TrackError(f"{where}: {text[:40]!r} must be a fraction between 0 and 1")
            values[name] = value
        months[month] = values
    if not months:
        raise TrackError(f"{path.name}: no month to track")
    return months


def _table(sheet: Worksheet) -> tuple[dict[str, int], int, int]:
    """Column of each header, and the first and last data row of MonthlyActuals."""
    if TABLE not in sheet.tables:
        raise TrackError(f"no {TABLE} table on the {SHEET} sheet")
    min_col, min_row, max_col, max_row = range_boundaries(sheet.tables[TABLE].ref)
    header = {str(sheet.cell(min_row, c).value): c for c in range(min_col, max_col + 1)}
    missing = [c for c in ("Month", *ACTUALS_COLUMNS) if c not in header]
    if missing:
        raise TrackError(f"the {TABLE} table has no column {missing[0]!r}")
    return header, min_row + 1, max_row


def _go_live_cell(workbook: Any) -> Any:
    defined = workbook.defined_names.get("Go_Live_Date")
    if defined is None:
        raise TrackError("the workbook has no Go_Live_Date: not a business case with tracking")
    ((title, ref),) = list(defined.destinations)
    return workbook[title][ref.replace("$", "")]


def track_file(
    case: Path,
    kpis: Path,
    output: Path,
    *,
    go_live: str | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Write a copy of ``case`` whose MonthlyActuals holds ``kpis``, merged by month.

    Returns ``{"months": [...], "go_live": "YYYY-MM", "added": n, "replaced": n}``.
    """
    case, kpis, output = Path(case), Path(kpis), Path(output)
    check_xlsx(case)
    if same_file(case, output):
        raise InputFileError(
            f"{output} is the case itself: track writes a copy and never overwrites "
            "the case, even with --force; choose another -o"
        )
    if output.exists() and not force:
        raise OutputExistsError(f"{output} exists; use --force to overwrite it")
    if go_live is not None and not _MONTH.fullmatch(go_live):
        raise TrackError(f"--go-live {go_live[:40]!r} is not YYYY-MM")
    incoming = read_kpis(kpis)
    workbook = open_workbook(case)
    if SHEET not in workbook.sheetnames:
        raise TrackError(f"{case.name}: no {SHEET} sheet (made by an older roi-xl?)")
    sheet = workbook[SHEET]
    header, first, last = _table(sheet)
    existing: dict[str, dict[str, Any]] = {}
    for row in range(first, last + 1):
        month_value = sheet.cell(row, header["Month"]).value
        values = {name: sheet.cell(row, header[name]).value for name in ACTUALS_COLUMNS}
        if month_value is None and all(v is None for v in values.values()):
            continue
        month = _month_text(month_value)
        if month is None:
            raise TrackError(
                f"{case.name}, {TABLE} row {row - first + 1}, column Month: "
                f"{str(month_value)[:40]!r} is not a date"
            )
        existing[month] = values
    replaced = sum(1 for m in incoming if m in existing)
    merged = {**existing, **incoming}
    if len(merged) > last - first + 1:
        raise TrackError(
            f"{case.name}: {len(merged)} months do not fit the {last - first + 1} rows of "
            f"{TABLE}; insert rows inside the table in Excel first"
        )
    for offset, month in enumerate(sorted(merged)):
        row = first + offset
        sheet.cell(row, header["Month"]).value = dt.datetime(int(month[:4]), int(month[5:]), 1)
        for name in ACTUALS_COLUMNS:
            sheet.cell(row, header[name]).value = merged[month].get(name)
    for row in range(first + len(merged), last + 1):
        for column in header.values():
            sheet.cell(row, column).value = None
    cell = _go_live_cell(workbook)
    if go_live is not None:
        cell.value = dt.datetime(int(go_live[:4]), int(go_live[5:]), 1)
    elif _month_text(cell.value) is None:
        if cell.value not in (None, ""):
            raise TrackError(f"{case.name}: Go_Live_Date {str(cell.value)[:40]!r} is not a date")
        start = min(incoming)
        cell.value = dt.datetime(int(start[:4]), int(start[5:]), 1)
    workbook.properties.lastModifiedBy = "roi-xl track"
    workbook.properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    def save(stream: BinaryIO) -> None:
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(workbook, archive).save()

    write_workbook(output, save, force=force)
    return {
        "months": sorted(merged),
        "go_live": _month_text(cell.value),
        "added": len(incoming) - replaced,
        "replaced": replaced,
    }


def summary_lines(names: Mapping[str, Any]) -> list[str]:
    """The figures to date of a recalculated copy, for the terminal."""

    def money(v: Any) -> str:
        if not isinstance(v, int | float):
            return str(v)
        return f"-${-v:,.0f}" if v < 0 else f"${v:,.0f}"

    def percent(v: Any) -> str:
        return f"{v:.1%}" if isinstance(v, int | float) else f"{v} (no costs yet)"

    payback = names.get("Payback_Reached_Month")
    lines = [
        f"  months tracked        {names.get('Months_Tracked', 0):>12,.0f}",
        f"  actual costs to date  {money(names.get('Actual_Costs_To_Date')):>12}",
        f"  planned costs         {money(names.get('Plan_Costs_To_Date')):>12}",
        f"  realised gains        {money(names.get('Realised_Gains_To_Date')):>12}",
        f"  planned gains         {money(names.get('Planned_Gains_To_Date')):>12}",
        f"  realised ROI to date  {percent(names.get('Realised_ROI_To_Date')):>12}",
        f"  planned ROI to date   {percent(names.get('Plan_ROI_To_Date')):>12}",
        f"  variance, measured    {money(names.get('Variance_To_Date')):>12}",
        f"  payback reached       {_month_text(payback) or 'not yet':>12}",
        f"  3-year ROI forecast   {percent(names.get('Forecast_ROI_3yr')):>12}",
    ]
    # a case written before the plan to date had these names: its lines are left out
    plan = ("planned costs", "planned ROI", "variance, measured")
    names_of = {"planned costs": "Plan_Costs_To_Date", "planned ROI": "Plan_ROI_To_Date"}
    names_of["variance, measured"] = "Variance_To_Date"
    return [
        line
        for line in lines
        if not any(line.strip().startswith(p) and names_of[p] not in names for p in plan)
    ]
