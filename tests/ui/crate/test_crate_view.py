"""The crate over a real scanned library: sorting, filters, search, playing, menus, drags."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.core.track import Track
from app.library.model import LibraryModel, RecordOrder
from app.library.rows import track_to_row
from app.library.store import ScanRecord
from app.ui.crate import play_menu, record_page
from app.ui.crate.crate_view import CrateView
from app.ui.crate.record_list_model import folded
from app.ui.crate.sleeve_art import cover_key, thumbnail_size
from app.ui.crate.sleeve_delegate import PAD_TOP, PAD_X
from app.ui.theme import DAY
from app.ui.thumbnails import ThumbnailCache
from app.ui.track_mime import TrackMimeData, dragged_tracks
from tests.ui.crate.conftest import LP_GENRE, LP_SIDES, LP_TITLE, record_named, shown_titles


def choose(box, data: object) -> None:  # type: ignore[no-untyped-def]
    box.setCurrentIndex(box.findData(data))


def search(qtbot: QtBot, crate: CrateView, text: str) -> None:
    crate.search.setText(text)
    qtbot.waitUntil(
        lambda: not crate._search_timer.isActive() and crate.found.isVisible() == bool(text)
    )


def action(menu, name: str):  # type: ignore[no-untyped-def]
    return next(a for a in menu.actions() if a.objectName() == name)


# ---------------------------------------------------------------------------- sort and filter
def test_every_sort_orders_the_sleeves(
    crate: CrateView, library: LibraryModel, crate_template: Path
) -> None:
    everything = library.records()
    by_year = [r.year for r in crate.contents.sorted(RecordOrder.YEAR)]
    assert by_year == sorted(by_year)
    choose(crate.sort_box, RecordOrder.YEAR)
    assert [r.year for r in crate.records.records()] == sorted(r.year or 0 for r in everything)
    choose(crate.sort_box, RecordOrder.ALBUM)
    assert shown_titles(crate) == sorted((r.title for r in everything), key=folded)
    choose(crate.sort_box, RecordOrder.RECENTLY_ADDED)
    assert shown_titles(crate)[0] == LP_TITLE  # written after the scan
    choose(crate.sort_box, RecordOrder.MOST_PLAYED)
    played = Path((crate_template / "played.txt").read_text())
    assert crate.records.record(0).first_path.startswith(str(played.parent))
    choose(crate.sort_box, RecordOrder.ARTIST)
    artists = [folded(r.artist) for r in crate.records.records()]
    assert artists == sorted(artists)
    assert crate.records.rowCount() == len(everything) == 11


def test_the_genre_filter_shows_records_of_that_genre(
    crate: CrateView, library: LibraryModel
) -> None:
    labels = [crate.genre_box.itemText(i) for i in range(crate.genre_box.count())]
    assert labels[0] == "All genres"
    assert f"{LP_GENRE}  (1)" in labels
    choose(crate.genre_box, LP_GENRE)
    assert shown_titles(crate) == [LP_TITLE]
    choose(crate.genre_box, "Rock")
    rock = {r.key for r in library.records(genre="Rock")}
    assert {r.key for r in crate.records.records()} == rock and len(rock) > 1
    choose(crate.genre_box, None)
    assert crate.records.rowCount() == 11


def test_the_artist_list_filters_by_record_artist(crate: CrateView) -> None:
    names = [crate.artist_list.item(i).text() for i in range(crate.artist_list.count())]
    assert names[0] == "All artists  (11)"
    assert "Jay and the Repairmen  (1)" in names
    row = next(i for i, n in enumerate(names) if n.startswith("Copper Vinyl 0"))
    crate.artist_list.setCurrentRow(row)
    assert crate.records.rowCount() == 5
    assert {r.artist for r in crate.records.records()} == {"Copper Vinyl 0"}
    crate.artists_button.setChecked(False)  # folding the list away shows everyone again
    assert not crate.artist_list.isVisible()
    assert crate.records.rowCount() == 11


# ---------------------------------------------------------------------------- search
def test_search_shows_matching_records_and_tracks(
    qtbot: QtBot, crate: CrateView, library: LibraryModel
) -> None:
    search(qtbot, crate, "starlight")
    assert shown_titles(crate) == [LP_TITLE]
    found = crate.found_tracks.tracks()
    assert found == library.search("starlight", 100)
    assert len(found) == sum(LP_SIDES.values())
    assert crate.found_label.text() == "Tracks  ·  9"
    search(qtbot, crate, "eclair")  # accents and case do not matter
    assert len(shown_titles(crate)) == 5
    assert all("eclair" in folded(f"{r.title} {r.artist}") for r in crate.records.records())
    qtbot.keyClick(crate.search, Qt.Key.Key_Escape)
    assert crate.search.text() == "" and crate.records.rowCount() == 11
    assert not crate.found.isVisible()


def test_a_found_track_plays_its_record_from_that_track(
    qtbot: QtBot, crate: CrateView, library: LibraryModel
) -> None:
    search(qtbot, crate, "session 1.5")
    item = crate.found_tracks.topLevelItem(0)
    assert record_page.TrackTree.track_of(item).title == "Session 1.5"  # type: ignore[union-attr]
    lp = library.record(record_named(crate, LP_TITLE).key)
    assert lp is not None
    with qtbot.waitSignal(crate.play_requested) as played:
        crate.found_tracks.itemActivated.emit(item, 0)
    assert played.args == [list(lp.tracks), 4]


def test_focus_search_focuses_the_field_with_its_text_selected(
    qtbot: QtBot, crate: CrateView
) -> None:
    crate.search.setText("moon")
    crate.activateWindow()
    crate.grid.setFocus()
    crate.focus_search()
    qtbot.waitUntil(crate.search.hasFocus)
    assert crate.search.selectedText() == "moon"


# ---------------------------------------------------------------------------- playing
def test_enter_on_a_sleeve_plays_the_record_from_its_first_track(
    qtbot: QtBot, crate: CrateView, library: LibraryModel
) -> None:
    crate.activateWindow()
    crate.grid.setFocus()
    crate.grid.setCurrentIndex(crate.records.index(2))
    expected = library.record(crate.records.record(2).key)
    assert expected is not None
    with qtbot.waitSignal(crate.play_requested) as played:
        qtbot.keyClick(crate.grid, Qt.Key.Key_Return)
    assert played.args == [list(expected.tracks), 0]


def test_double_click_on_a_track_plays_the_record_from_it(
    qtbot: QtBot, crate: CrateView, library: LibraryModel
) -> None:
    key = record_named(crate, LP_TITLE).key
    crate.show_record(key)
    lp = library.record(key)
    assert lp is not None and crate.stack.currentWidget() is crate.page
    tree = crate.page.tracks
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.track_of(tree.topLevelItem(i)) == lp.tracks[6])  # fmt: skip
    centre = tree.visualItemRect(item).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # as a hand does
    with qtbot.waitSignal(crate.play_requested) as played:
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert played.args == [list(lp.tracks), 6]


def test_the_record_page_lists_each_side_with_its_length(crate: CrateView) -> None:
    crate.show_record(record_named(crate, LP_TITLE).key)
    tree = crate.page.tracks
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    headings = [r.text(0) for r in rows if tree.track_of(r) is None]
    assert headings == ["Side A  ·  15:00", "Side B  ·  15:00", "Side C  ·  15:00"]
    first = next(r for r in rows if tree.track_of(r) is not None)
    assert [first.text(c) for c in range(3)] == ["1", "Session 1.1", "5:00"]
    assert "3 sides" in crate.page.details.text()
    crate.page.back_requested.emit()
    assert crate.stack.currentIndex() == 0


# ---------------------------------------------------------------------------- menus
def test_the_sleeve_menu_plays_queues_and_plays_side_b(
    qtbot: QtBot, crate: CrateView, library: LibraryModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = record_named(crate, LP_TITLE).key
    lp = library.record(key)
    assert lp is not None
    menu = crate.record_menu(key)
    assert menu is not None
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names == [
        "open",
        "play",
        "play_next",
        "add",
        "play_side_B",
        "play_side_C",
        "show_folder",
    ]
    with qtbot.waitSignal(crate.play_requested) as played:
        action(menu, "play").trigger()
    assert played.args == [list(lp.tracks), 0]
    with qtbot.waitSignal(crate.play_next_requested) as queued_next:
        action(menu, "play_next").trigger()
    assert queued_next.args == [list(lp.tracks)]
    with qtbot.waitSignal(crate.add_requested) as added:
        action(menu, "add").trigger()
    assert added.args == [list(lp.tracks)]
    with qtbot.waitSignal(crate.play_requested) as side_b:
        action(menu, "play_side_B").trigger()
    assert side_b.args == [list(lp.sides[1].tracks), 0]
    assert [t.title for t in side_b.args[0]] == ["Session 1.4", "Session 1.5", "Session 1.6"]
    opened: list[QUrl] = []
    monkeypatch.setattr(play_menu.QDesktopServices, "openUrl", opened.append)
    action(menu, "show_folder").trigger()
    assert [u.toLocalFile() for u in opened] == [str(lp.tracks[0].path.parent)]
    action(menu, "open").trigger()
    assert crate.page.record == lp


def test_a_single_sided_record_offers_no_other_side(crate: CrateView) -> None:
    menu = crate.record_menu(crate.records.record(0).key)
    assert menu is not None
    assert not [a for a in menu.actions() if a.objectName().startswith("play_side_")]


def test_the_menu_of_one_track_plays_its_record_from_it(
    qtbot: QtBot, crate: CrateView, library: LibraryModel
) -> None:
    lp = library.record(record_named(crate, LP_TITLE).key)
    assert lp is not None
    menu = crate.tracks_menu([lp.tracks[7]])
    assert menu is not None
    with qtbot.waitSignal(crate.play_requested) as played:
        action(menu, "play").trigger()
    assert played.args == [list(lp.tracks), 7]
    with qtbot.waitSignal(crate.add_requested) as added:
        action(menu, "add").trigger()
    assert added.args == [[lp.tracks[7]]]
    two = crate.tracks_menu([lp.tracks[1], lp.tracks[2]])
    assert two is not None
    with qtbot.waitSignal(crate.play_requested) as both:
        action(two, "play").trigger()
    assert both.args == [[lp.tracks[1], lp.tracks[2]], 0]
    other = library.record(crate.records.record(0).key)
    assert other is not None and other != lp
    mixed = crate.tracks_menu([lp.tracks[1], other.tracks[0]])  # from two records: no sides
    assert mixed is not None
    assert not [a for a in mixed.actions() if a.objectName().startswith("play_side_")]


# ---------------------------------------------------------------------------- drag and drop
def test_dragging_a_sleeve_carries_the_records_tracks(
    crate: CrateView, library: LibraryModel
) -> None:
    row = crate.records.row_of(record_named(crate, LP_TITLE).key)
    mime = crate.records.mimeData([crate.records.index(row)])
    lp = library.record(crate.records.record(row).key)
    assert lp is not None
    assert isinstance(mime, TrackMimeData) and dragged_tracks(mime) == lp.tracks


def test_dragging_tracks_of_a_record_carries_the_selected_ones(
    crate: CrateView, library: LibraryModel
) -> None:
    key = record_named(crate, LP_TITLE).key
    crate.show_record(key)
    tree = crate.page.tracks
    lp = library.record(key)
    assert lp is not None
    chosen = {lp.tracks[2], lp.tracks[5]}
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        item.setSelected(tree.track_of(item) in chosen)
    mime = tree.mimeData(tree.selectedItems())
    assert dragged_tracks(mime) == (lp.tracks[2], lp.tracks[5])
    assert tree.selected_tracks() == [lp.tracks[2], lp.tracks[5]]


def drop(mime: QMimeData) -> QDropEvent:
    return QDropEvent(QPointF(30, 30), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)  # fmt: skip


def test_files_dropped_from_the_file_manager_are_handed_on(
    qtbot: QtBot, crate: CrateView, tmp_path: Path
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path)), QUrl("https://example.com/x.mp3")])
    with qtbot.waitSignal(crate.paths_dropped) as dropped:
        crate.dropEvent(drop(mime))
    assert dropped.args == [[tmp_path]]
    ours = TrackMimeData([Track(tmp_path / "a.flac")])
    with qtbot.assertNotEmitted(crate.paths_dropped):
        crate.dropEvent(drop(ours))  # the crate's own sleeves are not added again


# ---------------------------------------------------------------------------- thumbnails
def test_covers_arrive_and_are_painted(
    qtbot: QtBot, crate: CrateView, thumbnails: ThumbnailCache, crate_template: Path
) -> None:
    covered = Path((crate_template / "covered.txt").read_text())
    record = next(r for r in crate.records.records() if Path(r.first_path).parent == covered)
    row = crate.records.row_of(record.key)
    size = thumbnail_size(round(crate.grid.delegate.geometry.edge * crate.grid.devicePixelRatioF()))
    qtbot.waitUntil(lambda: thumbnails.cached(cover_key(record), size) is not None, timeout=10000)
    image = thumbnails.cached(cover_key(record), size)
    assert image is not None and QColor(image.pixel(size // 2, size // 2)).red() > 180
    rect = crate.grid.visualRect(crate.records.index(row))
    probe = rect.topLeft() + QPointF(PAD_X + 20, PAD_TOP + 20).toPoint()

    def painted_red() -> bool:
        pixel = QColor(crate.grid.viewport().grab().toImage().pixel(probe))
        return pixel.red() > 180 and pixel.green() < 80

    qtbot.waitUntil(painted_red, timeout=10000)
    other = crate.records.record(0 if row else 1)  # no cover: a generated sleeve
    other_size_key = cover_key(other)
    qtbot.waitUntil(lambda: thumbnails.cached(other_size_key, size) is not None, timeout=10000)


# ---------------------------------------------------------------------------- refresh, empty
def test_refresh_keeps_the_sort_filter_and_selection(
    crate: CrateView, library: LibraryModel, tmp_path: Path
) -> None:
    choose(crate.sort_box, RecordOrder.YEAR)
    chosen = crate.records.row_of(record_named(crate, LP_TITLE).key)
    crate.grid.setCurrentIndex(crate.records.index(chosen))
    new = Track(tmp_path / "new" / "01.flac", title="Newcomer", artist="Nova", artists=("Nova",),
                album="First Light", year=1955, genre="Jazz", duration_s=100.0)  # fmt: skip
    root = library.store.add_root(tmp_path / "new")
    library.store.write_scan_batch(root, [ScanRecord(bytes(new.path), 1, 1, track_to_row(new))])
    crate.refresh()
    assert crate.sort_box.currentData() is RecordOrder.YEAR
    assert shown_titles(crate)[0] == "First Light"  # 1955: first by year
    assert crate.records.record(crate.grid.currentIndex().row()).title == LP_TITLE
    assert crate.records.rowCount() == 12


def test_an_empty_library_offers_to_choose_the_music_folder(
    qtbot: QtBot, thumbnails: ThumbnailCache, tmp_path: Path
) -> None:
    from app.library.store import Store

    store = Store(tmp_path / "empty.db")
    view = CrateView(LibraryModel(store), thumbnails, DAY)
    qtbot.addWidget(view)
    view.show()
    assert view.stack.currentWidget() is view.empty
    assert view.empty.heading.text() == "The crate is empty"
    with qtbot.waitSignal(view.choose_folder_requested):
        qtbot.mouseClick(view.empty.button, Qt.MouseButton.LeftButton)
    store.close()


def test_every_control_has_a_name_and_takes_focus_by_tab(crate: CrateView) -> None:
    crate.show_record(record_named(crate, LP_TITLE).key)
    crate.scan_bar.show()
    for page in (0, 1):
        crate.stack.setCurrentIndex(page)
        QApplication.processEvents()
        reachable = [
            w for w in crate.findChildren(QWidget)
            if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]  # fmt: skip
        assert len(reachable) >= 5
        unnamed = [w for w in reachable if not w.accessibleName()]
        assert unnamed == [], [type(w).__name__ for w in unnamed]


def test_refresh_keeps_the_scroll_position(qtbot: QtBot, crate: CrateView) -> None:
    crate.resize(500, 400)
    bar = crate.grid.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    where = bar.value()
    crate.refresh()
    assert where > 0 and bar.value() == where


def test_a_click_on_a_caption_opens_the_record(qtbot: QtBot, crate: CrateView) -> None:
    row = crate.records.row_of(record_named(crate, LP_TITLE).key)
    rect = crate.grid.visualRect(crate.records.index(row))
    caption = rect.bottomLeft() + QPointF(PAD_X + 10, -30).toPoint()
    sleeve = rect.topLeft() + QPointF(PAD_X + 10, PAD_TOP + 10).toPoint()
    qtbot.mouseClick(crate.grid.viewport(), Qt.MouseButton.LeftButton, pos=sleeve)
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    assert crate.stack.currentWidget() is not crate.page  # a click on the sleeve only selects
    qtbot.mouseClick(crate.grid.viewport(), Qt.MouseButton.LeftButton, pos=caption)
    qtbot.waitUntil(lambda: crate.stack.currentWidget() is crate.page)
    assert crate.page.record is not None and crate.page.record.summary.title == LP_TITLE


def test_a_side_heading_plays_that_side_and_esc_goes_back(
    qtbot: QtBot, crate: CrateView, library: LibraryModel
) -> None:
    key = record_named(crate, LP_TITLE).key
    crate.show_record(key)
    lp = library.record(key)
    assert lp is not None
    tree = crate.page.tracks
    heading = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                   if tree.topLevelItem(i).text(0).startswith("Side C"))  # fmt: skip
    with qtbot.waitSignal(crate.play_requested) as played:
        tree.itemActivated.emit(heading, 0)
    assert played.args == [list(lp.sides[2].tracks), 0]
    qtbot.keyClick(tree, Qt.Key.Key_Escape)
    assert crate.stack.currentIndex() == 0
    crate.show_record(key)
    search(qtbot, crate, "moon")  # typing a search leaves the record for the results
    assert crate.stack.currentIndex() == 0


def test_a_new_theme_reaches_every_part(crate: CrateView) -> None:
    crate.set_theme(DAY)
    assert crate.grid.delegate.theme is DAY and crate.grid.theme is DAY
    assert crate.page.theme is DAY and crate.scan_bar.theme is DAY and crate.art.theme is DAY
    crate.grid.viewport().grab()  # paints in the new colours without complaint


@pytest.mark.parametrize("width", [640, 1000, 1400])
def test_sleeves_fill_each_row_evenly(qtbot: QtBot, crate: CrateView, width: int) -> None:
    crate.resize(width, 700)
    grid = crate.grid
    qtbot.waitUntil(
        lambda: grid.viewport().width() > 0 and grid.visualRect(crate.records.index(0)).isValid()
    )
    qtbot.wait(150)  # the view lays out again a moment after a resize
    tops = [grid.visualRect(crate.records.index(i)).top() for i in range(crate.records.rowCount())]
    columns = tops.count(tops[0])
    right = grid.visualRect(crate.records.index(columns - 1)).right()
    spare = grid.viewport().width() - right
    assert 0 < spare <= grid.verticalScrollBar().sizeHint().width() + columns + 2
    assert grid.gridSize().width() >= 184 and columns >= 2
