"""The tonearm posed: one picture of the arm at a pose, reused while the pose holds."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap

from app.ui.deck.deck_geometry import DeckGeometry
from app.ui.deck.tonearm_painter import ArmSprites, arm_rect, draw_tonearm

SWING_STEP_DEG = 0.05  # at the stylus, 230 mm out, a step is 0.2 mm: under half a pixel
HEIGHT_STEP = 0.02


class PosedArm:
    """The arm and its shadow drawn once at a pose, blitted until the pose moves a step.

    While a side plays the arm swings about 0.02 degrees a second, so one picture serves for
    seconds, and a frame blits it instead of drawing two rotated, smoothed sprites (1.5 ms
    at 1600x1000). A pose more than a step away from the last (a drag, the cue, a flip) is
    drawn directly, as before.
    """

    def __init__(self) -> None:
        self._key: tuple[int, int, float, float, int] | None = None
        self._picture: QPixmap | None = None
        self._corner = QPoint()

    def draw(
        self, painter: QPainter, geo: DeckGeometry, swing_deg: float, height: float,
        sprites: ArmSprites,
    ) -> None:  # fmt: skip
        """Draw the arm at ``swing_deg`` lifted ``height``, from the posed picture if it fits."""
        dpr = sprites.dpr
        key = (round(swing_deg / SWING_STEP_DEG), round(height / HEIGHT_STEP), geo.scale, dpr,
               id(sprites))  # fmt: skip
        if key != self._key:
            near = (
                self._key is not None
                and self._key[2:] == key[2:]
                and (abs(self._key[0] - key[0]) <= 1 and self._key[1] == key[1])
            )
            self._key = key
            self._picture = None
            if not near:  # moving fast: draw directly and pose again when it settles
                draw_tonearm(painter, geo, swing_deg, height, sprites)
                return
            self._pose(geo, key[0] * SWING_STEP_DEG, key[1] * HEIGHT_STEP, sprites)
        if self._picture is None:
            self._pose(geo, key[0] * SWING_STEP_DEG, key[1] * HEIGHT_STEP, sprites)
        assert self._picture is not None
        painter.drawPixmap(self._corner, self._picture)

    def _pose(
        self, geo: DeckGeometry, swing_deg: float, height: float, sprites: ArmSprites
    ) -> None:
        area = arm_rect(geo, swing_deg, height)
        image = QImage(
            max(1, round(area.width() * sprites.dpr)), max(1, round(area.height() * sprites.dpr)),
            QImage.Format.Format_ARGB32_Premultiplied,
        )  # fmt: skip
        image.setDevicePixelRatio(sprites.dpr)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.translate(-area.left(), -area.top())
        draw_tonearm(painter, geo, swing_deg, height, sprites)
        painter.end()
        self._picture = QPixmap.fromImage(image)
        self._picture.setDevicePixelRatio(sprites.dpr)
        self._corner = area.topLeft()
