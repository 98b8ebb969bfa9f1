import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.audio import dsp
from app.core.track import ReplayGain


@given(
    st.lists(st.integers(-32768, 32767), min_size=2, max_size=200).filter(lambda v: len(v) % 2 == 0)
)
def test_int16_round_trip_is_bit_exact(values: list[int]) -> None:
    original = np.array(values, dtype=np.int16).reshape(-1, 2)
    as_float = (original.astype(np.float32) / 32768.0).astype(np.float32)
    back = np.frombuffer(dsp.to_int16(as_float), dtype="<i2").reshape(-1, 2)
    np.testing.assert_array_equal(back, original)


def test_to_int16_clips() -> None:
    data = np.array([[1.5, -1.5]], dtype=np.float32)
    assert list(np.frombuffer(dsp.to_int16(data), dtype="<i2")) == [32767, -32768]


def test_mono_goes_to_both_channels_at_full_level() -> None:
    m = dsp.downmix_matrix(1)
    out = dsp.to_stereo(np.array([[0.5]], dtype=np.float32), m)
    np.testing.assert_allclose(out, [[0.5, 0.5]])


def test_five_one_downmix_uses_standard_coefficients_and_cannot_clip() -> None:
    m = dsp.downmix_matrix(6)  # FL FR FC LFE BL BR
    centre = np.zeros((1, 6), dtype=np.float32)
    centre[0, 2] = 1.0
    out = dsp.to_stereo(centre, m)
    assert out[0, 0] == pytest.approx(out[0, 1])
    left_only = np.zeros((1, 6), dtype=np.float32)
    left_only[0, 0] = 1.0
    ratio = dsp.to_stereo(centre, m)[0, 0] / dsp.to_stereo(left_only, m)[0, 0]
    assert ratio == pytest.approx(1 / np.sqrt(2), rel=1e-5)  # centre at -3 dB
    lfe = np.zeros((1, 6), dtype=np.float32)
    lfe[0, 3] = 1.0
    assert np.all(dsp.to_stereo(lfe, m) == 0)
    full = np.ones((1, 6), dtype=np.float32)
    assert np.all(np.abs(dsp.to_stereo(full, m)) <= 1.0 + 1e-6)


def test_replay_gain_modes_and_peak_protection() -> None:
    rg = ReplayGain(track_gain_db=-6.0, track_peak=0.5, album_gain_db=3.0, album_peak=0.9)
    assert dsp.replay_gain_factor(rg, dsp.ReplayGainMode.OFF) == 1.0
    assert dsp.replay_gain_factor(rg, dsp.ReplayGainMode.TRACK) == pytest.approx(10 ** (-6 / 20))
    # +3 dB would push a 0.9 peak over full scale: the peak limits it.
    assert dsp.replay_gain_factor(rg, dsp.ReplayGainMode.ALBUM) == pytest.approx(1 / 0.9)
    assert dsp.replay_gain_factor(rg, dsp.ReplayGainMode.TRACK, preamp_db=6.0) == pytest.approx(1.0)
    only_track = ReplayGain(track_gain_db=-3.0)
    assert dsp.replay_gain_factor(only_track, dsp.ReplayGainMode.ALBUM) == pytest.approx(
        10 ** (-3 / 20)
    )


def test_perceptual_volume_curve_is_monotonic_and_invertible() -> None:
    sliders = np.linspace(0, 1, 101)
    volumes = [dsp.perceptual_volume(s) for s in sliders]
    assert volumes[0] == 0 and volumes[-1] == 1
    assert all(b > a for a, b in itertools.pairwise(volumes))
    assert dsp.perceptual_volume(0.5) == pytest.approx(10 ** (-30 / 20))
    for s in (0.2, 0.5, 0.9):
        assert dsp.slider_from_volume(dsp.perceptual_volume(s)) == pytest.approx(s)


def test_unity_gain_leaves_frames_untouched_and_ramps_are_linear() -> None:
    frames = np.ones((4, 2), dtype=np.float32)
    assert dsp.apply_gain_ramp(frames, 1.0, 1.0) is frames
    ramp = dsp.apply_gain_ramp(frames, 0.0, 1.0)
    np.testing.assert_allclose(ramp[:, 0], [0, 0.25, 0.5, 0.75])


def test_fade_curve_has_no_corner() -> None:
    up = dsp.fade_curve(441, fade_in=True)
    assert up[0] < 1e-4 and up[-1] > 1 - 1e-4
    assert np.all(np.diff(up) > 0)
    np.testing.assert_allclose(dsp.fade_curve(441, fade_in=False), up[::-1])
