"""The library database's schema, as numbered migrations.

``PRAGMA user_version`` holds how many migrations a database has had. Opening runs the ones it
lacks, each in its own transaction, so a database from any earlier release is brought up to
date and one from a later release is refused rather than damaged.

Paths are stored as the file system's bytes (``os.fsencode``), so names that are not UTF-8
survive; SQLite's TEXT would have to be valid UTF-8.

The full-text table (``rowid`` = the track's id) is filled by the store from text the scan
workers prepare (:func:`app.library.search_text.index_text`); a trigger removes a track's row
when the track goes, cascade deletes of a library folder included.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

TRACK_TAG_COLUMNS = (
    "record_key", "title", "artist", "artists", "album", "album_artist",
    "track_number", "track_total", "disc_number", "disc_total", "date", "year", "genre",
    "composer", "compilation", "has_cover", "duration_s", "sample_rate", "bit_depth",
    "channels", "bitrate", "codec", "rg_track_gain", "rg_track_peak", "rg_album_gain",
    "rg_album_peak", "mb_track", "mb_recording", "mb_album", "mb_artist", "mb_album_artist",
    "mb_release_group",
)  # fmt: skip

SEARCH_FIELDS = ("title", "artist", "album", "album_artist", "genre")


_V1 = f"""
CREATE TABLE roots (
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,
    added_at REAL NOT NULL
);
CREATE TABLE tracks (
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,
    root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    record_key TEXT NOT NULL,
    title TEXT NOT NULL, artist TEXT NOT NULL, artists TEXT NOT NULL, album TEXT NOT NULL,
    album_artist TEXT NOT NULL,
    track_number INTEGER, track_total INTEGER, disc_number INTEGER, disc_total INTEGER,
    date TEXT NOT NULL, year INTEGER, genre TEXT NOT NULL, composer TEXT NOT NULL,
    compilation INTEGER NOT NULL, has_cover INTEGER NOT NULL,
    duration_s REAL, sample_rate INTEGER, bit_depth INTEGER, channels INTEGER, bitrate INTEGER,
    codec TEXT NOT NULL,
    rg_track_gain REAL, rg_track_peak REAL, rg_album_gain REAL, rg_album_peak REAL,
    mb_track TEXT NOT NULL, mb_recording TEXT NOT NULL, mb_album TEXT NOT NULL,
    mb_artist TEXT NOT NULL, mb_album_artist TEXT NOT NULL, mb_release_group TEXT NOT NULL,
    added_at REAL NOT NULL,
    play_count INTEGER NOT NULL DEFAULT 0,
    skip_count INTEGER NOT NULL DEFAULT 0,
    last_played REAL
);
-- Covers the rescan's "what do we know under this root" query: no table page is read.
CREATE INDEX tracks_root ON tracks(root_id, path, mtime_ns, size);
CREATE INDEX tracks_record ON tracks(record_key);
CREATE TABLE scan_errors (
    path BLOB PRIMARY KEY,
    root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX scan_errors_root ON scan_errors(root_id);
CREATE TABLE plays (
    track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
    played_at REAL NOT NULL
);
CREATE INDEX plays_track ON plays(track_id);
CREATE INDEX plays_time ON plays(played_at);
CREATE VIRTUAL TABLE track_search USING fts5(
    {", ".join(SEARCH_FIELDS)},
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER tracks_search_delete AFTER DELETE ON tracks BEGIN
    DELETE FROM track_search WHERE rowid = old.id;
END;
"""

# 2: what each folder held when last listed, so an unchanged folder is not listed again.
_V2 = """
CREATE TABLE folders (
    path BLOB PRIMARY KEY,
    root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    mtime_ns INTEGER NOT NULL,
    listed_ns INTEGER NOT NULL,
    audio BLOB NOT NULL,
    subfolders BLOB NOT NULL
);
CREATE INDEX folders_root ON folders(root_id);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2)
SCHEMA_VERSION = len(MIGRATIONS)


# -- statements the store runs ---------------------------------------------------------------

UPSERT_TRACK = (
    "INSERT INTO tracks (path, root_id, mtime_ns, size, added_at, "
    + ", ".join(TRACK_TAG_COLUMNS)
    + ") VALUES ("
    + ", ".join("?" * (5 + len(TRACK_TAG_COLUMNS)))
    + ") ON CONFLICT(path) DO UPDATE SET root_id = excluded.root_id, "
    "mtime_ns = excluded.mtime_ns, size = excluded.size, "
    + ", ".join(f"{c} = excluded.{c}" for c in TRACK_TAG_COLUMNS)
)
INDEX_TRACK = (
    f"INSERT INTO track_search (rowid, {', '.join(SEARCH_FIELDS)}) "
    f"VALUES (?, {', '.join('?' * len(SEARCH_FIELDS))})"
)


def statements(script: str) -> Iterator[str]:
    """Split a migration script into statements (triggers hold ``;`` inside BEGIN...END)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
