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
from openpyxl.utils import range_boundaries

from roi_xl.recalc import convert
from roi_xl.scenario import example_scenario_text, parse_scenario
from roi_xl.workbooks.calculator import build_calculator
from roi_xl.workbooks.staffing import TABLE_HEADER
from roi_xl.workbooks.templates import TEMPLATES, Fill, build_template, write_template

#: The contract's limits in pages.
CASE_PAGES = 15
TEMPLATE_PAGES = 6
SMALL_TEMPLATES = ("cost_tracking", "gain_attribution", "executive_summary")


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
    for kind in TEMPLATES:
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
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
        assert sheet.page_setup.fitToWidth == 1, f"{where} is not fit to one page wide"
        assert sheet.page_setup.orientation in ("portrait", "landscape"), where
        papers.add(sheet.page_setup.paperSize)
        footer = sheet.oddFooter
        assert footer.center.text == "&A", f"{where}: the footer names no sheet"
        assert footer.right.text == "Page &P of &N", f"{where}: the footer has no page n of m"
    assert papers == {9}, f"{label}: one paper for the whole workbook, A4 (code 9) by default"


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
    sources = [write_template(kind, tmp_path / f"{kind}.xlsx") for kind in TEMPLATES]
    sources.append(write_template("roi_business_case", tmp_path / "case.xlsx", _example()))
    sources.append(
        write_template(
            "roi_business_case", tmp_path / "summary.xlsx", _example(), summary_only=True
        )
    )
    pages = {pdf.stem: _pages(pdf) for pdf in convert(sources, tmp_path / "pdf", "pdf")}
    for kind in SMALL_TEMPLATES:
        assert pages[kind] <= TEMPLATE_PAGES, f"{kind} prints on {pages[kind]} pages"
    assert pages["roi_business_case"] <= CASE_PAGES, pages
    assert pages["case"] <= CASE_PAGES, f"the filled business case prints on {pages['case']} pages"
    assert pages["summary"] == 1, f"the executive summary prints on {pages['summary']} pages"
