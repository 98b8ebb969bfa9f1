"""Square cover thumbnails made in the background, kept on disk and in memory.

Threads
-------
1. The GUI thread calls :meth:`ThumbnailCache.request`, owns the in-memory LRU and the set of
   pending jobs, and emits :attr:`ThumbnailCache.ready`.
2. Workers of the cache's own ``QThreadPool`` read the disk cache, call the loader, vet the
   bytes with :func:`~app.library.covers.check_image`, decode with ``QImageReader`` at the
   thumbnail's size, write the disk cache and paint generated sleeves. They hand the result
   back through a queued signal and touch nothing else of the cache.

The disk cache lives in ``cache_dir/<size>/<key>.jpg``. JPEG rather than PNG: a 384 px cover
is about 40 kB as JPEG at quality 90 against 250 kB or more as PNG, and covers are
photographs or prints. Generated sleeves are never written to disk: painting one costs a few
milliseconds and the cover behind it may yet be fixed.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import logging
import math
import os
import random
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QConicalGradient,
    QFont,
    QFontMetricsF,
    QImage,
    QImageReader,
    QImageWriter,
    QLinearGradient,
    QPainter,
    QPen,
    QPolygonF,
    QRadialGradient,
)

from app.core.errors import MediaError
from app.library.covers import MAX_ENCODED_BYTES, check_image

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


@dataclass(frozen=True)
class _Result:
    key: str
    size: int
    image: QImage
    problem: str  # why a generated sleeve stands in, or ""


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
            job = _Job(key, size, load, title, artist, self.disk_path(key, size))
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

    def _on_finished(self, result: _Result) -> None:
        slot = (result.key, result.size)
        self._pending.discard(slot)
        self._remember(slot, result.image)
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
        image = _load_from_disk(job.disk_path, job.size)
        if image is not None:
            return _Result(job.key, job.size, image, "")
        data = job.load()
        if data is None:
            return _Result(job.key, job.size, _sleeve(job), "")
        image = decode_thumbnail(data, job.size, Path(job.title.replace("/", " ") or job.key))
        _store(image, job.disk_path)
        return _Result(job.key, job.size, image, "")
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


def _load_from_disk(path: Path, size: int) -> QImage | None:
    """Return the cached thumbnail, or ``None`` when it is missing, damaged or the wrong size."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) > MAX_ENCODED_BYTES:
        return None
    try:
        image = decode_thumbnail(data, size, path)
    except MediaError:
        return None  # remade and overwritten below
    return image if image.width() == size and image.height() == size else None


def _store(image: QImage, path: Path) -> None:
    """Write ``image`` to ``path`` as JPEG atomically: a temporary file, then ``os.replace``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent
        )
        os.close(handle)
    except OSError as exc:
        _log.warning("thumbnail cache %s is not writable: %s", path.parent, exc)
        return
    writer = QImageWriter(temporary, b"jpeg")
    writer.setQuality(_JPEG_QUALITY)
    try:
        if writer.write(image):
            os.replace(temporary, path)
            return
        _log.warning("thumbnail %s could not be written: %s", path, writer.errorString())
    except OSError as exc:
        _log.warning("thumbnail %s could not be written: %s", path, exc)
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _sleeve(job: _Job) -> QImage:
    return generated_sleeve(job.title, job.artist, job.size)


# --------------------------------------------------------------------------------------------
# Generated sleeves: a printed-looking stand-in, the same every time for the same record
# --------------------------------------------------------------------------------------------

_CANVAS = 1000.0  # sleeves are drawn on a 1000-unit square, scaled to the pixel size
_FRAME = QRectF(36, 36, _CANVAS - 72, _CANVAS - 72)
_TEXT_LEFT, _TEXT_WIDTH, _TEXT_TOP = 96.0, 808.0, 104.0
_SERIF = ["Georgia", "Libre Baskerville", "Bodoni Moda", "DejaVu Serif", "serif"]
_SANS = ["Futura", "Gill Sans", "Jost", "DejaVu Sans", "sans-serif"]


@dataclass(frozen=True)
class _Palette:
    night: QColor  # top of the ground
    deep: QColor  # bottom of the ground
    brass: QColor
    cream: QColor
    accent: QColor


# Night in a vintage repair shop: lamp-lit blues, brass fittings, cream enamel, one warm accent.
_PALETTES = tuple(
    _Palette(*(QColor(name) for name in names))
    for names in (
        ("#1d2f52", "#0a1427", "#c9a25b", "#f0e4c8", "#b4533a"),  # midnight navy, rust
        ("#183a4a", "#081c24", "#d2a857", "#efe5cc", "#86b0a8"),  # harbour teal, verdigris
        ("#2b2346", "#110d22", "#cda35f", "#f2e6cf", "#b0566a"),  # plum dusk, garnet
        ("#1e3832", "#0b1a17", "#c79b52", "#ede2c6", "#c2703d"),  # workbench baize, copper
        ("#3a2a24", "#150e0b", "#d4aa63", "#f1e3c4", "#6a92b8"),  # walnut cabinet, valve blue
        ("#22304f", "#0e1630", "#e0b468", "#f4ead4", "#d08a4e"),  # lamp-lit blue, amber
    )
)


def generated_sleeve(title: str, artist: str, size: int) -> QImage:
    """Paint a sleeve for a record without usable cover art.

    The design is deterministic: palette, motif (rising-sun arcs, a starburst or a record
    sliding out) and star field all follow from a hash of ``title`` and ``artist``. It is drawn
    on a 1000-unit canvas, so every size shows the same picture. Works offscreen and on any
    thread (Qt paints text on ``QImage`` outside the GUI thread).

    Parameters
    ----------
    title
        The record's title, lettered large; "Untitled" when empty.
    artist
        Lettered small beneath; left out when empty.
    size
        Edge in pixels.

    """
    digest = hashlib.sha1(f"{title}\x1f{artist}".encode(), usedforsecurity=False).digest()
    seed = int.from_bytes(digest[:8], "big")
    rng = random.Random(seed)
    palette = _PALETTES[rng.randrange(len(_PALETTES))]
    motif = (_draw_sunrise, _draw_starburst, _draw_record)[rng.randrange(3)]
    image = QImage(size, size, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    painter.scale(size / _CANVAS, size / _CANVAS)
    _draw_ground(painter, palette)
    _draw_stars(painter, palette, rng)
    painter.save()
    painter.setClipRect(_FRAME)
    motif(painter, palette, rng)
    painter.restore()
    _draw_lettering(painter, palette, title.strip() or "Untitled", artist.strip())
    _draw_vignette(painter)
    _draw_frame(painter, palette)
    _draw_grain(painter, seed, size)
    painter.end()
    return image


def _alpha(colour: QColor, alpha: float) -> QColor:
    faded = QColor(colour)
    faded.setAlphaF(alpha)
    return faded


def _draw_ground(painter: QPainter, palette: _Palette) -> None:
    gradient = QLinearGradient(0, 0, 0, _CANVAS)
    gradient.setColorAt(0.0, palette.night)
    gradient.setColorAt(1.0, palette.deep)
    painter.fillRect(QRectF(0, 0, _CANVAS, _CANVAS), gradient)


def _draw_stars(painter: QPainter, palette: _Palette, rng: random.Random) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    for _ in range(rng.randint(16, 26)):
        centre = QPointF(rng.uniform(60, 940), rng.uniform(60, 600))
        radius = rng.choice((1.8, 2.4, 3.0, 3.8))
        painter.setBrush(_alpha(palette.cream, rng.uniform(0.3, 0.8)))
        painter.drawEllipse(centre, radius, radius)
    for _ in range(rng.randint(1, 2)):
        centre = QPointF(rng.uniform(560, 900), rng.uniform(380, 560))
        _draw_glint(painter, centre, rng.uniform(16, 24), _alpha(palette.brass, 0.9))


def _draw_glint(painter: QPainter, centre: QPointF, radius: float, colour: QColor) -> None:
    """Draw a four-pointed star: long points on the axes, a narrow waist between them."""
    waist = radius * 0.16
    points = [(0, -radius), (waist, -waist), (radius, 0), (waist, waist),
              (0, radius), (-waist, waist), (-radius, 0), (-waist, -waist)]  # fmt: skip
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPolygon(QPolygonF([centre + QPointF(x, y) for x, y in points]))


def _draw_sunrise(painter: QPainter, palette: _Palette, rng: random.Random) -> None:
    """Draw concentric arcs rising from the foot of the sleeve, like grooves or a setting sun."""
    centre = QPointF(rng.uniform(380, 620), _FRAME.bottom() + 20)
    rings, step = rng.randint(7, 10), rng.uniform(40, 48)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for ring in range(rings, 0, -1):
        colour = palette.brass if ring % 2 else palette.cream
        pen = QPen(_alpha(colour, 0.9 - 0.75 * ring / rings), 9.0 - 0.5 * ring)
        painter.setPen(pen)
        radius = 150 + ring * step
        painter.drawEllipse(centre, radius, radius)
    disc = QRadialGradient(centre + QPointF(-30, -60), 190)
    disc.setColorAt(0.0, palette.brass.lighter(125))
    disc.setColorAt(1.0, palette.brass.darker(140))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(disc)
    painter.drawEllipse(centre, 138, 138)


def _draw_starburst(painter: QPainter, palette: _Palette, rng: random.Random) -> None:
    """Draw alternate rays from a point low on the right, with an enamel badge at the centre."""
    centre = QPointF(rng.uniform(600, 760), rng.uniform(660, 760))
    rays = rng.choice((24, 28, 32, 36))
    turn = rng.uniform(0, math.tau / rays)
    fade = QRadialGradient(centre, 760)  # the rays die away before they reach the lettering
    fade.setColorAt(0.0, _alpha(palette.brass, 0.32))
    fade.setColorAt(0.4, _alpha(palette.brass, 0.12))
    fade.setColorAt(1.0, _alpha(palette.brass, 0.0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fade)
    for ray in range(0, rays, 2):
        a, b = turn + math.tau * ray / rays, turn + math.tau * (ray + 1) / rays
        far_a = centre + QPointF(math.cos(a), math.sin(a)) * 1600
        far_b = centre + QPointF(math.cos(b), math.sin(b)) * 1600
        painter.drawPolygon(QPolygonF([centre, far_a, far_b]))
    painter.setBrush(palette.accent)
    painter.drawEllipse(centre, 96, 96)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(palette.cream, 5))
    painter.drawEllipse(centre, 114, 114)
    painter.setPen(QPen(_alpha(palette.cream, 0.6), 2))
    painter.drawEllipse(centre, 128, 128)
    _draw_glint(painter, centre, 64, palette.cream)


def _draw_record(painter: QPainter, palette: _Palette, rng: random.Random) -> None:
    """Draw a record sliding out of the sleeve: grooves, a sheen, a coloured label."""
    centre = QPointF(rng.uniform(600, 700), rng.uniform(650, 720))
    radius = 340.0
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 90))  # a soft drop shadow
    painter.drawEllipse(centre + QPointF(-10, 14), radius + 6, radius + 6)
    body = QRadialGradient(centre, radius)
    body.setColorAt(0.0, QColor("#1b1b22"))
    body.setColorAt(1.0, QColor("#07070a"))
    painter.setBrush(body)
    painter.drawEllipse(centre, radius, radius)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor(255, 255, 255, 16), 1.4))
    for groove in range(150, int(radius) - 10, 8):
        painter.drawEllipse(centre, groove, groove)
    sheen = QConicalGradient(centre, rng.uniform(20, 70))
    for stop, alpha in ((0.0, 0), (0.08, 34), (0.16, 0), (0.5, 0), (0.58, 28), (0.66, 0)):
        sheen.setColorAt(stop, QColor(255, 255, 255, alpha))
    sheen.setColorAt(1.0, QColor(255, 255, 255, 0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(sheen)
    painter.drawEllipse(centre, radius - 6, radius - 6)
    painter.setBrush(palette.accent)
    painter.drawEllipse(centre, 118, 118)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(_alpha(palette.cream, 0.85), 3))
    painter.drawEllipse(centre, 100, 100)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_alpha(palette.cream, 0.7))  # the label's printing, as bars
    painter.drawRoundedRect(QRectF(centre.x() - 46, centre.y() - 52, 92, 9), 4, 4)
    painter.drawRoundedRect(QRectF(centre.x() - 30, centre.y() + 40, 60, 7), 3, 3)
    painter.setBrush(palette.deep)
    painter.drawEllipse(centre, 11, 11)


def _draw_lettering(painter: QPainter, palette: _Palette, title: str, artist: str) -> None:
    """Letter the title large in a serif, a short brass rule, the artist in spaced capitals."""
    font, lines = _fit_title(title)
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    painter.setPen(palette.cream)
    baseline = _TEXT_TOP + metrics.ascent()
    for line in lines:
        painter.drawText(QPointF(_TEXT_LEFT, baseline), line)
        baseline += metrics.height() * 0.92  # set a little tighter than the font's leading
    rule_top = baseline - metrics.ascent() + 30
    painter.fillRect(QRectF(_TEXT_LEFT + 2, rule_top, 84, 5), palette.brass)
    if artist:
        small = _font(_SANS, 36, QFont.Weight.Medium)
        small.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 6.0)
        small_metrics = QFontMetricsF(small)
        painter.setFont(small)
        painter.setPen(palette.brass)
        text = small_metrics.elidedText(artist.upper(), Qt.TextElideMode.ElideRight, _TEXT_WIDTH)
        painter.drawText(QPointF(_TEXT_LEFT, rule_top + 36 + small_metrics.ascent()), text)


def _fit_title(title: str) -> tuple[QFont, list[str]]:
    """Return the largest title font whose wrapped lines fit three lines of the text width."""
    for pixel_size in (124, 112, 100, 90, 80, 72, 64, 56):
        font = _font(_SERIF, pixel_size, QFont.Weight.Bold)
        lines = _wrap(title, QFontMetricsF(font))
        if len(lines) <= 3:
            return font, lines
    rest = " ".join(lines[2:])  # the smallest size still overflows: elide the third line
    lines[2:] = [QFontMetricsF(font).elidedText(rest, Qt.TextElideMode.ElideRight, _TEXT_WIDTH)]
    return font, lines


def _wrap(text: str, metrics: QFontMetricsF) -> list[str]:
    """Greedy word wrap; a word wider than the line is elided on a line of its own."""
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and metrics.horizontalAdvance(joined) <= _TEXT_WIDTH:
            lines[-1] = joined
        else:
            lines.append(metrics.elidedText(word, Qt.TextElideMode.ElideRight, _TEXT_WIDTH))
    return lines


def _font(families: list[str], pixel_size: int, weight: QFont.Weight) -> QFont:
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(pixel_size)
    font.setWeight(weight)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # same shapes at any size
    return font


def _draw_vignette(painter: QPainter) -> None:
    shade = QRadialGradient(QPointF(500, 430), 780)
    shade.setColorAt(0.0, QColor(0, 0, 0, 0))
    shade.setColorAt(0.65, QColor(0, 0, 0, 30))
    shade.setColorAt(1.0, QColor(0, 0, 0, 120))
    painter.fillRect(QRectF(0, 0, _CANVAS, _CANVAS), shade)


def _draw_frame(painter: QPainter, palette: _Palette) -> None:
    """Draw a printed double rule: a brass line and a hairline inside it."""
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(_alpha(palette.brass, 0.85), 4))
    painter.drawRect(_FRAME)
    painter.setPen(QPen(_alpha(palette.brass, 0.5), 1.5))
    painter.drawRect(_FRAME.adjusted(12, 12, -12, -12))


def _draw_grain(painter: QPainter, seed: int, size: int) -> None:
    """Lay faint paper grain, in device pixels so it stays fine at every size."""
    noise = np.random.default_rng(seed).integers(0, 256, (size, size), dtype=np.uint8)
    pixels = np.empty((size, size, 4), dtype=np.uint8)
    pixels[..., 0] = pixels[..., 1] = pixels[..., 2] = noise
    pixels[..., 3] = 10
    grain = QImage(pixels.data, size, size, size * 4, QImage.Format.Format_ARGB32)
    painter.resetTransform()
    painter.drawImage(0, 0, grain)
