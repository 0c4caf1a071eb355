"""Text into ``.xlsx`` cells: always a text cell, never a formula, never broken XML.

Every piece of free text that roi_xl writes into a workbook (names of cost
items and gain lines, notes, channels, journey ids, anything read from a
user's file) goes through :func:`text_value`: openpyxl cells through
:func:`put`, the streamed sheets of :mod:`roi_xl.io.value_workbook` directly. So:

* text starting with ``=`` stays text (openpyxl would otherwise write it as a
  formula: ``=HYPERLINK(...)`` in a scenario file must not become a link);
* characters XML 1.0 cannot hold (the control characters below space except
  tab, line feed and carriage return, such as ESC) are replaced by their
  visible Unicode "control picture" (ESC becomes ``␛``), instead of making
  openpyxl fail half-way through a save;
* text longer than a cell can hold (32,767 characters) is refused, never cut.

Numbers, dates and blanks are written as they are.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell import Cell

#: The most characters an Excel cell holds.
MAX_CELL_TEXT = 32_767

#: Characters an XML 1.0 document cannot contain (openpyxl's own list).
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class CellTextError(ValueError):
    """Text that no cell can hold; the message is one line."""


def _picture(match: re.Match[str]) -> str:
    return chr(0x2400 + ord(match.group()))


def text_value(text: str) -> str:
    """``text`` as a cell can hold it: illegal XML characters made visible.

    Examples
    --------
    >>> text_value("a\\x1b[31mred")
    'a␛[31mred'
    >>> text_value("=1+1")
    '=1+1'
    """
    if len(text) > MAX_CELL_TEXT:
        raise CellTextError(
            f"a text of {len(text):,} characters is longer than a cell holds "
            f"({MAX_CELL_TEXT:,}): {text[:30]!r}..."
        )
    return ILLEGAL_XML.sub(_picture, text)


def replaced_characters(text: Any) -> int:
    """How many characters :func:`text_value` replaces in ``text`` (0 for non-text)."""
    return len(ILLEGAL_XML.findall(text)) if isinstance(text, str) else 0


def put(cell: Cell, value: Any) -> Cell:
    """Write ``value`` into ``cell``; text is always a text cell.

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> cell = put(Workbook().active["A1"], "=WEBSERVICE(1)")
    >>> cell.value, cell.data_type
    ('=WEBSERVICE(1)', 's')
    """
    if isinstance(value, str):
        cell.value = text_value(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


__all__ = [
    "MAX_CELL_TEXT",
    "CellTextError",
    "text_value",
    "replaced_characters",
    "put",
]
