import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.audio.pulse_watch import QT_RECONNECT_S, PulseWatch, answers, server_socket


def test_the_server_socket_is_found_as_libpulse_finds_it() -> None:
    assert server_socket({"PULSE_SERVER": "unix:/run/a/native"}) == Path("/run/a/native")
    assert server_socket({"PULSE_SERVER": "{abc}unix:/x tcp:host"}) == Path("/x")
    assert server_socket({"PULSE_SERVER": "/y/native"}) == Path("/y/native")
    assert server_socket({"PULSE_SERVER": "tcp:host:4713"}) is None  # not ours to watch
    assert server_socket({"PULSE_RUNTIME_PATH": "/r"}) == Path("/r/native")
    assert server_socket({"XDG_RUNTIME_DIR": "/run/user/1"}) == Path("/run/user/1/pulse/native")
    assert server_socket({}) is None


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def listening(tmp_path: Path) -> Iterator[tuple[Path, socket.socket]]:
    path = tmp_path / "native"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    yield path, server
    server.close()


def test_a_listening_socket_answers_and_a_closed_one_does_not(
    listening: tuple[Path, socket.socket],
) -> None:
    path, server = listening
    assert answers(path)
    server.close()
    assert not answers(path)  # the file is left behind, as after a crash


def test_streams_wait_while_the_server_is_away_and_a_while_after_it_is_back(
    listening: tuple[Path, socket.socket], tmp_path: Path
) -> None:
    path, server = listening
    clock = Clock()
    watch = PulseWatch(path, clock)
    assert watch.watching and watch.may_start()
    server.close()  # the server dies
    clock.now += 1
    watch.poll()
    assert not watch.may_start()
    path.unlink()
    again = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # ... and comes back
    again.bind(str(path))
    again.listen(8)
    try:
        clock.now += 1
        watch.poll()
        assert not watch.may_start()  # Qt has not connected again yet
        clock.now += QT_RECONNECT_S
        assert watch.may_start()
    finally:
        again.close()


def test_a_dead_stream_holds_streams_back_for_qt_to_reconnect(
    listening: tuple[Path, socket.socket],
) -> None:
    path, _server = listening
    clock = Clock()
    watch = PulseWatch(path, clock)
    watch.lost()  # a stream stopped taking sound: the server may have bounced
    assert not watch.may_start()
    clock.now += QT_RECONNECT_S
    assert watch.may_start()


def test_without_a_local_server_nothing_is_watched(tmp_path: Path) -> None:
    assert PulseWatch(None).may_start()
    assert not PulseWatch(tmp_path / "missing").watching
