"""Read the tags the player needs, read-only, through mutagen.

Every mutagen call goes through :func:`_open`, which turns mutagen's errors into
:class:`~app.core.errors.TagReadError` with the file and a reason. Files are only ever opened
for reading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import mutagen

from app.core.errors import TagReadError
from app.core.track import ReplayGain, Track

_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def _open(path: Path, easy: bool) -> Any:
    try:
        handle = mutagen.File(path, easy=easy)
    except mutagen.MutagenError as exc:
        raise TagReadError(path, f"tags could not be read ({exc})") from exc
    except OSError as exc:
        raise TagReadError(path, f"could not be opened ({exc.strerror})") from exc
    if handle is None:
        raise TagReadError(path, "is not a known audio format")
    return handle


def _first(tags: Mapping[str, Any] | None, *names: str) -> str:
    if not tags:
        return ""
    for name in names:
        for candidate in (name, name.upper()):
            if candidate in tags:
                value = tags[candidate]
                if isinstance(value, Sequence) and not isinstance(value, str | bytes):
                    value = value[0] if value else ""
                text = str(value).replace("\x00", "").strip()
                if text:
                    return text
    return ""


def _number(text: str) -> float | None:
    match = _NUMBER.search(text)
    return float(match.group()) if match else None


def _raw_tag(handle: Any, name: str) -> str:
    """Return a ReplayGain value, which easy mode hides for ID3 (TXXX) and MP4 atoms."""
    tags = getattr(handle, "tags", None)
    found = _first(tags, name)
    if found or tags is None:
        return found
    for key in (f"TXXX:{name}", f"TXXX:{name.upper()}", f"----:com.apple.iTunes:{name}"):
        if key in tags:
            value = tags[key]
            text = value.text[0] if hasattr(value, "text") else value[0]
            return text.decode() if isinstance(text, bytes) else str(text)
    return ""


def read_track(path: Path) -> Track:
    """Return a :class:`Track` for ``path`` with title, artist, album, duration and ReplayGain.

    Raises
    ------
    TagReadError
        When the file cannot be read or is not a known format.

    """
    handle = _open(path, easy=True)
    raw_handle = _open(path, easy=False)
    tags = handle.tags
    gains = [
        _number(_raw_tag(raw_handle, name))
        for name in ("replaygain_track_gain", "replaygain_track_peak",
                     "replaygain_album_gain", "replaygain_album_peak")
    ]  # fmt: skip
    info = getattr(handle, "info", None)
    length = getattr(info, "length", None)
    return Track(
        path=path,
        title=_first(tags, "title"),
        artist=_first(tags, "artist", "albumartist"),
        album=_first(tags, "album"),
        duration_s=float(length) if length else None,
        replay_gain=ReplayGain(*gains),
    )
