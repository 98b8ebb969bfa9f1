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
