"""Qt signals for the engine's events, so widgets receive them on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.audio.engine import Engine
from app.core.playback import PlaybackState
from app.core.track import Track


class EngineBridge(QObject):
    """Re-emits the engine's plain signals as Qt signals (queued across threads)."""

    state_changed = Signal(object)
    track_started = Signal(int, object)
    track_finished = Signal(int, object)
    error = Signal(object, str)
    seeked = Signal(float)

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        engine.state_changed.connect(lambda state: self.state_changed.emit(state))
        engine.track_started.connect(lambda i, t: self.track_started.emit(i, t))
        engine.track_finished.connect(lambda i, t: self.track_finished.emit(i, t))
        engine.error.connect(lambda t, message: self.error.emit(t, message))
        engine.seeked.connect(lambda s: self.seeked.emit(s))


__all__ = ["EngineBridge", "PlaybackState", "Track"]
