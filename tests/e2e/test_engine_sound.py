"""The engine through a real PulseAudio null sink, recorded at its monitor."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import psutil
import pytest
from PySide6.QtCore import QTimer

from app.audio.qt_output import REWIND_MARGIN_S
from app.core.playback import PlaybackState
from tests.e2e.player import Player, wait_until
from tests.support import media
from tests.support.services import Recorder

pytestmark = pytest.mark.e2e
RATE = 44100


def first_nonzero(frames: np.ndarray) -> int:
    nz = np.flatnonzero(np.any(frames != 0, axis=1))
    assert len(nz), "no sound recorded"
    return int(nz[0])


def assert_played_exactly(recording: np.ndarray, expected: np.ndarray) -> None:
    start = first_nonzero(recording) - first_nonzero(expected)
    got = recording[start : start + len(expected)]
    assert len(got) == len(expected), "recording ended early"
    mismatched = np.flatnonzero(np.any(got != expected, axis=1))
    assert len(mismatched) == 0, (
        f"{len(mismatched)} frames differ, first at {mismatched[0]} of {len(expected)}"
    )


def play_to_end(
    player: Player, recorder: Recorder, paths: list[Path], timeout: float
) -> np.ndarray:
    mark = recorder.mark()
    player.load(paths)
    wait_until(lambda: player.engine.state is PlaybackState.STOPPED, timeout, "the list to end")
    recorder.wait_for_frames(recorder.mark() + RATE // 10)
    return recorder.frames(mark)


def test_flac_pair_cut_at_odd_sample_plays_as_exact_concatenation(
    player: Player, recorder: Recorder, tmp_path: Path
) -> None:
    signal = media.noise_signal(3 * RATE, seed=5)
    cut = RATE * 3 // 2 + 7
    a = media.write_flac(tmp_path / "a.flac", signal[:cut])
    b = media.write_flac(tmp_path / "b.flac", signal[cut:])
    recording = play_to_end(player, recorder, [a, b], timeout=10)
    assert_played_exactly(recording, signal)
    assert [i for i, _ in player.started] == [0, 1]


def test_lame_mp3_pair_plays_gapless_against_ffmpeg_decode(
    player: Player, recorder: Recorder, tmp_path: Path
) -> None:
    a, b = media.write_mp3_pair(tmp_path, seconds=3.0)
    expected = np.concatenate([media.ffmpeg_decode_s16(a), media.ffmpeg_decode_s16(b)])
    recording = play_to_end(player, recorder, [a, b], timeout=10)
    assert_played_exactly(recording, expected)


def test_seek_lands_within_1_ms_and_the_clock_follows(
    player: Player, recorder: Recorder, tmp_path: Path
) -> None:
    path = media.write_flac(tmp_path / "counter.flac", media.counter_signal(20 * RATE))
    player.load([path])
    wait_until(lambda: player.engine.position_s > 0.5, 5, "playback to start")
    target_s = 7.3
    mark = recorder.mark()
    player.engine.seek(target_s)
    wait_until(lambda: player.engine.position_s > target_s + 0.3, 5, "the seek to sound")
    recorder.wait_for_frames(recorder.mark() + RATE // 10)
    recorded = recorder.frames(mark)
    values = media.decode_counter(recorded)
    # The first frame of an unbroken run of 1,000 counter values after the seek: the fade-in
    # before it scales samples, and scaled frames decode to nonsense.
    target = round(target_s * RATE)
    runs = np.flatnonzero((values >= target - RATE // 2) & (values < target + RATE))
    first_valid = next(int(i) for i in runs if np.all(np.diff(values[i : i + 1000]) == 1))
    head = values[: first_valid + 1]
    steady = np.flatnonzero((np.diff(head) == 1) & (head[:-1] >= 0) & (head[:-1] < target - RATE))
    search_from = int(steady[-1]) + 2 if len(steady) else 0  # just after the old stream
    onset = search_from + first_nonzero(recorded[search_from:])
    assert first_valid - onset < 0.006 * RATE, "the fade-in is longer than 5 ms"
    landed = int(values[first_valid]) - (first_valid - onset)
    assert abs(landed - target) <= RATE / 1000, f"landed at frame {landed}, not {target}"
    # After the fade-in the stream runs on sample by sample.
    tail = values[first_valid:]
    tail = tail[: np.flatnonzero(tail < 0)[0]] if np.any(tail < 0) else tail
    assert np.all(np.diff(tail) == 1)
    assert abs(player.engine.position_s - (target_s + len(values[first_valid:]) / RATE)) < 0.3


def test_sixty_seconds_under_gui_load_without_underruns(
    player: Player, recorder: Recorder, tmp_path: Path
) -> None:
    seconds = 60
    path = media.write_flac(tmp_path / "long.flac", media.counter_signal((seconds + 2) * RATE))

    def burn() -> None:
        end = time.perf_counter() + 0.030
        while time.perf_counter() < end:
            pass

    busy = QTimer()
    busy.timeout.connect(burn)
    busy.start(40)
    mark = recorder.mark()
    try:
        player.load([path])
        wait_until(lambda: player.engine.position_s >= seconds, seconds + 10, "60 s of play")
    finally:
        busy.stop()
    player.engine.stop()
    values = media.decode_counter(recorder.frames(mark))
    played = values[np.flatnonzero(values >= 0)[0] :]
    played = played[: np.flatnonzero(played >= (seconds - 1) * RATE)[0]]
    assert player.output.underruns == 0
    gaps = np.flatnonzero(np.diff(played) != 1)
    if len(gaps):
        silent = int(np.sum(played < 0))
        valid = played[played >= 0]
        jumps = [int(j) for j in np.diff(valid) if j != 1][:5]
        raise AssertionError(
            f"{len(gaps)} discontinuities, first after frame {played[gaps[0]]}: "
            f"{silent} silent frames, first jumps {jumps}"
        )


def test_bad_files_are_reported_and_the_next_track_plays(
    player: Player, recorder: Recorder, tmp_path: Path
) -> None:
    bad = media.make_bad_files(tmp_path)
    good = media.write_flac(tmp_path / "good.flac", media.noise_signal(RATE, seed=9))
    names = ["empty.flac", "random.mp3", "notaudio.flac", "folder.flac", "dangling.flac"]
    mark = recorder.mark()
    started = time.perf_counter()
    player.load([bad[n] for n in names] + [good])
    onset = recorder.wait_for_sound(mark, timeout=5)
    assert recorder.time_of_frame(onset) - started < 1.0
    wait_until(lambda: any(i == len(names) for i, _ in player.started), 5, "the good track")
    reported = {p.name: message for p, message in player.errors if p is not None}
    assert set(reported) == set(names)
    for name, message in reported.items():
        assert message.startswith(name + ": ") and len(message) > len(name) + 8
    assert "empty" in reported["empty.flac"]
    assert "folder" in reported["folder.flac"]


def test_truncated_file_plays_what_it_has_then_moves_on(
    player: Player, recorder: Recorder, tmp_path: Path
) -> None:
    bad = media.make_bad_files(tmp_path)
    good = media.write_flac(tmp_path / "good.flac", media.noise_signal(RATE, seed=3))
    player.load([bad["truncated.flac"], good])
    wait_until(lambda: any(i == 1 for i, _ in player.started), 10, "the track after it")


def test_no_decoder_process_outlives_stop_seek_next(player: Player, tmp_path: Path) -> None:
    tracks = [
        media.write_flac(tmp_path / f"{i}.flac", media.noise_signal(10 * RATE, seed=i))
        for i in range(3)
    ]

    def decoders() -> set[int]:
        return {
            c.pid
            for c in psutil.Process().children(recursive=True)
            if "ffmpeg" in c.name() and c.status() != psutil.STATUS_ZOMBIE
        }

    player.load(tracks)
    wait_until(lambda: player.engine.position_s > 0.2, 5, "playback")
    for action in (lambda: player.engine.seek(5), player.engine.next, player.engine.stop):
        # The decoder thread a seek or skip starts spawns its ffmpeg a moment later.
        wait_until(lambda: bool(decoders()), 2, "a decoder to be running")
        before = decoders()
        action()
        # The old decoder is gone at once; at most the new one (already primed) runs.
        assert not before & decoders()
        assert len(decoders()) <= 1
    player.engine.play()
    wait_until(lambda: player.engine.state is PlaybackState.PLAYING, 2, "play")
    player.close()
    assert decoders() == set()


def test_underrun_counter_sees_a_starved_output(player: Player, tmp_path: Path) -> None:
    """The counter the test above relies on really counts: starve the sink on purpose."""
    path = media.write_flac(tmp_path / "x.flac", media.noise_signal(10 * RATE, seed=8))
    player.load([path])
    wait_until(lambda: player.engine.position_s > 0.3, 5, "playback")
    renderer = player.engine.renderer
    real_render = renderer.render
    renderer.render = lambda max_frames: None  # type: ignore[method-assign]
    try:
        wait_until(lambda: player.output.underruns > 0, 3, "an underrun to be counted")
    finally:
        renderer.render = real_render  # type: ignore[method-assign]


def test_pause_is_heard_at_once_and_resume_loses_and_repeats_nothing(
    player: Player, recorder: Recorder, tmp_path: Path
) -> None:
    path = media.write_flac(tmp_path / "counter.flac", media.counter_signal(20 * RATE))
    mark = recorder.mark()
    player.load([path])
    wait_until(lambda: player.engine.position_s > 1.0, 5, "playback")
    t0 = time.perf_counter()
    player.engine.pause()
    silent_from = recorder.wait_for_silence(mark, timeout=3, min_frames=2205)
    assert recorder.time_of_frame(silent_from) - t0 < 0.060, "pause took effect late"
    time.sleep(0.5)
    paused_position = player.engine.position_s
    time.sleep(0.3)
    assert player.engine.position_s == paused_position, "the clock ran on while paused"
    player.engine.play()
    wait_until(lambda: player.engine.position_s > paused_position + 1.0, 5, "resumed play")
    values = media.decode_counter(recorder.frames(mark))
    counted = values[values >= 0]
    # Apart from the 10 ms fades (whose scaled samples decode as nonsense) the counter runs on
    # one by one: nothing skipped; at most the rewind margin (25 ms) is heard again, under the
    # fade-out.
    steps = np.diff(counted)
    odd = np.flatnonzero(steps != 1)
    run_lengths = np.diff(np.concatenate([[-1], odd, [len(steps)]]))
    assert np.sum(run_lengths > 2000) == 2, "expected one run before and one after the pause"
    before = counted[: odd[0] + 1] if len(odd) else counted
    after_start = counted[odd[-1] + 1]
    assert 2 * 441 - REWIND_MARGIN_S * RATE <= after_start - before[-1] <= 2 * 441 + 2, (
        before[-1],
        after_start,
    )
    assert abs(paused_position - (before[-1] + 441) / RATE) < 0.03


def test_vinyl_character_colours_the_sound_and_switched_off_leaves_it_bit_exact(
    player: Player, recorder: Recorder, tmp_path: Path
) -> None:
    signal = media.noise_signal(3 * RATE, seed=9)
    song = media.write_flac(tmp_path / "song.flac", signal)
    player.engine.set_vinyl(True, 1.0, 0.8)
    coloured = play_to_end(player, recorder, [song], timeout=10)
    start = first_nonzero(coloured)
    differs = np.any(coloured[start : start + len(signal)] != signal, axis=1)
    assert differs.mean() > 0.9, "the vinyl character did not change the sound"
    player.engine.set_vinyl(False, 1.0, 0.8)
    recording = play_to_end(player, recorder, [song], timeout=10)
    assert_played_exactly(recording, signal)
