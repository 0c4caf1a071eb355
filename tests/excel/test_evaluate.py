"""The Python evaluator of the calculator's formulas (roi_xl.excel.evaluate).

Expected values are Excel's documented rules, worked by hand in each case:
operator precedence (negation, then %, ^, * /, + -, &, comparisons) and error
propagation.
"""

from __future__ import annotations

import pytest

from roi_xl.excel.evaluate import ExcelError, FormulaError, evaluate

CELLS = {"A1": 2.0, "A2": 3.0, "A3": "text", "A4": None, "B1": 10.0}


def _value(formula):
    return evaluate(formula, CELLS.__getitem__)


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=1+2*3^2", 19.0),  # ^ before *, * before +: 1 + 2 * 9
        ("=-2^2", 4.0),  # Excel negates before ^: (-2)^2
        ("=50%*B1", 5.0),
        ("=(A1+A2)*B1", 50.0),
        ("=SUM(A1:A4)", 5.0),  # text and blank cells in a range are not counted: 2 + 3
        ("=SUM(A1,A2,B1)", 15.0),
        ("=ABS(-A2)", 3.0),
        ('=IF(A1<A2,"yes","NO")', "yes"),
        ('=IF(ABS(A1-A2)<=1E-9*ABS(A2),"yes","NO")', "NO"),
        ('="a"&A3', "atext"),
        ("=A4+1", 1.0),  # a blank cell counts as 0
        ('="A"="a"', True),  # text compares without case
    ],
)
def test_formulas(formula, expected):
    assert _value(formula) == expected


def test_errors_are_excel_errors_and_propagate():
    assert _value("=B1/0") == ExcelError("#DIV/0!")
    assert _value("=(B1/0)+1") == "#DIV/0!"
    assert _value("=A3*2") == "#VALUE!"  # text in arithmetic


def test_a_cs_function_is_the_python_function_excel_calls():
    # FORMULAS.md A: ROI of gains 1,300,000 against costs 1,000,000 = 30%
    assert evaluate("=CS_ROI(1300000,1000000)", CELLS.__getitem__) == pytest.approx(0.3)
    assert evaluate("=CS_ROI(1,0)", CELLS.__getitem__) == "#DIV/0!"


@pytest.mark.parametrize("formula", ["=VLOOKUP(1,A1:B1,2)", "=Sheet2!A1", "=1+"])
def test_what_it_does_not_know_is_refused(formula):
    with pytest.raises(FormulaError):
        _value(formula)


def test_a_defined_name_of_a_constant_is_its_value(tmp_path):
    # the calculator's model constants are names (Months_Per_Year, issue 21); by hand:
    # $120 paid back at $1,200 a year / 12 months = $100 a month -> 1.2 months
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    from roi_xl.excel.evaluate import python_values

    book = Workbook()
    sheet = book.active
    sheet.title = "Calc"
    sheet["B1"] = 12
    book.defined_names["Months_Per_Year"] = DefinedName("Months_Per_Year", attr_text="Calc!$B$1")
    sheet["A2"] = "=CS_PAYBACK_MONTHS(120,1200/months_per_year)"  # names ignore case
    path = tmp_path / "named.xlsx"
    book.save(path)
    assert python_values(path, {}) == {"Calc": {"A2": ("n", "1.2")}}
