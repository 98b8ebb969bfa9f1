"""Tests of the end-to-end harness itself: real PulseAudio, parec, Xvfb, D-Bus and ffmpeg.

The audio path is checked with ``pacat`` (not the app): what goes into the null sink must come
out of its monitor bit-exactly, so that later tests can blame the app, not the harness.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from tests.support.media import (
    COUNTER_PERIOD,
    RATE,
    counter_signal,
    decode_counter,
    ffmpeg_decode_s16,
    make_bad_files,
    make_long_flac,
    noise_signal,
    tone_signal,
    write_flac,
    write_mp3_pair,
    write_wav,
)
from tests.support.services import PULSE_TOOLS, PulseServer, Recorder, SessionBus, XvfbServer

NeedTools = Callable[..., None]


def play_with_pacat(pulse: PulseServer, samples: npt.NDArray[np.int16]) -> None:
    """Play int16 stereo samples into the test sink and wait until pacat has drained them."""
    subprocess.run(
        [
            "pacat", "-p", "-d", pulse.sink_name, "--raw", "--format=s16le",
            f"--rate={RATE}", "--channels=2",
        ],
        input=np.ascontiguousarray(samples, dtype="<i2").tobytes(),
        env={**os.environ, **pulse.env},
        check=True,
        timeout=30,
    )  # fmt: skip


def record_playback(
    pulse: PulseServer, recorder: Recorder, samples: npt.NDArray[np.int16]
) -> tuple[int, npt.NDArray[np.int16]]:
    """Play ``samples`` and return (index of the first sound frame, recording from there)."""
    before = recorder.mark()
    play_with_pacat(pulse, samples)
    first = recorder.wait_for_sound(after_frame=before, timeout=5.0)
    recorder.wait_for_frames(first + len(samples), timeout=5.0)
    return first, recorder.frames(first, first + len(samples))


# --------------------------------------------------------------------------------------------
# Plain unit tests of the signal helpers
# --------------------------------------------------------------------------------------------


def test_counter_signal_round_trips() -> None:
    start = 3 * COUNTER_PERIOD - 1000  # crosses a period boundary
    signal = counter_signal(5000, start=start)
    assert signal.dtype == np.int16
    assert signal.shape == (5000, 2)
    np.testing.assert_array_equal(decode_counter(signal), np.arange(start, start + 5000))
    assert np.all(np.any(signal != 0, axis=1)), "no frame may be digital silence"
    assert signal.min() > -32768, "-32768 cannot be negated"


def test_counter_signal_is_continuous_across_calls() -> None:
    whole = counter_signal(3000)
    np.testing.assert_array_equal(
        np.concatenate([counter_signal(1234), counter_signal(1766, 1234)]), whole
    )


def test_decode_counter_marks_foreign_frames() -> None:
    frames = np.zeros((3, 2), dtype=np.int16)
    frames[1] = counter_signal(1, start=77)[0]
    np.testing.assert_array_equal(decode_counter(frames), [-1, 77, -1])


def test_noise_and_tone_signals() -> None:
    noise = noise_signal(RATE, seed=7)
    assert noise.shape == (RATE, 2)
    assert np.all(noise[0] != 0)
    rms_dbfs = 20 * np.log10(np.sqrt(np.mean(noise.astype(np.float64) ** 2)) / 32767)
    assert -13.0 < rms_dbfs < -11.0
    np.testing.assert_array_equal(noise, noise_signal(RATE, seed=7))
    assert not np.array_equal(noise, noise_signal(RATE, seed=8))
    tone = tone_signal(1000)
    assert np.all(tone[0] != 0)
    np.testing.assert_array_equal(np.concatenate([tone_signal(400), tone_signal(600, 400)]), tone)


# --------------------------------------------------------------------------------------------
# Media files through the ffmpeg CLI
# --------------------------------------------------------------------------------------------


def test_flac_and_wav_decode_bit_exactly(ffmpeg_cli: str, tmp_path: Path) -> None:
    signal = counter_signal(RATE // 2, start=12345)
    flac = write_flac(tmp_path / "counter.flac", signal)
    wav = write_wav(tmp_path / "counter.wav", signal)
    np.testing.assert_array_equal(ffmpeg_decode_s16(flac), signal)
    np.testing.assert_array_equal(ffmpeg_decode_s16(wav), signal)


def test_odd_file_names_are_not_options(ffmpeg_cli: str, tmp_path: Path) -> None:
    signal = noise_signal(1000, seed=1)
    path = write_flac(tmp_path / "-y concat:x|y.flac", signal)
    assert path.exists()
    np.testing.assert_array_equal(ffmpeg_decode_s16(path), signal)


def test_mp3_pair_is_gapless(ffmpeg_cli: str, tmp_path: Path) -> None:
    path_a, path_b = write_mp3_pair(tmp_path, seconds=2.0, cut_frame=44101)
    a, b = ffmpeg_decode_s16(path_a), ffmpeg_decode_s16(path_b)
    assert len(a) == 44101
    assert len(b) == 2 * RATE - 44101
    # Lossy, but the joined halves must follow the source tone without a gap or shift.
    source = tone_signal(2 * RATE).astype(np.float64)
    joined = np.concatenate([a, b]).astype(np.float64)
    correlation = np.sum(source * joined) / np.sqrt(np.sum(source**2) * np.sum(joined**2))
    assert correlation > 0.99


def test_bad_files(ffmpeg_cli: str, tmp_path: Path) -> None:
    files = make_bad_files(tmp_path)
    assert set(files) == {
        "empty.flac", "truncated.flac", "random.mp3", "notaudio.flac", "folder.flac",
        "dangling.flac",
    }  # fmt: skip
    assert files["empty.flac"].stat().st_size == 0
    assert files["truncated.flac"].read_bytes()[:4] == b"fLaC"
    assert files["random.mp3"].stat().st_size == 64 * 1024
    assert files["random.mp3"].read_bytes() == make_bad_files(tmp_path)["random.mp3"].read_bytes()
    assert files["folder.flac"].is_dir()
    assert files["dangling.flac"].is_symlink()
    assert not files["dangling.flac"].exists()
    assert files["notaudio.flac"].read_text().startswith("This is not")


def test_long_flac(ffmpeg_cli: str, tmp_path: Path) -> None:
    path = make_long_flac(tmp_path / "long.flac", seconds=20)
    decoded = ffmpeg_decode_s16(path)
    assert len(decoded) == 20 * RATE
    assert np.abs(decoded).max() > 1000


# --------------------------------------------------------------------------------------------
# Real PulseAudio
# --------------------------------------------------------------------------------------------


@pytest.mark.e2e
def test_pulse_environment_points_at_private_server(pulse: PulseServer) -> None:
    assert os.environ["PULSE_SERVER"] == f"unix:{pulse.socket_path}"
    info = subprocess.run(
        ["pactl", "info"], capture_output=True, text=True, check=True, timeout=5
    ).stdout
    assert f"Server String: unix:{pulse.socket_path}" in info
    assert "Default Sink: test_sink" in info
    assert "s16le 2ch 44100Hz" in pulse.pactl("list", "short", "sinks").stdout


@pytest.mark.e2e
def test_pacat_noise_is_recorded_bit_exactly(pulse: PulseServer, recorder: Recorder) -> None:
    signal = noise_signal(RATE // 2, seed=42)
    first, recorded = record_playback(pulse, recorder, signal)
    np.testing.assert_array_equal(recorded, signal)
    # And then silence: nothing more, nothing repeated.
    end = recorder.wait_for_silence(after_frame=first, timeout=5.0, min_frames=2205)
    assert end == first + len(signal)


@pytest.mark.e2e
def test_pacat_counter_is_recorded_bit_exactly(pulse: PulseServer, recorder: Recorder) -> None:
    for attempt in range(3):  # every new stream must come through whole, from its first frame
        signal = counter_signal(RATE // 4, start=1000 * attempt)
        _, recorded = record_playback(pulse, recorder, signal)
        np.testing.assert_array_equal(
            decode_counter(recorded), 1000 * attempt + np.arange(len(signal))
        )


@pytest.mark.e2e
def test_time_of_frame_tracks_real_time(pulse: PulseServer, recorder: Recorder) -> None:
    signal = noise_signal(RATE // 2, seed=3)
    before = recorder.mark()
    started = time.perf_counter()
    play_with_pacat(pulse, signal)
    first = recorder.wait_for_sound(after_frame=before, timeout=5.0)
    recorder.wait_for_frames(first + len(signal))
    t_first = recorder.time_of_frame(first)
    t_last = recorder.time_of_frame(first + len(signal) - 1)
    assert started < t_first < started + 0.5
    # The sink runs in real time: half a second of audio takes half a second.
    assert t_last - t_first == pytest.approx(len(signal) / RATE, abs=0.03)
    chunks = list(recorder.chunks())
    assert all(b[1] > a[1] and b[0] >= a[0] for a, b in itertools.pairwise(chunks))
    with pytest.raises(IndexError):
        recorder.time_of_frame(recorder.mark() + RATE)


@pytest.mark.e2e
def test_wait_for_sound_times_out_on_silence(recorder: Recorder) -> None:
    t0 = time.perf_counter()
    with pytest.raises(TimeoutError):
        recorder.wait_for_sound(after_frame=recorder.mark(), timeout=0.2)
    assert time.perf_counter() - t0 < 1.0
    assert recorder.wait_for_silence(after_frame=recorder.mark(), min_frames=441, timeout=2.0) >= 0


@pytest.mark.e2e
def test_sink_can_vanish_and_return(pulse: PulseServer) -> None:
    pulse.unload_sink()
    try:
        assert "test_sink" not in pulse.pactl("list", "short", "sinks").stdout
    finally:
        pulse.load_sink()
    assert "test_sink" in pulse.pactl("list", "short", "sinks").stdout
    with Recorder(pulse) as rec:
        signal = noise_signal(RATE // 10, seed=9)
        _, recorded = record_playback(pulse, rec, signal)
    np.testing.assert_array_equal(recorded, signal)


@pytest.mark.e2e
def test_private_pulse_server_starts_fast_and_cleans_up(need_tools: NeedTools) -> None:
    need_tools(*PULSE_TOOLS, what="PulseAudio")
    with PulseServer() as server:
        assert server.startup_seconds is not None and server.startup_seconds < 2.0
        pid = server.pid
        directory = server.directory
        assert server.running
    assert not Path(f"/proc/{pid}").exists()
    assert not directory.exists()


# --------------------------------------------------------------------------------------------
# Xvfb and D-Bus
# --------------------------------------------------------------------------------------------


@pytest.mark.e2e
def test_xvfb_has_the_requested_screen(xvfb: XvfbServer, need_tools: NeedTools) -> None:
    assert os.environ["DISPLAY"] == xvfb.env["DISPLAY"]
    assert Path(f"/tmp/.X11-unix/X{xvfb.display}").exists()
    need_tools("xdotool", what="Reading the X screen size")
    geometry = subprocess.run(
        ["xdotool", "getdisplaygeometry"], capture_output=True, text=True, check=True, timeout=5
    ).stdout.split()
    assert geometry == ["1600", "1000"]


@pytest.mark.e2e
def test_session_bus_is_private(session_bus: SessionBus, need_tools: NeedTools) -> None:
    assert os.environ["DBUS_SESSION_BUS_ADDRESS"] == session_bus.address
    assert str(session_bus.directory) in session_bus.env["DBUS_SESSION_BUS_ADDRESS"]
    need_tools("playerctl", what="Listing MPRIS players")
    result = subprocess.run(
        ["playerctl", "--list-all"], capture_output=True, text=True, check=False, timeout=5
    )
    assert result.stdout.strip() == ""
    assert "No players found" in result.stderr
