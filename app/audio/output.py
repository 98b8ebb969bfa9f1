"""What the engine needs from an audio output. The Qt sink in ``qt_output`` is the real one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from app.audio.renderer import Renderer
from app.core.signal import Signal


class AudioOutput(Protocol):
    """An output that pulls blocks from a renderer on a thread of its own."""

    stream_lost: Signal[[]]
    """Emitted (on the output's thread) when the device changed and queued audio was lost."""

    @property
    def sample_rate(self) -> int:
        """The rate the output plays at (the device's preferred rate)."""

    @property
    def available(self) -> bool:
        """False when there is no output device to play to."""

    @property
    def underruns(self) -> int:
        """How often the device ran dry while something should have been playing."""

    def open(self, renderer: Renderer, on_tick: Callable[[], None]) -> None:
        """Start pulling from ``renderer``, calling ``on_tick`` after each feed."""

    def set_volume(self, volume: float) -> None:
        """Scale the sound at the device by ``volume`` (1.0 leaves samples untouched)."""

    @property
    def played_out(self) -> bool:
        """True when everything written to the device has surely been heard."""

    def wake(self) -> None:
        """Pull from the renderer as soon as possible (any thread)."""

    def audible_frames(self) -> int:
        """Frames of the current stream the listener has heard so far."""

    def close(self) -> None:
        """Stop the device and the output thread."""
