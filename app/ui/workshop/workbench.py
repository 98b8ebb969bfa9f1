"""Show Jay's shop as the main window's background, rendered once per size and then blitted.

:class:`Workbench` paints the main window's whole background; the main window lays its panels
over it. The backdrop is static, so it is rendered once per size, theme, window share and device
pixel ratio into a pixmap, and a paint only blits the exposed part of it. During a resize storm
the old pixmap is stretched and the real render waits until the size has been still for
``SETTLE_MS``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QWidget

from app.ui.theme import Theme
from app.ui.workshop.layout import Layout, clamp
from app.ui.workshop.props import draw_light, draw_radio, draw_sign, draw_valve
from app.ui.workshop.sky import draw_city, draw_sky
from app.ui.workshop.window import draw_glass, draw_wall, draw_window
from app.ui.workshop.wood import WOOD_CACHE, draw_bench

__all__ = ["SETTLE_MS", "SkyLayer", "Workbench"]

SETTLE_MS = 100  # the real render waits until the size has been still this long
SkyLayer = Callable[[QPainter, QRect], None]
_FRACTION_RANGE = (0.25, 0.75)
# What a rendered backdrop was drawn for: size, pixel ratio, theme, window share, still stars.
_Key = tuple[tuple[int, int], float, str, float, bool]


def _render(theme: Theme, size: QSize, dpr: float, fraction: float, stars: bool) -> QPixmap:
    """Paint the whole backdrop for one widget size into a pixmap carrying ``dpr``."""
    width, height = size.width(), size.height()
    lay = Layout.of(width, height, fraction)
    pixmap = QPixmap(QSize(max(1, round(width * dpr)), max(1, round(height * dpr))))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(theme.wood_dark)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw_wall(painter, theme, width, lay.bench.top())
    draw_sky(painter, theme, lay.glass, stars)
    draw_bench(painter, theme, lay.bench)
    _draw_window_front(painter, theme, lay, dpr)
    draw_light(painter, theme, lay, width, height)
    painter.end()
    return pixmap


def _draw_window_front(painter: QPainter, theme: Theme, lay: Layout, dpr: float) -> None:
    """Draw what stands in front of the sky: the city, the glass, the frame, sign and sill."""
    painter.save()
    painter.setClipRect(lay.glass)
    draw_city(painter, theme, lay.glass)
    draw_glass(painter, theme, lay.glass)
    painter.restore()
    draw_window(painter, theme, lay)
    draw_sign(painter, theme, lay.transom, dpr)
    height = clamp(lay.glass.height() * 0.34, 40, 190)
    left = lay.glass.left() + max(height * 0.3, lay.glass.width() * 0.035)
    draw_radio(painter, theme, QPointF(left + height * 0.4, lay.sill.top()), height, dpr)
    for offset, scale in ((0.98, 0.46), (1.24, 0.36)):
        draw_valve(painter, theme, QPointF(left + height * offset, lay.sill.top()), height * scale)


def _render_front(
    theme: Theme, backdrop: QPixmap, size: QSize, fraction: float
) -> tuple[QPixmap, QRect]:
    """Cut from ``backdrop`` what stands in front of the sky, to lay over a live sky.

    The window's foreground is drawn once more on transparency only for its coverage; the
    backdrop's own pixels (with the lamp's light and the room's shade already on them) are kept
    where it covers, so the layered window looks exactly like the plain one.
    """
    dpr = backdrop.devicePixelRatio()
    lay = Layout.of(size.width(), size.height(), fraction)
    area = lay.frame.toAlignedRect()
    device = QRect(
        round(area.x() * dpr),
        round(area.y() * dpr),
        round(area.width() * dpr),
        round(area.height() * dpr),
    )
    coverage = QImage(device.size(), QImage.Format.Format_ARGB32_Premultiplied)
    coverage.fill(Qt.GlobalColor.transparent)
    coverage.setDevicePixelRatio(dpr)
    painter = QPainter(coverage)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(-area.topLeft().toPointF())
    _draw_window_front(painter, theme, lay, dpr)
    painter.end()
    front = (
        backdrop.copy(device).toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    )
    painter = QPainter(front)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
    painter.drawImage(0, 0, coverage)
    painter.end()
    pixmap = QPixmap.fromImage(front)
    pixmap.setDevicePixelRatio(dpr)
    return pixmap, area


# ------------------------------------------------------------------ the widget
class Workbench(QWidget):
    """The whole window's background: Jay's shop window, sign, workbench and lamp.

    The main window lays its panels over it with an ordinary layout. The backdrop is rendered
    once per size, theme, window share and device pixel ratio and then only blitted.

    Parameters
    ----------
    theme
        The look: :data:`~app.ui.theme.NIGHT` or the lighter :data:`~app.ui.theme.DAY`.
    parent
        The owning widget, if any.

    """

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._fraction = 0.46
        self._sky_layer: SkyLayer | None = None
        self._pixmap: QPixmap | None = None
        self._front: tuple[QPixmap, QRect] | None = None
        self._key: _Key | None = None
        self._render_count = 0
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._on_settled)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # ---------------------------------------------------------------- geometry
    def _layout(self) -> Layout:
        return Layout.of(self.width(), self.height(), self._fraction)

    def sky_rect(self) -> QRect:
        """Return where the shop window's glass is (the sky), in widget coordinates."""
        return self._layout().glass.toAlignedRect()

    def sign_rect(self) -> QRect:
        """Return the upper pane where the sign is lettered (keep panels off it if you can)."""
        return self._layout().transom.toAlignedRect()

    def bench_top(self) -> int:
        """Return the y where the workbench's surface starts (just below the window sill)."""
        return round(self._layout().bench.top())

    def window_fraction(self) -> float:
        """Return the share of the height given to the wall and the shop window."""
        return self._fraction

    def set_window_fraction(self, fraction: float) -> None:
        """Give the shop window ``fraction`` of the height (clamped to 0.25-0.75)."""
        fraction = clamp(fraction, *_FRACTION_RANGE)
        if fraction != self._fraction:
            self._fraction = fraction
            self._invalidate()

    def theme(self) -> Theme:
        """Return the current look."""
        return self._theme

    def set_theme(self, theme: Theme) -> None:
        """Switch to ``theme`` and repaint."""
        if theme is not self._theme:
            self._theme = theme
            self._invalidate()

    def set_sky_layer(self, layer: SkyLayer | None) -> None:
        """Paint ``layer(painter, sky_rect)`` between the sky and the window's foreground.

        The layer (a live starfield, for instance) is clipped to :meth:`sky_rect`; the city,
        the glazing bars and the sign are laid over it. The placeholder stars are left out while
        a layer is set. Pass ``None`` to remove it. Call ``update(sky_rect())`` to animate.
        """
        self._sky_layer = layer
        self._invalidate()

    @property
    def render_count(self) -> int:
        """Return how many times the backdrop has been rendered (a paint normally only blits)."""
        return self._render_count

    def paint_under(self, widget: QWidget, painter: QPainter, rect: QRect) -> bool:
        """Paint the bench that lies under ``rect`` of ``widget`` (a child) with ``painter``.

        Lets a child that covers part of the bench paint itself opaquely, so a repaint of it
        does not repaint the workbench behind it. Returns False (and paints nothing) while no
        backdrop is ready or the size is settling; the child then fills the rect itself.
        """
        pixmap = self._pixmap
        if pixmap is None or self._key is None or self._key[0] != (self.width(), self.height()):
            return False
        _blit(painter, QRectF(rect), pixmap, rect.translated(widget.mapTo(self, QPoint(0, 0))))
        return True

    # ---------------------------------------------------------------- painting
    def _wanted_key(self) -> _Key:
        size = (self.width(), self.height())
        stars = self._sky_layer is None
        return (size, self.devicePixelRatioF(), self._theme.name.value, self._fraction, stars)

    def _invalidate(self) -> None:
        self._key = None
        self._front = None
        self.update()

    def _rerender(self) -> None:
        key = self._wanted_key()
        size, dpr = QSize(self.width(), self.height()), self.devicePixelRatioF()
        self._pixmap = _render(self._theme, size, dpr, self._fraction, self._sky_layer is None)
        if self._sky_layer is not None:
            self._front = _render_front(self._theme, self._pixmap, size, self._fraction)
        WOOD_CACHE.clear()  # in the backdrop now; the disk cache serves the next render
        self._key = key
        self._render_count += 1

    def _on_settled(self) -> None:
        if self._key != self._wanted_key():
            self._rerender()
            self.update()

    def _only_size_differs(self, wanted: _Key) -> bool:
        return self._key is not None and self._key[0] != wanted[0] and self._key[1:] == wanted[1:]

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Stretch the old backdrop while the size changes; render anew once it settles."""
        super().resizeEvent(event)
        if self._pixmap is not None and self._only_size_differs(self._wanted_key()):
            self._settle.start()  # restarts: the render waits for the storm to pass

    def paintEvent(self, event: QPaintEvent) -> None:
        """Blit the exposed part of the cached backdrop (and the sky layer, if one is set)."""
        wanted = self._wanted_key()
        storm = self._settle.isActive() and self._only_size_differs(wanted)
        if self._pixmap is None or (self._key != wanted and not storm):
            self._rerender()
        assert self._pixmap is not None and self._key is not None
        painter = QPainter(self)
        if storm:  # stretch what we have; the real render follows when the size settles
            old_width, old_height = self._key[0]
            scale = (self.width() / old_width, self.height() / old_height)
            painter.drawPixmap(self.rect(), self._pixmap)
        else:
            scale = (1.0, 1.0)
            exposed = event.rect()
            _blit(painter, QRectF(exposed), self._pixmap, exposed)
        # The deck and the panels repaint the bench under them often: leave the sky alone then.
        front = self._front
        if (
            self._sky_layer is not None
            and front is not None
            and (storm or event.rect().intersects(front[1]))
        ):
            self._paint_sky_layer(painter, self._sky_layer, front, scale)
        painter.end()

    def _paint_sky_layer(
        self,
        painter: QPainter,
        layer: SkyLayer,
        front: tuple[QPixmap, QRect],
        scale: tuple[float, float],
    ) -> None:
        sky = self.sky_rect()
        painter.save()
        painter.setClipRect(sky)
        layer(painter, sky)
        painter.restore()
        pixmap, area = front
        target = QRectF(
            area.x() * scale[0],
            area.y() * scale[1],
            area.width() * scale[0],
            area.height() * scale[1],
        )
        painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))


def _blit(painter: QPainter, target: QRectF, pixmap: QPixmap, area: QRect) -> None:
    """Draw ``area`` of the backdrop (in the workbench's logical pixels) into ``target``."""
    ratio = pixmap.devicePixelRatio()
    source = QRectF(area.topLeft().toPointF() * ratio, area.size().toSizeF() * ratio)
    painter.drawPixmap(target, pixmap, source)
