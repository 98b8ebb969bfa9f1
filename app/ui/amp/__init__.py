"""The amplifier under the turntable: two analog level meters and a spectrum analyser."""

from app.ui.amp.amplifier_panel import AmplifierPanel
from app.ui.amp.spectrum_view import SpectrumView
from app.ui.amp.styles import AnalyserStyle
from app.ui.amp.vu_meter_view import VuMeterView
from app.visual.meter_scale import MeterMode

__all__ = ["AmplifierPanel", "AnalyserStyle", "MeterMode", "SpectrumView", "VuMeterView"]
