"""Headless commands: ``starlight scan DIR...`` and ``starlight search QUERY``.

No window and no sound: only QtCore is loaded, for the standard data folder. Bad files do not
change the exit code; only a scan that could not run at all (a missing folder, a library that
cannot be opened) exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.core.errors import StoreError
from app.library.store import Store

COMMANDS = frozenset({"scan", "search"})
EXIT_CANNOT_RUN = 2
MAX_ERROR_FILES = 200


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="starlight", description="Starlight Turntable library")
    commands = parser.add_subparsers(dest="command", required=True)
    scan = commands.add_parser("scan", help="scan folders into the library")
    scan.add_argument("folders", nargs="+", type=Path, help="music folders to scan")
    scan.add_argument("--db", type=Path, help="library database (default: the app's)")
    scan.add_argument("--json", action="store_true", help="print one JSON object")
    search = commands.add_parser("search", help="search the library")
    search.add_argument("query", help="words to find; each matches as a prefix")
    search.add_argument("--db", type=Path, help="library database (default: the app's)")
    search.add_argument("--json", action="store_true", help="print a JSON list")
    search.add_argument("--limit", type=int, default=50, help="most results to show")
    return parser


def _database(given: Path | None) -> Path:
    if given is not None:
        return given.expanduser().absolute()
    from app.platform.locations import library_path

    return library_path()


def run(argv: Sequence[str]) -> int:
    """Run a headless command; returns the exit code."""
    args = _parser().parse_args(list(argv))
    # A name that is not UTF-8 prints as a \udcXX escape, which is also valid inside JSON.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        if args.command == "scan":
            return _scan(args)
        return _search(args)
    except StoreError as exc:
        print(f"starlight: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN


def _scan(args: argparse.Namespace) -> int:
    from app.library.scanner import scan

    folders = [folder.expanduser().absolute() for folder in args.folders]
    problems = [problem for problem in map(_folder_problem, folders) if problem]
    for problem in problems:
        print(f"starlight: {problem}", file=sys.stderr)
    if problems:
        return EXIT_CANNOT_RUN
    database = _database(args.db)
    _open_and_report(database).close()
    show_progress = not args.json and sys.stderr.isatty()
    progress = None
    for progress in scan(database, folders):
        if show_progress:
            print(
                f"\r{progress.files_seen} found, {progress.files_read}/{progress.files_to_read} "
                "read",
                end="",
                file=sys.stderr,
            )
    assert progress is not None and progress.done
    store = Store(database)
    tracks = store.track_count()
    # Unreadable files stay known between scans (an unchanged one is not read again), so the
    # report counts every one the library holds, plus what the walk could not enter this time.
    errors = store.error_count() + len(progress.walk_problems)
    error_files = list(progress.walk_problems) + [
        (os.fsdecode(path), reason) for path, reason in store.scan_errors(MAX_ERROR_FILES)
    ]
    store.close()
    report: dict[str, Any] = {
        "tracks": tracks,
        "added": progress.added,
        "updated": progress.updated,
        "removed": progress.removed,
        "errors": errors,
        "error_files": [{"path": p, "reason": r} for p, r in error_files[:MAX_ERROR_FILES]],
        "seconds": round(progress.seconds, 3),
        "database": os.fsdecode(database),
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    if show_progress:
        print(file=sys.stderr)
    print(
        f"{tracks} tracks in the library: {progress.added} added, {progress.updated} updated, "
        f"{progress.removed} removed, {errors} unreadable ({progress.seconds:.1f} s)"
    )
    for path, reason in error_files[:MAX_ERROR_FILES]:
        print(f"  {path}: {reason}")
    return 0


def _open_and_report(database: Path) -> Store:
    """Open the library, telling the user when a damaged file had to be set aside."""
    store = Store(database)
    if store.recovered_from is not None:
        print(
            f"starlight: the library file was damaged; it was moved to {store.recovered_from} "
            "and a new library was started",
            file=sys.stderr,
        )
    return store


def _folder_problem(folder: Path) -> str:
    try:
        if not folder.is_dir():
            return f"{folder}: not a folder"
    except OSError as exc:
        return f"{folder}: cannot be opened ({exc.strerror or exc})"
    return ""


def _search(args: argparse.Namespace) -> int:
    from app.library.model import LibraryModel

    store = _open_and_report(_database(args.db))
    tracks = LibraryModel(store).search(args.query, limit=max(1, args.limit))
    store.close()
    if args.json:
        found = [
            {
                "path": os.fsdecode(t.path),
                "title": t.title,
                "artist": t.artist,
                "album": t.album,
                "track_number": t.track_number,
                "duration_s": t.duration_s,
            }
            for t in tracks
        ]
        print(json.dumps(found, ensure_ascii=False))
        return 0
    for t in tracks:
        print(f"{t.artist or '?'} - {t.display_title} [{t.album}]  {os.fsdecode(t.path)}")
    return 0
