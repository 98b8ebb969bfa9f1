"""Queue persistence: state dicts, their checks, and the saved file (app.core.queue_state)."""

import json
import os
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.queue import Queue, RepeatMode, RestoredQueue, ShuffleMode
from app.core.queue_state import SavedQueue, encode_state, restore_state
from app.core.track import Track
from tests.support.queues import make, names, track

LABELS = [f"t{i:02}" for i in range(40)]


def by_path(tracks: list[Track]) -> Callable[[Path], Track | None]:
    table = {t.path: t for t in tracks}
    return table.get


def json_round_trip(state: dict[str, Any]) -> Any:
    """Through strict UTF-8 JSON, as a file would hold it."""
    return json.loads(json.dumps(state, ensure_ascii=False, allow_nan=False).encode("utf-8"))


# -- round trips -----------------------------------------------------------------------------


def test_state_round_trip() -> None:
    tracks = [track(label) for label in LABELS]
    queue = Queue(random.Random(4))
    queue.add(tracks)
    queue.set_current(3)
    queue.set_shuffle(ShuffleMode.TRACKS)
    queue.set_repeat(RepeatMode.ALL)
    state = json_round_trip(queue.to_state(position_s=42.5))
    restored, position_s = Queue.from_state(state, by_path(tracks))
    assert restored.tracks == queue.tracks
    assert restored.current_index == 3
    assert position_s == 42.5
    assert restored.shuffle is ShuffleMode.TRACKS
    assert restored.repeat is RepeatMode.ALL
    restored.set_shuffle(ShuffleMode.OFF)
    assert names(restored) == LABELS


@pytest.mark.skipif(os.name == "nt", reason="POSIX byte file names")
def test_state_round_trip_with_a_name_that_is_not_utf8() -> None:
    odd = Track(path=Path(os.fsdecode(b"/music/caf\xe9 \xff.flac")))
    plain = track("caf\u00e9 ok")
    queue = Queue()
    queue.add([odd, plain])
    queue.set_current(0)
    state = json_round_trip(queue.to_state(position_s=1.0))
    assert state["items"][1] == "/music/caf\u00e9 ok.flac"
    restored, _ = Queue.from_state(state, by_path([odd, plain]))
    assert restored.tracks == (odd, plain)
    assert os.fsencode(restored[0].path) == b"/music/caf\xe9 \xff.flac"


def test_missing_tracks_are_dropped() -> None:
    tracks = [track(label) for label in "abcde"]
    queue = Queue()
    queue.add(tracks)
    queue.set_current(3)
    state = json_round_trip(queue.to_state(position_s=9.0))
    present = [t for t in tracks if t.path.stem not in {"a", "c"}]
    restored, position_s = Queue.from_state(state, by_path(present))
    assert names(restored) == ["b", "d", "e"]
    assert restored.current == track("d")
    assert position_s == 9.0


def test_missing_current_track_passes_on_to_the_next() -> None:
    tracks = [track(label) for label in "abcde"]
    queue = Queue(random.Random(0))
    queue.add(tracks)
    queue.set_current(1)
    queue.set_shuffle(ShuffleMode.TRACKS)
    state = json_round_trip(queue.to_state(position_s=9.0))
    gone = {queue[1].path, queue[2].path}
    survivors = [t for t in tracks if t.path not in gone]
    restored, position_s = Queue.from_state(state, by_path(survivors))
    assert restored.current == queue[3]
    assert position_s == 0.0
    restored.set_shuffle(ShuffleMode.OFF)
    assert restored.tracks == tuple(survivors)


def test_missing_last_current_track_leaves_nothing_current() -> None:
    tracks = [track("a"), track("b")]
    queue = Queue()
    queue.add(tracks)
    queue.set_current(1)
    restored, position_s = Queue.from_state(queue.to_state(5.0), by_path(tracks[:1]))
    assert (names(restored), restored.current_index, position_s) == (["a"], -1, 0.0)


# -- corrupt state ---------------------------------------------------------------------------


def good_state() -> dict[str, Any]:
    return {
        "version": 1,
        "items": ["/music/a.flac", "/music/b.flac"],
        "current": 1,
        "position_s": 3.0,
        "shuffle": "tracks",
        "repeat": "one",
        "original": [1, 0],
    }


def corrupted() -> Iterator[object]:
    yield None
    yield []
    yield "queue"
    for key, value in [
        ("version", 99),
        ("version", "1"),
        ("items", "abc"),
        ("items", [1, 2]),
        ("items", [{"fsb64": "!!not base64"}, "b"]),
        ("items", [{"other": "x"}, "b"]),
        ("current", 2),
        ("current", -2),
        ("current", "1"),
        ("current", True),
        ("current", 1.0),
        ("position_s", "3"),
        ("position_s", None),
        ("shuffle", "sideways"),
        ("shuffle", ["tracks"]),
        ("repeat", 1),
        ("original", [0, 0]),
        ("original", [0]),
        ("original", [0, 1, 2]),
        ("original", "01"),
        ("original", [True, False]),
    ]:
        yield {**good_state(), key: value}
    state = good_state()
    del state["version"]
    yield state


@pytest.mark.parametrize("state", list(corrupted()))
def test_corrupt_state_gives_an_empty_queue(state: object) -> None:
    restored = Queue.from_state(state, lambda path: Track(path=path))
    assert isinstance(restored, RestoredQueue)
    assert len(restored.queue) == 0
    assert restored.queue.current_index == -1
    assert restored.position_s == 0.0


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from([*good_state(), "extra"]), value=JSON, whole=JSON)
def test_arbitrary_json_never_raises(key: str, value: object, whole: object) -> None:
    for state in [whole, {**good_state(), key: value}]:
        restored, position_s = Queue.from_state(state, lambda path: Track(path=path))
        assert -1 <= restored.current_index < len(restored)
        assert position_s >= 0.0


def test_huge_position_is_cleaned() -> None:
    restored, position_s = Queue.from_state(
        {**good_state(), "position_s": 10**400}, lambda path: Track(path=path)
    )
    assert (len(restored), position_s) == (2, 0.0)


def test_good_state_sample_restores() -> None:
    restored, position_s = Queue.from_state(good_state(), lambda path: Track(path=path))
    assert names(restored) == ["a", "b"]
    assert (restored.current_index, position_s) == (1, 3.0)
    assert (restored.shuffle, restored.repeat) == (ShuffleMode.TRACKS, RepeatMode.ONE)
    restored.set_shuffle(ShuffleMode.OFF)
    assert names(restored) == ["b", "a"]
    assert restored.current_index == 0


def test_partial_state_takes_defaults() -> None:
    state = {"version": 1, "items": ["/music/a.flac"], "shuffle": "records"}
    restored, position_s = Queue.from_state(state, lambda path: Track(path=path))
    assert names(restored) == ["a"]
    assert (restored.current_index, position_s, restored.repeat) == (-1, 0.0, RepeatMode.OFF)
    assert restored.shuffle is ShuffleMode.RECORDS
    restored.set_shuffle(ShuffleMode.OFF)
    assert names(restored) == ["a"]


def test_bad_positions_are_cleaned() -> None:
    queue = make("a", current=0)
    assert queue.to_state(float("nan"))["position_s"] == 0.0
    assert queue.to_state(-3.0)["position_s"] == 0.0
    queue.set_current(-1)
    assert queue.to_state(12.0)["position_s"] == 0.0


def test_resolve_errors_propagate() -> None:
    def broken(path: Path) -> Track | None:
        raise RuntimeError("library gone")

    with pytest.raises(RuntimeError):
        Queue.from_state(good_state(), broken)


# -- files -----------------------------------------------------------------------------------


def test_save_and_load(tmp_path: Path) -> None:
    tracks = [track(label) for label in "abc"]
    queue = Queue()
    queue.add(tracks)
    queue.set_current(2)
    file = tmp_path / "queue.json"
    queue.save(file, position_s=7.0)
    queue.save(file, position_s=8.0)  # replaces the old one
    assert [p.name for p in tmp_path.iterdir()] == ["queue.json"]  # no temp file left
    restored, position_s = Queue.load(file, by_path(tracks))
    assert (restored.tracks, restored.current_index, position_s) == (queue.tracks, 2, 8.0)


def test_load_missing_or_corrupt_file_gives_an_empty_queue(tmp_path: Path) -> None:
    restored, _ = Queue.load(tmp_path / "none.json", lambda path: None)
    assert len(restored) == 0
    for content in [b"{not json", b"\xff\xfe\x00garbage", b"[" * 100_000, b"42"]:
        (tmp_path / "bad.json").write_bytes(content)
        restored, _ = Queue.load(tmp_path / "bad.json", lambda path: None)
        assert len(restored) == 0


def test_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "queue.json"
    file.write_text("old")
    queue = make("a")

    def failing_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        queue.save(file)
    monkeypatch.undo()
    with pytest.raises(OSError):
        queue.save(tmp_path / "missing" / "queue.json")
    assert file.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["queue.json"]


# -- the module's own functions, on plain values ------------------------------------------------


def test_encode_and_restore_without_a_queue() -> None:
    tracks = [track(label) for label in "abcd"]
    state = encode_state(
        [t.path for t in tracks],
        current=2,
        position_s=4.0,
        shuffle=ShuffleMode.TRACKS,
        repeat=RepeatMode.ONE,
        original=[3, 2, 1, 0],
    )
    saved = restore_state(json_round_trip(state), by_path([tracks[0], tracks[2], tracks[3]]))
    assert saved == SavedQueue(
        [tracks[0], tracks[2], tracks[3]], 1, 4.0, ShuffleMode.TRACKS, RepeatMode.ONE, [2, 1, 0]
    )
    assert restore_state({"version": 2}, by_path(tracks)) is None
