"""roi-xl baseline on every export shape of EXPORTS.md, each KPI against an independent count.

Each test generates tickets as plain Python records of what happened (created when,
by which channel, a contact or not, solved or not, rated how), writes them in a
vendor's own format (header and value formats of EXPORTS.md, never a copied
customer file), runs the baseline, and compares every KPI with :func:`reference`,
a count written here from the definitions of TRACKING.md §1 and §1b over the
records themselves (not over the file).
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass

import openpyxl
import pytest

from roi_xl.cli import main
from roi_xl.data.baseline import Options, compute_baseline
from tests.data.files import write_csv

UTC = dt.UTC


@dataclass
class Ticket:
    """What happened, in words: the reference counts these, the writers format them."""

    id: int
    created: dt.datetime  # aware (UTC)
    channel: str  # email, web, chat, phone
    kind: str  # contact, follow-up, outbound, internal, deleted, automated outbound
    solved: bool
    replies: int
    reopens: int
    escalated: bool
    automated: bool | None
    handle: int | None  # seconds, whole minutes
    rating: int | None  # 1-5, None when not rated


def tickets(seed: int, count: int = 240, kinds: tuple[str, ...] = ()) -> list[Ticket]:
    """Tickets from 1 January to 31 March 2024 (UTC): the first and last on the edges."""
    rng = random.Random(seed)
    start = dt.datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
    end = dt.datetime(2024, 3, 31, 12, 0, tzinfo=UTC)
    span = int((end - start).total_seconds())
    out = []
    for i in range(count):
        created = (
            start
            if i == 0
            else end
            if i == 1
            else start + dt.timedelta(seconds=rng.randrange(span))
        )
        kind = "contact"
        if kinds and i > 1 and rng.random() < 0.25:
            kind = rng.choice(kinds)
        out.append(
            Ticket(
                id=1000 + i,
                created=created,
                channel=rng.choice(["email", "web", "chat", "phone"]),
                kind=kind,
                solved=rng.random() < 0.7,
                replies=rng.choice([0, 1, 1, 1, 2, 3]),
                reopens=rng.choice([0, 0, 0, 1, 2]),
                escalated=rng.random() < 0.2,
                automated=rng.random() < 0.15,
                handle=rng.choice([None, 60 * rng.randint(1, 50)]),
                rating=rng.choice([None, None, 1, 2, 3, 4, 5]),
            )
        )
    return out


def reference(
    records: list[Ticket],
    zone: str = "UTC",
    labels: dict[str, str] | None = None,
    has: tuple[str, ...] = (),
    solved_known: bool = True,
) -> dict[str, dict]:
    """Every month's KPIs counted over the records, by the definitions of TRACKING.md.

    ``has``: the KPI inputs the vendor's file carries (automated, handle, fcr, escalated,
    csat). Contacts are the rows that are customer contacts; the other KPIs are over
    the people-handled contacts; FCR over the solved ones; CSAT the share of ratings of
    4 or 5.
    """
    months: dict[str, dict] = {}
    for t in records:
        month = t.created.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m")
        m = months.setdefault(
            month,
            {
                "contacts": 0,
                "left": {},
                "channels": {},
                "auto": 0,
                "h": [],
                "fcr": [],
                "esc": [],
                "csat": [],
            },
        )
        if t.kind != "contact":
            m["left"][t.kind] = m["left"].get(t.kind, 0) + 1
            continue
        m["contacts"] += 1
        label = (labels or {}).get(t.channel, t.channel)
        m["channels"][label] = m["channels"].get(label, 0) + 1
        automated = bool(t.automated) if "automated" in has else False
        m["auto"] += automated
        if automated:
            continue
        if t.handle is not None:
            m["h"].append(t.handle)
        if t.solved or not solved_known:
            m["fcr"].append(t.reopens == 0 and t.replies <= 1)
        m["esc"].append(t.escalated)
        if t.rating is not None:
            m["csat"].append(t.rating >= 4)
    out = {}
    for month, m in months.items():
        k = {"Contacts": m["contacts"], "left": m["left"], "channels": m["channels"]}
        if "automated" in has:
            k["Automated_Contacts"] = m["auto"]
            k["Deflection_Rate"] = m["auto"] / m["contacts"]
        if "handle" in has:
            k["AHT_Min"] = sum(m["h"]) / len(m["h"]) / 60
        if "fcr" in has:
            k["FCR"] = sum(m["fcr"]) / len(m["fcr"])
        if "escalated" in has:
            k["Escalation_Rate"] = sum(m["esc"]) / len(m["esc"])
        if "csat" in has:
            k["CSAT"] = sum(m["csat"]) / len(m["csat"])
        out[month] = k
    return out


KPIS = ("Automated_Contacts", "Deflection_Rate", "AHT_Min", "FCR", "Escalation_Rate", "CSAT")


def check(result, expected: dict[str, dict]) -> None:
    assert sorted(result.monthly) == sorted(expected)
    for month, want in expected.items():
        got = result.monthly[month]
        assert got["Contacts"] == want["Contacts"], month
        for kpi in KPIS:
            if kpi in want:
                assert got[kpi] == pytest.approx(want[kpi]), (month, kpi)
            else:
                assert got[kpi] is None, (month, kpi)  # missing, never 0
        assert result.left_out.get(month, {}) == want["left"], month
        if result.columns.get("channel"):
            assert result.channels.get(month, {}) == want["channels"], month
        else:
            assert result.channels == {}  # no channel column: no mix


# -- Zendesk ---------------------------------------------------------------------------------

ZENDESK_HEADER = [
    "Id", "Requester id", "Group", "Status", "Priority", "Via", "Created at", "Updated at",
    "Assigned at", "Initially assigned at", "Solved at", "Resolution time",
    "Satisfaction Score", "Reopens", "Replies",
    "First reply time in minutes within business hours",
    "First resolution time in minutes", "First resolution time in minutes within business hours",
    "Full resolution time in minutes", "Full resolution time in minutes within business hours",
    "Requester wait time in minutes", "Requester wait time in minutes within business hours",
    "Total time spent (sec) [int]", "Manual Tagging of Categories [list]",
]  # fmt: skip
ZENDESK_VIA = {"email": "Mail", "web": "Web form", "chat": "Chat", "phone": "Phone call (incoming)"}
ZENDESK_NON_CONTACT = {
    "follow-up": "Closed Ticket",
    "outbound": "OutBound",
    "internal": "Internal Communication",
}


def _zendesk_row(t: Ticket, rng: random.Random, local: dt.datetime) -> list:
    via = ZENDESK_NON_CONTACT.get(t.kind, ZENDESK_VIA[t.channel])
    if t.kind == "deleted":
        status = "Deleted"
    elif t.solved:
        status = rng.choice(["Solved", "Closed"])
    else:
        status = rng.choice(["New", "Open", "Pending", "Hold"])
    if t.rating is None:
        score = rng.choice(["Offered", "Unoffered"])
    else:  # good/bad for some, a 1-5 custom survey for others: both read on one scale
        score = ("Good" if t.rating >= 4 else "Bad") if t.id % 2 else str(t.rating)
    stamp = local.strftime("%Y-%m-%d %H:%M:%S")
    return [
        t.id, 77, "Support", status, "Normal", via, stamp, stamp, stamp, stamp,
        stamp if t.solved else "", 30, score, t.reopens, t.replies, 12, 30, 20, 40, 35, 9, 8,
        "" if t.handle is None else t.handle, "billing",
    ]  # fmt: skip


def test_zendesk_web_export_csv(tmp_path):
    """Labels, account-local dates, Via values, Good/Bad and 1-5 scores, minute columns."""
    rng = random.Random(1)
    records = tickets(1, kinds=("follow-up", "outbound", "internal", "deleted"))
    rows = [_zendesk_row(t, rng, t.created.replace(tzinfo=None)) for t in records]
    path = write_csv(tmp_path / "export-2024.csv", ZENDESK_HEADER, rows)
    result = compute_baseline(path, "zendesk")
    has = ("handle", "fcr", "csat")
    check(result, reference(records, labels=ZENDESK_VIA, has=has))
    assert result.months == ["2024-01", "2024-02", "2024-03"]


def test_zendesk_web_export_xlsx(tmp_path):
    """The same export as an .xlsx whose dates are date cells."""
    rng = random.Random(2)
    records = tickets(2, kinds=("follow-up", "outbound"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(ZENDESK_HEADER)
    for t in records:
        row = _zendesk_row(t, rng, t.created.replace(tzinfo=None))
        row[6] = t.created.replace(tzinfo=None)  # a date cell
        sheet.append(row)
    book.save(tmp_path / "export.xlsx")
    result = compute_baseline(tmp_path / "export.xlsx", "zendesk")
    check(result, reference(records, labels=ZENDESK_VIA, has=("handle", "fcr", "csat")))


def test_zendesk_api_with_ticket_metrics_joined(tmp_path):
    """API names, UTC times with Z, metrics in a second file joined on ticket_id."""
    records = tickets(3, kinds=("follow-up",))
    channel = {"email": "email", "web": "web", "chat": "chat", "phone": "voice"}
    tickets_rows = []
    for t in records:
        tickets_rows.append(
            [
                t.id,
                t.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "closed_ticket" if t.kind == "follow-up" else channel[t.channel],
                "solved" if t.solved else "open",
                {None: "unoffered", 1: "bad", 2: "bad", 3: "bad", 4: "good", 5: "good"}[t.rating],
            ]
        )
    path = write_csv(
        tmp_path / "tickets.csv",
        ["id", "created_at", "via.channel", "status", "satisfaction_rating.score"],
        tickets_rows,
    )
    metrics = write_csv(
        tmp_path / "ticket_metrics.csv",
        ["id", "ticket_id", "replies", "reopens", "group_stations"],
        [[9000 + t.id, t.id, t.replies, t.reopens, 2 if t.escalated else 1] for t in records],
    )
    result = compute_baseline(path, Options(source="zendesk", metrics=metrics))
    labels = {"phone": "voice"}
    check(result, reference(records, labels=labels, has=("fcr", "escalated", "csat")))
    assert any("metrics joined" in note for note in result.notes)


def test_zendesk_history_table_latest_row_per_ticket(tmp_path, capsys):
    """A warehouse history table: several rows per ticket, the latest one counts."""
    records = tickets(4)
    rows = []
    for t in records:
        # an older row first (open, reopened 3 times), then the latest state
        early = (t.created + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        late = (t.created + dt.timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
        created = t.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append([t.id, created, early, "open", 3, 9])
        status = "solved" if t.solved else "pending"
        rows.append([t.id, created, late, status, t.reopens, t.replies])
    path = write_csv(
        tmp_path / "ticket_history.csv",
        ["id", "created_at", "updated_at", "status", "reopens", "replies"],
        rows[::-1],  # the file's order says nothing: updated_at does
    )
    assert main(["baseline", str(path), "--source", "zendesk"]) == 2
    assert "--latest-per-id" in capsys.readouterr().err
    result = compute_baseline(path, Options(source="zendesk", latest_per_id=True))
    check(result, reference(records, has=("fcr",)))


# -- Freshdesk -------------------------------------------------------------------------------

FRESHDESK_HEADER = [
    "Ticket ID", "Subject", "Status", "Priority", "Source", "Type", "Agent", "Group",
    "Created time", "Due by Time", "Resolved time", "Closed time", "Last update time",
    "Initial response time", "Time tracked", "First response time (in hrs)",
    "Resolution time (in hrs)", "Agent interactions", "Customer interactions",
    "Resolution status", "First response status", "Tags", "Survey results",
    "Association type", "Product", "Every response status", "Full name", "Contact ID",
    "Company Name",
]  # fmt: skip
FRESHDESK_SOURCE = {"email": "Email", "web": "Portal", "chat": "Chat", "phone": "Phone"}
SATISFIED_WORDS = ("Extremely satisfied", "Very satisfied", "Satisfied")
UNSATISFIED_WORDS = ("Neutral", "Dissatisfied", "Very dissatisfied", "Extremely dissatisfied")


def _freshdesk_rows(records: list[Ticket], rng: random.Random) -> list[list]:
    rows = []
    for t in records:
        local = t.created.replace(tzinfo=None)
        stamp = local.strftime("%Y-%m-%d %H:%M:%S")
        survey = ""
        if t.rating is not None:
            survey = rng.choice(SATISFIED_WORDS if t.rating >= 4 else UNSATISFIED_WORDS)
        tracked = "" if t.handle is None else f"{t.handle // 3600:02d}:{t.handle % 3600 // 60:02d}"
        status = rng.choice(["Resolved", "Closed"]) if t.solved else "Open"
        source = "Outbound Email" if t.kind == "outbound" else FRESHDESK_SOURCE[t.channel]
        rows.append(
            [
                t.id, "Help", status, "Low", source, "Question", "Ann", "Tier 1", stamp,
                stamp, stamp, "", stamp, stamp, tracked, "27:31:07", "30:02:00", t.replies,
                2, "Within SLA", "Within SLA", "", survey, "", "", "", "Bo", 5, "Acme",
            ]
        )  # fmt: skip
    return rows


def test_freshdesk_export_csv(tmp_path):
    """Labels, local dates, hh:mm Time tracked, hh:mm:ss hours above 24, survey words."""
    rng = random.Random(5)
    records = tickets(5, kinds=("outbound",))
    path = write_csv(tmp_path / "tickets.csv", FRESHDESK_HEADER, _freshdesk_rows(records, rng))
    result = compute_baseline(path, "freshdesk")
    # Freshdesk's export has no reopens column: FCR is missing, with the reason
    check(result, reference(records, labels=FRESHDESK_SOURCE, has=("handle", "csat")))
    assert "freshdesk exports no reopens" in result.missing["FCR"]


def _spreadsheetml(sheets: dict[str, list[list]]) -> str:
    def cell(value) -> str:
        if isinstance(value, int | float):
            return f'<Cell><Data ss:Type="Number">{value}</Data></Cell>'
        if isinstance(value, dt.datetime):
            return f'<Cell><Data ss:Type="DateTime">{value.isoformat()}.000</Data></Cell>'
        text = str(value).replace("&", "&amp;").replace("<", "&lt;")
        return f'<Cell><Data ss:Type="String">{text}</Data></Cell>' if text else "<Cell/>"

    body = []
    for name, rows in sheets.items():
        body.append(f'<Worksheet ss:Name="{name}"><Table>')
        body += ["<Row>" + "".join(cell(v) for v in row) + "</Row>" for row in rows]
        body.append("</Table></Worksheet>")
    return (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">' + "".join(body) + "</Workbook>"
    )


def test_freshdesk_spreadsheetml_xls(tmp_path):
    rng = random.Random(6)
    records = tickets(6, count=120)
    rows = _freshdesk_rows(records, rng)
    for row, t in zip(rows, records, strict=True):
        row[8] = t.created.replace(tzinfo=None)  # a DateTime cell
    text = _spreadsheetml({"Tickets": [FRESHDESK_HEADER, *rows]})
    (tmp_path / "tickets.xls").write_text(text, encoding="utf-8")
    result = compute_baseline(tmp_path / "tickets.xls", "freshdesk")
    check(result, reference(records, labels=FRESHDESK_SOURCE, has=("handle", "csat")))


def test_freshdesk_api_numbers(tmp_path):
    """source and status as the API's numbers; 10 is an outbound email, not a contact."""
    records = tickets(7, kinds=("outbound",))
    codes = {"email": 1, "web": 2, "phone": 3, "chat": 7}
    rows = [
        [
            t.id,
            t.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            10 if t.kind == "outbound" else codes[t.channel],
            str(t.escalated).lower(),
            5 if t.solved else 2,
        ]
        for t in records
    ]
    path = write_csv(
        tmp_path / "t.csv", ["id", "created_at", "source", "is_escalated", "status"], rows
    )
    result = compute_baseline(path, "freshdesk")
    labels = {"email": "Email", "web": "Portal", "phone": "Phone", "chat": "Chat"}
    check(result, reference(records, labels=labels, has=("escalated",)))


def test_time_tracked_all_zero_is_not_tracked(tmp_path):
    rng = random.Random(8)
    records = tickets(8, count=60)
    rows = _freshdesk_rows(records, rng)
    for row in rows:
        row[14] = "00:00"  # time tracking not used
    path = write_csv(tmp_path / "t.csv", FRESHDESK_HEADER, rows)
    result = compute_baseline(path, "freshdesk")
    assert result.monthly["2024-01"]["AHT_Min"] is None
    assert "time not tracked" in result.missing["AHT_Min"]


# -- Intercom --------------------------------------------------------------------------------


def test_intercom_api(tmp_path):
    """Unix times; delivered_as says who started it; Fin's resolution state; 1-5 ratings."""
    records = tickets(9, kinds=("outbound", "automated outbound"))
    delivered = {"outbound": "admin_initiated", "automated outbound": "automated"}
    rows = []
    for t in records:
        state = "" if t.automated is None else (
            "assumed_resolution" if t.automated else "routed_to_team"
        )  # fmt: skip
        rows.append(
            [
                t.id,
                int(t.created.timestamp()),
                "conversation" if t.channel == "chat" else t.channel,
                delivered.get(t.kind, "customer_initiated"),
                t.reopens,
                state,
                "" if t.rating is None else t.rating,
                "closed" if t.solved else "open",
            ]
        )
    header = [
        "id", "created_at", "source.type", "source.delivered_as", "statistics.count_reopens",
        "ai_agent.resolution_state", "conversation_rating.rating", "state",
    ]  # fmt: skip
    path = write_csv(tmp_path / "conversations.csv", header, rows)
    result = compute_baseline(path, "intercom")
    expected = reference(records, labels={"chat": "conversation"}, has=("automated", "csat"))
    check(result, expected)
    assert "FCR" in result.missing  # no agent replies in Intercom's API


def test_intercom_web_export_zone_in_header(tmp_path):
    """``Conversation started at (America/New_York)``: times written in New York."""
    new_york = zoneinfo.ZoneInfo("America/New_York")
    records = tickets(10, count=150)
    rows = [
        [t.id, t.created.astimezone(new_york).strftime("%Y-%m-%d %H:%M:%S"), t.handle or ""]
        for t in records
    ]
    header = ["Conversation ID", "Conversation started at (America/New_York)",
              "Handling time (seconds)"]  # fmt: skip
    path = write_csv(tmp_path / "conversations.csv", header, rows)
    for zone in ("UTC", "Asia/Tokyo"):
        result = compute_baseline(path, Options(source="intercom", timezone=zone))
        # the reference converts the true instants to the zone of the months
        want = reference(records, zone=zone, has=("handle",))
        for month, kpis in want.items():
            assert result.monthly[month]["Contacts"] == kpis["Contacts"], (zone, month)
            assert result.monthly[month]["AHT_Min"] == pytest.approx(kpis["AHT_Min"])


# -- Salesforce ------------------------------------------------------------------------------


def test_salesforce_case_data_export(tmp_path):
    records = tickets(11, kinds=("deleted",))
    origin = {"email": "Email", "web": "Web", "phone": "Phone", "chat": "Chat"}
    rows = [
        [
            f"500{t.id}AAA", str(t.kind == "deleted").lower(), f"{t.id:08d}", "Problem",
            "Closed" if t.solved else "New", "Other", origin[t.channel], "Help", "Medium",
            str(t.solved).lower(), "", str(t.escalated).lower(), "005A",
            t.created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        ]
        for t in records
    ]  # fmt: skip
    header = [
        "Id",
        "IsDeleted",
        "CaseNumber",
        "Type",
        "Status",
        "Reason",
        "Origin",
        "Subject",
        "Priority",
        "IsClosed",
        "ClosedDate",
        "IsEscalated",
        "OwnerId",
        "CreatedDate",
    ]
    path = write_csv(tmp_path / "Case.csv", header, rows)
    result = compute_baseline(path, "salesforce")
    check(result, reference(records, labels=origin, has=("escalated",)))


def test_salesforce_report_export_us_locale(tmp_path, capsys):
    """Labels and the user's locale: ``1/5/2024 6:59 PM`` needs --date-format mdy."""
    records = tickets(12, count=90)
    origin = {"email": "Email", "web": "Web", "phone": "Phone", "chat": "Chat"}

    def us(moment: dt.datetime) -> str:
        hour = moment.hour % 12 or 12
        noon = "AM" if moment.hour < 12 else "PM"
        return f"{moment.month}/{moment.day}/{moment.year} {hour}:{moment.minute:02d} {noon}"

    rows = [
        [f"{t.id:08d}", us(t.created), origin[t.channel], "1" if t.escalated else "0"]
        for t in records
    ]
    path = write_csv(tmp_path / "report.csv", ["Case Number", "Date/Time Opened", "Case Origin",
                                          "Escalated"], rows)  # fmt: skip
    result = compute_baseline(path, Options(source="salesforce", date_format="mdy"))
    check(result, reference(records, labels=origin, has=("escalated",), solved_known=False))


# -- Generic ---------------------------------------------------------------------------------


def test_generic_snake_case(tmp_path):
    records = tickets(13)
    rows = [
        [t.id, t.created.strftime("%Y-%m-%d %H:%M:%S"), t.channel, 14.5, 3.25,
         "" if t.rating is None else t.rating, "solved" if t.solved else "open"]
        for t in records
    ]  # fmt: skip
    header = ["ticket_id", "created_date", "channel", "first_response_minutes",
              "resolution_hours", "csat_score", "status"]  # fmt: skip
    result = compute_baseline(write_csv(tmp_path / "t.csv", header, rows))
    check(result, reference(records, has=("csat",)))


def test_generic_title_case(tmp_path):
    records = tickets(14)
    rows = [
        [t.id, t.created.strftime("%Y-%m-%d %H:%M"), t.channel.title(),
         "" if t.rating is None else t.rating * 2, 1.5]
        for t in records
    ]  # fmt: skip
    header = ["Ticket ID", "Created Date", "Ticket Channel", "Customer Satisfaction Rating",
              "First Response Time"]  # fmt: skip
    result = compute_baseline(write_csv(tmp_path / "t.csv", header, rows))
    # ratings 2-10 on a scale to 10: satisfied = 9 or 10, i.e. the 1-5 rating 5 only here
    expected = reference(records, labels={c: c.title() for c in ("email", "web", "chat", "phone")})
    for month, kpis in expected.items():
        rated = [t.rating for t in records if t.rating is not None
                 and t.created.strftime("%Y-%m") == month]  # fmt: skip
        kpis["CSAT"] = sum(r * 2 >= 9 for r in rated) / len(rated)
    check(result, expected)
    assert any("scale to 10" in note for note in result.notes)


def test_a_file_without_creation_time_is_refused_with_the_closest_header(tmp_path, capsys):
    path = write_csv(
        tmp_path / "t.csv",
        ["Ticket ID", "Ticket Channel", "First Response Time"],
        [[1, "Email", 3.5]],
    )
    assert main(["baseline", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("roi-xl: error: t.csv, row 1:") and "created_at" in err
    assert err.count("\n") == 1


# -- Time zones ------------------------------------------------------------------------------


def test_month_boundary_in_tokyo_and_new_york(tmp_path):
    """23:30 UTC on 31 January is February in Tokyo (08:30) and January in New York (18:30)."""
    rows = [[1, "2024-01-01T12:00:00Z"], [2, "2024-01-31T23:30:00Z"], [3, "2024-02-29T12:00:00Z"]]
    path = write_csv(tmp_path / "t.csv", ["id", "created_at"], rows)
    tokyo = compute_baseline(path, Options(timezone="Asia/Tokyo", months="2024-01..2024-02"))
    new_york = compute_baseline(
        path, Options(timezone="America/New_York", months="2024-01..2024-02")
    )
    assert tokyo.monthly["2024-01"]["Contacts"] == 1 and tokyo.monthly["2024-02"]["Contacts"] == 2
    assert new_york.monthly["2024-01"]["Contacts"] == 2
    assert new_york.monthly["2024-02"]["Contacts"] == 1


def test_daylight_saving_time_changes(tmp_path):
    """New York is UTC-4 from 10 March to 3 November 2024, UTC-5 otherwise.

    2024-04-01 04:30 UTC is 00:30 on 1 April in New York (EDT; with EST it would be
    31 March); 2024-12-01 04:30 UTC is 23:30 on 30 November (EST; with EDT, 1 December).
    """
    rows = [
        [1, "2024-03-15T12:00:00Z"],
        [2, "2024-04-01T04:30:00Z"],
        [3, "2024-11-15T12:00:00Z"],
        [4, "2024-12-01T04:30:00Z"],
    ]
    path = write_csv(tmp_path / "t.csv", ["id", "created_at"], rows)
    result = compute_baseline(path, Options(timezone="America/New_York", months="2024-03"))
    assert {m: k["Contacts"] for m, k in result.monthly.items()} == {
        "2024-03": 1,
        "2024-04": 1,
        "2024-11": 2,
    }


# -- Months ----------------------------------------------------------------------------------


def test_first_ticket_on_the_second_of_january_keeps_january(tmp_path):
    rows = [[i, f"2025-01-{d:02d} 09:00:00"] for i, d in enumerate(range(2, 32))]
    rows += [[100 + i, f"2025-02-{d:02d} 09:00:00"] for i, d in enumerate(range(1, 29))]
    path = write_csv(tmp_path / "t.csv", ["Ticket ID", "Created time"], rows)
    result = compute_baseline(path, "freshdesk")
    assert result.months == ["2025-01", "2025-02"]  # January is not "incomplete"


# -- kpis.csv into track ---------------------------------------------------------------------


def test_track_accepts_the_kpis_csv(tmp_path):
    from roi_xl.data.track import read_kpis

    rng = random.Random(15)
    records = tickets(15, kinds=("follow-up",))
    rows = [_zendesk_row(t, rng, t.created.replace(tzinfo=None)) for t in records]
    path = write_csv(tmp_path / "export.csv", ZENDESK_HEADER, rows)
    kpis = tmp_path / "kpis.csv"
    assert main(["baseline", str(path), "--source", "zendesk", "-o", str(kpis)]) == 0
    header = kpis.read_text().splitlines()[0]
    assert "Channel: Mail" in header
    months = read_kpis(kpis)
    expected = reference(records, labels=ZENDESK_VIA, has=("handle", "fcr", "csat"))
    assert sorted(months) == sorted(expected)
    for month, want in expected.items():
        assert months[month]["Contacts"] == want["Contacts"]
        assert months[month]["FCR"] == pytest.approx(want["FCR"])
