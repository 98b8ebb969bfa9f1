"""The single-instance wire format: what a second start sends the player, and the reply.

One JSON object per line each way, ASCII only (a file name that is not UTF-8 travels as the
JSON escape of Python's surrogate escape). A request is
``{"version": 1, "command": "open", "paths": [...], "cwd": "...", "activation_token": ""}``;
the reply ``{"version": 1, "ok": true}`` or ``{"version": 1, "ok": false, "error": "..."}``.
Everything received is checked (size, shape, types) before it is used, and a bad line raises
:class:`ProtocolError` with a readable reason. Used by :mod:`app.platform.single_instance`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QCoreApplication

PROTOCOL_VERSION = 1
MAX_REQUEST_BYTES = 8 * 1024 * 1024  # several times what a command line can hold
MAX_REPLY_BYTES = 64 * 1024
MAX_PATHS = 100_000
MAX_PATH_CHARS = 16 * 1024
MAX_TOKEN_CHARS = 512


class Command(Enum):
    """What a starting process asks of the running player."""

    OPEN = "open"  # play these files now
    ENQUEUE = "enqueue"  # add these files to the queue
    ACTIVATE = "activate"  # raise the window
    PLAY_PAUSE = "play-pause"
    NEXT = "next"
    PREVIOUS = "previous"
    STOP = "stop"


FILE_COMMANDS = frozenset({Command.OPEN, Command.ENQUEUE})
STARTING_COMMANDS = frozenset({Command.OPEN, Command.ENQUEUE, Command.ACTIVATE})
"""Commands that start a new player when none runs; the others only steer a running one."""


class ProtocolError(ValueError):
    """A message on the socket is not a well-formed request or reply."""


class InstanceError(RuntimeError):
    """The player cannot take part in the hand-over (no private folder, socket in use)."""


@dataclass(frozen=True)
class Request:
    """One command with its files, as a starting process sends it.

    Parameters
    ----------
    command
        What to do.
    paths
        Absolute paths of files, folders or playlists (for :data:`FILE_COMMANDS` only).
    cwd
        The sender's working folder; a relative path is taken relative to it.
    activation_token
        The sender's ``XDG_ACTIVATION_TOKEN``, which lets a Wayland compositor raise the
        running window.

    """

    command: Command
    paths: tuple[str, ...] = ()
    cwd: str = ""
    activation_token: str = ""

    def encode(self) -> bytes:
        """Return the request as one line of ASCII JSON."""
        body = {
            "version": PROTOCOL_VERSION,
            "command": self.command.value,
            "paths": list(self.paths),
            "cwd": self.cwd,
            "activation_token": self.activation_token,
        }
        return json.dumps(body, ensure_ascii=True).encode("ascii") + b"\n"


@dataclass(frozen=True)
class Reply:
    """The running player's answer: ``ok``, or a sentence saying what was wrong."""

    ok: bool
    error: str = ""

    def encode(self) -> bytes:
        """Return the reply as one line of ASCII JSON."""
        body: dict[str, Any] = {"version": PROTOCOL_VERSION, "ok": self.ok}
        if not self.ok:
            body["error"] = self.error
        return json.dumps(body, ensure_ascii=True).encode("ascii") + b"\n"


def _valid_token(token: str) -> bool:
    return len(token) <= MAX_TOKEN_CHARS and token.isprintable() and " " not in token


def activation_token() -> str:
    """Return this process's Wayland activation token to pass on, or ``""``."""
    token = os.environ.get("XDG_ACTIVATION_TOKEN", "")
    return token if _valid_token(token) else ""


def _json_object(line: bytes, what: str) -> dict[str, Any]:
    """Parse one line as a JSON object carrying this protocol's version."""
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProtocolError(f"the {what} is not well-formed JSON") from exc
    if not isinstance(data, dict):
        raise ProtocolError(f"the {what} is not a JSON object")
    version = data.get("version")
    if type(version) is not int:
        raise ProtocolError(f"the {what} carries no protocol version")
    if version != PROTOCOL_VERSION:
        raise ProtocolError(
            QCoreApplication.translate(
                "SingleInstance",
                "this Starlight Turntable and the running one are different versions;"
                " quit the running one first",
            )
        )
    return data


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > limit or "\0" in value:
        raise ProtocolError(f"{key!r} must be a string of at most {limit} characters")
    return value


def _checked_path(value: object, cwd: str) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_PATH_CHARS:
        raise ProtocolError("every path must be a non-empty string")
    if "\0" in value:
        raise ProtocolError("a path holds a NUL character")
    if os.path.isabs(value):
        return value
    if cwd and os.path.isabs(cwd):
        return os.path.join(cwd, value)
    raise ProtocolError("a relative path came without an absolute working folder")


def decode_request(line: bytes) -> Request:
    """Check and read one request line (without its newline).

    Raises
    ------
    ProtocolError
        When the line is not a request of this protocol: not JSON, wrong version, unknown
        command, paths that are not strings, files for a command that takes none, etc.

    """
    data = _json_object(line, "request")
    try:
        command = Command(data.get("command"))
    except ValueError:
        raise ProtocolError("the request names no known command") from None
    cwd = _text(data, "cwd", MAX_PATH_CHARS)
    token = _text(data, "activation_token", MAX_TOKEN_CHARS)
    if not _valid_token(token):
        raise ProtocolError("the activation token holds spaces or control characters")
    raw_paths = data.get("paths", [])
    if not isinstance(raw_paths, list) or len(raw_paths) > MAX_PATHS:
        raise ProtocolError(f"'paths' must be a list of at most {MAX_PATHS:,} strings")
    paths = tuple(_checked_path(value, cwd) for value in raw_paths)
    if command in FILE_COMMANDS and not paths:
        raise ProtocolError(f"'{command.value}' needs at least one file")
    if command not in FILE_COMMANDS and paths:
        raise ProtocolError(f"'{command.value}' takes no files")
    return Request(command, paths, cwd, token)


def decode_reply(line: bytes) -> Reply:
    """Check and read one reply line (without its newline); raises :class:`ProtocolError`."""
    data = _json_object(line, "reply")
    ok = data.get("ok")
    if not isinstance(ok, bool):
        raise ProtocolError("the reply says neither yes nor no")
    return Reply(ok, "" if ok else _text(data, "error", MAX_REPLY_BYTES) or "refused")
