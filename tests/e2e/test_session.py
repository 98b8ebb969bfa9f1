"""The listening session: the queue and position survive a restart; plays are counted.

The last tests run the real app (``main.py``) on the test X server and PulseAudio twice over
the same home: played, set and quit (by SIGTERM, or Ctrl+Q), then started again without
arguments, where it must come back paused and play on from where it was, as it was set.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.core.playback import PlaybackState
from app.core.queue import RepeatMode
from app.ui.library_service import LibraryService
from app.ui.player_session import PlayerSession
from tests.e2e.player import Player, wait_until
from tests.e2e.test_keys import heard_hz
from tests.support import media
from tests.support.services import PulseServer, Recorder, XvfbServer

pytestmark = pytest.mark.e2e
RATE = 44100
ROOT = Path(__file__).resolve().parents[2]


def test_queue_and_position_survive_a_restart(player: Player, tmp_path: Path) -> None:
    paths = [
        media.write_flac(tmp_path / f"{n}.flac", media.noise_signal(4 * RATE, seed=n))
        for n in range(3)
    ]
    state = tmp_path / "state" / "queue.json"
    session = PlayerSession(player.engine, None, state)
    session.player.play([t for t in map(session.resolve, paths) if t is not None])
    session.player.set_repeat(RepeatMode.ALL)
    session.player.play_index(1)
    wait_until(lambda: player.engine.position_s > 1.0, 5, "the second track to play")
    session.close()
    saved_at = player.engine.position_s
    player.engine.stop()
    paths[2].unlink()  # gone by the next start: dropped, the rest kept

    again = PlayerSession(player.engine, None, state)
    assert again.restore()
    assert [t.path for t in again.queue] == paths[:2]
    assert again.queue.current_index == 1 and again.queue.repeat is RepeatMode.ALL
    assert player.engine.state is PlaybackState.PAUSED
    assert player.engine.current_track is not None
    assert player.engine.current_track.path == paths[1]
    assert abs(player.engine.position_s - saved_at) < 0.5


def test_a_track_heard_for_half_its_length_counts_as_played(player: Player, tmp_path: Path) -> None:
    music = tmp_path / "music"
    music.mkdir()
    short = media.write_flac(music / "short.flac", media.noise_signal(2 * RATE, seed=1))
    library = LibraryService(tmp_path / "library.db")
    finished: list[object] = []
    library.scan_finished.connect(finished.append)
    library.start_scan([music])
    wait_until(lambda: bool(finished), 20, "the scan")
    session = PlayerSession(player.engine, library, tmp_path / "queue.json")
    track = session.resolve(short)
    assert track is not None and track.duration_s == pytest.approx(2.0, abs=0.05)
    session.player.play([track])
    wait_until(lambda: player.engine.state is PlaybackState.STOPPED, 8, "the end of the track")
    wait_until(lambda: library.history.counts(short)[0] == 1, 3, "the play to be counted")
    assert library.model.recently_played()[0].first_path == str(short)
    session.close()


# ---------------------------------------------------------------- the real app, twice
def launch_at_home(home: Path, paths: list[Path]) -> subprocess.Popen[bytes]:
    """Start ``main.py`` with every XDG folder under ``home``: a second start finds the first's."""
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env["HOME"] = str(home)
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    log = open(home / "app.log", "ab")  # noqa: SIM115 - the child writes it until it ends
    try:
        return subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), *map(str, paths)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    finally:
        log.close()


def ended(proc: subprocess.Popen[bytes], home: Path) -> None:
    """Wait for a quit that was asked for; it must be quick and clean."""
    try:
        code = proc.wait(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert code == 0, (home / "app.log").read_text()


def saved_session(home: Path) -> dict[str, Any]:
    saved: dict[str, Any] = json.loads((home / "state" / "starlight" / "queue.json").read_text())
    return saved


# The window, among the windows Qt makes: the 1x1 client leader is never mapped.
WINDOW = ["xdotool", "search", "--sync", "--onlyvisible", "--name", "Starlight Turntable"]


def wait_for_window(env: dict[str, str]) -> None:
    subprocess.run(WINDOW, env=env, check=True, timeout=20, capture_output=True)


def focus_window(env: dict[str, str]) -> None:
    """Give the window the keyboard, and let its first activation settle (up to ~0.4 s)."""
    subprocess.run([*WINDOW, "windowfocus", "--sync"], env=env, check=True, timeout=10)
    time.sleep(0.8)


def press(key: str, env: dict[str, str]) -> None:
    subprocess.run([*WINDOW, "windowfocus", "--sync", "key", key], env=env, check=True, timeout=10)


def press_ctrl_q(env: dict[str, str]) -> None:
    """Press Ctrl+Q.

    The window may be gone before the keys are released: xdotool then fails half-way, and
    the keys are released here, or the X server would hold Ctrl down for the next start.
    """
    subprocess.run([*WINDOW, "windowfocus", "--sync", "key", "ctrl+q"], env=env, timeout=10)
    subprocess.run(["xdotool", "keyup", "q", "keyup", "ctrl"], env=env, check=True, timeout=10)


def window_geometry(env: dict[str, str]) -> tuple[int, int, int, int]:
    out = subprocess.run(
        [*WINDOW, "getwindowgeometry", "--shell"],
        env=env, check=True, timeout=10, capture_output=True, text=True,
    ).stdout  # fmt: skip
    values = dict(line.split("=", 1) for line in out.split() if "=" in line)
    return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def assert_silent_for(recorder: Recorder, seconds: float) -> None:
    start = recorder.mark()
    recorder.wait_for_frames(start + round(seconds * RATE), timeout=seconds + 5)
    assert np.all(recorder.frames(start, start + round(seconds * RATE)) == 0), "not paused"


@pytest.mark.parametrize("quit_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_then_a_start_without_arguments_resumes_where_it_was(
    pulse: PulseServer,
    xvfb: XvfbServer,
    recorder: Recorder,
    tmp_path: Path,
    need_tools: object,
    quit_signal: int,
) -> None:
    need_tools("xdotool", what="Session tests")  # type: ignore[operator]
    opener = media.write_flac(tmp_path / "1 opener.flac", media.noise_signal(20 * RATE, seed=5))
    counter = media.write_flac(tmp_path / "2 counter.flac", media.counter_signal(40 * RATE))
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "DISPLAY": xvfb.env["DISPLAY"]}
    proc = launch_at_home(home, [opener, counter])
    try:
        recorder.wait_for_sound(recorder.mark(), timeout=20)
        focus_window(env)
        press("n", env)  # the second track, the counter
        press("Right", env)  # and 5 s on, twice
        press("Right", env)
        wait_until(lambda: counted_lately(recorder) > 10 * RATE, 8, "the counter past 10 s")
        press("space", env)
        recorder.wait_for_silence(recorder.mark(), timeout=3)
        paused_at = last_counted(recorder.frames(max(0, recorder.mark() - 2 * RATE)))
        proc.send_signal(quit_signal)
        ended(proc, home)
    finally:
        if proc.poll() is None:
            proc.kill()
    queue = saved_session(home)["queue"]
    assert queue["current"] == 1
    assert abs(queue["position_s"] - paused_at / RATE) < 0.2

    proc = launch_at_home(home, [])
    try:
        wait_for_window(env)
        assert_silent_for(recorder, 1.0)  # it came back paused
        focus_window(env)
        quiet = recorder.mark()
        press("space", env)
        resumed = recorder.wait_for_sound(quiet, timeout=5)
        recorder.wait_for_frames(resumed + RATE // 2)
        heard = recorder.frames(resumed + 2000, resumed + RATE // 2)  # after the fade-in
        first = int(media.decode_counter(heard[:1])[0])
        assert abs(first - paused_at) < 0.2 * RATE, (first, paused_at)
        # A late block on this loaded machine leaves the sink silent for a moment: the file's
        # samples must still come in order, none lost, none changed.
        sounding = heard[np.any(heard != 0, axis=1)]
        expected = media.counter_signal(len(sounding), start=first)
        assert np.array_equal(sounding, expected), "not the file's samples from where it paused"
        assert len(sounding) > 0.8 * len(heard), "the sound kept breaking up"
        proc.send_signal(signal.SIGTERM)
        ended(proc, home)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_ctrl_q_keeps_the_volume_speed_pitch_and_window(
    pulse: PulseServer, xvfb: XvfbServer, recorder: Recorder, tmp_path: Path, need_tools: object
) -> None:
    need_tools("xdotool", what="Session tests")  # type: ignore[operator]
    tone = media.write_flac(
        tmp_path / "tone.flac", media.tone_signal(60 * RATE, frequencies=(1000.0, 1000.0))
    )
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "DISPLAY": xvfb.env["DISPLAY"]}
    proc = launch_at_home(home, [tone])
    try:
        recorder.wait_for_sound(recorder.mark(), timeout=20)
        focus_window(env)
        for key in ("Down", "Down", "Down", "Down", "2", "bracketright", "bracketright"):
            press(key, env)  # quieter; 45 rpm on a side cut at 33 1/3; +1 %
        subprocess.run(
            [*WINDOW, "windowmove", "--sync", "130", "70", "windowsize", "--sync", "1100", "720"],
            env=env, check=True, timeout=10,
        )  # fmt: skip
        time.sleep(1.2)
        hz = heard_hz(recorder)
        assert abs(hz - 1000 * 1.35 * 1.01) < 6, hz
        level = peak(recorder)
        assert level < 0.5 * peak_of(media.tone_signal(RATE, frequencies=(1000.0, 1000.0)))
        press_ctrl_q(env)
        ended(proc, home)
    finally:
        if proc.poll() is None:
            proc.kill()

    proc = launch_at_home(home, [])
    try:
        wait_for_window(env)
        assert_silent_for(recorder, 1.0)
        focus_window(env)
        quiet = recorder.mark()
        press("space", env)
        recorder.wait_for_sound(quiet, timeout=5)
        time.sleep(1.2)
        assert abs(heard_hz(recorder) - 1000 * 1.35 * 1.01) < 6, heard_hz(recorder)
        assert peak(recorder) == pytest.approx(level, rel=0.02)
        assert window_geometry(env) == (130, 70, 1100, 720)
        press_ctrl_q(env)
        ended(proc, home)
    finally:
        if proc.poll() is None:
            proc.kill()


def last_counted(frames: np.ndarray) -> int:
    """The last counter frame heard whole, or -1.

    Only a frame following its predecessor counts: a fade's scaled frames, and other
    sounds, decode to stray values.
    """
    values = media.decode_counter(frames)
    whole = np.flatnonzero((values[1:] == values[:-1] + 1) & (values[:-1] >= 0))
    return int(values[whole[-1] + 1]) if len(whole) else -1


def counted_lately(recorder: Recorder) -> int:
    return last_counted(recorder.frames(max(0, recorder.mark() - RATE // 5)))


def peak_of(frames: np.ndarray) -> float:
    """A tone's amplitude: the 99th percentile of the magnitudes, blind to a dropout."""
    return float(np.percentile(np.abs(frames.astype(np.float64)), 99))


def peak(recorder: Recorder, seconds: float = 0.5) -> float:
    """The amplitude of the tone the sink played lately."""
    return peak_of(recorder.frames(max(0, recorder.mark() - round(seconds * RATE))))
