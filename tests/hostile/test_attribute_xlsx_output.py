"""``attribute -o FILE.xlsx`` is linear and refuses an existing output before any work.

Repro (issue 14, item 4): 5,000 rows took 5.7 s, 10,000 rows 21.9 s, 20,000
rows 127 s (the writer looked up the last row inside its row loop); an
existing output without ``--force`` was refused only after all that work.
The full size (1,048,576 rows in under a minute) is measured in
``benchmarks/bench_attribute_output.py``.
"""

import csv
import time

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from roi_xl.cli import main
from roi_xl.io.cell_text import text_value
from roi_xl.io.value_workbook import write_value_workbook


def _export(path, rows):
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Journey", "Touch Time", "Channel", "Conversion Value"])
        # journey J{k} has touches 2k and 2k+1: Chat then Phone, worth 10 on its last row
        for i in range(rows):
            writer.writerow(
                [
                    f"J{i // 2}",
                    f"2024-01-01T{i % 24:02d}:00",
                    ("Chat", "Phone")[i % 2],
                    "10" if i % 2 else "",
                ]
            )
    return path


def test_every_row_is_written_with_its_credit(tmp_path, capsys):
    rows = 30_000
    out = tmp_path / "credits.xlsx"
    source = _export(tmp_path / "t.csv", rows)
    assert main(["attribute", str(source), "--support-channels", "Chat", "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    sheet = book["Credits"]
    sheet.reset_dimensions()
    written = list(sheet.iter_rows(values_only=True))
    assert len(written) == rows + 1
    # by hand (linear): each journey's 10 split 5 / 5 between its two touches
    assert written[1] == ("J0", "2024-01-01T00:00", "Chat", None, 5.0, "yes")
    assert written[-1] == (f"J{(rows - 1) // 2}", "2024-01-01T23:00", "Phone", "10", 5.0, "no")
    assert sum(r[4] for r in written[1:]) == pytest.approx(10 * rows / 2)
    by_channel = list(book["By channel"].iter_rows(values_only=True))
    assert by_channel == [("Channel", "Credited value"), ("Chat", 75_000.0), ("Phone", 75_000.0)]
    book.close()


def test_the_time_grows_linearly_with_the_rows(tmp_path):
    # Four times the rows may take four times as long; the quadratic writer took sixteen
    # times (5,000 -> 20,000 rows: 5.7 s -> 127 s). The bound leaves room for a loaded machine.
    def seconds(rows):
        source = _export(tmp_path / f"t{rows}.csv", rows)
        best = float("inf")
        for attempt in range(2):
            out = tmp_path / f"o{rows}-{attempt}.xlsx"
            begin = time.perf_counter()
            assert (
                main(["attribute", str(source), "--support-channels", "Chat", "-o", str(out)]) == 0
            )
            best = min(best, time.perf_counter() - begin)
        return best

    small, large = seconds(10_000), seconds(40_000)
    assert large / small < 8, (small, large)


def test_an_existing_output_is_refused_before_the_input_is_read(tmp_path, capsys):
    out = tmp_path / "credits.xlsx"
    out.write_bytes(b"mine")
    # the input is not even valid: it would fail if it were read first
    source = tmp_path / "t.csv"
    source.write_text("Journey,Touch Time,Channel,Conversion Value\nA,not a date,Chat,x\n")
    assert main(["attribute", str(source), "--support-channels", "Chat", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "credits.xlsx exists; use --force" in err and err.count("\n") == 1
    assert out.read_bytes() == b"mine"


# Any character a UTF-8 file can hold (no lone surrogates), biased to the hostile ones.
text = st.text(
    alphabet=st.one_of(st.sampled_from("=+-@\t\r\n\x1b\x00<>&\"' "), st.characters(codec="utf-8"))
)


@given(st.lists(text, min_size=1, max_size=5))
def test_streamed_text_cells_are_text_with_their_characters(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("w") / "v.xlsx"
    write_value_workbook(path, [("S", [values])])
    cells = list(openpyxl.load_workbook(path)["S"].iter_rows())
    read = {c.column - 1: c for row in cells for c in row}
    for column, value in enumerate(values):
        cell = read.get(column)
        if value == "":
            assert cell is None or cell.value is None
        else:
            assert cell.data_type == "s" and cell.value == text_value(value)


@pytest.mark.parametrize("name", ["t.csv", "t-by-channel.csv"])
def test_the_input_is_never_an_output_even_with_force(tmp_path, capsys, name):
    # -o t.csv writes t.csv and t-by-channel.csv: neither may be the export itself
    source = _export(tmp_path / name, 4)
    before = source.read_bytes()
    args = ["attribute", str(source), "--support-channels", "Chat", "-o", str(tmp_path / "t.csv")]
    assert main([*args, "--force"]) == 2
    assert "is the touch export itself" in capsys.readouterr().err
    assert source.read_bytes() == before
