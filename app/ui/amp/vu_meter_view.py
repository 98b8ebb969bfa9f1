"""One analog level meter of the amplifier: a backlit dial behind glass, its needle, a lamp.

A pure view: the caller gives it a level that already has the meter's ballistics
(:meth:`VuMeterView.set_level`) and the view only draws it. The dial is cached
(:mod:`~app.ui.amp.dial_painter`); a frame costs a blit, three strokes and a second blit, and
only a needle move big enough to see asks for one.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from app.ui.amp.dial_geometry import dial_geometry
from app.ui.amp.dial_painter import DialLayers, draw_needle, needle_pens, render_dial
from app.ui.amp.layer_cache import LayerCache, painter_ratio
from app.ui.amp.meter_dial import needle_angle_deg
from app.ui.i18n import fill
from app.ui.theme import Theme
from app.visual.meter_scale import MeterMode

CHANNELS = {"L": "Left", "R": "Right"}
VISIBLE_TURN_DEG = 0.01  # a smaller move of the needle is not worth a frame


class VuMeterView(QWidget):
    """A channel's analog meter: VU (cream dial) or BBC PPM (black dial), and a peak lamp.

    ``clicked`` is emitted on a left click; the amplifier panel toggles VU/PPM on it.
    """

    clicked = Signal()

    def __init__(self, theme: Theme, channel: str, parent: QWidget | None = None) -> None:
        if channel not in CHANNELS:
            raise ValueError(f"A meter's channel is 'L' or 'R', not {channel!r}")
        super().__init__(parent)
        self._theme = theme
        self._channel = channel
        self._mode = MeterMode.VU
        self._level_dbfs = -math.inf
        self._angle_deg = needle_angle_deg(-math.inf, self._mode)
        self._lamp_lit = False
        self._layers: LayerCache[DialLayers] = LayerCache()
        self._pens: tuple[tuple[object, ...], tuple[QPen, QPen, QPen]] | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumSize(48, 32)
        self.setAccessibleName(
            self.tr("Left channel level meter")
            if channel == "L"
            else self.tr("Right channel level meter")
        )
        self._describe()

    # ------------------------------------------------------------------ state
    @property
    def channel(self) -> str:
        """The channel shown: "L" or "R"."""
        return self._channel

    @property
    def mode(self) -> MeterMode:
        """The dial shown: VU or PPM."""
        return self._mode

    @property
    def level_dbfs(self) -> float:
        """The last level given, in dBFS."""
        return self._level_dbfs

    @property
    def angle_deg(self) -> float:
        """Where the needle points, degrees from straight up (clockwise)."""
        return self._angle_deg

    @property
    def peak_lamp(self) -> bool:
        """Whether the peak lamp is lit."""
        return self._lamp_lit

    @property
    def layer_renders(self) -> int:
        """How many times the dial's layers have been rendered (for tests and benchmarks)."""
        return self._layers.renders

    def sizeHint(self) -> QSize:
        """Return a meter window's natural size."""
        return QSize(156, 101)

    # ------------------------------------------------------------------ the caller's API
    def set_level(self, level_dbfs: float) -> None:
        """Move the needle to ``level_dbfs`` (ballistics already applied; clamped to the pins)."""
        self._level_dbfs = float(level_dbfs)
        angle = needle_angle_deg(self._level_dbfs, self._mode)
        if abs(angle - self._angle_deg) >= VISIBLE_TURN_DEG:
            self._angle_deg = angle
            self.update()

    def set_peak_lamp(self, lit: bool) -> None:
        """Light or darken the red peak lamp."""
        if lit != self._lamp_lit:
            self._lamp_lit = lit
            self.update()

    def set_mode(self, mode: MeterMode) -> None:
        """Show the VU dial or the BBC PPM dial; the needle re-reads the last level."""
        if mode is self._mode:
            return
        self._mode = mode
        self._angle_deg = needle_angle_deg(self._level_dbfs, mode)
        self._describe()
        self.update()

    def set_theme(self, theme: Theme) -> None:
        """Repaint in ``theme`` (the dial's layers are rendered again)."""
        self._theme = theme
        self._layers.clear()
        self.update()

    # ------------------------------------------------------------------ Qt
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Report a left click inside the meter."""
        if event.button() is Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Take the press, so its release comes here."""
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Blit the dial, stroke the needle, light the lamp, and lay the glass over them."""
        painter = QPainter(self)
        layers = self._current_layers(painter_ratio(painter, self.devicePixelRatioF()))
        painter.drawPixmap(0, 0, layers.face)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw_needle(painter, layers.geometry, self._angle_deg, self._needle_pens(layers))
        if self._lamp_lit:
            lamp = layers.lamp
            half = lamp.width() / lamp.devicePixelRatio() / 2
            painter.drawPixmap(layers.geometry.lamp - QPointF(half, half), lamp)
        painter.drawPixmap(0, 0, layers.overlay)
        painter.end()

    # ------------------------------------------------------------------ helpers
    def _current_layers(self, dpr: float) -> DialLayers:
        width, height = max(1, self.width()), max(1, self.height())
        key = (width, height, dpr, self._theme.name, self._mode)

        def make() -> DialLayers:
            geo = dial_geometry(width, height)
            return render_dial(self._theme, self._mode, self._channel, geo, dpr)

        return self._layers.get(key, make)

    def _needle_pens(self, layers: DialLayers) -> tuple[QPen, QPen, QPen]:
        key = (self._theme.name, self._mode, layers.geometry.height)
        if self._pens is None or self._pens[0] != key:
            self._pens = (key, needle_pens(self._theme, self._mode, layers.geometry))
        return self._pens[1]

    def _describe(self) -> None:
        other = "PPM" if self._mode is MeterMode.VU else "VU"
        shown = self._mode.name
        self.setAccessibleDescription(
            fill(self.tr("%1 meter; click to switch to %2"), shown, other)
        )
        tip = (
            self.tr("Left channel, %1: click for %2")
            if self._channel == "L"
            else self.tr("Right channel, %1: click for %2")
        )
        self.setToolTip(fill(tip, shown, other))
