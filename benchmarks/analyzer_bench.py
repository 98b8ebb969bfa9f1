"""The spectrum analyser's and the level meters' cost, measured in this process.

- ``analyze()`` of a stereo float32 block at 44.1 kHz with ``out=``, against a bare windowed
  float64 rfft of the same ``fft_size`` (one channel): the multi-resolution analysis should
  cost about what one long FFT does.
- One ``BandBallistics.update`` of 31 bands.
- ``VuMeter.process`` plus ``PpmMeter.process`` of a 735-frame block (1/60 s at 44.1 kHz).
- Bytes allocated per ``analyze(out=...)`` call after warm-up (tracemalloc).

Run ``python -m benchmarks.analyzer_bench``; it takes a few seconds.
"""

from __future__ import annotations

import json
import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from app.visual.ballistics import BandBallistics
from app.visual.meters import PpmMeter, VuMeter
from app.visual.spectrum import SpectrumAnalyzer

RATE = 44100
METER_BLOCK = 735
REPEATS = 400


def median_ms(action: Callable[[], object], repeats: int = REPEATS) -> float:
    for _ in range(20):
        action()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def bytes_per_call(action: Callable[[], object], calls: int = 50) -> float:
    for _ in range(5):
        action()
    tracemalloc.start()
    try:
        action()
        start, _ = tracemalloc.get_traced_memory()
        for _ in range(calls):
            action()
        current, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return max(0.0, (current - start) / calls)


def measure() -> dict[str, float]:
    """Return the medians in ms, their ratio, and the bytes allocated per analysis."""
    rng = np.random.default_rng(1)
    analyzer = SpectrumAnalyzer(RATE)
    block = (rng.standard_normal((analyzer.fft_size, 2)) * 0.1).astype(np.float32)
    out = np.empty(analyzer.centres.size)
    mono = block[:, 0].astype(np.float64)
    window = np.hanning(analyzer.fft_size)
    windowed = np.empty(analyzer.fft_size)
    spectrum = np.empty(analyzer.fft_size // 2 + 1, dtype=np.complex128)

    def bare_fft() -> None:
        np.multiply(mono, window, out=windowed)
        np.fft.rfft(windowed, out=spectrum)

    analyze_ms = median_ms(lambda: analyzer.analyze(block, out=out))
    bare_ms = median_ms(bare_fft)
    ballistics = BandBallistics(analyzer.centres.size)
    levels = analyzer.analyze(block)
    vu, ppm = VuMeter(RATE), PpmMeter(RATE)
    meter_block = block[:METER_BLOCK]

    def meters() -> None:
        vu.process(meter_block)
        ppm.process(meter_block)

    return {
        "analyze_ms": round(analyze_ms, 4),
        "bare_rfft_ms": round(bare_ms, 4),
        "analyze_to_rfft_ratio": round(analyze_ms / bare_ms, 3),
        "fft_size": float(analyzer.fft_size),
        "ballistics_update_ms": round(median_ms(lambda: ballistics.update(levels, 1 / 60)), 4),
        "vu_ppm_735_frames_ms": round(median_ms(meters), 4),
        "analyze_bytes_per_call": round(bytes_per_call(lambda: analyzer.analyze(block, out=out))),
    }


if __name__ == "__main__":
    results = measure()
    for name, value in results.items():
        print(f"{name:28} {value:>12}")
    print(json.dumps(results))
