"""The headline figures of a business case, as the commands print them."""

from __future__ import annotations

from typing import Any

from ..io.terminal import printable
from ..office.verify import as_sheet_value

HEADLINE = (  # the risk-adjusted, discounted view first (TEI), then the undiscounted one
    ("TEI ROI (discounted)", "ROI_TEI", "percent"),
    ("NPV, 3 years", "NPV_3yr", "money"),
    ("PV of benefits", "PV_Benefits", "money"),
    ("PV of costs", "PV_Costs", "money"),
    ("3-year ROI (undisc.)", "ROI_3yr", "percent"),
    ("ROI, year 1", "ROI_Year1", "percent"),
    ("Net value, 3 years", "Net_Value_3yr", "money"),
    ("Payback", "Payback_Months", "months"),
    ("Discounted payback", "Discounted_Payback_Months", "months"),
    ("IRR, 3 years", "IRR_3yr", "percent"),
    ("Benefit-cost ratio", "Benefit_Cost_Ratio", "ratio"),
    ("Gains as cash, 3 yrs", "Cash_Gains_3yr", "money"),
    ("Capacity counted", "Capacity_Gains_3yr", "money"),
    ("Capacity not counted", "Capacity_Not_Counted_3yr", "money"),
    ("Risk adjustment (avg)", "Benefits_Risk_Adjustment", "percent"),
    ("Capacity freed (AHT)", "Gain_AHT", "money"),
    ("Hard savings (AHT)", "Hard_Savings_AHT", "money"),
    ("Agents freed by AHT", "Agents_Freed_By_AHT", "count"),
    ("ROI, conservative", "ROI_Conservative", "percent"),
    ("ROI, optimistic", "ROI_Optimistic", "percent"),
    ("Break-even gains/yr", "Breakeven_Gains", "money"),
    ("Gains counted/yr", "Gains_Per_Year", "money"),
)


def _show(value: Any, kind: str) -> str:
    value = as_sheet_value(value)
    if not isinstance(value, int | float) or isinstance(value, bool):
        return printable(value)
    return {
        "percent": f"{value:.1%}",
        "money": f"${value:,.0f}",
        "months": f"{value:.1f} months",
        "ratio": f"{value:.2f}",
        "count": f"{value:,.0f}",
    }.get(kind, f"{value:,.2f}")


def print_headline(values: dict[str, Any]) -> None:
    years = ("Initial", "Year 1", "Year 2", "Year 3")
    print(f"{'':<22}" + "".join(f"{y:>14}" for y in years))
    costs = [values.get(f"Total_Costs_{k}") for k in ("Initial", "Y1", "Y2", "Y3")]
    gains = [0.0, *(values.get(f"Total_Gains_Y{t}") for t in (1, 2, 3))]
    for label, row in (("Costs", costs), ("Gains (attributed)", gains)):
        print(f"{label:<22}" + "".join(f"{_show(v, 'money'):>14}" for v in row))
    print()
    for label, name, kind in HEADLINE:
        if name in values:
            print(f"{label:<22}{_show(values[name], kind):>14}")


#: The model-check sentence of a blank case (the Summary's and Start Here's too).
NOT_RUN = "Checks not run: enter the case"


def _nothing_entered(values: dict[str, Any]) -> bool:
    """No cost and no gain in the totals (an error or a missing total: something is there)."""
    names = [f"Total_Costs_{k}" for k in ("Initial", "Y1", "Y2", "Y3")]
    names += [f"Total_Gains_Y{t}" for t in (1, 2, 3)]
    totals = [as_sheet_value(values.get(name)) for name in names]
    return all(isinstance(v, int | float) and not isinstance(v, bool) and v == 0 for v in totals)


def checks_status(values: dict[str, Any]) -> tuple[str, bool] | None:
    """The model-check sentence of a business case and whether every check passes.

    ``None`` for a workbook without the ``Checks_Failed`` name (not a business case).
    A case with no cost and no gain entered has nothing to check: "checks not run".
    """
    if "Checks_Failed" not in values:
        return None
    failed = as_sheet_value(values["Checks_Failed"])
    if not isinstance(failed, int | float) or isinstance(failed, bool):
        return f"Model checks cannot run ({failed}): see the Checks sheet", False
    if failed == 0 and _nothing_entered(values):
        return NOT_RUN, True  # nothing fails: nothing to check yet
    if failed == 0:
        return "All model checks pass", True
    count = int(failed)
    verb = "check fails" if count == 1 else "checks fail"
    return f"{count} model {verb} - see the Checks sheet", False
