"""Every printed page can be read (issue 21): no text under 8 points, no words run together.

The pages are LibreOffice's (``roi-xl pdf``) of the filled example business case
(``roi-xl case``) on A4 and on Letter, of its tracked copy (``roi-xl track``) and of
the calculator; the words and their boxes are poppler's (``pdftotext -bbox-layout``).
A word's box is as tall as its font's ascent and descent, a fixed multiple of its
size: the rule is measured, not assumed — a workbook with one line of 8-point and
one of 7.5-point Calibri, printed at 100% by LibreOffice, gives the height of an
8-point word, and every word of the pages must be at least as tall.

Calibri is printed with Carlito, its metric twin (``make test`` installs
fonts-crosextra-carlito, as Excel users have Calibri); without it LibreOffice
prints DejaVu Sans, a third wider, and the pages are not the pages users see.
The tests fail when LibreOffice, poppler or Carlito is missing.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font
from openpyxl.utils import range_boundaries

from roi_xl.cli import main
from roi_xl.cli.tracking_demo import ACTUALS
from roi_xl.data.scenario import example_scenario_text

from .test_printout import INTERNAL

#: TEMPLATES.md, *Print-ready*: the filled case in at most 15 pages, the Summary first.
CASE_PAGES = 15


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} not found: install poppler-utils (make test does)"
    return found


def _lines(pdf: Path) -> list[list[Word]]:
    """The words of every line of every page, left to right."""
    xml = subprocess.run(
        [_tool("pdftotext"), "-bbox-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = []
    for number, page in enumerate(xml.split("<page ")[1:], start=1):
        for line in re.findall(r"<line .*?</line>", page, re.S):
            words = [
                Word(number, text, float(x0), float(y0), float(x1), float(y1))
                for x0, y0, x1, y1, text in _WORD.findall(line)
            ]
            lines.append(words)
    return lines


def _pages(pdf: Path) -> int:
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def _pdf(workbook: Path) -> Path:
    pdf = workbook.with_suffix(".pdf")
    assert main(["pdf", str(workbook), "-o", str(pdf), "--force"]) == 0
    return pdf


@pytest.fixture(scope="module")
def eight_points(tmp_path_factory) -> float:
    """The height of the box of an 8-point word as LibreOffice prints it at 100%."""
    fonts = subprocess.run(["fc-match", "Calibri"], capture_output=True, text=True).stdout
    assert "Carlito" in fonts or "Calibri" in fonts, (
        f"Calibri prints as {fonts.strip()!r}: install fonts-crosextra-carlito (make test does)"
    )
    folder = tmp_path_factory.mktemp("ruler")
    book = openpyxl.Workbook()
    sheet = book.active
    for row, size in ((1, 8), (2, 7.5)):
        sheet.cell(row, 1, f"Ruler{row}").font = Font(name="Calibri", size=size)
    sheet.page_setup.scale = 100
    book.save(folder / "ruler.xlsx")
    heights = {w.text: w.height for line in _lines(_pdf(folder / "ruler.xlsx")) for w in line}
    # the measure tells 8 points from 7.5 (else the test below could not fail)
    assert heights["Ruler2"] < heights["Ruler1"] * 0.97, heights
    return heights["Ruler1"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """The workbooks and their PDFs: the example case on A4 and on Letter, its tracked
    copy, the calculator."""
    folder = tmp_path_factory.mktemp("pages")
    scenario = folder / "example.toml"
    scenario.write_text(example_scenario_text(), encoding="utf-8")
    case = folder / "case.xlsx"
    assert main(["case", str(scenario), "-o", str(case)]) == 0
    letter = folder / "letter.xlsx"
    assert main(["case", str(scenario), "--paper", "Letter", "-o", str(letter)]) == 0
    kpis = folder / "kpis.csv"
    kpis.write_text(ACTUALS, encoding="utf-8")
    tracked = folder / "tracked.xlsx"
    assert main(["track", str(case), str(kpis), "-o", str(tracked)]) == 0
    calculator = folder / "calculator.xlsm"
    assert main(["calculator", "-o", str(calculator)]) == 0
    return {
        name: (path, _pdf(path))
        for name, path in (
            ("case A4", case),
            ("case Letter", letter),
            ("tracked case", tracked),
            ("calculator", calculator),
        )
    }


PRINTOUTS = ("case A4", "case Letter", "tracked case", "calculator")


@pytest.mark.parametrize("printout", PRINTOUTS)
def test_no_printed_text_under_8_points(printed, eight_points, printout):
    # 1% for the rounding of the boxes' coordinates
    small = [
        (w.page, w.text, round(8 * w.height / eight_points, 1))
        for line in _lines(printed[printout][1])
        for w in line
        if w.height < eight_points * 0.99
    ]
    assert not small, f"{len(small)} words under 8 points (page, word, points): {small[:30]}"


@pytest.mark.parametrize("printout", ("case A4", "case Letter"))
def test_the_summary_is_page_one_and_one_page(printed, printout):
    pdf = printed[printout][1]
    first = [w.text for line in _lines(pdf) for w in line if w.page == 1]
    assert "Summary" in first and "Page 1 of" in " ".join(first), first[-8:]
    second = [w.text for line in _lines(pdf) for w in line if w.page == 2]
    assert "Summary" not in second[-8:], "the Summary is one page"


@pytest.mark.parametrize("printout", ("case A4", "case Letter"))
def test_the_case_in_15_pages(printed, printout):
    assert _pages(printed[printout][1]) <= CASE_PAGES


#: Two texts printed as one word: a lower-case letter, a digit, "%" or ")" followed by a
#: capital ("Value Y3" + "Counts as" -> "Y3Counts"), or "%" or ")" followed by a letter
#: ("40.0%" + "not reachable" -> "40.0%not"), or a word followed by a negative number
#: (a chart's axis labels "-25 pts" and "-20 pts" -> "pts-20").
JOINED = re.compile(r"[a-z0-9%)][A-Z]|[%)][a-z]|[a-z]-\d")
#: Words that are written so: "SaaS"; amounts in millions ("4.2M"), numbers in
#: scientific notation ("1.0E-9").
WRITTEN_SO = re.compile(r"^\W*(SaaS|[$€£¥₹]?-?[\d.,]+[MK]|-?\d+(\.\d+)?E[-+]\d+)\W*$")


def _run_together(lines: list[list[Word]]) -> list[tuple[int, str]]:
    found = []
    for words in lines:
        for i, word in enumerate(words):
            # internal names ("CostLines") are test_printout's own test
            written_so = WRITTEN_SO.match(word.text) or INTERNAL.search(word.text)
            if JOINED.search(word.text) and not written_so:
                found.append((word.page, word.text))
            if i == 0:
                continue
            before = words[i - 1]
            gap = word.left - before.right
            same_line = abs(word.bottom - before.bottom) < 0.5
            letters = any(c.isalpha() for c in before.text + word.text)
            # a space is a fifth of a word's height or more: boxes closer than that touch
            if same_line and letters and gap < 0.08 * word.height:
                found.append((word.page, f"{before.text}|{word.text}"))
    return found


def test_the_run_together_rule_finds_what_it_should():
    # the issue's own examples, and words that are written so
    def line(*texts: str, gap: float = 3.0) -> list[Word]:
        return [Word(1, t, i * (10 + gap), 0, i * (10 + gap) + 10, 10) for i, t in enumerate(texts)]

    assert _run_together([line("Value", "Y3Counts", "as")]) == [(1, "Y3Counts")]
    assert _run_together([line("40.0%not", "reachable")]) == [(1, "40.0%not")]
    assert _run_together([line("-25", "pts-20", "pts")]) == [(1, "pts-20")]
    assert _run_together([line("$447,500", "Deflection", gap=0.2)]) == [(1, "$447,500|Deflection")]
    assert not _run_together([line("SaaS", "4.2M", "1.0E-9", "(pts)", "Year", "3")])


@pytest.mark.parametrize("printout", PRINTOUTS)
def test_no_text_run_together(printed, printout):
    found = _run_together(_lines(printed[printout][1]))
    assert not found, f"texts of neighbouring cells printed as one (page, words): {found}"


def _neighbours(workbook: Path) -> tuple[set[tuple[str, str]], str]:
    """The last word of each typed text and the first of the typed text in the cell on its
    right, in the printed area of every printed sheet; and all the typed texts."""
    book = openpyxl.load_workbook(workbook)
    pairs, texts = set(), []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible" or not sheet.print_area:
            continue
        area = sheet.print_area if isinstance(sheet.print_area, str) else sheet.print_area[0]
        left, top, right, bottom = range_boundaries(area.split("!")[-1].replace("$", ""))
        for row in sheet.iter_rows(top, bottom, left, right):
            typed = [
                c.value if isinstance(c.value, str) and c.value[:1] != "=" else "" for c in row
            ]
            texts += typed
            for one, two in itertools.pairwise(typed):
                if one.split() and two.split():
                    pairs.add((one.split()[-1], two.split()[0]))
    return pairs, "\n".join(texts)


@pytest.mark.parametrize("printout", ("case A4", "case Letter"))
def test_no_two_cells_read_as_one(printed, printout):
    # The texts of two neighbouring cells ("Value Y3" and "Counts as") with no more than
    # a space between them read as one ("Value Y3 Counts as"); a pair of words that no
    # single cell holds, closer than a quarter of their height, is such a pair.
    workbook, pdf = printed[printout]
    pairs, texts = _neighbours(workbook)
    found = [
        (b.page, f"{a.text} | {b.text}")
        for line in _lines(pdf)
        for a, b in itertools.pairwise(line)
        if (_plain(a.text), _plain(b.text)) in pairs
        and f"{_plain(a.text)} {_plain(b.text)}" not in texts
        and b.left - a.right < 0.25 * b.height
    ]
    assert not found, found


def _plain(word: str) -> str:
    return word.replace("&apos;", "'").replace("&amp;", "&").replace("&quot;", '"')
