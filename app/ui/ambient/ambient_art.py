"""The ambient mode's pictures, each drawn once per size: the label, its light, and the words.

Every function returns a premultiplied ARGB image ``dpr`` times the logical size with its
device pixel ratio set, so the view turns it into a pixmap once and a frame only copies it.
The label is made round from its picture (or printed in the shop's style when there is none);
it is the one picture that turns. Its lamp-lit gloss and the steel spindle stand still over
it, as a real lamp's reflection does over a turning record.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPen,
    QRadialGradient,
)

from app.core.record import RecordSize
from app.ui.deck.record_art import label_colours
from app.ui.theme import Theme
from app.visual.deck_side import DeckSide

_SHRINK = 0.75  # printed words may shrink to this share of their size to fit
SPINDLE_SHARE = 0.072  # the spindle's radius as a share of the label's (3.6 mm of 50.5 mm)


def blank_image(width: float, height: float, dpr: float) -> QImage:
    """Return a transparent image for ``width`` x ``height`` logical pixels at ``dpr``."""
    image = QImage(
        max(1, math.ceil(width * dpr)),
        max(1, math.ceil(height * dpr)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(dpr)
    image.fill(Qt.GlobalColor.transparent)
    return image


def _painter(image: QImage) -> QPainter:
    painter = QPainter(image)
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
        | QPainter.RenderHint.TextAntialiasing
    )
    return painter


def picture_label(picture: QImage, radius: float, dpr: float) -> QImage:
    """Return ``picture`` cut round to a label of ``radius`` logical pixels.

    The middle square of the picture is used; it is scaled once with a proper filter, so the
    turning label only ever needs bilinear sampling near its own size.
    """
    side = min(picture.width(), picture.height())
    square = picture.copy((picture.width() - side) // 2, (picture.height() - side) // 2, side, side)
    image = blank_image(2 * radius * dpr, 2 * radius * dpr, 1.0)  # drawn in device pixels
    scaled = square.scaled(
        image.width(),
        image.height(),
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    painter = _painter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(scaled))  # an antialiased disc filled with the picture
    painter.drawEllipse(QRectF(0, 0, image.width(), image.height()))
    _finish_edge(painter, image.width() / 2)
    painter.end()
    image.setDevicePixelRatio(dpr)
    return image


def printed_label(title: str, artist: str, radius: float, dpr: float, theme: Theme) -> QImage:
    """Return a label printed in the shop's style: paper, rings, the maker's script, the words.

    The paper's colour is the one the deck prints for the same title and artist.
    """
    image = blank_image(2 * radius, 2 * radius, dpr)
    paper, ink = _paper_and_ink(title, artist)
    painter = _painter(image)
    painter.translate(radius, radius)
    shade = QRadialGradient(QPointF(0, 0), radius)
    shade.setColorAt(0.0, paper.lighter(112))
    shade.setColorAt(0.7, paper)
    shade.setColorAt(1.0, paper.darker(122))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(shade)
    painter.drawEllipse(QPointF(0, 0), radius, radius)
    faded = QColor(ink)
    faded.setAlpha(105)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for ring, width in ((0.955, 0.011), (0.915, 0.005)):
        painter.setPen(QPen(faded, max(0.6, radius * width)))
        painter.drawEllipse(QPointF(0, 0), radius * ring, radius * ring)
    painter.setPen(ink)
    _print_words(painter, title, artist, radius, theme)
    painter.translate(-radius, -radius)
    _finish_edge(painter, radius)
    painter.end()
    return image


def _paper_and_ink(title: str, artist: str) -> tuple[QColor, QColor]:
    side = DeckSide("", title, artist, "A", 0, 1, RecordSize.LP_12_INCH, ())
    return label_colours(side)


def _print_words(painter: QPainter, title: str, artist: str, radius: float, theme: Theme) -> None:
    """Print the maker's script, the title, the shop's caption and the artist (label centred)."""
    centre = Qt.AlignmentFlag.AlignCenter

    def row(top: float, height: float, half_width: float) -> QRectF:
        return QRectF(-radius * half_width, radius * top, 2 * radius * half_width, radius * height)

    _words(painter, theme.sign_font(radius * 0.2), row(-0.8, 0.3, 0.6), centre, "Starlight")
    name = title or QCoreApplication.translate("RecordLabel", "Untitled")
    _words(painter, theme.text_font(radius * 0.135, True), row(-0.46, 0.24, 0.78), centre, name)
    who = artist or QCoreApplication.translate("RecordLabel", "Unknown artist")
    _words(painter, theme.text_font(radius * 0.11), row(0.24, 0.22, 0.8), centre, who)
    caption = theme.caption_font(radius * 0.12)
    middle = Qt.AlignmentFlag.AlignVCenter
    left = QRectF(-radius * 0.86, -radius * 0.12, radius * 0.6, radius * 0.24)
    right = QRectF(radius * 0.26, -radius * 0.12, radius * 0.6, radius * 0.24)
    _words(painter, caption, left, middle | Qt.AlignmentFlag.AlignLeft, "JAY'S")
    _words(painter, caption, right, middle | Qt.AlignmentFlag.AlignRight, "SEOUL")
    small = theme.caption_font(radius * 0.085)
    _words(painter, small, row(0.58, 0.16, 0.5), centre, "HIGH  FIDELITY")


def _words(painter: QPainter, font: QFont, box: QRectF, align: Qt.AlignmentFlag, text: str) -> None:
    """Draw ``text`` in ``box``: a little smaller if that makes it fit, else elided."""
    width = QFontMetricsF(font).horizontalAdvance(text)
    if width > box.width():
        font = QFont(font)
        font.setPixelSize(max(1, round(font.pixelSize() * max(_SHRINK, box.width() / width))))
    painter.setFont(font)
    fitted = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, box.width())
    painter.drawText(box, align, fitted)


def _finish_edge(painter: QPainter, radius: float) -> None:
    """Darken the label towards its rim and catch a thin line of light on the edge."""
    centre = QPointF(radius, radius)
    shade = QRadialGradient(centre, radius)
    shade.setColorAt(0.8, QColor(0, 0, 0, 0))
    shade.setColorAt(0.97, QColor(0, 0, 0, 70))
    shade.setColorAt(1.0, QColor(0, 0, 0, 120))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(shade)
    painter.drawEllipse(centre, radius, radius)
    width = max(0.6, radius * 0.006)
    painter.setPen(QPen(QColor(255, 255, 255, 60), width))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, radius - width, radius - width)


def label_gloss(radius: float, dpr: float) -> QImage:
    """Return the still light over the turning label: a soft lamp sheen and the spindle."""
    image = blank_image(2 * radius, 2 * radius, dpr)
    painter = _painter(image)
    painter.translate(radius, radius)
    painter.setPen(Qt.PenStyle.NoPen)
    sheen = QRadialGradient(QPointF(-radius * 0.42, -radius * 0.5), radius * 1.25)
    sheen.setColorAt(0.0, QColor(255, 246, 228, 34))
    sheen.setColorAt(0.55, QColor(255, 246, 228, 8))
    sheen.setColorAt(1.0, QColor(0, 0, 0, 38))
    painter.setBrush(sheen)
    painter.drawEllipse(QPointF(0, 0), radius, radius)
    _draw_spindle(painter, radius * SPINDLE_SHARE)
    painter.end()
    return image


def _draw_spindle(painter: QPainter, radius: float) -> None:
    """Draw the polished steel spindle through the label's hole, with the hole's dark rim."""
    painter.setBrush(QColor(0, 0, 0, 110))
    painter.drawEllipse(QPointF(0, 0), radius * 1.3, radius * 1.3)
    steel = QRadialGradient(QPointF(-radius * 0.3, -radius * 0.35), radius * 1.25)
    steel.setColorAt(0.0, QColor("#ffffff"))
    steel.setColorAt(0.5, QColor("#b8b4ad"))
    steel.setColorAt(1.0, QColor("#4a4642"))
    painter.setPen(QPen(QColor(0, 0, 0, 150), max(0.5, radius * 0.1)))
    painter.setBrush(steel)
    painter.drawEllipse(QPointF(0, 0), radius, radius)


def backdrop(
    halo_radius: float,
    label_radius: float,
    ring_radius: float,
    ring_width: float,
    dpr: float,
    theme: Theme,
) -> QImage:
    """Return what lies under the label: its soft warm light on the sky and the ring's track."""
    image = blank_image(2 * halo_radius, 2 * halo_radius, dpr)
    painter = _painter(image)
    centre = QPointF(halo_radius, halo_radius)
    glow = QColor(theme.glow)
    start = label_radius / halo_radius
    light = QRadialGradient(centre, halo_radius)
    for stop, share in ((start * 0.98, 0.0), (start, 0.55), (start + 0.2 * (1 - start), 0.2)):
        light.setColorAt(stop, _with_alpha(glow, glow.alphaF() * share))
    light.setColorAt(1.0, _with_alpha(glow, 0.0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(light)
    painter.drawEllipse(centre, halo_radius, halo_radius)
    track = _with_alpha(theme.ink, 0.16)
    painter.setPen(QPen(track, ring_width))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, ring_radius, ring_radius)
    painter.end()
    return image


def _with_alpha(colour: QColor, alpha: float) -> QColor:
    result = QColor(colour)
    result.setAlphaF(min(1.0, max(0.0, alpha)))
    return result
