"""``roi-xl pdf``: a workbook printed by LibreOffice, all its sheets or some, charts kept.

Needs LibreOffice and poppler-utils (``pdfinfo``, ``pdftotext``, ``pdftoppm``;
``make test`` installs them): the tests fail when they are missing.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zipfile
from dataclasses import replace

import openpyxl
import pytest
from defusedxml import ElementTree

from roi_xl.cli import main
from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.office.printout import copy_with_sheets, reader_sheets, sheet_names
from roi_xl.workbooks.attribution import TouchLogFill
from roi_xl.workbooks.templates import write_template

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _poppler(tool: str, *args: str) -> str:
    found = shutil.which(tool)
    assert found, f"{tool} not found: install poppler-utils (make test does)"
    return subprocess.run([found, *args], check=True, capture_output=True, text=True).stdout


def _pages(pdf) -> int:
    return int(re.search(r"Pages:\s+(\d+)", _poppler("pdfinfo", str(pdf))).group(1))


def _text(pdf) -> str:
    return _poppler("pdftotext", "-layout", str(pdf), "-")


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    folder = tmp_path_factory.mktemp("case")
    fill = parse_scenario(example_scenario_text())[1]
    return write_template("roi_business_case", folder / "case.xlsx", fill)


def test_the_sheets_of_a_workbook_in_order(case):
    # read from the workbook part by hand; openpyxl, an independent reader, agrees
    expected = openpyxl.load_workbook(case, read_only=True).sheetnames
    assert len(expected) > 10 and sheet_names(case) == expected


def test_a_copy_with_some_sheets_changes_only_the_workbook_part(case, tmp_path):
    copy = copy_with_sheets(case, ["Summary", "Costs"], tmp_path / "copy.xlsx")
    with zipfile.ZipFile(case) as before, zipfile.ZipFile(copy) as after:
        assert before.namelist() == after.namelist()
        changed = [n for n in before.namelist() if before.read(n) != after.read(n)]
        assert changed == ["xl/workbook.xml"], "charts and every other part copied byte for byte"
        workbook = after.read("xl/workbook.xml").decode()
    root = ElementTree.fromstring(workbook)
    sheets = root.iter(f"{{{MAIN}}}sheet")
    assert [s.get("name") for s in sheets if s.get("state") != "hidden"] == ["Summary", "Costs"]
    # only the kept sheets (Summary 1, Costs 4 after the hidden Summary Workings and
    # Assumptions) keep a print area: LibreOffice prints the others
    assert sheet_names(case)[1:5] == ["Summary", "Summary Workings", "Assumptions", "Costs"]
    areas = [
        n.get("localSheetId")
        for n in root.iter(f"{{{MAIN}}}definedName")
        if n.get("name") == "_xlnm.Print_Area"
    ]
    assert sorted(areas) == ["1", "4"], areas
    view = next(root.iter(f"{{{MAIN}}}workbookView"))
    assert view.get("activeTab") == "1", "the first kept sheet is the active one"


def _footers(pdf, workbook) -> list[str]:
    """The sheet named in the footer of each page (the footer: case, sheet, Page n of m)."""
    pages = _text(pdf).split("\f")
    names = "|".join(re.escape(n) for n in sheet_names(workbook))
    found = [re.findall(rf"({names})\s+Page \d+ of \d+", page) for page in pages if page.strip()]
    return [f[-1] if f else "" for f in found]


def test_pdf_of_the_whole_case_and_of_the_summary(case, tmp_path, capsys):
    # The whole case, for its reader (issue 21): the Summary is page 1; the user manual
    # (Start Here), the dropdown Lists and an Attribution sheet with no touches are not
    # printed; every other sheet is, in workbook order.
    assert main(["pdf", str(case), "-o", str(tmp_path / "all.pdf")]) == 0
    footers = _footers(tmp_path / "all.pdf", case)
    assert footers[0] == "Summary", footers
    assert not {"Start Here", "Lists", "Attribution"} & set(footers), footers
    printed = list(dict.fromkeys(footers))
    visible = [  # openpyxl, an independent reader, for which sheets are hidden
        ws.title for ws in openpyxl.load_workbook(case).worksheets if ws.sheet_state == "visible"
    ]
    expected = [n for n in visible if n not in ("Start Here", "Lists", "Attribution")]
    assert printed == expected

    summary = tmp_path / "summary.pdf"
    assert main(["pdf", str(case), "-o", str(summary), "--sheets", "summary", "--png"]) == 0
    assert _pages(summary) == 1, "TEMPLATES.md: the Summary prints on exactly one page"
    text = _text(summary)
    assert "Executive summary" in text and "Page 1 of 1" in text
    assert "Cumulative net benefit" in text, "the Summary's chart is printed (kept by the copy)"
    assert "Defaults and where they come from" not in text, "no other sheet (Start Here)"
    png = (tmp_path / "summary.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    width, height = struct.unpack(">II", png[16:24])  # the PNG's IHDR chunk
    # A4 landscape (297 x 210 mm) at 110 dots per inch: 1286.2 x 909.4 pixels (+1 rounding up)
    assert abs(width - 297 / 25.4 * 110) < 1 and abs(height - 210 / 25.4 * 110) < 1
    out = capsys.readouterr().out
    assert f"wrote {summary}" in out and f"wrote {tmp_path / 'summary.png'}" in out


def test_a_filled_attribution_sheet_and_a_sheet_asked_for_are_printed(tmp_path):
    touches = TouchLogFill(touches=[("J1", 45000.0, "Chat", 120.0)], support_channels=("Chat",))
    fill = replace(parse_scenario(example_scenario_text())[1], touch_log=touches)
    filled = write_template("roi_business_case", tmp_path / "filled.xlsx", fill)
    assert reader_sheets(filled)[0] == "Summary" and "Attribution" in reader_sheets(filled)
    pdf = tmp_path / "manual.pdf"
    assert main(["pdf", str(filled), "-o", str(pdf), "--sheets", "Start Here"]) == 0
    assert set(_footers(pdf, filled)) == {"Start Here"}


# Words of the model that mean nothing to the reader of a printout (issue 21): table
# names, CS_ functions, the command, option words.
INTERNAL = re.compile(
    r"\b(CostLines|GainLines|MonthlyActuals|TouchLog|CS_[A-Z_]+|roi-xl|time_decay|"
    r"straight-line|erlang c)\b"
)


def test_no_internal_name_on_any_printed_page(case, tmp_path):
    pdf = tmp_path / "case.pdf"
    assert main(["pdf", str(case), "-o", str(pdf)]) == 0
    found = [
        (number, word)
        for number, page in enumerate(_text(pdf).split("\f"), start=1)
        for word in INTERNAL.findall(page)
    ]
    assert not found, found

    pdf = tmp_path / "two.pdf"
    assert main(["pdf", str(case), "-o", str(pdf), "--sheets", "Costs,Assumptions"]) == 0
    footers = re.findall(r"(Assumptions|Costs|Summary|Start Here)\s+Page \d+ of \d+", _text(pdf))
    assert footers and set(footers) == {"Assumptions", "Costs"}, footers
    assert footers.index("Costs") > footers.index("Assumptions")


def test_pdf_default_output_beside_the_case_never_overwritten(case, tmp_path, capsys):
    source = tmp_path / "acme.xlsx"
    shutil.copyfile(case, source)
    mine = tmp_path / "acme.pdf"
    mine.write_bytes(b"the user's own PDF")
    assert main(["pdf", str(source), "--sheets", "Summary"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err
    assert mine.read_bytes() == b"the user's own PDF"
    assert main(["pdf", str(source), "--sheets", "Summary", "--force"]) == 0
    assert mine.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.pdf", "acme.xlsx"]


@pytest.mark.parametrize(
    ("make", "arguments", "message"),
    [
        (None, ["--sheets", "Summary,Forecast"], "has no sheet 'Forecast'"),
        (None, ["--sheets", ","], "--sheets needs sheet names"),
        ("text", [], "not an .xlsx workbook"),
        ("docx", [], "not an Excel workbook"),
        ("missing", [], "does not exist"),
    ],
)
def test_pdf_bad_input_is_one_line_and_writes_nothing(
    case, tmp_path, capsys, make, arguments, message
):
    source = case
    if make == "text":
        source = tmp_path / "notes.xlsx"
        source.write_text("not a workbook")
    elif make == "docx":
        source = tmp_path / "letter.docx"
        with zipfile.ZipFile(source, "w") as archive:
            archive.writestr(
                "_rels/.rels",
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                "</Relationships>",
            )
            archive.writestr("word/document.xml", '<w:document xmlns:w="urn:word"/>')
    elif make == "missing":
        source = tmp_path / "nope.xlsx"
    out = tmp_path / "out.pdf"
    assert main(["pdf", str(source), "-o", str(out), *arguments]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()
