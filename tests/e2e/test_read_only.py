"""The app never changes a byte of the user's music: scan it, play from it, read its covers."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
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
