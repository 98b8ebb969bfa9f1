import pytest

from app.core.record import RecordSize
from app.visual.deck import (
    GAP_MM,
    LP,
    SINGLE,
    SideLayout,
    arm_swing_deg,
    degrees_per_second,
    geometry_of,
    platter_angle_deg,
    radius_for_swing,
    strobe_dots,
    strobe_drift_deg_per_s,
    tracking_error_deg,
)


def test_platter_turns_at_true_speed() -> None:
    assert degrees_per_second(100 / 3) == pytest.approx(200.0)
    assert degrees_per_second(45) == pytest.approx(270.0)
    assert degrees_per_second(78) == pytest.approx(468.0)
    assert degrees_per_second(100 / 3, pitch=0.08) == pytest.approx(216.0)
    assert platter_angle_deg(1.8, 100 / 3) == pytest.approx(0.0, abs=1e-9)  # one turn
    assert platter_angle_deg(0.5, 45) == pytest.approx(135.0)


def test_arm_geometry_matches_the_reference_deck() -> None:
    assert arm_swing_deg(146.0) == pytest.approx(38.1, abs=0.05)
    assert arm_swing_deg(60.0) == pytest.approx(15.0, abs=0.05)
    for radius in (146.0, 113.5, 60.0):
        assert radius_for_swing(arm_swing_deg(radius)) == pytest.approx(radius)


@pytest.mark.parametrize("null_point", [58.8, 113.5])
def test_tracking_error_is_zero_at_the_null_points(null_point: float) -> None:
    assert tracking_error_deg(null_point) == pytest.approx(0.0, abs=0.05)
    assert abs(tracking_error_deg(85.0)) < 2.5
    assert abs(tracking_error_deg(146.0)) < 3.0


def test_strobe_dots_follow_the_reference_formula() -> None:
    assert strobe_dots(100 / 3, 50) == 180 and strobe_dots(45, 50) == 133
    assert strobe_dots(100 / 3, 60) == 216 and strobe_dots(45, 60) == 160


def test_strobe_stands_still_at_nominal_speed_and_drifts_with_pitch() -> None:
    assert strobe_drift_deg_per_s(100 / 3, 0.0, 50, 180) == pytest.approx(0.0, abs=1e-9)
    assert strobe_drift_deg_per_s(100 / 3, 0.0, 60, 216) == pytest.approx(0.0, abs=1e-9)
    fast = strobe_drift_deg_per_s(100 / 3, 0.001, 50, 180)
    slow = strobe_drift_deg_per_s(100 / 3, -0.001, 50, 180)
    assert fast > 0 > slow
    assert fast == pytest.approx(0.2, rel=0.01)  # 0.1 % of 200 degrees a second


def test_a_side_runs_from_the_edge_of_music_to_its_end_with_gaps() -> None:
    layout = SideLayout([300.0, 600.0, 300.0])
    first, middle, last = layout.bands
    assert first.outer_mm == LP.music_start_mm
    assert last.inner_mm == pytest.approx(LP.music_end_mm)
    assert first.inner_mm - middle.outer_mm == pytest.approx(GAP_MM)
    widths = [b.outer_mm - b.inner_mm for b in layout.bands]
    assert widths[1] == pytest.approx(2 * widths[0])  # radius falls linearly with time
    assert layout.radius_at(1, 300.0) == pytest.approx((middle.outer_mm + middle.inner_mm) / 2)


def test_needle_drop_finds_the_track_and_time_under_the_stylus() -> None:
    layout = SideLayout([300.0, 600.0, 300.0])
    for track, position in [(0, 0.0), (0, 150.0), (1, 420.0), (2, 299.0)]:
        place = layout.place_at(layout.radius_at(track, position))
        assert place is not None and place.track == track
        assert place.position_s == pytest.approx(position, abs=1e-6)
    in_gap = (layout.bands[0].inner_mm + layout.bands[1].outer_mm) / 2
    assert layout.place_at(in_gap) == layout.place_at(layout.bands[1].outer_mm)
    assert layout.place_at(LP.music_start_mm + 1) is None
    assert layout.place_at(LP.music_end_mm - 1) is None


def test_a_single_sits_on_a_seven_inch_disc() -> None:
    assert geometry_of(RecordSize.SINGLE_7_INCH) is SINGLE
    layout = SideLayout([200.0], SINGLE)
    assert (layout.bands[0].outer_mm, layout.bands[0].inner_mm) == (84.0, pytest.approx(54.0))
