"""The output: its choice of Qt media backend, and a failure on its thread, end to end.

The sink itself is tested end to end in tests/e2e. The failure test runs the app in a process
of its own on a private PulseAudio: QtMultimedia decides once per process whether a server
exists, and this test process must keep that decision for the e2e tests that share it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from app.audio.qt_output import skip_media_backends
from tests.support import media
from tests.support.e2e_fixtures import private_pulse
from tests.support.services import (
    PulseServer,
    Recorder,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux skips them")
def test_no_media_backend_is_loaded_unless_the_user_names_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("QT_MEDIA_BACKEND", raising=False)
    skip_media_backends()
    assert os.environ["QT_MEDIA_BACKEND"] == "none"
    monkeypatch.setenv("QT_MEDIA_BACKEND", "gstreamer")
    skip_media_backends()
    assert os.environ["QT_MEDIA_BACKEND"] == "gstreamer"


# --------------------------------------------------------------------------------------------
# A failure on the audio thread, end to end: the real app on a private PulseAudio
# --------------------------------------------------------------------------------------------

_FAULT_RUN = textwrap.dedent(
    """
    import json, subprocess, sys, time
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication, QTimer
    from app.main import parse_arguments, start
    from app.platform.logs import setup_logging

    setup_logging(False, Path(sys.argv[2]))
    started = start(parse_arguments([sys.argv[1]]))
    engine, window = started.engine, started.window
    output = engine.output

    def pump(condition, timeout_s, what):
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {what}")
            QCoreApplication.processEvents()
            time.sleep(0.005)

    def streams():
        listing = subprocess.run(["pactl", "list", "short", "sink-inputs"],
                                 capture_output=True, text=True, check=True).stdout
        return len(listing.splitlines())

    pump(lambda: output.frames_written > 22050, 10, "the first sound")
    report = {"streams_playing": streams()}
    calls = []

    def broken(max_frames):
        calls.append(max_frames)
        raise RuntimeError("a test fault in the renderer")

    engine.renderer.render = broken  # raised on the audio thread, inside the sink worker
    message = "No audio output: " + output.failure_message()
    pump(lambda: message in window.notice.messages(), 5, "the notice")
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)
    pump(lambda: len(ticks) >= 12, 5, "the GUI to go on")  # 0.6 s of a failed output
    report.update(calls=len(calls), available=output.available,
                  streams_failed=streams(), still_running=len(ticks))
    del engine.renderer.render
    engine.pause()
    engine.play()  # the user's way back: pause and play
    pump(lambda: output.available and output.frames_written > 22050, 5, "the sound again")
    # A closed stream leaves the server's list a moment after it is closed.
    deadline = time.monotonic() + 2
    while streams() != report["streams_playing"] and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.02)
    report["streams_again"] = streams()
    print(json.dumps(report), flush=True)
    started.close()
    """
)


def longest_silence(frames: np.ndarray) -> tuple[int, int]:
    """Return (start, length) of the longest run of zero frames between two sounds."""
    loud = np.flatnonzero(np.any(frames != 0, axis=1))
    if loud.size < 2:
        return 0, 0
    gaps = np.diff(loud) - 1
    widest = int(np.argmax(gaps))
    return int(loud[widest]) + 1, int(gaps[widest])


@pytest.fixture(scope="module")
def pulse_server() -> Iterator[PulseServer]:
    """A private PulseAudio of this module's own, for app processes started here."""
    yield from private_pulse()


@pytest.mark.e2e
def test_a_failure_on_the_audio_thread_is_told_silenced_and_recoverable(
    pulse_server: PulseServer, tmp_path: Path
) -> None:
    song = media.write_flac(tmp_path / "song.flac", media.noise_signal(30 * 44100, seed=3))
    env = dict(os.environ)
    env.update(pulse_server.env)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(tmp_path / name.lower())
    env["QT_QPA_PLATFORM"] = "offscreen"
    logs = tmp_path / "logs"
    with Recorder(pulse_server) as recorder:
        result = subprocess.run(
            [sys.executable, "-c", _FAULT_RUN, str(song), str(logs)],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        report = json.loads(result.stdout.strip().splitlines()[-1])
        heard = recorder.frames()
    assert report["calls"] == 1  # stopped at the first failure: no loop of failures
    assert report["available"] is False
    assert report["still_running"] >= 12
    assert report["streams_failed"] == report["streams_playing"] - 1  # its stream is closed
    assert report["streams_again"] == report["streams_playing"]
    gap_start, gap_frames = longest_silence(heard)
    assert gap_frames > 0.4 * 44100, "the sound did not stop after the failure"
    assert np.any(heard[gap_start + gap_frames :] != 0), "no sound after pause and play"
    log_text = (logs / "starlight.log").read_text()
    assert "the audio thread failed; the output is stopped until the next play" in log_text
    assert "RuntimeError: a test fault in the renderer" in log_text
    assert "Traceback (most recent call last)" in log_text
