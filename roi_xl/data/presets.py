"""Export presets: each helpdesk's own field names mapped onto the generic columns.

The generic columns are those of ``roi-xl baseline`` (``id``, ``created_at``,
``channel``, ``automated``, ``handle_seconds``, ``agent_replies``,
``reopens``, ``escalated``, ``csat``). A preset names, for each generic
column, the vendor's field (its API name, flattened with dots as JSON export
tools write it, and the label its own CSV export uses where it has one) and
how its value is read. A generic column a vendor does not export is looked up
by its generic name, so a column added by hand (for example ``automated`` or
``handle_seconds`` from a workforce tool) is used with any preset.

The README has the table of every mapping with what each vendor does not
export.
"""

from __future__ import annotations

from .reader import ExportError, Field

#: The generic columns, in the order of the README's table.
GENERIC: tuple[Field, ...] = (
    Field("id", ("id",), "text", required=True),
    Field("created_at", ("created_at",), "datetime", required=True),
    Field("channel", ("channel",), "text"),
    Field("automated", ("automated",), "bool"),
    Field("handle_seconds", ("handle_seconds",), "number"),
    Field("agent_replies", ("agent_replies",), "count"),
    Field("reopens", ("reopens",), "count"),
    Field("escalated", ("escalated",), "bool"),
    Field("csat", ("csat",), "number"),
)

#: Each preset's own fields; the generic columns it does not name are read by their generic name.
_VENDOR: dict[str, tuple[Field, ...]] = {
    "generic": (),
    # Zendesk Support: Tickets API + Ticket Metrics API (replies, reopens, group_stations)
    # and the Time Tracking app's ticket field "Total time spent (sec)".
    "zendesk": (
        Field("id", ("ticket_id", "id"), "text", required=True),
        Field("created_at", ("created_at",), "datetime", required=True),
        Field("channel", ("via.channel", "via_channel"), "text"),
        Field("agent_replies", ("replies",), "count"),
        Field("reopens", ("reopens",), "count"),
        Field("escalated", ("group_stations",), "count", convert="({v} > 1)"),
        Field("handle_seconds", ("Total time spent (sec)", "total_time_spent_sec"), "number"),
        Field(
            "csat",
            ("satisfaction_rating.score", "satisfaction_rating_score"),
            "choice",
            choices={"good": "1.0", "bad": "0.0", "offered": "NULL", "unoffered": "NULL"},
        ),
    ),
    # Intercom: Conversations API, its conversation statistics and AI agent (Fin) objects.
    "intercom": (
        Field("id", ("id",), "text", required=True),
        Field("created_at", ("created_at",), "unix_time", required=True),
        Field("channel", ("source.type", "source_type"), "text"),
        Field("reopens", ("statistics.count_reopens", "count_reopens"), "count"),
        Field(
            "automated",
            ("ai_agent.resolution_state", "ai_agent_resolution_state"),
            "choice",
            choices={
                "assumed_resolution": "true",
                "confirmed_resolution": "true",
                "routed_to_team": "false",
                "abandoned": "false",
            },
        ),
        Field("csat", ("conversation_rating.rating", "conversation_rating_rating"), "number"),
    ),
    # Freshdesk: Tickets API v2 (is_escalated, source).
    "freshdesk": (
        Field("id", ("id",), "text", required=True),
        Field("created_at", ("created_at",), "datetime", required=True),
        Field("channel", ("source",), "text"),
        Field("escalated", ("is_escalated",), "bool"),
    ),
    # Salesforce Service Cloud: the Case object (API names, and the labels of a report export);
    # handle time from Omni-Channel's AgentWork.ActiveTime (the time an agent actively worked
    # the item, in seconds; Object Reference, AgentWork) summed per case.
    "salesforce": (
        Field("id", ("Id", "CaseNumber", "Case ID", "Case Number"), "text", required=True),
        Field(
            "created_at",
            ("CreatedDate", "Date/Time Opened", "Created Date"),
            "datetime",
            required=True,
        ),
        Field("channel", ("Origin", "Case Origin"), "text"),
        Field("escalated", ("IsEscalated", "Escalated"), "bool"),
        Field("handle_seconds", ("ActiveTime", "Active Time"), "number"),
    ),
}

PRESETS: tuple[str, ...] = tuple(_VENDOR)


class UnknownPresetError(ExportError):
    """A ``--source`` that is not one of :data:`PRESETS`."""


def preset_fields(name: str) -> tuple[Field, ...]:
    """The fields read for preset ``name``: its own, then the generic ones it does not map."""
    if name not in _VENDOR:
        raise UnknownPresetError(f"unknown --source {name!r}; expected one of {', '.join(PRESETS)}")
    own = _VENDOR[name]
    mapped = {f.name for f in own}
    return (*own, *(f for f in GENERIC if f.name not in mapped))


def vendor_fields(name: str) -> tuple[Field, ...]:
    """The fields preset ``name`` reads under the vendor's own names (none for ``generic``)."""
    preset_fields(name)  # refuses an unknown name
    return _VENDOR[name]


def exported(name: str) -> set[str]:
    """The generic columns that preset ``name`` maps from the vendor's own fields."""
    return {f.name for f in _VENDOR[name]} if name != "generic" else {f.name for f in GENERIC}
