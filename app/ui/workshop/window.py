"""Paint the boarded wall and the shop window in it: the glass, its frame, glazing bars and sill."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPainterPath, QPen, QRadialGradient

from app.ui.theme import Theme
from app.ui.workshop.layout import Layout, clamp


def draw_wall(painter: QPainter, theme: Theme, width: int, bench_top: float) -> None:
    """Paint the wall above the bench: shaded from the top, with tongue-and-groove boarding."""
    base = theme.plinth_edge if theme.is_night else theme.plinth
    gradient = QLinearGradient(0, 0, 0, bench_top)
    gradient.setColorAt(0, base.darker(150 if theme.is_night else 110))
    gradient.setColorAt(1, base.lighter(125 if theme.is_night else 104))
    painter.fillRect(QRectF(0, 0, width, bench_top), gradient)
    board_px = clamp(width / 30, 28, 96)
    groove = QColor(0, 0, 0, 90 if theme.is_night else 40)
    edge = QColor(255, 230, 200, 16 if theme.is_night else 40)
    x = board_px / 2
    while x < width:  # tongue-and-groove boarding
        painter.fillRect(QRectF(x, 0, 1.2, bench_top), groove)
        painter.fillRect(QRectF(x + 1.2, 0, 1, bench_top), edge)
        x += board_px


def draw_glass(painter: QPainter, theme: Theme, glass: QRectF) -> None:
    """Reflections on the pane: a faint sheen, and at night the lamp mirrored in the glass."""
    sheen = QLinearGradient(glass.topLeft(), glass.bottomRight())
    for stop, alpha in ((0.0, 0), (0.18, 10), (0.24, 0), (0.55, 0), (0.62, 8), (0.66, 0)):
        sheen.setColorAt(stop, QColor(255, 255, 255, alpha))
    painter.fillRect(glass, sheen)
    if theme.is_night:
        centre = QPointF(
            glass.left() + glass.width() * 0.62, glass.bottom() - glass.height() * 0.05
        )
        glow = QRadialGradient(centre, glass.height() * 0.7)
        glow.setColorAt(0, QColor(255, 190, 120, 34))
        glow.setColorAt(1, QColor(255, 190, 120, 0))
        painter.fillRect(glass, glow)


def _bar(painter: QPainter, theme: Theme, rect: QRectF, vertical: bool) -> None:
    """Paint one wooden glazing bar, rounded by light across its width."""
    end = QPointF(rect.right(), rect.top()) if vertical else QPointF(rect.left(), rect.bottom())
    gradient = QLinearGradient(rect.topLeft(), end)
    frame = theme.window_frame
    gradient.setColorAt(0, frame.darker(130))
    gradient.setColorAt(0.35, frame.lighter(150 if theme.is_night else 125))
    gradient.setColorAt(1, frame.darker(150))
    painter.fillRect(rect, gradient)


def draw_window(painter: QPainter, theme: Theme, lay: Layout) -> None:
    """Paint the window's frame around the glass, its glazing bars and the sill."""
    frame, glass, px = lay.frame, lay.glass, lay.frame_px
    ring = QPainterPath()
    ring.addRect(frame)
    ring.addRect(glass)
    gradient = QLinearGradient(frame.topLeft(), frame.bottomLeft())
    gradient.setColorAt(0, theme.window_frame.darker(125))
    gradient.setColorAt(1, theme.window_frame.lighter(135))
    painter.fillPath(ring, gradient)
    painter.setPen(QPen(QColor(0, 0, 0, 150), 1.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(glass.adjusted(-0.75, -0.75, 0.75, 0.75))
    painter.setPen(QPen(QColor(255, 220, 170, 40 if theme.is_night else 90), 1))
    painter.drawRect(frame.adjusted(0.5, 0.5, -0.5, -0.5))
    bar = px * 0.55
    lower = QRectF(
        glass.left(), lay.transom.bottom(), glass.width(), glass.bottom() - lay.transom.bottom()
    )
    _bar(painter, theme, QRectF(glass.left(), lower.top() - bar / 2, glass.width(), bar), False)
    columns = max(2, round(lower.width() / (lower.height() * 1.3)))
    for index in range(1, columns):
        x = lower.left() + lower.width() * index / columns
        _bar(painter, theme, QRectF(x - bar / 2, lower.top(), bar, lower.height()), True)
    _draw_sill(painter, theme, lay.sill)


def _draw_sill(painter: QPainter, theme: Theme, sill: QRectF) -> None:
    shadow = QLinearGradient(0, sill.bottom(), 0, sill.bottom() + sill.height() * 1.6)
    shadow.setColorAt(0, QColor(0, 0, 0, 130 if theme.is_night else 70))
    shadow.setColorAt(1, QColor(0, 0, 0, 0))
    painter.fillRect(
        QRectF(0, sill.bottom(), sill.right() + sill.left(), sill.height() * 1.6), shadow
    )
    face = QLinearGradient(sill.topLeft(), sill.bottomLeft())
    face.setColorAt(0, theme.window_frame.lighter(190 if theme.is_night else 140))
    face.setColorAt(0.18, theme.window_frame.lighter(130))
    face.setColorAt(1, theme.window_frame.darker(140))
    painter.fillRect(sill, face)
