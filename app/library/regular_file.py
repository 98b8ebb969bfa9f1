"""Open a file for reading only when it is a regular file, without ever blocking on it.

A FIFO, a socket or a device named like a song or a cover would otherwise hang whoever opens
it (a drop, the command line, MPRIS OpenUri, a cover lookup) for ever.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

__all__ = ["NotARegularFileError", "open_regular"]


class NotARegularFileError(OSError):
    """The path names a FIFO, a socket, a device or a folder, not a file."""


def _without_blocking(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK | os.O_NOCTTY)


def open_regular(path: Path) -> BinaryIO:
    """Return ``path`` opened for reading (``"rb"``).

    Raises
    ------
    NotARegularFileError
        When ``path`` is not a regular file (checked on the open file, so nothing can swap it).
    OSError
        When it cannot be opened at all.

    """
    fileobj = open(path, "rb", opener=_without_blocking)  # noqa: SIM115 (the caller closes it)
    if not stat.S_ISREG(os.fstat(fileobj.fileno()).st_mode):
        fileobj.close()
        raise NotARegularFileError(errno.EINVAL, "not a regular file", str(path))
    return fileobj
