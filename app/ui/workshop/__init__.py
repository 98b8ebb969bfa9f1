"""Jay's shop around everything else: the shop window, the sign, the workbench and the lamp.

:class:`Workbench` paints the main window's whole background; the main window lays its panels
over it. The backdrop is static, so it is rendered once per size, theme, window share and device
pixel ratio into a pixmap, and a paint only blits the exposed part of it. During a resize storm
the old pixmap is stretched and the real render waits until the size has been still for
``SETTLE_MS``.

The art is drawn in logical pixels on a pixmap that carries the device pixel ratio, so edges and
lettering stay sharp on high-DPI screens. Wood grain and the sign's glow are computed with numpy;
the skyline (Seoul in 2050, with Namsan and its tower) and the still stars come from a seeded
random generator, so the shop looks the same at every start.

The package:

- :mod:`~app.ui.workshop.workbench`: the widget, and how it composes and caches the backdrop;
- :mod:`~app.ui.workshop.layout`: where the window, sill and bench sit for a size;
- :mod:`~app.ui.workshop.window`: the boarded wall and the window's glass, frame and sill;
- :mod:`~app.ui.workshop.sky`: the sky, stars, clouds and Seoul's skyline;
- :mod:`~app.ui.workshop.props`: the sign, the radio and valves on the sill, the lamp's light;
- :mod:`~app.ui.workshop.wood`: the bench's boards and their cached grain texture;
- :mod:`~app.ui.workshop.pixels`: numpy helpers (noise, blur, glow) and colour mixing.
"""

from app.ui.workshop.workbench import SETTLE_MS, SkyLayer, Workbench

__all__ = ["SETTLE_MS", "SkyLayer", "Workbench"]
