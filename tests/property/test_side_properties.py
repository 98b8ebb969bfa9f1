"""Side splitting: every track on exactly one side, in order, sides within the limits.

Lengths come from headers and can be anything: None, zero, negative, NaN, infinite, 1e300.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.track import Track
from app.library.sides import (
    MAX_SIDE_S,
    MAX_TRACK_S,
    playing_time_s,
    side_label,
    split_durations,
    split_sides,
)
from tests.property.profile import QUICK

SLACK_S = 1e-6 * MAX_SIDE_S  # float sums

SANE = st.floats(min_value=1.0, max_value=40 * 60.0)
WILD = st.one_of(
    SANE,
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, -1.0, 1e300, math.inf, -math.inf, math.nan, 5e-324]),
)


def tracks_of(items: list[tuple[float | None, int | None]]) -> list[Track]:
    return [
        Track(Path(f"/m/{i}.flac"), duration_s=d, disc_number=disc, track_number=i + 1)
        for i, (d, disc) in enumerate(items)
    ]


def greedy_count(durations: list[float], limit_s: float) -> int:
    """Sides needed filling each up to the limit (the fewest possible, for tracks in order)."""
    count, filled = 0, math.inf
    for d in durations:
        if filled + d > limit_s:
            count, filled = count + 1, 0.0
        filled += d
    return count


@QUICK
@given(st.lists(st.tuples(WILD, st.none() | st.integers(0, 3)), max_size=60))
def test_every_track_lands_on_exactly_one_side_in_order(
    items: list[tuple[float | None, int | None]],
) -> None:
    tracks = tracks_of(items)
    sides = split_sides(tracks)
    placed = [t for side in sides for t in side.tracks]
    assert len(placed) == len(tracks) and all(a is b for a, b in zip(placed, tracks, strict=True))
    assert [side.label for side in sides] == [side_label(i) for i in range(len(sides))]
    for side in sides:
        assert side.tracks, "an empty side"
        assert {t.disc_number or 1 for t in side.tracks} == {side.disc}
        length_s = sum(playing_time_s(t.duration_s) for t in side.tracks)
        assert len(side.tracks) == 1 or length_s <= MAX_SIDE_S + SLACK_S


@QUICK
@given(st.lists(WILD, min_size=1, max_size=80))
def test_one_disc_gets_the_fewest_sides_and_no_side_too_long(durations: list[float]) -> None:
    counts = split_durations(durations)
    lengths = [playing_time_s(d) for d in durations]
    assert sum(counts) == len(durations) and all(c > 0 for c in counts)
    assert len(counts) == greedy_count(lengths, MAX_SIDE_S)
    start = 0
    for count in counts:
        side = lengths[start : start + count]
        assert count == 1 or sum(side) <= MAX_SIDE_S + SLACK_S
        start += count


def best_longest_side(lengths: list[float], sides: int) -> float:
    """Brute force: the shortest possible longest side with ``sides`` sides."""
    best = math.inf
    for cuts in itertools.combinations(range(1, len(lengths)), sides - 1):
        bounds = (0, *cuts, len(lengths))
        best = min(best, max(sum(lengths[a:b]) for a, b in itertools.pairwise(bounds)))
    return best


@QUICK
@given(st.lists(SANE, min_size=1, max_size=9))
def test_sides_are_balanced_as_well_as_possible(durations: list[float]) -> None:
    counts = split_durations(durations)
    bounds = list(itertools.accumulate([0, *counts]))
    longest = max(sum(durations[a:b]) for a, b in itertools.pairwise(bounds))
    assert longest <= best_longest_side(durations, len(counts)) + 0.002


@QUICK
@given(WILD)
def test_playing_time_is_always_a_sane_length(duration: float | None) -> None:
    length = playing_time_s(duration)
    assert math.isfinite(length) and 0 < length <= MAX_TRACK_S
    if duration is not None and 0 < duration <= MAX_TRACK_S:
        assert length == duration


@pytest.mark.parametrize("limit", [0.0, -5.0, math.nan, math.inf])
def test_a_side_limit_must_be_a_positive_time(limit: float) -> None:
    with pytest.raises(ValueError, match="positive time"):
        split_durations([60.0], limit)


def test_headers_that_lie_cannot_merge_a_disc_into_one_side() -> None:
    # Before: a NaN or infinite length made every bound NaN/inf, and the whole disc one side.
    for liar in (math.nan, math.inf, 1e300):
        counts = split_durations([300.0] * 12 + [liar] + [300.0] * 12)
        assert len(counts) >= 3, (liar, counts)
