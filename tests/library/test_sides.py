from pathlib import Path

import pytest

from app.core.track import Track
from app.library.sides import MAX_SIDE_S, side_label, split_durations, split_sides

MIN = 60.0


def tracks(durations_min: list[float], disc: int | None = None) -> list[Track]:
    return [
        Track(Path(f"/m/{disc}-{i}.flac"), duration_s=d * MIN, disc_number=disc, track_number=i)
        for i, d in enumerate(durations_min, 1)
    ]


def test_a_forty_minute_album_gives_two_balanced_sides() -> None:
    sides = split_sides(tracks([4, 5, 3, 6, 2, 4, 5, 3, 4, 4]))
    assert [s.label for s in sides] == ["A", "B"]
    assert abs(sides[0].duration_s - sides[1].duration_s) <= 4 * MIN
    assert sum(len(s.tracks) for s in sides) == 10


def test_two_discs_of_forty_minutes_give_four_sides_by_disc() -> None:
    sides = split_sides(tracks([5] * 8, disc=1) + tracks([4] * 10, disc=2))
    assert [(s.label, s.disc) for s in sides] == [("A", 1), ("B", 1), ("C", 2), ("D", 2)]
    assert all(s.duration_s == 20 * MIN for s in sides)


def test_a_track_longer_than_a_side_sits_alone() -> None:
    sides = split_sides(tracks([3, 4, 31, 5, 2]))
    lone = [s for s in sides if any(t.duration_s == 31 * MIN for t in s.tracks)]
    assert len(lone) == 1 and len(lone[0].tracks) == 1
    assert all(s.duration_s <= MAX_SIDE_S for s in sides if s is not lone[0])


def test_tracks_stay_in_order_and_are_never_split() -> None:
    album = tracks([7, 1, 9, 2, 8, 3, 6, 4, 5, 10, 2, 2])
    sides = split_sides(album)
    assert [t for s in sides for t in s.tracks] == album
    assert all(s.duration_s <= MAX_SIDE_S for s in sides)


def test_fewest_sides_then_the_shortest_longest_side() -> None:
    # 48 minutes fit two sides of 24; three sides would also fit but are not the fewest.
    assert split_durations([12 * MIN, 12 * MIN, 12 * MIN, 12 * MIN]) == [2, 2]
    assert split_durations([10 * MIN, 1 * MIN, 1 * MIN, 10 * MIN]) == [4], "22 minutes fit a side"
    assert split_durations([10 * MIN, 1 * MIN, 1 * MIN, 10 * MIN, 4 * MIN]) == [3, 2]


def test_a_huge_album_splits_quickly() -> None:
    import time

    started = time.perf_counter()
    counts = split_durations([125.0 + i % 7 for i in range(3000)])
    assert time.perf_counter() - started < 0.5
    assert sum(counts) == 3000


@pytest.mark.parametrize(("n", "label"), [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB")])
def test_side_labels(n: int, label: str) -> None:
    assert side_label(n) == label


def test_unknown_durations_still_spread_over_sides() -> None:
    sides = split_sides([Track(Path(f"/m/{i}.mp3"), track_number=i) for i in range(20)])
    assert len(sides) >= 2
