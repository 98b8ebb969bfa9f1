"""One frame timer for everything that answers the sound: analyser, meters, sky, ambient view.

Each frame reads what is heard now (:class:`~app.visual.listening.Listening`), moves the
starfield on with the music's mood, and repaints only what is on screen:

- in the shop: the amplifier panel (if shown) at the screen's rate, and the shop window's sky
  at about 15 frames a second (the stars drift slowly; the meters must keep up with the sound);
- in ambient mode: the label turns at 30 frames a second, and the full-screen sky moves on
  at about 10 (between its frames only the label's square is drawn again); the deck is
  hidden there, so its platter is moved on here;
- with nothing sounding, once the bars and needles have come to rest: only the stars, at a
  quiet 6 frames a second;
- minimised or unmapped: nothing at all, until the window is exposed again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer

from app.ui.amp import AmplifierPanel, AnalyserStyle, MeterMode
from app.ui.settings import Settings
from app.ui.sky import SkyPainter
from app.visual.listening import Listening
from app.visual.starfield import Starfield

if TYPE_CHECKING:
    from app.audio.engine import Engine
    from app.ui.ambient_mode import AmbientMode
    from app.ui.deck import DeckView
    from app.ui.theme import Theme
    from app.ui.workshop import Workbench

AMBIENT_FRAME_MS = 33
QUIET_FRAME_MS = 160
AMBIENT_SKY_FRAME_S = 0.095  # full screen, the sky moves on about 10 times a second
HIDDEN_ANALYSIS_EVERY = 3  # frames between analyses while nobody sees the analyser
# The shop window's sky: its stars drift and twinkle slowly, so about 10 frames a second is
# enough (as in ambient mode, and 0.7 % of a core less than 15); a shooting star crossing it
# gets about 30.
SKY_FRAME_S = 0.095
SKY_METEOR_FRAME_S = 0.030


class Ambience(QObject):
    """Drive the analyser, the meters and the sky from the sound being heard."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        panel: AmplifierPanel,
        workbench: Workbench,
        ambient: AmbientMode,
        deck: DeckView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.settings = settings
        self.panel = panel
        self.workbench = workbench
        self.ambient = ambient
        self.deck = deck
        self.listening = self._make_listening()
        self.starfield = Starfield(seed=2050, far_count=3500, milky_way_count=3000)
        self.sky = SkyPainter(self.starfield)
        workbench.set_sky_layer(self.sky.paint_stars)
        ambient.view.set_sky_painter(self.sky.paint_sky)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_frame)
        self._clock = QElapsedTimer()
        self._clock.start()
        self.frames = 0
        self._sky_due_s = 0.0
        self._stars_in_window = True
        panel.meter_mode_toggled.connect(self._toggle_meter_mode)
        panel.analyser_style_toggled.connect(self._toggle_analyser_style)
        settings.changed.connect(self._on_setting_changed)
        deck.frame_shown.connect(self._on_deck_frame)
        panel.spectrum.set_bands([float(c) for c in self.listening.centres])
        for key in ("ambience/analyser_style", "ambience/meter_mode"):
            self._on_setting_changed(key)
        window = workbench.window()
        window.installEventFilter(self)
        self._watched_handle: QObject | None = None
        self.wake()

    # ------------------------------------------------------------------ running
    @property
    def running(self) -> bool:
        """Whether the frame timer runs."""
        return self._timer.isActive()

    def wake(self) -> None:
        """Run the frames now (after play, a resize, the window shown again).

        While the deck animates at the screen's rate, its frames carry these too, so both are
        drawn in one pass and flushed to the screen once.
        """
        self._watch_handle()
        if not self._on_screen() or self._riding_deck():
            self._timer.stop()
            return
        interval = self._interval()
        if not self._timer.isActive():
            self._clock.start()
            self._timer.start(interval)
        elif self._timer.interval() != interval:
            self._timer.setInterval(interval)

    def _interval(self) -> int:
        if self.ambient.active:
            return AMBIENT_FRAME_MS
        if self._sounding() or not self._settled():
            screen = self.workbench.screen()
            rate = screen.refreshRate() if screen is not None else 60.0
            return max(4, round(1000.0 / (rate if rate >= 20 else 60.0)))
        return QUIET_FRAME_MS

    def _riding_deck(self) -> bool:
        return self.deck.is_animating and not self.ambient.active

    def _on_deck_frame(self) -> None:
        if self._riding_deck():
            self._on_frame()
        elif not self._timer.isActive():
            self.wake()  # the deck has stopped: run on our own again

    def _settled(self) -> bool:
        """Whether nothing on the amplifier moves any more (or it is not shown)."""
        return not self.panel.isVisible() or self.listening.settled(self.settings.meter_mode)

    def _sounding(self) -> bool:
        return self.engine.sounding

    def _on_screen(self) -> bool:
        window = self.workbench.window()
        if not window.isVisible() or window.isMinimized():
            return False
        handle = window.windowHandle()
        return handle is None or handle.isExposed()

    def _watch_handle(self) -> None:
        handle = self.workbench.window().windowHandle()
        if handle is not None and handle is not self._watched_handle:
            handle.installEventFilter(self)  # Expose: mapped, unmapped, covered, shown again
            self._watched_handle = handle

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Stop while minimised or unmapped; start again when the window is exposed."""
        kind = event.type()
        if kind in (QEvent.Type.Expose, QEvent.Type.WindowStateChange, QEvent.Type.Show):
            self._watch_handle()  # before its first Expose arrives
            QTimer.singleShot(0, self, self.wake)  # once the window knows its exposure
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ a frame
    def _on_frame(self) -> None:
        dt_s = min(self._clock.nsecsElapsed() / 1e9, 0.25)
        self._clock.restart()
        self.frames += 1
        sounding = self._sounding()
        if sounding or not self._settled():  # at rest, silence changes nothing
            heard, audible = self.engine.heard, self.engine.audible_out_frame()
            # With the amplifier out of sight only the stars' mood needs the bands: less often.
            shown = self.panel.isVisible() and not self.ambient.active
            analyse = shown or self.frames % HIDDEN_ANALYSIS_EVERY == 0
            self.listening.update(heard, audible, sounding, dt_s, analyse)
        self._sky_due_s += dt_s
        if self.ambient.active:
            self.deck.advance(dt_s)  # hidden: its own frames have stopped
            self.ambient.follow(self.deck.platter_angle_deg)
            view = self.ambient.view
            if self._sky_due_s >= AMBIENT_SKY_FRAME_S:
                self._step_sky(sounding)
                view.sky_moved()
            else:  # the stars stand still between their frames: only the label turns
                view.update(view.art_region())
        else:
            self._show_readings()
            meteor = self.starfield.shooting_star_in_flight
            frame_s = SKY_METEOR_FRAME_S if meteor else SKY_FRAME_S
            if self._stars_in_window and self._sky_due_s >= frame_s:
                self._step_sky(sounding)
                self.workbench.update(self.workbench.sky_rect())
        self.wake()

    def _step_sky(self, sounding: bool) -> None:
        follow = self.settings.stars_follow_music and sounding
        self.starfield.step(self._sky_due_s, self.listening.mood if follow else None)
        self._sky_due_s = 0.0

    def _show_readings(self) -> None:
        panel = self.panel
        if not panel.isVisible():
            return
        listening = self.listening
        panel.spectrum.set_levels(listening.levels_db, listening.peaks_db)
        meter = listening.ppm if panel.meter_mode is MeterMode.PPM else listening.vu
        level, lamps = meter.level_db, meter.peak_lamps
        panel.vu_left.set_level(float(level[0]))
        panel.vu_right.set_level(float(level[-1]))
        panel.vu_left.set_peak_lamp(bool(lamps[0]))
        panel.vu_right.set_peak_lamp(bool(lamps[-1]))

    def set_theme(self, theme: Theme) -> None:
        """Show the live stars in the night shop's window; the day shop's sky has none."""
        self._stars_in_window = theme.name.value == "night"
        self.workbench.set_sky_layer(self.sky.paint_stars if self._stars_in_window else None)

    # ------------------------------------------------------------------ settings
    def _make_listening(self) -> Listening:
        settings = self.settings
        return Listening(
            self.engine.sample_rate, 2, settings.analyser_bands_per_octave,
            settings.analyser_a_weighting,
        )  # fmt: skip

    def _on_setting_changed(self, key: str) -> None:
        settings = self.settings
        if key in ("ambience/bands_per_octave", "ambience/a_weighting"):
            self.listening = self._make_listening()
            self.listening.use_ppm(settings.meter_mode == "ppm")
            self.panel.spectrum.set_bands([float(c) for c in self.listening.centres])
        elif key == "ambience/analyser_style":
            self.panel.set_analyser_style(AnalyserStyle(settings.analyser_style))
        elif key == "ambience/meter_mode":
            self.panel.set_meter_mode(MeterMode(settings.meter_mode))
            self.listening.use_ppm(settings.meter_mode == "ppm")

    def _toggle_meter_mode(self, mode: MeterMode) -> None:
        self.settings.meter_mode = mode.value

    def _toggle_analyser_style(self, style: AnalyserStyle) -> None:
        self.settings.analyser_style = style.value
