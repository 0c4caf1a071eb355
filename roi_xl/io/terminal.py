"""Text for the terminal: what a file holds is shown, never obeyed.

A channel name or a file name can hold escape sequences that change the
terminal's colours or title, move the cursor, or hide text. :func:`printable`
shows every control character as an escape (``\\x1b``), as ``repr`` would, and
leaves all other text as it is.
"""

from __future__ import annotations

import re
from typing import Any

# C0 and C1 controls, DEL, and the Unicode bidirectional overrides and isolates
# (which reorder what is shown: "Trojan source").
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: Any) -> str:
    """``str(value)`` with every control character shown as an escape.

    Examples
    --------
    >>> printable("Chat\\x1b]0;pwned\\x07")
    'Chat\\\\x1b]0;pwned\\\\x07'
    >>> printable("Self-service/AI")
    'Self-service/AI'
    """
    return _CONTROL.sub(_escape, str(value))


__all__ = ["printable"]
