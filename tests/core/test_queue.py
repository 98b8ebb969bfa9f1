import json
import random
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from app.core.queue import Queue, RepeatMode, ShuffleMode
from app.core.track import Track
from tests.support.queues import make, names, track


class Recorder:
    def __init__(self, queue: Queue) -> None:
        self.changed = 0
        self.current_changed = 0
        queue.changed.connect(self._on_changed)
        queue.current_changed.connect(self._on_current_changed)

    def _on_changed(self) -> None:
        self.changed += 1

    def _on_current_changed(self) -> None:
        self.current_changed += 1


# -- plain operations ------------------------------------------------------------------------


def test_empty_queue() -> None:
    queue = Queue()
    recorder = Recorder(queue)
    assert len(queue) == 0
    assert queue.current_index == -1
    assert queue.current is None
    assert queue.tracks == ()
    assert queue.next_index(-1, user=False) is None
    assert queue.previous_index(-1) is None
    assert queue.remove([]) is False
    queue.move_many([], 0)
    queue.clear()
    queue.set_current(-1)
    queue.add([])
    queue.play_next([])
    queue.play_now([])
    assert recorder.changed == 0
    with pytest.raises(IndexError):
        queue.set_current(0)
    with pytest.raises(IndexError):
        queue.next_index(0, user=True)


def test_add_appends_and_keeps_nothing_current() -> None:
    queue = make("a", "b")
    recorder = Recorder(queue)
    queue.add([track("c")])
    assert names(queue) == ["a", "b", "c"]
    assert queue.current_index == -1
    assert (recorder.changed, recorder.current_changed) == (1, 0)


def test_play_now_inserts_after_current_and_makes_first_current() -> None:
    queue = make("a", "b", "c", current=1)
    recorder = Recorder(queue)
    queue.play_now([track("x"), track("y")])
    assert names(queue) == ["a", "b", "x", "y", "c"]
    assert queue.current_index == 2
    assert queue.current == track("x")
    assert (recorder.changed, recorder.current_changed) == (1, 1)


def test_play_now_with_nothing_current_goes_to_the_front() -> None:
    queue = make("a", "b")
    queue.play_now([track("x")])
    assert names(queue) == ["x", "a", "b"]
    assert queue.current_index == 0


def test_play_next_inserts_in_order_after_current() -> None:
    queue = make("a", "b", "c", current=0)
    recorder = Recorder(queue)
    queue.play_next([track("x"), track("y")])
    assert names(queue) == ["a", "x", "y", "b", "c"]
    assert queue.current_index == 0
    assert (recorder.changed, recorder.current_changed) == (1, 0)


def test_play_next_with_nothing_current_goes_to_the_front() -> None:
    queue = make("a", "b")
    queue.play_next([track("x")])
    assert names(queue) == ["x", "a", "b"]
    assert queue.current_index == -1
    assert queue.next_index(-1, user=False) == 0


def test_replace_starts_at_the_given_track() -> None:
    queue = make("a", "b", current=0)
    recorder = Recorder(queue)
    queue.replace([track("x"), track("y"), track("z")], start_index=1)
    assert names(queue) == ["x", "y", "z"]
    assert queue.current == track("y")
    assert (recorder.changed, recorder.current_changed) == (1, 1)
    queue.replace([])
    assert len(queue) == 0
    assert queue.current_index == -1
    with pytest.raises(IndexError):
        queue.replace([track("x")], start_index=1)


def test_same_track_twice_is_two_items() -> None:
    queue = Queue()
    same = track("a")
    queue.add([same, same, same])
    queue.set_current(1)
    queue.move(1, 2)
    assert queue.current_index == 2
    assert queue.remove([2]) is True
    assert len(queue) == 2
    assert queue.current_index == -1


def test_move_keeps_the_current_item_current() -> None:
    queue = make("a", "b", "c", "d", current=1)
    queue.move(1, 3)  # move the current item itself
    assert names(queue) == ["a", "c", "d", "b"]
    assert queue.current_index == 3
    queue.move(0, 3)  # an item from before the current to after it
    assert names(queue) == ["c", "d", "b", "a"]
    assert queue.current_index == 2
    queue.move(3, 0)  # and back across it
    assert names(queue) == ["a", "c", "d", "b"]
    assert queue.current_index == 3
    queue.move(2, 3)  # onto the current item's place from before it
    assert names(queue) == ["a", "c", "b", "d"]
    assert queue.current_index == 2
    queue.move(3, 2)  # and from after it
    assert names(queue) == ["a", "c", "d", "b"]
    assert queue.current_index == 3
    with pytest.raises(IndexError):
        queue.move(0, 4)
    with pytest.raises(IndexError):
        queue.move(-1, 0)


def test_move_to_the_same_place_changes_nothing() -> None:
    queue = make("a", "b", current=0)
    recorder = Recorder(queue)
    queue.move(1, 1)
    queue.move_many([0, 1], 0)
    assert recorder.changed == 0


def test_move_many_keeps_relative_order_and_current() -> None:
    queue = make("a", "b", "c", "d", "e", "f", current=3)  # d
    queue.move_many([4, 0, 2, 2], 1)
    assert names(queue) == ["b", "a", "c", "e", "d", "f"]
    assert queue.current == track("d")
    queue.move_many([1, 4], 4)  # the current one among the moved
    assert names(queue) == ["b", "c", "e", "f", "a", "d"]
    assert queue.current_index == 5
    with pytest.raises(IndexError):
        queue.move_many([0, 1], 5)
    with pytest.raises(IndexError):
        queue.move_many([6], 0)


def test_move_many_from_a_drop_row() -> None:
    """A view's drop row converts to the final index by subtracting moved rows above it."""
    queue = make("a", "b", "c", "d", "e")
    rows, drop_row = [0, 1], 4  # drop a and b between d and e
    queue.move_many(rows, drop_row - sum(r < drop_row for r in rows))
    assert names(queue) == ["c", "d", "a", "b", "e"]


def test_remove_before_current_shifts_it() -> None:
    queue = make("a", "b", "c", "d", current=2)
    recorder = Recorder(queue)
    assert queue.remove([0, 3, 0]) is False
    assert names(queue) == ["b", "c"]
    assert queue.current == track("c")
    assert (recorder.changed, recorder.current_changed) == (1, 0)


def test_remove_current_moves_to_the_next_surviving_item() -> None:
    queue = make("a", "b", "c", "d", current=1)
    recorder = Recorder(queue)
    assert queue.remove([1, 2]) is True
    assert names(queue) == ["a", "d"]
    assert queue.current == track("d")
    assert (recorder.changed, recorder.current_changed) == (1, 1)


def test_remove_current_last_item_leaves_nothing_current() -> None:
    queue = make("a", "b", "c", current=2)
    assert queue.remove([2]) is True
    assert queue.current_index == -1
    assert names(queue) == ["a", "b"]


def test_remove_all_and_bad_index() -> None:
    queue = make("a", "b", current=0)
    with pytest.raises(IndexError):
        queue.remove([0, 2])
    assert len(queue) == 2  # nothing removed on a bad index
    assert queue.remove(range(2)) is True
    assert len(queue) == 0
    assert queue.current_index == -1


def test_clear() -> None:
    queue = make("a", "b", current=1)
    recorder = Recorder(queue)
    queue.clear()
    assert len(queue) == 0
    assert queue.current_index == -1
    assert (recorder.changed, recorder.current_changed) == (1, 1)


def test_set_current() -> None:
    queue = make("a", "b")
    recorder = Recorder(queue)
    queue.set_current(1)
    queue.set_current(1)
    assert queue.current == track("b")
    queue.set_current(-1)
    assert queue.current is None
    assert (recorder.changed, recorder.current_changed) == (2, 2)
    with pytest.raises(IndexError):
        queue.set_current(2)
    with pytest.raises(IndexError):
        queue.set_current(-2)
    with pytest.raises(IndexError):
        queue[-1]


# -- repeat ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "user", "expected"),
    [
        # (index 0, index 1, last index 2)
        (RepeatMode.OFF, False, (1, 2, None)),
        (RepeatMode.OFF, True, (1, 2, None)),
        (RepeatMode.ONE, False, (0, 1, 2)),
        (RepeatMode.ONE, True, (1, 2, 0)),
        (RepeatMode.ALL, False, (1, 2, 0)),
        (RepeatMode.ALL, True, (1, 2, 0)),
    ],
)
def test_next_index(mode: RepeatMode, user: bool, expected: tuple[int | None, ...]) -> None:
    queue = make("a", "b", "c")
    queue.set_repeat(mode)
    assert tuple(queue.next_index(i, user=user) for i in range(3)) == expected
    assert queue.next_index(-1, user=user) == 0


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (RepeatMode.OFF, (None, 0, 1)),
        (RepeatMode.ONE, (2, 0, 1)),
        (RepeatMode.ALL, (2, 0, 1)),
    ],
)
def test_previous_index(mode: RepeatMode, expected: tuple[int | None, ...]) -> None:
    queue = make("a", "b", "c")
    queue.set_repeat(mode)
    assert tuple(queue.previous_index(i) for i in range(3)) == expected
    assert queue.previous_index(-1) == 2
    with pytest.raises(IndexError):
        queue.previous_index(3)


def test_set_repeat_emits_once() -> None:
    queue = make("a")
    recorder = Recorder(queue)
    queue.set_repeat(RepeatMode.ALL)
    queue.set_repeat(RepeatMode.ALL)
    assert queue.repeat is RepeatMode.ALL
    assert recorder.changed == 1


# -- shuffle ---------------------------------------------------------------------------------

LABELS = [f"t{i:02}" for i in range(40)]


def test_shuffle_tracks_keeps_played_and_current_and_off_restores() -> None:
    queue = make(*LABELS, current=10)
    recorder = Recorder(queue)
    queue.set_shuffle(ShuffleMode.TRACKS)
    assert queue.shuffle is ShuffleMode.TRACKS
    assert names(queue)[:11] == LABELS[:11]
    assert queue.current_index == 10
    assert names(queue)[11:] != LABELS[11:]
    assert sorted(names(queue)) == LABELS
    queue.set_current(25)
    now = queue.current
    queue.set_shuffle(ShuffleMode.OFF)
    assert names(queue) == LABELS
    assert queue.current == now
    assert (recorder.changed, recorder.current_changed) == (3, 1)


def test_shuffle_with_nothing_current_shuffles_everything() -> None:
    queue = make(*LABELS)
    queue.set_shuffle(ShuffleMode.TRACKS)
    assert queue.current_index == -1
    assert names(queue) != LABELS
    assert sorted(names(queue)) == LABELS
    queue.set_shuffle(ShuffleMode.OFF)
    assert names(queue) == LABELS


def test_shuffle_is_reproducible_with_a_seeded_rng() -> None:
    first, second = make(*LABELS, seed=7), make(*LABELS, seed=7)
    first.set_shuffle(ShuffleMode.TRACKS)
    second.set_shuffle(ShuffleMode.TRACKS)
    assert names(first) == names(second)


def record_tracks() -> list[Track]:
    tracks: list[Track] = []
    for r in range(8):
        tracks += [track(f"r{r}-{n}", album=f"Album {r}", artist=f"Artist {r}") for n in range(5)]
    # Same album title by another artist is another record; case does not matter.
    tracks += [track("s-0", album="Album 0", artist="Someone Else")]
    tracks += [
        track("c-0", album="CASED", artist="Band"),
        track("c-1", album="cased", artist="BAND"),
    ]
    # The album artist files a compilation under one record despite differing track artists.
    tracks += [track(f"v-{n}", album="Hits", artist=f"A{n}", album_artist="VA") for n in range(3)]
    tracks += [track("loose-0"), track("loose-1")]  # no album: each its own record
    return tracks


def record_of(label: str) -> str:
    """The record a label of ``record_tracks`` belongs to: the part before the dash."""
    return label if label.startswith("loose") else label.split("-")[0]


def runs(labels: list[str]) -> list[list[str]]:
    """Split labels into runs of one record."""
    result: list[list[str]] = []
    for label in labels:
        if result and record_of(result[-1][-1]) == record_of(label):
            result[-1].append(label)
        else:
            result.append([label])
    return result


@pytest.mark.parametrize("seed", range(5))
def test_shuffle_records_keeps_records_whole_and_in_order(seed: int) -> None:
    tracks = record_tracks()
    labels = [t.path.stem for t in tracks]
    queue = Queue(random.Random(seed))
    queue.add(tracks)
    queue.set_current(7)  # r1-2: in the middle of the second record
    queue.set_shuffle(ShuffleMode.RECORDS)
    shuffled = names(queue)
    assert shuffled[:8] == labels[:8]  # played and current stay
    assert shuffled[8:10] == ["r1-3", "r1-4"]  # the current record plays on
    assert queue.current_index == 7
    ahead = runs(shuffled[10:])
    assert sorted(map(tuple, ahead)) == sorted(map(tuple, runs(labels[10:])))
    # The loose tracks are separate records, so shuffles may part them.
    assert ["c-0", "c-1"] in ahead
    assert ["v-0", "v-1", "v-2"] in ahead
    queue.set_shuffle(ShuffleMode.OFF)
    assert names(queue) == labels
    assert queue.current_index == 7


def test_shuffle_records_moves_records_around() -> None:
    queue = Queue(random.Random(1))
    queue.add(record_tracks())
    queue.set_shuffle(ShuffleMode.RECORDS)
    assert names(queue) != [t.path.stem for t in record_tracks()]


def test_switching_shuffle_modes_reshuffles_from_the_original() -> None:
    queue = make(*LABELS, current=5)
    queue.set_shuffle(ShuffleMode.TRACKS)
    queue.set_shuffle(ShuffleMode.RECORDS)  # album-less tracks: each is a record
    assert queue.shuffle is ShuffleMode.RECORDS
    assert names(queue)[:6] == LABELS[:6]
    queue.set_shuffle(ShuffleMode.OFF)
    assert names(queue) == LABELS
    assert queue.current_index == 5


def test_items_added_while_shuffled_find_a_place_in_the_original_order() -> None:
    queue = make("a", "b", "c", "d", "e", current=1)
    queue.set_shuffle(ShuffleMode.TRACKS)
    queue.add([track("z")])
    queue.play_next([track("n")])
    queue.play_now([track("p")])  # after the current b, then current
    assert names(queue)[:4] == ["a", "b", "p", "n"]
    assert names(queue)[-1] == "z"
    queue.remove([names(queue).index("d")])
    queue.move(len(queue) - 1, 0)  # moves reorder only the play order
    queue.set_shuffle(ShuffleMode.OFF)
    assert names(queue) == ["a", "b", "p", "n", "c", "e", "z"]
    assert queue.current == track("p")


def test_replace_while_shuffled_plays_the_start_first() -> None:
    queue = make("a", seed=3)
    queue.set_shuffle(ShuffleMode.TRACKS)
    queue.replace([track(label) for label in LABELS], start_index=12)
    assert queue.current_index == 0
    assert queue.current == track(LABELS[12])
    assert sorted(names(queue)) == LABELS
    queue.set_shuffle(ShuffleMode.OFF)
    assert names(queue) == LABELS
    assert queue.current_index == 12


def test_replace_with_shuffled_records_plays_the_rest_of_the_record_first() -> None:
    tracks = record_tracks()
    queue = Queue(random.Random(2))
    queue.set_shuffle(ShuffleMode.RECORDS)
    queue.replace(tracks, start_index=2)  # r0-2
    shuffled = names(queue)
    assert shuffled[:3] == ["r0-2", "r0-3", "r0-4"]
    assert ["r0-0", "r0-1"] in runs(shuffled[3:])


# -- scale -----------------------------------------------------------------------------------


def test_large_queue_operations_stay_fast() -> None:
    """Not a benchmark: a generous bound that only an O(n^2) slip would break."""
    tracks = [track(f"{i}", album=f"Album {i // 10}", artist="X") for i in range(50_000)]
    queue = Queue(random.Random(0))
    slowest = 0.0

    def timed(operation: Callable[[], object]) -> None:
        nonlocal slowest
        start = time.perf_counter()
        operation()
        slowest = max(slowest, time.perf_counter() - start)

    timed(lambda: queue.replace(tracks, start_index=25_000))
    timed(lambda: queue.set_shuffle(ShuffleMode.TRACKS))
    timed(lambda: queue.move(0, 49_999))
    timed(lambda: queue.move_many(range(0, 50_000, 2), 10))
    timed(lambda: queue.play_next(tracks[:10]))
    timed(lambda: queue.remove(range(0, 50_000, 3)))
    timed(lambda: queue.set_shuffle(ShuffleMode.RECORDS))
    timed(lambda: queue.set_shuffle(ShuffleMode.OFF))
    state: dict[str, Any] = {}
    timed(lambda: state.update(queue.to_state()))
    assert len(queue) == 50_010 - len(range(0, 50_000, 3))
    assert slowest < 0.5


# -- random operation sequences against a model -----------------------------------------------


def json_round_trip(state: dict[str, Any]) -> Any:
    """Through strict UTF-8 JSON, as a file would hold it."""
    return json.loads(json.dumps(state, ensure_ascii=False, allow_nan=False).encode("utf-8"))


class QueueMachine(RuleBasedStateMachine):
    """Drive a queue with random operations and compare it with a simple list model.

    Every track is unique, so the model can follow items by equality.
    """

    def __init__(self) -> None:
        super().__init__()
        self.queue = Queue(random.Random(0))
        self.order: list[Track] = []
        self.original: list[Track] | None = None  # the model's order for shuffle OFF
        self.current: Track | None = None
        self.added: Counter[Track] = Counter()
        self.removed: Counter[Track] = Counter()
        self.serial = 0

    def new_tracks(self, count: int) -> list[Track]:
        tracks = []
        for _ in range(count):
            self.serial += 1
            album = "" if self.serial % 4 == 0 else f"Album {self.serial % 3}"
            tracks.append(track(f"t{self.serial}", album=album, artist="A"))
        self.added.update(tracks)
        return tracks

    def current_position(self) -> int:
        return -1 if self.current is None else self.order.index(self.current)

    def insert_after_current(self, tracks: list[Track]) -> None:
        if self.original is not None:
            at = 0 if self.current is None else self.original.index(self.current) + 1
            self.original[at:at] = tracks
        at = self.current_position() + 1
        self.order[at:at] = tracks

    @rule(count=st.integers(0, 4))
    def add(self, count: int) -> None:
        tracks = self.new_tracks(count)
        self.queue.add(tracks)
        self.order += tracks
        if self.original is not None:
            self.original += tracks

    @rule(count=st.integers(0, 3))
    def play_next(self, count: int) -> None:
        tracks = self.new_tracks(count)
        self.queue.play_next(tracks)
        self.insert_after_current(tracks)

    @rule(count=st.integers(1, 3))
    def play_now(self, count: int) -> None:
        tracks = self.new_tracks(count)
        self.queue.play_now(tracks)
        self.insert_after_current(tracks)
        self.current = tracks[0]

    @rule(count=st.integers(0, 6), data=st.data())
    def replace(self, count: int, data: st.DataObject) -> None:
        self.removed.update(self.order)
        tracks = self.new_tracks(count)
        start = data.draw(st.integers(0, max(count - 1, 0)))
        self.queue.replace(tracks, start)
        self.current = tracks[start] if tracks else None
        if self.original is None:
            self.order = list(tracks)
        else:
            self.original = list(tracks)
            self.order = list(self.queue.tracks)
            assert self.order[:1] == tracks[start : start + 1]
            assert Counter(self.order) == Counter(tracks)

    @precondition(lambda self: self.order)
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        indices = data.draw(st.lists(st.integers(0, len(self.order) - 1), max_size=4))
        gone = {self.order[i] for i in indices}
        position = self.current_position()
        was_current = self.current in gone
        assert self.queue.remove(indices) is was_current
        if was_current:
            after = [t for t in self.order[position:] if t not in gone]
            self.current = after[0] if after else None
        self.order = [t for t in self.order if t not in gone]
        if self.original is not None:
            self.original = [t for t in self.original if t not in gone]
        self.removed.update(gone)

    @precondition(lambda self: self.order)
    @rule(data=st.data())
    def move_many(self, data: st.DataObject) -> None:
        size = len(self.order)
        indices = data.draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=4))
        picked = sorted(set(indices))
        to_index = data.draw(st.integers(0, size - len(picked)))
        self.queue.move_many(indices, to_index)
        rest = [t for i, t in enumerate(self.order) if i not in picked]
        self.order = rest[:to_index] + [self.order[i] for i in picked] + rest[to_index:]

    @precondition(lambda self: self.order)
    @rule(data=st.data())
    def move(self, data: st.DataObject) -> None:
        from_index = data.draw(st.integers(0, len(self.order) - 1))
        to_index = data.draw(st.integers(0, len(self.order) - 1))
        self.queue.move(from_index, to_index)
        self.order.insert(to_index, self.order.pop(from_index))

    @rule(data=st.data())
    def set_current(self, data: st.DataObject) -> None:
        index = data.draw(st.integers(-1, len(self.order) - 1))
        self.queue.set_current(index)
        self.current = None if index == -1 else self.order[index]

    @rule()
    def clear(self) -> None:
        self.queue.clear()
        self.removed.update(self.order)
        self.order, self.current = [], None
        if self.original is not None:
            self.original = []

    @rule(mode=st.sampled_from(ShuffleMode))
    def set_shuffle(self, mode: ShuffleMode) -> None:
        if mode is self.queue.shuffle:
            self.queue.set_shuffle(mode)
            return
        unshuffled = self.order if self.original is None else self.original
        self.queue.set_shuffle(mode)
        if mode is ShuffleMode.OFF:
            assert list(self.queue.tracks) == unshuffled  # off restores the original order
            self.order, self.original = list(unshuffled), None
            return
        position = -1 if self.current is None else unshuffled.index(self.current)
        assert list(self.queue.tracks[: position + 1]) == unshuffled[: position + 1]
        self.order, self.original = list(self.queue.tracks), list(unshuffled)

    @rule(mode=st.sampled_from(RepeatMode))
    def set_repeat(self, mode: RepeatMode) -> None:
        self.queue.set_repeat(mode)

    @rule()
    def save_and_restore(self) -> None:
        state = json_round_trip(self.queue.to_state(position_s=1.0))
        table = {t.path: t for t in self.order}
        self.queue = Queue.from_state(state, table.get, rng=random.Random(1)).queue

    @invariant()
    def matches_the_model(self) -> None:
        queue = self.queue
        assert -1 <= queue.current_index < len(queue)
        assert list(queue.tracks) == self.order
        assert queue.current == self.current
        assert Counter(queue.tracks) == self.added - self.removed
        if queue.current is not None:
            assert queue[queue.current_index] == queue.current


QueueMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
TestQueueMachine = QueueMachine.TestCase
