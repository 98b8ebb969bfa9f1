"""The turntable on the workbench: a record turning at true speed, an arm you can lift and drop.

:class:`DeckView` orchestrates. Motion lives in :class:`~app.visual.platter.DeckMotion` (pure,
advanced with the seconds that really passed), drawing in :mod:`~app.ui.deck.deck_painter`,
:mod:`~app.ui.deck.strobe_painter`, :mod:`~app.ui.deck.tonearm_painter` and
:mod:`~app.ui.deck.needle_focus`, the cached pictures in :mod:`~app.ui.deck.deck_pictures`,
the plinth's keys and fader in :mod:`~app.ui.deck.deck_controls`. A precise timer at the
screen's refresh rate runs only while something moves, and stops when the deck is hidden or
its window minimised (:mod:`~app.ui.deck.deck_frames`); the mouse and drops are handled in
:mod:`~app.ui.deck.deck_input`. While the widget is being resized the cached layers are
drawn scaled, and made again once the size settles. The deck paints the plinth and
everything on it; round the plinth the widget is transparent, so the workbench it stands on
shows through.

The controller owns the truth (what plays, where, how fast); the deck shows it, polls the
position source once a frame, and reports the user's gestures as signals.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QResizeEvent, QTransform
from PySide6.QtWidgets import QWidget

from app.ui.deck import deck_painter as art
from app.ui.deck.arm_pose import PosedArm
from app.ui.deck.deck_controls import DeckControls
from app.ui.deck.deck_frames import DeckFrames
from app.ui.deck.deck_geometry import DeckGeometry
from app.ui.deck.deck_input import DeckInput
from app.ui.deck.deck_pictures import DeckPictures
from app.ui.deck.needle_focus import draw_bubble, draw_needle_focus
from app.ui.deck.strobe_painter import draw_strobe
from app.ui.theme import Theme
from app.ui.time_text import format_clock
from app.visual.deck import ARM_LENGTH_MM, radius_for_swing
from app.visual.deck_side import DeckSide
from app.visual.groove_map import GrooveMap
from app.visual.platter import DeckMotion, PositionSource, StrobeRow

SETTLE_MS = 160  # a resize this long still re-renders the cached layers


BenchPainter = Callable[[QWidget, QPainter, QRect], bool]


class DeckView(DeckInput, DeckFrames, QWidget):
    """The turntable: platter, record, strobe, tonearm and the plinth's controls.

    Signals report gestures and the controller answers through the setters.
    ``needle_dropped`` carries the track's index within the side on the platter and the time
    into it; ``tracks_dropped`` a tuple of tracks, ``paths_dropped`` a list of paths.
    """

    needle_dropped = Signal(int, float)
    start_stop_clicked = Signal()
    speed_chosen = Signal(float)
    pitch_changed = Signal(float)
    pitch_range_changed = Signal(float)
    cue_clicked = Signal()
    flip_clicked = Signal()
    tracks_dropped = Signal(object)
    paths_dropped = Signal(object)
    frame_shown = Signal()  # after each frame of the deck's own timer

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._side: DeckSide | None = None
        self._pending: tuple[DeckSide, QImage | None, GrooveMap | None] | None = None
        self._motion = DeckMotion()
        self._pictures = DeckPictures(theme)
        self._bench: BenchPainter | None = None
        self._geo = DeckGeometry.fit(max(1, self.width()), max(1, self.height()))
        self._paint_geo = self._geo  # the geometry the cached layers are drawn for
        self._painted = False  # until the first paint, a resize needs no settling
        self._press: QPointF | None = None
        self._hover: QPointF | None = None
        self._drop_hover = False
        self._watched: QWidget | None = None
        self._watched_handle: QObject | None = None
        self._posed_arm = PosedArm()
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_frame)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._on_size_settled)
        self.controls = DeckControls(theme, self)
        self._connect_controls()
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setMinimumSize(360, 290)
        self.setAccessibleName(self.tr("Turntable"))

    def _connect_controls(self) -> None:
        controls = self.controls
        controls.start_stop.clicked.connect(self.start_stop_clicked)
        controls.speed_chosen.connect(self.speed_chosen)
        controls.pitch.pitch_changed.connect(self._on_pitch_moved)
        controls.range_changed.connect(self.pitch_range_changed)
        controls.cue.clicked.connect(self.cue_clicked)
        controls.flip.clicked.connect(self.flip_clicked)

    def _on_pitch_moved(self, pitch: float) -> None:
        self._motion.platter.pitch = pitch
        self.pitch_changed.emit(pitch)

    # ---------------------------------------------------------------- the controller's API
    def set_theme(self, theme: Theme) -> None:
        """Repaint the deck in ``theme``."""
        self._theme = theme
        self._pictures.set_theme(theme)
        self.controls.set_theme(theme)
        self.update()

    def set_side(self, side: DeckSide | None, label: QImage | None) -> None:
        """Put ``side`` on the platter (None: the bare platter and its mat)."""
        self._motion.flip.progress = 1.0
        self._pending = None
        if side is not None and side == self._side:
            if label is not None:
                self.set_label_image(label)
            return
        self._show_side(side, label, None)
        self._motion.aim_arm()
        self._motion.arm.jump_to(self._motion.arm.target_deg)
        self._ensure_timer()

    def _show_side(
        self, side: DeckSide | None, label: QImage | None, groove: GrooveMap | None
    ) -> None:
        self._side = side
        self._motion.layout = side.layout if side is not None else None
        self._pictures.set_side(side, label)
        self._pictures.set_groove(groove)
        self.controls.flip.setEnabled(side is not None)
        self.update()

    @property
    def label_picture(self) -> QImage | None:
        """The picture on the side's label (None: a printed label)."""
        return self._pictures.cover

    def set_label_image(self, label: QImage | None) -> None:
        """Show the cover on the label now that it has arrived (None: a printed label)."""
        if self._pending is not None:
            self._pending = (self._pending[0], label, self._pending[2])
            return
        self._pictures.set_label(label)
        self.update()

    def set_groove_map(self, groove: GrooveMap | None) -> None:
        """Cut the grooves from the music (None: a plain record); during a flip, the new side's."""
        if self._pending is not None:
            self._pending = (self._pending[0], self._pending[1], groove)
            return
        self._pictures.set_groove(groove)
        self.update()

    def set_position_source(self, source: PositionSource) -> None:
        """Poll ``source`` every frame: (track index, position_s) or None for an arm at rest."""
        self._motion.source = source
        self.refresh()

    def set_motor_running(self, running: bool) -> None:
        """Switch the platter's motor on or off (it spins up or brakes, as set)."""
        self._motion.platter.set_running(running)
        self.controls.start_stop.set_lit(running)
        self._ensure_timer()

    def set_authentic_motor(self, authentic: bool) -> None:
        """Spin up and brake like an SL-1200 (True), or start and stop at once."""
        self._motion.platter.set_authentic(authentic)
        self._ensure_timer()

    def set_speed(self, rpm: float) -> None:
        """Turn at ``rpm`` (33 1/3, 45 or 78) times the pitch."""
        self._motion.platter.rpm = rpm
        self.controls.show_speed(rpm)

    def set_pitch(self, pitch: float) -> None:
        """Set the pitch (a fraction, 0.05 for +5 %) and move the fader there."""
        self._motion.platter.pitch = pitch
        self.controls.pitch.set_pitch(pitch)

    def set_pitch_range(self, reach: float) -> None:
        """Set the fader's reach, 0.08 or 0.16 (a pitch beyond it is clamped and announced)."""
        self.controls.show_range(reach)

    def set_mains_hz(self, hz: int) -> None:
        """Count the strobe's dots for 50 or 60 Hz mains lamps."""
        self._motion.strobe.set_mains_hz(hz)
        self.update()

    def set_arm_lowered(self, lowered: bool) -> None:
        """Lower the arm onto the record or raise it, on the cue's damped lift."""
        self._motion.lift.set_lowered(lowered)
        self.controls.cue.set_raised(not lowered)
        self._ensure_timer()

    def set_run_out(self, riding: bool) -> None:
        """Let the arm ride the lock groove (True), or follow the position source again."""
        self._motion.run_out = riding
        self.refresh()

    def flip_to(self, side: DeckSide, label: QImage | None) -> None:
        """Turn the record over (lift, flip edge-on, lower), then show ``side``."""
        if self._side is None:
            self.set_side(side, label)
            return
        self._pending = (side, label, None)
        self._motion.flip.start()
        self._ensure_timer()

    def refresh(self) -> None:
        """Read the position source once more (for changes while nothing moves)."""
        self._motion.aim_arm()
        self._ensure_timer()
        self.update()

    # ---------------------------------------------------------------- read-only state
    @property
    def platter_angle_deg(self) -> float:
        """The platter's angle now, degrees clockwise."""
        return self._motion.platter.angle_deg

    @property
    def platter_speed_factor(self) -> float:
        """The platter's speed as a fraction of the set speed."""
        return self._motion.platter.speed_factor

    @property
    def arm_swing_deg(self) -> float:
        """The arm's swing from the pivot-spindle line, as drawn now."""
        return self._motion.arm.swing_deg

    @property
    def arm_height(self) -> float:
        """How far the cue has lifted the arm: 0 in the groove .. 1 raised."""
        return self._motion.lift.height

    @property
    def is_animating(self) -> bool:
        """Whether the frame timer runs."""
        return self._timer.isActive()

    @property
    def side(self) -> DeckSide | None:
        """The side on the platter."""
        return self._side

    @property
    def groove_map(self) -> GrooveMap | None:
        """The groove map the record is drawn from (None: a plain record)."""
        return self._pictures.groove

    @property
    def strobe_rows(self) -> tuple[StrobeRow, ...]:
        """The strobe's dot rings as drawn now."""
        return self._motion.strobe.rows

    @property
    def geometry_mm(self) -> DeckGeometry:
        """The millimetre-to-pixel mapping used for hit-testing (and drawing, once settled)."""
        return self._geo

    @property
    def hover_text(self) -> str:
        """The track and time under the cursor or the carried stylus ("" when none)."""
        radius = self._focus_radius()
        place = self._motion.place_under(radius) if radius is not None else None
        if place is None or self._side is None:
            return ""
        title = self._side.tracks[place.track].display_title
        return f"{place.track + 1} · {title} — {format_clock(place.position_s)}"

    # ---------------------------------------------------------------- frames
    def advance(self, dt_s: float) -> None:
        """Move every motion on by ``dt_s`` seconds (what the frame timer does each frame)."""
        self._motion.advance(dt_s)
        if self._pending is not None and self._motion.flip.pose.shows_new_side:
            side, label, groove = self._pending
            self._pending = None
            self._show_side(side, label, groove)

    # ---------------------------------------------------------------- events
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay the deck out for the new size; the cached layers follow once it settles."""
        self._geo = DeckGeometry.fit(max(1, self.width()), max(1, self.height()))
        self.controls.place(self._geo)
        if not self._painted:
            self._paint_geo = self._geo
        else:
            self._settle.start()
        super().resizeEvent(event)

    def _on_size_settled(self) -> None:
        self._paint_geo = self._geo
        self.update()

    # ---------------------------------------------------------------- painting
    def set_bench(self, bench: BenchPainter | None) -> None:
        """Paint the bench under the deck with ``bench(widget, painter, rect)`` (opaquely).

        A frame then repaints only the deck, not the workbench behind it as well.
        """
        self._bench = bench
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, bench is not None)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Blit the static layer, then draw what moves: mat lettering, dots, label, arm."""
        painter = QPainter(self)
        geo, dpr, motion = self._paint_geo, self.devicePixelRatioF(), self._motion
        self._paint_bench(painter, event)
        layer = self._pictures.layer(geo, dpr, not motion.flip.active)
        if geo != self._geo:  # resizing: draw the old layers scaled until the size settles
            painter.setTransform(self._settling_transform())
            painter.drawPixmap(0, 0, layer)
        else:
            art.draw_layer(painter, geo, layer, self.rect())
        self._painted = True
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        angle = motion.platter.angle_deg
        if self._side is None or motion.flip.active or self._side.size.value < 12:
            art.draw_turning(painter, geo.spindle, self._pictures.mat_logo(geo, dpr), angle)
        draw_strobe(painter, geo, motion.strobe.rows, self._pictures.strobe_pens(geo))
        if self._side is None or motion.flip.active:  # a turning label is drawn over it
            art.draw_spindle(painter, geo)
        if self._side is not None:
            label = self._pictures.label(geo, dpr)
            if motion.flip.active:
                vinyl = self._pictures.vinyl(geo, dpr)
                disc = self._side.layout.disc
                art.draw_flipping_record(painter, geo, disc, vinyl, label, motion.flip.pose)
            else:
                art.draw_turning(painter, geo.spindle, label, angle)
                art.draw_spindle(painter, geo)
        self._paint_needle_focus(painter, geo)
        sprites = self._pictures.arm(geo, dpr)
        self._posed_arm.draw(painter, geo, motion.arm.swing_deg, motion.lift.height, sprites)
        if self._drop_hover:
            art.draw_drop_welcome(painter, geo, self._theme)
        self._paint_bubble(painter)

    def _paint_bench(self, painter: QPainter, event: QPaintEvent) -> None:
        """Paint the bench where the static layer does not cover it opaquely."""
        uncovered = event.region()
        if self._paint_geo == self._geo:
            uncovered = uncovered.subtracted(art.solid_plinth_region(self._geo))
        if uncovered.isEmpty():
            return  # a frame of the turning platter: the plinth covers all of it
        painter.save()
        painter.setClipRegion(uncovered)
        if self._bench is None or not self._bench(self, painter, uncovered.boundingRect()):
            painter.fillRect(uncovered.boundingRect(), self._theme.wood_dark)
        painter.restore()

    def _settling_transform(self) -> QTransform:
        old, new = self._paint_geo, self._geo
        factor = new.scale / old.scale
        transform = QTransform.fromTranslate(new.origin_x, new.origin_y)
        transform.scale(factor, factor)
        transform.translate(-old.origin_x, -old.origin_y)
        return transform

    def _focus_radius(self) -> float | None:
        if self._motion.carried:
            return radius_for_swing(self._motion.arm.swing_deg)
        if self._hover is not None:
            return self._geo.radius_mm_at(self._hover)
        return None

    def _paint_needle_focus(self, painter: QPainter, geo: DeckGeometry) -> None:
        radius = self._focus_radius()
        place = self._motion.place_under(radius) if radius is not None else None
        if place is not None and self._side is not None and radius is not None:
            band = self._side.layout.bands[place.track]
            draw_needle_focus(painter, geo, band, radius, self._theme)

    def _paint_bubble(self, painter: QPainter) -> None:
        text = self.hover_text
        if not text:
            return
        painter.resetTransform()  # the bubble lives in widget pixels, even while resizing
        geo = self._geo
        if self._motion.carried:
            stylus = geo.point(*geo.stylus_mm(self._motion.arm.swing_deg, ARM_LENGTH_MM))
            anchor, prefer_left = stylus, True
        else:
            anchor, prefer_left = self._hover or QPointF(), False
        bounds = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        size = max(11.0, geo.scale * 6.5)
        draw_bubble(painter, anchor, text, self._theme, bounds, size, prefer_left)
