"""The analyser's display styles (a pure enum, shared by the view and its painter)."""

from __future__ import annotations

from enum import Enum


class AnalyserStyle(Enum):
    """How the spectrum analyser's segments light.

    ``LED``: stacked rectangular LEDs, green, amber and red, as on 1970s-80s hi-fi.
    ``VFD``: cyan-teal vacuum-fluorescent segments glowing behind dark smoked glass.
    """

    LED = "led"
    VFD = "vfd"

    def following(self) -> AnalyserStyle:
        """Return the style a click on the analyser switches to."""
        return AnalyserStyle.VFD if self is AnalyserStyle.LED else AnalyserStyle.LED
