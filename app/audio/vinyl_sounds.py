"""The vinyl character's sound library, made once from a seed when the effect is built.

Clicks are dust: a tiny, smooth, DC-free spike (the stylus knocked sideways) ringing briefly in
the cartridge's high resonances, 2.5 ms long. Pops are scratches: a bigger knock ringing low,
12 ms. Hiss is band-limited, gently pink noise with a trace of rumble, stored as two loops of
co-prime lengths whose sum repeats only after hours. A needle drop is a low thump of the arm
landing with a burst of crackle from the lead-in groove. The lock groove's tick is a soft knock
that the stylus meets once per turn, among a few specks of dust met every turn as well.

Levels here are peaks at full amount; the effect scales them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Shapes = npt.NDArray[np.float32]
Floats = npt.NDArray[np.float64]

CLICK_S = 0.0025
POP_S = 0.012
TICK_S = 0.010
NEEDLE_DROP_S = 0.45
HISS_LOOPS_S = (2.71, 3.93)
_CLICK_VARIANTS = 24
_POP_VARIANTS = 6
_NEEDLE_DROP_VARIANTS = 3


def db(level_db: float) -> float:
    """Return the amplitude factor of ``level_db`` decibels."""
    return float(10.0 ** (level_db / 20.0))


def dbs(levels_db: Floats) -> Floats:
    """Return the amplitude factors of an array of decibel levels."""
    return np.asarray(10.0 ** (levels_db / 20.0), dtype=np.float64)


def click_levels(age: float, u: Floats) -> Floats:
    """Return click peaks for uniform draws ``u``: mostly faint, a few loud, louder with age."""
    return dbs(-52.0 + 6.0 * age + 26.0 * u**2.5)


def pop_levels(age: float, u: Floats) -> Floats:
    """Return pop peaks for uniform draws ``u``."""
    return dbs(-34.0 + 6.0 * age + 14.0 * u**1.5)


def click_rate_hz(age: float) -> float:
    """Return dust clicks per second: a few on a new record, hundreds on a worn one."""
    return float(1.5 * 150.0**age)


def pop_rate_hz(age: float) -> float:
    """Return scratch pops per second."""
    return 0.03 + 0.8 * age * age


def hiss_level(age: float) -> float:
    """Return the hiss's RMS level at full amount: -56 dBFS new, -48 dBFS worn."""
    return db(-56.0 + 8.0 * age)


def stereo_gains(u: Floats) -> Floats:
    """Return (left, right) gains, shape (k, 2), for uniform draws ``u``.

    A speck of dust sits on one groove wall more than the other, so most clicks lean well
    to one side; constant power.
    """
    side = np.where(u < 0.5, -1.0, 1.0)
    lean = np.abs(2.0 * u - 1.0) ** 0.6
    angle = (math.pi / 4.0) * (1.0 + side * (0.15 + 0.8 * lean))
    return np.stack([np.cos(angle), np.sin(angle)], axis=1)


def for_channels(gains: Floats, channels: int) -> Floats:
    """Map (k, 2) stereo gains onto ``channels``: mono sums at constant power, more alternate."""
    if channels == 1:
        return np.asarray(gains.sum(axis=1, keepdims=True) * math.sqrt(0.5))
    return np.asarray(gains[:, [c % 2 for c in range(channels)]])


@dataclass(frozen=True)
class LockPattern:
    """What the stylus meets once per turn in the lock groove: where, what, how loud."""

    turns: Floats  # position along the turn, 0..1
    shapes: Shapes  # (k, length)
    levels: Floats  # peak at full amount
    gains: Floats  # (k, 2) stereo gains


class SoundBank:
    """Every recorded-in-advance sound the effect plays, made from ``rng``."""

    def __init__(self, sample_rate: int, rng: np.random.Generator) -> None:
        self.sample_rate = sample_rate
        self.clicks = _stack(rng, sample_rate, _CLICK_VARIANTS, _click)
        self.pops = _stack(rng, sample_rate, _POP_VARIANTS, _pop)
        lengths = loop_lengths(sample_rate)
        self.hiss_loops = [_hiss(rng, sample_rate, n) for n in lengths]
        self.needle_drops = [self._needle_drop(rng) for _ in range(_NEEDLE_DROP_VARIANTS)]
        self.lock = self._lock_pattern(rng)

    def _needle_drop(self, rng: np.random.Generator) -> Shapes:
        """Make a thump of the arm landing, a knock of the stylus and a dying burst of crackle."""
        fs = self.sample_rate
        n = round(NEEDLE_DROP_S * fs)
        t = np.arange(n) / fs
        landing = rng.uniform(38.0, 52.0)
        body = np.sin(2 * math.pi * landing * t) * np.exp(-t / 0.07)
        body += 0.45 * np.sin(2 * math.pi * rng.uniform(95.0, 140.0) * t) * np.exp(-t / 0.02)
        body *= 1.0 - np.exp(-t / 0.002)
        out = np.zeros((n, 2))
        # The landing is mostly vertical, which a stereo cartridge hears partly out of phase.
        out += (db(-16.0) / np.abs(body).max() * body)[:, None] * np.array([1.0, 0.55])
        knock = self.pops[rng.integers(len(self.pops))].astype(np.float64) * db(-20.0)
        out[: len(knock)] += knock[:, None] * np.array([0.8, 1.0])
        count = rng.poisson(600.0 * 0.1)
        starts = np.minimum((rng.exponential(0.1, count) * fs).astype(int), n - 1)
        levels = dbs(-44.0 + 22.0 * rng.random(count) ** 2)
        gains = stereo_gains(rng.random(count))
        for start, level, gain, v in zip(
            starts, levels, gains, rng.integers(len(self.clicks), size=count), strict=True
        ):
            piece = self.clicks[v][: n - start]
            out[start : start + len(piece)] += (level * piece)[:, None] * gain
        out[-round(0.02 * fs) :] *= np.linspace(1.0, 0.0, round(0.02 * fs))[:, None]
        return out.astype(np.float32)

    def _lock_pattern(self, rng: np.random.Generator) -> LockPattern:
        """Make the splice's soft tick at the turn's start and the dust met every turn."""
        specks = int(rng.integers(3, 7))
        tick = _struck(
            rng,
            self.sample_rate,
            TICK_S,
            modes=[((250.0, 450.0), (0.0015, 0.003), 1.0), ((1500.0, 2600.0), (3e-4, 6e-4), 0.4)],
            spike=(2.5, 0.3),
        )
        length = len(tick)
        clicks = [self.clicks[i][:length] for i in rng.integers(len(self.clicks), size=specks)]
        shapes = np.zeros((specks + 1, length), dtype=np.float32)
        shapes[0] = tick
        for i, click in enumerate(clicks, start=1):
            shapes[i, : len(click)] = click
        levels = np.concatenate([[db(-26.0)], dbs(-50.0 + 14.0 * rng.random(specks))])
        turns = np.concatenate([[0.0], rng.uniform(0.05, 0.95, specks)])
        gains = np.concatenate([[[0.8, 0.6]], stereo_gains(rng.random(specks))])
        return LockPattern(turns, shapes, levels, gains)


def _stack(
    rng: np.random.Generator,
    sample_rate: int,
    count: int,
    make: Callable[[np.random.Generator, int], Shapes],
) -> Shapes:
    return np.stack([make(rng, sample_rate) for _ in range(count)])


def _click(rng: np.random.Generator, sample_rate: int) -> Shapes:
    return _struck(
        rng,
        sample_rate,
        CLICK_S,
        modes=[((1800.0, 4500.0), (1.2e-4, 3.5e-4), 0.7), ((4500.0, 8000.0), (8e-5, 2e-4), 0.5)],
        spike=(rng.uniform(0.6, 1.6), 1.0),
    )


def _pop(rng: np.random.Generator, sample_rate: int) -> Shapes:
    return _struck(
        rng,
        sample_rate,
        POP_S,
        modes=[((140.0, 480.0), (0.0015, 0.004), 1.0), ((800.0, 2400.0), (3e-4, 9e-4), 0.5)],
        spike=(rng.uniform(3.0, 6.0), 0.5),
    )


_Mode = tuple[tuple[float, float], tuple[float, float], float]


def _struck(
    rng: np.random.Generator,
    sample_rate: int,
    seconds: float,
    modes: list[_Mode],
    spike: tuple[float, float],
) -> Shapes:
    """Return a knock: a smooth DC-free spike plus damped resonances, peak 1, faded out.

    ``modes`` are (frequency range Hz, decay range s, weight); ``spike`` is (width in frames
    at 44.1 kHz, weight). Every part starts from zero, so nothing steps.
    """
    n = round(seconds * sample_rate)
    t = np.arange(n) / sample_rate
    width = spike[0] * sample_rate / 44100.0
    centre = 4.0 * width
    x = (np.arange(n) - centre) / width
    out = spike[1] * -x * np.exp(-0.5 * x * x)  # a Gaussian's derivative: no DC
    polarity = rng.choice([-1.0, 1.0])
    for (f_lo, f_hi), (d_lo, d_hi), weight in modes:
        f = rng.uniform(f_lo, f_hi)
        decay = rng.uniform(d_lo, d_hi)
        late = np.clip(t - centre / sample_rate, 0.0, None)
        out += (
            weight * rng.uniform(0.6, 1.0) * np.sin(2 * math.pi * f * late) * np.exp(-late / decay)
        )
    fade = max(1, n // 4)
    out[-fade:] *= 0.5 + 0.5 * np.cos(np.linspace(0.0, math.pi, fade))
    # Ringing that starts at rest leaves a little DC; a broad smooth dip takes it away.
    broad = np.hanning(n + 2)[1:-1]
    out -= out.sum() / broad.sum() * broad
    out *= polarity / np.abs(out).max()
    return out.astype(np.float32)


def _hiss(rng: np.random.Generator, sample_rate: int, n: int) -> Shapes:
    """Return ``n`` frames of looping surface hiss at RMS 1: 120 Hz-11 kHz, pinkish, rumble."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / sample_rate)
    f[0] = 1.0
    pink = np.sqrt(1000.0 / f)
    high_pass = (f / 120.0) ** 2 / np.sqrt(1.0 + (f / 120.0) ** 4)
    low_pass = 1.0 / np.sqrt(1.0 + (f / 11000.0) ** 4)
    rumble = 2.0 * np.exp(-0.5 * (np.log2(f / 28.0) / 0.7) ** 2)
    shape = pink * high_pass * low_pass + rumble
    shape[0] = 0.0
    loop = np.fft.irfft(spectrum * shape, n)
    loop /= np.sqrt(np.mean(loop * loop))
    return loop.astype(np.float32)


def loop_lengths(sample_rate: int) -> tuple[int, int]:
    """Return the two hiss loops' lengths, near :data:`HISS_LOOPS_S`.

    They are co-prime, so their sum repeats only after their product (hours), and made of small
    factors, so their FFTs are quick: one of 2s and 3s, one of 5s, 7s and 11s.
    """
    first, second = (round(seconds * sample_rate) for seconds in HISS_LOOPS_S)
    return _nearest_product(first, (2, 3)), _nearest_product(second, (5, 7, 11))


def _nearest_product(target: int, primes: tuple[int, ...]) -> int:
    """Return the product of powers of ``primes`` nearest to ``target``."""
    products = {1}
    for p in primes:
        products = {x * p**k for x in products for k in range(64) if x * p**k <= 2 * target}
    return min(products, key=lambda x: (abs(x - target), x))
