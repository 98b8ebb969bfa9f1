"""Notices: short messages that appear in the window's bottom corner and fade away.

A notice is a small lamp-lit card ("2 items could not be added: a.txt (not audio)") with a close
button. Up to three stack, newest at the bottom; the same text again restarts its card rather
than stacking a copy. A card waits while the pointer rests on it. Notices are child widgets of
the window, so showing one never takes the keyboard from anything; screen readers hear them
as announcements.

:meth:`Notice.follow` lets a service speak through them: what it had to tell before the window
existed (a damaged file of the app's own, set aside) and what it posts later.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QEvent, QObject, QPropertyAnimation, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QColor,
    QEnterEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.theme import Theme

MAX_MESSAGES = 3
NOTICE_TIMEOUT_MS = 20_000  # a damaged file set aside: long enough to read its new name
_MARGIN_PX = 16
_MAX_WIDTH_PX = 440
_FADE_IN_MS = 160
_FADE_OUT_MS = 320


class _Card(QFrame):
    """One message: a lamp stripe, the text and a close button, fading in and out."""

    def __init__(self, notice: Notice, text: str, timeout_ms: int) -> None:
        super().__init__(notice)
        self.setObjectName("noticeCard")
        self.setAccessibleName(self.tr("Notice"))
        self.setAccessibleDescription(text)
        self._notice = notice
        self.text = text
        self.timeout_ms = timeout_ms
        self.closing = False
        self.label = QLabel(text)
        self.label.setObjectName("noticeText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # file names may hold "<" and "&"
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.close_button = QToolButton()
        self.close_button.setObjectName("noticeClose")
        self.close_button.setText("\N{MULTIPLICATION SIGN}")
        self.close_button.setAccessibleName(self.tr("Dismiss notice"))
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click never takes focus
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.fade_out)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 9, 8, 10)
        row.setSpacing(8)
        row.addWidget(self.label, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.fade_out)
        self._opacity = QGraphicsOpacityEffect(self)
        self._opacity.setOpacity(0.0)
        self.setGraphicsEffect(self._opacity)
        self._fade = QPropertyAnimation(self._opacity, b"opacity", self)
        self._fade.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._fade.finished.connect(self._on_fade_finished)

    def fade_in(self) -> None:
        """Appear, then wait out the timeout (none when it is 0)."""
        self.closing = False
        self._animate(self._opacity.opacity(), 1.0, _FADE_IN_MS)
        self.restart()

    def restart(self) -> None:
        """Start the timeout again, as when the same message comes again."""
        if self.timeout_ms > 0 and not self.closing:
            self._timer.start(self.timeout_ms)

    def fade_out(self) -> None:
        """Fade away and leave the stack."""
        if not self.closing:
            self.closing = True
            self._timer.stop()
            self._animate(self._opacity.opacity(), 0.0, _FADE_OUT_MS)

    def _animate(self, start: float, end: float, duration_ms: int) -> None:
        self._fade.stop()
        self._fade.setDuration(duration_ms)
        self._fade.setStartValue(start)
        self._fade.setEndValue(end)
        self._fade.start()

    def _on_fade_finished(self) -> None:
        if self.closing:
            self._notice.remove_card(self)

    def enterEvent(self, event: QEnterEvent) -> None:
        """Hold the message while the pointer rests on it."""
        self._timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        """Let the message go again once the pointer leaves."""
        self.restart()
        super().leaveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the card: opaque panel, brass edge, a lit lamp stripe at the left."""
        theme = self._notice.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        body = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        face = QColor(theme.panel)
        face.setAlpha(250)
        painter.setPen(QPen(theme.brass_dark, 1))
        painter.setBrush(face)
        painter.drawRoundedRect(body, 8, 8)
        stripe = QRectF(body.left() + 6, body.top() + 8, 4, body.height() - 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.accent)
        painter.drawRoundedRect(stripe, 2, 2)
        painter.end()


class Notice(QWidget):
    """Short, non-blocking messages in the bottom corner of ``parent``.

    Parameters
    ----------
    theme
        Colours and fonts.
    parent
        The window whose bottom-right corner holds the messages; they follow its size.

    """

    def __init__(self, theme: Theme, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setAccessibleName(self.tr("Notices"))
        self.theme = theme
        self._cards: list[_Card] = []
        self.bottom_clearance_px = 0  # room kept free above the parent's bottom edge
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(8)
        self.hide()
        parent.installEventFilter(self)

    # ---------------------------------------------------------------- public
    def show_message(self, text: str, timeout_ms: int = 6000) -> None:
        """Show ``text`` for ``timeout_ms`` (0: until closed), below any messages showing.

        The same text again restarts its card instead of adding another; beyond
        :data:`MAX_MESSAGES` the oldest message goes.
        """
        for card in self._cards:
            if card.text == text and not card.closing:
                card.timeout_ms = timeout_ms
                card.restart()
                return
        card = _Card(self, text, timeout_ms)
        self._style_card(card)
        self._cards.append(card)
        self._column.addWidget(card)
        card.show()  # now, so the layout counts it when placing the stack
        while len(self._cards) > MAX_MESSAGES:
            self.remove_card(self._cards[0])
        self._place()
        self.show()
        self.raise_()
        card.fade_in()
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(card, text))

    def follow(self, source: QObject) -> None:
        """Show what ``source`` has to tell the user, now and from now on.

        ``source`` may hold ``notices``, a list of messages from before the window was there
        (a damaged file set aside, a library that could not be opened), each shown now for
        :data:`NOTICE_TIMEOUT_MS`, and a ``message_posted(str)`` signal for later ones.
        """
        for text in getattr(source, "notices", ()):
            self.show_message(text, NOTICE_TIMEOUT_MS)
        posted = getattr(source, "message_posted", None)
        if posted is not None:
            posted.connect(self._on_message_posted)

    def _on_message_posted(self, text: str) -> None:
        self.show_message(text, NOTICE_TIMEOUT_MS)

    def messages(self) -> list[str]:
        """Return the texts showing (not fading away), oldest first."""
        return [card.text for card in self._cards if not card.closing]

    def cards(self) -> list[QFrame]:
        """Return the message cards, oldest first."""
        return list(self._cards)

    def clear(self) -> None:
        """Fade every message away."""
        for card in self._cards:
            card.fade_out()

    def set_theme(self, theme: Theme) -> None:
        """Restyle in another look."""
        self.theme = theme
        for card in self._cards:
            self._style_card(card)

    def remove_card(self, card: _Card) -> None:
        """Take ``card`` off the stack at once."""
        if card in self._cards:
            self._cards.remove(card)
            self._column.removeWidget(card)
            card.hide()
            card.deleteLater()
        if self._cards:
            self._place()
        else:
            self.hide()

    # ---------------------------------------------------------------- placing
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep to the parent's corner as it resizes."""
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self._cards:
            self._place()
        return False

    def _place(self) -> None:
        parent = self.parentWidget()
        width = max(160, min(_MAX_WIDTH_PX, parent.width() - 2 * _MARGIN_PX))
        self._column.activate()
        if self._column.hasHeightForWidth():
            height = self._column.totalHeightForWidth(width)
        else:
            height = self._column.totalSizeHint().height()
        x = parent.width() - width - _MARGIN_PX
        y = parent.height() - height - _MARGIN_PX - self.bottom_clearance_px
        self.setGeometry(max(0, x), max(0, y), width, height)

    def _style_card(self, card: _Card) -> None:
        theme = self.theme
        card.label.setFont(theme.text_font(13))
        card.close_button.setFont(theme.text_font(17, bold=True))
        ink, dim, accent = theme.ink.name(), theme.ink_dim.name(), theme.accent.name()
        card.setStyleSheet(
            f"""
            #noticeText {{ color: {ink}; background: transparent; }}
            #noticeClose {{
                color: {dim}; background: transparent; border: 1px solid transparent;
                border-radius: 4px; padding: 0 5px;
            }}
            #noticeClose:hover {{ color: {ink}; }}
            #noticeClose:focus {{ color: {accent}; border-color: {accent}; }}
            """
        )
        card.update()
