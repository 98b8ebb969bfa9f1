"""Read an encoded image's format and claimed size from its header, without decoding it.

:func:`read_image_header` parses the PNG, JPEG, WebP, GIF or BMP header in pure Python and
:func:`check_image` refuses what is too big to decode safely, so a decompression bomb (a tiny file
claiming 20000 x 20000 pixels) is refused before a decoder allocates anything. Covers
(:mod:`app.library.covers`) and thumbnails use these before any pixels are decoded.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import CoverError

__all__ = [
    "MAX_ENCODED_BYTES",
    "MAX_PIXELS",
    "MAX_SIDE_PX",
    "ImageHeader",
    "check_image",
    "read_image_header",
]

#: Encoded pictures larger than this are refused without being read or decoded: a 600 dpi
#: scan of a 12-inch sleeve is about 20 MB as a high-quality JPEG.
MAX_ENCODED_BYTES = 32 * 1024 * 1024
#: Longest side, in pixels, a picture may claim: an opened gatefold scanned at 500 dpi is
#: 12,000 px wide; a 20,000 px side is a bomb's, not a cover's.
MAX_SIDE_PX = 12_000
#: Most pixels (width x height) a picture may claim: 64 MP is 256 MB as 32-bit pixels, Qt's
#: own allocation limit, and more than the 52 MP of a 12-inch sleeve scanned at 600 dpi.
MAX_PIXELS = 64_000_000


@dataclass(frozen=True)
class ImageHeader:
    """The format and claimed size of an encoded image, read from its header alone."""

    format: str
    """One of ``"png"``, ``"jpeg"``, ``"webp"``, ``"gif"``, ``"bmp"`` (Qt's format names)."""
    width_px: int
    height_px: int


def check_image(data: bytes, path: Path) -> ImageHeader:
    """Vet encoded image bytes without decoding them and return their header.

    Parameters
    ----------
    data
        The encoded picture.
    path
        The file the picture came from, for the error message.

    Raises
    ------
    CoverError
        When ``data`` is larger than :data:`MAX_ENCODED_BYTES`, is not a PNG, JPEG, WebP, GIF
        or BMP whose header can be read, or claims more than :data:`MAX_SIDE_PX` a side or
        :data:`MAX_PIXELS` in all.

    """
    if len(data) > MAX_ENCODED_BYTES:
        raise CoverError(path, f"cover is {len(data) // 2**20} MB, over the 32 MB limit")
    header = read_image_header(data)
    if header is None:
        raise CoverError(path, "cover is not a readable PNG, JPEG, WebP, GIF or BMP image")
    width, height = header.width_px, header.height_px
    if width <= 0 or height <= 0:
        raise CoverError(path, f"cover claims an empty size ({width} x {height} px)")
    if max(width, height) > MAX_SIDE_PX or width * height > MAX_PIXELS:
        raise CoverError(path, f"cover claims {width} x {height} px, too large to decode safely")
    return header


def read_image_header(data: bytes) -> ImageHeader | None:
    """Return the format and claimed size of encoded image ``data``, or ``None``.

    Only the header is parsed (PNG ``IHDR``; the JPEG ``SOF0``-``SOF15`` frame header; WebP
    ``VP8``, ``VP8L`` or ``VP8X``; the GIF logical screen; the BMP info header). ``None``
    means the format is unknown or the header is truncated or malformed.
    """
    try:
        for parse in (_png_header, _jpeg_header, _webp_header, _gif_header, _bmp_header):
            header = parse(data)
            if header is not None:
                return header
    except struct.error:
        return None  # a truncated header
    return None


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM and RST0..7 carry no length


def _png_header(data: bytes) -> ImageHeader | None:
    if not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack_from(">II", data, 16)
    return ImageHeader("png", width, height)


def _jpeg_header(data: bytes) -> ImageHeader | None:
    if not data.startswith(b"\xff\xd8"):
        return None
    pos = 2
    while pos + 4 <= len(data):  # walk the segments by their lengths: no pixel data is read
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
        elif marker in _JPEG_STANDALONE:
            pos += 2
        elif marker in (0xD9, 0xDA):  # EOI or start of scan before any frame header
            return None
        elif marker in _JPEG_SOF:
            height, width = struct.unpack_from(">HH", data, pos + 5)
            return ImageHeader("jpeg", width, height)
        else:
            (length,) = struct.unpack_from(">H", data, pos + 2)
            if length < 2:
                return None
            pos += 2 + length
    return None


def _webp_header(data: bytes) -> ImageHeader | None:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":  # lossy: key frame start code
        width, height = struct.unpack_from("<HH", data, 26)
        return ImageHeader("webp", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and data[20:21] == b"\x2f":  # lossless: 14-bit sizes minus one
        (bits,) = struct.unpack_from("<I", data, 21)
        return ImageHeader("webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X" and len(data) >= 30:  # extended: 24-bit canvas sizes minus one
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return ImageHeader("webp", width, height)
    return None


def _gif_header(data: bytes) -> ImageHeader | None:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        return None
    width, height = struct.unpack_from("<HH", data, 6)
    return ImageHeader("gif", width, height)


def _bmp_header(data: bytes) -> ImageHeader | None:
    if data[:2] != b"BM":
        return None
    (info_size,) = struct.unpack_from("<I", data, 14)
    if info_size == 12:  # OS/2 BITMAPCOREHEADER: 16-bit sizes
        width, height = struct.unpack_from("<HH", data, 18)
    else:
        width, height = struct.unpack_from("<ii", data, 18)
    return ImageHeader("bmp", width, abs(height))  # a negative height means top-down rows
