"""Hypothesis fuzzes every CS_ function through xlwings's Office.js call path.

Whatever a worksheet sends (numbers, text, blanks, booleans, huge and negative
values, NaN, error cells, ragged ranges), the function answers with a number,
a spilled array or an Excel error; the only exception allowed out is
``XlwingsError``, which Excel shows as ``#VALUE!`` with its message.
"""

import math

import pytest
import xlwings
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.excel.officejs import call
from tests.spec_names import SPEC_FUNCTIONS

ERROR_TYPES = {"Div0", "NotAvailable", "Name", "Null", "Num", "Ref", "Value"}
TEXT_RESULTS = {"CS_BENCHMARK_POSITION", "CS_ROI_SIMULATE"}

cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-2, max_value=2),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.integers(min_value=-5, max_value=2_000),
    st.none(),
    st.booleans(),
    st.text(max_size=12),
    st.sampled_from(["saas", "cost", "benefit", "high", "low", "SERVICES", "40%", ""]),
    st.sampled_from(
        [
            {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"},
            {"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"},
        ]
    ),
)
# Rectangular ranges, as Excel sends them, and ragged ones, which it never does.
rectangles = st.integers(1, 4).flatmap(
    lambda width: st.lists(st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=4)
)
ragged = st.lists(st.lists(cells, min_size=0, max_size=4), min_size=1, max_size=4)
ranges = st.one_of(st.builds(lambda c: [[c]], cells), rectangles, ragged)


def _is_excel_answer(cell, name):
    if isinstance(cell, dict):
        return cell.get("type") == "Error" and cell.get("errorType") in ERROR_TYPES
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int | float):
        return math.isfinite(cell)
    return isinstance(cell, str) and name in TEXT_RESULTS


@pytest.mark.parametrize("name", sorted(SPEC_FUNCTIONS))
@settings(max_examples=60)
@given(data=st.data())
def test_any_input_gives_an_excel_answer(name, data):
    args = data.draw(
        st.lists(ranges, min_size=len(SPEC_FUNCTIONS[name]), max_size=len(SPEC_FUNCTIONS[name]))
    )
    try:
        result = call(name, *args)
    except xlwings.XlwingsError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert isinstance(result, list) and result and all(isinstance(r, list) for r in result)
    for row in result:
        for cell in row:
            assert _is_excel_answer(cell, name), (args, result)
