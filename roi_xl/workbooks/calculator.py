"""``workbooks/roi_calculator.xlsm``: the CS_ functions at work in Excel.

Built from xlwings's own standalone quickstart workbook (which carries the
xlwings VBA module, so it needs no add-in to call Python), with:

* ``xlwings.conf``: the quickstart's settings sheet, activated, naming
  ``roi_xl.udfs`` as the UDF module;
* ``Calculator``: labelled inputs and a ``CS_`` formula for each lever, the
  headline ROI, payback, Erlang C staffing and a Monte Carlo range;
* ``Worked Examples``: each published example of FORMULAS.md with its inputs,
  the ``CS_`` formula, the published answer and the difference.

The inputs of the Calculator are the worked examples of FORMULAS.md where
the spec has one, and labelled "illustrative" where it does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

from ..core.examples import WORKED_EXAMPLES
from ..io.files import save_workbook
from . import styles
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


_SPEC_B = "worked example: cost levers"
_SPEC_C = "worked example: revenue levers"
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
        "20% shorter (worked example: cost levers)",
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
    Input("peak", "Peak contacts per half hour", 500, styles.NUMBER, _ILLUSTRATIVE),
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
        "=CS_PAYBACK_MONTHS({cost_setup},({gains}-{run})/12)",
        styles.MONTHS,
        "implementation cost / monthly net benefit",
    ),
    Output(
        "Agents at peak, before",
        "=CS_AGENTS_REQUIRED({peak},{aht_before}*60,1800,"
        "{sl_target},{answer},{occupancy},{shrinkage})",
        styles.NUMBER,
        "Erlang C",
        "agents_before",
    ),
    Output(
        "Agents at peak, after",
        "=CS_AGENTS_REQUIRED({peak}*(1-{deflection}),"
        "{aht_after}*60,1800,{sl_target},{answer},{occupancy},{shrinkage})",
        styles.NUMBER,
        "Erlang C, after deflection and shorter AHT",
        "agents_after",
    ),
    Output(
        "Service level after, same team",
        "=CS_SERVICE_LEVEL({agents_before}*(1-{shrinkage}),"
        "{peak}*(1-{deflection}),{aht_after}*60,1800,{answer})",
        styles.PERCENT,
        "agents on the phones before, traffic after",
    ),
)

#: Where the Monte Carlo table spills (2 rows x 5 columns) on the Calculator sheet.
SIMULATION_ANCHOR = "E31"
#: The whole table: an array formula over it (a dynamic array in Excel 365, see spill.py).
SIMULATION_RANGE = "E31:I32"
SIMULATION_FORMULA = (
    "=CS_ROI_SIMULATE({gains}*0.7,{gains},{gains}*1.2,{costs}*0.95,{costs},{costs}*1.1,10000,1)"
)

INPUT_ROW = 5  # first input row; outputs start on the same row


def _column_widths(sheet: Worksheet, widths: dict[str, float]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width


def cell_map() -> dict[str, str]:
    """The cell of every input and named output on the Calculator sheet."""
    cells = {item.key: f"$B${INPUT_ROW + i}" for i, item in enumerate(INPUTS)}
    cells.update({o.key: f"$F${INPUT_ROW + i}" for i, o in enumerate(OUTPUTS) if o.key})
    cells["costs"] = f"SUM({cells['cost_ai']}:{cells['cost_setup']})"
    return cells


def _calculator(sheet: Worksheet) -> None:
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
        sheet.cell(row, 1, item.label)
        styles.style_input(sheet.cell(row, 2, item.value), item.number_format)
        sheet.cell(row, 3, item.note).font = styles.NOTE_FONT
    for row, output in enumerate(OUTPUTS, start=INPUT_ROW):
        sheet.cell(row, 5, output.label)
        styles.style_formula(
            sheet.cell(row, 6, output.formula.format(**cells)), output.number_format
        )
        sheet.cell(row, 7, output.note).font = styles.NOTE_FONT
    anchor = sheet[SIMULATION_ANCHOR]
    sheet.cell(
        anchor.row - 1,
        anchor.column - 1,
        "Monte Carlo: gains 70%-120%, costs 95%-110% of the figures above",
    ).font = styles.SECTION_FONT
    sheet.cell(anchor.row, anchor.column - 1, "ROI range")
    anchor.value = ArrayFormula(SIMULATION_RANGE, SIMULATION_FORMULA.format(**cells))
    for offset in range(5):
        # every cell of the table is written, so that its cached value has a place
        sheet.cell(anchor.row, anchor.column + offset).alignment = Alignment(horizontal="right")
        sheet.cell(anchor.row + 1, anchor.column + offset).number_format = styles.PERCENT
    _column_widths(
        sheet, {"A": 34, "B": 14, "C": 30, "D": 2, "E": 34, "F": 16, "G": 44, "H": 12, "I": 12}
    )
    sheet.freeze_panes = "A5"


def _worked_examples(sheet: Worksheet) -> None:
    sheet["A1"] = "Worked examples, recomputed with the CS_ functions"
    sheet["A1"].font = styles.TITLE_FONT
    headers = (
        "Example",
        "Source",
        "Function",
        "CS_ result",
        "Published",
        "Difference",
        "Agrees",
        "Inputs",
    )
    for column, title in enumerate(headers, start=1):
        sheet.cell(3, column, title)
    styles.style_header([sheet.cell(3, c) for c in range(1, len(headers) + 1)])
    for row, example in enumerate(WORKED_EXAMPLES, start=4):
        number_format = styles.PERCENT if example.percent else styles.DECIMAL
        sheet.cell(row, 1, example.label)
        sheet.cell(row, 2, example.source).font = styles.NOTE_FONT
        sheet.cell(row, 3, example.function)
        column = 8
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
        styles.style_formula(sheet.cell(row, 6, f"=D{row}-E{row}"), number_format)
        allowed = example.tolerance if example.tolerance is not None else f"1E-9*ABS(E{row})"
        sheet.cell(row, 7, f'=IF(ABS(F{row})<={allowed},"yes","NO")')
    widths = {"A": 58, "B": 40, "C": 30, "D": 14, "E": 14, "F": 12, "G": 8}
    # the inputs (H onwards): wide enough for 60,000.00, not printed as ###
    widths.update({get_column_letter(c): 12 for c in range(8, sheet.max_column + 1)})
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
    _calculator(sheet)
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
