import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.library.history import PlayHistory
from app.library.scanner import ScanProgress, scan
from app.library.store import Store
from tests.support import media

ROOT = Path(__file__).resolve().parents[2]


def run_scan(db: Path, *folders: Path, cancel: threading.Event | None = None) -> ScanProgress:
    progress = list(scan(db, list(folders), cancel))[-1]
    assert progress.done
    return progress


def count(db: Path) -> int:
    store = Store(db)
    try:
        return store.track_count()
    finally:
        store.close()


def test_cold_scan_reads_every_file_and_rescan_reads_none(music: Path, tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    first = run_scan(db, music)
    assert (first.files_seen, first.added, first.errors) == (40, 40, 0)
    again = run_scan(db, music)
    assert (again.files_seen, again.files_read, again.added, again.removed) == (40, 0, 0, 0)
    assert count(db) == 40


def test_rescan_adds_new_updates_changed_drops_removed_and_keeps_history(
    music: Path, tmp_path: Path
) -> None:
    db = tmp_path / "lib.db"
    run_scan(db, music)
    files = sorted(p for p in music.rglob("*") if p.is_file())
    kept, changed, removed = files[0], files[1], files[2]
    store = Store(db)
    PlayHistory(store).record_play(kept)
    PlayHistory(store).record_play(changed)
    store.close()
    shutil.copy(files[3], music / "new copy.flac" if files[3].suffix == ".flac" else
                music / f"new copy{files[3].suffix}")  # fmt: skip
    os.utime(changed, ns=(1, 1_000_000_000))
    removed.unlink()
    progress = run_scan(db, music)
    assert (progress.added, progress.updated, progress.removed) == (1, 1, 1)
    assert count(db) == 40
    store = Store(db)
    history = PlayHistory(store)
    assert history.counts(kept)[0] == 1
    assert history.counts(changed)[0] == 1, "an updated file keeps its history"
    assert store.track(removed) is None
    store.close()


def test_symlink_loops_and_dangling_links_end_and_are_reported(music: Path, tmp_path: Path) -> None:
    album = next(p for p in music.rglob("*") if p.is_dir() and any(p.glob("*.*")))
    (album / "loop").symlink_to(music)
    (album / "self").symlink_to(album)
    (music / "dangling.flac").symlink_to(tmp_path / "nowhere.flac")
    progress = run_scan(tmp_path / "lib.db", music)
    assert progress.added == 40, "each file counted once however many links reach it"
    assert any("link to nothing" in reason for _, reason in progress.error_files)


def test_hidden_and_system_folders_are_skipped(music: Path, tmp_path: Path) -> None:
    source = next(music.rglob("*.flac"))
    for folder in (".hidden", "lost+found", "@eaDir", "$RECYCLE.BIN"):
        (music / folder).mkdir()
        shutil.copy(source, music / folder / "x.flac")
    shutil.copy(source, music / ".dotfile.flac")
    assert run_scan(tmp_path / "lib.db", music).added == 40


def test_bad_files_are_reported_with_reasons_and_not_reread(music: Path, tmp_path: Path) -> None:
    (music / "bad").mkdir()
    bad = media.make_bad_files(music / "bad")
    db = tmp_path / "lib.db"
    progress = run_scan(db, music)
    reported = dict(progress.error_files)
    assert progress.added + len(reported) - len(progress.walk_problems) == progress.files_seen
    for path in bad.values():
        if str(path) in reported:
            assert reported[str(path)], "every problem has a reason"
    assert len(reported) >= 3
    assert run_scan(db, music).files_read == 0, "unchanged bad files are not read again"


def test_names_that_are_not_utf8_are_scanned(music: Path, tmp_path: Path) -> None:
    source = next(music.rglob("*.flac"))
    odd = os.path.join(os.fsencode(music), b"caf\xe9 \xff.flac")
    shutil.copy(source, odd)
    db = tmp_path / "lib.db"
    assert run_scan(db, music).added == 41
    store = Store(db)
    assert store.track(Path(os.fsdecode(odd))) is not None
    store.close()


def test_ten_thousand_files_in_one_folder(tmp_path: Path) -> None:
    template = media.write_flac(tmp_path / "t.flac", media.noise_signal(441, seed=3))
    data = template.read_bytes()
    folder = tmp_path / "flat"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.flac").write_bytes(data)
    progress = run_scan(tmp_path / "lib.db", folder)
    assert (progress.added, progress.errors) == (10_000, 0)


def test_cancel_stops_early_and_the_next_scan_completes(tmp_path: Path) -> None:
    from tests.support.library import write_library

    music = write_library(tmp_path / "music", 600)
    db = tmp_path / "lib.db"
    cancel = threading.Event()
    progress = None
    for progress in scan(db, [music], cancel):
        if progress.files_read > 0:
            cancel.set()
    assert progress is not None and progress.cancelled
    assert count(db) < 600
    run_scan(db, music)
    assert count(db) == 600


def test_a_missing_root_does_not_empty_the_library(music: Path, tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    run_scan(db, music)
    moved = tmp_path / "elsewhere"
    music.rename(moved)
    progress = run_scan(db, music)
    assert progress.removed == 0 and count(db) == 40
    assert progress.walk_problems


def _as_nobody() -> list[str] | None:
    if os.geteuid() != 0:
        return []
    probe = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", "1"],
        capture_output=True,
    )
    return None if probe.returncode else [
        "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"
    ]  # fmt: skip


class UserScan:
    """A copy of the library where an ordinary user may go, scanned as that user by the CLI.

    Root ignores permissions, so as root the scans run as ``nobody`` (through setpriv), in a
    temporary folder anybody may enter (pytest's own are private to root).
    """

    def __init__(self, music: Path, prefix: list[str], shared: Path) -> None:
        self.prefix = prefix
        self.library = Path(shutil.copytree(music, shared / "music"))
        for folder in [self.library, *(p for p in self.library.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
        self.database = shared / "db" / "lib.db"
        self.database.parent.mkdir()
        self.database.parent.chmod(0o777)

    def scan(self) -> dict[str, Any]:
        result = subprocess.run(
            [*self.prefix, sys.executable, str(ROOT / "main.py"), "scan", str(self.library),
             "--db", str(self.database), "--json"],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return dict(json.loads(result.stdout))


@pytest.fixture
def user_scan(music: Path) -> Iterator[UserScan]:
    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("running as root and cannot switch to the nobody user")
    shared = Path(tempfile.mkdtemp(prefix="starlight-perm-"))
    shared.chmod(0o777)
    try:
        yield UserScan(music, prefix, shared)
    finally:
        for path in shared.rglob("*"):  # give back what a test locked, so it can be removed
            with contextlib.suppress(OSError):
                path.chmod(0o755)
        shutil.rmtree(shared, ignore_errors=True)


def test_unreadable_file_and_folder_are_reported(user_scan: UserScan) -> None:
    files = sorted(user_scan.library.rglob("*.flac"))
    locked_file, locked_folder = files[0], files[-1].parent
    hidden = len(list(locked_folder.iterdir()))
    locked_file.chmod(0)
    locked_folder.chmod(0)
    report = user_scan.scan()
    reasons = {item["path"]: item["reason"] for item in report["error_files"]}
    assert "Permission denied" in reasons[str(locked_file)]
    assert "Permission denied" in reasons[str(locked_folder)]
    assert report["tracks"] == 40 - 1 - hidden


def test_a_file_that_kills_its_reader_is_blamed_and_the_scan_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.library.scanner import FAULT_EXIT_ON_READ
    from tests.support.library import write_library

    music = write_library(tmp_path / "music", 400)
    victim = sorted(music.rglob("*.*"))[123]
    monkeypatch.setenv(FAULT_EXIT_ON_READ, victim.name)
    progress = run_scan(tmp_path / "lib.db", music)
    assert progress.added == 399
    assert [path for path, _ in progress.error_files] == [str(victim)]
    assert "stopped the reader" in progress.error_files[0][1]


def _age_folders(root: Path, seconds: float = 3600) -> None:
    """Make every folder look last changed an hour ago, so its listing can be trusted."""
    past = time.time() - seconds
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        os.utime(folder, (past, past))


def test_unchanged_folders_are_not_listed_again_but_their_files_are_checked(
    music: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.library.walk as walk

    _age_folders(music)
    db = tmp_path / "lib.db"
    run_scan(db, music)
    listed: list[bytes] = []
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if isinstance(path, bytes):  # the walk's own calls (pathlib lists with str)
            listed.append(path)
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(walk.os, "scandir", scandir)
    edited = sorted(music.rglob("*.flac"))[0]
    os.utime(edited, ns=(1, 2_000_000_000))  # changed in place: the folder's mtime stays
    progress = run_scan(db, music)
    assert listed == [], "every folder was unchanged"
    assert (progress.files_seen, progress.updated, progress.added) == (40, 1, 0)

    new_album = edited.parent.parent / "New Album"
    new_album.mkdir()
    shutil.copy(edited, new_album / "01 new.flac")
    removed = sorted(music.rglob("*.mp3"))[0]
    removed.unlink()
    listed.clear()
    progress = run_scan(db, music)
    assert (progress.added, progress.removed) == (1, 1)
    assert sorted(listed) == sorted(
        os.fsencode(p) for p in {new_album, new_album.parent, removed.parent}
    )


def test_a_listing_taken_just_after_a_change_is_not_trusted(music: Path, tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    run_scan(db, music)  # folders changed moments ago: listings too fresh to trust
    album = sorted(music.rglob("*.flac"))[0].parent
    shutil.copy(sorted(album.iterdir())[0], album / "same tick.flac")
    past = album.stat().st_mtime_ns  # keep the mtime as it was listed
    os.utime(album, ns=(past, past))
    assert run_scan(db, music).added == 1


def test_a_folder_made_unreadable_is_reported_not_emptied(user_scan: UserScan) -> None:
    _age_folders(user_scan.library)
    album = sorted(user_scan.library.rglob("*.flac"))[0].parent
    assert user_scan.scan()["tracks"] == 40
    mtime = album.stat().st_mtime_ns
    album.chmod(0)
    os.utime(album, ns=(mtime, mtime))  # a chmod does not move the mtime either
    report = user_scan.scan()
    assert report["removed"] == 0 and report["tracks"] == 40
    assert any(str(album) == e["path"] for e in report["error_files"])


def test_a_file_that_hangs_its_reader_is_given_up_on_and_the_scan_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.library.scanner as scanner
    from tests.support.library import write_library

    music = write_library(tmp_path / "music", 400)
    victim = sorted(music.rglob("*.*"))[77]
    monkeypatch.setenv(scanner.FAULT_HANG_ON_READ, victim.name)
    monkeypatch.setattr(scanner, "STUCK_AFTER_S", 1.5)
    started = time.perf_counter()
    progress = run_scan(tmp_path / "lib.db", music)
    assert time.perf_counter() - started < 20
    assert progress.added == 399
    assert [path for path, _ in progress.error_files] == [str(victim)]
    assert "did not finish" in progress.error_files[0][1]
