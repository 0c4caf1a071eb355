"""The classic Windows add-in path, as far as Linux allows.

The classic add-in (``xlwings.udfs``) imports the Windows-only modules
``pythoncom``, ``pywintypes`` and ``win32com`` at the top of the module, for
the COM server it talks to Excel through. None of them exists on Linux, and
none of them is used by the two pieces under test here: ``xlfunc``/``xlarg``
(which read a function's signature and options) and ``generate_vba_wrapper``
(which writes the VBA module Excel imports). So the test replaces those three
modules with empty stand-ins, imports the *real* ``xlwings.udfs``, registers
roi_xl's functions with it and generates the real VBA.
"""

import io
import re
import sys
import types

import pytest

from roi_xl.excel import udfs
from roi_xl.excel.decorator import register
from tests.spec_names import SPEC_DEFAULTS, SPEC_FUNCTIONS

# VBA's reserved words and statement keywords: an argument named like one of
# these breaks the generated module when Excel imports it.
VBA_RESERVED = {
    word.lower()
    for word in """
    AddressOf Alias And Any Append As Attribute Base Binary Boolean ByRef Byte ByVal Call Case
    CBool CByte CCur CDate CDbl CDec CDecl CInt CLng CLngLng CLngPtr Close Compare Const CSng
    CStr Currency CVar CVErr Date Debug Decimal Declare DefBool DefByte DefCur DefDate DefDbl
    DefDec DefInt DefLng DefLngLng DefLngPtr DefObj DefSng DefStr DefVar Dim Do DoEvents Double
    Each Else ElseIf Empty End EndIf Enum Eqv Erase Error Event Exit Explicit False Fix For
    Friend Function Get Global GoSub GoTo If Imp Implements In Input Int Integer Is LBound Len
    Let Lib Like Line Load Local Lock Long LongLong LongPtr Loop LSet Me Mid Mod Name New Next
    Not Nothing Null Object On Open Option Optional Or Output ParamArray Preserve Print Private
    Property PtrSafe Public Put RaiseEvent Random Read ReDim Rem Reset Resume Return RSet Seek
    Select Set Shared Single Spc Static Step Stop String Sub Tab Text Then Time To True Type
    TypeOf UBound Unload Unlock Until Variant Wend While Width With WithEvents Write Xor
    """.split()  # noqa: SIM905 - a word list reads best as words
}
VBA_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,254}$")


@pytest.fixture
def classic(monkeypatch):
    """The real classic ``xlwings.udfs`` module, imported with Windows stand-ins."""
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *a, **k: None
    win32com.client = client
    for name, module in {
        "pythoncom": pythoncom,
        "pywintypes": types.ModuleType("pywintypes"),
        "win32com": win32com,
        "win32com.client": client,
    }.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.delitem(sys.modules, "xlwings.udfs", raising=False)
    import xlwings.udfs as classic_udfs

    yield classic_udfs
    sys.modules.pop("xlwings.udfs", None)


@pytest.fixture
def classic_module(classic):
    """roi_xl's functions registered with the classic add-in's own decorators."""
    module = types.ModuleType("roi_xl.udfs")
    for name in udfs.__all__:
        spec = getattr(udfs, name).__roi_xl__
        setattr(module, name, register(spec, classic.xlfunc, classic.xlarg, on_server=False))
    return module


class FakeWorkbook:
    Name = "roi_calculator.xlsm"


def test_vba_wrapper_for_every_function(classic, classic_module):
    out = io.StringIO()
    classic.generate_vba_wrapper("roi_xl.udfs", classic_module, out, FakeWorkbook())
    vba = out.getvalue()
    signatures = dict(re.findall(r"^Function (CS_\w+)\(([^)]*)\)$", vba, flags=re.MULTILINE))
    assert set(signatures) == set(SPEC_FUNCTIONS)
    for name, args in SPEC_FUNCTIONS.items():
        declared = [a.strip() for a in signatures[name].split(",")]
        names = [a.removeprefix("Optional ") for a in declared]
        assert names == args, name
        optional = {a.removeprefix("Optional ") for a in declared if a.startswith("Optional ")}
        assert optional == set(SPEC_DEFAULTS.get(name, {})), name
        for arg in names:
            assert VBA_IDENTIFIER.match(arg), (name, arg)
            assert arg.lower() not in VBA_RESERVED, (name, arg)
        assert f'XLPy.CallUDF("roi_xl.udfs", "{name}"' in vba
    assert vba.count("End Function") == len(SPEC_FUNCTIONS)


def test_descriptions_for_the_function_wizard(classic_module):
    # import_udfs hands these to Application.MacroOptions, which takes 255 characters.
    for name in SPEC_FUNCTIONS:
        info = getattr(classic_module, name).__xlfunc__
        assert info["category"] == "roi_xl"
        assert 0 < len(info["ret"]["doc"]) <= 255 and "\n" not in info["ret"]["doc"]
        for arg in info["args"]:
            assert arg["doc"] and not arg["doc"].startswith("Positional argument"), (name, arg)
            assert len(arg["doc"]) <= 255


def test_classic_converters_get_no_literal_hints(classic_module):
    # The classic converters do not know typing.Literal: a word argument must reach them
    # without a converter, and every range as a 2-D list with error cells as text.
    for name in SPEC_FUNCTIONS:
        for arg in getattr(classic_module, name).__xlfunc__["args"]:
            assert "convert" not in arg["options"], (name, arg["name"])
            assert arg["options"] == {"ndim": 2, "err_to_str": True}


@pytest.mark.parametrize(
    ("name", "args", "shown"),
    [
        ("CS_ROI", ([[150]], [[100]]), 0.5),  # FORMULAS.md A: $100 -> $150 is 50%
        ("CS_ROI", ([[100]], [[0]]), "#DIV/0! costs are 0, so a return on them is undefined"),
        (
            "CS_DEFLECTION_SAVINGS",
            ([[100]], [[40]], [[4]], [[0.5]]),
            "#NUM! deflection_rate must be between 0 and 1 (40% or 0.4), got 40",
        ),
        (
            "CS_RISK_ADJUST",
            ([[1]], [[0.1]], [["gain"]]),
            "#VALUE! kind must be one of benefit, cost; got 'gain'",
        ),
        ("CS_ROI", ([["#N/A"]], [[1]]), "#N/A"),
    ],
)
def test_classic_cells_show_error_text_not_a_traceback(classic_module, name, args, shown):
    # The classic add-in writes a returned string into the cell; an exception would
    # become the Python error text via VBA's Err.Description. So errors are returned.
    assert getattr(classic_module, name)(*args) == shown
