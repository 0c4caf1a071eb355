"""The executive summary as a reader gets it: one landscape page that the content fills,
figures that agree with hand calculations after LibreOffice recalculation, dashes (not
zeros dressed as results) in a blank template, and the actuals to date beside the plan.

LibreOffice (recalculation and PDF) and poppler (``pdftoppm``, ``pdfinfo``) are real
parts of these tests: when either is missing the tests fail and say so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from roi_xl.core import benchmark_figures
from roi_xl.data.scenario import ScenarioError, example_scenario_text, parse_scenario
from roi_xl.office.printout import copy_with_sheets
from roi_xl.office.recalc import convert, read_names
from roi_xl.workbooks.summary import (
    BENCHMARK_ROW,
    BREAKEVEN_ROW,
    KEY_ROW,
    PRINT_AREA,
    RANGE_ROW,
    SENTENCE_ROW,
    SPLIT_ROW,
    TABLE_ROW,
    TILE_LABEL,
    TILE_NOTE,
    TILE_VALUE,
    TILES,
    TRACK_ROW,
)
from roi_xl.workbooks.templates import Fill, write_template

DASH = "\u2014"
#: The page margins of the print setup, in inches (left, right, top, bottom).
MARGINS = (0.4, 0.4, 0.5, 0.6)
A4_LANDSCAPE = (11.69, 8.27)  # inches
DPI = 40


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} not found: install poppler-utils (make test does)"
    return path


def _ink_box(pdf: Path) -> tuple[float, float]:
    """Shares of the printable width and height that the page's ink spans.

    The page is rasterised by ``pdftoppm`` to a grey-scale PGM (parsed here: a short
    header, then one byte a pixel); ink is any pixel darker than near-white, looked for
    inside the margins only (the footer sits in the bottom margin).
    """
    out = pdf.with_suffix("")
    subprocess.run(
        [_tool("pdftoppm"), "-r", str(DPI), "-gray", "-singlefile", str(pdf), str(out)],
        check=True,
    )
    data = out.with_suffix(".pgm").read_bytes()
    fields = data.split(maxsplit=4)
    assert fields[0] == b"P5" and int(fields[3]) == 255, fields[:4]
    width, height = int(fields[1]), int(fields[2])
    pixels = fields[4]
    assert len(pixels) == width * height
    assert width > height, "the page is not landscape"
    left, right, top, bottom = (round(m * DPI) for m in MARGINS)
    rows = [
        y
        for y in range(top, height - bottom)
        if min(pixels[y * width + left : y * width + width - right]) < 200
    ]
    columns = [
        x
        for x in range(left, width - right)
        if any(pixels[y * width + x] < 200 for y in range(top, height - bottom))
    ]
    assert rows and columns, "the page is empty"
    printable_width = width - left - right
    printable_height = height - top - bottom
    return (
        (columns[-1] - columns[0] + 1) / printable_width,
        (rows[-1] - rows[0] + 1) / printable_height,
    )


def _pages(pdf: Path) -> int:
    out = subprocess.run(
        [_tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    return int(next(line for line in out.splitlines() if line.startswith("Pages:")).split()[1])


def _example() -> Fill:
    return parse_scenario(example_scenario_text())[1]


def test_the_summary_fills_one_landscape_page(tmp_path):
    cases = {
        "blank_summary": ("executive_summary", Fill()),
        "blank_case": ("roi_business_case", Fill()),
        "example_case": ("roi_business_case", _example()),
    }
    sources = [  # the Summary alone, as `roi-xl pdf --sheets Summary` prints it
        copy_with_sheets(
            write_template(kind, tmp_path / f"whole-{key}.xlsx", fill),
            ["Summary"],
            tmp_path / f"{key}.xlsx",
        )
        for key, (kind, fill) in cases.items()
    ]
    for pdf in convert(sources, tmp_path / "pdf", "pdf"):
        assert _pages(pdf) == 1, f"{pdf.stem}: the Summary prints on {_pages(pdf)} pages"
        wide, tall = _ink_box(pdf)
        assert wide >= 0.80, f"{pdf.stem}: the content spans {wide:.0%} of the printable width"
        assert tall >= 0.60, f"{pdf.stem}: the content spans {tall:.0%} of the printable height"


# A case small enough to compute by hand: costs 100,000 up front and 50,000 a year;
# gains 200,000, 300,000 and 500,000 (typed on the Totals sheet).
KNOWN = Fill(
    inputs={
        "Total_Costs_Initial": 100_000,
        "Total_Costs_Y1": 50_000,
        "Total_Costs_Y2": 50_000,
        "Total_Costs_Y3": 50_000,
        "Case_Name": "=Acme & Co support",  # text, never a formula
        "Case_Date": date(2026, 1, 31),
    },
    gains_by_line={"Churn avoided": [200_000, 300_000, 500_000]},
)


@pytest.fixture(scope="module")
def shown(tmp_path_factory):
    """Known, blank and tracked workbooks recalculated by LibreOffice: (names, Summary)."""
    folder = tmp_path_factory.mktemp("summary")
    example = _example()
    months = [
        {"Month": "2024-07", "Actual Costs": 350_000, "Contacts": 100_000},
        {"Month": "2024-08", "Actual Costs": 55_000, "Contacts": 100_000},
        {"Month": "2024-09", "Actual Costs": 55_000, "Contacts": 100_000},
    ]
    cases = {
        "known": ("executive_summary", KNOWN),
        "known_eur": (
            "executive_summary",
            replace(KNOWN, inputs={**KNOWN.inputs, "Currency": "EUR"}),
        ),
        "blank_summary": ("executive_summary", Fill()),
        "blank_case": ("roi_business_case", Fill()),
        "example": ("roi_business_case", example),
        "tracked": (
            "roi_business_case",
            replace(
                example,
                inputs={**example.inputs, "Go_Live_Date": "2024-07"},
                monthly_actuals=months,
            ),
        ),
    }
    paths = [
        write_template(kind, folder / f"{key}.xlsx", fill) for key, (kind, fill) in cases.items()
    ]
    done = convert(paths, folder / "out")
    return {
        key: (read_names(path), openpyxl.load_workbook(path, data_only=True)["Summary"])
        for key, path in zip(cases, done, strict=True)
    }


def _tiles(sheet) -> list:
    return [sheet[f"{first}{TILE_VALUE}"].value for first, _ in TILES]


def test_known_case_by_hand(shown):
    names, sheet = shown["known"]
    # costs 100,000 + 3 x 50,000 = 250,000; gains 1,000,000; net 750,000
    # issue 20: the risk-adjusted, discounted view leads (TEI ROI, NPV), then the undiscounted
    tei, npv, roi, payback, irr = _tiles(sheet)
    labels = [sheet[f"{first}{TILE_LABEL}"].value for first, _ in TILES]
    assert labels[:3] == [
        "ROI, risk-adjusted, discounted",
        "NPV, 3 years",
        "ROI, 3 years, undiscounted",
    ]
    assert roi == pytest.approx(3.0, rel=1e-12)  # 750,000 / 250,000
    # PV of costs 100,000 + 50,000 x (1/1.1 + 1/1.21 + 1/1.331) = 224,342.60
    pv_costs = 100_000 + 50_000 * (1 / 1.1 + 1 / 1.21 + 1 / 1.331)
    assert tei == pytest.approx(npv / pv_costs, rel=1e-12)
    # the NPV tile names the present values it subtracts, in millions
    pv_benefits = 200_000 / 1.1 + 300_000 / 1.21 + 500_000 / 1.331  # 804,282.49
    assert sheet[f"D{TILE_NOTE}"].value == "PV benefits 0.8M less PV costs 0.2M at 10%"
    assert pv_benefits == pytest.approx(npv + pv_costs, rel=1e-12)
    assert sheet[f"G{TILE_NOTE}"].value == "net value 750,000 (not discounted)"
    assert "gains accrue evenly within each year" in sheet[f"J{TILE_NOTE}"].value
    # cumulative: -100,000, then +150,000 in Year 1: paid back 100/150 of the way, 8 months
    assert payback == pytest.approx(8.0, rel=1e-12)
    # NPV at 10%: -100,000 + 150,000/1.1 + 250,000/1.21 + 450,000/1.331
    assert npv == pytest.approx(
        -100_000 + 150_000 / 1.1 + 250_000 / 1.21 + 450_000 / 1.331, rel=1e-12
    )
    # the IRR solves -100,000 + 150,000/(1+r) + 250,000/(1+r)^2 + 450,000/(1+r)^3 = 0
    assert -100_000 + 150_000 / (1 + irr) + 250_000 / (1 + irr) ** 2 + 450_000 / (
        1 + irr
    ) ** 3 == pytest.approx(0, abs=1.0)
    assert names["IRR_3yr"] == pytest.approx(irr, rel=1e-12)
    # For every $1: gains / costs = 1,000,000 / 250,000 = 4
    assert (
        sheet[f"A{SENTENCE_ROW}"].value == "For every $1 invested, $4.00 comes back over 3 years."
    )
    ranges = benchmark_figures()["roi_by_business_type"]["saas"]
    # issue 20: no publisher and year recorded for the range: no verdict against it
    assert ranges["publisher"] == "not recorded"
    # issue 21: the range is given on the page (the Lists sheet is not printed)
    assert sheet[f"A{BENCHMARK_ROW}"].value == (
        "Benchmark: no published range of support ROI (with its publisher and year) is "
        "recorded for SaaS businesses, so this case is not placed in one; the indicative "
        "400% to 700% is given without a publisher or year."
    )
    assert ranges["low"] == 4.0 and ranges["high"] == 7.0  # the 400% to 700% above
    # break-even: the costs spread over 3 years, 250,000 / 3 = 83,333 a year
    assert sheet[f"A{BREAKEVEN_ROW}"].value == (
        "ROI turns positive once gains reach $83,333 a year (this case: $333,333 a year)."
    )
    assert sheet["A1"].value == "=Acme & Co support"
    assert sheet["A2"].value == (
        "Executive summary: the return on customer service over 3 years   |   "
        "2026-01-31   |   Figures in USD"  # issue 21: year-month-day reads alike in any locale
    )
    # the by-year table: Initial, Year 1..3, Total, present value
    costs = [sheet.cell(TABLE_ROW + 1, c).value for c in range(4, 10)]
    assert costs == pytest.approx(
        [
            100_000,
            50_000,
            50_000,
            50_000,
            250_000,
            100_000 + 50_000 * (1 / 1.1 + 1 / 1.21 + 1 / 1.331),
        ]
    )
    cumulative = [sheet.cell(TABLE_ROW + 4, c).value for c in range(4, 8)]
    assert cumulative == pytest.approx([-100_000, 50_000, 300_000, 750_000])
    # no gains in Initial: a 0, shown as 0 (a dash would say "not available")
    initial_gains = sheet.cell(TABLE_ROW + 2, 4)
    assert initial_gains.value == 0
    assert initial_gains.number_format.split(";")[2] == "0", initial_gains.number_format


def test_the_currency_names_the_figures(shown):
    _, sheet = shown["known_eur"]
    assert sheet["A2"].value.endswith("Figures in EUR")
    assert sheet[f"A{SENTENCE_ROW}"].value == (
        "For every 1 EUR invested, 4.00 EUR comes back over 3 years."
    )
    assert "$" not in sheet[f"A{BREAKEVEN_ROW}"].value


def _page_cells(sheet):
    first_col, first_row, last_col, last_row = range_boundaries(PRINT_AREA)
    for row in sheet.iter_rows(first_row, last_row, first_col, last_col):
        yield from row


@pytest.mark.parametrize("key", ["blank_summary", "blank_case"])
def test_a_blank_template_says_dash_not_zero(shown, key):
    names, sheet = shown[key]
    assert _tiles(sheet) == [DASH] * 5
    assert DASH in sheet[f"A{SENTENCE_ROW}"].value
    assert "below" not in sheet[f"A{BENCHMARK_ROW}"].value
    assert sheet[f"A{BENCHMARK_ROW}"].value.startswith("Benchmark: no published range")
    texts = " ".join(str(c.value) for c in _page_cells(sheet) if isinstance(c.value, str))
    # no zero dressed as a result, no Excel error, no position against the benchmark
    for wrong in (r"(?<![\d.,])0(\.0+)? months", r"(?<![\d.,])0(\.0+)?%", r"\$0\b", "below", "#"):
        assert not re.search(wrong, texts), (wrong, texts)
    # a blank deflection rate before is 0 (no deflection today): a figure, not "not available"
    before = f"F{KEY_ROW + 6}"
    assert sheet[f"A{KEY_ROW + 6}"].value == "Contacts handled by self-service or AI"
    # the business case has the input and shows its 0; the stand-alone summary has none: a dash
    assert sheet[before].value == (0 if key == "blank_case" else DASH)
    # issue 21: "—" only for what is not available: the by-year table says a dash while
    # nothing is entered, and no other 0 is on the page
    table = [
        sheet.cell(row, column).value
        for row in range(TABLE_ROW + 1, TABLE_ROW + 5)
        for column in range(4, 10)
        if sheet.cell(row, column).value is not None
    ]
    assert table and set(table) == {DASH}, table
    zeros = [
        c.coordinate
        for c in _page_cells(sheet)
        if isinstance(c.value, int | float) and c.value == 0 and c.coordinate != before
    ]
    assert not zeros, zeros
    # the contract's named outputs keep their values (0 in a blank template)
    assert names["ROI_3yr"] == 0 and names["Payback_Months"] == 0


def test_the_case_says_cash_capacity_and_its_risk_adjustment(shown):
    names, sheet = shown["example"]
    fill = _example()
    # by hand: the risk adjustment is what the haircuts take off over what would count without
    # them; the page rounds it to a whole percent
    share = names["Risk_Haircut_3yr"] / (
        names["Risk_Haircut_3yr"] + names["Cash_Gains_3yr"] + names["Capacity_Gains_3yr"]
    )
    assert names["Benefits_Risk_Adjustment"] == pytest.approx(share, rel=1e-12)
    recapture = fill.inputs["Capacity_Recapture"]
    text = sheet[f"A{SPLIT_ROW}"].value
    assert text.startswith(f"Benefits risk-adjusted by {share:.0%} on average (value-weighted).")
    assert f"${names['Cash_Gains_3yr']:,.0f} are cash" in text
    assert f"counted at {recapture:.0%} recapture" in text
    assert f"(${names['Capacity_Not_Counted_3yr']:,.0f} more not counted)" in text
    # cash and capacity add up to the gains over 3 years
    assert names["Cash_Gains_3yr"] + names["Capacity_Gains_3yr"] == pytest.approx(
        sum(names[f"Total_Gains_Y{t}"] for t in (1, 2, 3)), rel=1e-12
    )
    # no row says cash over capacity
    labels = [sheet.cell(TABLE_ROW + i, 1).value for i in range(1, 5)]
    assert labels == [
        "Costs",
        "Gains (attributed, risk-adjusted)",
        "Net benefit (gains - costs)",
        "Cumulative net benefit",
    ]
    _, blank = shown["blank_case"]
    assert blank[f"A{SPLIT_ROW}"].value == f"Cash and capacity: {DASH} (enter the costs and gains)"


def test_tiles_notes_say_what_is_missing(shown):
    _, sheet = shown["blank_summary"]
    assert sheet[f"A{TILE_NOTE}"].value == "enter the costs and gains"


def test_actuals_to_date_beside_the_plan(shown):
    names, sheet = shown["tracked"]
    assert names["Months_Tracked"] == 3  # three months typed, all from go-live on
    assert sheet[f"A{TRACK_ROW}"].value == "Actuals to date: 3 months tracked"
    gains, costs, roi, payback, forecast = (sheet[f"F{TRACK_ROW + i}"].value for i in range(1, 6))
    assert costs == pytest.approx(350_000 + 55_000 + 55_000)
    assert gains == pytest.approx(names["Realised_Gains_To_Date"])
    assert sheet[f"H{TRACK_ROW + 1}"].value == pytest.approx(names["Planned_Gains_To_Date"])
    assert roi == pytest.approx((gains - costs) / costs)
    assert forecast == pytest.approx(names["Forecast_ROI_3yr"])
    assert sheet[f"H{TRACK_ROW + 5}"].value == pytest.approx(names["ROI_3yr"])
    # no month's gains cover 460,000 of costs here: not paid back yet
    assert payback == "not yet"
    # issue 20: the plan of the same three months beside the actuals. By hand from the
    # example's cost lines: Initial 250,000 + 40,000 = 290,000 in the go-live month, then
    # Year 1's 400,000 + 20,000 + 180,000 + 30,000 = 630,000 / 12 = 52,500 a month
    plan_costs = 290_000 + 3 * 52_500
    assert sheet[f"H{TRACK_ROW + 2}"].value == pytest.approx(plan_costs)
    plan_gains = sheet[f"H{TRACK_ROW + 1}"].value
    assert sheet[f"H{TRACK_ROW + 3}"].value == pytest.approx((plan_gains - plan_costs) / plan_costs)
    assert names["Plan_ROI_To_Date"] == pytest.approx((plan_gains - plan_costs) / plan_costs)


def test_no_months_tracked_shows_nothing_to_date(shown):
    _, sheet = shown["example"]
    assert sheet[f"A{TRACK_ROW}"].value == "Actuals to date: no months tracked yet"
    assert [sheet[f"F{TRACK_ROW + i}"].value for i in range(1, 6)] == [DASH] * 5
    assert sheet[f"A{RANGE_ROW}"].value.startswith("ROI range, conservative to optimistic")


def test_the_stand_alone_summary_has_no_tracking_block(shown):
    _, sheet = shown["known"]
    texts = [c.value for c in _page_cells(sheet) if isinstance(c.value, str)]
    assert not any("to date" in t for t in texts)


def test_scenario_case_table_fills_name_date_and_currency():
    text = '[case]\nname = "Acme"\ndate = 2026-01-31\ncurrency = "EUR"\n'
    _, fill = parse_scenario(text)
    assert fill.inputs["Case_Name"] == "Acme"
    assert fill.inputs["Case_Date"] == date(2026, 1, 31)
    assert fill.inputs["Currency"] == "EUR"
    assert parse_scenario('[case]\ndate = "2026-02-01"\n')[1].inputs["Case_Date"] == date(
        2026, 2, 1
    )
    # no date given: none is invented (not today's)
    assert "Case_Date" not in parse_scenario('[case]\nname = "Acme"\n')[1].inputs
    assert "Case_Name" not in parse_scenario("")[1].inputs
    for bad in ('date = "31/01/2026"', "date = 2026-01-31T10:00:00", 'currency = ""'):
        with pytest.raises(ScenarioError, match=r"case\.(date|currency)"):
            parse_scenario(f"[case]\n{bad}\n")
    assert not isinstance(fill.inputs["Case_Date"], datetime)


def test_example_page_agrees_with_the_core(shown):
    # the formula core (an independent Python implementation) on the same example case
    from roi_xl.core import business_case

    fill = _example()
    core = business_case(fill.inputs, fill.cost_lines or (), fill.lever_settings, fill.gain_lines)
    _, sheet = shown["example"]
    names = ("ROI_TEI", "NPV_3yr", "ROI_3yr", "Payback_Months", "IRR_3yr")
    tiles = dict(zip(names, _tiles(sheet), strict=True))
    for name, value in tiles.items():
        assert value == pytest.approx(core[name], rel=1e-9), name
    ratio = core["Benefit_Cost_Ratio"]
    assert sheet[f"A{SENTENCE_ROW}"].value == (
        f"For every $1 invested, ${ratio:,.2f} comes back over 3 years."
    )
    costs = [sheet.cell(TABLE_ROW + 1, c).value for c in range(4, 8)]
    assert costs == pytest.approx(
        [core[f"Total_Costs_{y}"] for y in ("Initial", "Y1", "Y2", "Y3")], rel=1e-9
    )
