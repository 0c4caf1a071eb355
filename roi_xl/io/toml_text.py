"""Text for TOML files: what a file name or a header holds is quoted, never obeyed.

roi_xl writes TOML (``roi-xl baseline -o base.toml``) that a scenario file
includes. A file name or a column header can hold a newline; written raw, it
would start a new line of TOML (``t\\n[scenarios]\\ntarget_roi = 9``) that
``roi-xl case`` then reads as a table. Every text roi_xl writes into TOML goes
through :func:`toml_string`: a TOML basic string (``"..."``) with every
character TOML does not allow raw escaped, so it is always one line.
"""

from __future__ import annotations

import re

# TOML basic strings: '"' and '\' escaped, and every control character (U+0000 to
# U+001F, U+007F); a lone surrogate (a file name that is not UTF-8) is no Unicode
# scalar value and is written as U+FFFD.
_NEEDS_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f\ud800-\udfff]')
_SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    if "\ud800" <= char <= "\udfff":
        return "\ufffd"
    return f"\\u{ord(char):04X}"


def toml_string(text: str) -> str:
    """``text`` as a one-line TOML basic string, quotes included.

    Examples
    --------
    >>> print(toml_string('t\\n[scenarios]\\ntarget_roi = 9\\n#.csv'))
    "t\\n[scenarios]\\ntarget_roi = 9\\n#.csv"
    >>> print(toml_string('say "hi"\\x1b[31m'))
    "say \\"hi\\"\\u001B[31m"
    """
    return '"' + _NEEDS_ESCAPE.sub(_escape, str(text)) + '"'


__all__ = ["toml_string"]
