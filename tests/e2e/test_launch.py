"""``python main.py FILE`` on a real X server and PulseAudio: sound, then a clean quit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.support import media
from tests.support.services import PulseServer, Recorder, XvfbServer

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
RATE = 44100


def launch(paths: list[Path], tmp_path: Path, log: int) -> subprocess.Popen[bytes]:
    """Start the app on the test X server and PulseAudio, its output going to ``log``."""
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env["HOME"] = str(tmp_path / "home")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *map(str, paths)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def ffmpeg_children(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [c for c in proc.children(recursive=True) if "ffmpeg" in c.name()]
    except psutil.NoSuchProcess:
        return []


@pytest.mark.parametrize("quit_signal", [signal.SIGTERM, signal.SIGINT])
def test_main_plays_a_file_and_quits_cleanly_on_signal(
    pulse: PulseServer, xvfb: XvfbServer, recorder: Recorder, tmp_path: Path, quit_signal: int
) -> None:
    signal_frames = media.noise_signal(30 * RATE, seed=2)
    song = media.write_flac(tmp_path / "song.flac", signal_frames)
    mark = recorder.mark()
    log_path = tmp_path / "app.log"
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT)
    proc = launch([song], tmp_path, log)
    os.close(log)
    try:
        onset = recorder.wait_for_sound(mark, timeout=20)
        expected = signal_frames[: RATE // 2]
        recorder.wait_for_frames(onset + RATE // 2)
        heard = recorder.frames(onset, onset + RATE // 2)
        assert (heard == expected).all(), "the sink did not get the file's samples"
        decoders = ffmpeg_children(psutil.Process(proc.pid))
        assert decoders, "expected a decoder process while playing"
        libraries = Path(f"/proc/{proc.pid}/maps").read_text()
        assert "mediaplugin" not in libraries, "Qt loaded a media backend the output never uses"
        assert "libQt6Quick" not in libraries
        sent = time.perf_counter()
        proc.send_signal(quit_signal)
        proc.wait(timeout=5)
        assert time.perf_counter() - sent < 2.0
        assert proc.returncode == 0, log_path.read_text()
        assert not any(d.is_running() and d.status() != psutil.STATUS_ZOMBIE for d in decoders)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
