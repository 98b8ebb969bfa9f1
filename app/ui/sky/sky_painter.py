"""Paint a :class:`~app.visual.starfield.Starfield`: the shop window's stars, or a whole night sky.

:class:`SkyPainter` draws what the model says, in the order light reaches the eye:

1. (:meth:`SkyPainter.paint_sky` only) the cached background: gradient and Milky Way;
2. the faint stars (dim real ones, the Milky Way's and the far layer) as crisp pixels in a few
   batched calls (:mod:`.points`);
3. the bright real stars and the near layer as pre-rendered glows (:mod:`.sprites`), one
   ``drawPixmapFragments`` call each, one to one in device pixels, with the star's flicker as
   its opacity; a low star's colour flash is a second, tinted glow over the first;
4. Mars, a warm steady disc;
5. the shooting stars, tapered streaks fading along their tails.

Everything is clipped to the rectangle given. The painter fits the starfield's view to the
rectangle's aspect; it never steps the model (the caller does, once a frame).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter, QPainterPath

from app.ui.sky.background import SkyBackground
from app.ui.sky.points import PointBatch, point_tint
from app.ui.sky.sprites import COLOUR_CLASSES, SpriteAtlas, colour_class, size_class
from app.visual.sky_meteors import BRIGHTNESS, HEAD_X, HEAD_Y, TAIL_X, TAIL_Y, WIDTH
from app.visual.starfield import Starfield, StarLayer

__all__ = ["SkyPainter"]

F64 = npt.NDArray[np.float64]

POINT_GAIN = 3.8  # a faint star's pixel alpha per unit of brightness
SPRITE_OPACITY = 0.9  # a glow's opacity at its star's steady brightness (room to flicker up)
FULL_PX_PER_DEG = 16.0  # all synthetic faint stars are drawn, gliding, at this scale and above
SYNTHETIC_SHARE_MIN = 0.35  # at least this share of them on the smallest pictures
METEOR_ROW, METEOR_SIZE = 3, 6  # a shooting star's head glows like a white magnitude-0.8 star


def _star_scale(rect: QRectF) -> float:
    """Return how large glows are drawn: a little larger on a big full-screen sky."""
    return round(min(1.35, max(0.85, math.sqrt(rect.width() * rect.height()) / 560.0)) * 20) / 20


class SkyPainter:
    """Draw a starfield into any rectangle; see the module docstring for the layers.

    Parameters
    ----------
    starfield
        The model to draw. The painter reads its arrays and sets its aspect.

    """

    def __init__(self, starfield: Starfield) -> None:
        self._field = starfield
        self._points = PointBatch()
        self._background = SkyBackground()
        self._atlases: dict[tuple[float, float], SpriteAtlas] = {}
        catalogue = starfield.layer_slice(StarLayer.CATALOGUE)
        far = starfield.layer_slice(StarLayer.FAR)
        near = starfield.layer_slice(StarLayer.NEAR)
        # Faint stars are contiguous: the dim real ones, the Milky Way's, then the far layer.
        self._faint = slice(catalogue.start + starfield.bright_count, far.stop)
        self._faint_tint = point_tint(starfield.bv[self._faint])
        self._real_faint = catalogue.stop - self._faint.start  # the first of them are real
        # A small picture draws only the synthetic stars ranked below its share (_draw_faint).
        rank = np.random.default_rng(0).random(self._faint.stop - self._faint.start)
        rank[: self._real_faint] = -1.0
        self._faint_rank = rank.astype(np.float32)
        self._bright = np.concatenate(
            [
                np.arange(catalogue.start, catalogue.start + starfield.bright_count),
                np.arange(near.start, near.stop),
            ]
        )
        self._bright_size = size_class(starfield.magnitude[self._bright])
        self._bright_row = colour_class(starfield.bv[self._bright])
        self._fragments: list[QPainter.PixmapFragment] = []
        self._fragment_key: tuple[float, float] | None = None
        self._spare = QPainter.PixmapFragment.create(QPointF(), QRectF())  # Mars, flashes

    @property
    def starfield(self) -> Starfield:
        """Return the model drawn."""
        return self._field

    @property
    def background_renders(self) -> int:
        """Return how many times :meth:`paint_sky`'s background has been rendered."""
        return self._background.renders

    # ---------------------------------------------------------------- public
    def paint_stars(self, painter: QPainter, rect: QRect | QRectF) -> None:
        """Draw the stars, Mars and shooting stars into ``rect``, clipped to it.

        For the shop window's sky layer: whatever is behind (the sky's gradient) is left as
        it is.
        """
        area = QRectF(rect)
        if area.width() < 1 or area.height() < 1:
            return
        self._fit(area)
        dpr = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        atlas = self._atlas(dpr, _star_scale(area))
        painter.save()
        painter.setClipRect(area, Qt.ClipOperation.IntersectClip)
        self._draw_faint(painter, area)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.save()
        # Sprites are drawn one to one in device pixels: Qt's unscaled path is twice as fast.
        painter.scale(1.0 / atlas.dpr, 1.0 / atlas.dpr)
        self._draw_bright(painter, area, atlas)
        self._draw_mars(painter, area, atlas)
        painter.restore()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._draw_meteors(painter, area, atlas)
        painter.restore()

    def paint_sky(self, painter: QPainter, rect: QRect | QRectF) -> None:
        """Draw a whole night sky into ``rect``: background, Milky Way, then :meth:`paint_stars`."""
        area = QRectF(rect)
        if area.width() < 1 or area.height() < 1:
            return
        self._fit(area)
        dpr = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        size = QSize(round(area.width()), round(area.height()))
        background = self._background.image(self._field, size, dpr)
        painter.save()
        painter.setClipRect(area, Qt.ClipOperation.IntersectClip)
        painter.drawImage(area.topLeft(), background)
        painter.restore()
        self.paint_stars(painter, area)

    # ---------------------------------------------------------------- parts
    def _fit(self, area: QRectF) -> None:
        aspect = area.width() / area.height()
        view = self._field.view
        if abs(view.fov_x_deg / view.fov_y_deg - aspect) > 1e-6:
            self._field.set_aspect(aspect)

    def _atlas(self, dpr: float, scale: float) -> SpriteAtlas:
        key = (dpr, scale)
        atlas = self._atlases.pop(key, None)
        if atlas is None:
            # The shop window's and the full-screen sky's are live at once; the scales a
            # window passed through while it was being sized are not (2 MB each).
            while len(self._atlases) >= 2:
                self._atlases.pop(next(iter(self._atlases)))
            atlas = SpriteAtlas.build(dpr, scale)
        self._atlases[key] = atlas  # the most recently used last
        if self._fragment_key != key:
            self._fragments = [
                QPainter.PixmapFragment.create(QPointF(), atlas.sources[row][size])
                for row, size in zip(
                    self._bright_row.tolist(), self._bright_size.tolist(), strict=True
                )
            ]
            self._fragment_key = key
        return atlas

    def _draw_faint(self, painter: QPainter, area: QRectF) -> None:
        """Draw the faint stars as pixels.

        The synthetic ones are as dense per degree in every picture; where a degree is only a
        few pixels (the shop window) all of them would crowd it, so a share is drawn, and
        they move about a pixel a second there, so they are drawn on the nearest pixel.
        Real ones, and all on a large picture, glide between pixels.
        """
        field, faint = self._field, self._faint
        px_per_deg = area.width() / field.view.fov_x_deg
        share = min(1.0, max(SYNTHETIC_SHARE_MIN, px_per_deg / FULL_PX_PER_DEG))
        wanted = field.visible[faint] & (self._faint_rank < share)
        shown = np.flatnonzero(wanted)
        if shown.size == 0:
            return
        real = int(np.searchsorted(shown, self._real_faint))
        smooth = shown.size if px_per_deg >= FULL_PX_PER_DEG else real
        stars = shown + faint.start
        x = area.left() + field.x[stars].astype(np.float64) * area.width()
        y = area.top() + field.y[stars].astype(np.float64) * area.height()
        alpha = field.brightness[stars].astype(np.float64) * POINT_GAIN
        self._points.draw(painter, x, y, alpha, self._faint_tint[shown], smooth)

    def _draw_bright(self, painter: QPainter, area: QRectF, atlas: SpriteAtlas) -> None:
        """Draw the glows of the bright stars, in device pixels (the painter is scaled so)."""
        field, bright, dpr = self._field, self._bright, atlas.dpr
        shown = np.flatnonzero(field.visible[bright])
        if shown.size == 0:
            return
        stars = bright[shown]
        relative = field.brightness[stars] / field.base_brightness[stars]
        xs = ((area.left() + field.x[stars] * area.width()) * dpr).tolist()
        ys = ((area.top() + field.y[stars] * area.height()) * dpr).tolist()
        opacities = np.clip(relative * SPRITE_OPACITY, 0.0, 1.0).tolist()
        flashing = np.zeros(stars.size)
        in_flash_range = stars < field.bright_count
        flashing[in_flash_range] = field.flash[stars[in_flash_range]]
        pixmap, fragments = atlas.pixmap, self._fragments
        for index, x, y, opacity, flash in zip(
            shown.tolist(), xs, ys, opacities, flashing.tolist(), strict=True
        ):
            fragment = fragments[index]
            fragment.x, fragment.y = x, y
            fragment.opacity = opacity * (1.0 - 0.55 * flash)
            painter.drawPixmapFragments(fragment, 1, pixmap)
            if flash > 0.02:
                self._draw_flash(painter, atlas, index, fragment, opacity * flash)

    def _draw_flash(
        self,
        painter: QPainter,
        atlas: SpriteAtlas,
        index: int,
        over: QPainter.PixmapFragment,
        opacity: float,
    ) -> None:
        """Lay bright star ``index``'s momentary flash tint (red, green or blue) over its glow."""
        row = COLOUR_CLASSES + int(self._field.flash_tint[self._bright[index]])
        source = atlas.sources[row][int(self._bright_size[index])]
        _draw_sprite(painter, atlas, source, over.x, over.y, min(1.0, opacity), self._spare)

    def _draw_mars(self, painter: QPainter, area: QRectF, atlas: SpriteAtlas) -> None:
        """Draw Mars, in device pixels (the painter is scaled so)."""
        mars = self._field.mars
        if not mars.visible or mars.brightness <= 0:
            return
        x = (area.left() + mars.x * area.width()) * atlas.dpr
        y = (area.top() + mars.y * area.height()) * atlas.dpr
        opacity = min(1.0, mars.brightness / 0.95)
        _draw_sprite(painter, atlas, atlas.mars, x, y, opacity, self._spare)

    def _draw_meteors(self, painter: QPainter, area: QRectF, atlas: SpriteAtlas) -> None:
        """Draw the shooting stars: tapered trains, and a glowing head on each."""
        streaks = self._field.shooting_stars
        lit = streaks[streaks[:, BRIGHTNESS] > 0.01].tolist()
        if not lit:
            return
        scale, dpr = _star_scale(area), atlas.dpr
        left, top, width, height = area.left(), area.top(), area.width(), area.height()
        heads = []
        painter.setPen(Qt.PenStyle.NoPen)
        for row in lit:
            head = QPointF(left + row[HEAD_X] * width, top + row[HEAD_Y] * height)
            tail = QPointF(left + row[TAIL_X] * width, top + row[TAIL_Y] * height)
            _draw_streak(painter, head, tail, row[BRIGHTNESS], 2.4 * row[WIDTH] * scale)
            heads.append((head.x() * dpr, head.y() * dpr, min(1.0, row[BRIGHTNESS])))
        source = atlas.sources[METEOR_ROW][METEOR_SIZE]
        painter.save()
        painter.scale(1.0 / dpr, 1.0 / dpr)
        for x, y, opacity in heads:
            _draw_sprite(painter, atlas, source, x, y, opacity, self._spare)
        painter.restore()


def _draw_sprite(
    painter: QPainter,
    atlas: SpriteAtlas,
    source: QRectF,
    x: float,
    y: float,
    opacity: float,
    fragment: QPainter.PixmapFragment,
) -> None:
    """Draw the atlas sprite at ``source`` centred on device pixel ``x``, ``y``."""
    fragment.x, fragment.y, fragment.opacity = x, y, opacity
    fragment.sourceLeft, fragment.sourceTop = source.left(), source.top()
    fragment.width, fragment.height = source.width(), source.height()
    painter.drawPixmapFragments(fragment, 1, atlas.pixmap)


def _draw_streak(
    painter: QPainter, head: QPointF, tail: QPointF, brightness: float, width_px: float
) -> None:
    """Draw one shooting star's train: tapered, white-hot at the head, fading to the tail."""
    dx, dy = head.x() - tail.x(), head.y() - tail.y()
    length = math.hypot(dx, dy)
    if length < 0.5:
        return
    nx, ny = -dy / length * width_px / 2, dx / length * width_px / 2  # half-width normal
    path = QPainterPath(tail)
    path.lineTo(head.x() + nx, head.y() + ny)
    path.lineTo(head.x() + dx / length * width_px / 2, head.y() + dy / length * width_px / 2)
    path.lineTo(head.x() - nx, head.y() - ny)
    path.closeSubpath()
    gradient = QLinearGradient(head, tail)
    alpha = max(0.0, min(1.0, brightness))
    gradient.setColorAt(0.0, QColor(255, 252, 242, round(255 * alpha)))
    gradient.setColorAt(0.2, QColor(228, 236, 255, round(170 * alpha)))
    gradient.setColorAt(0.6, QColor(190, 210, 255, round(55 * alpha)))
    gradient.setColorAt(1.0, QColor(170, 195, 255, 0))
    painter.fillPath(path, QBrush(gradient))
