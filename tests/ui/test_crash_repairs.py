"""Damaged files of the app's own are set aside under a dated name, made anew, and told.

Each file the app writes meets the damage a crash, a bad copy or a failing disk leaves: cut
short, random bytes, zero bytes, a folder where the file should be. The settings file, the
saved session (queue file and place file), the cover cache and the library are checked one
by one, then together through the window's notices. The session is also shown to keep its
place cheaply: a long queue is not rewritten for a position.
"""

from __future__ import annotations

import gc
import json
import os
import random
import shutil
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QBuffer, QIODevice, QSettings
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.core.playback import PlaybackState
from app.core.track import Track
from app.ui import player_session
from app.ui.library_service import LibraryService, file_is_whole
from app.ui.main_window import MainWindow
from app.ui.notice import Notice
from app.ui.player_session import PlayerSession
from app.ui.session_files import place_file
from app.ui.settings import Settings, open_settings
from app.ui.settings_file import settings_file_problem
from app.ui.side_art import SideArt
from app.ui.theme import NIGHT
from app.ui.thumbnails import ThumbnailCache
from app.visual.groove_map import GrooveMapCache
from tests.support import media
from tests.support.fake_engine import FakeOutput, PausingEngine

RATE = 44100
GOOD_SETTINGS = (
    '[audio]\ndevice="alsa:hw=0,1"\nvolume=0.3\n\n[ui]\nlast_open_folder="/m/\u00a0밤 a,b"\n'
    'theme=day\n\n[window]\ngeometry="10,20,1000,700"\n'
)
DAMAGE = {
    "cut short": lambda good: good[: len(good) * 2 // 3],
    "random bytes": lambda _good: random.Random(11).randbytes(3000),
    "nul bytes": lambda good: (
        good[: len(good) // 2] + bytes(len(good) // 4) + good[-len(good) // 4 :]
    ),
    "utf-16": lambda good: good.decode().encode("utf-16"),
    "a folder": None,
}


def damage(path: Path, kind: str) -> bytes | None:
    """Damage the file at ``path`` in the way named; return its bytes (None: a folder)."""
    good = path.read_bytes() if path.is_file() else b""
    path.unlink(missing_ok=True)
    make = DAMAGE[kind]
    if make is None:
        path.mkdir()
        (path / "inside").write_bytes(b"kept")
        return None
    bad = make(good)
    path.write_bytes(bad)
    return bad


def set_aside(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"{name}.corrupt-*"))


def kept_as_it_was(aside: Path, bad: bytes | None) -> bool:
    return (aside / "inside").read_bytes() == b"kept" if bad is None else aside.read_bytes() == bad


# ---------------------------------------------------------------- settings
def ini_store(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_settings_file_is_set_aside_and_what_reads_is_kept(
    qtbot: QtBot, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "starlight.conf"
    path.write_text(GOOD_SETTINGS)
    bad = damage(path, kind)
    settings = open_settings(lambda: ini_store(path))
    (aside,) = set_aside(tmp_path, "starlight.conf")
    assert kept_as_it_was(aside, bad)
    assert settings.notices and aside.name in settings.notices[0]
    assert "could be read from it were kept" in settings.notices[0]
    assert path.is_file() or not path.exists()
    assert settings_file_problem(ini_store(path)) == ""
    if kind in ("cut short", "nul bytes"):  # the lines before the damage still read
        assert settings.volume == 0.3 and settings.device == "alsa:hw=0,1"
    settings.volume = 0.5  # the fresh file takes changes
    assert Settings(ini_store(path)).volume == 0.5


@pytest.mark.parametrize("content", [b"", GOOD_SETTINGS.encode(), b"; a comment\n\n"])
def test_a_whole_settings_file_is_left_alone(qtbot: QtBot, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "starlight.conf"
    path.write_bytes(content)
    settings = open_settings(lambda: ini_store(path))
    assert settings.notices == [] and set_aside(tmp_path, "starlight.conf") == []
    assert path.read_bytes() == content


# ---------------------------------------------------------------- the saved session
@pytest.fixture
def songs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "music"
    folder.mkdir()
    return [
        media.write_flac(folder / f"{n}.flac", np.zeros((RATE, 2), dtype=np.int16))
        for n in range(3)
    ]


def session_at(path: Path) -> tuple[PausingEngine, PlayerSession]:
    engine = PausingEngine()
    return engine, PlayerSession(engine, None, path)  # type: ignore[arg-type]


def saved_session(path: Path, songs: list[Path], index: int, position_s: float) -> None:
    engine, session = session_at(path)
    session.player.play([Track(song) for song in songs], index)
    engine.seek(position_s)
    engine.pause()
    session.close()


@pytest.mark.parametrize("kind", ["cut short", "random bytes", "nul bytes", "a folder",
                                  "zero bytes", "not a session"])  # fmt: skip
def test_a_damaged_session_is_set_aside_told_and_saved_afresh(
    qtbot: QtBot, tmp_path: Path, songs: list[Path], kind: str
) -> None:
    state = tmp_path / "state" / "queue.json"
    saved_session(state, songs, 1, 0.5)
    if kind == "zero bytes":
        state.write_bytes(bad := b"")
    elif kind == "not a session":
        state.write_bytes(bad := b'{"version": 2, "queue": {"version": 1, "items": 7}}')
    else:
        bad = damage(state, kind)  # type: ignore[assignment]
    _engine, session = session_at(state)
    assert not session.restore()
    (aside,) = set_aside(state.parent, "queue.json")
    assert kept_as_it_was(aside, bad)
    assert session.notices == [
        f"The saved session could not be read. It was set aside as {aside.name}, and the "
        "queue starts empty."
    ]
    session.player.play([Track(songs[2])])
    session.close()
    assert json.loads(state.read_text())["queue"]["items"] == [str(songs[2])]


def test_a_damaged_place_file_is_set_aside_and_the_queue_file_used(
    qtbot: QtBot, tmp_path: Path, songs: list[Path]
) -> None:
    state = tmp_path / "queue.json"
    saved_session(state, songs, 1, 0.5)
    place_file(state).write_bytes(b'{"version": 1, "generation": "x", "cur')
    engine, session = session_at(state)
    assert session.restore()
    assert engine.index == 1 and engine.position_s == 0.5  # the queue file's own place
    (aside,) = set_aside(tmp_path, "queue.place.json")
    assert session.notices == [
        f"The saved place in the queue could not be read. It was set aside as {aside.name}; "
        "the queue resumes from an earlier place."
    ]
    session.close()


def long_queue(folder: Path, count: int) -> list[Track]:
    """``count`` tracks of one real file under long names (only the first is ever played)."""
    real = media.write_flac(folder / "real.flac", np.zeros((RATE, 2), dtype=np.int16))
    names = [folder / f"{n:05d} {'a long name of a track in a long queue ' * 2}.flac"
             for n in range(1, count)]  # fmt: skip
    return [Track(real), *map(Track, names)]


def test_a_long_queue_keeps_its_place_in_a_small_file_and_comes_back_there(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(player_session, "SAVE_WHILE_PLAYING_MS", 60)
    monkeypatch.setattr(PlayerSession, "resolve", lambda _self, path: Track(path))
    tracks = long_queue(tmp_path, 5000)
    state = tmp_path / "state" / "queue.json"
    engine, session = session_at(state)
    session.player.play(tracks)
    session.save()  # the queue, whole
    whole = state.read_bytes()
    assert len(whole) > 200_000 and json.loads(whole)["generation"]
    engine.position_s = 12.5  # playing on
    qtbot.waitUntil(lambda: place_file(state).exists(), timeout=2000)
    assert state.read_bytes() == whole  # the long queue is not written again for a position
    place = json.loads(place_file(state).read_bytes())
    assert place["position_s"] == 12.5 and place["current"] == 0
    assert len(place_file(state).read_bytes()) < 400
    session.player.play_index(7)  # a track change: the place again, not the queue
    engine.position_s = 3.0
    qtbot.waitUntil(
        lambda: json.loads(place_file(state).read_bytes())["current"] == 7, timeout=3000
    )
    assert state.read_bytes() == whole
    # killed here: the next start comes back at the place, not at the queue file's
    engine2, again = session_at(state)
    assert again.restore()
    assert again.queue.current_index == 7 and engine2.position_s == pytest.approx(3.0, abs=0.05)
    again.close()  # a clean quit makes the queue file whole again; the place file goes
    assert not place_file(state).exists()
    assert json.loads(state.read_bytes())["queue"]["current"] == 7
    session.close()


def test_a_place_file_of_an_older_queue_is_not_used(
    qtbot: QtBot, tmp_path: Path, songs: list[Path]
) -> None:
    state = tmp_path / "queue.json"
    saved_session(state, songs, 2, 0.25)
    stale = {"version": 1, "generation": "0000", "current": 0, "position_s": 0.75}
    place_file(state).write_text(json.dumps(stale))  # a kill between the two writes
    engine, session = session_at(state)
    assert session.restore()
    assert engine.index == 2 and engine.position_s == 0.25 and session.notices == []
    session.close()


def test_temporaries_of_a_killed_session_write_are_cleared_at_restore(
    qtbot: QtBot, tmp_path: Path, songs: list[Path]
) -> None:
    state = tmp_path / "queue.json"
    saved_session(state, songs, 0, 0.0)
    left = tmp_path / ".queue.json.a1b2c3d4e5f6.tmp"
    left.write_bytes(b'{"version": 2, "qu')
    os.utime(left, (time.time() - 3600,) * 2)
    _engine, session = session_at(state)
    assert session.restore()
    assert not left.exists()
    session.close()


def test_a_refused_session_save_is_told_once(
    qtbot: QtBot, tmp_path: Path, songs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, session = session_at(tmp_path / "queue.json")
    told: list[str] = []
    session.message_posted.connect(told.append)

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.ui.session_state.write_atomically", full)
    session.player.play([Track(path) for path in songs])
    session.save()
    engine.seek(0.5)
    session.save()
    assert told == ["The session could not be saved (No space left on device)."]
    monkeypatch.undo()
    session.save()  # works again: a later failure would be told again
    assert (tmp_path / "queue.json").exists()
    session.close()


# ---------------------------------------------------------------- the cover cache
def jpeg(size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("#c08040"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 90)  # type: ignore[call-overload]
    return bytes(buffer.data().data())


@pytest.fixture
def covers(tmp_path: Path, qtbot: QtBot) -> Iterator[Path]:
    folder = tmp_path / "covers"
    first = ThumbnailCache(folder)
    with qtbot.waitSignal(first.ready, timeout=5000):
        first.request("key1", lambda: jpeg(400), 96)
    first.close()
    yield folder


@pytest.mark.parametrize("kind", ["cut short", "random bytes", "nul bytes", "a folder",
                                  "zero bytes"])  # fmt: skip
def test_a_damaged_thumbnail_is_set_aside_made_again_and_told_once(
    qtbot: QtBot, covers: Path, kind: str
) -> None:
    disk = covers / "96" / "key1.jpg"
    if kind == "zero bytes":
        disk.write_bytes(bad := b"")
    else:
        bad = damage(disk, kind)  # type: ignore[assignment]
    cache = ThumbnailCache(covers)
    told: list[str] = []
    cache.message_posted.connect(told.append)
    with qtbot.waitSignal(cache.ready, timeout=5000) as ready:
        cache.request("key1", lambda: jpeg(400), 96)
    assert ready.args[2].pixelColor(48, 48).red() > 150  # made again from the cover
    (folder,) = set_aside(covers.parent, "covers")
    assert kept_as_it_was(folder / "96-key1.jpg", bad)
    assert disk.is_file() and QImage(str(disk)).width() == 96
    assert told == [
        f"The cover cache was damaged. It was set aside as {folder.name} and is made again."
    ]
    cache.close()


def test_a_file_where_the_cache_folder_should_be_is_set_aside(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "covers").write_bytes(b"in the way")
    cache = ThumbnailCache(tmp_path / "covers")
    (aside,) = set_aside(tmp_path, "covers")
    assert aside.read_bytes() == b"in the way" and len(cache.notices) == 1
    with qtbot.waitSignal(cache.ready, timeout=5000):
        cache.request("key2", lambda: jpeg(300), 96)
    qtbot.waitUntil((tmp_path / "covers" / "96" / "key2.jpg").is_file, timeout=3000)
    cache.close()


def test_temporaries_left_in_the_cache_are_swept(qtbot: QtBot, covers: Path) -> None:
    old, new = covers / "96" / ".key1.x1y2z3.tmp", covers / "96" / ".key3.x1y2z3.tmp"
    for path in (old, new):
        path.write_bytes(b"half a jpeg")
    os.utime(old, (time.time() - 3600,) * 2)
    cache = ThumbnailCache(covers)
    qtbot.waitUntil(lambda: not old.exists(), timeout=3000)
    assert new.exists() and (covers / "96" / "key1.jpg").exists()
    cache.close()


# ---------------------------------------------------------------- the library
def test_damage_found_while_running_rebuilds_the_library_and_rescans_it(
    qtbot: QtBot, tmp_path: Path, songs: list[Path]
) -> None:
    database = tmp_path / "library.db"
    library = LibraryService(database)
    with qtbot.waitSignal(library.scan_finished, timeout=20_000):
        library.start_scan([songs[0].parent])
    assert library.store.track_count() == 3
    library.close()
    data = bytearray(database.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(2, len(data) // page_size):
        data[page * page_size + 8 : page * page_size + 64] = b"\xa5" * 56
    database.write_bytes(bytes(data))
    assert not file_is_whole(database)
    library = LibraryService(database)  # the header is whole: opening cannot tell
    assert library.notices == []
    told: list[str] = []
    library.message_posted.connect(told.append)
    with qtbot.waitSignal(library.scan_finished, timeout=20_000):
        library.start_scan([songs[0].parent])
    (aside,) = set_aside(tmp_path, "library.db")
    assert told == [
        f"The library file was damaged. It was set aside as {aside.name} and is being rebuilt."
    ]
    assert library.store.track_count() == 3 and library.store.integrity_ok()
    library.close()


# ---------------------------------------------------------------- told in the window
def test_the_window_tells_of_every_damaged_file_set_aside_at_start(
    qtbot: QtBot, tmp_path: Path, songs: list[Path]
) -> None:
    (tmp_path / "settings.ini").write_bytes(b"\x00\x01garbage")
    (tmp_path / "library.db").write_bytes(b"not a library" * 50)
    (tmp_path / "queue.json").write_bytes(b"{cut")
    (tmp_path / "covers").write_bytes(b"not a folder")
    settings = open_settings(lambda: ini_store(tmp_path / "settings.ini"))
    engine = PausingEngine()
    library = LibraryService(tmp_path / "library.db")
    session = PlayerSession(engine, library, tmp_path / "queue.json")  # type: ignore[arg-type]
    session.restore()
    art = SideArt(GrooveMapCache(tmp_path / "grooves"))
    thumbnails = ThumbnailCache(tmp_path / "covers")
    window = MainWindow(engine, FakeOutput(), settings, session, art, thumbnails)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    told = window.notice.messages()
    assert len(told) == 3  # the notice stacks three; the fourth pushed the oldest out
    kinds = ["The saved session", "The library file", "The cover cache"]
    assert [next(k for k in kinds if text.startswith(k)) for text in told] == kinds
    assert {path.name.split(".corrupt-")[0] for path in tmp_path.glob("*.corrupt-*")} == {
        "settings.ini",
        "library.db",
        "queue.json",
        "covers",
    }
    window.close()
    thumbnails.close()
    art.close()
    session.close()


def test_a_notice_follows_what_a_service_posts_later(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(800, 500)
    notice = Notice(NIGHT, window)
    source = Settings(QSettings())
    source.notices.append("set aside at start")
    notice.follow(source)
    source.message_posted.emit("posted later")
    assert notice.messages() == ["set aside at start", "posted later"]


def test_a_cut_short_library_is_rebuilt_by_the_next_scan(
    qtbot: QtBot, tmp_path: Path, songs: list[Path]
) -> None:
    database = tmp_path / "library.db"
    library = LibraryService(database)
    with qtbot.waitSignal(library.scan_finished, timeout=20_000):
        library.start_scan([songs[0].parent])
    library.close()
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2])
    shutil.rmtree(tmp_path / "covers", ignore_errors=True)
    library = LibraryService(database)
    assert library.notices and library.folders() == [songs[0].parent]
    with qtbot.waitSignal(library.scan_finished, timeout=20_000):
        library.start_scan()
    assert library.store.track_count() == 3
    library.close()


def test_a_play_count_the_disk_refuses_is_told_once_and_playing_goes_on(
    qtbot: QtBot, tmp_path: Path, songs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.errors import StoreError
    from app.library.history import PlayHistory

    def full(*_args: object) -> None:
        raise StoreError("the library could not be saved because the disk is full")

    monkeypatch.setattr(PlayHistory, "record_play", full)
    monkeypatch.setattr(player_session, "HISTORY_POLL_MS", 20)
    library = LibraryService(tmp_path / "library.db")
    engine = PausingEngine()
    session = PlayerSession(engine, library, tmp_path / "queue.json")  # type: ignore[arg-type]
    told: list[str] = []
    session.message_posted.connect(told.append)
    session.player.play([Track(songs[0], duration_s=2.0)])
    engine.track_started.emit(0, engine.current_track)
    for position_s in (0.5, 1.0, 1.5, 1.9):  # heard past half: the play is counted, or tried
        engine.position_s = position_s
        qtbot.wait(60)
    assert told == ["the library could not be saved because the disk is full"]
    assert engine.state is PlaybackState.PLAYING
    session.close()


@pytest.mark.parametrize("kind", ["cut short", "zero bytes"])
def test_a_damaged_groove_map_is_made_again(tmp_path: Path, kind: str) -> None:
    from app.visual.groove_map import GrooveMap

    cache = GrooveMapCache(tmp_path / "grooves")
    flat = np.zeros(720, np.float32)
    cache.save("key", GrooveMap(flat, flat, np.zeros(720, bool)))
    path = tmp_path / "grooves" / "key.npz"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if kind == "cut short" else b"")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)  # the damaged file is closed too
        try:
            loaded = cache.load("key")
        finally:
            gc.collect()
    assert loaded is None
    assert not path.exists()  # deleted: the map is made again and saved whole


def test_a_library_that_cannot_be_opened_is_told_and_left_alone(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from app import main

    database = tmp_path / "library.db"
    newer = sqlite3.connect(database)
    newer.execute("PRAGMA user_version = 99")
    newer.close()
    before = database.read_bytes()
    monkeypatch.setattr("app.platform.locations.library_path", lambda: database)
    library, problem = main._open_library()
    assert library is None and database.read_bytes() == before
    assert problem.startswith("The library could not be opened, so the crate is not shown: ")
    assert "made by a newer Starlight (schema 99" in problem
