"""Every workbook roi_xl writes carries the value of every formula (issue 21).

A file opened in Protected View, a mail preview or ``pandas.read_excel`` shows the
cached values, not the formulas' results: so the files are read here the way those
readers read them (openpyxl ``data_only=True``, pandas), and every named output must
equal what the formula core computes (``tests/workbooks/fills.expected``, the same
independent reference the LibreOffice proofs use).

LibreOffice computes the values: when it is missing these tests fail and say how
to install it (``make test`` installs it).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from roi_xl import core
from roi_xl.cli import main
from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.office.cached import cache_values
from roi_xl.office.recalc import read_names
from roi_xl.workbooks.calculator import INPUTS, OUTPUTS
from roi_xl.workbooks.templates import TEMPLATES, write_template
from tests.workbooks.fills import clean_fill, expected, random_fill, random_summary_fill
from tests.workbooks.test_templates_recalc import ERROR_TEXT, _agrees

REPO = Path(__file__).resolve().parents[2]
UNCACHED = re.compile(r"</f><v ?/>")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """One filled workbook of each template, and the example scenario through `roi-xl case`."""
    folder = tmp_path_factory.mktemp("cached")
    rng = random.Random("roi_xl-cached")
    cases = []
    for kind in TEMPLATES:
        fill = (random_summary_fill if kind == "executive_summary" else random_fill)(rng)
        if kind == "roi_business_case":
            fill = clean_fill(fill)
        path = write_template(kind, folder / f"{kind}.xlsx", fill)
        cases.append((kind, fill, path))
    cache_values([path for _, _, path in cases])
    scenario = folder / "example.toml"
    scenario.write_text(example_scenario_text(), encoding="utf-8")
    output = folder / "example.xlsx"
    assert main(["case", str(scenario), "-o", str(output)]) == 0
    _, fill = parse_scenario(example_scenario_text())
    cases.append(("roi_business_case", fill, output))
    return cases


def _scale(want):
    numbers = [abs(v) for v in want.values() if isinstance(v, float | int)]
    return max([1.0, *numbers])


def _cells(want):
    """(name, wanted) for every single-cell named output (ranges are compared elsewhere)."""
    return [(n, v) for n, v in want.items() if v is not None and not isinstance(v, tuple)]


def test_named_outputs_read_with_openpyxl_data_only_equal_the_core(written):
    for kind, fill, path in written:
        names = read_names(path)  # openpyxl data_only=True on the file roi_xl wrote
        want = expected(kind, fill)
        scale = _scale(want)
        for name, value in _cells(want):
            assert _agrees(names[name], value, scale), (path.name, name, names[name], value)
        ranges = [(n, v) for n, v in want.items() if isinstance(v, tuple)]
        for name, value in ranges:
            for got_row, want_row in zip(names[name], value, strict=True):
                for got, wanted in zip(got_row, want_row, strict=True):
                    assert _agrees(got, wanted, scale), (path.name, name, got, wanted)


def test_named_outputs_read_with_pandas_equal_the_core(written):
    checked = 0
    for kind, fill, path in written:
        book = openpyxl.load_workbook(path)  # only for where each name points
        frames = pd.read_excel(path, sheet_name=None, header=None)
        # pandas keeps the sheet's first row as row 0: the title in A1 of the first sheet
        first = book.worksheets[0]
        assert frames[first.title].iat[0, 0] == first["A1"].value
        want = expected(kind, fill)
        scale = _scale(want)
        for name, value in _cells(want):
            (sheet, ref), *_ = book.defined_names[name].destinations
            cell = book[sheet][ref.replace("$", "")]
            got = frames[sheet].iat[cell.row - 1, cell.column - 1]
            if isinstance(value, Exception):  # pandas reads an error cell as NaN
                assert ERROR_TEXT[type(value)] and isinstance(got, float) and math.isnan(got)
            elif isinstance(value, dt.date):
                assert pd.Timestamp(got) == pd.Timestamp(value), (path.name, name)
            else:
                assert _agrees(got, value, scale), (path.name, name, got, value)
            checked += 1
    assert checked > 100


def test_every_formula_cell_carries_a_value(written):
    paths = [p for _, _, p in written] + sorted((REPO / "templates").glob("*.xlsx"))
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
            for part in sheets:
                xml = archive.read(part).decode("utf-8")
                assert not UNCACHED.search(xml), (path.name, part)


def test_the_rest_of_the_file_is_left_alone(tmp_path):
    plain = write_template("roi_business_case", tmp_path / "plain.xlsx")
    cached = cache_values([write_template("roi_business_case", tmp_path / "cached.xlsx")])[0]
    with zipfile.ZipFile(plain) as a, zipfile.ZipFile(cached) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            before, after = a.read(name), b.read(name)
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                # undo the caching by hand: drop the cell type and the value after each formula
                after = re.sub(
                    rb'( t="(?:str|b|e)")?(><f[^>]*>[^<]*</f>)<v>[^<]*</v>', rb"\2<v />", after
                )
            assert before == after, name
        # Excel still recalculates when editing is enabled
        assert b'fullCalcOnLoad="1"' in b.read("xl/workbook.xml")


def test_caching_is_reproducible(tmp_path):
    first = write_template("roi_business_case", tmp_path / "first.xlsx")
    second = write_template("roi_business_case", tmp_path / "second.xlsx")
    cache_values([first, second])
    assert first.read_bytes() == second.read_bytes()


def test_calculator_carries_the_values_of_its_cs_functions():
    # LibreOffice cannot call the CS_ functions (Python through xlwings); roi_xl computes
    # those cells with the same Python functions and caches them too
    path = REPO / "workbooks" / "roi_calculator.xlsm"
    with zipfile.ZipFile(path) as archive:
        for part in (n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")):
            assert not UNCACHED.search(archive.read(part).decode("utf-8")), part
    book = openpyxl.load_workbook(path, data_only=True, keep_vba=True)
    values = book["Calculator"]
    rows = {o.label: row for row, o in enumerate(OUTPUTS, start=5)}
    v = {i.key: i.value for i in INPUTS}
    # by hand (FORMULAS.md B): 1.2M contacts x 40% deflected x ($4 - $0.50) = $1,680,000
    assert (v["contacts"], v["deflection"], v["human"], v["automated"]) == (1_200_000, 0.4, 4, 0.5)
    assert values[f"F{rows['Deflection savings']}"].value == pytest.approx(1_680_000)
    # "Costs a year (run)", computed by LibreOffice: 400,000 + 50,000
    assert values[f"F{rows['Costs a year (run)']}"].value == 450_000
    gains = values[f"F{rows['Total gains a year']}"].value
    costs = v["cost_ai"] + v["cost_people"] + v["cost_setup"]
    assert values[f"F{rows['ROI, first year']}"].value == pytest.approx((gains - costs) / costs)
    # the Monte Carlo table: the core's simulation with the calculator's arguments
    # (gains 70%-120%, costs 95%-110%, 10,000 draws, seed 1)
    result = core.simulate_roi(
        gains * 0.7, gains, gains * 1.2, costs * 0.95, costs, costs * 1.1, 10_000, 1
    )
    table = [[c.value for c in row] for row in values["E31:I32"]]
    assert table[0] == ["P10 ROI", "P50 ROI", "P90 ROI", "Mean ROI", "P(ROI < 0)"]
    keys = ("p10", "p50", "p90", "mean", "prob_negative")
    assert table[1] == pytest.approx([result[k] for k in keys], rel=1e-12)
    # every worked example, recomputed by its CS_ function, agrees with the published answer
    examples = book["Worked Examples"]
    agrees = [examples.cell(row, 7).value for row in range(4, examples.max_row + 1)]
    assert agrees and all(a == "yes" for a in agrees if a is not None)


def test_without_libreoffice_the_file_is_written_and_the_command_says_so(
    tmp_path, monkeypatch, capsys
):
    scenario = tmp_path / "example.toml"
    scenario.write_text(example_scenario_text(), encoding="utf-8")
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert main(["case", str(scenario), "-o", str(tmp_path / "case.xlsx")]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "LibreOffice" in err and "without the values" in err
    names = read_names(tmp_path / "case.xlsx")
    assert names["ROI_3yr"] is None  # written, without cached values
