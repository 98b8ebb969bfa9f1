"""A desktop notification when a new track starts: its title, artist and album, and the cover.

Off by default (``Settings.notify_track_change``). Where they go:

1. on Linux and the BSDs, ``org.freedesktop.Notifications`` on the session bus, called
   asynchronously (the GUI never waits for the bus). Each notification replaces the last
   (``replaces_id``), lasts :data:`EXPIRE_MS`, carries the cover as an ``image-path`` hint, is
   silent (the music is playing) and transient (it stays out of the notification history);
2. elsewhere, or when no notification service answers, the tray icon's message;
3. without either, nowhere.

Nothing is shown while the window is the active one, visible and not minimised: the user sees
the new track there already. The cover comes from the now-playing cover cache
(:class:`~app.platform.now_playing_source.CoverFiles`, a JPEG in the cache folder, never a file
beside the music); a notification waits up to :data:`COVER_WAIT_MS` for it, then goes without.

``replaces_id`` is a D-Bus ``uint32``, which PySide6 cannot write from a Python ``int``:
:func:`uint32_argument` builds it through :mod:`app.platform.dbus_typed`.
"""

from __future__ import annotations

import html
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from app.core.track import Track
from app.ui.app_icon import APP_ID, icon_png
from app.ui.settings import Settings

__all__ = [
    "APP_NAME",
    "COVER_WAIT_MS",
    "EXPIRE_MS",
    "FreedesktopNotifications",
    "SnapshotCovers",
    "TrackNote",
    "TrackNotifier",
    "desktop_notifications",
    "note_for",
    "uint32_argument",
]

log = logging.getLogger(__name__)

APP_NAME = "Starlight Turntable"  # the identity the desktop groups notifications by
SERVICE = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
EXPIRE_MS = 5000
CALL_TIMEOUT_MS = 3000
COVER_WAIT_MS = 400
_ICON_PX = 128
_GONE = (
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
    "org.freedesktop.DBus.Error.Disconnected",
    "org.freedesktop.DBus.Error.UnknownMethod",
)


@dataclass(frozen=True)
class TrackNote:
    """What one notification says.

    Attributes
    ----------
    summary
        The track's title (plain text).
    body
        ``Artist — Album``, escaped for servers that read markup.
    image
        The cover, a file in the cache; None without one.

    """

    summary: str
    body: str
    image: Path | None = None


def note_for(track: Track, image: Path | None) -> TrackNote:
    """Return the notification for ``track``: title; artist — album; the cover."""
    artist = track.artist or track.album_artist
    body = " — ".join(part for part in (artist, track.album) if part)
    return TrackNote(track.display_title, html.escape(body, quote=False), image)


# -------------------------------------------------------------------- a typed uint32
def uint32_argument(value: int) -> Any:
    """Return a ``QDBusArgument`` holding ``value`` as a D-Bus ``u``; None where impossible."""
    from app.platform.dbus_typed import DBusInt, typed_int

    return typed_int(DBusInt.UINT32, value)


# -------------------------------------------------------------------- the D-Bus service
class FreedesktopNotifications(QObject):
    """Send notifications to ``org.freedesktop.Notifications``, each replacing the last.

    Calls are asynchronous; while one is under way the newest request waits for its reply
    (which carries the id to replace), so notifications never pile up. Once the service is
    found missing, :attr:`available` turns False and :attr:`undelivered` hands the note back
    for another way to show it.

    Parameters
    ----------
    connection
        The session bus (tests pass a private one).

    """

    undelivered = Signal(object)  # a TrackNote the service turned out not to be there for

    def __init__(self, connection: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connection = connection
        self.available = True
        self.last_id = 0  # the server's id of the notification showing, 0 for none
        self._in_flight: Any = None  # the QDBusPendingCallWatcher of the call under way
        self._sending: TrackNote | None = None
        self._next: TrackNote | None = None

    def send(self, note: TrackNote) -> bool:
        """Show ``note``, replacing the previous notification; False when it cannot be sent."""
        if not self.available:
            return False
        if self._in_flight is not None:
            self._next = note  # sent with the id the call under way brings back
            return True
        return self._call(note)

    def _call(self, note: TrackNote) -> bool:
        from PySide6.QtDBus import QDBusMessage, QDBusPendingCallWatcher

        replaces = uint32_argument(self.last_id)
        if replaces is None:
            self.available = False
            return False
        message = QDBusMessage.createMethodCall(SERVICE, OBJECT_PATH, SERVICE, "Notify")
        message.setArguments(
            [APP_NAME, replaces, _app_icon(), note.summary, note.body, _no_actions(),
             _hints(note), EXPIRE_MS]
        )  # fmt: skip
        watcher = QDBusPendingCallWatcher(self.connection.asyncCall(message, CALL_TIMEOUT_MS), self)
        watcher.finished.connect(self._on_reply)
        self._in_flight, self._sending = watcher, note
        return True

    def _on_reply(self, watcher: Any) -> None:
        from PySide6.QtDBus import QDBusMessage

        sent, self._in_flight, self._sending = self._sending, None, None
        watcher.deleteLater()
        reply = watcher.reply()
        waiting, self._next = self._next, None
        if reply.type() == QDBusMessage.MessageType.ErrorMessage:
            log.info("the desktop did not take the notification: %s", reply.errorMessage())
            if reply.errorName() in _GONE:
                self.available = False
                self.undelivered.emit(waiting or sent)
                return
        elif reply.arguments():
            self.last_id = int(reply.arguments()[0])
        if waiting is not None:
            self._call(waiting)


def _app_icon() -> str:
    """Return the app's icon: its PNG as a ``file://`` URL, else its name in the icon theme."""
    png = icon_png(_ICON_PX)
    return png.as_uri() if png.is_file() else APP_ID


def _no_actions() -> Any:
    """Return an empty array typed ``as`` (an untyped ``[]`` goes out as ``av``)."""
    from PySide6.QtCore import QMetaType
    from PySide6.QtDBus import QDBusArgument

    argument = QDBusArgument()
    argument.beginArray(QMetaType(QMetaType.Type.QString))
    argument.endArray()
    return argument


def _hints(note: TrackNote) -> dict[str, object]:
    hints: dict[str, object] = {
        "desktop-entry": APP_ID,
        "suppress-sound": True,
        "transient": True,
    }
    if note.image is not None:
        hints["image-path"] = note.image.as_uri()
    return hints


def desktop_notifications(connection: Any = None) -> FreedesktopNotifications | None:
    """Return the freedesktop notifier on Linux and the BSDs with a session bus, else None."""
    if not (sys.platform.startswith("linux") or "bsd" in sys.platform):
        return None
    if connection is None:
        from app.platform.mpris import session_bus_configured

        if not session_bus_configured():
            return None
        from PySide6.QtDBus import QDBusConnection

        connection = QDBusConnection.sessionBus()
    if not connection.isConnected():
        return None
    return FreedesktopNotifications(connection)


# -------------------------------------------------------------------- the track notifier
class Covers(Protocol):
    """Where cover files come from (:class:`~app.platform.now_playing_source.CoverFiles`)."""

    found: SignalInstance

    def path_for(self, track_path: Path) -> Path | None:
        """Return the cached cover, or None (unknown yet: :attr:`found` follows)."""


class _Snapshot(Protocol):
    @property
    def path(self) -> Path | None: ...

    @property
    def art_path(self) -> Path | None: ...


class _Source(Protocol):
    changed: SignalInstance

    @property
    def last(self) -> _Snapshot: ...


class SnapshotCovers(QObject):
    """The covers a now-playing source has found, as :class:`Covers` for the notifier.

    ``source`` is the :class:`~app.platform.now_playing_source.NowPlayingSource` the desktop's
    media widgets see: its snapshots carry the cached cover (``art_path``) of the track
    playing, found in the background; :attr:`found` follows each new snapshot.
    """

    found = Signal()

    def __init__(self, source: _Source, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        source.changed.connect(lambda _snapshot: self.found.emit())

    def path_for(self, track_path: Path) -> Path | None:
        """Return the cover of ``track_path`` once the source's snapshot is about it."""
        last = self._source.last
        return last.art_path if last.path == track_path else None


class TrackNotifier(QObject):
    """Notify the desktop when a new track starts, if the user asked for it.

    Parameters
    ----------
    settings
        ``notify_track_change`` switches it on.
    window
        While it is the active window (visible, not minimised) nothing is shown.
    covers
        The cover cache; None for notifications without pictures.
    desktop
        The freedesktop service (:func:`desktop_notifications`), or None.
    tray_icon
        The fallback: its ``showMessage``; None for none.

    Connect the engine bridge's ``track_started(index, track)`` to :meth:`track_started`.

    """

    def __init__(
        self,
        settings: Settings,
        window: QWidget,
        covers: Covers | None = None,
        desktop: FreedesktopNotifications | None = None,
        tray_icon: QSystemTrayIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.window = window
        self.covers = covers
        self.desktop = desktop
        self.tray_icon = tray_icon
        self._pending: Track | None = None
        self._wait = QTimer(self)
        self._wait.setSingleShot(True)
        self._wait.setInterval(COVER_WAIT_MS)
        self._wait.timeout.connect(self._send_pending)
        if covers is not None:
            covers.found.connect(self._on_cover_found)
        if desktop is not None:
            desktop.undelivered.connect(self._show_in_tray)

    def track_started(self, track: Track) -> None:
        """Announce ``track``, with its cover when the cache has it (or soon will)."""
        if not self.settings.notify_track_change or self._window_in_front():
            self._pending = None
            self._wait.stop()
            return
        self._pending = track
        if self._cover(track) is not None or self.covers is None:
            self._send_pending()
        else:
            self._wait.start()

    def _window_in_front(self) -> bool:
        window = self.window
        return window.isVisible() and not window.isMinimized() and window.isActiveWindow()

    def _cover(self, track: Track) -> Path | None:
        return self.covers.path_for(track.path) if self.covers is not None else None

    def _on_cover_found(self) -> None:
        if self._pending is not None and self._cover(self._pending) is not None:
            self._send_pending()

    def _send_pending(self) -> None:
        self._wait.stop()
        track, self._pending = self._pending, None
        if track is None:
            return
        note = note_for(track, self._cover(track))
        if self.desktop is None or not self.desktop.send(note):
            self._show_in_tray(note)

    def _show_in_tray(self, note: TrackNote) -> None:
        icon = self.tray_icon
        if icon is None or not icon.isVisible():
            return
        picture = QIcon(str(note.image)) if note.image is not None else QIcon()
        if picture.isNull():
            picture = icon.icon()
        icon.showMessage(note.summary, html.unescape(note.body), picture, EXPIRE_MS)
