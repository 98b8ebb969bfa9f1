"""Track notifications, end to end on a private session bus with a fake notification server.

The fake server is a QtDBus adaptor whose ``Notify`` slot has the specification's exact
signature (``susssasa{sv}i``, returning ``u``): QtDBus delivers a call only when every
argument's D-Bus type matches, so a wrongly typed call is refused, as GNOME's or KDE's
server would refuse it (the negative test shows that).
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from PySide6.QtCore import ClassInfo, QObject, QSettings, Signal, Slot
from PySide6.QtDBus import (
    QDBusAbstractAdaptor,
    QDBusConnection,
    QDBusMessage,
    QDBusPendingCallWatcher,
)
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from app.core.now_playing import NowPlaying
from app.core.playback import PlaybackState
from app.core.track import Track
from app.platform import notifications
from app.platform.notifications import (
    APP_NAME,
    COVER_WAIT_MS,
    EXPIRE_MS,
    FreedesktopNotifications,
    SnapshotCovers,
    TrackNote,
    TrackNotifier,
    desktop_notifications,
    note_for,
)
from app.ui.settings import Settings
from tests.support.services import DBUS_TOOLS, ServiceError, SessionBus, require_tools

pytestmark = pytest.mark.e2e
SONG = Track(Path("/music/Jay/Starlight/01.flac"), title="Seoul 2050", artist="Jay",
             album="Starlight")  # fmt: skip
_names = itertools.count()


def unavailable(reason: str) -> NoReturn:
    """Fail under ``CI=true`` (end-to-end tests must run there), otherwise skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: end-to-end tests must not be skipped)", pytrace=False)
    pytest.skip(reason)


# ------------------------------------------------------------------ the fake server
_class_info: Any = ClassInfo  # its stubs know only keywords; the D-Bus key has spaces


@_class_info({"D-Bus Interface": "org.freedesktop.Notifications"})
class FakeNotifications(QDBusAbstractAdaptor):
    """Records each Notify call; answers with ids 101, 102..."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.calls: list[dict[str, Any]] = []

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(
        self,
        app_name: str,
        replaces_id: int,
        app_icon: str,
        summary: str,
        body: str,
        actions: list[str],
        hints: dict[str, object],
        expire_timeout: int,
    ) -> int:
        self.calls.append(
            {"app_name": app_name, "replaces_id": replaces_id, "app_icon": app_icon,
             "summary": summary, "body": body, "actions": actions, "hints": hints,
             "expire_timeout": expire_timeout}
        )  # fmt: skip
        return 100 + len(self.calls)


@pytest.fixture(scope="module")
def bus() -> Iterator[SessionBus]:
    missing = require_tools(*DBUS_TOOLS)
    if missing:
        unavailable(f"D-Bus needs missing executables: {', '.join(missing)}")
    session = SessionBus()
    try:
        session.start()
    except ServiceError as exc:
        unavailable(f"D-Bus did not start: {exc}")
    try:
        yield session
    finally:
        session.stop()


def connect(bus: SessionBus, role: str) -> QDBusConnection:
    name = f"starlight-test-{role}-{next(_names)}"
    assert bus.address is not None
    connection = QDBusConnection.connectToBus(bus.address, name)
    assert connection.isConnected(), connection.lastError().message()
    return connection


@pytest.fixture
def server(bus: SessionBus, qapp: object) -> Iterator[FakeNotifications]:
    connection = connect(bus, "server")
    root = QObject()
    fake = FakeNotifications(root)
    assert connection.registerObject("/org/freedesktop/Notifications", root)
    assert connection.registerService("org.freedesktop.Notifications")
    yield fake
    connection.unregisterService("org.freedesktop.Notifications")
    connection.unregisterObject("/org/freedesktop/Notifications")
    QDBusConnection.disconnectFromBus(connection.name())


@pytest.fixture
def client(bus: SessionBus, qapp: object) -> Iterator[QDBusConnection]:
    connection = connect(bus, "client")
    yield connection
    QDBusConnection.disconnectFromBus(connection.name())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def cover(tmp_path: Path) -> Path:
    path = tmp_path / "cache" / "384" / "f00d.jpg"
    path.parent.mkdir(parents=True)
    image = QImage(32, 32, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffb347"))
    assert image.save(str(path))
    return path


class FakeCovers(QObject):
    """The cover cache: answers from a dict; ``found`` when a lookup finished."""

    found = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.known: dict[Path, Path] = {}

    def path_for(self, track_path: Path) -> Path | None:
        return self.known.get(track_path)


class RecordingTray(QSystemTrayIcon):
    """A tray icon (forced into being offscreen) that records its messages."""

    def __init__(self) -> None:
        picture = QPixmap(16, 16)
        picture.fill(QColor("#ffb347"))
        super().__init__(QIcon(picture))
        self.messages: list[tuple[str, str, int]] = []

    def showMessage(self, title: str, text: str, icon: object, msecs: int) -> None:  # type: ignore[override]
        self.messages.append((title, text, msecs))


@pytest.fixture
def hidden_window(qtbot: QtBot) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    return window  # never shown: the user is not looking at it


# ------------------------------------------------------------------ the service
def test_notify_carries_the_track_and_the_cover_and_replaces_the_last(
    qtbot: QtBot, server: FakeNotifications, client: QDBusConnection, cover: Path
) -> None:
    desktop = FreedesktopNotifications(client)
    assert desktop.send(TrackNote("Seoul 2050", "Jay — Starlight", cover))
    qtbot.waitUntil(lambda: desktop.last_id == 101, timeout=3000)
    [first] = server.calls
    assert first["app_name"] == APP_NAME == "Starlight Turntable"
    assert first["replaces_id"] == 0
    assert first["summary"] == "Seoul 2050"
    assert first["body"] == "Jay — Starlight"
    assert first["actions"] == []
    assert first["expire_timeout"] == EXPIRE_MS == 5000
    assert first["hints"]["image-path"] == cover.as_uri()
    assert first["hints"]["desktop-entry"] == "io.github.starlight.Turntable"
    assert first["hints"]["suppress-sound"] is True and first["hints"]["transient"] is True
    assert first["app_icon"].endswith("io.github.starlight.Turntable.png") or (
        first["app_icon"] == "io.github.starlight.Turntable"
    )
    desktop.send(TrackNote("Lost in Starlight", "Jay", None))
    qtbot.waitUntil(lambda: desktop.last_id == 102, timeout=3000)
    second = server.calls[1]
    assert second["replaces_id"] == 101  # the same bubble, updated
    assert "image-path" not in second["hints"]


def test_requests_made_during_a_call_wait_for_its_id(
    qtbot: QtBot, server: FakeNotifications, client: QDBusConnection
) -> None:
    desktop = FreedesktopNotifications(client)
    for title in ("one", "two", "three"):  # quicker than the bus answers
        desktop.send(TrackNote(title, "", None))
    qtbot.waitUntil(lambda: desktop.last_id == 102, timeout=3000)
    qtbot.wait(100)
    assert [(c["summary"], c["replaces_id"]) for c in server.calls] == [("one", 0), ("three", 101)]


def test_the_fake_server_refuses_a_wrongly_typed_call(
    qtbot: QtBot, server: FakeNotifications, client: QDBusConnection
) -> None:
    message = QDBusMessage.createMethodCall(
        notifications.SERVICE, notifications.OBJECT_PATH, notifications.SERVICE, "Notify"
    )
    message.setArguments([APP_NAME, 0, "", "plain int", "", [], {}, 5000])  # 0 goes out as 'i'
    watcher = QDBusPendingCallWatcher(client.asyncCall(message, 3000))
    with qtbot.waitSignal(watcher.finished, timeout=3000):
        pass
    reply = watcher.reply()
    assert reply.type() == QDBusMessage.MessageType.ErrorMessage
    assert server.calls == []


# ------------------------------------------------------------------ the notifier
def test_a_new_track_is_announced_with_its_cover(
    qtbot: QtBot,
    server: FakeNotifications,
    client: QDBusConnection,
    settings: Settings,
    hidden_window: QWidget,
    cover: Path,
) -> None:
    settings.notify_track_change = True
    covers = FakeCovers()
    covers.known[SONG.path] = cover
    notifier = TrackNotifier(settings, hidden_window, covers, FreedesktopNotifications(client))
    notifier.track_started(SONG)
    qtbot.waitUntil(lambda: len(server.calls) == 1, timeout=3000)
    [call] = server.calls
    assert (call["summary"], call["body"]) == ("Seoul 2050", "Jay — Starlight")
    assert call["hints"]["image-path"] == cover.as_uri()


def test_the_cover_may_come_a_moment_later(
    qtbot: QtBot,
    server: FakeNotifications,
    client: QDBusConnection,
    settings: Settings,
    hidden_window: QWidget,
    cover: Path,
) -> None:
    settings.notify_track_change = True
    covers = FakeCovers()
    notifier = TrackNotifier(settings, hidden_window, covers, FreedesktopNotifications(client))
    notifier.track_started(SONG)
    qtbot.wait(50)
    assert server.calls == []  # waiting for the cover
    covers.known[SONG.path] = cover
    covers.found.emit()
    qtbot.waitUntil(lambda: len(server.calls) == 1, timeout=3000)
    assert server.calls[0]["hints"]["image-path"] == cover.as_uri()
    other = Track(Path("/music/no-cover.flac"), title="Bare")
    notifier.track_started(other)  # no cover ever: it goes without after the wait
    qtbot.waitUntil(lambda: len(server.calls) == 2, timeout=3000 + COVER_WAIT_MS)
    assert "image-path" not in server.calls[1]["hints"]
    assert server.calls[1]["replaces_id"] == 101


class FakeSource(QObject):
    """The now-playing source's surface: snapshots, announced by ``changed``."""

    changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.last = NowPlaying()

    def announce(self, snapshot: NowPlaying) -> None:
        self.last = snapshot
        self.changed.emit(snapshot)


def test_the_now_playing_sources_cover_reaches_the_notification(
    qtbot: QtBot,
    server: FakeNotifications,
    client: QDBusConnection,
    settings: Settings,
    hidden_window: QWidget,
    cover: Path,
) -> None:
    settings.notify_track_change = True
    source = FakeSource()
    covers = SnapshotCovers(source)
    notifier = TrackNotifier(settings, hidden_window, covers, FreedesktopNotifications(client))
    notifier.track_started(SONG)  # before the source has caught up with the new track
    source.announce(NowPlaying(status=PlaybackState.PLAYING, title="Seoul 2050", path=SONG.path))
    qtbot.wait(50)
    assert server.calls == []  # the snapshot has no cover yet: still waiting
    playing = NowPlaying(status=PlaybackState.PLAYING, path=SONG.path, art_path=cover)
    source.announce(playing)
    qtbot.waitUntil(lambda: len(server.calls) == 1, timeout=3000)
    assert server.calls[0]["hints"]["image-path"] == cover.as_uri()
    assert covers.path_for(Path("/music/another.flac")) is None


def test_names_are_escaped_for_servers_that_read_markup() -> None:
    track = Track(Path("/m/x.flac"), title="<b>Bold</b> & co", artist="AC&DC", album="<Live>")
    note = note_for(track, None)
    assert note.summary == "<b>Bold</b> & co"  # the summary is plain text by the spec
    assert note.body == "AC&amp;DC — &lt;Live&gt;"
    assert note_for(Track(Path("/m/only title.flac")), None).body == ""


def test_off_by_default_and_silent_while_the_window_is_in_front(
    qtbot: QtBot,
    server: FakeNotifications,
    client: QDBusConnection,
    settings: Settings,
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    notifier = TrackNotifier(settings, window, None, FreedesktopNotifications(client))
    notifier.track_started(SONG)  # off by default
    settings.notify_track_change = True
    notifier.track_started(SONG)  # on, but the user is looking at the window
    qtbot.wait(COVER_WAIT_MS + 100)
    assert server.calls == []
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    notifier.track_started(SONG)
    qtbot.waitUntil(lambda: len(server.calls) == 1, timeout=3000)


def test_without_a_notification_service_the_tray_tells_it(
    qtbot: QtBot, client: QDBusConnection, settings: Settings, hidden_window: QWidget
) -> None:
    settings.notify_track_change = True
    tray = RecordingTray()
    tray.show()
    desktop = FreedesktopNotifications(client)
    notifier = TrackNotifier(settings, hidden_window, None, desktop, tray)
    notifier.track_started(SONG)  # nobody owns org.freedesktop.Notifications on this bus
    qtbot.waitUntil(lambda: bool(tray.messages), timeout=3000)
    assert tray.messages == [("Seoul 2050", "Jay — Starlight", EXPIRE_MS)]
    assert not desktop.available
    notifier.track_started(Track(Path("/m/b.flac"), title="B", artist="AC&DC"))
    assert tray.messages[-1] == ("B", "AC&DC", EXPIRE_MS)  # straight to the tray, unescaped


def test_desktop_notifications_only_where_freedesktop_is(
    client: QDBusConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(desktop_notifications(client), FreedesktopNotifications)
    assert desktop_notifications(QDBusConnection("starlight-test-never-connected")) is None
    monkeypatch.setattr(sys, "platform", "win32")
    assert desktop_notifications(client) is None
