"""A model a reviewer can read (issue 21; STYLE.md, "Workbooks that reviewers trust").

Over every sheet of every workbook roi_xl writes (the five templates blank, the
business case filled from the example scenario with a tracked month, and the
calculator), hidden sheets included:

- no formula longer than 200 characters (intermediate results in labelled rows);
- no number typed into a formula but 0 and 1 (12, 60, 3,600, the horizon and the
  tolerances are the named constants of the Assumptions sheet);
- defined names hold no long formula either.

Numbers are read with openpyxl's formula tokenizer, so a digit inside a cell
reference (``B12``), a sheet name or a text literal is not a number.
Parametrised by workbook and sheet: ``pytest -k "Tracking"`` runs one sheet.
"""

from __future__ import annotations

import pytest
from openpyxl.formula.tokenizer import Token, Tokenizer

from roi_xl.workbooks.constants import CONSTANTS
from tests.workbooks.generated import generated_sheets, generated_workbooks

LONGEST = 200
ALLOWED_NUMBERS = {0.0, 1.0}


def _formulas(book: str, title: str):
    for row in generated_workbooks()[book][title].iter_rows():
        for cell in row:
            value = cell.value
            text = getattr(value, "text", value)  # an ArrayFormula holds its text
            if isinstance(text, str) and text.startswith("="):
                yield cell.coordinate, text


def _numbers(formula: str) -> list[str]:
    return [
        token.value
        for token in Tokenizer(formula).items
        if token.type == Token.OPERAND
        and token.subtype == Token.NUMBER
        and float(token.value) not in ALLOWED_NUMBERS
    ]


@pytest.mark.parametrize(("book", "title"), generated_sheets())
def test_no_formula_longer_than_200_characters(book, title):
    long = {ref: len(text) for ref, text in _formulas(book, title) if len(text) > LONGEST}
    assert not long, (
        f"{book} {title}: {len(long)} formulas over {LONGEST}: {dict(list(long.items())[:5])}"
    )


@pytest.mark.parametrize(("book", "title"), generated_sheets())
def test_no_number_in_a_formula_but_0_and_1(book, title):
    found = {ref: numbers for ref, text in _formulas(book, title) if (numbers := _numbers(text))}
    assert not found, (
        f"{book} {title}: {len(found)} formulas type numbers: {dict(list(found.items())[:5])}"
    )


@pytest.mark.parametrize("book", list(generated_workbooks()))
def test_defined_names_are_short(book):
    names = generated_workbooks()[book].defined_names
    long = {name: len(d.attr_text) for name, d in names.items() if len(d.attr_text) > LONGEST}
    assert not long


def test_the_rules_find_what_they_look_for():
    # the tokenizer sees numbers, not digits of references, sheet names or texts
    assert _numbers("=A12*12+'Year 3'!B2/60&\"36 months\"") == ["12", "60"]
    assert _numbers("=IF(A1>0,1,0)-1E-9") == ["1E-9"]


def test_every_constant_is_named_in_each_workbook_with_an_assumptions_sheet():
    for book, wb in generated_workbooks().items():
        if "Assumptions" in wb.sheetnames:
            assert {c.name for c in CONSTANTS} <= set(wb.defined_names), book
