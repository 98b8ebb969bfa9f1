"""The soak harness's own logic: tones told apart, tracks counted, dropouts, zombies, growth."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import numpy as np
import psutil
import pytest

from benchmarks.soak_app import speed_key_for, underruns_in
from benchmarks.soak_listen import (
    LISTEN_RATE_HZ,
    SILENT,
    UNKNOWN,
    QuietRuns,
    block_class,
    count_heard,
)
from benchmarks.soak_media import TONES_HZ, encode_command, lead_in, track_plan
from benchmarks.soak_watch import ProcessWatch, growth, trend_per_100


def tone(freq_hz: float, n: int = 400, amplitude: float = 4000.0) -> np.ndarray:
    t = np.arange(n) / LISTEN_RATE_HZ
    return (amplitude * np.sin(2 * np.pi * freq_hz * t)).astype(np.int16)


# ----------------------------------------------------------------------------- tones
@pytest.mark.parametrize("rate", [1.0, 2.0, 2.7])
def test_each_tone_is_told_apart_at_the_playback_rate(rate: float) -> None:
    for index, freq in enumerate(TONES_HZ):
        assert block_class(tone(freq * rate), TONES_HZ, rate) == index


def test_silence_and_other_sounds_are_not_tones() -> None:
    assert block_class(np.zeros(400, np.int16), TONES_HZ, 1.0) == SILENT
    assert block_class(tone(300.0, amplitude=100.0), TONES_HZ, 1.0) == SILENT
    assert block_class(tone(2500.0), TONES_HZ, 1.0) == UNKNOWN
    assert block_class(tone(300.0), TONES_HZ, 2.0) == UNKNOWN, "heard at the wrong rate"


def test_tracks_in_order_are_all_heard() -> None:
    classes = [SILENT] * 5 + [t % 5 for t in range(12) for _ in range(6)] + [SILENT] * 3
    assert count_heard(classes, 5) == count_heard(classes, 5, first=0)
    heard = count_heard(classes, 5)
    assert (heard.heard, heard.missed, heard.glitches) == (12, 0, 0)


def test_a_skipped_track_is_a_wrong_step() -> None:
    order = [0, 1, 2, 4, 0, 1]  # track 3 never sounded
    heard = count_heard([tone for tone in order for _ in range(5)], 5)
    assert (heard.heard, heard.missed) == (6, 1)
    assert count_heard([2] * 5, 5).missed == 2, "the first two tracks were not heard"


def test_a_dropout_inside_a_track_and_a_glitch_at_a_join_count_no_track() -> None:
    classes = [0] * 6 + [SILENT] * 2 + [0] * 4 + [3] + [1] * 6 + [UNKNOWN] + [2] * 6
    heard = count_heard(classes, 5)
    assert (heard.heard, heard.missed, heard.glitches) == (3, 0, 1)


# ----------------------------------------------------------------------------- dropouts
def feed_in_pieces(signal: np.ndarray, piece: int) -> QuietRuns:
    quiet = QuietRuns(min_samples=80, level=64)
    for start in range(0, len(signal), piece):
        quiet.feed(signal[start : start + piece])
    return quiet


@pytest.mark.parametrize("piece", [37, 400, 5000])
def test_a_gap_between_sounds_is_found_wherever_the_pieces_split(piece: int) -> None:
    signal = np.concatenate([
        np.zeros(1000), tone(440, 1200), np.zeros(100), tone(440, 900), np.zeros(70),
        tone(440, 500), np.zeros(2000),
    ]).astype(np.int16)  # fmt: skip
    quiet = feed_in_pieces(signal, piece)
    assert quiet.first_sound is not None and 1000 <= quiet.first_sound <= 1002
    assert len(quiet.dropouts) == 1, "not the silence before, not 70 samples, not the end"
    start, length = quiet.dropouts[0]
    assert 2195 <= start <= 2200 and 100 <= length <= 106


def test_a_signal_that_never_falls_silent_has_no_dropout() -> None:
    assert feed_in_pieces(tone(220, 40000), 400).dropouts == []


# ----------------------------------------------------------------------------- plan, rate, log
def test_the_plan_cycles_tones_formats_and_albums() -> None:
    plan = track_plan(23, album_size=10)
    assert [s.tone_hz for s in plan[:6]] == [*TONES_HZ, TONES_HZ[0]]
    assert [s.name[-4:] for s in plan[:3]] == ["flac", ".mp3", ".ogg"]
    assert [s.album for s in plan].count("Soak Album 003") == 3
    assert plan[10].number == 1 and plan[9].number == 10
    assert len({s.name for s in plan}) == 23
    assert all(1.0 <= s.duration_s <= 1.8 for s in plan)
    with pytest.raises(ValueError, match="albums of 0"):
        track_plan(3, 0)


def test_the_lead_in_is_silence_and_names_go_to_ffmpeg_as_file_urls(tmp_path: Path) -> None:
    command = encode_command(lead_in("Soak Album 001"), tmp_path)
    assert any(arg.startswith("anullsrc=") for arg in command)
    assert command[-1] == f"file:{tmp_path / '0000 lead-in.flac'}"
    assert "album=Soak Album 001" in command


@pytest.mark.parametrize(
    ("rate", "key"), [(1.0, "1"), (0.85, "1"), (1.3, "2"), (2.0, "3"), (2.7, "3"), (1.8, None)]
)
def test_the_speed_key_that_reaches_a_rate(rate: float, key: str | None) -> None:
    assert speed_key_for(rate) == key


def test_the_underruns_are_the_last_count_logged() -> None:
    text = "x WARNING audio underrun (1 so far)\ny\nz WARNING audio underrun (3 so far)\n"
    assert underruns_in(text) == 3
    assert underruns_in("nothing here") == 0


# ----------------------------------------------------------------------------- growth
def test_growth_compares_medians_of_the_first_and_last_samples() -> None:
    values = [100.0, 130.0, 101.0, 99.0, 100.0, 104.0, 105.0, 104.0, 180.0, 106.0]
    g = growth(values, window=5)
    assert (g.start, g.end, g.peak, g.low, g.change) == (100.0, 105.0, 180.0, 99.0, 5.0)
    with pytest.raises(ValueError, match="no samples"):
        growth([])


def test_trend_is_the_slope_per_hundred_tracks() -> None:
    tracks = list(range(0, 1000, 50))
    assert trend_per_100(tracks, [10.0 + 0.02 * t for t in tracks]) == pytest.approx(2.0)
    assert trend_per_100([5, 5, 5], [1.0, 2.0, 3.0]) is None


# ----------------------------------------------------------------------------- processes
@pytest.fixture
def fake_ffmpeg(tmp_path: Path) -> Path:
    link = tmp_path / "ffmpeg-soaktest"
    link.symlink_to("/bin/sleep")
    return link


def test_a_finished_ffmpeg_left_unreaped_is_seen_a_zombie(fake_ffmpeg: Path) -> None:
    child = subprocess.Popen([str(fake_ffmpeg), "0"])
    try:
        deadline = time.monotonic() + 5
        while psutil.Process(child.pid).status() != psutil.STATUS_ZOMBIE:
            assert time.monotonic() < deadline, "the child never ended"
            time.sleep(0.01)
        watch = ProcessWatch(psutil.Process().pid)
        first = watch.sample(tracks=0)
        time.sleep(0.05)
        watch.sample(tracks=1)
        assert (first.zombies, first.ffmpeg) == (1, 0)
        assert len(watch.zombie_life_s) == 1 and 0 < watch.longest_zombie_s() < 5
        assert watch.unreaped() == [], "within the grace period"
    finally:
        child.wait()


def test_an_ffmpeg_running_too_long_is_a_stray(fake_ffmpeg: Path) -> None:
    child = subprocess.Popen([str(fake_ffmpeg), "30"])
    try:
        watch = ProcessWatch(psutil.Process().pid, stray_age_s=0.0)
        time.sleep(0.05)
        sample = watch.sample(tracks=0)
        assert (sample.ffmpeg, sample.zombies, watch.max_ffmpeg) == (1, 0, 1)
        assert [pid for pid, _started in watch.strays] == [child.pid]
        assert sample.rss_mb > 0 and sample.fds > 0 and sample.threads >= 1
    finally:
        child.kill()
        child.wait()
