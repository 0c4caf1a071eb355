"""Nothing a workbook reader sees names a file or an internal name of this repository.

Every visible cell of every visible sheet of every generated workbook (the
calculator, the four templates blank and the example case filled), including
the text a formula can show (its string literals), is scanned.
"""

from __future__ import annotations

import re

import pytest

from roi_xl.core.benchmarks import benchmark_figures
from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.workbooks.calculator import build_calculator
from roi_xl.workbooks.templates import TEMPLATES, build_template

#: A repository file (FORMULAS.md), a spec section pointer, a module path of this code.
FORBIDDEN = re.compile(
    r"\.md\b|FORMULAS|TEMPLATES|TRACKING|\bsection [A-H]\b|roi_xl[._/]|\.py\b|\.toml\b"
)
#: xlwings reads its settings (the UDF module roi_xl.udfs) from this sheet of the calculator.
CONFIG_SHEET = "xlwings.conf"


def _workbooks():
    yield "calculator", build_calculator()
    for kind in TEMPLATES:
        yield kind, build_template(kind)
    yield (
        "example case",
        build_template("roi_business_case", parse_scenario(example_scenario_text())[1]),
    )


@pytest.mark.parametrize(("label", "workbook"), list(_workbooks()))
def test_no_visible_cell_names_a_repository_file(label, workbook):
    scanned = 0
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible" or sheet.title == CONFIG_SHEET:
            continue
        hidden_columns = {k for k, d in sheet.column_dimensions.items() if d.hidden}
        for row in sheet.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or cell.column_letter in hidden_columns:
                    continue
                texts = (
                    re.findall(r'"([^"]*)"', cell.value)
                    if cell.value.startswith("=")
                    else [cell.value]
                )
                for text in texts:
                    scanned += 1
                    assert not FORBIDDEN.search(text), (
                        f"{label}: {sheet.title}!{cell.coordinate} shows {text!r}"
                    )
    assert scanned > 50, f"{label}: too little text scanned ({scanned})"


def test_every_benchmark_names_where_it_comes_from():
    # Publisher and year, or an honest "not recorded" - never a file of this repository.
    data = benchmark_figures()
    entries = [*data["roi_by_business_type"].values(), *data["figures"].values()]
    assert entries
    for entry in entries:
        for key in ("source", "publisher", "year"):
            assert entry[key] and not FORBIDDEN.search(str(entry[key])), (key, entry)
