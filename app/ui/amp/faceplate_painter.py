"""The amplifier's faceplate: brushed champagne metal between walnut cheeks, engraved.

:func:`render_faceplate` paints everything that never moves (the cheeks, the plate, the
chamfered bezels round the three windows, the screws and the engraving) once per size,
pixel ratio and theme; the panel then only blits it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QRadialGradient,
)

from app.ui.amp.panel_layout import PanelLayout
from app.ui.amp.textures import brushed_metal, to_image, walnut
from app.ui.theme import Theme

BRAND = "STARLIGHT"
MODEL = "MODEL SA-2050"
SUBTITLE = "STEREO INTEGRATED AMPLIFIER"
SMALL_PRINT_MIN_PX = 7.5  # device pixels: smaller engraving would only be a smudge


def _blend(a: QColor, b: QColor, share: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * share,
        a.greenF() + (b.greenF() - a.greenF()) * share,
        a.blueF() + (b.blueF() - a.blueF()) * share,
    )


def plate_colours(theme: Theme) -> tuple[QColor, QColor]:
    """Return the faceplate's light and dark tones: champagne aluminium in the lamp's light."""
    light = _blend(QColor("#e6e1d6"), theme.brass_light, 0.45)
    dark = _blend(QColor("#8a857c"), theme.brass_dark, 0.4)
    if theme.is_night:  # the shop is lit by one warm lamp: the metal sits lower and warmer
        light, dark = light.darker(126), dark.darker(140)
    return light, dark


def engraving_ink(theme: Theme) -> QColor:
    """Return the colour of the faceplate's filled engraving."""
    return QColor(40, 28, 18, 225) if theme.is_night else QColor(52, 36, 22, 235)


@dataclass(frozen=True)
class Faceplate:
    """The rendered faceplate: its opaque body, and the cheeks with their rounded corners.

    Kept apart so the body (nearly all the pixels) is copied, not blended, when it is drawn.
    """

    body: QPixmap
    body_at: QRect
    cheeks: tuple[tuple[QPixmap, QRect], ...]

    def draw(self, painter: QPainter) -> None:
        """Draw the faceplate at the widget's origin."""
        painter.drawPixmap(self.body_at.topLeft(), self.body)
        for pixmap, rect in self.cheeks:
            painter.drawPixmap(rect.topLeft(), pixmap)


def render_faceplate(theme: Theme, layout: PanelLayout, dpr: float) -> Faceplate:
    """Return the faceplate for ``layout`` at ``dpr`` (transparent round the cheeks' corners)."""
    width_px, height_px = round(layout.width * dpr), round(layout.height * dpr)
    image = QImage(max(1, width_px), max(1, height_px), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    _paint_plate(painter, theme, layout, dpr)
    for window in layout.windows():
        _paint_bezel(painter, theme, window, layout.bezel_px)
    _paint_engraving(painter, theme, layout)
    _paint_screws(painter, theme, layout)
    _paint_cheeks(painter, theme, layout, dpr)
    painter.end()
    cheek = layout.cheek_px
    rects = (
        QRect(0, 0, cheek, layout.height),
        QRect(layout.width - cheek, 0, cheek, layout.height),
    )
    body = _cut(image, layout.plate, dpr).convertToFormat(QImage.Format.Format_RGB32)
    return Faceplate(
        body=QPixmap.fromImage(body),
        body_at=layout.plate,
        cheeks=tuple((QPixmap.fromImage(_cut(image, rect, dpr)), rect) for rect in rects),
    )


def _cut(image: QImage, rect: QRect, dpr: float) -> QImage:
    """Return the part of ``image`` under ``rect`` (logical pixels), keeping its pixel ratio."""
    left, right = round(rect.left() * dpr), round((rect.right() + 1) * dpr)
    top, bottom = round(rect.top() * dpr), round((rect.bottom() + 1) * dpr)
    part = image.copy(left, top, max(1, right - left), max(1, bottom - top))
    part.setDevicePixelRatio(dpr)
    return part


def _cheek_radius(layout: PanelLayout) -> float:
    return min(layout.cheek_px * 0.6, layout.height * 0.08)


def _texture(painter: QPainter, rect: QRect, image: QImage) -> None:
    painter.drawImage(QRectF(rect), image)


def _paint_plate(painter: QPainter, theme: Theme, layout: PanelLayout, dpr: float) -> None:
    plate = layout.plate
    light, dark = plate_colours(theme)
    size = (max(1, round(plate.width() * dpr)), max(1, round(plate.height() * dpr)))
    _texture(painter, plate, to_image(brushed_metal(*size, light, dark, seed=2050)))
    lamp = QRadialGradient(QPointF(plate.left() + plate.width() * 0.3, -plate.height() * 0.6),
                           plate.width() * 0.75)  # fmt: skip
    lamp.setColorAt(0.0, theme.glow)
    lamp.setColorAt(1.0, QColor(0, 0, 0, 0))
    painter.fillRect(plate, lamp)
    edge = max(1.0, layout.height * 0.012)
    painter.fillRect(QRectF(plate.left(), 0, plate.width(), edge), QColor(255, 246, 224, 110))
    painter.fillRect(
        QRectF(plate.left(), plate.bottom() + 1 - edge * 1.5, plate.width(), edge * 1.5),
        QColor(0, 0, 0, 120),
    )


def _paint_bezel(painter: QPainter, theme: Theme, window: QRect, bezel_px: int) -> None:
    """Cut a window into the plate: a chamfer in shadow above, catching the light below."""
    inner = QRectF(window)
    outer = inner.adjusted(-bezel_px, -bezel_px, bezel_px, bezel_px)
    radius = bezel_px * 1.1
    chamfer = QLinearGradient(outer.topLeft(), outer.bottomLeft())
    chamfer.setColorAt(0.0, QColor(20, 14, 10, 235))
    chamfer.setColorAt(0.55, QColor(60, 48, 36, 200))
    chamfer.setColorAt(
        1.0, QColor(250, 236, 205, 170) if theme.is_night else QColor(255, 250, 236, 200)
    )
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(chamfer)
    painter.drawRoundedRect(outer, radius, radius)
    rim = QLinearGradient(outer.topLeft(), outer.bottomLeft())
    rim.setColorAt(0.0, QColor(0, 0, 0, 150))
    rim.setColorAt(1.0, QColor(255, 248, 230, 130))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(rim, 0.8))
    painter.drawRoundedRect(outer.adjusted(0.4, 0.4, -0.4, -0.4), radius, radius)
    painter.fillRect(inner.adjusted(-1, -1, 1, 1), QColor(8, 6, 5))


def _engrave(
    painter: QPainter, theme: Theme, box: QRectF, flags: Qt.AlignmentFlag, text: str
) -> None:
    """Draw ``text`` as filled engraving: a catch-light under each cut, then the fill."""
    painter.setPen(QColor(255, 248, 232, 95 if theme.is_night else 140))
    painter.drawText(box.translated(0, 0.8), flags, text)
    painter.setPen(engraving_ink(theme))
    painter.drawText(box, flags, text)


def _paint_engraving(painter: QPainter, theme: Theme, layout: PanelLayout) -> None:
    strip = QRectF(layout.strip)
    left, spectrum, right = (QRectF(rect) for rect in layout.windows())
    outer = layout.bezel_px
    centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
    brand_px = max(8.0, strip.height() * 0.68)
    painter.setFont(theme.caption_font(brand_px))
    brand = QRectF(spectrum.left(), strip.top(), spectrum.width(), strip.height())
    _engrave(painter, theme, brand, centre, _spaced(BRAND))
    small_px = strip.height() * 0.42
    _paint_rules(painter, theme, spectrum, strip, brand_px)
    if small_px * painter.device().devicePixelRatioF() < SMALL_PRINT_MIN_PX:
        return  # too few pixels to print legibly: the brand alone says it
    painter.setFont(theme.caption_font(small_px))
    clear = _screw_radius(layout) * 3.2  # the screws sit at the strip's ends
    box_l = QRectF(left.left() - outer + clear, strip.top(), left.width(), strip.height())
    box_r = QRectF(right.left() + outer - clear, strip.top(), right.width(), strip.height())
    _engrave(
        painter, theme, box_l, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, SUBTITLE
    )
    _engrave(
        painter, theme, box_r, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, MODEL
    )


def _paint_rules(
    painter: QPainter, theme: Theme, spectrum: QRectF, strip: QRectF, brand_px: float
) -> None:
    """Engrave a fine rule either side of the brand."""
    rule_y = strip.center().y() + 0.5
    brand_w = painter.fontMetrics().horizontalAdvance(_spaced(BRAND))
    for sign in (-1, 1):
        start = spectrum.center().x() + sign * (brand_w * 0.5 + brand_px * 0.8)
        end = spectrum.center().x() + sign * spectrum.width() * 0.42
        if (end - start) * sign > brand_px:
            painter.fillRect(QRectF(min(start, end), rule_y + 0.7, abs(end - start), 0.8),
                             QColor(255, 248, 232, 80))  # fmt: skip
            painter.fillRect(QRectF(min(start, end), rule_y, abs(end - start), 0.8),
                             engraving_ink(theme))  # fmt: skip


def _spaced(text: str) -> str:
    return " ".join(text)


def _screw_radius(layout: PanelLayout) -> float:
    return max(1.8, layout.height * 0.022)


def _paint_screws(painter: QPainter, theme: Theme, layout: PanelLayout) -> None:
    """Seat a slotted screw at each end of the engraved strip, under the meters' outer edges."""
    radius = _screw_radius(layout)
    strip = QRectF(layout.strip)
    outer = layout.bezel_px
    for x in (
        layout.meter_left.left() - outer + radius,
        layout.meter_right.right() + 1 + outer - radius,
    ):
        centre = QPointF(x, strip.center().y())
        head = QRadialGradient(centre - QPointF(radius * 0.4, radius * 0.5), radius * 1.6)
        head.setColorAt(0.0, QColor("#f6ecd6"))
        head.setColorAt(0.6, QColor("#9c8f7a"))
        head.setColorAt(1.0, QColor("#4a4036"))
        painter.setPen(QPen(QColor(0, 0, 0, 140), 0.6))
        painter.setBrush(head)
        painter.drawEllipse(centre, radius, radius)
        painter.setPen(QPen(QColor(40, 30, 22, 200), max(0.6, radius * 0.3)))
        painter.drawLine(centre + QPointF(-radius * 0.75, radius * 0.3),
                         centre + QPointF(radius * 0.75, -radius * 0.3))  # fmt: skip


def _paint_cheeks(painter: QPainter, theme: Theme, layout: PanelLayout, dpr: float) -> None:
    """Stand a walnut cheek at each end, its outer corners rounded, casting a little shadow."""
    cheek, height = layout.cheek_px, layout.height
    radius = _cheek_radius(layout)
    light = theme.wood_light if theme.is_night else theme.wood_dark
    dark = theme.wood_grain.darker(115)
    for index, left in enumerate((0, layout.width - cheek)):
        rect = QRect(left, 0, cheek, height)
        path = QPainterPath()
        wide = QRectF(rect).adjusted(0 if index == 0 else -radius * 2, 0,
                                     radius * 2 if index == 0 else 0, 0)  # fmt: skip
        path.addRoundedRect(wide, radius, radius)
        clip = QPainterPath()
        clip.addRect(QRectF(rect))
        path = path.intersected(clip)
        size = (max(1, round(cheek * dpr)), max(1, round(height * dpr)))
        painter.save()
        painter.setClipPath(path)
        _texture(painter, rect, to_image(walnut(*size, light, dark, seed=7 + index)))
        _light_cheek(painter, theme, QRectF(rect), index == 0)
        painter.restore()
        _cheek_shadow(painter, layout, index == 0)


def _light_cheek(painter: QPainter, theme: Theme, rect: QRectF, left: bool) -> None:
    lamp = QLinearGradient(rect.topLeft(), rect.bottomLeft())
    lamp.setColorAt(0.0, QColor(255, 214, 160, 70 if theme.is_night else 50))
    lamp.setColorAt(0.5, QColor(255, 214, 160, 0))
    lamp.setColorAt(1.0, QColor(0, 0, 0, 90))
    painter.fillRect(rect, lamp)
    side = QLinearGradient(rect.topLeft(), rect.topRight())
    outer, inner = (QColor(0, 0, 0, 110), QColor(255, 230, 190, 40))
    side.setColorAt(0.0, outer if left else inner)
    side.setColorAt(0.25, QColor(0, 0, 0, 0))
    side.setColorAt(0.8, QColor(0, 0, 0, 0))
    side.setColorAt(1.0, inner if left else outer)
    painter.fillRect(rect, side)


def _cheek_shadow(painter: QPainter, layout: PanelLayout, left: bool) -> None:
    """Shade the plate where it meets a cheek, which stands proud of it."""
    depth = max(2.0, layout.cheek_px * 0.3)
    plate = layout.plate
    x = plate.left() if left else plate.right() + 1 - depth
    shade = QLinearGradient(QPointF(x, 0), QPointF(x + depth, 0))
    shade.setColorAt(0.0 if left else 1.0, QColor(0, 0, 0, 120))
    shade.setColorAt(1.0 if left else 0.0, QColor(0, 0, 0, 0))
    painter.fillRect(QRectF(x, 0, depth, layout.height), shade)
