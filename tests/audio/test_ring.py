import threading

import numpy as np

from app.audio.ring import FrameRing


def frames(n: int, start: int = 0) -> np.ndarray:
    values = np.arange(start, start + n, dtype=np.float32)
    return np.stack([values, -values], axis=1)


def test_read_returns_frames_in_order_with_positions() -> None:
    ring = FrameRing(16)
    assert ring.write(frames(10), track_key=1, first_position=100)
    got = ring.read(4)
    assert got is not None
    assert got.track_key == 1 and got.first_position == 100
    np.testing.assert_array_equal(got.frames, frames(4))
    rest = ring.read(100)
    assert rest is not None and rest.first_position == 104
    np.testing.assert_array_equal(rest.frames, frames(6, 4))
    assert ring.read(1) is None


def test_read_stops_at_track_change_and_wraps() -> None:
    ring = FrameRing(8)
    ring.write(frames(6), 1, 0)
    assert ring.read(6) is not None
    ring.write(frames(3), 1, 6)
    ring.write(frames(4), 2, 0)  # wraps around the end
    collected = []
    while (r := ring.read(8)) is not None:
        collected.append((r.track_key, r.first_position, len(r.frames)))
    keys = [k for k, _, _ in collected]
    assert keys == sorted(keys) and set(keys) == {1, 2}
    assert sum(n for k, _, n in collected if k == 1) == 3
    assert sum(n for k, _, n in collected if k == 2) == 4
    assert collected[-1][1] + collected[-1][2] == 4


def test_writer_waits_for_room_and_flush_interrupts_it() -> None:
    ring = FrameRing(4)
    results: list[bool] = []
    writer = threading.Thread(target=lambda: results.append(ring.write(frames(10), 1, 0)))
    writer.start()
    writer.join(0.2)
    assert writer.is_alive() and ring.available == 4
    ring.flush()
    writer.join(2)
    assert not writer.is_alive()
    assert results == [False]
    assert ring.available == 0


def test_finished_only_after_everything_is_read() -> None:
    ring = FrameRing(8)
    ring.write(frames(2), 1, 0)
    ring.mark_finished()
    assert not ring.finished
    ring.read(8)
    assert ring.finished


def test_truncate_after_cuts_what_follows_a_track_and_lets_the_writer_go_on() -> None:
    ring = FrameRing(100)
    ring.write(np.full((30, 2), 1, np.float32), track_key=1, first_position=0)
    ring.write(np.full((20, 2), 2, np.float32), track_key=2, first_position=0)
    ring.read(10)
    assert ring.truncate_after(1)
    assert ring.available == 20
    assert ring.write(np.full((5, 2), 3, np.float32), track_key=3, first_position=0)
    reads = [ring.read(100), ring.read(100)]
    assert [(r.track_key, len(r.frames)) for r in reads if r] == [(1, 20), (3, 5)]
    assert not ring.truncate_after(1), "no unread frame of track 1 is left to cut after"
