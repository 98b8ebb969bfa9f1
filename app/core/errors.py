"""One small hierarchy of errors, each carrying the path and a message a person can read."""

from __future__ import annotations

from pathlib import Path


class StarlightError(Exception):
    """Base of every error the app raises on purpose."""


class MediaError(StarlightError):
    """A problem with one media file.

    Parameters
    ----------
    path
        The file the problem concerns.
    reason
        A short sentence a person can read, without the path.

    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


class DecodeError(MediaError):
    """A file could not be decoded to sound."""


class TagReadError(MediaError):
    """A file's tags could not be read."""


class OutputError(StarlightError):
    """The audio output could not be opened or failed while playing."""


class CoverError(MediaError):
    """A track's cover art could not be read, or its picture was refused as unsafe to decode."""


class StoreError(StarlightError):
    """The library database could not be opened or written (locked, disk full, too new)."""


class PlaylistError(MediaError):
    """A playlist file as a whole could not be read or written.

    Problems with single entries are not errors: the reader reports them and keeps the rest.
    """
