"""Every CS_ function through xlwings's Office.js call path (xlwings Server / Lite)."""

import re
from pathlib import Path

import pytest
import xlwings

from roi_xl.excel import udfs
from tests.excel.officejs import DIV0, NA, NUM, call, cell, meta, value
from tests.spec_names import SPEC_CHOICES, SPEC_DEFAULTS, SPEC_FUNCTIONS

C = cell


# (function, Excel arguments, expected cell, where the number comes from)
CASES = [
    ("CS_ROI", [[[300_000, 400_000, 200_000]], C(1_000_000)], -0.10, "FORMULAS.md A: -10%"),
    ("CS_ROI", [C(1_300_000), C(1_000_000)], 0.30, "FORMULAS.md A: 30%"),
    ("CS_ROI", [[[180_000], [40_000]], C(100_000)], 1.20, "FORMULAS.md A: 120%"),
    ("CS_ROI", [C(500_000), C(200_000)], 1.50, "FORMULAS.md A: 150%"),
    ("CS_ROI", [C(150), C(100)], 0.50, "FORMULAS.md A: 50%"),
    ("CS_NET_VALUE", [[[180_000, 40_000]], C(100_000)], 120_000, "FORMULAS.md A: $120,000"),
    ("CS_BENEFIT_COST_RATIO", [C(400_000), C(100_000)], 4.0, "FORMULAS.md A: BCR 4.0"),
    ("CS_COST_PER_CONTACT", [C(400_000), C(100_000)], 4.0, "FORMULAS.md B: $400k / 100k"),
    (
        "CS_DEFLECTION_SAVINGS",
        [C(100_000), C(0.4), C(4), C(0.5)],
        140_000,
        "FORMULAS.md B: $140,000 a month",
    ),
    ("CS_BLENDED_COST_PER_CONTACT", [C(0.4), C(4), C(0.5)], 2.60, "FORMULAS.md B: $2.60"),
    ("CS_CONTACTS_AFTER_DEFLECTION", [C(100_000), C(0.4)], 60_000, "by hand: 100k x 0.6"),
    ("CS_AHT_SAVINGS", [C(60_000), C(10), C(8), C(30)], 60_000, "by hand: 2,000 h x $30"),
    ("CS_CAPACITY_GAIN", [C(0.2)], 0.25, "FORMULAS.md B: 25% more capacity"),
    ("CS_FTE_FREED", [C(200), C(0.2)], 40, "FORMULAS.md B: 40 of 200 agents"),
    ("CS_FCR_SAVINGS", [C(10_000), C(0.5), C(0.8), C(5)], 37_500, "by hand: 7,500 x $5"),
    ("CS_ESCALATION_SAVINGS", [C(60_000), C(0.1), C(0.07), C(25)], 45_000, "by hand: 1,800 x $25"),
    (
        "CS_CONVERSION_UPLIFT",
        [C(50_000), C(0.05), C(0.07), C(100), C(None)],
        100_000,
        "FORMULAS.md C: +$100,000 a month",
    ),
    (
        "CS_CONVERSION_UPLIFT",
        [C(50_000), C(0.05), C(0.07), C(100), C(0.5)],
        50_000,
        "by hand: at 50% margin",
    ),
    ("CS_CUSTOMERS_SAVED", [C(500_000), C(0.10), C(0.09)], 5_000, "FORMULAS.md C: 5,000"),
    (
        "CS_RETAINED_REVENUE",
        [C(500_000), C(0.10), C(0.09), C(200), C(None)],
        1_000_000,
        "FORMULAS.md C: $1,000,000",
    ),
    ("CS_CLV", [C(200), C(0.5), C(0.1), C(None)], 1_000, "by hand: 200 x 0.5 / 0.1"),
    ("CS_CLV", [C(200), C(0.5), C(0.1), C(0.1)], 550, "by hand: 100 x 1.1 / 0.2"),
    (
        "CS_NRR",
        [C(1_000_000), [[100_000, 50_000]], C(30_000), C(70_000)],
        1.05,
        "by hand: 1.05M / 1M",
    ),
    ("CS_ATTRIBUTED_VALUE", [C(1_000_000), C(0.5), C(0.2)], 400_000, "by hand"),
    ("CS_PV", [C(0.1), [[-100, 110, 121]]], 100, "by hand: -100 + 100 + 100"),
    ("CS_PV", [C(0.1), [[-100], [110], [121]]], 100, "by hand, as a column"),
    ("CS_TEI_NPV", [C(0.1), [[0, 110, 121]], [[100, 0, 0]]], 100, "by hand: 200 - 100"),
    ("CS_TEI_ROI", [C(0.1), [[0, 110, 121]], [[100, None, None]]], 1.0, "by hand: 100 / 100"),
    ("CS_RISK_ADJUST", [C(100_000), C(0.1), C(None)], 90_000, "FORMULAS.md E: benefit"),
    ("CS_RISK_ADJUST", [C(100_000), C(0.1), C("cost")], 110_000, "FORMULAS.md E: cost"),
    ("CS_PAYBACK_MONTHS", [C(120_000), C(10_000)], 12, "by hand"),
    ("CS_PAYBACK_PERIOD", [[[-100, 50, 50, 50]], C(None)], 24, "by hand: end of year 2"),
    ("CS_PAYBACK_PERIOD", [[[-120, 40, 40, 40, 40]], C(12)], 3, "by hand: monthly"),
    (
        "CS_PAYBACK_PERIOD",
        [[[-68_608.47, *[9_801.21] * 7]], C(12)],
        7,
        "FORMULAS.md E: exact break-even at month 7 (7 x 9,801.21 = 68,608.47)",
    ),
    ("CS_TEI_IRR", [[[0, 110]], [[100, 0]]], 0.10, "by hand: 100 -> 110 a year later is 10%"),
    ("CS_TEI_IRR", [[[0, 0, 121]], [[100, 0, 0]]], 0.10, "by hand: 100 x 1.1^2 = 121"),
    (
        "CS_DISCOUNTED_PAYBACK",
        [C(0.1), [[-100, 110, 121]], C(None)],
        12,
        "by hand: 110 / 1.1 = 100 pays back the 100 at the end of year 1",
    ),
    (
        "CS_DISCOUNTED_PAYBACK",
        [C(0), [[-100, 50, 50, 50]], C(None)],
        24,
        "by hand: at 0% it is the undiscounted payback, end of year 2",
    ),
    ("CS_BENCHMARK_ROI", [C("SaaS"), C(None)], 4.0, "FORMULAS.md F: SaaS 400%"),
    ("CS_BENCHMARK_ROI", [C("services"), C("high")], 5.0, "FORMULAS.md F: services 500%"),
    ("CS_BENCHMARK_POSITION", [C(5.62), C("saas")], "within", "FORMULAS.md A and F"),
    ("CS_BENCHMARK_POSITION", [C(2.0), C("ecommerce")], "below", "FORMULAS.md F: < 300%"),
    # Erlang C: 10 Erlangs at 80/20 needs 14 agents (see tests/core/test_staffing.py, where
    # the same figure comes from the exact factorial formula); 14 / 0.7 = 20 scheduled.
    (
        "CS_AGENTS_REQUIRED",
        [C(100), C(180), C(1800), C(0.8), C(20), C(None), C(None)],
        14,
        "exact Erlang C",
    ),
    (
        "CS_AGENTS_REQUIRED",
        [C(100), C(180), C(1800), C(0.8), C(20), C(0.85), C(0.3)],
        20,
        "exact Erlang C, shrinkage by hand",
    ),
    (
        "CS_SERVICE_LEVEL",
        [C(2), C(1), C(1800), C(1800), C(0)],
        2 / 3,
        "by hand: A = 1, N = 2, P(wait) = 1/3",
    ),
]


@pytest.mark.parametrize(("name", "args", "expected", "source"), CASES)
def test_function_through_officejs(name, args, expected, source):
    result = value(name, *args)
    if isinstance(expected, str):
        assert result == expected, source
    else:
        assert result == pytest.approx(expected, rel=1e-12), source


def test_every_function_has_a_value_case():
    # spilling functions have their own tests (here and in test_udfs_attribution.py)
    spilling = {"CS_ROI_SIMULATE", "CS_ATTRIBUTION_CREDIT", "CS_ATTRIBUTION_BY_CHANNEL"}
    assert {name for name, *_ in CASES} | spilling == set(SPEC_FUNCTIONS)


def test_simulation_spills_a_two_by_five_table():
    # FORMULAS.md H: a 2 x 5 table of labels and values; degenerate estimates give
    # the deterministic ROI (150 - 100) / 100 = 0.5 everywhere, P(ROI < 0) = 0.
    result = call(
        "CS_ROI_SIMULATE", C(150), C(150), C(150), C(100), C(100), C(100), C(None), C(None)
    )
    assert result == [
        ["P10 ROI", "P50 ROI", "P90 ROI", "Mean ROI", "P(ROI < 0)"],
        [0.5, 0.5, 0.5, 0.5, 0.0],
    ]


def test_simulation_same_seed_same_table():
    args = [C(50), C(100), C(200), C(60), C(80), C(120), C(5_000)]
    assert call("CS_ROI_SIMULATE", *args, C(9)) == call("CS_ROI_SIMULATE", *args, C(9))
    assert call("CS_ROI_SIMULATE", *args, C(9)) != call("CS_ROI_SIMULATE", *args, C(10))


# --- ranges as Excel sends them ---------------------------------------------


@pytest.mark.parametrize(
    "gains",
    [
        [[300_000, 400_000, 200_000]],  # a row
        [[300_000], [400_000], [200_000]],  # a column
        [[300_000, None], [400_000, 200_000]],  # a block with an empty cell
        [[900_000]],  # a single cell
    ],
)
def test_money_ranges_of_every_shape(gains):
    # FORMULAS.md A: $900,000 on $1,000,000 -> -10%, whatever the range's shape.
    assert value("CS_ROI", gains, C(1_000_000)) == pytest.approx(-0.10, rel=1e-12)


def test_empty_cells():
    # Excel semantics: an empty cell is 0 in a required number, the default in an
    # optional one, and ignored in a summed range.
    assert value("CS_NET_VALUE", [[None, None]], C(None)) == 0
    assert value("CS_CONTACTS_AFTER_DEFLECTION", C(100), C(None)) == 100
    assert value("CS_CONVERSION_UPLIFT", C(10), C(0), C(0.5), C(2), C(None)) == 10


# --- errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        # FORMULAS.md conventions: #DIV/0! for a zero denominator
        ("CS_ROI", [C(100), C(0)], DIV0),
        ("CS_ROI", [C(100), [[None, None]]], DIV0),
        ("CS_COST_PER_CONTACT", [C(100), C(0)], DIV0),
        ("CS_FCR_SAVINGS", [C(10), C(0), C(0.5), C(5)], DIV0),
        ("CS_CLV", [C(200), C(0.5), C(0), C(None)], DIV0),
        ("CS_CAPACITY_GAIN", [C(1)], DIV0),
        ("CS_TEI_ROI", [C(0.1), [[1, 2]], [[0, 0]]], DIV0),
        ("CS_NRR", [C(0), C(1), C(0), C(0)], DIV0),
        ("CS_ROI_SIMULATE", [C(1), C(2), C(3), C(0), C(1), C(1), C(None), C(None)], DIV0),
        # #NUM! for a value outside its domain
        ("CS_DEFLECTION_SAVINGS", [C(100), C(40), C(4), C(0.5)], NUM),
        ("CS_ROI", [C(100), C(-5)], NUM),
        ("CS_PAYBACK_MONTHS", [C(100), C(0)], NUM),
        ("CS_PAYBACK_PERIOD", [[[-100, 10, 10]], C(None)], NUM),
        ("CS_TEI_IRR", [[[10, 10]], [[0, 0]]], NUM),  # no sign change: no IRR
        ("CS_DISCOUNTED_PAYBACK", [C(0.1), [[-100, 50, 50]], C(None)], NUM),  # 86.78 < 100
        ("CS_AGENTS_REQUIRED", [C(100), C(180), C(1800), C(1), C(20), C(None), C(None)], NUM),
        ("CS_SERVICE_LEVEL", [C(10.5), C(100), C(180), C(1800), C(20)], NUM),
        ("CS_ROI_SIMULATE", [C(3), C(2), C(1), C(1), C(1), C(1), C(None), C(None)], NUM),
        # an error already in an input cell passes through, as in Excel's own functions
        (
            "CS_ROI",
            [C({"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}), C(10)],
            NA,
        ),
        (
            "CS_ROI",
            [[[1, {"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}]], C(10)],
            DIV0,
        ),
    ],
)
def test_excel_errors(name, args, expected):
    assert value(name, *args) == expected


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        # #VALUE! with a message: XlwingsError, shown on hover in Excel
        ("CS_ROI", [C("abc"), C(10)], "gains must hold numbers or blank cells, found 'abc'"),
        (
            "CS_DEFLECTION_SAVINGS",
            [C(100), C("40%"), C(4), C(0.5)],
            "deflection_rate must be a number, got '40%'",
        ),
        (
            "CS_RISK_ADJUST",
            [C(1), C(0.1), C("gain")],
            "kind must be one of benefit, cost; got 'gain'",
        ),
        (
            "CS_BENCHMARK_ROI",
            [C("retail"), C(None)],
            "business_type must be one of saas, ecommerce, services; got 'retail'",
        ),
        ("CS_CAPACITY_GAIN", [[[0.1, 0.2]]], "aht_reduction must be a single cell, got 2 cells"),
        (
            "CS_PV",
            [C(0.1), [[1, 2], [3, 4]]],
            "flows must be one row or one column of period values, got a block",
        ),
        (
            "CS_TEI_NPV",
            [C(0.1), [[1, 2]], [[1, 2, 3]]],
            "benefits and costs must cover the same periods, got 2 and 3 values",
        ),
        ("CS_FTE_FREED", [C(True), C(0.2)], "agents must be a number, got TRUE"),
    ],
)
def test_value_errors_carry_a_message(name, args, message):
    with pytest.raises(xlwings.XlwingsError) as info:
        call(name, *args)
    assert str(info.value) == message


def test_rate_message_is_the_spec_example():
    # FORMULAS.md conventions: "deflection_rate must be between 0 and 1 (40% or 0.4), got 40".
    # #NUM! cannot carry a message in Office.js; the core error carries it for the
    # classic add-in and for Python callers.
    from roi_xl.core import OutOfDomainError, deflection_savings

    with pytest.raises(OutOfDomainError) as info:
        deflection_savings(100, 40, 4, 0.5)
    assert str(info.value) == "deflection_rate must be between 0 and 1 (40% or 0.4), got 40"


# --- metadata: function wizard / IntelliSense -------------------------------


def test_metadata_lists_exactly_the_spec_functions_and_arguments():
    functions = {f["name"]: f for f in meta()["functions"]}
    assert set(functions) == set(SPEC_FUNCTIONS)
    for name, args in SPEC_FUNCTIONS.items():
        params = functions[name]["parameters"]
        assert [p["name"] for p in params] == args, name
        optional = {p["name"] for p in params if p.get("optional")}
        assert optional == set(SPEC_DEFAULTS.get(name, {})), name


def test_every_function_and_argument_has_a_description():
    for function in meta()["functions"]:
        description = function["description"]
        assert description and "\n" not in description, function["name"]
        assert len(description) <= 255, function["name"]
        for param in function["parameters"]:
            text = param["description"]
            assert text and not text.startswith("Positional argument"), (function["name"], param)
            assert len(text) <= 255
            if param.get("optional"):
                assert text.startswith("Optional."), (function["name"], param["name"])


def test_word_arguments_are_dropdowns():
    data = meta()
    enums = {e["id"]: [v["stringValue"] for v in e["values"]] for e in data["enums"]}
    functions = {f["name"]: f for f in data["functions"]}
    for (name, arg), words in SPEC_CHOICES.items():
        param = next(p for p in functions[name]["parameters"] if p["name"] == arg)
        assert param["type"] == "string" and param["dimensionality"] == "scalar"
        assert enums[param["customEnumId"]] == words


def test_python_defaults_are_the_spec_defaults():
    import inspect

    for name, defaults in SPEC_DEFAULTS.items():
        signature = inspect.signature(getattr(udfs, name))
        for arg, default in defaults.items():
            assert signature.parameters[arg].default == default, (name, arg)


def test_spec_table_matches_formulas_md():
    spec = Path(__file__).resolve().parents[3] / "shared" / "spec" / "FORMULAS.md"
    if not spec.exists():
        pytest.skip(
            f"FORMULAS.md is not beside this clone ({spec}); the table in "
            "tests/spec_names.py stands in for it"
        )
    text = spec.read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(r"`(CS_[A-Z_]+)\(([^`]*)\)`", text):
        name, args = match.groups()
        if "…" in args:  # CS_ATTRIBUTION_BY_CHANNEL: "[model], …" stands for the same
            continue  # optional arguments as CS_ATTRIBUTION_CREDIT; checked below
        found[name] = [re.sub(r"[\[\]\s]|=.*", "", a) for a in args.split(",") if a.strip()]
    credit = found["CS_ATTRIBUTION_CREDIT"]
    found["CS_ATTRIBUTION_BY_CHANNEL"] = [*credit[:2], "channels", *credit[2:]]
    assert found == SPEC_FUNCTIONS


def test_touch_log_cells_as_office_js_sends_them():
    # Office.js sends an empty cell of a range as "" and a value with a data type as a
    # dictionary with its basic value: the touch-log columns are read as xlwings reads
    # them (blank, the basic value). By hand: J1 has the rows on days 1 and 3 (the empty
    # id is not a touch and gets 0), worth 100 -> 50 each, linear.
    ids = [["J1"], [""], ["J1"]]
    times = [[1], [2], [{"type": "FormattedNumber", "basicValue": 3, "numberFormat": "0"}]]
    values = [[""], [7], [{"type": "Double", "basicValue": 100}]]
    assert call("CS_ATTRIBUTION_CREDIT", ids, times, values, C(None)) == [[50], [0], [50]]


def test_a_touch_log_holding_an_error_passes_it_through():
    # #DIV/0! in a conversion value, as Office.js sends an error cell: the result is it.
    ids, times = [["J1"], ["J1"]], [[1], [2]]
    values = [[1], [{"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}]]
    assert value("CS_ATTRIBUTION_CREDIT", ids, times, values, C(None)) == DIV0
