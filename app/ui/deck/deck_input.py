"""The deck under the pointer: the arm picked up and carried, clicks on the bands, drops.

Dropping the needle, by letting go of the arm or clicking a track's band, is reported as
``needle_dropped``; tracks or music files dragged onto the deck as ``tracks_dropped`` or
``paths_dropped``. While they are dragged over it, the platter is ringed in lamp light.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, Qt, SignalInstance
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QWidget

from app.ui.deck import tonearm_painter as arm_art
from app.ui.deck.deck_controls import DeckControls
from app.ui.deck.deck_geometry import DeckGeometry
from app.ui.track_mime import accepts, dragged_tracks, dropped_paths
from app.visual.platter import DeckMotion

if TYPE_CHECKING:
    _Widget = QWidget
else:
    _Widget = object  # a mixin: the view it is mixed into is the widget

CLICK_SLOP_PX = 6.0


class DeckInput(_Widget):
    """The deck's mouse and drag-and-drop handling, mixed into the deck's view.

    The view makes the state below in its constructor and declares the signals.
    """

    needle_dropped: SignalInstance
    tracks_dropped: SignalInstance
    paths_dropped: SignalInstance
    controls: DeckControls
    _motion: DeckMotion
    _geo: DeckGeometry
    _press: QPointF | None
    _hover: QPointF | None
    _drop_hover: bool

    if TYPE_CHECKING:

        def _ensure_timer(self) -> None: ...

    # ---------------------------------------------------------------- mouse
    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Pick up the arm, or note a press on the record's bands."""
        motion, point = self._motion, event.position()
        if event.button() != Qt.MouseButton.LeftButton or motion.flip.active:
            return
        if arm_art.arm_hit(self._geo, motion.arm.swing_deg, point):
            motion.pick_up(self._geo.swing_towards(point))
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            self._ensure_timer()
        elif motion.place_under(self._geo.radius_mm_at(point)) is not None:
            self._press = point

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Carry the arm, or show which track and time lie under the cursor."""
        point, motion = event.position(), self._motion
        if motion.carried:
            motion.carry_to(self._geo.swing_towards(point))
        else:
            over_record = motion.place_under(self._geo.radius_mm_at(point)) is not None
            on_arm = arm_art.arm_hit(self._geo, motion.arm.swing_deg, point)
            self._hover = point if over_record and not on_arm else None
            shape = Qt.CursorShape
            cursor = shape.OpenHandCursor if on_arm else shape.PointingHandCursor
            self.setCursor(cursor if on_arm or over_record else shape.ArrowCursor)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Drop the needle where the arm was let go, or where a band was clicked."""
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point, place = event.position(), None
        if self._motion.carried:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            place = self._motion.put_down()
            if place is not None:
                self.controls.cue.set_raised(False)
        elif self._press is not None:
            moved, self._press = point - self._press, None
            if math.hypot(moved.x(), moved.y()) <= CLICK_SLOP_PX:
                place = self._motion.place_under(self._geo.radius_mm_at(point))
        if place is not None:
            self.needle_dropped.emit(place.track, place.position_s)
        self._ensure_timer()
        self.update()

    def leaveEvent(self, event: QEvent) -> None:
        """Forget the hover highlight."""
        self._hover = None
        self.update()
        super().leaveEvent(event)

    # ---------------------------------------------------------------- drops
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Welcome tracks and music files."""
        if accepts(event.mimeData()):
            event.acceptProposedAction()
            self._drop_hover = True
            self.update()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Keep welcoming them while they move over the deck."""
        if accepts(event.mimeData()):
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QEvent) -> None:
        """Put the welcome ring away."""
        self._drop_hover = False
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        """Hand dropped tracks or files to the controller."""
        self._drop_hover = False
        self.update()
        mime = event.mimeData()
        tracks = dragged_tracks(mime)
        paths = [] if tracks else dropped_paths(mime)
        if tracks or paths:
            event.acceptProposedAction()
        if tracks:
            self.tracks_dropped.emit(tracks)
        elif paths:
            self.paths_dropped.emit(paths)
