"""The meter's dial: a backlit face with its scale, the glass over it, the needle and the lamp.

What never moves is rendered once per size, pixel ratio, theme and mode into
:class:`DialLayers`: the face (backlight, scale, legends, the unlit peak lamp), the overlay
(the pivot cover, the bezel's shadow and the glass's reflections) and the lit lamp. A frame
blits the face, strokes the needle, lays the lit lamp if it is on, and blits the overlay.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QLinearGradient,
    QPainter,
    QPen,
    QPixmap,
    QRadialGradient,
)

from app.ui.amp.dial_geometry import (
    DialGeometry,
    figure_centre,
    ppm_figure_px,
)
from app.ui.amp.meter_dial import (
    ANGLE_MAX_DEG,
    ANGLE_MIN_DEG,
    DialMark,
    angle_of_fraction,
    ppm_marks,
    red_zone_fractions,
    scale_start_fraction,
    vu_marks,
    vu_percent_marks,
)
from app.ui.theme import Theme
from app.visual.meter_scale import MeterMode

VU_INK, VU_RED = QColor("#1d150e"), QColor("#c42a1c")
PPM_INK = QColor("#f3efe4")


@dataclass(frozen=True)
class DialLayers:
    """The dial's cached pictures and the geometry they were drawn for."""

    geometry: DialGeometry
    face: QPixmap
    overlay: QPixmap
    lamp: QPixmap


def render_dial(
    theme: Theme, mode: MeterMode, channel: str, geo: DialGeometry, dpr: float
) -> DialLayers:
    """Return the dial's layers for ``mode`` and ``channel`` ("L" or "R")."""
    face = _canvas(geo.width, geo.height, dpr, opaque=True)
    painter = _painter(face)
    painter.fillRect(QRectF(0, 0, geo.width, geo.height), QColor(8, 6, 5))
    _paint_backlight(painter, theme, mode, geo)
    if mode is MeterMode.VU:
        _paint_vu_scale(painter, theme, geo)
    else:
        _paint_ppm_scale(painter, theme, geo)
    _paint_legends(painter, theme, mode, channel, geo)
    _paint_lamp_socket(painter, mode, geo)
    painter.end()
    overlay = _canvas(geo.width, geo.height, dpr, opaque=False)
    painter = _painter(overlay)
    _paint_cover(painter, theme, mode, geo)
    _paint_glass(painter, theme, geo)
    painter.end()
    return DialLayers(geo, face, overlay, _render_lit_lamp(geo, dpr))


def _canvas(width: float, height: float, dpr: float, opaque: bool) -> QPixmap:
    pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(height * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(QColor(8, 6, 5) if opaque else Qt.GlobalColor.transparent)
    return pixmap


def _painter(pixmap: QPixmap) -> QPainter:
    painter = QPainter(pixmap)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    return painter


def _paint_backlight(painter: QPainter, theme: Theme, mode: MeterMode, geo: DialGeometry) -> None:
    """Light the face from behind: lamps low in the case, brightest above the pivot."""
    face = geo.face
    glow = QRadialGradient(QPointF(face.center().x(), face.bottom() - face.height() * 0.12),
                           face.width() * 0.78)  # fmt: skip
    if mode is MeterMode.PPM:
        stops = (
            ("#3a2516", "#1c130d", "#0b0807")
            if theme.is_night
            else ("#2c2622", "#1a1715", "#0e0d0c")
        )
    elif theme.is_night:
        stops = ("#fff1c8", "#f7d48c", "#b9793a")
    else:
        stops = ("#fcf6e6", "#f1e3c2", "#d2bb92")
    for stop, colour in zip((0.0, 0.5, 1.0), stops, strict=True):
        glow.setColorAt(stop, QColor(colour))
    painter.fillRect(face, glow)


def _figure_font(theme: Theme, pixel_size: float) -> QFont:
    font = theme.caption_font(pixel_size)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 100)
    return font


def _draw_centred_text(painter: QPainter, centre: QPointF, text: str, size_px: float) -> None:
    box = QRectF(centre.x() - size_px * 2, centre.y() - size_px, size_px * 4, size_px * 2)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def _paint_marks(
    painter: QPainter, theme: Theme, geo: DialGeometry, marks: tuple[DialMark, ...], ink: QColor,
    red: QColor, figure_px: float,
) -> None:  # fmt: skip
    """Draw radial ticks outward from the arc, and upright figures beyond the major ones."""
    painter.setFont(_figure_font(theme, figure_px))
    for mark in marks:
        colour = red if mark.red else ink
        angle = angle_of_fraction(mark.fraction)
        length = geo.tick if mark.major else geo.tick * 0.55
        pen = QPen(colour, geo.height * (0.013 if mark.major else 0.009))
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawLine(geo.point(angle, geo.radius), geo.point(angle, geo.radius + length))
        if mark.label:
            _draw_centred_text(painter, figure_centre(geo, mark, figure_px), mark.label, figure_px)


def _arc(painter: QPainter, geo: DialGeometry, radius: float, start: float, end: float) -> None:
    """Stroke the arc ``radius`` from the pivot between two fractions of the sweep."""
    box = QRectF(geo.pivot.x() - radius, geo.pivot.y() - radius, 2 * radius, 2 * radius)
    first, last = angle_of_fraction(start), angle_of_fraction(end)
    painter.drawArc(box, round((90 - last) * 16), round((last - first) * 16))


def _paint_vu_scale(painter: QPainter, theme: Theme, geo: DialGeometry) -> None:
    red_from, red_to = red_zone_fractions()
    pen = QPen(VU_INK, max(0.8, geo.height * 0.009))
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    _arc(painter, geo, geo.radius, scale_start_fraction(MeterMode.VU), red_from)
    band = QPen(VU_RED, geo.tick * 0.42)
    band.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(band)
    _arc(painter, geo, geo.radius + geo.tick * 0.21, red_from, red_to)
    _paint_marks(painter, theme, geo, vu_marks(), VU_INK, VU_RED, geo.figure_px)
    if geo.detail:
        _paint_percent_scale(painter, theme, geo)


def _paint_percent_scale(painter: QPainter, theme: Theme, geo: DialGeometry) -> None:
    """Print the lower scale in percent of the 0 VU voltage, inside the arc."""
    ink = QColor(VU_INK)
    ink.setAlpha(190)
    small_px = geo.figure_px * 0.62
    painter.setFont(_figure_font(theme, small_px))
    inner = geo.radius - geo.tick * 0.5
    for mark in vu_percent_marks():
        angle = angle_of_fraction(mark.fraction)
        painter.setPen(QPen(ink, geo.height * 0.007))
        painter.drawLine(geo.point(angle, geo.radius), geo.point(angle, inner))
        if mark.major:
            centre = geo.point(angle, inner - small_px * 0.8)
            _draw_centred_text(painter, centre, mark.label, small_px)


def _paint_ppm_scale(painter: QPainter, theme: Theme, geo: DialGeometry) -> None:
    """White bars and figures 1 to 7 on black, as on the BBC's peak programme meter."""
    _paint_marks(painter, theme, geo, ppm_marks(), PPM_INK, PPM_INK, ppm_figure_px(geo))


def _paint_legends(
    painter: QPainter, theme: Theme, mode: MeterMode, channel: str, geo: DialGeometry
) -> None:
    ink = QColor(PPM_INK if mode is MeterMode.PPM else VU_INK)
    face, h = geo.face, geo.face.height()
    painter.setPen(ink)
    legend_px = h * 0.16
    painter.setFont(_figure_font(theme, legend_px))
    legend = "VU" if mode is MeterMode.VU else "PPM"
    centre = QPointF(geo.pivot.x(), geo.pivot.y() - geo.cover_radius - legend_px * 0.95)
    _draw_centred_text(painter, centre, legend, legend_px)
    painter.setFont(_figure_font(theme, h * 0.13))
    corner = QPointF(face.left() + face.width() * 0.1, geo.lamp.y())
    _draw_centred_text(painter, corner, channel, h * 0.13)
    if geo.detail:
        small = QColor(ink)
        small.setAlpha(170)
        painter.setPen(small)
        painter.setFont(_figure_font(theme, h * 0.065))
        under = QPointF(geo.lamp.x(), geo.lamp.y() + geo.lamp_radius + h * 0.065)
        _draw_centred_text(painter, under, "PEAK", h * 0.065)


def _paint_lamp_socket(painter: QPainter, mode: MeterMode, geo: DialGeometry) -> None:
    """Draw the peak lamp's chrome ring and its dark red lens, unlit."""
    radius = geo.lamp_radius
    ring = QRadialGradient(geo.lamp - QPointF(radius * 0.5, radius * 0.6), radius * 2.2)
    ring.setColorAt(0.0, QColor("#f4efe6"))
    ring.setColorAt(1.0, QColor("#5d5650"))
    painter.setPen(QPen(QColor(0, 0, 0, 150), 0.5))
    painter.setBrush(ring)
    painter.drawEllipse(geo.lamp, radius * 1.45, radius * 1.45)
    lens = QRadialGradient(geo.lamp - QPointF(radius * 0.3, radius * 0.35), radius * 1.2)
    lens.setColorAt(0.0, QColor("#7a2a22"))
    lens.setColorAt(1.0, QColor("#2a0806"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(lens)
    painter.drawEllipse(geo.lamp, radius, radius)


def _render_lit_lamp(geo: DialGeometry, dpr: float) -> QPixmap:
    """Return the lit peak lamp: a glowing red lens and its halo, centred in a small square."""
    radius = geo.lamp_radius
    side = radius * 7
    pixmap = _canvas(side, side, dpr, opaque=False)
    painter = _painter(pixmap)
    centre = QPointF(side / 2, side / 2)
    halo = QRadialGradient(centre, side / 2)
    halo.setColorAt(0.0, QColor(255, 70, 40, 150))
    halo.setColorAt(0.35, QColor(255, 50, 30, 60))
    halo.setColorAt(1.0, QColor(255, 40, 20, 0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(halo)
    painter.drawEllipse(centre, side / 2, side / 2)
    lens = QRadialGradient(centre - QPointF(radius * 0.25, radius * 0.3), radius * 1.1)
    lens.setColorAt(0.0, QColor("#fff0e0"))
    lens.setColorAt(0.35, QColor("#ff5a3c"))
    lens.setColorAt(1.0, QColor("#c01408"))
    painter.setBrush(lens)
    painter.drawEllipse(centre, radius, radius)
    painter.end()
    return pixmap


def _paint_cover(painter: QPainter, theme: Theme, mode: MeterMode, geo: DialGeometry) -> None:
    """Cover the needle's pivot with a bakelite dome standing up from the bottom of the face."""
    painter.save()
    painter.setClipRect(geo.face)
    radius = geo.cover_radius
    shadow = QRadialGradient(geo.pivot, radius * 1.25)
    shadow.setColorAt(0.78, QColor(0, 0, 0, 110))
    shadow.setColorAt(1.0, QColor(0, 0, 0, 0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(shadow)
    painter.drawEllipse(geo.pivot, radius * 1.25, radius * 1.25)
    base = QColor("#151110") if mode is MeterMode.PPM else theme.bakelite
    dome = QRadialGradient(geo.pivot - QPointF(radius * 0.35, radius * 0.75), radius * 1.5)
    dome.setColorAt(0.0, base.lighter(230))
    dome.setColorAt(0.45, base)
    dome.setColorAt(1.0, base.darker(200))
    painter.setBrush(dome)
    painter.setPen(QPen(QColor(0, 0, 0, 170), max(0.6, geo.height * 0.006)))
    painter.drawEllipse(geo.pivot, radius, radius)
    painter.restore()


def _paint_glass(painter: QPainter, theme: Theme, geo: DialGeometry) -> None:
    """Shade the face under the bezel's edge and lay the glass's reflections over it all."""
    face = geo.face
    top = QLinearGradient(face.topLeft(), QPointF(face.left(), face.top() + face.height() * 0.16))
    top.setColorAt(0.0, QColor(0, 0, 0, 130))
    top.setColorAt(1.0, QColor(0, 0, 0, 0))
    painter.fillRect(face, top)
    for left in (True, False):
        x = face.left() if left else face.right()
        side = QLinearGradient(
            QPointF(x, 0), QPointF(x + (1 if left else -1) * face.width() * 0.06, 0)
        )
        side.setColorAt(0.0, QColor(0, 0, 0, 80))
        side.setColorAt(1.0, QColor(0, 0, 0, 0))
        painter.fillRect(face, side)
    sheen = QLinearGradient(
        face.topLeft(), QPointF(face.left() + face.width() * 0.6, face.bottom())
    )
    strength = 42 if theme.is_night else 56
    for stop, alpha in ((0.0, 0), (0.28, strength), (0.4, strength // 4), (0.55, 0), (1.0, 0)):
        sheen.setColorAt(stop, QColor(255, 252, 244, alpha))
    painter.fillRect(face, sheen)
    painter.fillRect(QRectF(face.left(), face.top(), face.width(), max(0.7, geo.height * 0.008)),
                     QColor(255, 250, 240, 70))  # fmt: skip
    painter.setPen(QPen(QColor(6, 4, 3), face.left() * 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(0, 0, geo.width, geo.height))


def needle_pens(theme: Theme, mode: MeterMode, geo: DialGeometry) -> tuple[QPen, QPen, QPen]:
    """Return the pens for the needle's shadow, its broad root and its fine tip."""
    colour = PPM_INK if mode is MeterMode.PPM else QColor("#0d0907")
    if mode is MeterMode.PPM:
        shade = QColor("#060504")
    else:  # the face's own colour in the needle's shade; opaque, as the frame must be cheap
        shade = QColor(178, 146, 96) if theme.is_night else QColor(176, 162, 136)
    shadow = QPen(shade, geo.needle_px * 1.3)
    root = QPen(colour, geo.needle_px * 1.7)
    tip = QPen(colour, geo.needle_px)
    for pen in (shadow, root, tip):
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return shadow, root, tip


def draw_needle(
    painter: QPainter, geo: DialGeometry, angle_deg: float, pens: tuple[QPen, QPen, QPen]
) -> None:
    """Stroke the needle from under its cover to beyond the scale, and its shadow on the face.

    Every stroke is opaque: the raster engine draws a translucent one several times slower.
    """
    angle = min(ANGLE_MAX_DEG, max(ANGLE_MIN_DEG, angle_deg))
    root = geo.point(angle, geo.cover_radius * 0.6)
    knee = geo.point(angle, geo.radius * 0.62)
    tip = geo.point(angle, geo.needle_length)
    offset = QPointF(geo.needle_px * 1.2, geo.needle_px * 1.6)
    shadow, broad, fine = pens
    painter.setPen(shadow)
    painter.drawLine(root + offset, geo.point(angle, geo.radius) + offset)
    painter.setPen(broad)
    painter.drawLine(root, knee)
    painter.setPen(fine)
    painter.drawLine(knee, tip)
