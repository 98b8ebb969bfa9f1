"""VU and BBC PPM level meters, vectorised over blocks and exact at any block size.

Both read dBFS, sine-referenced: a steady sine of amplitude A reads ``20*log10(A)``
(``meter_scale`` maps that onto the dials). Each ``process(frames)`` call advances a meter by a
block of the contiguous audio stream; ``level_db`` is the reading at the block's last frame.
Blocks are handled in closed form, in chunks of at most ``CHUNK_FRAMES`` frames, so the
readings do not depend on how the stream is cut into blocks (to rounding). A meter keeps state
between calls: feed it from one thread only.

**VU** (IEC 60268-17): the needle is a second-order system driven by the full-wave rectified
signal, with the structure of Fons Adriaensen's ``Vumeterdsp`` (two integrators at
``w = 11.1 /s``, the second fed back into the first at half weight):
``dz1/dt = w (|x| - z1 - z2/2)``, ``dz2/dt = w (z1 - z2)``. That makes natural frequency
``w * sqrt(1.5)`` and damping ``sqrt(2/3)``: 99 % of a step at 301 ms and 1.18 % overshoot.
(Two plain cascaded one-pole stages at the same ``w`` cannot overshoot; they reach 99 % only
after 598 ms.) It is discretised exactly for a sample-and-hold input.

**PPM** (IEC 60268-10 type II, the BBC meter): a quasi-peak reading. Its integration is a
weighted sum of two one-pole averages of ``|x|`` (1.6 ms and 10 ms, sine-calibrated), capped by
the held sample peak so that a steady tone reads its amplitude at every frequency; a peak hold
with an exponential return of 24 dB in 2.8 s follows. Tone bursts of 5 kHz read, relative to
the steady tone: 10 ms -2.1 dB, 5 ms -4.0 dB, 1.5 ms -9.4 dB, 0.5 ms -17.0 dB (the standard's
type II table: -2, -4, -9, -17 dB). Unlike the analogue diode-and-capacitor follower, whose
nonlinear recursion cannot be vectorised, it averages before it holds, so on broadband noise
it reads lower than an analogue PPM: by about 0.5 dB on pink noise, 5 dB on white noise.

**Peak lamps**: lit when a sample reaches ``PEAK_LAMP_DBFS`` (-1 dBFS, the EBU R 128 ceiling)
and held for ``PEAK_LAMP_HOLD_S`` after the last such sample.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

PEAK_LAMP_DBFS = -1.0
PEAK_LAMP_HOLD_S = 1.0
CHUNK_FRAMES = 1024  # more than a frame's worth at 60 fps; a longer block takes several

VU_W_PER_S = 11.1
_VU_GAIN = 1.5 * math.pi / 2.0  # steady z2 is 2/3 of mean |x|, and mean |sin| is 2/pi
PPM_RETURN_DB = 24.0
PPM_RETURN_S = 2.8
PPM_INTEGRATION_S = (0.0016, 0.010)
PPM_INTEGRATION_WEIGHTS = (0.42, 0.58)


class _PeakLamps:
    """Per-channel overload lamps lit by sample peaks and held for a while."""

    def __init__(self, sample_rate: int, channels: int) -> None:
        self.lit = np.zeros(channels, dtype=bool)
        self._threshold = 10.0 ** (PEAK_LAMP_DBFS / 20.0)
        self._hold_frames = round(PEAK_LAMP_HOLD_S * sample_rate)
        self._since = np.full(channels, self._hold_frames, dtype=np.intp)  # frames since an over
        self._from_end = np.zeros(channels, dtype=np.intp)
        self._any = np.zeros(channels, dtype=bool)
        self._over = np.zeros((CHUNK_FRAMES, channels), dtype=bool)

    def reset(self) -> None:
        self._since.fill(self._hold_frames)
        self.lit.fill(False)

    def process(self, magnitude: FloatArray) -> None:
        frames = magnitude.shape[0]
        over = self._over[:frames]
        np.greater_equal(magnitude, self._threshold, out=over)
        np.argmax(over[::-1], axis=0, out=self._from_end)  # 0 also when there is none
        for channel, back in enumerate(self._from_end):
            self._any[channel] = over[frames - 1 - back, channel]
        np.add(self._since, frames, out=self._since)
        np.copyto(self._since, self._from_end, where=self._any)
        np.less(self._since, self._hold_frames, out=self.lit)


class _Meter:
    """What both meters share: validation, chunking, the peak lamps and the dB reading."""

    def __init__(self, sample_rate: int, channels: int, floor_db: float) -> None:
        if sample_rate < 8000 or channels < 1:
            raise ValueError(
                f"meters need a sample rate of at least 8000 Hz and a channel, "
                f"not {sample_rate} Hz and {channels}"
            )
        self.sample_rate = sample_rate
        self.channels = channels
        self.floor_db = float(floor_db)
        self.level_db: FloatArray = np.full(channels, self.floor_db)
        self._lamps = _PeakLamps(sample_rate, channels)
        self.peak_lamps = self._lamps.lit
        self._floor_amplitude = 10.0 ** ((self.floor_db - 1.0) / 20.0)
        self._magnitude = np.zeros((CHUNK_FRAMES, channels))
        self._reading = np.zeros(channels)  # linear, sine-referenced

    def process(self, frames: npt.NDArray[np.floating]) -> None:
        """Advance the meter by ``frames`` (``(n, channels)`` floats, ``n`` may be 0)."""
        if not np.issubdtype(frames.dtype, np.floating):
            raise TypeError(f"audio frames must hold floats in [-1, 1], not {frames.dtype}")
        if frames.ndim == 1 and self.channels == 1:
            frames = frames[:, np.newaxis]
        if frames.ndim != 2 or frames.shape[1] != self.channels:
            raise ValueError(f"expected frames of shape (n, {self.channels}), got {frames.shape}")
        total = frames.shape[0]
        if total == 0:
            return
        for start in range(0, total, CHUNK_FRAMES):
            chunk = frames[start : start + CHUNK_FRAMES]
            magnitude = self._magnitude[: chunk.shape[0]]
            np.copyto(magnitude, chunk)
            np.abs(magnitude, out=magnitude)
            self._lamps.process(magnitude)
            self._advance(magnitude)
        np.fmax(self._reading, self._floor_amplitude, out=self.level_db)
        np.log10(self.level_db, out=self.level_db)
        np.multiply(self.level_db, 20.0, out=self.level_db)
        np.fmax(self.level_db, self.floor_db, out=self.level_db)

    def reset(self) -> None:
        """Return to rest: silence, lamps off."""
        self._lamps.reset()
        self._reading.fill(0.0)
        self.level_db.fill(self.floor_db)
        self._reset_state()

    def _advance(self, magnitude: FloatArray) -> None:
        raise NotImplementedError

    def _reset_state(self) -> None:
        raise NotImplementedError


class VuMeter(_Meter):
    """A VU meter (IEC 60268-17) per channel.

    Attributes
    ----------
    level_db : numpy.ndarray
        The needle of each channel in dBFS (sine-referenced), updated by ``process``.
    peak_lamps : numpy.ndarray
        Per-channel bool: a sample reached ``PEAK_LAMP_DBFS`` within ``PEAK_LAMP_HOLD_S``.

    """

    def __init__(self, sample_rate: int, channels: int = 2, *, floor_db: float = -120.0) -> None:
        super().__init__(sample_rate, channels, floor_db)
        steps = np.arange(CHUNK_FRAMES + 1)
        powers = _vu_transition(steps / sample_rate)  # (steps, 2, 2): e^(A t) at t = k / fs
        one = powers[1]
        system = _vu_system()
        # Zero-order hold: x[k+1] = Phi x[k] + Gamma u[k], Gamma = A^-1 (Phi - I) B.
        gamma = np.linalg.solve(system, (one - np.eye(2)) @ np.array([VU_W_PER_S, 0.0]))
        self._transition = powers
        # Column i is Phi^(CHUNK-1-i) Gamma: the weight of frame i of a chunk ending at CHUNK-1.
        self._response = np.ascontiguousarray((powers[CHUNK_FRAMES - 1 :: -1] @ gamma).T)
        self._state = np.zeros((2, channels))
        self._drive = np.zeros((2, channels))
        self._carried = np.zeros((2, channels))

    def _reset_state(self) -> None:
        self._state.fill(0.0)

    def _advance(self, magnitude: FloatArray) -> None:
        frames = magnitude.shape[0]
        np.matmul(self._response[:, CHUNK_FRAMES - frames :], magnitude, out=self._drive)
        np.matmul(self._transition[frames], self._state, out=self._carried)
        np.add(self._carried, self._drive, out=self._state)
        np.multiply(self._state[1], _VU_GAIN, out=self._reading)


def _vu_system() -> FloatArray:
    w = VU_W_PER_S
    return np.array([[-w, -w / 2.0], [w, -w]])


def _vu_transition(t_s: FloatArray) -> FloatArray:
    """Return ``expm(A t)`` of the VU system for each time (closed form, shape (n, 2, 2))."""
    # A = -w I + N with N = [[0, -w/2], [w, 0]], N**2 = -(w**2 / 2) I: a damped rotation.
    w = VU_W_PER_S
    omega = w / math.sqrt(2.0)
    damp = np.exp(-w * t_s)[:, None, None]
    cos = np.cos(omega * t_s)[:, None, None]
    sin = (np.sin(omega * t_s) / omega)[:, None, None]
    nilpotent = np.array([[0.0, -w / 2.0], [w, 0.0]])
    result: FloatArray = damp * (cos * np.eye(2) + sin * nilpotent)
    return result


class PpmMeter(_Meter):
    """A BBC peak programme meter (IEC 60268-10 type II) per channel.

    Attributes
    ----------
    level_db : numpy.ndarray
        The quasi-peak reading of each channel in dBFS (sine-referenced).
    peak_lamps : numpy.ndarray
        Per-channel bool: a sample reached ``PEAK_LAMP_DBFS`` within ``PEAK_LAMP_HOLD_S``.

    """

    def __init__(self, sample_rate: int, channels: int = 2, *, floor_db: float = -120.0) -> None:
        super().__init__(sample_rate, channels, floor_db)
        steps = np.arange(CHUNK_FRAMES)[:, None]
        return_s = PPM_RETURN_S / (PPM_RETURN_DB / (20.0 / math.log(10.0)))
        self._decay = math.exp(-1.0 / (return_s * sample_rate))
        self._decay_up = np.tile(self._decay**steps, (1, channels))
        self._decay_down = np.tile(self._decay ** (-steps), (1, channels))
        # One-pole k: y[m] = a**m * (a * y[-1] + (1 - a) * sum_{j<=m} a**-j u[j]).
        self._poles = [math.exp(-1.0 / (tau_s * sample_rate)) for tau_s in PPM_INTEGRATION_S]
        sine_gain = math.pi / 2.0  # mean |sin| is 2/pi
        self._pole_up = [np.tile(a**steps, (1, channels)) for a in self._poles]
        self._pole_down = [
            np.tile(weight * sine_gain * (1.0 - a) * a ** (-steps), (1, channels))
            for a, weight in zip(self._poles, PPM_INTEGRATION_WEIGHTS, strict=True)
        ]
        self._averages = np.zeros((len(self._poles), channels))  # each one-pole's last output
        self._peak = np.zeros(channels)  # held sample peak at the last frame
        self._work = np.zeros((CHUNK_FRAMES, channels))
        self._average = np.zeros((CHUNK_FRAMES, channels))
        self._envelope = np.zeros((CHUNK_FRAMES, channels))
        self._row = np.zeros(channels)

    def _reset_state(self) -> None:
        self._averages.fill(0.0)
        self._peak.fill(0.0)

    def _advance(self, magnitude: FloatArray) -> None:
        frames = magnitude.shape[0]
        average = self._average[:frames]
        self._integrate(magnitude, average)
        envelope = self._envelope[:frames]
        np.multiply(self._peak, self._decay, out=self._row)
        _held_max(magnitude, self._row, self._decay_up, self._decay_down, envelope)
        np.copyto(self._peak, envelope[frames - 1])
        # Quasi-peak: the integrated level, never above the held sample peak; then the reading
        # holds it with the return decay.
        np.minimum(envelope, average, out=envelope)
        np.multiply(self._reading, self._decay, out=self._row)
        _held_max(envelope, self._row, self._decay_up, self._decay_down, envelope)
        np.copyto(self._reading, envelope[frames - 1])

    def _integrate(self, magnitude: FloatArray, average: FloatArray) -> None:
        """Write the weighted, sine-calibrated sum of the one-pole averages into ``average``."""
        frames = magnitude.shape[0]
        work = self._work[:frames]
        average.fill(0.0)
        for index, pole in enumerate(self._poles):
            # y[m] = a**m * (a * y[-1] + sum_{j<=m} b a**-j u[j]): the carried a * y[-1]
            # joins the first term of the running sum.
            np.multiply(magnitude, self._pole_down[index][:frames], out=work)
            np.multiply(self._averages[index], pole, out=self._row)
            np.add(work[0], self._row, out=work[0])
            np.add.accumulate(work, axis=0, out=work)
            np.multiply(work, self._pole_up[index][:frames], out=work)
            np.copyto(self._averages[index], work[frames - 1])
            np.add(average, work, out=average)


def _held_max(
    values: FloatArray,
    start: FloatArray,
    decay_up: FloatArray,
    decay_down: FloatArray,
    out: FloatArray,
) -> None:
    """Write ``p[m] = max(d * p[m-1], values[m])`` into ``out``, given ``start = d * p[-1]``.

    Closed form: ``p[m] = d**m * max(d * p[-1], max_{j<=m} values[j] * d**-j)``. ``out`` may
    be ``values``.
    """
    frames = values.shape[0]
    np.multiply(values, decay_down[:frames], out=out)
    np.maximum(out[0], start, out=out[0])
    np.maximum.accumulate(out, axis=0, out=out)
    np.multiply(out, decay_up[:frames], out=out)
