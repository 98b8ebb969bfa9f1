"""Find a track's cover art and vet the picture's bytes before anything decodes them.

A cover is the picture embedded in the file's tags (ID3 ``APIC``, FLAC ``PICTURE`` blocks, MP4
``covr``, Vorbis/Opus ``METADATA_BLOCK_PICTURE``, ASF ``WM/Picture``, APEv2
``Cover Art (Front)``) or, failing that, an image beside the track called ``cover``, ``folder``,
``front`` or ``album``. Nothing here decodes pixels: :func:`check_image` reads the width and
height from the PNG, JPEG, WebP, GIF or BMP header in pure Python, so a decompression bomb (a
tiny file claiming 20000 x 20000 pixels) is refused before a decoder allocates anything. The
header parsing lives in :mod:`app.library.image_header`; its names are re-exported here.

Every mutagen call goes through :func:`_translate_errors`, which turns mutagen's errors (and the
``struct.error``/``ValueError`` family it lets escape on hostile files) into
:class:`~app.core.errors.CoverError`. Music files are opened ``"rb"`` and never written.
"""

from __future__ import annotations

import base64
import contextlib
import enum
import hashlib
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mutagen
from mutagen.apev2 import APEBinaryValue, APEv2
from mutagen.asf import ASFTags
from mutagen.flac import Picture
from mutagen.mp4 import MP4Cover, MP4Tags

from app.core.errors import CoverError
from app.library.image_header import (
    MAX_ENCODED_BYTES,
    MAX_PIXELS,
    MAX_SIDE_PX,
    ImageHeader,
    check_image,
    read_image_header,
)
from app.library.regular_file import open_regular
from app.library.tags import raised_by_mutagen
from app.library.text import safe_text

__all__ = [
    "FOLDER_IMAGE_NAMES",
    "MAX_ENCODED_BYTES",
    "MAX_PIXELS",
    "MAX_SIDE_PX",
    "CoverKind",
    "CoverSource",
    "ImageHeader",
    "check_image",
    "find_cover",
    "folder_cover",
    "read_cover_bytes",
    "read_image_header",
]

#: Folder image names in order of preference (compared case-insensitively).
FOLDER_IMAGE_NAMES = ("cover", "folder", "front", "album")
#: Folder image extensions, grouped by preference: JPEG and PNG before WebP.
_FOLDER_EXTENSIONS = {".jpg": 0, ".jpeg": 0, ".png": 0, ".webp": 1}

# What mutagen lets escape on hostile files besides its own MutagenError; anything else that
# mutagen's code raised counts too (:func:`~app.library.tags.raised_by_mutagen`).
_MUTAGEN_ERRORS = (mutagen.MutagenError, struct.error, ValueError, EOFError, IndexError,
                   OverflowError, MemoryError)  # fmt: skip

_FRONT_COVER = 3  # ID3/FLAC picture type "Cover (front)"
_OTHER = 0
_ICONS = (1, 2)  # 32x32 file icons: a last resort


class CoverKind(enum.Enum):
    """Where a cover comes from."""

    EMBEDDED = "embedded"
    FOLDER = "folder"


@dataclass(frozen=True)
class CoverSource:
    """A cover picture found for a track.

    Attributes
    ----------
    kind
        Embedded in the music file's tags, or an image file in the track's folder.
    path
        The music file (embedded) or the image file (folder).
    key
        A stable hex string for caches: the SHA-1 of ``path``, its ``mtime_ns``, its size and
        ``kind``. It changes whenever the file holding the picture changes.
    data
        The encoded picture for embedded covers (mutagen has read it already); ``None`` for
        folder images, which :func:`read_cover_bytes` reads when asked.
    mime
        The MIME type the tag declares, or one guessed from the file extension. A hint only:
        :func:`check_image` looks at the bytes themselves.

    """

    kind: CoverKind
    path: Path
    key: str
    data: bytes | None = field(default=None, repr=False)
    mime: str = ""


def find_cover(track_path: Path) -> CoverSource | None:
    """Return the cover for ``track_path``: the embedded picture, else a folder image.

    Among embedded pictures the front cover (type 3) wins, then "other" (type 0), then any
    other type, with 32x32 file icons last. Folder images are looked for only when the file
    has no embedded picture; see :func:`folder_cover`.

    Parameters
    ----------
    track_path
        A music file. It is opened read-only.

    Returns
    -------
    CoverSource or None
        ``None`` when there is no cover at all.

    Raises
    ------
    CoverError
        When the music file cannot be opened or its tags cannot be parsed.

    """
    track_path = Path(track_path)
    with _translate_errors(track_path, "reading the tags"):
        stat = track_path.stat()
        with open_regular(track_path) as handle:
            audio = mutagen.File(handle)
        pictures = list(_embedded_pictures(audio)) if audio is not None else []
    pictures = [picture for picture in pictures if picture[2]]
    if pictures:
        _, mime, data = min(pictures, key=lambda picture: _type_rank(picture[0]))
        key = _key(track_path, stat, CoverKind.EMBEDDED)
        return CoverSource(CoverKind.EMBEDDED, track_path, key, data, mime)
    return folder_cover(track_path.parent)


def folder_cover(directory: Path) -> CoverSource | None:
    """Return the preferred cover image in ``directory``, or ``None``.

    Names are ``cover``, ``folder``, ``front``, ``album`` in that order, with ``.jpg``,
    ``.jpeg`` or ``.png`` preferred to ``.webp`` under the same name; case is ignored. Ties
    (``cover.jpg`` and ``COVER.JPG`` on a case-sensitive disk) go to the smaller file name.
    """
    candidates: list[tuple[int, int, str, os.DirEntry[str]]] = []
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                stem, dot, extension = entry.name.lower().rpartition(".")
                if not dot or stem not in FOLDER_IMAGE_NAMES:
                    continue
                ext_rank = _FOLDER_EXTENSIONS.get("." + extension)
                if ext_rank is not None and entry.is_file():
                    rank = FOLDER_IMAGE_NAMES.index(stem)
                    candidates.append((rank, ext_rank, entry.name, entry))
    except OSError:
        return None  # an unreadable folder simply has no folder image
    if not candidates:
        return None
    entry = min(candidates, key=lambda candidate: candidate[:3])[3]
    path = Path(entry.path)
    try:
        stat = path.stat()
    except OSError:
        return None
    key = _key(path, stat, CoverKind.FOLDER)
    return CoverSource(CoverKind.FOLDER, path, key, None, _mime_for(path.suffix))


def read_cover_bytes(source: CoverSource) -> bytes:
    """Return the vetted encoded picture of ``source``.

    Folder images larger than :data:`MAX_ENCODED_BYTES` are refused before being read.
    The bytes then pass :func:`check_image`, so they are safe to hand to a decoder.

    Raises
    ------
    CoverError
        When the picture is too large, unreadable, not a known image or claims absurd
        dimensions.

    """
    data = source.data
    if data is None:
        data = _read_limited(source.path)
    check_image(data, source.path)
    return data


# --------------------------------------------------------------------------------------------
# Embedded pictures: (picture type, mime, bytes) from each tag format
# --------------------------------------------------------------------------------------------


def _embedded_pictures(audio: Any) -> Iterator[tuple[int, str, bytes]]:
    tags = audio.tags
    for picture in getattr(audio, "pictures", None) or ():  # FLAC PICTURE blocks
        yield int(picture.type), str(picture.mime), bytes(picture.data)
    if tags is None:
        return
    if hasattr(tags, "getall"):  # ID3 (MP3, AIFF, WAVE, DSF)
        for frame in tags.getall("APIC"):
            if frame.mime != "-->":  # "-->" marks a link, not a picture
                yield int(frame.type), str(frame.mime), bytes(frame.data)
        return
    yield from _tag_pictures(tags)


def _tag_pictures(tags: Any) -> Iterator[tuple[int, str, bytes]]:
    if isinstance(tags, MP4Tags):
        yield from _mp4_pictures(tags)
    elif isinstance(tags, ASFTags):
        for attribute in _values(tags, "WM/Picture"):
            if isinstance(attribute.value, bytes):  # a tagger may write text there: no picture
                yield _asf_picture(attribute.value)
    elif isinstance(tags, APEv2):
        yield from _ape_pictures(tags)
    elif hasattr(tags, "vendor"):  # Vorbis comments: Ogg Vorbis, Opus, Speex, Ogg FLAC
        yield from _vorbis_pictures(tags)


def _values(tags: Any, name: str) -> list[Any]:
    """Return the list stored under ``name`` (mutagen's mappings are untyped)."""
    return list(tags.get(name) or ())


def _mp4_pictures(tags: Any) -> Iterator[tuple[int, str, bytes]]:
    for cover in _values(tags, "covr"):
        png = getattr(cover, "imageformat", None) == MP4Cover.FORMAT_PNG
        yield _FRONT_COVER, "image/png" if png else "image/jpeg", bytes(cover)


def _ape_pictures(tags: Any) -> Iterator[tuple[int, str, bytes]]:
    value = tags.get("Cover Art (Front)")
    if isinstance(value, APEBinaryValue):
        # An APEv2 binary picture is "<file name>\0<image bytes>".
        name, _, data = bytes(value.value or b"").partition(b"\0")
        yield _FRONT_COVER, _mime_for(Path(name.decode("utf-8", "replace")).suffix), data


def _vorbis_pictures(tags: Any) -> Iterator[tuple[int, str, bytes]]:
    for encoded in _values(tags, "metadata_block_picture"):
        # A base64 FLAC PICTURE block; mutagen's Picture is untyped.
        picture: Any = Picture(base64.b64decode(encoded))  # type: ignore[no-untyped-call]
        yield int(picture.type), str(picture.mime), bytes(picture.data)
    mime = str((_values(tags, "coverartmime") or [""])[0])
    for encoded in _values(tags, "coverart"):  # the older, unofficial raw-image comment
        yield _OTHER, mime, base64.b64decode(encoded)


def _asf_picture(value: bytes) -> tuple[int, str, bytes]:
    """Parse ``WM/Picture``: type, length, UTF-16 MIME and description, then the image."""
    picture_type, length = struct.unpack_from("<BI", value, 0)
    mime, pos = _utf16z(value, 5)
    _, pos = _utf16z(value, pos)
    data = value[pos : pos + length]
    if len(data) != length:
        raise ValueError("WM/Picture is shorter than it claims")
    return picture_type, mime, data


def _utf16z(value: bytes, pos: int) -> tuple[str, int]:
    for end in range(pos, len(value) - 1, 2):
        if value[end : end + 2] == b"\0\0":
            return value[pos:end].decode("utf-16-le"), end + 2
    raise ValueError("unterminated UTF-16 string in WM/Picture")


def _type_rank(picture_type: int) -> int:
    if picture_type == _FRONT_COVER:
        return 0
    if picture_type == _OTHER:
        return 1
    return 3 if picture_type in _ICONS else 2


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _translate_errors(path: Path, doing: str) -> Iterator[None]:
    """Turn mutagen's and the file system's errors into :class:`CoverError`."""
    try:
        yield
    except OSError as exc:
        raise CoverError(path, f"could not be opened ({exc.strerror or exc})") from exc
    except Exception as exc:
        if not isinstance(exc, _MUTAGEN_ERRORS) and not raised_by_mutagen(exc):
            raise  # a bug of ours
        detail = safe_text(str(exc))[:200] or type(exc).__name__
        raise CoverError(path, f"{doing} failed ({detail})") from exc


def _read_limited(path: Path) -> bytes:
    with _translate_errors(path, "reading the image"), open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_ENCODED_BYTES:
            raise CoverError(path, f"cover is {size // 2**20} MB, over the 32 MB limit")
        data = handle.read(MAX_ENCODED_BYTES + 1)  # the file may have grown since fstat
    if len(data) > MAX_ENCODED_BYTES:
        raise CoverError(path, "cover is over the 32 MB limit")
    return data


def _key(path: Path, stat: os.stat_result, kind: CoverKind) -> str:
    text = f"{path.absolute()}\0{stat.st_mtime_ns}\0{stat.st_size}\0{kind.value}"
    digest = hashlib.sha1(text.encode("utf-8", "surrogateescape"), usedforsecurity=False)
    return digest.hexdigest()


def _mime_for(suffix: str) -> str:
    return {".png": "image/png", ".webp": "image/webp", ".gif": "image/gif"}.get(
        suffix.lower(), "image/jpeg"
    )
