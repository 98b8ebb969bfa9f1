"""The deck's own controls: bakelite keys in brass bezels, a cue lever and a pitch fader.

They are real widgets (focusable, with accessible names, worked by keyboard as well as mouse)
painted to belong on the plinth. Each caches its picture per size and state, so the deck's
frame-by-frame repaints cost them only a blit. The keys live in :mod:`~app.ui.deck.deck_keys`
and the fader in :mod:`~app.ui.deck.pitch_fader`; here are the :class:`CueLever` and
:class:`DeckControls`, which makes them all and lays them out on the plinth.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QRadialGradient
from PySide6.QtWidgets import QAbstractButton, QWidget

from app.ui.deck.deck_geometry import DeckGeometry
from app.ui.deck.deck_keys import DeckKey, FocusRing, PixmapCache, draw_focus_ring
from app.ui.deck.pitch_fader import PitchFader
from app.ui.i18n import fill
from app.ui.theme import Theme


class CueLever(FocusRing, QAbstractButton):
    """The cue lever: up raises the arm off the record, down lowers it. Click to throw it."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._raised = True
        self._cache = PixmapCache()
        self.setAccessibleName(self.tr("Cue lever"))
        self.setToolTip(self.tr("Cue lever: raise or lower the arm"))
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
            self.setAccessibleDescription(
                self.tr("up: arm lifted") if raised else self.tr("down: arm lowered")
            )
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
            draw_focus_ring(painter, rect, theme, width * 0.2)


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
        # The captions are engraved on the deck, as on the real thing; the names are spoken.
        self.flip = DeckKey(theme, "FLIP", self.tr("Flip the record to its next side"), deck)
        stop = self.tr("Start or stop the platter")
        self.start_stop = DeckKey(theme, "START · STOP", stop, deck, True)
        self.speeds: dict[float, DeckKey] = {}
        for rpm, caption in SPEED_CAPTIONS:
            key = DeckKey(theme, caption, fill(self.tr("%1 rpm"), caption), deck)
            key.setCheckable(True)
            key.setAutoExclusive(True)
            key.clicked.connect(lambda _=False, rpm=rpm: self.speed_chosen.emit(rpm))
            self.speeds[rpm] = key
        self.speeds[SPEED_CAPTIONS[0][0]].setChecked(True)
        self.cue = CueLever(theme, deck)
        self.pitch = PitchFader(theme, deck)
        self.range = DeckKey(theme, "±8 %", self.tr("Pitch range: 8 or 16 percent"), deck)
        self.range.setCheckable(True)
        self.range.clicked.connect(self._on_range_clicked)
        self.reset = DeckKey(theme, "RESET", self.tr("Reset the pitch to zero"), deck)
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
