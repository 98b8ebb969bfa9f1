"""The log goes to the terminal and to a rotating file; a bad folder never stops the app."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import qInstallMessageHandler, qWarning

from app.platform import logs
from app.platform.logs import LOG_FILE_NAME, setup_logging
from app.platform.qt_messages import route_qt_messages

log = logging.getLogger("app.test_logs")


@pytest.fixture(autouse=True)
def restore_root_logger() -> Iterator[None]:
    """Give the root logger back its handlers and level (pytest's own among them)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    logs._installed.clear()
    root.setLevel(level)


def test_the_file_lives_in_the_state_folder_with_times_and_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = setup_logging(verbose=False)
    assert path == tmp_path / "state" / "starlight" / "logs" / LOG_FILE_NAME
    worker = threading.Thread(target=lambda: log.info("the valve warmed up"), name="warm-up")
    worker.start()
    worker.join()
    line = next(x for x in path.read_text().splitlines() if "the valve warmed up" in x)
    pattern = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} INFO +\[warm-up\] app\.test_logs: "
    assert re.match(pattern, line), line


def test_quiet_by_default_warnings_on_the_terminal_info_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = setup_logging(verbose=False, folder=tmp_path)
    assert path is not None
    log.debug("tube bias")
    log.info("record sleeve opened")
    log.warning("the belt slips")
    text = path.read_text()
    assert "record sleeve opened" in text and "the belt slips" in text
    assert "tube bias" not in text
    err = capsys.readouterr().err
    assert "starlight: WARNING: the belt slips" in err.splitlines()
    assert "record sleeve opened" not in err


def test_verbose_puts_debug_detail_in_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = setup_logging(verbose=True, folder=tmp_path)
    assert path is not None
    log.debug("tube bias")
    assert "tube bias" in path.read_text()
    assert "starlight: DEBUG: tube bias" in capsys.readouterr().err.splitlines()


def test_a_second_setup_replaces_the_handlers_instead_of_doubling_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging(verbose=False, folder=tmp_path)
    path = setup_logging(verbose=False, folder=tmp_path)
    assert path is not None
    log.warning("once only")
    assert path.read_text().count("once only") == 1
    assert capsys.readouterr().err.count("once only") == 1


def test_the_file_rotates_and_keeps_five_old_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = setup_logging(verbose=False, folder=tmp_path)
    assert path is not None
    for number in range(400):  # about 40 kB: many times over the limit
        log.info("groove %04d of the side", number)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [LOG_FILE_NAME] + [f"{LOG_FILE_NAME}.{n}" for n in range(1, 6)]
    assert all(p.stat().st_size <= 2_000 for p in tmp_path.iterdir())
    assert "groove 0399 of the side" in path.read_text()  # the newest stays in the live file
    oldest = (tmp_path / f"{LOG_FILE_NAME}.5").read_text()
    assert "groove 0399" not in oldest and "groove" in oldest


def test_a_folder_that_cannot_be_made_leaves_the_terminal_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be")
    assert setup_logging(verbose=False, folder=blocker / "logs") is None
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("starlight: cannot keep a log in ")
    log.warning("still heard")
    assert "starlight: WARNING: still heard" in capsys.readouterr().err


def test_a_file_that_stops_taking_writes_says_so_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    class FullDisk:
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

        def seek(self, offset: int, whence: int = 0) -> int:
            return 0

        def tell(self) -> int:
            return 0

        def flush(self) -> None:
            pass

        def close(self) -> None:
            pass

    path = setup_logging(verbose=False, folder=tmp_path)
    [handler] = [h for h in logs._installed if isinstance(h, logging.FileHandler)]
    stream = handler.stream
    assert stream is not None
    stream.close()
    handler.stream = FullDisk()  # type: ignore[assignment]
    log.info("first lost line")
    log.info("second lost line")
    err = capsys.readouterr().err.splitlines()
    full = "[Errno 28] No space left on device"
    assert err == [f"starlight: cannot write the log file {path}: {full}"]


def test_qt_messages_land_in_the_file(tmp_path: Path) -> None:
    path = setup_logging(verbose=False, folder=tmp_path)
    assert path is not None
    route_qt_messages()
    try:
        qWarning("the platter wobbles")
    finally:
        qInstallMessageHandler(None)
    assert re.search(r"WARNING +\[MainThread\] qt: default: the platter wobbles", path.read_text())
