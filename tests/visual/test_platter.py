import pytest

from app.visual.deck import LP, GroovePlace, SideLayout, arm_swing_deg, strobe_dots
from app.visual.platter import (
    CUE_S,
    REST_SWING_DEG,
    SPIN_UP_S,
    ArmLift,
    ArmSwing,
    DeckMotion,
    FlipMotion,
    PlatterMotion,
    Strobe,
    place_on_record,
    strobe_rows,
)

LP_RPM = 100.0 / 3.0


def run(motion: PlatterMotion, seconds: float, fps: float) -> float:
    """Advance ``seconds`` in about 1/fps frames; return the degrees turned."""
    turned, steps = 0.0, max(1, round(seconds * fps))
    for _ in range(steps):
        before = motion.angle_deg
        motion.advance(seconds / steps)
        turned += (motion.angle_deg - before) % 360.0
    return turned


@pytest.mark.parametrize(
    ("rpm", "pitch", "deg_per_s"),
    [(LP_RPM, 0.0, 200.0), (45.0, 0.0, 270.0), (78.0, 0.0, 468.0), (LP_RPM, 0.08, 216.0),
     (45.0, -0.16, 226.8)],
)  # fmt: skip
def test_platter_turns_at_true_speed(rpm: float, pitch: float, deg_per_s: float) -> None:
    motion = PlatterMotion(rpm, pitch, authentic=False)
    motion.set_running(True)
    assert run(motion, 1.0, 60) == pytest.approx(deg_per_s)
    assert motion.deg_per_s == pytest.approx(deg_per_s)


def test_spin_up_reaches_full_speed_in_seven_tenths_of_a_second() -> None:
    motion = PlatterMotion(LP_RPM)
    motion.set_running(True)
    first = run(motion, SPIN_UP_S / 2, 100)
    assert motion.speed_factor == pytest.approx(0.5)
    assert not motion.settled
    second = run(motion, SPIN_UP_S / 2, 100)
    assert motion.speed_factor == 1.0 and motion.settled
    # A linear ramp: a quarter of full speed on average over the first half, three quarters after.
    assert first == pytest.approx(0.25 * 200 * 0.35)
    assert second == pytest.approx(0.75 * 200 * 0.35)


@pytest.mark.parametrize("rpm", [LP_RPM, 45.0, 78.0])
def test_brake_stops_within_a_fifth_of_a_turn(rpm: float) -> None:
    motion = PlatterMotion(rpm, authentic=True)
    motion.set_running(True)
    run(motion, 2.0, 60)
    motion.set_running(False)
    turned = run(motion, 2.0, 60)
    assert motion.speed_factor == 0.0 and not motion.moving
    assert turned == pytest.approx(72.0, abs=0.5)


def test_instant_mode_starts_and_stops_at_once() -> None:
    motion = PlatterMotion(45.0, authentic=False)
    motion.set_running(True)
    assert motion.speed_factor == 1.0
    motion.advance(0.01)
    assert motion.angle_deg == pytest.approx(2.7)
    motion.set_running(False)
    assert motion.speed_factor == 0.0 and not motion.moving
    motion.advance(1.0)
    assert motion.angle_deg == pytest.approx(2.7)


def test_switching_to_instant_mid_spin_up_jumps_to_full_speed() -> None:
    motion = PlatterMotion(LP_RPM, authentic=True)
    motion.set_running(True)
    motion.advance(0.1)
    motion.set_authentic(False)
    assert motion.speed_factor == 1.0


@pytest.mark.parametrize("fps", [24, 60, 144, 7])
def test_motion_does_not_depend_on_the_frame_rate(fps: int) -> None:
    reference = PlatterMotion(LP_RPM)
    reference.set_running(True)
    reference.advance(1.3)
    reference.set_running(False)
    reference.advance(0.2)
    motion = PlatterMotion(LP_RPM)
    motion.set_running(True)
    run(motion, 1.3, fps)
    motion.set_running(False)
    for _ in range(4):
        motion.advance(0.05)
    assert motion.angle_deg == pytest.approx(reference.angle_deg, abs=1e-6)
    assert motion.speed_factor == pytest.approx(reference.speed_factor, abs=1e-9)


def test_arm_lift_takes_half_a_second_eased() -> None:
    lift = ArmLift(lowered=True)
    assert lift.height == 0.0 and not lift.moving
    lift.set_lowered(False)
    assert lift.moving
    lift.advance(CUE_S / 2)
    assert lift.height == pytest.approx(0.5)
    lift.advance(CUE_S / 10)
    assert 0.5 < lift.height < 1.0
    lift.advance(CUE_S)
    assert lift.height == 1.0 and not lift.moving
    lift.set_lowered(True, animate=False)
    assert lift.height == 0.0


def test_arm_follows_small_creeps_exactly_and_jumps_smoothly() -> None:
    arm = ArmSwing(30.0)
    arm.target_deg = 30.2
    arm.advance(1 / 60)
    assert arm.swing_deg == 30.2 and not arm.moving
    arm.target_deg = 20.0
    arm.advance(1 / 60)
    assert 20.0 < arm.swing_deg < 30.2 and arm.moving
    arm.advance(1.0)
    assert arm.swing_deg == 20.0 and not arm.moving


def test_flip_lifts_turns_edge_on_and_lowers_the_new_side() -> None:
    flip = FlipMotion(duration_s=1.0)
    assert not flip.active
    flip.start()
    assert flip.pose.lift == 0.0 and flip.pose.tilt_cos == 1.0 and not flip.pose.shows_new_side
    flip.advance(0.5)
    assert flip.pose.lift == 1.0 and flip.pose.tilt_cos == pytest.approx(0.0, abs=1e-9)
    flip.advance(0.3)
    assert flip.pose.shows_new_side and flip.pose.tilt_cos == pytest.approx(1.0)
    flip.advance(0.3)
    assert not flip.active and flip.pose.lift == 0.0 and flip.pose.shows_new_side


@pytest.mark.parametrize("mains_hz", [50, 60])
def test_strobe_rows_follow_the_mains(mains_hz: int) -> None:
    rows = strobe_rows(mains_hz)
    nominal = {row.rpm: row.dots for row in rows if row.pitch == 0.0}
    assert nominal == {LP_RPM: strobe_dots(LP_RPM, mains_hz), 45.0: strobe_dots(45.0, mains_hz)}
    fast = [row for row in rows if row.pitch > 0]
    assert [row.dots for row in fast] == [
        round(strobe_dots(row.rpm, mains_hz) / 1.033) for row in fast
    ]


def test_strobe_stands_still_at_nominal_speed_and_drifts_when_fast() -> None:
    strobe = Strobe(60)
    lp_row = next(row for row in strobe.rows if row.rpm == LP_RPM and row.pitch == 0.0)
    assert strobe.drift_deg_per_s(lp_row, 200.0) == pytest.approx(0.0, abs=1e-9)
    assert strobe.drift_deg_per_s(lp_row, 201.0) > 0.0
    assert strobe.drift_deg_per_s(lp_row, 199.0) < 0.0
    fast_row = next(row for row in strobe.rows if row.rpm == LP_RPM and row.pitch > 0)
    assert abs(strobe.drift_deg_per_s(fast_row, 200.0 * 1.033)) < 0.5
    for _ in range(60):
        strobe.advance(1 / 60, 200.0)
    lp_after = next(row for row in strobe.rows if row.rpm == LP_RPM and row.pitch == 0.0)
    assert lp_after.phase_deg == pytest.approx(0.0, abs=1e-9)
    strobe.advance(0.5, 202.0)
    moved = next(row for row in strobe.rows if row.rpm == LP_RPM and row.pitch == 0.0)
    assert 0.0 < moved.phase_deg < 360.0 / moved.dots


def _layout() -> SideLayout:
    return SideLayout((200.0, 300.0, 250.0), LP)


def test_place_on_record_runs_the_lead_in_into_the_first_track() -> None:
    layout = _layout()
    assert place_on_record(layout, LP.music_start_mm + 2.0) == GroovePlace(0, 0.0)
    assert place_on_record(layout, LP.outer_radius_mm + 1.0) is None
    assert place_on_record(layout, 100.0) == layout.place_at(100.0)
    assert place_on_record(layout, LP.music_end_mm - 2.0) is None  # the run-out groove


def test_deck_motion_aims_the_arm_at_the_source_or_its_rest() -> None:
    motion = DeckMotion()
    motion.layout = _layout()
    place: list[tuple[int, float] | None] = [(1, 60.0)]
    motion.source = lambda: place[0]
    motion.advance(1.0)
    assert motion.arm.swing_deg == pytest.approx(arm_swing_deg(motion.layout.radius_at(1, 60.0)))
    place[0] = (7, 0.0)  # an index off the side puts the arm back on its rest
    motion.advance(1.0)
    assert motion.arm.swing_deg == REST_SWING_DEG
    assert not motion.moving


def test_deck_motion_waits_at_a_needle_drop_for_the_seek() -> None:
    motion = DeckMotion()
    motion.layout = _layout()
    motion.source = lambda: (0, 10.0)  # the old place, until the seek lands
    motion.advance(1.0)
    dropped = arm_swing_deg(motion.layout.radius_at(2, 30.0))
    motion.arm.jump_to(dropped)
    motion.hold_arm(dropped)
    motion.advance(0.3)
    assert motion.arm.swing_deg == dropped and motion.moving
    motion.advance(1.0)  # the source never caught up: the arm goes back to what it says
    assert motion.arm.swing_deg == pytest.approx(arm_swing_deg(motion.layout.radius_at(0, 10.0)))


def test_deck_motion_rides_the_lock_groove_swaying_once_a_turn() -> None:
    motion = DeckMotion()
    motion.layout = _layout()
    motion.run_out = True
    motion.platter.set_running(True)
    radii = []
    for _ in range(108):  # one turn at 33 1/3 in 60ths of a second
        motion.advance(1 / 60)
        radii.append(motion.groove_radius())
    assert min(radii) == pytest.approx(LP.lock_groove_mm - 0.6, abs=0.05)
    assert max(radii) == pytest.approx(LP.lock_groove_mm + 0.6, abs=0.05)


def test_deck_motion_keeps_moving_while_the_arm_is_carried() -> None:
    motion = DeckMotion()
    assert not motion.moving
    motion.carried = True
    motion.source = lambda: (0, 0.0)
    motion.arm.jump_to(30.0)
    motion.advance(1.0)
    assert motion.moving and motion.arm.swing_deg == 30.0


def test_platter_stays_free_of_qt() -> None:
    import subprocess
    import sys

    code = "import sys, app.visual.platter; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
