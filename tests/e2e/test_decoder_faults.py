"""The decoder fails under a playing track: hung, killed, its file deleted or cut short."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from app.audio.decoder import STALL_S
from tests.e2e.player import Player, wait_until
from tests.support import media
from tests.support.services import Recorder

pytestmark = pytest.mark.e2e
RATE = 44100


def decoder_pid(player: Player) -> int:
    """The ffmpeg process decoding now."""
    decoder = player.engine._decoder
    assert decoder is not None
    wait_until(lambda: decoder._process is not None, 2, "an ffmpeg process")
    process = decoder._process
    assert process is not None
    return process.pid


def next_started(player: Player) -> bool:
    return any(index == 1 for index, _ in player.started)


def test_a_hung_decoder_is_given_up_within_2_s_and_the_next_track_plays(
    player: Player, recorder: Recorder, tmp_path: Path
) -> None:
    hung = media.write_flac(tmp_path / "hung.flac", media.noise_signal(20 * RATE, seed=1))
    good = media.write_flac(tmp_path / "good.flac", media.noise_signal(5 * RATE, seed=2))
    mark = recorder.mark()
    t0 = time.perf_counter()
    player.load([hung, good])
    pid = decoder_pid(player)
    os.kill(pid, signal.SIGSTOP)  # still starting up: not a byte will come
    try:
        wait_until(lambda: player.errors, 2.0, "the hung decoder to be given up")
        given_up_s = time.perf_counter() - t0
        wait_until(lambda: next_started(player), 1.0, "the next track")
        onset = recorder.wait_for_sound(mark, timeout=1.0)
    finally:
        if _alive(pid):  # (given up, it has been killed and reaped already)
            os.kill(pid, signal.SIGCONT)
    assert STALL_S <= given_up_s < 2.0
    assert recorder.time_of_frame(onset) - t0 < 2.5
    [(path, message)] = player.errors
    assert path == hung
    assert "stopped answering" in message
    wait_until(lambda: not _alive(pid), 2, "the hung ffmpeg to be killed and reaped")


def test_a_killed_decoder_is_reported_and_the_next_track_follows(
    player: Player, tmp_path: Path
) -> None:
    first = media.write_flac(tmp_path / "first.flac", media.noise_signal(30 * RATE, seed=3))
    good = media.write_flac(tmp_path / "good.flac", media.noise_signal(5 * RATE, seed=4))
    player.load([first, good])
    wait_until(lambda: player.engine.position_s > 0.3, 5, "playback")
    os.kill(decoder_pid(player), signal.SIGKILL)
    wait_until(lambda: player.errors, 3, "the killed decoder to be reported")
    [(path, message)] = player.errors
    assert path == first and "killed" in message
    # What was decoded before the kill plays out (the ring runs about 2 s ahead), then the next.
    wait_until(lambda: next_started(player), 6, "the next track")
    assert player.engine.position_s < 4.0


def test_a_file_deleted_while_it_plays_plays_to_its_end(player: Player, tmp_path: Path) -> None:
    doomed = media.write_flac(tmp_path / "doomed.flac", media.noise_signal(3 * RATE, seed=5))
    good = media.write_flac(tmp_path / "good.flac", media.noise_signal(3 * RATE, seed=6))
    player.load([doomed, good])
    wait_until(lambda: player.engine.position_s > 0.2, 5, "playback")
    doomed.unlink()
    wait_until(lambda: next_started(player), 6, "the next track")
    assert player.errors == []
    started = [t for i, t in player.started]
    assert started[1] - started[0] > 2.9  # all three seconds were heard


def test_a_file_cut_short_while_it_plays_ends_early_and_the_next_follows(
    player: Player, tmp_path: Path
) -> None:
    cut = media.write_flac(tmp_path / "cut.flac", media.noise_signal(60 * RATE, seed=7))
    good = media.write_flac(tmp_path / "good.flac", media.noise_signal(3 * RATE, seed=8))
    player.load([cut, good])
    wait_until(lambda: player.engine.position_s > 0.2, 5, "playback")
    with cut.open("r+b") as file:
        file.truncate(cut.stat().st_size // 10)  # about 6 s of the 60 are left
    wait_until(lambda: next_started(player), 12, "the next track")
    assert player.engine.state.name == "PLAYING"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
