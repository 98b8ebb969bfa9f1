"""The starfield model: where stars stand, how they shine, the music, meteors, Mars."""

from __future__ import annotations

import functools
import tracemalloc

import numpy as np
import pytest

from app.visual.sky_geometry import SIDEREAL_DEG_PER_S, SkyView, horizon_matrix, unit_vectors
from app.visual.sky_meteors import BRIGHTNESS
from app.visual.sky_milky_way import galactic_glow
from app.visual.starfield import MAX_MUSIC_GAIN, MusicMood, Starfield, StarLayer

LOUD = MusicMood(bass=1.0, beat=1.0, energy=1.0)


@functools.cache
def still_sky(seed: int = 0) -> Starfield:
    """A sky that does not turn (time_scale 0): only the air makes its stars change."""
    return Starfield(seed, time_scale=0.0)


def run(field: Starfield, seconds: float, fps: float, mood: MusicMood | None) -> None:
    for _ in range(round(seconds * fps)):
        field.step(1.0 / fps, mood)


def snapshot(field: Starfield) -> list[np.ndarray]:
    return [
        field.x.copy(),
        field.y.copy(),
        field.brightness.copy(),
        field.visible.copy(),
        field.flash.copy(),
        field.flash_tint.copy(),
        field.shooting_stars.copy(),
        np.array([field.mars.x, field.mars.y, field.mars.brightness]),
    ]


# ------------------------------------------------------------------ geometry
def test_a_star_on_the_meridian_stands_mid_view_at_its_true_altitude() -> None:
    view = SkyView.for_aspect(16 / 9)
    matrix = np.zeros((3, 3))
    sirius_ra, sirius_dec = 101.2885, -16.7131
    horizon_matrix(view.base_matrix(), sirius_ra, matrix)
    forward, right, up = matrix @ unit_vectors([sirius_ra], [sirius_dec], np.float64)[:, 0]
    assert np.degrees(np.arctan2(right, forward)) == pytest.approx(0.0, abs=1e-9)
    assert np.degrees(np.arcsin(up)) == pytest.approx(90 - 37.57 - 16.7131, abs=1e-6)


def test_the_sky_turns_westward_at_the_sidereal_rate_times_the_time_scale() -> None:
    field = Starfield(1, time_scale=60.0)
    start_deg = field.sidereal_deg
    catalogue = field.layer_slice(StarLayer.CATALOGUE)
    middle = np.flatnonzero(field.visible[catalogue] & (np.abs(field.x[catalogue] - 0.5) < 0.1))
    before = field.x[middle].copy()
    run(field, 10.0, 10.0, None)
    assert field.sidereal_deg - start_deg == pytest.approx(600 * SIDEREAL_DEG_PER_S, rel=1e-6)
    assert np.all(field.x[middle] > before)  # looking south, the stars go right (west)


def test_a_wide_picture_gets_a_wide_panorama_and_the_stars_move_at_once() -> None:
    field = Starfield(1)
    before = field.x.copy()
    field.set_aspect(1460 / 240)
    assert field.view.fov_x_deg == pytest.approx(220.0)
    assert field.view.fov_y_deg == pytest.approx(220.0 * 240 / 1460)
    assert not np.array_equal(field.x, before)
    with pytest.raises(ValueError):
        field.set_aspect(0.0)


def _turned_x(field: Starfield, stars: np.ndarray, turn_deg: float) -> np.ndarray:
    """Return where ``stars`` would be in x after the sky turns ``turn_deg`` about the pole."""
    view = field.view
    u = np.radians((field.x[stars] - 0.5) * view.fov_x_deg)
    alt = np.radians(view.bottom_alt_deg + (1.0 - field.y[stars]) * view.fov_y_deg)
    vectors = np.stack([np.cos(alt) * np.cos(u), np.cos(alt) * np.sin(u), np.sin(alt)])
    phi = np.radians(view.latitude_deg)
    pole = np.array([-np.cos(phi), 0.0, np.sin(phi)])  # the north pole, behind a south view
    angle = np.radians(turn_deg)  # east to west: anticlockwise round the pole, seen from here
    cross = np.cross(pole, vectors.T).T
    dot = pole @ vectors
    turned = (
        vectors * np.cos(angle) + cross * np.sin(angle) + np.outer(pole, dot) * (1 - np.cos(angle))
    )
    return 0.5 + np.degrees(np.arctan2(turned[1], turned[0])) / view.fov_x_deg


def test_the_layers_turn_at_their_own_rates_far_slow_near_fast() -> None:
    field = Starfield(2, time_scale=60.0)
    before = field.x.copy()
    turn_deg = SIDEREAL_DEG_PER_S * 60.0 * 2.0
    expected = _turned_x(field, np.arange(field.count), turn_deg)
    field.step(2.0, None)
    rates = {}
    for layer in StarLayer:
        part = field.layer_slice(layer)
        shown = np.flatnonzero(field.visible[part] & (np.abs(field.x[part] - 0.5) < 0.3))
        stars = shown + part.start
        rates[layer] = float(
            np.median((field.x[stars] - before[stars]) / (expected[stars] - before[stars]))
        )
    assert rates[StarLayer.CATALOGUE] == pytest.approx(1.0, abs=0.01)
    assert rates[StarLayer.MILKY_WAY] == pytest.approx(1.0, abs=0.01)
    assert rates[StarLayer.FAR] == pytest.approx(0.9, abs=0.02)
    assert rates[StarLayer.NEAR] == pytest.approx(1.15, abs=0.02)


def test_hidden_stars_are_dark_and_visible_ones_lie_in_the_view() -> None:
    field = still_sky()
    assert np.all(field.brightness[~field.visible] == 0.0)
    shown = field.visible
    assert shown.sum() > 500
    assert np.all((field.x[shown] > -0.05) & (field.x[shown] < 1.05))
    assert np.all((field.y[shown] > -0.05) & (field.y[shown] < 1.05))


def test_arrays_are_read_only_and_the_same_objects_every_frame() -> None:
    field = Starfield(4)
    x = field.x
    field.step(0.1, None)
    assert field.x is x or np.shares_memory(field.x, x)
    with pytest.raises(ValueError):
        field.brightness[0] = 1.0
    with pytest.raises(ValueError):
        field.colour[0, 0] = 0.0


# ------------------------------------------------------------------ stars and colours
def test_real_stars_keep_their_places_whatever_the_seed() -> None:
    first, second = Starfield(1), Starfield(2)
    catalogue = first.layer_slice(StarLayer.CATALOGUE)
    assert np.array_equal(first.x[catalogue], second.x[catalogue])
    assert np.array_equal(first.magnitude[catalogue], second.magnitude[catalogue])


def test_colours_follow_b_v_and_size_follows_magnitude() -> None:
    field = still_sky()
    blue, red = np.argmin(field.bv), np.argmax(field.bv)
    assert field.colour[blue, 2] > field.colour[blue, 0]
    assert field.colour[red, 0] > field.colour[red, 1] > field.colour[red, 2]
    order = np.argsort(field.magnitude)
    assert np.all(np.diff(field.base_brightness[order]) <= 0)
    assert field.base_brightness[0] == field.base_brightness.max() > 0.9  # Sirius


def test_the_milky_way_glows_along_the_galactic_plane_toward_sagittarius() -> None:
    centre = galactic_glow(np.array([0.0]), np.array([0.0]))[0]
    anticentre = galactic_glow(np.array([np.pi]), np.array([0.0]))[0]
    off_plane = galactic_glow(np.array([0.0]), np.radians([35.0]))[0]
    assert centre > 2 * anticentre > 0.1
    assert off_plane < 0.01
    glow = Starfield(0).milky_way(64, 36)
    assert glow.shape == (36, 64) and glow.dtype == np.float32
    assert glow.min() >= 0.0 and glow.max() <= 1.0 and glow.max() > 0.2


# ------------------------------------------------------------------ determinism
def test_the_same_seed_and_steps_give_the_same_sky() -> None:
    first, second = Starfield(5), Starfield(5)
    for field in (first, second):
        run(field, 20.0, 10.0, MusicMood(0.4, 0.7, 0.9))
        run(field, 5.0, 8.0, None)
    for a, b in zip(snapshot(first), snapshot(second), strict=True):
        assert np.array_equal(a, b)
    assert first.shooting_stars_started == second.shooting_stars_started > 0


def test_different_seeds_give_different_skies() -> None:
    first, second = Starfield(5), Starfield(6)
    far = first.layer_slice(StarLayer.FAR)
    assert not np.allclose(first.x[far], second.x[far])
    run(first, 1.0, 10.0, None)
    run(second, 1.0, 10.0, None)
    catalogue = first.layer_slice(StarLayer.CATALOGUE)
    assert not np.allclose(first.brightness[catalogue], second.brightness[catalogue])


# ------------------------------------------------------------------ the air
def _relative_flicker(field: Starfield, stars: np.ndarray, seconds: float) -> np.ndarray:
    samples = []
    for _ in range(round(seconds * 30)):
        field.step(1 / 30, None)
        samples.append(field.brightness[stars].copy())
    series = np.array(samples)
    return series.std(axis=0) / series.mean(axis=0)


def test_stars_twinkle_more_near_the_horizon() -> None:
    field = Starfield(0, time_scale=0.0)
    bright = np.flatnonzero(field.visible[: field.bright_count])
    low = bright[field.y[bright] > 0.8]
    high = bright[field.y[bright] < 0.3]
    assert low.size >= 3 and high.size >= 3
    flicker = _relative_flicker(field, np.concatenate([low, high]), 4.0)
    low_flicker, high_flicker = flicker[: low.size], flicker[low.size :]
    assert np.all(high_flicker > 0.005)  # even overhead they twinkle a little
    assert np.median(high_flicker) < 0.06
    assert np.median(low_flicker) > 2.5 * np.median(high_flicker)


def test_mars_shines_steadily_while_the_stars_around_it_twinkle() -> None:
    field = Starfield(0, time_scale=0.0)
    assert field.mars.visible
    bright = np.flatnonzero(field.visible[: field.bright_count])
    levels, stars = [], []
    for _ in range(60):
        field.step(1 / 30, MusicMood(0.8, 0.8, 0.8))
        levels.append(field.mars.brightness)
        stars.append(field.brightness[bright].copy())
    assert np.ptp(levels) == 0.0 and levels[0] > 0.7
    assert np.all(np.ptp(np.array(stars), axis=0) > 0.0)
    assert field.mars.colour[0] > field.mars.colour[1] > field.mars.colour[2]


def test_colour_flashes_are_brief_and_only_low_in_the_sky() -> None:
    field = Starfield(0, time_scale=0.0)
    frames = 30 * 30
    flashing = np.zeros(field.bright_count)
    tints = set()
    for _ in range(frames):
        field.step(1 / 30, None)
        now = field.flash > 0.0
        flashing += now
        tints |= set(field.flash_tint[now].tolist())
    flashed = flashing > 0
    assert flashed.sum() >= 5
    low = field.y[: field.bright_count] > 0.6  # below about 25 degrees in a 16:9 view
    assert np.all(low[flashed])
    assert np.all(flashing / frames < 0.06)  # each star's flashes are brief and rare
    assert tints == {0, 1, 2}  # red, green and blue


# ------------------------------------------------------------------ music and pause
def test_the_music_lifts_the_stars_gently_and_smoothly() -> None:
    quiet, loud = Starfield(3, time_scale=0.0), Starfield(3, time_scale=0.0)
    quiet.step(1 / 60, None)
    loud.step(1 / 60, LOUD)
    assert 1.0 < loud.music_gain < 1.05  # smoothed: no jump on the first frame
    run(quiet, 3.0, 60.0, None)
    run(loud, 3.0, 60.0, LOUD)
    assert loud.music_gain == pytest.approx(1.0 + MAX_MUSIC_GAIN, abs=0.01)
    shown = quiet.visible & (quiet.brightness > 0)
    ratio = loud.brightness[shown] / quiet.brightness[shown]
    assert ratio.max() <= 1.0 + MAX_MUSIC_GAIN + 1e-5 < 1.25
    assert np.median(ratio) > 1.08


def test_paused_the_stars_keep_twinkling_and_the_music_fades_out() -> None:
    field = Starfield(3, time_scale=0.0)
    run(field, 2.0, 60.0, LOUD)
    run(field, 4.0, 8.0, None)  # paused: the painter runs at 8 fps
    assert field.music_gain == pytest.approx(1.0, abs=0.01)
    before = field.brightness.copy()
    field.step(1 / 8, None)
    changed = field.visible & (np.abs(field.brightness - before) > 1e-4)
    assert changed.sum() > 0.5 * field.visible.sum()


def test_paused_and_silent_music_give_the_same_sky() -> None:
    paused, silent = Starfield(8), Starfield(8)
    run(paused, 3.0, 10.0, None)
    run(silent, 3.0, 10.0, MusicMood())
    for a, b in zip(snapshot(paused), snapshot(silent), strict=True):
        assert np.array_equal(a, b)


# ------------------------------------------------------------------ shooting stars
def _meteors(energy: float, minutes: float) -> int:
    field = Starfield(9, time_scale=0.0, far_count=100, milky_way_count=100)
    mood = MusicMood(energy=energy) if energy else None
    run(field, minutes * 60.0, 10.0, mood)
    return field.shooting_stars_started


def test_shooting_stars_come_a_few_a_minute_and_more_with_energetic_music() -> None:
    calm, energetic = _meteors(0.0, 20.0), _meteors(1.0, 20.0)
    assert 30 <= calm <= 100  # about 3 a minute
    assert energetic > 2.5 * calm


def test_a_shooting_star_is_a_short_streak_that_fades() -> None:
    field = Starfield(9, time_scale=0.0)
    lives, longest = [], 0.0
    frames = 0
    for _ in range(30 * 120):
        field.step(1 / 30, LOUD)
        streaks = field.shooting_stars
        lit = streaks[:, BRIGHTNESS] > 0
        if lit.any():
            frames += 1
            length = np.hypot(streaks[lit, 0] - streaks[lit, 2], streaks[lit, 1] - streaks[lit, 3])
            longest = max(longest, float(length.max()))
            lives.append(float(streaks[lit, BRIGHTNESS].max()))
    assert field.shooting_stars_started > 5
    assert 0.0 < longest < 0.25  # a streak, not a line across the sky
    assert max(lives) <= 1.0
    assert frames < 30 * 120 / 4  # they are brief


# ------------------------------------------------------------------ allocation
def test_a_step_allocates_nothing_after_warming_up() -> None:
    field = Starfield(3)
    run(field, 2.0, 30.0, LOUD)
    tracemalloc.start()
    try:
        run(field, 0.5, 30.0, LOUD)
        start, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        run(field, 10.0, 30.0, LOUD)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert current - start < 2_000
    assert peak - start < 8_000  # a star array alone is over 40 kB


def test_a_shooting_star_is_said_to_be_in_flight_exactly_while_it_shows() -> None:
    field = Starfield(9, time_scale=0.0)
    disagreed = shown = 0
    for _ in range(30 * 60):
        field.step(1 / 30, LOUD)
        lit = bool((field.shooting_stars[:, BRIGHTNESS] > 0).any())
        shown += lit
        disagreed += field.shooting_star_in_flight != lit
    assert 0 < shown < 30 * 60
    assert disagreed == 0
