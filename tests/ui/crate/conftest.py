"""A small real library for the crate: generated files scanned by the scanner, plus a double LP.

The generated part is ten ten-track albums by two artists (years 1960-1969); one album has a
red ``cover.jpg`` in its folder. The double LP "Starlight Sessions" is written straight to the
store with long tracks so it has three sides (A and B on disc 1, C on disc 2); it is added
last, so it is the most recently added record, and one generated album has been played.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from app.core.record import RecordSummary
from app.core.track import Track
from app.library.history import PlayHistory
from app.library.model import LibraryModel, RecordOrder
from app.library.rows import track_to_row
from app.library.scanner import scan
from app.library.store import ScanRecord, Store
from app.ui.crate.crate_view import CrateView
from app.ui.theme import NIGHT
from app.ui.thumbnails import ThumbnailCache
from tests.support.library import write_library

LP_TITLE = "Starlight Sessions"
LP_ARTIST = "Jay and the Repairmen"
LP_GENRE = "Soundtrack"
LP_SIDES = {"A": 3, "B": 3, "C": 3}  # tracks per side


def _double_lp(folder: Path) -> list[Track]:
    folder.mkdir(parents=True)
    tracks = []
    for disc, count in ((1, 6), (2, 3)):
        for number in range(1, count + 1):
            path = folder / f"{disc}-{number:02d} Session {disc}.{number}.flac"
            tracks.append(
                Track(path, title=f"Session {disc}.{number}", artist=LP_ARTIST,
                      artists=(LP_ARTIST,), album=LP_TITLE, album_artist=LP_ARTIST,
                      track_number=number, disc_number=disc, disc_total=2, year=2050,
                      date="2050", genre=LP_GENRE, duration_s=300.0)
            )  # fmt: skip
    return tracks


@pytest.fixture(scope="session")
def crate_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The library, built once: ``<root>/library.db``, ``<root>/music``, ``<root>/extra``."""
    root = tmp_path_factory.mktemp("crate")
    music = write_library(root / "music", 100)
    covered = sorted(p for p in music.glob("*/*") if p.is_dir())[0]
    red = QImage(300, 300, QImage.Format.Format_RGB32)
    red.fill(QColor(220, 20, 20))
    assert red.save(str(covered / "cover.jpg"), "JPG", 95)
    db = root / "library.db"
    for _ in scan(db, [music]):
        pass
    store = Store(db)
    extra = root / "extra"
    lp = _double_lp(extra / LP_TITLE)
    root_id = store.add_root(extra)
    store.write_scan_batch(root_id, [ScanRecord(bytes(t.path), 1, 1, track_to_row(t)) for t in lp])
    played = sorted(p for p in music.glob("*/*/*") if p.suffix != ".jpg")[-1]
    history = PlayHistory(store)
    for _ in range(3):
        history.record_play(played)
    store.close()
    (root / "played.txt").write_text(str(played))
    (root / "covered.txt").write_text(str(covered))
    return root


@pytest.fixture
def library(crate_template: Path, tmp_path: Path) -> Iterator[LibraryModel]:
    """A private copy of the crate library, open on this thread."""
    shutil.copy(crate_template / "library.db", tmp_path / "library.db")
    store = Store(tmp_path / "library.db")
    yield LibraryModel(store)
    store.close()


@pytest.fixture
def thumbnails(tmp_path: Path) -> Iterator[ThumbnailCache]:
    """A thumbnail cache with its own empty disk cache."""
    cache = ThumbnailCache(tmp_path / "thumbnails")
    yield cache
    cache.close()


@pytest.fixture
def crate(qtbot: QtBot, library: LibraryModel, thumbnails: ThumbnailCache) -> Iterator[CrateView]:
    """The crate over the test library, shown at a desktop size.

    It is deleted before the library closes, so none of its timers fires on a closed store.
    """
    view = CrateView(library, thumbnails, NIGHT)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.close()
    Shiboken.delete(view)


def record_named(crate: CrateView, title: str) -> RecordSummary:
    """Return the record called ``title`` among all the crate's records."""
    return next(r for r in crate.contents.sorted(RecordOrder.ARTIST) if r.title == title)


def shown_titles(crate: CrateView) -> list[str]:
    """Return the titles of the sleeves shown, in order."""
    return [r.title for r in crate.records.records()]
