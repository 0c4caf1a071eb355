"""Each template carries only what it needs (TEMPLATES.md, issue 11).

The cost tracking workbook is about costs: its Start Here does not explain the
discount rate, payback or ROI errors, and its Lists sheet holds no ROI
benchmarks; the gain attribution workbook holds no ROI benchmarks either.
"""

from __future__ import annotations

from roi_xl.workbooks.templates import build_template


def _visible_text(sheet) -> str:
    hidden = {k for k, d in sheet.column_dimensions.items() if d.hidden}
    return "\n".join(
        str(cell.value)
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None and cell.column_letter not in hidden
    )


def test_cost_tracking_carries_costs_only():
    workbook = build_template("cost_tracking")
    start = _visible_text(workbook["Start Here"])
    for word in ("Discount rate", "Payback", "Benchmark", "ROI", "FCR"):
        assert word not in start, f"cost tracking's Start Here explains {word}"
    assert "Cost lines" in start
    lists = _visible_text(workbook["Lists"])
    assert "ROI low" not in lists and "saas" not in lists
    assert "Personnel" in lists and "Chat" in lists  # its own dropdowns
    assert "Gain category" not in lists


def test_gain_attribution_has_no_roi_benchmarks():
    workbook = build_template("gain_attribution")
    assert "ROI low" not in _visible_text(workbook["Lists"])
    start = _visible_text(workbook["Start Here"])
    assert "Discount rate" not in start and "Payback" not in start


def test_business_case_keeps_everything():
    workbook = build_template("roi_business_case")
    lists = _visible_text(workbook["Lists"])
    assert "ROI low" in lists and "Personnel" in lists and "Gain category" in lists
    start = _visible_text(workbook["Start Here"])
    assert "Discount rate" in start and "Payback" in start and "Cost lines" in start


def test_unsourced_figures_are_called_indicative_on_the_sheets():
    book = build_template("roi_business_case")
    texts = [c.value for row in book["Assumptions"].iter_rows() for c in row if c.value]
    # the published figures are in dollars: the source names its currency, USD, so that a
    # case in another currency prints no "$" (issue 21)
    human = next(t for t in texts if isinstance(t, str) and "USD 3-12" in t)
    assert human == "indicative range USD 3-12 (indicative, source not recorded)"
    assert not any(isinstance(t, str) and "published range $" in t for t in texts)
