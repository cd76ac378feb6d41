"""Stopping long commands cleanly: SIGTERM and SIGHUP end them as Ctrl+C does.

Python only turns SIGINT into KeyboardInterrupt; a plain ``kill`` would end
the process at once, leaving a temporary folder or a child server behind.
Raising KeyboardInterrupt instead runs every ``finally`` and ``with`` exit.
A signal that lands while Python runs a finalizer would have its exception
printed and dropped ("Exception ignored in …"): such a stop is remembered,
kept quiet, and raised again when the block ends. Cleanup that must finish
runs with the signals held (``signals_held``).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

#: The signals a service manager or a closed terminal sends to stop a program.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise KeyboardInterrupt as Ctrl+C does, and a
    stop whose exception was dropped is raised when the block ends (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[str] = []

    def interrupt(signum: int, frame: FrameType | None) -> None:
        received.append(signal.Signals(signum).name)
        raise KeyboardInterrupt(received[-1])

    def unraisable(info: sys.UnraisableHookArgs) -> None:
        if not isinstance(info.exc_value, KeyboardInterrupt):
            hook(info)

    hook = sys.unraisablehook
    sys.unraisablehook = unraisable
    # SIGINT too: Python's own handler raises the same, but a stop that lands in a
    # finalizer must be remembered to be raised again.
    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, *STOP_SIGNALS)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sys.unraisablehook = hook
    if received:  # its exception was dropped on the way: stop now
        raise KeyboardInterrupt(received[-1])


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Within the block, Ctrl+C and the stop signals wait; they act when it ends."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
            signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, *STOP_SIGNALS})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
