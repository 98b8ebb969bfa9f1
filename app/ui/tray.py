"""The tray icon: the turntable's remote when the window is out of sight.

Where the desktop has a tray (``QSystemTrayIcon.isSystemTrayAvailable()``), an icon sits there
with a menu: Play or Pause (the label follows the state), Next, Previous, Show or Hide window,
and Quit. Its tooltip says what is playing ("Title — Artist", noted when paused), or the app's
name when nothing is. A click shows or hides the window; a middle click plays or pauses.

Closing the window hides it in the tray only when the user chose that (``close_to_tray``, off
by default) and the tray really is there; otherwise closing quits, as always
(:func:`hides_on_close`, asked by the window's ``closeEvent``).

The menu and the tooltip exist even without a tray, so they can be tested anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from app.core.playback import PlaybackState
from app.core.track import Track
from app.ui.i18n import app_name, fill
from app.ui.settings import Settings

__all__ = ["Tray", "hides_on_close", "play_pause_label", "tray_tooltip"]

_HIDDEN_MESSAGE_MS = 4000


class _Engine(Protocol):
    """What the tray needs of the engine."""

    @property
    def state(self) -> PlaybackState: ...

    def toggle(self) -> None: ...

    def next(self) -> None: ...

    def previous(self) -> None: ...


def play_pause_label(state: PlaybackState) -> str:
    """Return the menu's first entry: Pause while playing, Play otherwise."""
    if state is PlaybackState.PLAYING:
        return QCoreApplication.translate("Tray", "&Pause")
    return QCoreApplication.translate("Tray", "&Play")


def tray_tooltip(state: PlaybackState, track: Track | None) -> str:
    """Return what the tray's tooltip says: the track playing or paused, or the app's name."""
    if track is None or state is PlaybackState.STOPPED:
        return app_name()
    artist = track.artist or track.album_artist
    playing = track.display_title
    if artist:
        playing = fill(QCoreApplication.translate("Tray", "%1 — %2"), playing, artist)
    if state is PlaybackState.PAUSED:
        return fill(QCoreApplication.translate("Tray", "%1 (paused)"), playing)
    return playing


def hides_on_close(settings: Settings, tray: Tray | None) -> bool:
    """Return whether closing the window should hide it in the tray instead of quitting."""
    return settings.close_to_tray and tray is not None and tray.shown


class Tray(QObject):
    """The tray icon and its menu, following the engine and the window.

    Parameters
    ----------
    window
        The window to show and hide.
    engine
        Played, paused and skipped from the menu.
    now_playing
        Returns the track to name in the tooltip (the queue's current one, usually).
    icon
        The tray's picture; the window's icon when null.
    available
        Whether to put an icon in the tray; ``QSystemTrayIcon.isSystemTrayAvailable()`` when
        not given. Without one the menu and the tooltip are still kept up to date.
    quit_app
        Called by Quit; ``QCoreApplication.quit`` by default.

    Call :meth:`refresh` when the state or the track changes (the composition root connects
    the engine bridge's signals and the window's title to it).

    """

    def __init__(
        self,
        window: QWidget,
        engine: _Engine,
        now_playing: Callable[[], Track | None],
        icon: QIcon | None = None,
        available: bool | None = None,
        quit_app: Callable[[], None] = QCoreApplication.quit,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.engine = engine
        self._now_playing = now_playing
        self._said_hidden = False
        self._tooltip = app_name()
        self.menu = QMenu(window)
        self.menu.setObjectName("trayMenu")
        self.play_pause_action = self._action(play_pause_label(engine.state), engine.toggle)
        self.next_action = self._action(self.tr("&Next"), engine.next)
        self.previous_action = self._action(self.tr("P&revious"), engine.previous)
        self.menu.addSeparator()
        self.show_hide_action = self._action(self.tr("&Hide window"), self.toggle_window)
        self.menu.addSeparator()
        self.quit_action = self._action(self.tr("&Quit"), quit_app)
        self.menu.aboutToShow.connect(self.refresh)
        if available is None:
            available = QSystemTrayIcon.isSystemTrayAvailable()
        self.icon: QSystemTrayIcon | None = None
        if available:
            self.icon = QSystemTrayIcon(self._picture(icon), self)
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._on_activated)
            self.icon.show()
        self.refresh()

    def _action(self, text: str, slot: Callable[[], None]) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _picture(self, icon: QIcon | None) -> QIcon:
        if icon is not None and not icon.isNull():
            return icon
        return self.window.windowIcon()

    # ---------------------------------------------------------------- public
    @property
    def shown(self) -> bool:
        """Whether an icon is in the tray now."""
        return self.icon is not None and self.icon.isVisible()

    @property
    def tooltip(self) -> str:
        """The tooltip's text (kept even without a tray)."""
        return self._tooltip

    def refresh(self) -> None:
        """Bring the menu labels and the tooltip up to date with the engine and the window."""
        state = self.engine.state
        self.play_pause_action.setText(play_pause_label(state))
        in_view = self._window_in_view()
        self.show_hide_action.setText(
            self.tr("&Hide window") if in_view else self.tr("&Show window")
        )
        self._tooltip = tray_tooltip(state, self._now_playing())
        if self.icon is not None:
            self.icon.setToolTip(self._tooltip)

    def toggle_window(self) -> None:
        """Hide the window when it is in view, otherwise bring it back to the front."""
        if self._window_in_view():
            self.window.hide()
        else:
            self.show_window()
        self.refresh()

    def show_window(self) -> None:
        """Bring the window back, restored from minimised, raised and active."""
        window = self.window
        if window.isMinimized():
            window.showNormal()
        else:
            window.show()
        window.raise_()
        window.activateWindow()

    def note_hidden(self) -> None:
        """Say once a session, from the tray, that the music goes on with the window closed."""
        self.refresh()
        if self._said_hidden or self.icon is None:
            return
        self._said_hidden = True
        self.icon.showMessage(
            app_name(),
            self.tr("Still playing here in the tray. Choose Quit from this menu to stop."),
            self._picture(None),
            _HIDDEN_MESSAGE_MS,
        )

    def hide_icon(self) -> None:
        """Take the icon out of the tray (before the app quits)."""
        if self.icon is not None:
            self.icon.hide()

    # ---------------------------------------------------------------- reactions
    def _window_in_view(self) -> bool:
        return self.window.isVisible() and not self.window.isMinimized()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_window()
        elif reason is QSystemTrayIcon.ActivationReason.MiddleClick:
            self.engine.toggle()
