"""The shipped demo record: its files, tags, sides and what its test bands really contain."""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from app.core.track import Track
from app.library.covers import ImageHeader, read_image_header
from app.library.demo import DEMO_FOLDER, demo_record, demo_tracks
from app.library.records import record_key
from app.library.tags import read_track
from tests.support.media import RATE, ffmpeg_decode_s16

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "make_demo_record.py"
FULL_SCALE = 32768.0

# (file, disc, track number, title, duration_s); None: a tune, 60-80 s long
EXPECTED: list[tuple[str, int, int, str, float | None]] = [
    ("a1-reference-tone.opus", 1, 1, "Reference Tone 1 kHz", 14.0),
    ("a2-left-right-check.opus", 1, 2, "Left / Right Check", 12.0),
    ("a3-log-sweep.opus", 1, 3, "Log Sweep 20 Hz - 20 kHz", 20.0),
    ("b1-solder-and-starlight.opus", 2, 1, "Solder & Starlight", None),
    ("b2-workbench-waltz.opus", 2, 2, "Workbench Waltz", None),
]
FILES = [name for name, *_ in EXPECTED]
TUNES = [name for name, *_, duration in EXPECTED if duration is None]


@functools.cache
def decoded(name: str) -> npt.NDArray[np.float64]:
    """The band as float samples in -1..1, stereo, at ``RATE`` (decoded once per session)."""
    return ffmpeg_decode_s16(DEMO_FOLDER / name).astype(np.float64) / FULL_SCALE


def level_db(samples: npt.NDArray[np.float64]) -> float:
    return float(10 * np.log10(np.mean(samples**2) + 1e-20))


def seconds(
    samples: npt.NDArray[np.float64], start_s: float, end_s: float
) -> npt.NDArray[np.float64]:
    return samples[round(start_s * RATE) : round(end_s * RATE)]


def cover_header(path: Path) -> ImageHeader | None:
    return read_image_header(path.read_bytes())


def dominant_hz(mono: npt.NDArray[np.float64]) -> float:
    size = 8 * len(mono)  # zero-padded: the peak is found between bins
    spectrum = np.abs(np.fft.rfft(mono * np.hanning(len(mono)), size))
    return float(np.fft.rfftfreq(size, 1 / RATE)[np.argmax(spectrum)])


# --------------------------------------------------------------------------------------------
# Files, tags, the record
# --------------------------------------------------------------------------------------------


def test_the_shipped_files_exist_and_are_small() -> None:
    names = {p.name for p in DEMO_FOLDER.iterdir()}
    assert names == {*FILES, "cover.png", "README.md"}
    assert sum((DEMO_FOLDER / n).stat().st_size for n in names) < 2_100_000
    assert all((DEMO_FOLDER / n).stat().st_size < 900_000 for n in FILES)
    assert cover_header(DEMO_FOLDER / "cover.png") == ImageHeader("png", 600, 600)


@pytest.mark.parametrize(("name", "disc", "number", "title", "duration_s"), EXPECTED)
def test_each_band_is_tagged_for_its_side(
    name: str, disc: int, number: int, title: str, duration_s: float | None
) -> None:
    track = read_track(DEMO_FOLDER / name)
    assert (track.album, track.artist, track.album_artist) == (
        "Jay's Test Pressing", "Starlight Turntable", "Starlight Turntable"
    )  # fmt: skip
    assert (track.title, track.track_number, track.track_total) == (
        title,
        number,
        {1: 3, 2: 2}[disc],
    )
    assert (track.disc_number, track.disc_total, track.year) == (disc, 2, 2050)
    assert track.genre == ("Test Record" if disc == 1 else "Lullaby")
    assert (track.audio.codec, track.audio.sample_rate_hz, track.audio.channels) == (
        "Opus",
        48000,
        2,
    )
    assert track.duration_s is not None
    if duration_s is None:
        assert 60.0 <= track.duration_s <= 80.0
    else:
        assert track.duration_s == pytest.approx(duration_s, abs=0.02)


def test_the_demo_record_has_side_a_and_side_b() -> None:
    record = demo_record()
    assert record is not None
    assert [(s.label, s.disc) for s in record.sides] == [("A", 1), ("B", 2)]
    assert [[t.path.name for t in s.tracks] for s in record.sides] == [FILES[:3], FILES[3:]]
    assert [t.path.name for t in record.tracks] == FILES
    summary = record.summary
    assert summary.key == record_key(record.tracks[0])
    assert (summary.title, summary.artist, summary.year) == (
        "Jay's Test Pressing", "Starlight Turntable", 2050
    )  # fmt: skip
    assert (summary.track_count, summary.is_single, summary.has_cover) == (5, False, True)
    assert summary.duration_s == pytest.approx(sum(t.duration_s or 0 for t in record.tracks))
    assert 150.0 < summary.duration_s < 220.0
    assert (summary.play_count, summary.last_played) == (0, None)
    assert summary.first_path == str(DEMO_FOLDER / FILES[0])


def test_an_unreadable_file_is_left_out_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO_FOLDER, folder)
    (folder / "a0-broken.opus").write_bytes(b"OggS" + bytes(500))
    with caplog.at_level(logging.WARNING, logger="app.library.demo"):
        tracks = demo_tracks(folder)
    assert [t.path.name for t in tracks] == FILES
    assert "a0-broken.opus" in caplog.text


def test_no_record_without_files(tmp_path: Path) -> None:
    assert demo_tracks(tmp_path / "missing") == []
    assert demo_record(tmp_path / "missing") is None
    (tmp_path / "cover.png").write_bytes(b"")
    assert demo_record(tmp_path) is None


def test_the_demo_module_is_qt_free() -> None:
    code = "import sys, app.library.demo; assert 'PySide6' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------------------------
# What the bands contain
# --------------------------------------------------------------------------------------------


def test_the_reference_tone_is_1_khz_at_minus_12_dbfs() -> None:
    tone = seconds(decoded(FILES[0]), 1.0, 13.0)
    assert dominant_hz(tone[:, 0]) == pytest.approx(1000.0, abs=1.0)
    assert dominant_hz(tone[:, 1]) == pytest.approx(1000.0, abs=1.0)
    for channel in (0, 1):  # a sine's peak is its RMS plus 3.01 dB
        assert level_db(tone[:, channel]) + 3.01 == pytest.approx(-12.0, abs=0.75)
    assert np.max(np.abs(tone)) == pytest.approx(10 ** (-12 / 20), rel=0.1)


def test_the_channel_check_plays_left_then_right_then_both() -> None:
    check = decoded(FILES[1])
    left_only, right_only, both = (seconds(check, s + 0.1, s + 3.9) for s in (0.0, 4.0, 8.0))
    assert level_db(left_only[:, 0]) > -40 and level_db(left_only[:, 1]) < -80
    assert level_db(right_only[:, 1]) > -40 and level_db(right_only[:, 0]) < -80
    assert level_db(both[:, 0]) == pytest.approx(level_db(both[:, 1]), abs=1.0)
    assert level_db(both[:, 0]) == pytest.approx(level_db(left_only[:, 0]), abs=1.0)


def test_the_sweep_rises_logarithmically_from_20_hz_to_20_khz() -> None:
    sweep = decoded(FILES[2])[:, 0]
    times_s = [0.5, 2.0, 5.0, 8.0, 11.0, 14.0, 17.0, 19.5, 19.9]
    found = []
    for t in times_s:
        half_s = 0.2 if t < 10 else 0.05  # long enough to resolve the low notes
        window = seconds(sweep, t - half_s, t + half_s)
        found.append(dominant_hz(window))
        assert level_db(window) + 3.01 == pytest.approx(-12.0, abs=1.0)
    assert found == sorted(found)
    expected = [20.0 * 1000.0 ** (t / 20.0) for t in times_s]  # 20 Hz * 1000^(t / 20 s)
    assert found == pytest.approx(expected, rel=0.03)


@pytest.mark.parametrize("name", TUNES)
def test_the_tunes_are_neither_silent_nor_clipped(name: str) -> None:
    tune = decoded(name)
    peak = float(np.max(np.abs(tune)))
    assert 10 ** (-3 / 20) < peak < 32700 / FULL_SCALE  # mastered near -1 dBFS, never at full scale
    assert level_db(tune) > -24.0
    body = seconds(tune, 0.0, len(tune) / RATE - 4.0)
    windows = body[: len(body) // RATE * RATE].reshape(-1, RATE, 2)
    assert min(level_db(w) for w in windows) > -45.0  # music all the way, no gaps
    assert level_db(tune[:, 0]) == pytest.approx(level_db(tune[:, 1]), abs=1.5)


# --------------------------------------------------------------------------------------------
# The script
# --------------------------------------------------------------------------------------------


def _comparable(track: Track) -> tuple[object, ...]:
    return (track.title, track.album, track.artist, track.album_artist, track.track_number,
            track.track_total, track.disc_number, track.disc_total, track.date, track.genre,
            round(track.duration_s or 0.0, 3))  # fmt: skip


def test_the_script_makes_the_same_record(tmp_path: Path) -> None:
    out = tmp_path / "made"
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], check=True, timeout=240,
                   capture_output=True)  # fmt: skip
    assert {p.name for p in out.iterdir()} == {*FILES, "cover.png"}
    for name in FILES:
        assert _comparable(read_track(out / name)) == _comparable(read_track(DEMO_FOLDER / name))
    assert cover_header(out / "cover.png") == ImageHeader("png", 600, 600)
