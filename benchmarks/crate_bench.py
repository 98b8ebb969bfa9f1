"""The crate's figures (issue 4): one scrolling frame of the sleeve grid at 50,000 tracks.

A :class:`~app.ui.crate.crate_view.CrateView` at 1600 x 1000 (offscreen) over the 50,000-track
library of :mod:`benchmarks.library_bench` (kept in ``benchmarks/.cache``; scanned once into
``crate-50000.db`` there). A frame is one wheel step of scrolling followed by a synchronous
repaint of the viewport, timed together. Cold frames find no thumbnail anywhere (placeholders
are painted, covers are requested); warm frames run over the same stretch again once every
thumbnail of it has arrived.

``python -m benchmarks.crate_bench`` prints the figures and their JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from app.library.model import LibraryModel, RecordOrder
from app.library.scanner import scan
from app.library.store import Store
from app.ui.crate.crate_view import CrateView
from app.ui.crate.sleeve_art import cover_key, thumbnail_size
from app.ui.theme import NIGHT
from app.ui.thumbnails import ThumbnailCache
from benchmarks.library_bench import CACHE
from tests.support.library import cached_library

WIDTH, HEIGHT = 1600, 1000
FLOOR_MS = 16.0
_MEMORY_BYTES = 512 * 1024 * 1024  # room for every thumbnail of the measured stretch


def library_db(count: int = 50_000) -> Path:
    """Return the scanned ``count``-track library, scanning it into the cache the first time."""
    db = CACHE / f"crate-{count}.db"
    done = CACHE / f"crate-{count}.db.complete"
    if not done.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        for _ in scan(db, [cached_library(CACHE, count)]):
            pass
        done.write_text(str(count))
    return db


def _settle(app: QApplication, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()


def _frames(view: CrateView, frames: int) -> list[float]:
    """Scroll from the top one wheel step at a time; time each step with its repaint, in ms."""
    grid = view.grid
    bar = grid.verticalScrollBar()
    bar.setValue(0)
    grid.viewport().repaint()
    step = bar.singleStep() * QApplication.wheelScrollLines()
    times = []
    for _ in range(frames):
        started = time.perf_counter()
        bar.setValue(bar.value() + step)
        grid.viewport().repaint()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _sort_change_ms(view: CrateView) -> float:
    """Median time to re-sort all records from the sort box, relayout included."""
    times = []
    for index in (1, 2, 3, 4, 0) * 3:
        started = time.perf_counter()
        view.sort_box.setCurrentIndex(index)
        view.grid.doItemsLayout()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def _keystroke_ms(view: CrateView) -> float:
    """Median time to filter the records for a typed query and lay the grid out again.

    The matching tracks come from ``LibraryModel.search``, measured by the library bench.
    """
    times = []
    for query in ("s", "st", "sta", "star", "star l", "moon", "ca", "café", "별"):
        started = time.perf_counter()
        shown = view.contents.select(RecordOrder.ARTIST, query=query)
        view.records.set_records(shown)
        view.grid.doItemsLayout()
        times.append((time.perf_counter() - started) * 1000)
    view.records.set_records(view.contents.sorted(RecordOrder.ARTIST))
    return round(statistics.median(times), 1)


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(len(ordered) * 0.95)], 2),
        "worst_ms": round(ordered[-1], 2),
    }


def _wait_for_thumbnails(
    app: QApplication, view: CrateView, thumbnails: ThumbnailCache, rows: int
) -> bool:
    """Wait until every thumbnail of the first ``rows`` records is in memory (or 120 s)."""
    ratio = view.grid.devicePixelRatioF()
    size = thumbnail_size(round(view.grid.delegate.geometry.edge * ratio))
    keys = [cover_key(view.records.record(r)) for r in range(rows)]
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline:
        if all(thumbnails.cached(key, size) is not None for key in keys):
            return True
        app.processEvents()
        time.sleep(0.01)
    return False


def measure_scroll(library_db: Path, cache_dir: Path, frames: int = 120) -> dict[str, object]:
    """Time single scrolling frames of the crate over ``library_db``, cold and warm.

    Parameters
    ----------
    library_db
        A scanned library (50,000 tracks for the issue's floor).
    cache_dir
        The thumbnail disk cache; an empty folder makes the first pass truly cold.
    frames
        Wheel steps per pass.

    Returns
    -------
    dict
        ``cold`` and ``warm`` (each median, p95 and worst frame in ms), the records, the
        columns, the stretch scrolled in records, and the time to build the crate.

    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    store = Store(library_db)
    thumbnails = ThumbnailCache(cache_dir, memory_budget_bytes=_MEMORY_BYTES)
    started = time.perf_counter()
    view = CrateView(LibraryModel(store), thumbnails, NIGHT)
    build_ms = (time.perf_counter() - started) * 1000
    view.resize(WIDTH, HEIGHT)
    view.show()
    _settle(app, 0.5)
    grid = view.grid
    columns = max(1, grid.viewport().width() // grid.gridSize().width())
    cold = _frames(view, frames)
    scrolled_px = grid.verticalScrollBar().value() + grid.viewport().height()
    rows = min(view.records.rowCount(), (scrolled_px // grid.gridSize().height() + 1) * columns)
    for _ in range(2):  # paint every row of the stretch so every thumbnail is asked for
        _frames(view, frames)
    warmed = _wait_for_thumbnails(app, view, thumbnails, rows)
    _frames(view, frames)  # scaled pixmaps made once, as a user's first pass would
    warm = _frames(view, frames)
    result: dict[str, object] = {
        "records": view.records.rowCount(),
        "sort_change_ms": _sort_change_ms(view),
        "filter_keystroke_ms": _keystroke_ms(view),
        "columns": columns,
        "records_scrolled": rows,
        "build_ms": round(build_ms, 1),
        "cold": _summary(cold),
        "warm": _summary(warm),
        "thumbnails_warm": warmed,
    }
    view.close()
    thumbnails.close()
    store.close()
    return result


def main() -> None:
    """Measure at 50,000 tracks and print the figures."""
    db = library_db()
    with tempfile.TemporaryDirectory(prefix="starlight-cratebench-") as cache:
        result = measure_scroll(db, Path(cache))
    warm_p95 = result["warm"]["p95_ms"]  # type: ignore[index]
    mark = "ok" if warm_p95 <= FLOOR_MS else "MISSED"
    for name in ("cold", "warm"):
        figures = result[name]
        print(f"crate scroll frame, {name:4}  {figures}")
    print(
        f"sort change {result['sort_change_ms']} ms, filter keystroke "
        f"{result['filter_keystroke_ms']} ms, crate built in {result['build_ms']} ms"
    )
    print(f"floor: p95 warm <= {FLOOR_MS} ms: {mark}")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
