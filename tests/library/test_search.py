from pathlib import Path

import pytest

from app.core.track import Track
from app.library.model import LibraryModel
from app.library.rows import track_to_row
from app.library.search_text import match_expression
from app.library.store import ScanRecord, Store

SONGS = [
    ("Café de Flore", "Étienne Daho", "Pop Satori", "Pop"),
    ("사랑해요", "아이유", "밤편지", "K-Pop"),
    ("첫사랑", "버스커 버스커", "벚꽃 엔딩", "K-Pop"),
    ("Starlight", "Muse", "Black Holes", "Rock"),
    ("Start Me Up", "The Rolling Stones", "Tattoo You", "Rock"),
    ("夜に駆ける", "YOASOBI", "THE BOOK", "J-Pop"),
]


@pytest.fixture
def model(tmp_path: Path) -> LibraryModel:
    store = Store(tmp_path / "lib.db")
    root = store.add_root(Path("/m"))
    tracks = [
        Track(Path(f"/m/{i}.flac"), title=t, artist=a, artists=(a,), album=al, genre=g)
        for i, (t, a, al, g) in enumerate(SONGS)
    ]
    store.write_scan_batch(root, [ScanRecord(bytes(t.path), 1, 1, track_to_row(t)) for t in tracks])
    return LibraryModel(store)


def titles(model: LibraryModel, query: str) -> set[str]:
    return {t.title for t in model.search(query)}


def test_case_and_accents_are_ignored(model: LibraryModel) -> None:
    assert titles(model, "cafe") == {"Café de Flore"}
    assert titles(model, "ETIENNE") == {"Café de Flore"}
    assert titles(model, "étienne daho") == {"Café de Flore"}


def test_every_word_matches_as_a_prefix_while_typing(model: LibraryModel) -> None:
    assert titles(model, "sta") == {"Starlight", "Start Me Up"}
    assert titles(model, "star") == {"Starlight", "Start Me Up"}
    assert titles(model, "starl") == {"Starlight"}
    assert titles(model, "rolling sto") == {"Start Me Up"}
    assert titles(model, "rock muse") == {"Starlight"}


def test_korean_is_found_by_parts_of_words(model: LibraryModel) -> None:
    assert titles(model, "사랑") == {"사랑해요", "첫사랑"}
    assert titles(model, "랑해") == {"사랑해요"}
    assert titles(model, "아이") == {"사랑해요"}
    assert titles(model, "벚꽃") == {"첫사랑"}
    assert titles(model, "駆け") == {"夜に駆ける"}


def test_queries_with_operators_or_punctuation_are_plain_text(model: LibraryModel) -> None:
    for query in ['"', "*", "AND", "OR NOT", "star*", "(muse", "title:muse", "-", "NEAR("]:
        model.search(query)  # never raises
    assert titles(model, "muse)") == {"Starlight"}
    assert match_expression("   ") is None


def test_search_follows_updates_and_removals(model: LibraryModel) -> None:
    store = model.store
    changed = Track(Path("/m/3.flac"), title="Supermassive", artist="Muse", album="Black Holes")
    store.write_scan_batch(1, [ScanRecord(b"/m/3.flac", 2, 2, track_to_row(changed))])
    assert titles(model, "starl") == set()
    assert titles(model, "supermass") == {"Supermassive"}
    store.write_scan_batch(1, [], removed=[b"/m/3.flac"])
    assert titles(model, "muse") == set()
