"""Whether the PulseAudio server can be reached, asked without libpulse.

Qt 6.10 drops its PulseAudio connection when the server goes away and makes a new one only 3 s
later, in 3 s steps; a stream started in between makes libpulse abort the whole process (Qt
asks the state of a connection it has already freed: measured, "Assertion 'c' failed").
So the output starts no stream while the server does not answer, nor until Qt has had time
to connect again after it came back. The server is asked the cheapest way there is: a
connect to its socket, twice a second and before each stream.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Mapping
from pathlib import Path

__all__ = ["PulseWatch", "server_socket"]

QT_RECONNECT_S = 3.5  # Qt tries again 3 s after it lost the server
POLL_S = 0.5


def server_socket(environ: Mapping[str, str]) -> Path | None:
    """Return the server's local socket, or None when there is none to watch.

    ``PULSE_SERVER`` may list several servers; its first ``unix:`` (or bare path) entry is
    used, and a list of network servers only is not watched. Otherwise the socket is in
    ``PULSE_RUNTIME_PATH`` or ``$XDG_RUNTIME_DIR/pulse`` (PipeWire's pulse server too).
    """
    listed = environ.get("PULSE_SERVER", "").split()
    if listed:
        for entry in listed:
            entry = entry.split("}", 1)[-1]  # an entry may start with {machine-id}
            if entry.startswith("unix:"):
                return Path(entry[len("unix:") :])
            if entry.startswith("/"):
                return Path(entry)
        return None
    runtime = environ.get("PULSE_RUNTIME_PATH")
    if runtime:
        return Path(runtime) / "native"
    xdg = environ.get("XDG_RUNTIME_DIR")
    return Path(xdg) / "pulse" / "native" if xdg else None


def answers(path: Path) -> bool:
    """Whether something accepts connections on the socket at ``path``."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.2)
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


class PulseWatch:
    """Follow the server's comings and goings; say when a stream may be started.

    Parameters
    ----------
    path
        The server's socket (:func:`server_socket`); None, or a socket missing when the
        watch is made, means nothing is watched and every start is allowed.

    """

    def __init__(self, path: Path | None, clock: Callable[[], float] = time.monotonic) -> None:
        self._path = path if path is not None and path.exists() else None
        self._clock = clock
        self._asked_at = -POLL_S
        self._answering = True
        self._back_at: float | None = None  # when it answered again after a loss

    @property
    def watching(self) -> bool:
        """Whether there is a local server to watch."""
        return self._path is not None

    def poll(self) -> None:
        """Ask the server, at most every :data:`POLL_S`."""
        now = self._clock()
        if self._path is not None and now - self._asked_at >= POLL_S:
            self._ask(now)

    def lost(self) -> None:
        """Note a stream found dead: Qt may have lost its connection too."""
        now = self._clock()
        self._back_at = now
        if self._path is not None:
            self._ask(now)

    def may_start(self) -> bool:
        """Whether a stream may be started now (asking the server once more first)."""
        if self._path is None:
            return True
        now = self._clock()
        self._ask(now)
        return self._answering and (self._back_at is None or now - self._back_at >= QT_RECONNECT_S)

    def _ask(self, now: float) -> None:
        assert self._path is not None
        self._asked_at = now
        answering = answers(self._path)
        if answering and not self._answering:
            self._back_at = now
        elif not answering and self._back_at is None:
            self._back_at = now  # it must then come back and stay QT_RECONNECT_S
        self._answering = answering
