import numpy as np

from app.audio.resample import RateConverter, Varispeed

RATE = 44100


def sine(freq: float, seconds: float, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    mono = (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)
    return np.stack([mono, mono], axis=1)


def run_blocks(
    vs: Varispeed, signal: np.ndarray, rates: list[float], block: int = 1024
) -> np.ndarray:
    out = []
    for i, start in enumerate(range(0, len(signal), block)):
        out.append(vs.process(signal[start : start + block], rates[min(i, len(rates) - 1)]))
    return np.concatenate(out)


def worst_spur_db(x: np.ndarray, tone_hz: float) -> float:
    """Level of the strongest component away from the tone, relative to it."""
    n = len(x)
    window = np.blackman(n)
    spectrum = np.abs(np.fft.rfft(x * window))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    tone_bin = int(np.argmax(spectrum))
    assert abs(freqs[tone_bin] - tone_hz) < 5
    mask = np.abs(freqs - freqs[tone_bin]) > 30
    return float(20 * np.log10(spectrum[mask].max() / spectrum[tone_bin]))


def test_varispeed_at_1_08_keeps_spurs_70_db_below_the_tone() -> None:
    vs = Varispeed()
    out = run_blocks(vs, sine(1000, 3.0), [1.08])
    steady = out[RATE // 2 : RATE // 2 + 65536, 0]
    assert worst_spur_db(steady, 1080) < -70


def test_varispeed_changes_pitch_and_tempo_together() -> None:
    vs = Varispeed()
    out = run_blocks(vs, sine(1000, 2.0), [1.25])
    assert abs(len(out) - 2.0 * RATE / 1.25) < 200
    steady = out[4096 : 4096 + 32768, 0]
    freqs = np.fft.rfftfreq(len(steady), 1 / RATE)
    assert abs(freqs[np.argmax(np.abs(np.fft.rfft(steady * np.hanning(len(steady)))))] - 1250) < 3


def test_rate_glide_has_no_clicks() -> None:
    """A glide from 1.0 to 1.08 and back leaves a smooth sine: no jump in its slope."""
    vs = Varispeed()
    steps = (
        [1.0] * 10
        + list(np.linspace(1.0, 1.08, 20))
        + [1.08] * 10
        + list(np.linspace(1.08, 1.0, 20))
    )
    out = run_blocks(vs, sine(200, 3.0, amplitude=0.5), steps, block=512)[1000:, 0]
    second_difference = np.abs(np.diff(out, 2))
    # A 216 Hz sine at 0.5 has |x''| <= 0.5 * (2*pi*216/44100)^2 = 4.7e-4 per sample^2.
    assert second_difference.max() < 1e-3


def test_held_back_input_is_small_and_tracked() -> None:
    vs = Varispeed()
    vs.process(sine(440, 0.1), 1.0)
    assert 0 < vs.held_back < 200


def test_rate_converter_48k_to_44k1_keeps_length_and_pitch() -> None:
    conv = RateConverter(48000, RATE, 2)
    t = np.arange(48000) / 48000
    tone = np.stack([np.sin(2 * np.pi * 1000 * t)] * 2, axis=1).astype(np.float32) * 0.5
    out = np.concatenate(
        [conv.process(tone[i : i + 4096]) for i in range(0, 48000, 4096)]
        + [conv.process(np.zeros((0, 2), np.float32), last=True)]
    )
    assert abs(len(out) - RATE) <= 2
    assert worst_spur_db(out[2048 : 2048 + 32768, 0], 1000) < -90
