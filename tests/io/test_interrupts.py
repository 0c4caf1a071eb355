"""roi_xl.io.interrupts: real signals become an exception that unwinds, then the old handlers."""

import os
import signal
import threading

import pytest

from roi_xl.io.interrupts import Interrupted, handling_signals


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_raises_and_cleanup_runs_uninterrupted(signum, code):
    before = signal.getsignal(signum)
    cleaned = []
    with pytest.raises(Interrupted) as raised, handling_signals():
        try:
            os.kill(os.getpid(), signum)
        finally:
            os.kill(os.getpid(), signum)  # a second signal during clean-up is ignored
            cleaned.append(True)
    assert raised.value.exit_code == code and cleaned == [True]
    assert signal.getsignal(signum) is before  # restored


def test_outside_the_main_thread_nothing_is_installed():
    seen = []

    def run():
        with handling_signals():
            seen.append(signal.getsignal(signal.SIGTERM))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [signal.getsignal(signal.SIGTERM)]
