"""workbooks/roi_calculator.xlsm, evaluated headlessly by a real formula engine.

There is no Excel here, so the workbook's ``CS_`` formulas are computed by the
``formulas`` package (an Excel formula engine in Python) with roi_xl's Excel
functions plugged in as custom functions, exactly as the add-in provides them
in Excel. Each Worked Examples row must give the published answer; each
Calculator result must equal the formula core on the same inputs.
"""

import functools
import re
import zipfile
from pathlib import Path

import formulas
import numpy as np
import openpyxl
import pytest
import schedula
import xlwings
from formulas.functions import Error
from openpyxl.worksheet.formula import ArrayFormula

from roi_xl import core, udfs
from roi_xl.core.examples import WORKED_EXAMPLES
from roi_xl.excel.evaluate import python_values
from roi_xl.office.cached import cache_values
from roi_xl.workbooks.calculator import INPUTS, OUTPUTS, SIMULATION_ANCHOR, write_calculator

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "workbooks" / "roi_calculator.xlsm"


def _to_excel_args(arg):
    """What formulas hands a custom function, as the 2-D list Excel sends."""
    raw = arg.value if hasattr(arg, "value") else arg
    rows = np.atleast_2d(np.asarray(raw, dtype=object)).tolist()
    return [
        [
            None
            if c is schedula.EMPTY
            else (str(c) if isinstance(c, formulas.tokens.operand.XlError) else c)
            for c in row
        ]
        for row in rows
    ]


def _plug(function):
    @functools.wraps(function)
    def excel_engine_call(*args):
        try:
            result = function(*(_to_excel_args(a) for a in args))
        except xlwings.XlwingsError:
            return Error.errors["#VALUE!"]
        if isinstance(result, str) and result in Error.errors:
            return Error.errors[result]
        if isinstance(result, list):
            return np.asarray(result, dtype=object)
        return result

    return excel_engine_call


@pytest.fixture(scope="module")
def solution(tmp_path_factory):
    for name in udfs.__all__:
        formulas.get_functions()[name] = _plug(getattr(udfs, name))
    path = tmp_path_factory.mktemp("calc") / "roi_calculator.xlsm"
    write_calculator(path)
    model = formulas.ExcelModel().loads(str(path)).finish()
    results = model.calculate()
    name = path.name

    def value(sheet, ref):
        return results[f"'[{name}]{sheet.upper()}'!{ref}"].value[0, 0]

    return value


@pytest.mark.parametrize("row", range(len(WORKED_EXAMPLES)))
def test_worked_examples_sheet_gives_the_published_answers(solution, row):
    example = WORKED_EXAMPLES[row]
    result = solution("Worked Examples", f"D{row + 4}")
    # the published answer, as the source stated it (FORMULAS.md, named per row)
    assert example.agrees(result), (example.label, example.source, result, example.published)
    assert solution("Worked Examples", f"G{row + 4}") == "yes"


def test_calculator_matches_the_core(solution):
    v = {item.key: item.value for item in INPUTS}
    after = core.contacts_after_deflection(v["contacts"], v["deflection"])
    # FORMULAS.md B, no double counting: handle time and escalations on the contacts still
    # handled after the repeats that better FCR removes
    handled = after * v["fcr_before"] / v["fcr_after"]
    gains = [
        core.deflection_savings(v["contacts"], v["deflection"], v["human"], v["automated"]),
        core.aht_savings(handled, v["aht_before"], v["aht_after"], v["cost_per_hour"]),
        core.fcr_savings(after * v["fcr_before"], v["fcr_before"], v["fcr_after"], v["human"]),
        core.escalation_savings(handled, v["esc_before"], v["esc_after"], v["cost_per_escalation"]),
        core.conversion_uplift(
            v["interactions"], v["conv_before"], v["conv_after"], v["aov"], v["margin"]
        ),
        core.retained_revenue(
            v["customers"], v["churn_before"], v["churn_after"], v["revenue"], v["margin"]
        ),
    ]
    costs = [v["cost_ai"], v["cost_people"], v["cost_setup"]]
    assert v["interval"] == 1800  # the peak is counted per half hour: 30 x 60 seconds
    # the team on the phones before (Erlang C, no shrinkage): a whole number of agents, so
    # the service level it gives with the traffic after is defined (not #NUM!)
    on_duty = core.agents_required(
        v["peak"], v["aht_before"] * 60, 1800, v["sl_target"], v["answer"], v["occupancy"]
    )
    expected = {
        "Contacts after deflection": after,
        "Contacts still handled after FCR": handled,
        "Total gains a year": sum(gains),
        "ROI, first year": core.roi(gains, costs),
        "Net value, first year": core.net_value(gains, costs),
        "Benefit-cost ratio": core.benefit_cost_ratio(gains, costs),
        "Benchmark position": core.benchmark_position(core.roi(gains, costs), "saas"),
        "Payback": core.payback_months(
            v["cost_setup"], (sum(gains) - v["cost_ai"] - v["cost_people"]) / 12
        ),
        "Agents at peak, before": core.agents_required(
            v["peak"],
            v["aht_before"] * 60,
            1800,
            v["sl_target"],
            v["answer"],
            v["occupancy"],
            v["shrinkage"],
        ),
        "Agents at peak, after": core.agents_required(
            v["peak"] * (1 - v["deflection"]),
            v["aht_after"] * 60,
            1800,
            v["sl_target"],
            v["answer"],
            v["occupancy"],
            v["shrinkage"],
        ),
        "Agents on the phones, before": on_duty,
        "Service level after, same team": core.service_level(
            on_duty, v["peak"] * (1 - v["deflection"]), v["aht_after"] * 60, 1800, v["answer"]
        ),
    }
    rows = {output.label: row for row, output in enumerate(OUTPUTS, start=5)}
    for label, want in expected.items():
        got = solution("Calculator", f"F{rows[label]}")
        if isinstance(want, str):
            assert got == want, label
        else:
            assert got == pytest.approx(want, rel=1e-12), label


def test_committed_workbook_is_what_the_builder_writes(tmp_path):
    # `roi-xl calculator` caches the values LibreOffice computes (LibreOffice required here)
    fresh = write_calculator(tmp_path / "roi_calculator.xlsm")
    cache_values([fresh], more=python_values)
    assert COMMITTED.read_bytes() == fresh.read_bytes(), (
        "workbooks/roi_calculator.xlsm is stale: run `roi-xl calculator --force`"
    )


def test_workbook_is_wired_for_the_classic_add_in():
    book = openpyxl.load_workbook(COMMITTED, keep_vba=True)
    assert book.sheetnames == ["Calculator", "Worked Examples", "xlwings.conf"]
    settings = {
        row[0]: row[1] for row in book["xlwings.conf"].iter_rows(values_only=True) if row[0]
    }
    assert settings["UDF Modules"] == "roi_xl.udfs"
    assert book.vba_archive is not None and "xl/vbaProject.bin" in book.vba_archive.namelist()
    texts = [
        cell.value.text if isinstance(cell.value, ArrayFormula) else cell.value
        for sheet in (book["Calculator"], book["Worked Examples"])
        for row in sheet.iter_rows()
        for cell in row
    ]
    formulas_used = {
        text.split("(")[0].lstrip("=")
        for text in texts
        if isinstance(text, str) and text.startswith("=CS_")
    }
    # every lever of FORMULAS.md B and C, the headline, payback, staffing and simulation
    assert {
        "CS_DEFLECTION_SAVINGS",
        "CS_AHT_SAVINGS",
        "CS_FCR_SAVINGS",
        "CS_ESCALATION_SAVINGS",
        "CS_CONVERSION_UPLIFT",
        "CS_RETAINED_REVENUE",
        "CS_ROI",
        "CS_PAYBACK_MONTHS",
        "CS_AGENTS_REQUIRED",
        "CS_ROI_SIMULATE",
    } <= formulas_used
    assert book["Calculator"][SIMULATION_ANCHOR].value.text.startswith("=CS_ROI_SIMULATE(")


def test_the_monte_carlo_table_is_a_dynamic_array_over_its_range():
    # issue 21: an array formula over the 2 x 5 table (older Excel shows the whole table),
    # marked as a dynamic array (cm="1" -> the XLDAPR record of xl/metadata.xml) so that
    # Excel 365 spills it instead of showing one cell with an implicit "@"
    with zipfile.ZipFile(COMMITTED) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        metadata = archive.read("xl/metadata.xml").decode()
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    anchor = re.search(r'<c r="E31"[^>]*><f [^>]*>CS_ROI_SIMULATE\(', sheet)
    assert anchor, "no CS_ROI_SIMULATE at E31"
    assert 'cm="1"' in anchor[0] and 't="array"' in anchor[0] and 'ref="E31:I32"' in anchor[0]
    assert 'name="XLDAPR"' in metadata and 'fDynamic="1"' in metadata
    assert '<rc t="1" v="0"/>' in metadata  # cm="1": the first cell metadata record
    assert "/xl/metadata.xml" in types and "sheetMetadata+xml" in types
    assert "relationships/sheetMetadata" in rels
