"""One timeline (issue 21; STYLE.md, "Workbooks that reviewers trust").

In every workbook roi_xl writes (the five templates blank, the business case
filled from the example scenario, and the calculator), hidden sheets included,
every row that holds the header "Year 1" holds "Initial", "Year 1", "Year 2",
"Year 3" in columns D, E, F, G: a row can be read across and compared with the
row above it, on any sheet. A sheet with years but no Initial keeps D for it.
Parametrised by workbook and sheet: ``pytest -k "Scenarios"`` runs one sheet.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.workbooks.generated import generated_sheets, generated_workbooks

#: The timeline of STYLE.md.
TITLES = ("Initial", "Year 1", "Year 2", "Year 3")
COLUMNS = ("D", "E", "F", "G")

#: The sheets that have a yearly timeline, so that the rule cannot pass by finding none.
TIMELINE_SHEETS = {"Costs", "Gains", "Scenarios", "Summary", "Totals"}


def _year_rows(sheet) -> list[int]:
    """The rows of a sheet with a cell that reads "Year 1" (a header, not a sentence)."""
    return sorted(
        {
            cell.row
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, str) and cell.value.strip() == "Year 1"
        }
    )


def _off_the_timeline(sheet) -> dict[int, list[Any]]:
    """Header rows whose D..G are not Initial..Year 3, with what they hold there."""
    return {
        row: [sheet[f"{column}{row}"].value for column in COLUMNS]
        for row in _year_rows(sheet)
        if tuple(sheet[f"{column}{row}"].value for column in COLUMNS) != TITLES
    }


@pytest.mark.parametrize(("book", "title"), generated_sheets())
def test_every_year_header_row_runs_initial_to_year_3_in_d_to_g(book, title):
    wrong = _off_the_timeline(generated_workbooks()[book][title])
    assert not wrong, f"{book} {title}: rows whose D..G are not {TITLES}: {wrong}"


@pytest.mark.parametrize("book", list(generated_workbooks()))
def test_the_sheets_with_years_have_a_year_header(book):
    # a sheet of the timeline that lost its header would pass the rule above unseen
    wb = generated_workbooks()[book]
    missing = {t for t in TIMELINE_SHEETS & set(wb.sheetnames) if not _year_rows(wb[t])}
    assert not missing, f"{book}: no 'Year 1' header on {sorted(missing)}"


def test_the_rule_finds_what_it_looks_for():
    # by hand: the years in B..E (as the Scenarios sheet had them) are off the timeline,
    # the same header in D..G is on it, and a sentence that mentions Year 1 is no header
    from openpyxl import Workbook

    sheet = Workbook().active
    for column, title in zip("ABCDE", ("Net cash flow", *TITLES), strict=True):
        sheet[f"{column}4"] = title
    for column, title in zip("ADEFG", ("Costs", *TITLES), strict=True):
        sheet[f"{column}8"] = title
    sheet["A1"] = "Gains start in Year 1"
    assert _year_rows(sheet) == [4, 8]
    assert _off_the_timeline(sheet) == {4: ["Year 2", "Year 3", None, None]}
