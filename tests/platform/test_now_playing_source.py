"""The now-playing source over a real window and a fake engine, and the services built on it.

The window runs over :class:`~tests.support.fake_engine.FakeEngine` (no sound in this
process); the real app on a real bus is tested end to end in tests/e2e/test_mpris.py. The
Windows and macOS services run here against stand-ins of their system APIs, which record what
the service shows and let a test press the system's buttons.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from app.core.now_playing import Loop
from app.core.playback import PlaybackState
from app.core.queue import RepeatMode, ShuffleMode
from app.core.track import Track
from app.platform.now_playing import COVER_PX, Inactive, start_now_playing
from tests.support.now_playing_fakes import FakeMacApi, FakeWinRt
from tests.support.now_playing_shop import Shop, png_bytes, write_track


@pytest.fixture
def shop(qtbot: Any, tmp_path: Path) -> Any:
    made = Shop(qtbot, tmp_path)
    yield made
    made.close()


@pytest.fixture
def album(tmp_path: Path) -> list[Track]:
    music = tmp_path / "music" / "Night"
    return [write_track(music, name, n) for n, name in enumerate(["Dusk", "Orbit", "Dawn"], 1)]


@pytest.fixture
def playing(shop: Shop, album: list[Track]) -> Shop:
    shop.window.play_tracks(album)
    shop.settle()
    return shop


# ---------------------------------------------------------------------- snapshots
def test_with_nothing_queued_the_snapshot_offers_nothing(shop: Shop) -> None:
    now = shop.source.snapshot()
    assert not now.has_track and now.track_id == ""
    assert not (now.can_play or now.can_next or now.can_seek)
    assert now.min_rate <= 1.0 <= now.max_rate


def test_the_snapshot_shows_the_track_being_played(playing: Shop, album: list[Track]) -> None:
    now = playing.source.snapshot()
    assert now.status is PlaybackState.PLAYING
    assert (now.title, now.artists, now.album, now.album_artist) == (
        "Dusk",
        ("Jay",),
        "Night",
        "Jay",
    )
    assert (now.track_number, now.disc_number, now.track_id) == (1, 1, "0")
    assert now.length_s == pytest.approx(1.0)
    assert now.path == album[0].path
    assert now.can_play and now.can_pause and now.can_seek and now.can_next and now.can_previous
    assert (now.loop, now.shuffle, now.volume, now.rate) == (Loop.NONE, False, 1.0, 1.0)
    assert (now.min_rate, now.max_rate) == pytest.approx((0.92, 1.08))


def test_a_pause_is_announced_and_the_running_needle_never_is(playing: Shop) -> None:
    playing.changes.clear()
    playing.engine.position_s = 0.5
    playing.source.refresh()
    assert playing.changes == []
    assert playing.source.snapshot().position_s == 0.5
    playing.source.pause()
    playing.settle()
    assert [c.status for c in playing.changes] == [PlaybackState.PAUSED]


def test_the_last_track_of_the_queue_cannot_go_next_unless_it_repeats(playing: Shop) -> None:
    playing.source.next()
    playing.source.next()
    playing.settle()
    now = playing.source.last
    assert (now.title, now.track_id, now.can_next) == ("Dawn", "2", False)
    playing.source.set_loop(Loop.PLAYLIST)
    playing.settle()
    assert playing.source.last.can_next and playing.source.last.loop is Loop.PLAYLIST


def test_a_seek_is_announced_with_the_new_position(playing: Shop) -> None:
    playing.source.set_position("0", 0.75)
    assert playing.jumps == [0.75]
    assert ("seek", 0.75) in playing.engine.calls


def test_playing_the_same_item_again_is_a_jump_to_its_start(playing: Shop) -> None:
    playing.engine.position_s = 0.9
    playing.engine.play_index(0)  # repeat one: the engine starts the item over
    playing.settle()
    assert playing.jumps == [0.0]


# ---------------------------------------------------------------------- controls
def test_the_controls_do_what_the_keys_do(playing: Shop) -> None:
    engine, source = playing.engine, playing.source
    source.play_pause()
    assert engine.state is PlaybackState.PAUSED
    source.play()
    assert engine.state is PlaybackState.PLAYING
    source.next()
    assert engine.index == 1
    source.previous()
    assert ("previous", None) in engine.calls
    source.stop()
    assert engine.state is PlaybackState.STOPPED


def test_set_position_ignores_a_stale_track_and_a_place_outside_it(playing: Shop) -> None:
    source = playing.source
    for track_id, position_s in (("1", 0.5), ("0", -0.1), ("0", 1.5), ("", 0.5)):
        source.set_position(track_id, position_s)
    assert not [call for call in playing.engine.calls if call[0] == "seek"]
    assert playing.jumps == []


def test_seeking_by_an_offset_and_past_the_end(playing: Shop) -> None:
    engine, source = playing.engine, playing.source
    engine.position_s = 0.2
    source.seek_by(0.5)
    assert ("seek", 0.7) in engine.calls
    source.seek_by(5.0)  # past the end: the next track, as MPRIS asks
    assert engine.index == 1


def test_volume_from_the_desktop_moves_the_slider_and_is_remembered(playing: Shop) -> None:
    playing.source.set_volume(0.25)
    playing.settle()
    assert playing.engine.volume == pytest.approx(0.25)
    assert playing.settings.volume == pytest.approx(0.25)
    assert (
        playing.window.transport.volume_slider.value()
        < playing.window.transport.volume_slider.maximum()
    )
    assert playing.source.last.volume == pytest.approx(0.25)
    playing.source.set_volume(7.0)
    assert playing.engine.volume == 1.0


def test_the_rate_moves_the_pitch_fader_within_its_range(playing: Shop) -> None:
    source, controller = playing.source, playing.window.controller
    source.set_rate(1.05)
    playing.settle()
    assert controller.pitch == pytest.approx(0.05)
    assert playing.engine.rate == pytest.approx(1.05)
    assert playing.source.last.rate == pytest.approx(1.05)
    source.set_rate(1.5)
    assert controller.pitch == pytest.approx(0.08)
    source.set_rate(0.0)  # MPRIS: a rate of 0 pauses
    assert playing.engine.state is PlaybackState.PAUSED


def test_the_rate_range_follows_the_platter_speed(playing: Shop) -> None:
    playing.window.controller.choose_speed(45.0)
    playing.source.refresh()
    now = playing.source.last
    assert now.rate == pytest.approx(1.35)
    assert (now.min_rate, now.max_rate) == pytest.approx((1.0, 1.35 * 1.08))


def test_the_pitch_keys_reach_the_desktop_at_once(playing: Shop) -> None:
    announced: list[float] = []
    playing.source.changed.connect(lambda now: announced.append(now.rate))
    playing.window.controller.nudge_pitch(2)  # as the pitch keys do: no fader signal
    playing.settle()
    assert announced and announced[-1] == pytest.approx(1.01)


def test_loop_and_shuffle_set_the_queue_modes(playing: Shop) -> None:
    queue, source = playing.session.queue, playing.source
    source.set_loop(Loop.TRACK)
    assert queue.repeat is RepeatMode.ONE and playing.engine.repeat is RepeatMode.ONE
    source.set_shuffle(True)
    assert queue.shuffle is ShuffleMode.TRACKS
    source.set_shuffle(False)
    assert queue.shuffle is ShuffleMode.OFF
    playing.session.player.set_shuffle(ShuffleMode.RECORDS)
    source.set_shuffle(True)
    assert queue.shuffle is ShuffleMode.RECORDS
    playing.settle()
    assert playing.source.last.shuffle and playing.source.last.loop is Loop.TRACK


def test_open_uri_plays_a_local_file_now(playing: Shop, tmp_path: Path) -> None:
    new = write_track(tmp_path / "elsewhere", "Comet", 7)
    assert playing.source.open_uri(new.path.as_uri())
    playing.qtbot.waitUntil(lambda: playing.source.snapshot().title == "Comet", timeout=5000)
    assert playing.engine.state is PlaybackState.PLAYING
    assert playing.engine.current_track is not None
    assert playing.engine.current_track.path == new.path


def test_open_uri_refuses_what_is_not_local(playing: Shop) -> None:
    assert not playing.source.open_uri("http://example.org/stream.mp3")
    assert not playing.source.open_uri("file://faraway/music/a.flac")


def test_raise_window_restores_a_minimised_window(playing: Shop) -> None:
    playing.window.showMinimized()
    playing.source.raise_window()
    assert playing.window.isVisible() and not playing.window.isMinimized()


# ---------------------------------------------------------------------- covers
def test_the_cover_is_handed_out_as_a_cached_file(shop: Shop, tmp_path: Path) -> None:
    music = tmp_path / "music" / "Covered"
    track = write_track(music, "Lit", 1, cover=png_bytes())
    before = sorted(music.iterdir())
    shop.window.play_tracks([track])
    shop.qtbot.waitUntil(lambda: shop.source.snapshot().art_path is not None, timeout=5000)
    art = shop.source.snapshot().art_path
    assert art is not None and art.is_relative_to(shop.covers_dir)
    image = QImage(str(art))
    assert (image.width(), image.height()) == (COVER_PX, COVER_PX)
    assert QColor(image.pixel(COVER_PX // 2, COVER_PX // 2)).red() > 150
    assert sorted(music.iterdir()) == before, "nothing may be written beside the music"
    assert any(change.art_path == art for change in shop.changes)


def test_a_track_without_a_cover_has_no_art(playing: Shop) -> None:
    playing.qtbot.wait(300)
    assert playing.source.snapshot().art_path is None


# ---------------------------------------------------------------------- services
def test_start_now_playing_elsewhere_is_inactive_and_harmless(shop: Shop) -> None:
    hub = start_now_playing(shop.window, platform="sunos5")
    assert hub.active == [] and isinstance(hub.services[0], Inactive)
    hub.close()
    hub.close()


def test_the_services_of_windows_and_macos_import_nothing_linux_only() -> None:
    code = (
        "import sys, app.platform.now_playing, app.platform.smtc, app.platform.macos_now_playing\n"
        "print(sorted(m for m in sys.modules\n"
        "             if 'QtDBus' in m or m.startswith('app.platform.mpris')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_without_the_system_packages_windows_and_macos_are_inactive(shop: Shop) -> None:
    for platform, system in (("win32", "SMTC"), ("darwin", "Now Playing")):
        hub = start_now_playing(shop.window, platform=platform)
        (service,) = hub.services
        assert isinstance(service, Inactive) and service.system == system
        hub.close()


def test_smtc_shows_the_snapshot_and_answers_its_buttons(playing: Shop) -> None:
    from app.platform.smtc import start_smtc

    api = FakeWinRt()
    service = start_smtc(playing.source, api)
    controls = api.controls
    assert controls.is_enabled and controls.playback_status == "PLAYING"
    assert (controls.is_next_enabled, controls.auto_repeat_mode) == (True, "NONE")
    music = controls.display_updater.music_properties
    assert (music.title, music.artist, music.album_title, music.track_number) == (
        "Dusk",
        "Jay",
        "Night",
        1,
    )
    assert controls.timeline.end_time.total_seconds() == pytest.approx(1.0)
    api.press("PAUSE")
    playing.qtbot.waitUntil(lambda: playing.engine.state is PlaybackState.PAUSED)
    playing.settle()
    assert controls.playback_status == "PAUSED"
    api.press("NEXT")
    playing.qtbot.waitUntil(lambda: music.title == "Orbit")
    api.request("auto_repeat_mode_change_requested", requested_auto_repeat_mode="LIST")
    playing.qtbot.waitUntil(lambda: playing.session.queue.repeat is RepeatMode.ALL)
    cover = Path("/cache/covers/384/ab.jpg")
    service.show(replace(playing.source.last, art_path=cover))  # opened on a worker
    opened = ("stream", ("file", str(cover)))
    playing.qtbot.waitUntil(lambda: controls.display_updater.thumbnail == opened)
    service.close()
    assert not controls.is_enabled and not controls.handlers


def test_macos_now_playing_shows_the_snapshot_and_answers_its_commands(playing: Shop) -> None:
    from app.platform.macos_now_playing import start_macos_now_playing

    api = FakeMacApi()
    service = start_macos_now_playing(playing.source, api)
    info = api.info_center.info
    assert info is not None and info["title"] == "Dusk" and info["duration"] == pytest.approx(1.0)
    assert api.info_center.state == 1  # playing
    api.run("togglePlayPauseCommand")
    playing.qtbot.waitUntil(lambda: playing.engine.state is PlaybackState.PAUSED)
    playing.settle()
    assert api.info_center.state == 2 and api.info_center.info["rate"] == 0.0
    api.run("changePlaybackPositionCommand", positionTime=0.5)
    playing.qtbot.waitUntil(lambda: ("seek", 0.5) in playing.engine.calls)
    api.run("changeShuffleModeCommand", shuffleType=1)
    playing.qtbot.waitUntil(lambda: playing.session.queue.shuffle is ShuffleMode.TRACKS)
    service.show(replace(playing.source.last, art_path=Path("/cache/covers/384/ab.jpg")))
    artwork = api.info_center.info["artwork"]
    assert artwork[0] == "artwork" and artwork[1].path == "/cache/covers/384/ab.jpg"
    service.close()
    assert api.info_center.info is None and not api.targets()
