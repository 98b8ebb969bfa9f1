"""Write a file whole or not at all: a crash or a full disk never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import secrets


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, sync it, then rename it over ``path``.

    The temporary file is created exclusively (never an existing file) with the permissions
    the umask gives any new file. On any error it is removed and ``path`` is left as it was.

    Raises
    ------
    OSError
        When the folder cannot be written or the disk is full.

    """
    folder, name = os.path.split(os.fspath(path))
    temporary = os.path.join(folder, f".{name[:100]}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temporary, flags, 0o666)
    try:
        with open(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
