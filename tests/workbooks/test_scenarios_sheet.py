"""The Scenarios sheet, recalculated in LibreOffice (issue 5).

Every value is checked against the core in ``test_templates_recalc``; here the
break-evens LibreOffice computes are fed back into the core, which must give a
3-year ROI of 0 within 1e-9, and the Summary's new lines and the tornado chart
are checked. LibreOffice is a real part of these tests: they fail when it is
missing.
"""

from __future__ import annotations

import random

import pytest
from openpyxl.chart import BarChart

from roi_xl.core import BREAKEVEN_INPUTS, GainLine, business_case
from roi_xl.office.recalc import convert, read_names
from roi_xl.workbooks.summary import BREAKEVEN_ROW, RANGE_ROW
from roi_xl.workbooks.templates import Fill, build_template, write_template
from tests.core.test_decisions import DOMAIN, _case

CASES = 25


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scenarios")
    cases = [_case(random.Random(f"breakeven-{seed}")) for seed in range(CASES)]
    paths = [
        write_template(
            "roi_business_case",
            folder / f"case-{index:02d}.xlsx",
            Fill(case["inputs"], case["cost_lines"], case["lever_settings"]),
        )
        for index, case in enumerate(cases)
    ]
    out = convert(paths, folder / "out")
    return [(case, read_names(path), path) for case, path in zip(cases, out, strict=True)]


def test_libreoffice_breakevens_fed_back_into_the_core_give_roi_zero(recalculated):
    checked = dict.fromkeys((row[1] for row in BREAKEVEN_INPUTS), 0)
    for case, names, _ in recalculated:
        for _lever, name, field, *_ in BREAKEVEN_INPUTS:
            value = names[name]
            low, high = DOMAIN.get(field, (0.0, 1.0))
            if not isinstance(value, float) or not low <= value <= high:
                continue  # no value of this input alone breaks even
            moved = {**case["inputs"], field: value}
            again = business_case(moved, case["cost_lines"], case["lever_settings"])
            assert again["ROI_3yr"] == pytest.approx(0.0, abs=1e-9), (name, value)
            checked[name] += 1
        flat = [GainLine("Break-even", gross=names["Breakeven_Gains"])]
        again = business_case({}, case["cost_lines"], gain_lines=flat)
        assert again["ROI_3yr"] == pytest.approx(0.0, abs=1e-9)
        target = [GainLine("Target", gross=names["Target_ROI_Gains"])]
        again = business_case({}, case["cost_lines"], gain_lines=target)
        assert again["ROI_3yr"] == pytest.approx(names["Target_ROI"], abs=1e-9)
    assert min(checked.values()) >= 2, checked  # every lever was fed back


def test_sensitivity_table_is_sorted_by_swing(recalculated):
    for _, names, _ in recalculated:
        swings = [abs(up - down) for _, down, up in names["Sensitivity_Table"]]
        assert swings == sorted(swings, reverse=True)
        assert len({label for label, *_ in names["Sensitivity_Table"]}) == 8


def test_summary_shows_the_range_and_the_breakeven_sentence(recalculated):
    import openpyxl

    _, names, path = recalculated[0]
    summary = openpyxl.load_workbook(path, data_only=True)["Summary"]
    # TEXT(x, "0%") rounds to a whole percent, as Excel does
    low, high = round(names["ROI_Conservative"] * 100), round(names["ROI_Optimistic"] * 100)
    assert summary[f"A{RANGE_ROW}"].value == (
        f"ROI range, conservative to optimistic (Scenarios sheet): {low}% to {high}%"
    )
    sentence = summary[f"A{BREAKEVEN_ROW}"].value
    assert sentence.startswith("ROI turns positive once gains reach $")
    assert f"{_dollars(names['Breakeven_Gains'])} a year" in sentence
    assert f"this case: {_dollars(names['Gains_Per_Year'])} a year" in sentence


def _dollars(value: float) -> str:
    """What TEXT(value, "$#,##0") shows."""
    return f"-${-value:,.0f}" if value < 0 else f"${value:,.0f}"


def test_tornado_is_a_native_bar_chart_of_the_sorted_table():
    book = build_template("roi_business_case")
    sheet = book["Scenarios"]
    (chart,) = sheet._charts
    assert isinstance(chart, BarChart)
    assert chart.type == "bar"  # horizontal bars
    assert chart.overlap == 100  # down and up on one line: a tornado
    assert chart.x_axis.scaling.orientation == "maxMin"  # largest swing on top
    assert len(chart.series) == 2
    categories = chart.series[0].cat.strRef.f if chart.series[0].cat.strRef else None
    categories = categories or chart.series[0].cat.numRef.f
    table = book.defined_names["Sensitivity_Table"].attr_text  # 'Scenarios'!$A$m:$C$n
    assert categories.replace("'", "") == table.replace(":$C$", ":$A$").replace(
        "'", ""
    )  # the labels, largest swing first


def test_tornado_shows_percentage_points_and_unreachable_breakevens_say_so(recalculated):
    import openpyxl

    from roi_xl.core import NOT_REACHABLE, lever_breakeven
    from roi_xl.workbooks import styles
    from roi_xl.workbooks.scenarios import FIRST_SORTED

    unreachable = 0
    for case, names, path in recalculated[:5]:
        sheet = openpyxl.load_workbook(path, data_only=True)["Scenarios"]
        for offset, (_label, down, up) in enumerate(names["Sensitivity_Table"]):
            row = FIRST_SORTED + offset
            # a change of ROI from 297.0% to 335.3% is +38.3 points, not +38.3%; a line
            # of no value moves the ROI by 0 points, which LibreOffice's subtraction gives
            # as exactly 0 where Python keeps the last bit of two sums (1e-12 points)
            down_pts, up_pts = (down - names["ROI_3yr"]) * 100, (up - names["ROI_3yr"]) * 100
            assert sheet[f"E{row}"].value == pytest.approx(down_pts, abs=1e-9)
            assert sheet[f"F{row}"].value == pytest.approx(up_pts, abs=1e-9)
        for _lever, name, field, *_ in BREAKEVEN_INPUTS:
            if names[name] == NOT_REACHABLE:
                raw = lever_breakeven(
                    name, case["inputs"], case["cost_lines"], case["lever_settings"]
                )
                low, high = DOMAIN.get(field, (0.0, 1.0))
                assert not low <= raw <= high, (name, raw)
                unreachable += 1
    assert unreachable >= 1
    built = build_template("roi_business_case")["Scenarios"]
    assert (
        built[f"E{FIRST_SORTED}"].number_format == styles.PTS == '+0.0" pts";-0.0" pts";0.0" pts"'
    )
