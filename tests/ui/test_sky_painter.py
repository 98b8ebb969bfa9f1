"""The sky painter: stars, glows, Mars and meteors inside the rectangle given, and only there."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QImage, QPainter
from pytestqt.qtbot import QtBot

from app.ui.sky import SkyPainter
from app.ui.theme import NIGHT
from app.ui.workshop import Workbench
from app.visual.sky_meteors import BRIGHTNESS, HEAD_X, HEAD_Y, TAIL_X, TAIL_Y
from app.visual.starfield import MusicMood, Starfield, StarLayer

RECT = QRectF(40, 30, 420, 180)


def blank(width: int, height: int, dpr: float = 1.0) -> QImage:
    image = QImage(
        round(width * dpr), round(height * dpr), QImage.Format.Format_ARGB32_Premultiplied
    )
    image.setDevicePixelRatio(dpr)
    image.fill(0)
    return image


def pixels(image: QImage) -> npt.NDArray[np.uint8]:
    """Return the image as (height, width, 4) bytes: blue, green, red, alpha."""
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width()].copy()


def paint(sky: SkyPainter, image: QImage, rect: QRectF, whole_sky: bool = False) -> None:
    painter = QPainter(image)
    try:
        if whole_sky:
            sky.paint_sky(painter, rect)
        else:
            sky.paint_stars(painter, rect)
    finally:
        painter.end()


def inside(array: npt.NDArray[np.uint8], rect: QRectF, dpr: float = 1.0) -> npt.NDArray[np.bool_]:
    mask = np.zeros(array.shape[:2], bool)
    top, left = round(rect.top() * dpr), round(rect.left() * dpr)
    mask[top : top + round(rect.height() * dpr), left : left + round(rect.width() * dpr)] = True
    return mask


def at(rect: QRectF, x: float, y: float) -> tuple[int, int]:
    """Return the (row, column) of view point ``x``, ``y`` in ``rect``."""
    return int(rect.top() + y * rect.height()), int(rect.left() + x * rect.width())


@pytest.mark.parametrize("dpr", [1.0, 2.0])
def test_stars_are_drawn_in_the_rect_and_nowhere_else(qtbot: QtBot, dpr: float) -> None:
    sky = SkyPainter(Starfield(1))
    image = blank(500, 260, dpr)
    paint(sky, image, RECT)
    alpha = pixels(image)[..., 3]
    mask = inside(alpha, RECT, dpr)
    assert not alpha[~mask].any()
    assert (alpha[mask] > 0).sum() > 300 * dpr


def test_the_painters_own_clip_is_kept(qtbot: QtBot) -> None:
    sky = SkyPainter(Starfield(1))
    image = blank(500, 260)
    clip = QRect(100, 40, 200, 120)
    painter = QPainter(image)
    painter.setClipRect(clip)
    sky.paint_stars(painter, RECT)
    painter.end()
    alpha = pixels(image)[..., 3]
    assert not alpha[~inside(alpha, QRectF(clip))].any()
    assert alpha.any()


def test_the_whole_sky_fills_its_rect_and_only_it(qtbot: QtBot) -> None:
    sky = SkyPainter(Starfield(1))
    image = blank(500, 260)
    paint(sky, image, RECT, whole_sky=True)
    array = pixels(image)
    mask = inside(array, RECT)
    assert np.all(array[mask][:, 3] == 255)
    assert not array[~mask].any()
    rgb = array[mask][:, :3].astype(int)
    assert rgb[:, 0].mean() > rgb[:, 2].mean()  # a night-blue sky, not a grey fill
    assert len(np.unique(array[mask].view(np.uint32))) > 500


def test_the_view_is_fitted_to_the_rect(qtbot: QtBot) -> None:
    field = Starfield(1)
    paint(SkyPainter(field), blank(1500, 260), QRectF(10, 10, 1460, 240))
    assert field.view.fov_x_deg / field.view.fov_y_deg == pytest.approx(1460 / 240)


def test_bright_stars_glow_while_faint_ones_are_single_pixels(qtbot: QtBot) -> None:
    field = Starfield(1, time_scale=0.0)
    image = blank(500, 260)
    paint(SkyPainter(field), image, RECT)
    alpha = pixels(image)[..., 3].astype(int)
    shown = np.flatnonzero(field.visible[: field.bright_count])
    brightest = shown[np.argmin(field.magnitude[shown])]
    row, column = at(RECT, field.x[brightest], field.y[brightest])
    assert alpha[row, column] > 200
    assert alpha[row, column + 4] > 8 and alpha[row + 4, column] > 8  # its glow
    far = field.layer_slice(StarLayer.FAR)
    lone = [
        star
        for star in np.flatnonzero(field.visible[far]) + far.start
        if 0.1 < field.x[star] < 0.9 and 0.1 < field.y[star] < 0.9
    ]
    halos = []
    for star in lone[:40]:
        row, column = at(RECT, field.x[star], field.y[star])
        halos.append(alpha[row - 4 : row + 5, column - 4 : column + 5].astype(bool).sum())
    assert np.median(halos) <= 4  # a pixel or a few, never a blob


def test_mars_is_a_warm_steady_disc(qtbot: QtBot) -> None:
    field = Starfield(0, time_scale=0.0)
    assert field.mars.visible
    sky = SkyPainter(field)
    colours = []
    for _ in range(3):
        image = blank(500, 260)
        paint(sky, image, RECT)
        row, column = at(RECT, field.mars.x, field.mars.y)
        blue, green, red, _ = pixels(image)[row, column].astype(int)
        colours.append((red, green, blue))
        field.step(0.1, MusicMood(1, 1, 1))
    red, green, blue = colours[0]
    assert red > 200 and red > green > blue
    # Steady: only the halo of a twinkling neighbour may touch its pixel, by a shade.
    assert np.ptp(np.array(colours), axis=0).max() <= 3


def test_the_picture_twinkles_from_frame_to_frame(qtbot: QtBot) -> None:
    field = Starfield(2, time_scale=0.0)
    sky = SkyPainter(field)
    first, second = blank(500, 260), blank(500, 260)
    paint(sky, first, RECT)
    field.step(0.15, None)
    paint(sky, second, RECT)
    assert not np.array_equal(pixels(first), pixels(second))


def test_a_shooting_star_is_a_streak_from_head_to_tail(qtbot: QtBot) -> None:
    field = Starfield(11, time_scale=0.0)
    for _ in range(30 * 600):
        field.step(1 / 30, MusicMood(energy=1.0))
        streaks = field.shooting_stars
        best = streaks[np.argmax(streaks[:, BRIGHTNESS])]
        heads_inside = 0.1 < best[HEAD_X] < 0.9 and 0.1 < best[HEAD_Y] < 0.9
        long_enough = np.hypot(best[HEAD_X] - best[TAIL_X], best[HEAD_Y] - best[TAIL_Y]) > 0.04
        if best[BRIGHTNESS] > 0.6 and heads_inside and long_enough:
            break
    else:
        pytest.fail("no shooting star in ten minutes")
    rect = QRectF(0, 0, 960, 540)
    with_streak = blank(960, 540)
    paint(SkyPainter(field), with_streak, rect)
    alpha = pixels(with_streak)[..., 3].astype(int)
    lit = []
    for t in (0.0, 0.25, 0.5):
        x = best[HEAD_X] + (best[TAIL_X] - best[HEAD_X]) * t
        y = best[HEAD_Y] + (best[TAIL_Y] - best[HEAD_Y]) * t
        row, column = at(rect, x, y)
        lit.append(alpha[row - 1 : row + 2, column - 1 : column + 2].max())
    assert lit[0] > 200
    assert lit[0] >= lit[1] >= lit[2] > 20  # fading along the tail


def test_the_background_is_rendered_again_only_when_the_sky_has_turned(qtbot: QtBot) -> None:
    field = Starfield(1, time_scale=60.0)
    sky = SkyPainter(field)
    image = blank(500, 260)
    for _ in range(3):
        field.step(1 / 30, None)
        paint(sky, image, RECT, whole_sky=True)
    assert sky.background_renders == 1
    field.step(2.0, None)  # half a degree at sixty times the real rate
    paint(sky, image, RECT, whole_sky=True)
    assert sky.background_renders == 2


def test_the_shop_window_shows_the_live_sky_behind_its_city(qtbot: QtBot) -> None:
    bench = Workbench(NIGHT)
    qtbot.addWidget(bench)
    bench.resize(1000, 640)
    sky_rect = bench.sky_rect()
    field = Starfield(3, time_scale=0.0, aspect=sky_rect.width() / sky_rect.height())
    sky = SkyPainter(field)
    bench.set_sky_layer(lambda painter, rect: sky.paint_stars(painter, rect))
    first = pixels(bench.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32))
    field.step(0.2, None)
    second = pixels(bench.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32))
    changed = np.any(first != second, axis=2)
    rows, columns = np.nonzero(changed)
    assert rows.size > 20
    assert sky_rect.contains(int(columns.min()), int(rows.min()))
    assert sky_rect.contains(int(columns.max()), int(rows.max()))
