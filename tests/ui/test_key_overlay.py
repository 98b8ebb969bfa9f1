"""The key overlay: lists every binding on the card, follows its window, closes on Esc."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.key_overlay import KeyOverlay, key_groups
from app.ui.theme import DAY, NIGHT

BINDINGS = [
    ("Space", "Play or pause"),
    ("← / →", "Seek 5 seconds"),
    ("↑ / ↓", "Volume"),
    ("N", "Next track"),
    ("P", "Previous track"),
    ("F", "Flip the record"),
    ("M", "Mute"),
    ("Ctrl+F", "Search the crate"),
    ("Ctrl+Shift+S", "Save the queue as a playlist"),
    ("Ctrl++", "Zoom in"),
    ("Delete", "Remove from the queue"),
    ("?", "Show these keys"),
]


def _window(qtbot: QtBot, width: int = 1000, height: int = 700) -> tuple[QWidget, QLineEdit]:
    window = QWidget()
    qtbot.addWidget(window)
    field = QLineEdit(window)
    QVBoxLayout(window).addWidget(field)
    window.resize(width, height)
    window.show()
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    return window, field


def test_key_groups_split_alternatives_and_combinations() -> None:
    assert key_groups("Ctrl+Shift+S") == [["Ctrl", "Shift", "S"]]
    assert key_groups("← / →") == [["←"], ["→"]]
    assert key_groups("Ctrl++") == [["Ctrl", "+"]]
    assert key_groups("+") == [["+"]]
    assert key_groups("N, P") == [["N"], ["P"]]


@pytest.mark.parametrize(("width", "height"), [(1000, 700), (520, 380)])
def test_every_binding_is_laid_out_on_the_card_without_overlap(
    qtbot: QtBot, width: int, height: int
) -> None:
    window, _ = _window(qtbot, width, height)
    overlay = KeyOverlay(BINDINGS, NIGHT, window)
    overlay.open_overlay()
    card = overlay.card_rect()
    assert overlay.rect().toRectF().contains(card)
    rows = overlay.row_rects()
    assert len(rows) == len(BINDINGS)
    boxes = [rect for row in rows for rect in row]
    for box in boxes:
        assert card.contains(box) and box.width() > 10
    for a, b in itertools.combinations(boxes, 2):
        overlap = a.intersected(b)
        assert overlap.width() * overlap.height() < 0.5
    described = overlay.accessibleDescription()
    assert all(f"{keys}: {action}" in described for keys, action in BINDINGS)


def test_overlay_opens_over_the_window_and_closes_on_escape(qtbot: QtBot) -> None:
    window, field = _window(qtbot)
    overlay = KeyOverlay(BINDINGS, NIGHT, window)
    assert not overlay.isVisible()
    overlay.toggle()
    assert overlay.isVisible() and overlay.geometry() == window.rect()
    qtbot.waitUntil(overlay.hasFocus)
    qtbot.keyClick(overlay, Qt.Key.Key_Tab)  # Tab does not wander to the field beneath
    assert overlay.hasFocus()
    qtbot.keyClick(overlay, Qt.Key.Key_Escape)
    assert not overlay.isVisible()
    qtbot.waitUntil(field.hasFocus)  # the keyboard goes back where it was


def test_question_mark_and_a_click_close_it_too(qtbot: QtBot) -> None:
    window, _ = _window(qtbot)
    overlay = KeyOverlay(BINDINGS, DAY, window)
    overlay.toggle()
    qtbot.keyClick(overlay, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    assert not overlay.isVisible()
    overlay.toggle()
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not overlay.isVisible()
    overlay.toggle()
    overlay.toggle()
    assert not overlay.isVisible()


def test_overlay_follows_the_window_size(qtbot: QtBot) -> None:
    window, _ = _window(qtbot, 900, 600)
    overlay = KeyOverlay(BINDINGS, NIGHT, window)
    overlay.open_overlay()
    large = overlay.card_rect()
    window.resize(480, 340)
    qtbot.waitUntil(lambda: overlay.geometry() == window.rect())
    small = overlay.card_rect()
    assert small.width() < large.width()
    assert overlay.rect().toRectF().contains(small)
    overlay.set_bindings(BINDINGS[:3])
    assert len(overlay.row_rects()) == 3


def test_overlay_paints_a_lit_card_over_a_darkened_window(qtbot: QtBot) -> None:
    window, _ = _window(qtbot, 800, 560)
    overlay = KeyOverlay(BINDINGS, NIGHT, window)
    overlay.open_overlay()
    image = overlay.grab().toImage()
    card = overlay.card_rect()
    inside = image.pixelColor(int(card.center().x()), int(card.top() + 8))
    outside = image.pixelColor(3, 3)
    assert inside.alpha() == 255 and outside.alpha() < 255  # the window shows around the card
    assert inside.red() > inside.blue()  # lamp-warm, not grey
