"""The ``Lists`` sheet: the choices behind dropdowns and the benchmark ranges."""

from __future__ import annotations

from ..core import BUSINESS_TYPES, benchmark_figures
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
COST_CATEGORY_LIST = f"=Lists!$E$2:$E${1 + len(COST_CATEGORIES)}"
CHANNEL_LIST = f"=Lists!$F$2:$F${1 + len(CHANNELS)}"
GAIN_CATEGORY_LIST = f"=Lists!$G$2:$G${1 + len(GAIN_CATEGORIES)}"


def build_lists(book: TemplateBook) -> None:
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
    for column, title in headers.items():
        sheet[f"{column}1"] = title
    styles.style_header([sheet[f"{c}1"] for c in headers])
    ranges = benchmark_figures()["roi_by_business_type"]
    for row, kind in enumerate(BUSINESS_TYPES, start=2):
        sheet[f"A{row}"] = kind
        sheet[f"B{row}"] = ranges[kind]["low"]
        sheet[f"C{row}"] = ranges[kind]["high"]
        sheet[f"B{row}"].number_format = sheet[f"C{row}"].number_format = styles.PERCENT
        sheet[f"D{row}"] = ranges[kind]["source"]
    for column, values in (("E", COST_CATEGORIES), ("F", CHANNELS), ("G", GAIN_CATEGORIES)):
        for row, value in enumerate(values, start=2):
            sheet[f"{column}{row}"] = value
    for column, width in {"A": 16, "B": 10, "C": 10, "D": 60, "E": 22, "F": 18, "G": 20}.items():
        sheet.column_dimensions[column].width = width
