"""The crate's records in memory: sorting, filtering, matching, and the list model."""

from __future__ import annotations

from pathlib import Path

from app.core.record import RecordSummary
from app.core.track import Track
from app.library.model import LibraryModel, RecordOrder
from app.ui.crate.record_list_model import (
    KEY_ROLE,
    RECORD_ROLE,
    SORT_CHOICES,
    CrateContents,
    RecordListModel,
    clock,
    folded,
    sort_records,
)
from app.ui.crate.sleeve_art import cover_key, thumbnail_size
from app.ui.track_mime import TrackMimeData, dragged_tracks


def summary(key: str, title: str, artist: str, **fields: object) -> RecordSummary:
    values: dict[str, object] = dict(
        key=key, title=title, artist=artist, year=None, genre="", track_count=1,
        duration_s=60.0, has_cover=False, is_single=False, added_at=0.0, last_played=None,
        play_count=0, first_path=f"/m/{key}/01.flac",
    )  # fmt: skip
    values.update(fields)
    return RecordSummary(**values)  # type: ignore[arg-type]


RECORDS = [
    summary("a", "Blue Train", "John Coltrane", year=1957, added_at=3.0, play_count=1),
    summary("b", "Kind of Blue", "Miles Davis", year=1959, added_at=1.0, play_count=9),
    summary("c", "밤편지", "아이유", year=2017, added_at=2.0),
    summary("d", "Pop Satori", "Étienne Daho", year=1986, added_at=5.0, play_count=4),
    summary("e", "Ascension", "John Coltrane", year=1966, added_at=4.0),
]


def keys(records: list[RecordSummary]) -> list[str]:
    return [r.key for r in records]


def test_sorting_follows_each_order() -> None:
    assert keys(sort_records(RECORDS, RecordOrder.ARTIST)) == ["d", "a", "e", "b", "c"]
    assert keys(sort_records(RECORDS, RecordOrder.ALBUM)) == ["e", "a", "b", "d", "c"]
    assert keys(sort_records(RECORDS, RecordOrder.YEAR)) == ["a", "b", "e", "d", "c"]
    assert keys(sort_records(RECORDS, RecordOrder.RECENTLY_ADDED)) == ["d", "e", "a", "c", "b"]
    assert keys(sort_records(RECORDS, RecordOrder.MOST_PLAYED)) == ["b", "d", "a", "e", "c"]
    assert [order for _, order in SORT_CHOICES] == list(RecordOrder)


def test_the_crate_sorts_in_memory_as_sort_records_does(library: LibraryModel) -> None:
    records = library.records()
    contents = CrateContents()
    contents.set_records(records)
    for order in RecordOrder:
        assert keys(contents.sorted(order)) == keys(sort_records(records, order)), order
        assert sorted(keys(contents.sorted(order))) == sorted(keys(records))


def test_typed_words_match_title_or_artist_without_case_or_accents() -> None:
    contents = CrateContents()
    contents.set_records(RECORDS)
    assert keys(contents.select(RecordOrder.ARTIST, query="etienne")) == ["d"]
    assert keys(contents.select(RecordOrder.ARTIST, query="COLTRANE")) == ["a", "e"]
    assert keys(contents.select(RecordOrder.ARTIST, query="coltrane blue")) == ["a"]
    assert keys(contents.select(RecordOrder.ARTIST, query="편지")) == ["c"]
    assert keys(contents.select(RecordOrder.ARTIST, query="blue", artist="Miles Davis")) == ["b"]
    assert keys(contents.select(RecordOrder.YEAR, keys={"a", "c"})) == ["a", "c"]
    assert contents.select(RecordOrder.ARTIST, query="nothing like this") == []
    assert folded("Café ÉCLAIR 사랑") == "cafe eclair 사랑"


def test_artists_are_counted_and_sorted_by_name() -> None:
    contents = CrateContents()
    contents.set_records(RECORDS)
    assert contents.artists() == [
        ("Étienne Daho", 1), ("John Coltrane", 2), ("Miles Davis", 1), ("아이유", 1),
    ]  # fmt: skip


def test_the_list_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RecordListModel(lambda key: ())
    qtmodeltester.check(model)
    model.set_records(RECORDS)
    qtmodeltester.check(model)
    index = model.index(1)
    assert model.data(index, RECORD_ROLE) == RECORDS[1]
    assert model.data(index, KEY_ROLE) == "b"
    assert model.data(index) == "Kind of Blue"
    assert "Miles Davis" in model.data(index, 3)  # the tooltip
    assert model.row_of("d") == 3 and model.row_of("zzz") == -1


def test_dragging_rows_carries_their_tracks_in_row_order() -> None:
    tracks = {
        r.key: (Track(Path(f"/m/{r.key}/1.flac")), Track(Path(f"/m/{r.key}/2.flac")))
        for r in RECORDS
    }
    model = RecordListModel(lambda key: tracks[key])
    model.set_records(RECORDS)
    mime = model.mimeData([model.index(2), model.index(0)])
    assert isinstance(mime, TrackMimeData)
    assert dragged_tracks(mime) == tracks["a"] + tracks["c"]
    assert mime.urls()[0].toLocalFile() == "/m/a/1.flac"


def test_cover_keys_are_valid_cache_keys_that_follow_the_record() -> None:
    key = cover_key(RECORDS[0])
    assert key == cover_key(RECORDS[0])
    assert key != cover_key(summary("a", "Blue Train", "John Coltrane", first_path="/x/01.flac"))
    assert key != cover_key(summary("a", "Blue Train", "John Coltrane", has_cover=True))
    assert key.isalnum() and len(key) <= 128
    assert [thumbnail_size(e) for e in (40, 96, 97, 192, 300, 900)] == [96, 96, 192, 192, 384, 384]


def test_lengths_read_as_a_clock() -> None:
    assert [clock(s) for s in (0, 59.6, 225, 3725, None)] == [
        "0:00",
        "1:00",
        "3:45",
        "1:02:05",
        "—",
    ]
