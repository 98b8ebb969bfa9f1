"""The crate's records: which are shown and in what order, and the list model.

:class:`CrateContents` keeps every record of the library in plain Python lists and answers the
crate's questions (sort, artist, genre, typed words) without going back to the database: at
5,000 records (50,000 tracks) a keystroke costs a few milliseconds. :class:`RecordListModel` is
the flat list the sleeve grid shows; the sleeves' pictures come from
:mod:`app.ui.crate.sleeve_art`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.core.record import RecordSummary
from app.core.track import Track
from app.library.model import RecordOrder
from app.ui.i18n import counted, fill
from app.ui.time_text import format_clock
from app.ui.track_mime import TRACKS_MIME, TrackMimeData

#: The sort choices the crate offers, in menu order; translated where they are shown.
SORT_CHOICES: tuple[tuple[str, RecordOrder], ...] = (
    (QT_TRANSLATE_NOOP("RecordListModel", "Artist"), RecordOrder.ARTIST),
    (QT_TRANSLATE_NOOP("RecordListModel", "Album"), RecordOrder.ALBUM),
    (QT_TRANSLATE_NOOP("RecordListModel", "Year"), RecordOrder.YEAR),
    (QT_TRANSLATE_NOOP("RecordListModel", "Recently added"), RecordOrder.RECENTLY_ADDED),
    (QT_TRANSLATE_NOOP("RecordListModel", "Most played"), RecordOrder.MOST_PLAYED),
)


def sort_choices() -> list[tuple[str, RecordOrder]]:
    """Return the sort choices, their names in the user's language."""
    return [
        (QCoreApplication.translate("RecordListModel", label), order)
        for label, order in SORT_CHOICES
    ]


RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
"""Item data role holding the row's :class:`~app.core.record.RecordSummary`."""
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
"""Item data role holding the row's record key."""

_AnyIndex = QModelIndex | QPersistentModelIndex


def folded(text: str) -> str:
    """Return ``text`` without case or accents, for matching what the user types.

    Accents are dropped by decomposing, removing combining marks and composing again, so
    Hangul syllables come back whole ("사랑" still matches inside "첫사랑해").
    """
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).casefold()


_Names = Callable[[RecordSummary], tuple[str, str]]


def _folded_names(record: RecordSummary) -> tuple[str, str]:
    return folded(record.title), folded(record.artist)


def _sort_key(order: RecordOrder, names: _Names) -> Callable[[RecordSummary], Any]:
    """Return the sort key of ``order``; ``names`` gives a record's folded title and artist."""
    if order is RecordOrder.ALBUM:
        return lambda r: names(r)
    if order is RecordOrder.YEAR:
        return lambda r: (r.year or 0, names(r)[1], names(r)[0])
    if order is RecordOrder.RECENTLY_ADDED:
        return lambda r: (-r.added_at, names(r)[1], names(r)[0])
    if order is RecordOrder.MOST_PLAYED:
        return lambda r: (-r.play_count, names(r)[1], names(r)[0])
    return lambda r: (names(r)[1], r.year or 0, names(r)[0])


def sort_records(records: Iterable[RecordSummary], order: RecordOrder) -> list[RecordSummary]:
    """Return ``records`` in ``order``, comparing names without case or accents.

    The orders are the library model's, except that "Étienne" files under E rather than
    after Z.
    """
    return sorted(records, key=_sort_key(order, _folded_names))


class CrateContents:
    """Every record of the library, sorted once per order and filtered in memory."""

    def __init__(self) -> None:
        self._records: list[RecordSummary] = []
        self._sorted: dict[RecordOrder, list[RecordSummary]] = {}
        self._names: dict[str, tuple[str, str]] = {}  # key -> folded title and artist
        self._haystacks: dict[str, str] = {}

    def set_records(self, records: Iterable[RecordSummary]) -> None:
        """Replace the records (after a scan); sorted lists are made again on demand."""
        self._records = list(records)
        self._sorted = {}
        self._names = {r.key: _folded_names(r) for r in self._records}
        self._haystacks = {
            key: f"{title}\n{artist}" for key, (title, artist) in self._names.items()
        }

    def __len__(self) -> int:
        return len(self._records)

    def sorted(self, order: RecordOrder) -> list[RecordSummary]:
        """Return every record in ``order`` (cached until the records change)."""
        found = self._sorted.get(order)
        if found is None:
            key = _sort_key(order, lambda r: self._names[r.key])
            found = self._sorted[order] = sorted(self._records, key=key)
        return found

    def select(
        self,
        order: RecordOrder,
        *,
        artist: str | None = None,
        keys: Collection[str] | None = None,
        query: str = "",
    ) -> list[RecordSummary]:
        """Return the records to show, in ``order``.

        Parameters
        ----------
        order
            The sort.
        artist
            Only records filed under this artist.
        keys
            Only records whose key is in this collection (a genre's records).
        query
            Only records whose title or artist contains every typed word, ignoring case
            and accents.

        """
        words = folded(query).split()
        haystacks = self._haystacks
        return [
            r
            for r in self.sorted(order)
            if (artist is None or r.artist == artist)
            and (keys is None or r.key in keys)
            and all(word in haystacks[r.key] for word in words)
        ]

    def artists(self) -> list[tuple[str, int]]:
        """Return record artists with their record counts, by name."""
        counts: dict[str, int] = {}
        for record in self._records:
            counts[record.artist] = counts.get(record.artist, 0) + 1
        return sorted(counts.items(), key=lambda item: folded(item[0]))


class RecordListModel(QAbstractListModel):
    """A flat list of record summaries for the sleeve grid; dragging a row carries its tracks.

    Parameters
    ----------
    tracks_of
        Returns a record's tracks in playing order from its key (read when a drag starts).
    parent
        Qt parent.

    """

    def __init__(
        self, tracks_of: Callable[[str], Sequence[Track]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._tracks_of = tracks_of
        self._records: list[RecordSummary] = []
        self._rows: dict[str, int] = {}

    def set_records(self, records: Sequence[RecordSummary]) -> None:
        """Show ``records`` (a reset: views keep nothing of the old rows)."""
        self.beginResetModel()
        self._records = list(records)
        self._rows = {r.key: row for row, r in enumerate(self._records)}
        self.endResetModel()

    def records(self) -> list[RecordSummary]:
        """Return the records shown, in order."""
        return list(self._records)

    def record(self, row: int) -> RecordSummary:
        """Return the record on ``row``."""
        return self._records[row]

    def row_of(self, key: str) -> int:
        """Return the row of the record ``key``, or -1 when it is not shown."""
        return self._rows.get(key, -1)

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Return the number of records (none under a valid parent: this is a flat list)."""
        return 0 if parent.isValid() else len(self._records)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the title, a tooltip, the summary or the key of a row."""
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return record.title
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return describe(record)
        if role == RECORD_ROLE:
            return record
        if role == KEY_ROLE:
            return record.key
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        """Rows are enabled, selectable and draggable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def mimeTypes(self) -> list[str]:
        """Return what a drag of records carries: tracks in the app, file URLs outside it."""
        return [TRACKS_MIME, "text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """Return :class:`TrackMimeData` with the tracks of the dragged records, in row order."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        tracks: list[Track] = []
        for row in rows:
            tracks.extend(self._tracks_of(self._records[row].key))
        return TrackMimeData(tracks)

    def supportedDragActions(self) -> Qt.DropAction:
        """Return copy only: records go to the deck or the queue, never out of the crate."""
        return Qt.DropAction.CopyAction


def describe(record: RecordSummary) -> str:
    """Return a one-line description for tooltips and screen readers."""
    by = QCoreApplication.translate("RecordListModel", "%1 by %2")
    parts = [fill(by, record.title, record.artist)]
    if record.year:
        parts.append(str(record.year))
    count = record.track_count
    tracks = counted(RecordListModel.tr("%n track(s)", "", count), count)
    parts.append(f"{tracks}, {clock(record.duration_s)}")
    return " · ".join(parts)


def clock(seconds: float | None) -> str:
    """Return ``m:ss`` or ``h:mm:ss`` for a length; an em dash when it is unknown."""
    return "—" if seconds is None else format_clock(round(seconds))
