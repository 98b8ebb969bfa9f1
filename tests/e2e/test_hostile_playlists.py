"""The real app loads hostile playlists: local entries play, the rest are named, no network.

The app (:func:`app.main.start`, as ``starlight hostile.m3u8`` runs it) starts on a private
PulseAudio with a playlist full of hostile entries (tests/library/test_playlists_hostile.py)
whose first local entry is a file that holds an HLS playlist, so ffmpeg is handed a URL to the
listener too. Then the other playlists (one including itself and its includer, a PLS of the
same entries, binary garbage, a FIFO) are dropped on the window, as from a file manager. A
listener on 127.0.0.1 must see no connection and no datagram throughout, and an audit hook in
the app's process no network socket use at all (a Unix socket, the sound server's, is local).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.test_single_instance import counter_file, wait_for_file
from tests.library.test_playlists_hostile import (
    NETWORK_EVENTS,
    HostileSet,
    Listener,
    build_hostile_set,
)
from tests.support.services import PulseServer, Recorder

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(sys.platform != "linux", reason="Linux")]
ROOT = Path(__file__).resolve().parents[2]
RATE = 44100

SCRIPT = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    events = []
    network = set(sys.argv[3].split(","))
    def local(args):  # a Unix socket's address is a path: the sound server's, not the network
        return len(args) > 1 and isinstance(args[1], (str, bytes))
    sys.addaudithook(lambda event, args: events.append(f"{event}{args[1:]!r}"[:200])
                     if event in network and not local(args) else None)
    from PySide6.QtCore import QCoreApplication, QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from app.main import parse_arguments, start

    def pump(condition, timeout_s, what):
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {what}")
            QCoreApplication.processEvents()
            time.sleep(0.005)

    started = start(parse_arguments([sys.argv[1]]))
    engine, window = started.engine, started.window
    errors = []
    engine.error.connect(lambda track, message: errors.append(message))
    pump(lambda: engine.output.frames_written > 44100, 20, "the first sound")
    report = {"first_notices": window.notice.messages()}
    queued = len(window.session.queue)

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(path) for path in sys.argv[2].split("\\n")])
    where, actions = QPointF(window.rect().center()), Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where.toPoint(), actions, mime, buttons, keys)
    QCoreApplication.sendEvent(window, enter)
    QCoreApplication.sendEvent(window, QDropEvent(where, actions, mime, buttons, keys))
    pump(lambda: any("hostile.pls" in m for m in window.notice.messages()), 20, "the drop's notice")
    pump(lambda: len(window.session.queue) > queued, 5, "the dropped tracks")
    report.update(
        notices=window.notice.messages(),
        queue=[str(track.path) for track in window.session.queue],
        errors=errors,
        audit=events,
    )
    print("REPORT", json.dumps(report), flush=True)
    started.close()
    """
)


@dataclass
class Run:
    """What the app did with the playlists, and what the listener and the sink saw."""

    report: dict[str, list[str]]
    stderr: str
    contacts: list[str]
    heard_song: bool  # the sink got a run of the song's own frames
    set: HostileSet


def write_traps(folder: Path, listener: Listener) -> tuple[Path, Path]:
    """Local files whose contents ask ffmpeg for the network: an HLS and an ffconcat list."""
    folder.mkdir(parents=True)
    url = f"http://127.0.0.1:{listener.port}"
    hls = folder / "00 live.flac"
    hls.write_text(f"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n{url}/a.ts\n#EXT-X-ENDLIST\n")
    concat = folder / "03 joined.flac"
    concat.write_text(f"ffconcat version 1.0\nfile '{url}/a.flac'\n")
    return hls, concat


@pytest.fixture(scope="module")
def run(pulse: PulseServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    base = tmp_path_factory.mktemp("hostile")
    listener = Listener()
    recorder = Recorder(pulse)
    try:
        for folder in ("music/good", "outside"):
            (base / folder).mkdir(parents=True)
        # Counter signals: any run of recorded frames says which file sounds, and where.
        song, song_first = counter_file(base / "music" / "good" / "01 song, #1.flac", 1)
        far, _far_first = counter_file(base / "outside" / "04 far.flac", 2)
        hls, concat = write_traps(base / "music" / "traps-content", listener)
        found = build_hostile_set(base / "music", listener, [hls, song, concat, far])
        lists = base / "music" / "lists"
        (lists / "garbage.m3u").write_bytes(bytes(range(256)) * 16)
        os.mkfifo(lists / "fifo.m3u")
        dropped = [found.playlists["hostile.pls"], found.playlists["other.m3u"]]
        dropped += [lists / "garbage.m3u", lists / "fifo.m3u"]
        recorder.start()
        mark = recorder.mark()
        env = {**os.environ, "HOME": str(base / "home"), "XDG_RUNTIME_DIR": str(base)}
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[name] = str(base / name.lower())
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(found.playlists["hostile.m3u8"]),
             "\n".join(map(str, dropped)), ",".join(NETWORK_EVENTS)],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        try:
            heard_song = wait_for_file(recorder, mark, song_first, timeout=1) >= mark
        except AssertionError:
            heard_song = False
        line = next(x for x in done.stdout.splitlines() if x.startswith("REPORT "))
        listener.close()
        yield Run(json.loads(line[7:]), done.stderr, listener.contacts, heard_song, found)
    finally:
        recorder.stop()
        listener.close()


def test_no_connection_was_attempted(run: Run) -> None:
    assert run.contacts == [], "the listener was reached"
    assert run.report["audit"] == [], "the app's process used a socket"


def test_the_local_entries_play(run: Run) -> None:
    assert run.heard_song, "the sink did not get the first playable entry"
    hls, song, concat, far = run.set.local
    queue = run.report["queue"]
    assert queue[:4] == [str(path) for path in (hls, song, concat, far)]  # the command line's
    assert queue[4:] == [str(song), str(far)], "a drop adds what can be played, in order"


def test_every_refused_entry_is_named_at_the_first_start(run: Run) -> None:
    missing = [entry for entry in run.set.hostile if repr(entry) not in run.stderr]
    assert not missing, run.stderr


def test_a_drop_names_what_was_refused(run: Run) -> None:
    notice = next(m for m in run.report["notices"] if "hostile.pls" in m)  # (not the start's)
    assert "could not be added" in notice
    assert "hostile.pls, File2: " in notice  # the first refusal, with its place and entry
    assert "more" in notice  # the rest are counted in the notice and named in the log


def test_the_window_names_the_refusals_of_the_command_line_playlist(run: Run) -> None:
    assert any("hostile.m3u8" in message for message in run.report["first_notices"])
