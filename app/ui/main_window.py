"""The first window: title, now playing, transport, seek slider, volume and output device.

The turntable replaces it in a later issue.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSlider,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.audio.dsp import perceptual_volume, slider_from_volume
from app.audio.engine import Engine
from app.audio.qt_output import QtAudioOutput
from app.core.playback import PlaybackState
from app.core.track import Track
from app.ui.engine_bridge import EngineBridge

SEEK_STEP_S = 5.0
_SLIDER_STEPS = 1000


def format_time(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``) for a position or a length."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class MainWindow(QMainWindow):
    """A plain player window over an :class:`Engine`."""

    def __init__(self, engine: Engine, output: QtAudioOutput, settings: QSettings) -> None:
        super().__init__()
        self.engine = engine
        self.output = output
        self.settings = settings
        self.bridge = EngineBridge(engine)
        self.setWindowTitle("Starlight Turntable")
        self.resize(640, 260)
        self._seeking = False
        self._build()
        self._connect()
        self._install_shortcuts()
        self._position_timer = QTimer(self)
        self._position_timer.timeout.connect(self._refresh_position)
        self._position_timer.start(250)
        self._on_state_changed(engine.state)
        self._on_availability(output.available, output.status)
        self._show_track(engine.current_track)

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.title_label = QLabel("Starlight Turntable")
        self.title_label.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.now_playing = QLabel("Nothing playing")
        self.now_playing.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel("")
        self.message.setStyleSheet("color: #b04a2f;")
        self.message.setWordWrap(True)
        layout.addWidget(self.title_label)
        layout.addWidget(self.now_playing)

        seek_row = QHBoxLayout()
        self.elapsed = QLabel("0:00")
        self.seek_slider = QSlider(Qt.Orientation.Horizontal)
        self.seek_slider.setRange(0, _SLIDER_STEPS)
        self.seek_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.length_label = QLabel("0:00")
        seek_row.addWidget(self.elapsed)
        seek_row.addWidget(self.seek_slider, 1)
        seek_row.addWidget(self.length_label)
        layout.addLayout(seek_row)

        controls = QHBoxLayout()
        # Standard icons: the ⏮/⏭ glyphs are missing from common fonts and drew as boxes.
        style = self.style()
        self.previous_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward), ""
        )
        self.previous_button.setToolTip("Previous (P)")
        self.play_button = QPushButton("Play")
        self.next_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward), ""
        )
        self.next_button.setToolTip("Next (N)")
        self.mute_button = QPushButton("Mute")
        self.mute_button.setCheckable(True)
        self.volume_slider = QSlider(Qt.Orientation.Horizontal)
        self.volume_slider.setRange(0, _SLIDER_STEPS)
        self.volume_slider.setMinimumWidth(80)
        self.volume_slider.setMaximumWidth(160)
        self.volume_slider.setToolTip("Volume")
        self.device_box = QComboBox()
        for button in (self.previous_button, self.play_button, self.next_button, self.mute_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            controls.addWidget(button)
        for widget in (self.volume_slider, self.device_box):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        controls.addStretch(1)
        controls.addWidget(QLabel("Volume"))
        controls.addWidget(self.volume_slider, 1)
        layout.addLayout(controls)
        # The output device gets a row of its own, so narrow windows clip nothing.
        output_row = QHBoxLayout()
        output_row.addWidget(QLabel("Output"))
        output_row.addWidget(self.device_box, 1)
        layout.addLayout(output_row)
        layout.addWidget(self.message)
        self.setCentralWidget(central)
        self.volume_slider.setValue(round(slider_from_volume(self.engine.volume) * _SLIDER_STEPS))
        self._fill_devices()

    def _connect(self) -> None:
        b = self.bridge
        b.state_changed.connect(self._on_state_changed)
        b.track_started.connect(lambda _i, track: self._show_track(track))
        b.error.connect(self._on_error)
        self.play_button.clicked.connect(self.engine.toggle)
        self.previous_button.clicked.connect(self.engine.previous)
        self.next_button.clicked.connect(self.engine.next)
        self.mute_button.toggled.connect(self.engine.set_muted)
        self.volume_slider.valueChanged.connect(self._on_volume_slider)
        self.seek_slider.sliderPressed.connect(lambda: setattr(self, "_seeking", True))
        self.seek_slider.sliderReleased.connect(self._on_seek_released)
        self.device_box.activated.connect(self._on_device_chosen)
        self.output.availability_changed.connect(self._on_availability)

    def _install_shortcuts(self) -> None:
        bindings = {
            Qt.Key.Key_Space: self.engine.toggle,
            Qt.Key.Key_MediaTogglePlayPause: self.engine.toggle,
            Qt.Key.Key_MediaPlay: self.engine.play,
            Qt.Key.Key_MediaPause: self.engine.pause,
            Qt.Key.Key_MediaStop: self.engine.stop,
            Qt.Key.Key_MediaNext: self.engine.next,
            Qt.Key.Key_MediaPrevious: self.engine.previous,
            Qt.Key.Key_Right: lambda: self._seek_by(SEEK_STEP_S),
            Qt.Key.Key_Left: lambda: self._seek_by(-SEEK_STEP_S),
            Qt.Key.Key_Up: lambda: self._nudge_volume(50),
            Qt.Key.Key_Down: lambda: self._nudge_volume(-50),
            Qt.Key.Key_M: self.mute_button.toggle,
            Qt.Key.Key_N: self.engine.next,
            Qt.Key.Key_P: self.engine.previous,
        }
        for key, action in bindings.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(action)

    # ---------------------------------------------------------------- reactions
    def _seek_by(self, delta_s: float) -> None:
        self.engine.seek(self.engine.position_s + delta_s)

    def _nudge_volume(self, steps: int) -> None:
        self.volume_slider.setValue(self.volume_slider.value() + steps)

    def _on_volume_slider(self, value: int) -> None:
        self.engine.set_volume(perceptual_volume(value / _SLIDER_STEPS))
        self.settings.setValue("audio/volume", self.engine.volume)

    def _on_seek_released(self) -> None:
        self._seeking = False
        track = self.engine.current_track
        if track is not None and track.duration_s:
            self.engine.seek(self.seek_slider.value() / _SLIDER_STEPS * track.duration_s)

    def _on_state_changed(self, state: PlaybackState) -> None:
        self.play_button.setText("Pause" if state is PlaybackState.PLAYING else "Play")

    def _on_error(self, track: Track | None, message: str) -> None:
        self.message.setText(message)

    def _on_availability(self, available: bool, status: str) -> None:
        if not available:
            self.message.setText("No audio output")
        elif self.message.text() == "No audio output":
            self.message.setText("")
        self._fill_devices()

    def _fill_devices(self) -> None:
        self.device_box.clear()
        self.device_box.addItem("System default", "")
        for device_id, description in self.output.devices():
            self.device_box.addItem(description, device_id)
        index = self.device_box.findData(self.output.device_id)
        self.device_box.setCurrentIndex(max(index, 0))

    def _on_device_chosen(self, index: int) -> None:
        device_id = self.device_box.itemData(index) or ""
        self.settings.setValue("audio/device", device_id)
        self.output.choose_device(device_id)

    def _show_track(self, track: Track | None) -> None:
        if track is None:
            self.now_playing.setText("Nothing playing")
            return
        parts = [track.display_title] + [p for p in (track.artist, track.album) if p]
        self.now_playing.setText(" — ".join(parts))
        self.setWindowTitle(f"{track.display_title} · Starlight Turntable")

    def _refresh_position(self) -> None:
        track = self.engine.current_track
        position = self.engine.position_s
        duration = track.duration_s if track is not None and track.duration_s else 0.0
        self.elapsed.setText(format_time(position))
        self.length_label.setText(format_time(duration))
        if not self._seeking and duration > 0:
            self.seek_slider.setValue(round(min(1.0, position / duration) * _SLIDER_STEPS))
