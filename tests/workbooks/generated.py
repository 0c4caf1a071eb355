"""Every workbook roi_xl writes, built in memory once per test run (no LibreOffice):
the five blank templates, the business case filled from the example scenario, and the
calculator. The rule tests over every sheet (model rules, timeline) read these."""

from __future__ import annotations

from functools import cache

from openpyxl import Workbook

from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.workbooks.calculator import build_calculator
from roi_xl.workbooks.templates import TEMPLATES, VALUE_TRACKING, Fill, build_template


@cache
def generated_workbooks() -> dict[str, Workbook]:
    """The workbooks by a short name: each template's kind, ``case``, ``calculator``."""
    _, fill = parse_scenario(example_scenario_text())
    books = {kind: build_template(kind, Fill()) for kind in (*TEMPLATES, VALUE_TRACKING)}
    books["case"] = build_template("roi_business_case", fill)
    books["calculator"] = build_calculator()
    return books


def generated_sheets() -> list[tuple[str, str]]:
    """(workbook, sheet title) of every sheet of :func:`generated_workbooks`, hidden ones too."""
    return [
        (book, sheet.title)
        for book, workbook in generated_workbooks().items()
        for sheet in workbook.worksheets
    ]
