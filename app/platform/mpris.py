"""MPRIS2 on the D-Bus session bus: media keys and the desktop's media widgets (Linux).

The service owns ``org.mpris.MediaPlayer2.starlight`` (or ``...starlight.instance<pid>`` when
another player holds that name, as the specification allows) and exports the object
``/org/mpris/MediaPlayer2`` with the two adaptors of :mod:`app.platform.mpris_adaptors`. It
listens to a :class:`~app.platform.now_playing_source.NowPlayingSource`: each new snapshot is
compared with the last one announced and ``PropertiesChanged`` carries exactly the properties
that changed (never ``Position``); each jump of the needle is a ``Seeked``. The engine knows
nothing of this.

Threads: everything runs on the GUI thread. QtDBus reads and writes the socket itself and
delivers calls through the event loop; the only synchronous bus calls are the registration of
the name at start and its release at the end, both answered by the bus daemon (never by this
process, which would deadlock).

Without a session bus the service is not started and the app runs on after one log line.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtDBus import QDBusConnection

from app.core.now_playing import NowPlaying, changed_fields
from app.platform.mpris_adaptors import PlayerAdaptor, RootAdaptor
from app.platform.mpris_types import (
    OBJECT_PATH,
    PLAYER_INTERFACE,
    changed_properties,
    microseconds,
    properties_changed,
)
from app.platform.now_playing_source import NowPlayingSource

log = logging.getLogger(__name__)

BUS_NAME = "org.mpris.MediaPlayer2.starlight"


class MprisService(QObject):
    """The MPRIS2 object on a bus connection, kept in step with a now-playing source.

    Parameters
    ----------
    source
        Snapshots to show and the controls requests call.
    bus
        A connected bus (the session bus; tests may pass another).

    """

    system = "MPRIS2"

    def __init__(self, source: NowPlayingSource, bus: QDBusConnection) -> None:
        super().__init__(source)
        self.source = source
        self.bus = bus
        self.name = ""
        self._object = QObject(self)  # what is exported; the adaptors are its children
        self.root = RootAdaptor(self._object, source)
        self.player = PlayerAdaptor(self._object, source)
        self._announced: NowPlaying = source.last
        source.changed.connect(self._on_changed)
        source.seeked.connect(self._on_seeked)

    @property
    def active(self) -> bool:
        """Whether the service holds its bus name."""
        return bool(self.name)

    def register(self) -> bool:
        """Export the object, then take the bus name; False (logged) when either fails."""
        if not self.bus.registerObject(OBJECT_PATH, self._object):
            log.warning("MPRIS: %s is already exported on this connection", OBJECT_PATH)
            return False
        for name in (BUS_NAME, f"{BUS_NAME}.instance{os.getpid()}"):
            if self.bus.registerService(name):
                self.name = name
                log.debug("MPRIS: registered %s", name)
                return True
        log.warning("MPRIS: the bus name %s could not be taken (%s)", BUS_NAME,
                    self.bus.lastError().message())  # fmt: skip
        self.bus.unregisterObject(OBJECT_PATH)
        return False

    def close(self) -> None:
        """Give up the bus name and the object (desktops drop the player at once)."""
        if self.name:
            self.bus.unregisterService(self.name)
            self.name = ""
        self.bus.unregisterObject(OBJECT_PATH)

    def _on_changed(self, now: NowPlaying) -> None:
        changed = changed_properties(changed_fields(self._announced, now), now)
        self._announced = now
        if changed and self.name:
            self.bus.send(properties_changed(PLAYER_INTERFACE, changed))

    def _on_seeked(self, position_s: float) -> None:
        if self.name:
            self.player.Seeked.emit(microseconds(position_s))


def session_bus_configured() -> bool:
    """Whether a session bus is announced, by its address or the user's runtime socket.

    Checked before connecting: with neither, libdbus would try to start a bus of its own
    (X11 autolaunch), leaving a stray daemon behind.
    """
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    return bool(runtime) and Path(runtime, "bus").exists()


def start_mpris(source: NowPlayingSource) -> MprisService | None:
    """Start MPRIS2 for ``source`` on the session bus; None (one log line) without a bus."""
    if not session_bus_configured():
        log.warning("no D-Bus session bus: the desktop's media controls will not see the player")
        return None
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        log.warning("no D-Bus session bus (%s): the desktop's media controls will not see "
                    "the player", bus.lastError().message())  # fmt: skip
        return None
    service = MprisService(source, bus)
    if not service.register():
        service.deleteLater()
        return None
    return service
