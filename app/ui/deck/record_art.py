"""The record's picture: its grooved vinyl under the work lamp, and its paper label.

The grooves are drawn from the music: :func:`render_vinyl` lays a side's groove map over the
disc, so loud passages catch the lamp's light in a broad wedge, quiet ones stay dark and the
smooth gaps between tracks cut dark rings through the shine. A real record's shine stands
still while the disc turns (every groove is a circle), so the whole picture is
rotation-invariant and rendered once per size and side. The label turns; :func:`render_label`
makes it round, from the cover art or printed with title, artist, side and speed.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
    QTransform,
)

from app.ui.deck.deck_geometry import LIGHT_AXIS_DEG
from app.ui.theme import Theme
from app.visual.deck import DiscGeometry
from app.visual.deck_side import DeckSide
from app.visual.groove_map import GrooveMap

_SUPERSAMPLE = 4  # radial profile samples per device pixel

FloatArray = npt.NDArray[np.float64]


def _rgb(color: QColor) -> FloatArray:
    return np.array([color.redF(), color.greenF(), color.blueF()])


def _groove_profile(
    disc: DiscGeometry, groove: GrooveMap | None, radii_mm: FloatArray
) -> FloatArray:
    """Return how much light the groove scatters at each radius: 0 mirror-smooth .. 1 loud."""
    seed = np.random.default_rng(7)
    texture = 0.82 + 0.36 * seed.random(len(radii_mm))  # neighbouring grooves differ a little
    inside = (radii_mm <= disc.music_start_mm) & (radii_mm >= disc.music_end_mm)
    if groove is None:
        music = np.full(len(radii_mm), 0.55)
        gaps = np.zeros(len(radii_mm), dtype=bool)
    else:
        radii, order = groove.radii_mm, np.argsort(groove.radii_mm)
        music = 0.22 + 0.78 * np.interp(radii_mm, radii[order], groove.brightness[order])
        gap_share = np.interp(radii_mm, radii[order], groove.is_gap[order].astype(np.float64))
        gaps = gap_share > 0.5
    profile = np.where(inside & ~gaps, music * texture, 0.06)
    lead_in = (radii_mm > disc.music_start_mm) & (radii_mm < disc.outer_radius_mm - 2.2)
    profile[lead_in] = 0.16
    run_out = (radii_mm < disc.music_end_mm) & (radii_mm > disc.lock_groove_mm)
    profile[run_out] = 0.1 + 0.05 * texture[run_out]
    lock = np.abs(radii_mm - disc.lock_groove_mm) < 0.35
    profile[lock] = 0.9
    profile[radii_mm < disc.lock_groove_mm - 0.35] = 0.03
    return np.asarray(profile, dtype=np.float64)


def _sheen(angle_rad: FloatArray) -> FloatArray:
    """Return the lamp's reflection across the grooves: a bright wedge towards the lamp."""
    towards = np.angle(np.exp(1j * (angle_rad - math.radians(LIGHT_AXIS_DEG))))
    near = np.exp(-((towards / 0.20) ** 2)) + 0.35 * np.exp(-((towards / 0.55) ** 2))
    away = np.angle(np.exp(1j * (towards + math.pi)))
    far = 0.45 * np.exp(-((away / 0.16) ** 2)) + 0.12 * np.exp(-((away / 0.5) ** 2))
    result: FloatArray = near + far
    return result


def render_vinyl(
    disc: DiscGeometry, groove: GrooveMap | None, px_per_mm: float, theme: Theme
) -> QImage:
    """Return the disc (without its label) as a premultiplied ARGB image at ``px_per_mm``.

    ``groove`` None draws a plain record, evenly grooved, for while the map is computed. The
    light at a pixel is ``a(r) + b(r) * sheen(angle)``: two radial profiles and one angular
    one, looked up per pixel, then turned into colour through a table.
    """
    radius_px = disc.outer_radius_mm * px_per_mm
    size = max(4, math.ceil(2 * radius_px) + 2)
    axis = np.arange(size, dtype=np.float32) + np.float32(0.5 - size / 2.0)
    x, y = axis[None, :], axis[:, None]
    r_px = np.sqrt(x * x + y * y)
    count = math.ceil(radius_px + 3) * _SUPERSAMPLE
    samples_px = np.arange(count) / _SUPERSAMPLE
    scatter = _groove_profile(disc, groove, samples_px / px_per_mm)
    rim = np.clip(1.0 - (radius_px - samples_px) / (2.2 * px_per_mm), 0.0, 1.0)
    gloss = 0.05 * np.clip(1.0 - samples_px / radius_px, 0.0, 1.0)  # a faint broad gloss
    steady = (0.05 * scatter + 0.10 * rim + gloss).astype(np.float32)
    lit = (0.55 * scatter + 0.35 * rim).astype(np.float32)
    ring = np.minimum((r_px * _SUPERSAMPLE).astype(np.int32), count - 1)
    angles = np.arctan2(y, x)
    turn = ((angles + np.float32(math.pi)) * np.float32((_ANGLES - 1) / (2 * math.pi))).astype(
        np.int32
    )
    light = steady[ring] + lit[ring] * _SHEEN[turn]
    level = np.clip(light * np.float32((_LEVELS - 1) / _MAX_LIGHT), 0, _LEVELS - 1)
    pixels = _colour_table(theme)[level.astype(np.int32)]
    hole_px = disc.hole_radius_mm * px_per_mm
    _cut_edges(pixels, r_px, radius_px, hole_px)
    image = QImage(pixels.data, size, size, 4 * size, QImage.Format.Format_ARGB32_Premultiplied)
    return image.copy()  # own the pixels: the numpy buffer goes away


_LEVELS, _MAX_LIGHT, _ANGLES = 2048, 2.2, 4096
_SHEEN = np.asarray(_sheen(np.linspace(-math.pi, math.pi, _ANGLES)), dtype=np.float32)


def _colour_table(theme: Theme) -> npt.NDArray[np.uint32]:
    """Return opaque ARGB32 colours for every light level: vinyl black up to lamp-lit grey."""
    base, lamp = _rgb(theme.vinyl), _rgb(theme.glow) * 0.5 + 0.5
    strength = theme.vinyl_sheen.alphaF() / 0.15
    light = np.linspace(0.0, _MAX_LIGHT, _LEVELS)[:, None] * strength
    rgb = np.clip(base[None, :] + light * lamp[None, :], 0.0, 1.0)
    channels = (rgb * 255.0 + 0.5).astype(np.uint32)
    table = 0xFF000000 | (channels[:, 0] << 16) | (channels[:, 1] << 8) | channels[:, 2]
    return table.astype(np.uint32)


def _cut_edges(
    pixels: npt.NDArray[np.uint32], r_px: npt.NDArray[np.float32], outer: float, hole: float
) -> None:
    """Make the disc round: clear outside and in the hole, and antialias both edges."""
    edge = (r_px > outer - 0.5) | (r_px < hole + 0.5)
    alpha = np.clip(outer - r_px[edge] + 0.5, 0.0, 1.0) * np.clip(r_px[edge] - hole + 0.5, 0, 1)
    colour = pixels[edge]
    scaled = np.zeros(len(colour), dtype=np.uint32)
    for shift in (0, 8, 16):
        channel = ((colour >> shift) & 0xFF).astype(np.float32) * alpha
        scaled |= (channel + 0.5).astype(np.uint32) << shift
    pixels[edge] = scaled | ((alpha * 255.0 + 0.5).astype(np.uint32) << 24)


def label_colours(side: DeckSide) -> tuple[QColor, QColor]:
    """Return a printed label's paper and ink colours, the same for every side of a record."""
    digest = hashlib.sha1(f"{side.title}\0{side.artist}".encode(), usedforsecurity=False)
    hue = digest.digest()[0] / 255.0
    paper = QColor.fromHsvF(hue, 0.42, 0.72)
    ink = QColor("#1d130b") if paper.lightnessF() > 0.45 else QColor("#f6ead2")
    return paper, ink


def render_label(
    side: DeckSide, cover: QImage | None, disc: DiscGeometry, px_per_mm: float, theme: Theme
) -> QImage:
    """Return the round label (with its centre hole) as a premultiplied ARGB image."""
    size = max(8, math.ceil(2 * disc.label_radius_mm * px_per_mm))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
        | QPainter.RenderHint.TextAntialiasing
    )
    painter.translate(size / 2.0, size / 2.0)
    painter.scale(size / (2 * disc.label_radius_mm), size / (2 * disc.label_radius_mm))
    radius = disc.label_radius_mm
    disc_path = QPainterPath()
    disc_path.addEllipse(QPointF(0, 0), radius, radius)
    painter.setClipPath(disc_path)
    if cover is not None and not cover.isNull():
        _paint_cover(painter, cover, radius, side, theme)
    else:
        _paint_printed(painter, side, radius, theme)
    painter.setClipping(False)
    _paint_hole(painter, disc, theme)
    painter.end()
    return image


def _paint_cover(
    painter: QPainter, cover: QImage, radius: float, side: DeckSide, theme: Theme
) -> None:
    side_mm = 2 * radius
    scale = side_mm / max(1, min(cover.width(), cover.height()))
    width, height = cover.width() * scale, cover.height() * scale
    painter.drawImage(QRectF(-width / 2, -height / 2, width, height), cover)
    shade = QRadialGradient(QPointF(0, 0), radius)
    shade.setColorAt(0.78, QColor(0, 0, 0, 0))
    shade.setColorAt(1.0, QColor(0, 0, 0, 120))
    painter.fillRect(QRectF(-radius, -radius, side_mm, side_mm), shade)
    painter.setPen(QPen(QColor(255, 255, 255, 70), 0.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QPointF(0, 0), radius - 0.6, radius - 0.6)
    _paint_side_badge(painter, side, radius, theme)


def _paint_side_badge(painter: QPainter, side: DeckSide, radius: float, theme: Theme) -> None:
    """Print the side letter on a small disc over a cover label, as pressing plants do."""
    badge = radius * 0.15
    centre = QPointF(radius * 0.66, 0.0)
    painter.setPen(QPen(QColor(0, 0, 0, 90), 0.4))
    painter.setBrush(QColor(245, 236, 214, 225))
    painter.drawEllipse(centre, badge, badge)
    painter.setPen(QColor("#2a1a0e"))
    box = QRectF(centre.x() - badge, centre.y() - badge, 2 * badge, 2 * badge)
    _text(
        painter, theme.caption_font(100), badge * 1.2, box, Qt.AlignmentFlag.AlignCenter, side.label
    )


def _text(
    painter: QPainter,
    font: QFont,
    size_mm: float,
    box: QRectF,
    align: Qt.AlignmentFlag,
    text: str,
    elide: bool = False,
) -> None:
    """Draw ``text`` in ``box`` (millimetres) with letters ``size_mm`` high, elided to fit."""
    factor = size_mm / 100.0
    font.setPixelSize(100)
    painter.save()
    painter.scale(factor, factor)
    painter.setFont(font)
    scaled = QRectF(box.x() / factor, box.y() / factor, box.width() / factor, box.height() / factor)
    if elide:
        text = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, scaled.width())
    painter.drawText(scaled, align, text)
    painter.restore()


def _paint_printed(painter: QPainter, side: DeckSide, radius: float, theme: Theme) -> None:
    paper, ink = label_colours(side)
    gradient = QRadialGradient(QPointF(-radius * 0.3, -radius * 0.35), radius * 1.4)
    gradient.setColorAt(0.0, paper.lighter(118))
    gradient.setColorAt(1.0, paper.darker(125))
    painter.fillRect(QRectF(-radius, -radius, 2 * radius, 2 * radius), gradient)
    faded = QColor(ink)
    faded.setAlpha(110)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for ring, width in ((0.96, 0.5), (0.91, 0.25)):
        painter.setPen(QPen(faded, width))
        painter.drawEllipse(QPointF(0, 0), radius * ring, radius * ring)
    painter.setPen(ink)
    _paint_label_text(painter, side, radius, theme)


def _paint_label_text(painter: QPainter, side: DeckSide, radius: float, theme: Theme) -> None:
    centre = Qt.AlignmentFlag.AlignCenter

    def row(top: float, height: float) -> QRectF:
        return QRectF(-radius * 0.8, radius * top, radius * 1.6, radius * height)

    _text(painter, theme.sign_font(100), radius * 0.17, row(-0.86, 0.26), centre, "Starlight")
    title = side.title or QCoreApplication.translate("RecordLabel", "Untitled")
    _text(painter, theme.text_font(100, True), radius * 0.13, row(-0.56, 0.26), centre, title, True)
    artist = side.artist or QCoreApplication.translate("RecordLabel", "Unknown artist")
    _text(painter, theme.text_font(100), radius * 0.11, row(0.3, 0.24), centre, artist, True)
    rpm = "33⅓" if side.rpm < 40 else f"{side.rpm:.0f}"
    caption = theme.caption_font(100)
    middle = Qt.AlignmentFlag.AlignVCenter
    left = QRectF(-radius * 0.88, -radius * 0.14, radius * 0.6, radius * 0.28)
    right = QRectF(radius * 0.28, -radius * 0.14, radius * 0.6, radius * 0.28)
    _text(
        painter,
        caption,
        radius * 0.13,
        left,
        middle | Qt.AlignmentFlag.AlignLeft,
        f"SIDE {side.label}",
    )
    _text(
        painter, caption, radius * 0.13, right, middle | Qt.AlignmentFlag.AlignRight, f"{rpm} RPM"
    )
    if side.year:
        _text(
            painter,
            theme.number_font(100),
            radius * 0.08,
            row(0.58, 0.16),
            centre,
            f"℗ {side.year}",
        )


def _paint_hole(painter: QPainter, disc: DiscGeometry, theme: Theme) -> None:
    """Punch the centre hole; a 7-inch single gets a 45 adapter in its wide hole."""
    hole = disc.hole_radius_mm
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0))
    painter.drawEllipse(QPointF(0, 0), hole, hole)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    if hole < 10:
        return
    _paint_adapter(painter, hole * 0.98, theme)


def _paint_adapter(painter: QPainter, radius: float, theme: Theme) -> None:
    """Seat a three-spoked brass 45 adapter (a "spider") in a single's wide hole."""
    brass = QRadialGradient(QPointF(-radius * 0.3, -radius * 0.4), radius * 1.3)
    brass.setColorAt(0.0, theme.brass_light)
    brass.setColorAt(1.0, theme.brass_dark)
    painter.setPen(QPen(theme.brass_dark.darker(160), 0.35))
    painter.setBrush(brass)
    ring = QPainterPath()
    ring.addEllipse(QPointF(0, 0), radius * 0.42, radius * 0.42)
    for index in range(3):
        angle = math.radians(90 + 120 * index)
        spoke = QPainterPath()
        spoke.addRoundedRect(QRectF(0, -radius * 0.11, radius * 1.0, radius * 0.22), 1.2, 1.2)
        ring.addPolygon(spoke.toFillPolygon(QTransform().rotate(math.degrees(angle))))
    painter.drawPath(ring.simplified())
    painter.setBrush(QColor(0, 0, 0, 200))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QPointF(0, 0), 3.7, 3.7)
