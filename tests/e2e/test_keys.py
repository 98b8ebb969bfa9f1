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
        time.sleep(1.0)
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
