"""The plinth's bakelite keys, and what every painted control of the deck shares.

A :class:`PixmapCache` keeps each control's picture per size and state, so the deck's
frame-by-frame repaints cost them only a blit; :class:`FocusRing` shows the accent ring for
keyboard focus only.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QEnterEvent,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QRadialGradient,
)
from PySide6.QtWidgets import QAbstractButton, QWidget

from app.ui.theme import Theme

ENGRAVING, ENGRAVING_DIM = QColor("#f3e6cc"), QColor(243, 230, 204, 90)  # cream on bakelite


class PixmapCache:
    """A per-state pixmap cache for a custom-painted widget."""

    def __init__(self) -> None:
        self._pixmaps: dict[tuple[object, ...], QPixmap] = {}

    def clear(self) -> None:
        """Forget every picture (the theme, or what they show, has changed)."""
        self._pixmaps.clear()

    def get(
        self, widget: QWidget, key: tuple[object, ...], paint: Callable[[QPainter, QRectF], None]
    ) -> QPixmap:
        """Return the picture of ``widget`` in state ``key``, painting it with ``paint`` if new."""
        dpr = widget.devicePixelRatioF()
        full = (widget.width(), widget.height(), dpr, *key)
        pixmap = self._pixmaps.get(full)
        if pixmap is None:
            if len(self._pixmaps) > 24:
                self._pixmaps.clear()
            pixmap = QPixmap(
                max(1, round(widget.width() * dpr)), max(1, round(widget.height() * dpr))
            )
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHints(
                QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
            )
            paint(painter, QRectF(0, 0, widget.width(), widget.height()))
            painter.end()
            self._pixmaps[full] = pixmap
        return pixmap


def draw_focus_ring(painter: QPainter, rect: QRectF, theme: Theme, radius: float) -> None:
    """Draw the accent ring of keyboard focus just inside ``rect``."""
    pen = QPen(theme.accent, max(1.5, rect.height() * 0.07))
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = pen.widthF() / 2
    painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), radius, radius)


_POINTER_FOCUS = (
    Qt.FocusReason.MouseFocusReason,
    Qt.FocusReason.ActiveWindowFocusReason,
    Qt.FocusReason.PopupFocusReason,
)


class FocusRing:
    """Draw the focus ring for keyboard focus only, as desktop styles do."""

    _ring = False

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Note whether the keyboard brought the focus here."""
        self._ring = event.reason() not in _POINTER_FOCUS
        super().focusInEvent(event)  # type: ignore[misc]

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Put the ring away."""
        self._ring = False
        super().focusOutEvent(event)  # type: ignore[misc]


class DeckKey(FocusRing, QAbstractButton):
    """A bakelite key in a brass bezel with an engraved caption and an optional lamp."""

    def __init__(
        self,
        theme: Theme,
        caption: str,
        accessible_name: str,
        parent: QWidget | None = None,
        lamp: bool = False,
    ) -> None:
        super().__init__(parent)
        self._theme = theme
        self._lit = False
        self._lamp = lamp
        self._cache = PixmapCache()
        self.setText(caption)
        self.setAccessibleName(accessible_name)
        self.setToolTip(accessible_name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)

    def set_theme(self, theme: Theme) -> None:
        """Repaint in ``theme``."""
        self._theme = theme
        self._cache.clear()
        self.update()

    def set_lit(self, lit: bool) -> None:
        """Light or darken the key's lamp."""
        if lit != self._lit:
            self._lit = lit
            self.update()

    @property
    def lit(self) -> bool:
        """Whether the lamp is on."""
        return self._lit

    def sizeHint(self) -> QSize:
        """Return a key's natural size."""
        return QSize(60, 28)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Press the key with Return or Enter as well as Space."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.animateClick()
            return
        super().keyPressEvent(event)

    def enterEvent(self, event: QEnterEvent) -> None:
        """Light the key up under the pointer."""
        super().enterEvent(event)
        self.update()

    def leaveEvent(self, event: QEvent) -> None:
        """Dim it again."""
        super().leaveEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Blit this state's cached picture."""
        down = self.isDown() or self.isChecked()
        key = (down, self._ring, self.underMouse(), self.isEnabled(), self._lit, self.text())
        pixmap = self._cache.get(self, key, lambda p, r: self._paint(p, r, down))
        QPainter(self).drawPixmap(0, 0, pixmap)

    def _paint(self, painter: QPainter, rect: QRectF, down: bool) -> None:
        theme, height = self._theme, rect.height()
        radius = height * 0.22
        bezel = rect.adjusted(height * 0.08, height * 0.08, -height * 0.08, -height * 0.08)
        brass = QLinearGradient(bezel.topLeft(), bezel.bottomLeft())
        brass.setColorAt(0.0, theme.brass_light)
        brass.setColorAt(1.0, theme.brass_dark)
        painter.setPen(QPen(QColor(0, 0, 0, 170), max(1.0, height * 0.03)))
        painter.setBrush(brass)
        painter.drawRoundedRect(bezel, radius, radius)
        inset = height * (0.13 if down else 0.11)
        face = bezel.adjusted(inset, inset, -inset, -inset)
        body = QLinearGradient(face.topLeft(), face.bottomLeft())
        top = theme.bakelite_light.lighter(130 if self.underMouse() else 112)
        body.setColorAt(0.0, top.darker(115) if down else top)
        body.setColorAt(1.0, theme.bakelite.darker(135 if down else 115))
        painter.setPen(QPen(QColor(0, 0, 0, 140), max(1.0, height * 0.025)))
        painter.setBrush(body)
        painter.drawRoundedRect(face, radius * 0.7, radius * 0.7)
        self._paint_caption(painter, face, down)
        if self._ring:
            draw_focus_ring(painter, rect, theme, radius * 1.2)

    def _paint_caption(self, painter: QPainter, face: QRectF, down: bool) -> None:
        theme = self._theme
        lamp_room = face.height() * 0.55 if self._lamp else 0.0
        if lamp_room:
            self._paint_lamp(painter, QPointF(face.left() + lamp_room * 0.75, face.center().y()))
        ink = QColor(ENGRAVING if self.isEnabled() else ENGRAVING_DIM)
        if self.isEnabled() and (self._lit or self.isChecked()):
            ink = QColor(theme.accent).lighter(125)
        if self.isChecked():  # a lit pilot strip along the selected key's top
            strip = QRectF(face.left() + face.width() * 0.2, face.top() + face.height() * 0.1,
                           face.width() * 0.6, max(1.5, face.height() * 0.09))  # fmt: skip
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.accent)
            painter.drawRoundedRect(strip, strip.height() / 2, strip.height() / 2)
        text_box = face.adjusted(lamp_room + face.height() * 0.15, 0, -face.height() * 0.15, 0)
        text_box.translate(0, face.height() * 0.06 if down else 0)
        painter.setFont(self._fitted_font(text_box, self.height() * 0.4))
        painter.setPen(QColor(0, 0, 0, 150))
        painter.drawText(text_box.translated(0, 1), Qt.AlignmentFlag.AlignCenter, self.text())
        painter.setPen(ink)
        painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, self.text())

    def _fitted_font(self, box: QRectF, pixel_size: float) -> QFont:
        """Return the caption face at ``pixel_size``, or smaller so the caption fits ``box``."""
        font = self._theme.caption_font(pixel_size)
        width = QFontMetricsF(font).horizontalAdvance(self.text())
        if width > box.width() > 0:
            # Pixel sizes are whole: step down until the rounded size really fits.
            size = math.floor(pixel_size * box.width() / width)
            font = self._theme.caption_font(size)
            while size > 5 and QFontMetricsF(font).horizontalAdvance(self.text()) > box.width():
                size -= 1
                font = self._theme.caption_font(size)
        return font

    def _paint_lamp(self, painter: QPainter, centre: QPointF) -> None:
        radius = self.height() * 0.1
        on = self._lit or self.isChecked()
        glow = QRadialGradient(centre, radius * 2.6)
        colour = QColor(self._theme.accent if on else QColor(60, 40, 30))
        glow.setColorAt(0.0, colour.lighter(150) if on else colour)
        glow.setColorAt(0.4, colour)
        glow.setColorAt(1.0, QColor(colour.red(), colour.green(), colour.blue(), 0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(glow)
        painter.drawEllipse(centre, radius * (2.6 if on else 1.2), radius * (2.6 if on else 1.2))
