"""The queue as a Qt list model: one row per queued item, in play order.

The model mirrors a :class:`~app.core.queue.Queue`. It keeps a snapshot of the queue's tracks and
works out what a change did: only the current item or a mode moved (two rows repaint), a run of
items was inserted or removed (rows are inserted or removed, so selection and scroll survive), or
anything else (a shuffle, a replace: the model resets). Reordering and inserting at a row, which
the model itself asks of the queue, are announced exactly. Nothing is rebuilt per row, so a
50,000-item queue stays quick.

Drags out of the model carry a :class:`~app.ui.track_mime.TrackMimeData` with the queue rows;
dropping one back reorders. Tracks dropped from elsewhere in the app are inserted at the drop
row; files dropped from the file manager are announced with :attr:`QueueModel.paths_dropped`,
since only the library can turn paths into tracks. Its rows are painted by
:class:`~app.ui.queue_delegate.QueueDelegate`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

import shiboken6
from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from app.core.queue import Queue
from app.core.track import Track
from app.ui.i18n import fill
from app.ui.time_text import format_clock
from app.ui.track_mime import TRACKS_MIME, TrackMimeData, accepts, dragged_tracks, dropped_paths

TrackRole = Qt.ItemDataRole.UserRole + 1  # the Track
ArtistRole = Qt.ItemDataRole.UserRole + 2  # str
DurationTextRole = Qt.ItemDataRole.UserRole + 3  # "3:12", or "" when unknown
IsCurrentRole = Qt.ItemDataRole.UserRole + 4  # bool

_MAX_RANGES_REMOVED_ONE_BY_ONE = 32  # beyond this many runs a removal resets the model instead

_Index = QModelIndex | QPersistentModelIndex


def _common_prefix(a: Sequence[Track], b: Sequence[Track]) -> int:
    """Return how many leading items ``a`` and ``b`` share (by identity)."""
    count = 0
    for x, y in zip(a, b, strict=False):
        if x is not y:
            break
        count += 1
    return count


def _common_suffix(a: Sequence[Track], b: Sequence[Track], limit: int) -> int:
    """Return how many trailing items ``a`` and ``b`` share (by identity), at most ``limit``."""
    count = 0
    while count < limit and a[len(a) - 1 - count] is b[len(b) - 1 - count]:
        count += 1
    return count


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Split sorted, distinct ``rows`` into ``(first, last)`` runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class QueueModel(QAbstractListModel):
    """A list model over a :class:`Queue`: title, artist and length per row, current marked.

    Parameters
    ----------
    queue
        The queue to show; :meth:`set_queue` swaps it.
    parent
        The owning QObject.

    Attributes
    ----------
    paths_dropped : Signal(object, int)
        Files or folders (``list[Path]``) were dropped from outside the app, with the row to
        insert them at (``-1``: the end).
    current_row_changed : Signal(int)
        The current item became another item (or none: ``-1``).
    summary_changed : Signal()
        The count, total time, shuffle or repeat mode may have changed.

    """

    paths_dropped = Signal(object, int)
    current_row_changed = Signal(int)
    summary_changed = Signal()

    def __init__(self, queue: Queue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue = queue
        self._tracks: tuple[Track, ...] = queue.tracks
        self._current = queue.current_index
        self._total: tuple[float, int] | None = None  # (known seconds, unknown count), lazily
        self._applying = False  # True while the model itself changes the queue
        self._bold = QFont()
        self._bold.setBold(True)
        self._connect(queue)

    # ---------------------------------------------------------------- the queue
    @property
    def queue(self) -> Queue:
        """The queue shown."""
        return self._queue

    def set_queue(self, queue: Queue) -> None:
        """Show another queue (the session may replace it after restoring one)."""
        if queue is self._queue:
            return
        self._disconnect(self._queue)
        self.beginResetModel()
        self._queue = queue
        self._tracks, self._current, self._total = queue.tracks, queue.current_index, None
        self.endResetModel()
        self._connect(queue)
        self.summary_changed.emit()
        self.current_row_changed.emit(self._current)

    def track_at(self, row: int) -> Track:
        """Return the track shown on ``row``."""
        return self._tracks[row]

    @property
    def current_row(self) -> int:
        """The current item's row, or ``-1``."""
        return self._current

    def total_duration(self) -> tuple[float, int]:
        """Return the queue's known playing time in seconds and how many lengths are unknown."""
        if self._total is None:
            known = [t.duration_s for t in self._tracks if t.duration_s]
            self._total = (float(sum(t or 0.0 for t in known)), len(self._tracks) - len(known))
        return self._total

    def _connect(self, queue: Queue) -> None:
        queue.changed.connect(self._on_queue_changed)
        queue.current_changed.connect(self._on_current_changed)

    def _disconnect(self, queue: Queue) -> None:
        queue.changed.disconnect(self._on_queue_changed)
        queue.current_changed.disconnect(self._on_current_changed)

    def _alive(self) -> bool:
        """Whether the Qt side still exists; a deleted model stops listening to its queue."""
        if shiboken6.isValid(self):
            return True
        self._disconnect(self._queue)
        return False

    def _on_queue_changed(self) -> None:
        if self._applying or not self._alive():
            return
        new, old = self._queue.tracks, self._tracks
        if len(new) != len(old) or _common_prefix(new, old) != len(old):
            self._apply_diff(old, new)
        self._refresh_current()
        self.summary_changed.emit()

    def _on_current_changed(self) -> None:
        if self._alive():
            self.current_row_changed.emit(self._current)

    def _apply_diff(self, old: tuple[Track, ...], new: tuple[Track, ...]) -> None:
        """Announce a change of items: one inserted or removed run exactly, else a reset."""
        self._total = None
        head = _common_prefix(old, new)
        tail = _common_suffix(old, new, min(len(old), len(new)) - head)
        grown = len(new) - len(old)
        if grown > 0 and head + tail == len(old):
            self.beginInsertRows(QModelIndex(), head, head + grown - 1)
            self._tracks = new
            self.endInsertRows()
        elif grown < 0 and head + tail == len(new):
            self.beginRemoveRows(QModelIndex(), head, head - grown - 1)
            self._tracks = new
            self.endRemoveRows()
        else:
            self.beginResetModel()
            self._tracks = new
            self.endResetModel()

    def _refresh_current(self) -> None:
        """Repaint the rows that gained or lost the current mark."""
        old, new = self._current, self._queue.current_index
        self._current = new
        for row in {old, new}:
            if 0 <= row < len(self._tracks):
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)

    # ---------------------------------------------------------------- Qt model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Return the number of queued items (none under an item)."""
        return 0 if parent.isValid() else len(self._tracks)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Return what ``role`` asks of the item at ``index``."""
        if not index.isValid() or not 0 <= index.row() < len(self._tracks):
            return None
        track = self._tracks[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return track.display_title
        if role == ArtistRole:
            return track.artist
        if role == DurationTextRole:
            return format_clock(track.duration_s) if track.duration_s else ""
        if role == IsCurrentRole:
            return index.row() == self._current
        if role == TrackRole:
            return track
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if index.row() == self._current else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(track.path)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken(index.row(), track)
        return None

    def _spoken(self, row: int, track: Track) -> str:
        """Return a screen reader's line for a row."""
        words = [track.display_title]
        if track.artist:
            words.append(fill(self.tr("by %1"), track.artist))
        if track.duration_s:
            words.append(format_clock(track.duration_s))
        line = ", ".join(words)
        return fill(self.tr("Now playing: %1"), line) if row == self._current else line

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Items are selectable and draggable; drops land between them, never onto one."""
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def supportedDropActions(self) -> Qt.DropAction:
        """Accept moves (reordering) and copies (from the crate or the file manager)."""
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        """Return the drag formats the model reads and writes."""
        return [TRACKS_MIME, "text/uri-list"]

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData:
        """Return a :class:`TrackMimeData` for the rows of ``indexes``, in queue order."""
        rows = sorted({index.row() for index in indexes if index.isValid()})
        return TrackMimeData([self._tracks[row] for row in rows], queue_rows=rows)

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: _Index,
    ) -> bool:
        """Return whether ``data`` carries tracks or local files."""
        return action != Qt.DropAction.IgnoreAction and accepts(data)

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: _Index,
    ) -> bool:
        """Reorder, insert tracks, or announce dropped files, at ``row`` (``-1``: the end)."""
        if action == Qt.DropAction.IgnoreAction:
            return False
        if parent.isValid():
            row = parent.row()
        at_end = not 0 <= row < len(self._tracks)
        row = len(self._tracks) if at_end else row
        tracks = dragged_tracks(data)
        if tracks is not None:
            rows = getattr(data, "queue_rows", ())
            if rows and self._rows_hold(rows, tracks):
                self.move_rows(rows, row)
            else:
                self.insert_tracks(tracks, row)
            return bool(tracks)
        paths = dropped_paths(data)
        if paths:
            self.paths_dropped.emit(paths, -1 if at_end else row)
        return bool(paths)

    def _rows_hold(self, rows: Sequence[int], tracks: Sequence[Track]) -> bool:
        """Whether ``rows`` of this queue still hold exactly ``tracks`` (a drag from here)."""
        return len(rows) == len(tracks) and all(
            0 <= row < len(self._tracks) and self._tracks[row] is track
            for row, track in zip(rows, tracks, strict=True)
        )

    # ---------------------------------------------------------------- edits
    def remove_rows(self, rows: Iterable[int]) -> None:
        """Remove the items on ``rows`` from the queue.

        A few runs of rows are removed run by run, so the view keeps its place; a scattered
        selection of many runs is removed at once.
        """
        wanted = sorted({row for row in rows if 0 <= row < len(self._tracks)})
        runs = _runs(wanted)
        if len(runs) > _MAX_RANGES_REMOVED_ONE_BY_ONE:
            self._queue.remove(wanted)
            return
        for first, last in reversed(runs):
            self._queue.remove(range(first, last + 1))

    def insert_tracks(self, tracks: Sequence[Track], row: int) -> None:
        """Insert ``tracks`` so the first lands on ``row`` (clamped to the end)."""
        if not tracks:
            return
        row = min(max(row, 0), len(self._tracks))
        end = len(self._tracks)
        self.beginInsertRows(QModelIndex(), row, row + len(tracks) - 1)
        self._applying = True
        try:
            self._queue.add(tracks)
            if row < end:
                self._queue.move_many(range(end, end + len(tracks)), row)
        finally:
            self._applying = False
            self._tracks, self._total = self._queue.tracks, None
            self.endInsertRows()
        self._refresh_current()
        self.summary_changed.emit()

    def move_rows(self, rows: Iterable[int], drop_row: int) -> None:
        """Move the items on ``rows`` together to the gap before ``drop_row`` (as seen before).

        The items keep their order; the current item stays current; selections follow the
        items they were on.
        """
        moving = sorted({row for row in rows if 0 <= row < len(self._tracks)})
        if not moving:
            return
        drop_row = min(max(drop_row, 0), len(self._tracks))
        to_index = drop_row - bisect_left(moving, drop_row)
        self.layoutAboutToBeChanged.emit()
        self._applying = True
        try:
            self._queue.move_many(moving, to_index)
        finally:
            self._applying = False
            self._tracks = self._queue.tracks
            self._remap_persistent(moving, to_index)
            self.layoutChanged.emit()
        self._refresh_current()
        self.summary_changed.emit()

    def _remap_persistent(self, moving: list[int], to_index: int) -> None:
        """Point persistent indexes (selection, focus) at where their items went."""
        moving_set = set(moving)

        def new_row(row: int) -> int:
            if row in moving_set:
                return to_index + bisect_left(moving, row)
            rest = row - bisect_left(moving, row)
            return rest if rest < to_index else rest + len(moving)

        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [self.index(new_row(i.row()), 0) for i in old])
