"""The collection as the crate sees it: records, sides, tracks, artists, genres, years, search.

Listing reads record summaries with one indexed ``GROUP BY`` (tens of milliseconds at 50,000
tracks); a record's tracks and sides are read only when it is opened.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from enum import Enum

from app.core.record import Record, RecordSummary
from app.core.track import Track
from app.library.records import build_record, record_artist
from app.library.search_text import match_expression
from app.library.store import Store

_SUMMARY = """
SELECT record_key, max(album), max(album_artist), count(DISTINCT artist), max(artist),
       max(year), max(genre), count(*), total(duration_s), max(has_cover), max(compilation),
       max(added_at), max(last_played), total(play_count), min(path), min(title)
FROM tracks {where} GROUP BY record_key
"""


class RecordOrder(Enum):
    """How the crate sorts records."""

    ARTIST = "artist"
    ALBUM = "album"
    YEAR = "year"
    RECENTLY_ADDED = "recently_added"
    MOST_PLAYED = "most_played"


@dataclass(frozen=True, slots=True)
class NameCount:
    """An artist, genre or year, and how many records carry it."""

    name: str
    records: int


def _summary(row: tuple[object, ...]) -> RecordSummary:
    (
        key, album, album_artist, artist_count, artist, year, genre, count, duration,
        has_cover, compilation, added_at, last_played, plays, first_path, first_title,
    ) = row  # fmt: skip
    return RecordSummary(
        key=str(key),
        title=str(album or first_title),
        artist=record_artist(
            str(album_artist),
            int(artist_count),  # type: ignore[call-overload]
            str(artist),
            bool(compilation),
        ),
        year=year,  # type: ignore[arg-type]
        genre=str(genre),
        track_count=int(count),  # type: ignore[call-overload]
        duration_s=float(duration),  # type: ignore[arg-type]
        has_cover=bool(has_cover),
        is_single=not album,
        added_at=float(added_at),  # type: ignore[arg-type]
        last_played=last_played,  # type: ignore[arg-type]
        play_count=int(plays),  # type: ignore[call-overload]
        first_path=os.fsdecode(first_path),  # type: ignore[arg-type]
    )


def _sort_key(order: RecordOrder) -> object:
    if order is RecordOrder.ALBUM:
        return lambda r: (r.title.casefold(), r.artist.casefold())
    if order is RecordOrder.YEAR:
        return lambda r: (r.year or 0, r.artist.casefold(), r.title.casefold())
    if order is RecordOrder.RECENTLY_ADDED:
        return lambda r: (-r.added_at, r.artist.casefold())
    if order is RecordOrder.MOST_PLAYED:
        return lambda r: (-r.play_count, r.artist.casefold(), r.title.casefold())
    return lambda r: (r.artist.casefold(), r.year or 0, r.title.casefold())


class LibraryModel:
    """Read-only views of the library for the crate and the command line."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def records(
        self, order: RecordOrder = RecordOrder.ARTIST, genre: str | None = None
    ) -> list[RecordSummary]:
        """Return every record, sorted, optionally only those of one genre."""
        where, parameters = "", ()
        if genre is not None:
            where, parameters = "WHERE genre = ?", (genre,)  # type: ignore[assignment]
        rows = self.store.execute(_SUMMARY.format(where=where), parameters)
        summaries = [_summary(row) for row in rows]
        summaries.sort(key=_sort_key(order))  # type: ignore[arg-type]
        return summaries

    def record(self, key: str) -> Record | None:
        """Return one record with its tracks in order and its sides."""
        row = self.store.execute(_SUMMARY.format(where="WHERE record_key = ?"), (key,)).fetchone()
        if row is None:
            return None
        return build_record(_summary(row), self.store.tracks_of_record(key))

    def search(self, query: str, limit: int = 100) -> list[Track]:
        """Return tracks matching what the user typed: every word as a prefix, best first."""
        expression = match_expression(query)
        if expression is None:
            return []
        # One typed character matches most of a big library, and ranking 30,000 matches costs
        # 25 ms for an order that means nothing yet: such a query is answered unranked.
        ranked = sum(c.isalnum() for c in query) > 1
        order = "ORDER BY bm25(track_search, 10.0, 5.0, 5.0, 3.0, 1.0)" if ranked else ""
        try:
            rows = self.store.execute(
                f"SELECT rowid FROM track_search WHERE track_search MATCH ? {order} LIMIT ?",
                (expression, limit),
            ).fetchall()
        except sqlite3.OperationalError:  # a query FTS5 cannot parse finds nothing
            return []
        return self.store.tracks_by_ids([row[0] for row in rows])

    def artists(self) -> list[NameCount]:
        """Return record artists with their record counts, by name."""
        counts: dict[str, int] = {}
        for summary in self.records():
            counts[summary.artist] = counts.get(summary.artist, 0) + 1
        return [NameCount(name, n) for name, n in sorted(counts.items(), key=_folded)]

    def genres(self) -> list[NameCount]:
        """Return genres with their record counts, by name."""
        rows = self.store.execute(
            "SELECT genre, count(DISTINCT record_key) FROM tracks WHERE genre != '' GROUP BY genre"
        )
        return sorted((NameCount(str(g), int(n)) for g, n in rows), key=lambda c: c.name.casefold())

    def years(self) -> list[NameCount]:
        """Return years with their record counts, oldest first."""
        rows = self.store.execute(
            "SELECT year, count(DISTINCT record_key) FROM tracks "
            "WHERE year IS NOT NULL GROUP BY year ORDER BY year"
        )
        return [NameCount(str(year), int(n)) for year, n in rows]

    def recently_added(self, limit: int = 50) -> list[RecordSummary]:
        """Return the records added last, newest first."""
        return self.records(RecordOrder.RECENTLY_ADDED)[:limit]

    def recently_played(self, limit: int = 50) -> list[RecordSummary]:
        """Return the records played last, newest first."""
        rows = self.store.execute(
            "SELECT t.record_key, max(p.played_at) AS last FROM plays p "
            "JOIN tracks t ON t.id = p.track_id GROUP BY t.record_key ORDER BY last DESC LIMIT ?",
            (limit,),
        ).fetchall()
        keys = [str(key) for key, _ in rows]
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        found = {
            s.key: s
            for s in map(
                _summary,
                self.store.execute(_SUMMARY.format(where=f"WHERE record_key IN ({marks})"), keys),
            )
        }
        return [found[k] for k in keys if k in found]


def _folded(item: tuple[str, int]) -> str:
    return item[0].casefold()
