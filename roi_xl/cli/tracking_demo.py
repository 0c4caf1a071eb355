"""The tracking loop of ``roi-xl demo``: baseline from the shipped export, case, actuals.

The *before* values of the example case are measured from the shipped
synthetic export (``data/exports/tickets.csv``, six months of a support
team's tickets); the example keeps its own volumes and costs. Three months
after go-live are then tracked with :data:`ACTUALS` (illustrative KPIs of a
deflection project: automation and FCR up, handle time and escalations down;
the revenue levers not measured yet, so they realise 0).
"""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

from ..data.baseline import compute_baseline
from ..data.track import summary_lines, track_file
from ..io.files import atomic_write
from ..office.cached import cache_values
from ..office.recalc import read_names
from ..workbooks.templates import Fill, write_template

EXPORT = "data/exports/tickets.csv"
#: The before values the export sets on the Assumptions sheet (volumes stay the example's).
MEASURED = ("Deflection_Rate_Before", "AHT_Before_Min", "FCR_Before", "Escalation_Rate_Before")
GO_LIVE = "2024-07"  # the month after the export's six months
#: Three months after go-live: 100,000 contacts a month, as in the example case.
ACTUALS = (
    "Month,Actual Costs,Contacts,Automated Contacts,AHT (min),FCR,Escalation Rate\n"
    "2024-07,350000,100000,24000,8.6,0.67,0.085\n"
    "2024-08,55000,100000,30000,8.2,0.69,0.08\n"
    "2024-09,55000,100000,36000,7.8,0.71,0.075\n"
)


def run(fill: Fill, out: Path, *, force: bool, timeout: float | None) -> list[str]:
    """Baseline, business case and three tracked months in ``out``; the lines to print."""
    export = Path(str(resources.files("roi_xl").joinpath(EXPORT)))
    base = compute_baseline(export)
    measured = {k: base.baseline[k] for k in MEASURED if k in base.baseline}
    lines = [
        f"Baseline from {export.name} ({base.rows:,} tickets, {base.months[0]} to "
        f"{base.months[-1]}): " + ", ".join(f"{k} {v:.4g}" for k, v in measured.items())
    ]
    inputs = {**fill.inputs, **measured, "Go_Live_Date": GO_LIVE}
    case = write_template(
        "roi_business_case",
        out / "roi_business_case_tracking.xlsx",
        replace(fill, inputs=inputs),
        force=force,
    )
    kpis = atomic_write(
        out / "kpis_after_go_live.csv", lambda f: f.write(ACTUALS.encode()), force=force
    )
    tracked = out / "roi_business_case_tracked.xlsx"
    track_file(case, kpis, tracked, force=force)
    cache_values([case, tracked], timeout=timeout)
    names = read_names(tracked)  # the values LibreOffice computed, cached in the copy
    lines += [
        f"wrote {case} (go-live {GO_LIVE}) and {kpis}",
        f"roi-xl track {case.name} {kpis.name}: three months against the plan",
        *summary_lines(names),
        f"wrote {tracked}",
    ]
    return lines
