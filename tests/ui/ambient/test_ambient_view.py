"""The ambient view: its state, the ways out, the ring, the cached label, the idle cursor."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from app.ui.ambient import AmbientView, progress_fraction, ring_arc_16ths
from app.ui.ambient.ambient_layout import ambient_layout, ring_head
from app.ui.ambient.ambient_sky import render_sky
from app.ui.ambient.ambient_text import text_block
from app.ui.theme import DAY, NIGHT

COVER = Path(__file__).resolve().parents[3] / "resources" / "demo" / "cover.png"
LONG_TITLE = "An Extraordinarily Long Title " * 6


class _PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _black_sky(painter: QPainter, rect: QRectF) -> None:
    painter.fillRect(rect, QColor("black"))


def _view(qtbot: QtBot, width: int = 960, height: int = 540) -> AmbientView:
    view = AmbientView(NIGHT)
    qtbot.addWidget(view)
    view.resize(width, height)
    return view


def _render(view: AmbientView, dpr: float = 1.0) -> QImage:
    image = QImage(
        round(view.width() * dpr), round(view.height() * dpr), QImage.Format.Format_RGB32
    )
    image.setDevicePixelRatio(dpr)
    image.fill(QColor("red"))
    view.render(image)
    return image


def _brightest_near(image: QImage, point: QPointF, reach: int = 1) -> QColor:
    """Return the brightest pixel within ``reach`` of ``point`` (antialiased strokes spread)."""
    best = QColor("black")
    for dx in range(-reach, reach + 1):
        for dy in range(-reach, reach + 1):
            colour = QColor(image.pixel(round(point.x()) + dx, round(point.y()) + dy))
            if colour.lightness() > best.lightness():
                best = colour
    return best


def _is_amber(colour: QColor) -> bool:
    return colour.red() > 150 and colour.red() > colour.blue() + 80


# ------------------------------------------------------------------ the ring's arithmetic
def test_the_ring_starts_at_twelve_and_runs_clockwise_with_progress() -> None:
    assert ring_arc_16ths(0.0, 200.0) == (90 * 16, 0)
    assert ring_arc_16ths(50.0, 200.0) == (90 * 16, -90 * 16)
    assert ring_arc_16ths(100.0, 200.0) == (90 * 16, -180 * 16)
    assert ring_arc_16ths(200.0, 200.0) == (90 * 16, -360 * 16)


def test_the_ring_stays_within_one_turn_and_needs_a_length() -> None:
    assert ring_arc_16ths(500.0, 200.0) == (90 * 16, -360 * 16)
    assert ring_arc_16ths(-3.0, 200.0) == (90 * 16, 0)
    assert ring_arc_16ths(10.0, None) is None
    assert ring_arc_16ths(10.0, 0.0) is None
    assert ring_arc_16ths(10.0, math.inf) is None
    assert progress_fraction(math.nan, 100.0) == 0.0
    assert progress_fraction(25.0, 100.0) == pytest.approx(0.25)


def test_the_ring_head_is_at_three_o_clock_a_quarter_of_the_way() -> None:
    layout = ambient_layout(1920, 1080)
    head = ring_head(layout, 0.25)
    assert head.x() == pytest.approx(layout.centre.x() + layout.ring_radius)
    assert head.y() == pytest.approx(layout.centre.y())


# ------------------------------------------------------------------------------ layout
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (960, 540), (800, 1280)])
def test_the_layout_scales_with_the_window_and_keeps_everything_inside(
    width: int, height: int
) -> None:
    layout = ambient_layout(width, height)
    short = min(width, height)
    assert 0.28 <= 2 * layout.label_radius / short <= 0.34
    assert layout.centre.x() == pytest.approx(width / 2, abs=1)
    assert layout.centre.y() < height / 2  # a little above the middle
    assert layout.label_radius < layout.ring_radius < layout.label_radius * 1.15
    assert layout.text_rect.top() > layout.centre.y() + layout.ring_radius
    assert layout.text_rect.bottom() < layout.hint_rect.top()
    assert QRectF(0, 0, width, height).contains(layout.hint_rect)
    assert QRectF(0, 0, width, height).contains(layout.text_rect)


def test_half_the_window_is_half_the_picture() -> None:
    big, small = ambient_layout(1920, 1080), ambient_layout(960, 540)
    assert small.label_radius == pytest.approx(big.label_radius / 2, abs=1)
    assert small.title_px == pytest.approx(big.title_px / 2)


# ------------------------------------------------------------------------------- state
def test_setters_store_state_and_repaint(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show()
    qtbot.waitExposed(view)
    counter = _PaintCounter()
    view.installEventFilter(counter)
    label = QImage(COVER)
    calls = [
        lambda: view.set_now_playing("Solder & Starlight", "Jay", label),
        lambda: view.set_progress(12.5, 180.0),
        lambda: view.set_label_angle(123.0),
        lambda: view.set_playing(False),
        lambda: view.set_sky_painter(_black_sky),
    ]
    for call in calls:
        before = counter.count
        call()
        qtbot.waitUntil(lambda before=before: counter.count > before)
    assert view.now_playing == ("Solder & Starlight", "Jay")
    assert view.label is label
    assert view.progress == (12.5, 180.0)
    assert view.label_angle_deg == 123.0
    assert not view.playing


def test_a_null_picture_counts_as_no_label(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_now_playing("A", "B", QImage())
    assert view.label is None


# ---------------------------------------------------------------------------- leaving
@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_F])
def test_esc_and_f_ask_to_leave(qtbot: QtBot, key: Qt.Key) -> None:
    view = _view(qtbot)
    view.show()
    with qtbot.waitSignal(view.exit_requested, timeout=1000):
        qtbot.keyClick(view, key)


def test_a_double_click_asks_to_leave(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show()
    with qtbot.waitSignal(view.exit_requested, timeout=1000):
        qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=QPoint(200, 200))


def test_other_keys_and_ctrl_f_do_not_leave(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show()
    with qtbot.assertNotEmitted(view.exit_requested):
        qtbot.keyClick(view, Qt.Key.Key_Space)
        qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)


# ------------------------------------------------------------------- cursor and hint
def test_the_cursor_hides_when_idle_and_returns_when_the_mouse_moves(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.cursor_idle_ms = 60
    view.show()
    qtbot.waitExposed(view)
    assert view.hint_shown  # on arrival the way out is shown
    qtbot.waitUntil(lambda: view.cursor_hidden, timeout=2000)
    assert not view.hint_shown
    qtbot.mouseMove(view, QPoint(300, 200))
    qtbot.waitUntil(lambda: not view.cursor_hidden, timeout=1000)
    assert view.hint_shown
    qtbot.waitUntil(lambda: view.cursor_hidden, timeout=2000)
    assert not view.hint_shown


def test_hiding_the_view_gives_the_cursor_back(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.cursor_idle_ms = 30
    view.show()
    qtbot.waitUntil(lambda: view.cursor_hidden, timeout=2000)
    view.hide()
    assert not view.cursor_hidden
    assert not view.hint_shown


# --------------------------------------------------------------------- the label cache
def test_the_label_is_made_once_and_reused_across_frames(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_sky_painter(_black_sky)
    view.set_now_playing("Title", "Artist", QImage(COVER))
    for frame in range(5):
        view.set_label_angle(frame * 6.7)
        view.set_progress(frame, 100.0)
        _render(view)
    assert view.label_render_count == 1
    view.set_now_playing("Next title", "Artist", view.label)  # same picture: same label
    _render(view)
    assert view.label_render_count == 1


def test_the_label_is_made_again_for_a_new_size_picture_or_printed_title(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_sky_painter(_black_sky)
    view.set_now_playing("Title", "Artist", QImage(COVER))
    _render(view)
    view.resize(1280, 720)
    _render(view)
    _render(view)
    assert view.label_render_count == 2
    _render(view, dpr=2.0)
    assert view.label_render_count == 3
    view.set_now_playing("Title", "Artist", None)  # printed
    _render(view, dpr=2.0)
    view.set_now_playing("Another title", "Artist", None)  # printed with new words
    _render(view, dpr=2.0)
    assert view.label_render_count == 5


# ----------------------------------------------------------------------------- painting
@pytest.mark.parametrize("dpr", [1.0, 2.0])
def test_the_ring_is_lit_as_far_as_the_track_has_played(qtbot: QtBot, dpr: float) -> None:
    view = _view(qtbot)
    view.set_sky_painter(_black_sky)
    view.set_progress(50.0, 100.0)
    layout = ambient_layout(view.width(), view.height())
    image = _render(view, dpr)

    def at(fraction: float) -> QColor:
        return _brightest_near(image, ring_head(layout, fraction) * dpr, reach=round(dpr))

    assert _is_amber(at(0.25))  # three o'clock: played
    assert _is_amber(at(0.45))
    assert not _is_amber(at(0.75))  # nine o'clock: still to come (the faint track only)


def test_no_length_draws_no_ring(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_sky_painter(_black_sky)
    view.set_progress(50.0, None)
    layout = ambient_layout(view.width(), view.height())
    image = _render(view)
    assert not _is_amber(_brightest_near(image, ring_head(layout, 0.25)))


def test_the_sky_painter_paints_the_whole_window_and_its_state_does_not_leak(
    qtbot: QtBot,
) -> None:
    view = _view(qtbot)
    seen: list[QRectF] = []

    def sky(painter: QPainter, rect: QRectF) -> None:
        seen.append(rect)
        painter.fillRect(rect, QColor("black"))
        painter.translate(300, 300)  # a careless painter must not move the label
        painter.setOpacity(0.1)

    view.set_sky_painter(sky)
    view.set_progress(25.0, 100.0)
    image = _render(view)
    assert seen == [QRectF(0, 0, 960, 540)]
    layout = ambient_layout(960, 540)
    assert _is_amber(_brightest_near(image, ring_head(layout, 0.25)))


@pytest.mark.parametrize(
    ("title", "artist", "label", "duration_s"),
    [
        ("", "", None, None),
        ("밤하늘의 별을 따라", "노래하는 수리공", None, 200.0),
        (LONG_TITLE, LONG_TITLE, QImage(), 10.0),
    ],
)
def test_painting_works_with_missing_and_awkward_details(
    qtbot: QtBot, title: str, artist: str, label: QImage | None, duration_s: float | None
) -> None:
    view = _view(qtbot, 640, 400)
    view.set_now_playing(title, artist, label)
    view.set_progress(3.0, duration_s)
    image = _render(view)
    layout = ambient_layout(640, 400)
    assert QColor(image.pixel(3, 3)) != QColor("red")  # the sky covers everything
    centre = layout.centre + QPointF(layout.label_radius * 0.5, 0)
    paper = QColor(image.pixel(round(centre.x()), round(centre.y())))
    assert paper.lightness() > 80  # a printed label, not the night behind it


def test_a_long_title_is_elided_inside_its_box(qapp: object) -> None:
    layout = ambient_layout(960, 540)
    image = text_block(LONG_TITLE, LONG_TITLE, False, layout, 1.0, NIGHT)
    columns = (0, 1, image.width() - 2, image.width() - 1)
    edge_alpha = max(
        QColor.fromRgba(image.pixel(x, y)).alpha() for x in columns for y in range(image.height())
    )
    assert edge_alpha == 0
    middle = max(
        QColor.fromRgba(image.pixel(image.width() // 2 + dx, y)).alpha()
        for dx in range(-40, 40)
        for y in range(image.height() // 3)
    )
    assert middle > 200


def test_paused_words_are_dimmer(qapp: object) -> None:
    layout = ambient_layout(960, 540)
    title_rows = range(round(layout.title_px * 1.2))

    def brightest(paused: bool) -> int:
        image = text_block("Solder & Starlight", "Jay", paused, layout, 1.0, NIGHT)
        return max(
            QColor.fromRgba(image.pixel(x, y)).lightness()
            for x in range(image.width())
            for y in title_rows
        )

    assert brightest(paused=True) < brightest(paused=False) - 40


def test_a_day_theme_still_draws_with_night_ink(qtbot: QtBot) -> None:
    view = AmbientView(DAY)
    qtbot.addWidget(view)
    view.resize(960, 540)
    view.set_now_playing("Title", "Artist", None)
    layout = ambient_layout(960, 540)
    image = _render(view)
    words = image.copy(layout.text_rect.toRect())
    lightest = max(
        QColor(words.pixel(x, y)).lightness()
        for x in range(0, words.width(), 2)
        for y in range(0, words.height(), 2)
    )
    assert lightest > 180  # light letters on the night sky


def test_the_own_sky_is_opaque_darker_above_and_starry(qapp: object) -> None:
    image = render_sky(480, 270, 2.0, NIGHT)
    assert (image.width(), image.height()) == (960, 540)
    assert image.devicePixelRatio() == 2.0
    assert not image.hasAlphaChannel()
    words = np.frombuffer(image.constBits(), np.uint32, count=960 * 540).reshape(540, 960)
    level = np.maximum.reduce([(words >> shift) & 0xFF for shift in (0, 8, 16)])
    sky = np.median(level, axis=1)  # each row's sky, without its stars
    assert sky[:20].mean() < sky[-20:].mean() - 10
    stars = level > sky[:, None] + 60
    assert stars.sum() > 100
