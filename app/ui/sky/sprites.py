"""Pre-rendered star glows: one atlas of soft sprites per device pixel ratio and star scale.

A bright star is drawn as a sprite: a crisp core (a small Gaussian, whitened at its heart the
way a bright star burns white on the eye) in a soft Moffat halo tinted with the star's colour;
the very brightest get a faint four-point cross. Sprites are computed with numpy in device
pixels, premultiplied, and laid out on one atlas pixmap: a row per colour class (then the
three flash tints), a column per size class. Mars gets its own small warm disc.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPixmap

from app.visual.star_colour import star_rgb
from app.visual.star_sky import FLASH_TINTS, MARS_RGB, brightness_level

__all__ = ["SIZE_CLASSES", "SpriteAtlas", "colour_class", "size_class"]

F64 = npt.NDArray[np.float64]

SIZE_CLASSES = 10
_FAINTEST_MAG, _MAG_STEP = 4.1, 0.55  # size class 0 is magnitude 4.1, each next 0.55 brighter
_BV_EDGES = np.array([-0.12, 0.05, 0.25, 0.45, 0.7, 0.95, 1.2, 1.5])
COLOUR_CLASSES = _BV_EDGES.size + 1
_BV_CENTRES = np.array([-0.22, -0.03, 0.15, 0.35, 0.57, 0.82, 1.07, 1.35, 1.65])
_SATURATION = 1.6


def size_class(magnitude: npt.ArrayLike) -> npt.NDArray[np.intp]:
    """Return each magnitude's sprite size class, 0 (faint) .. SIZE_CLASSES - 1 (Sirius)."""
    steps = np.round((_FAINTEST_MAG - np.asarray(magnitude, np.float64)) / _MAG_STEP)
    return np.clip(steps, 0, SIZE_CLASSES - 1).astype(np.intp)


def colour_class(bv: npt.ArrayLike) -> npt.NDArray[np.intp]:
    """Return each B-V index's sprite colour row, 0 (blue-white) .. COLOUR_CLASSES - 1 (red)."""
    return np.searchsorted(_BV_EDGES, np.asarray(bv, np.float64)).astype(np.intp)


def _class_magnitude(size: int) -> float:
    return _FAINTEST_MAG - size * _MAG_STEP


def _profile(radius_px: F64, size: int, scale: float) -> tuple[F64, F64]:
    """Return the core and halo intensity of size class ``size`` at ``radius_px`` (logical)."""
    level = float(brightness_level(_class_magnitude(size)))
    core_px = (0.55 + 1.25 * level**2) * scale
    core = np.exp(-0.5 * (radius_px / core_px) ** 2)
    halo_px = (1.4 + 7.5 * level**2) * scale
    halo = (0.14 + 0.46 * level**2) / (1.0 + (radius_px / halo_px) ** 2) ** 1.7
    bloom_px = 16.0 * scale * level
    bloom = 0.1 * level**3 * np.exp(-radius_px / bloom_px)  # the widest, faintest veil
    return core, halo + bloom


def _half_size(size: int, scale: float) -> float:
    """Return a sprite's half width in logical pixels (where its halo has faded out)."""
    level = float(brightness_level(_class_magnitude(size)))
    return float(math.ceil((3.5 + 56.0 * level**3.4) * scale) + 1.0)


def _spikes(dx: F64, dy: F64, size: int, scale: float) -> F64:
    """Return a faint four-point cross for the brightest classes (zero for the rest)."""
    strength = max(0.0, (size - (SIZE_CLASSES - 3)) / 3.0) * 0.2
    if strength == 0.0:
        return np.zeros_like(dx)
    reach = 16.0 * scale
    thin = 0.45 * scale
    along_x = np.exp(-np.abs(dx) / reach * 3) * np.exp(-0.5 * (dy / thin) ** 2)
    along_y = np.exp(-np.abs(dy) / reach * 3) * np.exp(-0.5 * (dx / thin) ** 2)
    result: F64 = strength * (along_x + along_y)
    return result


def _sprite(size: int, rgb: F64, scale: float, dpr: float) -> npt.NDArray[np.uint8]:
    """Return one premultiplied BGRA sprite (as QImage's ARGB32 lays it out in memory)."""
    half = _half_size(size, scale)
    side = max(3, math.ceil(2 * half * dpr)) | 1  # odd: the star sits on a pixel's centre
    centre = (side - 1) / 2
    grid = (np.arange(side) - centre) / dpr
    dy, dx = np.meshgrid(grid, grid, indexing="ij")
    radius = np.hypot(dx, dy)
    core, halo = _profile(radius, size, scale)
    halo = halo + _spikes(dx, dy, size, scale)
    fade = np.clip((half - radius) / (0.25 * half), 0.0, 1.0)  # no hard edge at the border
    alpha = np.clip((core + halo) * fade, 0.0, 1.0)
    whiteness = np.clip(core / (core + halo + 1e-9), 0.0, 1.0) ** 2 * 0.75
    colour = rgb[None, None, :] * (1 - whiteness[..., None]) + whiteness[..., None]
    pixels = np.empty((side, side, 4), np.uint8)
    pixels[..., :3] = np.round(colour[..., ::-1] * alpha[..., None] * 255)
    pixels[..., 3] = np.round(alpha * 255)
    return pixels


def _mars_sprite(scale: float, dpr: float) -> npt.NDArray[np.uint8]:
    """Return Mars: a small warm disc, a touch darker at the limb, in a soft ruddy halo."""
    half = math.ceil(13.0 * scale) + 1.0
    side = max(3, math.ceil(2 * half * dpr)) | 1
    grid = (np.arange(side) - (side - 1) / 2) / dpr
    dy, dx = np.meshgrid(grid, grid, indexing="ij")
    radius = np.hypot(dx, dy)
    disc_px = 1.9 * scale
    disc = np.clip((disc_px + 0.5 / dpr - radius) * dpr, 0.0, 1.0)  # an anti-aliased edge
    limb = np.clip(radius / disc_px, 0.0, 1.0) ** 2
    halo = 0.75 / (1.0 + (radius / (2.8 * scale)) ** 2) ** 1.5
    halo += 0.1 * np.exp(-radius / (7.0 * scale))
    fade = np.clip((half - radius) / (0.25 * half), 0.0, 1.0)
    alpha = np.clip(disc + halo * (1 - disc), 0.0, 1.0) * fade
    ruddy = np.array(MARS_RGB)
    lit = np.array([1.0, 0.7, 0.46])  # the disc's face is a little paler than its halo
    face = lit * (1 - 0.3 * limb[..., None]) + ruddy * 0.3 * limb[..., None]
    colour = ruddy * (1 - disc[..., None]) + face * disc[..., None]
    pixels = np.empty((side, side, 4), np.uint8)
    pixels[..., :3] = np.round(colour[..., ::-1] * alpha[..., None] * 255)
    pixels[..., 3] = np.round(alpha * 255)
    return pixels


@dataclass(frozen=True)
class SpriteAtlas:
    """Every sprite for one device pixel ratio and star scale, on one pixmap.

    ``source(row, size)`` is the sprite's rectangle in device pixels; rows 0 ..
    COLOUR_CLASSES - 1 are star colours, the next three the flash tints (red, green, blue).
    Draw a sprite at scale ``1 / dpr`` to get its logical size.
    """

    pixmap: QPixmap
    sources: tuple[tuple[QRectF, ...], ...]
    mars: QRectF
    dpr: float

    @classmethod
    def build(cls, dpr: float, scale: float) -> SpriteAtlas:
        """Render the atlas for device pixel ratio ``dpr`` and glow ``scale``."""
        colours = [star_rgb(bv, _SATURATION) for bv in _BV_CENTRES]
        colours += [np.array(tint) for tint in FLASH_TINTS]
        cells = [
            [_sprite(size, rgb, scale, dpr) for size in range(SIZE_CLASSES)] for rgb in colours
        ]
        mars = _mars_sprite(scale, dpr)
        # Each size class is a strip of its colours, one cell per colour; the strips go on
        # shelves as wide as the widest strip, so the small sprites do not pad out to the
        # largest (a third of the pixels of a plain grid).
        sides = [sprite.shape[0] for sprite in cells[0]]
        shelf_width = max(len(cells) * (sides[-1] + 1), mars.shape[1])
        places: list[tuple[int, int]] = []  # each size class's strip: (left, top)
        left = top = shelf_height = 0
        for side in reversed(sides):
            strip = len(cells) * (side + 1)
            if left + strip > shelf_width:
                left, top, shelf_height = 0, top + shelf_height, 0
            places.append((left, top))
            left, shelf_height = left + strip, max(shelf_height, side + 1)
        places.reverse()
        height = top + shelf_height
        canvas = np.zeros((height + mars.shape[0], shelf_width, 4), np.uint8)
        rects: list[list[QRectF]] = [[] for _ in cells]
        for size, ((strip_left, strip_top), side) in enumerate(zip(places, sides, strict=True)):
            for row, sprites in enumerate(cells):
                x = strip_left + row * (side + 1)
                canvas[strip_top : strip_top + side, x : x + side] = sprites[size]
                rects[row].append(QRectF(x, strip_top, side, side))
        sources = [tuple(row_rects) for row_rects in rects]
        canvas[height : height + mars.shape[0], : mars.shape[1]] = mars
        mars_rect = QRectF(0, height, mars.shape[1], mars.shape[0])
        return cls(_pixmap(canvas), tuple(sources), mars_rect, dpr)


def _pixmap(pixels: npt.NDArray[np.uint8]) -> QPixmap:
    height, width = pixels.shape[:2]
    data = np.ascontiguousarray(pixels)
    image = QImage(data.data, width, height, 4 * width, QImage.Format.Format_ARGB32_Premultiplied)
    return QPixmap.fromImage(image.copy())
