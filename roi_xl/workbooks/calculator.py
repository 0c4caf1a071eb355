"""``workbooks/roi_calculator.xlsm``: the CS_ functions at work in Excel.

Built from xlwings's own standalone quickstart workbook (which carries the
xlwings VBA module, so it needs no add-in to call Python), with:

* ``xlwings.conf``: the quickstart's settings sheet, activated, naming
  ``roi_xl.udfs`` as the UDF module;
* ``Calculator``: labelled inputs and a ``CS_`` formula for each lever, the
  headline ROI, payback, Erlang C staffing and a Monte Carlo range (its
  ranges and draws are labelled inputs too), and a small labelled block of
  model constants under the inputs (the calculator has no Assumptions sheet):
  the names and values of :data:`roi_xl.workbooks.constants.CONSTANTS` it
  uses, so that no formula types a number but 0 and 1;
* ``Worked Examples``: each published example of FORMULAS.md with its inputs,
  the ``CS_`` formula, the published answer and the difference allowed (a
  rounded answer's tolerance, or ``Zero_Tolerance`` of an exact one).

The inputs of the Calculator are the worked examples of FORMULAS.md where
the spec has one, and labelled "illustrative" where it does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

from ..core.examples import WORKED_EXAMPLES
from ..io.files import save_workbook
from . import styles
from .constants import BY_NAME as CONSTANT
from .printing import SheetPrint, apply_print_setup
from .spill import mark_dynamic

UDF_MODULE = "roi_xl.udfs"


@dataclass(frozen=True)
class Input:
    key: str
    label: str
    value: float | str
    number_format: str
    note: str


@dataclass(frozen=True)
class Output:
    label: str
    formula: str  # with {key} placeholders for input and output cells
    number_format: str
    note: str = ""
    key: str = ""


_SPEC_B = "example: cost levers"
_SPEC_C = "example: revenue levers"
_ILLUSTRATIVE = "illustrative"

INPUTS: tuple[Input, ...] = (
    Input("contacts", "Contacts a year", 1_200_000, styles.NUMBER, f"{_SPEC_B}: 100,000 a month"),
    Input("deflection", "Deflection rate", 0.4, styles.PERCENT, f"{_SPEC_B}: 40% by AI"),
    Input("human", "Human cost per contact", 4, styles.CURRENCY_CENTS, _SPEC_B),
    Input("automated", "AI cost per contact", 0.5, styles.CURRENCY_CENTS, _SPEC_B),
    Input("aht_before", "AHT before (minutes)", 8, styles.DECIMAL, _ILLUSTRATIVE),
    Input(
        "aht_after",
        "AHT after (minutes)",
        6.4,
        styles.DECIMAL,
        "20% shorter (example: cost levers)",
    ),
    Input("cost_per_hour", "Loaded cost per agent hour", 30, styles.CURRENCY_CENTS, _ILLUSTRATIVE),
    Input("fcr_before", "FCR before", 0.7, styles.PERCENT, _ILLUSTRATIVE),
    Input("fcr_after", "FCR after", 0.78, styles.PERCENT, _ILLUSTRATIVE),
    Input("esc_before", "Escalation rate before", 0.10, styles.PERCENT, _ILLUSTRATIVE),
    Input("esc_after", "Escalation rate after", 0.08, styles.PERCENT, _ILLUSTRATIVE),
    Input("cost_per_escalation", "Cost per escalation", 25, styles.CURRENCY, _ILLUSTRATIVE),
    Input("interactions", "Sales interactions a year", 600_000, styles.NUMBER, _SPEC_C),
    Input("conv_before", "Conversion before", 0.05, styles.PERCENT, _SPEC_C),
    Input("conv_after", "Conversion after", 0.07, styles.PERCENT, _SPEC_C),
    Input("aov", "Average order value", 100, styles.CURRENCY, _SPEC_C),
    Input("customers", "Customers", 500_000, styles.NUMBER, _SPEC_C),
    Input("revenue", "Revenue per customer a year", 200, styles.CURRENCY, _SPEC_C),
    Input("churn_before", "Churn before", 0.10, styles.PERCENT, _SPEC_C),
    Input("churn_after", "Churn after", 0.09, styles.PERCENT, _SPEC_C),
    Input("margin", "Gross margin", 1, styles.PERCENT, "100%: revenue counted whole"),
    Input("cost_ai", "Cost: AI platform a year", 400_000, styles.CURRENCY, _SPEC_B),
    Input("cost_people", "Cost: training a year", 50_000, styles.CURRENCY, _ILLUSTRATIVE),
    Input("cost_setup", "Cost: implementation (one-time)", 150_000, styles.CURRENCY, _ILLUSTRATIVE),
    Input("business_type", "Business type", "saas", "@", "saas, ecommerce or services"),
    Input("discount", "Discount rate", 0.10, styles.PERCENT, "TEI convention"),
    Input("peak", "Peak contacts in an interval", 500, styles.NUMBER, _ILLUSTRATIVE),
    Input("interval", "Interval (seconds)", 1800, styles.NUMBER, "half an hour, as WFM plans"),
    Input("sl_target", "Service level target", 0.8, styles.PERCENT, "80/20"),
    Input("answer", "Answer within (seconds)", 20, styles.NUMBER, "80/20"),
    Input("occupancy", "Maximum occupancy", 0.85, styles.PERCENT, _ILLUSTRATIVE),
    Input("shrinkage", "Shrinkage", 0.3, styles.PERCENT, _ILLUSTRATIVE),
)

OUTPUTS: tuple[Output, ...] = (
    Output(
        "Contacts after deflection",
        "=CS_CONTACTS_AFTER_DEFLECTION({contacts},{deflection})",
        styles.NUMBER,
        "FCR savings use these",
        "after",
    ),
    Output(
        "Contacts still handled after FCR",
        "={after}*{fcr_before}/{fcr_after}",
        styles.NUMBER,
        "after deflection x FCR before / FCR after: AHT and escalation savings use these",
        "handled",
    ),
    Output(
        "Deflection savings",
        "=CS_DEFLECTION_SAVINGS({contacts},{deflection},{human},{automated})",
        styles.CURRENCY,
        "",
        "g_deflection",
    ),
    Output(
        "Blended cost per contact",
        "=CS_BLENDED_COST_PER_CONTACT({deflection},{human},{automated})",
        styles.CURRENCY_CENTS,
    ),
    Output(
        "Handle-time savings",
        "=CS_AHT_SAVINGS({handled},{aht_before},{aht_after},{cost_per_hour})",
        styles.CURRENCY,
        "freed capacity valued at cost",
        "g_aht",
    ),
    Output(
        "FCR savings",
        "=CS_FCR_SAVINGS({after}*{fcr_before},{fcr_before},{fcr_after},{human})",
        styles.CURRENCY,
        "issues = contacts after deflection x FCR before",
        "g_fcr",
    ),
    Output(
        "Escalation savings",
        "=CS_ESCALATION_SAVINGS({handled},{esc_before},{esc_after},{cost_per_escalation})",
        styles.CURRENCY,
        "",
        "g_escalation",
    ),
    Output(
        "Conversion uplift",
        "=CS_CONVERSION_UPLIFT({interactions},{conv_before},{conv_after},{aov},{margin})",
        styles.CURRENCY,
        "",
        "g_conversion",
    ),
    Output(
        "Retained revenue",
        "=CS_RETAINED_REVENUE({customers},{churn_before},{churn_after},{revenue},{margin})",
        styles.CURRENCY,
        "",
        "g_retention",
    ),
    Output(
        "Total gains a year",
        "=SUM({g_deflection},{g_aht}:{g_retention})",
        styles.CURRENCY,
        "sum of the savings and revenue above",
        "gains",
    ),
    Output("Costs a year (run)", "=SUM({cost_ai}:{cost_people})", styles.CURRENCY, "", "run"),
    Output(
        "ROI, first year",
        "=CS_ROI({gains},{cost_ai}:{cost_setup})",
        styles.PERCENT,
        "(gains - costs) / costs, costs incl. implementation",
        "roi",
    ),
    Output(
        "Net value, first year", "=CS_NET_VALUE({gains},{cost_ai}:{cost_setup})", styles.CURRENCY
    ),
    Output(
        "Benefit-cost ratio",
        "=CS_BENEFIT_COST_RATIO({gains},{cost_ai}:{cost_setup})",
        styles.RATIO,
        "ROI + 1",
    ),
    Output("Benchmark: published low", '=CS_BENCHMARK_ROI({business_type},"low")', styles.PERCENT),
    Output(
        "Benchmark: published high", '=CS_BENCHMARK_ROI({business_type},"high")', styles.PERCENT
    ),
    Output("Benchmark position", "=CS_BENCHMARK_POSITION({roi},{business_type})", "@"),
    Output(
        "Payback",
        "=CS_PAYBACK_MONTHS({cost_setup},({gains}-{run})/Months_Per_Year)",
        styles.MONTHS,
        "implementation cost / monthly net benefit",
    ),
    Output(
        "AHT before (seconds)",
        "={aht_before}*Seconds_Per_Hour/Minutes_Per_Hour",
        styles.DECIMAL,
        "minutes x seconds in a minute",
        "aht_before_s",
    ),
    Output(
        "AHT after (seconds)",
        "={aht_after}*Seconds_Per_Hour/Minutes_Per_Hour",
        styles.DECIMAL,
        "",
        "aht_after_s",
    ),
    Output(
        "Agents at peak, before",
        "=CS_AGENTS_REQUIRED({peak},{aht_before_s},{interval},"
        "{sl_target},{answer},{occupancy},{shrinkage})",
        styles.NUMBER,
        "Erlang C, scheduled (after shrinkage)",
        "agents_before",
    ),
    Output(
        "Agents at peak, after",
        "=CS_AGENTS_REQUIRED({peak}*(1-{deflection}),"
        "{aht_after_s},{interval},{sl_target},{answer},{occupancy},{shrinkage})",
        styles.NUMBER,
        "Erlang C, after deflection and shorter AHT",
        "agents_after",
    ),
    Output(
        "Agents on the phones, before",
        "=CS_AGENTS_REQUIRED({peak},{aht_before_s},{interval},{sl_target},{answer},{occupancy})",
        styles.NUMBER,
        "Erlang C, before shrinkage: a whole number of agents on duty",
        "on_duty",
    ),
    Output(
        "Service level after, same team",
        "=CS_SERVICE_LEVEL({on_duty},{peak}*(1-{deflection}),{aht_after_s},{interval},{answer})",
        styles.PERCENT,
        "the agents on the phones before, with the traffic after",
    ),
)

#: The Monte Carlo settings: labelled inputs under the table (gains and costs as shares of
#: the figures above, the draws and the random seed).
MONTE_CARLO: tuple[Input, ...] = (
    Input("gains_low", "Gains, low (share of gains)", 0.7, styles.PERCENT, _ILLUSTRATIVE),
    Input("gains_high", "Gains, high (share of gains)", 1.2, styles.PERCENT, _ILLUSTRATIVE),
    Input("costs_low", "Costs, low (share of costs)", 0.95, styles.PERCENT, _ILLUSTRATIVE),
    Input("costs_high", "Costs, high (share of costs)", 1.1, styles.PERCENT, _ILLUSTRATIVE),
    Input("trials", "Draws", 10_000, styles.NUMBER, "the function's default"),
    Input("seed", "Random seed", 1, styles.NUMBER, "the same seed gives the same range"),
)
#: The model constants the calculator's formulas use (the names of constants.py).
CALCULATOR_CONSTANTS = ("Minutes_Per_Hour", "Seconds_Per_Hour", "Months_Per_Year", "Zero_Tolerance")

#: Where the Monte Carlo table spills (2 rows x 5 columns) on the Calculator sheet.
SIMULATION_ANCHOR = "E31"
#: The whole table: an array formula over it (a dynamic array in Excel 365, see spill.py).
SIMULATION_RANGE = "E31:I32"
SIMULATION_FORMULA = (
    "=CS_ROI_SIMULATE({gains}*{gains_low},{gains},{gains}*{gains_high},"
    "{costs}*{costs_low},{costs},{costs}*{costs_high},{trials},{seed})"
)

INPUT_ROW = 5  # first input row; outputs start on the same row
#: The column of a worked example's first input (after Agrees).
FIRST_EXAMPLE_INPUT = 8
#: The first row of the Monte Carlo settings (E: label, F: value, G: note).
MONTE_CARLO_ROW = 34
#: The title row of the model constants block, under the inputs.
CONSTANTS_ROW = INPUT_ROW + len(INPUTS) + 1


def _label(cell: Any) -> None:
    """A row label in the house font (the quickstart's default font is another)."""
    cell.font = styles.FORMULA_FONT


def _note(cell: Any) -> None:
    """A note in grey italics, wrapped inside its column."""
    cell.font = styles.NOTE_FONT
    cell.alignment = styles.WRAP


def _column_widths(sheet: Worksheet, widths: dict[str, float]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width


def cell_map() -> dict[str, str]:
    """The cell of every input and named output on the Calculator sheet."""
    cells = {item.key: f"$B${INPUT_ROW + i}" for i, item in enumerate(INPUTS)}
    cells.update({o.key: f"$F${INPUT_ROW + i}" for i, o in enumerate(OUTPUTS) if o.key})
    cells.update({m.key: f"$F${MONTE_CARLO_ROW + i}" for i, m in enumerate(MONTE_CARLO)})
    cells["costs"] = f"SUM({cells['cost_ai']}:{cells['cost_setup']})"
    return cells


def _calculator(workbook: Workbook, sheet: Worksheet) -> None:
    sheet["A1"] = "roi_xl calculator: the ROI of customer service with CS_ functions"
    sheet["A1"].font = styles.TITLE_FONT
    sheet["A2"] = (
        "Blue cells are inputs. Results call roi_xl's CS_ functions through xlwings "
        "(see the README of roi-xl). Sources are in column C."
    )
    sheet["A2"].font = styles.NOTE_FONT
    for column, title in (
        ("A", "Input"),
        ("B", "Value"),
        ("C", "Source"),
        ("E", "Result"),
        ("F", "Value"),
        ("G", "Note"),
    ):
        sheet[f"{column}4"] = title
    styles.style_header([sheet[f"{c}4"] for c in "ABCEFG"])
    cells = cell_map()
    for row, item in enumerate(INPUTS, start=INPUT_ROW):
        _label(sheet.cell(row, 1, item.label))
        styles.style_input(sheet.cell(row, 2, item.value), item.number_format)
        _note(sheet.cell(row, 3, item.note))
    for row, output in enumerate(OUTPUTS, start=INPUT_ROW):
        _label(sheet.cell(row, 5, output.label))
        styles.style_formula(
            sheet.cell(row, 6, output.formula.format(**cells)), output.number_format
        )
        _note(sheet.cell(row, 7, output.note))
    anchor = sheet[SIMULATION_ANCHOR]
    sheet.cell(
        anchor.row - 1,
        anchor.column,
        "Monte Carlo ROI range: gains and costs drawn between the shares below",
    ).font = styles.SECTION_FONT
    anchor.value = ArrayFormula(SIMULATION_RANGE, SIMULATION_FORMULA.format(**cells))
    for offset in range(5):
        # every cell of the table is written, so that its cached value has a place
        sheet.cell(anchor.row, anchor.column + offset).alignment = Alignment(horizontal="right")
        sheet.cell(anchor.row + 1, anchor.column + offset).number_format = styles.PERCENT
    for row, item in enumerate(MONTE_CARLO, start=MONTE_CARLO_ROW):
        _label(sheet.cell(row, 5, item.label))
        styles.style_input(sheet.cell(row, 6, item.value), item.number_format)
        _note(sheet.cell(row, 7, item.note))
    _constants(workbook, sheet)
    _column_widths(
        # narrow enough to print at 80% or more on one landscape page (no text under 8 pt);
        # the notes wrap
        sheet,
        {"A": 31, "B": 13, "C": 26, "D": 2, "E": 31, "F": 13, "G": 27, "H": 11, "I": 11},
    )
    sheet.freeze_panes = "A5"


def _constants(workbook: Workbook, sheet: Worksheet) -> None:
    """The model constants the formulas use, labelled and named (workbook scope)."""
    sheet.cell(CONSTANTS_ROW, 1, "Model constants").font = styles.SECTION_FONT
    _note(sheet.cell(CONSTANTS_ROW, 3, "fixed numbers the formulas use by name"))
    for row, name in enumerate(CALCULATOR_CONSTANTS, start=CONSTANTS_ROW + 1):
        constant = CONSTANT[name]
        _label(sheet.cell(row, 1, constant.label))
        styles.style_formula(sheet.cell(row, 2, constant.value), constant.number_format)
        _note(sheet.cell(row, 3, constant.why))
        workbook.defined_names[name] = DefinedName(name, attr_text=f"Calculator!$B${row}")


def _worked_examples(sheet: Worksheet) -> None:
    sheet["A1"] = "Worked examples, recomputed with the CS_ functions"
    sheet["A1"].font = styles.TITLE_FONT
    headers = (
        "Example",
        "Source",
        "Function",
        "CS_ result",
        "Published",
        "Difference allowed",
        "Agrees",
        "Inputs",
    )
    for column, title in enumerate(headers, start=1):
        sheet.cell(3, column, title)
    styles.style_header([sheet.cell(3, c) for c in range(1, len(headers) + 1)])
    for row, example in enumerate(WORKED_EXAMPLES, start=4):
        number_format = styles.PERCENT if example.percent else styles.DECIMAL
        sheet.cell(row, 1, example.label).alignment = styles.WRAP
        _note(sheet.cell(row, 2, example.source))
        sheet.cell(row, 3, example.function)
        column = FIRST_EXAMPLE_INPUT
        refs = []
        for value in example.inputs:
            values = value if isinstance(value, tuple) else (value,)
            first = column
            for v in values:
                styles.style_input(sheet.cell(row, column, v), styles.DECIMAL)
                column += 1
            last = column - 1
            ref = f"{get_column_letter(first)}{row}"
            refs.append(ref if first == last else f"{ref}:{get_column_letter(last)}{row}")
        styles.style_formula(
            sheet.cell(row, 4, f"={example.function}({','.join(refs)})"), number_format
        )
        styles.style_formula(sheet.cell(row, 5, example.published), number_format)
        # an answer the source rounded: its rounding; an exact one: Zero_Tolerance of it
        allowed = (
            example.tolerance if example.tolerance is not None else f"=Zero_Tolerance*ABS(E{row})"
        )
        styles.style_formula(sheet.cell(row, 6, allowed), "0.0E+0")
        sheet.cell(row, 7, f'=IF(ABS(D{row}-E{row})<=F{row},"yes","NO")')
    # narrow enough to print at 80% or more on one landscape page (no text under 8 pt)
    widths = {"A": 30, "B": 20, "C": 28, "D": 13, "E": 13, "F": 10, "G": 9}
    # the inputs: wide enough for 60,000.00, not printed as ###
    widths.update(
        {get_column_letter(c): 12 for c in range(FIRST_EXAMPLE_INPUT, sheet.max_column + 1)}
    )
    _column_widths(sheet, widths)
    sheet.freeze_panes = "B4"


def build_calculator() -> Workbook:
    """The calculator workbook, in memory."""
    quickstart = resources.files("xlwings").joinpath("quickstart_standalone.xlsm")
    with resources.as_file(quickstart) as path:
        workbook = load_workbook(path, keep_vba=True)
    config = workbook["_xlwings.conf"]
    config.title = "xlwings.conf"  # the quickstart ships it inactive, with a leading "_"
    for row in config.iter_rows(min_col=1, max_col=2):
        if row[0].value == "UDF Modules":
            row[1].value = UDF_MODULE
            break
    else:  # pragma: no cover - guards against a changed quickstart
        raise RuntimeError("xlwings's quickstart has no 'UDF Modules' setting")
    sheet = workbook["Sheet1"]
    sheet.title = "Calculator"
    _calculator(workbook, sheet)
    _worked_examples(workbook.create_sheet("Worked Examples", 1))
    # the settings print; the quickstart's instructions below them (about the file it
    # shipped as) do not
    last_setting = next(r for r in range(1, config.max_row + 2) if config.cell(r, 1).value is None)
    layouts = {config.title: SheetPrint(area=f"A1:B{last_setting - 1}", orientation="portrait")}
    apply_print_setup(workbook, layouts=layouts)
    workbook.active = 0
    return workbook


def write_calculator(path: Path, *, force: bool = False) -> Path:
    """Write ``roi_calculator.xlsm`` reproducibly and atomically."""
    workbook = build_calculator()
    part = f"xl/worksheets/sheet{workbook.sheetnames.index('Calculator') + 1}.xml"
    return save_workbook(
        workbook,
        path,
        force=force,
        finish=lambda data: mark_dynamic(data, [(part, SIMULATION_ANCHOR)]),
    )
