"""The play queue: which tracks play, in which order, and what comes next.

The queue holds its items in *play order* and a current index (``-1`` when nothing is current).
Items have identity: the same :class:`~app.core.track.Track` may be queued twice, and each copy
is its own item, so "the current item stays current" holds even when an equal track sits
elsewhere in the queue.

Shuffle reorders only what lies ahead: the items before the current one (already played) stay,
the current item stays current and first of the shuffled run. While shuffle is on the queue also
keeps the *original order*, which turning shuffle off restores, and keeps it up to date:

- ``add`` appends to both orders;
- ``play_next`` and ``play_now`` insert right after the current item in both orders, so what the
  user asked to hear next still follows the current item once shuffle is off;
- ``remove`` removes from both; ``move`` and ``move_many`` rearrange only the play order (the
  user reorders what is coming up; turning shuffle off brings back the original order).

Threads: the queue is a plain model owned by the control (GUI) thread and is not thread-safe;
the engine asks it for the next index through that thread. Its signals fire on the thread that
made the change.

Persistence: :meth:`Queue.to_state` gives a JSON-serialisable dict and :meth:`Queue.from_state`
rebuilds a queue from one, never raising on corrupt state. :meth:`Queue.save` and
:meth:`Queue.load` add the file IO (an atomic replace) for callers that want it. The format, its
checks and the file IO live in :mod:`app.core.queue_state`.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from app.core import queue_state
from app.core.queue_state import STATE_VERSION as STATE_VERSION
from app.core.signal import Signal
from app.core.track import Track


class ShuffleMode(Enum):
    """How the items after the current one are shuffled."""

    OFF = "off"
    TRACKS = "tracks"
    RECORDS = "records"


class RepeatMode(Enum):
    """What plays after the current item."""

    OFF = "off"
    ONE = "one"
    ALL = "all"


def index_after(index: int, count: int, repeat: RepeatMode, *, user: bool) -> int | None:
    """Return what plays after item ``index`` of ``count``, or ``None`` to stop.

    The one rule for the queue and the engine (which decodes ahead by it): ``-1`` (nothing)
    gives the first item; repeat ONE repeats the item when it simply ended, while a user skip
    goes on and, at the end, wraps as repeat ALL does.
    """
    if not count:
        return None
    if index == -1:
        return 0
    if repeat is RepeatMode.ONE and not user:
        return index
    if index + 1 < count:
        return index + 1
    return None if repeat is RepeatMode.OFF else 0


def index_before(index: int, count: int, repeat: RepeatMode) -> int | None:
    """Return what plays when the user goes back from item ``index`` of ``count``.

    From the first item this wraps to the last unless repeat is OFF; from ``-1`` (nothing)
    it gives the last item.
    """
    if not count:
        return None
    if index > 0:
        return index - 1
    if index == 0 and repeat is RepeatMode.OFF:
        return None
    return count - 1


class RestoredQueue(NamedTuple):
    """A queue rebuilt from saved state, with where to resume its current track."""

    queue: Queue
    position_s: float


class _Entry:
    """One queued item: a track with an identity of its own (hashed and compared by identity)."""

    __slots__ = ("track",)

    def __init__(self, track: Track) -> None:
        self.track = track


class Queue:
    """The ordered tracks the player works through.

    Parameters
    ----------
    rng
        The source of randomness for shuffling; tests pass a seeded one.

    Attributes
    ----------
    changed : Signal[[]]
        Emitted after every mutation: items, order, current index, shuffle or repeat mode.
        Calls that change nothing (an empty ``add``, ``set_current`` to the current index)
        emit nothing.
    current_changed : Signal[[]]
        Emitted after ``changed`` when the current *item* became another item or none; not when
        only its index shifted because items were inserted or removed before it.

    """

    def __init__(self, rng: random.Random | None = None) -> None:
        self.changed: Signal[[]] = Signal()
        self.current_changed: Signal[[]] = Signal()
        self._rng = rng if rng is not None else random.Random()
        self._items: list[_Entry] = []
        self._original: list[_Entry] | None = None  # the order shuffle OFF restores; None if OFF
        self._current = -1
        self._shuffle = ShuffleMode.OFF
        self._repeat = RepeatMode.OFF

    # -- reading -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int) -> Track:
        self._check_index(index)  # no negative indices: -1 means "nothing current" here
        return self._items[index].track

    def __iter__(self) -> Iterator[Track]:
        return (entry.track for entry in self._items)

    @property
    def tracks(self) -> tuple[Track, ...]:
        """The tracks in play order."""
        return tuple(entry.track for entry in self._items)

    @property
    def current_index(self) -> int:
        """The index of the current item, or ``-1`` when nothing is current."""
        return self._current

    @property
    def current(self) -> Track | None:
        """The current track, or ``None``."""
        entry = self._current_entry()
        return None if entry is None else entry.track

    @property
    def shuffle(self) -> ShuffleMode:
        """The shuffle mode."""
        return self._shuffle

    @property
    def repeat(self) -> RepeatMode:
        """The repeat mode."""
        return self._repeat

    # -- changing the items --------------------------------------------------------------------

    def replace(self, tracks: Iterable[Track], start_index: int = 0) -> None:
        """Replace the whole queue ("play this record now"), making ``tracks[start_index]`` current.

        With shuffle on, the start track comes first and everything else is shuffled after it.

        Raises
        ------
        IndexError
            If ``tracks`` is not empty and ``start_index`` is outside it.

        """
        entries = [_Entry(track) for track in tracks]
        if entries and not 0 <= start_index < len(entries):
            raise IndexError(f"start index {start_index} outside 0..{len(entries) - 1}")
        before = self._current_entry()
        if not entries:
            self._items, self._current = [], -1
        elif self._shuffle is ShuffleMode.OFF:
            self._items, self._current = entries, start_index
        else:
            head = entries[start_index]
            parts = [entries[start_index + 1 :], entries[:start_index]]
            self._items, self._current = [head, *self._shuffled(parts, head)], 0
        if self._shuffle is not ShuffleMode.OFF:
            self._original = entries
        self._emit(before)

    def play_now(self, tracks: Iterable[Track]) -> None:
        """Insert ``tracks`` right after the current item and make the first of them current."""
        entries = [_Entry(track) for track in tracks]
        if entries:
            before = self._current_entry()
            self._insert_after_current(entries)
            self._current += 1
            self._emit(before)

    def play_next(self, tracks: Iterable[Track]) -> None:
        """Insert ``tracks``, in order, right after the current item (at the front if none)."""
        entries = [_Entry(track) for track in tracks]
        if entries:
            before = self._current_entry()
            self._insert_after_current(entries)
            self._emit(before)

    def add(self, tracks: Iterable[Track]) -> None:
        """Append ``tracks`` to the end of the queue."""
        entries = [_Entry(track) for track in tracks]
        if entries:
            self._items.extend(entries)
            if self._original is not None:
                self._original.extend(entries)
            self._emit(self._current_entry())

    def move(self, from_index: int, to_index: int) -> None:
        """Move one item so that it ends up at ``to_index``; the current item stays current.

        Raises
        ------
        IndexError
            If either index is outside the queue.

        """
        self._check_index(from_index)
        self._check_index(to_index)
        if from_index == to_index:
            return
        self._items.insert(to_index, self._items.pop(from_index))
        if self._current == from_index:
            self._current = to_index
        elif from_index < self._current <= to_index:
            self._current -= 1
        elif to_index <= self._current < from_index:
            self._current += 1
        self._emit(self._current_entry())

    def move_many(self, indices: Iterable[int], to_index: int) -> None:
        """Move items together, keeping their relative order, so the first lands at ``to_index``.

        The moved items end up contiguous at ``to_index .. to_index + k - 1`` of the result. A
        drop on row ``r`` of a view (before the move) is ``r - (number of moved rows above r)``.
        The current item stays current. Duplicate indices count once.

        Raises
        ------
        IndexError
            If an index is outside the queue or ``to_index`` outside ``0 .. len - k``.

        """
        moving = sorted(set(indices))
        for index in moving:
            self._check_index(index)
        if not moving:
            return
        if not 0 <= to_index <= len(self._items) - len(moving):
            raise IndexError(f"cannot move {len(moving)} items to {to_index}")
        moving_set = set(moving)
        rest = [entry for i, entry in enumerate(self._items) if i not in moving_set]
        items = [*rest[:to_index], *(self._items[i] for i in moving), *rest[to_index:]]
        if items == self._items:  # entries compare by identity
            return
        current = self._current
        if current in moving_set:
            current = to_index + bisect_left(moving, current)
        elif current != -1:
            in_rest = current - bisect_left(moving, current)
            current = in_rest if in_rest < to_index else in_rest + len(moving)
        self._items, self._current = items, current
        self._emit(self._current_entry())

    def remove(self, indices: Iterable[int]) -> bool:
        """Remove items; a removed current item passes "current" to the next surviving item.

        When the current item is removed, the item that followed it (the first not removed)
        becomes current, or nothing (``-1``) when none followed.

        Returns
        -------
        bool
            Whether the current item was removed, so the player can react.

        Raises
        ------
        IndexError
            If an index is outside the queue.

        """
        dropping = sorted(set(indices))
        for index in dropping:
            self._check_index(index)
        if not dropping:
            return False
        before = self._current_entry()
        removed = {self._items[i] for i in dropping}
        self._items = [entry for entry in self._items if entry not in removed]
        if self._original is not None:
            self._original = [entry for entry in self._original if entry not in removed]
        if self._current != -1:
            self._current -= bisect_left(dropping, self._current)
            if self._current >= len(self._items):
                self._current = -1
        self._emit(before)
        return before in removed

    def retag(self, updates: Iterable[tuple[int, Track]]) -> None:
        """Put each ``(index, track)``'s track (its file, tags now read) in place, in one change.

        An update whose item is another file by now, or out of range, is ignored; ``changed``
        is emitted once, and only if anything changed.
        """
        changed = False
        for index, track in updates:
            if 0 <= index < len(self._items):
                entry = self._items[index]
                if entry.track.path == track.path and entry.track != track:
                    entry.track = track
                    changed = True
        if changed:
            self.changed.emit()

    def clear(self) -> None:
        """Remove every item; nothing is current afterwards."""
        if self._items:
            before = self._current_entry()
            self._items, self._current = [], -1
            if self._original is not None:
                self._original = []
            self._emit(before)

    # -- navigation ----------------------------------------------------------------------------

    def set_current(self, index: int) -> None:
        """Make the item at ``index`` current, or nothing with ``-1``.

        Raises
        ------
        IndexError
            If ``index`` is neither ``-1`` nor inside the queue.

        """
        self._check_index(index, allow_none=True)
        if index != self._current:
            before = self._current_entry()
            self._current = index
            self._emit(before)

    def next_index(self, index: int, *, user: bool) -> int | None:
        """Return the index to play after ``index``, or ``None`` to stop.

        Parameters
        ----------
        index
            The item playing now; ``-1`` (nothing) gives the first item.
        user
            Whether the user asked to skip. Repeat ONE repeats the item only when the track
            simply ended; a user skip goes on to the next item and, at the end, wraps as repeat
            ALL does (the user asked for the music to keep repeating).

        Raises
        ------
        IndexError
            If ``index`` is neither ``-1`` nor inside the queue.

        """
        self._check_index(index, allow_none=True)
        return index_after(index, len(self._items), self._repeat, user=user)

    def previous_index(self, index: int) -> int | None:
        """Return the index to play when the user goes back from ``index``, or ``None``.

        From the first item this wraps to the last unless repeat is OFF; from ``-1`` (nothing)
        it gives the last item. Restarting the current track instead is the engine's call.

        Raises
        ------
        IndexError
            If ``index`` is neither ``-1`` nor inside the queue.

        """
        self._check_index(index, allow_none=True)
        return index_before(index, len(self._items), self._repeat)

    def set_repeat(self, mode: RepeatMode) -> None:
        """Set the repeat mode."""
        if mode is not self._repeat:
            self._repeat = mode
            self._emit(self._current_entry())

    def set_shuffle(self, mode: ShuffleMode) -> None:
        """Set the shuffle mode, reordering the items after the current one.

        Turning shuffle on keeps the played items and the current item in place and shuffles
        the rest: single tracks with TRACKS; with RECORDS, runs of consecutive tracks of one
        record, each kept in its order (the rest of the current item's record plays first).
        Turning it off restores the original order. Switching between TRACKS and RECORDS does
        both. The current item stays current throughout.
        """
        if mode is self._shuffle:
            return
        before = self._current_entry()
        if self._original is not None:
            self._items, self._original = self._original, None
            self._current = -1 if before is None else self._items.index(before)
        self._shuffle = mode
        if mode is not ShuffleMode.OFF:
            self._original = list(self._items)
            ahead = self._items[self._current + 1 :]
            self._items[self._current + 1 :] = self._shuffled([ahead], before)
        self._emit(before)

    # -- persistence ---------------------------------------------------------------------------

    def to_state(self, position_s: float = 0.0) -> dict[str, Any]:
        """Return the queue as a JSON-serialisable dict, for :meth:`from_state`.

        Paths are stored as text when they are valid Unicode and otherwise as
        ``{"fsb64": <base64 of os.fsencode(path)>}``, so names that are not UTF-8 survive any
        strict JSON writer and reader.

        Parameters
        ----------
        position_s
            How far into the current track playback is, in seconds.

        """
        original = None
        if self._original is not None:
            position_of = {entry: i for i, entry in enumerate(self._items)}
            original = [position_of[entry] for entry in self._original]
        return queue_state.encode_state(
            [entry.track.path for entry in self._items],
            current=self._current,
            position_s=position_s,
            shuffle=self._shuffle,
            repeat=self._repeat,
            original=original,
        )

    @classmethod
    def from_state(
        cls,
        state: object,
        resolve: Callable[[Path], Track | None],
        *,
        rng: random.Random | None = None,
    ) -> RestoredQueue:
        """Rebuild a queue from :meth:`to_state` output.

        State of the wrong shape or version restores as an empty queue; it never raises.
        Missing optional keys take their defaults. Tracks that ``resolve`` cannot find are
        dropped; if the current one is among them, the next surviving item becomes current and
        the position starts from 0.

        Parameters
        ----------
        state
            What :meth:`to_state` returned, typically after a JSON round trip.
        resolve
            Gives the library's track for a path, or ``None`` for a missing file. Its exceptions
            propagate.
        rng
            As for the constructor.

        """
        queue = cls(rng)
        saved = queue_state.restore_state(state, resolve)
        if saved is None:
            return RestoredQueue(queue, 0.0)
        queue._items = [_Entry(track) for track in saved.tracks]
        queue._current = saved.current
        queue._shuffle, queue._repeat = saved.shuffle, saved.repeat
        if saved.original is not None:
            queue._original = [queue._items[i] for i in saved.original]
        return RestoredQueue(queue, saved.position_s)

    def save(self, path: Path, *, position_s: float = 0.0) -> None:
        """Write :meth:`to_state` to ``path`` as JSON, atomically (temp file + ``os.replace``).

        Raises
        ------
        OSError
            If the file cannot be written; ``path`` is then left as it was.

        """
        queue_state.write_state(Path(path), self.to_state(position_s))

    @classmethod
    def load(
        cls,
        path: Path,
        resolve: Callable[[Path], Track | None],
        *,
        rng: random.Random | None = None,
    ) -> RestoredQueue:
        """Read a queue written by :meth:`save`; a missing or corrupt file gives an empty queue.

        Raises
        ------
        OSError
            If the file exists but cannot be read.

        """
        try:
            state = queue_state.read_state(Path(path))
        except FileNotFoundError:
            return RestoredQueue(cls(rng), 0.0)
        return cls.from_state(state, resolve, rng=rng)

    # -- helpers -------------------------------------------------------------------------------

    def _current_entry(self) -> _Entry | None:
        return None if self._current == -1 else self._items[self._current]

    def _check_index(self, index: int, *, allow_none: bool = False) -> None:
        if not (0 <= index < len(self._items) or (allow_none and index == -1)):
            raise IndexError(f"queue index {index} outside 0..{len(self._items) - 1}")

    def _emit(self, before: _Entry | None) -> None:
        self.changed.emit()
        if self._current_entry() is not before:
            self.current_changed.emit()

    def _insert_after_current(self, entries: list[_Entry]) -> None:
        if self._original is not None:
            current = self._current_entry()
            at = 0 if current is None else self._original.index(current) + 1
            self._original[at:at] = entries
        at = self._current + 1
        self._items[at:at] = entries

    def _shuffled(self, parts: list[list[_Entry]], head: _Entry | None) -> list[_Entry]:
        """Shuffle the entries of ``parts`` as the mode says; ``head`` is the current entry."""
        if self._shuffle is ShuffleMode.TRACKS:
            run = [entry for part in parts for entry in part]
            self._rng.shuffle(run)
            return run
        groups = [group for part in parts for group in _record_runs(part)]
        pinned: list[_Entry] = []
        if head is not None and groups and _same_record(head.track, groups[0][0].track):
            pinned = groups.pop(0)  # the rest of the current record plays on first
        self._rng.shuffle(groups)
        return pinned + [entry for group in groups for entry in group]


def _same_record(a: Track, b: Track) -> bool:
    """Whether two tracks belong to one record; a track without an album is a record alone."""
    if not a.album or not b.album:
        return False
    if a.album == b.album and a.record_artist == b.record_artist:
        return True  # the common case, without casefolding
    return (a.record_artist.casefold(), a.album.casefold()) == (
        b.record_artist.casefold(),
        b.album.casefold(),
    )


def _record_runs(entries: list[_Entry]) -> list[list[_Entry]]:
    """Split ``entries`` into runs of consecutive tracks of the same record."""
    runs: list[list[_Entry]] = []
    for entry in entries:
        if runs and _same_record(runs[-1][-1].track, entry.track):
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return runs
