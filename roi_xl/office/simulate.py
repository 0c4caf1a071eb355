"""``roi-xl simulate``: Monte Carlo 3-year ROI of a filled business case.

The case is recalculated headless (LibreOffice) and its Scenarios sheet read:
each gain line and the costs become a triangular distribution (low =
conservative, most likely = expected, high = optimistic; for costs the
conservative value is the high one). The draws are vectorised
(:func:`roi_xl.core.simulate_case`). A copy of the workbook gets a
``Simulation`` sheet of values (not formulas) marked as written by the
command, with a native histogram chart; the original is never touched (an
output that is the case itself is refused, even with ``--force``). The case is
checked as every ``.xlsx`` input is (:func:`roi_xl.io.files.check_xlsx`), and
errors name the user's file, not the temporary copy LibreOffice opens.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.workbook.defined_name import DefinedName
from tqdm import tqdm

from .. import __version__
from ..core import CASE_LINES, CaseSimulation, Estimate, simulate_case
from ..io.files import (
    InputFileError,
    check_output,
    check_xlsx,
    open_workbook,
    same_file,
    save_changed_copy,
)
from ..workbooks import styles
from .recalc import LibreOfficeError, convert, read_names

SHEET = "Simulation"
#: The defined names of the Simulation sheet: (name, label, number format).
OUTPUTS = (
    ("Simulation_P10", "P10: 9 in 10 trials do better than", styles.PERCENT),
    ("Simulation_P50", "P50: the median", styles.PERCENT),
    ("Simulation_P90", "P90: 1 in 10 trials do better than", styles.PERCENT),
    ("Simulation_Mean", "Mean", styles.PERCENT),
    ("Simulation_Prob_Negative", "Probability that the ROI is below 0", styles.PERCENT),
    ("Simulation_Trials", "Trials", styles.NUMBER),
    ("Simulation_Seed", "Seed", "0"),
)
#: Show a progress bar from this many trials on (and only on a terminal).
PROGRESS_FROM = 1_000_000
MARK = "Written by roi-xl simulate"


class SimulationError(ValueError):
    """A case that cannot be simulated; the message is one line."""


def read_estimates(values: dict[str, Any]) -> tuple[list[Estimate], Estimate, Any]:
    """The triangles of a recalculated case's Scenarios sheet, and its expected ROI."""
    if "Scenario_Gains" not in values or "Scenario_Costs" not in values:
        raise SimulationError(
            "no Scenarios sheet (names Scenario_Gains, Scenario_Costs): build the business "
            "case with roi-xl case or roi-xl templates"
        )
    rows = list(values["Scenario_Gains"]) + list(values["Scenario_Costs"])
    labels = [label for _, label in CASE_LINES] + ["Costs"]
    estimates = []
    for label, row in zip(labels, rows, strict=True):
        shown = [v if v is not None else 0.0 for v in row]
        bad = next((v for v in shown if not isinstance(v, int | float)), None)
        if bad is not None:
            raise SimulationError(
                f"the Scenarios sheet shows {bad} for {label}: fix the case before simulating"
            )
        try:
            estimates.append(Estimate.from_scenarios(label, *shown))
        except ValueError as exc:
            raise SimulationError(f"Scenarios sheet: {exc}") from None
    return estimates[:-1], estimates[-1], values.get("ROI_Expected")


def add_simulation_sheet(
    workbook: Workbook,
    result: CaseSimulation,
    gains: Sequence[Estimate],
    costs: Estimate,
    expected_roi: Any,
) -> None:
    """Replace any Simulation sheet of ``workbook`` by one for ``result``."""
    if SHEET in workbook.sheetnames:
        del workbook[SHEET]
    for name, *_ in OUTPUTS:
        if name in workbook.defined_names:
            del workbook.defined_names[name]
    sheet = workbook.create_sheet(SHEET)
    sheet.sheet_properties.tabColor = "808080"
    sheet["A1"] = "Simulation: the 3-year ROI when the assumptions are uncertain"
    sheet["A1"].font = styles.TITLE_FONT
    sheet["A2"] = (
        f"{MARK} (roi_xl {__version__}): values, not formulas. Each trial draws every gain "
        "line and the costs from a triangle (Scenarios sheet: conservative, expected, "
        "optimistic). Run the command again after changing the case."
    )
    sheet["A2"].font = styles.NOTE_FONT
    values = (
        result.p10,
        result.p50,
        result.p90,
        result.mean,
        result.prob_negative,
        result.trials,
        result.seed,
    )
    styles.style_header([sheet["A4"], sheet["B4"]])
    sheet["A4"], sheet["B4"] = "3-year ROI over the trials", "Value"
    for row, ((name, label, number_format), value) in enumerate(
        zip(OUTPUTS, values, strict=True), start=5
    ):
        sheet[f"A{row}"] = label
        sheet[f"B{row}"] = value
        sheet[f"B{row}"].number_format = number_format
        workbook.defined_names[name] = DefinedName(name, attr_text=f"{SHEET}!$B${row}")
    row = 5 + len(OUTPUTS)
    sheet[f"A{row}"] = "Expected scenario, no uncertainty (Scenarios sheet)"
    sheet[f"B{row}"] = expected_roi if isinstance(expected_roi, int | float) else "n/a"
    sheet[f"B{row}"].number_format = styles.PERCENT

    top = row + 2
    for column, title in zip("ABCD", ("3-year value", "Low", "Most likely", "High"), strict=True):
        sheet[f"{column}{top}"] = title
    styles.style_header([sheet[f"{c}{top}"] for c in "ABCD"])
    for offset, line in enumerate((*gains, costs), start=1):
        sheet[f"A{top + offset}"] = line.name
        for column, value in zip("BCD", (line.low, line.likely, line.high), strict=True):
            sheet[f"{column}{top + offset}"] = value
            sheet[f"{column}{top + offset}"].number_format = styles.CURRENCY

    head = top + len(gains) + 3
    titles = ("ROI from", "ROI to", "Trials")
    for column, title in zip("FGH", titles, strict=True):
        sheet[f"{column}4"] = title
    styles.style_header([sheet[f"{c}4"] for c in "FGH"])
    bins = list(zip(result.edges[:-1], result.edges[1:], result.counts, strict=True))
    for offset, (low, high, count) in enumerate(bins, start=5):
        sheet[f"F{offset}"], sheet[f"G{offset}"], sheet[f"H{offset}"] = low, high, count
        sheet[f"F{offset}"].number_format = sheet[f"G{offset}"].number_format = styles.PERCENT
    sheet[f"F{5 + len(bins)}"] = "between the 1st and 99th percentiles of the trials"
    sheet[f"F{5 + len(bins)}"].font = styles.NOTE_FONT
    chart = BarChart()
    chart.type = "col"
    chart.gapWidth = 10
    chart.title = "3-year ROI over the trials"
    chart.legend = None
    chart.add_data(
        Reference(sheet, min_col=8, min_row=4, max_row=4 + len(bins)), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=6, min_row=5, max_row=4 + len(bins)))
    chart.x_axis.number_format = "0%"
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, f"A{head}")
    for column, width in {
        "A": 52,
        "B": 16,
        "C": 16,
        "D": 16,
        "E": 3,
        "F": 12,
        "G": 12,
        "H": 12,
    }.items():
        sheet.column_dimensions[column].width = width
    sheet.protection.sheet = True


def simulate_file(
    case: Path,
    output: Path,
    *,
    trials: int,
    seed: int,
    force: bool = False,
    timeout: float | None = None,
) -> tuple[CaseSimulation, Any]:
    """Recalculate ``case``, simulate it and write the copy with a Simulation sheet."""
    check_xlsx(case)
    if same_file(case, output):
        raise InputFileError(
            f"{output} is the case itself: simulate writes a copy and never overwrites "
            "the case, even with --force; choose another -o"
        )
    check_output(output, force=force)  # say so before the recalculation, not after
    workbook = open_workbook(case)
    with tempfile.TemporaryDirectory(prefix="roi-xl-simulate-") as work:
        source = Path(work) / case.name  # LibreOffice's messages then name the user's file
        source.write_bytes(case.read_bytes())
        try:
            (recalculated,) = convert([source], Path(work) / "out", timeout=timeout)
        except LibreOfficeError as exc:
            raise LibreOfficeError(str(exc).replace(str(source), str(case))) from None
        values = read_names(recalculated)
    try:
        gains, costs, expected_roi = read_estimates(values)
    except SimulationError as exc:
        raise SimulationError(f"{case.name}: {exc}") from None
    with tqdm(
        total=trials,
        desc="simulating",
        unit=" trials",
        file=sys.stderr,
        disable=True if trials < PROGRESS_FROM else None,
    ) as bar:
        result = simulate_case(gains, costs, trials, seed, progress=bar.update)
    add_simulation_sheet(workbook, result, gains, costs, expected_roi)
    save_changed_copy(workbook, output, changed_by="roi-xl simulate", force=force)
    return result, expected_roi


__all__ = [
    "SHEET",
    "OUTPUTS",
    "SimulationError",
    "read_estimates",
    "add_simulation_sheet",
    "simulate_file",
]
