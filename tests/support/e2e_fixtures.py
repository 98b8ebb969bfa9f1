"""Fixtures for end-to-end tests: private PulseAudio, a monitor recorder, Xvfb and D-Bus.

Policy when a needed tool is missing or a service does not start: with ``CI=true`` the test
fails (CI must run the end-to-end tests); anywhere else it is skipped with the reason.

The session-scoped services put their client environment into ``os.environ`` for the rest of
the session (restored afterwards), so that in-process code and subprocesses reach the private
servers, never the user's real ones. Qt finds a PulseAudio server only if it exists before
QtMultimedia first looks: request ``pulse`` before ``qapp``/``qtbot`` (fixtures of the same
scope are set up in argument order), or start the app in a subprocess.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import NoReturn, TypeVar

import pytest

from tests.e2e.player import Player, wait_until
from tests.support.services import (
    DBUS_TOOLS,
    PULSE_TOOLS,
    XVFB_TOOLS,
    PulseServer,
    Recorder,
    ServiceError,
    SessionBus,
    XvfbServer,
    require_tools,
)


def unavailable(reason: str) -> NoReturn:
    """Fail under ``CI=true``, otherwise skip, with ``reason``."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: end-to-end tests must not be skipped)", pytrace=False)
    pytest.skip(reason)


def require(*tools: str, what: str) -> None:
    """Apply the policy when any of ``tools`` is missing."""
    missing = require_tools(*tools)
    if missing:
        unavailable(f"{what} needs missing executables: {', '.join(missing)}")


S = TypeVar("S", PulseServer, XvfbServer, SessionBus)


def _serve(service: S, what: str, tools: tuple[str, ...], into_environ: bool = True) -> Iterator[S]:
    """Start ``service`` under the policy, put its env in os.environ, stop it afterwards."""
    require(*tools, what=what)
    try:
        service.start()
    except ServiceError as exc:
        unavailable(f"{what} did not start: {exc}")
    if into_environ:
        service.apply_to_environ()
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture(scope="session")
def pulse() -> Iterator[PulseServer]:
    """A private PulseAudio server with a null sink ``test_sink``; its env is in os.environ."""
    yield from _serve(PulseServer(), "PulseAudio", PULSE_TOOLS)


def private_pulse() -> Iterator[PulseServer]:
    """Serve a PulseAudio of a test's own, for app processes it starts (not os.environ).

    For tests that break the server, or need one apart from the session's: Qt in this
    process stays connected to the session's server.
    """
    yield from _serve(PulseServer(), "PulseAudio", PULSE_TOOLS, into_environ=False)


@pytest.fixture
def recorder(pulse: PulseServer) -> Iterator[Recorder]:
    """Record the session server's sink monitor for the duration of one test."""
    rec = Recorder(pulse)
    try:
        rec.start()
    except ServiceError as exc:
        unavailable(f"parec did not start: {exc}")
    try:
        yield rec
    finally:
        rec.stop()


@pytest.fixture(scope="session")
def xvfb() -> Iterator[XvfbServer]:
    """A private 1600x1000 X server; its ``DISPLAY`` is in os.environ."""
    yield from _serve(XvfbServer(), "Xvfb", XVFB_TOOLS)


@pytest.fixture(scope="session")
def session_bus() -> Iterator[SessionBus]:
    """A private D-Bus session bus; its ``DBUS_SESSION_BUS_ADDRESS`` is in os.environ."""
    yield from _serve(SessionBus(), "D-Bus", DBUS_TOOLS)


@pytest.fixture(scope="session")
def need_tools() -> Callable[..., None]:
    """Return :func:`require`, for tests that need an extra executable (policy applied)."""
    return require


@pytest.fixture(scope="session")
def ffmpeg_cli() -> str:
    """Path of the ``ffmpeg`` executable (policy applied when it is missing)."""
    require("ffmpeg", what="Test media")
    path = shutil.which("ffmpeg")
    assert path is not None
    return path


@pytest.fixture
def player(pulse: PulseServer, qapp: object) -> Iterator[Player]:
    """An in-process engine on a real Qt output, playing to the private PulseAudio."""
    p = Player()
    wait_until(lambda: p.output.available, 5, "the audio output to open")
    yield p
    p.close()
