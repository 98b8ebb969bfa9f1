"""The keyboard overlay: the shop's shortcuts on a lamp-lit card, shown with ``?``.

The overlay darkens its window and lays a card over it listing the shortcuts in two columns,
each key drawn as a little bakelite keycap. It follows the window's size (an event filter on the
parent), shrinks its lettering or falls back to one column when the window is small, and closes
on Esc, ``?`` or a click, handing the keyboard back to whichever widget had it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRadialGradient,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.theme import Theme

_MARGIN_PX = 24.0  # between the window's edge and the card
_MIN_SCALE = 0.55
_PAD, _GAP, _COLUMN_GAP = 32.0, 14.0, 44.0  # card padding, keycaps to words, between columns


def key_groups(keys: str) -> list[list[str]]:
    """Split ``"Ctrl+O / Ctrl+L"`` into alternatives of keycaps: ``[["Ctrl", "O"], ["Ctrl", "L"]]``.

    A ``+`` that is itself the key (``"Ctrl++"``, ``"+"``) stays a keycap.
    """
    groups = []
    for alternative in re.split(r"\s+/\s+|\s*,\s+", keys.strip()):
        caps = [cap.strip() for cap in re.split(r"(?<=[^+\s])\+", alternative)]
        groups.append([cap for cap in caps if cap] or [alternative])
    return [group for group in groups if group != [""]]


@dataclass(frozen=True)
class _Layout:
    """Where everything goes at one scale."""

    scale: float
    columns: int
    card: QRectF
    rows: tuple[tuple[QRectF, QRectF], ...]  # per binding: keycaps area, description area


class KeyOverlay(QWidget):
    """A translucent overlay over ``parent`` listing keyboard shortcuts.

    Parameters
    ----------
    bindings
        ``(keys, what they do)`` pairs, e.g. ``("Space", "Play or pause")``; alternatives are
        separated by `` / `` and combinations by ``+``.
    theme
        Colours and fonts.
    parent
        The window to cover; the overlay follows its size.

    """

    def __init__(self, bindings: list[tuple[str, str]], theme: Theme, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("keyOverlay")
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.title = self.tr("Keys at the bench")
        self.footer = self.tr("Press ? or Esc to close")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._theme = theme
        self._bindings: list[tuple[str, str]] = []
        self._layout: _Layout | None = None
        self._focus_before: QWidget | None = None
        self.set_bindings(bindings)
        self.hide()
        self.setGeometry(parent.rect())
        parent.installEventFilter(self)

    # ---------------------------------------------------------------- public
    @property
    def bindings(self) -> list[tuple[str, str]]:
        """The shortcuts listed."""
        return list(self._bindings)

    def set_bindings(self, bindings: list[tuple[str, str]]) -> None:
        """List these shortcuts instead."""
        self._bindings = list(bindings)
        lines = [f"{keys}: {action}" for keys, action in self._bindings]
        self.setAccessibleDescription("; ".join(lines))
        self._relayout()

    def set_theme(self, theme: Theme) -> None:
        """Redraw in another look."""
        self._theme = theme
        self._relayout()

    def toggle(self) -> None:
        """Show the overlay, or close it when it shows."""
        if self.isVisible():
            self.close_overlay()
        else:
            self.open_overlay()

    def open_overlay(self) -> None:
        """Cover the window and take the keyboard until closed."""
        parent = self.parentWidget()
        self.setGeometry(parent.rect())
        focus = QApplication.focusWidget() or parent.window().focusWidget()
        self._focus_before = focus if focus is not None and focus is not self else None
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.PopupFocusReason)

    def close_overlay(self) -> None:
        """Uncover the window and give the keyboard back."""
        self.hide()
        before, self._focus_before = self._focus_before, None
        if before is not None and before.isVisible():
            before.setFocus(Qt.FocusReason.PopupFocusReason)

    def row_rects(self) -> list[tuple[QRectF, QRectF]]:
        """Return, per binding, where its keycaps and its description are drawn."""
        return list(self._current_layout().rows)

    def card_rect(self) -> QRectF:
        """Return the lamp-lit card's rectangle."""
        return self._current_layout().card

    # ---------------------------------------------------------------- events
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the parent's size."""
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: D102
        self._relayout()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Close on Esc or ``?``; swallow other keys so nothing beneath reacts."""
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Question) or event.text() == "?":
            self.close_overlay()
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Close on a click anywhere."""
        self.close_overlay()
        event.accept()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: D102
        return True  # Tab stays here while the overlay covers the window

    # ---------------------------------------------------------------- layout
    def _relayout(self) -> None:
        self._layout = None
        self.update()

    def _current_layout(self) -> _Layout:
        if self._layout is None:
            two = self._fit(2)
            one = self._fit(1)
            self._layout = two if two.scale >= min(one.scale, 0.8) else one
        return self._layout

    def _fonts(self, scale: float) -> tuple[QFont, QFont, QFont, QFont]:
        theme = self._theme
        return (
            theme.sign_font(34 * scale),
            theme.caption_font(15 * scale),
            theme.text_font(14 * scale),
            theme.caption_font(14 * scale),
        )

    def _column_widths(self, columns: int, scale: float) -> list[tuple[float, float]]:
        """Return each column's natural keycap and description widths."""
        _, cap, text, _ = (QFontMetricsF(f) for f in self._fonts(scale))
        per_column = math.ceil(len(self._bindings) / columns) or 1
        widths = []
        for column in range(columns):
            chunk = self._bindings[column * per_column : (column + 1) * per_column]
            keys_w = max((self._caps_width(k, cap, scale) for k, _ in chunk), default=0.0)
            text_w = max((text.horizontalAdvance(a) for _, a in chunk), default=0.0)
            widths.append((keys_w, min(text_w, 330 * scale)))
        return widths

    def _natural(self, columns: int, scale: float) -> tuple[float, float]:
        """Return the card's natural width and height."""
        title, cap, text, footer = (QFontMetricsF(f) for f in self._fonts(scale))
        widths = self._column_widths(columns, scale)
        width = 2 * _PAD * scale + sum(k + _GAP * scale + t for k, t in widths)
        width += (columns - 1) * _COLUMN_GAP * scale
        width = max(width, title.horizontalAdvance(self.title) + 2 * _PAD * scale)
        rows = math.ceil(len(self._bindings) / columns)
        height = (
            28 * scale
            + title.height() * 1.3
            + rows * self._row_height(cap, text, scale)
            + footer.height() * 2.2
            + 16 * scale
        )
        return width, height

    @staticmethod
    def _row_height(cap: QFontMetricsF, text: QFontMetricsF, scale: float) -> float:
        return max(cap.height() + 10 * scale, text.height()) + 9 * scale

    def _fit(self, columns: int) -> _Layout:
        """Lay the card out in ``columns`` at the largest scale (up to 1) that fits.

        Below the smallest scale the descriptions give up width (and are elided), each column
        in proportion to its own.
        """
        avail_w = max(1.0, self.width() - 2 * _MARGIN_PX)
        avail_h = max(1.0, self.height() - 2 * _MARGIN_PX)
        scale = 1.0
        for _ in range(4):  # font sizes round to whole pixels: settle in a few steps
            width, height = self._natural(columns, scale)
            fit = min(avail_w / width, avail_h / height)
            if fit >= 1.0 or scale <= _MIN_SCALE:
                break
            scale = max(_MIN_SCALE, scale * fit * 0.99)
        widths = self._column_widths(columns, scale)
        excess = max(0.0, width - avail_w)
        text_total = sum(t for _, t in widths) or 1.0
        widths = [(k, max(0.0, t - excess * t / text_total)) for k, t in widths]
        width, height = min(width, avail_w), min(height, avail_h)
        card = QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)
        title, cap, text, _ = (QFontMetricsF(f) for f in self._fonts(scale))
        row_h = self._row_height(cap, text, scale)
        per_column = math.ceil(len(self._bindings) / columns) or 1
        used = sum(k + _GAP * scale + t for k, t in widths) + (columns - 1) * _COLUMN_GAP * scale
        left = card.center().x() - used / 2
        top = card.top() + 28 * scale + title.height() * 1.3
        rows = []
        for column, (keys_w, text_w) in enumerate(widths):
            for line in range(min(per_column, len(self._bindings) - column * per_column)):
                y = top + line * row_h
                keys = QRectF(left, y, keys_w, row_h)
                words = QRectF(left + keys_w + _GAP * scale, y, text_w, row_h)
                rows.append((keys, words))
            left += keys_w + _GAP * scale + text_w + _COLUMN_GAP * scale
        return _Layout(scale, columns, card, tuple(rows))

    def _caps_width(self, keys: str, cap: QFontMetricsF, scale: float) -> float:
        widths = [self._cap_width(c, cap, scale) for g in key_groups(keys) for c in g]
        joins = sum(len(g) - 1 for g in key_groups(keys)) + len(key_groups(keys)) - 1
        return sum(widths) + joins * 16 * scale

    @staticmethod
    def _cap_width(text: str, cap: QFontMetricsF, scale: float) -> float:
        return max(cap.horizontalAdvance(text) + 16 * scale, cap.height() + 8 * scale)

    # ---------------------------------------------------------------- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        """Darken the window and draw the card, its keycaps and descriptions."""
        layout = self._current_layout()
        theme = self._theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(
            self.rect(), QColor(8, 5, 3, 175) if theme.is_night else QColor(40, 24, 10, 130)
        )
        self._draw_card(painter, layout.card, layout.scale)
        _, cap_font, text_font, _ = self._fonts(layout.scale)
        for (keys, action), (keys_rect, text_rect) in zip(self._bindings, layout.rows, strict=True):
            self._draw_caps(painter, keys, keys_rect, cap_font, layout.scale)
            painter.setFont(text_font)
            painter.setPen(theme.ink)
            metrics = QFontMetricsF(text_font)
            shown = metrics.elidedText(action, Qt.TextElideMode.ElideRight, text_rect.width())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, shown)
        painter.end()

    def _draw_card(self, painter: QPainter, card: QRectF, scale: float) -> None:
        theme = self._theme
        face = QColor(theme.panel)
        face.setAlpha(255)  # opaque: nothing beneath should show through the lettering
        painter.setPen(QPen(theme.brass_dark, 1.5))
        painter.setBrush(face)
        painter.drawRoundedRect(card, 14 * scale, 14 * scale)
        lamp = QRadialGradient(QPointF(card.center().x(), card.top()), card.width() * 0.7)
        glow = QColor(theme.glow)
        glow.setAlpha(min(255, glow.alpha() + 40))
        lamp.setColorAt(0, glow)
        lamp.setColorAt(1, QColor(0, 0, 0, 0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(lamp)
        painter.drawRoundedRect(card.adjusted(1, 1, -1, -1), 13 * scale, 13 * scale)
        title_font, _, _, footer_font = self._fonts(scale)
        title_h = QFontMetricsF(title_font).height() * 1.3
        painter.setFont(title_font)
        painter.setPen(theme.brass_light if theme.is_night else theme.accent)
        title_rect = QRectF(card.left(), card.top() + 16 * scale, card.width(), title_h)
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignCenter, self.title)
        painter.setFont(footer_font)
        painter.setPen(theme.ink_dim)
        footer_h = QFontMetricsF(footer_font).height() * 2.2
        footer = QRectF(card.left(), card.bottom() - footer_h - 6 * scale, card.width(), footer_h)
        painter.drawText(footer, Qt.AlignmentFlag.AlignCenter, self.footer)

    def _draw_caps(
        self, painter: QPainter, keys: str, rect: QRectF, font: QFont, scale: float
    ) -> None:
        """Draw the keycaps right-aligned in ``rect``, joined by ``+`` and ``/``."""
        metrics = QFontMetricsF(font)
        groups = key_groups(keys)
        x = rect.right() - min(rect.width(), self._caps_width(keys, metrics, scale))
        cap_h = metrics.height() + 8 * scale
        top = rect.center().y() - cap_h / 2
        painter.setFont(font)
        for number, group in enumerate(groups):
            if number:
                x = self._draw_joint(painter, "/", x, rect, scale)
            for index, cap in enumerate(group):
                if index:
                    x = self._draw_joint(painter, "+", x, rect, scale)
                width = self._cap_width(cap, metrics, scale)
                self._draw_cap(painter, QRectF(x, top, width, cap_h), cap, scale)
                x += width

    def _draw_joint(
        self, painter: QPainter, text: str, x: float, rect: QRectF, scale: float
    ) -> float:
        painter.setPen(self._theme.ink_dim)
        joint = QRectF(x, rect.top(), 16 * scale, rect.height())
        painter.drawText(joint, Qt.AlignmentFlag.AlignCenter, text)
        return x + 16 * scale

    def _draw_cap(self, painter: QPainter, cap: QRectF, text: str, scale: float) -> None:
        """Draw a bakelite key: a darker skirt below, a lit top face, a brass legend."""
        theme = self._theme
        radius = 5 * scale
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.bakelite.darker(150))
        painter.drawRoundedRect(cap.translated(0, 2 * scale), radius, radius)
        face = QLinearGradient(cap.topLeft(), cap.bottomLeft())
        face.setColorAt(0, theme.bakelite_light.lighter(115))
        face.setColorAt(1, theme.bakelite)
        painter.setBrush(face)
        painter.setPen(QPen(theme.brass_dark, 1))
        painter.drawRoundedRect(cap, radius, radius)
        painter.setPen(theme.brass_light)
        painter.drawText(cap, Qt.AlignmentFlag.AlignCenter, text)
