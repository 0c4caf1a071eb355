"""The case's currency in every money format of every sheet (issue 21).

The formats are read from the written file's XML (styles, charts), not through
openpyxl, the library that wrote them. The printed pages are LibreOffice's
(``roi-xl pdf``) read by poppler's ``pdftotext``: those tests fail when either
is missing (``make test`` installs them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from defusedxml import ElementTree
from openpyxl.worksheet.formula import ArrayFormula

from roi_xl.cli import main
from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.workbooks.templates import write_template

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _case(folder: Path, currency: str) -> Path:
    fill = parse_scenario(example_scenario_text())[1]
    fill = replace(fill, inputs={**fill.inputs, "Currency": currency})
    return write_template("roi_business_case", folder / f"case_{currency}.xlsx", fill)


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    folder = tmp_path_factory.mktemp("currency")
    return {code: _case(folder, code) for code in ("USD", "EUR", "JPY", "SEK")}


def _formats(path: Path) -> dict[str, list[str]]:
    """The number formats of the file, read from its XML: the cells' (the ``numFmts``
    of styles.xml that a cell style uses), the charts' (axes, labels) and those of the
    conditional formats that follow the Currency cell, each with the rule's formula."""
    found: dict[str, list[str]] = {"cells": [], "charts": [], "conditional": []}
    with zipfile.ZipFile(path) as archive:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
        codes = {
            f.get("numFmtId"): f.get("formatCode")
            for f in styles.find(f"{MAIN}numFmts").iter(f"{MAIN}numFmt")
        }
        used = {xf.get("numFmtId") for xf in styles.find(f"{MAIN}cellXfs")}
        found["cells"] = [code for number, code in codes.items() if number in used]
        dxfs = list(styles.iter(f"{MAIN}dxf"))
        for name in archive.namelist():
            if name.startswith("xl/charts/chart"):
                chart = ElementTree.fromstring(archive.read(name))
                found["charts"] += [f.get("formatCode") for f in chart.iter(f"{CHART}numFmt")]
            if name.startswith("xl/worksheets/sheet"):
                sheet = ElementTree.fromstring(archive.read(name))
                for rule in sheet.iter(f"{MAIN}cfRule"):
                    fmt = dxfs[int(rule.get("dxfId"))].find(f"{MAIN}numFmt")
                    if fmt is not None:
                        formula = rule.find(f"{MAIN}formula").text
                        found["conditional"].append(f"{formula} -> {fmt.get('formatCode')}")
    return found


def _money(formats: list[str], symbol: str) -> list[str]:
    return [f for f in formats if f'"{symbol}"' in f]


def test_a_euro_case_has_no_dollar_in_any_number_format(cases):
    formats = _formats(cases["EUR"])
    assert not [f for f in formats["cells"] + formats["charts"] if "$" in f], formats
    # the amounts are there, in euros (a chart's axis has no symbol: an axis format cannot
    # follow a currency typed in later, so its title names the unit in words)
    assert _money(formats["cells"], "€")
    # a dollar only where the user types a dollar currency into the Currency cell
    dollars = [f for f in formats["conditional"] if "$" in f]
    assert dollars and all(re.search(r'"(USD|AUD|CAD)"', f) for f in dollars), dollars


def test_the_dollar_case_keeps_its_dollars(cases):
    formats = _formats(cases["USD"])
    # the house formats: "$"#,##0 and "$"#,##0.00, negatives with a minus sign in red
    assert '"$"#,##0;[Red]-"$"#,##0' in formats["cells"]
    assert '"$"#,##0.00;[Red]-"$"#,##0.00' in formats["cells"]
    assert not [f for f in formats["cells"] if "(#" in f], "no negatives in brackets"


def test_yen_has_no_decimals_and_an_unknown_code_is_a_prefix(cases):
    yen = _money(_formats(cases["JPY"])["cells"], "¥")
    assert yen and not [f for f in yen if "0.00" in f], yen
    krona = _money(_formats(cases["SEK"])["cells"], "SEK ")
    assert '"SEK "#,##0;[Red]-"SEK "#,##0' in krona, krona


def test_only_the_currency_changes_not_a_value(cases):
    dollars = openpyxl.load_workbook(cases["USD"])
    euros = openpyxl.load_workbook(cases["EUR"])
    assert dollars.sheetnames == euros.sheetnames
    differ = [
        (sheet.title, cell.coordinate)
        for sheet in dollars.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if _content(cell) != _content(euros[sheet.title][cell.coordinate])
    ]
    currency = next(iter(dollars.defined_names["Currency"].destinations))
    assert differ == [(currency[0], currency[1].replace("$", ""))]


def _content(cell):
    value = cell.value
    return (value.ref, value.text) if isinstance(value, ArrayFormula) else value


def _pdf_text(workbook: Path) -> str:
    pdf = workbook.with_suffix(".pdf")
    assert main(["pdf", str(workbook), "-o", str(pdf), "--force"]) == 0
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext not found: install poppler-utils (make test does)"
    return subprocess.run(
        [tool, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_no_dollar_on_any_printed_page_of_a_euro_case(cases):
    text = _pdf_text(cases["EUR"])
    assert "$" not in text, [line for line in text.splitlines() if "$" in line]
    # the example's AI platform: 400,000 a year (example_scenario.toml), in euros
    assert "€400,000" in text


def test_the_amounts_follow_a_currency_typed_in_later(cases, tmp_path):
    # a user of the dollar case types GBP into the Currency cell (openpyxl saves the
    # change; it drops the charts, which do not matter here)
    book = openpyxl.load_workbook(cases["USD"])
    sheet, ref = next(iter(book.defined_names["Currency"].destinations))
    book[sheet][ref.replace("$", "")] = "GBP"
    typed = tmp_path / "typed.xlsx"
    book.save(typed)
    text = _pdf_text(typed)
    assert "£400,000" in text
    assert not re.search(r"\$\d", text), [ln for ln in text.splitlines() if "$" in ln]
