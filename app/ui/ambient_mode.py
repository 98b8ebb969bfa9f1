"""Ambient mode (F): the night sky full screen, with the record's label turning under it.

The window itself goes full screen and shows the ambient view in place of the workbench, so
every key (Space, N, the media keys) keeps working. Esc, F or a double-click leaves, back to
the window's size before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QStackedWidget

from app.core.playback import PlaybackState
from app.ui.ambient import AmbientView
from app.ui.i18n import app_name

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class AmbientMode(QObject):
    """Swap the window's workbench for the ambient view, and back."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view = AmbientView(window.theme)
        self.view.setAccessibleName(self.tr("Ambient sky"))
        self.stack = QStackedWidget(window)
        self.stack.addWidget(window.workbench)
        self.stack.addWidget(self.view)
        window.setCentralWidget(self.stack)
        self.view.exit_requested.connect(self.leave)
        self._was_maximised = False
        self._was_full_screen = False
        self._shown_label: object = None
        self._normal_geometry = window.geometry()

    @property
    def active(self) -> bool:
        """Whether the ambient view is showing."""
        return self.stack.currentWidget() is self.view

    def toggle(self) -> None:
        """Enter ambient mode, or leave it."""
        self.leave() if self.active else self.enter()

    def enter(self) -> None:
        """Show the sky full screen with what is playing."""
        if self.active:
            return
        w = self.window
        self._was_maximised = w.isMaximized()
        self._was_full_screen = w.isFullScreen()
        self.show_now_playing()
        self._normal_geometry = w.geometry()
        self.stack.setCurrentWidget(self.view)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        w.showFullScreen()
        screen = w.screen()
        if screen is not None and w.geometry() != screen.geometry():
            w.setGeometry(screen.geometry())  # no window manager to do it (a bare X server)

    def leave(self) -> None:
        """Go back to the workbench at the window's size before."""
        if not self.active:
            return
        w = self.window
        self.stack.setCurrentWidget(w.workbench)
        if not self._was_full_screen:
            if self._was_maximised:
                w.showMaximized()
            else:
                w.showNormal()
                w.setGeometry(self._normal_geometry)
        w.deck.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_now_playing(self) -> None:
        """Put the current track's title, artist and label on the view."""
        w = self.window
        track = w.session.queue.current or w.engine.current_track
        title = track.display_title if track is not None else app_name()
        artist = track.artist or track.record_artist if track is not None else ""
        self._shown_label = w.deck.label_picture
        self.view.set_now_playing(title, artist, w.deck.label_picture)
        self.view.set_playing(w.engine.state is PlaybackState.PLAYING)

    def follow(self, angle_deg: float) -> None:
        """Turn the label with the platter and move the ring with the music (each frame)."""
        w = self.window
        if w.deck.label_picture is not self._shown_label:  # the cover arrived
            self.show_now_playing()
        self.view.set_playing(w.engine.state is PlaybackState.PLAYING)
        track = w.engine.current_track
        duration = track.duration_s if track is not None else None
        self.view.set_label_angle(angle_deg)
        self.view.set_progress(w.engine.position_s, duration)
