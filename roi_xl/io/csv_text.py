"""Text into CSV files that a spreadsheet opens as text, never as a formula.

A spreadsheet that opens a CSV file reads a field starting with ``=``, ``+``,
``-`` or ``@`` (and, in some, a tab or a carriage return) as a formula. A
field holding a line break starts a new line *inside* the field, and a
reader that treats a bare carriage return as the end of a row starts a new
cell there. So every text field goes through :func:`csv_field`:

* an apostrophe is put before any of those characters wherever a line could
  start: at the start of the field and after every ``\\r`` or ``\\n`` in it
  (the usual guard: the apostrophe shows, the formula does not run);
* a field holding a comma, a double quote, ``\\r`` or ``\\n`` is quoted, quotes
  doubled (RFC 4180), whatever the line terminator of the file.

Numbers are written as Python writes them (``repr``), blanks as nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

#: Characters that make a spreadsheet read a field as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_LINE_START = re.compile(r"(^|(?<=[\r\n]))(?=[=+\-@\t\r])")
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')
_STARTS = frozenset(FORMULA_STARTS)
#: In text fields joined by ``\x1f`` (none holding another): a field after the
#: first that starts with a formula character.
_JOINED_FORMULA_START = re.compile(r"\x1f[=+\-@\t\r]")


def neutralise(text: str) -> str:
    """``text`` with an apostrophe wherever a line could start with a formula.

    Examples
    --------
    >>> neutralise("=SUM(A1:A9)")
    "'=SUM(A1:A9)"
    >>> neutralise("j1\\r=SUM(A1:A9)*0+42")
    "j1\\r'=SUM(A1:A9)*0+42"
    >>> neutralise("Chat")
    'Chat'
    """
    return _LINE_START.sub("'", text)


def csv_field(value: Any) -> str:
    """One field of a CSV line: text neutralised and quoted when needed.

    Examples
    --------
    >>> csv_field('say "hi", =1+1')
    '"say ""hi"", =1+1"'
    >>> csv_field("a\\r@b")
    '"a\\r\\'@b"'
    >>> csv_field(2.5), csv_field(None), csv_field(-3)
    ('2.5', '', '-3')
    """
    if type(value) is str:  # the common case first: a row has mostly text
        text = value
    elif value is None:
        return ""
    elif isinstance(value, bool):
        text = str(value)
    elif isinstance(value, int):
        return str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"a CSV number must be finite, got {value}")
        return repr(value)
    else:
        text = str(value)
    if not text or (text[0] not in _STARTS and not _NEEDS_QUOTES.search(text)):
        return text  # the common case: no line but the first, which starts plainly
    text = neutralise(text)
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(values: Iterable[Any]) -> str:
    """One CSV line, ending in ``\\n``.

    >>> csv_line(["Chat", 10.0, "=1"])
    "Chat,10.0,'=1\\n"
    """
    fields = [csv_field(v) for v in values]
    if fields == [""]:  # a line of one empty field would read back as no field at all
        fields = ['""']
    return ",".join(fields) + "\n"


def csv_text_fields(fields: Sequence[str]) -> str:
    """The fields of a row of text, joined exactly as :func:`csv_line` joins them.

    No line end, so more fields can follow. One regular-expression search over
    the whole row replaces a call per field when no field needs guarding (the
    usual row of a million-row export); otherwise each field goes through
    :func:`csv_field`, the one rule.

    >>> csv_text_fields(["j1", "2024-01-01T09:00", "Chat"])
    'j1,2024-01-01T09:00,Chat'
    >>> csv_text_fields(["j1", "=1+1", "a b"])
    "j1,'=1+1,a b"
    """
    joined = "\x1f".join(fields)
    if (
        joined
        and joined[0] not in _STARTS
        and joined.count("\x1f") == len(fields) - 1  # no field holds the joining character
        and _NEEDS_QUOTES.search(joined) is None
        and _JOINED_FORMULA_START.search(joined) is None
    ):
        return joined.replace("\x1f", ",")
    return csv_line(fields)[:-1]


__all__ = ["FORMULA_STARTS", "neutralise", "csv_field", "csv_line", "csv_text_fields"]
