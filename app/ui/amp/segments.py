"""The analyser's arithmetic: lit segments, the segment plan, columns and labels (pure, no Qt).

A column of ``segments`` stacked segments shows a level in dB between a floor and a top: the
segment ``i`` (0 at the bottom) covers ``floor + i*step`` to ``floor + (i+1)*step`` and lights
once the level rises above its lower edge, so any level above the floor lights at least one
segment and a level at the top lights them all.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

TARGET_PITCH_PX = 4.2  # a segment and its gap, in logical pixels: the look of a real display
MIN_PITCH_PX = 3.0
SEGMENT_DB_CHOICES = (1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0)
LABEL_STEPS_DB = (6.0, 10.0, 12.0, 20.0, 30.0, 40.0)
FREQUENCY_LABELS: tuple[tuple[float, str], ...] = (
    (31.5, "31"), (63.0, "63"), (125.0, "125"), (250.0, "250"), (500.0, "500"),
    (1000.0, "1k"), (2000.0, "2k"), (4000.0, "4k"), (8000.0, "8k"), (16000.0, "16k"),
)  # fmt: skip
ANCHOR_LABEL = "1k"  # kept whenever labels must be thinned out
THIRD_OCTAVE_CENTRES_HZ: tuple[float, ...] = (
    20.0, 25.0, 31.5, 40.0, 50.0, 63.0, 80.0, 100.0, 125.0, 160.0, 200.0, 250.0, 315.0, 400.0,
    500.0, 630.0, 800.0, 1000.0, 1250.0, 1600.0, 2000.0, 2500.0, 3150.0, 4000.0, 5000.0,
    6300.0, 8000.0, 10000.0, 12500.0, 16000.0, 20000.0,
)  # fmt: skip


def lit_segment_counts(
    levels_db: npt.ArrayLike, floor_db: float, top_db: float, segments: int
) -> npt.NDArray[np.int32]:
    """Return how many segments light for each level (0 at or below the floor, all at the top).

    NaN reads as silence; levels above the top light every segment.
    """
    levels = np.asarray(levels_db, dtype=np.float64)
    step_db = (top_db - floor_db) / segments
    with np.errstate(invalid="ignore"):
        raw = np.ceil((levels - floor_db) / step_db - 1e-9)
    raw = np.nan_to_num(raw, nan=0.0, posinf=float(segments), neginf=0.0)
    return np.clip(raw, 0, segments).astype(np.int32)


def lit_segment_count(level_db: float, floor_db: float, top_db: float, segments: int) -> int:
    """Return how many segments light for one level (see :func:`lit_segment_counts`)."""
    return int(lit_segment_counts(np.array([level_db]), floor_db, top_db, segments)[0])


@dataclass(frozen=True)
class SegmentPlan:
    """How a column is divided: the segment count, dB per segment, and the dB-scale step."""

    segments: int
    segment_db: float
    label_step_db: float


def segment_plan(floor_db: float, top_db: float, height_px: float, label_px: float) -> SegmentPlan:
    """Return the plan for columns ``height_px`` tall showing ``floor_db`` to ``top_db``.

    Segments come in a round number of dB when the range allows (3 dB for 60 dB at most
    sizes), with a pitch near :data:`TARGET_PITCH_PX`; the dB scale is labelled at a round
    step that lands on segment edges and leaves room for figures ``label_px`` tall.
    """
    range_db = top_db - floor_db
    if not range_db > 0:
        raise ValueError(
            f"The analyser's top ({top_db} dB) must lie above its floor ({floor_db} dB)"
        )
    counts = [
        round(range_db / step)
        for step in SEGMENT_DB_CHOICES
        if abs(range_db / step - round(range_db / step)) < 1e-6
    ]
    fitting = [count for count in counts if height_px / count >= MIN_PITCH_PX]
    if fitting:
        segments = min(fitting, key=lambda count: abs(height_px / count - TARGET_PITCH_PX))
    else:
        segments = max(4, min(40, math.floor(height_px / TARGET_PITCH_PX)))
    segment_db = range_db / segments
    px_per_db = height_px / range_db
    aligned = [s for s in LABEL_STEPS_DB if abs(s / segment_db - round(s / segment_db)) < 1e-6]
    roomy = [s for s in aligned or list(LABEL_STEPS_DB) if s * px_per_db >= label_px * 1.6]
    return SegmentPlan(segments, segment_db, min(roomy) if roomy else range_db)


def scale_values(floor_db: float, top_db: float, step_db: float) -> list[float]:
    """Return the dB-scale figures from the top down to the floor, ``step_db`` apart."""
    count = math.floor((top_db - floor_db) / step_db + 1e-6)
    return [top_db - index * step_db for index in range(count + 1)]


def db_text(value_db: float) -> str:
    """Return a dB-scale figure as printed: a true minus sign, no decimals when whole."""
    text = f"{abs(value_db):g}"
    return text if value_db >= 0 or text == "0" else "\u2212" + text


def column_group(band_count: int, columns_fit: int) -> int:
    """Return how many neighbouring bands share a column when all of them cannot fit."""
    return max(1, math.ceil(band_count / max(1, columns_fit)))


def grouped_max(counts: npt.NDArray[np.int32], group: int) -> npt.NDArray[np.int32]:
    """Return the largest count of each run of ``group`` bands (what a shared column shows)."""
    if group <= 1 or counts.size == 0:
        return counts
    return np.maximum.reduceat(counts, np.arange(0, counts.size, group)).astype(np.int32)


def frequency_labels(centres_hz: Sequence[float]) -> list[tuple[int, str]]:
    """Return (band index, text) for each standard label with a band within 1/6 octave of it."""
    if not centres_hz:
        return []
    octaves = np.log2(np.maximum(np.asarray(centres_hz, dtype=np.float64), 1e-3))
    found: list[tuple[int, str]] = []
    for frequency_hz, text in FREQUENCY_LABELS:
        distance = np.abs(octaves - math.log2(frequency_hz))
        index = int(np.argmin(distance))
        if distance[index] <= 1 / 6 + 1e-6 and all(index != used for used, _ in found):
            found.append((index, text))
    return found


def thin_labels(
    centres_px: Sequence[float], widths_px: Sequence[float], gap_px: float, anchor: int
) -> list[int]:
    """Return which labels to print: every one, else every 2nd, 3rd... keeping ``anchor``.

    Labels are centred at ``centres_px`` (left to right) and ``widths_px`` wide; printed
    neighbours keep at least ``gap_px`` apart.
    """
    count = len(centres_px)
    for stride in range(1, count + 1):
        kept = list(range(anchor % stride, count, stride))
        if all(
            centres_px[b] - widths_px[b] / 2 - (centres_px[a] + widths_px[a] / 2) >= gap_px
            for a, b in itertools.pairwise(kept)
        ):
            return kept
    return [anchor] if count else []
