"""The shop backdrop: renders at every size, is cached, settles after resizes, night and day."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from app.ui.theme import DAY, NIGHT, Theme
from app.ui.workshop import SETTLE_MS, Workbench
from app.ui.workshop import workbench as workshop


def _bench(qtbot: QtBot, width: int = 960, height: int = 600, theme: Theme = NIGHT) -> Workbench:
    bench = Workbench(theme)
    qtbot.addWidget(bench)
    bench.resize(width, height)
    return bench


def _shown(qtbot: QtBot, bench: Workbench) -> None:
    bench.show()
    qtbot.waitExposed(bench)
    qtbot.waitUntil(lambda: bench.render_count == 1)


def _image(bench: Workbench) -> QImage:
    return bench.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _distinct_colours(image: QImage, step: int) -> int:
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def _luma(colour: QColor) -> float:
    return 0.2126 * colour.red() + 0.7152 * colour.green() + 0.0722 * colour.blue()


def test_renders_at_the_smallest_and_at_4k(qtbot: QtBot) -> None:
    for width, height in ((960, 600), (3840, 2160)):
        image = _image(_bench(qtbot, width, height))
        assert (image.width(), image.height()) == (width, height)
        assert _distinct_colours(image, max(8, width // 120)) > 300  # a picture, not a fill


def test_a_paint_blits_the_cached_backdrop(qtbot: QtBot) -> None:
    bench = _bench(qtbot)
    _shown(qtbot, bench)
    first = _image(bench)
    count = bench.render_count
    for _ in range(5):
        bench.repaint()
    bench.update(bench.sky_rect())
    assert _image(bench) == first
    assert bench.render_count == count


def test_a_resize_storm_renders_once_after_it_settles(qtbot: QtBot) -> None:
    bench = _bench(qtbot, 1200, 800)
    _shown(qtbot, bench)
    for step in range(12):
        bench.resize(1000 + step * 25, 640 + step * 15)
        bench.repaint()  # mid-storm paints stretch the old pixmap
    assert bench.render_count == 1
    stretched = _image(bench)
    qtbot.waitUntil(lambda: bench.render_count == 2, timeout=SETTLE_MS * 20)
    settled = _image(bench)
    assert (settled.width(), settled.height()) == (1275, 805)
    assert settled != stretched
    qtbot.wait(SETTLE_MS * 2)
    assert bench.render_count == 2


def test_the_sky_sits_above_the_bench(qtbot: QtBot) -> None:
    for width, height in ((960, 600), (1600, 1000), (3840, 2160)):
        bench = _bench(qtbot, width, height)
        sky = bench.sky_rect()
        assert QRect(0, 0, width, height).contains(sky)
        assert sky.height() > height * 0.2 and sky.width() > width * 0.8
        assert sky.bottom() < bench.bench_top() < height
        assert sky.contains(bench.sign_rect())


def test_the_window_can_be_given_more_sky(qtbot: QtBot) -> None:
    bench = _bench(qtbot, 1600, 1000)
    _shown(qtbot, bench)
    before_sky, before_top = bench.sky_rect(), bench.bench_top()
    bench.set_window_fraction(0.6)
    assert bench.bench_top() > before_top
    assert bench.sky_rect().height() > before_sky.height()
    _image(bench)
    assert bench.render_count == 2  # a new share is drawn at once, not stretched
    bench.set_window_fraction(5.0)
    assert bench.window_fraction() == 0.75


def test_day_is_a_lighter_shop_than_night(qtbot: QtBot) -> None:
    bench = _bench(qtbot, 1280, 800)
    sky = bench.sky_rect()
    night = _image(bench)
    bench.set_theme(DAY)
    day = _image(bench)
    assert night != day
    probe = (sky.left() + 8, sky.top() + 8)  # a corner of the sky, clear of the sign
    assert _luma(day.pixelColor(*probe)) > _luma(night.pixelColor(*probe)) + 80
    bench_probe = (20, bench.bench_top() + 40)
    assert _luma(day.pixelColor(*bench_probe)) > _luma(night.pixelColor(*bench_probe))


def test_a_sky_layer_paints_between_the_sky_and_the_window_front(qtbot: QtBot) -> None:
    bench = _bench(qtbot, 1280, 800)
    seen: list[QRect] = []

    def paint_red(painter: QPainter, rect: QRect) -> None:
        seen.append(QRect(rect))
        painter.fillRect(rect, QColor(255, 0, 0))

    bench.set_sky_layer(paint_red)
    image = _image(bench)
    sky = bench.sky_rect()
    assert seen and seen[-1] == sky
    top_corner = image.pixelColor(sky.left() + 8, sky.top() + 8)
    assert (top_corner.red(), top_corner.green()) == (255, 0)
    below = image.pixelColor(sky.left() + 8, sky.bottom() - 2)  # the city stands in front
    assert below.red() < 200
    outside = image.pixelColor(4, bench.bench_top() + 40)
    assert outside.green() > 0
    bench.set_sky_layer(None)
    assert image != _image(bench)


def test_high_dpi_renders_at_device_resolution(qtbot: QtBot) -> None:
    pixmap = workshop._render(NIGHT, QSize(960, 600), 2.0, 0.46, stars=True)
    assert (pixmap.width(), pixmap.height()) == (1920, 1200)
    assert pixmap.devicePixelRatio() == 2.0
    assert not pixmap.hasAlphaChannel()  # opaque: a blit is a plain copy
