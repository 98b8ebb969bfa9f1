from pathlib import Path

import numpy as np
import pytest

from app.core.errors import DecodeError
from app.visual.deck import SideLayout
from app.visual.groove_map import (
    FLOOR_DB,
    GrooveMapCache,
    groove_map,
    loudness_profile,
    track_loudness,
)
from tests.support import media

RATE = 44100


def tone(seconds: float, amplitude: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    wave = (amplitude * 32767 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
    return np.stack([wave, wave], axis=1)


def test_a_sine_reads_its_level_in_dbfs() -> None:
    t = np.arange(RATE) / RATE
    levels = loudness_profile(0.5 * np.sin(2 * np.pi * 440 * t), RATE)
    assert levels == pytest.approx(np.full(len(levels), 20 * np.log10(0.5)), abs=0.1)
    assert loudness_profile(np.zeros(RATE), RATE).max() == FLOOR_DB


def test_a_track_that_gets_loud_is_brighter_towards_the_centre(tmp_path: Path) -> None:
    path = media.write_flac(tmp_path / "swell.flac", np.concatenate([tone(2, 0.01), tone(2, 0.8)]))
    before = path.read_bytes()
    profile = track_loudness(path)
    assert len(profile) == pytest.approx(16, abs=1)
    assert profile[:7].max() < -35 and profile[-7:].min() > -5
    assert path.read_bytes() == before

    layout = SideLayout([4.0, 4.0])
    groove = groove_map(layout, [profile, profile[::-1]])
    first = ~groove.is_gap & (groove.radii_mm > layout.bands[0].inner_mm)
    outer_half = groove.brightness[first][: first.sum() // 3].mean()
    inner_half = groove.brightness[first][-first.sum() // 3 :].mean()
    assert inner_half > outer_half + 0.4
    between = (groove.radii_mm < layout.bands[0].inner_mm) & (
        groove.radii_mm > layout.bands[1].outer_mm
    )
    assert between.any() and groove.is_gap[between].all()
    assert (groove.brightness[between] == 0).all()


def test_a_name_that_looks_like_an_option_or_a_url_is_just_a_file(tmp_path: Path) -> None:
    for name in ("-i evil.flac", "concat:a.flac"):
        path = media.write_flac(tmp_path / "x.flac", tone(0.5, 0.5)).rename(tmp_path / name)
        assert track_loudness(path).max() > -10


def test_unplayable_files_raise_decode_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.flac"
    bad.write_bytes(b"not audio at all" * 100)
    with pytest.raises(DecodeError):
        track_loudness(bad)
    with pytest.raises(DecodeError):
        track_loudness(tmp_path / "missing.flac")


def test_maps_are_cached_until_a_file_changes(tmp_path: Path) -> None:
    path = media.write_flac(tmp_path / "a.flac", tone(1, 0.5))
    cache = GrooveMapCache(tmp_path / "cache")
    key = cache.key([path])
    assert cache.load(key) is None
    groove = groove_map(SideLayout([1.0]), [track_loudness(path)])
    cache.save(key, groove)
    loaded = cache.load(key)
    assert loaded is not None and np.array_equal(loaded.brightness, groove.brightness)
    path.write_bytes(path.read_bytes() + b"\0")
    assert cache.key([path]) != key
    (tmp_path / "cache" / f"{key}.npz").write_bytes(b"corrupt")
    assert cache.load(key) is None
