"""The templates, filled with random valid inputs and recalculated in LibreOffice,
give every named output exactly as the formula core computes it.

LibreOffice is a real part of this test: when it is missing the test fails
and says how to install it (``make test`` installs it).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from roi_xl.core import (
    CostLine,
    GainLine,
    NeverPaysBackError,
    NoResultError,
    NotLinearError,
    RoiInputError,
    ZeroDenominatorError,
)
from roi_xl.office.recalc import recalculate
from roi_xl.workbooks.templates import TEMPLATES, Fill, write_template
from tests.workbooks.fills import clean_fill, expected, random_fill, random_summary_fill

CASES_PER_TEMPLATE = 30
CLEAN_CASES = 5  # business case: random fills with every after at least as good as before
ERROR_TEXT = {
    ZeroDenominatorError: "#DIV/0!",
    NeverPaysBackError: "#N/A",
    NotLinearError: "#N/A",
    NoResultError: "#N/A",  # the IRR of net flows that never change sign
}


def _edge_fills() -> list[Fill]:
    lines = [CostLine("Technology", "Platform", initial=250_000)]  # costs only in Initial
    return [
        Fill(),  # the blank template: zeros, not errors
        Fill(
            inputs={
                "Annual_Contacts": 100_000,
                "Deflection_Rate": 1.0,  # deflection 100%
                "Human_Cost_Per_Contact": 4,
                "Automated_Cost_Per_Contact": 0.5,
                "AHT_Before_Min": 8,
                "AHT_After_Min": 6,
                "Agent_Annual_Cost": 37_440,  # $30 a handle hour: / (2,080 x 0.75 x 0.8)
                "Paid_Hours_Per_Year": 2_080,
                "Shrinkage": 0.25,
                "Occupancy": 0.8,
                "FCR_Before": 0.7,
                "FCR_After": 0.8,
            },
            cost_lines=lines,
        ),
        Fill(
            inputs={
                "Customers": 10_000,
                "Churn_Before": 0.1,
                "Churn_After": 0.1,  # no change
                "Revenue_Per_Customer": 300,
            },
            cost_lines=lines,
        ),
        Fill(inputs={}, cost_lines=lines),  # zero levers against costs: ROI -100%
        Fill(
            inputs={
                "Sales_Interactions": 1_000,
                "Conversion_Before": 0.05,
                "Conversion_After": 0.06,
                "Average_Order_Value": 100,
            },
            cost_lines=[],
        ),  # gains with no costs: #DIV/0! under the ROIs
        Fill(
            inputs={
                "FCR_Before": 0.0,
                "FCR_After": 0.5,
                "Annual_Contacts": 1_000,
                "Human_Cost_Per_Contact": 5,
            }
        ),  # FCR before filled in at 0: #DIV/0!
    ]


def _fills(kind: str) -> list[Fill]:
    rng = random.Random(f"roi_xl-{kind}")
    make = random_summary_fill if kind == "executive_summary" else random_fill
    randoms = [make(rng) for _ in range(CASES_PER_TEMPLATE)]
    if kind == "executive_summary":
        edges = [
            Fill(
                inputs={
                    "Total_Costs_Initial": 0,
                    "Total_Costs_Y1": 0,
                    "Total_Costs_Y2": 0,
                    "Total_Costs_Y3": 0,
                }
            ),
            Fill(
                inputs={
                    "Total_Costs_Initial": 500_000,
                    "Total_Costs_Y1": 0,
                    "Total_Costs_Y2": 0,
                    "Total_Costs_Y3": 0,
                },
                gains_by_line={"Churn avoided": [100_000, 100_000, 100_000]},
            ),
        ]
        return randoms + edges
    if kind == "roi_business_case":
        randoms += [clean_fill(make(rng)) for _ in range(CLEAN_CASES)]
    return randoms + _edge_fills()


def _agrees(got, want, scale: float) -> bool:
    if isinstance(want, RoiInputError):
        return got == ERROR_TEXT[type(want)]
    if isinstance(want, str):
        return got == want
    return got == pytest.approx(want, rel=1e-9, abs=1e-9 * scale)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """Every fill of every template, recalculated by one LibreOffice start."""
    folder = tmp_path_factory.mktemp("filled")
    cases, paths = [], []
    for kind in TEMPLATES:
        for index, fill in enumerate(_fills(kind)):
            paths.append(write_template(kind, folder / f"{kind}-{index:03d}.xlsx", fill))
            cases.append((kind, fill))
    results = recalculate(paths)
    return list(zip(cases, results, strict=True))


@pytest.mark.parametrize("kind", TEMPLATES)
def test_every_named_output_matches_the_core(recalculated, kind):
    checked = 0
    for (case_kind, fill), names in recalculated:
        if case_kind != kind:
            continue
        want = expected(kind, fill)
        numbers = [abs(v) for v in want.values() if isinstance(v, float | int)]
        scale = max([1.0, *numbers])
        for name, value in want.items():
            assert name in names, f"{kind}: {name} is not a defined name"
            if value is None:  # a range the core leaves out when a lever is undefined
                continue
            if isinstance(value, tuple):  # a range: every cell
                got = names[name]
                assert [len(r) for r in got] == [len(r) for r in value], (name, got, value)
                for got_row, want_row in zip(got, value, strict=True):
                    for cell, wanted in zip(got_row, want_row, strict=True):
                        assert _agrees(cell, wanted, scale), (kind, name, got, value, fill)
            else:
                assert _agrees(names[name], value, scale), (kind, name, names[name], value, fill)
            checked += 1
    assert checked >= CASES_PER_TEMPLATE * 4


def test_clean_random_fills_pass_every_model_check(recalculated):
    # issue 10: a clean random fill (valid inputs, no after worse than its before) gives
    # Checks_Failed = 0 after LibreOffice recalculation; the other random fills are compared
    # with the core's count above (their random afters are often worse, and counted).
    clean = [
        names
        for (kind, fill), names in recalculated
        if kind == "roi_business_case" and fill == clean_fill(fill) and fill.cost_lines
    ]
    assert len(clean) >= CLEAN_CASES
    assert all(names["Checks_Failed"] == 0 for names in clean)
    counts = [
        names["Checks_Failed"] for (kind, _), names in recalculated if kind == "roi_business_case"
    ]
    assert max(counts) >= 1  # and the random afters do raise it


def test_blank_business_case_shows_zeros(recalculated):
    blank = next(
        names
        for (kind, fill), names in recalculated
        if kind == "roi_business_case" and fill == Fill()
    )
    for name in (
        "ROI_3yr",
        "ROI_Year1",
        "ROI_TEI",
        "Net_Value_3yr",
        "Payback_Months",
        "Total_Gains_Y1",
        "Gain_FCR",
    ):
        assert blank[name] == 0, name


def _published(tmp_path, fill: Fill) -> dict:
    path = write_template("roi_business_case", tmp_path / "case.xlsx", fill)
    return recalculate([path])[0]


def test_published_examples_through_the_business_case(tmp_path):
    # FORMULAS.md A: costs $1M; gains $900,000 -> ROI -10%; one-time costs and a gain
    # counted once (realisation 100% in year 1 only).
    costs = [CostLine("Technology", "Support platform", initial=1_000_000)]
    once = (1.0, 0.0, 0.0)
    fills = {
        "minus_10": Fill(
            cost_lines=costs,
            gain_lines=[
                GainLine("AHT and FCR savings", "Cost savings", 300_000, realisation=once),
                GainLine("Upsell and cross-sell", "Revenue", 400_000, realisation=once),
                GainLine("Retention", "Retention", 200_000, realisation=once),
            ],
        ),
        "plus_30": Fill(
            cost_lines=costs,
            gain_lines=[GainLine("All gains", "Cost savings", 1_300_000, realisation=once)],
        ),
        # FORMULAS.md B: 1.2M contacts a year, 40% by AI at $0.50 vs $4 -> $1.68M a
        # year; with $400,000 a year of AI cost the ROI is 320%.
        "deflection": Fill(
            inputs={
                "Annual_Contacts": 1_200_000,
                "Deflection_Rate": 0.4,
                "Human_Cost_Per_Contact": 4,
                "Automated_Cost_Per_Contact": 0.5,
            },
            cost_lines=[CostLine("Technology", "AI platform", years=(400_000, 400_000, 400_000))],
        ),
        # FORMULAS.md C: 500,000 customers at $200, churn 10% -> 9%: $1,000,000 a year.
        "churn": Fill(
            inputs={
                "Customers": 500_000,
                "Revenue_Per_Customer": 200,
                "Churn_Before": 0.10,
                "Churn_After": 0.09,
            }
        ),
    }
    paths = [
        write_template("roi_business_case", tmp_path / f"{key}.xlsx", fill)
        for key, fill in fills.items()
    ]
    results = dict(zip(fills, recalculate(paths), strict=True))
    assert results["minus_10"]["ROI_3yr"] == pytest.approx(-0.10, rel=1e-12)
    assert results["plus_30"]["ROI_3yr"] == pytest.approx(0.30, rel=1e-12)
    assert results["deflection"]["Gain_Deflection"] == pytest.approx(1_680_000, rel=1e-12)
    assert results["deflection"]["ROI_Year1"] == pytest.approx(3.20, rel=1e-12)
    assert results["deflection"]["ROI_3yr"] == pytest.approx(3.20, rel=1e-12)
    assert results["churn"]["Gain_Retention"] == pytest.approx(1_000_000, rel=1e-9)


def test_recalculation_uses_real_libreoffice(tmp_path):
    # Not a mock: the recalculated file is written by LibreOffice itself.
    from roi_xl.office.recalc import convert

    path = write_template("cost_tracking", tmp_path / "c.xlsx")
    out = convert([path], tmp_path / "out")[0]
    import zipfile

    with zipfile.ZipFile(out) as archive:
        app = archive.read("docProps/app.xml").decode()
    assert "LibreOffice" in app


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        recalculate([Path(tmp_path / "nope.xlsx")])


def test_missing_libreoffice_is_a_clear_error(tmp_path, monkeypatch):
    from roi_xl.office.recalc import LibreOfficeError

    path = write_template("cost_tracking", tmp_path / "c.xlsx")
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    with pytest.raises(LibreOfficeError, match="apt-get install libreoffice-calc-nogui"):
        recalculate([path])


def test_a_hung_libreoffice_times_out(tmp_path):
    from roi_xl.office.recalc import LibreOfficeError

    path = write_template("cost_tracking", tmp_path / "c.xlsx")
    with pytest.raises(LibreOfficeError, match="took longer than"):
        recalculate([path], timeout=0.01)
