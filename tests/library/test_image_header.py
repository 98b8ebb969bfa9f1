"""Image headers: format and size read in pure Python, and refusal of bombs and broken files."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import pytest

from app.audio.ffmpeg import ffmpeg_binary
from app.core.errors import CoverError
from app.library.image_header import MAX_ENCODED_BYTES, check_image, read_image_header
from tests.support.images import png_claiming


@pytest.fixture(scope="session")
def images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small images in each format, made with ffmpeg once per session."""
    root = tmp_path_factory.mktemp("images")
    for name, size, *codec in [
        ("40x30.jpg", "40x30"),
        ("24x20.png", "24x20"),
        ("lossy.webp", "50x20", "-c:v", "libwebp"),
        ("lossless.webp", "33x17", "-c:v", "libwebp", "-lossless", "1"),
        ("12x9.gif", "12x9"),
        ("15x11.bmp", "15x11"),
    ]:
        cmd = [ffmpeg_binary(), "-nostdin", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
               "-i", f"color=c=navy:s={size}", "-frames:v", "1", *codec, "-y",
               f"file:{root / name}"]  # fmt: skip
        subprocess.run(cmd, check=True, capture_output=True)
    return root


def _jpeg_claiming(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def _webp_vp8x_claiming(width: int, height: int) -> bytes:
    body = b"\0\0\0\0" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    chunk = b"VP8X" + struct.pack("<I", len(body)) + body
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


@pytest.mark.parametrize(
    ("name", "fmt", "size"),
    [("40x30.jpg", "jpeg", (40, 30)), ("24x20.png", "png", (24, 20)),
     ("lossy.webp", "webp", (50, 20)), ("lossless.webp", "webp", (33, 17)),
     ("12x9.gif", "gif", (12, 9)), ("15x11.bmp", "bmp", (15, 11))],
)  # fmt: skip
def test_header_sizes_of_real_images(images: Path, name: str, fmt: str, size: tuple[int, int]):
    header = check_image((images / name).read_bytes(), images / name)
    assert (header.format, header.width_px, header.height_px) == (fmt, *size)


@pytest.mark.parametrize(
    "claim",
    [png_claiming(20000, 20000), _jpeg_claiming(65000, 65000), _webp_vp8x_claiming(9000, 9000),
     png_claiming(1, 13000)],
    ids=["png-20000", "jpeg-65000", "webp-9000-squared", "png-tall"],
)  # fmt: skip
def test_decompression_bombs_are_refused_from_the_header(tmp_path: Path, claim: bytes) -> None:
    with pytest.raises(CoverError, match="too large to decode safely"):
        check_image(claim, tmp_path / "bomb")


@pytest.mark.parametrize(
    "data",
    [b"", b"definitely not an image", b"\xff\xd8\xff\xe0\x00", b"\x89PNG\r\n\x1a\n\0\0",
     b"\xff\xd8\xff\xda\x00\x08" + bytes(8), png_claiming(0, 10), b"RIFF\0\0\0\0WEBPVP8 "],
    ids=["empty", "text", "truncated-jpeg", "truncated-png", "jpeg-scan-first", "png-0-wide",
         "truncated-webp"],
)  # fmt: skip
def test_corrupt_images_are_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(CoverError):
        check_image(data, tmp_path / "cover.jpg")


def test_oversized_encoded_data_is_refused(tmp_path: Path, images: Path) -> None:
    data = (images / "40x30.jpg").read_bytes() + bytes(MAX_ENCODED_BYTES)
    with pytest.raises(CoverError, match="over the 32 MB limit"):
        check_image(data, tmp_path / "cover.jpg")


def test_unknown_or_truncated_headers_read_as_none() -> None:
    assert read_image_header(b"definitely not an image") is None
    assert read_image_header(b"GIF89a\x01") is None  # truncated: struct.error becomes None
    header = read_image_header(png_claiming(3, 2))
    assert header is not None
    assert (header.format, header.width_px, header.height_px) == ("png", 3, 2)
