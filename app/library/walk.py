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

import os
import stat
from collections.abc import Iterator
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
_is_dir, _is_regular = stat.S_ISDIR, stat.S_ISREG


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


@dataclass(slots=True)
class FolderListing:
    """One folder's audio files and problems (its subfolders come as listings of their own)."""

    path: bytes
    files: list[FoundFile] = field(default_factory=list)
    problems: list[WalkProblem] = field(default_factory=list)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def walk_audio_files(root: str | bytes) -> Iterator[FolderListing]:
    """Yield a :class:`FolderListing` for ``root`` and each folder under it."""
    root_path = os.fsencode(root)
    seen_folders: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    try:
        info = os.stat(root_path)
    except OSError as exc:
        yield FolderListing(root_path, problems=[_lost(root_path, exc)])
        return
    seen_folders.add((info.st_dev, info.st_ino))
    stack = [root_path]
    while stack:
        folder = stack.pop()
        listing = FolderListing(folder)
        files = listing.files
        try:
            with os.scandir(folder) as scanner:
                entries = list(scanner)
        except OSError as exc:
            listing.problems.append(_lost(folder, exc))
            yield listing
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            if name.startswith(b"."):
                continue
            dot = name.rfind(b".", -_MAX_EXTENSION - 1)
            is_audio = dot > 0 and name[dot:].lower() in _EXTENSIONS
            if not is_audio and entry.is_file():
                continue  # covers, logs, playlists: not even a stat
            try:
                info = entry.stat()  # follows links
            except OSError as exc:
                if is_audio:  # a broken link named like a cover or a log is nobody's loss
                    reason = "is a link to nothing" if entry.is_symlink() else _unreadable(exc)
                    listing.problems.append(WalkProblem(entry.path, reason, False))
                continue
            mode = info.st_mode
            identity = (info.st_dev, info.st_ino)
            if _is_dir(mode):
                if identity not in seen_folders and name.lower() not in SYSTEM_FOLDERS:
                    seen_folders.add(identity)
                    subfolders.append(entry.path)
            elif is_audio and _is_regular(mode) and identity not in seen_files:
                seen_files.add(identity)
                files.append(FoundFile(entry.path, info.st_mtime_ns, info.st_size))
        stack.extend(reversed(subfolders))
        yield listing


def audio_files(root: str | bytes) -> list[FoundFile]:
    """Return every audio file under ``root`` (for tools and benchmarks)."""
    return [found for listing in walk_audio_files(root) for found in listing.files]


def _lost(folder: bytes, exc: OSError) -> WalkProblem:
    return WalkProblem(folder, f"folder cannot be read ({_reason(exc)})", True)


def _unreadable(exc: OSError) -> str:
    return f"cannot be read ({_reason(exc)})"
