"""A tiny thread-safe observer, so Qt-free layers can announce events.

Qt edges adapt these to Qt signals (which queue to the GUI thread on their own).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Signal(Generic[P]):
    """Call every connected callback with the emitted arguments, in connection order.

    Callbacks run on the emitting thread. An exception in one callback propagates: a
    listener's bug is not swallowed.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._slots: list[Callable[P, object]] = []

    def connect(self, slot: Callable[P, object]) -> None:
        """Add ``slot`` to the listeners."""
        with self._lock:
            self._slots.append(slot)

    def disconnect(self, slot: Callable[P, object]) -> None:
        """Remove ``slot``; a slot never connected is ignored."""
        with self._lock:
            if slot in self._slots:
                self._slots.remove(slot)

    def emit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Call the listeners."""
        with self._lock:
            slots = list(self._slots)
        for slot in slots:
            slot(*args, **kwargs)
