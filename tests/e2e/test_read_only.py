"""The app never changes a byte of the user's music: scan it, play from it, read its covers."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from mutagen.flac import FLAC, Picture

from app.library.covers import find_cover, read_cover_bytes
from app.library.walk import audio_files
from tests.e2e.player import Player, wait_until
from tests.support.library import write_library

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file and folder under ``folder``: content hash, mtime and size."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        found[str(path.relative_to(folder))] = (digest, info.st_mtime_ns, info.st_size)
    return found


class WriteWatch:
    """An audit hook that notes every open of a file under ``folder`` that could write."""

    def __init__(self) -> None:
        self.folder: str | None = None
        self.writes: list[str] = []
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple[object, ...]) -> None:
        if self.folder is None or event != "open" or not isinstance(args[0], str | bytes):
            return
        path, mode, flags = os.fsdecode(args[0]), args[1], args[2]
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS
        )
        if writes and os.path.abspath(path).startswith(self.folder):
            self.writes.append(f"{path} ({mode or flags})")


@pytest.fixture(scope="module")
def write_watch() -> WriteWatch:
    return WriteWatch()


def add_covers(music: Path) -> None:
    flac = next(music.rglob("*.flac"))
    picture = Picture()
    picture.type, picture.mime, picture.data = 3, "image/png", _tiny_png()
    tagged = FLAC(flac)
    tagged.add_picture(picture)
    tagged.save()
    (next(music.rglob("*.mp3")).parent / "cover.png").write_bytes(_tiny_png())


def _tiny_png() -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("#c8a040"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_scanning_playing_and_reading_covers_change_nothing(
    player: Player, write_watch: WriteWatch, tmp_path: Path
) -> None:
    music = write_library(tmp_path / "music", 40)
    add_covers(music)
    before = snapshot(music)
    write_watch.folder = str(music)
    try:
        scanned = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "scan", str(music),
             "--db", str(tmp_path / "lib.db"), "--json"],
            cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        assert json.loads(scanned.stdout)["tracks"] == 40
        from app.library.model import LibraryModel
        from app.library.store import Store

        model = LibraryModel(Store(tmp_path / "lib.db"))
        record = model.record(model.records()[0].key)
        assert record is not None
        player.engine.load(list(record.tracks[:3]))
        wait_until(lambda: player.engine.position_s > 0.3, 5, "playback")
        player.engine.seek(0.1)
        player.engine.next()
        wait_until(lambda: player.engine.index == 1 and player.engine.position_s > 0.2, 5, "next")
        covers = [find_cover(Path(os.fsdecode(f.path))) for f in audio_files(music)]
        assert sum(1 for c in covers if c is not None and read_cover_bytes(c)) >= 2
        player.engine.stop()
    finally:
        write_watch.folder = None
    assert write_watch.writes == []
    assert snapshot(music) == before


# The whole app in its window: scan its Music folder, browse the crate, search, play a record,
# seek, queue, quit. An audit hook in the app's process notes every open that could write, and
# every rename, removal or change of times, under the music folder.
_SESSION = textwrap.dedent(
    """
    import json, os, sys, time
    music = os.path.realpath(sys.argv[1])
    WRITE = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
    CHANGES = {"os.rename", "os.remove", "os.rmdir", "os.truncate", "os.utime", "os.chmod",
               "os.chown", "os.link", "os.symlink", "shutil.move", "shutil.rmtree"}
    touched = []

    def inside(target):
        try:
            return os.path.realpath(os.fsdecode(target)).startswith(music + os.sep)
        except (TypeError, ValueError):
            return False

    def hook(event, args):
        if event == "open" and inside(args[0]):
            mode, flags = args[1], args[2] or 0
            if (isinstance(mode, str) and any(c in mode for c in "wax+")) or flags & WRITE:
                touched.append(f"open {args[0]!r} {mode!r} {flags}")
        elif event in CHANGES and args and any(inside(a) for a in args[:2]
                                               if isinstance(a, (str, bytes, os.PathLike))):
            touched.append(f"{event} {args[:2]!r}")

    sys.addaudithook(hook)
    open(os.devnull, "rb").close()  # the hook runs, and sees what it must:
    hook("open", (os.path.join(music, "x.flac"), "r+b", 0))
    hook("os.utime", (os.path.join(music, "x.flac"), None))
    assert len(touched) == 2, touched
    touched.clear()
    from PySide6.QtCore import QCoreApplication
    from app.main import parse_arguments, start

    started = start(parse_arguments([]))
    window, engine, library = started.window, started.engine, started.window.library

    def pump(condition, timeout_s, what):
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {what}")
            QCoreApplication.processEvents()
            time.sleep(0.005)

    started.session.scan_soon(started.scan_folders)
    pump(lambda: library.store.track_count() >= int(sys.argv[2]), 60, "the scan")
    pump(lambda: not library.scanning, 30, "the scan to end")
    crate = window.crate
    keys = [summary.key for summary in library.model.records()]
    for key in keys[:3]:  # browse: open records, their sleeves and covers
        crate.show_record(key)
        pump(lambda: True, 0, "")
        time.sleep(0.05)
    crate.search.setText(library.model.record(keys[0]).tracks[0].title[:3])  # search
    t0 = time.monotonic()
    pump(lambda: time.monotonic() - t0 > 0.5, 2, "the search")
    crate.search.clear()
    record = library.model.record(keys[0])
    window.play_tracks(list(record.tracks))  # play
    pump(lambda: engine.position_s > 0.2, 10, "the first sound")
    engine.seek(0.05)  # seek (back: the generated tracks are short)
    pump(lambda: 0.05 <= engine.position_s < 0.2, 10, "the seek")
    window.add_to_queue(list(library.model.record(keys[1]).tracks))  # queue
    engine.next()
    pump(lambda: engine.index == 1 and engine.position_s > 0.2, 10, "the next track")
    window.close()  # quit, as the user does
    started.close()
    print(json.dumps({"touched": touched, "records": len(keys)}), flush=True)
    """
)


def test_a_whole_session_in_the_window_changes_nothing(pulse: object, tmp_path: Path) -> None:
    music = write_library(tmp_path / "home" / "Music", 30)
    add_covers(music)
    before = snapshot(music)
    env = dict(os.environ)
    env["HOME"] = str(tmp_path / "home")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(tmp_path / name.lower())
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-c", _SESSION, str(music), "30"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["records"] >= 2
    assert report["touched"] == []
    assert snapshot(music) == before
