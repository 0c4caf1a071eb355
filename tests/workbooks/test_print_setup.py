"""Every sheet of every workbook prints well: print setup, page counts from LibreOffice's PDF.

The page limits are the contract's (TEMPLATES.md, *Print-ready*): the filled
business case in at most 15 pages, each smaller template in at most 6, the
executive summary in exactly one. Pages are counted by ``pdfinfo`` (poppler)
on the PDF LibreOffice writes; the test fails when either is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl.utils import coordinate_to_tuple, get_column_letter, range_boundaries

from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.office.printout import copy_with_sheets, reader_sheets
from roi_xl.office.recalc import convert
from roi_xl.workbooks.calculator import build_calculator
from roi_xl.workbooks.checks import WORK_ROW
from roi_xl.workbooks.scenarios import (
    BREAKEVEN_HEADER,
    HELPER_HEADER,
    RESULT_HEADER,
    SENSITIVITY_ROW,
    SORTED_HEADER,
    WORKINGS_ROW,
)
from roi_xl.workbooks.staffing import TABLE_HEADER
from roi_xl.workbooks.templates import (
    TEMPLATES,
    VALUE_TRACKING,
    Fill,
    build_template,
    write_template,
)
from roi_xl.workbooks.tracking import HEADER_ROW as TRACKING_HEADER
from roi_xl.workbooks.tracking import MONTHS_SHEET

#: The contract's limits in pages.
CASE_PAGES = 15
#: A small template's pages; gain_attribution one more: its Gains sheet prints on two
#: pages so that no text is under 8 pt (issue 21)
TEMPLATE_PAGES = 6
SMALL_TEMPLATES = ("cost_tracking", "gain_attribution", "executive_summary", VALUE_TRACKING)
#: Every template, blank, and the example case filled from the embedded scenario.
ALL_TEMPLATES = (*TEMPLATES, VALUE_TRACKING)


def _pdf_info(pdf: Path) -> dict[str, str]:
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "pdfinfo not found: install poppler-utils (make test does)"
    out = subprocess.run([pdfinfo, str(pdf)], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def _pages(pdf: Path) -> int:
    return int(_pdf_info(pdf)["Pages"].strip())


def _example() -> Fill:
    return parse_scenario(example_scenario_text())[1]


def _every_workbook():
    yield "calculator", build_calculator()
    for kind in ALL_TEMPLATES:
        yield kind, build_template(kind)
    yield "example case", build_template("roi_business_case", _example())


@pytest.mark.parametrize(("label", "workbook"), list(_every_workbook()))
def test_every_sheet_has_the_print_setup(label, workbook):
    papers = set()
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue  # a hidden sheet does not print
        where = f"{label}: {sheet.title}"
        assert sheet.print_area, f"{where} has no print area"
        setup = sheet.page_setup
        if sheet.sheet_properties.pageSetUpPr.fitToPage:
            assert setup.fitToWidth == 1, f"{where} is not fit to one page wide"
        else:
            # one page wide would print its text under 8 pt: it prints at a set scale,
            # no smaller than 8 pt for its smallest text (11 pt text: 8 / 11 = 73%)
            smallest = min(
                c.font.sz for row in sheet.iter_rows() for c in row if c.value is not None
            )
            assert setup.scale and setup.scale >= 8 / smallest * 100, f"{where}: {setup.scale}"
        assert sheet.page_setup.orientation in ("portrait", "landscape"), where
        papers.add(sheet.page_setup.paperSize)
        footer = sheet.oddFooter
        assert footer.center.text == "&A", f"{where}: the footer names no sheet"
        assert footer.right.text == "Page &P of &N", f"{where}: the footer has no page n of m"
        # the footer prints at 8 pt or more once the page is scaled (at most to 73%)
        assert footer.center.size >= 8 and footer.right.size == footer.center.size, where
    assert papers == {9}, f"{label}: one paper for the whole workbook, A4 (code 9) by default"


@pytest.mark.parametrize(("label", "workbook"), list(_every_workbook()))
def test_no_helper_label_prints(label, workbook):
    # Regression: the Scenarios sheet printed its payback helper ("Last year under
    # water", values "Initial") beside the net cash flow table. A helper's label says
    # "helper"; none may stand inside a print area.
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        first_col, first_row, last_col, last_row = range_boundaries(
            sheet.print_area.split("!")[-1].replace("$", "")
        )
        for row in sheet.iter_rows(first_row, last_row, first_col, last_col):
            for cell in row:
                text = cell.value if isinstance(cell.value, str) else ""
                assert not re.search(r"helper|under water", text, re.IGNORECASE) or (
                    text.startswith("=")
                ), f"{label}: {sheet.title}!{cell.coordinate} prints {text!r}"


def test_checks_repeat_their_header_row():
    checks = build_template("roi_business_case", _example())["Checks"]
    assert checks.print_title_rows, "the list of checks runs over two pages"


def test_helper_blocks_stay_out_of_the_print_area():
    workbook = build_template("roi_business_case", _example())
    staffing = workbook["Staffing"].print_area
    _, _, _, last_row = range_boundaries(staffing.split("!")[-1].replace("$", ""))
    assert last_row < TABLE_HEADER, f"the Erlang table prints: {staffing}"
    attribution = workbook["Attribution"]
    _, _, last_column, _ = range_boundaries(attribution.print_area.split("!")[-1].replace("$", ""))
    assert last_column == 4, "only the touch log (A:D) prints, not its helper columns"
    assert attribution.print_title_rows, "the touch log's header repeats on every page"
    assert workbook["Costs"].print_title_rows, "the cost table's header repeats on every page"
    # issue 21: the steps of the check status (G:H) and the checks' workings below the list
    checks = workbook["Checks"].print_area.split("!")[-1].replace("$", "")
    _, _, last_column, last_row = range_boundaries(checks)
    assert last_column == 5 and last_row < WORK_ROW, checks
    assert workbook["Checks"][f"A{WORK_ROW}"].value.startswith("Workings of the checks")


def test_footer_names_the_case_and_escapes_ampersands():
    fill = replace(_example(), case_name="R&D support & service")
    workbook = build_template("roi_business_case", fill)
    # "&" starts a code in a header or footer (&A, &P): a literal one is written "&&".
    footers = {s.oddFooter.left.text for s in workbook.worksheets if s.print_area}
    assert footers == {"R&&D support && service"}


def test_letter_paper_for_every_sheet(tmp_path):
    fill = replace(_example(), paper="Letter")
    workbook = build_template("roi_business_case", fill)
    assert {s.page_setup.paperSize for s in workbook.worksheets if s.print_area} == {1}  # 1: Letter
    pdf = convert(
        [write_template("roi_business_case", tmp_path / "letter.xlsx", fill)], tmp_path, "pdf"
    )[0]
    # US Letter is 8.5 x 11 in = 612 x 792 pt (pdfinfo shows the first page, either way up).
    size = _pdf_info(pdf)["Page size"]
    width, height = (float(v) for v in re.match(r"\s*([\d.]+) x ([\d.]+) pts", size).groups())
    assert sorted((width, height)) == [612, 792], size


def test_page_counts_from_libreoffice(tmp_path):
    sources = [write_template(kind, tmp_path / f"{kind}.xlsx") for kind in ALL_TEMPLATES]
    sources.append(write_template("roi_business_case", tmp_path / "case.xlsx", _example()))
    # a business case as its reader gets it (`roi-xl pdf`): the Summary first, without the
    # manual (Start Here) and the sheets left empty
    for kind in ("roi_business_case", "case"):
        source = tmp_path / f"{kind}.xlsx"
        printed = copy_with_sheets(source, reader_sheets(source), tmp_path / f"{kind}-printed.xlsx")
        sources[sources.index(source)] = printed.replace(source)
    # the Summary alone, as `roi-xl pdf --sheets Summary` prints it
    sources.append(copy_with_sheets(sources[-1], ["Summary"], tmp_path / "summary.xlsx"))
    pages = {pdf.stem: _pages(pdf) for pdf in convert(sources, tmp_path / "pdf", "pdf")}
    for kind in SMALL_TEMPLATES:
        limit = TEMPLATE_PAGES + (kind == "gain_attribution")  # the Gains sheet: 2 pages
        assert pages[kind] <= limit, f"{kind} prints on {pages[kind]} pages"
    assert pages["roi_business_case"] <= CASE_PAGES, pages
    assert pages["case"] <= CASE_PAGES, f"the filled business case prints on {pages['case']} pages"
    assert pages["summary"] == 1, f"the executive summary prints on {pages['summary']} pages"


def _area(sheet) -> tuple[int, int, int, int]:
    return range_boundaries(sheet.print_area.split("!")[-1].replace("$", ""))


def test_tracking_prints_its_table_and_chart_not_the_month_by_month_sheet():
    for label, workbook in (
        ("example case", build_template("roi_business_case", _example())),
        (VALUE_TRACKING, build_template(VALUE_TRACKING)),
    ):
        sheet = workbook["Tracking"]
        _, _, last_column, _ = _area(sheet)
        _, _, table_end, _ = range_boundaries(sheet.tables["MonthlyActuals"].ref)
        assert table_end <= last_column, f"{label}: {sheet.print_area}"
        assert sheet.print_title_rows == f"${TRACKING_HEADER}:${TRACKING_HEADER}", label
        # the month-by-month helper block is a sheet of its own that does not print
        assert workbook[MONTHS_SHEET].sheet_state == "hidden", label


def test_scenarios_helpers_do_not_print():
    sheet = build_template("roi_business_case", _example())["Scenarios"]
    _, _, last_column, last_row = _area(sheet)
    # the timeline runs Initial..Year 3 in D..G; the payback workings (tolerance, last
    # year under water) stand right of it, in H and I
    assert last_column == 7, "columns H and I (the payback workings) are helpers"
    assert last_row < WORKINGS_ROW, "the break-even workings print"
    helper_rows = range(HELPER_HEADER, SORTED_HEADER - 1)
    assert all(sheet.row_dimensions[r].hidden for r in helper_rows), "unsorted helper table"
    # pages: the scenarios' inputs; their results and the sensitivity; the break-evens
    assert [b.id for b in sheet.row_breaks.brk] == [RESULT_HEADER - 1, BREAKEVEN_HEADER - 1]
    assert RESULT_HEADER < SENSITIVITY_ROW < BREAKEVEN_HEADER


def _column_pixels(sheet, column: int) -> float:
    dimension = sheet.column_dimensions.get(get_column_letter(column))
    width = dimension.width if dimension is not None and dimension.width else 8.43
    return width * 7 + 5  # Excel: a character of Calibri 11 is 7 px, plus 5 px of padding


def _row_pixels(sheet, row: int) -> float:
    dimension = sheet.row_dimensions[row]
    if dimension.hidden:
        return 0.0
    return (dimension.height or 15) * 96 / 72  # points to pixels at 96 dpi


@pytest.mark.parametrize(("label", "workbook"), list(_every_workbook()))
def test_every_chart_lies_inside_the_print_area(label, workbook):
    # A chart's size is in cm (openpyxl: width, height); 1 cm is 96 / 2.54 pixels.
    for sheet in workbook.worksheets:
        for chart in sheet._charts:
            if sheet.sheet_state != "visible":
                continue
            anchor = chart.anchor
            first_col, first_row, last_col, last_row = _area(sheet)
            if not isinstance(anchor, str):  # a two-cell anchor: both corners in the area
                start, end = anchor._from, anchor.to  # markers count from 0
                where = f"{label}: {sheet.title} chart from {start.col},{start.row}"
                assert first_col <= start.col + 1 and first_row <= start.row + 1, where
                # the end marker's cell holds the corner unless its offset is 0 (then the
                # chart ends on the cell's left or top edge)
                end_col = end.col + (1 if end.colOff else 0)
                end_row = end.row + (1 if end.rowOff else 0)
                assert end_col <= last_col, f"{where} sticks out on the right"
                assert end_row <= last_row, f"{where} sticks out at the bottom"
                continue
            column, row = coordinate_to_tuple(anchor)[::-1]
            where = f"{label}: {sheet.title} chart at {anchor}"
            assert first_col <= column <= last_col and first_row <= row <= last_row, where
            room_x = sum(_column_pixels(sheet, c) for c in range(column, last_col + 1))
            room_y = sum(_row_pixels(sheet, r) for r in range(row, last_row + 1))
            assert chart.width * 96 / 2.54 <= room_x, f"{where} sticks out on the right"
            assert chart.height * 96 / 2.54 <= room_y, f"{where} sticks out at the bottom"


def _page_texts(pdf: Path) -> list[str]:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext not found: install poppler-utils (make test does)"
    out = subprocess.run(
        [pdftotext, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.split("\f")[: _pages(pdf)]


def test_no_chart_cut_across_pages_and_no_empty_page(tmp_path):
    sources = [write_template(kind, tmp_path / f"{kind}.xlsx") for kind in ALL_TEMPLATES]
    sources.append(write_template("roi_business_case", tmp_path / "case.xlsx", _example()))
    # a business case as its reader gets it (`roi-xl pdf`): the Summary first, without the
    # manual (Start Here) and the sheets left empty
    for kind in ("roi_business_case", "case"):
        source = tmp_path / f"{kind}.xlsx"
        printed = copy_with_sheets(source, reader_sheets(source), tmp_path / f"{kind}-printed.xlsx")
        sources[sources.index(source)] = printed.replace(source)
    for pdf in convert(sources, tmp_path / "pdf", "pdf"):
        pages = _page_texts(pdf)
        for number, text in enumerate(pages, start=1):
            lines = [line for line in text.splitlines() if line.strip()]
            # every page has more than its footer (case name, sheet, "Page n of m")
            assert len(lines) > 1, f"{pdf.stem}: page {number} is empty"
        # a chart's title is at its top, its legend at its bottom: a chart cut by a page
        # break has them on two pages
        for title, legend in (
            ("Tornado: change in 3-year ROI", "Up vs 3-year ROI (pts)"),
            ("Cumulative net value over the plan's", "Cumulative net, realised"),
        ):
            on = [i for i, text in enumerate(pages) if title in " ".join(text.split())]
            if pdf.stem in ("cost_tracking", "gain_attribution", "executive_summary"):
                assert not on, f"{pdf.stem} has no {title!r} chart"
                continue
            if "Tornado" in title and pdf.stem == VALUE_TRACKING:
                continue
            assert len(on) == 1, f"{pdf.stem}: {title!r} on pages {on}"
            page = " ".join(pages[on[0]].split())
            assert legend in page, f"{pdf.stem}: the {title!r} chart is cut by a page"
