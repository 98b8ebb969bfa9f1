"""Draw hundreds of faint stars as crisp single pixels in a few batched calls.

A faint star is one logical pixel. To move smoothly between pixels it is splatted on its four
nearest pixels with bilinear weights (the square root of each weight, so the light summed on the
screen, not the 8-bit values, stays constant as it moves); a star sitting on a pixel stays one
crisp pixel. Every splat pixel falls into a bucket by tint and quantised alpha, the buckets are
written in order into one preallocated QPolygonF through a numpy view of its memory, and each
bucket is one ``drawPoints`` with its own pen: a few dozen calls for thousands of points.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import shiboken6
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

__all__ = ["ALPHA_LEVELS", "POINT_TINTS", "PointBatch", "point_tint"]

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

#: Point colours: blue-white, white, warm (by B-V below 0.25, below 0.9, above).
POINT_TINTS = ((208, 222, 255), (255, 250, 238), (255, 214, 168))
WHITE = 1
_TINT_EDGES = np.array([0.25, 0.9])
ALPHA_LEVELS = 15  # quantised alphas per tint, spaced evenly in perceived brightness
_UNTINTED_LEVELS = 4  # the dimmest levels show no colour: all are drawn white (fewer calls)
_ALPHA_FLOOR = 0.035  # dimmer splat pixels are left out
_POINT_BYTES = 16  # a QPointF is two doubles


def point_tint(bv: npt.ArrayLike) -> npt.NDArray[np.intp]:
    """Return each B-V index's point tint: 0 blue-white, 1 white, 2 warm."""
    return np.searchsorted(_TINT_EDGES, np.asarray(bv, np.float64)).astype(np.intp)


def _level_alphas() -> F64:
    """Return the alpha of each quantised level (level 0 is never drawn)."""
    # Evenly spaced in the square root of alpha: fine steps where the eye sees them.
    return np.linspace(np.sqrt(_ALPHA_FLOOR), 1.0, ALPHA_LEVELS - 1) ** 2


class PointBatch:
    """Batched single-pixel stars; :meth:`draw` takes positions, alphas and tints as arrays."""

    def __init__(self) -> None:
        alphas = _level_alphas()
        self._root_floor = float(np.sqrt(_ALPHA_FLOOR))
        self._root_step = (1.0 - self._root_floor) / (ALPHA_LEVELS - 2)
        self._pens: list[QPen] = []
        for rgb in POINT_TINTS:
            self._pens.append(QPen(Qt.PenStyle.NoPen))  # level 0: never drawn
            for alpha in alphas:
                # Cosmetic pens; never quite opaque (Qt draws opaque points far slower).
                self._pens.append(QPen(QColor(*rgb, min(254, round(alpha * 255))), 0))
        self._polygon = QPolygonF()
        self._capacity = 0
        self._address = 0
        self._coords: F64 = np.zeros((0, 2))

    def _reserve(self, count: int) -> None:
        if count <= self._capacity:
            return
        capacity = max(1024, 1 << (count - 1).bit_length())
        polygon = QPolygonF()
        polygon.resize(capacity)
        self._address = shiboken6.getCppPointer(polygon.data())[0]
        buffer = shiboken6.VoidPtr(self._address, capacity * _POINT_BYTES, True)
        self._coords = np.frombuffer(buffer, np.float64).reshape(capacity, 2)
        self._polygon, self._capacity = polygon, capacity

    def draw(
        self,
        painter: QPainter,
        x_px: F64,
        y_px: F64,
        alpha: F64,
        tint: npt.NDArray[np.intp],
        smooth: int,
    ) -> int:
        """Draw stars at logical ``x_px``, ``y_px`` with ``alpha`` (0..1) and ``tint`` index.

        A star is one device pixel (finer on a high-density screen, where its alpha is raised
        a little to make up). The first ``smooth`` stars glide between pixels; the rest sit
        on the nearest one. Returns the number of pixels drawn. The painter's antialiasing
        is switched off for the call (a point is a whole pixel) and restored.
        """
        device = painter.deviceTransform()
        scale_x, scale_y = device.m11(), device.m22()
        if scale_x <= 0 or scale_y <= 0 or device.m12() or device.m21():
            return 0  # the sky is never drawn rotated or mirrored
        px, py, weights, taps = _splat(
            x_px * scale_x + device.dx(), y_px * scale_y + device.dy(), smooth
        )
        boost = max(1.0, math.sqrt(scale_x * scale_y))
        alphas = np.sqrt(weights) * np.repeat(np.clip(alpha * boost, 0.0, 1.0), taps)
        level = np.floor((np.sqrt(alphas) - self._root_floor) / self._root_step + 1.5)
        level = np.clip(level, 0, ALPHA_LEVELS - 1).astype(np.int16)
        tinted = np.repeat(tint.astype(np.int16) * ALPHA_LEVELS, taps)
        tinted[level <= _UNTINTED_LEVELS] = WHITE * ALPHA_LEVELS
        keys = tinted + level  # small integers: a radix sort
        drawn = np.flatnonzero(level > 0)
        if drawn.size == 0:
            return 0
        keys = keys[drawn]
        order = np.argsort(keys, kind="stable")
        self._reserve(drawn.size)
        coords = self._coords[: drawn.size]
        coords[:, 0] = (px[drawn][order] - device.dx()) / scale_x  # back to logical
        coords[:, 1] = (py[drawn][order] - device.dy()) / scale_y
        counts = np.bincount(keys, minlength=len(self._pens))
        self._draw_buckets(painter, counts)
        return int(drawn.size)

    def _draw_buckets(self, painter: QPainter, counts: npt.NDArray[np.intp]) -> None:
        """Draw each bucket's run of the polygon with its pen."""
        antialiased = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        offset = 0
        for key in np.flatnonzero(counts).tolist():
            count = int(counts[key])
            painter.setPen(self._pens[key])
            first = shiboken6.wrapInstance(self._address + offset * _POINT_BYTES, QPointF)
            painter.drawPoints(first, count)
            offset += count
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialiased)


def _splat(x_px: F64, y_px: F64, smooth: int) -> tuple[F64, F64, F64, npt.NDArray[np.intp]]:
    """Return device pixel centres, their weights and the pixels per star.

    The first ``smooth`` stars get their four nearest pixels with bilinear weights, the rest
    their nearest pixel with weight 1.
    """
    gx, gy = x_px[:smooth] - 0.5, y_px[:smooth] - 0.5
    ix, iy = np.floor(gx), np.floor(gy)
    fx, fy = gx - ix, gy - iy
    cx, cy = ix + 0.5, iy + 0.5
    near_x, near_y = np.floor(x_px[smooth:]) + 0.5, np.floor(y_px[smooth:]) + 0.5
    px = np.concatenate([np.stack([cx, cx + 1.0, cx, cx + 1.0], axis=1).ravel(), near_x])
    py = np.concatenate([np.stack([cy, cy, cy + 1.0, cy + 1.0], axis=1).ravel(), near_y])
    weights = np.stack([(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy], axis=1)
    weights = np.concatenate([weights.ravel(), np.ones(near_x.size)])
    taps = np.full(x_px.size, 4, np.intp)
    taps[smooth:] = 1
    return px, py, weights, taps
