"""Where the analyser's columns, segments and labels fall, in device pixels.

Columns and segments are placed on whole device pixels, so every segment is crisp at any
devicePixelRatio. :class:`AnalyserGeometry` also keeps, as frames first need them, the
rectangles a frame copies out of the "all lit" layer: a column's lit stack for a count, and a
single segment for a peak cap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QFontMetricsF

from app.ui.amp.segments import SegmentPlan, column_group, db_text, segment_plan
from app.ui.theme import Theme

MIN_COLUMN_PITCH_PX = 2.0  # logical pixels: below this, neighbouring bands share a column
WHOLE_PITCH_BELOW_PX = 7.0  # device pixels: thinner columns all get the same whole pitch
Blit = tuple[QRectF, QRectF]  # (target in logical pixels, source in the layer's pixels)


@dataclass(frozen=True)
class AnalyserGeometry:
    """The analyser's layout for one size, pixel ratio, band count and dB range."""

    width: int
    height: int
    dpr: float
    floor_db: float
    top_db: float
    plan: SegmentPlan
    group: int
    x_edges: tuple[int, ...]
    y_edges: tuple[int, ...]
    gap_x: int
    gap_y: int
    label_px: float
    scale_px: float
    gutter: float
    strip_top: float
    _stacks: list[list[Blit | None]] = field(repr=False, compare=False)
    _cells: list[list[Blit | None]] = field(repr=False, compare=False)

    @property
    def columns(self) -> int:
        """How many columns are drawn."""
        return len(self.x_edges) - 1

    @property
    def segments(self) -> int:
        """How many segments each column stacks."""
        return self.plan.segments

    def segment_rect(self, column: int, segment: int) -> QRect:
        """Return the lit body of ``segment`` (0 at the bottom) of ``column``, device pixels."""
        left = self.x_edges[column] + self.gap_x // 2
        right = self.x_edges[column + 1] - (self.gap_x - self.gap_x // 2)
        top = self.y_edges[segment + 1] + self.gap_y // 2
        bottom = self.y_edges[segment] - (self.gap_y - self.gap_y // 2)
        return QRect(left, top, max(1, right - left), max(1, bottom - top))

    def stack(self, column: int, count: int) -> Blit:
        """Return the blit of ``column``'s lowest ``count`` segments, with their gaps."""
        blit = self._stacks[column][count]
        if blit is None:
            left, top = self.x_edges[column], self.y_edges[count]
            width = self.x_edges[column + 1] - left
            blit = self._stacks[column][count] = _blit(
                left, top, width, self.y_edges[0] - top, self.dpr
            )
        return blit

    def cell(self, column: int, segment: int) -> Blit:
        """Return the blit of one segment of ``column`` (a peak cap), with its gaps."""
        blit = self._cells[column][segment]
        if blit is None:
            left, top = self.x_edges[column], self.y_edges[segment + 1]
            width, height = self.x_edges[column + 1] - left, self.y_edges[segment] - top
            blit = self._cells[column][segment] = _blit(left, top, width, height, self.dpr)
        return blit

    def column_centre(self, column: int) -> float:
        """Return the centre of ``column`` in logical pixels."""
        return (self.x_edges[column] + self.x_edges[column + 1]) / 2 / self.dpr

    def y_of_db(self, level_db: float) -> float:
        """Return the height of ``level_db`` on the columns, in logical pixels."""
        share = (level_db - self.floor_db) / (self.top_db - self.floor_db)
        return (self.y_edges[0] - share * (self.y_edges[0] - self.y_edges[-1])) / self.dpr


def _blit(left: int, top: int, width: int, height: int, dpr: float) -> Blit:
    source = QRectF(left, top, width, height)
    return QRectF(left / dpr, top / dpr, width / dpr, height / dpr), source


def analyser_geometry(
    theme: Theme, width: int, height: int, dpr: float, band_count: int, floor_db: float,
    top_db: float,
) -> AnalyserGeometry:  # fmt: skip
    """Return the layout of an analyser ``width`` x ``height`` showing ``band_count`` bands."""
    label_px = max(6.5, min(12.0, height * 0.1))
    scale_px = label_px * 0.9
    pad = max(2.5, height * 0.05)
    figures = QFontMetricsF(theme.caption_font(scale_px))
    gutter = figures.horizontalAdvance(db_text(floor_db)) + pad * 1.9
    strip = label_px * 1.25 + pad * 0.4
    left, right = gutter, width - pad * 1.4
    top, bottom = pad + scale_px * 0.5, height - strip - pad * 0.5
    area_h = max(4.0, bottom - top)
    plan = segment_plan(floor_db, top_db, area_h, scale_px)
    count = max(1, band_count)
    group = column_group(count, math.floor(max(2.0, right - left) / MIN_COLUMN_PITCH_PX))
    columns = math.ceil(count / group)
    x0, x1 = round(left * dpr), max(round(left * dpr) + columns, round(right * dpr))
    pitch_x = (x1 - x0) / columns
    if pitch_x < WHOLE_PITCH_BELOW_PX:  # thin columns: one pitch for all, or they shimmer
        pitch_x = float(math.floor(pitch_x))
        x0 += round((x1 - x0 - pitch_x * columns) / 2)
    y_top, y_bottom = round(top * dpr), max(round(top * dpr) + plan.segments, round(bottom * dpr))
    pitch_y = (y_bottom - y_top) / plan.segments
    x_edges = tuple(x0 + round(index * pitch_x) for index in range(columns + 1))
    y_edges = tuple(y_bottom - round(index * pitch_y) for index in range(plan.segments + 1))
    return AnalyserGeometry(
        width=width, height=height, dpr=dpr, floor_db=floor_db, top_db=top_db, plan=plan,
        group=group, x_edges=x_edges, y_edges=y_edges,
        gap_x=max(1, round(pitch_x * 0.26)) if pitch_x >= 2 else 0,
        gap_y=max(1, round(pitch_y * 0.3)),
        label_px=label_px, scale_px=scale_px, gutter=gutter, strip_top=height - strip,
        _stacks=[[None] * (plan.segments + 1) for _ in range(columns)],
        _cells=[[None] * plan.segments for _ in range(columns)],
    )  # fmt: skip
