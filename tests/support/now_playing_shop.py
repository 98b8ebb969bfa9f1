"""A window over a fake engine with a now-playing source on it, and tagged test tracks.

Shared by the tests of the now-playing source and of the MPRIS service; no sound is made (see
tests/support/fake_engine.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QSettings
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from app.core.track import Track
from app.library.tags import read_track
from app.platform.now_playing import CoverFiles
from app.platform.now_playing_source import NowPlayingSource
from app.ui.main_window import MainWindow
from app.ui.player_session import PlayerSession
from app.ui.settings import Settings
from app.ui.side_art import SideArt
from app.visual.groove_map import GrooveMapCache
from tests.support import media
from tests.support.fake_engine import FakeEngine, FakeOutput

RATE = 44100


def png_bytes(colour: str = "#c04020", size: int = 64) -> bytes:
    """Return a PNG of one colour."""
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(QByteArray(buffer.data()).data())


def write_track(folder: Path, name: str, number: int, cover: bytes | None = None) -> Track:
    """Write a tagged one-second FLAC (with an embedded front cover when given)."""
    from mutagen.flac import FLAC, Picture

    folder.mkdir(parents=True, exist_ok=True)
    path = media.write_flac(folder / f"{number:02d} {name}.flac", media.noise_signal(RATE, number))
    tags = FLAC(path)
    tags.update({"title": name, "artist": "Jay", "album": "Night", "albumartist": "Jay",
                 "tracknumber": str(number), "discnumber": "1"})  # fmt: skip
    if cover is not None:
        picture = Picture()
        picture.type, picture.mime, picture.data = 3, "image/png", cover
        tags.add_picture(picture)
    tags.save()
    return read_track(path)


class Shop:
    """A window over a fake engine, with a now-playing source on it."""

    def __init__(self, qtbot: Any, tmp: Path) -> None:
        self.engine = FakeEngine()
        self.settings = Settings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
        self.session = PlayerSession(self.engine, None, tmp / "queue.json")  # type: ignore[arg-type]
        self.art = SideArt(GrooveMapCache(tmp / "grooves"))
        self.window = MainWindow(self.engine, FakeOutput(), self.settings, self.session, self.art)  # type: ignore[arg-type]
        qtbot.addWidget(self.window)
        self.covers_dir = tmp / "cache" / "covers"
        self.source = NowPlayingSource(self.window, CoverFiles(self.covers_dir))
        self.changes: list[Any] = []
        self.jumps: list[float] = []
        self.source.changed.connect(self.changes.append)
        self.source.seeked.connect(self.jumps.append)
        self.qtbot = qtbot

    def settle(self) -> None:
        """Let the coalescing timer and queued signals run."""
        self.qtbot.wait(20)

    def close(self) -> None:
        self.source.close()
        self.window.hide()
        self.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        self.art.close()
        self.session.close()
