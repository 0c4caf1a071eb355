"""The example case is one a CFO can sign: every gain line says its risk, why, and what it
counts as (issue 20)."""

import pytest

from roi_xl.core import LEVERS, business_case, yearly_by_line
from roi_xl.data.scenario import ScenarioError, example_scenario_text, parse_scenario


def test_every_lever_of_the_example_has_a_risk_and_its_reason():
    _, fill = parse_scenario(example_scenario_text())
    settings = fill.lever_settings or {}
    for name, _label, _category in LEVERS:
        assert name in settings, name
        assert settings[name].risk > 0, name
        assert len(settings[name].risk_reason) > 20, name
    for line in fill.gain_lines or ():
        assert line.risk > 0 and line.risk_reason, line.name


def test_the_example_counts_cost_levers_as_capacity_at_its_recapture_rate():
    _, fill = parse_scenario(example_scenario_text())
    settings = fill.lever_settings or {}
    kinds = {name: settings[name].kind() for name, *_ in LEVERS}
    assert kinds == {
        "Gain_Deflection": "capacity",
        "Gain_AHT": "capacity",
        "Gain_FCR": "capacity",
        "Gain_Escalation": "capacity",
        "Gain_Conversion": "cash",
        "Gain_Retention": "cash",
    }
    assert fill.inputs["Capacity_Recapture"] == 0.6
    lines = yearly_by_line(fill.inputs, settings, fill.gain_lines)
    # by hand, FORMULAS.md B: deflection 1.2M x 40% x ($4 - $0.50) = 1,680,000 a year,
    # realised 60/90/100% (2.5 years' worth), risk 15%, recaptured 60%:
    # 1,680,000 x 2.5 x 0.85 x 0.6 = 2,142,000 over 3 years
    assert sum(lines["Gain_Deflection"]) == pytest.approx(2_142_000, rel=1e-12)
    # retention (cash, no recapture): 500,000 x 1% x $200 x 75% margin = 750,000 a year,
    # share 40%, risk 20%, realised 50/100/100%: 750,000 x 0.4 x 0.8 x 2.5 = 600,000
    assert sum(lines["Gain_Retention"]) == pytest.approx(600_000, rel=1e-12)
    case = business_case(fill.inputs, fill.cost_lines, settings, fill.gain_lines)
    # the 40% of the deflection not recaptured: 1,680,000 x 2.5 x 0.85 x 0.4 = 1,428,000
    assert case["Capacity_Not_Counted_3yr"] > 1_428_000


def test_counts_as_and_risk_reason_are_read_and_checked():
    text = '[levers.Gain_AHT]\ncounts_as = "cash"\nrisk = 0.1\nrisk_reason = "measured"\n'
    _, fill = parse_scenario(text)
    line = (fill.lever_settings or {})["Gain_AHT"]
    assert (line.counts_as, line.risk_reason) == ("cash", "measured")
    with pytest.raises(ScenarioError, match="counts_as"):
        parse_scenario('[levers.Gain_AHT]\ncounts_as = "savings"\n')
