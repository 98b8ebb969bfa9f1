"""What another ``starlight`` asks of the running window: files, remote keys, raising it."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.core.playback import PlaybackState
from app.core.track import Track
from app.platform.single_instance import Command, InstanceServer, Reply, Request, contact
from app.ui import remote_commands
from app.ui.remote_commands import RemoteCommands, raise_window
from tests.ui.test_main_window import Shop, write_album


@pytest.fixture
def playing(qtbot: Any, tmp_path: Path) -> Iterator[tuple[Shop, list[Track], RemoteCommands]]:
    shop = Shop(qtbot, tmp_path)
    tracks = write_album(tmp_path / "Night", "Night")
    shop.window.play_tracks(tracks)
    assert shop.engine.state is PlaybackState.PLAYING
    yield shop, tracks, RemoteCommands(shop.window)
    shop.close()


def playing_path(shop: Shop) -> Path | None:
    track = shop.engine.current_track
    return track.path if track is not None else None


def paths_of(tracks: list[Track]) -> tuple[str, ...]:
    return tuple(str(t.path) for t in tracks)


def test_files_from_another_start_play_now_and_bring_the_window_forward(
    playing: tuple[Shop, list[Track], RemoteCommands], tmp_path: Path
) -> None:
    shop, tracks, remote = playing
    other = write_album(tmp_path / "Other", "Other", sides=1, per_side=1)
    shop.window.showMinimized()
    remote.handle(Request(Command.OPEN, paths_of(other)))
    shop.qtbot.waitUntil(lambda: playing_path(shop) == other[0].path, timeout=5000)
    assert shop.engine.state is PlaybackState.PLAYING
    assert [t.path for t in shop.session.queue][:2] == [tracks[0].path, other[0].path]
    assert shop.window.isVisible()
    assert not shop.window.windowState() & Qt.WindowState.WindowMinimized


def test_enqueued_files_join_the_queue_without_interrupting_or_raising(
    playing: tuple[Shop, list[Track], RemoteCommands], tmp_path: Path
) -> None:
    shop, tracks, remote = playing
    added = write_album(tmp_path / "Later", "Later", sides=1)
    shop.window.showMinimized()
    remote.handle(Request(Command.ENQUEUE, (str(tmp_path / "Later"),)))
    shop.qtbot.waitUntil(lambda: len(shop.session.queue) == 6, timeout=5000)
    assert [t.path for t in shop.session.queue][4:] == [t.path for t in added]
    assert playing_path(shop) == tracks[0].path
    assert shop.engine.state is PlaybackState.PLAYING
    assert shop.window.windowState() & Qt.WindowState.WindowMinimized


def test_files_that_cannot_play_are_named_in_the_window(
    playing: tuple[Shop, list[Track], RemoteCommands], tmp_path: Path
) -> None:
    shop, tracks, remote = playing
    (tmp_path / "notes.txt").write_text("not music")
    remote.handle(Request(Command.OPEN, (str(tmp_path / "notes.txt"), str(tmp_path / "gone.flac"))))
    shop.qtbot.waitUntil(lambda: bool(shop.window.notice.messages()), timeout=5000)
    notice = " ".join(shop.window.notice.messages())
    assert "notes.txt" in notice and "gone.flac" in notice
    assert playing_path(shop) == tracks[0].path


@pytest.mark.parametrize(
    ("command", "call", "state"),
    [
        (Command.PLAY_PAUSE, "pause", PlaybackState.PAUSED),
        (Command.NEXT, "next", PlaybackState.PLAYING),
        (Command.STOP, "stop", PlaybackState.STOPPED),
    ],
)
def test_remote_keys_press_the_window_s_actions(
    playing: tuple[Shop, list[Track], RemoteCommands],
    command: Command,
    call: str,
    state: PlaybackState,
) -> None:
    shop, tracks, remote = playing
    shop.engine.calls.clear()
    remote.handle(Request(command))
    assert [name for name, _ in shop.engine.calls] == [call]
    assert shop.engine.state is state
    if command is Command.NEXT:
        assert playing_path(shop) == tracks[1].path


def test_play_pause_twice_plays_on_and_previous_goes_back(
    playing: tuple[Shop, list[Track], RemoteCommands],
) -> None:
    shop, tracks, remote = playing
    remote.handle(Request(Command.PLAY_PAUSE))
    remote.handle(Request(Command.PLAY_PAUSE))
    assert shop.engine.state is PlaybackState.PLAYING
    remote.handle(Request(Command.NEXT))
    remote.handle(Request(Command.PREVIOUS))
    assert playing_path(shop) == tracks[0].path


def test_a_bare_second_start_shows_a_hidden_window(
    playing: tuple[Shop, list[Track], RemoteCommands],
) -> None:
    shop, _tracks, remote = playing
    shop.window.hide()  # in the tray
    remote.handle(Request(Command.ACTIVATE))
    assert shop.window.isVisible()
    assert shop.engine.state is PlaybackState.PLAYING, "raising the window changes nothing else"


def test_the_wayland_activation_token_is_offered_once_and_never_inherited(
    playing: tuple[Shop, list[Track], RemoteCommands], monkeypatch: pytest.MonkeyPatch
) -> None:
    shop, _tracks, _remote = playing
    seen: list[str | None] = []
    monkeypatch.delenv("XDG_ACTIVATION_TOKEN", raising=False)
    monkeypatch.setattr(
        shop.window, "activateWindow", lambda: seen.append(os.environ.get("XDG_ACTIVATION_TOKEN"))
    )
    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "wayland"))
    raise_window(shop.window, "kwin-1234")
    assert seen == ["kwin-1234"]
    assert "XDG_ACTIVATION_TOKEN" not in os.environ
    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "xcb"))
    raise_window(shop.window, "kwin-5678")
    assert seen == ["kwin-1234", None], "the token means nothing outside Wayland"


def test_every_remote_key_names_an_action_the_window_has(
    playing: tuple[Shop, list[Track], RemoteCommands],
) -> None:
    shop, _tracks, _remote = playing
    assert set(remote_commands.ACTIONS.values()) <= set(shop.window.actions_.handlers())


def pump_until(condition: Callable[[], bool], timeout_s: float = 5.0) -> None:
    """Serve Qt events until ``condition``, sleeping between so other threads get the GIL.

    ``qtbot.waitUntil`` keeps the GIL inside Qt's wait, which starves the threads here (the
    caller, the file reader) for seconds.
    """
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        QApplication.processEvents()
        time.sleep(0.002)


class Caller(QThread):
    def __init__(self, request: Request, name: str) -> None:
        super().__init__()
        self.request, self.name = request, name
        self.reply: object = None

    def run(self) -> None:
        self.reply = contact(self.request, may_claim=False, name=self.name)


def test_a_request_on_the_socket_reaches_the_window(
    playing: tuple[Shop, list[Track], RemoteCommands], tmp_path: Path
) -> None:
    shop, _tracks, remote = playing
    folder = tempfile.mkdtemp(prefix="si-", dir="/tmp")
    server = InstanceServer(os.path.join(folder, "player.socket"))
    try:
        server.listen()
        server.request_received.connect(remote.handle)
        other = write_album(tmp_path / "Sent", "Sent", sides=1, per_side=1)
        caller = Caller(Request(Command.OPEN, paths_of(other)), server.name)
        caller.start()
        pump_until(caller.isFinished)
        caller.wait()
        assert caller.reply == Reply(True)
        pump_until(lambda: playing_path(shop) == other[0].path)
    finally:
        server.close()
        shutil.rmtree(folder, ignore_errors=True)
