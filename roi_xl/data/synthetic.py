"""A seeded synthetic helpdesk export: the example shipped with roi_xl.

``python -m roi_xl.data.synthetic OUT_FOLDER`` writes ``tickets.csv`` (the generic
columns, a few thousand tickets from 1 January to 30 June 2024) and one small
file in each vendor's format (``zendesk.csv``, ``intercom.csv``,
``freshdesk.csv``, ``salesforce.csv``: every 75th ticket of the same data
under the vendor's own field names). The committed files in
``roi_xl/data/exports`` are this output; a test checks they still are.

The rates are those of a mid-sized support team: about 500 tickets a month,
a fifth answered by a bot, handle time around 8 minutes (longer on the
phone), three in four resolved on the first contact, one in twelve escalated,
a third of the tickets rated (CSAT 1-5).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

import numpy as np

SEED = 20240101
TICKETS = 3000
START = dt.datetime(2024, 1, 1)
END = dt.datetime(2024, 6, 30, 23, 59, 59)
#: every VENDOR_STEP-th ticket goes into the small vendor files (40 over the six months)
VENDOR_STEP = 75

CHANNELS = ("email", "chat", "phone", "web")
CHANNEL_SHARES = (0.45, 0.30, 0.15, 0.10)
#: share answered by a bot, per channel
AUTOMATED = {"email": 0.05, "chat": 0.45, "phone": 0.0, "web": 0.35}
#: median handle time in seconds, per channel
MEDIAN_SECONDS = {"email": 420, "chat": 540, "phone": 600, "web": 420}
HEADER = (
    "id",
    "created_at",
    "channel",
    "automated",
    "handle_seconds",
    "agent_replies",
    "reopens",
    "escalated",
    "csat",
)


def generate(seed: int = SEED, tickets: int = TICKETS) -> list[dict[str, object]]:
    """The tickets, sorted by creation time; the first on 1 January 00:00, the last 30 June."""
    rng = np.random.default_rng(seed)
    span = (END - START).total_seconds()
    offsets = np.sort(rng.uniform(0, span, tickets))
    offsets[0], offsets[-1] = 0.0, span  # the export covers its six months whole
    channels = rng.choice(len(CHANNELS), size=tickets, p=CHANNEL_SHARES)
    rows = []
    for number in range(tickets):
        channel = CHANNELS[channels[number]]
        automated = bool(rng.random() < AUTOMATED[channel])
        created = START + dt.timedelta(seconds=round(float(offsets[number])))
        row: dict[str, object] = {
            "id": f"T{100001 + number}",
            "created_at": created.isoformat(),
            "channel": channel,
            "automated": "true" if automated else "false",
        }
        if automated:
            row.update(handle_seconds="", agent_replies=0, reopens=0, escalated="false")
        else:
            seconds = MEDIAN_SECONDS[channel] * float(np.exp(rng.normal(0.0, 0.5)))
            row["handle_seconds"] = "" if rng.random() < 0.02 else round(seconds)
            row["agent_replies"] = int(rng.choice([1, 2, 3, 4], p=[0.72, 0.18, 0.07, 0.03]))
            row["reopens"] = int(rng.choice([0, 1, 2], p=[0.92, 0.07, 0.01]))
            row["escalated"] = "true" if rng.random() < 0.085 else "false"
        rated = rng.random() < 0.33
        row["csat"] = (
            int(rng.choice([1, 2, 3, 4, 5], p=[0.04, 0.05, 0.11, 0.30, 0.50])) if rated else ""
        )
        rows.append(row)
    return rows


def _csv(header: tuple[str, ...], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _zendesk(rows: list[dict[str, object]]) -> str:
    via = {"email": "email", "chat": "chat", "phone": "voice", "web": "web"}
    score = {"": "unoffered", 1: "bad", 2: "bad", 3: "bad", 4: "good", 5: "good"}
    return _csv(
        (
            "ticket_id",
            "created_at",
            "via.channel",
            "replies",
            "reopens",
            "group_stations",
            "Total time spent (sec)",
            "satisfaction_rating.score",
        ),
        [
            [
                str(r["id"])[1:],
                f"{r['created_at']}Z",
                via[str(r["channel"])],
                r["agent_replies"],
                r["reopens"],
                2 if r["escalated"] == "true" else 1,
                r["handle_seconds"],
                score[r["csat"]],  # type: ignore[index]
            ]
            for r in rows
            if r["automated"] == "false"  # Zendesk: the tickets people handled
        ],
    )


def _intercom(rows: list[dict[str, object]]) -> str:
    source = {
        "email": "email",
        "chat": "conversation",
        "phone": "phone_call",
        "web": "conversation",
    }
    return _csv(
        (
            "id",
            "created_at",
            "source.type",
            "statistics.count_reopens",
            "ai_agent.resolution_state",
            "conversation_rating.rating",
        ),
        [
            [
                str(r["id"])[1:],
                int(
                    dt.datetime.fromisoformat(str(r["created_at"]))
                    .replace(tzinfo=dt.UTC)
                    .timestamp()
                ),
                source[str(r["channel"])],
                r["reopens"],
                "assumed_resolution"
                if r["automated"] == "true"
                else ("routed_to_team" if r["channel"] in ("chat", "web") else ""),
                r["csat"],
            ]
            for r in rows
        ],
    )


def _freshdesk(rows: list[dict[str, object]]) -> str:
    source = {"email": 1, "web": 2, "phone": 3, "chat": 7}
    return _csv(
        ("id", "created_at", "source", "is_escalated"),
        [
            [str(r["id"])[1:], f"{r['created_at']}Z", source[str(r["channel"])], r["escalated"]]
            for r in rows
        ],
    )


def _salesforce(rows: list[dict[str, object]]) -> str:
    origin = {"email": "Email", "chat": "Chat", "phone": "Phone", "web": "Web"}
    return _csv(
        ("Id", "CaseNumber", "CreatedDate", "Origin", "IsEscalated", "ActiveTime"),
        [
            [
                f"5003000000{str(r['id'])[1:]}AAA",
                f"0000{str(r['id'])[1:]}",
                f"{r['created_at']}.000+0000",
                origin[str(r["channel"])],
                r["escalated"],
                r["handle_seconds"],
            ]
            for r in rows
        ],
    )


def files(seed: int = SEED) -> dict[str, str]:
    """File name → text of every example export."""
    rows = generate(seed)
    first = rows[::VENDOR_STEP]
    return {
        "tickets.csv": _csv(HEADER, [[r[h] for h in HEADER] for r in rows]),
        "zendesk.csv": _zendesk(first),
        "intercom.csv": _intercom(first),
        "freshdesk.csv": _freshdesk(first),
        "salesforce.csv": _salesforce(first),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m roi_xl.data.synthetic OUT_FOLDER", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files().items():
        (out / name).write_text(text, encoding="utf-8")
        print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
