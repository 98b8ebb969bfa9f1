"""The crate behind the sleeves: the back wall in the lamp's light, and a shelf under each row.

:func:`paint_shelf_row` paints one row of the crate for the sleeve grid: the plank wall lit
from above and a shelf board with the captions lettered on its face. :class:`WallBackdrop`
paints the back wall behind the crate's other pages.
"""

from __future__ import annotations

import random

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPen, QPixmap, QRadialGradient
from PySide6.QtWidgets import QWidget

from app.ui.crate.sleeve_delegate import CAPTION_H, PAD_TOP, TileGeometry
from app.ui.theme import Theme

SHELF_H = CAPTION_H - 2
_SHELF_TOP_H = 5
_SHELF_SHADOW_H = 8


def paint_back_wall(width: int, height: int, ratio: float, theme: Theme) -> QPixmap:
    """Return the crate's back wall: dark planks, lit from above by the work lamp."""
    image = QImage(
        max(1, round(width * ratio)), max(1, round(height * ratio)), QImage.Format.Format_RGB32
    )
    image.setDevicePixelRatio(ratio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    wall = QLinearGradient(0, 0, 0, height)
    wall.setColorAt(0.0, theme.wood_grain.lighter(125))
    wall.setColorAt(1.0, theme.wood_grain.darker(130))
    painter.fillRect(QRectF(0, 0, width, height), wall)
    rng = random.Random(11)
    for _ in range(width // 9):  # fine vertical grain
        x = rng.uniform(0, width)
        shade = (
            QColor(0, 0, 0, rng.randint(10, 34))
            if rng.random() < 0.6
            else QColor(255, 220, 170, rng.randint(4, 12))
        )
        painter.setPen(QPen(shade, rng.uniform(0.6, 1.6)))
        painter.drawLine(QPointF(x, 0), QPointF(x + rng.uniform(-6, 6), height))
    for x in range(0, width, 168):  # plank seams
        painter.setPen(QPen(QColor(0, 0, 0, 70), 1.5))
        painter.drawLine(QPointF(x, 0), QPointF(x, height))
    lamp = QRadialGradient(QPointF(width * 0.5, -height * 0.15), max(width, height) * 0.85)
    glow = QColor(theme.glow)
    lamp.setColorAt(0.0, glow)
    glow.setAlpha(0)
    lamp.setColorAt(1.0, glow)
    painter.fillRect(QRectF(0, 0, width, height), lamp)
    painter.end()
    return QPixmap.fromImage(image)


class WallBackdrop:
    """The back wall behind a page of the crate, painted once per size and theme."""

    def __init__(self) -> None:
        self._slot: tuple[int, int, float, str] | None = None
        self._wall = QPixmap()

    def paint(self, widget: QWidget, theme: Theme) -> None:
        """Paint the wall over all of ``widget`` (call from its ``paintEvent``)."""
        ratio = widget.devicePixelRatioF()
        slot = (widget.width(), widget.height(), ratio, theme.name.value)
        if slot != self._slot:
            self._wall = paint_back_wall(widget.width(), widget.height(), ratio, theme)
            self._slot = slot
        painter = QPainter(widget)
        painter.drawPixmap(0, 0, self._wall)
        painter.end()


def paint_shelf_row(width: int, geometry: TileGeometry, ratio: float, theme: Theme) -> QPixmap:
    """Return one row of the crate, opaque: back wall, the shelf board, the board's shadow.

    The wall is lit from above in every row, and the board's face carries the captions. A row
    scrolls with its sleeves, so Qt's scrolling can shift what is painted and repaint only the
    strip that comes into view.
    """
    height = geometry.size.height()
    board_y = PAD_TOP + geometry.edge
    image = QImage(max(1, round(width * ratio)), round(height * ratio), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    painter = QPainter(image)
    _paint_row_wall(painter, width, height, theme)
    _paint_board(painter, QRectF(0, board_y, width, SHELF_H), theme)
    fade = QLinearGradient(0, 0, 0, _SHELF_SHADOW_H)  # cast by the board of the row above
    fade.setColorAt(0.0, QColor(0, 0, 0, 120))
    fade.setColorAt(1.0, QColor(0, 0, 0, 0))
    painter.fillRect(QRectF(0, 0, width, _SHELF_SHADOW_H), fade)
    painter.end()
    return QPixmap.fromImage(image)


def _paint_row_wall(painter: QPainter, width: int, height: int, theme: Theme) -> None:
    wall = QLinearGradient(0, 0, 0, height)
    wall.setColorAt(0.0, theme.wood_grain.lighter(150))
    wall.setColorAt(1.0, theme.wood_grain)
    painter.fillRect(QRectF(0, 0, width, height), wall)
    rng = random.Random(11)
    for _ in range(width // 9):  # vertical grain, the same in every row: one plank wall
        x = rng.uniform(0, width)
        dark = rng.random() < 0.6
        alpha = rng.randint(10, 34) if dark else rng.randint(4, 12)
        shade = QColor(0, 0, 0, alpha) if dark else QColor(255, 220, 170, alpha)
        painter.setPen(QPen(shade, rng.uniform(0.6, 1.6)))
        painter.drawLine(QPointF(x, 0), QPointF(x, height))
    for x in range(0, width, 168):  # plank seams
        painter.setPen(QPen(QColor(0, 0, 0, 70), 1.5))
        painter.drawLine(QPointF(x, 0), QPointF(x, height))


def _paint_board(painter: QPainter, board: QRectF, theme: Theme) -> None:
    top = QLinearGradient(0, board.top(), 0, board.top() + _SHELF_TOP_H)
    top.setColorAt(0.0, theme.wood_light.lighter(135))
    top.setColorAt(1.0, theme.wood_light)
    painter.fillRect(QRectF(board.left(), board.top(), board.width(), _SHELF_TOP_H), top)
    face = board.adjusted(0, _SHELF_TOP_H, 0, 0)
    front = QLinearGradient(0, face.top(), 0, face.bottom())
    if theme.is_night:  # a dark board for cream lettering
        front.setColorAt(0.0, theme.wood_light.darker(125))
        front.setColorAt(1.0, theme.wood_dark)
    else:  # a pale board for dark lettering
        front.setColorAt(0.0, theme.wood_light.lighter(112))
        front.setColorAt(1.0, theme.wood_light.darker(104))
    painter.fillRect(face, front)
    rng = random.Random(5)
    for _ in range(14):  # long horizontal grain on the board's face
        y = rng.uniform(face.top() + 1, face.bottom() - 1)
        painter.setPen(QPen(QColor(0, 0, 0, rng.randint(12, 30)), rng.uniform(0.5, 1.2)))
        painter.drawLine(QPointF(0, y), QPointF(board.width(), y + rng.uniform(-1.5, 1.5)))
    painter.fillRect(QRectF(0, board.bottom() - 1, board.width(), 1), QColor(0, 0, 0, 110))
