"""The analyser's segments as pixels: every segment of every column painted at once with numpy.

A few thousand segments drawn one ``fillRect`` at a time cost tens of milliseconds, which a
resize would pay at every step; here each pixel row knows its segment and each pixel column
its analyser column, so a whole layer is two lookups and a select.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from PySide6.QtGui import QColor

from app.ui.amp.analyser_geometry import AnalyserGeometry
from app.ui.amp.textures import FloatImage, box_blur, grow, rgb_of, shrink

Indices = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]


def _row_segments(geo: AnalyserGeometry, height_px: int) -> tuple[Indices, Mask, Mask]:
    """Return per pixel row its segment (-1: a gap), and whether it is in the middle or top core."""
    segment_of = np.full(height_px, -1, dtype=np.int32)
    middle, upper = np.zeros(height_px, dtype=bool), np.zeros(height_px, dtype=bool)
    for segment in range(geo.segments):
        rect = geo.segment_rect(segment=segment, column=0)
        top, height = rect.top(), rect.height()
        segment_of[top : top + height] = segment
        if height >= 3:
            thick = max(1, height // 3)
            start = top + (height - thick) // 2
            middle[start : start + thick] = True
            upper[top + 1 : top + 1 + height // 2] = True
    return segment_of, middle, upper


def _column_bodies(geo: AnalyserGeometry, width_px: int) -> tuple[Mask, Mask]:
    """Return per pixel column whether it lies in a column's body, and in its inset core."""
    body, core = np.zeros(width_px, dtype=bool), np.zeros(width_px, dtype=bool)
    for column in range(geo.columns):
        rect = geo.segment_rect(column, 0)
        left, width = rect.left(), rect.width()
        body[left : left + width] = True
        inset = 1 if width >= 4 else 0
        core[left + inset : left + width - inset] = True
    return body, core


def _colours(
    zones: Sequence[int], palette: Sequence[QColor], lighter: int
) -> tuple[FloatImage, FloatImage]:
    """Return per segment its colour and its core's colour, as float RGB rows."""
    body = np.array([rgb_of(palette[zone]) for zone in zones], dtype=np.float32)
    core = np.array([rgb_of(palette[zone].lighter(lighter)) for zone in zones], dtype=np.float32)
    return body.reshape(-1, 3), core.reshape(-1, 3)


def paint_segments(
    background: FloatImage, geo: AnalyserGeometry, zones: Sequence[int],
    palette: Sequence[QColor], core: tuple[int, bool] | None,
) -> FloatImage:  # fmt: skip
    """Return ``background`` with every segment filled in its zone's colour.

    ``core`` is (lighter, middle): the segments' hotter core, as a ``QColor.lighter`` factor,
    across their middle third or over their upper half; None for no core.
    """
    height_px, width_px = background.shape[:2]
    segment_of, middle, upper = _row_segments(geo, height_px)
    body_x, core_x = _column_bodies(geo, width_px)
    colour, core_colour = _colours(zones, palette, core[0] if core else 100)
    rows = segment_of >= 0
    mask = rows[:, None] & body_x[None, :]
    row_colour = colour[np.maximum(segment_of, 0)]
    out = np.where(mask[:, :, None], row_colour[:, None, :], background)
    if core is not None:
        core_y = (middle if core[1] else upper) & rows
        core_mask = core_y[:, None] & core_x[None, :]
        row_core = core_colour[np.maximum(segment_of, 0)]
        out = np.where(core_mask[:, :, None], row_core[:, None, :], out)
    return out.astype(np.float32)


def add_glow(
    image: FloatImage, lights: FloatImage, pitch_px: float, glow: Sequence[tuple[float, float]],
    factor: int,
) -> FloatImage:  # fmt: skip
    """Return ``image`` screened with ``lights`` blurred by each (reach in pitches, strength).

    The blur runs ``factor`` times smaller (the pixel ratio): a glow has no detail to lose.
    """
    small = shrink(lights, factor)
    total = np.zeros_like(small)
    for reach, strength in glow:
        total += box_blur(small, max(1, round(pitch_px * reach / factor))) * strength
    halo = grow(np.clip(total, 0.0, 1.0), factor, *image.shape[:2])
    screened: FloatImage = (1.0 - (1.0 - image) * (1.0 - halo)).astype(np.float32)
    return screened
