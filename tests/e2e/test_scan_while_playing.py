"""A library scan in the background while the engine plays: not one sample lost."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.ui.library_service import LibraryService
from tests.e2e.player import Player, wait_until
from tests.support import media
from tests.support.library import write_library
from tests.support.services import Recorder

pytestmark = pytest.mark.e2e
RATE = 44100
TRACKS = 3000


def test_playback_is_unbroken_while_a_cold_scan_runs(
    player: Player, recorder: Recorder, tmp_path: Path
) -> None:
    music = write_library(tmp_path / "music", TRACKS)
    seconds = 30
    song = media.write_flac(tmp_path / "long.flac", media.counter_signal(seconds * RATE))
    service = LibraryService(tmp_path / "library.db")
    finished: list[object] = []
    service.scan_finished.connect(finished.append)
    mark = recorder.mark()
    player.load([song])
    wait_until(lambda: player.engine.position_s > 0.5, 5, "playback to start")
    try:
        assert service.start_scan([music])
        wait_until(lambda: bool(finished), seconds - 5, "the scan to finish")
        scanned_at_s = player.engine.position_s
        wait_until(lambda: player.engine.position_s > scanned_at_s + 1.0, 5, "more playback")
    finally:
        service.close()
    player.engine.stop()
    progress = finished[0]
    assert progress.added == TRACKS and progress.errors == 0  # type: ignore[attr-defined]
    values = media.decode_counter(recorder.frames(mark))
    played = values[np.flatnonzero(values >= 0)[0] :]
    played = played[: np.flatnonzero(played >= int((scanned_at_s + 0.5) * RATE))[0]]
    assert player.output.underruns == 0
    gaps = np.flatnonzero(np.diff(played) != 1)
    assert len(gaps) == 0, (
        f"{len(gaps)} discontinuities, first after frame {played[gaps[0]]}, "
        f"{int(np.sum(played < 0))} silent frames"
    )
