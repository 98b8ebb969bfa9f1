"""Jay's workbench: the shop window's sky above, the deck and the crate on the bench.

The window composes the views and wires them to the services the composition root hands it;
the deck's behaviour lives in :class:`~app.ui.deck_controller.DeckController`, the keys in
:mod:`app.ui.shortcuts`, the work behind each key in :class:`~app.ui.window_actions.WindowActions`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimerEvent
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
)

from app.audio.dsp import ReplayGainMode
from app.audio.engine import Engine
from app.audio.qt_output import QtAudioOutput
from app.core.playback import PlaybackState
from app.core.queue import Queue
from app.core.track import Track
from app.ui.ambience import Ambience
from app.ui.ambient_mode import AmbientMode
from app.ui.amp import AmplifierPanel
from app.ui.crate import CrateView
from app.ui.deck import DeckView
from app.ui.deck_column import DeckColumn
from app.ui.deck_controller import DeckController
from app.ui.drops import DropReader, DropReading, describe_problems
from app.ui.i18n import app_name, counted, fill
from app.ui.key_overlay import KeyOverlay
from app.ui.library_service import LibraryService
from app.ui.notice import Notice
from app.ui.player_session import PlayerSession
from app.ui.problem_text import problem_text
from app.ui.queue_panel import QueuePanel
from app.ui.settings import Settings
from app.ui.shortcuts import install_shortcuts, overlay_rows
from app.ui.side_art import SideArt
from app.ui.theme import Theme, theme_named
from app.ui.theme_style import style_sheet
from app.ui.thumbnails import ThumbnailCache
from app.ui.track_mime import accepts, dragged_tracks, dropped_paths
from app.ui.transport_bar import TransportBar
from app.ui.tray import Tray, hides_on_close
from app.ui.window_actions import WindowActions
from app.ui.window_geometry import WindowPlacement
from app.ui.workshop import Workbench

POSITION_REFRESH_MS = 200
MIN_SIZE = (960, 600)
SKY_SHARE = 0.3  # of the window's height, above the bench
SKY_SHARE_SMALL = 0.25
SKY_SHARE_FROM_PX = 800


class MainWindow(QMainWindow):
    """The shop: deck, crate, queue and transport over the workbench."""

    def __init__(
        self,
        engine: Engine,
        output: QtAudioOutput,
        settings: Settings,
        session: PlayerSession,
        side_art: SideArt,
        thumbnails: ThumbnailCache | None = None,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.output = output
        self.settings = settings
        self.session = session
        self.library: LibraryService | None = session.library
        self.theme: Theme = theme_named(settings.theme)
        self.setWindowTitle(app_name())
        self.setMinimumSize(*MIN_SIZE)
        self.resize(1280, 800)
        self.setAcceptDrops(True)
        self.tray: Tray | None = None  # set by the composition root (app.ui.desktop_presence)
        self._build(thumbnails)
        self.ambient = AmbientMode(self)
        self.workbench.installEventFilter(self)  # it is sized after the window, in the stack
        self._buttons_take_focus_from_tab_only()
        self.controller = DeckController(
            self.deck, engine, session, settings, side_art,
            self.library.model if self.library is not None else None, self,
        )  # fmt: skip
        session.attach_deck(self.controller)  # a restored session's speed, pitch and arm
        self.drops = DropReader(self)
        self.actions_ = WindowActions(self)
        self.shortcuts = install_shortcuts(self, self.actions_.handlers())
        self.ambience = Ambience(
            engine, settings, self.amp, self.workbench, self.ambient, self.deck, self
        )
        self.deck_column.set_amplifier_wanted(settings.show_amplifier)
        self._connect()
        if message := session.restore_message():
            self.notice.show_message(message, 15_000)
        for source in (settings, session, self.library, thumbnails):
            if source is not None:  # damaged files set aside; saves the disk refused
                self.notice.follow(source)
        self.apply_theme(self.theme)
        self.transport.show_volume(engine.volume)
        self.transport.show_state(engine.state)
        self._position_timer = self.startTimer(POSITION_REFRESH_MS)
        self.placement = WindowPlacement(self, settings, lambda: self.ambient.active)
        self.show_now_playing()
        self._on_availability(output.available, getattr(output, "status", ""))

    # ---------------------------------------------------------------- building
    def _build(self, thumbnails: ThumbnailCache | None) -> None:
        theme = self.theme
        self.workbench = Workbench(theme, self)
        self.deck = DeckView(theme, self.workbench)
        self.deck.setAccessibleName(self.tr("Turntable"))
        self.queue_panel = QueuePanel(self.session.queue, theme, self.workbench)
        self.crate: CrateView | None = None
        self.side_tabs = QTabWidget(self.workbench)
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.setDocumentMode(True)
        if self.library is not None and thumbnails is not None:
            self.crate = CrateView(self.library.model, thumbnails, theme, self.workbench)
            self.side_tabs.addTab(self.crate, self.tr("Crate"))
        self.side_tabs.addTab(self.queue_panel, self.tr("Queue"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self.workbench)
        self.splitter.setObjectName("benchSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.amp = AmplifierPanel(theme)
        self.amp.setAccessibleName(self.tr("Amplifier"))
        self.deck_column = DeckColumn(self.deck, self.amp, self.workbench)
        self.splitter.addWidget(self.deck_column)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.deck.setMinimumSize(420, 320)
        self.deck.set_bench(self.workbench.paint_under)  # the deck paints opaquely
        self.deck_column.setMinimumSize(420, 320)
        self.side_tabs.setMinimumWidth(330)
        self.transport = TransportBar(theme, self.workbench)
        self.bench_layout = QVBoxLayout(self.workbench)
        self.bench_layout.setSpacing(8)
        self.bench_layout.addWidget(self.splitter, 1)
        self.bench_layout.addWidget(self.transport)
        self.setCentralWidget(self.workbench)
        self.notice = Notice(theme, self)
        self.overlay = KeyOverlay(overlay_rows(), theme, self)
        self.overlay.hide()
        self._fit_to_bench()

    def _buttons_take_focus_from_tab_only(self) -> None:
        """Let buttons take focus from Tab, never from a click.

        A clicked button that kept focus would take the next Space for itself: Space after a
        click on Flip would flip again instead of pausing. Keyboard users still Tab to every
        button and press it with Space. The deck takes the first focus.
        """
        for button in self.findChildren(QAbstractButton):
            if button.focusPolicy() == Qt.FocusPolicy.StrongFocus:
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.deck.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.deck.setFocus(Qt.FocusReason.OtherFocusReason)

    def _connect(self) -> None:
        bridge = self.controller.bridge
        bridge.state_changed.connect(self.transport.show_state)
        bridge.track_started.connect(lambda _i, _t: self.show_now_playing())
        bridge.error.connect(self._on_engine_error)
        self.output.availability_changed.connect(self._on_availability)
        self.output.device_changed.connect(self._on_device_changed)
        actions = self.actions_
        transport = self.transport
        transport.previous_clicked.connect(self.engine.previous)
        transport.next_clicked.connect(self.engine.next)
        transport.play_pause_clicked.connect(self.engine.toggle)
        transport.mute_toggled.connect(self.engine.set_muted)
        transport.volume_changed.connect(actions.set_volume)
        transport.settings_clicked.connect(actions.open_settings)
        transport.help_clicked.connect(self.overlay.toggle)
        deck, controller = self.deck, self.controller
        deck.needle_dropped.connect(controller.drop_needle)
        deck.start_stop_clicked.connect(controller.start_stop)
        deck.speed_chosen.connect(controller.choose_speed)
        deck.pitch_changed.connect(controller.set_pitch)
        deck.pitch_range_changed.connect(controller.set_pitch_range)
        deck.cue_clicked.connect(controller.toggle_arm)
        deck.flip_clicked.connect(controller.flip)
        deck.tracks_dropped.connect(lambda tracks: self.play_now(list(tracks)))
        deck.paths_dropped.connect(lambda paths: self.read_then(paths, self.play_now))
        self.queue_panel.play_index_requested.connect(
            lambda index: self.session.player.play_index(index)  # the player of the day
        )
        self.queue_panel.paths_dropped.connect(
            lambda paths, row: self.read_then(paths, lambda t: self.insert_in_queue(t, row))
        )
        self.session.queue_replaced.connect(self._on_queue_replaced)
        self.session.queue.current_changed.connect(self._on_current_item_changed)
        self.session.tracks_retagged.connect(self._on_tracks_retagged)
        self.queue_panel.message_posted.connect(lambda text: self.notice.show_message(text))
        self.settings.changed.connect(self._on_setting_changed)
        if self.crate is not None:
            crate = self.crate
            crate.play_requested.connect(self.play_tracks)
            crate.play_next_requested.connect(lambda t: self.session.player.play_next(list(t)))
            crate.add_requested.connect(lambda t: self.session.player.add(list(t)))
            crate.paths_dropped.connect(lambda paths: self.read_then(paths, self.add_to_queue))
            crate.choose_folder_requested.connect(actions.choose_music_folder)
            crate.scan_bar.cancel_requested.connect(self._cancel_scan)
        if self.library is not None:
            self.library.scan_progress.connect(self._on_scan_progress)
            self.library.scan_finished.connect(self._on_scan_finished)
            self.library.scan_failed.connect(self._on_scan_failed)

    # ---------------------------------------------------------------- playing things
    def play_tracks(self, tracks: list[Track], start_index: int = 0) -> None:
        """Replace the queue with ``tracks`` and play from ``start_index``."""
        if tracks:
            self.session.player.play(list(tracks), start_index)

    def play_now(self, tracks: list[Track]) -> None:
        """Play ``tracks`` at once, after the current item."""
        if tracks:
            self.session.player.play_now(tracks)

    def add_to_queue(self, tracks: list[Track]) -> None:
        """Append ``tracks`` to the queue."""
        if tracks:
            self.session.player.add(tracks)
            added = self.tr("Added %n track(s) to the queue", "", len(tracks))
            self.notice.show_message(counted(added, len(tracks)), 3000)

    def insert_in_queue(self, tracks: list[Track], row: int) -> None:
        """Put ``tracks`` into the queue at ``row`` (-1: the end)."""
        queue: Queue = self.session.queue
        if not tracks:
            return
        end = len(queue)
        self.session.player.add(tracks)
        if 0 <= row < end:
            queue.move_many(range(end, end + len(tracks)), row)

    def read_then(self, paths: list[Path], then: object) -> None:
        """Read dropped or opened ``paths`` in the background, then hand the tracks on."""

        def deliver(reading: DropReading) -> None:
            if reading.problems:
                self.notice.show_message(describe_problems(reading.problems), 8000)
            if reading.tracks:
                then(reading.tracks)  # type: ignore[operator]

        self.drops.read(paths, deliver)

    # ---------------------------------------------------------------- drops on the bench
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept files, folders, playlists and the app's own tracks."""
        if accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Add what was dropped on the bench (outside the deck) to the queue."""
        mime = event.mimeData()
        tracks = dragged_tracks(mime)
        if tracks is not None:
            self.add_to_queue(list(tracks))
        else:
            self.read_then(dropped_paths(mime), self.add_to_queue)
        event.acceptProposedAction()

    # ---------------------------------------------------------------- reactions
    def show_now_playing(self) -> None:
        """Show the current track on the plate and in the window title."""
        # The queue's item: after a run-out halt the engine already waits on the next side.
        track = self.session.queue.current or self.engine.current_track
        side = self.controller.side
        if track is None or side is None:
            self.transport.now_playing.set_track(track)
        else:
            index = side.index_of(track)
            self.transport.now_playing.set_track(
                track, side.label, (index or 0) + 1, len(side.tracks)
            )
        title = f"{track.display_title} · {app_name()}" if track else app_name()
        self.setWindowTitle(title)
        if self.ambient.active:
            self.ambient.show_now_playing()

    def timerEvent(self, event: QTimerEvent) -> None:
        """Refresh the elapsed and remaining times."""
        if event.timerId() != self._position_timer:
            super().timerEvent(event)
            return
        handle = self.windowHandle()
        if handle is not None and not handle.isExposed():
            return  # nothing to show it on
        track = self.engine.current_track
        duration = track.duration_s if track is not None else None
        self.transport.now_playing.set_times(self.engine.position_s, duration)

    def _on_engine_error(self, track: Track | None, message: str) -> None:
        self.notice.show_message(problem_text(message), 8000)

    def _on_availability(self, available: bool, status: str) -> None:
        if not available:
            silent = self.tr("No audio output")
            if status and status not in ("No audio output", silent):
                silent = fill(self.tr("No audio output: %1"), status)
            self.notice.show_message(silent)

    def _on_device_changed(self, description: str, recovered: bool) -> None:
        if recovered:
            self.notice.show_message(fill(self.tr("The sound is back, on %1"), description), 5000)
        else:
            self.notice.show_message(fill(self.tr("The sound moved to %1"), description), 5000)

    def _on_current_item_changed(self) -> None:
        """Follow the queue when its current item changes without a track starting.

        Clearing the queue, or replacing it without playing, leaves the engine stopped: the
        deck and the plate must still show what the queue now holds.
        """
        self.controller.show_current()
        self.show_now_playing()

    def _on_queue_replaced(self, queue: Queue) -> None:
        queue.current_changed.connect(self._on_current_item_changed)
        self.queue_panel.set_queue(queue)
        self.controller.show_current()
        self.show_now_playing()

    def _on_tracks_retagged(self) -> None:
        self.controller.forget_records()  # the side may have gained this track
        self.controller.show_current()
        self.show_now_playing()

    def _on_scan_progress(self, progress: object) -> None:
        if self.crate is not None:
            self.crate.scan_bar.show_progress(progress)  # type: ignore[arg-type]

    def _on_scan_finished(self, progress: object) -> None:
        if self.crate is not None:
            self.crate.scan_bar.show_finished(progress)  # type: ignore[arg-type]
            self.crate.refresh()
        self.controller.forget_records()
        self.actions_.offer_demo_if_empty()

    def _on_scan_failed(self, message: str) -> None:
        message = problem_text(message)
        if self.crate is not None:
            self.crate.scan_bar.show_failed(message)
        self.notice.show_message(message, 10_000)

    def _cancel_scan(self) -> None:
        if self.library is not None:
            self.library.cancel_scan()

    def _on_setting_changed(self, key: str) -> None:
        if key == "ui/theme":
            self.apply_theme(theme_named(self.settings.theme))
        elif key == "audio/device":
            self.output.choose_device(self.settings.device)
        elif key == "audio/replaygain":
            self.engine.set_replay_gain(ReplayGainMode(self.settings.replay_gain))
        elif key == "ambience/show_amplifier":
            self.deck_column.set_amplifier_wanted(self.settings.show_amplifier)

    # ---------------------------------------------------------------- look
    def apply_theme(self, theme: Theme) -> None:
        """Dress every view in ``theme``."""
        self.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(theme.palette())
        self.setStyleSheet(style_sheet(theme))
        self.workbench.set_theme(theme)
        self.deck.set_theme(theme)
        self.queue_panel.set_theme(theme)
        self.transport.set_theme(theme)
        if self.crate is not None:
            self.crate.set_theme(theme)
        self.ambient.view.set_theme(theme)
        self.amp.set_theme(theme)
        self.ambience.set_theme(theme)

    def _fit_to_bench(self) -> None:
        """Leave the shop window's sky clear above the bench; small windows give it less."""
        fraction = SKY_SHARE if self.height() >= SKY_SHARE_FROM_PX else SKY_SHARE_SMALL
        if abs(self.workbench.window_fraction() - fraction) > 1e-6:
            self.workbench.set_window_fraction(fraction)
        top = max(0, self.workbench.bench_top() - 6)
        self.bench_layout.setContentsMargins(14, top, 14, 10)
        # Notices float above the transport strip, never over its buttons.
        self.notice.bottom_clearance_px = self.transport.sizeHint().height() + 10

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the bench under the shop window at every size."""
        super().resizeEvent(event)
        self._fit_to_bench()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fit the bench again once the workbench itself has its new size."""
        if watched is self.workbench and event.type() == QEvent.Type.Resize:
            self._fit_to_bench()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        """Stop the position refresh while minimised: nothing is seen."""
        super().changeEvent(event)
        if event.type() is QEvent.Type.WindowStateChange:
            if self.isMinimized() and self._position_timer:
                self.killTimer(self._position_timer)
                self._position_timer = 0
            elif not self.isMinimized() and not self._position_timer:
                self._position_timer = self.startTimer(POSITION_REFRESH_MS)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Quit the app when the window closes; go to the tray instead if the user chose that."""
        tray = self.tray
        if tray is not None and hides_on_close(self.settings, tray):
            event.ignore()
            self.hide()
            tray.note_hidden()
            return
        super().closeEvent(event)
        QApplication.quit()

    @property
    def playing(self) -> bool:
        """Whether the engine is playing."""
        return self.engine.state is PlaybackState.PLAYING
