"""The deck's own controls: bakelite keys in brass bezels, a cue lever and a pitch fader.

They are real widgets (focusable, with accessible names, worked by keyboard as well as mouse)
painted to belong on the plinth. Each caches its picture per size and state, so the deck's
frame-by-frame repaints cost them only a blit.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEnterEvent,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QRadialGradient,
)
from PySide6.QtWidgets import QAbstractButton, QAbstractSlider, QWidget

from app.ui.deck.deck_painter import DeckGeometry
from app.ui.theme import Theme

MINUS = "\u2212"  # a true minus sign, as wide as the plus
ENGRAVING, ENGRAVING_DIM = QColor("#f3e6cc"), QColor(243, 230, 204, 90)  # cream on bakelite
SCALE_INK = QColor(243, 230, 204, 170)
PITCH_STEP = 1e-4  # the fader's resolution: 0.01 %
DETENT_SHARE = 0.05  # of the reach: the centre click catches a drag this close to zero


class _Cached:
    """A per-state pixmap cache for a custom-painted widget."""

    def __init__(self) -> None:
        self._pixmaps: dict[tuple[object, ...], QPixmap] = {}

    def clear(self) -> None:
        self._pixmaps.clear()

    def get(
        self, widget: QWidget, key: tuple[object, ...], paint: Callable[[QPainter, QRectF], None]
    ) -> QPixmap:
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


def _focus_ring(painter: QPainter, rect: QRectF, theme: Theme, radius: float) -> None:
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


class _FocusRing:
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


class DeckKey(_FocusRing, QAbstractButton):
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
        self._cache = _Cached()
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
            _focus_ring(painter, rect, theme, radius * 1.2)

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


class CueLever(_FocusRing, QAbstractButton):
    """The cue lever: up raises the arm off the record, down lowers it. Click to throw it."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._raised = True
        self._cache = _Cached()
        self.setAccessibleName("Cue lever")
        self.setToolTip("Cue lever: raise or lower the arm")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    @property
    def raised(self) -> bool:
        """Whether the lever is up (arm lifted)."""
        return self._raised

    def set_raised(self, raised: bool) -> None:
        """Throw the lever up or down (the deck follows the arm's state)."""
        if raised != self._raised:
            self._raised = raised
            self.setAccessibleDescription("up: arm lifted" if raised else "down: arm lowered")
            self.update()

    def set_theme(self, theme: Theme) -> None:
        """Repaint in ``theme``."""
        self._theme = theme
        self._cache.clear()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Blit this state's cached picture."""
        key = (self._raised, self.isDown(), self._ring)
        QPainter(self).drawPixmap(0, 0, self._cache.get(self, key, self._paint))

    def _paint(self, painter: QPainter, rect: QRectF) -> None:
        theme, width = self._theme, rect.width()
        plate = rect.adjusted(width * 0.22, width * 0.1, -width * 0.22, -width * 0.45)
        painter.setPen(QPen(QColor(0, 0, 0, 170), 1.0))
        painter.setBrush(theme.bakelite.darker(120))
        painter.drawRoundedRect(plate, width * 0.2, width * 0.2)
        slot = QRectF(plate.center().x() - width * 0.06, plate.top() + width * 0.18,
                      width * 0.12, plate.height() - width * 0.36)  # fmt: skip
        painter.setBrush(QColor(0, 0, 0, 200))
        painter.drawRoundedRect(slot, width * 0.05, width * 0.05)
        knob_y = slot.top() + width * 0.08 if self._raised else slot.bottom() - width * 0.08
        knob = QPointF(plate.center().x(), knob_y)
        painter.setPen(QPen(theme.brass_dark.darker(150), 1.0))
        brass = QRadialGradient(knob - QPointF(width * 0.08, width * 0.1), width * 0.35)
        brass.setColorAt(0.0, theme.brass_light.lighter(115))
        brass.setColorAt(1.0, theme.brass_dark)
        painter.setBrush(brass)
        painter.drawRoundedRect(
            QRectF(knob.x() - width * 0.3, knob.y() - width * 0.13, width * 0.6, width * 0.26),
            width * 0.1, width * 0.1,
        )  # fmt: skip
        painter.setFont(theme.caption_font(width * 0.36))
        painter.setPen(theme.ink_dim)
        caption = QRectF(rect.left(), plate.bottom() + width * 0.05, width, width * 0.36)
        painter.drawText(caption, Qt.AlignmentFlag.AlignCenter, "CUE")
        arrow = "▲" if self._raised else "▼"
        painter.setFont(theme.text_font(width * 0.24))
        painter.setPen(theme.accent if self._raised else theme.ink_dim)
        painter.drawText(caption.translated(0, width * 0.34), Qt.AlignmentFlag.AlignCenter, arrow)
        if self._ring:
            _focus_ring(painter, rect, theme, width * 0.2)


class PitchFader(_FocusRing, QAbstractSlider):
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
        self._cache = _Cached()
        self.setOrientation(Qt.Orientation.Vertical)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Pitch")
        self.setToolTip("Pitch: drag, or use the arrow keys; double-click to reset")
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
            _focus_ring(painter, rect, theme, 5)

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


SPEED_CAPTIONS = ((100.0 / 3.0, "33"), (45.0, "45"), (78.0, "78"))


class DeckControls(QObject):
    """The plinth's controls, made as children of the deck and laid out on its geometry.

    ``speed_chosen`` and ``range_changed`` report the user's choices; the keys' own
    ``clicked`` signals (``start_stop``, ``cue``, ``flip``) and ``pitch.pitch_changed`` are
    public too.
    """

    speed_chosen = Signal(float)
    range_changed = Signal(float)

    def __init__(self, theme: Theme, deck: QWidget) -> None:
        super().__init__(deck)
        self.flip = DeckKey(theme, "FLIP", "Flip the record to its next side", deck)
        self.start_stop = DeckKey(theme, "START · STOP", "Start or stop the platter", deck, True)
        self.speeds: dict[float, DeckKey] = {}
        for rpm, caption in SPEED_CAPTIONS:
            key = DeckKey(theme, caption, f"{caption} rpm", deck)
            key.setCheckable(True)
            key.setAutoExclusive(True)
            key.clicked.connect(lambda _=False, rpm=rpm: self.speed_chosen.emit(rpm))
            self.speeds[rpm] = key
        self.speeds[SPEED_CAPTIONS[0][0]].setChecked(True)
        self.cue = CueLever(theme, deck)
        self.pitch = PitchFader(theme, deck)
        self.range = DeckKey(theme, "±8 %", "Pitch range: 8 or 16 percent", deck)
        self.range.setCheckable(True)
        self.range.clicked.connect(self._on_range_clicked)
        self.reset = DeckKey(theme, "RESET", "Reset the pitch to zero", deck)
        self.reset.clicked.connect(self.pitch.reset)
        self.flip.setEnabled(False)
        order = [self.start_stop, *self.speeds.values(), self.flip, self.cue, self.pitch,
                 self.range, self.reset]  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def widgets(self) -> list[QWidget]:
        """Return every control."""
        return [self.flip, self.start_stop, *self.speeds.values(), self.cue, self.pitch,
                self.range, self.reset]  # fmt: skip

    def place(self, geo: DeckGeometry) -> None:
        """Lay the controls out where ``geo`` puts them on the plinth."""
        rect = geo.control_rect
        self.flip.setGeometry(rect("flip").toAlignedRect())
        self.start_stop.setGeometry(rect("start").toAlignedRect())
        row = rect("speed")
        gap = row.height() * 0.25
        width = (row.width() - 2 * gap) / 3
        for index, key in enumerate(self.speeds.values()):
            box = QRectF(row.left() + index * (width + gap), row.top(), width, row.height())
            key.setGeometry(box.toAlignedRect())
        self.cue.setGeometry(rect("cue").toAlignedRect())
        self.pitch.setGeometry(rect("pitch").toAlignedRect())
        self.range.setGeometry(rect("range").toAlignedRect())
        self.reset.setGeometry(rect("reset").toAlignedRect())

    def set_theme(self, theme: Theme) -> None:
        """Repaint every control in ``theme``."""
        for widget in (self.flip, self.start_stop, *self.speeds.values(), self.range, self.reset):
            widget.set_theme(theme)
        self.cue.set_theme(theme)
        self.pitch.set_theme(theme)

    def show_speed(self, rpm: float) -> None:
        """Light the speed key for ``rpm`` (without announcing a choice)."""
        nearest = min(self.speeds, key=lambda choice: abs(choice - rpm))
        self.speeds[nearest].setChecked(True)

    def show_range(self, reach: float) -> None:
        """Show the fader's reach (without announcing it)."""
        wide = reach > 0.1
        self.range.setChecked(wide)
        self.range.setText("±16 %" if wide else "±8 %")
        self.pitch.set_reach(0.16 if wide else 0.08)

    def _on_range_clicked(self) -> None:
        reach = 0.16 if self.range.isChecked() else 0.08
        self.show_range(reach)
        self.range_changed.emit(reach)
