"""The night sky behind the stars for the full-screen mode: a deep gradient and the Milky Way.

The gradient (deep blue-black overhead, a little lighter and warmer toward the city's glow
at the horizon) is rendered once per size and device pixel ratio. The Milky Way moves with the
sky, so it is laid over a copy of the gradient again whenever the sky has turned by
:data:`REFRESH_DEG`; it is sampled on a coarse grid (see
:func:`~app.visual.sky_milky_way.milky_way_intensity`) and scaled up smoothly, being soft.
Each frame then only blits one opaque image.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

from app.visual.starfield import Starfield

__all__ = ["REFRESH_DEG", "SkyBackground"]

REFRESH_DEG = 0.2  # the Milky Way is laid anew after the sky turns this far
GRID_PX = 6  # one Milky Way sample per this many logical pixels
# The gradient, top to bottom, and the warm murk of the city's light at the horizon.
_STOPS = ((0.0, "#02050d"), (0.45, "#050b1b"), (0.8, "#0b1633"), (1.0, "#152447"))
_CITY_GLOW = (255, 150, 90)
# Blue, green, red: the band's thin edges are a cool blue, its dense star clouds a warm cream.
_MILKY_FAINT = np.array([214.0, 142.0, 118.0], np.float32)
_MILKY_BRIGHT = np.array([200.0, 226.0, 240.0], np.float32)
_MILKY_ALPHA = 0.16


def _gradient(size: QSize, dpr: float) -> QImage:
    image = QImage(
        max(1, round(size.width() * dpr)),
        max(1, round(size.height() * dpr)),
        QImage.Format.Format_RGB32,
    )
    image.setDevicePixelRatio(dpr)
    painter = QPainter(image)
    height = float(size.height())
    sky = QLinearGradient(0, 0, 0, height)
    for at, colour in _STOPS:
        sky.setColorAt(at, QColor(colour))
    painter.fillRect(QRectF(0, 0, size.width(), height), sky)
    haze = QLinearGradient(0, height * 0.7, 0, height)
    haze.setColorAt(0, QColor(*_CITY_GLOW, 0))
    haze.setColorAt(1, QColor(*_CITY_GLOW, 24))
    painter.fillRect(QRectF(0, height * 0.7, size.width(), height * 0.3), haze)
    painter.end()
    return image


def _milky_way_image(glow: npt.NDArray[np.float32]) -> QImage:
    """Return the glow grid as a premultiplied image: cool and thin at its edges, warm in it."""
    level = np.clip(glow, 0.0, 1.0)[..., None]
    alpha = _MILKY_ALPHA * level
    # Premultiplied blue, green, red (QImage's ARGB32 in memory), then alpha.
    colour = (_MILKY_FAINT + (_MILKY_BRIGHT - _MILKY_FAINT) * level) * alpha
    height, width = glow.shape
    pixels = np.empty((height, width, 4), np.uint8)
    pixels[..., :3] = colour + 0.5
    pixels[..., 3] = alpha[..., 0] * 255.0 + 0.5
    image = QImage(pixels.data, width, height, 4 * width, QImage.Format.Format_ARGB32_Premultiplied)
    return image.copy()


class SkyBackground:
    """The full-screen sky's background, cached and refreshed as the sky turns."""

    def __init__(self) -> None:
        self._gradient: QImage | None = None
        self._image: QImage | None = None
        self._key: tuple[int, int, float] | None = None
        self._sidereal_deg = math.nan
        self.renders = 0  # how many times the Milky Way was laid (for tests and benchmarks)

    def image(self, starfield: Starfield, size: QSize, dpr: float) -> QImage:
        """Return the background for a ``size`` (logical) picture at ``dpr``, as the sky is now."""
        key = (size.width(), size.height(), dpr)
        if key != self._key or self._gradient is None:
            self._gradient = _gradient(size, dpr)
            self._key, self._image = key, None
        turned = abs((starfield.sidereal_deg - self._sidereal_deg + 180.0) % 360.0 - 180.0)
        if self._image is None or not turned < REFRESH_DEG:
            self._image = self._render(starfield, size)
            self._sidereal_deg = starfield.sidereal_deg
        return self._image

    def _render(self, starfield: Starfield, size: QSize) -> QImage:
        assert self._gradient is not None
        image = self._gradient.copy()
        columns = max(8, math.ceil(size.width() / GRID_PX))
        rows = max(4, math.ceil(size.height() / GRID_PX))
        band = _milky_way_image(starfield.milky_way(columns, rows))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(QRectF(0, 0, size.width(), size.height()), band)
        painter.end()
        self.renders += 1
        return image

    def clear(self) -> None:
        """Forget the cached images (they are made again on the next call)."""
        self._gradient = self._image = None
        self._key = None
