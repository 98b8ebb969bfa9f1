"""The ambient full-screen mode: the record's label turning under a night sky."""

from app.ui.ambient.ambient_layout import progress_fraction, ring_arc_16ths
from app.ui.ambient.ambient_view import AmbientView, SkyPainter

__all__ = ["AmbientView", "SkyPainter", "progress_fraction", "ring_arc_16ths"]
