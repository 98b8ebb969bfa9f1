"""Walk a library folder: every audio file under it, once, whatever the tree looks like.

- Symlinked folders are followed; each folder is entered once (by device and inode), so a
  link back up the tree cannot loop and a folder linked twice is not scanned twice.
- Hidden entries (a leading dot) and system folders (``lost+found``, Windows' recycle bin,
  Synology's ``@eaDir`` ...) are skipped.
- A folder or file that cannot be read, or a dangling link, is reported and the walk goes on.
- Paths are the file system's bytes, as the store keeps them: names that are not UTF-8 need no
  special care, and nothing is encoded per file (an unchanged rescan of 50,000 files is
  mostly this walk, so it is kept lean).
- The walk uses an explicit stack, so depth is bounded only by the file system.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from app.library.paths import AUDIO_EXTENSIONS

SYSTEM_FOLDERS = frozenset(
    {
        b"lost+found", b"$recycle.bin", b"system volume information", b"@eadir", b"#recycle",
        b"#snapshot", b"__macosx", b"recycler", b"$trash$",
    }
)  # fmt: skip
_EXTENSIONS = frozenset(os.fsencode(extension) for extension in AUDIO_EXTENSIONS)
_MAX_EXTENSION = max(map(len, _EXTENSIONS))
_is_regular = stat.S_ISREG
RACY_NS = 2_000_000_000
_ENTER = os.R_OK | os.X_OK


class FoundFile(NamedTuple):
    """An audio file found by the walk, with what tells whether it changed.

    A named tuple rather than a dataclass: 50,000 of them are made on every rescan.
    """

    path: bytes
    mtime_ns: int
    size: int


@dataclass(frozen=True, slots=True)
class WalkProblem:
    """Something could not be read; ``is_folder`` when a whole folder was lost."""

    path: bytes
    reason: str
    is_folder: bool


_make_found = FoundFile._make  # skips the named tuple's keyword-parsing constructor


class FolderMemo(NamedTuple):
    """What a folder held when it was last listed: its audio entries and subfolders.

    A folder's mtime changes whenever an entry is added, removed or renamed in it, so while
    it stays the same the names are still right (the files themselves are still checked
    one by one). A listing taken within :data:`RACY_NS` of the folder's last change is not
    trusted: a change in the same clock tick would not move the mtime (FAT counts in 2 s).
    """

    mtime_ns: int
    listed_ns: int
    audio: bytes
    subfolders: bytes

    def trusted(self, mtime_ns: int) -> bool:
        """Return True when the folder has not changed since this memo was taken."""
        return mtime_ns == self.mtime_ns and self.listed_ns - self.mtime_ns > RACY_NS

    def subfolder_names(self) -> list[bytes]:
        """Return the names of the subfolders."""
        return self.subfolders.split(b"\0") if self.subfolders else []


@dataclass(slots=True)
class FolderListing:
    """One folder's audio files and problems (its subfolders come as listings of their own).

    ``memo`` is set when the folder was listed afresh, for the store to keep.
    """

    path: bytes
    files: list[FoundFile] = field(default_factory=list)
    problems: list[WalkProblem] = field(default_factory=list)
    memo: FolderMemo | None = None


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def walk_audio_files(
    root: str | bytes, memos: Mapping[bytes, FolderMemo] | None = None
) -> Iterator[FolderListing]:
    """Yield a :class:`FolderListing` for ``root`` and each folder under it.

    With ``memos`` (what an earlier walk listed), a folder whose mtime shows no entry was
    added, removed or renamed since is not listed again: its files are checked with one
    ``stat`` each, by name. Freshly listed folders carry a new memo to keep.
    """
    memos = memos or {}
    seen_folders: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    stack = [os.fsencode(root)]
    while stack:
        folder = stack.pop()
        try:
            info = os.stat(folder)
        except OSError as exc:
            yield FolderListing(folder, problems=[_lost(folder, exc)])
            continue
        identity = (info.st_dev, info.st_ino)
        if identity in seen_folders:
            continue  # reached again through a link
        seen_folders.add(identity)
        memo = memos.get(folder)
        # An unreadable folder keeps its mtime when its permissions change: list it afresh,
        # so it is reported as lost rather than its files as gone.
        if memo is not None and memo.trusted(info.st_mtime_ns) and os.access(folder, _ENTER):
            listing = _from_memo(folder, memo, seen_files)
            subfolders = memo.subfolder_names()
        else:
            listing, subfolders = _list(folder, info.st_mtime_ns, seen_files)
        prefix = folder + b"/"
        stack.extend(prefix + name for name in reversed(subfolders))
        yield listing


def _list(
    folder: bytes, mtime_ns: int, seen_files: set[tuple[int, int]]
) -> tuple[FolderListing, list[bytes]]:
    """List a folder with scandir; returns the listing (with its memo) and subfolder names."""
    listing = FolderListing(folder)
    listed_ns = time.time_ns()
    try:
        with os.scandir(folder) as scanner:
            entries = list(scanner)
    except OSError as exc:
        listing.problems.append(_lost(folder, exc))
        return listing, []
    audio_names: list[bytes] = []
    subfolders: list[bytes] = []
    for entry in entries:
        name = entry.name
        if name.startswith(b"."):
            continue
        dot = name.rfind(b".", -_MAX_EXTENSION - 1)
        is_audio = dot > 0 and name[dot:].lower() in _EXTENSIONS
        if not is_audio and entry.is_file():
            continue  # covers, logs, playlists: not even a stat
        try:
            is_dir = entry.is_dir()  # follows links
        except OSError:
            is_dir = False
        if is_dir:
            if name.lower() not in SYSTEM_FOLDERS:
                subfolders.append(name)
        elif is_audio:
            audio_names.append(name)
            _add_file(listing, entry.path, seen_files)
    listing.memo = FolderMemo(mtime_ns, listed_ns, b"\0".join(audio_names), b"\0".join(subfolders))
    return listing, subfolders


def _from_memo(folder: bytes, memo: FolderMemo, seen_files: set[tuple[int, int]]) -> FolderListing:
    """Check the files a memo names, one ``stat`` each (the rescan's inner loop, kept tight)."""
    listing = FolderListing(folder)
    if not memo.audio:
        return listing
    prefix = folder + b"/"
    append, stat_path, make = listing.files.append, os.stat, _make_found
    for name in memo.audio.split(b"\0"):
        path = prefix + name
        try:
            info = stat_path(path)
        except OSError:
            _add_file(listing, path, seen_files)  # says why
            continue
        identity = (info.st_dev, info.st_ino)
        if _is_regular(info.st_mode) and identity not in seen_files:
            seen_files.add(identity)
            append(make((path, info.st_mtime_ns, info.st_size)))
    return listing


def _add_file(listing: FolderListing, path: bytes, seen_files: set[tuple[int, int]]) -> None:
    """Stat an audio-named entry and add it when it is a regular file not met before."""
    try:
        info = os.stat(path)  # follows links
    except OSError as exc:
        listing.problems.append(WalkProblem(path, _file_problem(path, exc), False))
        return
    identity = (info.st_dev, info.st_ino)
    if _is_regular(info.st_mode) and identity not in seen_files:
        seen_files.add(identity)
        listing.files.append(_make_found((path, info.st_mtime_ns, info.st_size)))


def audio_files(root: str | bytes) -> list[FoundFile]:
    """Return every audio file under ``root`` (for tools and benchmarks)."""
    return [found for listing in walk_audio_files(root) for found in listing.files]


def _lost(folder: bytes, exc: OSError) -> WalkProblem:
    return WalkProblem(folder, f"folder cannot be read ({_reason(exc)})", True)


def _file_problem(path: bytes, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a link that loops back on itself"
    return "is a link to nothing" if os.path.islink(path) else _unreadable(exc)


def _unreadable(exc: OSError) -> str:
    return f"cannot be read ({_reason(exc)})"
