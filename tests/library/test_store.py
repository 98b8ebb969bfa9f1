import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.errors import StoreError
from app.library.schema import SCHEMA_VERSION
from app.library.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_new_store_is_wal_with_foreign_keys_and_current_schema(tmp_path: Path) -> None:
    store = Store(tmp_path / "deep" / "lib.db")
    assert store.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.recovered_from is None
    store.close()


def test_removing_a_root_cascades_to_its_tracks_and_search_rows(tmp_path: Path) -> None:
    from app.core.track import Track
    from app.library.rows import track_to_row
    from app.library.store import ScanRecord

    store = Store(tmp_path / "lib.db")
    root = store.add_root(Path("/m"))
    track = Track(Path("/m/a.flac"), title="Gone")
    store.write_scan_batch(root, [ScanRecord(b"/m/a.flac", 1, 1, track_to_row(track))])
    store.remove_root(Path("/m"))
    assert store.track_count() == 0
    assert store.execute("SELECT count(*) FROM track_search").fetchone()[0] == 0


@pytest.mark.parametrize(
    "garbage", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 5000]
)
def test_a_corrupt_file_is_moved_aside_and_a_new_library_started(
    tmp_path: Path, garbage: bytes
) -> None:
    path = tmp_path / "lib.db"
    path.write_bytes(garbage)
    store = Store(path)
    assert store.recovered_from is not None and store.recovered_from.read_bytes() == garbage
    assert store.track_count() == 0
    store.close()


def test_a_library_from_a_newer_version_is_refused_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer"):
        Store(path)
    assert path.read_bytes() == before


def test_kill_minus_nine_mid_scan_leaves_a_whole_database_and_the_next_scan_completes(
    tmp_path: Path,
) -> None:
    from tests.support.library import write_library

    music = write_library(tmp_path / "music", 1200)
    db = tmp_path / "lib.db"
    for delay_s in (0.6, 1.0):
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "scan", str(music), "--db", str(db)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        time.sleep(delay_s)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        store = Store(db)
        assert store.integrity_ok()
        assert store.recovered_from is None
        store.close()
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "scan", str(music), "--db", str(db), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    import json

    assert json.loads(result.stdout)["tracks"] == 1200


def test_a_library_made_by_the_first_schema_is_migrated_and_keeps_its_tracks(
    tmp_path: Path,
) -> None:
    from app.library.schema import MIGRATIONS
    from app.library.store import _statements

    path = tmp_path / "lib.db"
    old = sqlite3.connect(path)
    for statement in _statements(MIGRATIONS[0]):
        old.execute(statement)
    old.execute("INSERT INTO roots VALUES (1, x'2f6d', 0)")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    store = Store(path)
    assert store.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION > 1
    assert store.roots() == [Path("/m")]
    assert store.folder_memos(1) == {}
    store.close()
