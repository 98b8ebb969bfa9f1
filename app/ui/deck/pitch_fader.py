"""The deck's pitch fader, and the steps its value counts in."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QAbstractSlider, QWidget

from app.ui.deck.deck_keys import FocusRing, PixmapCache, draw_focus_ring
from app.ui.theme import Theme

MINUS = "\u2212"  # a true minus sign, as wide as the plus
SCALE_INK = QColor(243, 230, 204, 170)
PITCH_STEP = 1e-4  # the fader's resolution: 0.01 %
DETENT_SHARE = 0.05  # of the reach: the centre click catches a drag this close to zero


class PitchFader(FocusRing, QAbstractSlider):
    """The pitch fader: plus towards the front, a centre detent, and a readout above.

    The slider's integer value counts steps of :data:`PITCH_STEP`; ``pitch_changed`` carries
    the fraction (0.05 for +5 %). A mouse drag near the centre clicks into zero; a
    double-click, Home or Delete resets it.
    """

    pitch_changed = Signal(float)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._reach = 0.08
        self._quiet = False
        self._dragging = False
        self._cache = PixmapCache()
        self.setOrientation(Qt.Orientation.Vertical)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Pitch"))
        self.setToolTip(self.tr("Pitch: drag, or use the arrow keys; double-click to reset"))
        self.setCursor(Qt.CursorShape.SizeVerCursor)
        self._apply_reach()
        self.valueChanged.connect(self._on_value_changed)

    # -------------------------------------------------------------- state
    @property
    def pitch(self) -> float:
        """The pitch as a fraction."""
        return self.value() * PITCH_STEP

    @property
    def reach(self) -> float:
        """The fader's range either side of zero: 0.08 or 0.16."""
        return self._reach

    def set_pitch(self, pitch: float) -> None:
        """Move the fader to ``pitch`` without emitting ``pitch_changed``."""
        self._quiet = True
        self.setValue(round(pitch / PITCH_STEP))
        self._quiet = False

    def set_reach(self, reach: float) -> None:
        """Set the range (the pitch is kept, clamped into it; a clamp is announced)."""
        self._reach = reach
        self._apply_reach()
        self._cache.clear()
        self.update()

    def reset(self) -> None:
        """Return to zero pitch."""
        self.setValue(0)

    def set_theme(self, theme: Theme) -> None:
        """Repaint in ``theme``."""
        self._theme = theme
        self._cache.clear()
        self.update()

    def _apply_reach(self) -> None:
        steps = round(self._reach / PITCH_STEP)
        self.setRange(-steps, steps)
        self.setSingleStep(10)
        self.setPageStep(100)

    def _on_value_changed(self, value: int) -> None:
        self.setAccessibleDescription(f"{value * PITCH_STEP * 100:+.1f} %")
        self.update()
        if not self._quiet:
            self.pitch_changed.emit(value * PITCH_STEP)

    # -------------------------------------------------------------- geometry
    def _track(self) -> QRectF:
        width, height = self.width(), self.height()
        return QRectF(width * 0.5 - 1, height * 0.24, 2, height * 0.66)

    def _value_at(self, y: float) -> int:
        track = self._track()
        share = (y - track.top()) / max(1.0, track.height())  # 0 top (minus) .. 1 bottom (plus)
        value = round((share * 2.0 - 1.0) * self.maximum())
        if abs(value) < DETENT_SHARE * self.maximum():
            value = 0
        return max(self.minimum(), min(self.maximum(), value))

    # -------------------------------------------------------------- input
    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Grab the fader and move it to the press."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._dragging = True
            self.setSliderDown(True)
            self.setValue(self._value_at(event.position().y()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Follow the drag; the centre detent catches values near zero."""
        if self._dragging:
            self.setValue(self._value_at(event.position().y()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Let go of the fader."""
        self._dragging = False
        self.setSliderDown(False)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Reset to zero."""
        self.reset()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up/Down move the fader as drawn (plus is down); Home, Delete or 0 reset it."""
        key = Qt.Key(event.key())
        single, page = self.singleStep(), self.pageStep()
        steps = {Qt.Key.Key_Up: -single, Qt.Key.Key_Down: single,
                 Qt.Key.Key_PageUp: -page, Qt.Key.Key_PageDown: page}  # fmt: skip
        if key in steps:
            self.setValue(self.value() + steps[key])
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_Delete, Qt.Key.Key_0):
            self.reset()
        else:
            super().keyPressEvent(event)

    # -------------------------------------------------------------- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        """Blit the cached scale, then the handle and readout for the value now."""
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._cache.get(self, (self._ring,), self._paint_scale))
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        self._paint_readout(painter)
        self._paint_handle(painter)

    def _paint_scale(self, painter: QPainter, rect: QRectF) -> None:
        theme, track = self._theme, self._track()
        plate = QRectF(rect.left() + 2, track.top() - rect.width() * 0.18, rect.width() - 4,
                       track.height() + rect.width() * 0.36)  # fmt: skip
        painter.setPen(QPen(QColor(0, 0, 0, 150), 1.0))
        painter.setBrush(theme.bakelite.darker(125))
        painter.drawRoundedRect(plate, 4, 4)
        painter.setBrush(QColor(0, 0, 0, 230))
        painter.drawRoundedRect(track.adjusted(-1.5, -2, 1.5, 2), 2, 2)
        reach_percent = round(self._reach * 100)
        painter.setFont(theme.number_font(max(6.0, rect.width() * 0.2)))
        for index in range(-4, 5):
            y = track.center().y() + index / 4 * track.height() / 2
            major = index % 2 == 0
            painter.setPen(QPen(theme.brass_light if index == 0 else SCALE_INK, 1.0))
            length = rect.width() * (0.2 if major else 0.12)
            painter.drawLine(QPointF(track.left() - 4 - length, y), QPointF(track.left() - 4, y))
            if major and index:
                label = f"{'+' if index > 0 else MINUS}{abs(index) * reach_percent // 4}"
                box = QRectF(track.right() + 3, y - 8, rect.width() * 0.5, 16)
                painter.drawText(
                    box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label
                )
        if self._ring:
            draw_focus_ring(painter, rect, theme, 5)

    def _paint_readout(self, painter: QPainter) -> None:
        theme, width = self._theme, self.width()
        box = QRectF(2, 2, width - 4, self.height() * 0.13)
        painter.setPen(QPen(theme.brass_dark, 1.0))
        painter.setBrush(QColor(10, 6, 4, 235))
        painter.drawRoundedRect(box, 3, 3)
        locked = self.value() == 0
        painter.setFont(theme.number_font(box.height() * 0.55))
        painter.setPen(QColor("#7dff9a") if locked else theme.accent)
        text = "0.0" if locked else f"{self.pitch * 100:+.1f}"
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_handle(self, painter: QPainter) -> None:
        theme, track, width = self._theme, self._track(), self.width()
        share = (self.value() - self.minimum()) / max(1, self.maximum() - self.minimum())
        y = track.top() + share * track.height()
        cap = QRectF(width * 0.14, y - width * 0.2, width * 0.72, width * 0.4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 90))
        painter.drawRoundedRect(cap.translated(2, 3), 3, 3)
        body = QLinearGradient(cap.topLeft(), cap.bottomLeft())
        body.setColorAt(0.0, theme.bakelite_light.lighter(135))
        body.setColorAt(0.5, theme.bakelite_light)
        body.setColorAt(1.0, theme.bakelite.darker(140))
        painter.setPen(QPen(QColor(0, 0, 0, 190), 1.0))
        painter.setBrush(body)
        painter.drawRoundedRect(cap, 3, 3)
        painter.setPen(QPen(theme.brass_light, max(1.0, width * 0.05)))
        painter.drawLine(QPointF(cap.left() + 3, y), QPointF(cap.right() - 3, y))
