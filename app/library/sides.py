"""Cut a record into sides as a mastering engineer would: by disc, then balanced LP sides.

An LP side holds 18-20 minutes at best and 22-25 at most (reference section 2). Each disc is
cut into the fewest sides that keep every side under :data:`MAX_SIDE_S`, with the tracks in
order and never split, and the longest side as short as possible. A track longer than a side
sits alone on its own side.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from app.core.record import Side
from app.core.track import Track

MAX_SIDE_S = 25 * 60.0
# Tracks whose length is unknown count as a typical song, so they still spread over sides.
UNKNOWN_TRACK_S = 240.0


def side_label(number: int) -> str:
    """Return ``A``, ``B``, ... ``Z``, then ``AA``, ``AB`` ... for side ``number`` (from 0)."""
    label = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def split_durations(durations: Sequence[float], max_side_s: float = MAX_SIDE_S) -> list[int]:
    """Return how many consecutive tracks go on each side of one disc.

    The fewest sides such that no side exceeds ``max_side_s`` (except a lone track longer than
    that), and among those the split whose longest side is shortest. Greedy packing finds the
    fewest sides for a given limit; a bisection on the limit then balances them. Linear in the
    track count per step, so a 2,000-track "album" costs milliseconds.
    """
    if not durations:
        return []
    sides = len(_pack(durations, max_side_s))
    low, high = 0.0, max(sum(durations), max_side_s)
    for _ in range(48):
        middle = (low + high) / 2
        if len(_pack(durations, middle)) <= sides:
            high = middle
        else:
            low = middle
    return _pack(durations, high)


def _pack(durations: Sequence[float], limit_s: float) -> list[int]:
    """Fill sides in order up to ``limit_s`` each; a longer track gets a side of its own."""
    counts: list[int] = []
    count, filled = 0, 0.0
    for duration in durations:
        if count and filled + duration > limit_s:
            counts.append(count)
            count, filled = 0, 0.0
        count += 1
        filled += duration
    counts.append(count)
    return counts


def split_sides(tracks: Sequence[Track], max_side_s: float = MAX_SIDE_S) -> tuple[Side, ...]:
    """Cut ``tracks`` (already in playing order) into lettered sides, disc by disc."""
    sides: list[Side] = []
    for disc, disc_tracks in groupby(tracks, key=lambda t: t.disc_number or 1):
        run = list(disc_tracks)
        durations = [t.duration_s if t.duration_s else UNKNOWN_TRACK_S for t in run]
        start = 0
        for count in split_durations(durations, max_side_s):
            sides.append(Side(side_label(len(sides)), disc, tuple(run[start : start + count])))
            start += count
    return tuple(sides)
