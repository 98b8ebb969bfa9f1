"""Qt's messages reach Python's logging with their level; the expected ones as debug."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLoggingCategory, qCWarning, qInstallMessageHandler, qWarning

from app.platform.qt_messages import EXPECTED, route_qt_messages


@pytest.fixture
def routed() -> Iterator[None]:
    route_qt_messages()
    yield
    qInstallMessageHandler(None)


def test_a_qt_warning_is_logged_as_a_warning_with_its_category(
    routed: None, caplog: pytest.LogCaptureFixture
) -> None:
    category = QLoggingCategory("starlight.test")
    with caplog.at_level(logging.DEBUG, logger="qt"):
        qCWarning(category, "the valve is cold")
    [record] = caplog.records
    assert record.name == "qt"
    assert record.levelno == logging.WARNING
    assert record.getMessage() == "starlight.test: the valve is cold"


def test_an_expected_message_is_only_debug(routed: None, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="qt"):
        qWarning(EXPECTED[0] + " Only QAudioSink is available.")
    [record] = caplog.records
    assert record.levelno == logging.DEBUG
    assert record.getMessage().startswith("default: No QtMultimedia backends found.")
