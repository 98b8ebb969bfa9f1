"""The turntable window's figures: paint time, CPU while playing, paused and hidden, groove map.

- Paint: the real app (``app.main.start``) under Xvfb at 1600x1000 with a 20-minute side
  playing, its groove map and label drawn; a full render of the window timed 200 times.
- CPU: the app as a user runs it, measured with psutil over its whole process tree while
  playing with the window visible and paused (Space typed with xdotool). Playing with the
  window unmapped is the engine's "no visuals" figure in run.py.
- Animation while away: the deck's paint events counted for 3 s minimised and 3 s hidden.
- Groove map: a 20-minute side of five 4-minute FLAC tracks, measured in this process.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.ambience_bench import bench_ambience
from tests.support import media

ROOT = Path(__file__).resolve().parent.parent
RATE = 44100
SIDE_TRACKS = 5
TRACK_S = 240

Record = Callable[..., None]

PAINT_SCRIPT = textwrap.dedent(
    """
    import json, statistics, sys, time
    from app.main import parse_arguments, start
    started = start(parse_arguments(sys.argv[1:]))
    app, window = started.app, started.window
    window.resize(1600, 1000)
    end = time.time() + 6  # the groove map and the label arrive in the background
    while time.time() < end:
        app.processEvents()
        time.sleep(0.005)
    from PySide6.QtGui import QPixmap
    # A full paint of every widget of the window into one surface, as the backing store gets
    # it when the whole window is exposed (repaint() of an unexposed X window is a no-op).
    target = QPixmap(window.size())
    times = []
    for _ in range(200):
        t0 = time.perf_counter()
        window.render(target)
        times.append((time.perf_counter() - t0) * 1000)
        app.processEvents()
    deck = window.deck
    from PySide6.QtCore import QEvent, QObject

    class Frames(QObject):
        count = 0

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                Frames.count += 1
            return False

    counter = Frames()
    deck.installEventFilter(counter)
    hidden = {}
    for name, away, back in (("minimised", window.showMinimized, window.showNormal),
                             ("hidden", window.hide, window.show)):
        away()
        end = time.time() + 0.5
        while time.time() < end:
            app.processEvents()
        Frames.count = 0
        end = time.time() + 3
        while time.time() < end:
            app.processEvents()
            time.sleep(0.005)
        hidden[name] = Frames.count
        back()
    print(json.dumps({"times": times, "groove": deck.groove_map is not None,
                      "state": started.engine.state.value, "frames_away": hidden}))
    started.close()
    """
)


def side_album(cache: Path) -> list[Path]:
    """Return a 20-minute album side of five tracks whose loudness rises and falls."""
    from mutagen.flac import FLAC

    folder = cache / "side-20min"
    paths = [folder / f"{n + 1:02d} Movement {n + 1}.flac" for n in range(SIDE_TRACKS)]
    if all(p.exists() for p in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20)
    for number, path in enumerate(paths):
        frames = TRACK_S * RATE
        t = np.arange(frames) / RATE
        swell = 0.25 + 0.2 * np.sin(2 * np.pi * t / (30 + 10 * number)) ** 2
        tone = np.sin(2 * np.pi * (110 * (number + 2)) * t)
        noise = rng.standard_normal(frames) * 0.15
        mono = (tone * 0.5 + noise) * swell
        stereo = np.stack([mono, mono], axis=1)
        media.write_flac(path, (stereo * 32767 * 0.8).astype(np.int16))
        tags = FLAC(path)
        tags.update({"title": f"Movement {number + 1}", "artist": "Bench Ensemble",
                     "album": "Twenty Minutes", "tracknumber": str(number + 1)})  # fmt: skip
        tags.save()
    return paths


def run_app_script(
    script: str, paths: list[Path], env: dict[str, str], what: str, timeout_s: float = 120
) -> dict[str, Any]:
    """Run ``script`` (which starts the app on ``paths``) and return the JSON it printed last."""
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, paths)],
        env=env, capture_output=True, timeout=timeout_s, check=False, cwd=ROOT,
    )  # fmt: skip
    lines = [line for line in done.stdout.decode().splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"the {what} benchmark failed: {done.stderr.decode()[-2000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def bench_paint(record: Record, paths: list[Path], env: dict[str, str]) -> None:
    """Time whole-window repaints at 1600x1000 with the side playing."""
    result = run_app_script(PAINT_SCRIPT, paths, env, "paint")
    times = sorted(result["times"])
    median = round(statistics.median(times), 2)
    p95 = round(times[int(0.95 * len(times)) - 1], 2)
    record("window paint 1600x1000, record playing", median, "ms", "median <= 8 ms",
           median <= 8 and result["groove"], p95_ms=p95, state=result["state"],
           groove_map_drawn=result["groove"])  # fmt: skip
    away = result["frames_away"]
    frames = away["minimised"] + away["hidden"]
    record("deck frames in 3 s minimised + 3 s hidden", frames, "frames", "0 (no animation)",
           frames == 0, **away)  # fmt: skip


def _xdotool(env: dict[str, str], *args: str) -> None:
    subprocess.run(["xdotool", *args], env=env, check=True, timeout=10, capture_output=True)


def bench_cpu_states(
    record: Record,
    paths: list[Path],
    env: dict[str, str],
    cpu_percent_of: Callable[[subprocess.Popen[bytes], float], float],
    stop: Callable[[subprocess.Popen[bytes]], None],
    seconds: float,
) -> None:
    """Measure CPU while playing and paused with the window visible (hidden: bench_cpu)."""
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *map(str, paths)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        playing = round(cpu_percent_of(proc, seconds), 2)
        window = ["search", "--sync", "--name", "Starlight Turntable"]
        _xdotool(env, *window, "windowfocus", "--sync", "key", "space")
        paused = round(cpu_percent_of(proc, seconds), 2)
    finally:
        stop(proc)
    record("CPU playing, window visible", playing, "% core", "<= 25 %", playing <= 25,
           seconds=seconds)  # fmt: skip
    record("CPU paused, window visible", paused, "% core", "<= 3 %", paused <= 3,
           seconds=seconds)  # fmt: skip


def bench_groove_map(record: Record, paths: list[Path], reps: int) -> None:
    """Time the groove map of the 20-minute side (decode, loudness, layout)."""
    from app.visual.deck import SideLayout
    from app.visual.groove_map import groove_map, side_loudness

    layout = SideLayout([float(TRACK_S)] * SIDE_TRACKS)
    times = []
    for _ in range(max(3, reps // 3)):
        t0 = time.perf_counter()
        groove_map(layout, side_loudness(paths))
        times.append(time.perf_counter() - t0)
    median = round(statistics.median(times), 3)
    record("groove map, 20-minute side", median, "s", "<= 1 s", median <= 1.0,
           runs=len(times))  # fmt: skip


def bench_crate(record: Record) -> None:
    """One scrolling frame of the crate at 50,000 tracks (its own process: offscreen Qt)."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.crate_bench"],
        capture_output=True, timeout=1800, check=False, cwd=ROOT,
    )  # fmt: skip
    text = done.stdout.decode()
    start = text.find("\n{")
    if done.returncode != 0 or start < 0:
        raise RuntimeError(f"the crate benchmark failed: {done.stderr.decode()[-2000:]}")
    result = json.loads(text[start:])
    warm, cold = result["warm"], result["cold"]
    record("crate scroll frame, 50,000 tracks", warm["median_ms"], "ms", "<= 16 ms",
           warm["p95_ms"] <= 16, p95_ms=warm["p95_ms"], cold_median_ms=cold["median_ms"],
           cold_p95_ms=cold["p95_ms"], records=result["records"])  # fmt: skip


def bench_ui(
    record: Record,
    reps: int,
    env: dict[str, str],
    cache: Path,
    cpu_percent_of: Callable[[subprocess.Popen[bytes], float], float],
    stop: Callable[[subprocess.Popen[bytes]], None],
) -> None:
    """Every turntable-window figure, in order."""
    paths = side_album(cache)
    bench_paint(record, paths, env)
    bench_cpu_states(record, paths, env, cpu_percent_of, stop, 15 if reps >= 5 else 6)
    bench_ambience(record, paths, env, cpu_percent_of, stop, 15 if reps >= 5 else 6)
    bench_groove_map(record, paths, reps)
    bench_crate(record)
