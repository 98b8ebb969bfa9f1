"""A second ``python main.py`` hands over to the running player, which the sink proves.

Each file is a counter signal from its own range of frame numbers, so any recorded frame
says which file is sounding and where (:func:`tests.support.media.decode_counter`).
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from tests.support import media
from tests.support.services import PulseServer, Recorder, XvfbServer

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
RATE = 44100
SECONDS = 40
PERIODS_APART = 100  # counter periods between the files' frame ranges
RUN = 2000  # consecutive counter frames that prove a file is sounding


def counter_file(path: Path, number: int) -> tuple[Path, int]:
    """Write file ``number`` of the set; return it with the first frame number it holds."""
    first = number * PERIODS_APART * media.COUNTER_PERIOD
    return media.write_flac(path, media.counter_signal(SECONDS * RATE, start=first)), first


def app_env(tmp_path: Path) -> dict[str, str]:
    """The app's environment: private home, settings, library and runtime folder."""
    runtime = Path(tempfile.mkdtemp(prefix="rt-", dir="/tmp"))  # short: it holds a socket
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_RUNTIME_DIR=str(runtime),
    )
    return env


def launch(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), *args], env=env, stdout=out, stderr=out
        )


def second_start(args: list[str], env: dict[str, str]) -> tuple[int, float, str]:
    """Run ``main.py args`` to its end; return its exit code, seconds taken and stderr."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return done.returncode, time.perf_counter() - t0, done.stderr


def socket_of(env: dict[str, str]) -> Path | None:
    found = sorted(Path(env["XDG_RUNTIME_DIR"]).glob("starlight-*.socket"))
    return found[0] if found else None


def wait_until_serving(env: dict[str, str], proc: subprocess.Popen[bytes], log: Path) -> Path:
    """Wait until the player listens for other starts (its window is up by then)."""
    deadline = time.monotonic() + 30
    while True:
        path = socket_of(env)
        if path is not None and stat.S_ISSOCK(os.lstat(path).st_mode) and _lock_free(path):
            return path
        assert proc.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the player never listened\n" + log.read_text()
        time.sleep(0.02)


def _lock_free(socket_path: Path) -> bool:
    return not Path(f"{socket_path}.lock").exists()


def wait_for_file(rec: Recorder, after: int, first: int, timeout: float = 10.0) -> int:
    """Return the recorded frame where the file starting at frame ``first`` is heard."""
    deadline = time.monotonic() + timeout
    last = first + SECONDS * RATE
    while time.monotonic() < deadline:
        values = media.decode_counter(rec.frames(after))
        inside = (values >= first) & (values < last)
        steps = np.diff(values) == 1
        hits = np.flatnonzero(inside[:-RUN])
        for hit in hits[:: max(1, len(hits) // 200)]:
            if steps[hit : hit + RUN].all():
                return after + int(hit)
        time.sleep(0.05)
    raise AssertionError(f"the file from frame {first} was not heard within {timeout} s")


def kept_playing(rec: Recorder, start: int, stop: int, first: int) -> bool:
    """Whether ``[start, stop)`` holds only the file from frame ``first``, moving forward.

    A frame of silence (an underrun of a machine under load) is allowed; a restart, a jump
    or another file is not.
    """
    values = media.decode_counter(rec.frames(start, stop))
    sounding = values[values >= 0]
    return bool(
        len(sounding) > 0.9 * (stop - start)
        and ((sounding >= first) & (sounding < first + SECONDS * RATE)).all()
        and (np.diff(sounding) > 0).all()
    )


def test_a_second_start_hands_over_and_a_kill_9_leaves_nothing_in_the_way(
    pulse: PulseServer, xvfb: XvfbServer, recorder: Recorder, tmp_path: Path
) -> None:
    (a, a_first), (b, b_first), (c, c_first) = (
        counter_file(tmp_path / f"{name}.flac", number)
        for number, name in enumerate(["first", "other song", "세 번째 #3"])
    )
    env = app_env(tmp_path)
    try:
        run_the_story(recorder, env, tmp_path / "app.log", (a, a_first), (b, b_first), (c, c_first))
    finally:
        shutil.rmtree(env["XDG_RUNTIME_DIR"], ignore_errors=True)


def run_the_story(
    recorder: Recorder,
    env: dict[str, str],
    log: Path,
    first_file: tuple[Path, int],
    other_file: tuple[Path, int],
    third_file: tuple[Path, int],
) -> None:
    (a, a_first), (b, b_first), (c, c_first) = first_file, other_file, third_file
    mark = recorder.mark()
    t0 = time.perf_counter()
    player = launch([str(a)], env, log)
    try:
        heard = wait_for_file(recorder, mark, a_first, timeout=30)
        first_start_s = recorder.time_of_frame(heard) - t0
        socket = wait_until_serving(env, player, log)

        # Files: the second start exits at once and the player plays them now.
        mark = recorder.mark()
        code, seconds, err = second_start([str(b)], env)
        assert code == 0, err
        assert seconds < 1.0, f"the second start took {seconds:.2f} s"
        wait_for_file(recorder, mark, b_first)

        # --enqueue adds without interrupting.
        mark = recorder.mark()
        code, seconds, err = second_start(["--enqueue", c.as_uri()], env)  # as %U gives it
        assert code == 0 and seconds < 1.0, (code, seconds, err)
        recorder.wait_for_frames(recorder.mark() + RATE)
        assert kept_playing(recorder, mark, recorder.mark(), b_first), "enqueueing interrupted"

        # --play-pause pauses, and plays on from where it was.
        code, _seconds, err = second_start(["--play-pause"], env)
        assert code == 0, err
        recorder.wait_for_silence(mark, timeout=5, min_frames=RATE // 2)
        mark = recorder.mark()
        code, _seconds, err = second_start(["--play-pause"], env)
        assert code == 0, err
        wait_for_file(recorder, mark, b_first)

        # A bare start only brings the window forward.
        mark = recorder.mark()
        code, seconds, err = second_start([], env)
        assert code == 0 and seconds < 1.0, (code, seconds, err)
        recorder.wait_for_frames(recorder.mark() + RATE // 2)
        assert kept_playing(recorder, mark, recorder.mark(), b_first)

        # --next goes on to the enqueued file.
        mark = recorder.mark()
        code, _seconds, err = second_start(["--next"], env)
        assert code == 0, err
        wait_for_file(recorder, mark, c_first)

        # kill -9 leaves the socket file behind; the next start is not held up by it.
        player.send_signal(signal.SIGKILL)
        player.wait(timeout=10)
        assert stat.S_ISSOCK(os.lstat(socket).st_mode), "expected a stale socket file"
        recorder.wait_for_silence(recorder.mark(), timeout=5)
        mark = recorder.mark()
        t0 = time.perf_counter()
        player = launch([str(a)], env, log)
        heard = wait_for_file(recorder, mark, a_first, timeout=30)
        again_s = recorder.time_of_frame(heard) - t0
        assert again_s < first_start_s + 2.0, (first_start_s, again_s)
        wait_until_serving(env, player, log)
        code, seconds, err = second_start(["--stop"], env)
        assert code == 0 and seconds < 1.0, (code, seconds, err)
        recorder.wait_for_silence(recorder.mark(), timeout=5)
    finally:
        if player.poll() is None:
            player.send_signal(signal.SIGTERM)
            try:
                player.wait(timeout=10)
            except subprocess.TimeoutExpired:
                player.kill()
                player.wait()
    assert player.returncode == 0, log.read_text()
    assert socket_of(env) is None, "a clean quit removes the socket"
