"""The sound system fails under the playing app: the sink goes, the server dies, the default moves.

Each test runs the whole app in a process of its own, on a PulseAudio server of its own that
the test then breaks: Qt's PulseAudio connection is one per process, and a test process whose
server died would take its breakage into the tests after it.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import media
from tests.support.e2e_fixtures import private_pulse
from tests.support.services import PulseServer, Recorder

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
RATE = 44100

# The app, told by the test through stdin when the fault is done and when it is mended; it
# reports on stdout, one JSON object a line.
_APP = textwrap.dedent(
    """
    import json, select, sys, time
    from PySide6.QtCore import QCoreApplication
    from app.main import parse_arguments, start

    started = start(parse_arguments([sys.argv[1]]))
    engine, window = started.engine, started.window

    def pump(condition, timeout_s, what):
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                say(event="timeout", waiting_for=what, messages=window.notice.messages(),
                    position_s=engine.position_s)
                raise SystemExit(1)
            QCoreApplication.processEvents()
            time.sleep(0.005)

    def say(**report):
        print(json.dumps(report), flush=True)

    def told():
        return bool(select.select([sys.stdin], [], [], 0)[0]) and bool(sys.stdin.readline())

    def heard(text):
        return any(text in message for message in window.notice.messages())

    pump(lambda: engine.position_s > 0.5, 10, "the first sound")
    say(event="playing", position_s=engine.position_s)
    pump(told, 10, "the fault")
    t0 = time.monotonic()
    pump(lambda: heard(sys.argv[2]), 5, "the user to be told")
    say(event="told", after_s=time.monotonic() - t0, position_s=engine.position_s,
        state=engine.state.name)
    pump(told, 15, "the mending")
    t0 = time.monotonic()
    pump(lambda: heard(sys.argv[3]), 12, "the sound to come back")
    back_at = engine.position_s
    pump(lambda: engine.position_s > back_at + 0.5, 5, "the music to go on")
    say(event="back", after_s=time.monotonic() - t0, position_s=back_at,
        messages=window.notice.messages(), state=engine.state.name)
    started.close()
    """
)


@pytest.fixture
def own_pulse() -> Iterator[PulseServer]:
    """A PulseAudio server for this test alone (it is going to break it)."""
    yield from private_pulse()


class App:
    """The app in its process, with the lines it reports."""

    def __init__(self, pulse: PulseServer, tmp: Path, told: str, back: str) -> None:
        song = media.write_flac(tmp / "song.flac", media.noise_signal(60 * RATE, seed=1))
        env = dict(os.environ)
        env.update(pulse.env)
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[name] = str(tmp / name.lower())
        env["QT_QPA_PLATFORM"] = "offscreen"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _APP, str(song), told, back],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env=env, cwd=ROOT,
        )  # fmt: skip

    def report(self, timeout_s: float) -> dict[str, object]:
        """Return the next line the app reports."""
        assert self.proc.stdout is not None
        ready = select.select([self.proc.stdout], [], [], timeout_s)[0]
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            self.proc.kill()
            _, errors = self.proc.communicate(timeout=5)
            raise AssertionError(f"the app said nothing within {timeout_s} s:\n{errors[-3000:]}")
        report: dict[str, object] = json.loads(line)
        assert report["event"] != "timeout", report
        return report

    def tell(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def finish(self) -> None:
        _, errors = self.proc.communicate(timeout=15)
        assert self.proc.returncode == 0, errors[-3000:]


def sinks_of(pulse: PulseServer, pid: int) -> list[str]:
    """The sinks (by index) the streams of process ``pid`` play to."""
    sinks, found = [], ""
    for line in pulse.pactl("list", "sink-inputs").stdout.splitlines():
        line = line.strip()
        if line.startswith("Sink:"):
            found = line.split()[1]
        elif line == f'application.process.id = "{pid}"':
            sinks.append(found)
    return sinks


LOST = "the sound device stopped answering"
BACK = "The sound is back"


def test_the_sink_vanishing_mid_play_is_told_and_the_music_comes_back_where_it_was(
    own_pulse: PulseServer, tmp_path: Path
) -> None:
    app = App(own_pulse, tmp_path, LOST, BACK)
    app.report(20)
    own_pulse.unload_sink()
    t0 = time.monotonic()
    app.tell()
    told = app.report(10)
    assert time.monotonic() - t0 < 3.0  # told within about the stall time
    own_pulse.load_sink()
    with Recorder(own_pulse) as recorder:
        mark = recorder.mark()
        app.tell()
        back = app.report(20)
        recorder.wait_for_sound(mark, timeout=5)
    app.finish()
    assert told["state"] == back["state"] == "PLAYING"
    # The music goes on from what had been heard, not from what was lost in the dead stream.
    assert abs(float(back["position_s"]) - float(told["position_s"])) < 0.5


def test_the_sound_server_dying_and_coming_back_is_survived(
    own_pulse: PulseServer, tmp_path: Path
) -> None:
    app = App(own_pulse, tmp_path, LOST, BACK)
    app.report(20)
    own_pulse.crash()
    app.tell()
    told = app.report(10)
    time.sleep(
        1.0
    )  # the server stays away a while: the app must not start streams (it would abort)
    assert app.proc.poll() is None, "the app died while the server was away"
    own_pulse.restart_after_crash()
    with Recorder(own_pulse) as recorder:
        mark = recorder.mark()
        app.tell()
        back = app.report(20)
        recorder.wait_for_sound(mark, timeout=5)
    app.finish()
    assert abs(float(back["position_s"]) - float(told["position_s"])) < 0.5


def test_a_new_default_device_takes_the_sound_and_the_user_is_told(
    own_pulse: PulseServer, tmp_path: Path
) -> None:
    app = App(own_pulse, tmp_path, "The sound moved to", "The sound moved to")
    app.report(20)
    own_pulse.add_sink("second_sink")
    own_pulse.pactl("set-default-sink", "second_sink")
    app.tell()
    told = app.report(10)
    sinks = dict(line.split()[1::-1] for line in own_pulse.pactl(
        "list", "short", "sinks").stdout.splitlines())  # fmt: skip
    deadline = time.monotonic() + 3
    while (ours := sinks_of(own_pulse, app.proc.pid)) != [sinks["second_sink"]]:
        assert time.monotonic() < deadline, f"the app's streams are on sinks {ours}"
        time.sleep(0.05)
    app.tell()
    back = app.report(10)
    app.finish()
    assert told["state"] == back["state"] == "PLAYING"
    assert abs(float(back["position_s"]) - float(told["position_s"])) < 1.0
