"""Model constants: the fixed numbers formulas need, named, in one labelled block.

A reviewer reads ``=Contacts*(Before-After)/Minutes_Per_Hour*Cost`` and finds
``Minutes_Per_Hour`` on the Assumptions sheet with its value and why it is
fixed; no formula of a generated workbook types a number other than 0 or 1
(STYLE.md, "Workbooks that reviewers trust"; FAST Standard, ICAEW Code).
They are not inputs: black, locked, no validation, and the model checks do
not treat them as assumptions.

Builders refer to a constant by its name (``Months_Per_Year``); every
workbook that has an Assumptions sheet carries the whole block.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import styles
from .book import TemplateBook


@dataclass(frozen=True)
class Constant:
    name: str
    label: str
    value: float | str  # a number, or a formula over the constants above it
    unit: str
    why: str
    number_format: str = styles.NUMBER


CONSTANTS: tuple[Constant, ...] = (
    Constant("Months_Per_Year", "Months in a year", 12, "months", "calendar"),
    Constant("Weeks_Per_Year", "Weeks in a year", 52, "weeks", "calendar, whole weeks"),
    Constant("Days_Per_Week", "Days in a week", 7, "days", "calendar: a site opens at most 7"),
    Constant("Minutes_Per_Hour", "Minutes in an hour", 60, "minutes", "clock"),
    Constant("Seconds_Per_Hour", "Seconds in an hour", 3600, "seconds", "clock"),
    Constant(
        "Horizon_Years",
        "Years the case runs",
        3,
        "years",
        "the case's timeline: Initial, then Year 1 to Year 3",
    ),
    Constant(
        "Horizon_Months",
        "Months the case runs",
        "=Horizon_Years*Months_Per_Year",
        "months",
        "years the case runs x months in a year; the tracked plan ends here",
    ),
    Constant(
        "Zero_Tolerance",
        "Relative tolerance for zero",
        1e-9,
        "share",
        "a difference this small relative to the amounts compared is rounding, not money",
        "0.0E+0",
    ),
    Constant(
        "Check_Tolerance",
        "Tolerance of the model checks",
        1e-6,
        "share",
        "two totals that differ by less than this share of the larger one agree",
        "0.0E+0",
    ),
)

BY_NAME = {c.name: c for c in CONSTANTS}


def build_constants(book: TemplateBook, sheet: Any, row: int) -> int:
    """The labelled block of :data:`CONSTANTS` from ``row`` down; the next free row."""
    title = sheet.cell(row, 1, "Model constants")
    title.font = styles.SECTION_FONT
    note = sheet.cell(
        row,
        4,
        "fixed numbers the formulas use by name: not assumptions, not to be changed",
    )
    note.font = styles.NOTE_FONT
    note.alignment = styles.WRAP
    row += 1
    for constant in CONSTANTS:
        sheet.cell(row, 1, constant.label)
        book.formula(
            sheet,
            f"B{row}",
            constant.value,  # a plain number, locked and black like a formula
            name=constant.name,
            number_format=constant.number_format,
        )
        sheet.cell(row, 3, constant.unit)
        why = sheet.cell(row, 4, constant.why)
        why.font = styles.NOTE_FONT
        why.alignment = styles.WRAP
        row += 1
    return row
