"""The app's presence on the desktop beyond its window: the tray icon and track notifications.

Started by the composition root once the window and the now-playing services are up. Both
only listen: the tray drives the engine the way the keys do, and the notifier announces each
new track (off by default; see :class:`~app.platform.notifications.TrackNotifier`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from app.platform.notifications import SnapshotCovers, TrackNotifier, desktop_notifications
from app.ui.app_icon import app_icon
from app.ui.tray import Tray

if TYPE_CHECKING:
    from app.audio.engine import Engine
    from app.platform.now_playing import NowPlayingServices
    from app.ui.main_window import MainWindow
    from app.ui.player_session import PlayerSession
    from app.ui.settings import Settings

__all__ = ["start_tray_and_notifications"]


def start_tray_and_notifications(
    window: MainWindow,
    engine: Engine,
    session: PlayerSession,
    settings: Settings,
    now_playing: NowPlayingServices,
) -> Tray:
    """Put the tray icon up (where the desktop has a tray) and announce new tracks if asked.

    The window asks the returned tray, on close, whether to hide instead of quitting; the app
    quits through the window (or the tray's Quit), never because its last window closed.
    """
    app = QApplication.instance()
    QApplication.setQuitOnLastWindowClosed(False)
    tray = Tray(window, engine, lambda: session.queue.current or engine.current_track, app_icon())
    window.tray = tray
    bridge = window.controller.bridge
    bridge.state_changed.connect(lambda _state: tray.refresh())
    window.windowTitleChanged.connect(lambda _title: tray.refresh())
    if app is not None:
        app.aboutToQuit.connect(tray.hide_icon)
    covers = SnapshotCovers(now_playing.source, window)
    notifier = TrackNotifier(
        settings, window, covers, desktop_notifications(), tray.icon, parent=window
    )
    bridge.track_started.connect(lambda _index, track: notifier.track_started(track))
    return tray
