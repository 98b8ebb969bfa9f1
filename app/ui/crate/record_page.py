"""A record's page in the crate: the big sleeve, the record's details, and its sides and tracks.

Each side is a heading ("SIDE A · 18:42") over its tracks ("1  Title  3:45"). Double-click or
Enter on a track plays the record from that track; on a side's heading, plays that side.
Dragging tracks carries the selected ones; the menu of tracks is the crate's
(:class:`~app.ui.crate.play_menu.PlayMenus`).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.record import Record, Side
from app.core.track import Track
from app.ui.crate.record_list_model import clock
from app.ui.crate.shelves import WallBackdrop
from app.ui.crate.sleeve_art import SleeveArt
from app.ui.crate.track_tree import ROW_H, TRACK_ROLE, TrackTree
from app.ui.i18n import counted, fill
from app.ui.theme import Theme

SIDE_ROLE = int(Qt.ItemDataRole.UserRole) + 2
_SLEEVE_EDGE = 232


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
        back = self.tr("Back to the crate")
        self.back_button = QPushButton(f"\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}  {back}")
        self.back_button.setObjectName("crateBackButton")
        self.back_button.setAccessibleName(back)
        self.back_button.setToolTip(self.tr("Back to the crate (Esc)"))
        self.back_button.clicked.connect(self.back_requested)
        self.sleeve = _Sleeve(art)
        self.title = _label("crateRecordTitle", wrap=True)
        self.artist = _label("crateRecordArtist", wrap=True)
        self.details = _label("crateRecordDetails")
        self.play_button = QPushButton(self.tr("Play record"))
        self.play_button.setObjectName("cratePlayRecordButton")
        self.play_button.setAccessibleName(self.tr("Play this record from the start"))
        self.play_button.clicked.connect(self._play_from_start)
        self.tracks = TrackTree(["#", self.tr("Title"), self.tr("Time")])
        self.tracks.setObjectName("crateRecordTracks")
        self.tracks.setAccessibleName(self.tr("Tracks of the record"))
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
        self.play_button.setAccessibleName(fill(self.tr("Play %1 from the start"), summary.title))
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
        heading = fill(self.tr("Side %1  ·  %2"), side.label, clock(side.duration_s))
        item = QTreeWidgetItem([heading])
        item.setData(0, SIDE_ROLE, index)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setFont(0, self.theme.caption_font(19))
        item.setForeground(0, self.theme.brass_light if self.theme.is_night else self.theme.accent)
        item.setSizeHint(0, QSize(0, ROW_H))
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
        item.setSizeHint(0, QSize(0, ROW_H))
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


def _label(name: str, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _details(record: Record) -> str:
    summary = record.summary
    parts = [str(summary.year)] if summary.year else []
    count, sides = len(record.tracks), len(record.sides)
    parts.append(counted(RecordPage.tr("%n track(s)", "", count), count))
    parts.append(clock(summary.duration_s))
    if summary.is_single:
        disc = counted(RecordPage.tr("7-inch single, %n side(s)", "", sides), sides)
    else:
        disc = counted(RecordPage.tr("LP, %n side(s)", "", sides), sides)
    parts.append(disc)
    return "  ·  ".join(parts)
