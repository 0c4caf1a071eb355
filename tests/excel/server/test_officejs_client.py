"""Every CS_ function through ``roi-xl serve`` and a real Office.js client.

``roi-xl serve`` runs in its own process on 127.0.0.1; ``officejs_client.mjs``
runs in Node the JavaScript the server generates for Excel (the custom-functions
script and xlwings's HTTP helper), with shims only for what Excel provides. A
call travels JS -> HTTP -> Python -> JS as in Excel's shared runtime, and the
arguments are shaped as Excel passes them: a 2-D array per range argument, a
plain value for a dropdown argument, ``null`` for an omitted optional
argument, an error cell as Excel's error object.

The expected values and their sources are those of the in-process tests
(tests/excel/test_udfs_officejs.py, tests/excel/test_udfs_attribution.py),
which also name where each number comes from.
"""

from __future__ import annotations

import re

import pytest

from tests.excel.server.serving import run_client
from tests.excel.test_udfs_officejs import CASES

DIV0 = {"type": "Error", "errorType": "Div0"}
NUM = {"type": "Error", "errorType": "Num"}
NA = {"type": "Error", "errorType": "NotAvailable"}
# An error cell as Excel passes it to a custom function that accepts errors
# (the metadata's allowErrorForDataTypeAny).
NA_CELL = {"type": "Error", "basicType": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}

# A touch log (tests/excel/test_udfs_attribution.py): journey J1 on days 1, 3, 8 worth
# 120 (value on its last row only), J2 one touch worth 30.
IDS = [["J1"], ["J2"], ["J1"], ["J1"]]
TIMES = [[45008.0], [45002.0], [45001.0], [45003.0]]
CHANNELS = [["Phone"], ["Chat"], ["Email"], ["Chat"]]
VALUES = [[120], [30], [None], [None]]


def close(got, want) -> bool:
    """Equal, numbers within a relative 1e-12, lists element by element."""
    if isinstance(want, list):
        return (
            isinstance(got, list)
            and len(got) == len(want)
            and all(close(g, w) for g, w in zip(got, want, strict=True))
        )
    if isinstance(want, int | float) and not isinstance(want, bool):
        return isinstance(got, int | float) and got == pytest.approx(want, rel=1e-12)
    return got == want


def excel_arguments(meta: dict, name: str, args: list) -> list:
    """Arguments as Excel passes them: a dropdown (scalar) argument is a plain value."""
    params = next(f for f in meta["functions"] if f["name"] == name)["parameters"]
    shaped = []
    for param, arg in zip(params, args, strict=False):
        if param["dimensionality"] == "scalar" and isinstance(arg, list):
            assert len(arg) == 1 and len(arg[0]) == 1, (name, param["name"], arg)
            arg = arg[0][0]
        shaped.append(arg)
    return shaped


# (function, arguments as Excel passes them, expected result, where it comes from);
# None as an argument is an omitted optional argument (Excel passes null).
SPECIAL_CASES = [
    # spills
    (
        "CS_ATTRIBUTION_CREDIT",
        [IDS, TIMES, VALUES, "position", None, None, None],
        {"value": [[48], [30], [48], [24]]},
        "by hand: 40% / 20% / 40% of 120; J2 all 30",
    ),
    (
        "CS_ATTRIBUTION_CREDIT",
        [IDS, TIMES, VALUES, None, None, None, None],
        {"value": [[40], [30], [40], [40]]},
        "by hand: linear by default, 120 / 3",
    ),
    (
        "CS_ATTRIBUTION_BY_CHANNEL",
        [IDS, TIMES, CHANNELS, VALUES, "linear", None, None, None],
        {"value": [["Chat", 70], ["Email", 40], ["Phone", 40]]},
        "by hand: Chat 30 + 40, Email 40, Phone 40 (ties by name)",
    ),
    (
        "CS_ROI_SIMULATE",
        [[[150]], [[150]], [[150]], [[100]], [[100]], [[100]], None, None],
        {
            "value": [
                ["P10 ROI", "P50 ROI", "P90 ROI", "Mean ROI", "P(ROI < 0)"],
                [0.5, 0.5, 0.5, 0.5, 0],
            ]
        },
        "FORMULAS.md H: degenerate estimates give (150 - 100) / 100 everywhere",
    ),
    # Excel errors
    ("CS_ROI", [[[100]], [[0]]], {"value": [[DIV0]]}, "costs of 0: #DIV/0!"),
    ("CS_ROI", [[[100]], [[-5]]], {"value": [[NUM]]}, "negative costs: #NUM!"),
    ("CS_ROI", [[[NA_CELL]], [[10]]], {"value": [[NA]]}, "#N/A in an input passes through"),
    (
        "CS_ATTRIBUTION_CREDIT",
        [[["J1"], [NA_CELL]], [[1], [2]], [[1], [2]], None, None, None, None],
        {"value": [[NA]]},
        "#N/A in a touch log passes through",
    ),
    (
        "CS_BENCHMARK_ROI",
        ["retail", None],
        {
            "error": {
                "code": "#VALUE!",
                "message": "business_type must be one of saas, ecommerce, services; got 'retail'",
            }
        },
        "an unknown word: #VALUE! with its message",
    ),
    (
        "CS_ROI",
        [[["abc"]], [[10]]],
        {
            "error": {
                "code": "#VALUE!",
                "message": "gains must hold numbers or blank cells, found 'abc'",
            }
        },
        "text for a number: #VALUE! with its message",
    ),
    # dropdown arguments, chosen and omitted
    ("CS_RISK_ADJUST", [[[100_000]], [[0.1]], "cost"], {"value": [[110_000]]}, "FORMULAS.md E"),
    ("CS_RISK_ADJUST", [[[100_000]], [[0.1]], None], {"value": [[90_000]]}, "FORMULAS.md E"),
    ("CS_BENCHMARK_ROI", ["services", "high"], {"value": [[5.0]]}, "FORMULAS.md F: 500%"),
]


@pytest.fixture(scope="module")
def results(server):
    """Every case of this module in one run of the Node client."""
    meta = server.meta()
    calls = [(name, excel_arguments(meta, name, args)) for name, args, *_ in CASES]
    calls += [(name, args) for name, args, *_ in SPECIAL_CASES]
    client = run_client(server.base, calls)
    return meta, client, client["results"]


def test_every_registered_function_is_called_from_javascript(results):
    meta, client, _ = results
    served = {f["name"] for f in meta["functions"]}
    # The custom-functions script registers exactly the functions of the metadata ...
    assert set(client["registered"]) == served
    # ... and this module calls each of them from JavaScript at least once.
    called = {name for name, *_ in CASES} | {name for name, *_ in SPECIAL_CASES}
    assert served - called == set(), "functions without a JavaScript call case"


@pytest.mark.parametrize("index", range(len(CASES)))
def test_value_through_the_javascript_client(results, index):
    name, _, expected, source = CASES[index]
    result = results[2][index]
    assert "value" in result, (name, result)
    if isinstance(expected, str):
        assert result["value"] == [[expected]], source
    else:
        assert result["value"] == [[pytest.approx(expected, rel=1e-12)]], source


@pytest.mark.parametrize("index", range(len(SPECIAL_CASES)))
def test_spills_errors_and_dropdowns_through_the_javascript_client(results, index):
    name, _, expected, source = SPECIAL_CASES[index]
    result = results[2][len(CASES) + index]
    if "error" in expected:
        assert result == expected, source
    else:
        assert "value" in result and close(result["value"], expected["value"]), (
            name,
            source,
            result,
        )


def test_served_javascript_reaches_nothing_outside_the_server(server):
    # The client runs what Excel runs: nothing in it may import a module or load
    # a URL from elsewhere (it runs in Excel's sandbox and here without a network).
    for path in ("/xlwings/custom-functions-code.js", "/static/js/utils.js"):
        text = server.get(path)
        assert not re.search(r"^\s*import\s|\bimport\(|\brequire\(", text, re.M), path
        assert not re.search(r"https?://", text), path


def test_manifest_points_excel_at_this_server(server):
    manifest = server.get("/manifest")
    base = server.base.replace("127.0.0.1", "localhost")
    for path in ("/taskpane.html", "/xlwings/custom-functions-code.js"):
        assert f"{server.base}{path}" in manifest or f"{base}{path}" in manifest, path
    assert "/xlwings/custom-functions-meta.json" in manifest
    # no namespace: =CS_ROI(...) as in the classic add-in and the workbooks
    assert "Functions.Namespace" not in manifest
