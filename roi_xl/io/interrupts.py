"""Ctrl-C and SIGTERM: stop any command cleanly, with one line and the usual exit code.

:func:`handling_signals` turns SIGINT (Ctrl-C) and SIGTERM into an
:class:`Interrupted` exception raised wherever the program is. Being an
exception, it unwinds through every ``with`` and ``finally``: temporary
folders are removed, the ``.tmp`` file of an atomic write is deleted, and a
running LibreOffice is killed (its whole process group, see
:mod:`roi_xl.office.recalc`). The first signal also makes the program ignore further
ones, so that a second Ctrl-C cannot cut the clean-up short. The exit code is
128 + the signal number, as shells report it: 130 for Ctrl-C, 143 for SIGTERM.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """The program received SIGINT or SIGTERM."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal number: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum

    @property
    def message(self) -> str:
        """One line for the user."""
        return "interrupted (Ctrl-C)" if self.signum == signal.SIGINT else "terminated (SIGTERM)"


def _raise(signum: int, frame: FrameType | None) -> None:
    for number in SIGNALS:  # clean up without being cut short by a second signal
        signal.signal(number, signal.SIG_IGN)
    raise Interrupted(signum)


@contextlib.contextmanager
def handling_signals() -> Iterator[None]:
    """Raise :class:`Interrupted` on SIGINT and SIGTERM inside the block.

    The handlers in place before are restored when the block ends. Outside the
    main thread (where Python delivers signals) the block runs unchanged.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.getsignal(number) for number in SIGNALS}
    for number in SIGNALS:
        signal.signal(number, _raise)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


__all__ = ["Interrupted", "handling_signals"]
