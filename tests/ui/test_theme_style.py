"""The application style sheet: parses cleanly in both themes and styles what it promises."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollBar,
    QSlider,
    QTableWidget,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.ui.theme import DAY, NIGHT, Theme
from app.ui.theme_style import style_sheet

PROMISED = (
    "QPushButton", "QToolButton", "QSlider", "QComboBox", "QLineEdit", "QListView", "QTreeView",
    "QTableView", "QHeaderView", "QScrollBar", "QTabWidget", "QTabBar", "QMenu", "QProgressBar",
    "QToolTip", "QDialog", "QGroupBox", "QCheckBox", "QRadioButton", "QLabel#caption",
)  # fmt: skip


@pytest.fixture
def qt_messages(qapp: QApplication) -> Iterator[list[str]]:
    """Collect every Qt warning and critical message while the test runs."""
    messages: list[str] = []

    def handler(kind: QtMsgType, _context: object, text: str) -> None:
        # The offscreen platform plugin's notices (raise, grabs, size hints) are not ours.
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg) and not text.startswith(
            "This plugin does not support"
        ):
            messages.append(text)

    previous = qInstallMessageHandler(handler)
    yield messages
    qInstallMessageHandler(previous)
    qapp.setStyleSheet("")


def _gallery(qtbot: QtBot) -> tuple[QDialog, dict[str, QWidget]]:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    caption = QLabel("SHELF")
    caption.setObjectName("caption")
    combo = QComboBox()
    combo.addItems(["33 rpm", "45 rpm"])
    tree = QTreeWidget()
    QTreeWidgetItem(tree, ["Side A"])
    tabs = QTabWidget()
    tabs.addTab(QWidget(), "Queue")
    group = QGroupBox("Output")
    QVBoxLayout(group).addWidget(QRadioButton("Speakers"))
    checked = QToolButton()
    checked.setCheckable(True)
    checked.setChecked(True)
    widgets: dict[str, QWidget] = {
        "caption": caption,
        "button": QPushButton("Play"),
        "tool": checked,
        "slider": QSlider(Qt.Orientation.Horizontal),
        "combo": combo,
        "edit": QLineEdit("search"),
        "list": QListWidget(),
        "tree": tree,
        "table": QTableWidget(3, 2),
        "scroll": QScrollBar(Qt.Orientation.Vertical),
        "tabs": tabs,
        "progress": QProgressBar(),
        "group": group,
        "check": QCheckBox("Crackle"),
    }
    for widget in widgets.values():
        layout.addWidget(widget)
    dialog.resize(420, 900)
    return dialog, widgets


@pytest.mark.parametrize("theme", [NIGHT, DAY], ids=["night", "day"])
def test_sheet_applies_without_warnings(
    qtbot: QtBot, qapp: QApplication, qt_messages: list[str], theme: Theme
) -> None:
    sheet = style_sheet(theme)
    assert all(selector in sheet for selector in PROMISED)
    assert "$" not in sheet  # every template value was filled in
    qapp.setStyleSheet(sheet)
    dialog, widgets = _gallery(qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    menu = QMenu()
    menu.addAction("Open")
    menu.addSeparator()
    menu.addAction("Quit")
    menu.ensurePolished()
    widgets["edit"].setFocus()
    image = dialog.grab().toImage()
    menu.grab()
    widgets["combo"].showPopup()
    widgets["combo"].hidePopup()
    widgets["edit"].setStyleSheet(sheet)  # also as a widget's own sheet
    widgets["edit"].grab()
    assert qt_messages == []
    assert not image.isNull()


def test_the_warning_catcher_sees_a_broken_sheet(
    qtbot: QtBot, qapp: QApplication, qt_messages: list[str]
) -> None:
    qapp.setStyleSheet(style_sheet(NIGHT) + "QPushButton { color: ; background: qlineargradient(")
    button = QPushButton("Play")
    qtbot.addWidget(button)
    button.show()
    button.grab()
    assert any("style" in message.lower() for message in qt_messages)


def _pixel(widget: QWidget, x: int, y: int) -> QColor:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return image.pixelColor(x, y)


def test_keyboard_focus_turns_the_rim_amber(qtbot: QtBot, qapp: QApplication) -> None:
    qapp.setStyleSheet(style_sheet(NIGHT))
    try:
        holder = QWidget()
        qtbot.addWidget(holder)
        layout = QVBoxLayout(holder)
        first, second = QPushButton("First"), QPushButton("Second")
        layout.addWidget(first)
        layout.addWidget(second)
        holder.show()
        qtbot.waitExposed(holder)
        first.setFocus()
        qtbot.waitUntil(first.hasFocus)
        focused_size = first.size()
        edge_focused = _pixel(first, 0, first.height() // 2)
        second.setFocus()
        qtbot.waitUntil(second.hasFocus)
        edge_plain = _pixel(first, 0, first.height() // 2)
        assert first.size() == focused_size  # nothing moves when focus arrives
        accent = NIGHT.accent
        assert abs(edge_focused.red() - accent.red()) < 30
        assert abs(edge_focused.green() - accent.green()) < 30
        assert abs(edge_plain.green() - accent.green()) > 30
    finally:
        qapp.setStyleSheet("")


def test_night_and_day_sheets_differ(qapp: QApplication) -> None:
    night, day = style_sheet(NIGHT), style_sheet(DAY)
    assert night != day
    assert NIGHT.accent.red() != DAY.accent.red()
    assert f"rgba({NIGHT.accent.red()}, {NIGHT.accent.green()}" in night
    assert f"rgba({DAY.accent.red()}, {DAY.accent.green()}" in day


def test_the_combo_arrow_is_drawn_into_the_cache(qapp: QApplication) -> None:
    for theme in (NIGHT, DAY):
        match = re.search(r'QComboBox::down-arrow \{ image: url\("([^"]+)"\)', style_sheet(theme))
        assert match is not None
        arrow = Path(match.group(1))
        assert arrow.is_file() and arrow.read_text(encoding="utf-8").startswith("<svg")
        assert QImage(str(arrow)).width() == 10
