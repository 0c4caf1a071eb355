"""All text into CSV goes through roi_xl.io.csv_text: never a live formula, whatever it holds.

Repro (issue 14, item 1): a journey id ``"j1\\r=SUM(A1:A9)*0+42"`` came out of
``roi-xl attribute -o out.csv`` unquoted; a spreadsheet read the bare carriage
return as a new row whose first cell was a live formula.
"""

import csv
import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from roi_xl.cli import main
from roi_xl.io.csv_text import csv_field, csv_line, csv_text_fields, neutralise
from tests.hostile.libreoffice_csv import formulas, open_csv

STARTS = "=+-@\t\r"
# Text biased towards what breaks CSV: formula starts, line breaks, quotes, commas.
# Any character a UTF-8 file can hold (no lone surrogates), biased to the hostile ones.
hostile_text = st.text(
    alphabet=st.one_of(st.sampled_from("=+-@\t\r\n\",;'() A1"), st.characters(codec="utf-8")),
    max_size=30,
)


def _line_starts(text):
    """Every piece of ``text`` that a line break could make the start of a line."""
    return re.split(r"[\r\n]", text)


@given(st.lists(hostile_text, min_size=1, max_size=6))
def test_csv_line_round_trips_and_no_line_starts_with_a_formula(fields):
    line = csv_line(fields)
    parsed = next(csv.reader(io.StringIO(line, newline="")))
    assert parsed == [neutralise(f) for f in fields]
    for field in parsed:
        for start in _line_starts(field):
            assert not start.startswith(tuple(STARTS)), (field, line)
    # a field holding a line break is quoted, so no reader ends the row inside it
    for field in fields:
        if "\r" in field or "\n" in field:
            assert csv_field(field).startswith('"')


@given(
    st.lists(
        st.one_of(hostile_text, st.text(alphabet="\x1f=,a-", max_size=4)), min_size=0, max_size=6
    )
)
def test_the_row_fast_path_writes_what_the_field_rule_writes(fields):
    # Reference: csv_line, one csv_field call per field. The fast path (one check a
    # row) must give the same text for every row, including fields holding the
    # character it joins with ("\x1f") and empty rows.
    assert csv_text_fields(fields) + "\n" == csv_line(fields)


def test_the_row_fast_path_by_hand():
    # plain row: joined as is; each guarded case falls back to the per-field rule
    assert csv_text_fields(["J1", "2024-01-01", "Chat", "12.5"]) == "J1,2024-01-01,Chat,12.5"
    assert csv_text_fields(["J1", "-3"]) == "J1,'-3"
    assert csv_text_fields(["@x", "y"]) == "'@x,y"
    assert csv_text_fields(["a\x1f=1", "b"]) == "a\x1f=1,b"
    assert csv_text_fields(["a", "b,c"]) == 'a,"b,c"'
    assert csv_text_fields([""]) == '""'


@given(hostile_text)
def test_neutralise_only_adds_apostrophes(text):
    assert neutralise(text).replace("'", "") == text.replace("'", "")


def test_the_carriage_return_repro_is_quoted_and_neutralised():
    # by hand: apostrophe after the CR, the whole field quoted
    assert csv_field("j1\r=SUM(A1:A9)*0+42") == '"j1\r\'=SUM(A1:A9)*0+42"'


@settings(max_examples=3)
@given(st.lists(hostile_text, min_size=30, max_size=30))
def test_libreoffice_opens_arbitrary_text_without_a_formula(tmp_path_factory, texts):
    work = tmp_path_factory.mktemp("lo")
    fixed = ["=1+1", "+1+1", "-1+1", "@SUM(1)", "\t=1", "\r=1", "a\r=1+1", "a\n=1+1", "a\r\n-1"]
    path = work / "texts.csv"
    path.write_bytes("".join(csv_line([t, "x"]) for t in [*fixed, *texts]).encode())
    assert formulas(open_csv(path, work)) == []


def test_the_check_can_fail_raw_text_becomes_a_formula(tmp_path):
    # Control: the same import turns unguarded text into formulas (Python's csv writer
    # leaves a bare CR unquoted with a "\n" line terminator: the repro).
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([["=1+1"], ["j1\r=2+2"]])
    path = tmp_path / "raw.csv"
    path.write_text(buffer.getvalue(), newline="")
    assert len(formulas(open_csv(path, tmp_path))) == 2


def test_attribute_csv_output_of_the_repro_has_no_formula(tmp_path, capsys):
    source = tmp_path / "touches.csv"
    with source.open("w", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["Journey", "Touch Time", "Channel", "Conversion Value"],
                ["j1\r=SUM(A1:A9)*0+42", "2024-01-01", "Chat", "10"],
                ["=cmd|' /C calc'!A0", "2024-01-02", "@SUM(1)", "5"],
            ]
        )
    out = tmp_path / "out.csv"
    assert main(["attribute", str(source), "--support-channels", "Chat", "-o", str(out)]) == 0
    for written in (out, tmp_path / "out-by-channel.csv"):
        assert formulas(open_csv(written, tmp_path / written.stem)) == []
