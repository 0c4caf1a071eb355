"""Export presets: each helpdesk's own headers mapped onto the generic columns.

The generic columns are those of ``roi-xl baseline`` (``id``, ``created_at``,
``channel``, ``automated``, ``handle_seconds``, ``agent_replies``,
``reopens``, ``escalated``, ``csat``) and the columns that say whether a row
is a customer contact at all and whether it was solved (``status``,
``closed``, ``deleted``, ``spam``, ``delivered_as``) or when it was last
written (``updated_at``, for ``--latest-per-id``).

A preset lists, for each generic column, the headers its vendor writes, in
the order they are tried, each with the way its values are read: the web
interface's export (display labels such as ``Created at``, account-local
dates, minutes or ``hh:mm`` durations) and the API or warehouse records (API
names such as ``via.channel``, UTC or Unix times). Headers are matched
ignoring case, spaces and punctuation (``via.channel`` = ``via_channel``),
a Zendesk custom field's ``[type]`` suffix, and a time zone in brackets
(Intercom's ``Conversation started at (America/New_York)``, which also says
the zone its times are written in). After the preset's own headers, every
column is looked up by its generic names, so a column added by hand (for
example ``automated`` from a bot report) is read with any preset.

docs/baseline.md has the table of every mapping with what each vendor does
not export; EXPORTS.md (the specification) the headers and value formats.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .reader import ExportError, Field, normal_name

#: Freshdesk API v2 ticket sources (the number in ``source``) and statuses.
FRESHDESK_SOURCES = {
    "1": "Email",
    "2": "Portal",
    "3": "Phone",
    "7": "Chat",
    "9": "Feedback Widget",
    "10": "Outbound Email",
}
FRESHDESK_STATUSES = {"2": "Open", "3": "Pending", "4": "Resolved", "5": "Closed"}


def _recode(codes: Mapping[str, str]) -> str:
    """SQL converting a code (``{v}``) to its name; other values kept as written."""
    cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in codes.items())
    return f"(CASE {{v}} {cases} ELSE {{v}} END)"


#: Intercom's AI agent (Fin) resolution states: true when the AI agent resolved it alone.
_FIN_STATES = {
    "assumed_resolution": "true",
    "confirmed_resolution": "true",
    "assumed resolved": "true",
    "confirmed resolved": "true",
    "assumed resolution": "true",
    "confirmed resolution": "true",
    "routed_to_team": "false",
    "routed to team": "false",
    "abandoned": "false",
    "escalated": "false",
}

#: The generic columns and the generic spellings of each, tried after a preset's own.
GENERIC: tuple[Field, ...] = (
    Field("id", ("id", "ticket_id", "conversation_id", "case_id"), "text", required=True),
    Field(
        "created_at",
        ("created_at", "created_date", "created", "creation_date", "date_created", "opened_at"),
        "datetime",
        required=True,
    ),
    Field("channel", ("channel", "ticket_channel", "source", "via", "origin"), "text"),
    Field("automated", ("automated", "is_automated"), "bool"),
    Field(
        "handle_seconds",
        ("handle_seconds", "handle_time_seconds", "handle_minutes", "handle_time_minutes"),
        "duration",
    ),
    Field("agent_replies", ("agent_replies", "replies", "agent_responses"), "count"),
    Field("reopens", ("reopens", "reopen_count"), "count"),
    Field("escalated", ("escalated", "is_escalated"), "bool"),
    Field(
        "csat",
        ("csat", "csat_score", "customer_satisfaction_rating", "satisfaction_score"),
        "rating",
    ),
    Field("status", ("status", "ticket_status", "state"), "text"),
    Field("closed", ("closed", "is_closed"), "bool"),
    Field("deleted", ("deleted", "is_deleted"), "bool"),
    Field("spam", ("spam", "is_spam"), "bool"),
    Field("delivered_as", ("delivered_as",), "text"),
    Field("updated_at", ("updated_at", "last_updated", "last_modified"), "datetime"),
)

#: The generic columns, in the order of the table.
COLUMNS: tuple[str, ...] = tuple(f.name for f in GENERIC)

#: Each preset's own headers (several Fields for one column: one per spelling, tried in order).
_VENDOR: dict[str, tuple[Field, ...]] = {
    "generic": (),
    # Zendesk Support: the web interface's CSV/.xlsx export (display labels, account-local
    # dates) and the API / warehouse records (Incremental Ticket Export, Ticket Metrics:
    # replies, reopens, group_stations; the Time Tracking app's "Total time spent (sec)").
    "zendesk": (
        Field("id", ("Id", "ticket_id"), "text", required=True),
        Field("created_at", ("Created at",), "datetime", required=True),
        Field("channel", ("Via", "via.channel"), "text"),
        Field("status", ("Status",), "text"),
        Field("updated_at", ("Updated at",), "datetime"),
        Field("agent_replies", ("Replies",), "count"),
        Field("reopens", ("Reopens",), "count"),
        Field("escalated", ("group_stations",), "count", convert="({v} > 1)"),
        Field("handle_seconds", ("Total time spent (sec)",), "duration"),
        Field("csat", ("Satisfaction Score", "satisfaction_rating.score"), "rating"),
    ),
    # Intercom: the web export of conversations (time zone in the header) and the
    # Conversations API (Unix times, source.delivered_as, statistics, ai_agent, rating).
    "intercom": (
        Field("id", ("Conversation ID",), "text", required=True),
        Field("created_at", ("Conversation started at",), "datetime", required=True),
        Field("created_at", ("created_at",), "unix_time", required=True),
        Field("channel", ("source.type", "Channel"), "text"),
        Field("delivered_as", ("source.delivered_as",), "text"),
        Field("reopens", ("statistics.count_reopens",), "count"),
        Field("handle_seconds", ("Handling time (seconds)",), "duration"),
        Field(
            "automated",
            ("ai_agent.resolution_state", "Fin AI Agent resolution state"),
            "choice",
            choices=_FIN_STATES,
        ),
        Field("csat", ("conversation_rating.rating", "Conversation rating"), "rating"),
        Field("updated_at", ("updated_at",), "unix_time"),
    ),
    # Freshdesk: "Export tickets" (CSV or SpreadsheetML .xls, labels, account-local dates,
    # hh:mm and hh:mm:ss durations) and the Tickets API v2 (numbers for source and status).
    "freshdesk": (
        Field("id", ("Ticket ID",), "text", required=True),
        Field("created_at", ("Created time",), "datetime", required=True),
        Field("channel", ("Source",), "text", convert=_recode(FRESHDESK_SOURCES)),
        Field("status", ("Status",), "text", convert=_recode(FRESHDESK_STATUSES)),
        Field("escalated", ("is_escalated",), "bool"),
        Field("handle_seconds", ("Time tracked",), "duration", unit=None),
        Field("agent_replies", ("Agent interactions",), "count"),
        Field("csat", ("Survey results",), "rating"),
        Field("updated_at", ("Last update time",), "datetime"),
    ),
    # Salesforce Service Cloud: the Case object (data export: API names; report export:
    # labels); handle time from Omni-Channel's AgentWork.ActiveTime (seconds) summed per case.
    "salesforce": (
        Field("id", ("Id", "CaseNumber", "Case ID"), "text", required=True),
        Field(
            "created_at",
            ("CreatedDate", "Date/Time Opened", "Created Date"),
            "datetime",
            required=True,
        ),
        Field("channel", ("Origin", "Case Origin"), "text"),
        Field("status", ("Status",), "text"),
        Field("closed", ("IsClosed", "Closed"), "bool"),
        Field("escalated", ("IsEscalated", "Escalated"), "bool"),
        Field("deleted", ("IsDeleted", "Deleted"), "bool"),
        Field("handle_seconds", ("ActiveTime", "Active Time"), "duration"),
        Field("updated_at", ("LastModifiedDate", "Last Modified Date"), "datetime"),
    ),
}

PRESETS: tuple[str, ...] = tuple(_VENDOR)

#: Example mapping files, one per preset (``roi-xl baseline --mapping``).
MAPPINGS = Path(__file__).resolve().parent / "mappings"


class UnknownPresetError(ExportError):
    """A ``--source`` that is not one of :data:`PRESETS`."""


def preset_fields(name: str) -> tuple[Field, ...]:
    """The fields read for preset ``name``: its own spellings, then the generic ones."""
    if name not in _VENDOR:
        raise UnknownPresetError(f"unknown --source {name!r}; expected one of {', '.join(PRESETS)}")
    return (*_VENDOR[name], *GENERIC)


def vendor_fields(name: str) -> tuple[Field, ...]:
    """The fields preset ``name`` reads under the vendor's own names (none for ``generic``)."""
    preset_fields(name)  # refuses an unknown name
    return _VENDOR[name]


def exported(name: str) -> set[str]:
    """The generic columns that preset ``name`` maps from the vendor's own fields."""
    return {f.name for f in _VENDOR[name]} if name != "generic" else set(COLUMNS)


def with_mapping(
    fields: Sequence[Field], mapping: Mapping[str, Sequence[str]]
) -> tuple[Field, ...]:
    """``fields`` with the headers of each mapped column replaced by ``mapping``'s, in order.

    A header the preset knows keeps the preset's way of reading it (a Unix time,
    an ``hh:mm`` duration); another is read the way the column's first field is.
    """
    names = {f.name for f in fields}
    unknown = [n for n in mapping if n not in names]
    if unknown:
        raise ExportError(
            f"mapping: unknown column {unknown[0]!r}; expected one of {', '.join(COLUMNS)}"
        )
    out: list[Field] = []
    done: set[str] = set()
    for spec in fields:
        if spec.name not in mapping:
            out.append(spec)
            continue
        if spec.name in done:
            continue
        done.add(spec.name)
        own = [f for f in fields if f.name == spec.name]
        for header in mapping[spec.name]:
            known = next(
                (f for f in own if normal_name(header) in map(normal_name, f.sources)), own[0]
            )
            out.append(_replace_sources(known, (header,)))
    return tuple(out)


def _replace_sources(spec: Field, sources: tuple[str, ...]) -> Field:
    import dataclasses

    return dataclasses.replace(spec, sources=sources)


#: Options a mapping file may set (its ``[options]`` table) and their types.
MAPPING_OPTIONS = {
    "source": str,
    "date_format": str,
    "timezone": str,
    "blank_zero": list,
    "latest_per_id": bool,
    "sheet": str,
}


def read_mapping(path: Path) -> tuple[dict[str, list[str]], dict[str, str], dict[str, Any]]:
    """A mapping file: (column → headers, column → unit, options).

    ``[columns]``: a generic column → a header or a list of headers (the first
    present is read); ``[units]``: a column → ``seconds``, ``minutes``,
    ``hours``, ``hh:mm`` or ``hh:mm:ss``; ``[options]``: see :data:`MAPPING_OPTIONS`.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ExportError(f"--mapping {path.name}: cannot be read ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ExportError(f"--mapping {path.name}: not a TOML file ({exc})") from None
    extra = set(data) - {"columns", "units", "options"}
    if extra:
        raise ExportError(
            f"--mapping {path.name}: unknown table {sorted(extra)[0]!r}; "
            "expected [columns], [units] and [options]"
        )
    columns: dict[str, list[str]] = {}
    for name, value in data.get("columns", {}).items():
        headers = [value] if isinstance(value, str) else value
        if not isinstance(headers, list) or not all(isinstance(h, str) for h in headers):
            raise ExportError(
                f"--mapping {path.name}: [columns] {name} must be a header or a list of headers"
            )
        if name not in COLUMNS:
            raise ExportError(
                f"--mapping {path.name}: unknown column {name!r}; expected one of "
                + ", ".join(COLUMNS)
            )
        columns[name] = headers
    units = data.get("units", {})
    if not all(isinstance(v, str) for v in units.values()):
        raise ExportError(f"--mapping {path.name}: [units] values must be unit names")
    options = data.get("options", {})
    for key, value in options.items():
        if key not in MAPPING_OPTIONS:
            raise ExportError(
                f"--mapping {path.name}: unknown option {key!r}; expected one of "
                + ", ".join(MAPPING_OPTIONS)
            )
        if not isinstance(value, MAPPING_OPTIONS[key]):
            raise ExportError(f"--mapping {path.name}: option {key} has the wrong type")
    return columns, dict(units), dict(options)


def _toml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def mapping_text(name: str) -> str:
    """Preset ``name`` as a mapping file a user can edit (``--print-mapping``)."""
    fields = preset_fields(name)
    lines = [
        f"# roi-xl baseline mapping: the {name} preset. Edit the headers to match your export,",
        f"# then run: roi-xl baseline EXPORT --mapping {name}.toml",
        "# [columns]: a generic column -> the header (or headers, the first present is read).",
        "# Headers match ignoring case, spaces and punctuation.",
        "",
        "[options]",
        f"source = {_toml_string(name)}",
        '# date_format = "dmy"        # iso, dmy, mdy or a strftime pattern',
        '# timezone = "Europe/Paris"  # the zone the months are counted in',
        '# blank_zero = ["handle_seconds"]',
        "# latest_per_id = true",
        "",
        "[columns]",
    ]
    for column in COLUMNS:
        headers = list(dict.fromkeys(s for f in fields if f.name == column for s in f.sources))
        lines.append(f"{column} = [{', '.join(_toml_string(h) for h in headers)}]")
    lines += [
        "",
        "[units]",
        '# handle_seconds = "minutes"  # seconds, minutes, hours, hh:mm or hh:mm:ss',
    ]
    return "\n".join(lines) + "\n"
