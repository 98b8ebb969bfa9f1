"""The starlit sky in Qt: :class:`SkyPainter` draws a :class:`~app.visual.starfield.Starfield`."""

from app.ui.sky.sky_painter import SkyPainter

__all__ = ["SkyPainter"]
