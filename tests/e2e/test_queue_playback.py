"""The queue driving the engine on the real sink: edits during play, repeat, all gapless."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.audio.queue_player import QueuePlayer
from app.core.playback import PlaybackState
from app.core.queue import Queue, RepeatMode
from app.core.track import Track
from app.ui.engine_bridge import EngineBridge
from tests.e2e.player import Player, wait_until
from tests.support import media
from tests.support.services import Recorder

pytestmark = pytest.mark.e2e
RATE = 44100
FRAMES = int(1.5 * RATE)
STRIDE = 1_000_000


def counters(folder: Path, count: int) -> list[Track]:
    return [
        Track(media.write_flac(folder / f"{n}.flac", media.counter_signal(FRAMES, n * STRIDE)))
        for n in range(count)
    ]


def heard_runs(recording: np.ndarray) -> list[tuple[int, int]]:
    """The contiguous runs of counter frames heard, with no silence allowed between them."""
    values = media.decode_counter(recording)
    valid = np.flatnonzero(values >= 0)
    heard = values[valid[0] : valid[-1] + 1]
    assert np.all(heard >= 0), f"{int(np.sum(heard < 0))} silent frames between tracks"
    breaks = np.flatnonzero(np.diff(heard) != 1)
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks, [len(heard) - 1]])
    return [(int(heard[s]), int(heard[e])) for s, e in zip(starts, ends, strict=True)]


def whole(n: int) -> tuple[int, int]:
    return (n * STRIDE, n * STRIDE + FRAMES - 1)


def test_play_next_and_add_during_play_follow_gaplessly(
    player: Player, recorder: Recorder, tmp_path: Path
) -> None:
    a, b, c, d = counters(tmp_path, 4)
    queue = Queue()
    driver = QueuePlayer(player.engine, queue)
    bridge = EngineBridge(player.engine)
    bridge.track_started.connect(driver.on_track_started)
    mark = recorder.mark()
    driver.play([a, b])
    wait_until(lambda: player.engine.position_s > 0.4, 5, "the first track to play")
    driver.play_next([c])
    driver.add([d])
    assert [t.path for t in queue] == [a.path, c.path, b.path, d.path]
    wait_until(lambda: player.engine.state is PlaybackState.STOPPED, 15, "the queue to end")
    recorder.wait_for_frames(recorder.mark() + RATE // 5)
    assert heard_runs(recorder.frames(mark)) == [whole(0), whole(2), whole(1), whole(3)]
    assert queue.current_index == 3


def test_repeat_one_plays_the_track_again_without_a_gap(
    player: Player, recorder: Recorder, tmp_path: Path
) -> None:
    (a,) = counters(tmp_path, 1)
    queue = Queue()
    driver = QueuePlayer(player.engine, queue)
    driver.set_repeat(RepeatMode.ONE)
    mark = recorder.mark()
    driver.play([a])
    wait_until(lambda: len(player.started) >= 2, 6, "the track to start again")
    driver.set_repeat(RepeatMode.OFF)
    wait_until(lambda: player.engine.state is PlaybackState.STOPPED, 6, "the end")
    recorder.wait_for_frames(recorder.mark() + RATE // 5)
    runs = heard_runs(recorder.frames(mark))
    assert runs[:2] == [whole(0), whole(0)]
    assert [index for index, _ in player.started][:2] == [0, 0]


def test_previous_and_next_on_an_empty_list_do_nothing_whatever_the_repeat(
    player: Player,
) -> None:
    for mode in RepeatMode:
        player.engine.set_repeat(mode)
        player.engine.load([], play=False)
        player.engine.previous()
        player.engine.next()
        assert player.engine.state is PlaybackState.STOPPED


def test_halt_rule_stops_at_the_end_of_a_side_and_play_goes_on_from_the_next(
    player: Player, recorder: Recorder, tmp_path: Path
) -> None:
    a, b, c = counters(tmp_path, 3)
    engine = player.engine
    engine.set_halt_between(lambda track, following: following.path == c.path)
    mark = recorder.mark()
    engine.load([a, b, c])
    wait_until(lambda: engine.state is PlaybackState.STOPPED, 8, "the side to end")
    assert engine.index == 2, "the engine waits at the first track of the next side"
    recorder.wait_for_frames(recorder.mark() + RATE // 5)
    assert heard_runs(recorder.frames(mark)) == [whole(0), whole(1)]
    engine.next()  # N while waiting there stays on that track: it is the next one
    assert engine.index == 2 and engine.state is PlaybackState.STOPPED
    mark = recorder.mark()
    engine.set_halt_between(None)
    engine.play()
    wait_until(lambda: engine.state is PlaybackState.STOPPED and len(player.started) >= 3, 8, "c")
    recorder.wait_for_frames(recorder.mark() + RATE // 5)
    assert heard_runs(recorder.frames(mark)) == [whole(2)]
