"""Twenty SIGKILLs at random moments of real scans: the library stays whole every time.

A real scan (``main.py scan``, the command line, with its reader processes) of 700 small real
files and 16 unreadable ones is killed twenty times, from a fixed seed that is printed
(``STARLIGHT_CRASH_SEED`` picks another): a quarter of the kills at a random moment of the
scan's span, the rest when its write-ahead log reaches a random size, so most land while a
batch is being committed. After each kill SQLite's integrity check passes, the library agrees
with itself (each track has its search row, no file is both a track and unreadable), and the
next scan completes with the right number of tracks and of unreadable files. Odd rounds kill
a first scan; even rounds a rescan of a library where every file changed and some vanished or
came back. The reader processes of a killed scan go with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.support.library import write_library

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
KILLS = 20
SEED = int(os.environ.get("STARLIGHT_CRASH_SEED", "20507"))
GOOD_FILES = 700
BAD_FILES = 16


def bad_files(folder: Path, rng: random.Random, count: int) -> list[Path]:
    """Write ``count`` unreadable files with audio names: empty, random, text, cut short."""
    folder.mkdir(parents=True, exist_ok=True)
    template = next(folder.parent.rglob("*.flac")).read_bytes()
    contents = [b"", rng.randbytes(4000), b"not music\n" * 40, template[:200]]
    paths = []
    for n in range(count):
        path = folder / f"bad {n:02d}{('.mp3', '.flac', '.ogg', '.flac')[n % 4]}"
        path.write_bytes(contents[n % 4])
        paths.append(path)
    return paths


def scan_command(folder: Path, database: Path) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), "scan", str(folder), "--db", str(database)]


def run_scan(folder: Path, database: Path) -> dict[str, object]:
    """Run a whole scan; return its JSON report."""
    done = subprocess.run(
        [*scan_command(folder, database), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report: dict[str, object] = json.loads(done.stdout)
    return report


def wal_size(database: Path) -> int:
    try:
        return os.path.getsize(f"{database}-wal")
    except OSError:
        return 0


def kill_scan(folder: Path, database: Path, after_s: float, wal_bytes: float) -> bool:
    """Start a scan; SIGKILL it (and its readers) after ``after_s``, or once its write-ahead
    log holds ``wal_bytes`` (in the middle of a commit, as often as not). Return True if the
    scan was still running."""
    process = subprocess.Popen(
        scan_command(folder, database), cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.perf_counter() + after_s
    while process.poll() is None and time.perf_counter() < deadline:
        if wal_size(database) >= wal_bytes:
            break
        time.sleep(0.0005)
    alive = process.poll() is None
    os.killpg(process.pid, signal.SIGKILL)  # the scan and its reader processes at once
    process.wait()
    return alive


def check_whole(database: Path, files: int, what: str) -> int:
    """Check integrity, and a library consistent with itself; return how many tracks it has."""
    if not database.exists():
        return 0  # killed before the library was made
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)], what
        tracks, search, errors, both = connection.execute(
            "SELECT (SELECT count(*) FROM tracks), (SELECT count(*) FROM track_search), "
            "(SELECT count(*) FROM scan_errors), "
            "(SELECT count(*) FROM tracks JOIN scan_errors USING (path))"
        ).fetchone()
    finally:
        connection.close()
    assert tracks == search, f"{what}: {tracks} tracks, {search} rows in the search index"
    assert both == 0 and tracks + errors <= files, f"{what}: {tracks} + {errors} of {files}"
    return int(tracks)


def first_scan(folder: Path, database: Path) -> tuple[float, int, set[bytes]]:
    """Scan ``folder`` whole; return its seconds from launch to exit, the most its write-ahead
    log held, and the unreadable files."""
    started = time.perf_counter()
    process = subprocess.Popen(scan_command(folder, database), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    most = 0
    while process.poll() is None:
        most = max(most, wal_size(database))
        time.sleep(0.001)
    assert process.wait() == 0
    ended_s = time.perf_counter() - started
    connection = sqlite3.connect(database)
    bad = {path for (path,) in connection.execute("SELECT path FROM scan_errors")}
    connection.close()
    return ended_s, most, bad


def change_files(music: Path, rng: random.Random, gone: list[Path]) -> None:
    """Change every file for a rescan (it reads them all again), bring back the vanished and
    hide a few others."""
    for path in gone:
        path.with_suffix(path.suffix + ".away").rename(path)
    gone.clear()
    files = sorted(p for p in music.rglob("*") if p.is_file() and p.suffix != ".away")
    stamp = time.time()
    for path in files:
        os.utime(path, (stamp, stamp + rng.random()))
    for path in rng.sample(files, 12):
        path.rename(path.with_suffix(path.suffix + ".away"))
        gone.append(path)


def expected(music: Path, bad_files: set[bytes]) -> tuple[int, int]:
    """Return how many readable and unreadable files ``music`` holds now."""
    present = [os.fsencode(p) for p in music.rglob("*") if p.is_file() and p.suffix != ".away"]
    bad = sum(1 for path in present if path in bad_files)
    return len(present) - bad, bad


@pytest.fixture(scope="module")
def crash_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("crash")
    music = write_library(root / "music", GOOD_FILES)
    bad_files(music / "Broken", random.Random(SEED), BAD_FILES)
    return music


def test_twenty_kills_mid_scan_leave_a_whole_library_and_the_next_scan_completes(
    crash_library: Path, tmp_path: Path
) -> None:
    print(f"crash seed {SEED} (STARLIGHT_CRASH_SEED={SEED} repeats this run)")
    rng = random.Random(SEED)
    music = crash_library
    span_s, wal_bytes, bad_ones = first_scan(music, tmp_path / "first.db")
    assert len(bad_ones) == BAD_FILES and wal_bytes > 100_000
    gone: list[Path] = []
    database = tmp_path / "lib.db"
    alive = 0
    try:
        for kill in range(KILLS):
            rescan = kill % 2 == 1
            if rescan:
                change_files(music, rng, gone)  # the last completed scan's library changes
            else:
                for leftover in tmp_path.glob("lib.db*"):
                    leftover.unlink()
            # A quarter of the kills at any moment of the scan; the rest while it writes.
            if kill % 4 == 0:
                after_s, at_wal = rng.uniform(0.0, span_s), float("inf")
                what = f"kill {kill + 1} after {after_s:.3f} s of {span_s:.2f} ({SEED=})"
            else:
                after_s, at_wal = 2 * span_s + 1, rng.uniform(0, wal_bytes)
                what = f"kill {kill + 1} at {at_wal:,.0f} log bytes of {wal_bytes:,} ({SEED=})"
            alive += kill_scan(music, database, after_s, at_wal)
            good, bad = expected(music, bad_ones)
            print(what, "tracks then:", check_whole(database, good + bad + len(gone), what))
            report = run_scan(music, database)
            assert (report["tracks"], report["errors"]) == (good, bad), what
            check_whole(database, good + bad, what)
    finally:
        for path in gone:
            path.with_suffix(path.suffix + ".away").rename(path)
    assert alive >= KILLS * 3 // 4, "most kills must land while the scan runs"


def test_the_readers_of_a_killed_scan_go_with_it(crash_library: Path, tmp_path: Path) -> None:
    process = subprocess.Popen(
        scan_command(crash_library, tmp_path / "lib.db"), cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        parent = psutil.Process(process.pid)
        deadline = time.perf_counter() + 10
        while len(parent.children()) < 2:  # the readers start
            assert time.perf_counter() < deadline, "no reader processes started"
            time.sleep(0.01)
        readers = parent.children(recursive=True)
        process.send_signal(signal.SIGKILL)  # only the scan, as a crash would
        process.wait()
        _gone, alive = psutil.wait_procs(readers, timeout=5)
        assert not alive, f"{len(alive)} reader processes outlived the killed scan"
    finally:
        with contextlib.suppress(ProcessLookupError):  # none left: the readers went with it
            os.killpg(process.pid, signal.SIGKILL)
