import subprocess
import threading
from pathlib import Path

import numpy as np
import pytest

from app.audio.decode_ahead import DecodeAhead, OpenedTrack
from app.audio.ffmpeg import ffmpeg_binary
from app.audio.ring import FrameRing
from app.core.errors import DecodeError
from app.core.track import Track
from tests.support import media

RATE = 44100


def lavfi(path: Path, source: str, *extra: str) -> Path:
    subprocess.run(
        [ffmpeg_binary(), "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", source,
         *extra, "file:" + str(path)],
        check=True,
    )  # fmt: skip
    return path


def decode_all(paths: list[Path], start_s: float = 0.0) -> tuple[list, list, list]:
    ring = FrameRing(RATE * 20)
    opened: list[OpenedTrack] = []
    errors: list[tuple[int, DecodeError]] = []
    keys = iter(range(1, 100))
    done = threading.Event()
    thread = DecodeAhead(
        [Track(p) for p in paths], 0, start_s, ring, RATE,
        new_key=lambda _i: next(keys), on_opened=opened.append,
        on_error=lambda i, e: errors.append((i, e)),
    )  # fmt: skip
    thread.start()
    thread.join(20)
    done.set()
    reads = []
    while (r := ring.read(RATE)) is not None:
        reads.append(r)
    assert ring.finished
    return reads, opened, errors


def test_48k_file_is_converted_to_the_output_rate_at_the_right_pitch(tmp_path: Path) -> None:
    path = lavfi(tmp_path / "48k.flac", "sine=f=1000:sample_rate=48000:d=2", "-ac", "2")
    reads, opened, errors = decode_all([path])
    assert not errors and opened[0].source_rate == 48000
    frames = np.concatenate([r.frames for r in reads])
    assert abs(len(frames) - 2 * RATE) <= 2
    spectrum = np.abs(np.fft.rfft(frames[4096 : 4096 + 32768, 0] * np.hanning(32768)))
    peak_hz = np.argmax(spectrum) * RATE / 32768
    assert abs(peak_hz - 1000) < 2


def test_mono_plays_on_both_channels_and_surround_is_downmixed(tmp_path: Path) -> None:
    mono = lavfi(tmp_path / "mono.flac", "sine=f=440:d=1", "-ac", "1")
    surround = lavfi(
        tmp_path / "51.flac", "sine=f=440:d=1", "-af",
        "pan=5.1|FL=c0|FR=0*c0|FC=0*c0|LFE=c0|BL=0*c0|BR=0*c0",
    )  # fmt: skip
    reads, opened, errors = decode_all([mono, surround])
    assert not errors and [o.channels for o in opened] == [1, 6]
    first = np.concatenate([r.frames for r in reads if r.track_key == 1])
    second = np.concatenate([r.frames for r in reads if r.track_key == 2])
    np.testing.assert_array_equal(first[:, 0], first[:, 1])
    assert np.abs(first).max() > 0.12  # lavfi sine peaks at 1/8, kept at full level
    # Front-left only (LFE is dropped): all of it lands on the left, scaled by the
    # no-clip normalisation 1 / (1 + 2 * 0.7071) of the standard coefficients.
    assert np.abs(second[:, 0]).max() == pytest.approx(0.125 / (1 + np.sqrt(2)), rel=0.02)
    assert np.abs(second[:, 1]).max() < 1e-6


def test_a_bad_track_is_reported_and_the_next_one_decodes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.flac"
    bad.write_text("not audio")
    good = media.write_flac(tmp_path / "good.flac", media.noise_signal(RATE // 2, seed=3))
    reads, opened, errors = decode_all([bad, good])
    assert [i for i, _ in errors] == [0]
    assert "bad.flac" in str(errors[0][1])
    assert [o.index for o in opened] == [1]
    assert sum(len(r.frames) for r in reads) == RATE // 2


def test_a_name_too_long_for_the_filesystem_is_reported_not_fatal(tmp_path: Path) -> None:
    too_long = tmp_path / ("x" * 300 + ".flac")
    good = media.write_flac(tmp_path / "good.flac", media.noise_signal(RATE // 4, seed=3))
    _, opened, errors = decode_all([too_long, good])
    assert [i for i, _ in errors] == [0] and [o.index for o in opened] == [1]
