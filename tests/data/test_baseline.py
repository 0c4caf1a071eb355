"""roi-xl baseline: KPIs counted by hand on small exports, every preset, every output."""

import csv
import json
import tomllib

import openpyxl
import pytest

from roi_xl.cli import main
from roi_xl.core.errors import RoiInputError
from roi_xl.data.baseline import compute_baseline, parse_months
from roi_xl.data.scenario import parse_scenario

# Twelve January tickets (the month complete: first on the 1st, last on the 31st) and one
# February ticket (a partial month, left out of the default baseline).
GENERIC = """\
id,created_at,channel,automated,handle_seconds,agent_replies,reopens,escalated,csat
1,2024-01-01T08:00,chat,true,,0,0,false,5
2,2024-01-02,email,false,600,1,0,false,4
3,2024-01-03,phone,false,900,1,0,true,
4,2024-01-05,email,false,300,2,0,false,3
5,2024-01-08,chat,false,480,1,1,false,
6,2024-01-10,chat,true,,0,0,false,4
7,2024-01-12,web,false,,1,0,false,5
8,2024-01-15,phone,false,1200,3,1,true,2
9,2024-01-20,email,false,360,0,0,false,
10,2024-01-25,chat,false,540,1,0,false,4
11,2024-01-28,email,false,420,1,,false,
12,2024-01-31T23:59:00Z,web,false,600,1,0,false,
13,2024-02-03,email,false,300,1,0,false,
"""
# By hand, January: 12 contacts, 2 automated (tickets 1 and 6): deflection 2/12.
# Human-handled: tickets 2-5 and 7-12 (10 tickets).
#   AHT: 600+900+300+480+1200+360+540+420+600 = 5400 s over 9 (ticket 7 blank) = 600 s = 10 min.
#   FCR: reopens = 0 and replies <= 1, over the 9 with both known (ticket 11 has no reopens):
#        yes 2, 3, 7, 9, 10, 12; no 4 (2 replies), 5 (reopened), 8 -> 6/9.
#   Escalation: tickets 3 and 8 of 10 -> 0.2.
#   CSAT: the share of satisfied ratings (4 or 5 of 5) among the people-handled ratings
#         4, 3, 5, 2, 4 (bot ratings left out) -> 3/5.
JANUARY = {
    "Contacts": 12,
    "Automated_Contacts": 2,
    "Deflection_Rate": 2 / 12,
    "AHT_Min": 10.0,
    "FCR": 6 / 9,
    "Escalation_Rate": 0.2,
    "CSAT": 3 / 5,
}


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_generic_kpis_by_hand(tmp_path):
    result = compute_baseline(_write(tmp_path, "tickets.csv", GENERIC))
    for kpi, expected in JANUARY.items():
        assert result.monthly["2024-01"][kpi] == pytest.approx(expected), kpi
    assert result.complete == ["2024-01"]  # February ends on the 3rd: partial
    assert result.months == ["2024-01"]
    assert result.baseline == pytest.approx(
        {
            "Annual_Contacts": 12 * 12,
            "Deflection_Rate_Before": 2 / 12,
            "AHT_Before_Min": 10.0,
            "FCR_Before": 6 / 9,
            "Escalation_Rate_Before": 0.2,
        }
    )
    # February by hand: one email ticket, 300 s, one reply, not reopened.
    assert result.monthly["2024-02"]["AHT_Min"] == pytest.approx(5.0)
    assert result.monthly["2024-02"]["FCR"] == 1.0


def test_months_option_takes_the_mean_of_the_months_chosen(tmp_path):
    result = compute_baseline(_write(tmp_path, "t.csv", GENERIC), months="2024-01..2024-02")
    # by hand: contacts (12 + 1) / 2 * 12 = 78; AHT (10 + 5) / 2 = 7.5
    assert result.baseline["Annual_Contacts"] == pytest.approx(78)
    assert result.baseline["AHT_Before_Min"] == pytest.approx(7.5)


def test_absent_and_all_blank_columns_are_missing_never_zero(tmp_path):
    text = "id,created_at,escalated,csat\n1,2024-01-01,true,\n2,2024-01-31,false,\n"
    result = compute_baseline(_write(tmp_path, "t.csv", text))
    january = result.monthly["2024-01"]
    assert january["Escalation_Rate"] == 0.5  # by hand: 1 of 2
    for kpi in ("Automated_Contacts", "Deflection_Rate", "AHT_Min", "FCR", "CSAT"):
        assert january[kpi] is None
    assert "blank in every row" in result.missing["CSAT"]
    assert set(result.baseline) == {"Annual_Contacts", "Escalation_Rate_Before"}


ZENDESK = (
    (
        "ticket_id,created_at,via.channel,replies,reopens,group_stations,"
        "Total time spent (sec),satisfaction_rating.score\n"
    )
    + """\
1,2024-03-01T09:00:00Z,email,1,0,1,600,good
2,2024-03-02T10:00:00Z,web,2,0,1,300,bad
3,2024-03-05T11:00:00Z,voice,1,1,2,900,offered
4,2024-03-09T12:00:00Z,chat,0,0,1,,unoffered
5,2024-03-20T13:00:00Z,email,1,0,3,1200,good
6,2024-03-31T14:00:00Z,email,1,0,1,600,good
"""
)
INTERCOM = (
    (
        "id,created_at,source.type,statistics.count_reopens,ai_agent.resolution_state,"
        "conversation_rating.rating\n"
    )
    + """\
1,1711929600,conversation,0,assumed_resolution,5
2,1712000000,conversation,1,routed_to_team,3
3,1712100000,email,0,,4
4,1712200000,conversation,0,confirmed_resolution,
5,1714518000,email,0,abandoned,1
"""
)
FRESHDESK = """\
id,created_at,source,is_escalated,status
10,2024-05-01T10:00:00Z,1,true,5
11,2024-05-12T10:00:00Z,3,false,4
12,2024-05-20T10:00:00Z,7,false,5
13,2024-05-31T10:00:00Z,2,true,2
"""
SALESFORCE = """\
Id,CaseNumber,CreatedDate,Origin,IsEscalated,ActiveTime
500A,00001,2024-06-01T08:00:00.000+0000,Phone,true,600
500B,00002,2024-06-10T08:00:00.000+0000,Email,false,300
500C,00003,2024-06-20T08:00:00.000+0000,Web,false,
500D,00004,2024-06-30T12:00:00.000+0000,Phone,false,900
"""


@pytest.mark.parametrize(
    ("source", "text", "month", "expected"),
    [
        # by hand: 6 tickets; FCR yes 1, 4, 5, 6 (2 has 2 replies, 3 was reopened) -> 4/6;
        # escalated = passed through more than one group: 3 and 5 -> 2/6;
        # AHT (600+300+900+1200+600)/5 = 720 s = 12 min; CSAT good/(good+bad) = 3/4.
        (
            "zendesk",
            ZENDESK,
            "2024-03",
            {"Contacts": 6, "FCR": 4 / 6, "Escalation_Rate": 2 / 6, "AHT_Min": 12.0, "CSAT": 0.75},
        ),
        # by hand: 1711929600 = 2024-04-01 00:00 UTC, 1714518000 = 2024-04-30 23:00 UTC;
        # resolved by the AI agent: 1 and 4 -> 2/5; CSAT: of the others' ratings 3, 4, 1
        # one is satisfied (4 or 5 of 5) -> 1/3.
        (
            "intercom",
            INTERCOM,
            "2024-04",
            {"Contacts": 5, "Automated_Contacts": 2, "Deflection_Rate": 0.4, "CSAT": 1 / 3},
        ),
        # by hand: is_escalated on 10 and 13 of 4.
        ("freshdesk", FRESHDESK, "2024-05", {"Contacts": 4, "Escalation_Rate": 0.5}),
        # by hand: IsEscalated on 1 of 4; ActiveTime (600+300+900)/3 = 600 s = 10 min.
        (
            "salesforce",
            SALESFORCE,
            "2024-06",
            {"Contacts": 4, "Escalation_Rate": 0.25, "AHT_Min": 10.0},
        ),
    ],
)
def test_presets_by_hand(tmp_path, source, text, month, expected):
    result = compute_baseline(_write(tmp_path, f"{source}.csv", text), source)
    assert result.months == [month]  # each file covers its month from the 1st to the last day
    kpis = result.monthly[month]
    for kpi, value in expected.items():
        assert kpis[kpi] == pytest.approx(value), kpi
    for kpi, value in kpis.items():
        if kpi not in expected and kpi != "Deflection_Rate" and kpi != "Automated_Contacts":
            assert value is None, f"{source} does not export {kpi}"
    # what the file does not hold is said, never shown as 0
    for kpi, reason in result.missing.items():
        assert "exports no" in reason or "column" in reason, (kpi, reason)


def test_a_column_added_by_hand_is_used_with_a_preset(tmp_path):
    text = FRESHDESK.replace("status\n", "status,handle_seconds\n", 1)
    lines = text.splitlines()
    lines[1:] = [line + ",600" for line in lines[1:]]
    result = compute_baseline(_write(tmp_path, "f.csv", "\n".join(lines) + "\n"), "freshdesk")
    assert result.monthly["2024-05"]["AHT_Min"] == 10.0  # by hand: 600 s


def test_cli_table_json_toml_csv(tmp_path, capsys):
    path = _write(tmp_path, "tickets.csv", GENERIC)
    assert main(["baseline", str(path)]) == 0
    table = capsys.readouterr().out
    # February (1 ticket against January's 12) is under a quarter of the median month
    assert "2024-01*" in table and "(outlier month)" in table and "AHT_Before_Min" in table
    assert main(["baseline", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:3] == ["months", "monthly", "baseline"]
    assert data["months"] == ["2024-01"]
    assert [m["Month"] for m in data["monthly"]] == ["2024-01", "2024-02"]
    assert data["baseline"]["FCR_Before"] == pytest.approx(6 / 9)

    toml_path = tmp_path / "base.toml"
    assert main(["baseline", str(path), "-o", str(toml_path)]) == 0
    block = tomllib.loads(toml_path.read_text())["assumptions"]
    assert block["Annual_Contacts"] == 144 and block["AHT_Before_Min"] == 10
    # A scenario file takes the whole block, Deflection_Rate_Before included.
    lines = "\n".join(f"{k} = {v!r}" for k, v in block.items())
    _, fill = parse_scenario(f"[assumptions]\n{lines}\n")
    assert fill.inputs["FCR_Before"] == pytest.approx(6 / 9)
    assert fill.inputs["Deflection_Rate_Before"] == block["Deflection_Rate_Before"]

    kpis = tmp_path / "kpis.csv"
    assert main(["baseline", str(path), "-o", str(kpis)]) == 0
    rows = list(csv.reader(kpis.read_text().splitlines()))
    assert rows[0][:7] == [
        "Month",
        "Contacts",
        "Automated Contacts",
        "AHT (min)",
        "FCR",
        "Escalation Rate",
        "CSAT",
    ]
    # January's channel mix, by hand from GENERIC: chat 4 (1, 5, 6, 10), email 4 (2, 4, 9, 11),
    # phone 2 (3, 8), web 2 (7, 12)
    mix = dict(zip(rows[0][7:], rows[1][7:], strict=True))
    assert mix == {
        "Channel: chat": "4",
        "Channel: email": "4",
        "Channel: phone": "2",
        "Channel: web": "2",
    }
    assert rows[1][:4] == ["2024-01", "12", "2", "10"]
    assert float(rows[1][4]) == pytest.approx(6 / 9)
    assert len(rows) == 2  # the months of the baseline only

    capsys.readouterr()
    assert main(["baseline", str(path), "-o", str(kpis)]) == 2  # exists: refused
    assert "--force" in capsys.readouterr().err
    assert main(["baseline", str(path), "-o", str(kpis), "--force"]) == 0
    assert main(["baseline", str(path), "-o", str(tmp_path / "x.txt")]) == 2


def test_xlsx_export_with_dates_and_numbers_as_cells(tmp_path):
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ID", "Created_At", "Handle_Seconds", "Escalated"])  # names case-insensitive
    sheet.append([1, dt.datetime(2024, 1, 1, 9), 600, True])
    sheet.append([2, 45322.5, 300.0, False])  # Excel serial 45322 = 2024-01-31
    sheet.append([None, None, None, None])  # a blank row is skipped
    sheet.append([3, "2024-02-02", 900, False])
    book.save(tmp_path / "t.xlsx")
    result = compute_baseline(tmp_path / "t.xlsx")
    assert result.monthly["2024-01"]["Contacts"] == 2
    assert result.monthly["2024-01"]["AHT_Min"] == pytest.approx(7.5)  # by hand (600+300)/2/60
    assert result.monthly["2024-02"]["Escalation_Rate"] == 0.0
    assert result.complete == ["2024-01"]


def test_parquet_export(tmp_path):
    import duckdb

    path = tmp_path / "t.parquet"
    duckdb.sql(
        "COPY (SELECT * FROM (VALUES (1, TIMESTAMP '2024-01-01 10:00', 600.0, 1, 0),"
        " (2, TIMESTAMP '2024-01-31 10:00', 1200.0, 2, 0)) AS t(id, created_at, handle_seconds,"
        f" agent_replies, reopens)) TO '{path}' (FORMAT parquet)"
    )
    result = compute_baseline(path)
    # by hand: AHT (600+1200)/2 = 900 s = 15 min; FCR: ticket 1 only -> 1/2
    assert result.monthly["2024-01"]["AHT_Min"] == 15.0
    assert result.monthly["2024-01"]["FCR"] == 0.5


def test_parse_months():
    assert parse_months("2024-01..2024-03,2024-06") == ["2024-01", "2024-02", "2024-03", "2024-06"]
    with pytest.raises(RoiInputError):
        parse_months("2024-1..2024-6")
    with pytest.raises(RoiInputError):
        parse_months("2024-06..2024-01")


def test_docs_document_every_preset_field():
    """The presets table of docs/baseline.md names each header a preset reads."""
    from pathlib import Path

    from roi_xl.data.presets import PRESETS, vendor_fields

    docs = Path(__file__).resolve().parents[2] / "docs" / "baseline.md"
    readme = docs.read_text(encoding="utf-8")
    table = readme[readme.index("| generic | `zendesk`") :]
    table = table[: table.index("\n\n")]
    for preset in PRESETS[1:]:
        assert f"`{preset}`" in table.splitlines()[0]
        for spec in vendor_fields(preset):
            for source in spec.sources:
                assert f"`{source}`" in table, (preset, source)
