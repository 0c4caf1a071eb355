"""The ``Assumptions`` sheet: every lever input of TEMPLATES.md as a defined name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core import benchmark_figures
from ..core.staffing import DEFAULT_OCCUPANCY, DEFAULT_PAID_HOURS, DEFAULT_SHRINKAGE
from . import styles
from .book import Rule, TemplateBook
from .constants import build_constants
from .lists import cited, range_words

_FIGURES = benchmark_figures()["figures"]

BUSINESS_TYPES_RANGE = "Lists!$A$2:$A$4"


@dataclass(frozen=True)
class Assumption:
    name: str
    label: str
    rule: Rule
    unit: str
    number_format: str
    default: float | str | None = None
    source: str = "your own figure"


def _rate(prompt: str) -> Rule:
    return Rule("rate", f"{prompt} A fraction: type 40% or 0.4.")


SECTIONS: tuple[tuple[str, tuple[Assumption, ...]], ...] = (
    (
        "General",
        (
            Assumption(
                "Business_Type",
                "Business type",
                Rule(
                    "list",
                    "saas, ecommerce or services: picks the benchmark range.",
                    BUSINESS_TYPES_RANGE,
                ),
                "list",
                "@",
                "saas",
                "default saas; benchmark ranges on the Lists sheet",
            ),
            Assumption(
                "Discount_Rate",
                "Discount rate",
                _rate("Yearly discount rate for PV."),
                "% a year",
                styles.PERCENT,
                0.10,
                "default 10%, the usual rate in TEI studies; use your cost of capital",
            ),
            Assumption(
                "Gross_Margin",
                "Gross margin on revenue",
                _rate("Share of revenue kept as margin."),
                "%",
                styles.PERCENT,
                1.0,
                "default 100%: revenue counted whole, as published ROI calculators do; "
                "a careful case uses your margin",
            ),
            Assumption(
                "Capacity_Recapture",
                "Capacity recapture",
                _rate(
                    "Share of freed agent time that becomes cash (agents released, hires "
                    "avoided, overtime cut)."
                ),
                "%",
                styles.PERCENT,
                1.0,
                "default 100% (neutral): every capacity line counts whole; a CFO counts only "
                "what will leave the budget",
            ),
        ),
    ),
    (
        "Contacts and deflection",
        (
            Assumption(
                "Annual_Contacts",
                "Contacts a year",
                Rule("count", "Contacts handled in a year, all channels."),
                "contacts",
                styles.NUMBER,
            ),
            Assumption(
                "Human_Cost_Per_Contact",
                "Cost of a contact handled by a person",
                Rule("money", "Fully loaded cost of one human-handled contact."),
                "$",
                styles.CURRENCY_CENTS,
                None,
                f"{range_words(_FIGURES['human_cost_per_contact'])} USD 3-12 "
                f"({cited(_FIGURES['human_cost_per_contact'])})",
            ),
            Assumption(
                "Automated_Cost_Per_Contact",
                "Cost of a contact handled by AI",
                Rule("money", "Cost of one contact handled by self-service or AI."),
                "$",
                styles.CURRENCY_CENTS,
                None,
                f"{range_words(_FIGURES['ai_cost_per_contact'])} USD 0.25-1 "
                f"({cited(_FIGURES['ai_cost_per_contact'])})",
            ),
            Assumption(
                "Deflection_Rate_Before",
                "Deflection rate today (before)",
                _rate("Share of contacts already handled by self-service or AI today."),
                "%",
                styles.PERCENT,
                None,
                "blank = 0: nothing automated today; the deflection lever counts only the rise",
            ),
            Assumption(
                "Deflection_Rate",
                "Deflection rate",
                _rate("Share of contacts handled by self-service or AI."),
                "%",
                styles.PERCENT,
            ),
        ),
    ),
    (
        "Handle time",
        (
            Assumption(
                "AHT_Before_Min",
                "Average handle time before",
                Rule("minutes", "Average handle time today, in minutes."),
                "minutes",
                styles.DECIMAL,
            ),
            Assumption(
                "AHT_After_Min",
                "Average handle time after",
                Rule("minutes", "Average handle time after the change, in minutes."),
                "minutes",
                styles.DECIMAL,
            ),
        ),
    ),
    (
        "Agent cost (one basis for the handle-time lever and the Staffing sheet)",
        (
            Assumption(
                "Agent_Annual_Cost",
                "Loaded cost of an agent a year",
                Rule(
                    "money", "Salary, benefits, taxes and overhead of one full-time agent a year."
                ),
                "$ a year",
                styles.CURRENCY,
                None,
                "your payroll: fully loaded, one full-time agent",
            ),
            Assumption(
                "Paid_Hours_Per_Year",
                "Paid hours of an agent a year",
                Rule("count", "Hours a full-time agent is paid in a year (52 x 40 = 2,080)."),
                "hours",
                styles.NUMBER,
                DEFAULT_PAID_HOURS,
                "default 2,080: 52 weeks x 40 hours",
            ),
            Assumption(
                "Shrinkage",
                "Shrinkage",
                _rate("Share of paid time not available for contacts (leave, breaks, training)."),
                "%",
                styles.PERCENT,
                DEFAULT_SHRINKAGE,
                "default 30%, a common planning figure; use your workforce plan's",
            ),
            Assumption(
                "Occupancy",
                "Occupancy",
                _rate("Share of available time agents spend handling contacts."),
                "%",
                styles.PERCENT,
                DEFAULT_OCCUPANCY,
                "default 85%, a common planning figure; use your measured occupancy",
            ),
        ),
    ),
    (
        "First-contact resolution",
        (
            Assumption(
                "FCR_Before",
                "FCR before",
                _rate("Share of issues resolved on the first contact today; above 0."),
                "%",
                styles.PERCENT,
            ),
            Assumption(
                "FCR_After",
                "FCR after",
                _rate("Share of issues resolved on the first contact after; above 0."),
                "%",
                styles.PERCENT,
            ),
        ),
    ),
    (
        "Escalations",
        (
            Assumption(
                "Escalation_Rate_Before",
                "Escalation rate before",
                _rate("Share of contacts escalated today."),
                "%",
                styles.PERCENT,
            ),
            Assumption(
                "Escalation_Rate_After",
                "Escalation rate after",
                _rate("Share of contacts escalated after."),
                "%",
                styles.PERCENT,
            ),
            Assumption(
                "Cost_Per_Escalation",
                "Extra cost of an escalation",
                Rule("money", "What one escalation costs on top of the contact."),
                "$",
                styles.CURRENCY_CENTS,
            ),
        ),
    ),
    (
        "Revenue",
        (
            Assumption(
                "Sales_Interactions",
                "Sales-relevant interactions a year",
                Rule("count", "Service interactions where a sale is possible."),
                "interactions",
                styles.NUMBER,
            ),
            Assumption(
                "Conversion_Before",
                "Conversion before",
                _rate("Share of those interactions that convert today."),
                "%",
                styles.PERCENT,
            ),
            Assumption(
                "Conversion_After",
                "Conversion after",
                _rate("Share that convert after."),
                "%",
                styles.PERCENT,
            ),
            Assumption(
                "Average_Order_Value",
                "Average order value",
                Rule("money", "Revenue of one order."),
                "$",
                styles.CURRENCY,
            ),
        ),
    ),
    (
        "Retention",
        (
            Assumption(
                "Customers",
                "Customers",
                Rule("count", "Customers at the start of the year."),
                "customers",
                styles.NUMBER,
            ),
            Assumption(
                "Revenue_Per_Customer",
                "Revenue per customer a year",
                Rule("money", "Yearly revenue of one customer."),
                "$",
                styles.CURRENCY,
            ),
            Assumption(
                "Churn_Before",
                "Yearly churn before",
                _rate("Share of customers lost in a year today."),
                "%",
                styles.PERCENT,
            ),
            Assumption(
                "Churn_After",
                "Yearly churn after",
                _rate("Share lost in a year after."),
                "%",
                styles.PERCENT,
            ),
        ),
    ),
)

ALL_ASSUMPTIONS = tuple(a for _, items in SECTIONS for a in items)

#: The inputs of the one cost basis, and the output they give (a row below them).
COST_BASIS_INPUTS = ("Agent_Annual_Cost", "Paid_Hours_Per_Year", "Shrinkage", "Occupancy")
COST_PER_HANDLE_HOUR = "=Agent_Annual_Cost/(Paid_Hours_Per_Year*(1-Shrinkage)*Occupancy)"

#: The case the executive summary names at its top (templates with a Summary only).
CASE_DATE_FORMAT = "yyyy-mm-dd"
CASE_INPUTS = (
    Assumption(
        "Case_Name",
        "Case name",
        Rule("text", "The name of this business case, shown at the top of the Summary."),
        "text",
        "@",
        None,
        "shown at the top of the Summary",
    ),
    Assumption(
        "Case_Date",
        "Case date",
        Rule("count", "The date of this business case, e.g. 2026-01-31."),
        "date",
        CASE_DATE_FORMAT,
        None,
        "blank: the Summary shows no date",
    ),
    Assumption(
        "Currency",
        "Currency of the figures",
        Rule(
            "text",
            "The currency every amount is in. USD, EUR, GBP, CHF, JPY, AUD, CAD or INR: "
            "every amount shows its symbol. Another code is printed before the amounts "
            "when the case is built again with it.",
        ),
        "text",
        "@",
        "USD",
        "default USD, the currency of the published benchmark figures; the Summary names it",
    ),
)


def _cost_basis_row(book: TemplateBook, sheet: Any, row: int) -> int:
    """``Cost_Per_Handle_Hour`` below the agent-cost inputs; the next free row."""
    sheet.cell(row, 1, "Cost of a handle hour")
    book.formula(
        sheet,
        f"B{row}",
        COST_PER_HANDLE_HOUR,
        name="Cost_Per_Handle_Hour",
        number_format=styles.CURRENCY_CENTS,
    )
    sheet.cell(row, 3, "$ an hour")
    note = sheet.cell(
        row,
        4,
        "agent a year / (paid hours x (1 - shrinkage) x occupancy): what an hour of handling "
        "contacts costs; the handle-time lever and the Staffing sheet both use it",
    )
    note.font = styles.NOTE_FONT
    note.alignment = styles.WRAP
    return row + 1


def build_assumptions(
    book: TemplateBook, names: Sequence[str] | None = None, *, case: bool = False
) -> None:
    """The Assumptions sheet with ``names`` (all inputs when ``None``), in spec order;
    with ``case``, first the case's name, date and currency (:data:`CASE_INPUTS`)."""
    wanted = set(names) if names is not None else {a.name for a in ALL_ASSUMPTIONS}
    sections = SECTIONS
    if case:
        wanted |= {a.name for a in CASE_INPUTS}
        sections = (("Case", CASE_INPUTS), *SECTIONS)
    sheet = book.sheet("Assumptions")
    sheet["A1"] = "Assumptions"
    sheet["A1"].font = styles.TITLE_FONT
    sheet["A2"] = (
        "Blue cells are inputs: replace them with your figures. A blank lever "
        "input counts as 0; a lever with blank inputs adds nothing."
    )
    sheet["A2"].font = styles.NOTE_FONT
    header = ("Input", "Value", "Unit", "Default and source")
    for column, title in enumerate(header, start=1):
        sheet.cell(4, column, title)
    styles.style_header([sheet.cell(4, c) for c in range(1, 5)])
    row = 5
    for section, items in sections:
        chosen = [a for a in items if a.name in wanted]
        if not chosen:
            continue
        sheet.cell(row, 1, section).font = styles.SECTION_FONT
        row += 1
        for item in chosen:
            sheet.cell(row, 1, item.label)
            book.input(
                sheet,
                f"B{row}",
                item.rule,
                name=item.name,
                default=item.default,
                number_format=item.number_format,
            )
            if item.unit == "text":  # a name longer than the column wraps, not cut off
                sheet.cell(row, 2).alignment = styles.WRAP
            sheet.cell(row, 3, item.unit)
            sheet.cell(row, 4, item.source).font = styles.NOTE_FONT
            sheet.cell(row, 4).alignment = styles.WRAP  # within the printed page
            row += 1
        if chosen[-1].name == COST_BASIS_INPUTS[-1]:
            row = _cost_basis_row(book, sheet, row)
    build_constants(book, sheet, row + 1)
    for column, width in {"A": 36, "B": 14, "C": 12, "D": 46}.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A5"
