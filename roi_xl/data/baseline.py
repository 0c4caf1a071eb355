"""``roi-xl baseline``: monthly KPIs and the baseline from a helpdesk export.

The KPIs of TRACKING.md §1 are counted by one DuckDB query
(:func:`monthly_kpis`) over the export opened by :mod:`roi_xl.data.reader`; the
baseline (complete months, means) is :mod:`roi_xl.core.baseline`. Outputs:
a table, JSON, an ``[assumptions]`` block (``.toml``) or the monthly KPIs
under the ``MonthlyActuals`` headers (``.csv``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.baseline import (
    MONTHLY_KPIS,
    baseline_from_months,
    complete_months,
    outlier_months,
)
from ..core.errors import RoiInputError
from ..io.csv_text import csv_line
from ..io.files import atomic_write
from ..io.terminal import printable
from ..io.toml_text import toml_string
from .presets import exported, preset_fields, read_mapping, with_mapping
from .reader import DATE_ORDERS, DateRules, ExportError, Field, check_zone, open_export

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
#: Header prefix of the channel mix columns of ``kpis.csv`` (contacts of one channel).
CHANNEL_HEADER = "Channel: "

#: Why a row is not a customer contact, in the order the rules are tried (TRACKING.md §1b).
LEFT_OUT = ("deleted", "spam", "follow-up", "outbound", "internal", "automated outbound")
#: Channel values (lower case) of rows that are not contacts: Zendesk's Via, Freshdesk's
#: Source (and its API code 10), Salesforce's Origin.
FOLLOW_UP_CHANNELS = ("closed ticket", "closed_ticket")
OUTBOUND_CHANNELS = (
    "outbound",
    "outbound email",
    "outbound_email",
    "phone call (outbound)",
    "voice_outbound",
)
INTERNAL_CHANNELS = ("internal communication", "internal_communication", "internal")
#: Statuses (lower case) of a solved ticket; Salesforce's ``IsClosed`` says it directly.
SOLVED_STATUSES = ("solved", "closed", "resolved")
#: A satisfied rating by scale (the largest score of the file picks the scale).
SATISFIED = {5: 4, 10: 9, 100: 80}

#: A month with fewer contacts than this share of the median month is an outlier.
OUTLIER_SHARE = 0.25


@dataclass
class Options:
    """What ``roi-xl baseline`` was asked, beyond the export."""

    source: str = "generic"
    months: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    mapping: Path | None = None
    date_format: str | None = None
    timezone: str | None = None
    units: Mapping[str, str] = field(default_factory=dict)
    blank_zero: Sequence[str] = ()
    latest_per_id: bool = False
    metrics: Path | None = None
    sheet: str | None = None


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
    #: month → channel → contacts
    channels: dict[str, dict[str, int]] = field(default_factory=dict)
    #: month → reason → rows left out
    left_out: dict[str, dict[str, int]] = field(default_factory=dict)
    #: months left out of the default baseline for their low volume
    outliers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timezone: str = "UTC"
    #: contacts in the baseline months by channel, and their share
    channel_mix: dict[str, dict[str, float]] = field(default_factory=dict)


def _sums_sql(present: set[str]) -> dict[str, str]:
    """SQL of the sums the KPIs are made of, over the rows of one group (month, channel,
    left-out reason): counts and sums combine across groups where means would not."""
    contact = "_left_out IS NULL"
    human = f"{contact} AND NOT coalesce(automated, false)" if "automated" in present else contact
    sql = {"rows": "count(*)", "contacts": f"count(*) FILTER (WHERE {contact})"}
    if "automated" in present:
        sql["automated"] = f"count(*) FILTER (WHERE {contact} AND automated)"
    if "handle_seconds" in present:
        sql["handle_sum"] = f"sum(handle_seconds) FILTER (WHERE {human})"
        sql["handle_n"] = f"count(handle_seconds) FILTER (WHERE {human})"
        sql["handle_nonzero"] = "count(*) FILTER (WHERE handle_seconds > 0)"
    if {"reopens", "agent_replies"} <= present:
        solved = _solved_sql(present)
        known = f"{human} AND {solved} AND reopens IS NOT NULL AND agent_replies IS NOT NULL"
        sql["fcr_n"] = f"count(*) FILTER (WHERE {known})"
        sql["fcr_yes"] = f"count(*) FILTER (WHERE {known} AND reopens = 0 AND agent_replies <= 1)"
    if "escalated" in present:
        sql["esc_n"] = f"count(escalated) FILTER (WHERE {human})"
        sql["esc_yes"] = f"count(*) FILTER (WHERE {human} AND escalated)"
    if "csat" in present:
        sql["csat_n"] = f"count(csat) FILTER (WHERE {human})"
        sql["csat_max"] = f"max(csat) FILTER (WHERE {human})"
        for scale, least in SATISFIED.items():
            sql[f"csat_{scale}"] = f"count(*) FILTER (WHERE {human} AND csat >= {least})"
    return sql


def _solved_sql(present: set[str]) -> str:
    statuses = ", ".join(f"'{s}'" for s in SOLVED_STATUSES)
    parts = []
    if "closed" in present:
        parts.append("closed")
    if "status" in present:
        parts.append(f"(lower(status) IN ({statuses}))")
    return f"coalesce({', '.join(parts)}, false)" if parts else "true"


def _left_out_sql(present: set[str]) -> str:
    """SQL of why a row is not a customer contact (NULL: it is one)."""
    rules = []
    if "deleted" in present:
        rules.append("CASE WHEN deleted THEN 'deleted' END")
    if "status" in present:
        rules.append("CASE lower(status) WHEN 'deleted' THEN 'deleted' WHEN 'spam' THEN 'spam' END")
    if "spam" in present:
        rules.append("CASE WHEN spam THEN 'spam' END")
    if "channel" in present:
        # lower-cased once a row: one CASE over the channel's value
        cases = [
            *(f"WHEN '{v}' THEN 'follow-up'" for v in FOLLOW_UP_CHANNELS),
            *(f"WHEN '{v}' THEN 'outbound'" for v in OUTBOUND_CHANNELS),
            *(f"WHEN '{v}' THEN 'internal'" for v in INTERNAL_CHANNELS),
        ]
        rules.append(f"CASE lower(channel) {' '.join(cases)} END")
    if "delivered_as" in present:
        rules.append(
            "CASE lower(delivered_as) WHEN 'admin_initiated' THEN 'outbound' "
            "WHEN 'automated' THEN 'automated outbound' END"
        )
    if not rules:
        return "CAST(NULL AS VARCHAR)"
    return rules[0] if len(rules) == 1 else f"coalesce({', '.join(rules)})"


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


def _date_rules(options: Options, file_options: Mapping[str, Any]) -> DateRules:
    order = options.date_format or file_options.get("date_format")
    if order is not None:
        order = str(order)
        if order.lower() in DATE_ORDERS:
            order = order.lower()
        elif "%" not in order:
            raise ExportError(
                f"--date-format {order!r}: expected iso, dmy, mdy or a strftime pattern "
                "such as '%d/%m/%Y %H:%M'"
            )
        else:
            _check_pattern(order)
    zone = options.timezone or file_options.get("timezone") or "UTC"
    return DateRules(order, check_zone(str(zone)))


def _check_pattern(pattern: str) -> None:
    """Refuse a strftime pattern that DuckDB cannot use, or that has no day."""
    import duckdb

    try:
        quoted = pattern.replace("'", "''")
        duckdb.sql(f"SELECT try_strptime('x', '{quoted}')").fetchall()
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0][:160]
        raise ExportError(f"--date-format {pattern!r}: not a usable pattern ({first})") from None
    if not any(code in pattern for code in ("%d", "%j", "%s")):
        raise ExportError(f"--date-format {pattern!r}: the pattern has no day (%d)")


def _fields(options: Options, file_columns: Mapping[str, Sequence[str]]) -> tuple[Field, ...]:
    fields = preset_fields(options.source)
    if file_columns:
        fields = with_mapping(fields, file_columns)
    return fields


def monthly_kpis(path: Path, source: str | Options = "generic") -> tuple[Any, ...]:
    """Open ``path`` with preset ``source`` (or full :class:`Options`) and count every month.

    See :func:`_monthly_kpis`; a duplicate id suggests ``--latest-per-id``.
    """
    try:
        return _monthly_kpis(path, source)
    except ExportError as exc:
        if "duplicate id" in str(exc):
            raise ExportError(
                f"{exc}; a history table (several rows per ticket)? --latest-per-id keeps "
                "the latest row of each id"
            ) from None
        raise


def _monthly_kpis(path: Path, source: str | Options = "generic") -> tuple[Any, ...]:
    """Open ``path`` with preset ``source`` (or full :class:`Options`) and count every month.

    Returns (monthly, first date, last date, missing KPIs with the reason,
    columns read, rows, details) where ``details`` holds the channels, the
    rows left out, the CSAT scale and the reader's notes.
    """
    options = source if isinstance(source, Options) else Options(source=source)
    file_columns: dict[str, list[str]] = {}
    file_units: dict[str, str] = {}
    file_options: dict[str, Any] = {}
    if options.mapping is not None:
        file_columns, file_units, file_options = read_mapping(options.mapping)
        if "source" in file_options and options.source == "generic":
            options = dataclasses.replace(options, source=str(file_options["source"]))
    fields = _fields(options, file_columns)
    dates = _date_rules(options, file_options)
    units = {**file_units, **options.units}
    blank_zero = [*file_options.get("blank_zero", []), *options.blank_zero]
    latest = options.latest_per_id or bool(file_options.get("latest_per_id", False))
    sheet = options.sheet or file_options.get("sheet")
    with contextlib.ExitStack() as stack:
        metrics = None
        if options.metrics is not None:
            metrics = stack.enter_context(_metrics(options.metrics, options, dates, stack))
        export = stack.enter_context(
            open_export(
                path,
                fields,
                unique="id",
                dates=dates,
                sheet=sheet,
                mapping=options.columns,
                units=units,
                blank_zero=blank_zero,
                latest="updated_at" if latest else None,
            )
        )
        if metrics is not None:
            export.join = metrics
        present = set(export.present) | (set(metrics[2]) if metrics else set())
        sums = _sums_sql(present)
        channel = "coalesce(channel, '')" if "channel" in present else "''"
        export.extra = {"_left_out": _left_out_sql(present)}
        rows = export.aggregate(
            ["min(created_at)", "max(created_at)", *sums.values()],
            by=("date_trunc('month', created_at)", channel, "coalesce(_left_out, '')"),
        )
        columns = dict(export.present)
        filled = set(export.filled)
        if metrics is not None:
            columns.update(metrics[2])
            filled |= metrics[3]
        count = export.rows
        notes = list(export.notes)
        if metrics is not None:
            notes.append(metrics[4])
    combined = _combine(rows, list(sums), columns, filled, count, notes, options.source)
    combined[-1]["timezone"] = dates.zone
    return combined


@contextlib.contextmanager
def _metrics(path: Path, options: Options, dates: DateRules, stack: contextlib.ExitStack) -> Any:
    """Check a ticket metrics file and write its columns, by ticket id, to a Parquet file."""
    import tempfile

    wanted = ("id", "agent_replies", "reopens", "escalated", "handle_seconds")
    fields = tuple(f for f in preset_fields(options.source) if f.name in wanted)
    fields = (Field("id", ("ticket_id",), "text", required=True), *fields)
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="roi-xl-metrics-")))
    target = folder / "metrics.parquet"
    with open_export(path, fields, unique="id", dates=dates) as export:
        export.aggregate()
        names = [n for n in export.present if n != "id"]
        if not names:
            raise ExportError(
                f"--metrics {Path(path).name}: none of replies, reopens, group_stations "
                "or a handle time is in its header"
            )
        cols = ", ".join(f'"{n}"' for n in ["id", *names])
        export.connection.execute(
            f"COPY (SELECT {cols} FROM {export.source}) TO '{target}' (FORMAT parquet)"
        )
        present = {n: f"{export.present[n]} ({Path(path).name})" for n in names}
        filled = {n for n in names if n in export.filled}
        note = f"metrics joined from {Path(path).name} on the ticket id ({export.rows:,} rows)"
    yield (str(target), names, present, filled, note)


def _combine(
    rows: list[tuple[Any, ...]],
    names: list[str],
    columns: dict[str, str],
    filled: set[str],
    count: int,
    notes: list[str],
    source: str,
) -> tuple[Any, ...]:
    months: dict[str, dict[str, float]] = {}
    channels: dict[str, dict[str, int]] = {}
    left_out: dict[str, dict[str, int]] = {}
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    bounds: dict[str, list[dt.datetime]] = {}
    for row in rows:
        start, channel, reason, low, high, *values = row
        month = f"{start.year:04d}-{start.month:02d}"
        sums = dict(zip(names, values, strict=True))
        first = low if first is None else min(first, low)
        last = high if last is None else max(last, high)
        span = bounds.setdefault(month, [low, high])
        span[0], span[1] = min(span[0], low), max(span[1], high)
        total = months.setdefault(month, {})
        for name, value in sums.items():
            if value is None:
                continue
            if name == "csat_max":
                total[name] = max(total.get(name, 0.0), float(value))
            else:
                total[name] = total.get(name, 0.0) + float(value)
        if reason:
            left = left_out.setdefault(month, {})
            left[reason] = left.get(reason, 0) + int(sums["rows"])
        elif sums["contacts"] and "channel" in columns:
            mix = channels.setdefault(month, {})
            label = channel or "(blank)"
            mix[label] = mix.get(label, 0) + int(sums["contacts"])
    if first is None or last is None:
        raise ExportError("the export has no rows")
    usable = set(filled)
    not_tracked = []
    if "handle_seconds" in usable and not any(t.get("handle_nonzero") for t in months.values()):
        usable.discard("handle_seconds")  # a whole column of zeros: time not tracked
        not_tracked.append("handle_seconds")
    scale = 5
    if "csat" in usable:
        top = max((t.get("csat_max", 0.0) for t in months.values()), default=0.0)
        scale = next(s for s in SATISFIED if top <= s)
        if scale != 5:
            notes.append(f"CSAT read on a scale to {scale} (satisfied: {SATISFIED[scale]} or more)")
    monthly: dict[str, dict[str, float | None]] = {}
    for month in sorted(months):
        t = months[month]

        def share(yes: str, n: str, t: dict[str, float] = t) -> float | None:
            return t[yes] / t[n] if t.get(n) else None

        contacts = t.get("contacts", 0.0)
        kpis: dict[str, float | None] = dict.fromkeys(MONTHLY_KPIS)
        kpis["Contacts"] = contacts
        if "automated" in usable:
            kpis["Automated_Contacts"] = t.get("automated", 0.0)
            kpis["Deflection_Rate"] = t.get("automated", 0.0) / contacts if contacts else None
        if "handle_seconds" in usable and t.get("handle_n"):
            kpis["AHT_Min"] = t["handle_sum"] / t["handle_n"] / SECONDS_PER_MINUTE
        if {"reopens", "agent_replies"} <= usable:
            kpis["FCR"] = share("fcr_yes", "fcr_n")
        if "escalated" in usable:
            kpis["Escalation_Rate"] = share("esc_yes", "esc_n")
        if "csat" in usable:
            kpis["CSAT"] = share(f"csat_{scale}", "csat_n")
        monthly[month] = kpis
    missing = {}
    for kpi in MONTHLY_KPIS:
        if all(m[kpi] is None for m in monthly.values()) and kpi != "Contacts":
            reason = _missing_reason(kpi, columns, filled, source)
            if not reason and any(c in not_tracked for c in KPI_COLUMNS[kpi]):
                reason = (
                    f"column {columns['handle_seconds']!r} is zero in every row: time not tracked"
                )
            missing[kpi] = reason or "no value in any month"
    if "status" not in columns and "closed" not in columns and "FCR" not in missing:
        notes.append("no status column: FCR counted over every ticket, solved or not")
    details = {
        "source": source,
        "channels": channels,
        "left_out": left_out,
        "notes": notes,
        "bounds": {m: (b[0].date(), b[1].date()) for m, b in bounds.items()},
    }
    return monthly, first.date(), last.date(), missing, columns, count, details


def select_months(
    monthly: Mapping[str, Mapping[str, float | None]],
    bounds: Mapping[str, tuple[dt.date, dt.date]],
) -> tuple[list[str], list[str]]:
    """(complete months, outlier months) of an export: see :func:`core.baseline.complete_months`
    and :data:`OUTLIER_SHARE`."""
    volumes = {m: float(k["Contacts"] or 0.0) for m, k in monthly.items()}
    outliers = outlier_months(volumes, OUTLIER_SHARE)
    kept = [m for m in sorted(monthly) if m not in outliers]
    if not kept:
        return [], outliers
    first, last = bounds[kept[0]][0], bounds[kept[-1]][1]
    return complete_months(first, last, kept), outliers


def compute_baseline(
    path: Path, source: str | Options = "generic", months: str | None = None
) -> Baseline:
    """Everything ``roi-xl baseline`` prints or writes, for one export."""
    path = Path(path)
    options = source if isinstance(source, Options) else Options(source=source, months=months)
    if months is not None:
        options = dataclasses.replace(options, months=months)
    monthly, first, last, missing, columns, rows, details = monthly_kpis(path, options)
    options = dataclasses.replace(options, source=details["source"])
    complete, outliers = select_months(monthly, details["bounds"])
    notes = list(details["notes"])
    if options.months:
        chosen = parse_months(options.months)
        absent = [m for m in chosen if m not in monthly]
        if absent:
            raise ExportError(
                f"{path.name}: --months {options.months}: {', '.join(absent[:6])} "
                f"{'has' if len(absent) == 1 else 'have'} no tickets in the export "
                f"(it runs from {first} to {last})"
            )
        partial = [m for m in chosen if m not in complete]
        if partial:
            notes.insert(
                0,
                f"--months picks {', '.join(partial)}: "
                + (
                    "a partial or outlier month"
                    if len(partial) == 1
                    else "partial or outlier months"
                ),
            )
    else:
        chosen = complete
        if not chosen:
            raise ExportError(
                f"{path.name}: no complete month (the export runs from {first} to {last}); "
                "choose the months with --months"
            )
    if outliers:
        notes.append(
            f"outlier month{'s' if len(outliers) > 1 else ''} {', '.join(outliers)} "
            f"(under a quarter of the median month's contacts) left out of the default baseline"
        )
    values, gaps = baseline_from_months(monthly, chosen)
    mix: dict[str, float] = {}
    for month in chosen:
        for channel, contacts in details["channels"].get(month, {}).items():
            mix[channel] = mix.get(channel, 0) + contacts
    total = sum(mix.values())
    channel_mix = {
        c: {"contacts": n, "share": n / total if total else 0.0}
        for c, n in sorted(mix.items(), key=lambda item: (-item[1], item[0]))
    }
    return Baseline(
        path,
        options.source,
        rows,
        first,
        last,
        monthly,
        complete,
        chosen,
        values,
        missing,
        gaps,
        columns,
        channels=details["channels"],
        left_out=details["left_out"],
        outliers=outliers,
        notes=notes,
        timezone=details["timezone"],
        channel_mix=channel_mix,
    )


# -- outputs ---------------------------------------------------------------------------------

_SHOW = {
    "Contacts": ("Contacts", "{:,.0f}"),
    "Automated_Contacts": ("Automated", "{:,.0f}"),
    "Deflection_Rate": ("Deflection", "{:.1%}"),
    "AHT_Min": ("AHT (min)", "{:.2f}"),
    "FCR": ("FCR", "{:.1%}"),
    "Escalation_Rate": ("Escalation", "{:.1%}"),
    "CSAT": ("CSAT", "{:.1%}"),
}
_SHOW_BASELINE = {
    "Annual_Contacts": "{:,.0f}",
    "Deflection_Rate_Before": "{:.2%}",
    "AHT_Before_Min": "{:.2f}",
    "FCR_Before": "{:.2%}",
    "Escalation_Rate_Before": "{:.2%}",
}


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def table(result: Baseline) -> str:
    """The readable table: what was read, one line per month, the baseline, the channel mix."""
    out = io.StringIO()
    label = f"{printable(result.path.name)} ({result.source}): {_plural(result.rows, 'row')}, "
    out.write(label + f"{result.first} to {result.last}, months in {result.timezone}\n")
    for note in result.notes:
        out.write(f"note: {printable(note)}\n")
    out.write("\n")
    out.write(f"{'Month':<10}" + "".join(f"{h:>12}" for h, _ in _SHOW.values()) + "  Left out\n")
    for month, kpis in result.monthly.items():
        cells = []
        for kpi, (_, form) in _SHOW.items():
            value = kpis.get(kpi)
            cells.append("missing" if value is None else form.format(value))
        left = sum(result.left_out.get(month, {}).values())
        mark = ""
        if month in result.outliers:
            mark = "  (outlier month)"
        elif month not in result.complete:
            mark = "  (partial month)"
        used = "*" if month in result.months else " "
        out.write(
            f"{month + used:<10}"
            + "".join(f"{c:>12}" for c in cells)
            + f"{left:>10,}"
            + mark
            + "\n"
        )
    out.write(f"\n* months in the baseline: {', '.join(result.months)}\n")
    reasons: dict[str, int] = {}
    for counts in result.left_out.values():
        for reason, count in counts.items():
            reasons[reason] = reasons.get(reason, 0) + count
    if reasons:
        out.write(
            "Left out (not customer contacts): "
            + ", ".join(f"{_plural(reasons[r], 'row')} {r}" for r in LEFT_OUT if r in reasons)
            + "\n"
        )
    out.write("\nBaseline (Assumptions names)\n")
    for name, form in _SHOW_BASELINE.items():
        if name in result.baseline:
            out.write(f"  {name:<24}{form.format(result.baseline[name]):>14}\n")
    csat = [result.monthly[m]["CSAT"] for m in result.months]
    known = [v for v in csat if v is not None]
    if known:
        out.write(f"  {'CSAT (satisfied share)':<24}{sum(known) / len(known):>14.2%}\n")
    for kpi, reason in result.missing.items():
        out.write(f"  missing: {kpi} ({printable(reason)})\n")
    for name, months in result.gaps.items():
        out.write(f"  note: {name} leaves out {', '.join(months)} (no value that month)\n")
    if result.channel_mix:
        out.write("\nChannel mix (baseline months)\n")
        for channel, mix in result.channel_mix.items():
            out.write(
                f"  {printable(channel)[:30]:<30}{mix['contacts']:>12,.0f}{mix['share']:>10.1%}\n"
            )
    return out.getvalue()


def as_json(result: Baseline) -> str:
    """``{"months": [...], "monthly": [...], "baseline": {...}}`` and what else was found."""
    monthly = [
        {
            "Month": month,
            **kpis,
            "Complete": month in result.complete,
            "Outlier": month in result.outliers,
            "Channels": result.channels.get(month, {}),
            "Left_Out": result.left_out.get(month, {}),
        }
        for month, kpis in result.monthly.items()
    ]
    csat = [result.monthly[m]["CSAT"] for m in result.months]
    known = [v for v in csat if v is not None]
    return json.dumps(
        {
            "months": result.months,
            "monthly": monthly,
            "baseline": result.baseline,
            "csat": sum(known) / len(known) if known else None,
            "channel_mix": result.channel_mix,
            "missing": result.missing,
            "notes": result.notes,
            "timezone": result.timezone,
        },
        indent=2,
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
    channels = list(result.channel_mix)
    header = ["Month", *ACTUALS_HEADERS.values(), *(CHANNEL_HEADER + c for c in channels)]
    lines = [csv_line(header)]
    for month in result.months:
        kpis = result.monthly[month]
        mix = result.channels.get(month, {})
        lines.append(
            csv_line(
                [
                    month,
                    *("" if kpis[k] is None else _number(kpis[k] or 0.0) for k in ACTUALS_HEADERS),
                    *(str(mix.get(c, 0)) for c in channels),
                ]
            )
        )
    return "".join(lines)


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
