from pathlib import Path

import pytest

from app.core.track import Track
from app.library.history import ListeningTracker, PlayHistory, played_threshold_s
from app.library.rows import track_to_row
from app.library.store import ScanRecord, Store


@pytest.fixture
def history(tmp_path: Path) -> PlayHistory:
    store = Store(tmp_path / "lib.db")
    root = store.add_root(Path("/m"))
    for name, seconds in (("short", 100.0), ("long", 1200.0)):
        track = Track(Path(f"/m/{name}.flac"), title=name, duration_s=seconds)
        store.write_scan_batch(root, [ScanRecord(bytes(track.path), 1, 1, track_to_row(track))])
    return PlayHistory(store)


def listen(tracker: ListeningTracker, start_s: float, end_s: float, step_s: float = 0.5) -> None:
    position = start_s
    while position <= end_s:
        tracker.position(position, playing=True)
        position += step_s


def test_threshold_is_half_the_length_or_four_minutes() -> None:
    assert played_threshold_s(100.0) == 50.0
    assert played_threshold_s(1200.0) == 240.0
    assert played_threshold_s(None) == 240.0


def test_a_play_counts_once_after_half_the_track(history: PlayHistory) -> None:
    tracker = ListeningTracker(history)
    short = Track(Path("/m/short.flac"), duration_s=100.0)
    tracker.start(short)
    listen(tracker, 0.0, 49.0)
    assert history.counts(short.path)[0] == 0
    listen(tracker, 49.5, 90.0)
    plays, skips, last = history.counts(short.path)
    assert (plays, skips) == (1, 0) and last is not None


def test_seeking_to_the_end_is_not_listening(history: PlayHistory) -> None:
    tracker = ListeningTracker(history)
    long = Track(Path("/m/long.flac"), duration_s=1200.0)
    tracker.start(long)
    listen(tracker, 0.0, 10.0)
    listen(tracker, 1100.0, 1199.0)
    assert history.counts(long.path)[0] == 0


def test_paused_time_is_not_listening(history: PlayHistory) -> None:
    tracker = ListeningTracker(history)
    short = Track(Path("/m/short.flac"), duration_s=100.0)
    tracker.start(short)
    for _ in range(200):
        tracker.position(5.0, playing=False)
    assert tracker.heard_s == 0.0


def test_leaving_early_is_a_skip_and_an_ending_is_not(history: PlayHistory) -> None:
    tracker = ListeningTracker(history)
    short = Track(Path("/m/short.flac"), duration_s=100.0)
    long = Track(Path("/m/long.flac"), duration_s=1200.0)
    tracker.start(short)
    listen(tracker, 0.0, 20.0)
    tracker.start(long)  # the user moved on at 20 s of 100
    assert history.counts(short.path)[1] == 1
    tracker.start(short)
    listen(tracker, 0.0, 98.0)
    tracker.finish(short)
    tracker.start(long)
    assert history.counts(short.path)[:2] == (1, 1)


def test_a_short_track_ending_between_polls_still_counts(history: PlayHistory) -> None:
    tracker = ListeningTracker(history)
    short = Track(Path("/m/short.flac"), duration_s=100.0)
    tracker.start(short)
    listen(tracker, 0.0, 48.0, step_s=1.0)
    tracker.finish(short)  # ended at 100 s; the last poll saw 48 s... too far to credit
    assert history.counts(short.path)[0] == 0
    tracker.start(short)
    listen(tracker, 0.0, 47.0, step_s=1.0)
    tracker.position(97.5, playing=True)  # a seek, not credited
    tracker.finish(short)  # the last 2.5 s to the end are credited: still under 50
    assert history.counts(short.path)[0] == 0
