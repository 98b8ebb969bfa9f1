from pathlib import Path

from app.core.record import VARIOUS_ARTISTS, RecordSize
from app.core.track import Track
from app.library.model import LibraryModel, RecordOrder
from app.library.records import album_folder, record_key
from app.library.rows import track_to_row
from app.library.store import ScanRecord, Store


def store_with(tmp_path: Path, tracks: list[Track]) -> Store:
    store = Store(tmp_path / "lib.db")
    root = store.add_root(Path("/m"))
    store.write_scan_batch(root, [ScanRecord(bytes(t.path), 1, 1, track_to_row(t)) for t in tracks])
    return store


def test_albums_group_by_album_artist_and_title_across_disc_folders() -> None:
    a = Track(Path("/m/X/Album/CD1/01.flac"), album="Album", artist="X")
    b = Track(Path("/m/X/Album/CD2/01.flac"), album="Album", artist="X")
    assert album_folder(a.path) == "/m/X/Album"
    assert record_key(a) == record_key(b)
    assert record_key(Track(Path("/m/Y/Album/01.flac"), album="Album", artist="Y")) != record_key(a)
    tagged = Track(Path("/elsewhere/01.flac"), album="ALBUM", album_artist="x")
    assert record_key(tagged) == record_key(
        Track(Path("/m/2.flac"), album="album", album_artist="X")
    )


def test_an_untagged_compilation_is_one_record_by_various_artists(tmp_path: Path) -> None:
    tracks = [
        Track(Path(f"/m/Hits/{i:02d}.mp3"), title=f"t{i}", artist=f"Artist {i}", album="Hits",
              track_number=i, duration_s=200.0)
        for i in range(1, 6)
    ]  # fmt: skip
    model = LibraryModel(store_with(tmp_path, tracks))
    (record,) = model.records()
    assert record.artist == VARIOUS_ARTISTS and record.track_count == 5
    full = model.record(record.key)
    assert full is not None and [t.track_number for t in full.tracks] == [1, 2, 3, 4, 5]


def test_tracks_without_album_are_seven_inch_singles(tmp_path: Path) -> None:
    tracks = [Track(Path(f"/m/{i}.mp3"), title=f"Song {i}", artist="Jay", duration_s=180.0)
              for i in range(3)]  # fmt: skip
    records = LibraryModel(store_with(tmp_path, tracks)).records()
    assert len(records) == 3
    assert all(r.is_single and r.size is RecordSize.SINGLE_7_INCH for r in records)
    assert RecordSize.SINGLE_7_INCH.rpm == 45.0
    assert {r.title for r in records} == {"Song 0", "Song 1", "Song 2"}


def test_model_views_artists_genres_years_and_orders(tmp_path: Path) -> None:
    tracks = [
        Track(Path("/m/a/1.flac"), album="Blue", artist="Beta", genre="Jazz", year=1959,
              duration_s=300.0),
        Track(Path("/m/b/1.flac"), album="Amber", artist="Alpha", genre="Rock", year=1971,
              duration_s=300.0),
        Track(Path("/m/b/2.flac"), album="Amber", artist="Alpha", genre="Rock", year=1971,
              duration_s=300.0),
    ]  # fmt: skip
    model = LibraryModel(store_with(tmp_path, tracks))
    assert [r.artist for r in model.records(RecordOrder.ARTIST)] == ["Alpha", "Beta"]
    assert [r.title for r in model.records(RecordOrder.YEAR)] == ["Blue", "Amber"]
    assert [r.title for r in model.records(genre="Jazz")] == ["Blue"]
    assert [(a.name, a.records) for a in model.artists()] == [("Alpha", 1), ("Beta", 1)]
    assert [g.name for g in model.genres()] == ["Jazz", "Rock"]
    assert [y.name for y in model.years()] == ["1959", "1971"]
    assert len(model.recently_added()) == 2
    assert model.recently_played() == []
