"""Scenario files: a business case described in TOML, checked key by key.

The keys are the workbook's own names, so a scenario reads like the
Assumptions sheet::

    [assumptions]
    Business_Type = "saas"
    Annual_Contacts = 1_200_000
    Deflection_Rate = 0.40

    [[costs]]
    category = "Technology"
    item = "AI platform"
    channel = "Self-service/AI"
    initial = 0
    years = [400_000, 400_000, 400_000]
    risk = 0.1                       # TEI cost risk: counts as amount x 1.1

    [levers.Gain_Conversion]
    attribution = 0.5
    risk = 0.2
    risk_reason = "one pilot, four weeks; seasonality not yet seen"
    realisation = [0.5, 0.9, 1.0]
    counts_as = "cash"               # or "capacity" (agent time freed)

    [[gains]]
    name = "Referrals"
    category = "Revenue"
    gross = 50_000

    [scenarios]                      # conservative, expected, optimistic
    gains = [0.7, 1.0, 1.2]          # every gain line ...
    Gain_Deflection = [0.5, 1.0, 1.2]  # ... unless set by its key
    costs = [1.1, 1.0, 0.95]
    sensitivity = 0.2
    target_roi = 1.0

An unknown key, an impossible value or a wrong shape (a number where a
table belongs) is a :class:`ScenarioError` that names the key
(``assumptions.Deflection_Rate must be between 0 and 1 ...``). Free text
(names, items, notes) must be text of at most 255 characters; it is written
into the workbook as text, never as a formula (:mod:`roi_xl.io.cell_text`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from ..core import (
    BUSINESS_TYPES,
    CASE_LINES,
    DEFAULT_COST_MULTIPLIERS,
    DEFAULT_GAIN_MULTIPLIERS,
    LEVERS,
    STAFFING_SWITCH_VALUES,
    CostLine,
    DecisionSettings,
    GainLine,
    RoiInputError,
)
from ..core import _inputs as check
from ..core.lines import COUNTS_AS
from ..core.staffing import HOURS_PER_DAY, profile_adds_up
from ..workbooks.assumptions import ALL_ASSUMPTIONS
from ..workbooks.levers import STAFFING_SWITCH
from ..workbooks.lists import CHANNELS, COST_CATEGORIES, GAIN_CATEGORIES
from ..workbooks.printing import DEFAULT_PAPER, paper_code
from ..workbooks.staffing import INPUTS as STAFFING_INPUTS
from ..workbooks.templates import Fill

EXAMPLE = "data/example_scenario.toml"
_SECTIONS = ("case", "assumptions", "costs", "levers", "gains", "scenarios")
_SCENARIO_KEYS = ("gains", "costs", "sensitivity", "target_roi", *(k for k, _ in CASE_LINES))
_LEVER_NAMES = tuple(name for name, *_ in LEVERS)


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message names the key."""


#: The longest free text a scenario may hold (the workbook's text inputs allow 255).
MAX_TEXT = 255
#: The longest currency a scenario may give (a code or a symbol: USD, EUR, CHF, kr).
MAX_CURRENCY = 12


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        shown = repr(value)[:40]
        raise ScenarioError(f"{where} must be a table of keys and values; got {shown}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ScenarioError(f"{where} must be text in quotes; got {repr(value)[:40]}")
    if len(value) > MAX_TEXT:
        raise ScenarioError(f"{where} is {len(value):,} characters long; at most {MAX_TEXT}")
    return value


def _unknown(table: Any, allowed: tuple[str, ...], where: str) -> None:
    table = _table(table, where.rstrip(".") or "the scenario")
    for key in table:
        if key not in allowed:
            raise ScenarioError(
                f"{where}{key} is not a known key; expected one of {', '.join(allowed)}"
            )


def _checked(where: str, function: Any, value: Any, *args: Any) -> Any:
    try:
        return function(value, where, *args)
    except RoiInputError as exc:
        raise ScenarioError(str(exc)) from None


def _years(value: Any, where: str) -> tuple[float, ...]:
    if not isinstance(value, list) or len(value) != 3:
        raise ScenarioError(f"{where} must be a list of 3 values (Year 1, Year 2, Year 3)")
    return tuple(_checked(f"{where}[{i}]", check.non_negative, v) for i, v in enumerate(value))


def _realisation(value: Any, where: str) -> tuple[float, ...]:
    if not isinstance(value, list) or len(value) != 3:
        raise ScenarioError(f"{where} must be a list of 3 fractions (Year 1, Year 2, Year 3)")
    return tuple(_checked(f"{where}[{i}]", check.rate, v) for i, v in enumerate(value))


#: What a lever or a gain line may set: its attribution, risk (and why), ramp-up, and
#: whether it counts as cash or capacity.
_ADJUSTMENT_KEYS = ("attribution", "risk", "risk_reason", "realisation", "counts_as")


def _adjustments(table: Mapping[str, Any], where: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if "attribution" in table:
        result["share"] = _checked(f"{where}attribution", check.rate, table["attribution"])
    if "risk" in table:
        result["risk"] = _checked(f"{where}risk", check.rate, table["risk"])
    if "realisation" in table:
        result["realisation"] = _realisation(table["realisation"], f"{where}realisation")
    if "counts_as" in table:
        result["counts_as"] = _choice(table["counts_as"], f"{where}counts_as", COUNTS_AS)
    if "risk_reason" in table:
        result["risk_reason"] = _text(table["risk_reason"], f"{where}risk_reason")
    return result


#: Names a scenario may no longer use, and what replaces each (one line says so).
RETIRED = {
    "Loaded_Cost_Per_Hour": (
        "is retired: give Agent_Annual_Cost (loaded), Paid_Hours_Per_Year, Shrinkage and "
        "Occupancy; the cost of a handle hour (Cost_Per_Handle_Hour) follows from them"
    ),
    "Peak_Hour_Contacts": (
        "is retired: the Staffing sheet sizes every hour of a typical open day from "
        "Annual_Contacts, HourProfile (24 shares of a day's contacts) and Days_Open_Per_Week"
    ),
}


def _hour_profile(value: Any) -> tuple[float, ...]:
    where = "assumptions.HourProfile"
    if not isinstance(value, list) or len(value) != HOURS_PER_DAY:
        raise ScenarioError(
            f"{where} must be a list of 24 shares of a day's contacts, one an hour from 00:00"
        )
    shares = tuple(_checked(f"{where}[{i}]", check.rate, v) for i, v in enumerate(value))
    if not profile_adds_up(shares):
        raise ScenarioError(f"{where} must add up to 100%; it adds up to {sum(shares):.4%}")
    return shares


def _assumptions(table: Any) -> dict[str, Any]:
    rules = {a.name: a.rule.kind for a in ALL_ASSUMPTIONS}
    rules.update({name: rule.kind for name, _, rule, _, _ in STAFFING_INPUTS})
    rules[STAFFING_SWITCH] = "switch"
    rules["HourProfile"] = "profile"
    for name in _table(table, "assumptions"):
        if name in RETIRED:
            raise ScenarioError(f"assumptions.{name} {RETIRED[name]}")
    _unknown(table, tuple(rules), "assumptions.")
    inputs: dict[str, Any] = {}
    for name, value in table.items():
        where = f"assumptions.{name}"
        kind = rules[name]
        if kind == "switch":
            inputs[name] = _checked(where, check.choice, value, STAFFING_SWITCH_VALUES)
        elif kind == "profile":
            inputs[name] = _hour_profile(value)
        elif kind == "days":
            days = _checked(where, check.positive, value)
            if not 1 <= days <= 7:
                raise ScenarioError(f"{where} must be from 1 to 7 days a week; got {days:g}")
            inputs[name] = days
        elif kind == "list":
            inputs[name] = _checked(where, check.choice, value, BUSINESS_TYPES)
        elif kind == "rate":
            inputs[name] = _checked(where, check.rate, value)
        else:
            inputs[name] = _checked(where, check.non_negative, value)
    return inputs


def _choice(value: Any, where: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ScenarioError(f"{where} must be one of {', '.join(choices)}; got {value!r}")
    return str(value)


def _costs(rows: Any) -> list[CostLine]:
    if not isinstance(rows, list):
        raise ScenarioError("costs must be a list of [[costs]] tables")
    lines = []
    for index, row in enumerate(rows):
        where = f"costs[{index}]."
        _unknown(row, ("category", "item", "channel", "initial", "years", "risk", "notes"), where)
        lines.append(
            CostLine(
                _choice(row.get("category"), f"{where}category", COST_CATEGORIES),
                _text(row.get("item", ""), f"{where}item"),
                _choice(row.get("channel", "All"), f"{where}channel", CHANNELS),
                _checked(f"{where}initial", check.non_negative, row.get("initial", 0)),
                _years(row.get("years", [0, 0, 0]), f"{where}years"),
                _text(row.get("notes", ""), f"{where}notes"),
                _checked(f"{where}risk", check.rate, row.get("risk", 0)),
            )
        )
    return lines


def _levers(table: Any) -> dict[str, GainLine]:
    _unknown(table, _LEVER_NAMES, "levers.")
    settings = {}
    for name, row in table.items():
        where = f"levers.{name}."
        _unknown(row, _ADJUSTMENT_KEYS, where)
        settings[name] = GainLine(name, **_adjustments(row, where))
    return settings


def _gains(rows: Any) -> list[GainLine]:
    if not isinstance(rows, list):
        raise ScenarioError("gains must be a list of [[gains]] tables")
    lines = []
    for index, row in enumerate(rows):
        where = f"gains[{index}]."
        _unknown(row, ("name", "category", "gross", *_ADJUSTMENT_KEYS), where)
        lines.append(
            GainLine(
                _text(row.get("name", f"gain {index + 1}"), f"{where}name"),
                _choice(row.get("category", "Cost savings"), f"{where}category", GAIN_CATEGORIES),
                _checked(f"{where}gross", check.non_negative, row.get("gross", 0)),
                **_adjustments(row, where),
            )
        )
    return lines


def _multipliers(value: Any, where: str, *, costs: bool = False) -> tuple[float, float, float]:
    if not isinstance(value, list) or len(value) != 3:
        raise ScenarioError(
            f"{where} must be a list of 3 multipliers (conservative, expected, optimistic)"
        )
    low, mode, high = (
        _checked(f"{where}[{i}]", check.non_negative, v) for i, v in enumerate(value)
    )
    if not (high <= mode <= low if costs else low <= mode <= high):
        order = (
            "conservative >= expected >= optimistic"
            if costs
            else ("conservative <= expected <= optimistic")
        )
        raise ScenarioError(f"{where} must have {order}; got {value}")
    return low, mode, high


def _scenarios(table: Any) -> DecisionSettings | None:
    _unknown(table, _SCENARIO_KEYS, "scenarios.")
    if not table:
        return None
    every = table.get("gains", list(DEFAULT_GAIN_MULTIPLIERS))
    every = _multipliers(every, "scenarios.gains")
    return DecisionSettings(
        gain_multipliers={
            key: _multipliers(table[key], f"scenarios.{key}") if key in table else every
            for key, _ in CASE_LINES
        },
        cost_multipliers=_multipliers(
            table.get("costs", list(DEFAULT_COST_MULTIPLIERS)), "scenarios.costs", costs=True
        ),
        sensitivity=_checked("scenarios.sensitivity", check.rate, table.get("sensitivity", 0.2)),
        target_roi=_checked("scenarios.target_roi", check.number, table.get("target_roi", 1.0)),
    )


def _case_date(value: Any) -> date:
    """A TOML date (``date = 2026-01-31``) or its text (``"2026-01-31"``)."""
    if isinstance(value, datetime):
        raise ScenarioError("case.date must be a date such as 2026-01-31, without a time")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ScenarioError(f"case.date must be a date such as 2026-01-31; got {repr(value)[:40]}")


def _case_inputs(case: Mapping[str, Any]) -> dict[str, Any]:
    """The Summary's case inputs that the ``[case]`` table gives: a name, a date (never
    today's date by default: a case is dated by its author), a currency."""
    inputs: dict[str, Any] = {}
    if "name" in case:
        inputs["Case_Name"] = _text(case["name"], "case.name")
    if "date" in case:
        inputs["Case_Date"] = _case_date(case["date"])
    if "currency" in case:
        currency = _text(case["currency"], "case.currency").strip()
        if not currency or len(currency) > MAX_CURRENCY:
            raise ScenarioError(
                f"case.currency must be a short code such as USD or EUR; got {currency[:40]!r}"
            )
        inputs["Currency"] = currency
    return inputs


def parse_scenario(text: str) -> tuple[str, Fill]:
    """The case name and the :class:`Fill` of a scenario's TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"not valid TOML: {exc}") from None
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        raise ScenarioError(
            "arrays or tables nested too deeply to read; a scenario nests at most a few levels"
        ) from None
    _unknown(data, _SECTIONS, "")
    case = data.get("case", {})
    _unknown(case, ("name", "date", "currency", "paper"), "case.")
    name = _text(case.get("name", "Business case"), "case.name")
    inputs = _case_inputs(case)
    paper = _text(case.get("paper", DEFAULT_PAPER), "case.paper")
    try:
        paper_code(paper)
    except ValueError as exc:
        raise ScenarioError(f"case.paper: {exc}") from None
    fill = Fill(
        inputs={**inputs, **_assumptions(data.get("assumptions", {}))},
        cost_lines=_costs(data.get("costs", [])),
        lever_settings=_levers(data.get("levers", {})),
        gain_lines=_gains(data.get("gains", [])),
        decisions=_scenarios(data.get("scenarios", {})),
        paper=paper,
        case_name=name,
    )
    return name, fill


def load_scenario(path: Path) -> tuple[str, Fill]:
    """Read and check a scenario file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{path} is not a UTF-8 text file") from None
    return parse_scenario(text)


def example_scenario_text() -> str:
    """The embedded example: a support organisation built from the figures of FORMULAS.md."""
    return resources.files("roi_xl").joinpath(EXAMPLE).read_text(encoding="utf-8")
