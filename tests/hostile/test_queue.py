"""The queue on the real sink, through hostile files: each plays, or is told and skipped."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from app.audio.queue_player import QueuePlayer
from app.core.playback import PlaybackState
from app.core.queue import Queue
from app.core.track import Track
from app.ui.engine_bridge import EngineBridge
from tests.e2e.player import Player, wait_until
from tests.hostile.checks import assert_readable
from tests.hostile.corpus import Corpus
from tests.support.fake_engine import FakeEngine
from tests.support.services import Recorder

RATE = 44100


def lineup(corpus: Corpus) -> list[tuple[Path, bool]]:
    """Exotic files with broken ones between them: (path, plays)."""
    bad = {kind: next(p for p, k in sorted(corpus.bad.items()) if k == kind)
           for kind in ("empty", "not audio", "header only")}  # fmt: skip
    playable = corpus.playable
    return [
        (playable["mono 8 kHz.wav"].path, True),
        (corpus.root / "broken" / "random" / "noise.mp3", False),
        (playable["5.1 surround.flac"].path, True),
        (bad["empty"], False),
        (playable["50 ms.opus"].path, True),
        (corpus.root / "broken" / "text" / "lyrics.mp3", False),
        (playable["7.1 surround.wav"].path, True),
        (bad["header only"], False),
        (corpus.named["concat"], True),
        (corpus.disguised["ffconcat"], False),
        (playable["50 ms.m4a"].path, True),
    ]


def play_through(player: Player, items: list[tuple[Path, bool]]) -> Queue:
    """Play ``items`` from a queue to its end, the queue following the engine."""
    queue = Queue()
    driver = QueuePlayer(player.engine, queue)
    bridge = EngineBridge(player.engine)
    bridge.track_started.connect(driver.on_track_started)
    driver.play([Track(path) for path, _ in items])
    last = max(i for i, (_, plays) in enumerate(items) if plays)
    wait_until(
        lambda: player.engine.state is PlaybackState.STOPPED
        and any(index == last for index, _ in player.started),
        20, "the queue to play through",
    )  # fmt: skip
    return queue


@pytest.mark.e2e
def test_the_queue_plays_each_exotic_file_and_skips_each_broken_one_saying_why(
    corpus: Corpus, player: Player, recorder: Recorder
) -> None:
    items = lineup(corpus)
    mark = recorder.mark()
    queue = play_through(player, items)
    broken = [path for path, plays in items if not plays]
    told = list(dict.fromkeys(path for path, _ in player.errors))
    assert told == broken, "each broken file is told, in queue order"
    for path, message in player.errors:
        name = os.fsdecode(path.name)  # type: ignore[union-attr]
        assert message.startswith(f"{name}: ")
        assert_readable(message[len(name) + 2 :], path)
    assert queue.current_index == len(items) - 1, "the queue followed the engine to the end"
    recorder.wait_for_frames(recorder.mark() + RATE // 5)
    sounding = np.count_nonzero(np.any(recorder.frames(mark) != 0, axis=1))
    expected = sum(
        corpus_duration(corpus, path) for path, plays in items if plays
    ) * RATE  # fmt: skip
    assert abs(sounding - expected) < 0.02 * RATE, "every playable file was heard, whole"


def corpus_duration(corpus: Corpus, path: Path) -> float:
    found = [p.duration_s for p in corpus.playable.values() if p.path == path]
    return found[0] if found else 0.5  # the hostile names hold half a second each


@pytest.mark.e2e
def test_each_broken_file_is_told_once_as_the_queue_moves_on(
    player: Player, corpus: Corpus
) -> None:
    play_through(player, lineup(corpus))
    told = [path for path, _ in player.errors]
    assert len(told) == len(set(told))


@pytest.mark.e2e
def test_a_broken_file_is_told_once_when_the_queue_is_edited_before_it(
    player: Player, corpus: Corpus
) -> None:
    playable = corpus.playable
    broken = corpus.root / "broken" / "random" / "noise.mp3"
    queue = Queue()
    driver = QueuePlayer(player.engine, queue)
    driver.play([Track(playable["mono 8 kHz.wav"].path), Track(broken),
                 Track(playable["opus.opus"].path)])  # fmt: skip
    wait_until(lambda: bool(player.errors), 5, "the broken file to be decoded past")
    driver.add([Track(playable["aiff.aiff"].path)])  # while the first track still plays
    wait_until(lambda: player.engine.state is PlaybackState.STOPPED, 10, "the end")
    assert [path for path, _ in player.errors] == [broken]


@pytest.mark.e2e
def test_every_track_played_is_announced_even_a_50_ms_one(player: Player, corpus: Corpus) -> None:
    short = [corpus.playable[f"50 ms.{kind}"].path for kind in ("opus", "flac", "wav", "m4a")]
    items = [(corpus.playable["mono 8 kHz.wav"].path, True), *((p, True) for p in short)]
    play_through(player, items)
    assert [index for index, _ in player.started] == list(range(len(items)))


class CountingEngine(FakeEngine):
    """Notes ``set_tracks`` calls too."""

    def set_tracks(self, tracks: Sequence[Track], index: int) -> None:
        self.calls.append(("set_tracks", (len(tracks), index)))
        super().set_tracks(tracks, index)


def test_the_queue_follows_the_engine_without_telling_it_again() -> None:
    """Telling the engine its own list again made it decode (and report) what follows anew."""
    engine = CountingEngine()
    queue = Queue()
    driver = QueuePlayer(engine, queue)  # type: ignore[arg-type]
    tracks = [Track(Path(f"/music/{n}.flac")) for n in range(3)]
    driver.play(tracks)
    engine.calls.clear()
    engine.index = 2  # the engine moved on by itself, past a track it could not play
    driver.on_track_started(2, tracks[2])
    assert queue.current_index == 2
    assert [call for call in engine.calls if call[0] in ("load", "set_tracks")] == []
    driver.add([Track(Path("/music/3.flac"))])  # an edit is still passed on
    assert [call[0] for call in engine.calls] == ["set_tracks"]
