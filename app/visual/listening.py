"""What the picture knows of the sound heard now: band levels, meter readings, the music's mood.

Once a frame, :meth:`Listening.update` reads the frames that end at the audible output frame
from the engine's :class:`~app.audio.heard.HeardTap`. The analyser looks at that window; the
meters take every frame heard since the last update, in order, so their ballistics see the
whole stream. While nothing sounds (paused, stopped, between tracks) both are fed silence for
the time that passed, so the bars and needles fall as a real amplifier's do.

Every array is made once; an update allocates nothing but a few Python floats.
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np
import numpy.typing as npt

from app.visual.ballistics import BandBallistics
from app.visual.meters import PpmMeter, VuMeter
from app.visual.spectrum import SpectrumAnalyzer
from app.visual.starfield import MusicMood

# How far past the audible frame the analyser's window ends. Its newest frames weigh least
# (the window tapers), so a sound shows a few milliseconds after it starts; this brings the
# first showing back to the moment it is heard (measured end to end: tests/e2e/test_sync.py).
LOOKAHEAD_S = 0.006
# Below this nothing shows: the analyser's lowest segment (-60 dBFS), the VU's -20 VU
# (-38 dBFS) and the PPM's mark 1 (-32 dBFS) all sit above it.
SHOWN_FLOOR_DB = -60.0
LONG_EVERY = 2  # the low bands' long windows are transformed every other frame
MAX_METER_CHUNK_S = 0.25  # longer gaps (a stall, a restart) are not replayed to the meters
BASS_TOP_HZ = 150.0
_MOOD_FLOOR_DB = -50.0
_MOOD_SPAN_DB = 40.0
_BEAT_RISE_DB = 4.0
_BEAT_DECAY_S = 0.3
_SLOW_S = 1.5


class TapLike(Protocol):
    """The part of :class:`~app.audio.heard.HeardTap` the picture reads."""

    @property
    def stream(self) -> int: ...  # noqa: D102

    @property
    def end_frame(self) -> int: ...  # noqa: D102

    def read(self, end_frame: int, out: npt.NDArray[np.float32]) -> int: ...  # noqa: D102


class Listening:
    """The analyser, its ballistics, the VU and PPM meters and the mood, fed from the tap."""

    def __init__(
        self,
        sample_rate: int,
        channels: int = 2,
        bands_per_octave: int = 3,
        a_weighting: bool = False,
    ) -> None:
        self.sample_rate = sample_rate
        self.channels = channels
        self.analyzer = SpectrumAnalyzer(sample_rate, bands_per_octave, a_weighting=a_weighting)
        bands = len(self.analyzer.centres)
        self.ballistics = BandBallistics(bands, floor_db=self.analyzer.floor_db)
        self.vu = VuMeter(sample_rate, channels)
        self.ppm = PpmMeter(sample_rate, channels)
        self._ppm_on = True
        self.mood = MusicMood()
        self._lookahead = round(LOOKAHEAD_S * sample_rate)
        self._window = np.zeros((self.analyzer.fft_size, channels), dtype=np.float32)
        self._window_silent = True
        self._levels = np.empty(bands, dtype=np.float64)
        self._chunk = np.zeros((round(MAX_METER_CHUNK_S * sample_rate), channels), np.float32)
        self._silence = np.zeros_like(self._chunk)
        self._bass_bands = max(1, int(np.count_nonzero(self.analyzer.centres < BASS_TOP_HZ)))
        self._stream = -1
        self._meter_end = 0
        self._bass_slow_db = _MOOD_FLOOR_DB
        self._beat = 0.0
        self._analysis_due_s = 0.0

    @property
    def levels_db(self) -> npt.NDArray[np.float64]:
        """The analyser's bars as shown (after attack and release), dBFS per band."""
        return self.ballistics.levels_db

    @property
    def peaks_db(self) -> npt.NDArray[np.float64]:
        """The peak caps, dBFS per band."""
        return self.ballistics.peaks_db

    @property
    def centres(self) -> npt.NDArray[np.float64]:
        """The bands' centre frequencies in Hz."""
        return self.analyzer.centres

    def use_ppm(self, on: bool) -> None:
        """Run the PPM (True), or leave it at rest while nobody watches it.

        The VU always runs: the mood's energy comes from it.
        """
        if on and not self._ppm_on:
            self.ppm.reset()
        self._ppm_on = on

    def settled(self, meter: str = "vu") -> bool:
        """Whether the bars, their caps and the shown meter (``vu`` or ``ppm``) are out of sight.

        Below ``SHOWN_FLOOR_DB`` no segment is lit and a needle lies on its pin; the meter not
        shown may still be falling (the PPM takes seconds), which nobody sees.
        """
        needle = self.ppm if meter == "ppm" else self.vu
        return bool(
            self.ballistics.peaks_db.max() <= SHOWN_FLOOR_DB
            and needle.level_db.max() <= SHOWN_FLOOR_DB
        )

    def update(
        self, tap: TapLike, audible_frame: int, sounding: bool, dt_s: float, analyse: bool = True
    ) -> None:
        """Move everything on by ``dt_s`` seconds, with the sound heard up to ``audible_frame``.

        ``sounding`` is False while the engine is paused or stopped: then silence is fed.
        ``analyse`` False leaves the bands as they are this time (nobody watches the analyser;
        the mood can wait a frame or two); the next analysis catches up on the time passed.
        """
        dt_s = min(max(dt_s, 0.0), MAX_METER_CHUNK_S)
        self._analysis_due_s += dt_s
        if analyse:
            self._analyse(tap, audible_frame, sounding, min(self._analysis_due_s, 1.0))
            self._analysis_due_s = 0.0
        self._meter(tap, audible_frame, sounding, dt_s)
        self._feel(dt_s)

    def reset(self) -> None:
        """Drop every reading to the floor at once."""
        self.ballistics.reset()
        self.vu.reset()
        self.ppm.reset()
        self._window.fill(0.0)
        self._window_silent = True
        self.mood = MusicMood()
        self._beat = 0.0
        self._bass_slow_db = _MOOD_FLOOR_DB

    # ------------------------------------------------------------------ the parts
    def _analyse(self, tap: TapLike, audible: int, sounding: bool, dt_s: float) -> None:
        if sounding:
            tap.read(audible + self._lookahead, self._window)
            self._window_silent = False
        elif not self._window_silent:
            self._window.fill(0.0)
            self._window_silent = True
        self.analyzer.analyze(self._window, out=self._levels)
        self.ballistics.update(self._levels, dt_s)

    def _meter(self, tap: TapLike, audible: int, sounding: bool, dt_s: float) -> None:
        same_stream = tap.stream == self._stream
        new = audible - self._meter_end if same_stream else 0
        self._stream, self._meter_end = tap.stream, audible
        if sounding and new > 0:
            n = min(new, len(self._chunk))
            chunk = self._chunk[:n]
            tap.read(audible, chunk)
        else:
            chunk = self._silence[: min(len(self._silence), round(dt_s * self.sample_rate))]
        if len(chunk):
            self.vu.process(chunk)
            if self._ppm_on:
                self.ppm.process(chunk)

    def _feel(self, dt_s: float) -> None:
        """Turn the bass level, its rises and the overall loudness into a calm 0..1 mood."""
        levels = self.ballistics.levels_db
        bass_db = float(levels[: self._bass_bands].max())  # the bands rise in frequency
        slow = 1.0 - math.exp(-dt_s / _SLOW_S)
        self._bass_slow_db += (bass_db - self._bass_slow_db) * slow
        if bass_db - self._bass_slow_db > _BEAT_RISE_DB and bass_db > _MOOD_FLOOR_DB:
            self._beat = 1.0
        else:
            self._beat *= math.exp(-dt_s / _BEAT_DECAY_S)
        loudness_db = float(self.vu.level_db.max())
        self.mood = MusicMood(
            bass=_unit((bass_db - _MOOD_FLOOR_DB) / _MOOD_SPAN_DB),
            beat=self._beat,
            energy=_unit((loudness_db - _MOOD_FLOOR_DB) / _MOOD_SPAN_DB),
        )


def _unit(value: float) -> float:
    return min(1.0, max(0.0, value))
