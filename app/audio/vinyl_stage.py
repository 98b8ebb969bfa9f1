"""The vinyl character's place in the audio thread: off by default, and then out of the way.

While the effect is off, :meth:`VinylStage.process` hands back the very frames it was given,
so the path from decoder to sink stays bit-exact. The effect itself is made only when first
switched on (with dust, warp and lock-groove pattern of its own each session). Switched off,
it glides out over a moment and only then steps aside, so switching never clicks. Settings
arrive from the GUI thread as plain values; the audio thread picks them up on its next block.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

import numpy as np

from app.audio.dsp import Frames

if TYPE_CHECKING:
    from app.audio.vinyl import VinylCharacter

DEFAULT_PLATTER_HZ = 100.0 / 3.0 / 60.0  # 33 1/3 rpm


class VinylStage:
    """Surface noise, wow and flutter, needle drops and the lock groove, when switched on."""

    def __init__(self, sample_rate: int, channels: int) -> None:
        self.sample_rate = sample_rate
        self.channels = channels
        # Written by the GUI thread, read by the audio thread: plain values.
        self.platter_hz = DEFAULT_PLATTER_HZ
        self._enabled = False
        self._amount = 0.5
        self._age = 0.35
        self._drop_pending = False
        # Audio thread only (made on the GUI thread the first time the effect is switched on).
        self._character: VinylCharacter | None = None

    @property
    def active(self) -> bool:
        """Whether the effect changes the sound now (switched on, or still gliding out)."""
        character = self._character
        return character is not None and character.audible

    @property
    def enabled(self) -> bool:
        """Whether the effect is switched on with some amount."""
        return self._enabled and self._amount > 0.0

    def configure(self, enabled: bool, amount: float, age: float) -> None:
        """Switch the effect on or off and set its amount and the record's age (0..1 each)."""
        if enabled and self._character is None:
            from app.audio.vinyl import VinylCharacter  # only for those who switch it on

            seed = secrets.randbits(32)
            self._character = VinylCharacter(self.sample_rate, self.channels, seed=seed)
        self._amount = min(1.0, max(0.0, amount))
        self._age = min(1.0, max(0.0, age))
        self._enabled = enabled
        character = self._character
        if character is not None:
            character.set_amount(self._amount if enabled else 0.0)
            character.set_age(self._age)

    def needle_drop(self) -> None:
        """Sound the stylus landing in the groove at the start of the next block."""
        if self.enabled:
            self._drop_pending = True

    def reset(self) -> None:
        """Forget the delay line and the noise tails (a new output stream starts).

        Switched off, the effect steps aside here at once: nothing is gliding out of a stream
        that starts afresh.
        """
        if not self.enabled:
            self._character = None
        elif self._character is not None:
            self._character.reset()

    def process(self, frames: Frames) -> Frames:
        """Return ``frames`` with the vinyl character, or the very same frames when off."""
        character = self._character
        if not self.active or character is None or len(frames) == 0:
            return frames
        self._take_drop(character)
        out = np.array(frames, dtype=np.float32, copy=True)  # never write into the ring's memory
        return character.process(out, self.platter_hz)

    def lock_groove(self, n_frames: int) -> Frames | None:
        """Return ``n_frames`` of the stylus riding the lock groove, or None when off."""
        character = self._character
        if not self.enabled or character is None or n_frames <= 0:
            return None
        self._take_drop(character)
        out = np.zeros((n_frames, self.channels), dtype=np.float32)
        return character.lock_groove(out, self.platter_hz)

    def _take_drop(self, character: VinylCharacter) -> None:
        if self._drop_pending:
            self._drop_pending = False
            character.needle_drop()
