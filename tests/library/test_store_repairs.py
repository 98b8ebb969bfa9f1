"""A damaged library is set aside and rebuilt with its folders; a full disk damages nothing.

Damage comes in the shapes a crash, a bad copy or a failing disk leave: cut short at many
points, random bytes, a zero-byte file, a folder where the file should be, pages SQLite finds
malformed. The full disk is a file-size limit (``ulimit -f``, SIGXFSZ ignored) in a child
process, which works in any container, and a real full tmpfs where one can be mounted.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core.atomic import move_aside, remove_stale_temporaries, write_atomically
from app.core.errors import StoreError
from app.library.scanner import scan
from app.library.store import Store
from app.library.store_file import read_folders

ROOT = Path(__file__).resolve().parents[2]


def scanned(music: Path, database: Path) -> Path:
    """Scan ``music`` into ``database``, closed and checkpointed (no -wal left); return it."""
    for _ in scan(database, [music]):
        pass
    Store(database).close()
    return database


@pytest.fixture
def library(music: Path, tmp_path: Path) -> Path:
    return scanned(music, tmp_path / "lib.db")


def aside_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if ".corrupt-" in path.name)


# ---------------------------------------------------------------- damage found on opening
@pytest.mark.parametrize("share", [0.0001, 0.01, 0.25, 0.5, 0.9, 0.999])
def test_a_library_cut_short_is_set_aside_and_comes_back_with_its_folders(
    library: Path, music: Path, share: float
) -> None:
    whole = library.read_bytes()
    cut = whole[: max(1, int(len(whole) * share))]
    library.write_bytes(cut)
    store = Store(library)
    assert store.recovered_from is not None and store.recovered_from.read_bytes() == cut
    assert store.recovered_from.name.startswith("lib.db.corrupt-")
    assert store.roots() == [music]  # from the folders kept beside it: the scan can rebuild
    assert store.track_count() == 0 and store.integrity_ok()
    folders = store.roots()
    store.close()
    for _ in scan(library, folders):
        pass
    again = Store(library)
    assert again.track_count() == 40 and again.recovered_from is None
    again.close()


@pytest.mark.parametrize("kind", ["random bytes", "a folder", "text"])
def test_foreign_content_is_set_aside_whole(library: Path, music: Path, kind: str) -> None:
    library.unlink()
    if kind == "a folder":
        library.mkdir()
        (library / "inside").write_bytes(b"kept")
    else:
        junk = random.Random(7).randbytes(50_000) if kind == "random bytes" else b"hi\n" * 99
        library.write_bytes(junk)
    store = Store(library)
    aside = store.recovered_from
    assert aside is not None
    if kind == "a folder":
        assert (aside / "inside").read_bytes() == b"kept"
    assert store.roots() == [music]
    store.close()


def test_a_zero_byte_or_missing_library_starts_afresh_with_its_folders(
    library: Path, music: Path
) -> None:
    library.write_bytes(b"")  # a kill before SQLite's first write leaves this too: no damage
    store = Store(library)
    assert store.recovered_from is None and store.track_count() == 0
    assert store.roots() == [music]  # the scan rebuilds it
    store.close()
    library.unlink()
    store = Store(library)
    assert store.roots() == [music]
    store.close()
    assert aside_files(library.parent) == []


def test_the_folders_are_read_from_the_damaged_file_when_none_were_kept_beside_it(
    library: Path, music: Path
) -> None:
    library.with_name("lib.db.folders.json").unlink()  # a library from before they were kept
    data = bytearray(library.read_bytes())
    data[-4096:] = random.Random(3).randbytes(4096)  # a bad last page; the roots still read
    library.write_bytes(bytes(data))
    store = Store(library)
    if store.recovered_from is None:  # the header still reads whole: the damage shows later
        assert not store.quick_check_ok()
        store.rebuild()
    assert store.roots() == [music]
    store.close()


def test_a_malformed_page_found_while_running_is_rebuilt_in_place(
    library: Path, music: Path
) -> None:
    store = Store(library)
    data = bytearray(library.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(2, len(data) // page_size):  # every page but the first: b-trees broken
        data[page * page_size + 8 : page * page_size + 64] = b"\xa5" * 56
    library.write_bytes(bytes(data))
    reader = Store(library)  # the header is fine: opening cannot tell
    assert reader.recovered_from is None and not reader.quick_check_ok()
    reader.close()
    aside = store.rebuild()
    assert aside.exists() and store.recovered_from == aside
    assert store.roots() == [music]  # from the folders kept beside it
    assert store.track_count() == 0 and store.quick_check_ok()
    store.close()


@pytest.mark.parametrize(
    ("code", "said"),
    [(10, "could not be opened \\(disk I/O error\\)"), (13, "because the disk is full"),
     (5, "the library is locked")],
)  # fmt: skip
def test_a_library_out_of_reach_is_refused_and_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, said: str
) -> None:
    path = tmp_path / "lib.db"
    Store(path).close()
    before = path.read_bytes()
    message = {10: "disk I/O error", 13: "database or disk is full", 5: "database is locked"}
    failure = sqlite3.OperationalError(message[code])
    failure.sqlite_errorcode = code  # type: ignore[attr-defined]

    def failing(_path: object) -> sqlite3.Connection:
        raise failure

    monkeypatch.setattr("app.library.store._connect", failing)
    with pytest.raises(StoreError, match=said):
        Store(path)
    assert path.read_bytes() == before and aside_files(tmp_path) == []


def test_a_damaged_library_that_cannot_be_moved_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "lib.db"
    path.write_bytes(b"not a database" * 100)

    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("app.library.store.move_aside", refuse)
    with pytest.raises(StoreError, match="damaged and could not be set aside"):
        Store(path)
    assert path.read_bytes() == b"not a database" * 100


def test_the_folders_file_follows_the_roots_and_a_damaged_one_is_ignored(tmp_path: Path) -> None:
    store = Store(tmp_path / "lib.db")
    odd = Path(os.fsdecode(b"/music/caf\xe9"))  # not UTF-8: kept as bytes
    store.add_root(Path("/music/a"))
    store.add_root(odd)
    assert read_folders(store.folders_file) == [Path("/music/a"), odd]
    store.remove_root(Path("/music/a"))
    assert read_folders(store.folders_file) == [odd]
    store.close()
    store.folders_file.write_bytes(b'{"version": 1, "folders": [7]}')
    assert read_folders(store.folders_file) == []


# ---------------------------------------------------------------- atomic writes
def test_move_aside_picks_a_free_dated_name_and_takes_the_companions(tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "a.db"
    first.write_bytes(b"1")
    Path(f"{first}-wal").write_bytes(b"w")
    one = move_aside(first, ("-wal", "-shm"))
    second.write_bytes(b"2")
    two = move_aside(second)
    assert one != two and one.read_bytes() == b"1" and two.read_bytes() == b"2"
    assert Path(f"{one}-wal").read_bytes() == b"w"
    assert not first.exists()


def test_stale_temporaries_of_a_killed_write_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "queue.json"
    stale = tmp_path / ".queue.json.0123456789ab.tmp"
    fresh = tmp_path / ".queue.json.ba9876543210.tmp"
    other = tmp_path / ".other.json.0123456789ab.tmp"
    for path in (stale, fresh, other):
        path.write_bytes(b"half")
    os.utime(stale, (1, 1))
    os.utime(other, (1, 1))
    assert remove_stale_temporaries(target) == 1
    assert not stale.exists() and fresh.exists() and other.exists()


# ---------------------------------------------------------------- a full disk
def run_limited(code: str, limit_bytes: int) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a child that may not write files beyond ``limit_bytes`` (SIGXFSZ off)."""
    prologue = textwrap.dedent(
        f"""
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit_bytes}, {limit_bytes}))
        """
    )
    return subprocess.run(
        [sys.executable, "-c", prologue + textwrap.dedent(code)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_a_scan_meeting_a_file_size_limit_stops_with_a_clear_error_and_damages_nothing(
    music: Path, tmp_path: Path, library_template: Path
) -> None:
    database = scanned(music, tmp_path / "lib.db")
    more = tmp_path / "more"
    shutil.copytree(library_template, more)
    for path in more.rglob("*.*"):  # long tags: each row is large, the database must grow
        path.rename(path.with_name(f"{'x' * 200} {path.name}"))
    assert not Path(f"{database}-wal").exists()  # the new rows go to a new log: it is capped
    result = run_limited(
        f"""
        import sys
        sys.argv = ["starlight", "scan", {str(more)!r}, "--db", {str(database)!r}]
        from app.cli import run
        sys.exit(run(sys.argv[1:]))
        """,
        48 * 1024,  # room for SQLite's 32 kB shared-memory file, not for 40 long rows
    )
    assert result.returncode == 2, result.stderr
    assert "the library could not be saved because" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    store = Store(database)
    assert store.integrity_ok() and store.recovered_from is None
    assert {path.parent.parent.parent for path in map(store_path, store.execute(
        "SELECT path FROM tracks").fetchall())} <= {music, more}  # fmt: skip
    store.close()
    for _ in scan(database, [music, more]):
        pass
    store = Store(database)
    assert store.track_count() == 80 and store.integrity_ok()
    store.close()


def store_path(row: tuple[bytes]) -> Path:
    return Path(os.fsdecode(row[0]))


def test_writes_refused_by_the_disk_say_why() -> None:
    from app.library.store_file import write_problem

    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # type: ignore[attr-defined]
    assert write_problem(full, None) == "the library could not be saved because the disk is full"
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = 5  # type: ignore[attr-defined]
    assert write_problem(locked, None) == "the library could not be saved (database is locked)"


def test_session_and_settings_files_survive_a_write_the_disk_refuses(tmp_path: Path) -> None:
    session, settings = tmp_path / "queue.json", tmp_path / "starlight.conf"
    write_atomically(session, b'{"version": 2, "old": true}')
    settings.write_text("[audio]\nvolume=0.25\n")
    result = run_limited(
        f"""
        from pathlib import Path
        from PySide6.QtCore import QCoreApplication, QSettings
        from app.core.atomic import write_atomically
        from app.ui.settings import Settings
        app = QCoreApplication([])
        try:
            write_atomically(Path({str(session)!r}), b"x" * 200_000)
        except OSError as exc:
            print("session refused:", exc.errno)
        settings = Settings(QSettings({str(settings)!r}, QSettings.Format.IniFormat))
        settings.message_posted.connect(lambda text: print("told:", text))
        settings.splitter_sizes = {{"bench": list(range(40_000))}}
        settings.splitter_sizes = {{"deck": list(range(40_001))}}  # told once, not twice
        """,
        100_000,
    )
    assert "session refused: 27" in result.stdout, result.stdout + result.stderr  # EFBIG
    told = [line for line in result.stdout.splitlines() if line.startswith("told:")]
    assert len(told) == 1 and "could not be saved" in told[0], result.stdout + result.stderr
    assert session.read_bytes() == b'{"version": 2, "old": true}'
    assert settings.read_text() == "[audio]\nvolume=0.25\n"  # Qt alone leaves 100,000 bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["queue.json", "starlight.conf"]


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> object:
    """A 2 MB tmpfs, where this machine lets the tests mount one (root, not a locked container)."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"no tmpfs can be mounted here ({done.stderr.strip()}); the limit test runs")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk_says_the_disk_is_full_and_keeps_the_library_whole(
    small_tmpfs: Path, music: Path
) -> None:
    database = small_tmpfs / "lib.db"
    store = Store(database)
    root = store.add_root(music)
    from app.core.track import Track
    from app.library.rows import track_to_row
    from app.library.store import ScanRecord

    def batch(start: int) -> list[ScanRecord]:
        tracks = [Track(music / f"{n}.flac", title="t" * 2000) for n in range(start, start + 50)]
        return [ScanRecord(os.fsencode(t.path), 1, 1, track_to_row(t)) for t in tracks]

    written = 0
    with pytest.raises(StoreError, match="because the disk is full"):
        for start in range(0, 100_000, 50):
            store.write_scan_batch(root, batch(start))
            written += 50
    assert store.track_count() == written > 0 and store.integrity_ok()
    store.close()
    again = Store(database)
    assert again.track_count() == written and again.integrity_ok()
    again.close()
    assert json.loads(again.folders_file.read_bytes())["folders"]
