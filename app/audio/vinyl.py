"""Vinyl character: a record's sound laid over the music, subtle and off by default.

Four things make it, each scaled by one amount (0..1) and shaped by the record's age (0..1):

- speed faults (:mod:`app.audio.vinyl_motion`): wow once per turn from an off-centre hole,
  a warp's pitch and level dip once per turn, slow drift and small fast flutter, read as one
  modulated delay through a windowed-sinc fractional delay line (:mod:`app.audio.vinyl_delay`);
- wear: a band that narrows gently with age (less deep bass, slightly softer treble);
- surface noise (:mod:`app.audio.vinyl_noise`): dust clicks leaning left or right, rarer and
  lower scratch pops, quiet band-limited hiss; clicks grow denser and louder with age;
- events: a needle drop (a thump and a burst of crackle) and the lock groove's tick once per
  turn after the music ends.

Threads: the setters, :meth:`VinylCharacter.needle_drop` and :meth:`VinylCharacter.reset` may be
called from any thread; they only store plain values that the audio thread picks up at the
start of its next block. :meth:`~VinylCharacter.process` and :meth:`~VinylCharacter.lock_groove`
run on the audio thread. Amount and age glide (at most 1 and 0.5 per second) so moving a slider
never clicks. At amount 0, once the glide has ended, the frames pass untouched.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from app.audio.dsp import Frames
from app.audio.vinyl_delay import (
    LATENCY_FRAMES,
    TAPS,
    WORN_LOWPASS_C,
    FractionalDelay,
    WornFilter,
)
from app.audio.vinyl_motion import GRID_FRAMES, PlatterTurns, Slew, SpeedFaults
from app.audio.vinyl_noise import LockGroove, SurfaceNoise, add_within_full_scale
from app.audio.vinyl_sounds import SoundBank, for_channels

Floats = npt.NDArray[np.float64]

DEFAULT_AGE = 0.35
AMOUNT_PER_S = 1.0  # how fast the amount may move
AGE_PER_S = 0.5
CROSSFADE_AMOUNT = 0.02  # below this the delayed music cross-fades with the untouched music
LOCK_CRACKLE_SHARE = 0.15  # the lock groove's dust is mostly the same specks every turn
WEAR_STEP_FRAMES = 1024  # while gliding, the worn filter's corner moves in steps this long
FULL_NOISE_PLATTER_HZ = 0.14  # surface noise is full from a quarter of 33 1/3 rpm up


class VinylCharacter:
    """The vinyl character for one stream of ``channels`` at ``sample_rate``, seeded."""

    def __init__(self, sample_rate: int = 44100, channels: int = 2, seed: int = 0) -> None:
        if sample_rate <= 0 or channels <= 0:
            raise ValueError(
                f"vinyl character needs a positive sample rate and channel count, "
                f"not {sample_rate} Hz and {channels} channels"
            )
        self.sample_rate = sample_rate
        self.channels = channels
        sounds, faults, noise, jitter = (
            np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4)
        )
        self._bank = SoundBank(sample_rate, sounds)
        self._faults = SpeedFaults(sample_rate, faults)
        chunk = 1024 * max(1, math.ceil(sample_rate / 48000))
        self._noise = SurfaceNoise(self._bank, channels, noise, chunk)
        self._drops = [
            np.ascontiguousarray(for_channels(d.astype(np.float64), channels).T, np.float32)
            for d in self._bank.needle_drops
        ]
        self._lock = LockGroove(self._bank.lock, channels, jitter)
        depth = self._faults.depth_frames
        self._delay = FractionalDelay(channels, math.ceil(LATENCY_FRAMES + 2 * depth) + TAPS + 1)
        self._filter = WornFilter(channels, sample_rate)
        self._turns = PlatterTurns(sample_rate)
        self._amount_line = Slew(AMOUNT_PER_S / sample_rate, 0.0)
        self._age_line = Slew(AGE_PER_S / sample_rate, DEFAULT_AGE)
        # Written by any thread (the GUI's), read by the audio thread: floats and counters.
        self._amount = 0.0
        self._age = DEFAULT_AGE
        self._drops_asked = 0
        self._resets_asked = 0
        # Audio thread only.
        self._frame = 0  # frames produced since construction: the effect's clock
        self._started = False
        self._drops_done = self._resets_done = 0
        self._drop: Frames | None = None
        self._drop_at = 0
        self._drop_count = 0
        self._speed_gain: float | None = None
        self._scratch = np.zeros((2, channels, 0), dtype=np.float32)  # music, noise
        self._frame_ramp = np.zeros(0)
        self._times = np.zeros(0)

    # ------------------------------------------------------------------ settings (any thread)
    @property
    def amount(self) -> float:
        """How much of the effect is asked for, 0..1."""
        return self._amount

    @property
    def age(self) -> float:
        """How worn the record is, 0 (new) .. 1 (old)."""
        return self._age

    @property
    def enabled(self) -> bool:
        """Whether the effect is asked for (amount above 0)."""
        return self._amount > 0.0

    @property
    def audible(self) -> bool:
        """Whether the effect still changes the sound (it glides out after amount 0)."""
        return self._amount > 0.0 or self._amount_line.value_at(self._frame) > 0.0

    def set_amount(self, amount: float) -> None:
        """Set how much vinyl character to add, 0 (none: bit-exact) .. 1."""
        self._amount = min(1.0, max(0.0, float(amount)))

    def set_age(self, age: float) -> None:
        """Set how worn the record sounds, 0 (new) .. 1 (a well-loved old record)."""
        self._age = min(1.0, max(0.0, float(age)))

    def needle_drop(self) -> None:
        """Sound the stylus landing at the start of the next block (while the effect is on)."""
        self._drops_asked += 1

    def reset(self) -> None:
        """Forget the music heard so far (after a seek or for a new stream), at the next block."""
        self._resets_asked += 1

    # ------------------------------------------------------------------ audio thread
    def process(self, frames: Frames, platter_hz: float) -> Frames:
        """Add the vinyl character to ``frames`` in place and return them.

        ``frames`` is float32 shaped (n, channels); ``platter_hz`` is the platter's turns per
        second now (0.556 at 33 1/3 rpm). At amount 0 the frames are returned untouched.
        """
        n = self._check(frames)
        if n == 0:
            return frames
        t0 = self._begin(n, platter_hz)
        if self._amount_line.target == 0.0 and self._amount_line.settled_at(t0):
            self._delay.remember(frames)
            self._filter.process(frames.T, 0.0)
            self._drop = None
            self._frame += n
            return frames
        times, amounts = self._grid(t0, n)
        music = self._music(frames, t0, times, amounts)
        noise = self._surface(n, t0, platter_hz, times, amounts, lock=False)
        add_within_full_scale(music, noise, frames.T)
        self._frame += n
        return frames

    def lock_groove(self, out: Frames, platter_hz: float, amount: float | None = None) -> Frames:
        """Fill ``out`` with the stylus riding the lock groove and return it.

        A soft tick once per turn (every ``1 / platter_hz`` seconds) among a few specks of
        dust met every turn, over quiet surface noise. ``amount`` overrides the effect's
        amount for this sound (to let the run-out be heard with the character off).
        """
        n = self._check(out)
        out[:] = 0.0
        if n == 0:
            return out
        t0 = self._begin(n, platter_hz)
        self._delay.clear()  # behind the stylus is silence now
        self._filter.reset()
        times, amounts = self._grid(t0, n)
        if amount is not None:
            amounts = np.full(len(times), min(1.0, max(0.0, amount)))
        if amounts.max() > 0.0:
            noise = self._surface(n, t0, platter_hz, times, amounts, lock=True)
            silence = self._scratch[0, :, :n]
            silence[:] = 0.0
            add_within_full_scale(silence, noise, out.T)
        else:
            self._drop = None
        self._frame += n
        return out

    def _check(self, frames: Frames) -> int:
        if frames.dtype != np.float32 or frames.ndim != 2 or frames.shape[1] != self.channels:
            raise ValueError(
                f"vinyl character expects float32 frames shaped (n, {self.channels}), "
                f"got {frames.dtype} {frames.shape}"
            )
        return len(frames)

    def _begin(self, n: int, platter_hz: float) -> int:
        """Pick up what other threads asked for and get the buffers ready for ``n`` frames."""
        t0 = self._frame
        if self._scratch.shape[2] < n:
            self._scratch = np.zeros((2, self.channels, n), dtype=np.float32)
            self._frame_ramp = np.arange(n, dtype=np.float64)
            self._times = np.zeros(n)
        if self._resets_asked != self._resets_done:
            self._resets_done = self._resets_asked
            self._delay.clear()
            self._filter.reset()
            self._lock.clear()
        if not self._started:
            self._age_line = Slew(self._age_line.per_frame, self._age)
            self._started = True
        self._amount_line.retarget(self._amount, t0)
        self._age_line.retarget(self._age, t0)
        self._turns.set_speed(max(0.0, platter_hz), t0)
        if self._drops_asked != self._drops_done:
            self._drops_done = self._drops_asked
            self._drop = self._drops[self._drop_count % len(self._drops)]
            self._drop_at = 0
            self._drop_count += 1
        return t0

    def _grid(self, t0: int, n: int) -> tuple[Floats, Floats]:
        """Return the grid frames that cover the block, and the amount at each."""
        first = t0 // GRID_FRAMES
        last = (t0 + n - 1) // GRID_FRAMES + 1
        times = np.arange(first, last + 1, dtype=np.float64) * GRID_FRAMES
        return times, self._amount_line.values(times)

    def _per_frame(self, t0: int, n: int, times: Floats, values: Floats) -> Floats:
        """Interpolate grid ``values`` at the block's frames."""
        frames = np.add(self._frame_ramp[:n], t0, out=self._times[:n])
        return np.interp(frames, times, values)

    def _music(self, frames: Frames, t0: int, times: Floats, amounts: Floats) -> Frames:
        """Return the music through the speed faults and the worn filter (a scratch view)."""
        n = len(frames)
        ages = self._age_line.values(times)
        turns = self._turns.turns_at(times)
        delay, level = self._faults.delay_and_level(times, turns, amounts, ages, LATENCY_FRAMES)
        wet = self._scratch[0, :, :n]
        delays = self._per_frame(t0, n, times, delay)
        steady = self._amount_line.settled_at(t0) and self._age_line.settled_at(t0)
        if steady:
            strength = self._amount_line.target * self._age_line.target
            self._delay.read(frames, delays, WORN_LOWPASS_C * strength, wet)
            self._filter.process(wet, strength)
        else:
            softer = self._per_frame(t0, n, times, WORN_LOWPASS_C * amounts * ages)
            self._delay.read(frames, delays, softer, wet)
            self._wear_in_steps(wet, t0)
        wet *= self._per_frame(t0, n, times, level).astype(np.float32)
        if amounts.min() < CROSSFADE_AMOUNT:
            dry_to_wet = np.clip(self._per_frame(t0, n, times, amounts) / CROSSFADE_AMOUNT, 0, 1)
            wet -= frames.T
            wet *= dry_to_wet.astype(np.float32)
            wet += frames.T
        return wet

    def _wear_in_steps(self, wet: Frames, t0: int) -> None:
        """Run the worn filter while amount or age glide, its corner moving in fixed steps.

        The steps fall on absolute frame multiples of :data:`WEAR_STEP_FRAMES`, so any block
        sizes give the same sound.
        """
        n = wet.shape[1]
        start = 0
        while start < n:
            step = (t0 + start) // WEAR_STEP_FRAMES
            stop = min(n, (step + 1) * WEAR_STEP_FRAMES - t0)
            at = step * WEAR_STEP_FRAMES
            strength = self._amount_line.value_at(at) * self._age_line.value_at(at)
            self._filter.process(wet[:, start:stop], strength)
            start = stop

    def _surface(
        self,
        n: int,
        t0: int,
        platter_hz: float,
        times: Floats,
        amounts: Floats,
        lock: bool,
    ) -> Frames:
        """Return the surface noise, the needle drop and (``lock``) the lock groove's ticks."""
        hiss, crackle = self._noise.read(n, lambda k: self._age_line.value_at(t0 + k))
        noise = self._scratch[1, :, :n]
        if lock:
            np.multiply(crackle, np.float32(LOCK_CRACKLE_SHARE), out=noise)
            noise += hiss
        else:
            np.add(hiss, crackle, out=noise)
        self._scale_by_speed(noise, platter_hz)
        if lock:
            self._lock.add(self._turns, t0, noise)
        if self._drop is not None:
            piece = self._drop[:, self._drop_at : self._drop_at + n]
            noise[:, : piece.shape[1]] += piece
            self._drop_at += piece.shape[1]
            if self._drop_at >= self._drop.shape[1]:
                self._drop = None
        if amounts.min() == amounts.max():
            noise *= np.float32(amounts[0])
        else:
            noise *= self._per_frame(t0, n, times, amounts).astype(np.float32)
        return noise

    def _scale_by_speed(self, noise: Frames, platter_hz: float) -> None:
        """Fade surface noise with the platter: a record standing still makes none."""
        x = min(1.0, max(0.0, platter_hz / FULL_NOISE_PLATTER_HZ))
        gain = x * x * (3.0 - 2.0 * x)
        before = gain if self._speed_gain is None else self._speed_gain
        self._speed_gain = gain
        if before == gain:
            noise *= np.float32(gain)
        else:
            ramp = np.linspace(before, gain, noise.shape[1], endpoint=False, dtype=np.float32)
            noise *= ramp
