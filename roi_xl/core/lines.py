"""The line items of a business case: cost lines, gain lines, the levers.

What both the business case (:mod:`roi_xl.core.business_case`) and its model
checks (:mod:`roi_xl.core.checks`) read, so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from . import _inputs as check

__all__ = [
    "YEARS",
    "LEVERS",
    "ATTRIBUTION_KEY",
    "CostLine",
    "GainLine",
    "cost_totals",
    "STAFFING_SWITCH_VALUES",
    "COUNTS_AS",
    "default_counts_as",
]

YEARS = 3

#: The lever gain lines of the Gains sheet, in order, with their category.
LEVERS: tuple[tuple[str, str, str], ...] = (
    ("Gain_Deflection", "Deflection to self-service and AI", "Cost savings"),
    ("Gain_AHT", "Shorter handle time", "Cost savings"),
    ("Gain_FCR", "First-contact resolution", "Cost savings"),
    ("Gain_Escalation", "Fewer escalations", "Cost savings"),
    ("Gain_Conversion", "Conversion uplift", "Revenue"),
    ("Gain_Retention", "Churn avoided", "Retention"),
)


#: The key of the support-attributed revenue line in ``lever_settings``.
ATTRIBUTION_KEY = "Support_Attributed_Revenue"


@dataclass(frozen=True)
class CostLine:
    """One row of the ``CostLines`` table."""

    category: str
    item: str
    channel: str = "All"
    initial: float = 0.0
    years: tuple[float, ...] = (0.0, 0.0, 0.0)
    notes: str = ""
    #: TEI cost risk: the line counts as amount x (1 + risk) (default 0%)
    risk: float = 0.0

    def counted(self) -> tuple[float, list[float]]:
        """Initial and yearly amounts, risk-adjusted upwards: amount x (1 + risk)."""
        factor = 1 + check.rate(self.risk, f"{self.item or self.category} cost risk")
        return self.initial * factor, [amount * factor for amount in self.years]


def cost_totals(cost_lines: Sequence[CostLine]) -> tuple[float, list[float]]:
    """``Total_Costs_Initial`` and ``Total_Costs_Y1`` .. ``Y3``: risk-adjusted sums.

    Examples
    --------
    >>> cost_totals([CostLine("Technology", "AI", initial=100, years=(10, 10, 10), risk=0.1)])
    (110.00000000000001, [11.0, 11.0, 11.0])
    """
    counted = [line.counted() for line in cost_lines]
    initial = sum((c[0] for c in counted), 0.0)
    return initial, [sum((c[1][t] for c in counted), 0.0) for t in range(YEARS)]


#: What a gain line counts as: money that leaves the budget or arrives (``cash``), or
#: agent time freed (``capacity``), which becomes cash only at the ``Capacity_Recapture`` rate.
COUNTS_AS = ("cash", "capacity")


def default_counts_as(category: str) -> str:
    """``capacity`` for a cost saving (agent time freed), ``cash`` for anything else.

    >>> default_counts_as("Cost savings"), default_counts_as("Revenue")
    ('capacity', 'cash')
    """
    return "capacity" if category == "Cost savings" else "cash"


@dataclass(frozen=True)
class GainLine:
    """A gain line: a lever or a row of the ``GainLines`` table.

    ``gross`` is the gross annual value; the value counted in year t is
    ``gross * share * (1 - risk) * realisation[t]``, times ``Capacity_Recapture``
    when the line counts as capacity. The defaults are neutral (100%, 0%, 100%
    every year) so that every haircut is chosen on purpose. ``counts_as`` is
    ``"cash"`` or ``"capacity"``; blank (``None``) follows the category (a cost
    saving is capacity, anything else cash). ``risk_reason`` says why the risk
    is what it is.
    """

    name: str
    category: str = "Other"
    gross: float = 0.0
    share: float = 1.0
    risk: float = 0.0
    realisation: tuple[float, ...] = field(default=(1.0, 1.0, 1.0))
    counts_as: str | None = None
    risk_reason: str = ""

    def kind(self) -> str:
        """``"cash"`` or ``"capacity"``: as set, or by the category when blank."""
        if self.counts_as is None or not str(self.counts_as).strip():
            return default_counts_as(self.category)
        return check.choice(self.counts_as, f"{self.name} counts as", COUNTS_AS)

    def _before_risk(self, margin: float, recapture: float) -> list[float]:
        share = check.rate(self.share, f"{self.name} attribution share")
        gross = self.gross * (margin if self.category == "Revenue" else 1.0)
        factor = recapture if self.kind() == "capacity" else 1.0
        return [
            gross * share * factor * check.rate(r, f"{self.name} realisation")
            for r in self.realisation
        ]

    def yearly(self, margin: float = 1.0, recapture: float = 1.0) -> list[float]:
        """Attributed, risk-adjusted, realised value for each year.

        ``margin`` is the gross margin a line of the ``GainLines`` table of
        category Revenue counts at (the levers carry their margin in ``gross``);
        ``recapture`` the share of freed capacity counted as cash (a capacity
        line only).
        """
        risk = check.rate(self.risk, f"{self.name} risk adjustment")
        return [value * (1 - risk) for value in self._before_risk(margin, recapture)]

    def haircut(self, margin: float = 1.0, recapture: float = 1.0) -> list[float]:
        """What the risk adjustment takes off each year: value before risk x risk."""
        risk = check.rate(self.risk, f"{self.name} risk adjustment")
        return [value * risk for value in self._before_risk(margin, recapture)]


#: The values of the named input ``Staffing_Feeds_Totals``: the default first.
STAFFING_SWITCH_VALUES = ("straight-line", "erlang c")
