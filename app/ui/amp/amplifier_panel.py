"""The amplifier under the turntable: two VU meters and a spectrum analyser on a faceplate.

:class:`AmplifierPanel` paints the faceplate (cached, :mod:`~app.ui.amp.faceplate_painter`)
and places three opaque views in its windows: ``vu_left``, ``spectrum`` and ``vu_right``.
The caller feeds the views directly, each repaints only itself, and the faceplate is never
repainted for them. Clicking a meter switches both between VU and PPM; clicking the analyser
switches it between LED and VFD; each switch is announced with the new choice.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.amp.faceplate_painter import Faceplate, render_faceplate
from app.ui.amp.layer_cache import LayerCache, painter_ratio
from app.ui.amp.panel_layout import PanelLayout, panel_layout
from app.ui.amp.spectrum_view import SpectrumView
from app.ui.amp.styles import AnalyserStyle
from app.ui.amp.vu_meter_view import VuMeterView
from app.ui.theme import Theme
from app.visual.meter_scale import MeterMode

PREFERRED = QSize(700, 140)
SMALLEST = QSize(420, 96)


class AmplifierPanel(QWidget):
    """The amplifier's faceplate with ``vu_left``, ``spectrum`` and ``vu_right``.

    ``meter_mode_toggled`` carries the new :class:`MeterMode` after a click on a meter;
    ``analyser_style_toggled`` the new :class:`AnalyserStyle` after a click on the analyser.
    """

    meter_mode_toggled = Signal(object)
    analyser_style_toggled = Signal(object)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._faceplates: LayerCache[Faceplate] = LayerCache(capacity=2)
        self._layout = panel_layout(PREFERRED.width(), PREFERRED.height())
        self.vu_left = VuMeterView(theme, "L", self)
        self.spectrum = SpectrumView(theme, self)
        self.vu_right = VuMeterView(theme, "R", self)
        self.vu_left.clicked.connect(self._on_meter_clicked)
        self.vu_right.clicked.connect(self._on_meter_clicked)
        self.spectrum.clicked.connect(self._on_analyser_clicked)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(self.tr("Amplifier: level meters and spectrum analyser"))
        self._place_views()

    # ------------------------------------------------------------------ state
    @property
    def meter_mode(self) -> MeterMode:
        """The meters' scale: VU or PPM."""
        return self.vu_left.mode

    @property
    def analyser_style(self) -> AnalyserStyle:
        """The analyser's segments: LED or VFD."""
        return self.spectrum.analyser_style

    @property
    def layout_now(self) -> PanelLayout:
        """Where the faceplate's parts sit at the current size."""
        return self._layout

    @property
    def faceplate_renders(self) -> int:
        """How many times the faceplate has been rendered (for tests and benchmarks)."""
        return self._faceplates.renders

    def sizeHint(self) -> QSize:
        """Return the panel's natural size under the deck: 700 x 140."""
        return QSize(PREFERRED)

    def minimumSizeHint(self) -> QSize:
        """Return the smallest size the panel is drawn well at: 420 x 96."""
        return QSize(SMALLEST)

    # ------------------------------------------------------------------ the caller's API
    def set_theme(self, theme: Theme) -> None:
        """Repaint the faceplate and the three views in ``theme``."""
        self._theme = theme
        self._faceplates.clear()
        for view in (self.vu_left, self.spectrum, self.vu_right):
            view.set_theme(theme)
        self.update()

    def set_meter_mode(self, mode: MeterMode) -> None:
        """Show both meters as VU or as BBC PPM."""
        self.vu_left.set_mode(mode)
        self.vu_right.set_mode(mode)

    def set_analyser_style(self, style: AnalyserStyle) -> None:
        """Light the analyser as LEDs or as a VFD."""
        self.spectrum.set_style(style)

    # ------------------------------------------------------------------ Qt
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay the windows out for the new size."""
        super().resizeEvent(event)
        self._place_views()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Blit the cached faceplate (the views paint their own windows)."""
        painter = QPainter(self)
        dpr = painter_ratio(painter, self.devicePixelRatioF())
        layout = self._layout
        key = (layout.width, layout.height, dpr, self._theme.name)
        faceplate = self._faceplates.get(key, lambda: render_faceplate(self._theme, layout, dpr))
        faceplate.draw(painter)
        painter.end()

    # ------------------------------------------------------------------ helpers
    def _place_views(self) -> None:
        self._layout = panel_layout(self.width(), self.height())
        self.vu_left.setGeometry(self._layout.meter_left)
        self.spectrum.setGeometry(self._layout.spectrum)
        self.vu_right.setGeometry(self._layout.meter_right)

    def _on_meter_clicked(self) -> None:
        mode = MeterMode.PPM if self.meter_mode is MeterMode.VU else MeterMode.VU
        self.set_meter_mode(mode)
        self.meter_mode_toggled.emit(mode)

    def _on_analyser_clicked(self) -> None:
        style = self.spectrum.analyser_style.following()
        self.spectrum.set_style(style)
        self.analyser_style_toggled.emit(style)
