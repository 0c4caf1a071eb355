"""The templates' structure: names, tables, formulas, protection, validation, printing."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formula import Tokenizer
from openpyxl.utils import range_boundaries
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.formula import ArrayFormula

from roi_xl.office.cached import cache_values
from roi_xl.office.printout import copy_with_sheets
from roi_xl.office.recalc import convert
from roi_xl.workbooks.templates import TEMPLATES, build_template, write_template, write_templates

REPO = Path(__file__).resolve().parents[2]

# TEMPLATES.md: the inputs (sheet Assumptions) and outputs.
SPEC_INPUTS = [
    "Business_Type",
    "Discount_Rate",
    "Annual_Contacts",
    "Human_Cost_Per_Contact",
    "Automated_Cost_Per_Contact",
    "Deflection_Rate",
    "Deflection_Rate_Before",
    "AHT_Before_Min",
    "AHT_After_Min",
    # issue 20: one cost basis
    "Agent_Annual_Cost",
    "Paid_Hours_Per_Year",
    "Shrinkage",
    "Occupancy",
    "Cost_Per_Handle_Hour",
    "FCR_Before",
    "FCR_After",
    "Escalation_Rate_Before",
    "Escalation_Rate_After",
    "Cost_Per_Escalation",
    "Sales_Interactions",
    "Conversion_Before",
    "Conversion_After",
    "Average_Order_Value",
    "Customers",
    "Revenue_Per_Customer",
    "Churn_Before",
    "Churn_After",
    "Gross_Margin",
]
SPEC_GAINS = [
    "Gain_Deflection",
    "Contacts_After_Deflection",
    "Contacts_Handled_After",
    "Gain_AHT",
    "Gain_FCR",
    "Gain_Escalation",
    "Gain_Conversion",
    "Gain_Retention",
]
SPEC_COST_TOTALS = ["Total_Costs_Initial", "Total_Costs_Y1", "Total_Costs_Y2", "Total_Costs_Y3"]
SPEC_GAIN_TOTALS = ["Total_Gains_Y1", "Total_Gains_Y2", "Total_Gains_Y3"]
SPEC_SUMMARY = [
    "ROI_Year1",
    "ROI_3yr",
    "Net_Value_3yr",
    "Benefit_Cost_Ratio",
    "PV_Benefits",
    "PV_Costs",
    "NPV_3yr",
    "ROI_TEI",
    "Payback_Months",
    "Benchmark_Position",
    "IRR_3yr",
    "Discounted_Payback_Months",
]
SPEC_ATTRIBUTION = ["Support_Attributed_Revenue"]
# issue 20: cash apart from capacity, and the value-weighted risk adjustment (Gains sheet)
CASH_AND_CAPACITY = [
    "Capacity_Recapture",
    "Cash_Gains_3yr",
    "Capacity_Gains_3yr",
    "Capacity_Not_Counted_3yr",
    "Risk_Haircut_3yr",
    "Benefits_Risk_Adjustment",
]
# The staffing names of the decision-tools issue (#5).
STAFFING = [
    "Service_Level_Target",
    "Answer_Seconds",
    "Max_Occupancy",
    # issue 20: staffing by interval
    "Days_Open_Per_Week",
    "HourProfile",
    "Agents_Before",
    "Agents_After",
    "Agents_No_Longer_Needed",
    "Hard_Savings_Staffing",
    # issue 10: an agent is counted once
    "Agents_Freed_By_AHT",
    "Hard_Savings_AHT",
    "Staffing_Feeds_Totals",
]
CHECKS = ["Checks_Failed"]
# The Scenarios sheet's names: those the issue names, and the ones it asks for in words
# (NPV and payback per scenario, the target's gains, each lever's break-even input).
DECISIONS = [
    "ROI_Conservative",
    "ROI_Expected",
    "ROI_Optimistic",
    "NPV_Conservative",
    "NPV_Expected",
    "NPV_Optimistic",
    "Payback_Conservative",
    "Payback_Expected",
    "Payback_Optimistic",
    "Sensitivity_Percent",
    "Target_ROI",
    "Gains_Per_Year",
    "Breakeven_Gains",
    "Target_ROI_Gains",
    "Breakeven_Deflection_Rate",
    "Breakeven_AHT_After_Min",
    "Breakeven_FCR_After",
    "Breakeven_Escalation_Rate_After",
    "Breakeven_Conversion_After",
    "Breakeven_Churn_After",
]
# (rows, columns): the 8 gain lines x 3 scenarios, the costs x 3, the 8 lines sorted x
# (label, ROI down, ROI up)
DECISION_RANGES = {"Scenario_Gains": (8, 3), "Scenario_Costs": (1, 3), "Sensitivity_Table": (8, 3)}
# TRACKING.md §2: the Tracking sheet's input and outputs.
TRACKING = [
    "Go_Live_Date",
    "Months_Tracked",
    "Actual_Costs_To_Date",
    "Realised_Gains_To_Date",
    "Planned_Gains_To_Date",
    "Realised_ROI_To_Date",
    "Payback_Reached_Month",
    "Forecast_ROI_3yr",
    # issue 20
    "Plan_Costs_To_Date",
    "Plan_Gains_To_Date",
    "Plan_ROI_To_Date",
    "Variance_To_Date",
]
# TEMPLATES.md Print-ready: the case the executive summary names at its top (Assumptions).
CASE = ["Case_Name", "Case_Date", "Currency"]
# TEMPLATES.md Model constants (issue 21): on Assumptions, in every workbook that has it.
MODEL_CONSTANTS = [
    "Months_Per_Year",
    "Weeks_Per_Year",
    "Days_Per_Week",
    "Minutes_Per_Hour",
    "Seconds_Per_Hour",
    "Horizon_Years",
    "Horizon_Months",
    "Zero_Tolerance",
    "Check_Tolerance",
]
ALL_NAMES = (
    CASE
    + MODEL_CONSTANTS
    + TRACKING
    + CHECKS
    + DECISIONS
    + list(DECISION_RANGES)
    + STAFFING
    + SPEC_INPUTS
    + SPEC_GAINS
    + SPEC_COST_TOTALS
    + SPEC_GAIN_TOTALS
    + SPEC_SUMMARY
    + SPEC_ATTRIBUTION
    + CASH_AND_CAPACITY
)

# Functions every formula may use: in Excel 2007 (no _xlfn. prefix needed) and LibreOffice.
KNOWN_FUNCTIONS = {
    "SUM",
    "IF",
    "AND",
    "OR",
    "NOT",
    "ISBLANK",
    "ISERROR",
    "ISNA",
    "NA",
    "INDEX",
    "MATCH",
    "MAX",
    "TEXT",
    "SUMPRODUCT",
    "IFERROR",
    "EXP",
    "ROUNDUP",
    "ABS",
    "MIN",
    "IRR",
    "SUMIF",
    "ISNUMBER",
    "ISTEXT",
    "COUNTA",
    "COUNT",
    "YEAR",
    "MONTH",
    "LEN",
    "TRIM",
    "UPPER",
    "CHOOSE",
    "DATE",
    "COUNTIF",
    "ISERR",
    # issue 20: the hourly Erlang C search (Excel 2007 functions: no _xlfn prefix)
    "POISSON",
    "INT",
    "ROUND",
    # issue 21: the Summary's sentences without locale-dependent TEXT codes (FIXED: a number
    # with the reader's own separators; DAY for the year-month-day date)
    "FIXED",
    "DAY",
}
VOLATILE = {"OFFSET", "INDIRECT", "TODAY", "NOW", "RAND", "RANDBETWEEN", "CELL", "INFO"}


@pytest.fixture(scope="module", params=(*TEMPLATES, "value_tracking"))
def template(request):
    return request.param, build_template(request.param)


def _names(book):
    return {name: defined.attr_text for name, defined in book.defined_names.items()}


def test_business_case_has_exactly_the_spec_names():
    names = _names(build_template("roi_business_case"))
    assert sorted(names) == sorted(ALL_NAMES)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("cost_tracking", [*SPEC_COST_TOTALS, "Annual_Contacts"]),
        (
            "gain_attribution",
            [n for n in SPEC_INPUTS if n not in ("Business_Type", "Discount_Rate")]
            + SPEC_GAINS
            + SPEC_GAIN_TOTALS
            + SPEC_ATTRIBUTION
            + CASH_AND_CAPACITY,
        ),
        (
            "executive_summary",
            SPEC_COST_TOTALS
            + SPEC_GAIN_TOTALS
            + SPEC_SUMMARY
            + CASE
            + [
                "Business_Type",
                "Discount_Rate",
                "Human_Cost_Per_Contact",
                "Automated_Cost_Per_Contact",
                "Deflection_Rate",
                "AHT_Before_Min",
                "AHT_After_Min",
                "FCR_Before",
                "FCR_After",
                "Churn_Before",
                "Churn_After",
            ],
        ),
    ],
)
def test_each_template_has_the_names_that_apply(kind, expected):
    assert sorted(_names(build_template(kind))) == sorted(expected + MODEL_CONSTANTS)


#: the templates whose plan is typed on a Totals sheet
TOTALS_KINDS = ("executive_summary", "value_tracking")


def test_names_point_where_they_should(template):
    kind, book = template
    for name, target in _names(book).items():
        sheet = target.split("!")[0].strip("'")
        if name in SPEC_INPUTS + CASE + MODEL_CONSTANTS:
            assert sheet == "Assumptions", (name, target)
        elif name in SPEC_GAINS + SPEC_GAIN_TOTALS:
            assert sheet == ("Totals" if kind in TOTALS_KINDS else "Gains"), name
        elif name in SPEC_COST_TOTALS:
            assert sheet == ("Totals" if kind in TOTALS_KINDS else "Costs"), name
        elif name in SPEC_ATTRIBUTION:
            assert sheet == "Attribution", name
        elif name in STAFFING:
            assert sheet == "Staffing", name
        elif name in DECISIONS + list(DECISION_RANGES):
            assert sheet == "Scenarios", name
        elif name in CHECKS:
            assert sheet == "Checks", name
        elif name == "Capacity_Recapture":
            assert sheet == "Assumptions", name
        elif name in CASH_AND_CAPACITY:
            assert sheet == "Gains", name
        elif name in TRACKING:
            assert sheet == "Tracking", name
        else:  # issue 21: the Summary's named results are on its workings sheet
            assert sheet == "Summary Workings", name
        if name in DECISION_RANGES:
            first_column, first_row, last_column, last_row = range_boundaries(
                target.split("!")[1].replace("$", "")
            )
            shape = (last_row - first_row + 1, last_column - first_column + 1)
            assert shape == DECISION_RANGES[name], name
            continue
        if name == "HourProfile":  # issue 20: 24 shares of a day, one an hour, in a column
            left, top, right, bottom = range_boundaries(target.split("!")[1].replace("$", ""))
            assert (right - left, bottom - top) == (0, 23), target
            continue
        assert re.fullmatch(r"'?[\w ]+'?!\$[A-Z]+\$\d+", target), target  # one cell


def test_tables_and_sheets():
    case = build_template("roi_business_case")
    assert case.sheetnames == [
        "Start Here",
        "Summary",
        "Summary Workings",  # hidden: the Summary's named results and steps
        "Assumptions",
        "Costs",
        "Gains",
        "Scenarios",
        "Attribution",
        "Staffing",
        "Tracking",
        "TrackingMonths",  # hidden: the month-by-month figures
        "Checks",
        "Lists",
    ]
    assert case["TrackingMonths"].sheet_state == "hidden"
    assert case["Summary Workings"].sheet_state == "hidden"
    assert "TouchLog" in case["Attribution"].tables
    # TRACKING.md §2: the MonthlyActuals columns, exactly
    actuals = case["Tracking"].tables["MonthlyActuals"]
    assert [c.value for c in case["Tracking"][actuals.ref][0]] == [
        "Month",
        "Actual Costs",
        "Contacts",
        "Automated Contacts",
        "AHT (min)",
        "FCR",
        "Escalation Rate",
        "Conversions",
        "Sales Interactions",
        "Churned Customers",
        "Customers",
    ]
    costs = case["Costs"].tables["CostLines"]
    header = [c.value for c in case["Costs"][costs.ref][0]]
    assert header == [
        "Category",
        "Item",
        "Channel",
        "Initial",
        "Year 1",
        "Year 2",
        "Year 3",
        "Risk",
        "Notes",
    ]
    assert "GainLines" in case["Gains"].tables
    items = [row[1].value for row in case["Costs"][costs.ref][1:] if row[1].value]
    # issue 20: the business case's table holds what the change adds, pre-filled with the
    # lines of an investment, never today's running costs
    assert items == [
        "AI platform licences",
        "Implementation and integration",
        "Training and change management",
        "Knowledge and bot content",
        "QA of automated answers",
        "Project management",
        "Infrastructure (hosting, integration upkeep)",
    ]
    for running in ("Agent salaries", "Benefits", "Overtime", "Management", "Telephony"):
        assert not any(running in item for item in items), running
    assert "what it adds to today's operation" in case["Costs"]["A1"].value
    assert case["Costs"]["I3"].value == "Added cost per contact, Year 1"
    assert "Year 1 costs of this table / all contacts a year" in case["Costs"]["A2"].value


def _formulas(book):
    """(sheet, cell, formula text) of every formula, array formulas (the Staffing sheet's
    hourly Erlang C search) included."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, ArrayFormula):
                    yield sheet, cell, cell.value.text
                elif isinstance(cell.value, str) and cell.value.startswith("="):
                    yield sheet, cell, cell.value


def test_formulas_parse_and_use_only_known_functions(template):
    _, book = template
    used = set()
    for sheet, cell, text in _formulas(book):
        tokens = Tokenizer(text).items
        functions = {
            t.value.rstrip("(").upper() for t in tokens if t.type == "FUNC" and t.subtype == "OPEN"
        }
        assert functions <= KNOWN_FUNCTIONS, (sheet.title, cell.coordinate, functions)
        assert not functions & VOLATILE
        assert "_xlfn" not in text and "[" not in text  # no new functions, links
        # no whole-column or whole-row references
        assert not re.search(r"(?<![\w$])\$?[A-Z]{1,3}:\$?[A-Z]{1,3}(?![\w(])", text), text
        assert not re.search(r"(?<![\w$:])\$?\d+:\$?\d+(?![\w])", text), text
        used |= functions
    assert used  # the test looked at formulas


def _validated(sheet):
    cells = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for row, column in CellRange(cell_range.coord).cells:
                cells[(row, column)] = validation
    return cells


def test_protection_validation_and_locks(template):
    _, book = template
    for sheet in book.worksheets:
        assert sheet.protection.sheet, sheet.title
        validated = _validated(sheet)
        for (row, column), validation in validated.items():
            cell = sheet.cell(row, column)
            assert cell.protection.locked is False, (sheet.title, cell.coordinate)
            assert validation.prompt and validation.error and validation.showErrorMessage
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.protection.locked, (sheet.title, cell.coordinate)
                if cell.protection.locked is False:
                    assert (cell.row, cell.column) in validated, (sheet.title, cell.coordinate)
    for name, defined in book.defined_names.items():
        for title, ref in defined.destinations:
            cells = book[title][ref.replace("$", "")]
            rows = cells if isinstance(cells, tuple) else ((cells,),)
            for cell in (cell for row in rows for cell in row):
                if name in MODEL_CONSTANTS:  # fixed, locked, not an input
                    assert cell.protection.locked and isinstance(cell.value, (int, float, str))
                elif not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    assert (cell.row, cell.column) in _validated(book[title]), name


def test_craft(template):
    _kind, book = template
    assert book.sheetnames[0] == "Start Here"
    assert "Legend" in [c.value for c in book["Start Here"]["A"]]
    for title in ("Costs", "Gains", "Attribution"):
        if title in book.sheetnames:
            assert book[title].freeze_panes
    assert not any(sheet.title.startswith("Sheet") for sheet in book.worksheets)


def test_summary_prints_on_one_landscape_page_with_two_charts():
    for kind in ("executive_summary", "roi_business_case"):
        sheet = build_template(kind)["Summary"]
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 1)
        assert sheet.print_area
        assert len(sheet._charts) == 2


def test_summary_workings_are_a_hidden_sheet_of_their_own():
    # issue 21: no workings below the page; the Summary's names on its workings sheet,
    # whose timeline is Initial, Year 1, Year 2, Year 3 in D..G as on the page
    for kind in ("executive_summary", "roi_business_case"):
        book = build_template(kind)
        page, workings = book["Summary"], book["Summary Workings"]
        assert workings.sheet_state == "hidden"
        assert page.max_row <= 36 + 1, page.max_row  # nothing below the print area
        assert workings["A1"].value == "Summary workings" and "Not printed" in workings["A2"].value
        assert [workings[f"{c}4"].value for c in "DEFG"] == [
            "Initial",
            "Year 1",
            "Year 2",
            "Year 3",
        ]
        assert book.defined_names["ROI_3yr"].attr_text.startswith("'Summary Workings'!")


def _text_codes(formula: str) -> list[str]:
    """The format codes of the TEXT calls of ``formula``."""
    return re.findall(r'TEXT\([^()]*(?:\([^()]*\))?[^()]*,"([^"]*)"\)', formula)


def test_summary_sentences_use_no_locale_dependent_format_codes():
    # "#,##0", "0.0%" or "d mmmm yyyy" in TEXT read differently in a German or French Excel;
    # a whole percent ("0%") and zero-padded digits ("00") read alike everywhere
    assert _text_codes('=TEXT(A1,"#,##0")&TEXT(MONTH(B1),"00")') == ["#,##0", "00"]
    book = build_template("roi_business_case")
    codes = set()
    for title in ("Summary", "Summary Workings", "Checks", "Start Here"):
        for row in book[title].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    codes |= set(_text_codes(cell.value))
    assert codes and codes <= {"0%", "00"}, codes


def test_summary_chart_has_a_zero_line_and_a_unit():
    # issue 21: the value axis labels its 0, the years' axis crosses it there, labels below
    sheet = build_template("roi_business_case")["Summary"]
    bars = sheet._charts[0]
    assert bars.y_axis.number_format.formatCode.split(";")[2] == "0"  # its zero shows 0
    assert bars.x_axis.crosses == "autoZero" and bars.x_axis.tickLblPos == "low"
    # the unit: in the chart's header, following the Currency cell (no rotated axis title)
    row = sheet[sheet._charts[0].anchor._from.row]  # the row above the chart (0-based)
    header = next(c.value for c in row if "cumulative net benefit" in str(c.value))
    assert "Currency" in header and bars.y_axis.title is None
    assert bars.visible_cells_only is False  # the figures are on a hidden sheet


def test_no_macros_no_external_links(tmp_path):
    for path in write_templates(tmp_path):
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
        assert not any("vbaProject" in n or "externalLink" in n for n in names), path.name


def test_building_twice_gives_identical_bytes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_templates(tmp_path / "a")
    second = write_templates(tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_committed_templates_are_what_the_generator_writes(tmp_path):
    # `roi-xl templates` caches the values LibreOffice computes (LibreOffice required here)
    for fresh in cache_values(write_templates(tmp_path)):
        committed = REPO / "templates" / fresh.name
        assert committed.read_bytes() == fresh.read_bytes(), (
            f"templates/{fresh.name} is stale: run `make templates`"
        )


def test_summary_renders_to_a_one_page_pdf(tmp_path):
    # LibreOffice prints the executive summary; count the pages of the PDF.
    for kind in ("executive_summary", "roi_business_case"):
        whole = write_template(kind, tmp_path / f"whole-{kind}.xlsx")
        source = copy_with_sheets(whole, ["Summary"], tmp_path / f"{kind}.xlsx")
        pdf = convert([source], tmp_path / "pdf", "pdf")[0].read_bytes()
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, kind


def test_openpyxl_reads_templates_with_defusedxml():
    # openpyxl uses defusedxml when it is installed: XML attacks are refused on load.
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
    data = (REPO / "templates" / "roi_business_case.xlsx").read_bytes()
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames[0] == "Start Here"


def test_only_the_table_sheets_allow_inserting_rows():
    # TEMPLATES.md Model integrity: inserting rows inside CostLines and GainLines works on
    # the protected sheets (proved in LibreOffice in test_model_integrity.py)
    book = build_template("roi_business_case")
    allowed = {s.title for s in book.worksheets if s.protection.insertRows is False}
    assert allowed == {"Costs", "Gains", "Tracking"}  # and MonthlyActuals
    assert all(s.protection.deleteRows is not False for s in book.worksheets)


def test_core_checks_know_every_input_and_its_rule():
    # the Checks sheet and roi_xl.core.model_checks check the same inputs by the same rule
    from roi_xl.core.checks import INPUT_KINDS
    from roi_xl.workbooks.assumptions import ALL_ASSUMPTIONS
    from roi_xl.workbooks.staffing import INPUTS

    rules = {a.name: a.rule.kind for a in ALL_ASSUMPTIONS}
    rules |= {name: rule.kind for name, _, rule, _, _ in INPUTS}
    assert set(INPUT_KINDS) == set(rules) | {"Staffing_Feeds_Totals"}
    for name, kind in rules.items():
        expected = {"rate": "rate", "list": INPUT_KINDS[name], "days": "days"}.get(kind, "amount")
        assert INPUT_KINDS[name] == expected, name


def test_tracking_chart_draws_realised_months_as_columns_from_the_month_sheet():
    # LibreOffice draws a #N/A (a month not tracked yet) as 0: in a line the realised value
    # would fall to 0 after the last month tracked; a column of 0 draws nothing.
    for kind in ("roi_business_case", "value_tracking"):
        (chart,) = build_template(kind)["Tracking"]._charts
        assert chart.tagname == "barChart"
        (realised,) = chart.series
        # issue 20: one horizon, the plan's 36 months, in the chart as on the page
        assert realised.val.numRef.f == "'TrackingMonths'!$AR$5:$AR$40"
        (line,) = chart._charts[1:]
        assert line.tagname == "lineChart"
        assert [s.val.numRef.f for s in line.series] == ["'TrackingMonths'!$AP$5:$AP$40"]
        assert chart.visible_cells_only is False  # the month sheet is hidden
        # issue 21: a 0 line (the month axis crosses the values at 0, drawn) and a unit
        assert chart.x_axis.crosses == "autoZero" and chart.x_axis.spPr.ln.solidFill
        # the unit, in words in the title (an axis format cannot follow a currency typed in
        # later; a rotated axis title prints small and is read sideways)
        title = "".join(r.t for p in chart.title.tx.rich.p for r in p.r)
        assert title.endswith("in the currency of the case") and chart.y_axis.title is None
        assert '""' not in chart.y_axis.number_format.formatCode  # 0 labelled, not blanked


def test_tracking_months_count_on_from_the_row_above():
    # issue 21: no month number typed into a row: 0 in the first, the row above + 1 below
    sheet = build_template("value_tracking")["TrackingMonths"]
    assert sheet["A5"].value == "=0"
    assert [sheet[f"A{row}"].value for row in (6, 124)] == ["=$A5+1", "=$A123+1"]


def test_list_validations_store_their_source_without_an_equals_sign():
    # issue 21: Excel stores a list's source as Lists!$A$2:$A$4 (its files have no "=")
    checked = 0
    for path in sorted((REPO / "templates").glob("*.xlsx")):
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            for validation in sheet.data_validations.dataValidation:
                if validation.type == "list":
                    assert not validation.formula1.startswith("="), (path.name, sheet.title)
                    checked += 1
    assert checked >= 5


def test_tracking_names_one_horizon():
    # issue 20: the page said "120 months", the chart "first 48", the plan runs 36
    for kind in ("roi_business_case", "value_tracking"):
        sheet = build_template(kind)["Tracking"]
        (chart,) = sheet._charts
        title = "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))
        texts = [str(sheet["A1"].value), str(sheet["A2"].value), title]
        horizons = {int(n) for text in texts for n in re.findall(r"(\d+) months", text)}
        assert horizons == {36}, texts
