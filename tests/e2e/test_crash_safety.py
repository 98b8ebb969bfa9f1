"""Killed while playing, the real app comes back where its last save put it.

The real app (``main.py``), playing on the test PulseAudio, is killed with SIGKILL: the next
start comes back paused where the last save put it (never more than 5 s back: the session is
saved every 5 s while playing) and plays on from exactly there. Killed while paused, it keeps
the paused place. Kills in the middle of scans are in tests/library/test_scan_kills.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.player import wait_until
from tests.e2e.test_session import (
    assert_silent_for,
    counted_lately,
    focus_window,
    last_counted,
    launch_at_home,
    press,
    saved_session,
    wait_for_window,
)
from tests.support import media
from tests.support.services import PulseServer, Recorder, XvfbServer

pytestmark = pytest.mark.e2e
RATE = 44100


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "home"
    folder.mkdir()
    yield folder


def killed(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=5)


def test_a_kill_while_playing_restarts_where_the_last_save_put_it(
    pulse: PulseServer,
    xvfb: XvfbServer,
    recorder: Recorder,
    tmp_path: Path,
    home: Path,
    need_tools: object,
) -> None:
    need_tools("xdotool", what="Crash tests")  # type: ignore[operator]
    opener = media.write_flac(tmp_path / "1 opener.flac", media.noise_signal(20 * RATE, seed=5))
    counter = media.write_flac(tmp_path / "2 counter.flac", media.counter_signal(60 * RATE))
    env = {**os.environ, "DISPLAY": xvfb.env["DISPLAY"]}
    proc = launch_at_home(home, [opener, counter])
    try:
        recorder.wait_for_sound(recorder.mark(), timeout=20)
        focus_window(env)
        press("n", env)  # the counter, then 5 s on: saved 1.5 s later
        press("Right", env)
        # Then only the periodic save (every 5 s) keeps up with the music: killed 9 s on,
        # the place saved must be newer than the seek's (about 6.5 s).
        wait_until(lambda: counted_lately(recorder) > 14 * RATE, 15, "the counter past 14 s")
        heard_at_kill = counted_lately(recorder)
        killed(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    queue = saved_session(home)["queue"]
    assert queue["current"] == 1, queue
    saved_s = queue["position_s"]
    assert heard_at_kill / RATE - 5.6 < saved_s <= heard_at_kill / RATE + 0.2, (
        saved_s,
        heard_at_kill / RATE,
    )
    state = home / "state" / "starlight"
    assert sorted(p.name for p in state.iterdir() if p.name.endswith(".tmp")) == []

    proc = launch_at_home(home, [])
    try:
        wait_for_window(env)
        assert_silent_for(recorder, 1.0)  # it came back paused
        focus_window(env)
        quiet = recorder.mark()
        press("space", env)
        resumed = recorder.wait_for_sound(quiet, timeout=5)
        recorder.wait_for_frames(resumed + RATE // 2)
        first = int(media.decode_counter(recorder.frames(resumed + 2000, resumed + 2001))[0])
        assert abs(first / RATE - saved_s) < 0.2, (first / RATE, saved_s)
        wait_until(lambda: counted_lately(recorder) > first + RATE, 5, "a second of play")
        press("space", env)  # paused, then killed: the pause was saved a moment later
        recorder.wait_for_silence(recorder.mark(), timeout=3)
        paused_at = counted_lately_before_silence(recorder)
        time.sleep(2.5)
        killed(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    queue = saved_session(home)["queue"]
    assert queue["current"] == 1 and abs(queue["position_s"] - paused_at / RATE) < 0.2, (
        queue,
        paused_at / RATE,
    )


def counted_lately_before_silence(recorder: Recorder) -> int:
    """The last counter frame heard in the two seconds before now (the sink is silent now)."""
    return last_counted(recorder.frames(max(0, recorder.mark() - 2 * RATE)))
