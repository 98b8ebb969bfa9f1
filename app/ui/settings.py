"""The user's choices, kept in QSettings under readable keys, with safe defaults.

A value that is missing or unreadable (an old or hand-edited settings file) falls back to its
default instead of raising, so a bad settings file never stops the app. A damaged file (see
:mod:`app.ui.settings_file`) is set aside under a dated name by :func:`open_settings`, and the
settings still readable in it are kept in a fresh one; :attr:`Settings.notices` says so. Each
change is written at once and read back: a write the disk cuts short leaves the last good
file in place, and :attr:`Settings.message_posted` says so.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from app.core.atomic import move_aside
from app.ui.i18n import fill
from app.ui.settings_file import salvage, settings_file_problem, write_verified

log = logging.getLogger(__name__)


class EndOfSide(Enum):
    """What happens when the stylus reaches the end of a side."""

    FLIP = "flip"  # the record turns over to the next side by itself
    RUN_OUT = "run-out"  # the arm rides the run-out groove until the user flips or lifts it


class Settings(QObject):
    """Typed access to the app's QSettings; ``changed`` names the key that moved."""

    changed = Signal(str)
    message_posted = Signal(str)  # a change could not be written (told once a spell)

    def __init__(self, store: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store if store is not None else QSettings()
        self.notices: list[str] = []  # for the user once the window is up: a file set aside
        self._failing = False

    # --------------------------------------------------------------- generic
    def _text(self, key: str, default: str) -> str:
        value = self.store.value(key, default)
        return value if isinstance(value, str) else default

    def _float(self, key: str, default: float) -> float:
        try:
            return float(self.store.value(key, default))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default

    def _bool(self, key: str, default: bool) -> bool:
        value = self.store.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    def _set(self, key: str, value: object) -> None:
        self.store.setValue(key, value)
        self._write()
        self.changed.emit(key)

    def _write(self) -> None:
        """Write now, before QSettings would on its own, and check the file came out whole."""
        if write_verified(self.store):
            self._failing = False
        elif not self._failing:
            self._failing = True
            text = self.tr("The settings could not be saved; the disk may be full (%1).")
            self.message_posted.emit(fill(text, self.store.fileName()))

    # --------------------------------------------------------------- audio
    @property
    def volume(self) -> float:
        """The amplitude factor, 0..1."""
        return min(1.0, max(0.0, self._float("audio/volume", 1.0)))

    @volume.setter
    def volume(self, value: float) -> None:
        self._set("audio/volume", float(value))

    @property
    def device(self) -> str:
        """The output device id; empty for the system default."""
        return self._text("audio/device", "")

    @device.setter
    def device(self, value: str) -> None:
        self._set("audio/device", value)

    @property
    def replay_gain(self) -> str:
        """``off``, ``track`` or ``album``."""
        value = self._text("audio/replaygain", "off")
        return value if value in ("off", "track", "album") else "off"

    @replay_gain.setter
    def replay_gain(self, value: str) -> None:
        self._set("audio/replaygain", value)

    # --------------------------------------------------------------- deck
    @property
    def authentic_motor(self) -> bool:
        """Spin up and brake like a real platter (False: start and stop at once)."""
        return self._bool("deck/authentic_motor", False)

    @authentic_motor.setter
    def authentic_motor(self, value: bool) -> None:
        self._set("deck/authentic_motor", bool(value))

    @property
    def end_of_side(self) -> EndOfSide:
        """Flip to the next side, or ride the run-out groove."""
        try:
            return EndOfSide(self._text("deck/end_of_side", EndOfSide.FLIP.value))
        except ValueError:
            return EndOfSide.FLIP

    @end_of_side.setter
    def end_of_side(self, value: EndOfSide) -> None:
        self._set("deck/end_of_side", value.value)

    @property
    def mains_hz(self) -> int:
        """The mains frequency that flashes the strobe lamp: 50 or 60."""
        return 60 if self._float("deck/mains_hz", 50) == 60 else 50

    @mains_hz.setter
    def mains_hz(self, value: int) -> None:
        self._set("deck/mains_hz", int(value))

    @property
    def pitch_range(self) -> float:
        """The pitch fader's reach: 0.08 or 0.16."""
        return 0.16 if self._float("deck/pitch_range", 0.08) > 0.1 else 0.08

    @pitch_range.setter
    def pitch_range(self, value: float) -> None:
        self._set("deck/pitch_range", float(value))

    # --------------------------------------------------------------- vinyl character
    @property
    def vinyl_enabled(self) -> bool:
        """Add surface noise, wow and flutter to the sound (off: the sound is bit-exact)."""
        return self._bool("vinyl/enabled", False)

    @vinyl_enabled.setter
    def vinyl_enabled(self, value: bool) -> None:
        self._set("vinyl/enabled", bool(value))

    @property
    def vinyl_amount(self) -> float:
        """How much vinyl character, 0..1."""
        return min(1.0, max(0.0, self._float("vinyl/amount", 0.5)))

    @vinyl_amount.setter
    def vinyl_amount(self, value: float) -> None:
        self._set("vinyl/amount", float(value))

    @property
    def vinyl_age(self) -> float:
        """How worn the record sounds, 0 (new) .. 1 (a well-loved old record)."""
        return min(1.0, max(0.0, self._float("vinyl/age", 0.35)))

    @vinyl_age.setter
    def vinyl_age(self, value: float) -> None:
        self._set("vinyl/age", float(value))

    # --------------------------------------------------------------- analyser and meters
    @property
    def analyser_bands_per_octave(self) -> int:
        """Analyser resolution: 3, 6 or 12 bands per octave."""
        value = int(self._float("ambience/bands_per_octave", 3))
        return value if value in (3, 6, 12) else 3

    @analyser_bands_per_octave.setter
    def analyser_bands_per_octave(self, value: int) -> None:
        self._set("ambience/bands_per_octave", int(value))

    @property
    def analyser_style(self) -> str:
        """``led`` or ``vfd`` segments."""
        value = self._text("ambience/analyser_style", "led")
        return value if value in ("led", "vfd") else "led"

    @analyser_style.setter
    def analyser_style(self, value: str) -> None:
        self._set("ambience/analyser_style", value)

    @property
    def analyser_a_weighting(self) -> bool:
        """Show the analyser A-weighted (display only)."""
        return self._bool("ambience/a_weighting", False)

    @analyser_a_weighting.setter
    def analyser_a_weighting(self, value: bool) -> None:
        self._set("ambience/a_weighting", bool(value))

    @property
    def meter_mode(self) -> str:
        """``vu`` or ``ppm``."""
        value = self._text("ambience/meter_mode", "vu")
        return value if value in ("vu", "ppm") else "vu"

    @meter_mode.setter
    def meter_mode(self, value: str) -> None:
        self._set("ambience/meter_mode", value)

    @property
    def show_amplifier(self) -> bool:
        """Show the amplifier panel (analyser and meters) under the deck."""
        return self._bool("ambience/show_amplifier", True)

    @show_amplifier.setter
    def show_amplifier(self, value: bool) -> None:
        self._set("ambience/show_amplifier", bool(value))

    @property
    def stars_follow_music(self) -> bool:
        """Let the stars brighten gently with the music."""
        return self._bool("ambience/stars_follow_music", True)

    @stars_follow_music.setter
    def stars_follow_music(self, value: bool) -> None:
        self._set("ambience/stars_follow_music", bool(value))

    # --------------------------------------------------------------- desktop
    @property
    def close_to_tray(self) -> bool:
        """Closing the window keeps the music playing in the tray (where there is one)."""
        return self._bool("desktop/close_to_tray", False)

    @close_to_tray.setter
    def close_to_tray(self, value: bool) -> None:
        self._set("desktop/close_to_tray", bool(value))

    @property
    def notify_track_change(self) -> bool:
        """Show a desktop notification, with the cover, when a new track starts."""
        return self._bool("desktop/notify_track_change", False)

    @notify_track_change.setter
    def notify_track_change(self, value: bool) -> None:
        self._set("desktop/notify_track_change", bool(value))

    # --------------------------------------------------------------- look and library
    @property
    def theme(self) -> str:
        """``night`` or ``day``."""
        value = self._text("ui/theme", "night")
        return value if value in ("night", "day") else "night"

    @theme.setter
    def theme(self, value: str) -> None:
        self._set("ui/theme", value)

    @property
    def language(self) -> str:
        """``system`` (follow the system's language), ``en`` or ``ko``; applies on next start."""
        value = self._text("ui/language", "system")
        return value if value in ("system", "en", "ko") else "system"

    @language.setter
    def language(self, value: str) -> None:
        self._set("ui/language", value)

    @property
    def asked_for_music_folder(self) -> bool:
        """Whether the first-run question about the Music folder has been answered."""
        return self._bool("library/asked", False)

    @asked_for_music_folder.setter
    def asked_for_music_folder(self, value: bool) -> None:
        self._set("library/asked", bool(value))

    @property
    def last_open_folder(self) -> Path | None:
        """The folder the Open dialog showed last."""
        text = self._text("ui/last_open_folder", "")
        return Path(text) if text else None

    @last_open_folder.setter
    def last_open_folder(self, value: Path) -> None:
        self._set("ui/last_open_folder", str(value))

    # --------------------------------------------------------------- window
    @property
    def window_geometry(self) -> tuple[int, int, int, int] | None:
        """The window's normal place and size: x, y, width, height; None until first saved."""
        parts = self._text("window/geometry", "").split(",")
        try:
            x, y, width, height = (int(part) for part in parts)
        except ValueError:
            return None
        return (x, y, width, height) if width > 0 and height > 0 else None

    @window_geometry.setter
    def window_geometry(self, value: tuple[int, int, int, int]) -> None:
        self._set("window/geometry", ",".join(str(int(part)) for part in value))

    @property
    def window_maximised(self) -> bool:
        """Whether the window was maximised."""
        return self._bool("window/maximised", False)

    @window_maximised.setter
    def window_maximised(self, value: bool) -> None:
        self._set("window/maximised", bool(value))

    @property
    def window_full_screen(self) -> bool:
        """Whether the window was full screen."""
        return self._bool("window/full_screen", False)

    @window_full_screen.setter
    def window_full_screen(self, value: bool) -> None:
        self._set("window/full_screen", bool(value))

    @property
    def splitter_sizes(self) -> dict[str, list[int]]:
        """The sizes of the panes of each splitter the user can drag, by the splitter's name."""
        try:
            found = json.loads(self._text("window/splitters", "{}"))
        except ValueError:
            return {}
        if not isinstance(found, dict):
            return {}
        return {
            str(name): sizes
            for name, sizes in found.items()
            if isinstance(sizes, list)
            and all(isinstance(size, int) and not isinstance(size, bool) for size in sizes)
        }

    @splitter_sizes.setter
    def splitter_sizes(self, value: dict[str, list[int]]) -> None:
        sizes = {name: [int(size) for size in pane] for name, pane in value.items()}
        self._set("window/splitters", json.dumps(sizes, sort_keys=True))

    def sync(self) -> None:
        """Write pending changes to disk now (before a logout that may end the app next)."""
        self._write()


def open_settings(make: Callable[[], QSettings] = QSettings) -> Settings:
    """Return the settings in the store ``make`` opens, setting a damaged file aside first.

    The settings that can still be read from the damaged file (under keys of ours) are kept
    in the fresh one; the rest fall back to their defaults. When the file cannot even be
    set aside the app runs on what QSettings reads of it.
    """
    store = make()
    store.setFallbacksEnabled(False)  # only the user's file: the app ships no system-wide one
    problem = settings_file_problem(store)
    if not problem:
        return Settings(store)
    path = Path(store.fileName())
    log.warning("the settings file %s is damaged (%s)", path, problem)
    del store  # unchanged: nothing is written back
    try:
        aside = move_aside(path)
    except OSError as exc:  # then its folder is read-only: nothing is written over it either
        log.warning("the damaged settings file could not be set aside (%s)", exc)
        return Settings(make())
    store = make()
    store.setFallbacksEnabled(False)
    salvage(aside, store)
    settings = Settings(store)
    text = settings.tr(
        "The settings file was damaged. It was set aside as %1; the settings that could be "
        "read from it were kept, the others are back to their defaults."
    )
    settings.notices.append(fill(text, aside.name))
    return settings
