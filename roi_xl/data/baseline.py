"""``roi-xl baseline``: monthly KPIs and the baseline from a helpdesk export.

The KPIs of TRACKING.md §1 are counted by one DuckDB query
(:func:`monthly_kpis`) over the export opened by :mod:`roi_xl.data.reader`; the
baseline (complete months, means) is :mod:`roi_xl.core.baseline`. Outputs:
a table, JSON, an ``[assumptions]`` block (``.toml``) or the monthly KPIs
under the ``MonthlyActuals`` headers (``.csv``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.baseline import MONTHLY_KPIS, baseline_from_months, complete_months
from ..core.errors import RoiInputError
from ..io.files import atomic_write
from ..io.terminal import printable
from ..io.toml_text import toml_string
from .presets import exported, preset_fields
from .reader import ExportError, open_export

#: ``MonthlyActuals`` header of each monthly KPI written to ``kpis.csv`` (TRACKING.md §2).
ACTUALS_HEADERS: dict[str, str] = {
    "Contacts": "Contacts",
    "Automated_Contacts": "Automated Contacts",
    "AHT_Min": "AHT (min)",
    "FCR": "FCR",
    "Escalation_Rate": "Escalation Rate",
    "CSAT": "CSAT",
}

#: The columns each KPI needs (all must be present and not all blank).
KPI_COLUMNS: dict[str, tuple[str, ...]] = {
    "Contacts": (),
    "Automated_Contacts": ("automated",),
    "Deflection_Rate": ("automated",),
    "AHT_Min": ("handle_seconds",),
    "FCR": ("reopens", "agent_replies"),
    "Escalation_Rate": ("escalated",),
    "CSAT": ("csat",),
}

SECONDS_PER_MINUTE = 60


@dataclass
class Baseline:
    """What ``roi-xl baseline`` found in one export."""

    path: Path
    source: str
    rows: int
    first: dt.date
    last: dt.date
    #: every month with tickets → KPI name → value (None: missing)
    monthly: dict[str, dict[str, float | None]]
    complete: list[str]
    months: list[str]
    baseline: dict[str, float]
    #: KPI name → why it is missing for the whole export
    missing: dict[str, str]
    gaps: dict[str, list[str]]
    columns: dict[str, str]


def _kpi_sql(usable: set[str]) -> dict[str, str]:
    """SQL of each KPI over the rows of one month; ``usable``: columns present, not all blank."""
    human = "NOT coalesce(automated, false)" if "automated" in usable else "true"
    sql = {"Contacts": "CAST(count(*) AS DOUBLE)"}
    if "automated" in usable:
        sql["Automated_Contacts"] = "CAST(count(*) FILTER (WHERE automated) AS DOUBLE)"
        sql["Deflection_Rate"] = "count(*) FILTER (WHERE automated) / count(*)"
    if "handle_seconds" in usable:
        sql["AHT_Min"] = f"avg(handle_seconds) FILTER (WHERE {human}) / {SECONDS_PER_MINUTE}"
    if {"reopens", "agent_replies"} <= usable:
        resolved = (
            "CASE WHEN reopens IS NULL OR agent_replies IS NULL THEN NULL "
            "WHEN reopens = 0 AND agent_replies <= 1 THEN 1.0 ELSE 0.0 END"
        )
        sql["FCR"] = f"avg({resolved}) FILTER (WHERE {human})"
    if "escalated" in usable:
        sql["Escalation_Rate"] = (
            f"avg(CASE WHEN escalated THEN 1.0 WHEN NOT escalated THEN 0.0 END) "
            f"FILTER (WHERE {human})"
        )
    if "csat" in usable:
        sql["CSAT"] = f"avg(csat) FILTER (WHERE {human})"
    return sql


def _missing_reason(kpi: str, columns: Mapping[str, str], filled: set[str], source: str) -> str:
    for column in KPI_COLUMNS[kpi]:
        if column not in columns:
            if source != "generic" and column not in exported(source):
                return f"{source} exports no {column}; add a column {column!r} to measure it"
            return f"no {column} column"
        if column not in filled:
            return f"column {columns[column]!r} is blank in every row"
    return ""


#: The most months ``--months`` may name (a century): anything longer is a typing mistake.
MAX_MONTHS = 1_200


def parse_months(text: str) -> list[str]:
    """``2024-01..2024-06``, ``2024-03`` or a comma-separated list of those, as months.

    >>> parse_months("2024-11..2025-02")
    ['2024-11', '2024-12', '2025-01', '2025-02']
    """
    months: list[str] = []
    for part in text.split(","):
        bounds = [b.strip() for b in part.split("..")]
        if len(bounds) > 2 or not all(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", b) for b in bounds):
            raise RoiInputError(
                "--months", f"--months {text!r}: expected YYYY-MM..YYYY-MM (e.g. 2024-01..2024-06)"
            )
        start, end = bounds[0], bounds[-1]
        if end < start:
            raise RoiInputError("--months", f"--months {text!r}: {end} is before {start}")
        span = (int(end[:4]) - int(start[:4])) * 12 + int(end[5:]) - int(start[5:]) + 1
        if span + len(months) > MAX_MONTHS:
            raise RoiInputError(
                "--months",
                f"--months {text[:60]!r}: more than {MAX_MONTHS} months; "
                "a baseline is a few months of one export",
            )
        year, month = int(start[:4]), int(start[5:])
        while f"{year:04d}-{month:02d}" <= end:
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(set(months))


def monthly_kpis(path: Path, source: str = "generic") -> tuple[Any, ...]:
    """Open ``path`` with preset ``source`` and count the KPIs of every month.

    Returns (monthly, first date, last date, missing KPIs with the reason,
    columns read, rows).
    """
    fields = preset_fields(source)
    with open_export(path, fields, unique="id") as export:
        # every KPI whose columns are present; one left blank in every row is dropped below
        sql = _kpi_sql(set(export.present))
        rows = export.aggregate(
            ["min(created_at)", "max(created_at)", *sql.values()],
            by="date_trunc('month', created_at)",
        )
        columns = dict(export.present)
        filled = set(export.filled)
        count = export.rows
    usable = filled
    sql = {kpi: expr for kpi, expr in _kpi_sql(usable).items() if kpi in sql}
    rows = sorted(rows)
    span = (min(row[1] for row in rows).date(), max(row[2] for row in rows).date())
    names = ["month", "first", "last", *_kpi_sql(set(columns))]
    monthly: dict[str, dict[str, float | None]] = {}
    for row in rows:
        values = {k: v for k, v in zip(names, row, strict=True) if k in sql or k == "month"}
        month: dt.date = values.pop("month")
        monthly[f"{month.year:04d}-{month.month:02d}"] = {
            kpi: (None if values.get(kpi) is None else float(values[kpi])) for kpi in MONTHLY_KPIS
        }
    missing = {
        kpi: _missing_reason(kpi, columns, filled, source) for kpi in MONTHLY_KPIS if kpi not in sql
    }
    return monthly, span[0], span[1], missing, columns, count


def compute_baseline(path: Path, source: str = "generic", months: str | None = None) -> Baseline:
    """Everything ``roi-xl baseline`` prints or writes, for one export."""
    path = Path(path)
    monthly, first, last, missing, columns, rows = monthly_kpis(path, source)
    complete = complete_months(first, last, list(monthly))
    if months:
        chosen = parse_months(months)
        absent = [m for m in chosen if m not in monthly]
        if absent:
            raise ExportError(
                f"{path.name}: --months {months}: {', '.join(absent)} "
                f"{'has' if len(absent) == 1 else 'have'} no tickets in the export "
                f"(it runs from {first} to {last})"
            )
    else:
        chosen = complete
        if not chosen:
            raise ExportError(
                f"{path.name}: no complete month (the export runs from {first} to {last}); "
                "choose the months with --months"
            )
    values, gaps = baseline_from_months(monthly, chosen)
    return Baseline(
        path, source, rows, first, last, monthly, complete, chosen, values, missing, gaps, columns
    )


# -- outputs ---------------------------------------------------------------------------------

_SHOW = {
    "Contacts": ("Contacts", "{:,.0f}"),
    "Automated_Contacts": ("Automated", "{:,.0f}"),
    "Deflection_Rate": ("Deflection", "{:.1%}"),
    "AHT_Min": ("AHT (min)", "{:.2f}"),
    "FCR": ("FCR", "{:.1%}"),
    "Escalation_Rate": ("Escalation", "{:.1%}"),
    "CSAT": ("CSAT", "{:.2f}"),
}
_SHOW_BASELINE = {
    "Annual_Contacts": "{:,.0f}",
    "Deflection_Rate_Before": "{:.2%}",
    "AHT_Before_Min": "{:.2f}",
    "FCR_Before": "{:.2%}",
    "Escalation_Rate_Before": "{:.2%}",
}


def table(result: Baseline) -> str:
    """The readable table: one line per month, then the baseline."""
    out = io.StringIO()
    label = f"{printable(result.path.name)} ({printable(result.source)}): {result.rows:,} tickets, "
    out.write(label + f"{result.first} to {result.last}\n\n")
    out.write(f"{'Month':<10}" + "".join(f"{h:>12}" for h, _ in _SHOW.values()) + "\n")
    for month, kpis in result.monthly.items():
        cells = []
        for kpi, (_, form) in _SHOW.items():
            value = kpis.get(kpi)
            cells.append("missing" if value is None else form.format(value))
        mark = "" if month in result.complete else "  (partial month)"
        used = "*" if month in result.months else " "
        out.write(f"{month + used:<10}" + "".join(f"{c:>12}" for c in cells) + mark + "\n")
    out.write(f"\n* months in the baseline: {', '.join(result.months)}\n\n")
    out.write("Baseline (Assumptions names)\n")
    for name, form in _SHOW_BASELINE.items():
        if name in result.baseline:
            out.write(f"  {name:<24}{form.format(result.baseline[name]):>14}\n")
    for kpi, reason in result.missing.items():
        out.write(f"  missing: {kpi} ({printable(reason)})\n")
    for name, months in result.gaps.items():
        out.write(f"  note: {name} leaves out {', '.join(months)} (no value that month)\n")
    return out.getvalue()


def as_json(result: Baseline) -> str:
    """``{"months": [...], "monthly": [...], "baseline": {...}}``."""
    monthly = [
        {"Month": month, **kpis, "Complete": month in result.complete}
        for month, kpis in result.monthly.items()
    ]
    return json.dumps(
        {"months": result.months, "monthly": monthly, "baseline": result.baseline}, indent=2
    )


def _number(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value}")
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def assumptions_toml(result: Baseline) -> str:
    """An ``[assumptions]`` block a scenario file can include."""
    # every text from the export (its file name, its headers) as a TOML string: one line
    lines = [
        f"# Baseline from {toml_string(result.path.name)} ({toml_string(result.source)} "
        f"export), months {', '.join(result.months)}; written by roi-xl baseline.",
    ]
    lines += [
        f"# missing from the export: {k} ({toml_string(r)})" for k, r in result.missing.items()
    ]
    lines.append("[assumptions]")
    lines += [f"{name} = {_number(value)}" for name, value in result.baseline.items()]
    return "\n".join(lines) + "\n"


def actuals_csv(result: Baseline) -> str:
    """The chosen months under the ``MonthlyActuals`` headers (input of ``roi-xl track``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Month", *ACTUALS_HEADERS.values()])
    for month in result.months:
        kpis = result.monthly[month]
        writer.writerow(
            [month, *("" if kpis[k] is None else _number(kpis[k] or 0.0) for k in ACTUALS_HEADERS)]
        )
    return buffer.getvalue()


def write_output(result: Baseline, path: Path, *, force: bool = False) -> Path:
    """``.toml``: the assumptions block; ``.csv``: the monthly KPIs. Atomic, never over a file."""
    suffix = Path(path).suffix.lower()
    if suffix == ".toml":
        text = assumptions_toml(result)
    elif suffix == ".csv":
        text = actuals_csv(result)
    else:
        raise ExportError(f"{Path(path).name}: -o must end in .toml (assumptions) or .csv (KPIs)")
    data = text.encode("utf-8")
    return atomic_write(Path(path), lambda f: f.write(data), force=force)
