"""The baseline of a business case from monthly KPIs (TRACKING.md §1).

The monthly KPIs themselves are counted from an export by one query in
``roi_xl/baseline.py``; this module turns them into the baseline: which
months are complete, and the mean of the chosen months under the names of
the Assumptions sheet.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence

from .errors import RoiInputError

__all__ = [
    "MONTHLY_KPIS",
    "BASELINE_NAMES",
    "MONTHS_PER_YEAR",
    "GRACE_DAYS",
    "complete_months",
    "outlier_months",
    "baseline_from_months",
]

#: The monthly KPIs, in the order they are shown.
MONTHLY_KPIS: tuple[str, ...] = (
    "Contacts",
    "Automated_Contacts",
    "Deflection_Rate",
    "AHT_Min",
    "FCR",
    "Escalation_Rate",
    "CSAT",
)

#: Assumptions name → the monthly KPI whose mean it is (Annual_Contacts: times 12).
BASELINE_NAMES: dict[str, str] = {
    "Annual_Contacts": "Contacts",
    "Deflection_Rate_Before": "Deflection_Rate",
    "AHT_Before_Min": "AHT_Min",
    "FCR_Before": "FCR",
    "Escalation_Rate_Before": "Escalation_Rate",
}

MONTHS_PER_YEAR = 12

#: Days at the edge of the first or last month an export may leave uncovered and still
#: cover the month: a holiday and a weekend (1 January on a Friday: first ticket on the 4th).
GRACE_DAYS = 3

Month = str  # "YYYY-MM"


def _month(day: dt.date) -> Month:
    return f"{day.year:04d}-{day.month:02d}"


def complete_months(first: dt.date, last: dt.date, present: Sequence[Month]) -> list[Month]:
    """The months of an export that are complete.

    A month is complete when the export covers it from its first day to its
    last: every month strictly between the months of the first and the last
    ticket is complete if it has tickets; the first month is complete when the
    first ticket is within :data:`GRACE_DAYS` days of its 1st (no ticket on a
    holiday and a weekend does not make a month partial), the last month when
    the last ticket is within that many days of its last day. A month without
    any ticket is never complete (a gap in the export is not a month of zero
    contacts).

    Parameters
    ----------
    first, last : datetime.date
        Dates of the earliest and the latest ticket.
    present : sequence of str
        The months (``YYYY-MM``) that have tickets.

    Examples
    --------
    An export from 15 January to 10 April: February and March are complete.

    >>> import datetime as dt
    >>> months = ["2024-01", "2024-02", "2024-03", "2024-04"]
    >>> complete_months(dt.date(2024, 1, 15), dt.date(2024, 4, 10), months)
    ['2024-02', '2024-03']
    >>> complete_months(dt.date(2024, 1, 2), dt.date(2024, 4, 29), months)
    ['2024-01', '2024-02', '2024-03', '2024-04']
    """
    if last < first:
        raise RoiInputError("last", "the last ticket is before the first")
    first_month, last_month = _month(first), _month(last)
    last_day = calendar.monthrange(last.year, last.month)[1]
    chosen = []
    for month in sorted(set(present)):
        if month == first_month and first.day - 1 > GRACE_DAYS:
            continue
        if month == last_month and last_day - last.day > GRACE_DAYS:
            continue
        if first_month <= month <= last_month:
            chosen.append(month)
    return chosen


def outlier_months(volumes: Mapping[Month, float], share: float = 0.25) -> list[Month]:
    """The months whose volume is under ``share`` of the median month's.

    A stray ticket dated 1970-01-01 or 2099-12-31 makes a month of one ticket:
    it is an outlier, not a month of the baseline.

    >>> outlier_months({"1970-01": 1, "2024-01": 500, "2024-02": 480, "2024-03": 60})
    ['1970-01', '2024-03']
    """
    if not volumes:
        return []
    ordered = sorted(volumes.values())
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return sorted(m for m, v in volumes.items() if v < share * median)


def baseline_from_months(
    monthly: Mapping[Month, Mapping[str, float | None]], months: Sequence[Month]
) -> tuple[dict[str, float], dict[str, list[Month]]]:
    """The baseline: each Assumptions name as the mean of its KPI over ``months``.

    ``Annual_Contacts`` = mean monthly contacts times 12; ``Deflection_Rate_Before``,
    ``AHT_Before_Min``, ``FCR_Before``, ``Escalation_Rate_Before`` = the mean of
    the monthly values (each month weighs the same). A KPI missing in every
    chosen month is left out; one missing in some of them is the mean of the
    others, and those months are returned with it.

    Returns
    -------
    baseline : dict
        Assumptions name → value.
    gaps : dict
        Assumptions name → the chosen months where its KPI was missing.

    Examples
    --------
    >>> monthly = {
    ...     "2024-01": {"Contacts": 1000, "FCR": 0.70, "AHT_Min": None},
    ...     "2024-02": {"Contacts": 1200, "FCR": 0.74, "AHT_Min": None},
    ... }
    >>> values, gaps = baseline_from_months(monthly, ["2024-01", "2024-02"])
    >>> values["Annual_Contacts"], round(values["FCR_Before"], 4)
    (13200.0, 0.72)
    >>> "AHT_Before_Min" in values, gaps
    (False, {})
    """
    if not months:
        raise RoiInputError("months", "no month to take the baseline from")
    for month in months:
        if month not in monthly:
            raise RoiInputError("months", f"month {month} has no tickets in the export")
    baseline: dict[str, float] = {}
    gaps: dict[str, list[Month]] = {}
    for name, kpi in BASELINE_NAMES.items():
        values = [monthly[m].get(kpi) for m in months]
        known = [float(v) for v in values if v is not None]
        if not known:
            continue
        mean = sum(known) / len(known)
        baseline[name] = mean * MONTHS_PER_YEAR if name == "Annual_Contacts" else mean
        if len(known) < len(values):
            gaps[name] = [m for m, v in zip(months, values, strict=True) if v is None]
    return baseline, gaps
