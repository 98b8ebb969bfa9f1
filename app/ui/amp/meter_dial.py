"""Where the meters' needles point, and the marks printed on their dials (pure, no Qt).

Both dials sweep the same arc, :data:`ANGLE_MIN_DEG` (the left pin, where the needle rests in
silence) to :data:`ANGLE_MAX_DEG` (the right pin), measured from straight up, clockwise
positive. The two scales differ in how a level moves the needle:

- **VU**: the movement is a rectifying voltmeter, so deflection is proportional to voltage:
  +3 VU is full scale, 0 VU sits at 10^(-3/20) = 70.8 % of the sweep, -20 VU at 7.1 %.
- **PPM** (BBC): the scale is even in marks, 1 to 7, with mark 4 (alignment) straight up; the
  pins sit half a mark beyond marks 1 and 7.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.visual.meter_scale import (
    PPM_MARKS,
    VU_MAX,
    VU_MIN,
    MeterMode,
    ppm_mark_of_dbfs,
    vu_of_dbfs,
)

ANGLE_MIN_DEG = -48.0
ANGLE_MAX_DEG = 48.0
SWEEP_DEG = ANGLE_MAX_DEG - ANGLE_MIN_DEG
PPM_PIN_LOW_MARK = 0.5
PPM_PIN_HIGH_MARK = 7.5


@dataclass(frozen=True)
class DialMark:
    """One mark on a dial: where it sits (0-1 of the sweep), its figure, and how it is drawn."""

    fraction: float
    label: str
    major: bool
    red: bool = False


def vu_fraction(vu: float) -> float:
    """Return where ``vu`` sits on the VU dial's sweep, clamped to the pins (0-1)."""
    if math.isnan(vu):
        return 0.0
    if vu >= VU_MAX:
        return 1.0
    return max(0.0, math.pow(10.0, (vu - VU_MAX) / 20.0))


def ppm_fraction(mark: float) -> float:
    """Return where PPM ``mark`` sits on the PPM dial's sweep, clamped to the pins (0-1)."""
    if math.isnan(mark):
        return 0.0
    share = (mark - PPM_PIN_LOW_MARK) / (PPM_PIN_HIGH_MARK - PPM_PIN_LOW_MARK)
    return min(1.0, max(0.0, share))


def dial_fraction(level_dbfs: float, mode: MeterMode) -> float:
    """Return where a level in dBFS puts the needle: 0 on the left pin, 1 on the right pin."""
    if math.isnan(level_dbfs):
        return 0.0
    if mode is MeterMode.VU:
        return vu_fraction(vu_of_dbfs(level_dbfs))
    if math.isinf(level_dbfs):
        return 1.0 if level_dbfs > 0 else 0.0
    return ppm_fraction(ppm_mark_of_dbfs(level_dbfs))


def angle_of_fraction(fraction: float) -> float:
    """Return the needle's angle from straight up (degrees, clockwise) at ``fraction``."""
    return ANGLE_MIN_DEG + SWEEP_DEG * min(1.0, max(0.0, fraction))


def needle_angle_deg(level_dbfs: float, mode: MeterMode) -> float:
    """Return the needle's angle from straight up for a level in dBFS (silence: the left pin).

    Levels beyond either end of the dial clamp to its pins.
    """
    return angle_of_fraction(dial_fraction(level_dbfs, mode))


def vu_marks() -> tuple[DialMark, ...]:
    """Return the VU dial's marks: figures -20 to +3 (red from 0 up) and the minor ticks."""
    majors = (-20, -10, -7, -5, -3, -2, -1, 0, 1, 2, 3)
    minors = (-15, -6, -4, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5)
    marks = [DialMark(vu_fraction(v), str(abs(v)), True, v > 0) for v in majors]
    marks += [DialMark(vu_fraction(v), "", False, v > 0) for v in minors]
    return tuple(sorted(marks, key=lambda mark: mark.fraction))


def vu_percent_marks() -> tuple[DialMark, ...]:
    """Return the VU dial's lower scale: percent of the 0 VU (100 %) voltage."""
    reference = vu_fraction(0.0)
    return tuple(
        DialMark(reference * percent / 100.0, str(percent), percent % 20 == 0)
        for percent in range(0, 101, 10)
    )


def ppm_marks() -> tuple[DialMark, ...]:
    """Return the BBC PPM's marks 1 to 7 (the BBC dial has no ticks between them)."""
    return tuple(DialMark(ppm_fraction(float(mark)), str(mark), True) for mark in PPM_MARKS)


def red_zone_fractions() -> tuple[float, float]:
    """Return where the VU dial's red zone (0 to +3 VU) starts and ends on the sweep."""
    return vu_fraction(0.0), vu_fraction(VU_MAX)


def scale_start_fraction(mode: MeterMode) -> float:
    """Return where the printed scale arc begins (-20 VU, or PPM mark 1)."""
    return vu_fraction(VU_MIN) if mode is MeterMode.VU else ppm_fraction(1.0)
