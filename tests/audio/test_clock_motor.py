import pytest

from app.audio.clock import AudibleClock, Checkpoint
from app.audio.motor import BRAKE_S, SPIN_UP_S, Motor, motor_loudness


def test_clock_interpolates_within_a_block_and_follows_rate() -> None:
    clock = AudibleClock()
    assert clock.locate(0) is None
    clock.add(Checkpoint(0, 1, 1000.0, 1.0))
    clock.add(Checkpoint(500, 1, 1500.0, 1.08))
    clock.add(Checkpoint(900, 2, 0.0, 1.0))
    assert clock.locate(250) == (1, 1250.0)
    assert clock.locate(600) == (1, pytest.approx(1500 + 100 * 1.08))
    assert clock.locate(950) == (2, 50.0)
    clock.reset()
    assert clock.locate(950) is None


def test_clock_forgets_old_checkpoints_but_keeps_recent_ones() -> None:
    clock = AudibleClock(horizon=1000)
    for i in range(200):
        clock.add(Checkpoint(i * 100, 1, i * 100.0, 1.0))
    assert clock.locate(19_950) == (1, 19_950.0)
    assert clock.locate(100) is None or clock.locate(100) == (1, 100.0)
    assert len(clock._points) < 200


def test_instant_motor_is_at_speed_at_once() -> None:
    motor = Motor()
    motor.start()
    assert motor.factor == 1.0 and motor.settled
    motor.stop()
    assert motor.factor == 0.0


def test_authentic_motor_spins_up_in_0_7_s_and_brakes_in_0_4_s() -> None:
    motor = Motor(authentic=True)
    motor.start()
    assert motor.factor == 0.0
    assert motor.advance(SPIN_UP_S / 2) == pytest.approx(0.5)
    motor.advance(SPIN_UP_S / 2)
    assert motor.factor == 1.0 and motor.settled
    motor.stop()
    motor.advance(BRAKE_S * 0.99)
    assert 0 < motor.factor < 0.05
    motor.advance(BRAKE_S * 0.02)
    assert motor.factor == 0.0


def test_motor_loudness_is_silent_at_rest_and_full_at_speed() -> None:
    assert motor_loudness(0.0) == 0.0
    assert motor_loudness(0.25) == 1.0
    assert 0 < motor_loudness(0.1) < 1


def test_the_brake_stops_the_platter_in_a_fifth_of_a_turn_at_any_speed() -> None:
    from app.audio.motor import brake_time_s

    for rpm, expected_s in ((100 / 3, 0.72), (45.0, 0.5333), (78.0, 0.3077)):
        motor = Motor(authentic=True)
        motor.brake_s = brake_time_s(rpm)
        motor.start()
        motor.advance(1.0)
        motor.stop()
        turned_deg, step = 0.0, 0.001
        while motor.factor > 0:
            turned_deg += motor.factor * rpm * 6.0 * step
            motor.advance(step)
        assert motor.brake_s == pytest.approx(expected_s, abs=1e-3)
        assert turned_deg == pytest.approx(72.0, rel=0.02)
