"""The saved listening session: the queue and where it was, and the deck as it was left.

The file (``queue.json`` in the state folder) is JSON, written atomically::

    {"version": 2, "generation": "<random hex>",
     "queue": <the queue's own state: app.core.queue_state, version 1>,
     "deck": {"rpm": 45.0, "pitch": 0.01, "arm_lifted": false,
              "record": "<record key>", "side": 0}}

The queue's state carries the items, the current one, the position in it, shuffle and
repeat. The deck part holds what a user sets by hand on the deck: the platter speed chosen
for the record on it, the pitch fader and the cue lever; the record and side on the platter
follow from the current track (a track lies on one side of one record) and are kept to tell
whether the speed was chosen for the record that comes back.

Version 1 files (the queue's state alone, at the top level) still load: the deck then comes
back as a deck paused in the groove, at the record's own speed and no pitch. Reading never
trusts the files: a deck part of the wrong shape is ignored, and anything else unusable
restores nothing. The files on disk are read and written by :mod:`app.ui.session_files`.

Pure Python: no Qt here.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core import queue_state
from app.core.atomic import write_atomically
from app.core.queue import Queue

log = logging.getLogger(__name__)

SESSION_VERSION = 2
"""The version :func:`encode_session` writes."""

PITCH_LIMIT = 0.5  # no fader reaches further; anything beyond is a damaged file


@dataclass(frozen=True)
class DeckState:
    """The deck as the user left it.

    Attributes
    ----------
    rpm
        The platter speed chosen (33 1/3, 45 or 78); None for the record's own speed.
    pitch
        The pitch fader, a fraction: 0.01 is +1 %.
    arm_lifted
        Whether the cue lever had lifted the arm off the record.
    record_key
        The record on the platter ("" with none): the speed was chosen for it.
    side_index
        Which of its sides faced up, from 0.

    """

    rpm: float | None = None
    pitch: float = 0.0
    arm_lifted: bool = False
    record_key: str = ""
    side_index: int = 0


RESTING_DECK = DeckState()
"""The deck of a session saved before the deck was saved: paused in the groove, no pitch."""


def encode_session(
    queue: dict[str, Any], deck: DeckState | None, generation: str = ""
) -> dict[str, Any]:
    """Return the session as a JSON-serialisable dict (see the module docstring).

    Parameters
    ----------
    queue
        What :meth:`~app.core.queue.Queue.to_state` returned.
    deck
        The deck as left, or None when no deck was ever shown (nothing is written for it).
    generation
        Names this writing of the queue, for the place files that follow it ("": none).

    """
    state: dict[str, Any] = {"version": SESSION_VERSION, "queue": queue}
    if generation:
        state["generation"] = generation
    if deck is not None:
        state["deck"] = encode_deck(deck)
    return state


def encode_deck(deck: DeckState) -> dict[str, Any]:
    """Return the deck part of the session file."""
    return {
        "rpm": deck.rpm,
        "pitch": deck.pitch,
        "arm_lifted": deck.arm_lifted,
        "record": deck.record_key,
        "side": deck.side_index,
    }


def decode_session(state: object) -> tuple[object, DeckState | None]:
    """Split saved state into the queue's state and the deck's (None when not saved).

    A version 1 file is the queue's state itself. State of an unknown version gives
    ``(None, None)``, which restores as an empty queue.
    """
    if not isinstance(state, dict):
        return None, None
    if "queue" not in state:  # the queue's state alone: version 1, checked by the queue
        return state, None
    version = state.get("version")
    if version != SESSION_VERSION:
        log.warning("the saved session has an unknown version (%r) and was not restored", version)
        return None, None
    return state["queue"], _decode_deck(state.get("deck"))


def write_session(path: Path, state: dict[str, Any]) -> int:
    """Write ``state`` to ``path`` as UTF-8 JSON, atomically; return its size in bytes.

    Raises
    ------
    OSError
        If the file cannot be written; ``path`` is then left as it was.

    """
    data = json.dumps(state, ensure_ascii=False).encode("utf-8")
    write_atomically(Path(path), data)
    return len(data)


def read_session(path: Path) -> object:
    """Return the JSON in ``path``, or None when the file is not JSON.

    Raises
    ------
    OSError
        If the file cannot be read (``FileNotFoundError`` when there is none).

    """
    return queue_state.read_state(Path(path))


def _decode_deck(deck: object) -> DeckState | None:
    """Return the deck part, or None when it is missing or of the wrong shape."""
    if not isinstance(deck, dict):
        return None
    rpm, pitch, lifted = deck.get("rpm"), deck.get("pitch", 0.0), deck.get("arm_lifted", False)
    record, side = deck.get("record", ""), deck.get("side", 0)
    if rpm is not None and not (is_number(rpm) and 10.0 <= rpm <= 100.0):
        return None
    if not (is_number(pitch) and abs(pitch) <= PITCH_LIMIT):
        return None
    if not isinstance(lifted, bool) or not isinstance(record, str):
        return None
    if isinstance(side, bool) or not isinstance(side, int) or side < 0:
        return None
    return DeckState(None if rpm is None else float(rpm), float(pitch), lifted, record, side)


def is_number(value: object) -> bool:
    """Return True for a finite int or float (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def read_side_tags(queue: Queue, reach: int) -> None:
    """Read the tags of the current track and its folder's neighbours outside the library.

    The side on the platter, and so the groove the arm rests over, is made from them: read
    at restore, the deck comes back right at once rather than moving when late tags arrive.
    ``reach`` is how many queued files either side are read.
    """
    from app.core.errors import TagReadError
    from app.library.tags import read_track

    updates = []
    for index in _same_folder_around(queue, queue.current_index, reach):
        track = queue[index]
        if track.title or track.album:  # the library's, tags and all
            continue
        try:
            updates.append((index, read_track(track.path)))
        except TagReadError as exc:
            log.info("%s", exc)
    queue.retag(updates)


def _same_folder_around(queue: Queue, index: int, reach: int) -> Iterator[int]:
    """Yield ``index`` and the queued items next to it from the same folder, ``reach`` a side."""
    if not 0 <= index < len(queue):
        return
    folder = queue[index].path.parent
    yield index
    for step in (-1, 1):
        other = index + step
        while abs(other - index) <= reach and 0 <= other < len(queue):
            if queue[other].path.parent != folder:
                break
            yield other
            other += step
