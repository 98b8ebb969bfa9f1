"""Paint what is in the shop: the sign, the radio and valves on the sill, and the work lamp.

The sign is neon by night and gold leaf by day; its glow, like the radio's dial lamp, is
computed with numpy.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPainterPath, QPen, QRadialGradient

from app.ui.theme import Theme
from app.ui.workshop.layout import Layout
from app.ui.workshop.pixels import draw_glow, mix

SIGN_TEXT = "Starlight Repairs"
SIGN_CAPTION = "JAY'S  \u00b7  SEOUL"


# ------------------------------------------------------------------ the sign
def _sign_paths(theme: Theme, rect: QRectF) -> tuple[QPainterPath, QPainterPath, float]:
    """Return the sign's script and caption outlines placed in ``rect``, and the script size."""
    size = rect.height() * 0.5
    script = QPainterPath()
    script.addText(0, 0, theme.sign_font(size), SIGN_TEXT)
    size *= min(1.0, rect.width() * 0.6 / script.boundingRect().width())
    script = QPainterPath()
    script.addText(0, 0, theme.sign_font(size), SIGN_TEXT)
    caption = QPainterPath()
    caption.addText(0, 0, theme.caption_font(max(11.0, size * 0.28)), SIGN_CAPTION)
    script_box, caption_box = script.boundingRect(), caption.boundingRect()
    gap = size * 0.12
    top = rect.center().y() - (script_box.height() + gap + caption_box.height()) / 2
    script.translate(rect.center().x() - script_box.center().x(), top - script_box.top())
    caption_top = top + script_box.height() + gap
    caption.translate(rect.center().x() - caption_box.center().x(), caption_top - caption_box.top())
    return script, caption, size


def draw_sign(painter: QPainter, theme: Theme, rect: QRectF, dpr: float) -> None:
    """Letter the shop's name on the upper pane: neon by night, gold leaf by day."""
    if rect.height() < 30 or rect.width() < 200:
        return
    script, caption, size = _sign_paths(theme, rect)
    box = caption.boundingRect()
    caption.addRect(
        QRectF(box.left() - size * 0.9, box.center().y() - size * 0.01, size * 0.7, size * 0.02)
    )
    caption.addRect(
        QRectF(box.right() + size * 0.2, box.center().y() - size * 0.01, size * 0.7, size * 0.02)
    )
    if theme.is_night:
        _draw_neon(painter, theme, script, caption, size, dpr)
    else:
        _draw_gold_leaf(painter, theme, script, caption, size)


def _draw_neon(
    painter: QPainter,
    theme: Theme,
    script: QPainterPath,
    caption: QPainterPath,
    size: float,
    dpr: float,
) -> None:
    """Draw the name as lit neon with its halo, the caption as lamp-lit brass."""
    draw_glow(painter, script, QColor(255, 120, 60, 150), size * 0.32, dpr)
    draw_glow(painter, script, QColor(255, 170, 100, 210), size * 0.06, dpr)
    painter.fillPath(script, QColor("#fff3e0"))
    painter.strokePath(script, QPen(QColor(255, 150, 84), size * 0.03))
    brass = QColor(theme.brass_light)
    brass.setAlpha(120)
    draw_glow(painter, caption, brass, size * 0.05, dpr)
    painter.fillPath(caption, theme.brass_light)


def _draw_gold_leaf(
    painter: QPainter, theme: Theme, script: QPainterPath, caption: QPainterPath, size: float
) -> None:
    """Draw the name as sign-painter's gold leaf with a dark keyline and a soft shadow."""
    shadow = QPainterPath(script)
    shadow.translate(size * 0.025, size * 0.035)
    painter.fillPath(shadow, QColor(40, 24, 10, 90))
    gold = QLinearGradient(0, script.boundingRect().top(), 0, script.boundingRect().bottom())
    gold.setColorAt(0, theme.brass_light.lighter(110))
    gold.setColorAt(0.55, theme.brass_dark)
    gold.setColorAt(1, theme.brass_light)
    painter.fillPath(script, gold)
    painter.strokePath(script, QPen(theme.window_frame.darker(140), size * 0.02))
    painter.fillPath(caption, theme.window_frame.darker(120))


# ------------------------------------------------------------------ on the sill
def draw_radio(painter: QPainter, theme: Theme, base: QPointF, height: float, dpr: float) -> None:
    """Draw a 1930s cathedral radio waiting for repair, its dial lamp lit at night."""
    width, x, y = height * 0.78, base.x(), base.y()
    left, right = x - width / 2, x + width / 2
    shadow = QPainterPath()
    shadow.addEllipse(QRectF(left - width * 0.1, y - 4, width * 1.3, 8))
    painter.fillPath(shadow, QColor(0, 0, 0, 110))
    body = _arch(left, right, y, y - height * 0.55, y - height)
    wood = QLinearGradient(left, 0, right, 0)
    wood.setColorAt(0, theme.wood_grain)
    wood.setColorAt(0.7, theme.wood_light.lighter(135 if theme.is_night else 115))
    wood.setColorAt(1, theme.wood_dark)
    painter.fillPath(body, wood)
    painter.strokePath(body, QPen(QColor(0, 0, 0, 140), 1))
    inset = width * 0.16
    grille = _arch(
        left + inset, right - inset, y - height * 0.3, y - height * 0.55, y - height * 0.86
    )
    painter.fillPath(grille, mix(theme.wood_dark, theme.brass_dark, 0.45))
    painter.save()
    painter.setClipPath(grille)
    for index in range(1, 5):  # the fretwork over the speaker cloth
        bar_x = left + inset + (width - 2 * inset) * index / 5
        painter.fillRect(QRectF(bar_x - width * 0.018, y - height, width * 0.036, height), wood)
    painter.restore()
    painter.strokePath(grille, QPen(theme.wood_grain, 1.2))
    _draw_dial(painter, theme, QPointF(x, y - height * 0.17), width, dpr)


def _draw_dial(painter: QPainter, theme: Theme, dial: QPointF, width: float, dpr: float) -> None:
    """Draw the radio's round dial between its two knobs."""
    radius = width * 0.085
    if theme.is_night:
        lamp = QPainterPath()
        lamp.addEllipse(dial, radius, radius)
        draw_glow(painter, lamp, QColor(255, 170, 80, 190), radius * 0.9, dpr)
    painter.setPen(QPen(theme.brass_light, max(1.0, radius * 0.25)))
    painter.setBrush(QColor("#ffcf7a") if theme.is_night else QColor("#f2e4c4"))
    painter.drawEllipse(dial, radius, radius)
    painter.setPen(QPen(QColor(0, 0, 0, 150), 1))
    painter.setBrush(theme.bakelite)
    for side in (-1, 1):
        knob = QPointF(dial.x() + side * width * 0.3, dial.y() + width * 0.05)
        painter.drawEllipse(knob, width * 0.06, width * 0.06)


def _arch(left: float, right: float, foot: float, spring: float, apex: float) -> QPainterPath:
    """Return a pointed arch from ``foot`` up to ``spring`` height, peaking at ``apex``."""
    centre, half = (left + right) / 2, (right - left) / 2
    path = QPainterPath(QPointF(left, foot))
    path.lineTo(left, spring)
    path.cubicTo(left, spring - (spring - apex) * 0.75, centre - half * 0.45, apex, centre, apex)
    path.cubicTo(centre + half * 0.45, apex, right, spring - (spring - apex) * 0.75, right, spring)
    path.lineTo(right, foot)
    path.closeSubpath()
    return path


def draw_valve(painter: QPainter, theme: Theme, base: QPointF, height: float) -> None:
    """Draw a vacuum tube standing on its bakelite base; at night its filament glows."""
    width, x, y = height * 0.36, base.x(), base.y()
    envelope = QPainterPath()
    envelope.addRoundedRect(
        QRectF(x - width / 2, y - height, width, height * 0.85), width / 2, width / 2
    )
    painter.fillPath(envelope, QColor(255, 255, 255, 22 if theme.is_night else 60))
    plate = QRectF(x - width * 0.26, y - height * 0.72, width * 0.52, height * 0.42)
    painter.fillRect(plate, QColor(60, 58, 56, 230))
    if theme.is_night:
        glow = QRadialGradient(plate.center(), width * 0.9)
        glow.setColorAt(0, QColor(255, 140, 60, 190))
        glow.setColorAt(1, QColor(255, 140, 60, 0))
        painter.fillPath(envelope, glow)
    getter = QLinearGradient(0, y - height, 0, y - height * 0.8)
    getter.setColorAt(0, QColor(225, 228, 235, 200))
    getter.setColorAt(1, QColor(225, 228, 235, 0))
    painter.save()
    painter.setClipPath(envelope)
    painter.fillRect(QRectF(x - width / 2, y - height, width, height * 0.2), getter)
    painter.restore()
    painter.strokePath(envelope, QPen(QColor(255, 255, 255, 70), 1))
    painter.fillRect(
        QRectF(x - width * 0.1, y - height * 0.92, width * 0.08, height * 0.5),
        QColor(255, 255, 255, 60),
    )
    foot = QPainterPath()
    foot.addRoundedRect(QRectF(x - width * 0.55, y - height * 0.2, width * 1.1, height * 0.2), 2, 2)
    painter.fillPath(foot, theme.bakelite.darker(130))
    painter.strokePath(foot, QPen(QColor(255, 255, 255, 30), 1))


# ------------------------------------------------------------------ the work lamp
def draw_light(painter: QPainter, theme: Theme, lay: Layout, width: int, height: int) -> None:
    """Paint the room's shade, then the work lamp's warm pool on the bench and up the wall."""
    modes = QPainter.CompositionMode
    night, black = theme.is_night, QColor(0, 0, 0)
    centre, radii = QPointF(width * 0.56, height * 0.52), (width * 0.78, height * 0.92)
    shade = ((0.5, black, 0), (1.0, black, 175 if night else 50))
    _ellipse(painter, centre, radii, shade, modes.CompositionMode_SourceOver)
    pool = QPointF(width * 0.58, lay.bench.top() + lay.bench.height() * 0.3)
    pool_radii = (width * 0.55, lay.bench.height() * 0.95)
    warm, glow = QColor(255, 168, 80), theme.glow
    if night:  # the lamp's colour soaks into the wood
        soak = ((0.0, warm, 150), (0.5, warm, 70), (1.0, warm, 0))
        _ellipse(painter, pool, pool_radii, soak, modes.CompositionMode_Overlay)
    lift = modes.CompositionMode_Screen if night else modes.CompositionMode_SourceOver
    light = ((0.0, glow, glow.alpha()), (0.45, glow, glow.alpha() // 2), (1.0, glow, 0))
    _ellipse(painter, pool, pool_radii, light, lift)
    if not night:  # daylight through the window falls on the back of the bench
        sun = QLinearGradient(0, lay.bench.top(), 0, lay.bench.bottom())
        sun.setColorAt(0, QColor(255, 250, 235, 70))
        sun.setColorAt(0.45, QColor(255, 250, 235, 0))
        sun.setColorAt(1, QColor(60, 30, 10, 40))
        painter.fillRect(lay.bench, sun)
    wash = ((0.0, glow, glow.alpha() // 2), (1.0, glow, 0))
    _ellipse(
        painter, QPointF(width * 0.58, lay.bench.top()), (width * 0.5, height * 0.5), wash, lift
    )


def _ellipse(
    painter: QPainter,
    centre: QPointF,
    radii: tuple[float, float],
    stops: tuple[tuple[float, QColor, int], ...],
    mode: QPainter.CompositionMode,
) -> None:
    """Fill the window with an elliptical gradient of ``(position, colour, alpha)`` stops."""
    gradient = QRadialGradient(QPointF(0, 0), 1)
    for position, colour, alpha in stops:
        gradient.setColorAt(position, QColor(colour.red(), colour.green(), colour.blue(), alpha))
    painter.save()
    painter.setCompositionMode(mode)
    painter.translate(centre)
    painter.scale(*radii)
    reach = 1.0  # a glow fades to nothing at its rim; a shade keeps its last colour beyond
    if stops[-1][2] > 0:
        reach = max(painter.device().width(), painter.device().height()) / min(radii)
    painter.fillRect(QRectF(-reach, -reach, 2 * reach, 2 * reach), gradient)
    painter.restore()
