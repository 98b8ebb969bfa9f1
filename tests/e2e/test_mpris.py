"""MPRIS2 end to end: the real app on Xvfb, PulseAudio and a private bus, driven by playerctl.

One app serves the whole module (it starts in a few seconds); the tests run in file order and
each sets up the state it checks. What the desktop sees is read with playerctl (as GNOME's and
KDE's widgets read it, through GLib), and the D-Bus types with busctl and gdbus.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np
import pytest

from tests.support import media
from tests.support.mpris_client import MPRIS_TOOLS, LineWatch, MprisClient
from tests.support.services import PulseServer, Recorder, SessionBus, XvfbServer

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
RATE = 44100


@dataclass
class Running:
    """The app under test, its files and a client on its bus."""

    proc: subprocess.Popen[bytes]
    client: MprisClient
    files: dict[str, Path]
    home: Path
    log: Path


def tag(path: Path, cover: bytes | None = None, **tags: str) -> Path:
    """Tag our own generated FLAC (never a user's file)."""
    from mutagen.flac import FLAC, Picture

    flac = FLAC(path)
    flac.update(tags)
    if cover is not None:
        picture = Picture()
        picture.type, picture.mime, picture.data = 3, "image/png", cover
        flac.add_picture(picture)
    flac.save()
    return path


def make_media(folder: Path) -> dict[str, Path]:
    from tests.support.now_playing_shop import png_bytes

    folder.mkdir(parents=True)
    common = {"artist": "Jay", "album": "Night", "albumartist": "Jay", "discnumber": "1"}
    alpha = media.write_flac(folder / "01 alpha.flac", media.noise_signal(7 * RATE, seed=1))
    beta = media.write_flac(folder / "02 beta.flac", media.noise_signal(5 * RATE, seed=2))
    gamma = media.write_flac(folder / "gamma now.flac", media.counter_signal(4 * RATE))
    return {
        "alpha": tag(alpha, png_bytes(), title="Alpha", tracknumber="1", **common),
        "beta": tag(beta, title="Beta", tracknumber="2", **common),
        "gamma": tag(gamma, title="Gamma", artist="Nan-young", album="Comet"),
    }


@pytest.fixture(scope="module")
def app(
    pulse: PulseServer,
    xvfb: XvfbServer,
    session_bus: SessionBus,
    need_tools: Callable[..., None],
    tmp_path_factory: pytest.TempPathFactory,
    qapp: object,  # png_bytes paints a QImage
) -> Iterator[Running]:
    need_tools(*MPRIS_TOOLS, what="MPRIS end-to-end tests")
    tmp = tmp_path_factory.mktemp("mpris")
    files = make_media(tmp / "music")
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    runtime = tmp / "runtime"
    runtime.mkdir(mode=0o700)
    home = tmp / "home"
    env.update(
        HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local/state"), XDG_RUNTIME_DIR=str(runtime),
    )  # fmt: skip
    log = tmp / "app.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), str(files["alpha"]), str(files["beta"])],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    client = MprisClient(env)
    try:
        client.wait_for_player(timeout=30)
        yield Running(proc, client, files, home, log)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def bus_monitor(client: MprisClient) -> LineWatch:
    """Watch the player's signals with ``gdbus monitor`` (GVariant text, types shown)."""
    args = ["gdbus", "monitor", "--session", "--dest", "org.mpris.MediaPlayer2.starlight"]
    return LineWatch(args, client.env)


def number(text: str) -> float:
    return float(text.strip())


def test_the_player_introduces_itself(app: Running) -> None:
    c = app.client
    assert "Starlight Turntable" in c.gdbus_get("Identity", "org.mpris.MediaPlayer2")
    assert "io.github.starlight.Turntable" in c.gdbus_get("DesktopEntry", "org.mpris.MediaPlayer2")
    assert c.gdbus_get("SupportedUriSchemes", "org.mpris.MediaPlayer2") == "(<['file']>,)"
    assert "audio/flac" in c.gdbus_get("SupportedMimeTypes", "org.mpris.MediaPlayer2")


def test_the_metadata_is_the_track_typed_as_mpris_asks(app: Running) -> None:
    c, alpha = app.client, app.files["alpha"]
    c.wait_until(("metadata", "title"), lambda out: out == "Alpha", timeout=10)
    assert c.playerctl("metadata", "artist") == "Jay"
    assert c.playerctl("metadata", "album") == "Night"
    # playerctl prints an object path (an "o") quoted, as GLib does.
    assert c.playerctl("metadata", "mpris:trackid") == "'/io/github/starlight/track/0'"
    assert c.playerctl("metadata", "xesam:url") == alpha.as_uri()
    assert c.playerctl("metadata", "--format", "{{duration(mpris:length)}}") == "0:07"
    typed = c.typed_property("Metadata")
    assert '"mpris:length" x 7000000' in typed
    assert '"mpris:trackid" o "/io/github/starlight/track/0"' in typed
    assert '"xesam:artist" as 1 "Jay"' in typed and '"xesam:trackNumber" i 1' in typed
    assert c.gdbus_get("Position").startswith("(<int64 ")


def test_the_cover_is_a_file_in_the_cache(app: Running) -> None:
    art = app.client.wait_until(
        ("metadata", "mpris:artUrl"), lambda out: out.startswith("file://"), timeout=10
    )
    path = Path(unquote(urlsplit(art).path))
    assert path.is_file() and path.is_relative_to(app.home / ".cache")
    assert path.read_bytes()[:3] == b"\xff\xd8\xff", "a JPEG"
    assert sorted(p.name for p in app.files["alpha"].parent.iterdir()) == [
        "01 alpha.flac", "02 beta.flac", "gamma now.flac",
    ], "nothing is written beside the music"  # fmt: skip


def test_status_and_play_pause(app: Running) -> None:
    c = app.client
    c.wait_until(("status",), lambda out: out == "Playing")
    c.playerctl("play-pause")
    c.wait_until(("status",), lambda out: out == "Paused")
    c.playerctl("play-pause")
    c.wait_until(("status",), lambda out: out == "Playing")


def test_position_is_read_and_set_and_the_jump_is_seeked(app: Running) -> None:
    c = app.client
    monitor = bus_monitor(c)
    try:
        c.wait_until(("status",), lambda out: out == "Playing")
        c.playerctl("position", "4")
        monitor.wait_for(lambda line: "Seeked (int64 4000000,)" in line)
        position = number(c.wait_until(("position",), lambda out: 3.9 <= number(out) <= 5.5))
        assert 3.9 <= position <= 5.5
        c.playerctl("position", "1")
        c.wait_until(("position",), lambda out: number(out) < 3.0)
    finally:
        monitor.close()


def test_volume_is_read_and_set(app: Running) -> None:
    c = app.client
    c.playerctl("volume", "0.4")
    c.wait_until(("volume",), lambda out: abs(number(out) - 0.4) < 1e-6)
    c.playerctl("volume", "1.0")
    c.wait_until(("volume",), lambda out: number(out) == 1.0)


def test_loop_and_shuffle_are_set(app: Running) -> None:
    c = app.client
    for loop in ("Track", "Playlist", "None"):
        c.playerctl("loop", loop)
        c.wait_until(("loop",), lambda out, want=loop: out == want)
    c.playerctl("shuffle", "On")
    c.wait_until(("shuffle",), lambda out: out == "On")
    c.playerctl("shuffle", "Off")
    c.wait_until(("shuffle",), lambda out: out == "Off")


def test_follow_sees_the_track_and_the_status_change(app: Running) -> None:
    c = app.client
    follow = LineWatch(["playerctl", "--player=starlight", "--follow", "metadata", "--format",
                        "{{status}}|{{title}}"], c.env)  # fmt: skip
    try:
        c.wait_until(("metadata", "title"), lambda out: out == "Alpha")
        follow.wait_for(lambda line: line.endswith("|Alpha"))
        mark = follow.mark()
        c.playerctl("next")
        follow.wait_for(lambda line: line == "Playing|Beta", after=mark)
        mark = follow.mark()
        c.playerctl("pause")
        follow.wait_for(lambda line: line == "Paused|Beta", after=mark)
        mark = follow.mark()
        c.playerctl("previous")
        follow.wait_for(lambda line: line.endswith("|Alpha"), after=mark)
        c.playerctl("play")
        c.wait_until(("status",), lambda out: out == "Playing")
    finally:
        follow.close()


def test_properties_changed_carries_only_the_change_with_a_typed_empty_list(app: Running) -> None:
    c = app.client
    monitor = bus_monitor(c)
    try:
        c.wait_until(("status",), lambda out: out == "Playing")
        c.playerctl("pause")
        line = monitor.wait_for(lambda text: "PropertiesChanged" in text and "Paused" in text)
        assert "{'PlaybackStatus': <'Paused'>}, @as [])" in line
        c.playerctl("play")
        monitor.wait_for(lambda text: "PropertiesChanged" in text and "'Playing'" in text)
    finally:
        monitor.close()


def counter_heard_after(recorder: Recorder, mark: int) -> bool:
    """Whether the gamma file's counter signal reached the sink after ``mark``."""
    values = media.decode_counter(recorder.frames(mark))
    runs = np.flatnonzero((values[1:] == values[:-1] + 1) & (values[:-1] >= 0))
    return len(runs) > RATE // 10


def test_open_plays_the_file_now_and_it_is_heard(app: Running, recorder: Recorder) -> None:
    c = app.client
    mark = recorder.mark()
    c.playerctl("open", app.files["gamma"].as_uri())  # the space goes as %20
    c.wait_until(("metadata", "title"), lambda out: out == "Gamma", timeout=10)
    assert c.playerctl("status") == "Playing"
    assert c.playerctl("metadata", "artist") == "Nan-young"
    assert c.playerctl("metadata", "--format", "{{duration(mpris:length)}}") == "0:04"
    recorder.wait_for_frames(mark + RATE, timeout=10)
    deadline_frames = mark + 4 * RATE
    while not counter_heard_after(recorder, mark) and recorder.mark() < deadline_frames:
        recorder.wait_for_frames(recorder.mark() + RATE // 10, timeout=5)
    assert counter_heard_after(recorder, mark), "the sink never got the opened file's samples"


def test_quit_over_mpris_ends_the_app_cleanly(app: Running) -> None:
    app.client.run(
        "gdbus", "call", "--session", "--dest", "org.mpris.MediaPlayer2.starlight",
        "--object-path", "/org/mpris/MediaPlayer2", "--method", "org.mpris.MediaPlayer2.Quit",
    )  # fmt: skip
    assert app.proc.wait(10) == 0, app.log.read_text()
