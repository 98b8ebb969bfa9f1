"""The ambient mode's own sky, for when no sky painter is given: a deep, still night.

A tall gradient from the theme's sky colours, a warm haze low down where the city's lights
would be, a faint band of the Milky Way, a darker rim, and a seeded field of stars (a few
bright ones with a soft glow and a glint). Made once per window size as an opaque picture,
dithered so the long, dark gradient shows no bands; a frame then costs one plain copy.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRadialGradient

from app.ui.theme import Theme
from app.ui.workshop.pixels import rgb_array, value_noise

_SEED = 2050
_STAR_AREA_PX = 1700.0  # one star per this many logical pixels of sky
_BRIGHT = 0.9  # stars brighter than this (about one in fifty) glint
_DITHER_TILE = 128  # the dither repeats every this many pixels, too fine to see
_COARSE = 4  # device pixels per cell of the coarse grid the light is worked out on
_TINTS = ((255, 255, 255), (200, 216, 255), (255, 226, 190), (255, 240, 222))


def render_sky(width: int, height: int, dpr: float, theme: Theme) -> QImage:
    """Return the night sky for a ``width`` x ``height`` (logical pixels) window at ``dpr``.

    The gradient runs between ``theme``'s sky colours (give it a night theme).

    The image is opaque (RGB32), ``dpr`` times the logical size, with its device pixel
    ratio set, so it is drawn with one ``drawImage``/``drawPixmap`` at the window's origin.
    """
    w_px, h_px = max(1, round(width * dpr)), max(1, round(height * dpr))
    rng = np.random.default_rng(_SEED)
    # The light changes slowly everywhere: work it out on a coarse grid, then smooth it up.
    coarse = _gradient(max(2, -(-w_px // _COARSE)), max(2, -(-h_px // _COARSE)), theme, rng)
    image = _to_image(_upsample(coarse, h_px, w_px), rng)
    image.setDevicePixelRatio(dpr)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw_stars(painter, QRectF(0, 0, width, height), rng)
    painter.end()
    return image


def _gradient(w_px: int, h_px: int, theme: Theme, rng: np.random.Generator) -> np.ndarray:
    """Return the sky's light as an (h, w, 3) float32 array of 0..255 values."""
    y = ((np.arange(h_px, dtype=np.float32) + 0.5) / h_px)[:, None, None]
    x = ((np.arange(w_px, dtype=np.float32) + 0.5) / w_px)[None, :, None]
    top, bottom = rgb_array(theme.sky_top), rgb_array(theme.sky_bottom)
    depth = y**1.35
    rgb = top * (1 - depth) + bottom * depth
    city = np.array([255, 150, 90], np.float32)  # the city's warm lights, low in the haze
    rgb = rgb + city * 0.085 * np.exp((y - 1) / 0.14) + _milky_way(w_px, h_px, x, y, rng)
    aspect = w_px / h_px
    reach = ((x - 0.5) * aspect) ** 2 + (y - 0.45) ** 2
    rim = 1 - 0.42 * np.clip(reach / (0.25 + 0.25 * aspect**2), 0, 1)
    result: np.ndarray = rgb * rim
    return result


def _milky_way(
    w_px: int, h_px: int, x: np.ndarray, y: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Return a faint, mottled band of light across the sky from lower left to upper right."""
    aspect = w_px / h_px
    # Distance from the line through (0.1, 0.95) and (0.9, 0.05), in heights, and along it.
    dx, dy = 0.8 * aspect, -0.9
    length = math.hypot(dx, dy)
    away = np.abs((x - 0.1) * aspect * dy - (y - 0.95) * dx) / length
    along = ((x - 0.1) * aspect * dx + (y - 0.95) * dy) / (length * length)
    mottle = np.zeros((h_px, w_px), np.float32)
    for cells, weight in ((4, 0.45), (9, 0.27), (19, 0.17), (41, 0.11)):
        mottle += weight * value_noise(rng, (h_px, w_px), (cells, max(2, round(cells * aspect))))
    core = 0.55 + 0.45 * np.exp(-(((along - 0.5) / 0.3) ** 2))
    width = 0.15 + 0.05 * mottle[..., None]
    band = np.exp(-((away / width) ** 2)) * core * np.clip(mottle[..., None] * 2.2 - 0.7, 0, 1)
    colour = np.array([150, 162, 205], np.float32)
    result: np.ndarray = band * colour * 0.11
    return result


def _upsample(coarse: np.ndarray, h_px: int, w_px: int) -> QImage:
    """Return ``coarse`` (0..255) smoothly stretched to ``h_px`` x ``w_px``, as 16-bit RGBX.

    Qt's smooth scaling of a 16-bit image is many times faster than doing it in numpy, and
    keeps enough precision under the 8-bit steps for the dither to work on.
    """
    h_small, w_small = coarse.shape[:2]
    rgbx = np.full((h_small, w_small, 4), 65535, np.uint16)
    rgbx[..., :3] = np.clip(coarse * 257.0, 0, 65535).astype(np.uint16)
    small = QImage(rgbx.data, w_small, h_small, 8 * w_small, QImage.Format.Format_RGBX64)
    return small.scaled(
        w_px,
        h_px,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def _to_image(light: QImage, rng: np.random.Generator) -> QImage:
    """Return 16-bit ``light`` as an opaque 8-bit image, dithered so gradients do not band.

    Integer steps only, over whole rows (a full screen at twice the density is 33 million
    values): halve to 128ths of an 8-bit step, add triangular noise two steps wide, shift down.
    """
    h_px, w_px, row = light.height(), light.width(), light.bytesPerLine() // 2
    words = np.frombuffer(light.constBits(), np.uint16, count=h_px * row).reshape(h_px, row)
    shape = (_DITHER_TILE, _DITHER_TILE * 4)
    tile = rng.integers(0, 128, shape, np.uint16) + rng.integers(0, 128, shape, np.uint16)
    dither = np.tile(tile, (-(-h_px // shape[0]), -(-row // shape[1])))[:h_px, :row]
    level = words >> 1  # a new array: ``words`` reads ``light``'s pixels
    np.maximum(level, 64, out=level)
    level -= 64  # the noise's mean is one step; take half of it back so it rounds
    level += dither
    level >>= 7
    np.minimum(level, 255, out=level)
    rgbx = level.astype(np.uint8)  # R, G, B, X bytes, as the 16-bit words were ordered
    image = QImage(rgbx.data, w_px, h_px, row, QImage.Format.Format_RGBX8888)
    return image.convertToFormat(QImage.Format.Format_RGB32)  # owns its pixels


def _draw_stars(painter: QPainter, sky: QRectF, rng: np.random.Generator) -> None:
    """Scatter still stars, thinning towards the hazy horizon; a few bright ones glint."""
    count = int(sky.width() * sky.height() / _STAR_AREA_PX)
    xs = rng.random(count) * sky.width()
    ys = rng.random(count) ** 1.3 * sky.height() * 0.97
    sizes = rng.random(count) ** 5
    tints = rng.integers(0, len(_TINTS), count)
    painter.setPen(Qt.PenStyle.NoPen)
    for x, y, size, tint in zip(xs, ys, sizes, tints, strict=True):
        fade = 1 - 0.75 * (y / sky.height()) ** 3  # the haze swallows the low stars
        centre = QPointF(x, y)
        alpha = (40 + 200 * size**0.5) * fade * (0.6 + 0.4 * rng.random())
        radius = 0.45 + 1.1 * size
        colour = QColor(*_TINTS[tint], min(255, int(alpha)))
        if size > _BRIGHT:
            _draw_bright_star(painter, centre, radius, colour)
        painter.setBrush(colour)
        painter.drawEllipse(centre, radius, radius)


def _draw_bright_star(painter: QPainter, centre: QPointF, radius: float, colour: QColor) -> None:
    """Give a bright star a soft glow and a faint four-pointed glint."""
    glow = QRadialGradient(centre, radius * 6)
    halo = QColor(colour)
    halo.setAlpha(int(colour.alpha() * 0.22))
    glow.setColorAt(0, halo)
    glow.setColorAt(1, QColor(halo.red(), halo.green(), halo.blue(), 0))
    painter.setBrush(glow)
    painter.drawEllipse(centre, radius * 6, radius * 6)
    glint = QColor(colour)
    glint.setAlpha(int(colour.alpha() * 0.3))
    reach, thin = radius * 5.5, 0.35
    painter.fillRect(QRectF(centre.x() - reach, centre.y() - thin, 2 * reach, 2 * thin), glint)
    painter.fillRect(QRectF(centre.x() - thin, centre.y() - reach, 2 * thin, 2 * reach), glint)
