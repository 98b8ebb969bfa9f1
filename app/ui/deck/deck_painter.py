"""Drawing the deck: a static layer cached once, and the moving parts.

Everything is drawn in the deck's millimetres through
:class:`~app.ui.deck.deck_geometry.DeckGeometry`. Everything that never moves (the plinth and
its shadow, the platter's mat and rim, the arm base, and the record's grooves, which are
circles) is painted once into one pixmap by :func:`render_base` and :func:`compose_record`;
each frame then only draws the strobe dots (:mod:`~app.ui.deck.strobe_painter`), the turning
label and mat lettering, and the arm on top.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QConicalGradient,
    QImage,
    QLinearGradient,
    QPainter,
    QPen,
    QPixmap,
    QRadialGradient,
    QRegion,
)

from app.ui.deck.deck_geometry import (
    LIGHT_AXIS_DEG,
    MAT_LOGO_RADIUS_MM,
    MAT_RADIUS_MM,
    PLATTER_RADIUS_MM,
    PLINTH_H_MM,
    PLINTH_W_MM,
    STROBE_RADII_MM,
    DeckGeometry,
)
from app.ui.deck.strobe_painter import paint_strobe_lamp
from app.ui.theme import Theme
from app.visual.deck import DiscGeometry
from app.visual.platter import FlipPose


# ------------------------------------------------------------------ the static layer
def render_base(theme: Theme, geo: DeckGeometry, width: int, height: int, dpr: float) -> QPixmap:
    """Return the plinth (with its shadow), platter and mat for a widget of this size.

    The arm's base is added by :func:`~app.ui.deck.tonearm_painter.paint_arm_base`.
    """
    pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(height * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)  # the workbench behind shows round the plinth
    painter = QPainter(pixmap)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    _paint_plinth(painter, geo, theme)
    _paint_platter(painter, geo, theme)
    paint_strobe_lamp(painter, geo, theme)
    _paint_engraving(painter, geo, theme)
    painter.end()
    return pixmap


def _rgb(colour: QColor) -> npt.NDArray[np.float64]:
    return np.array([colour.redF(), colour.greenF(), colour.blueF()])


def _paint_plinth(painter: QPainter, geo: DeckGeometry, theme: Theme) -> None:
    body = geo.rect(0, 0, PLINTH_W_MM, PLINTH_H_MM)
    corner = geo.scale * 9
    _paint_soft_shadow(painter, body, corner, geo.scale)
    top = QLinearGradient(body.topLeft(), body.bottomRight())
    top.setColorAt(0.0, theme.plinth.lighter(128))
    top.setColorAt(0.5, theme.plinth)
    top.setColorAt(1.0, theme.plinth.darker(125))
    painter.setBrush(top)
    painter.setPen(QPen(theme.plinth_edge, geo.scale * 1.2))
    painter.drawRoundedRect(body, corner, corner)
    inner = body.adjusted(*(geo.scale * v for v in (2.5, 2.5, -2.5, -2.5)))
    bevel = QLinearGradient(inner.topLeft(), inner.bottomRight())
    bevel.setColorAt(0.0, QColor(255, 235, 200, 70))
    bevel.setColorAt(0.5, QColor(255, 235, 200, 8))
    bevel.setColorAt(1.0, QColor(0, 0, 0, 70))
    painter.setPen(QPen(QBrush(bevel), geo.scale * 1.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(inner, corner * 0.75, corner * 0.75)
    glow = QRadialGradient(geo.point(60, 30), geo.scale * 420)
    glow.setColorAt(0.0, theme.glow)
    glow.setColorAt(1.0, QColor(0, 0, 0, 0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(glow)
    painter.drawRoundedRect(body, corner, corner)


def _paint_soft_shadow(painter: QPainter, body: QRectF, corner: float, scale: float) -> None:
    """Cast the plinth's blurred shadow down and right, from a small image scaled up."""
    texel = max(1.0, scale * 1.5)  # one shadow texel covers 1.5 mm: the blur hides it
    blur = 4
    margin = (blur * 2 + 2) * texel
    area = body.adjusted(-margin, -margin, margin, margin)
    image = QImage(
        max(1, round(area.width() / texel)), max(1, round(area.height() / texel)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )  # fmt: skip
    image.fill(Qt.GlobalColor.transparent)
    shape = QPainter(image)
    shape.setRenderHint(QPainter.RenderHint.Antialiasing)
    shape.setPen(Qt.PenStyle.NoPen)
    shape.setBrush(QColor(0, 0, 0, 200))
    inner = QRectF(margin / texel, margin / texel, body.width() / texel, body.height() / texel)
    shape.drawRoundedRect(inner, corner / texel, corner / texel)
    shape.end()
    blur_alpha(image, blur)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(area.translated(scale * 3.0, scale * 6.0), image)
    painter.restore()


def blur_alpha(image: QImage, radius: int) -> None:
    """Soften a black silhouette in place with two box blurs (close to a Gaussian)."""
    width, height = image.width(), image.height()
    view = np.frombuffer(image.bits(), dtype=np.uint8).reshape(height, image.bytesPerLine())
    pixels = view[:, : width * 4].reshape(height, width, 4)
    alpha = pixels[:, :, 3].astype(np.float32)
    size = 2 * radius + 1
    for axis in (0, 1, 0, 1):
        pad = [(radius, radius) if a == axis else (0, 0) for a in (0, 1)]
        summed = np.cumsum(np.pad(alpha, pad), axis=axis, dtype=np.float64)
        summed = np.insert(summed, 0, 0.0, axis=axis)
        upper = np.take(summed, np.arange(size, summed.shape[axis]), axis=axis)
        lower = np.take(summed, np.arange(0, summed.shape[axis] - size), axis=axis)
        alpha = ((upper - lower) / size).astype(np.float32)
    pixels[:, :, :3] = 0
    pixels[:, :, 3] = np.clip(alpha, 0, 255).astype(np.uint8)


def _circle(painter: QPainter, centre: QPointF, radius: float) -> None:
    painter.drawEllipse(centre, radius, radius)


def _paint_platter(painter: QPainter, geo: DeckGeometry, theme: Theme) -> None:
    centre, scale = geo.spindle, geo.scale
    shadow = QRadialGradient(
        centre + QPointF(scale * 5, scale * 7), scale * (PLATTER_RADIUS_MM + 9)
    )
    shadow.setColorAt(0.9, QColor(0, 0, 0, 150))
    shadow.setColorAt(1.0, QColor(0, 0, 0, 0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(shadow)
    _circle(painter, centre + QPointF(scale * 5, scale * 7), scale * (PLATTER_RADIUS_MM + 9))
    metal = QConicalGradient(centre, 40)
    light, dark = _nickel(theme)
    for stop, colour in ((0.0, light), (0.12, dark), (0.3, light.darker(115)), (0.5, dark),
                         (0.62, light), (0.8, dark.darker(110)), (1.0, light)):  # fmt: skip
        metal.setColorAt(stop, colour)
    painter.setBrush(metal)
    painter.setPen(QPen(QColor(0, 0, 0, 160), scale * 0.6))
    _circle(painter, centre, scale * PLATTER_RADIUS_MM)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor(255, 255, 255, 60), scale * 0.5))
    _circle(painter, centre, scale * (PLATTER_RADIUS_MM - 0.8))
    painter.setPen(QPen(QColor(0, 0, 0, 110), scale * 0.5))
    for radius in STROBE_RADII_MM:
        _circle(painter, centre, scale * (radius - 1.7))
    _paint_mat(painter, geo, theme)


def _nickel(theme: Theme) -> tuple[QColor, QColor]:
    """Return a warm brushed-nickel pair: silver toned by the theme's brass."""

    def blend(a: QColor, b: QColor, t: float) -> QColor:
        red, green, blue = (_rgb(a) * (1 - t) + _rgb(b) * t).tolist()
        return QColor.fromRgbF(red, green, blue)

    return blend(QColor("#d9d6cf"), theme.brass_light, 0.35), blend(
        QColor("#6d6a66"), theme.brass_dark, 0.3
    )


def _mat_ridges(centre: QPointF, radius_px: float, base: QColor) -> QRadialGradient:
    """Return the rubber mat's concentric ridges as one radial gradient (one cheap fill)."""
    share = np.linspace(0.0, 1.0, 721)
    radius_mm = share * MAT_RADIUS_MM
    phase = (radius_mm - 62.0) % 4.0
    ridged = (radius_mm > 61.0) & (radius_mm < 147.0)
    crest = np.where(ridged, np.exp(-(((phase - 2.0) / 0.7) ** 2)), 0.0)
    groove = np.where(ridged, np.exp(-(((phase - 3.2) / 0.3) ** 2)), 0.0)
    rgb = _rgb(base) * (1.2 - 0.2 * share)[:, None]
    rgb = rgb + crest[:, None] * np.array([0.06, 0.055, 0.05])
    rgb = np.clip(rgb * (1.0 - 0.45 * groove)[:, None], 0.0, 1.0)
    gradient = QRadialGradient(centre, radius_px)
    for stop, (red, green, blue) in zip(share.tolist(), rgb.tolist(), strict=True):
        gradient.setColorAt(stop, QColor.fromRgbF(red, green, blue))
    return gradient


def _paint_mat(painter: QPainter, geo: DeckGeometry, theme: Theme) -> None:
    centre, scale = geo.spindle, geo.scale
    base = QColor("#17120f") if theme.is_night else QColor("#221b17")
    painter.setBrush(_mat_ridges(centre, scale * MAT_RADIUS_MM, base))
    painter.setPen(QPen(QColor(0, 0, 0, 220), scale * 0.8))
    _circle(painter, centre, scale * MAT_RADIUS_MM)
    sheen = QConicalGradient(centre, -LIGHT_AXIS_DEG)
    for stop, alpha in (
        (0.0, 34),
        (0.06, 0),
        (0.44, 0),
        (0.5, 20),
        (0.56, 0),
        (0.94, 0),
        (1.0, 34),
    ):
        sheen.setColorAt(stop, QColor(255, 236, 205, alpha))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(sheen)
    _circle(painter, centre, scale * MAT_RADIUS_MM)


def _paint_engraving(painter: QPainter, geo: DeckGeometry, theme: Theme) -> None:
    """Engrave the maker's name on the plinth's front edge, under the lamp's light."""
    ink = QColor(theme.brass_light if theme.is_night else theme.brass_dark.darker(130))
    ink.setAlpha(210)
    painter.setPen(ink)
    font = theme.sign_font(geo.scale * 12)
    painter.setFont(font)
    box = geo.rect(214, 349, 150, 18)
    painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "Starlight")
    painter.setFont(theme.caption_font(geo.scale * 6.5))
    small = QColor(theme.ink_dim)
    small.setAlpha(170)
    painter.setPen(small)
    box = geo.rect(268, 349, 110, 18)
    painter.drawText(
        box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "DIRECT DRIVE · JAY'S SHOP"
    )


def compose_record(base: QPixmap, vinyl: QPixmap, geo: DeckGeometry, disc: DiscGeometry) -> QPixmap:
    """Return ``base`` with a record lying on the platter (its grooves never need rotating)."""
    composed = QPixmap(base)
    painter = QPainter(composed)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw_record_shadow(painter, geo, disc, 0.0)
    _draw_centred(painter, geo.spindle, vinyl)
    painter.end()
    return composed


def draw_record_shadow(
    painter: QPainter, geo: DeckGeometry, disc: DiscGeometry, lift: float
) -> None:
    """Draw the soft shadow a record casts on the mat; it grows and drifts as it is lifted."""
    scale = geo.scale
    offset = QPointF(scale * (1.2 + 8 * lift), scale * (1.8 + 11 * lift))
    radius = scale * (disc.outer_radius_mm + 1.5 + 5 * lift)
    shadow = QRadialGradient(geo.spindle + offset, radius)
    solid = QColor(0, 0, 0, round(160 - 85 * lift))  # a raised record's shadow is fainter
    shadow.setColorAt(max(0.0, 1 - (2.5 + 8 * lift) * scale / radius), solid)
    shadow.setColorAt(1.0, QColor(0, 0, 0, 0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(shadow)
    _circle(painter, geo.spindle + offset, radius)


def platter_region(geo: DeckGeometry, strips: int = 8) -> QRegion:
    """Return the platter's disc as a few strips: what a frame must repaint as it turns.

    The corners of the disc's square, where keys stand, are left alone.
    """
    centre, radius = geo.spindle, geo.scale * PLATTER_RADIUS_MM + 2.0
    region = QRegion()
    for index in range(strips):
        top, bottom = -1.0 + 2.0 * index / strips, -1.0 + 2.0 * (index + 1) / strips
        nearest = 0.0 if top < 0.0 < bottom else min(abs(top), abs(bottom))
        half = radius * math.sqrt(1.0 - nearest * nearest)
        box = QRectF(
            centre.x() - half, centre.y() + top * radius, 2 * half, (bottom - top) * radius
        )
        region += box.toAlignedRect()
    return region


@lru_cache(maxsize=4)
def solid_plinth_region(geo: DeckGeometry) -> QRegion:
    """Return where the static layer is opaque: the plinth inside its rounded corners.

    Asked twice a frame for the same geometry: kept (do not change the region returned).
    """
    plinth = geo.rect(0, 0, PLINTH_W_MM, PLINTH_H_MM)
    corner = geo.scale * 10.0 + 2.0  # past the rounded corners and the antialiased edge
    solid = QRegion()
    for box in (plinth.adjusted(corner, 2, -corner, -2), plinth.adjusted(2, corner, -2, -corner)):
        left, top = math.ceil(box.left()), math.ceil(box.top())
        solid += QRegion(left, top, math.floor(box.right()) - left, math.floor(box.bottom()) - top)
    return solid


def draw_layer(painter: QPainter, geo: DeckGeometry, layer: QPixmap, area: QRect) -> None:
    """Blit the static layer: copy the opaque plinth, blend only its rim and shadow margins.

    Copying skips the per-pixel blend over most of the widget, the largest cost of a frame.
    """
    solid = solid_plinth_region(geo)
    painter.save()
    painter.setClipRegion(solid)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
    painter.drawPixmap(0, 0, layer)
    painter.setClipRegion(QRegion(area).subtracted(solid))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    painter.drawPixmap(0, 0, layer)
    painter.restore()


def _draw_centred(painter: QPainter, centre: QPointF, pixmap: QPixmap) -> None:
    dpr = pixmap.devicePixelRatio()
    width, height = pixmap.width() / dpr, pixmap.height() / dpr
    painter.drawPixmap(QPointF(centre.x() - width / 2, centre.y() - height / 2), pixmap)


# ------------------------------------------------------------------ the moving parts
def draw_drop_welcome(painter: QPainter, geo: DeckGeometry, theme: Theme) -> None:
    """Ring the platter in lamp light while tracks or files are dragged over the deck."""
    painter.setPen(QPen(theme.accent, max(2.0, geo.scale * 1.5)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    radius = geo.scale * (PLATTER_RADIUS_MM + 3)
    painter.drawEllipse(geo.spindle, radius, radius)


def draw_turning(painter: QPainter, centre: QPointF, pixmap: QPixmap, angle_deg: float) -> None:
    """Draw a round pixmap (label, mat lettering) about ``centre`` turned by ``angle_deg``."""
    painter.save()
    painter.translate(centre)
    painter.rotate(angle_deg)
    _draw_centred(painter, QPointF(0, 0), pixmap)
    painter.restore()


def draw_spindle(painter: QPainter, geo: DeckGeometry) -> None:
    """Draw the polished spindle at the platter's centre."""
    centre, scale = geo.spindle, geo.scale
    painter.setPen(QPen(QColor(0, 0, 0, 150), scale * 0.4))
    steel = QRadialGradient(centre - QPointF(scale * 1.0, scale * 1.2), scale * 4.5)
    steel.setColorAt(0.0, QColor("#ffffff"))
    steel.setColorAt(0.5, QColor("#b8b4ad"))
    steel.setColorAt(1.0, QColor("#4a4642"))
    painter.setBrush(steel)
    _circle(painter, centre, scale * 3.6)


def render_mat_logo(theme: Theme, geo: DeckGeometry, dpr: float) -> QPixmap:
    """Return the mat's embossed lettering as a pixmap the size of the mat, to turn with it."""
    side = max(2, round(2 * MAT_RADIUS_MM * geo.scale * dpr))
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    pixmap.setDevicePixelRatio(dpr)
    painter = QPainter(pixmap)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    half = side / dpr / 2
    painter.translate(half, half)
    painter.setFont(theme.sign_font(geo.scale * 16))
    box = QRectF(-half, -geo.scale * (MAT_LOGO_RADIUS_MM + 12), 2 * half, geo.scale * 22)
    painter.setPen(QColor(0, 0, 0, 150))
    painter.drawText(box.translated(0, geo.scale * 0.6), Qt.AlignmentFlag.AlignCenter, "Starlight")
    painter.setPen(QColor(255, 238, 214, 40))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "Starlight")
    painter.end()
    return pixmap


def draw_flipping_record(
    painter: QPainter, geo: DeckGeometry, disc: DiscGeometry, vinyl: QPixmap, label: QPixmap | None,
    pose: FlipPose,
) -> None:  # fmt: skip
    """Draw a record lifted off the platter and turning over about its horizontal diameter."""
    draw_record_shadow(painter, geo, disc, pose.lift)
    painter.save()
    painter.translate(geo.spindle + QPointF(0, -geo.scale * 4 * pose.lift))
    grow = 1.0 + 0.035 * pose.lift
    painter.scale(grow, grow * max(pose.tilt_cos, 0.012))
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    _draw_centred(painter, QPointF(0, 0), vinyl)
    if label is not None:
        _draw_centred(painter, QPointF(0, 0), label)
    radius = geo.scale * disc.outer_radius_mm
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, round(150 * (1 - pose.tilt_cos))))
    _circle(painter, QPointF(0, 0), radius)
    painter.restore()
    if pose.tilt_cos < 0.08:  # edge-on: the disc's thickness shows as a thin bar
        centre = geo.spindle + QPointF(0, -geo.scale * 4 * pose.lift)
        edge = QRectF(
            centre.x() - radius * grow, centre.y() - geo.scale, 2 * radius * grow, geo.scale * 2
        )
        painter.setBrush(QColor("#2a2622"))
        painter.setPen(QPen(QColor(255, 255, 255, 60), geo.scale * 0.3))
        painter.drawRoundedRect(edge, geo.scale, geo.scale)
