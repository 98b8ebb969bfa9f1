import math
import tracemalloc

import numpy as np
import pytest

from app.visual.ballistics import (
    ATTACK_S,
    PEAK_GRAVITY_DB_PER_S2,
    PEAK_HOLD_S,
    RELEASE_S,
    BandBallistics,
)

FLOOR = -120.0


def program(t_s: float) -> np.ndarray:
    """Three bands of levels that step at times every frame rate below lands on."""
    loud = 0.0 if t_s < 1.0 else FLOOR
    rising = -40.0 if t_s < 0.5 or t_s >= 1.5 else -10.0
    pulses = -20.0 if int(t_s * 6) % 2 == 0 else -50.0
    return np.array([loud, rising, pulses])


def run(fps: int, until_s: float, every_s: float) -> dict[float, tuple[np.ndarray, np.ndarray]]:
    """Update at ``fps`` with the level of each frame interval; sample every ``every_s``."""
    ballistics = BandBallistics(3)
    dt = 1.0 / fps
    samples = {}
    stride = round(every_s * fps)
    for frame in range(1, round(until_s * fps) + 1):
        # The level over the interval that ends at this frame.
        ballistics.update(program((frame - 0.5) * dt), dt)
        if frame % stride == 0:
            samples[round(frame * dt, 6)] = (
                ballistics.levels_db.copy(),
                ballistics.peaks_db.copy(),
            )
    return samples


def test_the_motion_is_the_same_at_any_frame_rate() -> None:
    reference = run(144, 2.5, 1 / 6)
    for fps in (30, 60):
        other = run(fps, 2.5, 1 / 6)
        assert other.keys() == reference.keys()
        for t_s, (levels, peaks) in other.items():
            assert levels == pytest.approx(reference[t_s][0], abs=1e-6), t_s
            assert peaks == pytest.approx(reference[t_s][1], abs=1e-6), t_s


def test_bars_attack_fast_and_release_calmly() -> None:
    ballistics = BandBallistics(1)
    ballistics.update(np.array([0.0]), ATTACK_S)
    assert ballistics.levels_db[0] == pytest.approx(FLOOR * math.exp(-1))
    ballistics.update(np.array([0.0]), 1.0)
    ballistics.update(np.array([-60.0]), RELEASE_S)
    assert ballistics.levels_db[0] == pytest.approx(-60.0 * (1 - math.exp(-1)))
    assert 0.005 <= ATTACK_S <= 0.02 and 0.15 <= RELEASE_S <= 0.5


def test_a_peak_holds_for_half_a_second_then_falls_faster_and_faster() -> None:
    fps = 144
    ballistics = BandBallistics(1)
    for _ in range(fps):  # one second at 0 dB
        ballistics.update(np.array([0.0]), 1 / fps)
    top = ballistics.peaks_db[0]
    assert top == pytest.approx(0.0, abs=1e-9)
    held = []
    falling = []
    for frame in range(1, 2 * fps):
        ballistics.update(np.array([FLOOR]), 1 / fps)
        (held if frame <= PEAK_HOLD_S * fps else falling).append(ballistics.peaks_db[0])
        assert ballistics.peaks_db[0] >= ballistics.levels_db[0]
    assert PEAK_HOLD_S == 0.5
    assert held == pytest.approx([top] * len(held), abs=1e-9)
    assert falling[0] < top
    steps = -np.diff([top, *falling[:100]])
    assert np.all(np.diff(steps) > 0)  # accelerating
    half_second_in = falling[round(0.5 * fps) - 1]
    assert half_second_in == pytest.approx(top - 0.5 * PEAK_GRAVITY_DB_PER_S2 * 0.25, abs=1e-6)
    # Down at the bottom the cap lands on the (still releasing) bar and rides on it.
    assert falling[-1] == ballistics.levels_db[0] < -119.5


def test_a_higher_level_pushes_the_peak_up_at_once() -> None:
    ballistics = BandBallistics(2)
    ballistics.update(np.array([-20.0, -20.0]), 1.0)
    ballistics.update(np.array([FLOOR, FLOOR]), 0.2)  # holding at -20 dB
    assert ballistics.peaks_db == pytest.approx([-20.0, -20.0])
    ballistics.update(np.array([-5.0, -30.0]), 1 / 60)
    assert ballistics.peaks_db[0] > -20.0
    assert ballistics.peaks_db[0] == ballistics.levels_db[0]
    assert ballistics.peaks_db[1] == pytest.approx(-20.0)
    instant = BandBallistics(1, attack_s=0.0)
    instant.update(np.array([-3.0]), 1 / 60)
    assert instant.peaks_db[0] == -3.0 and instant.levels_db[0] == -3.0


def test_reset_and_validation() -> None:
    ballistics = BandBallistics(4, floor_db=-90.0)
    assert np.all(ballistics.levels_db == -90.0) and np.all(ballistics.peaks_db == -90.0)
    ballistics.update(np.zeros(4), 0.1)
    ballistics.reset()
    assert np.all(ballistics.levels_db == -90.0) and np.all(ballistics.peaks_db == -90.0)
    ballistics.update(np.full(4, -200.0), 10.0)
    assert np.all(ballistics.levels_db == -90.0)
    with pytest.raises(ValueError, match="4 band levels"):
        ballistics.update(np.zeros(3), 0.1)
    with pytest.raises(ValueError, match="dt_s"):
        ballistics.update(np.zeros(4), -0.1)


def test_updates_allocate_nothing() -> None:
    ballistics = BandBallistics(31)
    levels = np.random.default_rng(0).uniform(-80, 0, (60, 31))
    for row in levels[:5]:
        ballistics.update(row, 1 / 60)
    tracemalloc.start()
    try:
        ballistics.update(levels[5], 1 / 60)
        start, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        for row in levels[6:56]:
            ballistics.update(row, 1 / 60)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (current - start) / 50 < 1024
    assert peak - start < 4096
