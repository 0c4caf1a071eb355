"""Cost levers: what service improvements save (FORMULAS.md section B).

When deflection, handle-time and first-contact-resolution savings are
stacked, the handle-time, FCR and escalation savings must be computed on the
contacts *left after deflection* (:func:`contacts_after_deflection`), or the
same contact is saved twice. The business-case template does this.
"""

from __future__ import annotations

from typing import Any

from . import _inputs as check
from .errors import ZeroDenominatorError

__all__ = [
    "deflection_savings",
    "blended_cost_per_contact",
    "contacts_after_deflection",
    "aht_savings",
    "capacity_gain",
    "fte_freed",
    "fcr_savings",
    "escalation_savings",
]


def deflection_savings(
    contacts: Any,
    deflection_rate: Any,
    human_cost_per_contact: Any,
    automated_cost_per_contact: Any,
) -> float:
    """Savings from contacts deflected to self-service or AI.

    Parameters
    ----------
    contacts : float
        Contacts in the period (0 or more).
    deflection_rate : float
        Share of contacts handled by self-service or AI, 0..1.
    human_cost_per_contact, automated_cost_per_contact : float
        Cost of one contact handled by a person / by automation (0 or more).

    Returns
    -------
    float
        ``contacts * deflection_rate * (human - automated)``. Negative when
        automation costs more per contact than a person, which is a real loss.

    Examples
    --------
    100,000 inquiries a month at $4, 40% handled by AI at $0.50:

    >>> deflection_savings(100_000, 0.4, 4, 0.5)
    140000.0
    """
    n = check.non_negative(contacts, "contacts")
    r = check.rate(deflection_rate, "deflection_rate")
    human = check.non_negative(human_cost_per_contact, "human_cost_per_contact")
    auto = check.non_negative(automated_cost_per_contact, "automated_cost_per_contact")
    return check.finite_result(n * r * (human - auto), "deflection savings")


def blended_cost_per_contact(
    deflection_rate: Any, human_cost_per_contact: Any, automated_cost_per_contact: Any
) -> float:
    """Average cost of a contact when part of the volume is automated.

    Parameters
    ----------
    deflection_rate : float
        Share of contacts handled by automation, 0..1.
    human_cost_per_contact, automated_cost_per_contact : float
        Cost of one contact by a person / by automation (0 or more).

    Returns
    -------
    float
        ``rate * automated + (1 - rate) * human``.

    Examples
    --------
    >>> blended_cost_per_contact(0.4, 4, 0.5)
    2.6
    """
    r = check.rate(deflection_rate, "deflection_rate")
    human = check.non_negative(human_cost_per_contact, "human_cost_per_contact")
    auto = check.non_negative(automated_cost_per_contact, "automated_cost_per_contact")
    return check.finite_result(r * auto + (1 - r) * human, "blended cost")


def contacts_after_deflection(contacts: Any, deflection_rate: Any) -> float:
    """Contacts still handled by people after deflection.

    Parameters
    ----------
    contacts : float
        Contacts before deflection (0 or more).
    deflection_rate : float
        Share deflected, 0..1.

    Returns
    -------
    float
        ``contacts * (1 - deflection_rate)``: the base for handle-time, FCR
        and escalation savings, so that no contact is saved twice.

    Examples
    --------
    >>> contacts_after_deflection(100_000, 0.4)
    60000.0
    """
    n = check.non_negative(contacts, "contacts")
    r = check.rate(deflection_rate, "deflection_rate")
    return check.finite_result(n * (1 - r), "contacts")


def aht_savings(
    contacts: Any, aht_before_minutes: Any, aht_after_minutes: Any, loaded_cost_per_hour: Any
) -> float:
    """Savings from a shorter average handle time (AHT).

    Parameters
    ----------
    contacts : float
        Contacts handled by people (after deflection when stacking levers).
    aht_before_minutes, aht_after_minutes : float
        Average handle time in minutes before and after (0 or more).
    loaded_cost_per_hour : float
        Fully loaded cost of an agent hour (0 or more).

    Returns
    -------
    float
        ``contacts * (before - after) / 60 * loaded_cost_per_hour``.
        This is *freed capacity* valued at cost; whether it becomes cash
        depends on staffing (see :func:`roi_xl.core.agents_required`).

    Examples
    --------
    60,000 contacts, 10 minutes down to 8, $30 an hour:

    >>> aht_savings(60_000, 10, 8, 30)
    60000.0
    """
    n = check.non_negative(contacts, "contacts")
    before = check.non_negative(aht_before_minutes, "aht_before_minutes")
    after = check.non_negative(aht_after_minutes, "aht_after_minutes")
    cost = check.non_negative(loaded_cost_per_hour, "loaded_cost_per_hour")
    return check.finite_result(n * (before - after) / 60 * cost, "handle-time savings")


def capacity_gain(aht_reduction: Any) -> float:
    """Extra capacity the same agents gain from a cut in handle time.

    Parameters
    ----------
    aht_reduction : float
        Fractional cut in handle time, 0..1 (0.2 for 20% shorter).

    Returns
    -------
    float
        ``1 / (1 - r) - 1``: a 20% cut gives 25% more contacts handled by the
        same team. Compare :func:`fte_freed`, the other view of the same cut.

    Raises
    ------
    ZeroDenominatorError
        When the cut is 100% (capacity would be unlimited).

    Examples
    --------
    >>> round(capacity_gain(0.2), 12)
    0.25
    """
    r = check.rate(aht_reduction, "aht_reduction")
    if r == 1:
        raise ZeroDenominatorError(
            "aht_reduction", "aht_reduction of 100% leaves no handle time: capacity is unbounded"
        )
    return 1 / (1 - r) - 1


def fte_freed(agents: Any, aht_reduction: Any) -> float:
    """Agents no longer needed at the same volume after a cut in handle time.

    Parameters
    ----------
    agents : float
        Agents (FTE) today, 0 or more.
    aht_reduction : float
        Fractional cut in handle time, 0..1.

    Returns
    -------
    float
        ``agents * r``: 200 agents and a 20% cut free 40 agents. This is the
        straight-line view; queueing (Erlang C) frees fewer, see
        :func:`roi_xl.core.agents_required`.

    Examples
    --------
    >>> fte_freed(200, 0.2)
    40.0
    """
    n = check.non_negative(agents, "agents")
    return check.finite_result(n * check.rate(aht_reduction, "aht_reduction"), "FTE freed")


def fcr_savings(issues: Any, fcr_before: Any, fcr_after: Any, cost_per_contact: Any) -> float:
    """Savings from resolving more issues on the first contact.

    Parameters
    ----------
    issues : float
        Distinct customer issues (not contacts), 0 or more.
    fcr_before, fcr_after : float
        First-contact resolution rate before and after, 0..1 and not 0.
    cost_per_contact : float
        Cost of one contact (0 or more).

    Returns
    -------
    float
        ``issues * (1 / fcr_before - 1 / fcr_after) * cost_per_contact``:
        an unresolved contact comes back, so an issue takes about ``1 / FCR``
        contacts.

    Raises
    ------
    ZeroDenominatorError
        When either FCR is 0.

    Examples
    --------
    10,000 issues, FCR 50% to 80%, $5 a contact (20,000 contacts down to 12,500):

    >>> fcr_savings(10_000, 0.5, 0.8, 5)
    37500.0
    """
    n = check.non_negative(issues, "issues")
    before = check.rate(fcr_before, "fcr_before")
    after = check.rate(fcr_after, "fcr_after")
    cost = check.non_negative(cost_per_contact, "cost_per_contact")
    for name, value in (("fcr_before", before), ("fcr_after", after)):
        if value == 0:
            raise ZeroDenominatorError(name, f"{name} is 0: no issue would ever be resolved")
    return check.finite_result(n * (1 / before - 1 / after) * cost, "FCR savings")


def escalation_savings(
    contacts: Any,
    escalation_rate_before: Any,
    escalation_rate_after: Any,
    cost_per_escalation: Any,
) -> float:
    """Savings from fewer escalations.

    Parameters
    ----------
    contacts : float
        Contacts handled (after deflection when stacking levers), 0 or more.
    escalation_rate_before, escalation_rate_after : float
        Share of contacts escalated, 0..1.
    cost_per_escalation : float
        Extra cost of one escalation (0 or more).

    Returns
    -------
    float
        ``contacts * (before - after) * cost_per_escalation``.

    Examples
    --------
    >>> escalation_savings(60_000, 0.10, 0.07, 25)
    45000.0
    """
    n = check.non_negative(contacts, "contacts")
    before = check.rate(escalation_rate_before, "escalation_rate_before")
    after = check.rate(escalation_rate_after, "escalation_rate_after")
    cost = check.non_negative(cost_per_escalation, "cost_per_escalation")
    return check.finite_result(n * (before - after) * cost, "escalation savings")
