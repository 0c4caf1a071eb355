"""The Gains sheet on the workbook's one timeline, printed for a reader (issue 21).

STYLE.md, "Workbooks that reviewers trust": Initial, Year 1, Year 2, Year 3 sit in
the same columns on every sheet that has them (D..G, as on the Costs and Summary
sheets); workings stay off the printed page; no internal name on a page.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.workbooks.templates import Fill, build_template

TIMELINE = ("Initial", "Year 1", "Year 2", "Year 3")
BOOKS = ("gain_attribution", "roi_business_case", "case")
#: Words a reader of the printed page should not meet (the common brief of issue 21).
INTERNAL = ("GainLines", "CostLines", "Table, counted", "CS_", "roi-xl", "time_decay")
INTERNAL += ("straight-line", "erlang c", "helper")


@cache
def _book(kind: str):
    if kind == "case":
        _, fill = parse_scenario(example_scenario_text())
        return build_template("roi_business_case", fill)
    return build_template(kind, Fill())


def _table_header(sheet, name: str) -> dict[str, object]:
    """The header row of table ``name``, by column letter."""
    first_col, row, last_col, _ = range_boundaries(sheet.tables[name].ref)
    return {get_column_letter(c): sheet.cell(row, c).value for c in range(first_col, last_col + 1)}


def _print_area(sheet) -> tuple[int, int, int, int]:
    return range_boundaries(sheet.print_area.split("!")[-1].replace("$", ""))


@pytest.mark.parametrize("kind", BOOKS)
def test_initial_to_year_3_sit_in_d_to_g_of_the_gains_table(kind):
    workbook = _book(kind)
    sheet = workbook["Gains"]
    header = _table_header(sheet, "GainLines")
    assert tuple(header[c] for c in "DEFG") == TIMELINE
    # the lever block above the table reads the same columns
    lever_header = next(r for r in range(1, 20) if sheet[f"A{r}"].value == "Gain line")
    assert tuple(sheet[f"{c}{lever_header}"].value for c in "DEFG") == TIMELINE
    # the totals by year stand in the Year columns
    for year, column in enumerate("EFG", start=1):
        ((title, ref),) = workbook.defined_names[f"Total_Gains_Y{year}"].destinations
        assert (title, ref.replace("$", "")[0]) == ("Gains", column)
    if "Costs" in workbook.sheetnames:  # and line up with the cost table's columns
        costs = _table_header(workbook["Costs"], "CostLines")
        assert tuple(costs[c] for c in "DEFG") == TIMELINE


@pytest.mark.parametrize("kind", BOOKS)
def test_gains_have_no_initial_amount(kind):
    # Gains start in Year 1: every gain line's Initial is 0, and the Initial total sums them
    sheet = _book(kind)["Gains"]
    _, header, _, last = range_boundaries(sheet.tables["GainLines"].ref)
    lever_header = next(r for r in range(1, 20) if sheet[f"A{r}"].value == "Gain line")
    levers = [r for r in range(lever_header + 1, header) if isinstance(sheet[f"C{r}"].value, str)]
    levers = [r for r in levers if sheet[f"C{r}"].value.startswith("=") and sheet[f"E{r}"].value]
    assert len(levers) == 7  # six levers and the support-attributed revenue
    for row in (*levers, *range(header + 1, last + 1)):
        assert sheet[f"D{row}"].value == 0, f"D{row}"
    total = next(
        r for r in range(1, lever_header) if sheet[f"A{r}"].value == "Total attributed gains"
    )
    assert sheet[f"D{total}"].value.startswith("=SUM(D")


@pytest.mark.parametrize("kind", BOOKS)
def test_the_printed_gains_page_holds_the_table_and_no_workings(kind):
    sheet = _book(kind)["Gains"]
    _, _, last_printed, last_row = _print_area(sheet)
    _, _, table_last, table_end = range_boundaries(sheet.tables["GainLines"].ref)
    assert (last_printed, last_row) == (table_last, table_end)
    # the workings (right of the table) say they are not printed, and are not
    workings = [
        cell
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "not printed" in cell.value
    ]
    assert workings and all(cell.column > last_printed for cell in workings)


@pytest.mark.parametrize("kind", BOOKS)
def test_the_printed_gains_page_names_nothing_internal(kind):
    sheet = _book(kind)["Gains"]
    first_col, first_row, last_col, last_row = _print_area(sheet)
    texts = []
    for row in sheet.iter_rows(
        min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col
    ):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                # what a formula can show: its texts, not those it compares a choice with
                texts += re.findall(r'(?<![=<>])"([^"]*)"', cell.value[1:])
            elif isinstance(cell.value, str):
                texts.append(cell.value)
    found = {word for word in INTERNAL for text in texts if word.lower() in text.lower()}
    assert not found


@pytest.mark.parametrize("kind", BOOKS)
def test_the_printed_gains_page_reads_at_8_points(kind):
    # Fit to one page wide shrinks the page by (printable width) / (printed width).
    # Letter landscape, the narrower paper: 11 in - 2 x 0.4 in margins = 734.4 pt.
    # LibreOffice 7 printed column A (width 28) of this sheet at 100% 155.4 pt wide (the
    # PDF's word positions): 5.55 pt a width. 11 pt text at >= 8 pt needs a scale of at
    # least 8/11: at most 734.4 / (8/11) / 5.55 = 182 widths.
    sheet = _book(kind)["Gains"]
    first_col, first_row, last_col, last_row = _print_area(sheet)
    assert sheet.page_setup.orientation == "landscape"
    width = sum(
        sheet.column_dimensions[get_column_letter(c)].width for c in range(first_col, last_col + 1)
    )
    assert width <= 182
    small = {
        cell.coordinate
        for row in sheet.iter_rows(
            min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col
        )
        for cell in row
        if cell.value is not None and cell.font.sz < 11
    }
    assert not small, f"text under 11 pt prints under 8 pt: {sorted(small)[:5]}"
    assert column_index_from_string("N") == last_col
