"""The session's files on disk: the queue file and its place file, read and written safely.

A long queue is not rewritten every few seconds to keep its position: the place (the current
item, the position in it and the deck) then goes to a small file beside it,
``queue.place.json``::

    {"version": 1, "generation": "<the queue file's>", "current": 12, "position_s": 81.5,
     "deck": {...}}

which counts only while its generation is the queue file's: a queue written later makes an
older place file stale, so a kill between the two writes never pairs a place with the wrong
queue.

Reading never trusts the files. One that cannot be read (a folder in its place, a read
error) or is not JSON is set aside under a dated name (:func:`app.core.atomic.move_aside`)
so the next save cannot overwrite it; so is a place file of the wrong shape. Temporaries
left by a write that was killed are removed.

Pure Python: no Qt here.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.atomic import move_aside, remove_stale_temporaries, write_atomically
from app.ui.session_state import DeckState, encode_deck, encode_session, is_number, write_session

log = logging.getLogger(__name__)

PLACE_VERSION = 1
"""The version :func:`write_place` writes."""
WHOLE_FILE_BYTES = 64 * 1024
"""A queue file this small is written whole even when only the place changed."""


def place_file(queue_file: Path) -> Path:
    """Return the small file beside ``queue_file`` that keeps the place in a long queue."""
    return queue_file.with_name(f"{queue_file.stem}.place{queue_file.suffix}")


def write_place(
    path: Path, generation: str, current: int, position_s: float, deck: DeckState | None
) -> None:
    """Write the place in the queue written as ``generation`` to ``path``, atomically.

    Raises
    ------
    OSError
        If the file cannot be written; ``path`` is then left as it was.

    """
    place: dict[str, Any] = {
        "version": PLACE_VERSION,
        "generation": generation,
        "current": current,
        "position_s": position_s if math.isfinite(position_s) and position_s > 0 else 0.0,
    }
    if deck is not None:
        place["deck"] = encode_deck(deck)
    write_atomically(path, json.dumps(place).encode("utf-8"))


@dataclass(frozen=True)
class LoadedSession:
    """What :func:`load_session` found.

    Attributes
    ----------
    state
        The session's JSON with the place file applied; None when there is none, or it was
        damaged.
    size_bytes
        The queue file's size.
    place_applied
        Whether a place file newer than the queue file was applied.
    set_aside
        Damaged files moved aside: ``("session" or "place", the new name)``.

    """

    state: object = None
    size_bytes: int = 0
    place_applied: bool = False
    set_aside: list[tuple[str, Path]] = field(default_factory=list)


def load_session(queue_file: Path) -> LoadedSession:
    """Read the session in ``queue_file`` and its place file, setting damaged ones aside.

    A file that cannot be read (a folder in its place, a read error) or is not JSON is moved
    to a dated name; so is a place file of the wrong shape. A stale place file (of an older
    queue file) is simply not used. Temporaries left by a write that was killed are removed.
    """
    for path in (queue_file, place_file(queue_file)):
        remove_stale_temporaries(path)
    loaded = LoadedSession()
    try:
        data = queue_file.read_bytes()
        state = json.loads(data)
    except FileNotFoundError:
        return loaded
    except (OSError, ValueError, RecursionError) as exc:
        log.warning("the saved session %s is unreadable (%s)", queue_file, exc)
        set_aside(queue_file, "session", loaded.set_aside)
        return loaded
    loaded = LoadedSession(state, len(data), False, loaded.set_aside)
    place = _read_place(place_file(queue_file), loaded.set_aside)
    if place is None or not isinstance(state, dict):
        return loaded
    applied = _apply_place(state, place)
    if applied is None:
        log.warning("the saved place in the queue does not fit its queue")
        set_aside(place_file(queue_file), "place", loaded.set_aside)
        return loaded
    return LoadedSession(applied, len(data), applied is not state, loaded.set_aside)


class SessionFiles:
    """The queue file and its place file: loaded, then written whole or by place as needed.

    Parameters
    ----------
    queue_file
        The session's file; the place file lies beside it (:func:`place_file`).

    """

    def __init__(self, queue_file: Path) -> None:
        self.queue_file = queue_file
        self.place_file = place_file(queue_file)
        self.generation = ""  # names the queue file's writing; "" when not ours to extend
        self.whole_bytes = 0  # the queue file's size
        self.place_ahead = False  # the place file is newer than the queue file

    def load(self) -> LoadedSession:
        """Read the session (see :func:`load_session`) and remember which writing it is."""
        loaded = load_session(self.queue_file)
        state = loaded.state
        generation = state.get("generation") if isinstance(state, dict) else ""
        self.generation = generation if isinstance(generation, str) else ""
        self.whole_bytes, self.place_ahead = loaded.size_bytes, loaded.place_applied
        return loaded

    def write(
        self,
        queue: Callable[[], dict[str, Any]],
        place: tuple[int, float],
        deck: DeckState | None,
        *,
        whole: bool,
    ) -> bool:
        """Write the session; return True when the queue file was written whole.

        Parameters
        ----------
        queue
            Returns the queue's state (called only for a whole write: 50,000 items cost).
        place
            The current index and the position in it, in seconds.
        deck
            The deck as left, or None.
        whole
            The queue's items or modes changed: the queue file must be written. Otherwise
            only the place file is, unless the queue file is small or not one of ours.

        Raises
        ------
        OSError
            If a file cannot be written; the files on disk are then as they were.

        """
        if whole or not self.generation or self.whole_bytes <= WHOLE_FILE_BYTES:
            generation = secrets.token_hex(8)
            state = encode_session(queue(), deck, generation)
            self.whole_bytes = write_session(self.queue_file, state)
            self.generation, self.place_ahead = generation, False
            with contextlib.suppress(OSError):  # stale now in any case: its generation is gone
                self.place_file.unlink(missing_ok=True)
            return True
        write_place(self.place_file, self.generation, *place, deck)
        self.place_ahead = True
        return False


def set_aside(path: Path, kind: str, into: list[tuple[str, Path]]) -> None:
    """Move the damaged ``path`` aside and note it in ``into`` as ``(kind, new name)``."""
    try:
        into.append((kind, move_aside(path)))
    except OSError as exc:
        log.warning("the damaged %s could not be set aside (%s)", path, exc)


def _read_place(path: Path, set_aside_into: list[tuple[str, Path]]) -> dict[str, Any] | None:
    try:
        place = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError) as exc:
        log.warning("the saved place %s is unreadable (%s)", path, exc)
        set_aside(path, "place", set_aside_into)
        return None
    if not isinstance(place, dict) or place.get("version") != PLACE_VERSION:
        set_aside(path, "place", set_aside_into)
        return None
    return place


def _apply_place(state: dict[str, Any], place: dict[str, Any]) -> dict[str, Any] | None:
    """Return ``state`` with ``place`` in it, ``state`` itself for a stale place, else None."""
    generation = state.get("generation")
    if not isinstance(generation, str) or place.get("generation") != generation:
        return state
    queue, current, position_s = state.get("queue"), place.get("current"), place.get("position_s")
    items = queue.get("items") if isinstance(queue, dict) else None
    if not isinstance(queue, dict) or not isinstance(items, list):
        return state  # the queue file itself is wrong; its reader says so
    if isinstance(current, bool) or not isinstance(current, int) or not is_number(position_s):
        return None
    position = float(position_s)  # type: ignore[arg-type]
    if not -1 <= current < len(items) or position < 0:
        return None
    applied = {**state, "queue": {**queue, "current": current, "position_s": position}}
    if "deck" in place:
        applied["deck"] = place["deck"]
    return applied
