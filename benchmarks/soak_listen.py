"""What the sink really played: tracks told apart by their tones, and dropouts, from its monitor.

:class:`MonitorListener` records the private null sink's monitor with ``parec`` at 8 kHz mono
for as long as the soak runs (an hour at 16 kB/s would be 60 MB, so nothing is kept but the
findings) and reads it block by block on a thread:

- each 50 ms block is classed by its strongest frequency as one of the soak's tones (at the
  playback rate), as silence, or as unknown; :func:`count_heard` then turns the classes into
  the tracks heard and the tracks missed (each track's tone follows its predecessor's in a
  fixed cycle, so a skipped track is a wrong step);
- :class:`QuietRuns` finds each stretch of near-silence of 10 ms or more after the first
  sound: with a signal that is never silent, each is a dropout heard on the sink.

The pure functions are unit-tested in ``tests/benchmarks/test_soak.py``.
"""

from __future__ import annotations

import math
import os
import subprocess
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

LISTEN_RATE_HZ = 8000
BLOCK_SAMPLES = 400  # 50 ms
SILENT = -1
UNKNOWN = -2
QUIET_LEVEL = 64  # |sample| at or below this is silence (-54 dBFS)
DROPOUT_MIN_SAMPLES = 80  # 10 ms
_SILENT_RMS = 200.0
_FFT_SIZE = 4096
_MAX_LOG2_DISTANCE = 0.15  # +-11 %: the tones are 0.49 octave apart
_MIN_RUN_BLOCKS = 2

Samples = npt.NDArray[np.int16]


def block_class(block: Samples, tones_hz: Sequence[float], rate: float) -> int:
    """Return which tone ``block`` holds (its index), :data:`SILENT` or :data:`UNKNOWN`.

    Parameters
    ----------
    block
        Mono samples at :data:`LISTEN_RATE_HZ`.
    tones_hz
        The tones as cut; heard at ``rate`` times their frequency.
    rate
        The playback rate.
    """
    values = block.astype(np.float64)
    if not len(values) or math.sqrt(float(np.mean(values * values))) < _SILENT_RMS:
        return SILENT
    spectrum = np.abs(np.fft.rfft(values * np.hanning(len(values)), _FFT_SIZE))
    peak_hz = float(np.argmax(spectrum[1:]) + 1) * LISTEN_RATE_HZ / _FFT_SIZE
    distances = [abs(math.log2(peak_hz / (tone * rate))) for tone in tones_hz]
    best = int(np.argmin(distances))
    return best if distances[best] <= _MAX_LOG2_DISTANCE else UNKNOWN


@dataclass(frozen=True)
class Heard:
    """Tracks told apart on the monitor."""

    heard: int  # tracks whose tone was heard, in order
    missed: int  # tracks skipped between two heard ones (a wrong step in the cycle)
    glitches: int  # runs of a tone too short to count (the blocks where tracks meet)


def count_heard(classes: Sequence[int], cycle: int, first: int = 0) -> Heard:
    """Count the tracks in a sequence of block classes.

    Silent and unknown blocks are dropped, runs of one tone shorter than two blocks are
    glitches, and what is left merges into one run per track. Track ``n`` has tone
    ``n % cycle``: a step of one tone is the next track; a step of ``k`` means ``k - 1``
    tracks were skipped. ``first`` is the tone of the first track expected.
    """
    runs: list[list[int]] = []  # [tone, blocks]
    for value in classes:
        if value < 0:
            continue
        if runs and runs[-1][0] == value:
            runs[-1][1] += 1
        else:
            runs.append([value, 1])
    kept = [tone for tone, blocks in runs if blocks >= _MIN_RUN_BLOCKS]
    merged = [tone for i, tone in enumerate(kept) if i == 0 or kept[i - 1] != tone]
    missed, previous = 0, (first - 1) % cycle
    for tone in merged:
        missed += (tone - previous - 1) % cycle
        previous = tone
    return Heard(heard=len(merged), missed=missed, glitches=len(runs) - len(kept))


@dataclass
class QuietRuns:
    """Stretches of near-silence found in a stream fed in pieces (dropouts once sound began).

    Feed consecutive pieces to :meth:`feed`; :attr:`dropouts` lists ``(start, length)`` in
    samples from the start of the stream for each quiet stretch of at least ``min_samples``
    that lies between sounds (the silence before the first sound is not one, and a stretch
    still open at the end is left out).
    """

    min_samples: int = DROPOUT_MIN_SAMPLES
    level: int = QUIET_LEVEL
    dropouts: list[tuple[int, int]] = field(default_factory=list)
    first_sound: int | None = None  # the first loud sample
    _seen: int = 0  # samples fed so far
    _sounded: bool = False
    _quiet_since: int | None = None

    def feed(self, samples: Samples) -> None:
        """Take the next piece of the stream."""
        loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > self.level)
        base, n = self._seen, len(samples)
        self._seen += n
        if not len(loud):
            if self._sounded and self._quiet_since is None:
                self._quiet_since = base
            return
        first = base + int(loud[0])
        if self._quiet_since is not None:
            self._close(self._quiet_since, first)
        if self.first_sound is None:
            self.first_sound = first
        self._sounded = True
        gaps = np.flatnonzero(np.diff(loud) > self.min_samples)
        for i in gaps:
            self._close(base + int(loud[i]) + 1, base + int(loud[i + 1]))
        last = int(loud[-1])
        self._quiet_since = base + last + 1 if last + 1 < n else None

    def _close(self, start: int, end: int) -> None:
        if end - start >= self.min_samples:
            self.dropouts.append((start, end - start))


class MonitorListener:
    """Record the sink's monitor with ``parec`` and class and check it on a thread.

    Parameters
    ----------
    pulse_env
        The private PulseAudio server's client environment (``PulseServer.env``).
    source
        The monitor source to record.
    tones_hz
        The tones to tell apart (empty: only dropouts are looked for).
    rate
        The playback rate the tones are heard at.
    """

    def __init__(
        self,
        pulse_env: Mapping[str, str],
        source: str,
        tones_hz: Sequence[float] = (),
        rate: float = 1.0,
    ) -> None:
        self.tones_hz = tuple(tones_hz)
        self.rate = rate
        self.classes: list[int] = []  # written by the reader thread, read after stop()
        self.quiet = QuietRuns()
        self.samples_read = 0
        self._proc = subprocess.Popen(
            ["parec", "-d", source, "--format=s16le", f"--rate={LISTEN_RATE_HZ}",
             "--channels=1", "--raw", "--latency-msec=50",
             "--client-name=starlight-soak-listener"],
            env={**os.environ, **pulse_env}, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0,
        )  # fmt: skip
        self._thread = threading.Thread(target=self._read, name="soak-listener", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        fd, pending = self._proc.stdout.fileno(), b""
        size = BLOCK_SAMPLES * 2
        while chunk := os.read(fd, 1 << 14):
            pending += chunk
            while len(pending) >= size:
                block = np.frombuffer(pending[:size], dtype="<i2")
                pending = pending[size:]
                self.quiet.feed(block)
                self.samples_read += BLOCK_SAMPLES
                if self.tones_hz:
                    self.classes.append(block_class(block, self.tones_hz, self.rate))

    def seconds_heard(self) -> float:
        """Return how long the monitor has been recorded."""
        return self.samples_read / LISTEN_RATE_HZ

    def seconds_sounding(self) -> float:
        """Return how long the sink played from its first sound on, dropouts left out."""
        first = self.quiet.first_sound
        if first is None:
            return 0.0
        lost = sum(n for _start, n in self.quiet.dropouts)
        return (self.samples_read - first - lost) / LISTEN_RATE_HZ

    def stop(self) -> None:
        """Stop recording and wait for the last blocks to be read."""
        self._proc.terminate()
        try:
            self._proc.wait(5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._thread.join(5)
        if self._proc.stdout is not None:
            self._proc.stdout.close()

    def dropouts(self) -> list[tuple[float, float]]:
        """Return each dropout as (seconds after the first sound, length in ms)."""
        first = self.quiet.first_sound or 0
        return [
            (round((start - first) / LISTEN_RATE_HZ, 3), round(n * 1000 / LISTEN_RATE_HZ, 1))
            for start, n in self.quiet.dropouts
        ]
