"""Turn command-line arguments and dropped paths into an ordered list of audio files."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import PlaylistError
from app.library.playlists import PLAYLIST_EXTENSIONS, read_playlist

AUDIO_EXTENSIONS = frozenset(
    {
        ".mp3", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".m4b", ".mp4", ".aac", ".alac",
        ".wav", ".wave", ".aif", ".aiff", ".aifc", ".wma", ".asf", ".ape", ".wv", ".mpc",
        ".mp2", ".ac3", ".dts", ".mka", ".webm", ".tta", ".caf", ".au", ".w64", ".spx",
    }
)  # fmt: skip

_DIGITS = re.compile(r"(\d+)")
_DISC_FOLDER = re.compile(r"(?:cd|disc|disk)\s*[-_.]?\s*0*([0-9]{1,2})", re.IGNORECASE)


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts ``track 2`` before ``track 10`` and ignores case."""
    parts = _DIGITS.split(name.casefold())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def disc_folder_number(name: str) -> int | None:
    """Return the disc a folder named like ``CD1``, ``Disc 2`` or ``disk-03`` holds, else None.

    Such a folder is part of an album: the tag reader's path guesses and the grouping of
    records both treat its parent as the album's folder.
    """
    found = _DISC_FOLDER.fullmatch(name)
    return int(found.group(1)) if found is not None else None


@dataclass
class Expansion:
    """Files found, and a readable message for each argument that gave none."""

    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _walk_folder(folder: Path) -> Iterator[Path]:
    """Audio files under ``folder`` in natural order, folders before their later siblings."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: natural_key(e.name))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir():
                if not entry.is_symlink():
                    yield from _walk_folder(path)
            elif path.suffix.lower() in AUDIO_EXTENSIONS and entry.is_file():
                yield path  # (a FIFO or a device named like a song is not one)
        except OSError:
            continue


def _expand_playlist(playlist: Path, result: Expansion) -> None:
    """Add a playlist's local entries in order, and its problems."""
    try:
        read = read_playlist(playlist)
    except PlaylistError as exc:
        result.problems.append(f"{playlist}: {exc.reason}")
        return
    result.files.extend(entry.path for entry in read.entries)
    result.problems.extend(read.problems)


def expand_paths(arguments: Iterable[str | Path]) -> Expansion:
    """Expand files, folders and playlists in the order given; folders expand recursively.

    Files named explicitly are kept whatever their extension (ffmpeg may still play them);
    the engine reports those it cannot decode. Missing paths are reported here. A playlist
    (``.m3u``, ``.m3u8``, ``.pls``) given explicitly expands to its existing local entries, its
    skipped entries going to the problems; playlists met inside folders are not expanded.
    """
    result = Expansion()
    for argument in arguments:
        path = Path(argument).expanduser().absolute()
        try:
            is_dir = path.is_dir()
            exists = path.exists() or path.is_symlink()
        except OSError as exc:
            result.problems.append(f"{path}: cannot be opened ({exc.strerror or exc})")
            continue
        if is_dir:
            found = list(_walk_folder(path))
            if not found:
                result.problems.append(f"{path}: no audio files in this folder")
            result.files.extend(found)
        elif exists and path.suffix.lower() in PLAYLIST_EXTENSIONS:
            _expand_playlist(path, result)
        elif exists:
            result.files.append(path)
        else:
            result.problems.append(f"{path}: no such file or folder")
    return result
