"""Keystrokes typed into the real window under Xvfb control what the sink plays."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from tests.e2e.test_launch import launch
from tests.support import media
from tests.support.services import PulseServer, Recorder, XvfbServer

pytestmark = pytest.mark.e2e
RATE = 44100


def press(key: str, env: dict[str, str]) -> None:
    subprocess.run(
        ["xdotool", "search", "--sync", "--name", "Starlight Turntable",
         "windowfocus", "--sync", "key", key],
        env=env, check=True, timeout=10, capture_output=True,
    )  # fmt: skip


def focus_window(env: dict[str, str]) -> None:
    """Give the window the keyboard and let its activation settle (a user's window is active
    long before a key is pressed; the first activation of the window takes up to ~0.4 s)."""
    subprocess.run(
        ["xdotool", "search", "--sync", "--name", "Starlight Turntable", "windowfocus", "--sync"],
        env=env, check=True, timeout=10, capture_output=True,
    )  # fmt: skip
    time.sleep(0.8)


def newest_counter(rec: Recorder, frames: int = 4410) -> int:
    values = media.decode_counter(rec.frames(max(0, rec.mark() - frames)))
    valid = values[values >= 0]
    return int(valid[-1]) if len(valid) else -1


def test_space_pauses_and_resumes_and_right_seeks_forward(
    pulse: PulseServer, xvfb: XvfbServer, recorder: Recorder, tmp_path: Path, need_tools: object
) -> None:
    need_tools("xdotool", what="Keystroke tests")  # type: ignore[operator]
    song = media.write_flac(tmp_path / "counter.flac", media.counter_signal(40 * RATE))
    log = os.open(tmp_path / "app.log", os.O_WRONLY | os.O_CREAT)
    proc = launch([song], tmp_path, log)
    os.close(log)
    env = {**os.environ, "DISPLAY": xvfb.env["DISPLAY"]}
    try:
        recorder.wait_for_sound(recorder.mark(), timeout=20)
        focus_window(env)
        press("space", env)
        time.sleep(0.2)  # a pause drops the queue: silence within a few tens of ms
        paused_at = recorder.mark()
        time.sleep(0.5)
        quiet = recorder.frames(paused_at)
        assert np.all(quiet == 0), "still sounding after Space"
        before = newest_counter(recorder, frames=3 * RATE)
        press("space", env)
        resumed = recorder.wait_for_sound(paused_at, timeout=3)
        time.sleep(0.5)
        after_resume = media.decode_counter(recorder.frames(resumed + 2000, resumed + 2100))
        assert 0 <= after_resume[0] - before < 0.2 * RATE, "resume did not continue in place"
        heard = newest_counter(recorder)
        press("Right", env)
        time.sleep(0.8)
        jumped = newest_counter(recorder)
        assert 5.0 * RATE < jumped - heard < 6.5 * RATE, (heard, jumped)
    finally:
        proc.terminate()
        proc.wait(5)


def heard_hz(rec: Recorder, seconds: float = 0.5) -> float:
    """The strongest frequency in the left channel of what the sink played lately."""
    frames = rec.frames(max(0, rec.mark() - round(seconds * RATE)))[:, 0].astype(np.float64)
    spectrum = np.abs(np.fft.rfft(frames * np.hanning(len(frames))))
    return float(np.argmax(spectrum) * RATE / len(frames))


def test_speed_keys_cue_lever_and_next_are_heard(
    pulse: PulseServer, xvfb: XvfbServer, recorder: Recorder, tmp_path: Path, need_tools: object
) -> None:
    need_tools("xdotool", what="Keystroke tests")  # type: ignore[operator]
    first = media.write_flac(
        tmp_path / "a.flac", media.tone_signal(40 * RATE, frequencies=(1000.0, 1000.0))
    )
    second = media.write_flac(
        tmp_path / "b.flac", media.tone_signal(20 * RATE, frequencies=(500.0, 500.0))
    )
    log = os.open(tmp_path / "app.log", os.O_WRONLY | os.O_CREAT)
    proc = launch([first, second], tmp_path, log)
    os.close(log)
    env = {**os.environ, "DISPLAY": xvfb.env["DISPLAY"]}
    try:
        recorder.wait_for_sound(recorder.mark(), timeout=20)
        time.sleep(1.5)
        assert abs(heard_hz(recorder) - 1000) < 6
        # Untagged files in one folder make one record (named after the folder): an LP.
        press("2", env)  # 45 rpm on a side cut at 33 1/3: 1.35 times fast, pitch and tempo
        time.sleep(1.2)
        assert abs(heard_hz(recorder) - 1350) < 6, heard_hz(recorder)
        press("1", env)
        press("bracketright", env)  # +0.5 %, twice
        press("bracketright", env)
        time.sleep(1.2)
        assert abs(heard_hz(recorder) - 1010) < 4, heard_hz(recorder)
        press("l", env)  # the cue lever lifts the arm: silence at once
        time.sleep(0.3)
        lifted = recorder.mark()
        time.sleep(0.5)
        assert np.all(recorder.frames(lifted) == 0), "still sounding with the arm up"
        press("l", env)
        recorder.wait_for_sound(lifted, timeout=3)
        press("bracketleft", env)
        press("bracketleft", env)
        press("n", env)
        time.sleep(1.2)
        assert abs(heard_hz(recorder) - 500) < 6, "N did not move on to the next track"
    finally:
        proc.terminate()
        proc.wait(5)
