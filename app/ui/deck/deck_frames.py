"""The deck's frames: a timer that runs only while something moves and the deck is on screen.

A precise timer at the screen's refresh rate advances the motions by the seconds that really
passed, and repaints only what moved (the platter's disc, and the arm if it moved). It stops
when nothing moves, when the deck is hidden, or when its window is minimised or covered, and
starts again as the window is exposed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPointF, QRect, QTimer, SignalInstance
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from app.ui.deck import deck_painter as art
from app.ui.deck import tonearm_painter as arm_art
from app.ui.deck.deck_geometry import DeckGeometry
from app.visual.platter import DeckMotion

if TYPE_CHECKING:
    _Widget = QWidget
else:
    _Widget = object  # a mixin: the view it is mixed into is the widget


class DeckFrames(_Widget):
    """The frame timer and the watching of the deck's window, mixed into the deck's view.

    The view makes the state below in its constructor and connects ``_timer`` to
    :meth:`_on_frame`; its :meth:`advance` moves the motions on.
    """

    _motion: DeckMotion
    _geo: DeckGeometry
    _paint_geo: DeckGeometry
    _hover: QPointF | None
    _timer: QTimer
    _clock: QElapsedTimer
    _watched: QWidget | None
    _watched_handle: QObject | None
    frame_shown: SignalInstance

    if TYPE_CHECKING:

        def advance(self, dt_s: float) -> None:
            """Move every motion on by ``dt_s`` seconds."""

    def _shown(self) -> bool:
        """Whether the deck is shown and its window not minimised."""
        return self.isVisible() and not self.window().isMinimized()

    def _exposed(self) -> bool:
        """Whether the window is on screen (an unmapped or covered window is not)."""
        handle = self.window().windowHandle()
        return handle is None or handle.isExposed()

    def _ensure_timer(self) -> None:
        # Exposure is checked frame by frame: a window just shown is exposed a moment later.
        if self._motion.moving and self._shown():
            if not self._timer.isActive():
                screen = self.screen()
                rate = screen.refreshRate() if screen is not None else 60.0
                self._timer.start(max(4, round(1000.0 / (rate if rate >= 20 else 60.0))))
                self._clock.start()
        elif self._timer.isActive():
            self._timer.stop()

    def _on_frame(self) -> None:
        dt_s = self._clock.nsecsElapsed() / 1e9
        self._clock.restart()
        before = self._arm_rect()
        self.advance(min(dt_s, 0.25))
        self._update_frame(before)
        if not self._motion.moving or not self._shown() or not self._exposed():
            self._timer.stop()  # an Expose event on the window starts it again
        self.frame_shown.emit()  # others may draw in the same pass (one flush a frame)

    def _arm_rect(self) -> QRect:
        arm = self._motion.arm.swing_deg, self._motion.lift.height
        return arm_art.arm_rect(self._paint_geo, *arm)

    def _update_frame(self, arm_before: QRect) -> None:
        """Repaint only what moved: the platter's disc, and the arm if it moved."""
        motion = self._motion
        busy = motion.flip.active or motion.carried or self._hover is not None
        if busy or self._paint_geo != self._geo:
            self.update()
            return
        region = art.platter_region(self._geo)
        arm_now = self._arm_rect()
        if arm_now != arm_before:
            region += arm_before.united(arm_now)
        self.update(region)

    def showEvent(self, event: QShowEvent) -> None:
        """Watch the window for minimising, and animate again if something moves."""
        super().showEvent(event)
        window = self.window()
        if window is not self._watched:
            if self._watched is not None:
                self._watched.removeEventFilter(self)
            if window is not self:
                window.installEventFilter(self)
            self._watched = window
        handle = window.windowHandle()
        if handle is not None and handle is not self._watched_handle:
            handle.installEventFilter(self)  # Expose events: unmapped, covered, shown again
            self._watched_handle = handle
        self._ensure_timer()

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop the frame timer while hidden."""
        super().hideEvent(event)
        self._timer.stop()

    def changeEvent(self, event: QEvent) -> None:
        """Stop animating while minimised (when the deck is a window itself)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            self._ensure_timer()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the window's minimising."""
        if watched is self._watched and event.type() == QEvent.Type.WindowStateChange:
            self._ensure_timer()
        elif watched is self._watched_handle and event.type() == QEvent.Type.Expose:
            QTimer.singleShot(0, self, self._ensure_timer)  # once the window knows its exposure
        return super().eventFilter(watched, event)
