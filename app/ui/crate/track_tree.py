"""A flat list of tracks that drags the selected ones: a record's tracks, or those a search finds.

:class:`TrackTree` lists the tracks of a record's page (under its sides' headings) and the
crate's tracks found by a search; :func:`list_palette` colours the crate's lists.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QPoint, QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from app.core.track import Track
from app.ui.crate.record_list_model import clock
from app.ui.theme import Theme
from app.ui.track_mime import TRACKS_MIME, TrackMimeData

TRACK_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ROW_H = 32  # a row of a record's page; found tracks are a little tighter


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
            item.setSizeHint(0, QSize(0, ROW_H - 4))
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


def list_palette(theme: Theme) -> QPalette:
    """Return ``theme``'s palette for lists: selection as a warm wash with ink-coloured text."""
    palette = theme.palette()
    wash = QColor(theme.accent)
    wash.setAlpha(84 if theme.is_night else 110)
    palette.setColor(QPalette.ColorRole.Highlight, wash)
    palette.setColor(QPalette.ColorRole.HighlightedText, theme.ink)
    return palette
