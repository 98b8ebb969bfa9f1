"""Square cover thumbnails made in the background, kept on disk and in memory.

Threads
-------
1. The GUI thread calls :meth:`ThumbnailCache.request`, owns the in-memory LRU and the set of
   pending jobs, and emits :attr:`ThumbnailCache.ready`.
2. Workers of the cache's own ``QThreadPool`` read the disk cache, call the loader, vet the
   bytes with :func:`~app.library.covers.check_image`, decode with ``QImageReader`` at the
   thumbnail's size, write the disk cache and paint generated sleeves
   (:func:`~app.ui.sleeve.generated_sleeve`, re-exported here). They hand the result
   back through a queued signal and touch nothing else of the cache.

The disk cache lives in ``cache_dir/<size>/<key>.jpg``. JPEG rather than PNG: a 384 px cover
is about 40 kB as JPEG at quality 90 against 250 kB or more as PNG, and covers are
photographs or prints. Generated sleeves are never written to disk: painting one costs a few
milliseconds and the cover behind it may yet be fixed.

Each file ends in a seal (a CRC-32 after the JPEG's end, where decoders never read), so a
damaged one is seen rather than drawn grey. Damage is set aside, not trusted nor silently
lost: a file where the cache's folders should be is renamed to a dated name on opening, and a
thumbnail that fails its seal or does not decode goes into one dated folder beside the cache
and is made again; :attr:`ThumbnailCache.notices` and :attr:`~ThumbnailCache.message_posted`
say so, once. Temporaries a kill left mid-write are swept away in the background.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import re
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QRect,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QImageReader, QImageWriter, QPainter

from app.core.atomic import aside_path, move_aside, remove_stale_files
from app.core.errors import MediaError
from app.library.covers import MAX_ENCODED_BYTES, check_image
from app.ui.i18n import fill
from app.ui.sleeve import generated_sleeve

__all__ = [
    "ALLOCATION_LIMIT_MB",
    "THUMBNAIL_SIZES",
    "Loader",
    "ThumbnailCache",
    "decode_thumbnail",
    "generated_sleeve",
]

_log = logging.getLogger(__name__)

#: Device-pixel sizes the crate asks for: 96 for a crate tile at 1x, 192 for the same tile on
#: a 2x (high-DPI) screen or the now-playing sleeve at 1x, 384 for that sleeve at 2x.
THUMBNAIL_SIZES = (96, 192, 384)
#: Ceiling for any one ``QImageReader`` allocation, in MB (process-wide; Qt's own default).
ALLOCATION_LIMIT_MB = 256
#: Returns the encoded cover, ``None`` for "no cover", or raises ``MediaError``.
Loader = Callable[[], bytes | None]

_KEY = re.compile(r"[A-Za-z0-9_-]{1,128}")
_STALE_AFTER_S = 600  # a temporary untouched this long was left by a write that was killed
_SEAL = b"SLT\x01"  # after the JPEG's end: its CRC-32 follows (decoders stop at the end)
_JPEG_QUALITY = 90
# Transparent covers are flattened onto the night-blue of the crate before JPEG storage.
_FLATTEN_COLOUR = QColor("#0e1630")


@dataclass(frozen=True)
class _Job:
    key: str
    size: int
    load: Loader
    title: str
    artist: str
    disk_path: Path
    aside_dir: Path  # where a damaged disk copy goes


@dataclass(frozen=True)
class _Result:
    key: str
    size: int
    image: QImage
    problem: str  # why a generated sleeve stands in, or ""
    set_aside: bool = False  # the disk copy was damaged and was moved aside


class ThumbnailCache(QObject):
    """Make square cover thumbnails off the GUI thread; serve them from memory and disk.

    Parameters
    ----------
    cache_dir
        Root of the disk cache (the app passes ``QStandardPaths.CacheLocation`` /
        ``"covers"``; tests pass ``tmp_path``). Created on first write.
    memory_budget_bytes
        Pixel memory the in-memory LRU may hold (64 MB is about 110 thumbnails of 384 px).
    max_threads
        Worker threads; two keep a scrolling crate fed without competing with playback.
    parent
        Qt parent.

    Notes
    -----
    Sets ``QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)``, which is process-wide.

    """

    ready = Signal(str, int, QImage)
    """``(key, size, image)``: a thumbnail (or a generated sleeve) is ready, on the GUI thread."""
    failed = Signal(str, int, str)
    """``(key, size, reason)``: the cover was refused or unreadable; ``ready`` follows."""
    message_posted = Signal(str)
    """What to tell the user: damaged thumbnails were found and set aside (once)."""
    _finished = Signal(object)  # a _Result, queued from a worker to the GUI thread

    def __init__(
        self,
        cache_dir: Path,
        memory_budget_bytes: int = 64 * 1024 * 1024,
        max_threads: int = 2,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
        self.cache_dir = Path(cache_dir)
        self._budget = memory_budget_bytes
        # GUI thread only: the LRU, its size in bytes, and the jobs in flight.
        self._memory: collections.OrderedDict[tuple[str, int], QImage] = collections.OrderedDict()
        self._memory_bytes = 0
        self._pending: set[tuple[str, int]] = set()
        self._serial = 0  # newest request runs first: the rows a scrolling crate shows now
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self.notices: list[str] = []  # for the user once the window is up: damage set aside
        self._told_damage = False
        self._aside_dir = aside_path(self.cache_dir)  # for damaged thumbnails, made when needed
        self._clear_the_way()
        self._pool.start(lambda: _sweep(self.cache_dir, THUMBNAIL_SIZES))

    def request(
        self, key: str, load: Loader, size: int, *, title: str = "", artist: str = ""
    ) -> QImage | None:
        """Ask for the ``size`` x ``size`` thumbnail of the cover cached under ``key``.

        Parameters
        ----------
        key
            Letters, digits, ``_`` or ``-`` (at most 128), changing whenever the cover does:
            :attr:`app.library.covers.CoverSource.key` is one.
        load
            Called on a worker thread, only when neither memory nor disk has the thumbnail:
            returns the encoded picture, ``None`` when there is none, or raises
            :class:`~app.core.errors.MediaError`. For example
            ``functools.partial(read_cover_bytes, source)``.
        size
            Edge in device pixels, 16 to 1024; see :data:`THUMBNAIL_SIZES`. The cover is
            scaled to fill the square and its overhang cropped evenly.
        title, artist
            Lettered on the generated sleeve that stands in for a missing or bad cover.

        Returns
        -------
        QImage or None
            The thumbnail at once when it is in memory (``ready`` is not emitted then);
            otherwise ``None``, and :attr:`ready` follows (preceded by :attr:`failed` when a
            sleeve stands in for a bad cover).

        """
        if not _KEY.fullmatch(key):
            raise ValueError(f"thumbnail key must match {_KEY.pattern}, not {key!r}")
        if not 16 <= size <= 1024:
            raise ValueError(f"thumbnail size must be 16 to 1024 px, not {size}")
        slot = (key, size)
        image = self._memory.get(slot)
        if image is not None:
            self._memory.move_to_end(slot)
            return image
        if slot not in self._pending:
            self._pending.add(slot)
            self._serial += 1
            job = _Job(key, size, load, title, artist, self.disk_path(key, size), self._aside_dir)
            self._pool.start(lambda: self._finished.emit(_run(job)), self._serial)
        return None

    def cached(self, key: str, size: int) -> QImage | None:
        """Return the thumbnail if it is in memory, without loading anything."""
        return self._memory.get((key, size))

    def disk_path(self, key: str, size: int) -> Path:
        """Return where the thumbnail of ``key`` at ``size`` is (or would be) stored."""
        return self.cache_dir / str(size) / f"{key}.jpg"

    def close(self) -> None:
        """Drop queued jobs and wait for running ones; call before the cache is destroyed."""
        self._pool.clear()
        self._pool.waitForDone()
        self._pending.clear()

    def _clear_the_way(self) -> None:
        """Set aside files standing where the cache's folders should be."""
        for folder in (self.cache_dir, *(self.cache_dir / str(size) for size in THUMBNAIL_SIZES)):
            if os.path.lexists(folder) and not folder.is_dir():
                try:
                    aside = move_aside(folder)
                except OSError as exc:
                    _log.warning("%s is in the cover cache's way: %s", folder, exc)
                    continue
                self.notices.append(self._damage_message(aside))
                self._told_damage = True

    def _damage_message(self, aside: Path) -> str:
        text = self.tr("The cover cache was damaged. It was set aside as %1 and is made again.")
        return fill(text, aside.name)

    def _on_finished(self, result: _Result) -> None:
        slot = (result.key, result.size)
        self._pending.discard(slot)
        self._remember(slot, result.image)
        if result.set_aside and not self._told_damage:
            self._told_damage = True
            self.message_posted.emit(self._damage_message(self._aside_dir))
        if result.problem:
            self.failed.emit(result.key, result.size, result.problem)
        self.ready.emit(result.key, result.size, result.image)

    def _remember(self, slot: tuple[str, int], image: QImage) -> None:
        old = self._memory.pop(slot, None)
        if old is not None:
            self._memory_bytes -= old.sizeInBytes()
        self._memory[slot] = image
        self._memory_bytes += image.sizeInBytes()
        while self._memory_bytes > self._budget and len(self._memory) > 1:
            _, evicted = self._memory.popitem(last=False)
            self._memory_bytes -= evicted.sizeInBytes()


# --------------------------------------------------------------------------------------------
# Worker side: plain functions of a job, run on a pool thread
# --------------------------------------------------------------------------------------------


def _run(job: _Job) -> _Result:
    """Make one thumbnail; every failure becomes a generated sleeve and a reason."""
    try:
        image, damaged = _load_from_disk(job.disk_path, job.size)
        if image is not None:
            return _Result(job.key, job.size, image, "")
        set_aside = damaged and _set_aside(job)
        data = job.load()
        if data is None:
            return _Result(job.key, job.size, _sleeve(job), "", set_aside)
        image = decode_thumbnail(data, job.size, Path(job.title.replace("/", " ") or job.key))
        _store(image, job.disk_path)
        return _Result(job.key, job.size, image, "", set_aside)
    except MediaError as exc:
        return _Result(job.key, job.size, _sleeve(job), str(exc))
    except Exception as exc:  # the thread boundary: forward the bug, keep the crate drawing
        _log.exception("thumbnail %s at %d px failed", job.key, job.size)
        return _Result(job.key, job.size, _sleeve(job), f"internal error: {exc!r}")


def decode_thumbnail(data: bytes, size: int, path: Path) -> QImage:
    """Vet ``data`` and decode it straight to a ``size`` x ``size`` opaque thumbnail.

    ``QImageReader`` is given the validated format, the scaled size and a centred clip, so a
    JPEG decodes at reduced resolution (libjpeg's DCT scaling) rather than in full.

    Raises
    ------
    CoverError
        From :func:`~app.library.covers.check_image`; or a ``MediaError`` when Qt cannot
        decode bytes whose header looked right.

    """
    header = check_image(data, path)
    scaled, clip = _fill_geometry(header.width_px, header.height_px, size)
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, header.format.encode("ascii"))
    reader.setAutoTransform(True)  # EXIF orientation; the clip is square so it still fits
    reader.setScaledSize(scaled)
    reader.setScaledClipRect(clip)
    image = reader.read()
    if image.isNull():
        raise MediaError(path, f"cover could not be decoded ({reader.errorString()})")
    return _opaque_square(image, size)


def _fill_geometry(width: int, height: int, size: int) -> tuple[QSize, QRect]:
    """Scale so the shorter side is ``size``; clip the centred ``size`` square."""
    if width >= height:
        scaled = QSize(max(size, round(width * size / height)), size)
    else:
        scaled = QSize(size, max(size, round(height * size / width)))
    clip = QRect((scaled.width() - size) // 2, (scaled.height() - size) // 2, size, size)
    return scaled, clip


def _opaque_square(image: QImage, size: int) -> QImage:
    """Return ``image`` as an opaque ``size`` square in ``Format_RGB32``."""
    if image.width() != size or image.height() != size:  # a handler that ignored the clip
        image = image.scaled(size, size)
    if not image.hasAlphaChannel():
        return image.convertToFormat(QImage.Format.Format_RGB32)
    flat = QImage(size, size, QImage.Format.Format_RGB32)
    flat.fill(_FLATTEN_COLOUR)
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def _load_from_disk(path: Path, size: int) -> tuple[QImage | None, bool]:
    """Return the cached thumbnail (None when missing or unusable) and whether it is damaged.

    A picture of another size is merely outdated (it is made again and written over); one
    that does not decode or match its seal, or a folder in its place, is damaged.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, False
    except OSError:
        return None, os.path.lexists(path)
    if len(data) > MAX_ENCODED_BYTES:
        return None, True
    if data[-8:-4] == _SEAL:  # ours: the seal tells damage the decoder would draw as grey
        data, crc = data[:-8], data[-4:]
        if zlib.crc32(data) != int.from_bytes(crc, "big"):
            return None, True
    try:
        image = decode_thumbnail(data, size, path)
    except MediaError:
        return None, True
    if image.width() == size and image.height() == size:
        return image, False
    return None, False


def _set_aside(job: _Job) -> bool:
    """Move a damaged disk copy into the cache's folder for damaged ones; False if it failed."""
    target = job.aside_dir / f"{job.size}-{job.disk_path.name}"
    try:
        job.aside_dir.mkdir(parents=True, exist_ok=True)
        os.replace(job.disk_path, target)
    except OSError as exc:
        _log.warning("damaged thumbnail %s could not be set aside: %s", job.disk_path, exc)
        return False
    _log.warning("damaged thumbnail %s set aside in %s", job.disk_path, job.aside_dir)
    return True


def _sweep(cache_dir: Path, sizes: tuple[int, ...]) -> None:
    """Remove the temporaries that writes killed half-way left in the cache (a worker job)."""
    for size in sizes:
        remove_stale_files(cache_dir / str(size), _is_temporary, _STALE_AFTER_S)


def _is_temporary(name: str) -> bool:
    """Name ours and the desktop cover files' temporaries (app.platform.now_playing)."""
    return name.startswith(".") and (name.endswith(".tmp") or ".now-playing." in name)


def _store(image: QImage, path: Path) -> None:
    """Write ``image`` to ``path`` as sealed JPEG, atomically: a temporary file, then a rename.

    Encoded in memory first: a short write (a full disk) then raises here, where Qt's
    writer would report a cut file as written.
    """
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, b"jpeg")
    writer.setQuality(_JPEG_QUALITY)
    if not writer.write(image):
        _log.warning("thumbnail %s could not be encoded: %s", path, writer.errorString())
        return
    data = bytes(buffer.data().data())
    data += _SEAL + zlib.crc32(data).to_bytes(4, "big")
    temporary = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent
        )
        with open(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        _log.warning("thumbnail %s could not be written: %s", path, exc)
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _sleeve(job: _Job) -> QImage:
    return generated_sleeve(job.title, job.artist, job.size)
