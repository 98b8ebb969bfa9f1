"""The library's figures (issue 3): scan speed against bare mutagen, rescan, search, listing, RSS.

Libraries of 10,000 and 50,000 generated tracks are kept in ``benchmarks/.cache`` between
runs. Every comparison is made in this one run: the bare loop and our scan alternate, after
the files have been read once so both find them in the page cache.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil

from app.library.scanner import workers
from app.library.walk import audio_files
from tests.support.library import WORDS, cached_library

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("STARLIGHT_BENCH_CACHE", ROOT / "benchmarks" / ".cache"))
Record = Callable[..., None]


def _files(music: Path) -> list[str]:
    return [os.fsdecode(found.path) for found in audio_files(music)]


def _warm(files: list[str]) -> None:
    for path in files:
        with open(path, "rb") as handle:
            handle.read()


_BARE_LOOP = """
import sys, time
import mutagen
files = open(sys.argv[1], encoding="utf-8", errors="surrogateescape").read().split("\\n")
started = time.perf_counter()
for path in files:
    mutagen.File(path)
print(time.perf_counter() - started)
"""


def _bare_mutagen(files: list[str], workdir: Path) -> float:
    """A bare single-process ``mutagen.File`` loop, in a fresh process like our scan."""
    listing = workdir / "files.txt"
    listing.write_text("\n".join(files), encoding="utf-8", errors="surrogateescape")
    out = subprocess.run(
        [sys.executable, "-c", _BARE_LOOP, str(listing)], capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    return float(out)


def _cold_scan(music: Path, db: Path) -> float:
    """Scan into a new library as a user would, ``starlight scan``; its own timing.

    A separate process, because the scan's workers are spawned and import the main module
    again: under this benchmark's heavy main module they would start slower than the app's.
    """
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "scan", str(music), "--db", str(db), "--json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    report = json.loads(out)
    assert report["errors"] == 0 and report["added"] > 0, report
    return float(report["seconds"])


def _rescan(music: Path, db: Path) -> float:
    """An unchanged rescan, also as ``starlight scan`` in a fresh process (its own timing)."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "scan", str(music), "--db", str(db), "--json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    report = json.loads(out)
    assert report["added"] == report["updated"] == report["removed"] == 0, report
    return float(report["seconds"])


def bench_scans(record: Record, reps: int, workdir: Path) -> Path:
    """Cold scans of 10k and 50k against the bare loop; the unchanged rescan of 50k."""
    db = workdir / "library-50000.db"
    for count in (10_000, 50_000):
        music = cached_library(CACHE, count)
        files = _files(music)
        _warm(files)
        runs = max(1, reps // 3) if count == 50_000 else max(1, reps // 2)
        bare, ours = [], []
        for _ in range(runs):
            bare.append(_bare_mutagen(files, workdir))
            ours.append(_cold_scan(music, workdir / f"library-{count}.db"))
        ratio = statistics.median(ours) / statistics.median(bare)
        record(
            f"cold scan {count // 1000}k / bare mutagen", round(ratio, 2), "x", "<= 1.0",
            ratio <= 1.0, ours_s=round(statistics.median(ours), 2),
            bare_s=round(statistics.median(bare), 2),
            files_per_s=round(count / statistics.median(ours)), workers=workers(),
        )  # fmt: skip
    cold = statistics.median(ours)
    again = [_rescan(music, db) for _ in range(reps)]
    share = statistics.median(again) / cold
    record(
        "unchanged rescan 50k / cold", round(share * 100, 1), "%", "<= 5 %", share <= 0.05,
        rescan_ms=round(statistics.median(again) * 1000),
    )  # fmt: skip
    return db


def _queries(count: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
        word = rng.choice(WORDS)
        typed = word[: rng.randint(1, len(word))]
        if rng.random() < 0.4:
            typed = f"{rng.choice(WORDS)} {typed}"
        queries.append(typed)
    return queries


def bench_search(record: Record, db: Path) -> None:
    """Search as the user types, at 50k tracks: every prefix of real words, some two-word."""
    from app.library.model import LibraryModel
    from app.library.store import Store

    model = LibraryModel(Store(db))
    times = []
    for query in _queries(500):
        started = time.perf_counter()
        model.search(query, limit=100)
        times.append(time.perf_counter() - started)
    times.sort()
    p95 = times[int(len(times) * 0.95)] * 1000
    record(
        "search p95 at 50k", round(p95, 1), "ms", "<= 20 ms", p95 <= 20,
        p50_ms=round(times[len(times) // 2] * 1000, 1), worst_ms=round(times[-1] * 1000, 1),
    )  # fmt: skip
    model.store.close()


_LIST_RECORDS = """
import sys, time
started = time.perf_counter()
from app.library.model import LibraryModel
from app.library.store import Store
records = LibraryModel(Store(sys.argv[1])).records()
print(len(records), time.perf_counter() - started)
"""


def bench_listing(record: Record, reps: int, db: Path) -> None:
    """A fresh process opens the 50k library and lists every record (imports included)."""
    times, count = [], 0
    for _ in range(reps):
        out = subprocess.run(
            [sys.executable, "-c", _LIST_RECORDS, str(db)], cwd=ROOT, capture_output=True,
            text=True, check=True,
        ).stdout.split()  # fmt: skip
        count, seconds = int(out[0]), float(out[1])
        times.append(seconds)
    median_ms = statistics.median(times) * 1000
    record(
        "open + list records at 50k", round(median_ms, 1), "ms", "<= 300 ms", median_ms <= 300,
        records=count,
    )  # fmt: skip


def bench_app_rss(record: Record, db: Path, env: dict[str, str], workdir: Path) -> None:
    """The app's RSS with the 50k library open and all 50k tracks in the restored queue."""
    home = workdir / "rss-home"
    data = home / "data" / "starlight"
    state = home / "state" / "starlight"
    data.mkdir(parents=True, exist_ok=True)
    state.mkdir(parents=True, exist_ok=True)
    shutil.copy(db, data / "library.db")
    music = cached_library(CACHE, 50_000)
    paths = sorted(_files(music))
    queue = {"version": 1, "items": paths, "current": 0, "position_s": 0.0,
             "shuffle": "off", "repeat": "off"}  # fmt: skip
    (state / "queue.json").write_text(json.dumps(queue))
    app_env = {
        **env,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=app_env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(12)
        rss_mb = psutil.Process(process.pid).memory_info().rss / 2**20
    finally:
        process.terminate()
        process.wait(10)
    record("app RSS, 50k library + queue", round(rss_mb, 1), "MB", "<= 250 MB", rss_mb <= 250)


def bench_library(record: Record, reps: int, env: dict[str, str]) -> None:
    """Every library figure, in order."""
    with tempfile.TemporaryDirectory(prefix="starlight-libbench-") as name:
        workdir = Path(name)
        db = bench_scans(record, reps, workdir)
        bench_search(record, db)
        bench_listing(record, reps, db)
        bench_app_rss(record, db, env, workdir)
