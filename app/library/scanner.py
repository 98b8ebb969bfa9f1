"""Scan library folders into the store: in parallel, incrementally, cancellably.

:func:`scan` is a generator of :class:`ScanProgress`; the UI runs it on a worker thread and the
command line and the tests simply drain it. It must be started (first ``next()``) on the thread
that drains it, because it opens its own database connection there.

- The walk (:mod:`app.library.walk`) feeds files whose size or mtime differ from the store's,
  or that are new, to a pool of worker processes, one per core, in chunks. Workers run at a
  lower priority so the audio thread and the GUI keep their CPU.
- Results are written in batches, one transaction each: a kill mid-scan keeps every finished
  batch, and the next scan reads only what is still missing.
- Files gone from disk are dropped, but not those under a folder that could not be read
  (an unmounted drive must not empty the library). Play history lives on the track rows,
  which a rescan updates in place.
- Unreadable files are stored with their reason and their mtime and size, so an unchanged bad
  file is not read again either.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import TagReadError
from app.library.rows import track_to_row
from app.library.store import ScanRecord, Store, search_text_of
from app.library.text import safe_text
from app.library.walk import FolderMemo, FoundFile, WalkProblem, walk_audio_files

CHUNK_FILES = 48
BATCH_RECORDS = 400
PROGRESS_INTERVAL_S = 0.1
# Below this many files to read, worker start-up costs more than it saves.
MIN_FILES_FOR_POOL = 150
MAX_ERRORS_LISTED = 200
# Workers yield the CPU to the sound and the window (nice 10: a tenth of their share).
WORKER_NICE = 10
# Tests set this to a file name ending: a worker reading such a file dies on the spot, as
# one would under the OOM killer or a crash in a C library.
FAULT_EXIT_ON_READ = "STARLIGHT_FAULT_EXIT_ON_READ"
FAULT_HANG_ON_READ = "STARLIGHT_FAULT_HANG_ON_READ"
#: A chunk of tags takes milliseconds; a worker silent this long is stuck on a hostile file,
#: and is killed: its files are read again one by one and the one that hangs is reported.
STUCK_AFTER_S = 30.0
#: Address space a tag-reading worker may use, in bytes. A worker needs about 35 MB; a file
#: whose headers claim gigabytes makes mutagen ask for them, and the worker then fails that
#: file with a MemoryError (reported as unreadable) instead of pressing the machine for memory.
WORKER_MEMORY_BYTES = 1 << 30


@dataclass(frozen=True)
class ScanProgress:
    """Where a scan stands; the last one has ``done`` set."""

    files_seen: int = 0
    files_to_read: int = 0
    files_read: int = 0
    current_folder: str = ""
    added: int = 0
    updated: int = 0
    removed: int = 0
    errors: int = 0
    error_files: tuple[tuple[str, str], ...] = ()
    walk_problems: tuple[tuple[str, str], ...] = ()
    done: bool = False
    cancelled: bool = False
    seconds: float = 0.0


@dataclass
class _Tally:
    seen: int = 0
    to_read: int = 0
    read: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    errors: int = 0
    error_files: list[tuple[str, str]] = field(default_factory=list)
    walk_problems: list[tuple[str, str]] = field(default_factory=list)
    folder: str = ""

    def note_error(self, path: str, reason: str) -> None:
        self.errors += 1
        if len(self.error_files) < MAX_ERRORS_LISTED:
            self.error_files.append((path, reason))


def workers() -> int:
    """Return the pool size: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def read_files(files: Sequence[FoundFile]) -> list[ScanRecord]:
    """Read the tags of ``files``; runs in a worker process (or inline for small scans)."""
    from app.library.tags import read_track

    records = []
    in_worker = multiprocessing.parent_process() is not None
    crash_on = os.environ.get(FAULT_EXIT_ON_READ, "").encode() if in_worker else b""
    hang_on = os.environ.get(FAULT_HANG_ON_READ, "").encode() if in_worker else b""
    for found in files:
        encoded = found.path
        if crash_on and encoded.endswith(crash_on):
            os._exit(70)  # fault injection for the tests: a reader that dies
        if hang_on and encoded.endswith(hang_on):
            time.sleep(3600)  # fault injection for the tests: a reader that never returns
        try:
            row = track_to_row(read_track(Path(os.fsdecode(found.path))))
        except TagReadError as exc:
            records.append(ScanRecord(encoded, found.mtime_ns, found.size, None, exc.reason))
            continue
        except Exception as exc:  # process boundary: a reader bug must not stop the scan
            reason = f"could not be read ({type(exc).__name__}: {safe_text(str(exc))[:200]})"
            records.append(ScanRecord(encoded, found.mtime_ns, found.size, None, reason))
            continue
        records.append(
            ScanRecord(encoded, found.mtime_ns, found.size, row, search=search_text_of(row))
        )
    return records


def _leave_with_parent() -> None:
    """End this worker when the scanning process is gone, even killed with SIGKILL.

    A reader otherwise waits for ever on a call queue whose write end it holds itself. (Not
    PR_SET_PDEATHSIG: it fires when the short-lived thread that spawned the worker ends.)
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="starlight-scan-parent-watch", daemon=True).start()


def _prepare_worker() -> None:
    """Worker initialiser: run at :data:`WORKER_NICE` and within :data:`WORKER_MEMORY_BYTES`."""
    _leave_with_parent()
    with contextlib.suppress(OSError):
        current = os.nice(0)
        if current < WORKER_NICE:
            os.nice(WORKER_NICE - current)
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource  # Unix only

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = (
            WORKER_MEMORY_BYTES
            if hard == resource.RLIM_INFINITY
            else min(hard, WORKER_MEMORY_BYTES)
        )
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class _Reader:
    """Reads chunks in a process pool with a bounded number in flight, or inline when few.

    Chunks are held back until :data:`MIN_FILES_FOR_POOL` files are waiting: a rescan that
    finds three new files reads them inline instead of starting worker processes.
    """

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._pending: deque[Future[list[ScanRecord]]] = deque()
        self._chunks: dict[Future[list[ScanRecord]], list[FoundFile]] = {}
        self._held: list[list[FoundFile]] = []
        self._inline: list[ScanRecord] = []
        self._max_pending = 4 * workers()

    def submit(self, chunk: list[FoundFile]) -> None:
        if self._pool is None:
            self._held.append(chunk)
            if sum(map(len, self._held)) < MIN_FILES_FOR_POOL:
                return
            self._pool = _pool(workers())
            held, self._held = self._held, []
            for waiting in held:
                self._send(waiting)
            return
        self._send(chunk)

    def _send(self, chunk: list[FoundFile]) -> None:
        assert self._pool is not None
        future = self._pool.submit(read_files, chunk)
        self._chunks[future] = chunk
        self._pending.append(future)

    def finish(self) -> None:
        """No more chunks: read what is held back inline."""
        for chunk in self._held:
            self._inline.extend(read_files(chunk))
        self._held.clear()

    @property
    def busy(self) -> bool:
        return len(self._pending) >= self._max_pending

    @property
    def idle(self) -> bool:
        return not self._pending and not self._inline

    def collect(self, block: bool) -> list[ScanRecord]:
        done, self._inline = self._inline, []
        if self._pending:
            timeout = STUCK_AFTER_S if block else 0
            finished, _ = wait(self._pending, timeout=timeout, return_when=FIRST_COMPLETED)
            if block and not finished:
                _kill_workers(self._pool)  # stuck: the futures now fail as from a crash
                finished, _ = wait(self._pending, return_when=FIRST_COMPLETED)
            for future in finished:
                if future not in self._chunks:
                    continue  # taken by _recover along with a broken neighbour
                try:
                    records = future.result()
                except BrokenProcessPool:
                    done.extend(self._recover())
                    continue
                self._pending.remove(future)
                del self._chunks[future]
                done.extend(records)
        return done

    def _recover(self) -> list[ScanRecord]:
        """Find the file that killed or stalled a worker and carry on.

        Every chunk in flight is suspect; their files are read again one at a time by a
        single worker, so the blame falls on the right file, which is stored as unreadable.
        A fresh pool takes the chunks that come after.
        """
        suspects = [found for chunk in self._chunks.values() for found in chunk]
        self._chunks.clear()
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        records: list[ScanRecord] = []
        single = _pool(1)
        for found in suspects:
            future = single.submit(read_files, [found])
            try:
                records.extend(future.result(timeout=STUCK_AFTER_S))
                continue
            except TimeoutError:
                reason = f"reading its tags did not finish in {STUCK_AFTER_S:.0f} s; not read"
            except BrokenProcessPool:
                reason = "reading its tags stopped the reader process; not read"
            records.append(ScanRecord(found.path, found.mtime_ns, found.size, None, reason))
            _kill_workers(single)
            single.shutdown(wait=False, cancel_futures=True)
            single = _pool(1)
        single.shutdown(wait=True)
        self._pool = _pool(workers())
        return records

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def _kill_workers(pool: ProcessPoolExecutor | None) -> None:
    """Kill a pool's worker processes (the executor keeps them in ``_processes``)."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(OSError, AttributeError):
            process.kill()


def _pool(size: int) -> ProcessPoolExecutor:
    """Start ``size`` spawned workers that run at a low priority from their first moment.

    A worker lowering its own priority in its initialiser is too late: starting Python and
    importing mutagen takes about 120 ms of CPU per worker, at full priority, on every core
    at once, and the sound stuttered (a 4 ms silence on the null sink). On Linux a process
    inherits the priority of the thread that forks it, so the workers are started from a
    short-lived thread that has lowered its own.
    """
    pool = ProcessPoolExecutor(
        max_workers=size,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_prepare_worker,
    )

    def start_workers() -> None:
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICE)
        for _ in range(size):
            pool.submit(os.getpid)  # each submit with no idle worker spawns one

    starter = threading.Thread(target=start_workers, name="starlight-scan-spawn")
    starter.start()
    starter.join()
    return pool


def scan(
    store_path: Path | str,
    folders: Sequence[Path],
    cancel: threading.Event | None = None,
) -> Iterator[ScanProgress]:
    """Scan ``folders`` into the library at ``store_path``, yielding progress as it goes."""
    cancel = cancel or threading.Event()
    started = time.perf_counter()
    store = Store(store_path)
    tally = _Tally()
    try:
        for folder in folders:
            yield from _scan_root(
                store, Path(folder).expanduser().absolute(), tally, cancel, started
            )
            if cancel.is_set():
                break
    finally:
        store.close()
    yield _progress(tally, started, done=True, cancelled=cancel.is_set())


def _progress(tally: _Tally, started: float, **flags: bool) -> ScanProgress:
    return ScanProgress(
        tally.seen, tally.to_read, tally.read, tally.folder, tally.added, tally.updated,
        tally.removed, tally.errors, tuple(tally.error_files), tuple(tally.walk_problems),
        seconds=time.perf_counter() - started, **flags,
    )  # fmt: skip


def _scan_root(
    store: Store, root: Path, tally: _Tally, cancel: threading.Event, started: float
) -> Iterator[ScanProgress]:
    root_id = store.add_root(root)
    known = store.file_states(root_id)
    memos = store.folder_memos(root_id)
    fresh_memos: dict[bytes, FolderMemo] = {}
    walked: set[bytes] = set()
    seen: set[bytes] = set()
    lost_folders: list[bytes] = []
    reader = _Reader()
    chunk: list[FoundFile] = []
    batch: list[ScanRecord] = []
    last_report = 0.0
    try:
        for listing in walk_audio_files(os.fsencode(root), memos):
            if cancel.is_set():
                return
            walked.add(listing.path)
            if listing.memo is not None:
                fresh_memos[listing.path] = listing.memo
            tally.folder = os.fsdecode(listing.path)
            for problem in listing.problems:
                _note_problem(tally, problem, lost_folders)
            tally.seen += len(listing.files)
            for found in listing.files:
                seen.add(found.path)
                if known.get(found.path) != found:
                    chunk.append(found)
            if len(chunk) >= CHUNK_FILES:
                tally.to_read += len(chunk)
                reader.submit(chunk)
                chunk = []
            if not reader.idle:
                batch.extend(_drain(reader, tally, known, block=reader.busy))
            if len(batch) >= BATCH_RECORDS:
                store.write_scan_batch(root_id, batch)
                batch = []
            now = time.perf_counter()
            if now - last_report >= PROGRESS_INTERVAL_S:
                last_report = now
                yield _progress(tally, started)
        tally.to_read += len(chunk)
        if chunk:
            reader.submit(chunk)
        reader.finish()
        while not reader.idle:
            if cancel.is_set():
                return
            batch.extend(_drain(reader, tally, known, block=True))
            if len(batch) >= BATCH_RECORDS:
                store.write_scan_batch(root_id, batch)
                batch = []
                yield _progress(tally, started)
        removed = [
            path for path in known
            if path not in seen and not any(path.startswith(lost) for lost in lost_folders)
        ]  # fmt: skip
        tally.removed += len(removed)
        store.write_scan_batch(root_id, batch, removed)
        batch = []
        store.write_folder_memos(root_id, fresh_memos, [p for p in memos if p not in walked])
    finally:
        if batch:
            store.write_scan_batch(root_id, batch)
        reader.close()


def _note_problem(tally: _Tally, problem: WalkProblem, lost_folders: list[bytes]) -> None:
    path = os.fsdecode(problem.path)
    tally.note_error(path, problem.reason)
    if len(tally.walk_problems) < MAX_ERRORS_LISTED:
        tally.walk_problems.append((path, problem.reason))
    if problem.is_folder:
        lost_folders.append(problem.path.rstrip(b"/") + b"/")


def _drain(
    reader: _Reader, tally: _Tally, known: dict[bytes, tuple[bytes, int, int]], block: bool
) -> list[ScanRecord]:
    records = reader.collect(block)
    for record in records:
        tally.read += 1
        if record.row is None:
            tally.note_error(os.fsdecode(record.path), record.reason)
        elif record.path in known:
            tally.updated += 1
        else:
            tally.added += 1
    return records
