"""The crate: the library as record sleeves on the shelves of Jay's workbench.

:class:`CrateView` lays out a tool strip (search, sort, genre, artists), the sleeve grid with
the artist list beside it, the tracks a search finds, a record's page, the empty crate and the
scan bar. It keeps every record in memory (:class:`CrateContents`), so sorting and filtering
never go back to the database; a search asks the library only for the matching tracks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QStackedWidget,
    QToolButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.track import Track
from app.library.model import LibraryModel, RecordOrder
from app.ui.crate.controls import (
    browse_page,
    crate_palette,
    fill_artists,
    fit_found_columns,
    found_pane,
    named,
    refill,
    tool_strip,
)
from app.ui.crate.play_menu import PlayActions, PlayMenus, record_of, track_position
from app.ui.crate.record_list_model import CrateContents, RecordListModel, sort_choices
from app.ui.crate.record_page import RecordPage
from app.ui.crate.scan_bar import EmptyCrate, ScanBar
from app.ui.crate.sleeve_art import SleeveArt
from app.ui.crate.sleeve_delegate import SleeveDelegate
from app.ui.crate.sleeve_grid import SleeveGrid
from app.ui.crate.track_tree import TrackTree, list_palette
from app.ui.i18n import counted, fill
from app.ui.theme import Theme
from app.ui.thumbnails import ThumbnailCache
from app.ui.track_mime import dragged_tracks, dropped_paths

SEARCH_DEBOUNCE_MS = 120
SEARCH_TRACK_LIMIT = 100
_BROWSE, _RECORD, _EMPTY = 0, 1, 2


class CrateView(QWidget):
    """The library browser: sleeves to sort, filter and search, records to open and play.

    Parameters
    ----------
    model
        The library, read on the GUI thread.
    thumbnails
        The shared cover thumbnail cache.
    theme
        Colours and lettering.
    parent
        Qt parent.

    """

    play_requested = Signal(object, int)
    """``(tracks, start_index)``: replace the queue with ``tracks`` and play from that one."""
    play_next_requested = Signal(object)
    """``tracks``: put these after the current track."""
    add_requested = Signal(object)
    """``tracks``: add these to the end of the queue."""
    paths_dropped = Signal(object)
    """``list[Path]``: files or folders dropped from the file manager, for the caller to add."""
    choose_folder_requested = Signal()
    """The empty crate's button: the user wants to choose the music folder."""

    def __init__(
        self,
        model: LibraryModel,
        thumbnails: ThumbnailCache,
        theme: Theme,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("crateView")
        self.setAccessibleName(self.tr("The crate: your library"))
        self.setAcceptDrops(True)
        self.model = model
        self.theme = theme
        self.contents = CrateContents()
        self._genre_keys: dict[str, frozenset[str]] = {}
        actions = PlayActions(
            self.play_requested.emit, self.play_next_requested.emit, self.add_requested.emit
        )
        self.menus = PlayMenus(model, actions, self.show_record, theme, self)
        self.art = SleeveArt(thumbnails, theme, self)
        self.records = RecordListModel(self._tracks_of, self)
        self._build()
        self._connect()
        self.set_theme(theme)
        self.refresh()

    # ------------------------------------------------------------------------------ building
    def _build(self) -> None:
        self.search = QLineEdit()
        named(self.search, "crateSearch", self.tr("Search the library"))
        self.search.setPlaceholderText(self.tr("Search records and tracks   Ctrl+F"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.sort_box = named(QComboBox(), "crateSort", self.tr("Sort records by"))
        for label, order in sort_choices():
            self.sort_box.addItem(label, order)
        self.genre_box = named(QComboBox(), "crateGenre", self.tr("Show records of genre"))
        toggle = named(QToolButton(), "crateArtistsToggle", self.tr("Show the artist list"))
        self.artists_button = toggle
        self.artists_button.setText(self.tr("Artists"))
        self.artists_button.setCheckable(True)
        self.artists_button.setChecked(True)
        self.count_label = named(QLabel(), "crateCount", self.tr("Records shown"))
        self.artist_list = named(QListWidget(), "crateArtists", self.tr("Artists"))
        self.artist_list.setMinimumWidth(150)
        self.artist_list.setUniformItemSizes(True)
        self.grid = SleeveGrid(self.records, SleeveDelegate(self.art, self.theme), self.theme)
        self.found_label = named(QLabel(), "crateFoundHeading", self.tr("Tracks found"))
        columns = [self.tr("Title"), self.tr("Artist"), self.tr("Album"), self.tr("Time")]
        self.found_tracks = TrackTree(columns)
        named(self.found_tracks, "crateFoundTracks", self.tr("Tracks found"))
        fit_found_columns(self.found_tracks.header())
        self.page = RecordPage(self.art, self.theme)
        self.empty = EmptyCrate(self.theme)
        self.scan_bar = ScanBar(self.theme)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self.setLayout(self._layout())

    def _layout(self) -> QVBoxLayout:
        boxes = ((self.tr("Sort"), self.sort_box), (self.tr("Genre"), self.genre_box))
        strip = tool_strip(self.search, boxes, self.artists_button, self.count_label)
        self.found = found_pane(self.found_label, self.found_tracks)
        browse = browse_page(self.artist_list, self.grid, self.found)
        self.stack = QStackedWidget()
        for page in (browse, self.page, self.empty):
            self.stack.addWidget(page)
        outer = QVBoxLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(strip)
        outer.addWidget(self.stack, 1)
        outer.addWidget(self.scan_bar)
        return outer

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self._search_timer.timeout.connect(self._on_search)
        self.sort_box.currentIndexChanged.connect(lambda _i: self._apply(keep_scroll=False))
        self.genre_box.currentIndexChanged.connect(lambda _i: self._apply(keep_scroll=False))
        self.artist_list.currentRowChanged.connect(lambda _row: self._apply(keep_scroll=False))
        self.artists_button.toggled.connect(self._on_artists_toggled)
        self.grid.activated.connect(lambda index: self._play_record(self._key_at(index)))
        self.grid.open_requested.connect(lambda index: self.show_record(self._key_at(index)))
        self.grid.menu_requested.connect(self._on_grid_menu)
        self.art.arrived.connect(self._on_sleeve_arrived)
        self.found_tracks.itemActivated.connect(self._on_found_activated)
        self.found_tracks.customContextMenuRequested.connect(self._on_found_menu)
        self.page.back_requested.connect(self._show_browse)
        self.page.play_requested.connect(self.play_requested)
        self.page.menu_requested.connect(self._popup_tracks_menu)
        self.empty.button.clicked.connect(self.choose_folder_requested)

    # ------------------------------------------------------------------------------ public
    def refresh(self) -> None:
        """Read the library again (after a scan), keeping sort, filters, scroll and selection."""
        self.contents.set_records(self.model.records())
        self._genre_keys.clear()
        genres = [(f"{g.name}  ({g.records})", g.name) for g in self.model.genres()]
        refill(self.genre_box, self.tr("All genres"), genres)
        fill_artists(self.artist_list, self.contents.artists(), len(self.contents))
        for control in (self.search, self.sort_box, self.genre_box, self.artists_button):
            control.setEnabled(len(self.contents) > 0)
        if len(self.contents) == 0:
            self.stack.setCurrentIndex(_EMPTY)
        elif self.stack.currentIndex() == _EMPTY:
            self.stack.setCurrentIndex(_BROWSE)
        self._apply(keep_scroll=True)
        if self.stack.currentIndex() == _RECORD and self.page.record is not None:
            record = self.model.record(self.page.record.summary.key)
            if record is None:
                self._show_browse()
            else:
                self.page.show_record(record)

    def focus_search(self) -> None:
        """Show and focus the search field with its text selected (Ctrl+F)."""
        if self.stack.currentIndex() == _RECORD:
            self._show_browse()
        self.search.show()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_theme(self, theme: Theme) -> None:
        """Draw the crate in ``theme``."""
        self.theme = theme
        self.setPalette(crate_palette(theme))
        self.art.set_theme(theme)
        self.menus.set_theme(theme)
        for part in (self.grid, self.page, self.empty, self.scan_bar):
            part.set_theme(theme)
        fields: tuple[QWidget, ...] = (self.search, self.sort_box, self.genre_box, self.artist_list)
        for field in fields:
            field.setFont(theme.text_font(14))
        self.found_tracks.set_theme(theme)
        self.artist_list.setPalette(list_palette(theme))
        captions = self.findChildren(QLabel, "crateCaption")
        for widget in (self.artists_button, self.count_label, self.found_label, *captions):
            widget.setFont(theme.caption_font(17))

    def show_record(self, key: str) -> None:
        """Open the page of the record ``key`` (nothing happens when it is gone)."""
        record = self.model.record(key)
        if record is None:
            return
        self.page.show_record(record)
        self.stack.setCurrentIndex(_RECORD)
        self.page.tracks.setFocus(Qt.FocusReason.OtherFocusReason)

    def record_menu(self, key: str) -> QMenu | None:
        """Return the menu of record ``key``'s sleeve: Show tracks, then the play menu."""
        return self.menus.record_menu(key)

    def tracks_menu(self, tracks: list[Track]) -> QMenu | None:
        """Return the menu of some tracks (on a record's page or found by a search).

        "Play" plays the record from the track when there is one track, else the tracks. The
        record's sides are offered when every track is on the same record.
        """
        return self.menus.tracks_menu(tracks)

    # ------------------------------------------------------------------------------ filtering
    def _apply(self, keep_scroll: bool) -> None:
        order: RecordOrder = self.sort_box.currentData() or RecordOrder.ARTIST
        artist_item = self.artist_list.currentItem()
        artist = artist_item.data(Qt.ItemDataRole.UserRole) if artist_item is not None else None
        genre_keys = self._keys_of_genre(self.genre_box.currentData())
        query = self.search.text().strip()
        current = self.grid.currentIndex()
        selected = self._key_at(current) if current.isValid() else ""
        scroll = self.grid.verticalScrollBar().value()
        shown = self.contents.select(order, artist=artist, keys=genre_keys, query=query)
        self.records.set_records(shown)
        matching = fill(self.tr("No records match “%1”."), query)
        self.grid.empty_text = matching if query else self.tr("No records here.")
        self.count_label.setText(counted(self.tr("%n record(s)", "", len(shown)), len(shown)))
        row = self.records.row_of(selected)
        if row >= 0:
            self.grid.setCurrentIndex(self.records.index(row))
        if keep_scroll:
            self.grid.verticalScrollBar().setValue(scroll)
        elif row >= 0:
            centre = QAbstractItemView.ScrollHint.PositionAtCenter
            self.grid.scrollTo(self.records.index(row), centre)
        else:
            self.grid.scrollToTop()

    def _keys_of_genre(self, genre: str | None) -> frozenset[str] | None:
        """Return the records with a track of ``genre``: one query per genre, then memory."""
        if genre is None:
            return None
        keys = self._genre_keys.get(genre)
        if keys is None:
            records = self.model.records(genre=genre)
            keys = self._genre_keys[genre] = frozenset(r.key for r in records)
        return keys

    def _on_artists_toggled(self, shown: bool) -> None:
        """Show or fold away the artist list; folding it shows every artist again."""
        self.artist_list.setVisible(shown)
        if not shown:
            self.artist_list.setCurrentRow(0)

    def _on_search(self) -> None:
        query = self.search.text().strip()
        if query and self.stack.currentIndex() == _RECORD:
            self._show_browse(focus=False)
        self._apply(keep_scroll=False)
        tracks = self.model.search(query, SEARCH_TRACK_LIMIT) if query else []
        self.found_tracks.show_found(tracks)
        more = "+" if len(tracks) >= SEARCH_TRACK_LIMIT else ""
        self.found_label.setText(fill(self.tr("Tracks  ·  %1"), f"{len(tracks)}{more}"))
        self.found.setVisible(bool(query))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search field, Esc clears (then leaves); Enter or Down goes to the results."""
        if watched is not self.search or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if event.type() != QEvent.Type.KeyPress:
            return False
        if event.key() == Qt.Key.Key_Escape:
            if self.search.text():
                self.search.clear()
                self._search_timer.stop()
                self._on_search()
            else:
                self.grid.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
            self._search_timer.stop()
            self._on_search()
            self._focus_first_result()
            return True
        return False

    def _focus_first_result(self) -> None:
        if self.records.rowCount() > 0:
            self.grid.setCurrentIndex(self.records.index(0))
            self.grid.setFocus(Qt.FocusReason.OtherFocusReason)
        elif (first := self.found_tracks.topLevelItem(0)) is not None:
            self.found_tracks.setCurrentItem(first)
            self.found_tracks.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------------------ playing
    def _key_at(self, index: QModelIndex) -> str:
        return self.records.record(index.row()).key

    def _tracks_of(self, key: str) -> tuple[Track, ...]:
        record = self.model.record(key)
        return record.tracks if record is not None else ()

    def _play_record(self, key: str) -> None:
        tracks = self._tracks_of(key)
        if tracks:
            self.play_requested.emit(list(tracks), 0)

    def _on_found_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        """Play a found track's record from that track (the track alone if it has none)."""
        track = TrackTree.track_of(item)
        if track is None:
            return
        record = record_of(self.model, track)
        if record is None:
            self.play_requested.emit([track], 0)
        else:
            self.play_requested.emit(list(record.tracks), track_position(record, track))

    def _on_grid_menu(self, index: QModelIndex, where: QPoint) -> None:
        menu = self.record_menu(self._key_at(index)) if index.isValid() else None
        if menu is not None:
            menu.popup(where)

    def _popup_tracks_menu(self, tracks: list[Track], where: QPoint) -> None:
        menu = self.tracks_menu(tracks)
        if menu is not None:
            menu.popup(where)

    def _on_found_menu(self, pos: QPoint) -> None:
        where = self.found_tracks.viewport().mapToGlobal(pos)
        self._popup_tracks_menu(self.found_tracks.tracks_at(pos), where)

    def _on_sleeve_arrived(self, key: str) -> None:
        row = self.records.row_of(key)
        if row >= 0:
            self.grid.update(self.records.index(row))

    def _show_browse(self, focus: bool = True) -> None:
        self.stack.setCurrentIndex(_BROWSE if len(self.contents) else _EMPTY)
        if focus:
            self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------------------ drops
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Take files and folders from the file manager; the crate's own sleeves stay put."""
        if _outside_paths(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Keep taking what :meth:`dragEnterEvent` took."""
        if _outside_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Hand dropped files and folders to the caller, which adds them to the library."""
        paths = _outside_paths(event)
        if paths:
            event.acceptProposedAction()
            self.paths_dropped.emit(paths)


def _outside_paths(event: QDropEvent) -> list[Path]:
    """Return the local paths a drag from outside the app carries (none for our own drags)."""
    mime = event.mimeData()
    return dropped_paths(mime) if dragged_tracks(mime) is None else []
