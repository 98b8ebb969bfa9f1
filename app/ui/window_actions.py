"""What each key and menu command of the main window does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog

from app.core.queue import RepeatMode, ShuffleMode
from app.library.paths import AUDIO_EXTENSIONS
from app.library.playlists import PLAYLIST_EXTENSIONS
from app.platform.locations import music_dir
from app.ui.i18n import fill
from app.ui.settings_dialog import SettingsDialog
from app.ui.shortcuts import is_text_field
from app.visual.deck import RPM_CHOICES

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

SEEK_SHORT_S = 5.0
SEEK_LONG_S = 30.0
_SHUFFLES = (ShuffleMode.OFF, ShuffleMode.TRACKS, ShuffleMode.RECORDS)
_REPEATS = (RepeatMode.OFF, RepeatMode.ALL, RepeatMode.ONE)


class WindowActions:
    """The window's commands, one method each, bound to keys by :meth:`handlers`."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.engine = window.engine

    def handlers(self) -> dict[str, Callable[[], None]]:
        """Return the handler of every action :mod:`app.ui.shortcuts` names."""
        w, engine, controller = self.window, self.engine, self.window.controller
        return {
            "play_pause": engine.toggle,
            "play": engine.play,
            "pause": engine.pause,
            "stop": engine.stop,
            "seek_back": lambda: self.seek_by(-SEEK_SHORT_S),
            "seek_forward": lambda: self.seek_by(SEEK_SHORT_S),
            "seek_back_long": lambda: self.seek_by(-SEEK_LONG_S),
            "seek_forward_long": lambda: self.seek_by(SEEK_LONG_S),
            "volume_up": lambda: w.transport.nudge_volume(1),
            "volume_down": lambda: w.transport.nudge_volume(-1),
            "next": engine.next,
            "previous": engine.previous,
            "mute": w.transport.mute_button.toggle,
            "shuffle": self.cycle_shuffle,
            "repeat": self.cycle_repeat,
            "pitch_down": lambda: controller.nudge_pitch(-1),
            "pitch_up": lambda: controller.nudge_pitch(1),
            "speed_33": lambda: controller.choose_speed(RPM_CHOICES[0]),
            "speed_45": lambda: controller.choose_speed(RPM_CHOICES[1]),
            "speed_78": lambda: controller.choose_speed(RPM_CHOICES[2]),
            "arm": controller.toggle_arm,
            "ambient": self.window.ambient.toggle,
            "leave": self.leave,
            "open": self.open_files,
            "search": self.search,
            "rescan": self.rescan,
            "settings": self.open_settings,
            "help": w.overlay.toggle,
            "quit": lambda: QApplication.quit(),
        }

    # ---------------------------------------------------------------- playback
    def seek_by(self, delta_s: float) -> None:
        """Move the needle ``delta_s`` seconds through the current track."""
        if self.engine.current_track is not None:
            self.engine.seek(self.engine.position_s + delta_s)

    def set_volume(self, volume: float) -> None:
        """Set the volume and remember it."""
        self.engine.set_volume(volume)
        self.window.settings.volume = volume

    def cycle_shuffle(self) -> None:
        """Shuffle off, by tracks, by records."""
        player = self.window.session.player
        mode = _SHUFFLES[(_SHUFFLES.index(player.queue.shuffle) + 1) % len(_SHUFFLES)]
        player.set_shuffle(mode)
        words = {
            ShuffleMode.OFF: QCoreApplication.translate("WindowActions", "Shuffle: off"),
            ShuffleMode.TRACKS: QCoreApplication.translate("WindowActions", "Shuffle: tracks"),
            ShuffleMode.RECORDS: QCoreApplication.translate("WindowActions", "Shuffle: records"),
        }
        self.window.notice.show_message(words[mode], 2500)

    def cycle_repeat(self) -> None:
        """Repeat off, the whole queue, one track."""
        player = self.window.session.player
        mode = _REPEATS[(_REPEATS.index(player.queue.repeat) + 1) % len(_REPEATS)]
        player.set_repeat(mode)
        words = {
            RepeatMode.OFF: QCoreApplication.translate("WindowActions", "Repeat: off"),
            RepeatMode.ALL: QCoreApplication.translate("WindowActions", "Repeat: all"),
            RepeatMode.ONE: QCoreApplication.translate("WindowActions", "Repeat: one track"),
        }
        self.window.notice.show_message(words[mode], 2500)

    # ---------------------------------------------------------------- window
    def leave(self) -> None:
        """Esc: close the key list, leave a text field, or leave full screen."""
        w = self.window
        focus = QApplication.focusWidget()
        if w.overlay.isVisible():
            w.overlay.hide()
        elif w.ambient.active:
            w.ambient.leave()
        elif is_text_field(focus):
            focus.clearFocus()  # type: ignore[union-attr]
            w.deck.setFocus()
        elif w.isFullScreen():
            w.showNormal()

    def search(self) -> None:
        """Ctrl+F: show the crate and put the cursor in its search field."""
        w = self.window
        if w.crate is not None:
            w.side_tabs.setCurrentWidget(w.crate)
            w.crate.focus_search()

    def open_files(self) -> None:
        """Ctrl+O: choose files or playlists and play them now."""
        w = self.window
        patterns = " ".join(f"*{ext}" for ext in sorted(AUDIO_EXTENSIONS | PLAYLIST_EXTENSIONS))
        start = w.settings.last_open_folder or music_dir() or Path.home()
        kinds = (
            fill(QCoreApplication.translate("WindowActions", "Music and playlists (%1)"), patterns)
            + ";;"
            + QCoreApplication.translate("WindowActions", "All files (*)")
        )
        names, _ = QFileDialog.getOpenFileNames(
            w, QCoreApplication.translate("WindowActions", "Open music"), str(start), kinds
        )
        if names:
            w.settings.last_open_folder = Path(names[0]).parent
            w.read_then([Path(name) for name in names], w.play_now)

    def rescan(self) -> None:
        """F5: rescan the library folders."""
        library = self.window.library
        if library is not None and not library.start_scan():
            self.window.notice.show_message(
                QCoreApplication.translate("WindowActions", "A scan is already running"), 2500
            )

    def open_settings(self) -> None:
        """Show the settings dialog."""
        w = self.window
        folders = w.library.folders() if w.library is not None else []
        dialog = SettingsDialog(w.settings, folders, w.output.devices(), w.theme, w)
        dialog.folders_changed.connect(self.set_library_folders)
        dialog.rescan_requested.connect(self.rescan)
        dialog.exec()

    def set_library_folders(self, folders: list[Path]) -> None:
        """Make ``folders`` the library's folders and scan them."""
        library = self.window.library
        if library is None:
            return
        for gone in set(library.folders()) - set(folders):
            library.store.remove_root(gone)
        library.start_scan(list(folders))
        if self.window.crate is not None:
            self.window.crate.refresh()

    def choose_music_folder(self) -> None:
        """Ask for the music folder and scan it."""
        w = self.window
        start = music_dir() or Path.home()
        chosen = QFileDialog.getExistingDirectory(
            w, QCoreApplication.translate("WindowActions", "Choose your music folder"), str(start)
        )
        if chosen:
            library = w.library
            folders = library.folders() if library is not None else []
            self.set_library_folders([*folders, Path(chosen)])

    def offer_demo_if_empty(self) -> None:
        """Put the demo record on the deck when the library and the queue are both empty."""
        w = self.window
        if len(w.session.queue) or w.engine.current_track is not None:
            return
        library = w.library
        if library is not None and library.store.execute("SELECT 1 FROM tracks LIMIT 1").fetchone():
            return
        from app.library.demo import demo_tracks

        tracks = demo_tracks()
        if tracks:
            w.session.player.queue.replace(tracks)
            w.controller.show_current()
            w.show_now_playing()
            w.notice.show_message(
                QCoreApplication.translate(
                    "WindowActions",
                    "Your library is empty, so Jay's Test Pressing is on the deck. "
                    "Press Space to play it.",
                ),
                10_000,
            )
