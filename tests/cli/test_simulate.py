"""``roi-xl simulate`` end to end: LibreOffice recalculates the case (a real part of the
test: it fails when LibreOffice is missing), the core draws, a copy gets the sheet."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart

from roi_xl.cli import main
from roi_xl.core import CASE_LINES, DecisionSettings, decision_outputs, simulate_case
from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.office.recalc import read_names, recalculate
from roi_xl.office.simulate import OUTPUTS, read_estimates
from roi_xl.workbooks.assumptions import ALL_ASSUMPTIONS
from roi_xl.workbooks.templates import write_template


@pytest.fixture(scope="module")
def example():
    return parse_scenario(example_scenario_text())[1]


@pytest.fixture(scope="module")
def case(tmp_path_factory, example):
    return write_template(
        "roi_business_case", tmp_path_factory.mktemp("case") / "case.xlsx", example
    )


def _estimates(fill):
    """The triangles from the core's Scenarios outputs for the same fill (not the sheet's)."""
    defaults = {a.name: a.default for a in ALL_ASSUMPTIONS if a.default is not None}
    case = ({**defaults, **fill.inputs}, fill.cost_lines, fill.lever_settings, fill.gain_lines)
    return read_estimates(decision_outputs(*case, settings=fill.decisions))


def test_simulation_sheet_matches_the_core(case, example, tmp_path, capsys):
    out = tmp_path / "simulated.xlsx"
    before = case.read_bytes()
    args = ["simulate", str(case), "--trials", "50000", "--seed", "7", "-o", str(out)]
    assert main(args) == 0
    assert "50,000 trials, seed 7" in capsys.readouterr().out
    assert case.read_bytes() == before  # the original is never touched
    gains, costs, _ = _estimates(example)
    want = simulate_case(gains, costs, trials=50_000, seed=7)
    names = read_names(out)  # values written by the command: no recalculation needed
    assert names["Simulation_P10"] == pytest.approx(want.p10, rel=1e-9)
    assert names["Simulation_P50"] == pytest.approx(want.p50, rel=1e-9)
    assert names["Simulation_P90"] == pytest.approx(want.p90, rel=1e-9)
    assert names["Simulation_Mean"] == pytest.approx(want.mean, rel=1e-9)
    assert names["Simulation_Prob_Negative"] == want.prob_negative
    assert (names["Simulation_Trials"], names["Simulation_Seed"]) == (50_000, 7)


def test_the_copy_keeps_the_case_and_adds_a_marked_sheet_with_a_histogram(case, tmp_path):
    out = tmp_path / "simulated.xlsx"
    assert main(["simulate", str(case), "--trials", "2000", "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    original = openpyxl.load_workbook(case)
    assert book.sheetnames == [*original.sheetnames, "Simulation"]
    assert set(original.defined_names) | {n for n, *_ in OUTPUTS} == set(book.defined_names)
    assert len(book["Summary"]._charts) == 2 and len(book["Scenarios"]._charts) == 1
    sheet = book["Simulation"]
    assert "Written by roi-xl simulate" in sheet["A2"].value
    assert not any(
        isinstance(c.value, str) and c.value.startswith("=") for r in sheet.iter_rows() for c in r
    )  # values, not formulas
    (chart,) = sheet._charts
    assert isinstance(chart, BarChart) and chart.type == "col"
    # the copy still recalculates to the same case
    copy, source = recalculate([out, case])
    assert copy["ROI_3yr"] == pytest.approx(source["ROI_3yr"], rel=1e-12)
    # and it opens with the figures (issue 21): the cached value of the ROI formula is
    # what LibreOffice computes for the case itself
    cached = openpyxl.load_workbook(out, data_only=True)
    ((title, ref),) = cached.defined_names["ROI_3yr"].destinations
    assert cached[title][ref.replace("$", "")].value == pytest.approx(source["ROI_3yr"], rel=1e-9)


def test_a_second_run_replaces_the_sheet(case, tmp_path):
    first, second = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    assert main(["simulate", str(case), "--trials", "1000", "-o", str(first)]) == 0
    assert main(["simulate", str(first), "--trials", "3000", "-o", str(second)]) == 0
    book = openpyxl.load_workbook(second)
    assert book.sheetnames.count("Simulation") == 1
    assert read_names(second)["Simulation_Trials"] == 3000


def test_known_values_give_the_deterministic_roi_in_every_percentile(example, tmp_path):
    # Every multiplier 100%: low = mode = high, so every trial is the expected scenario.
    flat = DecisionSettings(
        gain_multipliers={key: (1, 1, 1) for key, _ in CASE_LINES}, cost_multipliers=(1, 1, 1)
    )
    fill = replace(example, decisions=flat)
    path = write_template("roi_business_case", tmp_path / "flat.xlsx", fill)
    out = tmp_path / "flat-simulation.xlsx"
    assert main(["simulate", str(path), "--trials", "5000"]) == 0  # default output name
    names = read_names(out)
    roi = _estimates(fill)[2]  # the expected ROI by the core (= LibreOffice: templates test)
    for name in ("Simulation_P10", "Simulation_P50", "Simulation_P90", "Simulation_Mean"):
        assert names[name] == pytest.approx(roi, rel=1e-12), name


def test_reproducible_with_a_seed(case, tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (a, b):
        assert (
            main(["simulate", str(case), "--trials", "20000", "--seed", "3", "-o", str(path)]) == 0
        )
    assert read_names(a) == read_names(b)


def test_refuses_to_overwrite_without_force(case, tmp_path, capsys):
    out = tmp_path / "mine.xlsx"
    out.write_bytes(b"precious")
    assert main(["simulate", str(case), "--trials", "100", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and len(err.strip().splitlines()) == 1
    assert out.read_bytes() == b"precious"
    assert main(["simulate", str(case), "--trials", "100", "-o", str(out), "--force"]) == 0
    assert read_names(out)["Simulation_Trials"] == 100


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.xlsx", "does not exist"),
        (lambda d: _write(d / "text.xlsx", b"not a zip"), "is not an .xlsx workbook"),
        (
            lambda d: write_template("cost_tracking", d / "costs.xlsx"),
            "no Scenarios sheet",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, make, message):
    path = make(tmp_path)
    assert main(["simulate", str(path), "--trials", "100"]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_a_case_whose_costs_can_be_zero_is_refused(example, tmp_path, capsys):
    path = write_template(
        "roi_business_case", tmp_path / "free.xlsx", replace(example, cost_lines=[])
    )
    assert main(["simulate", str(path), "--trials", "100"]) == 2
    assert "costs" in capsys.readouterr().err


def test_bad_trials_are_refused(case, tmp_path, capsys):
    assert main(["simulate", str(case), "--trials", "0", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "trials" in capsys.readouterr().err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
