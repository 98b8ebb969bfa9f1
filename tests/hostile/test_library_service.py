"""The window's library service scans the hostile corpus on its thread; the GUI thread runs on."""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

from PySide6.QtCore import QTimer

from app.library.scanner import ScanProgress
from app.ui.library_service import LibraryService
from tests.hostile.checks import assert_readable
from tests.hostile.conftest import Scanned
from tests.hostile.corpus import Corpus

#: The issue's bound for the GUI event loop.
ANSWER_BOUND_S = 0.2
TICK_MS = 10


def test_the_service_scans_the_corpus_and_the_gui_thread_keeps_its_timers(
    corpus: Corpus, scanned: Scanned, tmp_path: Path, qtbot: object
) -> None:
    service = LibraryService(tmp_path / "library.db")
    failures: list[str] = []
    service.scan_failed.connect(failures.append)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    try:
        with qtbot.waitSignal(service.scan_finished, timeout=60_000) as finished:  # type: ignore[attr-defined]
            assert service.start_scan([corpus.root])
        timer.stop()
        progress: ScanProgress = finished.args[0]
        assert failures == []
        assert progress.added == len(scanned.tracks) == service.store.track_count()
        reported = {os.fsencode(path): reason for path, reason in service.store.scan_errors(1000)}
        assert {os.fsencode(path) for path in corpus.bad} <= set(reported)
        for path, reason in reported.items():
            assert_readable(reason, path)
    finally:
        timer.stop()
        service.close()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(gaps) > 50, "the timer ran all through the scan"
    assert max(gaps) < ANSWER_BOUND_S, f"the GUI thread was held {max(gaps) * 1000:.0f} ms"
