"""The tonearm, drawn in its own millimetre frame, and its base.

The arm is drawn with the pivot at the origin and the stylus at ``(ARM_LENGTH_MM, 0)``, so
its true geometry holds at any swing: an S-shaped tube, a headshell turned by the 22-degree
offset angle, a finger lift, and a counterweight behind the pivot. Lifting it on the cue
makes its shadow fall further and fainter, as it would under the work lamp. A frame draws
it through :class:`~app.ui.deck.arm_pose.PosedArm`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QConicalGradient,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QRadialGradient,
    QTransform,
)

from app.ui.deck.deck_geometry import ARM_BASE_RADIUS_MM, ARM_REST_MM, DeckGeometry
from app.ui.deck.deck_painter import blur_alpha
from app.ui.theme import Theme
from app.visual.deck import ARM_LENGTH_MM, OFFSET_ANGLE_DEG
from app.visual.platter import REST_SWING_DEG

HEADSHELL_BACK_MM = 50.0  # from the stylus back to the headshell's collar on the tube
COUNTERWEIGHT_MM = (-44.0, -78.0)  # its front and back along the arm, behind the pivot
_OFFSET = math.radians(OFFSET_ANGLE_DEG)
_AXIS = QPointF(math.cos(_OFFSET), math.sin(_OFFSET))  # the cartridge's axis, arm frame


def _collar() -> QPointF:
    return QPointF(ARM_LENGTH_MM - _AXIS.x() * HEADSHELL_BACK_MM, -_AXIS.y() * HEADSHELL_BACK_MM)


def _tube_path() -> QPainterPath:
    """Return the S-shaped tube from the gimbal to the headshell's collar."""
    collar = _collar()
    bend = QPointF(collar.x() - 62.0, collar.y() * 0.55)  # a straight run, then the S-bend
    path = QPainterPath(QPointF(6.0, 0.0))
    path.lineTo(bend)
    path.cubicTo(
        bend + QPointF(34.0, bend.y() * 0.06),
        collar - QPointF(_AXIS.x() * 20.0, _AXIS.y() * 20.0),
        collar,
    )
    return path


_TUBE = _tube_path()


def _headshell_frame(painter: QPainter) -> None:
    """Move the painter into the headshell's frame: stylus at the origin, x along the axis."""
    painter.translate(ARM_LENGTH_MM, 0.0)
    painter.rotate(OFFSET_ANGLE_DEG)


def _headshell_path() -> QPainterPath:
    path = QPainterPath()
    path.moveTo(-HEADSHELL_BACK_MM + 2, -5.5)
    path.lineTo(-30, -9.0)
    path.lineTo(4.0, -8.0)
    path.quadTo(9.0, 0.0, 4.0, 8.0)
    path.lineTo(-30, 9.0)
    path.lineTo(-HEADSHELL_BACK_MM + 2, 5.5)
    path.closeSubpath()
    return path


def _finger_lift_path() -> QPainterPath:
    path = QPainterPath(QPointF(-6.0, -8.0))
    path.lineTo(-3.0, -21.0)
    path.quadTo(-1.5, -27.0, -6.5, -27.5)
    return path


_HEADSHELL = _headshell_path()
_FINGER_LIFT = _finger_lift_path()


def arm_transform(
    geo: DeckGeometry, swing_deg: float, height: float, unit_mm: bool = False
) -> QTransform:
    """Return the arm frame's transform onto the widget (raised arms look a touch larger).

    The frame's unit is a sprite pixel at the deck's scale, or a millimetre with ``unit_mm``.
    """
    pivot = geo.pivot
    grow = (geo.scale if unit_mm else 1.0) * (1.0 + 0.018 * height)
    transform = QTransform()
    transform.translate(pivot.x(), pivot.y())
    transform.rotate(geo.arm_angle_deg(swing_deg))
    transform.scale(grow, grow)
    return transform


ARM_BOUNDS_MM = QRectF(-82.0, -42.0, 82.0 + ARM_LENGTH_MM + 16.0, 64.0)  # the arm frame's extent


@dataclass(frozen=True)
class ArmSprites:
    """The arm and its soft shadow, painted once in the arm frame at one deck scale."""

    arm: QPixmap
    shadow: QPixmap
    scale: float
    dpr: float


def render_arm_sprites(scale: float, dpr: float, theme: Theme) -> ArmSprites:
    """Return the arm and its blurred shadow at ``scale`` pixels per mm."""
    arm = _sprite_image(scale, dpr)
    painter = _sprite_painter(arm, scale, dpr)
    _draw_counterweight(painter, theme)
    _draw_tube(painter, theme)
    _draw_gimbal(painter, theme)
    _headshell_frame(painter)
    _draw_headshell(painter, theme)
    painter.end()
    shadow = _sprite_image(scale, dpr)
    painter = _sprite_painter(shadow, scale, dpr)
    _draw_silhouette(painter, QColor(0, 0, 0, 150))
    painter.end()
    blur_alpha(shadow, max(1, round(1.6 * scale * dpr)))
    return ArmSprites(_as_pixmap(arm, dpr), _as_pixmap(shadow, dpr), scale, dpr)


def _sprite_image(scale: float, dpr: float) -> QImage:
    width = math.ceil(ARM_BOUNDS_MM.width() * scale * dpr)
    height = math.ceil(ARM_BOUNDS_MM.height() * scale * dpr)
    image = QImage(max(1, width), max(1, height), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    return image


def _sprite_painter(image: QImage, scale: float, dpr: float) -> QPainter:
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(scale * dpr, scale * dpr)
    painter.translate(-ARM_BOUNDS_MM.left(), -ARM_BOUNDS_MM.top())
    return painter


def _as_pixmap(image: QImage, dpr: float) -> QPixmap:
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(dpr)
    return pixmap


def arm_rect(geo: DeckGeometry, swing_deg: float, height: float) -> QRect:
    """Return the widget pixels the arm and its shadow cover (what moving it must repaint)."""
    transform = arm_transform(geo, swing_deg, height)
    bounds = QRectF(
        ARM_BOUNDS_MM.left() * geo.scale, ARM_BOUNDS_MM.top() * geo.scale,
        ARM_BOUNDS_MM.width() * geo.scale, ARM_BOUNDS_MM.height() * geo.scale,
    )  # fmt: skip
    margin = geo.scale * (14.0 + 23.0 * height)  # the shadow's drift and blur
    return transform.mapRect(bounds).adjusted(-2, -2, margin, margin).toAlignedRect()


def draw_tonearm(
    painter: QPainter, geo: DeckGeometry, swing_deg: float, height: float, sprites: ArmSprites
) -> None:
    """Draw the arm's shadow, then the arm, at ``swing_deg`` lifted ``height`` (0..1).

    A lifted arm's shadow falls further from it and fades, under a lamp up and to the left.
    """
    transform = arm_transform(geo, swing_deg, height)
    corner = QPointF(ARM_BOUNDS_MM.left() * geo.scale, ARM_BOUNDS_MM.top() * geo.scale)
    painter.save()
    drift = QPointF(3.5 + 10.0 * height, 5.0 + 13.0 * height) * geo.scale
    painter.setTransform(transform * QTransform.fromTranslate(drift.x(), drift.y()), True)
    painter.setOpacity(0.95 - 0.45 * height)
    painter.drawPixmap(corner, sprites.shadow)
    painter.restore()
    painter.save()
    painter.setTransform(transform, True)
    painter.drawPixmap(corner, sprites.arm)
    painter.restore()


def _draw_silhouette(painter: QPainter, colour: QColor) -> None:
    pen = QPen(colour, 7.5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(_TUBE)
    painter.drawLine(QPointF(-6, 0), QPointF(COUNTERWEIGHT_MM[0], 0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    front, back = COUNTERWEIGHT_MM
    painter.drawRoundedRect(QRectF(back, -16, front - back, 32), 3, 3)
    painter.save()
    _headshell_frame(painter)
    painter.drawPath(_HEADSHELL)
    painter.restore()


def _chrome(top: float, bottom: float, light: QColor, dark: QColor) -> QLinearGradient:
    """Return a gradient across a cylinder from ``top`` to ``bottom`` (arm frame y)."""
    gradient = QLinearGradient(QPointF(0, top), QPointF(0, bottom))
    gradient.setColorAt(0.0, dark)
    gradient.setColorAt(0.3, light)
    gradient.setColorAt(0.45, QColor("#fffaf0"))
    gradient.setColorAt(0.7, light.darker(120))
    gradient.setColorAt(1.0, dark.darker(140))
    return gradient


def _draw_tube(painter: QPainter, theme: Theme) -> None:
    silver, steel = QColor("#d8d4cc"), QColor("#5c5852")
    outline = QPen(QColor(20, 16, 12, 200), 8.6)
    outline.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(outline)
    painter.drawPath(_TUBE)
    painter.drawLine(QPointF(-4, 0), QPointF(COUNTERWEIGHT_MM[0], 0))
    body = QPen(QColor("#a9a49b"), 7.0)
    body.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(body)
    painter.drawPath(_TUBE)
    painter.setPen(QPen(_chrome(-3.5, 3.5, silver, steel), 7.0))
    painter.drawLine(QPointF(-4, 0), QPointF(COUNTERWEIGHT_MM[0], 0))
    shine = QPen(QColor(255, 250, 238, 170), 1.4)
    shine.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(shine)
    painter.drawPath(_TUBE.translated(0, -1.4))


def _draw_gimbal(painter: QPainter, theme: Theme) -> None:
    painter.setPen(QPen(QColor(0, 0, 0, 170), 0.6))
    painter.setBrush(_chrome(-11, 11, QColor("#cfcac0"), QColor("#4f4b45")))
    painter.drawRoundedRect(QRectF(-12, -11, 24, 22), 4, 4)
    painter.setBrush(_chrome(-6, 6, theme.brass_light, theme.brass_dark))
    painter.drawEllipse(QPointF(0, 0), 6.0, 6.0)


def _draw_counterweight(painter: QPainter, theme: Theme) -> None:
    front, back = COUNTERWEIGHT_MM
    body = QRectF(back, -16, front - back, 32)
    painter.setPen(QPen(QColor(0, 0, 0, 190), 0.6))
    painter.setBrush(_chrome(-16, 16, QColor("#c9c4ba"), QColor("#3c3934")))
    painter.drawRoundedRect(body, 3, 3)
    ring = QRectF(front - 9, -16.4, 8, 32.8)
    painter.setBrush(_chrome(-16, 16, theme.brass_light, theme.brass_dark))
    painter.drawRoundedRect(ring, 1.5, 1.5)
    painter.setPen(QPen(QColor(40, 26, 10, 180), 0.35))
    for step in range(9):  # the weight scale's ticks round the ring
        y = -13.0 + step * 3.25
        painter.drawLine(
            QPointF(ring.left() + 1.2, y), QPointF(ring.left() + (4 if step % 2 else 2.5), y)
        )


def _draw_headshell(painter: QPainter, theme: Theme) -> None:
    painter.setPen(QPen(QColor(0, 0, 0, 200), 0.6))
    painter.setBrush(_chrome(-9, 9, QColor("#d6d1c7"), QColor("#3e3b36")))
    painter.drawPath(_HEADSHELL)
    cartridge = QRectF(-27, -6.5, 30, 13)
    painter.setBrush(_chrome(-6.5, 6.5, theme.bakelite_light.lighter(140), QColor("#0d0a08")))
    painter.drawRoundedRect(cartridge, 2, 2)
    painter.setBrush(_chrome(-3, 3, theme.brass_light, theme.brass_dark))
    painter.drawRoundedRect(QRectF(-HEADSHELL_BACK_MM - 1, -4, 9, 8), 1.5, 1.5)
    lift = QPen(QColor("#3a3631"), 2.6)
    lift.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(lift)
    painter.drawPath(_FINGER_LIFT)
    lift.setColor(QColor("#d7d2c8"))
    lift.setWidthF(1.4)
    painter.setPen(lift)
    painter.drawPath(_FINGER_LIFT)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.accent)
    painter.drawEllipse(QPointF(0, 0), 0.9, 0.9)


def arm_hit(geo: DeckGeometry, swing_deg: float, point: QPointF, slack_mm: float = 4.0) -> bool:
    """Whether a widget point lies on the arm's headshell, finger lift or tube."""
    inverse, invertible = arm_transform(geo, swing_deg, 0.0, unit_mm=True).inverted()
    if not invertible:
        return False
    local = inverse.map(point)
    head = QTransform().translate(ARM_LENGTH_MM, 0).rotate(OFFSET_ANGLE_DEG).inverted()[0]
    shell = head.map(local)
    if -HEADSHELL_BACK_MM - slack_mm <= shell.x() <= 10 + slack_mm and (
        -28 - slack_mm <= shell.y() <= 10 + slack_mm
    ):
        return True
    collar = _collar()
    along = max(0.0, min(1.0, (local.x() - 20.0) / max(1e-6, collar.x() - 20.0)))
    nearest = QPointF(20.0 + along * (collar.x() - 20.0), along * collar.y())
    return math.hypot(local.x() - nearest.x(), local.y() - nearest.y()) <= 6.0 + slack_mm


# ------------------------------------------------------------------ the arm's base (static)
def paint_arm_base(painter: QPainter, geo: DeckGeometry, theme: Theme) -> None:
    """Draw the arm's round base, its ribbed brass height ring and the arm rest."""
    pivot, scale = geo.pivot, geo.scale
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 70))
    shadow = pivot + QPointF(scale * 2.5, scale * 3.5)
    painter.drawEllipse(
        shadow, scale * (ARM_BASE_RADIUS_MM + 1.5), scale * (ARM_BASE_RADIUS_MM + 1.5)
    )
    plate = QRadialGradient(pivot - QPointF(scale * 10, scale * 12), scale * 48)
    plate.setColorAt(0.0, theme.bakelite_light.lighter(120))
    plate.setColorAt(1.0, theme.bakelite.darker(140))
    painter.setBrush(plate)
    painter.setPen(QPen(QColor(0, 0, 0, 170), scale * 0.6))
    painter.drawEllipse(pivot, scale * ARM_BASE_RADIUS_MM, scale * ARM_BASE_RADIUS_MM)
    ring = QConicalGradient(pivot, 0)
    for index in range(25):
        ring.setColorAt(index / 24, theme.brass_light if index % 2 else theme.brass_dark)
    painter.setBrush(ring)
    painter.setPen(QPen(theme.brass_dark.darker(170), scale * 0.4))
    painter.drawEllipse(pivot, scale * 22.0, scale * 22.0)
    painter.setBrush(_brass(theme, pivot, scale * 18))
    painter.drawEllipse(pivot, scale * 17.0, scale * 17.0)
    _paint_arm_rest(painter, geo, theme)


def _brass(theme: Theme, centre: QPointF, radius: float) -> QRadialGradient:
    gradient = QRadialGradient(centre - QPointF(radius * 0.35, radius * 0.45), radius * 1.4)
    gradient.setColorAt(0.0, theme.brass_light.lighter(110))
    gradient.setColorAt(0.6, theme.brass_light.darker(115))
    gradient.setColorAt(1.0, theme.brass_dark)
    return gradient


def _paint_arm_rest(painter: QPainter, geo: DeckGeometry, theme: Theme) -> None:
    """Draw the rest post under the arm's bend, where the tube lies when parked."""
    x, y = geo.arm_point_mm(REST_SWING_DEG, *ARM_REST_MM)
    centre, scale = geo.point(x, y), geo.scale
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 80))
    painter.drawEllipse(centre + QPointF(scale * 2, scale * 3), scale * 7.5, scale * 7.5)
    painter.setBrush(_brass(theme, centre, scale * 7))
    painter.setPen(QPen(theme.brass_dark.darker(160), scale * 0.5))
    painter.drawEllipse(centre, scale * 6.5, scale * 6.5)
    painter.setBrush(theme.bakelite.darker(130))
    painter.drawEllipse(centre, scale * 3.2, scale * 3.2)
