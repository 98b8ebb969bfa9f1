import numpy as np

from app.audio.heard import HeardTap


def ramp(start: int, n: int) -> np.ndarray:
    values = np.arange(start, start + n, dtype=np.float32)
    return np.stack([values, -values], axis=1)


def test_read_returns_the_frames_ending_at_the_asked_frame() -> None:
    tap = HeardTap(capacity_frames=64)
    tap.write(0, ramp(0, 10))
    tap.write(10, ramp(10, 10))
    out = np.empty((5, 2), dtype=np.float32)
    assert tap.read(12, out) == 5
    assert out[:, 0].tolist() == [7, 8, 9, 10, 11]
    assert out[:, 1].tolist() == [-7, -8, -9, -10, -11]


def test_frames_not_yet_written_or_before_the_stream_read_as_silence() -> None:
    tap = HeardTap(capacity_frames=64)
    tap.write(0, ramp(1, 4))
    out = np.full((6, 2), 99, dtype=np.float32)
    assert tap.read(3, out) == 3
    assert out[:, 0].tolist() == [0, 0, 0, 1, 2, 3]
    assert tap.read(6, out) == 4
    assert out[:, 0].tolist() == [1, 2, 3, 4, 0, 0]


def test_the_ring_wraps_and_forgets_what_it_cannot_keep() -> None:
    tap = HeardTap(capacity_frames=16)
    for start in range(0, 40, 7):
        tap.write(start, ramp(start, 7))
    out = np.empty((10, 2), dtype=np.float32)
    assert tap.read(42, out) == 10
    assert out[:, 0].tolist() == list(range(32, 42))
    assert tap.read(30, out) == 4  # frames 26..31 were overwritten
    assert out[:, 0].tolist() == [0] * 6 + [26, 27, 28, 29]


def test_a_block_larger_than_the_ring_keeps_its_end() -> None:
    tap = HeardTap(capacity_frames=8)
    tap.write(0, ramp(0, 20))
    out = np.empty((8, 2), dtype=np.float32)
    assert tap.read(20, out) == 8
    assert out[:, 0].tolist() == list(range(12, 20))


def test_restart_begins_a_new_stream_at_frame_zero() -> None:
    tap = HeardTap(capacity_frames=64)
    tap.write(0, ramp(100, 30))
    first = tap.stream
    tap.restart()
    assert tap.stream == first + 1
    assert tap.end_frame == 0
    out = np.empty((4, 2), dtype=np.float32)
    assert tap.read(4, out) == 0
    assert not out.any()
    tap.write(0, ramp(0, 4))
    assert tap.read(4, out) == 4
    assert out[:, 0].tolist() == [0, 1, 2, 3]


def test_a_gap_reads_as_silence() -> None:
    tap = HeardTap(capacity_frames=32)
    tap.write(0, ramp(1, 4))
    tap.write(8, ramp(9, 4))
    out = np.empty((12, 2), dtype=np.float32)
    tap.read(12, out)
    assert out[:, 0].tolist() == [1, 2, 3, 4, 0, 0, 0, 0, 9, 10, 11, 12]


def test_the_ring_holds_the_analysers_window_and_the_outputs_queue_at_any_rate() -> None:
    from app.audio.heard import capacity_for
    from app.audio.qt_output import BUFFER_S
    from app.visual.spectrum import SpectrumAnalyzer

    for rate in (22050, 44100, 48000, 88200, 96000, 192000):
        needed = SpectrumAnalyzer(rate).fft_size + BUFFER_S * rate
        assert needed < capacity_for(rate) <= 4 * needed, rate
