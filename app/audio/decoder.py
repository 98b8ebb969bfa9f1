"""Streaming decode: one ffmpeg process per track writes float WAV to a pipe we read in blocks.

Memory stays flat whatever the file's length, and the first block arrives within tens of
milliseconds. ffmpeg trims MP3 encoder delay/padding and AAC priming itself, so consecutive
tracks concatenate sample-exactly.
"""

from __future__ import annotations

import os
import re
import select
import struct
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from app.audio.ffmpeg import decode_command
from app.core.errors import DecodeError

_WAVE_FORMAT_FLOAT = 3
_WAVE_FORMAT_EXTENSIBLE = 0xFFFE
_LOG_PREFIX = re.compile(r"^\[[^\]]*\]\s*")


@dataclass(frozen=True)
class StreamFormat:
    """What the decoder delivers: float32 frames at ``sample_rate`` with ``channels``."""

    sample_rate: int
    channels: int
    channel_mask: int = 0


def _reason_of(line: str) -> str:
    """Take the human part of an ffmpeg error line: its last parenthesis or after its colon."""
    if line.endswith(")") and "(" in line:
        line = line[line.rindex("(") + 1 : -1]
    elif ":" in line:
        line = line.rsplit(":", 1)[1]
    return line.strip().rstrip(".").lower()


# The longest ffmpeg may go without giving a byte before it counts as hung (a file on a share
# that stopped answering, a stopped process). With the next track's start that is within 2 s.
STALL_S = 1.5


def _await_bytes(pipe: IO[bytes], path: Path) -> None:
    """Return once ``pipe`` can be read; raise :class:`DecodeError` after :data:`STALL_S`."""
    ready, _, _ = select.select([pipe], [], [], STALL_S)
    if not ready:
        raise DecodeError(path, f"stopped answering (the decoder gave nothing for {STALL_S:g} s)")


def _read_exact(pipe: IO[bytes], n: int, path: Path) -> bytes:
    """Read ``n`` bytes unless the pipe ends first (or stalls: see :func:`_await_bytes`)."""
    chunks = []
    while n > 0:
        _await_bytes(pipe, path)
        chunk = pipe.read(n)
        if not chunk:
            break
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def check_playable_path(path: Path) -> None:
    """Raise a readable :class:`DecodeError` for paths that cannot be audio at all."""
    try:
        _check_path(path)
    except OSError as exc:
        raise DecodeError(path, f"cannot be opened ({exc.strerror or exc})") from exc


def _check_path(path: Path) -> None:
    if path.is_dir():
        raise DecodeError(path, "is a folder, not an audio file")
    if not path.exists():
        reason = "is a broken link" if path.is_symlink() else "does not exist"
        raise DecodeError(path, reason)
    if path.stat().st_size == 0:
        raise DecodeError(path, "is empty (0 bytes)")
    if not os.access(path, os.R_OK):
        raise DecodeError(path, "cannot be read (permission denied)")


@dataclass(frozen=True)
class SpawnedDecoder:
    """An ffmpeg process started for a :class:`StreamDecoder`, with the file of its messages."""

    path: Path
    process: subprocess.Popen[bytes]
    stderr: IO[bytes]

    def discard(self) -> None:
        """Kill and reap the process when no decoder will take it."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.stderr.close()


def spawn_decoder(path: Path, start_s: float = 0.0) -> SpawnedDecoder:
    """Start ffmpeg decoding ``path`` from ``start_s``; it starts up while the caller goes on.

    Raises
    ------
    DecodeError
        When the path cannot be audio or ffmpeg cannot be started.

    """
    path = Path(path)
    check_playable_path(path)
    # A real file, not a pipe: ffmpeg never blocks on a full stderr, and no thread drains it.
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the decoder or discard())
    try:
        process = subprocess.Popen(
            decode_command(path, start_s),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            bufsize=0,
        )
    except OSError as exc:
        stderr.close()
        raise DecodeError(path, f"ffmpeg could not be started ({exc.strerror})") from exc
    return SpawnedDecoder(path, process, stderr)


class StreamDecoder:
    """Decode one file from ``start_s`` as float32 blocks.

    Use as a context manager, or call :meth:`close`; the ffmpeg process is killed and reaped
    either way. ``spawned`` hands over a process :func:`spawn_decoder` already started.

    Raises
    ------
    DecodeError
        From the constructor when the file cannot be opened or is not audio.

    """

    def __init__(
        self,
        path: Path,
        start_s: float = 0.0,
        on_spawn: Callable[[subprocess.Popen[bytes]], None] | None = None,
        spawned: SpawnedDecoder | None = None,
    ) -> None:
        self.path = Path(path)
        if spawned is None:
            spawned = spawn_decoder(self.path, start_s)
        self._proc, self._stderr = spawned.process, spawned.stderr
        if on_spawn is not None:
            on_spawn(self._proc)  # lets another thread kill it while the header is awaited
        assert self._proc.stdout is not None
        self._stdout: IO[bytes] = self._proc.stdout
        self._carry = b""
        try:
            self.format = self._read_header()
        except BaseException:
            self.close()
            raise
        self._frame_bytes = 4 * self.format.channels

    def _read_header(self) -> StreamFormat:
        head = _read_exact(self._stdout, 12, self.path)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            raise self._failure("is not a readable audio file")
        fmt: StreamFormat | None = None
        while True:
            chunk_head = _read_exact(self._stdout, 8, self.path)
            if len(chunk_head) < 8:
                raise self._failure("ended before any audio")
            chunk_id, size = chunk_head[:4], struct.unpack("<I", chunk_head[4:])[0]
            if chunk_id == b"data":
                if fmt is None:
                    raise self._failure("has no audio format")
                return fmt
            body = _read_exact(self._stdout, size + (size & 1), self.path)
            if chunk_id == b"fmt ":
                fmt = self._parse_fmt(body)

    def _parse_fmt(self, body: bytes) -> StreamFormat:
        tag, channels, rate = struct.unpack("<HHI", body[:8])
        bits = struct.unpack("<H", body[14:16])[0]
        mask = 0
        if tag == _WAVE_FORMAT_EXTENSIBLE and len(body) >= 24:
            mask = struct.unpack("<I", body[20:24])[0]
            tag = struct.unpack("<H", body[24:26])[0]
        if tag != _WAVE_FORMAT_FLOAT or bits != 32 or channels < 1 or rate < 1:
            raise DecodeError(self.path, f"unexpected decoder output (format {tag}, {bits} bit)")
        return StreamFormat(sample_rate=rate, channels=channels, channel_mask=mask)

    def _failure(self, fallback: str) -> DecodeError:
        """Build the error for a decoder that stopped, with ffmpeg's own reason when it gave one."""
        try:
            self._proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._proc.kill()
        self._stderr.seek(0)
        lines = self._stderr.read(65536).decode("utf-8", "replace").splitlines()
        reasons = [_LOG_PREFIX.sub("", line).strip() for line in lines if line.strip()]
        if any(r.startswith("Format not on whitelist") for r in reasons):
            return DecodeError(self.path, "is not a known audio format")  # see DEMUXERS
        if any("matches no streams" in r for r in reasons):  # a picture, a video alone
            return DecodeError(self.path, "contains no audio")
        detail = next((_reason_of(r) for r in reasons if "error" in r.lower()), "")
        if detail:
            return DecodeError(self.path, f"cannot be decoded: {detail}")
        return DecodeError(self.path, fallback)

    def read(self, max_frames: int) -> npt.NDArray[np.float32] | None:
        """Return up to ``max_frames`` frames shaped (n, channels), or None at the end."""
        want = max_frames * self._frame_bytes - len(self._carry)
        if want > 0:
            _await_bytes(self._stdout, self.path)
        data = self._carry + (self._stdout.read(max(want, 0)) if want > 0 else b"")
        if not data:
            self._check_ended_by_itself()
            return None
        usable = len(data) - len(data) % self._frame_bytes
        self._carry = data[usable:]
        if usable == 0:
            return self.read(max_frames)
        return np.frombuffer(data[:usable], dtype="<f4").reshape(-1, self.format.channels)

    def _check_ended_by_itself(self) -> None:
        """At the end of the output: raise when ffmpeg was killed rather than finished."""
        try:
            code = self._proc.wait(timeout=STALL_S)
        except subprocess.TimeoutExpired:
            return  # it closed its output and lingers: close() kills it
        if code < 0:
            raise DecodeError(self.path, f"stopped: the decoder was killed (signal {-code})")

    def close(self) -> None:
        """Stop and reap the ffmpeg process."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._stdout.close()
        self._stderr.close()

    @property
    def process(self) -> subprocess.Popen[bytes]:
        """The ffmpeg process."""
        return self._proc

    @property
    def pid(self) -> int:
        """The ffmpeg process id (for tests that check nothing is left behind)."""
        return self._proc.pid

    def __enter__(self) -> StreamDecoder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
