"""The moving parts of the vinyl character: the platter's turns, wow, flutter and warp.

The record's speed faults become one delay curve in frames. Reading the music through a delay
whose length changes makes the pitch move, as a record turning unevenly does: where the delay
grows the music plays slow, where it shrinks it plays fast (:mod:`app.audio.vinyl_delay` reads
it). Every part is a function of absolute time or of the platter's turns, evaluated on a fixed
grid of frames and interpolated between, so a stream cut into blocks of any size gets the very
same curve.

Depths are pitch deviations at 33 1/3 rpm with the effect at full amount; the delay amplitude is
fixed in frames, so a faster platter swings the pitch a little more, as a 78 does.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]

NOMINAL_PLATTER_HZ = 100.0 / 3.0 / 60.0  # 33 1/3 rpm: one turn in 1.8 s
GRID_FRAMES = 16  # the delay curve is evaluated every 16 frames and interpolated

# Peak pitch deviations at full amount (fractions of the speed).
WOW_NEW = 0.0008  # an off-centre hole: once per turn
WOW_AGED = 0.0007  # added on a well-worn, off-centre pressing
WARP = 0.0012  # the steepest slope of a warp's bump, at full warp
DRIFT_EACH = 0.00012  # three slow wanders of the motor and belt, 0.07-0.25 Hz
FLUTTER_EACH = 0.00012  # two of bearing and drive, 6-12 Hz (one as a beating pair)
WARP_WIDTH_TURNS = 0.055  # the bump's standard deviation, as a fraction of a turn
WARP_LEVEL_DIP = 0.06  # level lost at the crest of a full warp (about 0.5 dB)


def warp_strength(ages: Floats) -> Floats:
    """Return how warped the record is for ``ages`` 0..1: a new pressing is a little warped."""
    return 0.25 + 0.75 * ages


class Slew:
    """A value that moves in a straight line toward its target at a fixed rate per frame.

    The line is a closed form of absolute frame time, so reading it in blocks of any size
    gives the same values.
    """

    def __init__(self, per_frame: float, value: float = 0.0) -> None:
        self.per_frame = per_frame
        self.target = value
        self._start_value = value
        self._start_frame = 0

    def retarget(self, target: float, frame: int) -> None:
        """Head for ``target`` from where the line is at ``frame``."""
        if target != self.target:
            self._start_value = self.value_at(frame)
            self._start_frame = frame
            self.target = target

    def settled_at(self, frame: int) -> bool:
        """Return whether the value has reached its target by ``frame``."""
        return self.value_at(frame) == self.target

    def value_at(self, frame: float) -> float:
        """Return the value at absolute ``frame``."""
        gap = self.target - self._start_value
        travel = max(0.0, frame - self._start_frame) * self.per_frame
        if travel >= abs(gap):
            return self.target
        return self._start_value + math.copysign(travel, gap)

    def values(self, frames: Floats) -> Floats:
        """Return the values at the absolute times ``frames``."""
        gap = self.target - self._start_value
        if gap == 0.0:
            return np.full(len(frames), self.target)
        travel = np.maximum(frames - self._start_frame, 0.0) * self.per_frame
        moving = self._start_value + np.copysign(travel, gap)
        return np.where(travel >= abs(gap), self.target, moving)


class PlatterTurns:
    """How many turns the platter has made, as a function of frame time.

    The speed changes only between blocks; the count is rebased then, so at a steady speed
    it is one straight line of absolute time.
    """

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self.platter_hz = 0.0
        self._ref_frame = 0
        self._ref_turns = 0.0

    def set_speed(self, platter_hz: float, frame: int) -> None:
        """From ``frame`` on, turn at ``platter_hz`` turns per second."""
        if platter_hz != self.platter_hz:
            turns = self.turn_at(frame)
            self._ref_turns = turns - math.floor(turns)
            self._ref_frame = frame
            self.platter_hz = platter_hz

    def turn_at(self, frame: float) -> float:
        """Return the turns made by absolute ``frame``."""
        return self._ref_turns + (frame - self._ref_frame) * (self.platter_hz / self.sample_rate)

    def turns_at(self, frames: Floats) -> Floats:
        """Return the turns made by each of the absolute ``frames``."""
        return self._ref_turns + (frames - self._ref_frame) * (self.platter_hz / self.sample_rate)

    def frame_of(self, turns: float) -> float:
        """Return the (fractional) absolute frame at which the count reaches ``turns``.

        Only while the platter turns (``platter_hz > 0``).
        """
        return self._ref_frame + (turns - self._ref_turns) * (self.sample_rate / self.platter_hz)


class SpeedFaults:
    """Wow, warp, drift and flutter of one record on one deck, as a delay and a level.

    At amount ``g`` and age ``a`` the delay is ``latency + g * (depth + base(t) + a * aged(t))``
    frames, never below ``latency`` nor above ``latency + 2 * g * depth``
    (:attr:`depth_frames`); the level dips at the warp's crest.
    """

    def __init__(self, sample_rate: int, rng: np.random.Generator) -> None:
        # Delay amplitude for a sinusoid of peak pitch deviation p at f Hz: p * rate / (2 pi f).
        per_dev = sample_rate / (2.0 * math.pi)
        wow_new = WOW_NEW * per_dev / NOMINAL_PLATTER_HZ
        wow_aged = WOW_AGED * per_dev / NOMINAL_PLATTER_HZ
        # A Gaussian bump's steepest slope is 1 / (sigma * sqrt(e)) per radian.
        sigma_rad = 2.0 * math.pi * WARP_WIDTH_TURNS
        warp = WARP * per_dev * sigma_rad * math.sqrt(math.e) / NOMINAL_PLATTER_HZ
        self._warp_at = float(rng.uniform(0.0, 1.0))
        turn = np.linspace(0.0, 1.0, 4097)
        self._warp_turn = turn
        self._warp_table = _warp_bump(turn)
        warp_mean = float(self._warp_table[:-1].mean())
        # Drift: three slow wanders; flutter: two close frequencies that beat, and a third.
        drift_hz = rng.uniform(0.07, 0.25, 3)
        flutter_hz = rng.uniform(6.0, 9.0, 1)
        flutter_hz = np.concatenate([flutter_hz, flutter_hz * 1.09, rng.uniform(9.0, 12.0, 1)])
        hz = np.concatenate([drift_hz, flutter_hz])
        self._omegas = 2.0 * math.pi * hz / sample_rate
        self._phases = rng.uniform(0.0, 2.0 * math.pi, 1 + len(hz))  # wow first
        each = np.concatenate([np.full(3, DRIFT_EACH), np.full(3, FLUTTER_EACH * 2.0 / 3.0)])
        # Columns: wow, then the waves; rows of the result: (base, aged).
        self._mix = np.zeros((1 + len(hz), 2))
        self._mix[0] = (wow_new, wow_aged)
        self._mix[1:, 0] = each * per_dev / hz
        self._warp_delay = (0.25 * warp, 0.75 * warp)
        self._warp_mean = warp_mean
        self._cols = np.zeros((0, 1 + len(hz)))
        worst_warp = max(warp_mean, float(self._warp_table.max()) - warp_mean)
        self.depth_frames = float(np.abs(self._mix).sum() + warp * worst_warp)

    def warp(self, turns: Floats) -> Floats:
        """Return the warp's height (about 0..1) at ``turns``."""
        where = (turns - self._warp_at) % 1.0
        bump: Floats = np.interp(where, self._warp_turn, self._warp_table)
        return bump

    def delay_and_level(
        self, frames: Floats, turns: Floats, amounts: Floats, ages: Floats, latency: float
    ) -> tuple[Floats, Floats]:
        """Return the delay (frames) and the level at absolute ``frames``, platter ``turns``."""
        g = len(frames)
        if len(self._cols) < g:
            self._cols = np.zeros((g, len(self._phases)))
        cols = self._cols[:g]
        np.multiply(turns, 2.0 * math.pi, out=cols[:, 0])
        np.multiply.outer(frames, self._omegas, out=cols[:, 1:])
        cols += self._phases
        np.sin(cols, out=cols)
        waves = cols @ self._mix
        bump = self.warp(turns)
        centred = bump - self._warp_mean
        base = waves[:, 0] + self._warp_delay[0] * centred
        aged = waves[:, 1] + self._warp_delay[1] * centred
        delay = latency + amounts * (self.depth_frames + base + ages * aged)
        level = 1.0 - (WARP_LEVEL_DIP * amounts) * warp_strength(ages) * bump
        return delay, level


def _warp_bump(turn: Floats) -> Floats:
    """Return a warp's height over one turn: a bump, and a smaller one nearly opposite."""
    near = (turn + 0.5) % 1.0 - 0.5
    opposite = (turn + 0.05) % 1.0 - 0.5
    k = -0.5 / (WARP_WIDTH_TURNS * WARP_WIDTH_TURNS)
    bump: Floats = np.exp(k * near * near) + 0.5 * np.exp(k * opposite * opposite)
    return bump
