"""Walk a library folder: every audio file under it, once, whatever the tree looks like.

- Symlinked folders are followed; each folder is entered once (by device and inode), so a
  link back up the tree cannot loop and a folder linked twice is not scanned twice.
- Hidden entries (a leading dot) and system folders (``lost+found``, Windows' recycle bin,
  Synology's ``@eaDir`` ...) are skipped.
- A folder or file that cannot be read, or a dangling link, is reported and the walk goes on.
- Names that are not UTF-8 come through as ``str`` with surrogate escapes, as Python gives them;
  :func:`os.fsencode` turns them back into the bytes on disk.
- The walk uses an explicit stack, so depth is bounded only by the file system.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from app.library.paths import AUDIO_EXTENSIONS

SYSTEM_FOLDERS = frozenset(
    {
        "lost+found", "$recycle.bin", "system volume information", "@eadir", "#recycle",
        "#snapshot", "__macosx", "recycler", "$trash$",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class FoundFile:
    """An audio file found by the walk, with what tells whether it changed."""

    path: str
    mtime_ns: int
    size: int


@dataclass(frozen=True, slots=True)
class EnteredFolder:
    """The walk went into a folder (for progress)."""

    path: str


@dataclass(frozen=True, slots=True)
class WalkProblem:
    """Something under the root could not be read; ``is_folder`` when a whole folder was lost."""

    path: str
    reason: str
    is_folder: bool


WalkEvent = FoundFile | EnteredFolder | WalkProblem


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def walk_audio_files(root: str) -> Iterator[WalkEvent]:
    """Yield the audio files under ``root``, the folders entered, and the problems met."""
    seen_folders: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    try:
        info = os.stat(root)
    except OSError as exc:
        yield WalkProblem(root, f"cannot be opened ({_reason(exc)})", True)
        return
    seen_folders.add((info.st_dev, info.st_ino))
    stack = [root]
    while stack:
        folder = stack.pop()
        yield EnteredFolder(folder)
        try:
            with os.scandir(folder) as entries:
                listing = list(entries)
        except OSError as exc:
            yield WalkProblem(folder, f"folder cannot be read ({_reason(exc)})", True)
            continue
        subfolders = []
        for entry in listing:
            name = entry.name
            if name.startswith(".") or name.casefold() in SYSTEM_FOLDERS:
                continue
            try:
                info = entry.stat()  # follows links
            except OSError as exc:
                if entry.is_symlink():
                    yield WalkProblem(entry.path, "is a link to nothing", False)
                else:
                    yield WalkProblem(entry.path, f"cannot be read ({_reason(exc)})", False)
                continue
            identity = (info.st_dev, info.st_ino)
            if stat.S_ISDIR(info.st_mode):
                if identity not in seen_folders:
                    seen_folders.add(identity)
                    subfolders.append(entry.path)
            elif stat.S_ISREG(info.st_mode) and _is_audio(name) and identity not in seen_files:
                seen_files.add(identity)
                yield FoundFile(entry.path, info.st_mtime_ns, info.st_size)
        stack.extend(reversed(subfolders))


def _is_audio(name: str) -> bool:
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in AUDIO_EXTENSIONS
