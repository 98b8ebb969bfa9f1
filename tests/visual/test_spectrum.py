import math
import statistics
import time
import tracemalloc

import numpy as np
import pytest

from app.visual.spectrum import SpectrumAnalyzer
from app.visual.spectrum_bands import ISO_THIRD_OCTAVE_HZ, a_weighting_db

RATES = (44100, 48000)


def sine(rate: int, frames: int, frequency_hz: float, amplitude: float, phases: list[float]):
    t = np.arange(frames)[:, None] / rate
    return (amplitude * np.sin(2 * np.pi * frequency_hz * t + np.array(phases))).astype(np.float32)


def pink_noise(rate: int, seconds: float, channels: int, seed: int) -> np.ndarray:
    """Gaussian noise shaped to 1/f power in the frequency domain, peak 0.5."""
    rng = np.random.default_rng(seed)
    frames = int(rate * seconds)
    columns = []
    for _ in range(channels):
        spectrum = np.fft.rfft(rng.standard_normal(frames))
        frequency = np.fft.rfftfreq(frames, 1 / rate)
        spectrum[1:] /= np.sqrt(frequency[1:])
        spectrum[0] = 0
        columns.append(np.fft.irfft(spectrum, frames))
    noise = np.stack(columns, axis=1)
    return (0.5 * noise / np.abs(noise).max()).astype(np.float32)


def test_third_octave_bands_are_the_iso_266_series() -> None:
    analyzer = SpectrumAnalyzer(44100)
    assert isinstance(analyzer.centres, np.ndarray)
    assert list(analyzer.centres) == list(ISO_THIRD_OCTAVE_HZ)
    assert len(analyzer.centres) == 31
    # Edges: geometric midpoints between exact base-10 centres, shared by neighbours.
    assert np.allclose(analyzer.upper_hz[:-1], analyzer.lower_hz[1:])
    exact = 1000 * 10 ** (np.arange(-17, 14) / 10)
    assert np.allclose(np.sqrt(analyzer.lower_hz * analyzer.upper_hz)[:-1], exact[:-1])
    assert analyzer.upper_hz[-1] == pytest.approx(22050)  # the 20 kHz band stops at Nyquist


def test_bands_near_nyquist_are_dropped_at_low_rates() -> None:
    analyzer = SpectrumAnalyzer(22050)
    assert analyzer.centres[-1] == 10000
    assert analyzer.upper_hz[-1] <= 11025


@pytest.mark.parametrize("bands_per_octave", [6, 12])
def test_finer_bands_use_exact_base_ten_centres(bands_per_octave: int) -> None:
    analyzer = SpectrumAnalyzer(48000, bands_per_octave)
    ratios = analyzer.centres[1:] / analyzer.centres[:-1]
    assert np.allclose(ratios, 10 ** (0.3 / bands_per_octave))
    assert 1000 in np.round(analyzer.centres, 9)
    assert analyzer.centres[0] == pytest.approx(19.95, abs=0.01)
    assert analyzer.centres[-1] == pytest.approx(19952.6, abs=0.1)


@pytest.mark.parametrize("bands_per_octave", [6, 12])
def test_finer_bands_resolve_sines_above_100_hz(bands_per_octave: int) -> None:
    analyzer = SpectrumAnalyzer(48000, bands_per_octave)
    for index, centre in enumerate(analyzer.centres):
        if not 100 <= centre <= 16000:
            continue
        levels = analyzer.analyze(sine(48000, analyzer.fft_size, centre, 0.5, [0.7, 2.0]))
        assert int(np.argmax(levels)) == index
        assert levels[index] == pytest.approx(-6.02, abs=1.5)
        assert np.all(levels[[index - 1, index + 1]] <= levels[index] - 10)


def test_unsupported_band_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="bands_per_octave"):
        SpectrumAnalyzer(44100, 4)


@pytest.mark.parametrize("rate", RATES)
def test_a_sine_reads_its_amplitude_in_its_own_band(rate: int) -> None:
    analyzer = SpectrumAnalyzer(rate)
    rng = np.random.default_rng(rate)
    worst_error_db = 0.0
    for index, centre in enumerate(analyzer.centres):
        if not 31.5 <= centre <= 16000:
            continue
        for amplitude in (1.0, 0.1):
            block = sine(rate, analyzer.fft_size, centre, amplitude, list(rng.uniform(0, 7, 2)))
            levels = analyzer.analyze(block)
            assert int(np.argmax(levels)) == index, f"{centre} Hz peaks elsewhere"
            error_db = levels[index] - 20 * math.log10(amplitude)
            worst_error_db = max(worst_error_db, abs(error_db))
            assert abs(error_db) <= 1.5, f"{centre} Hz at {amplitude} reads {levels[index]}"
            separation_db = 6.0 if centre < 100 else 10.0
            neighbours = levels[[index - 1, index + 1]]
            assert np.all(neighbours <= levels[index] - separation_db), f"{centre} Hz leaks"
    assert worst_error_db < 0.2  # the design gives < 0.1 dB; the floor is 1.5 dB


@pytest.mark.parametrize(("rate", "centre"), [(44100, 1000.0), (48000, 40.0), (44100, 31.5)])
def test_a_sine_between_bins_still_reads_its_amplitude(rate: int, centre: float) -> None:
    analyzer = SpectrumAnalyzer(rate)
    index = int(np.flatnonzero(analyzer.centres == centre)[0])
    bin_hz = 1 / analyzer.band_window_s[index]
    for step in range(9):  # across two bins, in quarter bins
        frequency = centre + (step - 4) * bin_hz / 4
        levels = analyzer.analyze(sine(rate, analyzer.fft_size, frequency, 0.5, [0.3, 1.9]))
        assert levels[index] == pytest.approx(20 * math.log10(0.5), abs=1.5)
        assert int(np.argmax(levels)) == index


@pytest.mark.parametrize("rate", RATES)
def test_pink_noise_reads_flat(rate: int) -> None:
    analyzer = SpectrumAnalyzer(rate)
    noise = pink_noise(rate, 20, 2, seed=rate)
    power = np.zeros(analyzer.centres.size)
    ends = range(analyzer.fft_size, noise.shape[0] + 1, analyzer.fft_size // 2)
    for end in ends:
        power += 10 ** (analyzer.analyze(noise[:end]) / 10)
    levels = 10 * np.log10(power / len(ends))
    inside = (analyzer.centres >= 50) & (analyzer.centres <= 16000)
    deviation = levels[inside] - levels[inside].mean()
    assert np.abs(deviation).max() <= 2.0, deviation


def test_silence_reads_exactly_the_floor() -> None:
    analyzer = SpectrumAnalyzer(44100, floor_db=-120)
    levels = analyzer.analyze(np.zeros((analyzer.fft_size, 2), dtype=np.float32))
    assert np.all(levels == -120.0)
    assert analyzer.floor_db == -120.0


def test_tiny_signals_read_sensibly() -> None:
    analyzer = SpectrumAnalyzer(44100)
    index = list(analyzer.centres).index(1000.0)
    quiet = analyzer.analyze(sine(44100, analyzer.fft_size, 1000, 1e-5, [0.0]))
    assert quiet[index] == pytest.approx(-100, abs=1.5)
    for amplitude in (1e-9, 1e-30, 1e-45):  # down to float32 denormals
        levels = analyzer.analyze(sine(44100, analyzer.fft_size, 1000, amplitude, [0.0]))
        assert np.all(np.isfinite(levels))
        assert np.all(levels >= analyzer.floor_db)
        assert levels[index] == analyzer.floor_db


def test_channels_are_averaged_by_power_or_kept_apart() -> None:
    rate = 48000
    averaged = SpectrumAnalyzer(rate)
    separate = SpectrumAnalyzer(rate, per_channel=True)
    block = np.zeros((averaged.fft_size, 2), dtype=np.float32)
    block[:, 0] = sine(rate, averaged.fft_size, 1000, 0.5, [0.0])[:, 0]
    block[:, 1] = sine(rate, averaged.fft_size, 100, 0.25, [0.0])[:, 0]
    at_1k, at_100 = list(averaged.centres).index(1000.0), list(averaged.centres).index(100.0)
    mixed = averaged.analyze(block)
    assert mixed.shape == (31,)
    assert mixed[at_1k] == pytest.approx(20 * math.log10(0.5) - 3.01, abs=0.2)
    apart = separate.analyze(block)
    assert apart.shape == (2, 31)
    assert apart[0, at_1k] == pytest.approx(20 * math.log10(0.5), abs=0.2)
    assert apart[1, at_100] == pytest.approx(20 * math.log10(0.25), abs=0.2)
    assert apart[0, at_100] < -60 and apart[1, at_1k] < -60


def test_mono_blocks_are_accepted() -> None:
    analyzer = SpectrumAnalyzer(44100)
    mono = sine(44100, analyzer.fft_size + 100, 250, 0.5, [0.0])[:, 0]
    levels = analyzer.analyze(mono)
    assert levels.shape == (31,)
    assert levels[list(analyzer.centres).index(250.0)] == pytest.approx(-6.02, abs=0.2)


def test_a_weighting_is_applied_to_the_displayed_levels() -> None:
    plain = SpectrumAnalyzer(44100)
    weighted = SpectrumAnalyzer(44100, a_weighting=True)
    block = sine(44100, plain.fft_size, 100, 0.5, [0.0, 0.0])
    block += sine(44100, plain.fft_size, 1000, 0.5, [1.0, 1.0])
    difference = weighted.analyze(block) - plain.analyze(block)
    at_1k, at_100 = list(plain.centres).index(1000.0), list(plain.centres).index(100.0)
    assert difference[at_1k] == pytest.approx(0.0, abs=0.01)
    assert difference[at_100] == pytest.approx(-19.1, abs=0.1)
    assert a_weighting_db(np.array([1000.0]))[0] == pytest.approx(0.0, abs=0.01)
    silence = weighted.analyze(np.zeros((plain.fft_size, 2), dtype=np.float32))
    assert np.all(silence == weighted.floor_db)


def test_only_the_newest_fft_size_frames_count() -> None:
    analyzer = SpectrumAnalyzer(44100)
    block = np.zeros((analyzer.fft_size * 2, 2), dtype=np.float32)
    block[: analyzer.fft_size] = sine(44100, analyzer.fft_size, 1000, 0.9, [0.0, 0.0])
    assert np.all(analyzer.analyze(block) == analyzer.floor_db)


@pytest.mark.parametrize("centre", [31.5, 50.0, 100.0, 1000.0])
def test_every_band_window_ends_at_the_newest_frame(centre: float) -> None:
    rate = 44100
    analyzer = SpectrumAnalyzer(rate)
    index = list(analyzer.centres).index(centre)
    window = round(analyzer.band_window_s[index] * rate)
    assert window <= analyzer.fft_size
    tone = sine(rate, analyzer.fft_size, centre, 0.5, [0.4, 0.4])
    recent = np.zeros_like(tone)
    recent[-window:] = tone[-window:]
    assert analyzer.analyze(recent)[index] == pytest.approx(-6.02, abs=1.5)
    older = np.zeros_like(tone)
    older[: -window - round(0.01 * rate)] = tone[: -window - round(0.01 * rate)]
    assert analyzer.analyze(older)[index] < -6.02 - 30


def test_bad_arguments_are_refused_with_readable_messages() -> None:
    analyzer = SpectrumAnalyzer(44100)
    with pytest.raises(ValueError, match="at least 32768 frames"):
        analyzer.analyze(np.zeros((1000, 2), dtype=np.float32))
    with pytest.raises(TypeError, match="floats"):
        analyzer.analyze(np.zeros((analyzer.fft_size, 2), dtype=np.int16))
    with pytest.raises(ValueError, match="out must be"):
        analyzer.analyze(np.zeros((analyzer.fft_size, 2), dtype=np.float32), out=np.empty(3))


def test_out_receives_the_levels() -> None:
    analyzer = SpectrumAnalyzer(48000)
    block = pink_noise(48000, 1, 2, seed=1)
    out = np.empty(analyzer.centres.size)
    assert analyzer.analyze(block, out=out) is out
    assert np.array_equal(out, analyzer.analyze(block))


def test_repeated_analysis_with_out_allocates_nothing() -> None:
    analyzer = SpectrumAnalyzer(44100)
    block = pink_noise(44100, 1, 2, seed=2)
    out = np.empty(analyzer.centres.size)
    for _ in range(5):
        analyzer.analyze(block, out=out)
    tracemalloc.start()
    try:
        analyzer.analyze(block, out=out)
        start, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        for _ in range(50):
            analyzer.analyze(block, out=out)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (current - start) / 50 < 1024
    assert (peak - start) < 16 * 1024  # no array-sized temporaries


def _median_s(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def test_analysis_costs_a_small_multiple_of_a_bare_fft() -> None:
    analyzer = SpectrumAnalyzer(44100)
    block = pink_noise(44100, 1, 2, seed=3)
    out = np.empty(analyzer.centres.size)
    mono = block[-analyzer.fft_size :, 0].astype(np.float64)
    window = np.hanning(analyzer.fft_size)
    windowed = np.empty(analyzer.fft_size)
    spectrum = np.empty(analyzer.fft_size // 2 + 1, dtype=np.complex128)

    def bare() -> None:
        np.multiply(mono, window, out=windowed)
        np.fft.rfft(windowed, out=spectrum)

    for _ in range(20):
        analyzer.analyze(block, out=out)
        bare()
    analyze_s = _median_s(lambda: analyzer.analyze(block, out=out), 300)
    bare_s = _median_s(bare, 300)
    ratio = analyze_s / bare_s
    print(f"analyze {analyze_s * 1e6:.0f} us, bare rfft({analyzer.fft_size}) "
          f"{bare_s * 1e6:.0f} us, ratio {ratio:.2f}")  # fmt: skip
    assert ratio <= 4.0


def test_long_every_reuses_the_low_bands_between_their_turns() -> None:
    rate = 44100
    t = np.arange(SpectrumAnalyzer(rate).fft_size * 2) / rate
    low = (0.5 * np.sin(2 * np.pi * 40.0 * t)).astype(np.float32)
    high = (0.5 * np.sin(2 * np.pi * 4000.0 * t)).astype(np.float32)
    every = SpectrumAnalyzer(rate, long_every=2)
    each = SpectrumAnalyzer(rate)
    low_band = int(np.argmin(np.abs(every.centres - 40.0)))
    high_band = int(np.argmin(np.abs(every.centres - 4000.0)))
    first = every.analyze(low)
    assert first[low_band] == pytest.approx(each.analyze(low)[low_band], abs=1e-9)
    second = every.analyze(high)  # the low bands keep the last turn's reading
    assert second[low_band] == pytest.approx(first[low_band])
    assert second[high_band] == pytest.approx(20 * np.log10(0.5), abs=1.5)
    third = every.analyze(high)  # their turn: the 40 Hz tone is gone
    assert third[low_band] < first[low_band] - 40
