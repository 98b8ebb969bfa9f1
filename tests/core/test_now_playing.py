"""The now-playing model: snapshots, what changed between two, and local URIs."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from app.core.now_playing import (
    METADATA_FIELDS,
    Loop,
    NowPlaying,
    changed_fields,
    path_from_uri,
)
from app.core.playback import PlaybackState


def playing() -> NowPlaying:
    return NowPlaying(
        status=PlaybackState.PLAYING,
        track_id="3",
        title="Blue Orbit",
        artists=("Jay", "Nan-young"),
        album="Night Shift",
        length_s=187.5,
        path=Path("/music/blue.flac"),
        position_s=12.0,
        can_play=True,
        can_pause=True,
    )


def test_an_empty_snapshot_has_no_track_and_offers_nothing() -> None:
    empty = NowPlaying()
    assert not empty.has_track
    assert empty.status is PlaybackState.STOPPED
    assert not (empty.can_play or empty.can_pause or empty.can_next or empty.can_seek)
    assert empty.loop is Loop.NONE


def test_a_snapshot_with_a_file_has_a_track() -> None:
    assert playing().has_track


@pytest.mark.parametrize("bad", ["a/b", "3 4", "é", "-1"])
def test_a_track_id_must_fit_in_an_object_path(bad: str) -> None:
    with pytest.raises(ValueError, match="track_id"):
        NowPlaying(track_id=bad)


@pytest.mark.parametrize("volume", [-0.1, 1.01])
def test_the_volume_stays_within_0_and_1(volume: float) -> None:
    with pytest.raises(ValueError, match="volume"):
        NowPlaying(volume=volume)


@pytest.mark.parametrize(("low", "high"), [(1.05, 1.2), (0.8, 0.95)])
def test_the_rate_range_always_holds_the_normal_speed(low: float, high: float) -> None:
    with pytest.raises(ValueError, match=r"1\.0"):
        NowPlaying(min_rate=low, max_rate=high)


def test_at_moves_only_the_needle() -> None:
    moved = playing().at(99.0)
    assert moved.position_s == 99.0
    assert changed_fields(playing(), moved) == frozenset()


def test_everything_counts_as_changed_without_an_earlier_snapshot() -> None:
    names = {f.name for f in fields(NowPlaying)} - {"position_s"}
    assert changed_fields(None, playing()) == names


def test_changed_fields_names_exactly_what_changed() -> None:
    before = playing()
    after = NowPlaying(**{**before.__dict__, "status": PlaybackState.PAUSED, "volume": 0.5})
    assert changed_fields(before, after) == {"status", "volume"}


def test_the_metadata_fields_are_fields_of_the_snapshot() -> None:
    names = {f.name for f in fields(NowPlaying)}
    assert names >= METADATA_FIELDS
    assert "position_s" not in METADATA_FIELDS and "status" not in METADATA_FIELDS


@pytest.mark.parametrize(
    ("uri", "path"),
    [
        ("file:///music/a%20b.flac", "/music/a b.flac"),
        ("file://localhost/music/a.flac", "/music/a.flac"),
        ("file:/music/a.flac", "/music/a.flac"),
        ("FILE:///music/%EB%B3%84.flac", "/music/별.flac"),
        ("/music/plain path.flac", "/music/plain path.flac"),
        ("  file:///music/spaced.flac\n", "/music/spaced.flac"),
    ],
)
def test_local_uris_and_paths_give_the_file(uri: str, path: str) -> None:
    assert path_from_uri(uri) == Path(path)


def test_undecodable_bytes_in_a_uri_survive_as_the_same_bytes() -> None:
    found = path_from_uri("file:///music/caf%E9.flac")
    assert found is not None
    assert bytes(found) == b"/music/caf\xe9.flac"


@pytest.mark.parametrize(
    "uri",
    [
        "http://example.org/a.mp3",
        "smb://server/share/a.flac",
        "file://otherhost/music/a.flac",
        "music/relative.flac",
        "",
        "   ",
    ],
)
def test_remote_and_relative_uris_are_refused(uri: str) -> None:
    assert path_from_uri(uri) is None
