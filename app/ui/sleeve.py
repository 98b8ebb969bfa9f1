"""Generated sleeves: a printed-looking stand-in for a missing or bad cover.

The same record always gets the same sleeve: palette, motif and star field follow from a hash of
its title and artist. Everything is drawn on a 1000-unit canvas scaled to the pixel size, so
every size shows the same picture. Painting works offscreen and on any thread, which is how the
thumbnail workers of :mod:`app.ui.thumbnails` use it.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QConicalGradient,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPainter,
    QPen,
    QPolygonF,
    QRadialGradient,
)

__all__ = ["generated_sleeve"]

_CANVAS = 1000.0  # sleeves are drawn on a 1000-unit square, scaled to the pixel size
_FRAME = QRectF(36, 36, _CANVAS - 72, _CANVAS - 72)
_TEXT_LEFT, _TEXT_WIDTH, _TEXT_TOP = 96.0, 808.0, 104.0
_SERIF = ["Georgia", "Libre Baskerville", "Bodoni Moda", "DejaVu Serif", "serif"]
_SANS = ["Futura", "Gill Sans", "Jost", "DejaVu Sans", "sans-serif"]


@dataclass(frozen=True)
class _Palette:
    night: QColor  # top of the ground
    deep: QColor  # bottom of the ground
    brass: QColor
    cream: QColor
    accent: QColor


# Night in a vintage repair shop: lamp-lit blues, brass fittings, cream enamel, one warm accent.
_PALETTES = tuple(
    _Palette(*(QColor(name) for name in names))
    for names in (
        ("#1d2f52", "#0a1427", "#c9a25b", "#f0e4c8", "#b4533a"),  # midnight navy, rust
        ("#183a4a", "#081c24", "#d2a857", "#efe5cc", "#86b0a8"),  # harbour teal, verdigris
        ("#2b2346", "#110d22", "#cda35f", "#f2e6cf", "#b0566a"),  # plum dusk, garnet
        ("#1e3832", "#0b1a17", "#c79b52", "#ede2c6", "#c2703d"),  # workbench baize, copper
        ("#3a2a24", "#150e0b", "#d4aa63", "#f1e3c4", "#6a92b8"),  # walnut cabinet, valve blue
        ("#22304f", "#0e1630", "#e0b468", "#f4ead4", "#d08a4e"),  # lamp-lit blue, amber
    )
)


def generated_sleeve(title: str, artist: str, size: int) -> QImage:
    """Paint a sleeve for a record without usable cover art.

    The design is deterministic: palette, motif (rising-sun arcs, a starburst or a record
    sliding out) and star field all follow from a hash of ``title`` and ``artist``. It is drawn
    on a 1000-unit canvas, so every size shows the same picture. Works offscreen and on any
    thread (Qt paints text on ``QImage`` outside the GUI thread).

    Parameters
    ----------
    title
        The record's title, lettered large; "Untitled" when empty.
    artist
        Lettered small beneath; left out when empty.
    size
        Edge in pixels.

    """
    digest = hashlib.sha1(f"{title}\x1f{artist}".encode(), usedforsecurity=False).digest()
    seed = int.from_bytes(digest[:8], "big")
    rng = random.Random(seed)
    palette = _PALETTES[rng.randrange(len(_PALETTES))]
    motif = (_draw_sunrise, _draw_starburst, _draw_record)[rng.randrange(3)]
    image = QImage(size, size, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    painter.scale(size / _CANVAS, size / _CANVAS)
    _draw_ground(painter, palette)
    _draw_stars(painter, palette, rng)
    painter.save()
    painter.setClipRect(_FRAME)
    motif(painter, palette, rng)
    painter.restore()
    untitled = QCoreApplication.translate("RecordLabel", "Untitled")  # thread-safe
    _draw_lettering(painter, palette, title.strip() or untitled, artist.strip())
    _draw_vignette(painter)
    _draw_frame(painter, palette)
    _draw_grain(painter, seed, size)
    painter.end()
    return image


def _alpha(colour: QColor, alpha: float) -> QColor:
    faded = QColor(colour)
    faded.setAlphaF(alpha)
    return faded


def _draw_ground(painter: QPainter, palette: _Palette) -> None:
    gradient = QLinearGradient(0, 0, 0, _CANVAS)
    gradient.setColorAt(0.0, palette.night)
    gradient.setColorAt(1.0, palette.deep)
    painter.fillRect(QRectF(0, 0, _CANVAS, _CANVAS), gradient)


def _draw_stars(painter: QPainter, palette: _Palette, rng: random.Random) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    for _ in range(rng.randint(16, 26)):
        centre = QPointF(rng.uniform(60, 940), rng.uniform(60, 600))
        radius = rng.choice((1.8, 2.4, 3.0, 3.8))
        painter.setBrush(_alpha(palette.cream, rng.uniform(0.3, 0.8)))
        painter.drawEllipse(centre, radius, radius)
    for _ in range(rng.randint(1, 2)):
        centre = QPointF(rng.uniform(560, 900), rng.uniform(380, 560))
        _draw_glint(painter, centre, rng.uniform(16, 24), _alpha(palette.brass, 0.9))


def _draw_glint(painter: QPainter, centre: QPointF, radius: float, colour: QColor) -> None:
    """Draw a four-pointed star: long points on the axes, a narrow waist between them."""
    waist = radius * 0.16
    points = [(0, -radius), (waist, -waist), (radius, 0), (waist, waist),
              (0, radius), (-waist, waist), (-radius, 0), (-waist, -waist)]  # fmt: skip
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPolygon(QPolygonF([centre + QPointF(x, y) for x, y in points]))


def _draw_sunrise(painter: QPainter, palette: _Palette, rng: random.Random) -> None:
    """Draw concentric arcs rising from the foot of the sleeve, like grooves or a setting sun."""
    centre = QPointF(rng.uniform(380, 620), _FRAME.bottom() + 20)
    rings, step = rng.randint(7, 10), rng.uniform(40, 48)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for ring in range(rings, 0, -1):
        colour = palette.brass if ring % 2 else palette.cream
        pen = QPen(_alpha(colour, 0.9 - 0.75 * ring / rings), 9.0 - 0.5 * ring)
        painter.setPen(pen)
        radius = 150 + ring * step
        painter.drawEllipse(centre, radius, radius)
    disc = QRadialGradient(centre + QPointF(-30, -60), 190)
    disc.setColorAt(0.0, palette.brass.lighter(125))
    disc.setColorAt(1.0, palette.brass.darker(140))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(disc)
    painter.drawEllipse(centre, 138, 138)


def _draw_starburst(painter: QPainter, palette: _Palette, rng: random.Random) -> None:
    """Draw alternate rays from a point low on the right, with an enamel badge at the centre."""
    centre = QPointF(rng.uniform(600, 760), rng.uniform(660, 760))
    rays = rng.choice((24, 28, 32, 36))
    turn = rng.uniform(0, math.tau / rays)
    fade = QRadialGradient(centre, 760)  # the rays die away before they reach the lettering
    fade.setColorAt(0.0, _alpha(palette.brass, 0.32))
    fade.setColorAt(0.4, _alpha(palette.brass, 0.12))
    fade.setColorAt(1.0, _alpha(palette.brass, 0.0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fade)
    for ray in range(0, rays, 2):
        a, b = turn + math.tau * ray / rays, turn + math.tau * (ray + 1) / rays
        far_a = centre + QPointF(math.cos(a), math.sin(a)) * 1600
        far_b = centre + QPointF(math.cos(b), math.sin(b)) * 1600
        painter.drawPolygon(QPolygonF([centre, far_a, far_b]))
    painter.setBrush(palette.accent)
    painter.drawEllipse(centre, 96, 96)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(palette.cream, 5))
    painter.drawEllipse(centre, 114, 114)
    painter.setPen(QPen(_alpha(palette.cream, 0.6), 2))
    painter.drawEllipse(centre, 128, 128)
    _draw_glint(painter, centre, 64, palette.cream)


def _draw_record(painter: QPainter, palette: _Palette, rng: random.Random) -> None:
    """Draw a record sliding out of the sleeve: grooves, a sheen, a coloured label."""
    centre = QPointF(rng.uniform(600, 700), rng.uniform(650, 720))
    radius = 340.0
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 90))  # a soft drop shadow
    painter.drawEllipse(centre + QPointF(-10, 14), radius + 6, radius + 6)
    body = QRadialGradient(centre, radius)
    body.setColorAt(0.0, QColor("#1b1b22"))
    body.setColorAt(1.0, QColor("#07070a"))
    painter.setBrush(body)
    painter.drawEllipse(centre, radius, radius)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor(255, 255, 255, 16), 1.4))
    for groove in range(150, int(radius) - 10, 8):
        painter.drawEllipse(centre, groove, groove)
    sheen = QConicalGradient(centre, rng.uniform(20, 70))
    for stop, alpha in ((0.0, 0), (0.08, 34), (0.16, 0), (0.5, 0), (0.58, 28), (0.66, 0)):
        sheen.setColorAt(stop, QColor(255, 255, 255, alpha))
    sheen.setColorAt(1.0, QColor(255, 255, 255, 0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(sheen)
    painter.drawEllipse(centre, radius - 6, radius - 6)
    painter.setBrush(palette.accent)
    painter.drawEllipse(centre, 118, 118)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(_alpha(palette.cream, 0.85), 3))
    painter.drawEllipse(centre, 100, 100)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_alpha(palette.cream, 0.7))  # the label's printing, as bars
    painter.drawRoundedRect(QRectF(centre.x() - 46, centre.y() - 52, 92, 9), 4, 4)
    painter.drawRoundedRect(QRectF(centre.x() - 30, centre.y() + 40, 60, 7), 3, 3)
    painter.setBrush(palette.deep)
    painter.drawEllipse(centre, 11, 11)


def _draw_lettering(painter: QPainter, palette: _Palette, title: str, artist: str) -> None:
    """Letter the title large in a serif, a short brass rule, the artist in spaced capitals."""
    font, lines = _fit_title(title)
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    painter.setPen(palette.cream)
    baseline = _TEXT_TOP + metrics.ascent()
    for line in lines:
        painter.drawText(QPointF(_TEXT_LEFT, baseline), line)
        baseline += metrics.height() * 0.92  # set a little tighter than the font's leading
    rule_top = baseline - metrics.ascent() + 30
    painter.fillRect(QRectF(_TEXT_LEFT + 2, rule_top, 84, 5), palette.brass)
    if artist:
        small = _font(_SANS, 36, QFont.Weight.Medium)
        small.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 6.0)
        small_metrics = QFontMetricsF(small)
        painter.setFont(small)
        painter.setPen(palette.brass)
        text = small_metrics.elidedText(artist.upper(), Qt.TextElideMode.ElideRight, _TEXT_WIDTH)
        painter.drawText(QPointF(_TEXT_LEFT, rule_top + 36 + small_metrics.ascent()), text)


def _fit_title(title: str) -> tuple[QFont, list[str]]:
    """Return the largest title font whose wrapped lines fit three lines of the text width."""
    for pixel_size in (124, 112, 100, 90, 80, 72, 64, 56):
        font = _font(_SERIF, pixel_size, QFont.Weight.Bold)
        lines = _wrap(title, QFontMetricsF(font))
        if len(lines) <= 3:
            return font, lines
    rest = " ".join(lines[2:])  # the smallest size still overflows: elide the third line
    lines[2:] = [QFontMetricsF(font).elidedText(rest, Qt.TextElideMode.ElideRight, _TEXT_WIDTH)]
    return font, lines


def _wrap(text: str, metrics: QFontMetricsF) -> list[str]:
    """Greedy word wrap; a word wider than the line is elided on a line of its own."""
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and metrics.horizontalAdvance(joined) <= _TEXT_WIDTH:
            lines[-1] = joined
        else:
            lines.append(metrics.elidedText(word, Qt.TextElideMode.ElideRight, _TEXT_WIDTH))
    return lines


def _font(families: list[str], pixel_size: int, weight: QFont.Weight) -> QFont:
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(pixel_size)
    font.setWeight(weight)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # same shapes at any size
    return font


def _draw_vignette(painter: QPainter) -> None:
    shade = QRadialGradient(QPointF(500, 430), 780)
    shade.setColorAt(0.0, QColor(0, 0, 0, 0))
    shade.setColorAt(0.65, QColor(0, 0, 0, 30))
    shade.setColorAt(1.0, QColor(0, 0, 0, 120))
    painter.fillRect(QRectF(0, 0, _CANVAS, _CANVAS), shade)


def _draw_frame(painter: QPainter, palette: _Palette) -> None:
    """Draw a printed double rule: a brass line and a hairline inside it."""
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(_alpha(palette.brass, 0.85), 4))
    painter.drawRect(_FRAME)
    painter.setPen(QPen(_alpha(palette.brass, 0.5), 1.5))
    painter.drawRect(_FRAME.adjusted(12, 12, -12, -12))


def _draw_grain(painter: QPainter, seed: int, size: int) -> None:
    """Lay faint paper grain, in device pixels so it stays fine at every size."""
    noise = np.random.default_rng(seed).integers(0, 256, (size, size), dtype=np.uint8)
    pixels = np.empty((size, size, 4), dtype=np.uint8)
    pixels[..., 0] = pixels[..., 1] = pixels[..., 2] = noise
    pixels[..., 3] = 10
    grain = QImage(pixels.data, size, size, size * 4, QImage.Format.Format_ARGB32)
    painter.resetTransform()
    painter.drawImage(0, 0, grain)
