"""Cut a record into sides as a mastering engineer would: by disc, then balanced LP sides.

An LP side holds 18-20 minutes at best and 22-25 at most (reference section 2). Each disc is
cut into the fewest sides that keep every side under :data:`MAX_SIDE_S`, with the tracks in
order and never split, and the longest side as short as possible. A track longer than a side
sits alone on its own side.

Lengths come from file headers, which can lie: a length that is unknown, zero, negative or not
finite counts as a typical song, and one beyond :data:`MAX_TRACK_S` as that long, so no header
can merge a disc into one side or make the arithmetic overflow.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import groupby

from app.core.record import Side
from app.core.track import Track

MAX_SIDE_S = 25 * 60.0
# Tracks whose length is unknown count as a typical song, so they still spread over sides.
UNKNOWN_TRACK_S = 240.0
# Longer than any real recording (a week); a header may claim 1e300 seconds.
MAX_TRACK_S = 7 * 24 * 3600.0
# The balancing stops when the longest side is known to within this.
_PRECISION_S = 0.001


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
    track count per step, so a 2,000-track "album" costs milliseconds. Lengths are first made
    sane (:func:`playing_time_s`).

    Raises
    ------
    ValueError
        If ``max_side_s`` is not a positive finite number.

    """
    if not (math.isfinite(max_side_s) and max_side_s > 0):
        raise ValueError(f"a side must last a positive time, not {max_side_s!r} s")
    if not durations:
        return []
    durations = [playing_time_s(d) for d in durations]
    sides = len(_pack(durations, max_side_s))
    low, high = 0.0, max_side_s  # the limit itself gives `sides` sides, a lone long track too
    while high - low > _PRECISION_S:
        middle = (low + high) / 2
        if len(_pack(durations, middle)) <= sides:
            high = middle
        else:
            low = middle
    return _pack(durations, high)


def playing_time_s(duration_s: float | None) -> float:
    """Return the length a track counts for on a side: a sane, positive number of seconds."""
    if duration_s is None or not math.isfinite(duration_s) or duration_s <= 0:
        return UNKNOWN_TRACK_S
    return min(duration_s, MAX_TRACK_S)


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
        durations = [playing_time_s(t.duration_s) for t in run]
        start = 0
        for count in split_durations(durations, max_side_s):
            sides.append(Side(side_label(len(sides)), disc, tuple(run[start : start + count])))
            start += count
    return tuple(sides)
