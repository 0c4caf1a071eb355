"""The ``Start Here`` sheet: how to use a workbook, the legend, where defaults come from."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Alignment, Protection

from ..core import benchmark_figures
from . import styles
from .book import TemplateBook
from .lists import cited, range_words
from .status import STATUS_REF

_FIGURES = benchmark_figures()["figures"]
_RANGES = benchmark_figures()["roi_by_business_type"]

#: Where each default comes from, by topic: a template lists only the topics it uses.
DEFAULTS_AND_SOURCES = (
    (
        "roi",
        "Discount rate 10%",
        "the usual rate in Total Economic Impact studies; use your own cost of capital",
    ),
    (
        "gains",
        "Gross margin 100%",
        "revenue counted whole, as published ROI calculators do; "
        "a careful business case uses your margin",
    ),
    (
        "gains",
        "Attribution 100%, risk 0%, realisation 100%",
        "neutral on purpose: choose each haircut yourself and it shows",
    ),
    (
        "roi",
        "Benchmark ranges",
        f"{range_words(*_RANGES.values())}s of support ROI: SaaS 400-700%, e-commerce "
        f"300-600%, services 250-500% ({cited(*_RANGES.values())}; see the Lists sheet); the "
        "Summary compares the case only with a published range (publisher and year)",
    ),
    (
        "gains",
        "Cost per contact",
        f"{range_words(_FIGURES['human_cost_per_contact'], _FIGURES['ai_cost_per_contact'])}s: "
        "human-handled USD 3-12, AI-handled USD 0.25-1 "
        f"({cited(_FIGURES['human_cost_per_contact'], _FIGURES['ai_cost_per_contact'])})",
    ),
    ("costs", "Cost lines", "the usual lines of a support organisation, pre-filled with 0"),
    (
        "case",
        "Cost lines",
        "the usual lines of an investment (licences, implementation, training, content, QA), "
        "pre-filled with 0: what the change adds, not today's running costs",
    ),
    (
        "case",
        "Capacity recapture 100%, counts as",
        "neutral: every capacity line counts whole until you say how much freed agent time "
        "becomes cash; cost levers count as capacity, revenue and retention as cash",
    ),
)

#: What an error value in a cell means, by topic.
ERRORS = (
    (
        "roi",
        "#DIV/0! appears only where a filled-in input makes a result undefined (costs of 0 "
        "under an ROI, an FCR of 0); a note beside it says which input.",
    ),
    ("roi", "#N/A in Payback means it does not pay back within 3 years (the note says so)."),
    (
        "gains",
        "#DIV/0! in a lever appears only where a filled-in input makes it undefined (an FCR "
        "after of 0); a note beside it says which input.",
    ),
    ("gains", "A lever whose inputs are blank adds nothing (0)."),
    ("roi", "Until there are costs and gains, the Summary shows — instead of figures."),
    ("costs", "The cost per contact shows 0 until the contacts a year are filled in."),
)


def build_start_here(
    book: TemplateBook,
    title: str,
    purpose: str,
    steps: Sequence[str],
    *,
    checks: bool = False,
    topics: Sequence[str] = ("costs", "gains", "roi"),
) -> None:
    """The Start Here sheet; with ``checks``, the model-check status under the purpose.

    ``topics`` (``costs``, ``gains``, ``roi``) pick the defaults and error notes the
    workbook needs.
    """
    sheet = book.sheet("Start Here")
    sheet["A1"] = title
    sheet["A1"].font = styles.TITLE_FONT
    sheet["A2"] = purpose
    sheet["A2"].alignment = styles.WRAP
    if checks:
        # the status sentence of the Checks sheet, computed there once
        book.formula(sheet, "A3", f"={STATUS_REF}", number_format="@")
        sheet["A3"].font = styles.SECTION_FONT
    row = 4
    sheet[f"A{row}"] = "How to use it"
    sheet[f"A{row}"].font = styles.SECTION_FONT
    for number, step in enumerate(steps, start=1):
        row += 1
        sheet[f"A{row}"] = f"{number}. {step}"
    row += 2
    sheet[f"A{row}"] = "Legend"
    sheet[f"A{row}"].font = styles.SECTION_FONT
    row += 1
    sheet[f"A{row}"] = "Input: type your figure here"
    styles.style_input(sheet[f"B{row}"], "@")
    sheet[f"B{row}"].value = "blue on light fill"
    sheet[f"B{row}"].protection = Protection(locked=True)  # a sample, not an input
    row += 1
    sheet[f"A{row}"] = "Formula: computed, locked"
    styles.style_formula(sheet[f"B{row}"], "@")
    sheet[f"B{row}"].value = "black"
    row += 1
    sheet[f"A{row}"] = (
        "Sheets are protected without a password so formulas are not overwritten "
        "by accident: Review > Unprotect Sheet to change the layout."
    )
    row += 2
    sheet[f"A{row}"] = "Defaults and where they come from"
    sheet[f"A{row}"].font = styles.SECTION_FONT
    for topic, label, source in DEFAULTS_AND_SOURCES:
        # the business case (checks): its cost lines are an investment's, not running costs
        if topic not in topics and not (checks and topic == "case"):
            continue
        if checks and topic == "costs" and label == "Cost lines":
            continue
        row += 1
        sheet[f"A{row}"] = label
        sheet[f"B{row}"] = source
    row += 2
    sheet[f"A{row}"] = "Errors"
    sheet[f"A{row}"].font = styles.SECTION_FONT
    shown = [text for topic, text in ERRORS if topic in topics]
    if "roi" in topics and "gains" in topics:  # the business case: the ROI notes cover
        shown = [text for topic, text in ERRORS if topic == "roi"] + [ERRORS[3][1]]  # levers
    for text in shown:
        row += 1
        sheet[f"A{row}"] = text
    sheet.column_dimensions["A"].width = 56
    sheet.column_dimensions["B"].width = 72
    # One portrait page: how to use it, the legend, the sources and the errors together.
    book.print_layout(sheet, orientation="portrait", one_page=True)
    for line in sheet.iter_rows(min_row=1, max_row=row, max_col=2):
        for cell in line:
            if cell.alignment is None or not cell.alignment.wrap_text:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
