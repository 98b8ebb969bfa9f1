"""Sleeve pictures for the crate: each record's cover, a placeholder, a shadow and a disc.

:class:`SleeveArt` serves each record's sleeve picture and never touches the disk on the GUI
thread: it asks the :class:`~app.ui.thumbnails.ThumbnailCache`, whose worker runs
:func:`load_cover` (find the cover with :func:`~app.library.covers.find_cover`, read it), and
names the record in :attr:`SleeveArt.arrived` once the thumbnail is in. Until then the crate
paints a calm placeholder. Requests wait until scrolling rests (or at most
:data:`REQUEST_LATEST_MS`), so a fling through thousands of sleeves does not start a cover job
for every sleeve flown past; everything here runs on the GUI thread.

A cover's cache key (:func:`cover_key`) is made from the record alone, without looking at the
disk: the record's key, its first file and whether its tags carry a picture.
"""

from __future__ import annotations

import collections
import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap

from app.core.record import RecordSummary
from app.library.covers import find_cover, read_cover_bytes
from app.ui.theme import Theme
from app.ui.thumbnails import THUMBNAIL_SIZES, ThumbnailCache

SHADOW_PX = 6
REQUEST_REST_MS = 60
REQUEST_LATEST_MS = 200
_PIXMAP_BUDGET_BYTES = 48 * 1024 * 1024
_Painter = Callable[[int, float, Theme], QPixmap]


def cover_key(record: RecordSummary) -> str:
    """Return the thumbnail-cache key of a record's cover, made without touching the disk.

    A hash of the record's key, its first file and whether its tags carry a picture: the
    cover's own file is only looked at by :func:`load_cover`, on a worker, when the
    thumbnail is missing from the disk cache.
    """
    text = f"{record.key}\0{record.first_path}\0{int(record.has_cover)}"
    return (
        "r"
        + hashlib.sha1(text.encode("utf-8", "surrogateescape"), usedforsecurity=False).hexdigest()
    )


def load_cover(track_path: Path) -> bytes | None:
    """Return the vetted cover picture for the record of ``track_path``, or ``None``.

    Runs on a thumbnail worker: reads the file's tags (read-only) and its folder.

    Raises
    ------
    CoverError
        When the picture is unreadable or refused as unsafe; a generated sleeve stands in.

    """
    source = find_cover(track_path)
    return None if source is None else read_cover_bytes(source)


def thumbnail_size(edge_px: int) -> int:
    """Return the smallest stock thumbnail size that covers ``edge_px`` device pixels."""
    return next((size for size in THUMBNAIL_SIZES if size >= edge_px), THUMBNAIL_SIZES[-1])


class SleeveArt(QObject):
    """Sleeve pixmaps for records at any edge, with a small LRU of scaled pixmaps.

    Parameters
    ----------
    thumbnails
        The shared thumbnail cache.
    theme
        Colours of the placeholder.
    parent
        Qt parent.

    """

    arrived = Signal(str)
    """``record key``: its sleeve can now be painted (the thumbnail came in)."""

    def __init__(self, thumbnails: ThumbnailCache, theme: Theme, parent: QObject | None = None):
        super().__init__(parent)
        self.thumbnails = thumbnails
        self.theme = theme
        # GUI thread only.
        self._keys: dict[str, str] = {}  # record key -> cover key
        self._waiting: dict[tuple[str, int], set[str]] = {}  # (cover key, size) -> record keys
        self._scaled: collections.OrderedDict[tuple[str, int], QPixmap] = collections.OrderedDict()
        self._scaled_bytes = 0
        self._plain: dict[tuple[str, int, float], QPixmap] = {}
        self._wanted: dict[tuple[str, int], RecordSummary] = {}  # not asked for yet
        self._rested = _single_shot(self, REQUEST_REST_MS, self._request_wanted)
        self._deadline = _single_shot(self, REQUEST_LATEST_MS, self._request_wanted)
        thumbnails.ready.connect(self._on_ready)

    def set_theme(self, theme: Theme) -> None:
        """Use ``theme`` for placeholders and shadows."""
        self.theme = theme
        self._plain.clear()

    def pixmap(self, record: RecordSummary, edge: int, ratio: float) -> QPixmap | None:
        """Return the sleeve at ``edge`` logical pixels, or ``None`` while it loads."""
        edge_px = max(1, round(edge * ratio))
        key = self._keys.get(record.key)
        if key is None:
            key = self._keys[record.key] = cover_key(record)
        slot = (key, edge_px)
        found = self._scaled.get(slot)
        if found is not None:
            self._scaled.move_to_end(slot)
            return found
        size = thumbnail_size(edge_px)
        image = self.thumbnails.cached(key, size)
        if image is not None:
            return self._remember(slot, _scaled_pixmap(image, edge_px, ratio))
        self._waiting.setdefault((key, size), set()).add(record.key)
        if (key, size) not in self._wanted:
            self._wanted[(key, size)] = record
            self._rested.start()
            if not self._deadline.isActive():
                self._deadline.start()
        return None

    def _request_wanted(self) -> None:
        self._rested.stop()
        self._deadline.stop()
        wanted, self._wanted = self._wanted, {}
        for (key, size), record in wanted.items():
            load = functools.partial(load_cover, Path(record.first_path))
            image = self.thumbnails.request(
                key, load, size, title=record.title, artist=record.artist
            )
            if image is not None:  # it came in meanwhile (another view asked)
                self._on_ready(key, size, image)

    def placeholder(self, edge: int, ratio: float) -> QPixmap:
        """Return the calm stand-in drawn while a sleeve loads."""
        return self._plain_pixmap("placeholder", edge, ratio, _paint_placeholder)

    def shadow(self, edge: int, ratio: float) -> QPixmap:
        """Return a soft shadow for a sleeve of ``edge``, ``2 * SHADOW_PX`` larger."""
        return self._plain_pixmap("shadow", edge, ratio, _paint_shadow)

    def disc(self, edge: int, ratio: float) -> QPixmap:
        """Return the black disc that peeks out of a picked sleeve."""
        return self._plain_pixmap("disc", edge, ratio, _paint_disc)

    def _plain_pixmap(self, name: str, edge: int, ratio: float, paint: _Painter) -> QPixmap:
        slot = (name, edge, ratio)
        found = self._plain.get(slot)
        if found is None:
            if len(self._plain) > 24:
                self._plain.clear()
            found = self._plain[slot] = paint(edge, ratio, self.theme)
        return found

    def _remember(self, slot: tuple[str, int], pixmap: QPixmap) -> QPixmap:
        self._scaled[slot] = pixmap
        self._scaled_bytes += _bytes(pixmap)
        while self._scaled_bytes > _PIXMAP_BUDGET_BYTES and len(self._scaled) > 1:
            _, evicted = self._scaled.popitem(last=False)
            self._scaled_bytes -= _bytes(evicted)
        return pixmap

    def _on_ready(self, key: str, size: int, _image: QImage) -> None:
        for record_key in self._waiting.pop((key, size), ()):
            self.arrived.emit(record_key)


def _single_shot(parent: QObject, interval_ms: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4


def _scaled_pixmap(image: QImage, edge_px: int, ratio: float) -> QPixmap:
    if image.width() != edge_px or image.height() != edge_px:
        image = image.scaled(
            edge_px,
            edge_px,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def _canvas(edge_px: int, ratio: float, opaque: bool = False) -> tuple[QImage, QPainter]:
    """Return a square image to paint on, and its painter (in logical pixels)."""
    if opaque:  # opaque pixmaps blit without blending: most of a frame is sleeves
        image = QImage(edge_px, edge_px, QImage.Format.Format_RGB32)
    else:
        image = QImage(edge_px, edge_px, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
    image.setDevicePixelRatio(ratio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return image, painter


def _finished(image: QImage, painter: QPainter) -> QPixmap:
    painter.end()
    return QPixmap.fromImage(image)


def _paint_placeholder(edge: int, ratio: float, theme: Theme) -> QPixmap:
    """Paint a plain card sleeve with a faint pressed ring, the bench's colour in shadow."""
    image, painter = _canvas(round(edge * ratio), ratio, opaque=True)
    card = QColor(theme.bakelite)
    painter.fillRect(QRectF(0, 0, edge, edge), card)
    ring = QColor(theme.ink_dim)
    ring.setAlpha(40)
    painter.setPen(QPen(ring, 1.2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    centre = edge / 2
    for fraction in (0.36, 0.12):
        radius = edge * fraction
        painter.drawEllipse(QRectF(centre - radius, centre - radius, 2 * radius, 2 * radius))
    painter.setPen(QPen(QColor(255, 255, 255, 18), 1.0))
    painter.drawLine(QPointF(0, 0.5), QPointF(edge, 0.5))
    return _finished(image, painter)


def _paint_shadow(edge: int, ratio: float, theme: Theme) -> QPixmap:
    """Paint a soft shadow from stacked translucent rectangles, without a blur pass."""
    full = edge + 2 * SHADOW_PX
    image, painter = _canvas(round(full * ratio), ratio)
    painter.setPen(Qt.PenStyle.NoPen)
    strength = 34 if theme.is_night else 22
    for step in range(SHADOW_PX):
        painter.setBrush(QColor(0, 0, 0, strength // (step + 1)))
        inset = SHADOW_PX - step - 1
        painter.drawRoundedRect(QRectF(inset, inset, full - 2 * inset, full - 2 * inset), 4, 4)
    return _finished(image, painter)


def _paint_disc(edge: int, ratio: float, theme: Theme) -> QPixmap:
    """Paint a black record with a few groove rings: the disc that peeks out of a sleeve."""
    image, painter = _canvas(round(edge * ratio), ratio)
    inset = edge * 0.04
    disc = QRectF(inset, 0, edge - 2 * inset, edge - 2 * inset)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.vinyl)
    painter.drawEllipse(disc)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for step in range(1, 6):
        painter.setPen(QPen(theme.vinyl_sheen if step % 2 else QColor(255, 255, 255, 16), 0.8))
        shrink = step * edge * 0.035
        painter.drawEllipse(disc.adjusted(shrink, shrink, -shrink, -shrink))
    return _finished(image, painter)
