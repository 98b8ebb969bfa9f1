"""The vinyl character's music path: a modulated fractional delay and a worn record's filter.

:class:`FractionalDelay` reads the music ``d`` frames in the past, ``d`` changing from frame to
frame, through an 8-tap Kaiser-windowed sinc: flat within 0.1 dB to 15 kHz at every fraction,
so a moving delay does not make the treble shimmer as linear or cubic interpolation would. Its
history carries across blocks. The worn record's softer treble rides in the same kernel: a
3-tap linear-phase low-pass folded in (10 taps in all), so it costs nothing extra and never
moves the delay. :class:`WornFilter` is the matching gentle low cut, a one-pole high-pass run
without a Python loop over samples: block-wise matrix products of the pole's powers.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from app.audio.dsp import Frames

Floats = npt.NDArray[np.float64]
Kernels = npt.NDArray[np.float32]

SINC_TAPS = 8
TAPS = SINC_TAPS + 2  # with the folded 3-tap low-pass
LATENCY_FRAMES = TAPS // 2  # the shortest delay: the newest sample the kernel may reach
_PHASES = 4096
_KAISER_BETA = 4.0
# The worn filter at full strength: a 50 Hz first-order low cut, and a 3-tap low-pass
# [c, 1 - 2c, c] with c = 0.12 (-0.5 dB at 5 kHz, -2 dB at 10 kHz, -4 dB at 15 kHz).
WORN_HIGHPASS_HZ = 50.0
WORN_LOWPASS_C = 0.12


def sinc_table(taps: int = SINC_TAPS, phases: int = _PHASES) -> Kernels:
    """Return the interpolation kernels, shape ``(phases + 1, taps)``, one row per fraction.

    Row ``r`` reads the point ``r / phases`` of the way from tap ``taps // 2 - 1`` to the next;
    each row sums to 1, row 0 is the identity.
    """
    half = taps // 2
    offsets = np.arange(-half + 1, half + 1, dtype=np.float64)
    fractions = np.arange(phases + 1, dtype=np.float64) / phases
    x = offsets[None, :] - fractions[:, None]
    window = np.i0(_KAISER_BETA * np.sqrt(np.clip(1.0 - (x / half) ** 2, 0.0, None)))
    kernel = np.sinc(x) * window
    kernel /= kernel.sum(axis=1, keepdims=True)
    return kernel.astype(np.float32)


def worn_tables() -> tuple[Kernels, Kernels]:
    """Return ``(plain, softer)``: the kernel with the low-pass at ``c`` is plain + c * softer.

    Both are shaped ``(phases + 1, TAPS)``, taps from ``-TAPS // 2 + 1`` to ``TAPS // 2``.
    """
    sinc = sinc_table().astype(np.float64)
    plain = np.zeros((len(sinc), TAPS))
    plain[:, 1:-1] = sinc
    softer = -2.0 * plain
    softer[:, :-1] += plain[:, 1:]
    softer[:, 1:] += plain[:, :-1]
    return plain.astype(np.float32), softer.astype(np.float32)


class FractionalDelay:
    """A delay line whose length, in frames, may change on every frame."""

    def __init__(self, channels: int, history_frames: int) -> None:
        self.channels = channels
        self.history_frames = history_frames
        self.max_delay = float(history_frames - TAPS)
        self._plain, self._softer = worn_tables()
        self._ramp = np.zeros(0, dtype=np.intp)
        self._grow(0)

    def clear(self) -> None:
        """Forget the past: what came before was silence."""
        self._buffer[:, : self.history_frames] = 0.0

    def remember(self, frames: Frames) -> None:
        """Take ``frames`` into the history without reading anything out (the effect is off)."""
        self._load(frames)
        self._keep_tail(len(frames))

    def read(
        self, frames: Frames, delay_frames: Floats, softer: float | Floats, out: Frames
    ) -> Frames:
        """Write ``frames`` delayed by ``delay_frames`` (one per frame) into ``out``.

        ``frames`` is (n, channels), ``out`` channel-major (channels, n). The delays must lie
        between :data:`LATENCY_FRAMES` and :attr:`max_delay`; ``softer`` is the low-pass's
        ``c``, 0 (none) .. 0.25, for the block or per frame.
        """
        n = len(frames)
        self._load(frames)
        whole = np.floor(delay_frames)
        # Output frame k reads the point k - d: the kernel's tap 0 sits one frame before
        # k - floor(d) at the fraction 1 - (d - floor(d)), in (0, 1]; row _PHASES is tap 1.
        rows = np.rint((1.0 - (delay_frames - whole)) * _PHASES).astype(np.intp)
        kernels = np.take(self._plain, rows, axis=0)
        if isinstance(softer, np.ndarray):
            kernels += softer.astype(np.float32)[:, None] * np.take(self._softer, rows, axis=0)
        elif softer > 0.0:
            kernels += np.float32(softer) * np.take(self._softer, rows, axis=0)
        first = self._ramp[:n] + (self.history_frames - 1 - (TAPS // 2 - 1))
        first -= whole.astype(np.intp)
        for c in range(self.channels):
            taps = np.take(self._windows[c], first, axis=0)
            np.einsum("nt,nt->n", taps, kernels, out=out[c])
        self._keep_tail(n)
        return out

    def _grow(self, frames: int) -> None:
        h = self.history_frames
        old = getattr(self, "_buffer", None)
        self._buffer = np.zeros((self.channels, h + frames), dtype=np.float32)
        if old is not None:
            self._buffer[:, :h] = old[:, :h]
        self._windows = sliding_window_view(self._buffer, TAPS, axis=1)
        self._ramp = np.arange(frames, dtype=np.intp)

    def _load(self, frames: Frames) -> None:
        n, h = len(frames), self.history_frames
        if self._buffer.shape[1] < h + n:
            self._grow(max(n, 2 * (self._buffer.shape[1] - h)))
        self._buffer[:, h : h + n] = frames.T

    def _keep_tail(self, n: int) -> None:
        h = self.history_frames
        self._buffer[:, :h] = self._buffer[:, n : n + h]


class WornFilter:
    """Take the deep bass down gently as a record wears: a one-pole high-pass up to 50 Hz.

    At strength 0 it is the identity and costs nothing; its state follows the music as if its
    corner were at 0 Hz, so a strength that rises from 0 (it only ever glides) starts without
    a step.
    """

    def __init__(self, channels: int, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self._last_in = np.zeros(channels, dtype=np.float32)
        self._last_out = np.zeros(channels, dtype=np.float32)
        self._drive = np.zeros((channels, 0), dtype=np.float32)
        self._pole = _BlockedOnePole(channels)

    def reset(self) -> None:
        """Forget the state: what came before was silence."""
        self._last_in[:] = 0.0
        self._last_out[:] = 0.0

    def process(self, music: Frames, strength: float) -> None:
        """Filter channel-major ``music`` (channels, n) in place at ``strength`` 0..1."""
        n = music.shape[1]
        if n == 0:
            return
        if strength <= 0.0:
            self._last_in[:] = music[:, -1]
            self._last_out[:] = music[:, -1]
            return
        padded = -(-n // _BLOCK) * _BLOCK
        if self._drive.shape[1] < padded:
            self._drive = np.zeros((len(music), padded), dtype=np.float32)
        drive = self._drive[:, :padded]
        alpha = math.exp(-2.0 * math.pi * WORN_HIGHPASS_HZ * strength / self.sample_rate)
        # y[k] = alpha * (y[k-1] + x[k] - x[k-1]); the padding drives nothing.
        drive[:, 0] = music[:, 0] - self._last_in
        np.subtract(music[:, 1:], music[:, :-1], out=drive[:, 1:n])
        drive[:, n:] = 0.0
        drive *= np.float32(alpha)
        self._last_in[:] = music[:, -1]
        out = self._pole.run(drive, alpha, self._last_out)
        music[:] = out[:, :n]
        self._last_out[:] = music[:, -1]


_BLOCK = 32


class _BlockedOnePole:
    """Run ``y[k] = pole * y[k-1] + drive[k]`` with two small matrix products, no loop.

    Within blocks of 32 frames a lower-triangular matrix of pole powers gives the response from
    rest; the same trick across blocks carries each block's end into the next, and a ramp of
    powers adds it in.
    """

    def __init__(self, channels: int) -> None:
        self._pole = -1.0
        self._blocks = 0
        self._within = np.zeros((_BLOCK, _BLOCK), dtype=np.float32)
        self._ramp = np.zeros(_BLOCK, dtype=np.float32)
        self._across = np.zeros((0, 0), dtype=np.float32)
        self._start = np.zeros(0, dtype=np.float32)
        self._out = np.zeros((channels, 0, _BLOCK), dtype=np.float32)
        self._carry = np.zeros((channels, 0), dtype=np.float32)

    def run(self, drive: Frames, pole: float, before: Frames) -> Frames:
        """Return y for ``drive`` (channels, a multiple of 32 frames), ``y[-1] = before``."""
        channels, n = drive.shape
        blocks = n // _BLOCK
        self._prepare(pole, blocks)
        out = self._out[:, :blocks]
        np.matmul(drive.reshape(channels, blocks, _BLOCK), self._within, out=out)
        ends = out[:, :, -1] @ self._across[:blocks, :blocks]
        ends += before[:, None] * self._start[None, :blocks]
        carry = self._carry[:, :blocks]
        carry[:, 0] = before
        carry[:, 1:] = ends[:, :-1]
        out += carry[:, :, None] * self._ramp
        return out.reshape(channels, n)

    def _prepare(self, pole: float, blocks: int) -> None:
        if pole == self._pole and blocks <= self._blocks:
            return
        blocks = max(blocks, self._blocks)
        self._within = _powers(pole, _BLOCK).T.astype(np.float32)
        self._ramp = (pole ** np.arange(1, _BLOCK + 1)).astype(np.float32)
        per_block = pole**_BLOCK
        self._across = _powers(per_block, blocks).T.astype(np.float32)
        self._start = (per_block ** np.arange(1, blocks + 1)).astype(np.float32)
        if self._out.shape[1] < blocks:
            self._out = np.zeros((len(self._out), blocks, _BLOCK), dtype=np.float32)
            self._carry = np.zeros((len(self._out), blocks), dtype=np.float32)
        self._pole, self._blocks = pole, blocks


def _powers(base: float, size: int) -> Floats:
    """Return the lower-triangular matrix ``base ** (i - j)`` for ``i >= j``, else 0."""
    k = np.arange(size, dtype=np.float64)
    return np.tril(np.outer(base**k, base**-k))
