"""A Qt-free fractional-octave spectrum analyser with a multi-resolution FFT.

Levels are dBFS, sine-referenced: a sine of amplitude A reads ``20*log10(A)`` in its band, and
a band's level is the sum of the power of the FFT bins inside it (bins straddling an edge are
split in proportion), so broadband noise reads its power per band.

Four tiers share the work, all windows (periodic Hann) ending at the newest frame. For third
octaves at 44.1 kHz:

==== ======================== ============ =============== ====================
tier signal                   FFT points   window          bands
==== ======================== ============ =============== ====================
0    the input                ``N0`` 4096  93 ms           160 Hz - 20 kHz
1    input / 16 (stage A)     512          186 ms          80 - 125 Hz
2    input / 32 (stage B)     512          372 ms          40 - 63 Hz
3    input / 64 (stage C)     512          743 ms          20 - 31.5 Hz
==== ======================== ============ =============== ====================

``N0`` follows the sample rate (2048 at 22.05 kHz, 8192 at 88.2/96 kHz) so the windows keep
their length in seconds. Each band takes the shortest window that resolves it (see
``spectrum_bands.MIN_EDGE_BINS``). Finer bands reach higher in the long tiers, so those get
more points and less decimation (1024 and /8 at 6 bands per octave, 2048 and /4 at 12): every
long tier runs at least 15 times faster than its highest band. The decimated signals come from
a cascade of fourth-order CIC filters computed as a few polyphase matrix products: stage A over
the whole span, stages B and C each halving the rate again. Aliases reaching a band are
attenuated by more than 85 dB (more than 95 dB from 44.1 kHz up); the passband droop (at most
0.17 dB) is divided out per bin, and the cascade's group delay (under 3 ms) is ignored.

``fft_size``, the span of the longest window, is ``8 * N0`` frames (32768 at 44.1/48 kHz).

The analyser is not thread-safe: each call reuses preallocated work arrays.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from app.visual.spectrum_bands import (
    FloatArray,
    a_weighting_db,
    band_layout,
    choose_tiers,
    cic_power_gain,
    cic_taps,
    hann_periodic,
)

_LONG_POINTS_PER_THIRD = 512  # FFT size of the long tiers, per third-octave of band width
_LONG_TIERS = 3
_CIC_ORDER = 4


def _short_points_for(sample_rate: int) -> int:
    """Return the tier-0 FFT size: 4096 at 44.1/48 kHz, scaled by octaves of sample rate."""
    octaves = min(2, max(-1, round(math.log2(sample_rate / 44100.0))))
    return int(4096 * 2**octaves)


def _interpolation(
    lower: FloatArray, upper: FloatArray, bins: int
) -> tuple[npt.NDArray[np.intp], FloatArray]:
    """Return indices and weights that turn a running sum of bin powers into band powers.

    With ``cumulative[i]`` the sum of bins ``0 .. i-1``, the power below fractional bin
    position ``p`` is ``(1 - f) * cumulative[i] + f * cumulative[i + 1]`` (``i = floor(p)``,
    ``f = p - i``): bins cut by a band edge count in proportion. A band is the difference at its
    two edges: four terms, laid out as ``(4, bands)`` and flattened.
    """
    index_parts: list[npt.NDArray[np.intp]] = []
    weight_parts: list[FloatArray] = []
    for position, sign in ((upper, 1.0), (lower, -1.0)):
        whole = np.minimum(np.floor(position).astype(np.intp), bins - 1)
        frac = position - whole
        index_parts += [whole, whole + 1]
        weight_parts += [sign * (1.0 - frac), sign * frac]
    return np.concatenate(index_parts), np.concatenate(weight_parts)


class _Decimator:
    """Filter with ``cic_taps(factor, order)`` and keep every ``factor``-th sample.

    The input is viewed as rows of ``factor`` frames (``(rows, factor * channels)``, no copy);
    output row ``m`` is the filter's output at the last frame of input row ``m``. It is a sum
    of ``J`` matrix products of shifted row blocks with block-diagonal tap matrices. The first
    ``J - 1`` outputs, which would need frames from before the span, stay zero: they fall where
    the analysis window is below 2e-3.
    """

    def __init__(self, factor: int, channels: int, rows: int) -> None:
        taps = cic_taps(factor, _CIC_ORDER)
        self.blocks = math.ceil(taps.size / factor)
        padded = np.zeros(self.blocks * factor)
        padded[: taps.size] = taps
        eye = np.eye(channels)
        # Row block m - j holds frames factor*(m-j) + p, which meet tap factor*j + factor-1-p.
        self.matrices = [
            np.kron(padded[factor * j : factor * (j + 1)][::-1, None], eye)
            for j in range(self.blocks)
        ]
        self.out = np.zeros((rows, channels))
        self._scratch = np.zeros((rows, channels))

    def run(self, rows: FloatArray) -> FloatArray:
        """Decimate ``rows`` (shape ``(rows, factor * channels)``) into ``self.out``."""
        first = self.blocks - 1
        total = rows.shape[0]
        np.matmul(rows[first:], self.matrices[0], out=self.out[first:])
        for j in range(1, self.blocks):
            np.matmul(rows[first - j : total - j], self.matrices[j], out=self._scratch[first:])
            np.add(self.out[first:], self._scratch[first:], out=self.out[first:])
        return self.out


class _Workspace:
    """Every array one ``analyze`` call needs for a given number of channels."""

    def __init__(self, analyzer: SpectrumAnalyzer, channels: int) -> None:
        points = analyzer._short_points
        long_points = analyzer._long_points
        factor = analyzer._first_decimation
        rows_a = analyzer.fft_size // factor
        self.frames = np.zeros((analyzer.fft_size, channels))
        self.stages = (
            _Decimator(factor, channels, rows_a),
            _Decimator(2, channels, rows_a // 2),
            _Decimator(2, channels, rows_a // 4),
        )
        self.short = np.zeros((channels, points))
        self.short_spectrum = np.zeros((channels, points // 2 + 1), dtype=np.complex128)
        self.long = np.zeros((_LONG_TIERS, channels, long_points))
        self.long_spectrum = np.zeros(
            (_LONG_TIERS, channels, long_points // 2 + 1), dtype=np.complex128
        )
        self.squares = [
            np.zeros((channels, 2 * (stop - start))) for start, stop, _ in analyzer._bins
        ]
        bins = analyzer._bin_scale.size
        rows = channels if analyzer.per_channel else 1
        self.power = np.zeros((channels, bins))
        self.rows = np.zeros((rows, bins))
        # Full-shape, so the in-place product needs no broadcasting buffer.
        per_row = analyzer._bin_scale if analyzer.per_channel else analyzer._bin_scale / channels
        self.scale = np.tile(per_row, (rows, 1))
        self.cumulative = np.zeros((rows, bins + 1))
        self.taken = np.zeros((rows, analyzer._interp_index.size))
        self.bands = np.zeros((rows, analyzer.centres.size))
        self.weighting = np.tile(a_weighting_db(analyzer.centres), (rows, 1))


class SpectrumAnalyzer:
    """Fractional-octave band levels of the newest ``fft_size`` frames of an audio stream.

    Parameters
    ----------
    sample_rate:
        Sample rate of the blocks in Hz.
    bands_per_octave:
        3 (ISO 266 nominal thirds, 31 bands at 44.1 kHz), 6 or 12 (exact base-10 centres).
        At 12 bands per octave the bands below about 70 Hz are narrower than the longest
        window resolves, so neighbours there share some of each other's energy.
    per_channel:
        If true, ``analyze`` returns ``(channels, bands)``; otherwise the band powers are
        averaged over the channels and it returns ``(bands,)``.
    a_weighting:
        Add the A-weighting at each band centre to the levels (display only).
    floor_db:
        The lowest level reported; silence reads exactly this.
    long_every:
        Transform the long (low-band) windows on every ``long_every``-th call only, reusing
        their last spectrum between. Those windows span 186-743 ms, so a display refreshing
        at 60 Hz loses nothing visible at 2 and saves about half the cost; 1 (the default)
        makes every call independent.

    Attributes
    ----------
    centres : numpy.ndarray
        Band centres in Hz.
    lower_hz, upper_hz : numpy.ndarray
        Band edges in Hz.
    band_window_s : numpy.ndarray
        Length of the analysis window behind each band, in seconds.
    fft_size : int
        Frames ``analyze`` reads: the longest window, in input frames.

    """

    def __init__(
        self,
        sample_rate: int,
        bands_per_octave: int = 3,
        *,
        per_channel: bool = False,
        a_weighting: bool = False,
        floor_db: float = -120.0,
        long_every: int = 1,
    ) -> None:
        if sample_rate < 8000:
            raise ValueError(f"sample_rate must be at least 8000 Hz, not {sample_rate}")
        layout = band_layout(sample_rate, bands_per_octave)
        self.sample_rate = sample_rate
        self.bands_per_octave = bands_per_octave
        self.per_channel = per_channel
        self.a_weighting = a_weighting
        self.floor_db = float(floor_db)
        self.centres: FloatArray = layout.centres_hz
        self.lower_hz: FloatArray = layout.lower_hz
        self.upper_hz: FloatArray = layout.upper_hz
        self._short_points = _short_points_for(sample_rate)
        # The long tiers' rates stay about 15x above their highest band (CIC alias rejection
        # above 100 dB); finer bands reach higher in those tiers, so they get more points.
        self._long_points = _LONG_POINTS_PER_THIRD * bands_per_octave // 3
        self._first_decimation = 2 * self._short_points // self._long_points
        self.fft_size = self._short_points * 2**_LONG_TIERS
        spans = [self._short_points * 2**tier for tier in range(_LONG_TIERS + 1)]
        self._band_tier = choose_tiers(layout, [sample_rate / span for span in spans])
        self.band_window_s: FloatArray = np.array(spans, dtype=np.float64)[self._band_tier] / (
            sample_rate
        )
        # Below the floor by more than any weighting can lift it, so silence reads the floor.
        lift_db = max(0.0, float(a_weighting_db(self.centres).max())) if a_weighting else 0.0
        self._floor_power = 10.0 ** ((self.floor_db - 1.0 - lift_db) / 10.0)
        self._short_window = hann_periodic(self._short_points)
        self._long_window = hann_periodic(self._long_points)
        self._plan_bins(layout.lower_hz, layout.upper_hz, spans)
        self._workspaces: dict[int, _Workspace] = {}
        self._long_every = max(1, int(long_every))
        self._calls = 0
        for array in (self.centres, self.lower_hz, self.upper_hz, self.band_window_s):
            array.flags.writeable = False

    def _tier_rate(self, tier: int) -> float:
        if tier == 0:
            return float(self.sample_rate)
        factor = self._first_decimation << (tier - 1)
        return self.sample_rate / factor

    def _droop(self, tier: int, frequency_hz: FloatArray) -> FloatArray:
        gain = np.ones_like(frequency_hz)
        for stage in range(tier):
            factor = self._first_decimation if stage == 0 else 2
            gain *= cic_power_gain(frequency_hz, self._tier_rate(stage), factor, _CIC_ORDER)
        return gain

    def _plan_bins(self, lower_hz: FloatArray, upper_hz: FloatArray, spans: list[int]) -> None:
        """Plan the used bins of each tier, their scale, and the band interpolation."""
        bins: list[tuple[int, int, int]] = []
        scales: list[FloatArray] = []
        position_lo = np.zeros(self.centres.size)
        position_hi = np.zeros(self.centres.size)
        offset = 0
        for tier, span in enumerate(spans):
            mine = self._band_tier == tier
            points = self._short_points if tier == 0 else self._long_points
            width_hz = self.sample_rate / span
            if not mine.any():
                bins.append((0, 0, offset))
                continue
            start = math.floor(lower_hz[mine].min() / width_hz + 0.5)
            stop = min(math.ceil(upper_hz[mine].max() / width_hz + 0.5), points // 2 + 1)
            window = self._short_window if tier == 0 else self._long_window
            index = np.arange(start, stop)
            scale = 4.0 / (points * np.sum(window**2)) / self._droop(tier, index * width_hz)
            scale[(index == 0) | (index == points // 2)] *= 0.5
            scales.append(scale)
            bins.append((start, stop, offset))
            position_lo[mine] = offset + np.clip(lower_hz[mine] / width_hz + 0.5 - start, 0, None)
            position_hi[mine] = offset + np.clip(
                upper_hz[mine] / width_hz + 0.5 - start, None, stop - start
            )
            offset += stop - start
        self._bins = bins
        self._bin_scale: FloatArray = np.concatenate(scales)
        self._interp_index, self._interp_weight = _interpolation(position_lo, position_hi, offset)

    def analyze(self, block: npt.NDArray[np.floating], out: FloatArray | None = None) -> FloatArray:
        """Return the band levels in dBFS of the newest ``fft_size`` frames of ``block``.

        Parameters
        ----------
        block:
            Float samples in [-1, 1], shape ``(frames, channels)`` or ``(frames,)`` for mono,
            with at least ``fft_size`` frames.
        out:
            Optional float64 array of the result's shape to write into; with it, the call
            allocates nothing once a block of that channel count has been seen.

        Returns
        -------
        numpy.ndarray
            ``(bands,)`` levels, or ``(channels, bands)`` when ``per_channel`` is set.

        """
        frames = self._frames_of(block)
        work = self._workspace(frames.shape[1])
        result = self._result_array(out, frames.shape[1])
        long_due = self._calls % self._long_every == 0
        self._calls += 1
        span = self.fft_size if long_due else self._short_points
        np.copyto(work.frames[-span:], frames[frames.shape[0] - span :])
        self._transform(work, long_due)
        self._band_power(work)
        levels = result.reshape(work.bands.shape)
        np.fmax(work.bands, self._floor_power, out=work.bands)
        np.log10(work.bands, out=levels)
        np.multiply(levels, 10.0, out=levels)
        if self.a_weighting:
            np.add(levels, work.weighting, out=levels)
        np.fmax(levels, self.floor_db, out=levels)
        return result

    def _frames_of(self, block: npt.NDArray[np.floating]) -> npt.NDArray[np.floating]:
        if not np.issubdtype(block.dtype, np.floating):
            raise TypeError(f"audio blocks must hold floats in [-1, 1], not {block.dtype}")
        if block.ndim == 1:
            block = block[:, np.newaxis]
        if block.ndim != 2 or block.shape[1] < 1:
            raise ValueError(f"audio blocks must be (frames, channels), not {block.shape}")
        if block.shape[0] < self.fft_size:
            raise ValueError(
                f"the analyser needs at least {self.fft_size} frames, got {block.shape[0]}"
            )
        return block

    def _workspace(self, channels: int) -> _Workspace:
        work = self._workspaces.get(channels)
        if work is None:
            work = self._workspaces[channels] = _Workspace(self, channels)
        return work

    def _result_array(self, out: FloatArray | None, channels: int) -> FloatArray:
        shape = (channels, self.centres.size) if self.per_channel else (self.centres.size,)
        if out is None:
            return np.empty(shape)
        if out.shape != shape or out.dtype != np.float64 or not out.flags.c_contiguous:
            raise ValueError(
                f"out must be a contiguous float64 array of shape {shape}, "
                f"not {out.dtype} {out.shape}"
            )
        return out

    def _transform(self, work: _Workspace, long_due: bool) -> None:
        """Window and transform the short tier; decimate and transform the long ones if due."""
        np.multiply(work.frames[-self._short_points :].T, self._short_window, out=work.short)
        np.fft.rfft(work.short, axis=-1, out=work.short_spectrum)
        if not long_due:
            return
        stage_a, stage_b, stage_c = work.stages
        channels = work.frames.shape[1]
        rows_a = stage_a.out.shape[0]
        decimated = (
            stage_a.run(work.frames.reshape(rows_a, -1)),
            stage_b.run(stage_a.out.reshape(rows_a // 2, 2 * channels)),
            stage_c.run(stage_b.out.reshape(rows_a // 4, 2 * channels)),
        )
        for tier, signal in enumerate(decimated):
            np.multiply(signal[-self._long_points :].T, self._long_window, out=work.long[tier])
        np.fft.rfft(work.long, axis=-1, out=work.long_spectrum)

    def _band_power(self, work: _Workspace) -> None:
        """Sum the scaled bin powers of each band into ``work.bands``."""
        for tier, (start, stop, offset) in enumerate(self._bins):
            if stop == start:
                continue
            spectrum = work.short_spectrum if tier == 0 else work.long_spectrum[tier - 1]
            parts = spectrum.view(np.float64)[:, 2 * start : 2 * stop]
            squares = work.squares[tier]
            np.multiply(parts, parts, out=squares)
            # Row by row: a 2-D ufunc into a strided ``out`` would buffer (allocate).
            for channel in range(squares.shape[0]):
                row = squares[channel]
                np.add(
                    row[0::2], row[1::2], out=work.power[channel, offset : offset + stop - start]
                )
        if self.per_channel:
            np.multiply(work.power, work.scale, out=work.rows)
        else:
            np.sum(work.power, axis=0, out=work.rows[0])
            np.multiply(work.rows, work.scale, out=work.rows)
        np.add.accumulate(work.rows, axis=1, out=work.cumulative[:, 1:])
        np.take(work.cumulative, self._interp_index, axis=1, out=work.taken, mode="clip")
        np.multiply(work.taken, self._interp_weight, out=work.taken)
        rows, bands = work.bands.shape
        np.sum(work.taken.reshape(rows, 4, bands), axis=1, out=work.bands)
