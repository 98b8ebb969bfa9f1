"""One player per user: requests reach the running player, crashes leave nothing in the way."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLockFile, QThread
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from app.platform import single_instance
from app.platform.single_instance import (
    MAX_REQUEST_BYTES,
    Claim,
    Command,
    InstanceError,
    InstanceServer,
    ProtocolError,
    Reply,
    Request,
    contact,
    decode_request,
    instance_name,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def name() -> Iterator[str]:
    """A socket path in a short private folder (sun_path holds about 100 bytes)."""
    folder = tempfile.mkdtemp(prefix="si-", dir="/tmp")
    yield os.path.join(folder, "player.socket")
    shutil.rmtree(folder, ignore_errors=True)


class Caller(QThread):
    """Runs a blocking call off the GUI thread, which serves the socket meanwhile."""

    def __init__(self, call: Callable[[], object]) -> None:
        super().__init__()
        self.call = call
        self.result: object = None
        self.seconds = 0.0

    def run(self) -> None:
        t0 = time.perf_counter()
        self.result = self.call()
        self.seconds = time.perf_counter() - t0


def in_thread(qtbot: QtBot, call: Callable[[], object], timeout_ms: int = 10_000) -> Caller:
    """Run ``call`` on a thread while this (GUI) thread serves the socket."""
    caller = Caller(call)
    caller.start()
    deadline = time.monotonic() + timeout_ms / 1000
    while not caller.isFinished():
        assert time.monotonic() < deadline, "the call did not finish"
        QCoreApplication.processEvents()
        time.sleep(0.002)  # lets the caller's thread have the GIL (qtbot.wait keeps it)
    caller.wait()
    return caller


def raw_exchange(name: str, data: bytes, read_ms: int = 5000) -> bytes:
    """Send raw bytes and return everything the server says until it hangs up.

    Waits in short slices with sleeps between: PySide keeps the GIL inside Qt's blocking
    calls, and the server runs on the GUI thread of this same process.
    """
    socket = QLocalSocket()
    socket.connectToServer(name)
    assert socket.waitForConnected(1000), socket.errorString()
    socket.write(data)
    received = bytearray()
    deadline = time.monotonic() + read_ms / 1000
    while time.monotonic() < deadline:
        if socket.bytesToWrite() > 0:
            socket.waitForBytesWritten(10)
        else:
            socket.waitForReadyRead(10)
        received += socket.readAll().data()
        if socket.state() is QLocalSocket.LocalSocketState.UnconnectedState:
            break
        time.sleep(0.002)
    received += socket.readAll().data()
    socket.abort()
    return bytes(received)


@pytest.fixture
def server(qtbot: QtBot, name: str) -> Iterator[InstanceServer]:
    s = InstanceServer(name)
    s.listen()
    yield s
    s.close()


# ------------------------------------------------------------------------------ the round trip
def test_files_reach_the_running_player_exactly(
    qtbot: QtBot, server: InstanceServer, name: str
) -> None:
    odd_bytes = os.fsdecode(b"/music/caf\xe9 latin-1.flac")  # not UTF-8 on disk
    paths = ("/music/별빛 수리점/01 Jay's Shop.flac", odd_bytes, "/music/a b#c?.mp3")
    request = Request(Command.OPEN, paths, "/home/jay", "token-123_abc")
    with qtbot.waitSignal(server.request_received, timeout=5000) as received:
        caller = in_thread(qtbot, lambda: contact(request, may_claim=True, name=name))
    assert caller.result == Reply(True)
    assert received.args == [request]
    assert caller.seconds < 1.0


def test_a_busy_window_does_not_keep_the_caller_waiting(
    qtbot: QtBot, server: InstanceServer, name: str
) -> None:
    received: list[Request] = []
    server.request_received.connect(received.append)
    caller = Caller(lambda: contact(Request(Command.NEXT), may_claim=False, name=name))
    t0 = time.perf_counter()
    caller.start()
    while time.perf_counter() < t0 + 1.5:  # the GUI thread paints a heavy frame
        pass
    assert caller.isFinished(), "the answer waited for the GUI thread"
    assert caller.result == Reply(True)
    assert caller.seconds < 0.75
    assert received == [], "the window acts once its thread is free"
    qtbot.waitUntil(lambda: received == [Request(Command.NEXT)], timeout=5000)
    caller.wait()


@pytest.mark.parametrize("command", [Command.PLAY_PAUSE, Command.NEXT, Command.ACTIVATE])
def test_commands_without_files_reach_the_running_player(
    qtbot: QtBot, server: InstanceServer, name: str, command: Command
) -> None:
    with qtbot.waitSignal(server.request_received, timeout=5000) as received:
        caller = in_thread(qtbot, lambda: contact(Request(command), may_claim=False, name=name))
    assert caller.result == Reply(True)
    assert received.args[0].command is command


def test_a_remote_command_finds_no_player_at_once(name: str) -> None:
    t0 = time.perf_counter()
    assert contact(Request(Command.NEXT), may_claim=False, name=name) is None
    assert time.perf_counter() - t0 < 0.5
    lock = QLockFile(f"{name}.lock")
    assert lock.tryLock(0), "a remote command must not keep the lock"
    lock.unlock()


def test_the_first_start_claims_and_holds_the_lock_until_it_serves(qtbot: QtBot, name: str) -> None:
    claim = contact(Request(Command.OPEN, ("/a.flac",)), may_claim=True, name=name)
    assert isinstance(claim, Claim)
    other = QLockFile(f"{name}.lock")
    assert not other.tryLock(0), "a start meanwhile must wait for the window"
    server = claim.serve()
    try:
        assert server.listening
        assert other.tryLock(0), "serving releases the lock"
        other.unlock()
        with qtbot.waitSignal(server.request_received, timeout=5000):
            in_thread(qtbot, lambda: contact(Request(Command.STOP), may_claim=False, name=name))
    finally:
        server.close()
    assert not os.path.exists(name), "closing removes the socket file"


def test_a_start_while_the_first_builds_its_window_waits_and_hands_over(
    qtbot: QtBot, name: str
) -> None:
    claim = contact(Request(Command.ACTIVATE), may_claim=True, name=name)
    assert isinstance(claim, Claim)
    request = Request(Command.OPEN, ("/b.flac",))
    caller = Caller(lambda: contact(request, may_claim=True, name=name))
    caller.start()
    qtbot.wait(300)  # the first player is still starting
    assert not caller.isFinished()
    server = claim.serve()
    try:
        with qtbot.waitSignal(server.request_received, timeout=5000) as received:
            qtbot.waitUntil(caller.isFinished, timeout=5000)
        assert caller.result == Reply(True)
        assert received.args == [request]
    finally:
        caller.wait()
        server.close()


def test_a_start_that_never_finishes_starting_is_reported(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(single_instance, "LOCK_WAIT_MS", 200)
    holder = QLockFile(f"{name}.lock")
    assert holder.tryLock(0)  # a player that hangs while building its window
    try:
        reply = contact(Request(Command.OPEN, ("/a.flac",)), may_claim=True, name=name)
        assert reply == Reply(False, "another Starlight Turntable is still starting")
        assert contact(Request(Command.NEXT), may_claim=False, name=name) is None
    finally:
        holder.unlock()


# ------------------------------------------------------------------------------ crashes
CRASH = textwrap.dedent(
    """
    import os, signal, sys
    from PySide6.QtCore import QLockFile
    from PySide6.QtNetwork import QLocalServer
    name, what = sys.argv[1], sys.argv[2]
    if what == "socket":
        server = QLocalServer()
        assert server.listen(name), server.errorString()
    else:
        lock = QLockFile(name + ".lock")
        assert lock.tryLock(0)
    print("ready", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def crash_holding(name: str, what: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CRASH, name, what], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert "ready" in result.stdout


def test_a_socket_left_by_kill_9_neither_blocks_nor_delays_the_next_start(
    qtbot: QtBot, name: str
) -> None:
    crash_holding(name, "socket")
    assert stat.S_ISSOCK(os.lstat(name).st_mode), "the crash left its socket file"
    t0 = time.perf_counter()
    claim = contact(Request(Command.OPEN, ("/a.flac",)), may_claim=True, name=name)
    assert isinstance(claim, Claim)
    server = claim.serve()
    assert time.perf_counter() - t0 < 0.3
    try:
        with qtbot.waitSignal(server.request_received, timeout=5000):
            caller = in_thread(qtbot, lambda: contact(Request(Command.NEXT), False, name))
        assert caller.result == Reply(True)
    finally:
        server.close()


def test_a_lock_left_by_kill_9_is_taken_over_at_once(name: str) -> None:
    crash_holding(name, "lock")
    assert os.path.exists(f"{name}.lock")
    t0 = time.perf_counter()
    claim = contact(Request(Command.ACTIVATE), may_claim=True, name=name)
    assert isinstance(claim, Claim)
    assert time.perf_counter() - t0 < 0.3
    claim.release()


def test_listening_never_takes_the_socket_of_a_live_player(
    qtbot: QtBot, server: InstanceServer, name: str
) -> None:
    intruder = InstanceServer(name)
    with pytest.raises(InstanceError, match="already listens"):
        intruder.listen()
    with qtbot.waitSignal(server.request_received, timeout=5000):
        in_thread(qtbot, lambda: contact(Request(Command.STOP), False, name))


RACER = textwrap.dedent(
    """
    import os, sys, time
    from PySide6.QtCore import QCoreApplication, QTimer
    from app.platform.single_instance import Claim, Command, Request, contact
    name, index, go = sys.argv[1], sys.argv[2], sys.argv[3]
    while not os.path.exists(go):
        time.sleep(0.001)
    outcome = contact(Request(Command.OPEN, ("/song-" + index,)), True, name)
    if not isinstance(outcome, Claim):
        print("handed", outcome.ok, outcome.error, flush=True)
        sys.exit(0)
    app = QCoreApplication([])
    time.sleep(0.3)  # a window being built
    server = outcome.serve()
    got = []
    def note(request):
        got.extend(request.paths)
        if len(got) == 3:
            app.quit()
    server.request_received.connect(note)
    QTimer.singleShot(15_000, app.quit)
    app.exec()
    server.close()
    print("player", *sorted(got), flush=True)
    """
)


def test_of_starts_at_the_same_moment_one_plays_and_the_others_hand_over(
    name: str, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, name, str(i), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(4)
    ]
    time.sleep(1.0)  # all of them imported and waiting
    go.touch()  # then off, within a millisecond of each other
    outputs = [racer.communicate(timeout=30) for racer in racers]
    lines = [out.strip() for out, _err in outputs]
    players = [line for line in lines if line.startswith("player")]
    assert len(players) == 1, (lines, [err for _out, err in outputs])
    assert lines.count("handed True") == 3, lines
    player_index = lines.index(players[0])
    others = sorted(f"/song-{i}" for i in range(4) if i != player_index)
    assert players[0].split()[1:] == others


# ------------------------------------------------------------------------------ bad input
GARBAGE = [
    b"not json at all",
    b"\xff\xfe\x00 not utf-8",
    b"[1, 2, 3]",
    b"[" * 200_000,
    b'{"command": "open", "paths": ["/a.flac"]}',
    b'{"version": true, "command": "open", "paths": ["/a.flac"]}',
    b'{"version": 99, "command": "open", "paths": ["/a.flac"]}',
    b'{"version": 1, "command": "format-disk"}',
    b'{"version": 1, "command": "open", "paths": "/a.flac"}',
    b'{"version": 1, "command": "open", "paths": [1, 2]}',
    b'{"version": 1, "command": "open", "paths": [""]}',
    b'{"version": 1, "command": "open", "paths": ["/a\\u0000.flac"]}',
    b'{"version": 1, "command": "open", "paths": ["relative.flac"]}',
    b'{"version": 1, "command": "open", "paths": []}',
    b'{"version": 1, "command": "next", "paths": ["/a.flac"]}',
    b'{"version": 1, "command": "open", "paths": ["/a"], "cwd": 5}',
    b'{"version": 1, "command": "activate", "activation_token": "a b\\n"}',
    b'{"version": 1e400, "command": "open"}',
    b'{"version": ' + b"9" * 5000 + b"}",
]


@pytest.mark.parametrize("line", GARBAGE, ids=range(len(GARBAGE)))
def test_decode_refuses_what_is_not_a_request(line: bytes) -> None:
    with pytest.raises(ProtocolError):
        decode_request(line)


def test_a_relative_path_is_taken_from_the_sender_s_folder() -> None:
    line = b'{"version": 1, "command": "enqueue", "paths": ["b.flac"], "cwd": "/music"}'
    assert decode_request(line) == Request(Command.ENQUEUE, ("/music/b.flac",), "/music")


def test_unknown_fields_are_ignored_for_later_versions() -> None:
    line = b'{"version": 1, "command": "stop", "volume": 0.5}'
    assert decode_request(line) == Request(Command.STOP)


def test_garbage_on_the_socket_gets_refused_and_the_player_carries_on(
    qtbot: QtBot, server: InstanceServer, name: str
) -> None:
    received: list[Request] = []
    server.request_received.connect(received.append)
    for line in GARBAGE:
        caller = in_thread(qtbot, partial(raw_exchange, name, line + b"\n"))
        reply = json.loads(caller.result)  # type: ignore[arg-type]
        assert reply["ok"] is False and reply["error"], line[:60]
    assert received == []
    with qtbot.waitSignal(server.request_received, timeout=5000):
        in_thread(qtbot, lambda: contact(Request(Command.STOP), False, name))


def test_an_oversized_request_is_cut_off(qtbot: QtBot, server: InstanceServer, name: str) -> None:
    received: list[Request] = []
    server.request_received.connect(received.append)
    flood = b'{"version": 1, "command": "open", "paths": ["/' + b"a" * MAX_REQUEST_BYTES
    caller = in_thread(qtbot, lambda: raw_exchange(name, flood + b'"]}\n'))
    reply = json.loads(caller.result)  # type: ignore[arg-type]
    assert reply == {"version": 1, "ok": False, "error": "the request is too long"}
    assert received == []
    with qtbot.waitSignal(server.request_received, timeout=5000):
        in_thread(qtbot, lambda: contact(Request(Command.STOP), False, name))


def test_a_silent_or_crowding_peer_is_dropped(
    qtbot: QtBot, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(single_instance, "IDLE_TIMEOUT_MS", 200)
    monkeypatch.setattr(single_instance, "MAX_CONNECTIONS", 2)
    server = InstanceServer(name)
    server.listen()
    try:
        silent = [QLocalSocket(), QLocalSocket()]
        for socket in silent:
            socket.connectToServer(name)
            assert socket.waitForConnected(1000)
        qtbot.wait(50)
        crowding = in_thread(qtbot, lambda: raw_exchange(name, b"", read_ms=1000))
        assert crowding.result == b"" and crowding.seconds < 0.9, "closed unanswered at once"
        unconnected = QLocalSocket.LocalSocketState.UnconnectedState
        qtbot.waitUntil(lambda: all(s.state() is unconnected for s in silent), timeout=2000)
        with qtbot.waitSignal(server.request_received, timeout=5000):
            in_thread(qtbot, lambda: contact(Request(Command.STOP), False, name))
    finally:
        server.close()


def test_a_player_that_never_answers_is_reported(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(single_instance, "REPLY_TIMEOUT_MS", 300)
    from PySide6.QtNetwork import QLocalServer

    mute = QLocalServer()
    assert mute.listen(name)  # accepts in the kernel, never reads: a hung player
    try:
        t0 = time.perf_counter()
        reply = contact(Request(Command.NEXT), may_claim=False, name=name)
        assert isinstance(reply, Reply) and not reply.ok
        assert "did not answer" in reply.error
        assert time.perf_counter() - t0 < 1.0
    finally:
        mute.close()


# ------------------------------------------------------------------------------ where it lives
def test_the_socket_is_private_to_the_user_and_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = Path(tempfile.mkdtemp(prefix="rt-", dir="/tmp"))
    try:
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
        first = instance_name()
        assert Path(first).parent == runtime
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "other-config"))
        assert instance_name() != first, "another profile gets another player"
        runtime.chmod(0o755)  # not private: never used
        fallback = Path(instance_name()).parent
        assert fallback == Path(tempfile.gettempdir()) / f"starlight-{os.getuid()}"
        assert stat.S_IMODE(fallback.stat().st_mode) == 0o700
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def test_a_shared_fallback_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    planted = tmp_path / f"starlight-{os.getuid()}"
    planted.mkdir(mode=0o777)
    planted.chmod(0o777)
    with pytest.raises(InstanceError, match="not a private folder"):
        instance_name()
