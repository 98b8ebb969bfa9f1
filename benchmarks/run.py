"""``make bench``: the engine's speed and memory on a private PulseAudio null sink, against mpv.

Every figure is a median over repeated runs taken in this one run, printed as a table and
written to ``benchmarks/results.json``. ``--quick`` takes fewer repetitions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.ffmpeg=false")

import numpy as np
import psutil

from benchmarks import mpv as mpv_peer
from benchmarks.ambience_bench import bench_ambience
from benchmarks.instance_bench import bench_hand_off
from benchmarks.library_bench import CACHE, bench_library
from benchmarks.mpris_bench import bench_mpris
from benchmarks.ui_bench import bench_ui, side_album
from tests.support import media
from tests.support.services import PulseServer, Recorder, XvfbServer

ROOT = Path(__file__).resolve().parents[1]
RATE = 44100
RESULTS = ROOT / "benchmarks" / "results.json"


def median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


class Bench:
    def __init__(self, reps: int, workdir: Path) -> None:
        self.reps = reps
        self.dir = workdir
        self.results: dict[str, dict[str, object]] = {}

    def record(
        self, name: str, value: float, unit: str, floor: str, ok: bool, **extra: object
    ) -> None:
        self.results[name] = {"value": value, "unit": unit, "floor": floor, "ok": ok, **extra}
        mark = "ok" if ok else "MISSED"
        detail = "  ".join(f"{k}={v}" for k, v in extra.items())
        print(f"{name:34} {value:>10} {unit:6} floor {floor:18} {mark:6} {detail}", flush=True)


# ----------------------------------------------------------------------------- decoder start
def bench_decoder_start(b: Bench, flac: Path) -> None:
    """Time to the first 100 ms of PCM from each ffmpeg binary: why the bundled one is used."""
    import imageio_ffmpeg

    from app.audio.ffmpeg import decode_command

    binaries = {"bundled": imageio_ffmpeg.get_ffmpeg_exe(), "debian": "/usr/bin/ffmpeg"}
    for label, binary in binaries.items():
        if not os.access(binary, os.X_OK):
            continue
        times = []
        for _ in range(b.reps):
            cmd = [binary, *decode_command(flac, 30.0)[1:]]
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            assert proc.stdout is not None
            need = 4410 * 8 + 100
            got = b""
            while len(got) < need:
                chunk = proc.stdout.read(need - len(got))
                if not chunk:
                    break
                got += chunk
            times.append(time.perf_counter() - t0)
            proc.kill()
            proc.wait()
            proc.stdout.close()
        b.record(f"decoder first 100 ms ({label})", median_ms(times), "ms", "-", True)


# ----------------------------------------------------------------------------- in-process engine
def in_process_engine() -> tuple[object, object]:
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance() or QCoreApplication([])
    from app.audio.engine import Engine
    from app.audio.qt_output import QtAudioOutput

    output = QtAudioOutput()
    engine = Engine(output)
    pump(lambda: output.available, 5)
    return app, engine


def pump(condition: Callable[[], bool], timeout: float) -> None:
    from PySide6.QtCore import QCoreApplication

    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("benchmark condition not reached")
        QCoreApplication.processEvents()
        time.sleep(0.002)


def settle(seconds: float) -> None:
    end = time.perf_counter() + seconds
    pump(lambda: time.perf_counter() >= end, seconds + 1)


def onset_after(rec: Recorder, mark: int, t0: float) -> float:
    onset = rec.wait_for_sound(mark, timeout=5)
    return rec.time_of_frame(onset) - t0


def counter_onset(rec: Recorder, mark: int, target_frame: int, timeout: float = 5) -> int:
    """Recorded frame where the counter signal reached ``target_frame``, extrapolated back."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        values = media.decode_counter(rec.frames(mark))
        hits = np.flatnonzero((values >= target_frame) & (values < target_frame + RATE))
        for i in hits:
            if np.all(np.diff(values[i : i + 200]) == 1) and len(values) > i + 200:
                return mark + int(i) - int(values[i] - target_frame)
        time.sleep(0.01)
    raise TimeoutError("seek target never sounded")


def bench_engine(b: Bench, rec: Recorder, short: Path, counter: Path) -> None:
    from app.core.track import Track

    _app, engine = in_process_engine()
    play_times, seek_times = [], []
    for _ in range(b.reps):
        engine.load([Track(short)], play=False)  # type: ignore[attr-defined]
        settle(0.3)
        mark = rec.mark()
        t0 = time.perf_counter()
        engine.play()  # type: ignore[attr-defined]
        play_times.append(onset_after(rec, mark, t0))
        settle(0.2)
        engine.stop()  # type: ignore[attr-defined]
        settle(0.2)
    engine.load([Track(counter)])  # type: ignore[attr-defined]
    settle(0.5)
    targets = np.linspace(5, 50, b.reps)
    for target in targets:
        mark = rec.mark()
        t0 = time.perf_counter()
        engine.seek(float(target))  # type: ignore[attr-defined]
        onset = counter_onset(rec, mark, round(target * RATE))
        seek_times.append(rec.time_of_frame(onset) - t0)
        settle(0.3)
    engine.stop()  # type: ignore[attr-defined]
    peer_play, peer_seek = bench_mpv_transport(b, rec, short, counter)
    play_ms, seek_ms = median_ms(play_times), median_ms(seek_times)
    b.record("play() to first sample", play_ms, "ms", "<= 60 ms", play_ms <= 60,
             mpv_ms=peer_play, ratio=ratio(play_ms, peer_play))  # fmt: skip
    b.record("seek to sound", seek_ms, "ms", "<= 60 ms", seek_ms <= 60,
             mpv_ms=peer_seek, ratio=ratio(seek_ms, peer_seek))  # fmt: skip
    bench_underruns(b, engine, counter)
    engine.shutdown()  # type: ignore[attr-defined]


def ratio(ours: float, theirs: float | None) -> float | None:
    """Our figure over the peer's; None when the peer is below the method's 2 ms resolution."""
    return round(ours / theirs, 2) if theirs is not None and theirs >= 2.0 else None


def bench_mpv_transport(
    b: Bench, rec: Recorder, short: Path, counter: Path
) -> tuple[float | None, float | None]:
    if not mpv_peer.available():
        return None, None
    play_times, seek_times = [], []
    peer = mpv_peer.Mpv(short, b.dir / "mpv-play.sock")
    settle(1.0)
    for _ in range(b.reps):
        mark = rec.mark()
        t0 = time.perf_counter()
        peer.command("set_property", "pause", False)
        play_times.append(onset_after(rec, mark, t0))
        settle(0.2)
        peer.command("set_property", "pause", True)
        peer.command("seek", 0, "absolute")
        settle(0.4)
    peer.close()
    peer = mpv_peer.Mpv(counter, b.dir / "mpv-seek.sock", pause=False)
    settle(1.0)
    for target in np.linspace(5, 50, b.reps):
        mark = rec.mark()
        t0 = time.perf_counter()
        peer.command("seek", float(target), "absolute+exact")
        onset = counter_onset(rec, mark, round(target * RATE))
        seek_times.append(rec.time_of_frame(onset) - t0)
        settle(0.3)
    peer.close()
    return median_ms(play_times), median_ms(seek_times)


def bench_underruns(b: Bench, engine: object, counter: Path) -> None:
    from PySide6.QtCore import QTimer

    from app.core.track import Track

    def burn() -> None:
        end = time.perf_counter() + 0.030
        while time.perf_counter() < end:
            pass

    seconds = 20 if b.reps >= 5 else 8
    before = engine.output.underruns  # type: ignore[attr-defined]
    busy = QTimer()
    busy.timeout.connect(burn)
    busy.start(40)
    engine.load([Track(counter)])  # type: ignore[attr-defined]
    settle(seconds)
    busy.stop()
    count = engine.output.underruns - before  # type: ignore[attr-defined]
    engine.stop()  # type: ignore[attr-defined]
    b.record("underruns, GUI busy 30 of 40 ms", count, "count", "0", count == 0, seconds=seconds)


# ----------------------------------------------------------------------------- whole app
def app_env(tmp: Path, display: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env.update(DISPLAY=display, HOME=str(tmp / "home"), XDG_CONFIG_HOME=str(tmp / "config"))
    return env


def launch_app(path: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), str(path)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def bench_launch(b: Bench, rec: Recorder, short: Path, env: dict[str, str]) -> None:
    ours, theirs = [], []
    for _ in range(b.reps):
        mark = rec.mark()
        t0 = time.perf_counter()
        proc = launch_app(short, env)
        ours.append(onset_after(rec, mark, t0))
        stop(proc)
        time.sleep(0.3)
        if mpv_peer.available():
            mark = rec.mark()
            t0 = time.perf_counter()
            peer = subprocess.Popen(
                [*mpv_peer.MPV_ARGS, "--", str(short)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            theirs.append(onset_after(rec, mark, t0))
            stop(peer)
            time.sleep(0.3)
    ours_ms = median_ms(ours)
    theirs_ms = median_ms(theirs) if theirs else None
    r = ratio(ours_ms, theirs_ms)
    b.record("launch to first sound", ours_ms, "ms", "<= 3x mpv", r is not None and r <= 3,
             mpv_ms=theirs_ms, ratio=r)  # fmt: skip


def process_tree_rss(proc: psutil.Process) -> tuple[int, int]:
    own = proc.memory_info().rss
    children = sum(c.memory_info().rss for c in proc.children(recursive=True))
    return own, children


def bench_memory(b: Bench, five_min: Path, two_hours: Path, env: dict[str, str]) -> None:
    samples: dict[str, list[tuple[int, int]]] = {}
    for label, path in (("5 min", five_min), ("2 h", two_hours)):
        proc = launch_app(path, env)
        time.sleep(4)
        ps = psutil.Process(proc.pid)
        samples[label] = []
        for _ in range(5):
            samples[label].append(process_tree_rss(ps))
            time.sleep(0.4)
        stop(proc)
    mb = 1024 * 1024
    short_app = statistics.median(s[0] for s in samples["5 min"]) / mb
    long_app = statistics.median(s[0] for s in samples["2 h"]) / mb
    long_dec = statistics.median(s[1] for s in samples["2 h"]) / mb
    delta = round(long_app - short_app, 1)
    b.record("RSS 2 h minus 5 min FLAC", delta, "MB", "<= 50 MB", delta <= 50,
             app_5min_mb=round(short_app, 1), app_2h_mb=round(long_app, 1),
             decoder_2h_mb=round(long_dec, 1))  # fmt: skip


def cpu_percent_of(cmd_proc: subprocess.Popen[bytes], seconds: float) -> float:
    ps = psutil.Process(cmd_proc.pid)

    def total() -> float:
        t = ps.cpu_times()
        kids = sum(sum(c.cpu_times()[:2]) for c in ps.children(recursive=True))
        return t.user + t.system + kids

    time.sleep(3)
    c0, t0 = total(), time.perf_counter()
    time.sleep(seconds)
    return 100 * (total() - c0) / (time.perf_counter() - t0)


def bench_cpu(b: Bench, five_min: Path, env: dict[str, str]) -> None:
    seconds = 20 if b.reps >= 5 else 8
    proc = launch_app(five_min, env)
    time.sleep(2)
    # No visuals: the window is unmapped, so nothing is drawn (the turntable animates otherwise).
    subprocess.run(["xdotool", "search", "--sync", "--name", "Starlight Turntable",
                    "windowunmap", "--sync"], env=env, check=True, timeout=10)  # fmt: skip
    ours = round(cpu_percent_of(proc, seconds), 2)
    stop(proc)
    theirs = None
    if mpv_peer.available():
        peer = subprocess.Popen([*mpv_peer.MPV_ARGS, "--", str(five_min)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        theirs = round(cpu_percent_of(peer, seconds), 2)
        stop(peer)
    b.record("CPU while playing, no visuals", ours, "% core", "<= 3 %", ours <= 3,
             mpv_percent=theirs, seconds=seconds)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--json", type=Path, default=RESULTS)
    parser.add_argument(
        "--only",
        choices=["engine", "library", "ui", "ambience", "desktop"],
        help="run one group of figures (default: all)",
    )
    args = parser.parse_args()
    reps = 3 if args.quick else 9
    with tempfile.TemporaryDirectory(prefix="starlight-bench-") as tmp_name:
        tmp = Path(tmp_name)
        print("making media ...", flush=True)
        short = media.write_flac(tmp / "short.flac", media.noise_signal(20 * RATE, seed=1))
        counter = media.write_flac(tmp / "counter.flac", media.counter_signal(60 * RATE))
        five = media.make_long_flac(tmp / "five.flac", 300)
        two_h = media.make_long_flac(tmp / "two_hours.flac", 7200)
        b = Bench(reps, tmp)
        with PulseServer() as pulse, XvfbServer() as xvfb:
            pulse.apply_to_environ()
            env = app_env(tmp, xvfb.env["DISPLAY"])
            if args.only in (None, "engine"):
                with Recorder(pulse) as rec:
                    bench_decoder_start(b, five)
                    bench_engine(b, rec, short, counter)
                    bench_launch(b, rec, short, env)
                bench_memory(b, five, two_h, env)
                bench_cpu(b, five, env)
            if args.only in (None, "library"):
                bench_library(b.record, reps, env)
            if args.only in (None, "ui"):
                bench_ui(b.record, reps, env, CACHE, cpu_percent_of, stop)
            if args.only == "ambience":  # also part of "ui"
                seconds = 15 if reps >= 5 else 6
                bench_ambience(b.record, side_album(CACHE), env, cpu_percent_of, stop, seconds)
            if args.only in (None, "desktop"):
                bench_mpris(b.record, env, tmp, pulse=pulse, reps=min(reps, 7))
                hand_off = tmp / "hand-off"
                hand_off.mkdir()
                with Recorder(pulse) as rec:
                    bench_hand_off(b.record, app_env(hand_off, xvfb.env["DISPLAY"]), hand_off,
                                   reps, rec)  # fmt: skip
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "repetitions": reps,
        "figures": b.results,
    }
    if args.only and args.json.exists():  # keep the other group's figures from the last run
        previous = json.loads(args.json.read_text()).get("figures", {})
        report["figures"] = {**previous, **b.results}
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written {args.json}")
    return 0 if all(r["ok"] for r in b.results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
