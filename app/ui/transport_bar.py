"""The strip along the bench's front edge: transport buttons, now playing, volume, settings.

The volume slider is perceptual (a cube law), so equal steps sound like equal steps.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSlider, QToolButton, QWidget

from app.audio.dsp import perceptual_volume, slider_from_volume
from app.core.playback import PlaybackState
from app.ui.i18n import fill
from app.ui.icons import icon
from app.ui.now_playing import NowPlaying
from app.ui.theme import Theme

VOLUME_STEPS = 1000
VOLUME_NUDGE = 50  # Up / Down: 5 % of the slider


class TransportBar(QFrame):
    """Previous, play/pause, next, the now-playing plate, mute, volume, settings and help."""

    previous_clicked = Signal()
    play_pause_clicked = Signal()
    next_clicked = Signal()
    mute_toggled = Signal(bool)
    volume_changed = Signal(float)  # amplitude factor 0..1
    settings_clicked = Signal()
    help_clicked = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transportBar")
        self.theme = theme
        self.previous_button = self._button("previous", self.tr("Previous track"), "P")
        self.play_button = self._button("play", self.tr("Play"), "Space", large=True)
        self.next_button = self._button("next", self.tr("Next track"), "N")
        self.now_playing = NowPlaying(theme, self)
        self.mute_button = self._button("volume", self.tr("Mute"), "M")
        self.mute_button.setCheckable(True)
        self.volume_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.volume_slider.setObjectName("volumeSlider")
        self.volume_slider.setRange(0, VOLUME_STEPS)
        self.volume_slider.setPageStep(VOLUME_NUDGE * 2)
        self.volume_slider.setAccessibleName(self.tr("Volume"))
        self.volume_slider.setToolTip(self._tip(self.tr("Volume"), self.tr("Up / Down")))
        self.volume_slider.setMinimumWidth(90)
        self.volume_slider.setMaximumWidth(170)
        self.settings_button = self._button("settings", self.tr("Settings"), "Ctrl+,")
        self.help_button = self._button("help", self.tr("Keys"), "?")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(6)
        for button in (self.previous_button, self.play_button, self.next_button):
            layout.addWidget(button)
        layout.addSpacing(6)
        layout.addWidget(self.now_playing, 1)
        layout.addSpacing(6)
        layout.addWidget(self.mute_button)
        layout.addWidget(self.volume_slider)
        layout.addWidget(self.settings_button)
        layout.addWidget(self.help_button)
        self.previous_button.clicked.connect(self.previous_clicked)
        self.play_button.clicked.connect(self.play_pause_clicked)
        self.next_button.clicked.connect(self.next_clicked)
        self.mute_button.toggled.connect(self._on_mute_toggled)
        self.volume_slider.valueChanged.connect(
            lambda value: self.volume_changed.emit(perceptual_volume(value / VOLUME_STEPS))
        )
        self.settings_button.clicked.connect(self.settings_clicked)
        self.help_button.clicked.connect(self.help_clicked)

    def _tip(self, spoken: str, keys: str) -> str:
        """Return a tooltip naming a control and its keys: ``"Next track (N)"``."""
        return fill(self.tr("%1 (%2)", "a control's name and its keys"), spoken, keys)

    def _button(self, name: str, spoken: str, keys: str, large: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(f"{name}Button")
        button.setProperty("iconName", name)
        button.setIcon(icon(name, self.theme))
        side = 30 if large else 22
        button.setIconSize(QSize(side, side))
        button.setToolTip(self._tip(spoken, keys))
        button.setAccessibleName(spoken)
        button.setAutoRaise(False)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return button

    # ---------------------------------------------------------------- state shown
    def show_state(self, state: PlaybackState) -> None:
        """Show play or pause on the big button."""
        playing = state is PlaybackState.PLAYING
        name = "pause" if playing else "play"
        self.play_button.setProperty("iconName", name)
        self.play_button.setIcon(icon(name, self.theme))
        spoken = self.tr("Pause") if playing else self.tr("Play")
        self.play_button.setToolTip(self._tip(spoken, "Space"))
        self.play_button.setAccessibleName(spoken)

    def show_volume(self, volume: float) -> None:
        """Move the slider to ``volume`` without telling anyone."""
        blocked = self.volume_slider.blockSignals(True)
        self.volume_slider.setValue(round(slider_from_volume(volume) * VOLUME_STEPS))
        self.volume_slider.blockSignals(blocked)

    def show_muted(self, muted: bool) -> None:
        """Show the mute button's state without telling anyone."""
        blocked = self.mute_button.blockSignals(True)
        self.mute_button.setChecked(muted)
        self.mute_button.blockSignals(blocked)
        self._show_mute_icon(muted)

    def nudge_volume(self, steps: int) -> None:
        """Move the volume slider by ``steps`` nudges (Up / Down keys)."""
        self.volume_slider.setValue(self.volume_slider.value() + steps * VOLUME_NUDGE)

    def set_theme(self, theme: Theme) -> None:
        """Redraw the icons and the plate in ``theme``."""
        self.theme = theme
        for button in self.findChildren(QToolButton):
            name = button.property("iconName")
            if name:
                button.setIcon(icon(str(name), theme))
        self.now_playing.set_theme(theme)

    def _on_mute_toggled(self, muted: bool) -> None:
        self._show_mute_icon(muted)
        self.mute_toggled.emit(muted)

    def _show_mute_icon(self, muted: bool) -> None:
        name = "mute" if muted else "volume"
        self.mute_button.setProperty("iconName", name)
        self.mute_button.setIcon(icon(name, self.theme))
