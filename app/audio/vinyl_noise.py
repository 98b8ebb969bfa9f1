"""Surface noise as a stream: hiss and crackle made in fixed chunks, read in any block size.

Crackle is a Poisson process: each chunk of :attr:`SurfaceNoise.chunk_frames` draws how many
clicks and pops fall in it, where, which shape, how loud and on which side, then lays the
shapes in, carrying their tails into the next chunk. Because the draws belong to chunks of
absolute time and not to the caller's blocks, a stream read in blocks of 64, 1000 or 4096
frames is the same stream, frame for frame. The rate and loudness follow the record's age at
the time a chunk is made (a chunk is 23 ms at 44.1 kHz).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from app.audio.vinyl_motion import PlatterTurns
from app.audio.vinyl_sounds import (
    LockPattern,
    SoundBank,
    click_levels,
    click_rate_hz,
    for_channels,
    hiss_level,
    pop_levels,
    pop_rate_hz,
    stereo_gains,
)

Floats = npt.NDArray[np.float64]
Rows = npt.NDArray[np.float32]  # channel-major: (channels, frames)

NOISE_KNEE = 0.5  # noise bends softly once it would fill half the headroom above the music


class EventMixer:
    """Lay short sounds in at frame offsets of the coming frames, carrying their tails."""

    def __init__(self, channels: int, tail_frames: int) -> None:
        self.channels = channels
        self.tail_frames = tail_frames
        self._sum = np.zeros((channels, tail_frames), dtype=np.float32)

    def add(self, offset: int, shape: npt.NDArray[np.float32], gains: Floats) -> None:
        """Add ``shape`` (mono) at ``offset`` frames from now, ``gains`` per channel."""
        self._reserve(offset + len(shape))
        self._sum[:, offset : offset + len(shape)] += np.multiply.outer(gains, shape)

    def pop(self, n: int, out: Rows, add: bool = False) -> None:
        """Write (or ``add``) the next ``n`` frames into ``out`` (channels, n); move on by ``n``."""
        self._reserve(n)
        if add:
            out += self._sum[:, :n]
        else:
            out[:] = self._sum[:, :n]
        keep = self._sum.shape[1] - n
        self._sum[:, :keep] = self._sum[:, n:]
        self._sum[:, keep:] = 0.0

    def clear(self) -> None:
        """Drop every sound still ringing."""
        self._sum[:] = 0.0

    def _reserve(self, frames: int) -> None:
        if frames + self.tail_frames > self._sum.shape[1]:
            grown = np.zeros((self.channels, frames + self.tail_frames), dtype=np.float32)
            grown[:, : self._sum.shape[1]] = self._sum
            self._sum = grown


class SurfaceNoise:
    """The hiss and crackle of a record's surface, at full amount, as one endless stream.

    The hiss comes at its level for the record's age; crackle's rate and loudness follow the
    age too.
    """

    def __init__(
        self, bank: SoundBank, channels: int, rng: np.random.Generator, chunk_frames: int = 1024
    ) -> None:
        self.bank = bank
        self.channels = channels
        self.chunk_frames = max(chunk_frames, bank.pops.shape[1])
        self._rng = rng
        longest = max(bank.pops.shape[1], bank.clicks.shape[1])
        self._mixer = EventMixer(channels, longest)
        # Each loop carries a chunk of its start past its end, so no read inside a chunk wraps.
        self._loops = [
            np.concatenate([loop, loop[: self.chunk_frames]]) for loop in bank.hiss_loops
        ]
        # Channels read the loops at offsets of a few seconds: uncorrelated hiss, no echo.
        a, b = (len(loop) for loop in bank.hiss_loops)
        self._offsets = [(c * (a // 2), c * (2 * b // 5)) for c in range(channels)]
        self._hiss = np.zeros((channels, 2 * self.chunk_frames), dtype=np.float32)
        self._crackle = np.zeros_like(self._hiss)
        self._start = self._end = 0
        self._made = 0  # frames of noise made since the start

    def read(self, n: int, age_after: Callable[[int], float]) -> tuple[Rows, Rows]:
        """Return the next ``n`` frames of (hiss, crackle); the views last until the next call.

        ``age_after(k)`` is the record's age ``k`` frames after the first one read now; each
        chunk is made with the age at its start.
        """
        if self._end - self._start < n:
            self._make(n, age_after)
        span = slice(self._start, self._start + n)
        self._start += n
        return self._hiss[:, span], self._crackle[:, span]

    def _make(self, n: int, age_after: Callable[[int], float]) -> None:
        have, span = self._end - self._start, slice(self._start, self._end)
        if self._hiss.shape[1] < n + self.chunk_frames:
            size = n + self.chunk_frames
            hiss = np.zeros((self.channels, size), dtype=np.float32)
            crackle = np.zeros_like(hiss)
            hiss[:, :have], crackle[:, :have] = self._hiss[:, span], self._crackle[:, span]
            self._hiss, self._crackle = hiss, crackle
        else:
            self._hiss[:, :have] = self._hiss[:, span]
            self._crackle[:, :have] = self._crackle[:, span]
        self._start, self._end = 0, have
        while self._end < n:
            self._chunk(slice(self._end, self._end + self.chunk_frames), age_after(self._end))
            self._end += self.chunk_frames

    def _chunk(self, span: slice, age: float) -> None:
        size = self.chunk_frames
        loop_a, loop_b = self._loops
        len_a, len_b = (len(x) for x in self.bank.hiss_loops)
        hiss = self._hiss[:, span]
        for c, (off_a, off_b) in enumerate(self._offsets):
            a = (self._made + off_a) % len_a
            b = (self._made + off_b) % len_b
            np.add(loop_a[a : a + size], loop_b[b : b + size], out=hiss[c])
        hiss *= np.float32(np.sqrt(0.5) * hiss_level(age))
        self._scatter(self.bank.clicks, click_rate_hz(age), click_levels, age)
        self._scatter(self.bank.pops, pop_rate_hz(age), pop_levels, age)
        self._mixer.pop(size, self._crackle[:, span])
        self._made += size

    def _scatter(
        self,
        shapes: npt.NDArray[np.float32],
        rate_hz: float,
        levels: Callable[[float, Floats], Floats],
        age: float,
    ) -> None:
        """Draw this chunk's events of one kind and lay them into the mixer."""
        count = int(self._rng.poisson(rate_hz * self.chunk_frames / self.bank.sample_rate))
        if count == 0:
            return
        draws = self._rng.random((count, 4))
        offsets = (draws[:, 0] * self.chunk_frames).astype(np.intp)
        variants = (draws[:, 1] * len(shapes)).astype(np.intp)
        gains = for_channels(stereo_gains(draws[:, 3]), self.channels)
        gains *= levels(age, draws[:, 2])[:, None]
        for offset, variant, gain in zip(offsets, variants, gains, strict=True):
            self._mixer.add(int(offset), shapes[variant], gain)


class LockGroove:
    """What the stylus meets once per turn in the lock groove, laid in as the platter turns."""

    def __init__(self, pattern: LockPattern, channels: int, rng: np.random.Generator) -> None:
        self._pattern = pattern
        self._gains = for_channels(pattern.gains, channels) * pattern.levels[:, None]
        self._mixer = EventMixer(channels, pattern.shapes.shape[1])
        self._rng = rng

    def clear(self) -> None:
        """Drop the ticks still ringing."""
        self._mixer.clear()

    def add(self, platter: PlatterTurns, t0: int, out: Rows) -> None:
        """Add the sounds met from absolute frame ``t0`` over ``out``'s frames into ``out``.

        Each sound keeps its place on the turn; its loudness varies a little from pass to pass.
        """
        n = out.shape[1]
        if platter.platter_hz > 0.0:
            start, end = platter.turn_at(t0), platter.turn_at(t0 + n)
            hits: list[tuple[int, int]] = []
            for index, at in enumerate(self._pattern.turns):
                for turn in range(math.ceil(start - at), math.ceil(end - at)):
                    frame = math.ceil(platter.frame_of(turn + at))
                    hits.append((min(n - 1, max(0, frame - t0)), index))
            for offset, index in sorted(hits):  # draw in time order, whatever the block size
                jitter = 1.0 + 0.08 * float(self._rng.standard_normal())
                gains = self._gains[index] * jitter
                self._mixer.add(offset, self._pattern.shapes[index], gains)
        self._mixer.pop(n, out, add=True)


def add_within_full_scale(music: Rows, noise: Rows, out: Rows) -> None:
    """Write ``music + noise`` into ``out``, within [-1, 1], never bending the music.

    All three are channel-major, (channels, n); ``out`` may be a transposed view. Music beyond
    full scale is clipped (as the sink would). The noise keeps its shape until it would fill
    half the headroom the music leaves it, then bends softly into the rest.
    """
    peak_music = max(float(music.max()), -float(music.min()))
    if peak_music > 1.0:
        np.minimum(music, np.float32(1.0), out=music)
        np.maximum(music, np.float32(-1.0), out=music)
    peak_noise = max(float(noise.max()), -float(noise.min()))
    np.add(music, noise, out=out)
    if peak_noise <= NOISE_KNEE * (1.0 - peak_music):
        return
    room = np.where(noise >= 0.0, 1.0 - music, 1.0 + music)
    over = np.abs(noise) > NOISE_KNEE * room
    if not over.any():
        return
    room, excess, below = room[over], np.abs(noise[over]), music[over]
    knee = NOISE_KNEE * room
    soft = (room - knee) * np.tanh((excess - knee) / np.maximum(room - knee, 1e-9))
    out[over] = below + np.sign(noise[over]) * (knee + soft)
