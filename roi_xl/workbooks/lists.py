"""The ``Lists`` sheet: the choices behind dropdowns and the benchmark ranges."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core import BUSINESS_TYPES, benchmark_figures
from ..core.benchmarks import is_sourced
from . import styles
from .book import TemplateBook

COST_CATEGORIES = (
    "Personnel",
    "Training",
    "Technology",
    "Implementation",
    "Overhead",
    "Quality & Compliance",
)
CHANNELS = ("Phone", "Email", "Chat", "Social", "Self-service/AI", "All")
GAIN_CATEGORIES = ("Cost savings", "Revenue", "Retention", "Risk & compliance")

BUSINESS_TYPE_CELLS = "Lists!$A$2:$A$4"
BENCHMARK_LOW_CELLS = "Lists!$B$2:$B$4"
BENCHMARK_HIGH_CELLS = "Lists!$C$2:$C$4"
COST_CATEGORY_LIST = f"Lists!$E$2:$E${1 + len(COST_CATEGORIES)}"
CHANNEL_LIST = f"Lists!$F$2:$F${1 + len(CHANNELS)}"
GAIN_CATEGORY_LIST = f"Lists!$G$2:$G${1 + len(GAIN_CATEGORIES)}"
#: What a gain line counts as: an inline list (two words, no sheet range needed).
COUNTS_AS_LIST = '"cash,capacity"'


INDICATIVE = "indicative, source not recorded"


def cited(*entries: Mapping[str, Any]) -> str:
    """Who published the figures ``entries`` of ``benchmarks.toml``, as a reader sees it:
    "publisher, year", or "indicative, source not recorded" for a figure without both;
    each once.

    >>> cited({"publisher": "Bain & Company", "year": "2014"})
    'Bain & Company, 2014'
    >>> cited({"publisher": "not recorded", "year": "not recorded"})
    'indicative, source not recorded'
    """
    texts: list[str] = []
    for entry in entries:
        text = f"{entry['publisher']}, {entry['year']}" if is_sourced(dict(entry)) else INDICATIVE
        if text not in texts:
            texts.append(text)
    return "; ".join(texts)


def range_words(*entries: Mapping[str, Any]) -> str:
    """ "published range" when every figure has its publisher and year, else "indicative
    range" (a figure is called published only with both)."""
    return "published range" if all(is_sourced(dict(e)) for e in entries) else "indicative range"


def build_lists(
    book: TemplateBook, *, benchmarks: bool = True, costs: bool = True, gains: bool = True
) -> None:
    """The Lists sheet with only what the workbook uses: the ROI benchmarks by business
    type, the cost categories and channels, the gain categories. Unused columns stay
    empty and hidden (the dropdowns keep their fixed ranges); a workbook that uses none
    gets no Lists sheet."""
    if not (benchmarks or costs or gains):
        return  # nothing to list: no Lists sheet
    sheet = book.sheet("Lists")
    headers = {
        "A": "Business type",
        "B": "ROI low",
        "C": "ROI high",
        "D": "Source",
        "E": "Cost category",
        "F": "Channel",
        "G": "Gain category",
    }
    used = ("ABCD" if benchmarks else "") + ("EF" if costs else "") + ("G" if gains else "")
    for column, title in headers.items():
        if column in used:
            sheet[f"{column}1"] = title
    styles.style_header([sheet[f"{c}1"] for c in used])
    if benchmarks:
        ranges = benchmark_figures()["roi_by_business_type"]
        for row, kind in enumerate(BUSINESS_TYPES, start=2):
            sheet[f"A{row}"] = kind
            sheet[f"B{row}"] = ranges[kind]["low"]
            sheet[f"C{row}"] = ranges[kind]["high"]
            sheet[f"B{row}"].number_format = sheet[f"C{row}"].number_format = styles.PERCENT
            sheet[f"D{row}"] = ranges[kind]["source"]
            sheet[f"D{row}"].alignment = styles.WRAP
    for column, values in (("E", COST_CATEGORIES), ("F", CHANNELS), ("G", GAIN_CATEGORIES)):
        if column in used:
            for row, value in enumerate(values, start=2):
                sheet[f"{column}{row}"] = value
    for column, width in {"A": 16, "B": 10, "C": 10, "D": 44, "E": 22, "F": 18, "G": 20}.items():
        sheet.column_dimensions[column].width = width
        sheet.column_dimensions[column].hidden = column not in used
    last_row = max(len(values) for values in (COST_CATEGORIES, CHANNELS, GAIN_CATEGORIES)) + 1
    book.print_layout(sheet, area=f"{used[0]}1:{used[-1]}{last_row}")
