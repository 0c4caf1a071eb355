"""The native Attribution sheet, recalculated in LibreOffice, credits each touch row
exactly as roi_xl.core.attribution_credit does, for all five row models."""

from __future__ import annotations

import random

import openpyxl
import pytest

from roi_xl.core import attribution_credit, support_attributed_revenue
from roi_xl.office.recalc import convert, read_names
from roi_xl.workbooks.attribution import HEADER_ROW
from roi_xl.workbooks.templates import Fill, build_template, write_template
from tests.workbooks.fills import expected, random_fill, random_touch_log

MODELS = ("first", "last", "linear", "time_decay", "position")
CASES = 25  # 5 per model


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("touches")
    rng = random.Random("attribution-sheet")
    cases = []
    for index in range(CASES):
        kind = "gain_attribution" if index % 2 else "roi_business_case"
        log = random_touch_log(rng, MODELS[index % len(MODELS)])
        fill = Fill(
            inputs=random_fill(rng).inputs if kind == "roi_business_case" else {}, touch_log=log
        )
        cases.append((kind, fill, write_template(kind, folder / f"t{index:02d}.xlsx", fill)))
    outputs = convert([path for *_, path in cases], folder / "out")
    return [(kind, fill, out) for (kind, fill, _), out in zip(cases, outputs, strict=True)]


def test_every_touch_row_matches_the_core(recalculated):
    for kind, fill, path in recalculated:
        log = fill.touch_log
        ids, times, channels, values = zip(*log.touches, strict=True)
        want = attribution_credit(
            ids, times, values, log.model, log.half_life_days, log.first_weight, log.last_weight
        )
        sheet = openpyxl.load_workbook(path, data_only=True)["Attribution"]
        first = HEADER_ROW + 1
        got = [sheet[f"L{first + i}"].value for i in range(len(ids))]
        scale = max([1.0, *(v or 0 for v in values)])
        assert got == pytest.approx(want.tolist(), rel=1e-9, abs=1e-9 * scale), (kind, log.model)
        revenue = support_attributed_revenue(
            ids,
            times,
            channels,
            values,
            log.support_channels,
            log.model,
            log.half_life_days,
            log.first_weight,
            log.last_weight,
        )
        assert sheet["B10"].value == pytest.approx(revenue, rel=1e-9, abs=1e-9 * scale)


def test_business_case_counts_attributed_revenue_only_when_switched_on(recalculated):
    checked = {True: 0, False: 0}
    for kind, fill, path in recalculated:
        if kind != "roi_business_case":
            continue
        values = read_names(path)
        want = expected(kind, fill)
        scale = max([1.0, *(abs(v) for v in want.values() if isinstance(v, float | int))])
        for name in ("Total_Gains_Y1", "Total_Gains_Y3", "ROI_3yr", "NPV_3yr"):
            if isinstance(want[name], float):
                assert values[name] == pytest.approx(want[name], rel=1e-9, abs=1e-9 * scale)
        checked[fill.touch_log.include_in_case] += 1
    assert all(checked.values())  # both switch positions were exercised


def test_the_sheet_states_its_size_and_why():
    sheet = build_template("gain_attribution")["Attribution"]
    assert "sized for 1,000 rows" in sheet["A2"].value
    assert "square of the rows" in sheet["A2"].value
    table = sheet.tables["TouchLog"]
    assert [c.value for c in sheet[table.ref][0]] == [
        "Journey",
        "Touch Time",
        "Channel",
        "Conversion Value",
    ]
    assert len(sheet[table.ref]) == 1 + 1_000
