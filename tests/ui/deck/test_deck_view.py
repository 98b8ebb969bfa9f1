import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.core.record import RecordSize
from app.core.track import Track
from app.ui.deck import DeckView
from app.ui.theme import DAY, NIGHT
from app.ui.track_mime import TrackMimeData
from app.visual.deck import arm_swing_deg, radius_for_swing, strobe_dots
from app.visual.platter import REST_SWING_DEG
from tests.ui.deck.support import (
    loud_and_quiet_map,
    make_side,
    point_at_radius,
    solid_image,
    stylus_point,
    to_f,
)


@pytest.fixture
def deck(qtbot) -> DeckView:
    view = DeckView(NIGHT)
    qtbot.addWidget(view)
    view.resize(900, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_platter_turns_at_the_set_speed_and_pitch(deck: DeckView) -> None:
    deck.set_speed(45.0)
    deck.set_pitch(0.04)
    deck.set_motor_running(True)
    assert deck.platter_speed_factor == 1.0
    start = deck.platter_angle_deg
    deck.advance(0.5)
    assert (deck.platter_angle_deg - start) % 360 == pytest.approx(270 * 1.04 * 0.5)


def test_the_frame_timer_turns_the_platter_by_the_time_that_passed(qtbot, deck: DeckView) -> None:
    deck.set_motor_running(True)  # instant: 200 degrees a second from now on
    started = time.perf_counter()
    turned = [0.0]
    last = [deck.platter_angle_deg]

    def follow() -> bool:
        turned[0] += (deck.platter_angle_deg - last[0]) % 360.0
        last[0] = deck.platter_angle_deg
        return time.perf_counter() - started > 0.5

    qtbot.waitUntil(follow, timeout=3000)
    elapsed = time.perf_counter() - started
    assert 200.0 * (elapsed - 0.12) <= turned[0] <= 200.0 * elapsed + 1.0


def test_authentic_motor_spins_up_and_brakes(deck: DeckView) -> None:
    deck.set_authentic_motor(True)
    deck.set_motor_running(True)
    deck.advance(0.35)
    assert deck.platter_speed_factor == pytest.approx(0.5)
    deck.advance(0.35)
    assert deck.platter_speed_factor == 1.0
    deck.set_motor_running(False)
    deck.advance(0.2)
    assert 0.0 < deck.platter_speed_factor < 1.0
    deck.advance(1.0)
    assert deck.platter_speed_factor == 0.0


def test_arm_follows_the_position_source(deck: DeckView) -> None:
    side = make_side()
    place = {"now": (1, 120.0)}
    deck.set_side(side, None)
    deck.set_position_source(lambda: place["now"])
    deck.advance(1.0)
    expected = arm_swing_deg(side.layout.radius_at(1, 120.0))
    assert deck.arm_swing_deg == pytest.approx(expected)
    place["now"] = (1, 121.0)  # the groove's slow creep is followed exactly, frame by frame
    deck.advance(1 / 60)
    assert deck.arm_swing_deg == pytest.approx(arm_swing_deg(side.layout.radius_at(1, 121.0)))
    place["now"] = None
    deck.advance(2.0)
    assert deck.arm_swing_deg == pytest.approx(REST_SWING_DEG)


def test_run_out_rides_the_lock_groove(deck: DeckView) -> None:
    side = make_side()
    deck.set_side(side, None)
    deck.set_position_source(lambda: None)
    deck.set_run_out(True)
    deck.advance(2.0)
    radius = radius_for_swing(deck.arm_swing_deg)
    assert radius == pytest.approx(side.layout.disc.lock_groove_mm, abs=0.7)


def test_cue_lowers_and_raises_the_arm_in_half_a_second(deck: DeckView) -> None:
    assert deck.arm_height == 1.0
    deck.set_arm_lowered(True)
    assert deck.is_animating
    deck.advance(0.25)
    assert 0.0 < deck.arm_height < 1.0
    deck.advance(0.3)
    assert deck.arm_height == 0.0
    assert not deck.controls.cue.raised


def test_dragging_the_arm_drops_the_needle_where_released(qtbot, deck: DeckView) -> None:
    side = make_side()
    deck.set_side(side, None)
    target = arm_swing_deg(side.layout.radius_at(2, 100.0))
    qtbot.mousePress(deck, Qt.MouseButton.LeftButton, pos=stylus_point(deck, REST_SWING_DEG))
    assert deck.arm_height == 1.0
    qtbot.mouseMove(deck, stylus_point(deck, target))
    assert deck.arm_swing_deg == pytest.approx(target, abs=0.3)
    expected = side.layout.place_at(radius_for_swing(deck.arm_swing_deg))
    with qtbot.waitSignal(deck.needle_dropped, timeout=1000) as blocker:
        qtbot.mouseRelease(deck, Qt.MouseButton.LeftButton, pos=stylus_point(deck, target))
    track, position_s = blocker.args
    assert track == 2 == expected.track
    assert position_s == pytest.approx(expected.position_s)
    assert position_s == pytest.approx(100.0, abs=8.0)
    deck.advance(0.6)
    assert deck.arm_height == 0.0  # the needle went down where it was dropped


def test_releasing_the_arm_off_the_record_drops_nothing(qtbot, deck: DeckView) -> None:
    deck.set_side(make_side(), None)
    off_record = REST_SWING_DEG - 4.0
    assert radius_for_swing(off_record) > deck.side.layout.disc.outer_radius_mm
    with qtbot.assertNotEmitted(deck.needle_dropped):
        qtbot.mousePress(deck, Qt.MouseButton.LeftButton, pos=stylus_point(deck, REST_SWING_DEG))
        qtbot.mouseMove(deck, stylus_point(deck, off_record))
        qtbot.mouseRelease(deck, Qt.MouseButton.LeftButton, pos=stylus_point(deck, off_record))
    deck.advance(2.0)
    assert deck.arm_swing_deg == pytest.approx(REST_SWING_DEG)


def test_dragging_is_clamped_between_rest_and_the_lock_groove(qtbot, deck: DeckView) -> None:
    side = make_side()
    deck.set_side(side, None)
    qtbot.mousePress(deck, Qt.MouseButton.LeftButton, pos=stylus_point(deck, REST_SWING_DEG))
    qtbot.mouseMove(deck, deck.geometry_mm.spindle.toPoint())
    assert radius_for_swing(deck.arm_swing_deg) == pytest.approx(
        side.layout.disc.lock_groove_mm - 1.0, abs=0.05
    )
    qtbot.mouseRelease(deck, Qt.MouseButton.LeftButton)


def test_clicking_a_band_drops_the_needle_there(qtbot, deck: DeckView) -> None:
    side = make_side()
    deck.set_side(side, None)
    band = side.layout.bands[1]
    point = point_at_radius(deck, (band.outer_mm + band.inner_mm) / 2)
    expected = side.layout.place_at(deck.geometry_mm.radius_mm_at(to_f(point)))
    with qtbot.waitSignal(deck.needle_dropped, timeout=1000) as blocker:
        qtbot.mouseClick(deck, Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [1, pytest.approx(expected.position_s)]
    assert blocker.args[1] == pytest.approx(150.0, abs=10.0)


def test_clicking_off_the_music_drops_nothing(qtbot, deck: DeckView) -> None:
    deck.set_side(make_side(), None)
    with qtbot.assertNotEmitted(deck.needle_dropped):
        qtbot.mouseClick(deck, Qt.MouseButton.LeftButton, pos=point_at_radius(deck, 30.0))
        qtbot.mouseClick(deck, Qt.MouseButton.LeftButton, pos=point_at_radius(deck, 158.0))


def test_hovering_a_band_names_the_track_and_time(qtbot, deck: DeckView) -> None:
    side = make_side()
    deck.set_side(side, None)
    band = side.layout.bands[0]
    qtbot.mouseMove(deck, point_at_radius(deck, band.outer_mm - 1.0))
    assert deck.hover_text.startswith("1 · Song A1 — 0:")


@pytest.mark.parametrize("mains_hz", [50, 60])
def test_strobe_dots_follow_the_mains(deck: DeckView, mains_hz: int) -> None:
    deck.set_mains_hz(mains_hz)
    nominal = {row.rpm: row.dots for row in deck.strobe_rows if row.pitch == 0.0}
    assert nominal[100 / 3] == strobe_dots(100 / 3, mains_hz)
    assert nominal[45.0] == strobe_dots(45.0, mains_hz)


def test_strobe_stands_still_at_nominal_speed_and_drifts_off_it(deck: DeckView) -> None:
    deck.set_mains_hz(60)
    deck.set_motor_running(True)

    def lp_phase() -> float:
        return next(r.phase_deg for r in deck.strobe_rows if r.rpm == 100 / 3 and r.pitch == 0)

    deck.advance(1.0)
    assert lp_phase() == pytest.approx(0.0, abs=1e-9)
    deck.set_pitch(0.002)
    deck.advance(0.2)
    assert lp_phase() > 0.0


def test_flip_turns_the_record_over_to_the_new_side(qtbot, deck: DeckView) -> None:
    side_a, side_b = make_side("A"), make_side("B")
    deck.set_side(side_a, None)
    deck.flip_to(side_b, solid_image("#2050c0"))
    assert deck.is_animating and deck.side == side_a
    qtbot.waitUntil(lambda: deck.side == side_b and not deck.is_animating, timeout=3000)


def test_a_groove_map_arriving_during_the_flip_belongs_to_the_new_side(deck: DeckView) -> None:
    side_a, side_b = make_side("A"), make_side("B")
    deck.set_side(side_a, None)
    deck.flip_to(side_b, None)
    deck.set_groove_map(loud_and_quiet_map(side_b))
    for _ in range(80):
        deck.advance(1 / 60)
    assert deck.side == side_b
    assert deck.groove_map is not None


def test_timer_runs_only_while_something_moves(qtbot, deck: DeckView) -> None:
    assert not deck.is_animating
    deck.set_motor_running(True)
    assert deck.is_animating
    deck.hide()
    assert not deck.is_animating
    deck.show()
    qtbot.waitExposed(deck)
    assert deck.is_animating
    deck.set_motor_running(False)
    qtbot.waitUntil(lambda: not deck.is_animating, timeout=1000)


def test_timer_stops_while_the_window_is_minimised(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    deck = DeckView(NIGHT, window)
    window.resize(900, 800)
    deck.resize(900, 800)
    window.show()
    qtbot.waitExposed(window)
    deck.set_motor_running(True)
    assert deck.is_animating
    window.setWindowState(Qt.WindowState.WindowMinimized)
    qtbot.waitUntil(lambda: not deck.is_animating, timeout=1000)
    window.setWindowState(Qt.WindowState.WindowNoState)
    qtbot.waitUntil(lambda: deck.is_animating, timeout=1000)


def _drag_in(deck: DeckView, mime: QMimeData) -> QDragEnterEvent:
    enter = QDragEnterEvent(
        QPointF(450, 400).toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    enter.ignore()
    QApplication.sendEvent(deck, enter)
    return enter


def _drop(deck: DeckView, mime: QMimeData) -> None:
    drop = QDropEvent(
        QPointF(450, 400), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(deck, drop)


def test_dropped_tracks_are_handed_on(qtbot, deck: DeckView, tmp_path: Path) -> None:
    tracks = (Track(tmp_path / "one.flac"), Track(tmp_path / "two.flac"))
    mime = TrackMimeData(tracks)
    assert _drag_in(deck, mime).isAccepted()
    with qtbot.waitSignal(deck.tracks_dropped, timeout=1000) as blocker:
        _drop(deck, mime)
    assert blocker.args == [tracks]


def test_dropped_files_are_handed_on(qtbot, deck: DeckView, tmp_path: Path) -> None:
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(tmp_path / "song.mp3"))])
    assert _drag_in(deck, files).isAccepted()
    with qtbot.waitSignal(deck.paths_dropped, timeout=1000) as blocker:
        _drop(deck, files)
    assert blocker.args == [[tmp_path / "song.mp3"]]


def test_a_drag_of_nothing_useful_is_refused(deck: DeckView) -> None:
    text = QMimeData()
    text.setText("hello")
    assert not _drag_in(deck, text).isAccepted()


def test_the_label_shows_the_cover_cut_round(deck: DeckView) -> None:
    deck.set_side(make_side(), solid_image("#d02020"))
    geo = deck.geometry_mm
    spindle = geo.spindle
    inside = deck.grab().toImage().pixelColor((spindle + QPointF(-geo.scale * 30, 0)).toPoint())
    assert inside.red() > 150 and inside.green() < 80
    deck.set_label_image(None)  # a printed label instead: no longer the cover's red
    printed = deck.grab().toImage().pixelColor((spindle + QPointF(-geo.scale * 30, 0)).toPoint())
    assert (printed.red(), printed.green()) != (inside.red(), inside.green())


@pytest.mark.parametrize("size", [(450, 350), (1600, 1400)])
@pytest.mark.parametrize("theme", [NIGHT, DAY])
def test_the_deck_fits_any_size_and_theme(qtbot, size, theme) -> None:
    deck = DeckView(theme)
    qtbot.addWidget(deck)
    deck.resize(*size)
    deck.set_side(make_side(size=RecordSize.SINGLE_7_INCH, durations=(200.0,)), None)
    deck.show()
    qtbot.waitExposed(deck)
    for control in deck.controls.widgets():
        assert deck.rect().contains(control.geometry()), control.accessibleName()
        assert control.width() >= 10 and control.height() >= 10
    image = deck.grab().toImage()
    assert image.width() >= size[0]
