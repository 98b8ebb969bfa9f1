"""Procedural surfaces for the amplifier: brushed metal, walnut grain, and a soft glow.

Each returns float RGB arrays (height x width x 3, 0-1) made with numpy from a fixed seed,
so the same size always gives the same grain; :func:`to_image` turns them into a QImage.
They are drawn once into the cached layers, never per frame.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtGui import QColor, QImage

FloatImage = npt.NDArray[np.float32]


def rgb_of(colour: QColor) -> npt.NDArray[np.float32]:
    """Return a colour as a float RGB triple (0-1)."""
    return np.array([colour.redF(), colour.greenF(), colour.blueF()], dtype=np.float32)


def _stretched_noise(
    rng: np.random.Generator, height: int, width: int, knots: int
) -> npt.NDArray[np.float32]:
    """Return noise per row, smoothly stretched along x from ``knots`` random values."""
    coarse = rng.standard_normal((height, knots + 2), dtype=np.float32)
    x = np.linspace(0.0, knots, width, dtype=np.float32)
    left = x.astype(np.int32)
    share = x - left
    return coarse[:, left] * (1.0 - share) + coarse[:, left + 1] * share


def brushed_metal(width: int, height: int, light: QColor, dark: QColor, seed: int) -> FloatImage:
    """Return a brushed faceplate: fine horizontal streaks, lighter towards the top edge.

    The grain is made for widths in steps of 512 pixels and kept, so a panel growing or
    shrinking sideways (a window being resized) crops it instead of making it again.
    """
    stock = _brushed_stock(-(-width // 512) * 512, height, light.rgba(), dark.rgba(), seed)
    return stock[:, :width]


def _brushed_stock(
    width: int, height: int, light_rgba: int, dark_rgba: int, seed: int
) -> FloatImage:
    light, dark = QColor.fromRgba(light_rgba), QColor.fromRgba(dark_rgba)
    rng = np.random.default_rng(seed)
    rows = rng.standard_normal(height, dtype=np.float32)
    rows = np.convolve(rows, np.ones(3, dtype=np.float32) / 3.0, mode="same")
    mix = _stretched_noise(rng, height, width, max(2, width // 30))
    mix *= 0.05
    mix += rng.standard_normal((height, width), dtype=np.float32) * np.float32(0.02)
    shade = np.linspace(1.0, 0.0, height, dtype=np.float32) ** 1.4
    mix += (0.25 + 0.55 * shade + 0.05 * rows)[:, None]
    np.clip(mix, 0.0, 1.0, out=mix)
    top, bottom = rgb_of(light), rgb_of(dark)
    stock = _unit(bottom + (top - bottom) * mix[:, :, None])
    return stock  # not kept: 1.2 MB for a faceplate rendered again only on a resize


def walnut(width: int, height: int, light: QColor, dark: QColor, seed: int) -> FloatImage:
    """Return a walnut end cheek: wavy vertical grain with darker figure and pores."""
    rng = np.random.default_rng(seed)
    y = np.arange(height, dtype=np.float32)[:, None]
    x = np.arange(width, dtype=np.float32)[None, :]
    sway = np.cumsum(rng.standard_normal(height).astype(np.float32)) * 0.05
    sway = np.convolve(sway, np.ones(9, dtype=np.float32) / 9.0, mode="same")[:, None]
    period = max(2.5, width / 7.0)
    rings = np.sin((x + sway * width * 0.15 + 0.002 * y * x) * (2 * np.pi / period))
    figure = _stretched_noise(rng, width, height, max(2, height // 40)).T
    pores = rng.random((height, width)).astype(np.float32) < 0.015
    mix = 0.55 + 0.18 * rings + 0.14 * figure - 0.25 * pores
    image = rgb_of(dark) + (rgb_of(light) - rgb_of(dark)) * np.clip(mix, 0.0, 1.0)[:, :, None]
    return _unit(image)


def _unit(image: npt.NDArray[np.floating]) -> FloatImage:
    """Return ``image`` clipped to 0-1 as float32."""
    clipped: FloatImage = np.clip(image, 0.0, 1.0).astype(np.float32)
    return clipped


def box_blur(image: FloatImage, radius: int) -> FloatImage:
    """Return ``image`` softened with two box blurs along each axis (close to a Gaussian)."""
    if radius < 1:
        return image
    size = 2 * radius + 1
    out: npt.NDArray[np.floating] = image.astype(np.float32)
    for axis in (0, 1, 0, 1):
        pad = [(radius + 1, radius) if a == axis else (0, 0) for a in range(out.ndim)]
        summed = np.cumsum(np.pad(out, pad, mode="constant"), axis=axis, dtype=np.float32)
        moved = np.moveaxis(summed, axis, 0)
        out = np.moveaxis((moved[size:] - moved[:-size]) / size, 0, axis)
    return np.ascontiguousarray(out, dtype=np.float32)


def shrink(image: FloatImage, factor: int) -> FloatImage:
    """Return ``image`` reduced ``factor`` times by averaging blocks (edges cropped)."""
    if factor <= 1:
        return image
    height, width = (image.shape[0] // factor) * factor, (image.shape[1] // factor) * factor
    blocks = image[:height, :width].reshape(height // factor, factor, width // factor, factor, -1)
    shrunk: FloatImage = blocks.mean(axis=(1, 3), dtype=np.float32)
    return shrunk


def grow(image: FloatImage, factor: int, height: int, width: int) -> FloatImage:
    """Return ``image`` enlarged ``factor`` times and padded with its edge to height x width."""
    if factor > 1:
        image = np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)
    pad = ((0, max(0, height - image.shape[0])), (0, max(0, width - image.shape[1])), (0, 0))
    grown: FloatImage = np.pad(image, pad, mode="edge")[:height, :width]
    return grown


def image_rgb(image: QImage) -> FloatImage:
    """Return the RGB of a 32-bit QImage as floats (alpha ignored)."""
    converted = image.convertToFormat(QImage.Format.Format_RGB32)
    height, width = converted.height(), converted.width()
    raw = np.frombuffer(converted.constBits(), dtype=np.uint8)
    pixels = raw.reshape(height, converted.bytesPerLine())[:, : width * 4].reshape(height, width, 4)
    return pixels[:, :, 2::-1].astype(np.float32) / 255.0


def to_image(rgb: npt.NDArray[np.floating]) -> QImage:
    """Return an opaque QImage of a float RGB array."""
    height, width = rgb.shape[:2]
    image = QImage(width, height, QImage.Format.Format_RGB32)
    raw = np.frombuffer(image.bits(), dtype=np.uint8)
    pixels = raw.reshape(height, image.bytesPerLine())[:, : width * 4].reshape(height, width, 4)
    pixels[:, :, 2::-1] = np.clip(rgb * 255.0 + 0.5, 0, 255).astype(np.uint8)
    pixels[:, :, 3] = 255
    return image
