"""The amplifier's spectrum analyser: columns of LED or VFD segments with peak caps.

A pure view: the caller sets the bands once (:meth:`SpectrumView.set_bands`) and then, about
60 times a second, the levels and held peaks in dBFS (:meth:`SpectrumView.set_levels`).
The view turns them into lit segment counts and repaints only when a segment changes. Both
layers (every segment dark, every segment lit) are cached per size, pixel ratio, theme,
style, bands and range (:mod:`~app.ui.amp.analyser_painter`); a frame blits the dark layer
and copies each column's lit stack and peak cap out of the lit one.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from app.ui.amp.analyser_geometry import AnalyserGeometry, analyser_geometry
from app.ui.amp.analyser_painter import AnalyserLayers, render_analyser
from app.ui.amp.layer_cache import LayerCache, painter_ratio
from app.ui.amp.segments import (
    THIRD_OCTAVE_CENTRES_HZ,
    frequency_labels,
    grouped_max,
    lit_segment_counts,
)
from app.ui.amp.styles import AnalyserStyle
from app.ui.i18n import fill
from app.ui.theme import Theme

Levels = npt.NDArray[np.float64]
Counts = npt.NDArray[np.int32]


class SpectrumView(QWidget):
    """A vintage spectrum analyser display.

    Until :meth:`set_bands` is called it shows the 31 third-octave bands of 20 Hz-20 kHz.
    ``clicked`` is emitted on a left click; the amplifier panel switches LED/VFD on it.
    """

    clicked = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._style = AnalyserStyle.LED
        self._floor_db, self._top_db = -60.0, 0.0
        self._bands: tuple[float, ...] = ()
        self._levels: Levels = np.empty(0)
        self._peaks: Levels = np.empty(0)
        self._counts: Counts = np.empty(0, dtype=np.int32)
        self._peak_rows: Counts = np.empty(0, dtype=np.int32)
        self._layers: LayerCache[AnalyserLayers] = LayerCache()
        self._geometry: AnalyserGeometry | None = None  # of the last frame painted
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumSize(80, 32)
        self.setAccessibleName(self.tr("Spectrum analyser"))
        self.set_bands(THIRD_OCTAVE_CENTRES_HZ)
        self._describe()

    # ------------------------------------------------------------------ state
    @property
    def analyser_style(self) -> AnalyserStyle:
        """How the segments light: LED or VFD."""
        return self._style

    @property
    def bands_hz(self) -> tuple[float, ...]:
        """The bands' centre frequencies."""
        return self._bands

    @property
    def levels_db(self) -> Levels:
        """The last levels given, dBFS (a copy the view owns)."""
        return self._levels

    @property
    def peaks_db(self) -> Levels:
        """The last held peaks given, dBFS (a copy the view owns)."""
        return self._peaks

    @property
    def range_db(self) -> tuple[float, float]:
        """The display's floor and top, dBFS."""
        return self._floor_db, self._top_db

    @property
    def painted_geometry(self) -> AnalyserGeometry | None:
        """The layout of the last frame painted (None before the first)."""
        return self._geometry

    @property
    def layer_renders(self) -> int:
        """How many times the layers have been rendered (for tests and benchmarks)."""
        return self._layers.renders

    def sizeHint(self) -> QSize:
        """Return the analyser window's natural size."""
        return QSize(290, 101)

    # ------------------------------------------------------------------ the caller's API
    def set_bands(self, centres_hz: Sequence[float]) -> None:
        """Show one column per band centred at ``centres_hz`` (any count; silence until levels)."""
        bands = tuple(float(centre) for centre in centres_hz)
        if not bands:
            raise ValueError("The analyser needs at least one band")
        if bands == self._bands:
            return
        self._bands = bands
        self._levels = np.full(len(bands), -np.inf)
        self._peaks = np.full(len(bands), -np.inf)
        self._counts = np.empty(0, dtype=np.int32)
        self.update()

    def set_levels(self, levels_db: npt.ArrayLike, peaks_db: npt.ArrayLike) -> None:
        """Show ``levels_db`` and the held ``peaks_db`` (dBFS, one per band); copied."""
        levels = np.array(levels_db, dtype=np.float64).reshape(-1)
        peaks = np.array(peaks_db, dtype=np.float64).reshape(-1)
        if levels.size != len(self._bands) or peaks.size != len(self._bands):
            raise ValueError(
                f"The analyser shows {len(self._bands)} bands but was given "
                f"{levels.size} levels and {peaks.size} peaks"
            )
        self._levels, self._peaks = levels, peaks
        geo = self._geometry
        if geo is None or not self._fits(geo):
            self.update()
            return
        counts, peak_rows = self._display(geo)
        if not (
            np.array_equal(counts, self._counts) and np.array_equal(peak_rows, self._peak_rows)
        ):
            self._counts, self._peak_rows = counts, peak_rows
            self.update()

    def set_range(self, floor_db: float = -60.0, top_db: float = 0.0) -> None:
        """Show levels from ``floor_db`` (no segment lit) to ``top_db`` (all lit)."""
        if not top_db > floor_db:
            raise ValueError(
                f"The analyser's top ({top_db} dB) must lie above its floor ({floor_db} dB)"
            )
        if (floor_db, top_db) != (self._floor_db, self._top_db):
            self._floor_db, self._top_db = float(floor_db), float(top_db)
            self.update()

    def set_style(self, style: AnalyserStyle) -> None:
        """Light the segments as LEDs or as a vacuum-fluorescent display."""
        if style is not self._style:
            self._style = style
            self._describe()
            self.update()

    def set_theme(self, theme: Theme) -> None:
        """Repaint in ``theme`` (the layers are rendered again)."""
        self._theme = theme
        self._layers.clear()
        self.update()

    # ------------------------------------------------------------------ Qt
    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Take the press, so its release comes here."""
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Report a left click inside the analyser."""
        if event.button() is Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Blit the dark layer, then copy each column's lit stack and peak cap from the lit one."""
        painter = QPainter(self)
        layers = self._current_layers(painter_ratio(painter, self.devicePixelRatioF()))
        geo = layers.geometry
        if geo is not self._geometry:
            self._geometry = geo
            self._counts, self._peak_rows = self._display(geo)
        painter.drawPixmap(0, 0, layers.dark)
        lit, counts, peak_rows = layers.lit, self._counts.tolist(), self._peak_rows.tolist()
        for column in np.flatnonzero(self._counts).tolist():
            target, source = geo.stack(column, counts[column])
            painter.drawPixmap(target, lit, source)
        for column in np.flatnonzero(self._peak_rows >= self._counts).tolist():
            target, source = geo.cell(column, peak_rows[column])
            painter.drawPixmap(target, lit, source)
        painter.end()

    # ------------------------------------------------------------------ helpers
    def _fits(self, geo: AnalyserGeometry) -> bool:
        return (geo.width, geo.height, geo.floor_db, geo.top_db) == (
            self.width(),
            self.height(),
            self._floor_db,
            self._top_db,
        ) and geo.columns * geo.group >= len(self._bands) > (geo.columns - 1) * geo.group

    def _display(self, geo: AnalyserGeometry) -> tuple[Counts, Counts]:
        """Return the lit count and the peak cap's segment (-1: none) of each column."""
        segments = geo.segments
        counts = lit_segment_counts(self._levels, self._floor_db, self._top_db, segments)
        peaks = lit_segment_counts(self._peaks, self._floor_db, self._top_db, segments)
        return grouped_max(counts, geo.group), grouped_max(peaks, geo.group) - 1

    def _current_layers(self, dpr: float) -> AnalyserLayers:
        width, height = max(1, self.width()), max(1, self.height())
        key: Hashable = (
            width, height, dpr, self._theme.name, self._style, self._bands, self._floor_db,
            self._top_db,
        )  # fmt: skip

        def make() -> AnalyserLayers:
            geo = analyser_geometry(
                self._theme, width, height, dpr, len(self._bands), self._floor_db, self._top_db
            )
            labels = [(band // geo.group, text) for band, text in frequency_labels(self._bands)]
            return render_analyser(self._theme, self._style, geo, labels)

        return self._layers.get(key, make)

    def _describe(self) -> None:
        other = AnalyserStyle.VFD if self._style is AnalyserStyle.LED else AnalyserStyle.LED
        shown, next_ = self._style.name, other.name
        self.setAccessibleDescription(
            fill(self.tr("%1 spectrum display; click to switch to %2"), shown, next_)
        )
        self.setToolTip(fill(self.tr("Spectrum analyser, %1: click for %2"), shown, next_))
