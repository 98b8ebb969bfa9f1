"""Notices: shown in the bottom corner, stacked, expiring, closable, never taking focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.notice import MAX_MESSAGES, Notice
from app.ui.theme import DAY, NIGHT


@pytest.fixture
def bench(qtbot: QtBot) -> tuple[QWidget, QLineEdit, Notice]:
    """A window with a focused field and a notice; the fixture keeps the window alive."""
    window = QWidget()
    qtbot.addWidget(window)
    field = QLineEdit(window)
    QVBoxLayout(window).addWidget(field)
    window.resize(800, 500)
    window.show()
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    return window, field, Notice(NIGHT, window)


def test_message_shows_in_the_bottom_corner_and_expires(
    qtbot: QtBot, bench: tuple[QWidget, QLineEdit, Notice]
) -> None:
    window, _, notice = bench
    assert not notice.isVisible()
    notice.show_message("2 items could not be added: a.txt (not audio)", timeout_ms=80)
    assert notice.isVisible()
    assert notice.messages() == ["2 items could not be added: a.txt (not audio)"]
    box = notice.geometry()
    assert window.rect().contains(box)
    assert window.width() - box.right() < 40 and window.height() - box.bottom() < 40
    assert box.height() >= notice.cards()[0].heightForWidth(box.width())
    qtbot.waitUntil(lambda: not notice.messages(), timeout=3000)
    qtbot.waitUntil(lambda: not notice.isVisible(), timeout=3000)
    assert notice.cards() == []


def test_messages_stack_and_repeat_without_copies(
    qtbot: QtBot, bench: tuple[QWidget, QLineEdit, Notice]
) -> None:
    _, _, notice = bench
    for n in range(MAX_MESSAGES + 1):
        notice.show_message(f"message {n}", timeout_ms=0)
    assert notice.messages() == [f"message {n}" for n in range(1, MAX_MESSAGES + 1)]
    notice.show_message("message 2", timeout_ms=0)
    assert notice.messages() == [f"message {n}" for n in range(1, MAX_MESSAGES + 1)]
    tops = [card.geometry().top() for card in notice.cards()]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # one above the other
    qtbot.wait(150)
    assert len(notice.messages()) == MAX_MESSAGES  # timeout 0: they stay until closed
    notice.clear()
    qtbot.waitUntil(lambda: not notice.isVisible(), timeout=3000)


def test_close_button_dismisses_one_message(
    qtbot: QtBot, bench: tuple[QWidget, QLineEdit, Notice]
) -> None:
    _, field, notice = bench
    notice.show_message("first", timeout_ms=0)
    notice.show_message("second", timeout_ms=0)
    close = notice.cards()[0].close_button
    assert close.accessibleName() == "Dismiss notice"
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert notice.messages() == ["second"]
    qtbot.waitUntil(lambda: len(notice.cards()) == 1, timeout=3000)
    assert field.hasFocus()


def test_showing_a_message_never_takes_the_keyboard(
    qtbot: QtBot, bench: tuple[QWidget, QLineEdit, Notice]
) -> None:
    _, field, notice = bench
    notice.show_message("Saved 12 tracks to Evening.m3u8.")
    qtbot.wait(50)
    assert field.hasFocus()
    close = notice.cards()[0].close_button
    assert close.focusPolicy() == Qt.FocusPolicy.TabFocus  # reachable, but not by a click


def test_text_is_shown_as_written_and_the_stack_follows_the_window(
    qtbot: QtBot, bench: tuple[QWidget, QLineEdit, Notice]
) -> None:
    window, _, notice = bench
    notice.show_message("b.flac (unreadable <bad header> & more)", timeout_ms=0)
    card = notice.cards()[0]
    assert card.label.text() == "b.flac (unreadable <bad header> & more)"
    assert card.label.textFormat() == Qt.TextFormat.PlainText
    window.resize(360, 300)
    qtbot.waitUntil(lambda: notice.geometry().right() < 360)
    assert window.rect().contains(notice.geometry())
    notice.set_theme(DAY)
    # once faded in, the card is the day shop's light panel
    qtbot.waitUntil(
        lambda: card.grab().toImage().pixelColor(card.width() // 2, 3).lightness() > 150
    )
    assert window.isVisible()
