"""The four template workbooks of TEMPLATES.md, blank or filled.

A filled workbook is always *generated* with its values (never made by
loading a template and saving it again, which would lose its charts).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from ..core import LEVERS, CostLine, DecisionSettings, GainLine
from ..io.files import save_workbook
from . import totals
from .assumptions import ALL_ASSUMPTIONS, build_assumptions
from .attribution import DEFAULT_TOUCH_ROWS, TouchLogFill, build_attribution
from .book import TemplateBook
from .checks import build_checks
from .costs import DEFAULT_ROWS, build_costs
from .currency import apply_currency
from .gains import (
    ATTRIBUTION_ROW,
    DEFAULT_GAIN_ROWS,
    FIRST_LEVER_ROW,
    OTHER_TOTAL_ROW,
    YEAR_COLUMNS,
    build_gains,
)
from .levers import AHT_OR_HARD_SAVINGS
from .lists import build_lists
from .printing import DEFAULT_PAPER
from .scenarios import build_scenarios
from .staffing import HARD_SAVINGS, build_staffing
from .start_here import build_start_here
from .summary import build_summary
from .tracking import build_tracking, business_case_plan, totals_plan

TEMPLATES = ("cost_tracking", "gain_attribution", "executive_summary", "roi_business_case")
#: Written by ``roi-xl templates`` beside the four: actuals against a typed-in plan.
VALUE_TRACKING = "value_tracking"
#: The before values and unit costs the realised gains use.
TRACKING_INPUTS = (
    "Human_Cost_Per_Contact",
    "Automated_Cost_Per_Contact",
    "Deflection_Rate_Before",
    "AHT_Before_Min",
    "Agent_Annual_Cost",
    "Paid_Hours_Per_Year",
    "Shrinkage",
    "Occupancy",
    "FCR_Before",
    "Escalation_Rate_Before",
    "Cost_Per_Escalation",
    "Conversion_Before",
    "Average_Order_Value",
    "Gross_Margin",
    "Churn_Before",
    "Revenue_Per_Customer",
)

#: Assumptions each template needs (the business case has all of them).
LEVER_INPUTS = tuple(
    a.name for a in ALL_ASSUMPTIONS if a.name not in ("Business_Type", "Discount_Rate")
)
SUMMARY_INPUTS = (
    "Business_Type",
    "Discount_Rate",
    "Human_Cost_Per_Contact",
    "Automated_Cost_Per_Contact",
    "Deflection_Rate",
    "AHT_Before_Min",
    "AHT_After_Min",
    "FCR_Before",
    "FCR_After",
    "Churn_Before",
    "Churn_After",
)


@dataclass(frozen=True)
class Fill:
    """What to write into a template: inputs by defined name, table rows, yearly totals."""

    inputs: Mapping[str, Any] = field(default_factory=dict)
    cost_lines: Sequence[CostLine] | None = None
    lever_settings: Mapping[str, GainLine] | None = None
    gain_lines: Sequence[GainLine] | None = None
    #: executive summary only: attributed gains by line label and year
    gains_by_line: Mapping[str, Sequence[float]] = field(default_factory=dict)
    #: the Attribution sheet's touch log and settings
    touch_log: TouchLogFill | None = None
    #: business case: the Staffing sheet's Erlang C hard savings of handle time alone
    #: replace the AHT lever (``Staffing_Feeds_Totals`` = "Erlang C")
    hard_savings_feed_totals: bool = False
    #: business case: the Scenarios sheet's multipliers, sensitivity and target ROI
    decisions: DecisionSettings | None = None
    #: the Tracking sheet's MonthlyActuals rows by header (``Month`` as ``YYYY-MM``)
    monthly_actuals: Sequence[Mapping[str, Any]] = ()
    #: the paper every sheet prints on ("A4" or "Letter")
    paper: str = DEFAULT_PAPER
    #: the case's name, printed in every page's footer
    case_name: str = ""


def _business_case_levers(gain_rows: int) -> list[tuple[str, str]]:
    first, last = YEAR_COLUMNS[0], YEAR_COLUMNS[-1]  # Year 1..3 of the Gains sheet
    levers = [
        (label, f"=SUM(Gains!{first}{row}:{last}{row})")
        for row, (_, label, _) in enumerate(LEVERS, start=FIRST_LEVER_ROW)
    ]
    return [
        *levers,
        (
            "Support-attributed revenue",
            f"=SUM(Gains!{first}{ATTRIBUTION_ROW}:{last}{ATTRIBUTION_ROW})",
        ),
        (totals.OTHER_LABEL, f"=SUM(Gains!{first}{OTHER_TOTAL_ROW}:{last}{OTHER_TOTAL_ROW})"),
    ]


def build_template(
    kind: str,
    fill: Fill | None = None,
    *,
    cost_rows: int = DEFAULT_ROWS,
    gain_rows: int = DEFAULT_GAIN_ROWS,
    touch_rows: int = DEFAULT_TOUCH_ROWS,
) -> Workbook:
    """One of :data:`TEMPLATES`, blank or filled, in memory.

    (To print some sheets only, :func:`roi_xl.office.printout.copy_with_sheets`.)
    """
    fill = fill or Fill()
    gain_rows = max(gain_rows, len(fill.gain_lines or ()))
    book = TemplateBook(fill.inputs)
    if kind == "cost_tracking":
        build_start_here(
            book,
            "Cost tracking: what customer service costs",
            "Cost lines by category and channel, one-time and yearly, and the cost per contact.",
            [
                "Enter the contacts a year on the Assumptions sheet.",
                "Fill in the CostLines table on the Costs sheet: one-time costs in "
                "Initial, running costs in Year 1-3.",
                "Read the totals and the cost per contact beside the table.",
            ],
            topics=("costs",),
        )
        build_costs(book, fill.cost_lines, cost_rows)
        build_assumptions(book, ["Annual_Contacts"])
    elif kind == "gain_attribution":
        build_start_here(
            book,
            "Gain attribution: what customer service saves and earns",
            "Each lever's gross gain from your assumptions, extra gain lines, and "
            "the share credited to service after risk and ramp-up.",
            [
                "Fill in the blue cells of the Assumptions sheet.",
                "On the Gains sheet, set each line's attribution share, risk "
                "adjustment and realisation per year.",
                "Add your own gain lines to the GainLines table.",
                "Optionally paste a touch export on the Attribution sheet.",
            ],
            topics=("gains",),
        )
        build_gains(book, fill.lever_settings, fill.gain_lines, gain_rows)
        build_attribution(book, fill.touch_log, touch_rows)
        build_assumptions(book, LEVER_INPUTS)
    elif kind == "executive_summary":
        build_start_here(
            book,
            "Executive summary: the ROI of customer service on one page",
            "Type or paste the yearly totals of a business case; the summary "
            "prints on one landscape page.",
            [
                "Type the costs and the attributed gains by lever on the Totals sheet.",
                "On the Assumptions sheet, name the case, its date and currency; set the "
                "business type, discount rate and KPIs.",
                "Print the Summary sheet (one landscape page).",
            ],
            topics=("roi",),
        )
        build_summary(book, totals.lever_values())
        totals.build_totals(book, fill.gains_by_line)
        build_assumptions(book, SUMMARY_INPUTS, case=True)
    elif kind == "roi_business_case":
        build_start_here(
            book,
            "ROI business case for customer service",
            "Costs, gains and the executive summary in one linked workbook: change "
            "a cost or a lever input and the summary follows.",
            [
                "Fill in the blue cells of the Assumptions sheet, first the case's name, "
                "date and currency (the Summary names them at its top).",
                "Fill in the CostLines table on the Costs sheet: what the change adds to "
                "today's operation (licences, implementation, training), not running costs.",
                "On the Gains sheet set attribution, risk (with its reason) and ramp-up, and "
                "whether each line counts as cash or capacity; add gain lines.",
                "Test the assumptions on the Scenarios sheet: the ROI range (default "
                "multipliers 70/100/120% of the gains, 110/100/95% of the costs: a rule of "
                "thumb, set your own), the tornado and the break-even. roi-xl simulate "
                "adds a Monte Carlo sheet to a copy of the workbook.",
                "Read the Checks sheet: every model check should pass before anyone signs.",
                "Read and print the Summary sheet.",
            ],
            checks=True,
        )
        build_summary(book, _business_case_levers(gain_rows), business_case=True)
        build_assumptions(book, case=True)
        build_costs(book, fill.cost_lines, cost_rows, incremental=True)
        build_gains(book, fill.lever_settings, fill.gain_lines, gain_rows, AHT_OR_HARD_SAVINGS)
        build_scenarios(book, fill.decisions, gain_rows)
        build_attribution(book, fill.touch_log, touch_rows)
        build_staffing(book, switch=HARD_SAVINGS if fill.hard_savings_feed_totals else None)
        build_tracking(
            book,
            business_case_plan(FIRST_LEVER_ROW, (ATTRIBUTION_ROW, OTHER_TOTAL_ROW)),
            fill.monthly_actuals,
        )
        build_checks(
            book, cost_rows=max(cost_rows, len(fill.cost_lines or ())), gain_rows=gain_rows
        )
    elif kind == VALUE_TRACKING:
        build_start_here(
            book,
            "Value tracking: what the plan promised, and what happened",
            "Monthly actuals against the plan of a business case: realised gains by "
            "lever, variance, realised ROI to date and the payback month.",
            [
                "Type the plan's costs and attributed gains by lever on the Totals sheet.",
                "Fill in the before values and unit costs on the Assumptions sheet.",
                "On the Tracking sheet, set the go-live month and each lever's share, "
                "then add one row a month to the monthly actuals table.",
            ],
            topics=("gains",),
        )
        build_tracking(
            book,
            totals_plan(totals.FIRST_GAIN_ROW),
            fill.monthly_actuals,
            share_values={k: v.share for k, v in (fill.lever_settings or {}).items()},
        )
        totals.build_totals(book, fill.gains_by_line)
        build_assumptions(book, TRACKING_INPUTS)
    else:
        raise ValueError(
            f"unknown template {kind!r}; one of {', '.join((*TEMPLATES, VALUE_TRACKING))}"
        )
    build_lists(
        book,
        benchmarks=kind in ("executive_summary", "roi_business_case"),
        costs=kind in ("cost_tracking", "roi_business_case"),
        gains=kind in ("gain_attribution", "roi_business_case"),
    )
    apply_currency(book.workbook, fill.inputs.get("Currency"), live="Currency" in book.names)
    book.protect(("Costs", "Gains", "Tracking"))
    book.workbook.active = 0
    book.finish_printing(paper=fill.paper, case_name=fill.case_name)
    return book.workbook


def write_template(
    kind: str,
    path: Path,
    fill: Fill | None = None,
    *,
    force: bool = False,
    cost_rows: int = DEFAULT_ROWS,
) -> Path:
    """Write one template reproducibly and atomically."""
    workbook = build_template(kind, fill, cost_rows=cost_rows)
    return save_workbook(workbook, path, force=force)


def write_templates(folder: Path, *, force: bool = False, paper: str = DEFAULT_PAPER) -> list[Path]:
    """Write the four blank templates and the value tracking template into ``folder``,
    printing on ``paper``."""
    return [
        write_template(kind, Path(folder) / f"{kind}.xlsx", Fill(paper=paper), force=force)
        for kind in (*TEMPLATES, VALUE_TRACKING)
    ]
