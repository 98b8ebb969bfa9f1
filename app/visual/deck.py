"""The turntable's geometry and motion, in millimetres, degrees and seconds (Qt-free).

Figures from ``shared/docs/reference.md`` section 2: a 12-inch LP carries music from a radius
of 146 mm in to 60 mm, a 7-inch single from 84 mm to 54 mm; the groove's radius falls
linearly with time at constant pitch and speed; tracks are parted by about 1 mm of
wide-pitch groove. The tonearm is an SL-1200-like arm: effective length 230 mm, overhang
15 mm (pivot 215 mm from the spindle), headshell offset 22 degrees.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.record import RecordSize

ARM_LENGTH_MM = 230.0
OVERHANG_MM = 15.0
PIVOT_TO_SPINDLE_MM = ARM_LENGTH_MM - OVERHANG_MM
OFFSET_ANGLE_DEG = 22.0
GAP_MM = 1.0
RPM_CHOICES = (100.0 / 3.0, 45.0, 78.0)
PITCH_RANGES = (0.08, 0.16)


@dataclass(frozen=True, slots=True)
class DiscGeometry:
    """Where the music sits on a disc."""

    outer_radius_mm: float
    music_start_mm: float
    music_end_mm: float
    label_radius_mm: float
    lock_groove_mm: float
    hole_radius_mm: float


LP = DiscGeometry(150.75, 146.0, 60.0, 50.5, 53.0, 3.6)
SINGLE = DiscGeometry(87.5, 84.0, 54.0, 45.0, 50.0, 19.1)


def geometry_of(size: RecordSize) -> DiscGeometry:
    """Return the disc a record is pressed on."""
    return LP if size is RecordSize.LP_12_INCH else SINGLE


def degrees_per_second(rpm: float, pitch: float = 0.0) -> float:
    """Return the platter's speed: 33 1/3 rpm is 200 degrees a second; pitch 0.08 is +8 %."""
    return rpm * 6.0 * (1.0 + pitch)


def platter_angle_deg(turns_s: float, rpm: float, pitch: float = 0.0) -> float:
    """Return the platter's angle after ``turns_s`` seconds at full speed, in [0, 360)."""
    return (degrees_per_second(rpm, pitch) * turns_s) % 360.0


@dataclass(frozen=True, slots=True)
class Band:
    """One track's stretch of groove: from ``outer_mm`` in to ``inner_mm``."""

    outer_mm: float
    inner_mm: float
    duration_s: float


@dataclass(frozen=True, slots=True)
class GroovePlace:
    """A spot on the groove: which track and how far into it."""

    track: int
    position_s: float


class SideLayout:
    """The bands of a side's tracks, with the gaps between them, from the edge inwards.

    The gaps take :data:`GAP_MM` each; the music shares the rest of the span in proportion
    to time, so the groove's radius falls linearly within each track.
    """

    def __init__(self, durations_s: Sequence[float], disc: DiscGeometry = LP) -> None:
        self.disc = disc
        durations = [max(0.0, d) for d in durations_s]
        total = sum(durations)
        gaps = GAP_MM * max(0, len(durations) - 1)
        span = disc.music_start_mm - disc.music_end_mm
        gaps = min(gaps, span / 2)  # a side of many tiny tracks keeps half its span for music
        gap = gaps / max(1, len(durations) - 1)
        per_second = (span - gaps) / total if total > 0 else 0.0
        bands, radius = [], disc.music_start_mm
        for index, duration in enumerate(durations):
            inner = radius - duration * per_second
            bands.append(Band(radius, inner, duration))
            radius = inner - (gap if index < len(durations) - 1 else 0.0)
        self.bands: tuple[Band, ...] = tuple(bands)
        self._outers = [-band.outer_mm for band in bands]

    def radius_at(self, track: int, position_s: float) -> float:
        """Return the groove radius under the stylus at ``position_s`` into ``track``."""
        band = self.bands[track]
        if band.duration_s <= 0:
            return band.outer_mm
        share = min(1.0, max(0.0, position_s / band.duration_s))
        return band.outer_mm - share * (band.outer_mm - band.inner_mm)

    def place_at(self, radius_mm: float) -> GroovePlace | None:
        """Return the track and time at a radius, or None outside the music.

        A radius in a gap between tracks drops the needle at the start of the next track, as
        the stylus runs down the wide-pitch groove into it.
        """
        if not self.bands or radius_mm > self.disc.music_start_mm:
            return None
        index = bisect_right(self._outers, -radius_mm) - 1
        if index < 0:
            return GroovePlace(0, 0.0)
        band = self.bands[index]
        if radius_mm < band.inner_mm:
            if index + 1 < len(self.bands):
                return GroovePlace(index + 1, 0.0)
            return None  # run-out groove
        width = band.outer_mm - band.inner_mm
        share = (band.outer_mm - radius_mm) / width if width > 0 else 0.0
        return GroovePlace(index, share * band.duration_s)


def arm_swing_deg(radius_mm: float) -> float:
    """Return the arm's angle from the pivot-spindle line with the stylus at ``radius_mm``.

    ``cos(a) = (L^2 + d^2 - r^2) / (2 L d)``: 38.1 degrees at the LP's edge of music (146 mm),
    15.0 at its end (60 mm).
    """
    cosine = (ARM_LENGTH_MM**2 + PIVOT_TO_SPINDLE_MM**2 - radius_mm**2) / (
        2 * ARM_LENGTH_MM * PIVOT_TO_SPINDLE_MM
    )
    return math.degrees(math.acos(min(1.0, max(-1.0, cosine))))


def tracking_error_deg(radius_mm: float) -> float:
    """Return the angle between the cartridge and the groove's tangent at ``radius_mm``.

    Zero at the two null points of this geometry, 58.8 and 113.5 mm.
    """
    cosine = (ARM_LENGTH_MM**2 + radius_mm**2 - PIVOT_TO_SPINDLE_MM**2) / (
        2 * ARM_LENGTH_MM * radius_mm
    )
    arm_to_radius = math.degrees(math.acos(min(1.0, max(-1.0, cosine))))
    return arm_to_radius + OFFSET_ANGLE_DEG - 90.0


def radius_for_swing(swing_deg: float) -> float:
    """Return the stylus radius for an arm swing (the inverse of :func:`arm_swing_deg`)."""
    angle = math.radians(swing_deg)
    squared = (
        ARM_LENGTH_MM**2
        + PIVOT_TO_SPINDLE_MM**2
        - 2 * ARM_LENGTH_MM * PIVOT_TO_SPINDLE_MM * math.cos(angle)
    )
    return math.sqrt(max(0.0, squared))


def strobe_dots(rpm: float, mains_hz: float) -> int:
    """Return the dots of a strobe ring that stands still at ``rpm`` under mains lamps.

    Lamps flash at twice the mains frequency: ``N = 2 f 60 / rpm`` (50 Hz: 180 dots at
    33 1/3, 133 at 45; 60 Hz: 216 and 160).
    """
    return round(2 * mains_hz * 60 / rpm)


def strobe_drift_deg_per_s(rpm: float, pitch: float, mains_hz: float, dots: int) -> float:
    """Return how fast a ring of ``dots`` seems to turn under the lamps (0 when frozen).

    Positive means the dots drift with the rotation: the platter runs fast.
    """
    flashes_per_s = 2 * mains_hz
    turn_per_flash = rpm * (1.0 + pitch) / 60.0 / flashes_per_s
    spacing = 1.0 / dots
    shift = turn_per_flash - round(turn_per_flash / spacing) * spacing
    return shift * flashes_per_s * 360.0
