"""Display ballistics for spectrum bars: smoothing, peak hold and a gravity fall for the caps.

Everything is exact for levels that are constant between updates, so the bars and caps move
the same at any frame rate: the smoothing is a one-pole filter in dB evaluated in closed form
over ``dt_s``, the hold is a timer, and the fall is ``0.5 * g * t**2`` from where the cap was.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

ATTACK_S = 0.010
"""Time constant of a rising bar: it covers 63 % of a rise in 10 ms, 99 % in 46 ms."""
RELEASE_S = 0.300
"""Time constant of a falling bar: a calm fall that keeps the music's shape readable."""
PEAK_HOLD_S = 0.5
PEAK_GRAVITY_DB_PER_S2 = 200.0
"""The caps fall 25 dB in the first 0.5 s after the hold, 100 dB after 1 s."""


class BandBallistics:
    """Smoothed bar levels and falling peak caps for a row of analyser bands.

    Parameters
    ----------
    bands:
        Number of bands.
    attack_s, release_s:
        Time constants of the bars' rise and fall (0 follows the input at once).
    peak_hold_s:
        How long a cap stays put after the bar leaves it.
    peak_gravity_db_per_s2:
        Acceleration of a cap's fall once the hold ends.
    floor_db:
        The lowest level; bars and caps start and rest here.

    Attributes
    ----------
    levels_db : numpy.ndarray
        The bars, updated in place by ``update``.
    peaks_db : numpy.ndarray
        The caps, updated in place by ``update``; never below ``levels_db``.

    """

    def __init__(
        self,
        bands: int,
        attack_s: float = ATTACK_S,
        release_s: float = RELEASE_S,
        peak_hold_s: float = PEAK_HOLD_S,
        peak_gravity_db_per_s2: float = PEAK_GRAVITY_DB_PER_S2,
        floor_db: float = -120.0,
    ) -> None:
        if bands < 1:
            raise ValueError(f"bands must be at least 1, not {bands}")
        if min(attack_s, release_s, peak_hold_s, peak_gravity_db_per_s2) < 0:
            raise ValueError("ballistics times and gravity must not be negative")
        self.attack_s = attack_s
        self.release_s = release_s
        self.peak_hold_s = peak_hold_s
        self.peak_gravity_db_per_s2 = peak_gravity_db_per_s2
        self.floor_db = float(floor_db)
        self.levels_db: FloatArray = np.full(bands, self.floor_db)
        self.peaks_db: FloatArray = np.full(bands, self.floor_db)
        self._cap_top_db = np.full(bands, self.floor_db)  # where each cap was last pushed
        self._cap_age_s = np.zeros(bands)  # time since the bar last pushed each cap
        self._coefficient = np.zeros(bands)
        self._scratch = np.zeros(bands)
        self._not_falling = np.zeros(bands, dtype=bool)  # bars that rose or stayed
        self._touching = np.zeros(bands, dtype=bool)

    def reset(self) -> None:
        """Drop the bars and caps to the floor."""
        self.levels_db.fill(self.floor_db)
        self.peaks_db.fill(self.floor_db)
        self._cap_top_db.fill(self.floor_db)
        self._cap_age_s.fill(0.0)

    def update(self, levels_db: FloatArray, dt_s: float) -> None:
        """Advance the bars and caps by ``dt_s`` seconds towards ``levels_db``.

        ``levels_db`` is taken as the level held over the whole interval (the analyser's
        reading of the newest audio).
        """
        if dt_s < 0:
            raise ValueError(f"dt_s must not be negative, not {dt_s}")
        if levels_db.shape != self.levels_db.shape:
            raise ValueError(
                f"expected {self.levels_db.shape[0]} band levels, got shape {levels_db.shape}"
            )
        self._smooth(levels_db, dt_s)
        self._move_caps(dt_s)

    def _smooth(self, target_db: FloatArray, dt_s: float) -> None:
        attack = _decay(dt_s, self.attack_s)
        release = _decay(dt_s, self.release_s)
        np.greater_equal(target_db, self.levels_db, out=self._not_falling)
        self._coefficient.fill(release)
        np.copyto(self._coefficient, attack, where=self._not_falling)
        # level = target + (level - target) * exp(-dt / tau)
        np.subtract(self.levels_db, target_db, out=self._scratch)
        np.multiply(self._scratch, self._coefficient, out=self._scratch)
        np.add(target_db, self._scratch, out=self.levels_db)
        np.fmax(self.levels_db, self.floor_db, out=self.levels_db)

    def _move_caps(self, dt_s: float) -> None:
        age = self._cap_age_s
        np.add(age, dt_s, out=age)
        # Falling time so far: the age beyond the hold; the fall is 0.5 * g * t**2.
        np.subtract(age, self.peak_hold_s, out=self._scratch)
        np.maximum(self._scratch, 0.0, out=self._scratch)
        np.square(self._scratch, out=self._scratch)
        np.multiply(self._scratch, -0.5 * self.peak_gravity_db_per_s2, out=self._scratch)
        np.add(self._cap_top_db, self._scratch, out=self.peaks_db)
        # A cap never sinks below its bar: it rides on it. Where the bar pushes it (the bar
        # is not falling), the cap's hold starts again from there.
        touching = self._touching
        np.greater_equal(self.levels_db, self.peaks_db, out=touching)
        np.copyto(self.peaks_db, self.levels_db, where=touching)
        np.logical_and(touching, self._not_falling, out=touching)
        np.copyto(self._cap_top_db, self.levels_db, where=touching)
        np.copyto(age, 0.0, where=touching)
        np.fmax(self.peaks_db, self.floor_db, out=self.peaks_db)


def _decay(dt_s: float, tau_s: float) -> float:
    """Return ``exp(-dt / tau)``, with a zero time constant meaning an instant step."""
    if tau_s <= 0.0:
        return 0.0
    return math.exp(-dt_s / tau_s)
