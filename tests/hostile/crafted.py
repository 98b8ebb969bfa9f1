"""Hand-made bytes for the hostile corpus: headers that lie, and where real headers end.

Everything here builds or inspects bytes in memory; :mod:`tests.hostile.corpus` writes them.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

# --------------------------------------------------------------------------------------------
# ID3v2
# --------------------------------------------------------------------------------------------

#: The largest size a syncsafe ID3 field can hold: 256 MB.
SYNCSAFE_MAX = 0x0FFFFFFF


def syncsafe(value: int) -> bytes:
    """Return ``value`` as four syncsafe bytes (seven bits each)."""
    return bytes((value >> shift) & 0x7F for shift in (21, 14, 7, 0))


def id3_tag(frames: bytes, version: int = 4, size: int | None = None, flags: int = 0) -> bytes:
    """Return an ID3v2 tag around ``frames``; ``size`` overrides the size it claims."""
    claimed = len(frames) if size is None else size
    return b"ID3" + bytes((version, 0, flags)) + syncsafe(claimed) + frames


def id3_frame(frame_id: str, body: bytes, version: int = 4, size: int | None = None) -> bytes:
    """Return one ID3v2.3 or v2.4 frame; ``size`` overrides the size it claims."""
    claimed = len(body) if size is None else size
    size_bytes = syncsafe(claimed) if version == 4 else struct.pack(">I", claimed)
    return frame_id.encode("ascii") + size_bytes + b"\0\0" + body


def text_body(text: str, encoding: int = 3) -> bytes:
    """Return a text frame's body: the encoding byte and the text (UTF-8 by default)."""
    codec = {0: "latin-1", 1: "utf-16", 2: "utf-16-be", 3: "utf-8"}[encoding]
    return bytes((encoding,)) + text.encode(codec)


def without_id3(data: bytes) -> bytes:
    """Return an MP3 file's bytes after its leading ID3v2 tag, if it has one."""
    if not data.startswith(b"ID3"):
        return data
    size = 0
    for byte in data[6:10]:
        size = size << 7 | byte
    footer = 10 if data[5] & 0x10 else 0
    return data[10 + size + footer :]


def id3_end(data: bytes) -> int:
    """Return where the leading ID3v2 tag ends (0 without one)."""
    return len(data) - len(without_id3(data))


# --------------------------------------------------------------------------------------------
# WAV
# --------------------------------------------------------------------------------------------


def wav_header(
    rate_hz: int, channels: int, bits: int, data_bytes: int, riff_bytes: int | None = None
) -> bytes:
    """Return a 44-byte PCM WAV header claiming ``data_bytes`` of samples."""
    block = channels * bits // 8
    riff = 36 + data_bytes if riff_bytes is None else riff_bytes
    fmt = struct.pack("<HHIIHH", 1, channels, rate_hz, rate_hz * block, block, bits)
    return (
        b"RIFF" + struct.pack("<I", riff & 0xFFFFFFFF) + b"WAVE"
        + b"fmt " + struct.pack("<I", len(fmt)) + fmt
        + b"data" + struct.pack("<I", data_bytes & 0xFFFFFFFF)
    )  # fmt: skip


def tiny_wav(frames: int = 80, rate_hz: int = 8000, level: int = 64) -> bytes:
    """Return a complete mono 8-bit WAV of ``frames`` frames (a square wave, not silence)."""
    samples = bytes(128 + (level if i % 20 < 10 else -level) for i in range(frames))
    return wav_header(rate_hz, 1, 8, len(samples)) + samples


# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_image(width: int, height: int) -> bytes:
    """Return a complete, valid 1-bit greyscale PNG of ``width`` x ``height`` black pixels.

    20000 x 20000 takes 50 KB here and 1.6 GB as the 32-bit pixels a decoder would make: a
    decompression bomb whose every byte is well formed.
    """
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte "none", then the packed pixels
    packer = zlib.compressobj(9)
    chunks = [packer.compress(row * min(height, 1024)) for _ in range(height // 1024)]
    chunks.append(packer.compress(row * (height % 1024)))
    chunks.append(packer.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", b"".join(chunks)) + _png_chunk(b"IEND", b"")
    )  # fmt: skip


def jpeg_claiming(jpeg: bytes, width: int, height: int) -> bytes:
    """Return ``jpeg`` with its frame header (SOF0) patched to claim ``width`` x ``height``."""
    start = jpeg.index(b"\xff\xc0")
    return jpeg[: start + 5] + struct.pack(">HH", height, width) + jpeg[start + 9 :]


# --------------------------------------------------------------------------------------------
# Where the headers of a file end and its audio begins
# --------------------------------------------------------------------------------------------


def flac_audio_offset(data: bytes) -> int:
    """Return the offset of a FLAC file's first audio frame (after its metadata blocks)."""
    if data[:4] != b"fLaC":
        raise ValueError("not a FLAC file")
    pos = 4
    while True:
        header = data[pos]
        size = int.from_bytes(data[pos + 1 : pos + 4], "big")
        pos += 4 + size
        if header & 0x80:
            return pos


def ogg_pages(data: bytes) -> list[tuple[int, int, int]]:
    """Return each Ogg page's (offset, length, granule position)."""
    pages, pos = [], 0
    while data.startswith(b"OggS", pos):
        granule = struct.unpack_from("<q", data, pos + 6)[0]
        count = data[pos + 26]
        length = 27 + count + sum(data[pos + 27 : pos + 27 + count])
        pages.append((pos, length, granule))
        pos += length
    return pages


def ogg_audio_offset(data: bytes) -> int:
    """Return the offset of the first Ogg page that carries audio (a granule above zero)."""
    return next(offset for offset, _, granule in ogg_pages(data) if granule > 0)


def mp4_atoms(data: bytes) -> dict[bytes, tuple[int, int]]:
    """Return the top-level MP4 atoms by type: (offset, size)."""
    atoms, pos = {}, 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack_from(">I4s", data, pos)
        if size == 1:
            size = struct.unpack_from(">Q", data, pos + 8)[0]
        atoms[kind] = (pos, size or len(data) - pos)
        pos += size or len(data)
    return atoms


def mp4_audio_offset(data: bytes) -> int:
    """Return where the ``mdat`` atom's payload starts."""
    offset, _ = mp4_atoms(data)[b"mdat"]
    return offset + 8


# --------------------------------------------------------------------------------------------
# Patching our own generated files
# --------------------------------------------------------------------------------------------


def patch(path: Path, old: bytes, new: bytes) -> None:
    """Replace the one occurrence of ``old`` in ``path`` by ``new`` of the same length."""
    if len(old) != len(new):
        raise ValueError("a patch must keep the length")
    data = path.read_bytes()
    if data.count(old) != 1:
        raise ValueError(f"{old!r} occurs {data.count(old)} times in {path}")
    path.write_bytes(data.replace(old, new))
