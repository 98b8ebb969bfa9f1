"""The queue's row painter: number (or the playing mark), title, artist and length.

:class:`QueueDelegate` paints a row of :class:`~app.ui.queue_model.QueueModel` from the
model's roles, at one fixed height, so the view never measures a 50,000-item queue.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.ui.queue_model import ArtistRole, DurationTextRole, IsCurrentRole
from app.ui.theme import Theme

_Index = QModelIndex | QPersistentModelIndex

ROW_HEIGHT_PX = 42


class QueueDelegate(QStyledItemDelegate):
    """Paint a queue row: number or playing mark, title over artist, length on the right."""

    def __init__(self, theme: Theme, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Paint with another look's colours and fonts."""
        self._theme = theme
        self._title = theme.text_font(13)
        self._title_bold = theme.text_font(13, bold=True)
        self._artist = theme.text_font(11)
        self._number = theme.number_font(11)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Every row is the same height, so the view never measures 50,000 of them."""
        return QSize(160, ROW_HEIGHT_PX)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Draw one row."""
        theme, rect = self._theme, QRect(option.rect)
        current = bool(index.data(IsCurrentRole))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._draw_ground(painter, option, rect, current)
        count = index.model().rowCount()
        number_w = QFontMetrics(self._number).horizontalAdvance("0" * len(str(count))) + 14
        number_rect = QRect(rect.left() + 6, rect.top(), number_w, rect.height())
        if current:
            self._draw_playing_mark(painter, QRectF(number_rect))
        else:
            painter.setFont(self._number)
            painter.setPen(theme.ink_dim)
            align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
            painter.drawText(number_rect.adjusted(0, 0, -8, 0), align, str(index.row() + 1))
        length = str(index.data(DurationTextRole) or "")
        length_w = QFontMetrics(self._number).horizontalAdvance(length or "0:00") + 10
        text_left = number_rect.right() + 4
        text_w = max(0, rect.right() - length_w - 8 - text_left)
        half = rect.height() // 2
        title_rect = QRect(text_left, rect.top() + 3, text_w, half - 1)
        artist_rect = QRect(text_left, rect.top() + half, text_w, half - 3)
        self._draw_text(painter, title_rect, str(index.data()), current)
        painter.setFont(self._artist)
        painter.setPen(theme.ink_dim)
        artist = QFontMetrics(self._artist).elidedText(
            str(index.data(ArtistRole) or ""), Qt.TextElideMode.ElideRight, text_w
        )
        painter.drawText(artist_rect, Qt.AlignmentFlag.AlignTop, artist)
        painter.setFont(self._number)
        painter.setPen(theme.accent if current else theme.ink_dim)
        length_rect = QRect(rect.right() - length_w - 6, title_rect.top(), length_w, half - 1)
        align = Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight
        painter.drawText(length_rect, align, length)
        painter.restore()

    def _draw_ground(
        self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, current: bool
    ) -> None:
        """Draw the selection wash, the current row's glow, the focus ring and a faint rule."""
        theme, state = self._theme, option.state
        area = QRectF(rect).adjusted(2, 1, -2, -1)
        painter.setPen(Qt.PenStyle.NoPen)
        if state & QStyle.StateFlag.State_Selected:
            wash = QColor(theme.accent)
            wash.setAlpha(90 if theme.is_night else 70)
            painter.setBrush(wash)
            painter.drawRoundedRect(area, 5, 5)
        elif current:
            glow = QColor(theme.accent)
            glow.setAlpha(38)
            painter.setBrush(glow)
            painter.drawRoundedRect(area, 5, 5)
        elif state & QStyle.StateFlag.State_MouseOver:
            hover = QColor(theme.ink)
            hover.setAlpha(14)
            painter.setBrush(hover)
            painter.drawRoundedRect(area, 5, 5)
        if state & QStyle.StateFlag.State_HasFocus:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(theme.accent, 1.5))
            painter.drawRoundedRect(area.adjusted(0.75, 0.75, -0.75, -0.75), 5, 5)
        rule = QColor(theme.panel_edge)
        rule.setAlpha(70)
        painter.setPen(QPen(rule, 1))
        painter.drawLine(
            QPointF(rect.left() + 10, rect.bottom() + 0.5),
            QPointF(rect.right() - 10, rect.bottom() + 0.5),
        )

    def _draw_playing_mark(self, painter: QPainter, rect: QRectF) -> None:
        """Draw a lamp-lit triangle where the row number would be."""
        centre = QPointF(rect.right() - 14, rect.center().y())
        mark = QPolygonF(
            [centre + QPointF(-4, -5.5), centre + QPointF(6, 0), centre + QPointF(-4, 5.5)]
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._theme.accent)
        painter.drawPolygon(mark)

    def _draw_text(self, painter: QPainter, rect: QRect, text: str, current: bool) -> None:
        """Draw the title, bold and lamp-coloured on the current row, elided to fit."""
        font = self._title_bold if current else self._title
        painter.setFont(font)
        painter.setPen(
            self._theme.brass_light if current and self._theme.is_night else self._theme.ink
        )
        elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignBottom, elided)
