"""``roi-xl track``: monthly KPIs into a copy of a business case (TRACKING.md §3).

Reads ``KPIS.csv`` (a ``Month`` column as ``YYYY-MM`` and any ``MonthlyActuals``
header), merges it by month into the ``MonthlyActuals`` table of a copy of
the workbook (a month already there is replaced, the others are kept), and
never touches the original. The copy is written as ``roi-xl simulate``
writes its own: loaded and saved by openpyxl, which keeps the generator's
charts, tables and validations.

What would make a figure silently wrong is refused, naming the row: a month
after the current one (actuals are measured, not planned) or
:data:`~roi_xl.workbooks.tracking.BY_MONTH_ROWS` months or more after the
go-live month (the Tracking sheet counts no further), automated contacts
above the contacts, an amount above :data:`MAX_FIGURE`, and two rows of the
case's table for one month. The KPI file is read as a stream, its header
first, with a bound on the length of a line and on the number of rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from ..core.tracking import ACTUALS_COLUMNS
from ..io.files import (
    InputFileError,
    check_output,
    check_xlsx,
    input_file,
    open_workbook,
    same_file,
    save_changed_copy,
)
from ..io.terminal import printable
from ..workbooks.tracking import BY_MONTH_ROWS
from .reader import parse_number

__all__ = ["TrackError", "read_kpis", "track_file"]

SHEET = "Tracking"
TABLE = "MonthlyActuals"
RATES = ("FCR", "Escalation Rate")
#: No KPI file of a project's months is larger: refuse anything bigger.
MAX_ROWS = 1_200
#: Columns of ``roi-xl baseline -o kpis.csv`` that the MonthlyActuals table has no place for.
IGNORED = ("CSAT",)
#: Columns of ``roi-xl baseline -o kpis.csv`` that track does not use: the channel mix.
IGNORED_PREFIX = "channel: "
#: The longest line of a KPI file (a month of eleven figures takes under 200 characters).
MAX_LINE = 64 * 1024
#: The largest figure of a month (a trillion times a thousand: no currency's real cost).
MAX_FIGURE = 1e15
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


class TrackError(ValueError):
    """A KPI file or case that cannot be tracked; the message is one line."""


def _month_text(value: Any) -> str | None:
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    return None


def _lines(handle: Any, name: str) -> Any:
    """The lines of ``handle``, each read with a bound: a line without end is refused."""
    number = 0
    while line := handle.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE:
            raise TrackError(
                f"{name}, line {number}: longer than {MAX_LINE:,} characters; not a KPI file"
            )
        yield line


def _figures(values: Mapping[str, Any], where: str) -> None:
    """Refuse automated contacts above the contacts and a figure above :data:`MAX_FIGURE`."""
    for name, value in values.items():
        if isinstance(value, int | float) and not isinstance(value, bool) and value > MAX_FIGURE:
            raise TrackError(f"{where}, column {name}: {value:.4g} is more than {MAX_FIGURE:.0e}")
    contacts, automated = values.get("Contacts"), values.get("Automated Contacts")
    numbers = all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in (contacts, automated)
    )
    if numbers and automated > contacts:  # type: ignore[operator]
        raise TrackError(
            f"{where}: Automated Contacts {automated:,.10g} is more than Contacts "
            f"{contacts:,.10g} (automated contacts are part of the contacts)"
        )


def read_kpis(path: Path) -> dict[str, dict[str, float | None]]:
    """The months of ``path`` by ``YYYY-MM``, each a mapping of MonthlyActuals header to value.

    Numbers are strict (a decimal point, no separators); rates are fractions
    between 0 and 1; every number is 0 or more and at most :data:`MAX_FIGURE`;
    automated contacts are at most the contacts. A blank cell is ``None``.
    """
    return _read_kpis(Path(path))[0]


def _read_kpis(path: Path) -> tuple[dict[str, dict[str, float | None]], dict[str, int]]:
    """:func:`read_kpis`, and the row of the file each month is on."""
    input_file(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return _kpi_rows(csv.reader(_lines(handle, path.name)), path.name)
    except UnicodeDecodeError:
        raise TrackError(f"{path.name}: not a UTF-8 CSV file") from None
    except csv.Error as exc:
        raise TrackError(f"{path.name}: not a readable CSV file ({exc})") from None


def _kpi_rows(rows: Any, name: str) -> tuple[dict[str, dict[str, float | None]], dict[str, int]]:
    """The months of a CSV reader: the header is checked before any other row is read."""
    first = next(rows, None)
    if first is None:
        raise TrackError(f"{name}: empty file, no Month column")
    header = [h.strip() for h in first]
    known = {c.lower(): c for c in ("Month", *ACTUALS_COLUMNS, *IGNORED)}
    columns: list[str] = []
    for title in header:
        if title.lower().startswith(IGNORED_PREFIX):
            columns.append(title)
            continue
        if title.lower() not in known:
            raise TrackError(
                f"{name}: unknown column {title[:40]!r}; the columns are Month, "
                + ", ".join(ACTUALS_COLUMNS)
            )
        if known[title.lower()] in columns:
            raise TrackError(f"{name}: column {title!r} appears twice")
        columns.append(known[title.lower()])
    if "Month" not in columns:
        raise TrackError(f"{name}: no Month column (YYYY-MM)")
    months: dict[str, dict[str, float | None]] = {}
    where_month: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise TrackError(f"{name}: more than {MAX_ROWS} months; one row a month")
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise TrackError(f"{name}, row {number}: {len(row)} fields for {len(columns)} columns")
        cells = dict(zip(columns, (c.strip() for c in row), strict=True))
        for ignored in IGNORED:
            cells.pop(ignored, None)
        for ignored in [c for c in cells if c.lower().startswith(IGNORED_PREFIX)]:
            cells.pop(ignored)
        month = cells.pop("Month")
        if not _MONTH.fullmatch(month):
            raise TrackError(f"{name}, row {number}, column Month: {month[:40]!r} is not YYYY-MM")
        if month in months:
            raise TrackError(
                f"{name}, month {month}: appears twice (rows {where_month[month]} and {number})"
            )
        values: dict[str, float | None] = {}
        for column, text in cells.items():
            where = f"{name}, month {month}, column {column}"
            if not text:
                values[column] = None
                continue
            value = parse_number(text, ".")
            if value is None:
                raise TrackError(
                    f"{where}: {text[:40]!r} is not a number (a decimal point, no separators)"
                )
            if not math.isfinite(value) or value < 0:
                raise TrackError(f"{where}: {text[:40]!r} must be a number of 0 or more")
            if column in RATES and value > 1:
                raise TrackError(f"{where}: {text[:40]!r} must be a fraction between 0 and 1")
            values[column] = value
        _figures(values, f"{name}, row {number} (month {month})")
        months[month] = values
        where_month[month] = number
    if not months:
        raise TrackError(f"{name}: no month to track")
    return months, where_month


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


_NAME_KINDS = {
    "ERROR": "an error value",
    "NUMBER": "a number",
    "TEXT": "a text",
    "BOOL": "a logical value",
    "FUNC": "a formula",
    "LITERAL": "a value",
}


def _go_live_cell(workbook: Any, case_name: str) -> Any:
    """The one cell the defined name ``Go_Live_Date`` names; a one-line error otherwise."""
    defined = workbook.defined_names.get("Go_Live_Date")
    if defined is None:
        raise TrackError("the workbook has no Go_Live_Date: not a business case with tracking")
    where = f"{case_name}: the name Go_Live_Date ({printable(str(defined.attr_text)[:60])})"
    fix = "point it at the go-live cell of the Tracking sheet (Formulas > Name Manager)"
    if defined.type != "RANGE" or defined.is_external:
        kind = _NAME_KINDS.get(str(defined.type), "not a cell")
        raise TrackError(f"{where} is {kind}, not a cell; {fix}")
    destinations = list(defined.destinations)
    if len(destinations) != 1:
        raise TrackError(f"{where} names {len(destinations)} areas, not one cell; {fix}")
    ((title, ref),) = destinations
    if title not in workbook.sheetnames:
        raise TrackError(f"{where} points at a sheet the workbook does not have; {fix}")
    try:
        if not ref.replace("$", ""):  # Tracking!#REF!: the cell was deleted
            raise ValueError(ref)
        low_col, low_row, high_col, high_row = range_boundaries(ref.replace("$", ""))
    except (ValueError, TypeError):
        raise TrackError(f"{where} is not a cell reference; {fix}") from None
    if low_col is None or low_row is None or (low_col, low_row) != (high_col, high_row):
        raise TrackError(f"{where} is a range of cells, not one cell; {fix}")
    return workbook[title].cell(low_row, low_col)


def _index(month: str, go_live: str) -> int:
    """Months from ``go_live`` to ``month`` (both ``YYYY-MM``): 0 in the go-live month."""
    return (int(month[:4]) - int(go_live[:4])) * 12 + int(month[5:]) - int(go_live[5:])


def _existing(sheet: Worksheet, header: dict[str, int], first: int, last: int, name: str) -> Any:
    """The months already in MonthlyActuals, and the sheet row of each; a month twice is refused."""
    existing: dict[str, dict[str, Any]] = {}
    rows: dict[str, int] = {}
    for row in range(first, last + 1):
        month_value = sheet.cell(row, header["Month"]).value
        values = {column: sheet.cell(row, header[column]).value for column in ACTUALS_COLUMNS}
        if month_value is None and all(v is None for v in values.values()):
            continue
        month = _month_text(month_value)
        if month is None:
            raise TrackError(
                f"{name}, {TABLE} row {row - first + 1}, column Month: "
                f"{printable(str(month_value)[:40])!r} is not a date"
            )
        if month in existing:
            raise TrackError(
                f"{name}, {SHEET} rows {rows[month]} and {row}: both are month {month}; keep one "
                "row a month (track will not choose between them)"
            )
        existing[month] = values
        rows[month] = row
    return existing, rows


def track_file(
    case: Path,
    kpis: Path,
    output: Path,
    *,
    go_live: str | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Write a copy of ``case`` whose MonthlyActuals holds ``kpis``, merged by month.

    ``today`` (default: the date of the run) bounds the months: none may be after its month.
    Returns ``{"months": [...], "go_live": "YYYY-MM", "added": n, "replaced": n}``.
    """
    case, kpis, output = Path(case), Path(kpis), Path(output)
    check_xlsx(case)
    if same_file(case, output):
        raise InputFileError(
            f"{output} is the case itself: track writes a copy and never overwrites "
            "the case, even with --force; choose another -o"
        )
    check_output(output, force=force)
    if go_live is not None and not _MONTH.fullmatch(go_live):
        raise TrackError(f"--go-live {go_live[:40]!r} is not YYYY-MM")
    incoming, csv_rows = _read_kpis(kpis)
    workbook = open_workbook(case)
    if SHEET not in workbook.sheetnames:
        raise TrackError(f"{case.name}: no {SHEET} sheet (made by an older roi-xl?)")
    sheet = workbook[SHEET]
    header, first, last = _table(sheet)
    existing, sheet_rows = _existing(sheet, header, first, last, case.name)
    replaced = sum(1 for m in incoming if m in existing)
    merged = {**existing, **incoming}
    if len(merged) > last - first + 1:
        raise TrackError(
            f"{case.name}: {len(merged)} months do not fit the {last - first + 1} rows of "
            f"{TABLE}; insert rows inside the table in Excel first"
        )
    cell = _go_live_cell(workbook, case.name)
    if go_live is None:
        go_live = _month_text(cell.value)
        if go_live is None:
            if cell.value not in (None, ""):
                raise TrackError(
                    f"{case.name}: Go_Live_Date {printable(str(cell.value)[:40])!r} is not a date"
                )
            go_live = min(incoming)
    now = today or dt.date.today()
    current = f"{now.year:04d}-{now.month:02d}"

    def where(month: str) -> str:
        if month in incoming:
            return f"{kpis.name}, row {csv_rows[month]} (month {month})"
        return f"{case.name}, {SHEET} row {sheet_rows[month]} (month {month})"

    for month, values in sorted(merged.items()):
        if month > current:
            raise TrackError(
                f"{where(month)}: {month} is after the current month {current}; actuals are "
                "months that have happened (a mistyped year?)"
            )
        if _index(month, go_live) >= BY_MONTH_ROWS:
            raise TrackError(
                f"{where(month)}: {_index(month, go_live)} months after the go-live month "
                f"{go_live}; the Tracking sheet counts {BY_MONTH_ROWS} months (a mistyped year, "
                "or the wrong --go-live?)"
            )
        if month in existing and month not in incoming:
            _figures(values, where(month))
    for offset, month in enumerate(sorted(merged)):
        row = first + offset
        sheet.cell(row, header["Month"]).value = dt.datetime(int(month[:4]), int(month[5:]), 1)
        for name in ACTUALS_COLUMNS:
            sheet.cell(row, header[name]).value = merged[month].get(name)
    for row in range(first + len(merged), last + 1):
        for column in header.values():
            sheet.cell(row, column).value = None
    if _month_text(cell.value) != go_live:
        cell.value = dt.datetime(int(go_live[:4]), int(go_live[5:]), 1)
    save_changed_copy(workbook, output, changed_by="roi-xl track", force=force)
    return {
        "months": sorted(merged),
        "go_live": go_live,
        "added": len(incoming) - replaced,
        "replaced": replaced,
    }


def summary_lines(names: Mapping[str, Any]) -> list[str]:
    """The figures to date of a recalculated copy, for the terminal."""

    def money(v: Any) -> str:
        if not isinstance(v, int | float):
            return printable(v)
        if abs(v) >= MAX_FIGURE:
            return f"${v:.3e}"  # never 309 digits
        return f"-${-v:,.0f}" if v < 0 else f"${v:,.0f}"

    def percent(v: Any) -> str:
        if not isinstance(v, int | float):
            return f"{printable(v)} (no costs yet)"
        return f"{v:.1%}" if abs(v) < MAX_FIGURE else f"{v * 100:.3e}%"

    def count(v: Any) -> str:
        return f"{v:,.0f}" if isinstance(v, int | float) else printable(v)

    payback = names.get("Payback_Reached_Month")
    lines = [
        f"  months tracked        {count(names.get('Months_Tracked', 0)):>12}",
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
