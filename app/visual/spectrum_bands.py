"""Fractional-octave bands for the spectrum analyser: centres, edges, weighting, tier choice.

Centres follow the base-10 series of IEC 61260 / ISO 266: the exact centre of band ``n`` at
``b`` bands per octave is ``1000 * 10**(3 * n / (10 * b))`` Hz. At three bands per octave the
analyser reports the ISO 266 nominal values (20, 25, 31.5 ... 20k Hz); at 6 and 12 bands per
octave it reports the exact centres, since ISO 266 has no nominal series for them. Band edges
always sit at the geometric midpoints between exact centres, ``centre * 10**(+-3 / (20 * b))``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

BANDS_PER_OCTAVE_CHOICES = (3, 6, 12)
ISO_THIRD_OCTAVE_HZ = (
    20.0, 25.0, 31.5, 40.0, 50.0, 63.0, 80.0, 100.0, 125.0, 160.0, 200.0, 250.0, 315.0,
    400.0, 500.0, 630.0, 800.0, 1000.0, 1250.0, 1600.0, 2000.0, 2500.0, 3150.0, 4000.0,
    5000.0, 6300.0, 8000.0, 10000.0, 12500.0, 16000.0, 20000.0,
)  # fmt: skip
# Band indices n of the base-10 series at three bands per octave: 20 Hz (n=-17) to 20 kHz (13).
_LOWEST_THIRD = -17
_HIGHEST_THIRD = 13
# A band is kept while its centre lies below this fraction of the Nyquist frequency.
NYQUIST_MARGIN = 0.95
# A band is analysed by the shortest window whose bins are narrow enough that the band's
# centre lies at least this many bins from either band edge: a sine at the centre then reads
# within 0.1 dB in its band and at least 17 dB lower in its neighbours (Hann window).
MIN_EDGE_BINS = 1.5


@dataclass(frozen=True)
class BandLayout:
    """The bands of an analyser at one sample rate.

    Attributes
    ----------
    centres_hz:
        Reported centre of each band: ISO 266 nominal at 3 bands per octave, else exact.
    lower_hz, upper_hz:
        Band edges, the geometric midpoints between exact centres (upper clipped to Nyquist).

    """

    centres_hz: FloatArray
    lower_hz: FloatArray
    upper_hz: FloatArray


def band_layout(sample_rate: int, bands_per_octave: int) -> BandLayout:
    """Return the bands from 20 Hz to 20 kHz that fit below ``NYQUIST_MARGIN`` of Nyquist.

    Raises
    ------
    ValueError
        If ``bands_per_octave`` is not one of ``BANDS_PER_OCTAVE_CHOICES`` or the sample rate
        leaves no band.

    """
    if bands_per_octave not in BANDS_PER_OCTAVE_CHOICES:
        raise ValueError(
            f"bands_per_octave must be one of {BANDS_PER_OCTAVE_CHOICES}, not {bands_per_octave}"
        )
    step = bands_per_octave // 3
    n = np.arange(_LOWEST_THIRD * step, _HIGHEST_THIRD * step + 1)
    exponent = 3.0 / (10.0 * bands_per_octave)
    exact = (1000.0 * 10.0 ** (n * exponent)).astype(np.float64)
    nominal: FloatArray = (
        np.array(ISO_THIRD_OCTAVE_HZ, dtype=np.float64) if bands_per_octave == 3 else exact.copy()
    )
    nyquist = sample_rate / 2.0
    keep = nominal <= NYQUIST_MARGIN * nyquist
    if not keep.any():
        raise ValueError(f"a sample rate of {sample_rate} Hz leaves no band above 20 Hz")
    half = 10.0 ** (exponent / 2.0)
    return BandLayout(
        centres_hz=nominal[keep],
        lower_hz=exact[keep] / half,
        upper_hz=np.minimum(exact[keep] * half, nyquist),
    )


def edge_margin_hz(layout: BandLayout) -> FloatArray:
    """Return, per band, the distance from its reported centre to the nearer band edge."""
    return np.minimum(layout.centres_hz - layout.lower_hz, layout.upper_hz - layout.centres_hz)


def choose_tiers(layout: BandLayout, bin_widths_hz: list[float]) -> npt.NDArray[np.intp]:
    """Return, per band, the index of the first tier fine enough to resolve it.

    ``bin_widths_hz`` lists the tiers from the shortest window (widest bins) to the longest.
    A band goes to the first tier whose bin width is at most ``edge margin / MIN_EDGE_BINS``;
    bands that no tier resolves so finely go to the last (longest) tier.
    """
    margin = edge_margin_hz(layout)
    tiers = np.full(margin.size, len(bin_widths_hz) - 1, dtype=np.intp)
    for index in range(len(bin_widths_hz) - 1, -1, -1):
        tiers[margin >= MIN_EDGE_BINS * bin_widths_hz[index]] = index
    return tiers


def a_weighting_db(frequency_hz: FloatArray) -> FloatArray:
    """Return the IEC 61672-1 A-weighting in dB at each frequency (0 dB at 1 kHz)."""
    f2 = np.square(np.asarray(frequency_hz, dtype=np.float64))
    numerator = 12194.0**2 * f2**2
    denominator = (f2 + 20.6**2) * np.sqrt((f2 + 107.7**2) * (f2 + 737.9**2)) * (f2 + 12194.0**2)
    result: FloatArray = 20.0 * np.log10(numerator / denominator) + 2.0
    return result


def hann_periodic(points: int) -> FloatArray:
    """Return the periodic (DFT-even) Hann window of ``points`` samples."""
    n = np.arange(points)
    window: FloatArray = 0.5 - 0.5 * np.cos(2.0 * math.pi * n / points)
    return window


def cic_taps(factor: int, order: int) -> FloatArray:
    """Return the taps of ``order`` cascaded ``factor``-long boxcars, with unity DC gain."""
    taps = np.ones(1)
    for _ in range(order):
        taps = np.convolve(taps, np.ones(factor))
    result: FloatArray = taps / taps.sum()
    return result


def cic_power_gain(frequency_hz: FloatArray, rate_hz: float, factor: int, order: int) -> FloatArray:
    """Return ``|H(f)|**2`` of ``cic_taps(factor, order)`` running at ``rate_hz``."""
    x = math.pi * np.asarray(frequency_hz, dtype=np.float64) / rate_hz
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.sin(factor * x) / (factor * np.sin(x))
    ratio = np.where(np.abs(x) < 1e-12, 1.0, ratio)
    result: FloatArray = ratio ** (2 * order)
    return result
