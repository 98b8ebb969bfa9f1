"""Vector icons for the shop's controls, drawn in the theme's ink at any size and pixel ratio.

Every glyph is a :class:`QPainterPath` on a 24-unit grid (a filled part and a stroked part with
round caps), painted through a :class:`QIconEngine`, so an icon is crisp at 16 px, at 48 px and on
a screen with device pixel ratio 2. The colour follows the icon's mode and state: ink when
normal, dimmed when disabled, the highlighted-text colour when selected, and the lamp-warm accent
when a toggle is on (a checked shuffle or repeat button glows amber).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPalette,
    QPen,
    QPixmap,
)

from app.ui.theme import Theme

__all__ = ["ICON_NAMES", "icon"]

_GRID = 24.0  # glyphs are drawn on a 24-unit square
_STROKE = 1.9  # stroke width in grid units
_SOFTEN = 1.1  # pen run around filled shapes so their corners are gently rounded
_CACHE_LIMIT = 48  # pixmaps kept per icon (sizes x modes x states x ratios)


@dataclass
class _Glyph:
    """The two parts of a glyph: shapes to fill and lines to stroke."""

    fill: QPainterPath = field(default_factory=QPainterPath)
    stroke: QPainterPath = field(default_factory=QPainterPath)


def _poly(path: QPainterPath, points: list[tuple[float, float]], closed: bool = False) -> None:
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    if closed:
        path.closeSubpath()


def _arc(
    path: QPainterPath, cx: float, cy: float, r: float, start_deg: float, span_deg: float
) -> None:
    """Add an open arc (Qt angles: counter-clockwise from 3 o'clock) as a new subpath."""
    rect = QRectF(cx - r, cy - r, 2 * r, 2 * r)
    path.arcMoveTo(rect, start_deg)
    path.arcTo(rect, start_deg, span_deg)


def _cross(path: QPainterPath, cx: float, cy: float, half: float) -> None:
    _poly(path, [(cx - half, cy - half), (cx + half, cy + half)])
    _poly(path, [(cx + half, cy - half), (cx - half, cy + half)])


def _arc_end(cx: float, cy: float, r: float, angle_deg: float) -> tuple[float, float]:
    rad = math.radians(angle_deg)
    return cx + r * math.cos(rad), cy - r * math.sin(rad)


def _arrowhead(
    path: QPainterPath, tip: tuple[float, float], heading_deg: float, size: float = 3.2
) -> None:
    """Add a chevron whose point is ``tip``, pointing along ``heading_deg`` (screen degrees)."""
    points = []
    for side in (-1, 1):
        rad = math.radians(heading_deg + 180 + side * 42)
        points.append((tip[0] + size * math.cos(rad), tip[1] + size * math.sin(rad)))
    _poly(path, [points[0], tip, points[1]])


# ------------------------------------------------------------------ transport
def _play(glyph: _Glyph) -> None:
    _poly(glyph.fill, [(7.5, 5), (19.5, 12), (7.5, 19)], closed=True)


def _pause(glyph: _Glyph) -> None:
    glyph.fill.addRoundedRect(QRectF(6, 5, 4, 14), 1, 1)
    glyph.fill.addRoundedRect(QRectF(14, 5, 4, 14), 1, 1)


def _stop(glyph: _Glyph) -> None:
    glyph.fill.addRoundedRect(QRectF(6, 6, 12, 12), 1.5, 1.5)


def _next(glyph: _Glyph) -> None:
    _poly(glyph.fill, [(5.5, 6), (15, 12), (5.5, 18)], closed=True)
    glyph.fill.addRoundedRect(QRectF(16, 6, 2.8, 12), 0.8, 0.8)


def _previous(glyph: _Glyph) -> None:
    _poly(glyph.fill, [(18.5, 6), (9, 12), (18.5, 18)], closed=True)
    glyph.fill.addRoundedRect(QRectF(5.2, 6, 2.8, 12), 0.8, 0.8)


def _speaker(glyph: _Glyph) -> None:
    _poly(
        glyph.fill, [(3.5, 9.5), (7, 9.5), (11.5, 5.5), (11.5, 18.5), (7, 14.5), (3.5, 14.5)], True
    )


def _volume(glyph: _Glyph) -> None:
    _speaker(glyph)
    _arc(glyph.stroke, 12, 12, 4, -45, 90)
    _arc(glyph.stroke, 12, 12, 8, -50, 100)


def _mute(glyph: _Glyph) -> None:
    _speaker(glyph)
    _cross(glyph.stroke, 18, 12, 2.5)


def _shuffle(glyph: _Glyph) -> None:
    path = glyph.stroke
    path.moveTo(3.5, 7.5)
    path.lineTo(7, 7.5)
    path.cubicTo(12, 7.5, 12, 16.5, 17, 16.5)
    path.lineTo(20, 16.5)
    path.moveTo(3.5, 16.5)
    path.lineTo(7, 16.5)
    path.cubicTo(12, 16.5, 12, 7.5, 17, 7.5)
    path.lineTo(20, 7.5)
    _arrowhead(path, (20.5, 7.5), 0)
    _arrowhead(path, (20.5, 16.5), 0)


def _repeat_loop(glyph: _Glyph) -> None:
    path = glyph.stroke
    path.moveTo(4.5, 12)
    path.lineTo(4.5, 10)
    path.quadTo(4.5, 7, 7.5, 7)
    path.lineTo(19.5, 7)
    path.moveTo(19.5, 12)
    path.lineTo(19.5, 14)
    path.quadTo(19.5, 17, 16.5, 17)
    path.lineTo(4.5, 17)
    _arrowhead(path, (19.8, 7), 0)
    _arrowhead(path, (4.2, 17), 180)


def _repeat_one(glyph: _Glyph) -> None:
    _repeat_loop(glyph)
    # A small "1" framed by the loop, drawn thin so it stays legible at 16 px.
    glyph.fill.addPath(_outline([(10.7, 10.9), (12.4, 9.9), (12.4, 14.3)], 1.5))


# ------------------------------------------------------------------ library and files
def _search(glyph: _Glyph) -> None:
    glyph.stroke.addEllipse(QPointF(10.5, 10.5), 6, 6)
    glyph.fill.addPath(_outline([(15.2, 15.2), (20, 20)], 2.8))


def _folder(glyph: _Glyph) -> None:
    _poly(
        glyph.stroke,
        [(3.5, 18.5), (3.5, 5.5), (9, 5.5), (11, 7.5), (20.5, 7.5), (20.5, 18.5)],
        True,
    )
    _poly(glyph.stroke, [(3.5, 10.5), (20.5, 10.5)])


def _open(glyph: _Glyph) -> None:
    _poly(glyph.stroke, [(3.5, 18.5), (3.5, 5.5), (9, 5.5), (11, 7.5), (18, 7.5), (18, 10.5)])
    _poly(glyph.stroke, [(3.5, 18.5), (6.5, 10.5), (21.5, 10.5), (18.5, 18.5)], closed=True)


def _settings(glyph: _Glyph) -> None:
    teeth, outer, root = 8, 9.6, 7.2
    points = []
    for index in range(teeth * 4):
        step = index % 4
        radius = outer if step in (1, 2) else root
        angle = 2 * math.pi * (index - 0.5 + (0.3 if step in (1, 3) else 0)) / (teeth * 4)
        points.append((12 + radius * math.sin(angle), 12 - radius * math.cos(angle)))
    _poly(glyph.fill, points, closed=True)
    glyph.fill.addEllipse(QPointF(12, 12), 3.2, 3.2)
    glyph.fill.setFillRule(Qt.FillRule.OddEvenFill)


def _queue(glyph: _Glyph) -> None:
    _poly(glyph.stroke, [(4, 6.5), (20, 6.5)])
    _poly(glyph.stroke, [(4, 11.5), (20, 11.5)])
    _poly(glyph.stroke, [(4, 16.5), (11.5, 16.5)])
    _poly(glyph.fill, [(14.5, 14), (20.5, 17.5), (14.5, 21)], closed=True)


def _flip(glyph: _Glyph) -> None:
    """Turn the record over: a disc with its label, and two arrows swinging around it."""
    glyph.stroke.addEllipse(QPointF(12, 12), 4.6, 4.6)
    glyph.fill.addEllipse(QPointF(12, 12), 1.6, 1.6)
    _arc(glyph.stroke, 12, 12, 8.6, 160, -125)
    _arc(glyph.stroke, 12, 12, 8.6, -20, -125)
    _arrowhead(glyph.stroke, _arc_end(12, 12, 8.6, 35), 58)
    _arrowhead(glyph.stroke, _arc_end(12, 12, 8.6, 215), 238)


def _lift(glyph: _Glyph) -> None:
    """Raise the tone arm: an arrow rising off the record's surface."""
    _poly(glyph.stroke, [(12, 15.5), (12, 4.5)])
    _arrowhead(glyph.stroke, (12, 4.2), -90, 4.2)
    _poly(glyph.stroke, [(4.5, 19.5), (19.5, 19.5)])


def _clear(glyph: _Glyph) -> None:
    glyph.stroke.addEllipse(QPointF(12, 12), 8.5, 8.5)
    _cross(glyph.stroke, 12, 12, 3)


def _save(glyph: _Glyph) -> None:
    _poly(glyph.stroke, [(4.5, 4.5), (16.5, 4.5), (19.5, 7.5), (19.5, 19.5), (4.5, 19.5)], True)
    _poly(glyph.stroke, [(8, 4.5), (8, 9), (15, 9), (15, 4.5)])
    glyph.fill.addRoundedRect(QRectF(8, 13, 8, 6.5), 0.8, 0.8)


# ------------------------------------------------------------------ window and editing
def _close(glyph: _Glyph) -> None:
    _cross(glyph.stroke, 12, 12, 5.5)


def _help(glyph: _Glyph) -> None:
    glyph.stroke.addEllipse(QPointF(12, 12), 8.5, 8.5)
    path = glyph.stroke
    path.moveTo(9.4, 9.9)
    path.cubicTo(9.4, 8.3, 10.6, 7.3, 12.1, 7.3)
    path.cubicTo(13.7, 7.3, 14.8, 8.3, 14.8, 9.7)
    path.cubicTo(14.8, 11.6, 12.1, 11.8, 12.1, 13.8)
    glyph.fill.addEllipse(QPointF(12.1, 16.6), 1.15, 1.15)


def _add(glyph: _Glyph) -> None:
    _poly(glyph.stroke, [(12, 5), (12, 19)])
    _poly(glyph.stroke, [(5, 12), (19, 12)])


def _remove(glyph: _Glyph) -> None:
    _poly(glyph.stroke, [(5, 12), (19, 12)])


def _back(glyph: _Glyph) -> None:
    _poly(glyph.stroke, [(19, 12), (5.5, 12)])
    _arrowhead(glyph.stroke, (5, 12), 180, 6.5)


def _outline(points: list[tuple[float, float]], width: float) -> QPainterPath:
    """Return the polyline through ``points`` stroked ``width`` wide, as a shape to fill."""
    path = QPainterPath()
    _poly(path, points)
    stroker = QPainterPathStroker()
    stroker.setWidth(width)
    stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
    stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return stroker.createStroke(path)


_BUILDERS: dict[str, Callable[[_Glyph], None]] = {
    "play": _play,
    "pause": _pause,
    "stop": _stop,
    "next": _next,
    "previous": _previous,
    "volume": _volume,
    "mute": _mute,
    "shuffle": _shuffle,
    "repeat": _repeat_loop,
    "repeat-one": _repeat_one,
    "search": _search,
    "folder": _folder,
    "settings": _settings,
    "queue": _queue,
    "flip": _flip,
    "lift": _lift,
    "clear": _clear,
    "save": _save,
    "close": _close,
    "help": _help,
    "add": _add,
    "remove": _remove,
    "back": _back,
    "open": _open,
}
ICON_NAMES: tuple[str, ...] = tuple(_BUILDERS)
_GLYPHS: dict[str, _Glyph] = {}


def _glyph(name: str) -> _Glyph:
    if name not in _GLYPHS:
        _GLYPHS[name] = _Glyph()
        _BUILDERS[name](_GLYPHS[name])
    return _GLYPHS[name]


def _ink(theme: Theme, mode: QIcon.Mode, state: QIcon.State) -> QColor:
    """Return the glyph colour for an icon mode and state in ``theme``."""
    if mode == QIcon.Mode.Disabled:
        color = QColor(theme.ink_dim)
        color.setAlpha(150)
        return color
    if mode == QIcon.Mode.Selected:
        return theme.palette().color(QPalette.ColorRole.HighlightedText)
    if state == QIcon.State.On:
        return QColor(theme.accent)
    return QColor(theme.ink)


def _round_pen(color: QColor, width: float) -> QPen:
    return QPen(
        color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )


class _VectorIconEngine(QIconEngine):
    """Paint one named glyph at whatever size and device pixel ratio Qt asks for."""

    def __init__(self, name: str, theme: Theme) -> None:
        super().__init__()
        self._name = name
        self._theme = theme
        self._cache: dict[tuple[int, int, int, int, float], QPixmap] = {}

    def key(self) -> str:
        """Return the engine's identifier."""
        return "starlight-vector"

    def clone(self) -> QIconEngine:
        """Return an independent copy (Qt clones engines when icons are detached)."""
        return _VectorIconEngine(self._name, self._theme)

    def isNull(self) -> bool:
        """Return False: every glyph draws something."""
        return False

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        """Draw the glyph centred in ``rect``, scaled from its 24-unit grid."""
        glyph = _glyph(self._name)
        side = min(rect.width(), rect.height())
        color = _ink(self._theme, mode, state)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(
            rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2
        )
        painter.scale(side / _GRID, side / _GRID)
        if not glyph.fill.isEmpty():
            painter.setPen(_round_pen(color, _SOFTEN))
            painter.setBrush(QBrush(color))
            painter.drawPath(glyph.fill)
        if not glyph.stroke.isEmpty():
            painter.setPen(_round_pen(color, _STROKE))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(glyph.stroke)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        """Return the glyph as a pixmap of ``size`` device pixels."""
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        """Return the glyph for ``size`` logical pixels at device pixel ratio ``scale``."""
        key = (size.width(), size.height(), int(mode.value), int(state.value), float(scale))
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        pixels = QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))
        pixmap = QPixmap(pixels)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, pixels.width(), pixels.height()), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = pixmap
        return pixmap


def icon(name: str, theme: Theme, size_hint: int = 24) -> QIcon:
    """Return the vector icon ``name`` drawn in ``theme``'s ink.

    Parameters
    ----------
    name
        One of :data:`ICON_NAMES` (``"play"``, ``"pause"``, ``"repeat-one"``, ...).
    theme
        Gives the colours: ink when normal, dimmed ink when disabled, the accent when a
        checkable control is on.
    size_hint
        The size in logical pixels the caller expects to show; the icon stays crisp at any other
        size and device pixel ratio too (it is redrawn, never scaled as a bitmap).

    Raises
    ------
    ValueError
        If ``name`` is not a known icon.

    """
    if name not in _BUILDERS:
        known = ", ".join(ICON_NAMES)
        raise ValueError(f"Unknown icon name {name!r}; known icons: {known}")
    result = QIcon(_VectorIconEngine(name, theme))
    if size_hint > 0 and QGuiApplication.instance() is not None:
        # Warm the cache for the expected size so the first paint does no path work.
        result.pixmap(QSize(size_hint, size_hint))
    return result
