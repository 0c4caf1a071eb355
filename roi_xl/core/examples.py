"""The worked examples of FORMULAS.md, as data.

One list drives the ``roi-xl demo`` printout and the ``Worked Examples``
sheet of ``workbooks/roi_calculator.xlsm``. Each example names the Excel
function, its inputs, the answer the source published and how precisely the
source stated it (``"≈ 562%"`` is good to half a percentage point).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import core


@dataclass(frozen=True)
class WorkedExample:
    """A published example: ``function(*inputs)`` should give ``published``."""

    label: str
    source: str
    function: str
    inputs: tuple[float | tuple[float, ...], ...]
    published: float
    #: Absolute tolerance for an answer the source rounded; ``None`` for an exact one.
    tolerance: float | None = None
    percent: bool = False

    def compute(self) -> float:
        """The answer of roi_xl's core for this example."""
        return float(CORE_OF[self.function](*self.inputs))

    def agrees(self, value: float) -> bool:
        """Whether ``value`` is the published answer, as precisely as it was published."""
        allowed = self.tolerance if self.tolerance is not None else 1e-9 * abs(self.published)
        return abs(value - self.published) <= allowed


CORE_OF: dict[str, Callable[..., Any]] = {
    "CS_ROI": core.roi,
    "CS_NET_VALUE": core.net_value,
    "CS_BENEFIT_COST_RATIO": core.benefit_cost_ratio,
    "CS_DEFLECTION_SAVINGS": core.deflection_savings,
    "CS_BLENDED_COST_PER_CONTACT": core.blended_cost_per_contact,
    "CS_CAPACITY_GAIN": core.capacity_gain,
    "CS_FTE_FREED": core.fte_freed,
    "CS_CONVERSION_UPLIFT": core.conversion_uplift,
    "CS_CUSTOMERS_SAVED": core.customers_saved,
    "CS_RETAINED_REVENUE": core.retained_revenue,
}

_A = "Worked example: a published ROI calculation"

WORKED_EXAMPLES: tuple[WorkedExample, ...] = (
    WorkedExample(
        "Costs $1M; gains $300k + $400k + $200k",
        _A,
        "CS_ROI",
        ((300_000, 400_000, 200_000), 1_000_000),
        -0.10,
        percent=True,
    ),
    WorkedExample(
        "Costs $1M; gains $1.3M", _A, "CS_ROI", (1_300_000, 1_000_000), 0.30, percent=True
    ),
    WorkedExample(
        "Invest $100k; $180k retained + $40k savings: net value",
        _A,
        "CS_NET_VALUE",
        ((180_000, 40_000), 100_000),
        120_000,
    ),
    WorkedExample(
        "Invest $100k; $180k retained + $40k savings: ROI",
        _A,
        "CS_ROI",
        ((180_000, 40_000), 100_000),
        1.20,
        percent=True,
    ),
    WorkedExample(
        "$200k invested, $500k revenue retained",
        _A,
        "CS_ROI",
        (500_000, 200_000),
        1.50,
        percent=True,
    ),
    WorkedExample("Spend $100, earn $150", _A, "CS_ROI", (150, 100), 0.50, percent=True),
    WorkedExample(
        "Invest $450k; $2.3M retained + $680k expansion: ROI ≈ 562%",
        _A,
        "CS_ROI",
        ((2_300_000, 680_000), 450_000),
        5.62,
        tolerance=0.005,
        percent=True,
    ),
    WorkedExample(
        "Same case: benefit-cost ratio ≈ 6.62",
        _A,
        "CS_BENEFIT_COST_RATIO",
        ((2_300_000, 680_000), 450_000),
        6.62,
        tolerance=0.005,
    ),
    WorkedExample(
        '$400k gains on $100k reported as "400%": that is the BCR',
        "Worked example: ROI versus benefit-cost ratio",
        "CS_BENEFIT_COST_RATIO",
        (400_000, 100_000),
        4.0,
    ),
    WorkedExample(
        "... and the ROI is 300%",
        "Worked example: ROI versus benefit-cost ratio",
        "CS_ROI",
        (400_000, 100_000),
        3.0,
        percent=True,
    ),
    WorkedExample(
        "100k inquiries a month at $4, 40% by AI at $0.50: monthly savings",
        "Worked example: deflection",
        "CS_DEFLECTION_SAVINGS",
        (100_000, 0.4, 4, 0.5),
        140_000,
    ),
    WorkedExample(
        "Same, a year (1.2M inquiries)",
        "Worked example: deflection",
        "CS_DEFLECTION_SAVINGS",
        (1_200_000, 0.4, 4, 0.5),
        1_680_000,
    ),
    WorkedExample(
        "Same, with $400k a year of AI cost: ROI",
        "Worked example: deflection",
        "CS_ROI",
        (1_680_000, 400_000),
        3.20,
        percent=True,
    ),
    WorkedExample(
        "Same: blended cost per contact",
        "Worked example: deflection",
        "CS_BLENDED_COST_PER_CONTACT",
        (0.4, 4, 0.5),
        2.60,
    ),
    WorkedExample(
        "20% shorter handle time: extra capacity",
        "Worked example: handle time",
        "CS_CAPACITY_GAIN",
        (0.2,),
        0.25,
        percent=True,
    ),
    WorkedExample(
        "20% shorter handle time: agents freed of 200",
        "Worked example: handle time",
        "CS_FTE_FREED",
        (200, 0.2),
        40,
    ),
    WorkedExample(
        "50k interactions a month, conversion 5% → 7%, $100 orders",
        "Worked example: upsell",
        "CS_CONVERSION_UPLIFT",
        (50_000, 0.05, 0.07, 100),
        100_000,
    ),
    WorkedExample(
        "Same, a year (600k interactions)",
        "Worked example: upsell",
        "CS_CONVERSION_UPLIFT",
        (600_000, 0.05, 0.07, 100),
        1_200_000,
    ),
    WorkedExample(
        "500k customers, churn 10% → 9%: customers saved",
        "Worked example: churn",
        "CS_CUSTOMERS_SAVED",
        (500_000, 0.10, 0.09),
        5_000,
    ),
    WorkedExample(
        "Same, $200 a year each: revenue retained",
        "Worked example: churn",
        "CS_RETAINED_REVENUE",
        (500_000, 0.10, 0.09, 200),
        1_000_000,
    ),
)
