"""The native Staffing sheet (Erlang C over a table of agent counts), recalculated in
LibreOffice, sizes the team exactly as roi_xl.core.agents_required does."""

from __future__ import annotations

import random

import pytest

from roi_xl.core import staffing_outputs
from roi_xl.office.recalc import recalculate
from roi_xl.workbooks.templates import Fill, write_template
from tests.workbooks.fills import expected

NAMES = (
    "Agents_Before",
    "Agents_After",
    "Agents_No_Longer_Needed",
    "Hard_Savings_Staffing",
    "Agents_Freed_By_AHT",
    "Hard_Savings_AHT",
)


def _inputs(rng: random.Random, peak: float) -> dict:
    aht_before = rng.uniform(3, 12)
    fcr_before = rng.uniform(0.5, 0.8)
    return {
        "Peak_Hour_Contacts": peak,
        "AHT_Before_Min": aht_before,
        "AHT_After_Min": rng.uniform(1.5, aht_before),
        "Deflection_Rate": rng.uniform(0, 0.6),
        "Service_Level_Target": rng.uniform(0.6, 0.95),
        "Answer_Seconds": rng.choice([10, 20, 30, 60]),
        "Max_Occupancy": rng.uniform(0.75, 0.95),
        "Shrinkage": rng.uniform(0, 0.4),
        "Agent_Annual_Cost": rng.uniform(30_000, 80_000),
        "Annual_Contacts": rng.uniform(1e5, 5e6),
        "Loaded_Cost_Per_Hour": rng.uniform(20, 60),
        # handle time alone is sized at the peak after deflection and FCR
        "FCR_Before": fcr_before,
        "FCR_After": rng.uniform(fcr_before, 0.95),  # better FCR: fewer contacts, as sized
    }


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("staffing")
    rng = random.Random("staffing")
    # small teams, mid-size, and large centres: 500+ agents on duty before
    peaks = [rng.uniform(5, 100) for _ in range(6)] + [rng.uniform(100, 2_000) for _ in range(6)]
    peaks += [rng.uniform(4_000, 7_000) for _ in range(6)]
    fills = [
        Fill(inputs=_inputs(rng, peak), hard_savings_feed_totals=i % 2 == 0)
        for i, peak in enumerate(peaks)
    ]
    paths = [
        write_template("roi_business_case", folder / f"s{i:02d}.xlsx", fill)
        for i, fill in enumerate(fills)
    ]
    return list(zip(fills, recalculate(paths), strict=True))


def test_agents_match_the_core(recalculated):
    large = 0
    for fill, names in recalculated:
        want = staffing_outputs({"Discount_Rate": 0.1, **fill.inputs})
        for name in NAMES:
            assert names[name] == pytest.approx(want[name], rel=1e-9), (name, fill.inputs)
        large += want["Agents_Before"] * (1 - fill.inputs["Shrinkage"]) >= 500
    assert large >= 3  # large centres were exercised


def test_the_switch_feeds_hard_savings_into_the_totals(recalculated):
    for fill, names in recalculated:
        want = expected("roi_business_case", fill)
        for name in ("Total_Gains_Y1", "ROI_3yr", "Net_Value_3yr"):
            if isinstance(want[name], float):
                scale = max(1.0, abs(want["Hard_Savings_Staffing"]), abs(want["Gain_AHT"]))
                assert names[name] == pytest.approx(want[name], rel=1e-9, abs=1e-9 * scale)
