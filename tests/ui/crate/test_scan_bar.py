"""The scan bar: busy while counting, counts while reading, Cancel, then it steps aside."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.library.scanner import ScanProgress
from app.ui.crate import scan_bar
from app.ui.crate.scan_bar import ScanBar
from app.ui.theme import DAY, NIGHT


@pytest.fixture
def bar(qtbot: QtBot) -> ScanBar:
    widget = ScanBar(NIGHT)
    qtbot.addWidget(widget)
    return widget


def test_counting_is_busy_then_reading_fills_the_bar(bar: ScanBar) -> None:
    assert not bar.isVisible()
    bar.show_progress(ScanProgress(files_seen=812))
    assert bar.isVisible()
    assert (bar.progress.minimum(), bar.progress.maximum()) == (0, 0)  # busy
    assert bar.label.text() == "Looking for music · 812 files found"
    bar.show_progress(ScanProgress(files_seen=12345, files_to_read=5000, files_read=3210))
    assert bar.label.text() == "12,345 files found · 3,210 of 5,000 read"
    assert (bar.progress.maximum(), bar.progress.value()) == (5000, 3210)
    assert bar.cancel_button.isVisible() and bar.cancel_button.isEnabled()


def test_cancel_asks_once_and_waits_for_the_scan(qtbot: QtBot, bar: ScanBar) -> None:
    bar.show_progress(ScanProgress(files_seen=10, files_to_read=10, files_read=1))
    with qtbot.waitSignal(bar.cancel_requested):
        qtbot.mouseClick(bar.cancel_button, Qt.MouseButton.LeftButton)
    assert not bar.cancel_button.isEnabled()
    assert bar.cancel_button.text() == "Cancelling…"
    bar.show_progress(ScanProgress(files_seen=10, files_to_read=10, files_read=2))
    assert not bar.cancel_button.isEnabled()
    bar.show_finished(ScanProgress(files_seen=10, files_read=2, added=2, cancelled=True, done=True))
    assert bar.label.text() == "Scan cancelled · 2 added"
    assert bar.cancel_button.isHidden()
    bar.show_progress(ScanProgress(files_seen=3))  # the next scan can be cancelled again
    assert bar.cancel_button.isEnabled() and bar.cancel_button.text() == "Cancel"


def test_the_bar_reports_the_end_and_hides_itself(
    qtbot: QtBot, bar: ScanBar, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scan_bar, "FINISHED_HIDE_MS", 50)
    bar.show_progress(ScanProgress(files_seen=40, files_to_read=40, files_read=20))
    end = ScanProgress(files_seen=40, files_read=40, added=38, errors=2, done=True)
    bar.show_finished(end)
    assert bar.label.text() == "Library up to date · 38 added · 2 unreadable"
    assert bar.isVisible()
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=2000)
    bar.show_finished(ScanProgress(files_seen=7, done=True))
    assert bar.label.text() == "Library up to date · 7 files checked"


def test_a_failure_is_shown_in_the_warning_colour(bar: ScanBar) -> None:
    bar.show_failed("the library file is locked")
    assert bar.isVisible()
    assert bar.label.text() == "The scan failed: the library file is locked"
    assert bar.label.palette().color(bar.label.foregroundRole()) == NIGHT.warning
    bar.set_theme(DAY)
    bar.show_progress(ScanProgress(files_seen=1))
    assert bar.label.palette().color(bar.label.foregroundRole()) == DAY.ink  # reads on day wood
