"""How stars shine through the air: brightness from magnitude, scintillation, Mars, the music.

- :func:`brightness_level` maps a magnitude to a display brightness 0..1 (Sirius is 1).
- The air dims a star toward the horizon and makes it scintillate: its light flickers by a few
  per cent overhead and by tens of per cent low down, at a few hertz, and a bright star low in
  the sky flashes red, green or blue for an instant (:class:`Scintillation`). Both grow with
  the air mass, about 1 / sin(altitude).
- A planet shows a disc, so it barely scintillates: :class:`Mars` shines steadily.
- :class:`MusicFollower` smooths the music's bass, beat and energy into a gentle lift.

All per-star arrays are preallocated; the per-frame methods allocate nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.visual.sky_geometry import unit_vectors

__all__ = [
    "FLASH_TINTS",
    "MARS_RGB",
    "MAX_MUSIC_GAIN",
    "Mars",
    "MusicFollower",
    "MusicMood",
    "Scintillation",
    "brightness_level",
    "extinction",
]

F32 = npt.NDArray[np.float32]
TAU = 2.0 * math.pi
MAG_BRIGHT, MAG_FAINT = -1.5, 7.4  # brightness 1 and 0 (the faintest synthetic star is 7.2)
AIR_FLOOR = 0.035  # keeps the air mass finite at the horizon (about 28 air masses)
TWINKLE_PER_AIR = 0.045  # the flicker's depth per air mass: 4.5 % overhead, 18 % at 14 deg
TWINKLE_MAX = 0.45
EXTINCTION_PER_AIR = 0.07  # brightness lost per extra air mass, gently
FLASH_AIR = (2.6, 6.0)  # colour flashes start below about 23 deg and are full below 10 deg
TWINKLE_HZ = ((1.1, 2.4), (2.4, 4.5), (4.5, 7.5))
TWINKLE_WEIGHTS = np.array([0.5, 0.3, 0.2], np.float32)  # the flicker spans -1..1
FLASH_HZ = (0.12, 0.4)
FLASH_THRESHOLD = 0.93  # a flash when two rhythms peak together: about 2 % of the time
SHARED_VOICES = 512  # flickers shared by the faint stars
WRAP_S = 8.0  # phases are brought back into 0..2 pi this often (below 60 rad: float32 is fine)
#: Colours a low bright star flashes: red, green and blue.
FLASH_TINTS = ((1.0, 0.36, 0.3), (0.5, 1.0, 0.55), (0.45, 0.62, 1.0))
MAX_MUSIC_GAIN = 0.2  # the music lifts a star's brightness by at most this fraction
MARS_RA_DEG, MARS_DEC_DEG = 241.0, -20.9  # on the ecliptic in Scorpius, near its rival Antares
MARS_MAGNITUDE = -1.3
MARS_RGB = (1.0, 0.5, 0.28)


def brightness_level(magnitude: npt.ArrayLike) -> F32:
    """Return the display brightness 0..1 of stars of ``magnitude`` (Sirius 1, mag 7.4 is 0)."""
    level = (MAG_FAINT - np.asarray(magnitude, np.float32)) / (MAG_FAINT - MAG_BRIGHT)
    clipped: F32 = np.clip(level, 0.02, 1.0).astype(np.float32)
    return clipped


def extinction(up: float) -> float:
    """Return the brightness factor the air leaves at sin(altitude) ``up``."""
    air = 1.0 / (max(up, 0.0) + AIR_FLOOR)
    return 1.0 / (1.0 + EXTINCTION_PER_AIR * (air - 1.0))


class Scintillation:
    """Every star's flicker, and the colour flashes of the first ``flash_count`` stars.

    A flicker is three sine waves at a few hertz. The bright stars each have their own; the
    thousands of faint ones share :data:`SHARED_VOICES` of them at random (no pattern shows,
    and a step costs one gather instead of three sines a star).

    Parameters
    ----------
    rng
        Seeded generator for each flicker's rates and phases and each star's voice.
    count
        Stars in all.
    flash_count
        The first this many stars (the bright real ones) may flash colours.

    """

    def __init__(self, rng: np.random.Generator, count: int, flash_count: int) -> None:
        voices = flash_count + SHARED_VOICES
        self._voice = np.concatenate(
            [np.arange(flash_count), rng.integers(flash_count, voices, count - flash_count)]
        ).astype(np.intp)
        self._rate = np.stack([rng.uniform(lo, hi, voices) * TAU for lo, hi in TWINKLE_HZ])
        self._rate = self._rate.astype(np.float32)
        self._phase = rng.uniform(0.0, TAU, (3, voices)).astype(np.float32)
        self._slow_rate = (rng.uniform(*FLASH_HZ, flash_count) * TAU).astype(np.float32)
        self._slow_phase = rng.uniform(0.0, TAU, flash_count).astype(np.float32)
        self._unwrapped_s = 0.0
        self._delta = np.zeros((3, voices), np.float32)
        self._sines = np.zeros((3, voices), np.float32)
        self._voice_flicker = np.zeros(voices, np.float32)
        self._air = np.zeros(count, np.float32)
        self._flicker = np.zeros(count, np.float32)
        self._fade = np.zeros(count, np.float32)
        self._slow = np.zeros(flash_count, np.float32)
        self._flash = np.zeros(flash_count, np.float32)
        self._tint = np.zeros(flash_count, np.int8)
        self._above = np.zeros((2, flash_count), np.int8)  # 0 or 1: a rhythm's upper half
        self._flash_view, self._tint_view = self._flash.view(), self._tint.view()
        self._flash_view.flags.writeable = self._tint_view.flags.writeable = False

    @property
    def flash(self) -> F32:
        """How much each flashing star shows its tint now, 0..1 (read-only)."""
        return self._flash_view

    @property
    def tint(self) -> npt.NDArray[np.int8]:
        """Which of :data:`FLASH_TINTS` each flashing star shows (read-only)."""
        return self._tint_view

    def advance(self, dt_s: float) -> None:
        """Run every flicker on by ``dt_s`` seconds."""
        np.multiply(self._rate, dt_s, out=self._delta)
        np.add(self._phase, self._delta, out=self._phase)
        slow = self._slow
        np.multiply(self._slow_rate, dt_s, out=slow)
        np.add(self._slow_phase, slow, out=self._slow_phase)
        self._unwrapped_s += dt_s
        if self._unwrapped_s > WRAP_S:  # now and then: keeps float32 phases precise
            self._unwrapped_s = 0.0
            np.remainder(self._phase, TAU, out=self._phase)
            np.remainder(self._slow_phase, TAU, out=self._slow_phase)
        np.sin(self._phase, out=self._sines)
        np.dot(TWINKLE_WEIGHTS, self._sines, out=self._voice_flicker)

    def apply(self, up: F32, base: F32, out: F32) -> None:
        """Write into ``out`` each star's ``base`` brightness dimmed and flickered by the air.

        ``up`` is the sine of each star's altitude.
        """
        air, flicker, fade = self._air, self._flicker, self._fade
        np.maximum(up, 0.0, out=air)
        np.add(air, AIR_FLOOR, out=air)
        np.reciprocal(air, out=air)  # the air mass
        np.multiply(air, TWINKLE_PER_AIR, out=fade)
        np.minimum(fade, TWINKLE_MAX, out=fade)
        np.take(self._voice_flicker, self._voice, out=flicker, mode="clip")  # unbuffered
        np.multiply(flicker, fade, out=flicker)
        np.add(flicker, 1.0, out=flicker)
        # Extinction: divide by 1 + k (air - 1).
        np.multiply(air, EXTINCTION_PER_AIR, out=fade)
        np.add(fade, 1.0 - EXTINCTION_PER_AIR, out=fade)
        np.divide(flicker, fade, out=flicker)
        np.multiply(base, flicker, out=out)
        self._flashes()

    def _flashes(self) -> None:
        """Set the colour flashes: brief, when two of a star's rhythms peak together."""
        count = self._flash.size
        flash, slow, above = self._flash, self._slow, self._above
        np.sin(self._slow_phase, out=slow)
        np.multiply(self._sines[1, :count], slow, out=flash)
        np.subtract(flash, FLASH_THRESHOLD, out=flash)
        np.multiply(flash, 1.0 / (1.0 - FLASH_THRESHOLD), out=flash)
        np.clip(flash, 0.0, 1.0, out=flash)
        low, full = FLASH_AIR
        np.subtract(self._air[:count], low, out=slow)
        np.multiply(slow, 1.0 / (full - low), out=slow)
        np.clip(slow, 0.0, 1.0, out=slow)
        np.multiply(flash, slow, out=flash)
        flags = above.view(np.bool_)
        np.greater(self._sines[0, :count], 0.0, out=flags[0])
        np.greater(self._sines[2, :count], 0.0, out=flags[1])
        np.add(above[0], above[1], out=self._tint)


@dataclass(frozen=True, slots=True)
class MusicMood:
    """How the music feels this frame, each 0..1 (values outside are clipped).

    Attributes
    ----------
    bass
        Low-frequency level.
    beat
        A beat's pulse: near 1 on a beat, falling between beats.
    energy
        How busy and loud the music is overall.

    """

    bass: float = 0.0
    beat: float = 0.0
    energy: float = 0.0


class MusicFollower:
    """Smooth the music's bass, beat and energy; silence (``None``) lets them fade out."""

    # Time constants in seconds: (rising, falling).
    BASS_S = (0.15, 0.6)
    BEAT_S = (0.05, 0.35)
    ENERGY_S = (2.5, 4.0)

    def __init__(self) -> None:
        self.bass = 0.0
        self.beat = 0.0
        self.energy = 0.0

    @staticmethod
    def _towards(value: float, target: float, dt_s: float, times_s: tuple[float, float]) -> float:
        tau_s = times_s[0] if target > value else times_s[1]
        return value + (target - value) * (1.0 - math.exp(-dt_s / tau_s))

    def follow(self, dt_s: float, mood: MusicMood | None) -> None:
        """Move toward ``mood`` (``None`` when paused: toward silence) over ``dt_s`` seconds."""
        bass = beat = energy = 0.0
        if mood is not None:
            bass = min(1.0, max(0.0, float(mood.bass)))
            beat = min(1.0, max(0.0, float(mood.beat)))
            energy = min(1.0, max(0.0, float(mood.energy)))
        self.bass = self._towards(self.bass, bass, dt_s, self.BASS_S)
        self.beat = self._towards(self.beat, beat, dt_s, self.BEAT_S)
        self.energy = self._towards(self.energy, energy, dt_s, self.ENERGY_S)

    def gain(self, weight: float) -> float:
        """Return the brightness factor now for a layer the music moves by ``weight`` (0..1)."""
        lift = min(1.0, 0.65 * self.bass + 0.35 * self.beat)
        return 1.0 + weight * MAX_MUSIC_GAIN * lift


class Mars:
    """Mars, a steady orange-red light near Antares (read its attributes; the sky moves it)."""

    def __init__(self) -> None:
        vector = unit_vectors([MARS_RA_DEG], [MARS_DEC_DEG], np.float64)[:, 0]
        self.direction = (float(vector[0]), float(vector[1]), float(vector[2]))
        self.magnitude = MARS_MAGNITUDE
        self._level = float(brightness_level(MARS_MAGNITUDE))
        self.colour = MARS_RGB
        self.x = self.y = 0.0
        self.brightness = 0.0
        self.visible = False

    def place(self, x: float, y: float, up: float, visible: bool) -> None:
        """Put Mars at view ``x``, ``y`` with sin(altitude) ``up``; its light does not flicker."""
        self.x, self.y, self.visible = x, y, visible
        self.brightness = self._level * extinction(up) if visible else 0.0
