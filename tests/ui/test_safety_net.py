"""The safety net: unhandled errors are logged once and shown in one dialog; the app goes on."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from app.ui import safety_net
from app.ui.crash_dialog import CrashDialog
from app.ui.safety_net import SafetyNet, install_safety_net

# pytest-qt would catch these errors itself and fail the test: here they are the point.
pytestmark = pytest.mark.qt_no_exception_capture


class ValveError(RuntimeError):
    """An error no library raises, so no other code can be the source of a record."""


def cold_valve() -> None:
    raise ValveError("the valve is cold")


def missing_side() -> None:
    sides: dict[str, int] = {}
    sides["side"] += 1  # KeyError: 'side'


def gui_thread() -> object:
    app = QApplication.instance()
    assert app is not None
    return app.thread()


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def net(window: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SafetyNet]:
    monkeypatch.setattr(safety_net, "DIALOG_GAP_S", 0.0)
    interrupts: list[bool] = []
    net = SafetyNet(lambda: window, tmp_path, on_interrupt=lambda: interrupts.append(True))
    net.interrupts = interrupts  # type: ignore[attr-defined]
    net.install()
    yield net
    net.uninstall()
    if net.dialog is not None:
        net.dialog.close()


def crash_dialogs() -> list[CrashDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog)]


def showing(net: SafetyNet) -> bool:
    return net.dialog is not None and net.dialog.isVisible()


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "starlight.crash" and r.exc_info]


def test_an_error_in_a_slot_is_logged_shown_and_the_app_goes_on(
    qtbot: QtBot, net: SafetyNet, window: QWidget, caplog: pytest.LogCaptureFixture
) -> None:
    QTimer.singleShot(0, cold_valve)
    qtbot.waitUntil(lambda: showing(net), timeout=3000)
    [record] = tracebacks(caplog)
    assert record.exc_info is not None and record.exc_info[0] is ValveError
    assert "the valve is cold" in record.getMessage()
    dialog = net.dialog
    assert dialog is not None and crash_dialogs() == [dialog]
    assert dialog.parentWidget() is window
    assert dialog.message.text() == "ValveError: the valve is cold"
    assert not dialog.count_label.isVisible()
    assert "in cold_valve" in dialog.details.toPlainText()  # the traceback, in the drawer
    assert not dialog.details.isVisible()
    later: list[bool] = []
    QTimer.singleShot(0, lambda: later.append(True))
    qtbot.waitUntil(lambda: bool(later), timeout=2000)  # still processing events


def test_an_error_in_a_python_thread_reaches_the_dialog_on_the_gui_thread(
    qtbot: QtBot, net: SafetyNet, caplog: pytest.LogCaptureFixture
) -> None:
    worker = threading.Thread(target=cold_valve, name="starlight-tags")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: showing(net), timeout=3000)
    [record] = tracebacks(caplog)
    assert record.threadName == "starlight-tags"  # logged where it happened, at once
    assert "thread starlight-tags" in record.getMessage()
    dialog = net.dialog
    assert dialog is not None
    assert dialog.thread() is gui_thread()  # built on the GUI thread
    assert "in thread starlight-tags" in dialog.details_text()


def test_an_error_in_a_qthread_slot_is_caught_too(
    qtbot: QtBot, net: SafetyNet, caplog: pytest.LogCaptureFixture
) -> None:
    from PySide6.QtCore import QThread

    class Worker(QObject):
        @Slot()
        def run(self) -> None:
            cold_valve()

    thread = QThread()
    thread.setObjectName("worker-qthread")
    worker = Worker()
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    thread.start()
    try:
        qtbot.waitUntil(lambda: showing(net), timeout=3000)
    finally:
        thread.quit()
        thread.wait(2000)
    [record] = tracebacks(caplog)
    assert "in thread worker-qthread:" in record.getMessage()  # Qt's name, not "Dummy-1"
    assert net.dialog is not None and net.dialog.thread() is gui_thread()


def test_repeats_collapse_into_one_dialog_with_a_count(
    qtbot: QtBot, net: SafetyNet, caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(30):
        QTimer.singleShot(0, cold_valve)
    qtbot.waitUntil(lambda: showing(net) and net.dialog.total == 30, timeout=3000)  # type: ignore[union-attr]
    assert len(crash_dialogs()) == 1
    assert net.dialog is not None
    assert net.dialog.count_label.text() == "This happened 30 times."
    assert len(tracebacks(caplog)) == 1
    counts = [r.getMessage() for r in caplog.records if "the same error again" in r.getMessage()]
    assert [c.split(",")[1].split()[0] for c in counts] == ["2", "4", "8", "16"]


def test_a_different_error_joins_the_open_dialog(
    qtbot: QtBot, net: SafetyNet, caplog: pytest.LogCaptureFixture
) -> None:
    QTimer.singleShot(0, cold_valve)
    qtbot.waitUntil(lambda: showing(net), timeout=3000)
    QTimer.singleShot(0, missing_side)
    qtbot.waitUntil(lambda: net.dialog is not None and net.dialog.total == 2, timeout=3000)
    dialog = net.dialog
    assert dialog is not None and crash_dialogs() == [dialog]
    assert dialog.message.text() == "ValveError: the valve is cold"  # the first stays in view
    assert dialog.count_label.text() == "1 other error came up too; see the details."
    assert "KeyError: 'side'" in dialog.details_text()
    assert len(tracebacks(caplog)) == 2


def test_a_storm_of_different_errors_is_rate_limited(
    qtbot: QtBot, net: SafetyNet, caplog: pytest.LogCaptureFixture
) -> None:
    def raise_from(place: int) -> None:
        exec(compile("raise ValueError('storm')", f"<storm {place}>", "exec"))

    for place in range(60):  # 60 different places: 60 different errors
        QTimer.singleShot(0, lambda place=place: raise_from(place))
    qtbot.waitUntil(lambda: net.dialog is not None and net.dialog.total == 60, timeout=3000)
    assert len(crash_dialogs()) == 1
    assert len(tracebacks(caplog)) == safety_net.TRACEBACKS_PER_MINUTE
    said = [r for r in caplog.records if "too many errors" in r.getMessage()]
    assert len(said) == 1
    dialog = net.dialog
    assert dialog is not None and len(dialog.failures) == 20 and dialog.unlisted == 40


def test_the_dialog_is_dismissed_and_the_same_error_does_not_come_back(
    qtbot: QtBot, net: SafetyNet
) -> None:
    QTimer.singleShot(0, cold_valve)
    qtbot.waitUntil(lambda: showing(net), timeout=3000)
    dialog = net.dialog
    assert dialog is not None
    dialog.close_button.click()
    qtbot.waitUntil(lambda: net.dialog is None, timeout=2000)
    assert not dialog.isVisible()
    QTimer.singleShot(0, cold_valve)  # the same again: logged, not shown
    QTimer.singleShot(0, missing_side)  # a new one: shown
    qtbot.waitUntil(lambda: showing(net), timeout=3000)
    assert net.dialog is not None
    assert [f.summary for f in net.dialog.failures] == ["KeyError: 'side'"]


def test_a_new_dialog_waits_for_the_gap_after_the_last(
    qtbot: QtBot, net: SafetyNet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety_net, "DIALOG_GAP_S", 0.3)
    QTimer.singleShot(0, cold_valve)
    qtbot.waitUntil(lambda: showing(net), timeout=3000)
    assert net.dialog is not None
    net.dialog.reject()  # Escape
    QTimer.singleShot(0, missing_side)
    qtbot.wait(100)
    assert net.dialog is None  # within the gap
    qtbot.waitUntil(lambda: showing(net), timeout=3000)


def test_copy_details_puts_the_traceback_on_the_clipboard(qtbot: QtBot, net: SafetyNet) -> None:
    QTimer.singleShot(0, cold_valve)
    qtbot.waitUntil(lambda: showing(net), timeout=3000)
    dialog = net.dialog
    assert dialog is not None
    QGuiApplication.clipboard().clear()
    dialog.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text.startswith("Starlight Turntable ")
    assert (
        "ValveError: the valve is cold" in text and "in cold_valve\n    raise ValveError(" in text
    )
    assert dialog.copy_button.text() == "Copied"


def test_the_details_drawer_opens_and_closes(qtbot: QtBot, net: SafetyNet) -> None:
    QTimer.singleShot(0, cold_valve)
    qtbot.waitUntil(lambda: showing(net), timeout=3000)
    dialog = net.dialog
    assert dialog is not None
    closed_height = dialog.height()
    dialog.details_button.click()
    assert dialog.details.isVisible() and dialog.height() > closed_height
    dialog.details_button.click()
    assert not dialog.details.isVisible()


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_log_folder_asks_the_desktop_to_show_it(
    qtbot: QtBot, net: SafetyNet, tmp_path: Path
) -> None:
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")  # type: ignore[arg-type]
    try:
        QTimer.singleShot(0, cold_valve)
        qtbot.waitUntil(lambda: showing(net), timeout=3000)
        assert net.dialog is not None
        net.dialog.open_logs_button.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [url.toLocalFile() for url in catcher.urls] == [str(tmp_path)]


def test_keyboard_interrupt_quits_instead_of_reporting(
    qtbot: QtBot, net: SafetyNet, caplog: pytest.LogCaptureFixture
) -> None:
    def interrupt() -> None:
        raise KeyboardInterrupt

    QTimer.singleShot(0, interrupt)
    qtbot.waitUntil(lambda: bool(net.interrupts), timeout=3000)  # type: ignore[attr-defined]
    qtbot.wait(50)
    assert net.dialog is None
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_by_default_the_dialog_belongs_to_the_main_window(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety_net, "DIALOG_GAP_S", 0.0)
    shop = QMainWindow()
    qtbot.addWidget(shop)
    shop.show()
    net = install_safety_net(log_folder=None)
    try:
        QTimer.singleShot(0, cold_valve)
        qtbot.waitUntil(lambda: showing(net), timeout=3000)
        assert net.dialog is not None and net.dialog.parentWidget() is shop
        assert not net.dialog.open_logs_button.isEnabled()  # no folder to show
    finally:
        net.uninstall()
        if net.dialog is not None:
            net.dialog.close()


def test_uninstall_gives_the_hooks_back(window: QWidget) -> None:
    before = (sys.excepthook, threading.excepthook, sys.unraisablehook)
    net = install_safety_net(lambda: window)
    assert sys.excepthook == net._sys_hook
    net.uninstall()
    assert (sys.excepthook, threading.excepthook, sys.unraisablehook) == before


def test_without_a_qapplication_errors_are_logged_only(tmp_path: Path) -> None:
    code = (
        "import logging, threading\n"
        "logging.basicConfig(format='%(name)s %(levelname)s %(message)s')\n"
        "from app.ui.safety_net import install_safety_net\n"
        "install_safety_net(lambda: None)\n"
        "def boom(): raise ValueError('no shop yet')\n"
        "t = threading.Thread(target=boom, name='early'); t.start(); t.join()\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "print('app:', QCoreApplication.instance())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "app: None"
    assert "starlight.crash ERROR unhandled error in thread early: ValueError: no shop yet" in (
        result.stderr
    )
    assert "Traceback (most recent call last)" in result.stderr
