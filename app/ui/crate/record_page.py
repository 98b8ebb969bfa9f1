"""A record's page in the crate: the big sleeve, the record's details, and its sides and tracks.

Each side is a heading ("SIDE A · 18:42") over its tracks ("1  Title  3:45"). Double-click or
Enter on a track plays the record from that track; on a side's heading, plays that side.
Dragging tracks carries the selected ones. :class:`TrackTree` is also the crate's list of
tracks found by a search, and :func:`fill_play_menu` makes the menu of records and tracks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, QMimeData, QPoint, QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QDesktopServices,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.record import Record, Side
from app.core.track import Track
from app.ui.crate.record_list_model import SleeveArt, clock
from app.ui.crate.sleeve_delegate import WallBackdrop
from app.ui.theme import Theme
from app.ui.track_mime import TRACKS_MIME, TrackMimeData

TRACK_ROLE = int(Qt.ItemDataRole.UserRole) + 1
SIDE_ROLE = int(Qt.ItemDataRole.UserRole) + 2
_SLEEVE_EDGE = 232
_ROW_H = 32


class TrackTree(QTreeWidget):
    """A flat list of tracks (with optional heading rows) that drags the selected tracks."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(len(headers))
        self.setHeaderLabels(list(headers))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAlternatingRowColors(True)
        self.header().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )

    def set_theme(self, theme: Theme) -> None:
        """Letter and colour the list in ``theme``: a calm lamp-lit selection, not a glare."""
        self.setFont(theme.text_font(14))
        self.header().setFont(theme.caption_font(15))
        self.setPalette(list_palette(theme))

    @staticmethod
    def track_of(item: QTreeWidgetItem | None) -> Track | None:
        """Return the track a row stands for; ``None`` for a heading or no row."""
        return None if item is None else item.data(0, TRACK_ROLE)

    def tracks(self) -> list[Track]:
        """Return every track listed, top to bottom."""
        items = (self.topLevelItem(row) for row in range(self.topLevelItemCount()))
        return [t for t in map(self.track_of, items) if t is not None]

    def selected_tracks(self) -> list[Track]:
        """Return the selected tracks, top to bottom."""
        rows = sorted(self.indexOfTopLevelItem(item) for item in self.selectedItems())
        return [t for t in (self.track_of(self.topLevelItem(r)) for r in rows) if t is not None]

    def tracks_at(self, pos: QPoint) -> list[Track]:
        """Return what a context menu at ``pos`` (viewport coordinates) acts on.

        The selection when the row under the pointer is part of it, else that row alone.
        """
        item = self.itemAt(pos)
        track = self.track_of(item)
        if item is not None and item.isSelected():
            return self.selected_tracks()
        if track is None:
            return self.selected_tracks()
        self.setCurrentItem(item)
        return [track]

    def show_found(self, tracks: Sequence[Track]) -> None:
        """List ``tracks`` as search results, one row each: title, artist, album, time."""
        self.clear()
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for track in tracks:
            cells = [track.display_title, track.artist, track.album, clock(track.duration_s)]
            item = QTreeWidgetItem(cells)
            item.setData(0, TRACK_ROLE, track)
            item.setTextAlignment(len(cells) - 1, right)
            item.setSizeHint(0, QSize(0, _ROW_H - 4))
            self.addTopLevelItem(item)

    def mimeTypes(self) -> list[str]:
        """Return what a drag of tracks carries."""
        return [TRACKS_MIME, "text/uri-list"]

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        """Return :class:`TrackMimeData` with the dragged tracks in list order."""
        rows = sorted(self.indexOfTopLevelItem(item) for item in items)
        tracks = [self.track_of(self.topLevelItem(row)) for row in rows]
        return TrackMimeData([t for t in tracks if t is not None])

    def supportedDropActions(self) -> Qt.DropAction:
        """Return copy only (this is also what a drag offers): tracks are never moved out."""
        return Qt.DropAction.CopyAction


class _Sleeve(QWidget):
    """The record's sleeve, large, with its shadow; repainted when the thumbnail arrives."""

    def __init__(self, art: SleeveArt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.art = art
        self.record: Record | None = None
        self.setFixedSize(QSize(_SLEEVE_EDGE + 12, _SLEEVE_EDGE + 12))
        art.arrived.connect(self._on_arrived)

    def show_record(self, record: Record) -> None:
        self.record = record
        self.update()

    def _on_arrived(self, key: str) -> None:
        if self.record is not None and key == self.record.summary.key:
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.record is None:
            return
        painter = QPainter(self)
        ratio = self.devicePixelRatioF()
        painter.drawPixmap(QPoint(2, 4), self.art.shadow(_SLEEVE_EDGE, ratio))
        summary = self.record.summary
        picture = self.art.pixmap(summary, _SLEEVE_EDGE, ratio)
        painter.drawPixmap(
            QRect(6, 6, _SLEEVE_EDGE, _SLEEVE_EDGE),
            picture or self.art.placeholder(_SLEEVE_EDGE, ratio),
        )
        painter.end()


class RecordPage(QWidget):
    """One record: sleeve, title, artist, year and length, then its sides and tracks."""

    back_requested = Signal()
    play_requested = Signal(object, int)
    """``(tracks, start_index)``: play these tracks from that one."""
    menu_requested = Signal(object, QPoint)
    """``(tracks, global position)``: the user asked for the menu of these tracks."""

    def __init__(self, art: SleeveArt, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crateRecordPage")
        self.record: Record | None = None
        self._wall = WallBackdrop()
        self._build(art)
        self.set_theme(theme)

    def _build(self, art: SleeveArt) -> None:
        self.back_button = QPushButton(
            "\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}  Back to the crate"
        )
        self.back_button.setObjectName("crateBackButton")
        self.back_button.setAccessibleName("Back to the crate")
        self.back_button.setToolTip("Back to the crate (Esc)")
        self.back_button.clicked.connect(self.back_requested)
        self.sleeve = _Sleeve(art)
        self.title = _label("crateRecordTitle", wrap=True)
        self.artist = _label("crateRecordArtist", wrap=True)
        self.details = _label("crateRecordDetails")
        self.play_button = QPushButton("Play record")
        self.play_button.setObjectName("cratePlayRecordButton")
        self.play_button.setAccessibleName("Play this record from the start")
        self.play_button.clicked.connect(self._play_from_start)
        self.tracks = TrackTree(["#", "Title", "Time"])
        self.tracks.setObjectName("crateRecordTracks")
        self.tracks.setAccessibleName("Tracks of the record")
        header = self.tracks.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(44)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tracks.itemActivated.connect(self._on_activated)
        self.tracks.customContextMenuRequested.connect(self._on_menu)
        self.setLayout(self._layout())

    def _layout(self) -> QVBoxLayout:
        text = QVBoxLayout()
        text.setSpacing(6)
        text.addStretch(1)
        for widget in (self.title, self.artist, self.details):
            text.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addStretch(1)
        text.addSpacing(10)
        text.addLayout(buttons)
        head = QHBoxLayout()
        head.setSpacing(22)
        head.addWidget(self.sleeve, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(text, 1)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        page = QVBoxLayout()
        page.setContentsMargins(18, 12, 18, 12)
        page.setSpacing(12)
        page.addLayout(top)
        page.addLayout(head)
        page.addWidget(self.tracks, 1)
        return page

    def set_theme(self, theme: Theme) -> None:
        """Letter the page in ``theme``."""
        self.theme = theme
        self.title.setFont(theme.text_font(26, bold=True))
        self.artist.setFont(theme.text_font(18))
        self.details.setFont(theme.caption_font(17))
        self.tracks.set_theme(theme)
        for label, colour in ((self.title, theme.ink), (self.artist, theme.ink),
                              (self.details, theme.ink_dim)):  # fmt: skip
            palette = label.palette()
            palette.setColor(label.foregroundRole(), colour)
            label.setPalette(palette)
        if self.record is not None:
            self.show_record(self.record)

    def show_record(self, record: Record) -> None:
        """Show ``record``: its details, then each side as a heading over its tracks."""
        self.record = record
        summary = record.summary
        self.sleeve.show_record(record)
        self.title.setText(summary.title)
        self.artist.setText(summary.artist)
        self.details.setText(_details(record))
        self.play_button.setAccessibleName(f"Play {summary.title} from the start")
        self.tracks.clear()
        position = 0
        for side_index, side in enumerate(record.sides):
            heading = self._heading(side, side_index)
            self.tracks.addTopLevelItem(heading)
            heading.setFirstColumnSpanned(True)  # only once the item is in the tree
            for track in side.tracks:
                position += 1
                self.tracks.addTopLevelItem(self._track_row(record, track, position))
        first = self.tracks.topLevelItem(1)
        if first is not None:  # keyboard focus on the first track, nothing selected yet
            self.tracks.setCurrentItem(first, 0, QItemSelectionModel.SelectionFlag.NoUpdate)

    def _heading(self, side: Side, index: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem([f"Side {side.label}  ·  {clock(side.duration_s)}"])
        item.setData(0, SIDE_ROLE, index)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setFont(0, self.theme.caption_font(19))
        item.setForeground(0, self.theme.brass_light if self.theme.is_night else self.theme.accent)
        item.setSizeHint(0, QSize(0, _ROW_H))
        return item

    def _track_row(self, record: Record, track: Track, position: int) -> QTreeWidgetItem:
        number = track.track_number or position
        title = track.display_title
        if track.artist and track.artist != record.summary.artist:
            title = f"{title}  —  {track.artist}"
        item = QTreeWidgetItem([str(number), title, clock(track.duration_s)])
        item.setData(0, TRACK_ROLE, track)
        item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setForeground(0, self.theme.ink_dim)
        item.setFont(2, self.theme.number_font(13))
        item.setSizeHint(0, QSize(0, _ROW_H))
        return item

    def play_from(self, track: Track) -> None:
        """Play the record from ``track``."""
        if self.record is not None and track in self.record.tracks:
            self.play_requested.emit(list(self.record.tracks), self.record.tracks.index(track))

    def _play_from_start(self) -> None:
        if self.record is not None and self.record.tracks:
            self.play_requested.emit(list(self.record.tracks), 0)

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        track = TrackTree.track_of(item)
        if track is not None:
            self.play_from(track)
            return
        side = item.data(0, SIDE_ROLE)
        if self.record is not None and side is not None:
            self.play_requested.emit(list(self.record.sides[side].tracks), 0)

    def _on_menu(self, pos: QPoint) -> None:
        item = self.tracks.itemAt(pos)
        side = item.data(0, SIDE_ROLE) if item is not None else None
        if self.record is not None and side is not None:  # a side's heading: the whole side
            tracks = list(self.record.sides[side].tracks)
        else:
            tracks = self.tracks.tracks_at(pos)
        if tracks:
            self.menu_requested.emit(tracks, self.tracks.viewport().mapToGlobal(pos))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the crate's lamp-lit back wall behind the page."""
        self._wall.paint(self, self.theme)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc, Backspace or Alt+Left go back to the crate."""
        back = event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Backspace) or (
            event.key() == Qt.Key.Key_Left and event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if back:
            self.back_requested.emit()
            return
        super().keyPressEvent(event)


def list_palette(theme: Theme) -> QPalette:
    """Return ``theme``'s palette for lists: selection as a warm wash with ink-coloured text."""
    palette = theme.palette()
    wash = QColor(theme.accent)
    wash.setAlpha(84 if theme.is_night else 110)
    palette.setColor(QPalette.ColorRole.Highlight, wash)
    palette.setColor(QPalette.ColorRole.HighlightedText, theme.ink)
    return palette


def _label(name: str, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _details(record: Record) -> str:
    summary = record.summary
    parts = [str(summary.year)] if summary.year else []
    count = len(record.tracks)
    parts.append(f"{count} track" + ("" if count == 1 else "s"))
    parts.append(clock(summary.duration_s))
    sides = len(record.sides)
    disc = "7-inch single" if summary.is_single else "LP"
    parts.append(f"{disc}, {sides} side" + ("" if sides == 1 else "s"))
    return "  ·  ".join(parts)


def track_position(record: Record | None, track: Track) -> int:
    """Return where ``track`` sits in ``record`` (matched by path), or -1."""
    if record is None:
        return -1
    return next((i for i, t in enumerate(record.tracks) if t.path == track.path), -1)


def fill_play_menu(
    menu: QMenu,
    record: Record | None,
    tracks: Sequence[Track],
    start: int,
    actions: PlayActions,
) -> None:
    """Add what can be done with ``tracks`` of ``record`` to ``menu``.

    "Play" plays the record from track ``start`` (or ``tracks`` themselves when ``start`` is
    -1 or the record is unknown); "Play next" and "Add to queue" take ``tracks``; one
    "Play side X" per side after A plays exactly that side; "Show in folder" opens the folder
    of the first track. Actions are named ``play``, ``play_next``, ``add``,
    ``play_side_<label>`` and ``show_folder``.
    """
    chosen = list(tracks)
    if start >= 0 and record is not None:
        play = functools.partial(actions.play, list(record.tracks), start)
    else:
        play = functools.partial(actions.play, chosen, 0)
    _action(menu, "play", "Play", play)
    _action(menu, "play_next", "Play next", functools.partial(actions.play_next, chosen))
    _action(menu, "add", "Add to queue", functools.partial(actions.add, chosen))
    sides = record.sides[1:] if record is not None else ()
    if sides:
        menu.addSeparator()
    for side in sides:
        play_side = functools.partial(actions.play, list(side.tracks), 0)
        _action(menu, f"play_side_{side.label}", f"Play side {side.label}", play_side)
    menu.addSeparator()
    folder = QUrl.fromLocalFile(str(chosen[0].path.parent))
    _action(menu, "show_folder", "Show in folder", lambda: QDesktopServices.openUrl(folder))


@dataclass(frozen=True)
class PlayActions:
    """Where a play menu sends its choices."""

    play: Callable[[list[Track], int], object]
    play_next: Callable[[list[Track]], object]
    add: Callable[[list[Track]], object]


def _action(menu: QMenu, name: str, text: str, slot: Callable[[], object]) -> QAction:
    action = menu.addAction(text)
    action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: slot())
    return action
