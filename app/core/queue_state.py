"""Saving and restoring a :class:`~app.core.queue.Queue`: the state dict, its checks and the file.

The state is a JSON-serialisable dict::

    {"version": 1, "items": [<path>, ...], "current": <index or -1>, "position_s": <seconds>,
     "shuffle": "off" | "tracks" | "records", "repeat": "off" | "one" | "all",
     "original": [<play-order index>, ...] or null}

A path is stored as text when it is valid Unicode and otherwise as
``{"fsb64": <base64 of os.fsencode(path)>}``, so names that are not UTF-8 survive any strict JSON
writer and reader. ``original`` lists the play-order indices in original order while shuffle is
on. Reading state never trusts it: anything of the wrong shape restores as an empty queue.

The queue's own methods (:meth:`~app.core.queue.Queue.to_state`,
:meth:`~app.core.queue.Queue.from_state`, :meth:`~app.core.queue.Queue.save` and
:meth:`~app.core.queue.Queue.load`) are the public way in; the functions here deal in plain
paths, tracks and indices and never see the queue's items.
"""

from __future__ import annotations

import base64
import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from app.core.atomic import write_atomically
from app.core.track import Track

if TYPE_CHECKING:
    from app.core.queue import RepeatMode, ShuffleMode

STATE_VERSION = 1
"""The version written by :meth:`Queue.to_state`; other versions restore as an empty queue."""


class SavedQueue(NamedTuple):
    """Saved state resolved against the library: what a restored queue holds.

    Attributes
    ----------
    tracks
        The tracks that were found, in play order.
    current
        The index of the current track in ``tracks``, or ``-1``.
    position_s
        Where to resume the current track; 0 when nothing is current or it was missing.
    shuffle, repeat
        The modes.
    original
        Indices into ``tracks`` in original order; ``None`` when shuffle is off.

    """

    tracks: list[Track]
    current: int
    position_s: float
    shuffle: ShuffleMode
    repeat: RepeatMode
    original: list[int] | None


class _SavedState(NamedTuple):
    paths: list[Path]
    current: int
    position_s: float
    shuffle: ShuffleMode
    repeat: RepeatMode
    original: list[int] | None  # play-order indices in original order; None when not shuffled


def encode_state(
    paths: list[Path],
    *,
    current: int,
    position_s: float,
    shuffle: ShuffleMode,
    repeat: RepeatMode,
    original: list[int] | None,
) -> dict[str, Any]:
    """Return queue state as a JSON-serialisable dict (see the module docstring).

    Parameters
    ----------
    paths
        The tracks' paths in play order.
    current
        The current index, or ``-1``.
    position_s
        How far into the current track playback is; stored as 0 when nothing is current or
        the value is negative or not finite.
    shuffle, repeat
        The modes.
    original
        Play-order indices in original order while shuffled, else ``None``.

    Raises
    ------
    ValueError
        If ``position_s`` is not a number.

    """
    return {
        "version": STATE_VERSION,
        "items": [_encode_path(path) for path in paths],
        "current": current,
        "position_s": _clean_position(position_s) if current != -1 else 0.0,
        "shuffle": shuffle.value,
        "repeat": repeat.value,
        "original": original,
    }


def restore_state(state: object, resolve: Callable[[Path], Track | None]) -> SavedQueue | None:
    """Check ``state`` and resolve its paths to tracks; ``None`` if it is not usable state.

    Missing optional keys take their defaults. Tracks that ``resolve`` cannot find are
    dropped; if the current one is among them, the next surviving track becomes current and
    the position starts from 0. Exceptions from ``resolve`` propagate.
    """
    try:
        saved = _parse_state(state)
    except ValueError:
        return None
    tracks = [resolve(path) for path in saved.paths]
    kept: list[Track] = []
    new_index: list[int] = []
    for track in tracks:
        new_index.append(-1 if track is None else len(kept))
        if track is not None:
            kept.append(track)
    position_s, current = saved.position_s, saved.current
    if current != -1 and new_index[current] == -1:
        position_s, current = 0.0, sum(t is not None for t in tracks[:current])
    elif current != -1:
        current = new_index[current]
    current = current if current < len(kept) else -1
    original = None
    if saved.original is not None:
        original = [new_index[i] for i in saved.original if new_index[i] != -1]
    position_s = position_s if current != -1 else 0.0
    return SavedQueue(kept, current, position_s, saved.shuffle, saved.repeat, original)


def write_state(path: Path, state: dict[str, Any]) -> None:
    """Write ``state`` to ``path`` as UTF-8 JSON, atomically (temp file + ``os.replace``).

    Raises
    ------
    OSError
        If the file cannot be written; ``path`` is then left as it was.

    """
    data = json.dumps(state, ensure_ascii=False).encode("utf-8")
    write_atomically(Path(path), data)


def read_state(path: Path) -> object:
    """Return the JSON in ``path``, or ``None`` when it is not JSON.

    Raises
    ------
    OSError
        If the file cannot be read (``FileNotFoundError`` when it is missing).

    """
    data = Path(path).read_bytes()
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


# -- checking and encoding ---------------------------------------------------------------------


def _encode_path(path: Path) -> str | dict[str, str]:
    text = os.fspath(path)
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: a name that is not valid UTF-8
        return {"fsb64": base64.b64encode(os.fsencode(path)).decode("ascii")}
    return text


def _decode_path(item: object) -> Path:
    if isinstance(item, str):
        return Path(item)
    if isinstance(item, dict) and isinstance(item.get("fsb64"), str) and len(item) == 1:
        return Path(os.fsdecode(base64.b64decode(item["fsb64"], validate=True)))
    raise ValueError(f"a saved path cannot be a {type(item).__name__}")


def _clean_position(position_s: object) -> float:
    if isinstance(position_s, bool) or not isinstance(position_s, int | float):
        raise ValueError(f"a position cannot be a {type(position_s).__name__}")
    try:
        seconds = float(position_s)
    except OverflowError:  # an int too large for a float
        return 0.0
    return seconds if math.isfinite(seconds) and seconds > 0 else 0.0


def _parse_state(state: object) -> _SavedState:
    """Check saved state's shape; ``ValueError`` (or a subclass) if it is wrong."""
    from app.core.queue import RepeatMode, ShuffleMode  # not at the top: queue imports this

    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        raise ValueError("not queue state of a known version")
    items = state.get("items", [])
    if not isinstance(items, list):
        raise ValueError("items is not a list")
    paths = [_decode_path(item) for item in items]
    current = state.get("current", -1)
    if isinstance(current, bool) or not isinstance(current, int) or not -1 <= current < len(paths):
        raise ValueError("the current index is not an index of the items")
    shuffle = ShuffleMode(_str(state.get("shuffle", ShuffleMode.OFF.value)))
    repeat = RepeatMode(_str(state.get("repeat", RepeatMode.OFF.value)))
    original = state.get("original")
    if shuffle is ShuffleMode.OFF:
        original = None
    elif original is None:
        original = list(range(len(paths)))
    elif not isinstance(original, list) or not _is_permutation(original, len(paths)):
        raise ValueError("original order is not a permutation of the items")
    position_s = _clean_position(state.get("position_s", 0.0))
    return _SavedState(paths, current, position_s, shuffle, repeat, original)


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"a mode cannot be a {type(value).__name__}")
    return value


def _is_permutation(values: list[Any], length: int) -> bool:
    ints = all(isinstance(v, int) and not isinstance(v, bool) for v in values)
    return ints and len(values) == length and set(values) == set(range(length))
