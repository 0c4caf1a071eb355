"""Outside Pyodide, xlwings's per-cell Pyodide checks are answered at once (excel.decorator)."""

import importlib
import sys

import pytest

from roi_xl.excel import decorator as _excel
from tests.excel.officejs import call


def test_pyodide_imports_fail_at_once_outside_pyodide():
    # conftest.py runs the suite as xlwings Server does (XLWINGS_ON_SERVER=true), on Linux.
    assert not _excel.UNDER_PYODIDE
    assert sys.modules["pyodide"] is None and sys.modules["pyodide.ffi"] is None
    with pytest.raises(ImportError, match=r"None in sys\.modules"):
        importlib.import_module("pyodide.ffi")


def test_under_pyodide_nothing_is_changed(monkeypatch):
    monkeypatch.setattr(_excel, "UNDER_PYODIDE", True)
    monkeypatch.delitem(sys.modules, "pyodide")
    monkeypatch.delitem(sys.modules, "pyodide.ffi")
    _excel.fail_pyodide_imports_fast()
    assert "pyodide" not in sys.modules and "pyodide.ffi" not in sys.modules


def test_blank_cells_still_read_as_blank():
    # FORMULAS.md B: 100,000 contacts, a blank deflection rate is 0 -> all 100,000 remain;
    # a blank optional argument takes its default (CS_RISK_ADJUST kind: benefit, -10%).
    assert call("CS_CONTACTS_AFTER_DEFLECTION", [[100_000]], [[None]]) == [[100_000]]
    assert call("CS_RISK_ADJUST", [[100_000]], [[0.1]], [[None]]) == [[90_000]]
