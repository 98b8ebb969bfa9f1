"""``make soak``: the real app plays 1,000 short tracks, then an hour on end; nothing may leak.

Both parts run the app as a user does (``main.py`` with the files on its command line, the
window visible on a private Xvfb, sound on a private PulseAudio null sink, MPRIS on a private
session bus) and watch it from outside:

1. **1,000 short tracks back to back** (:mod:`benchmarks.soak_media`: 1.0-1.8 s FLAC, MP3 and
   Ogg in albums of ten, cached in ``benchmarks/.cache/soak``). With ``--rate`` other than 1
   they form one album, since the platter's speed holds only while a record stays on, and the
   rate is set as a user would: the platter's speed key (78 rpm for 2.0), then the pitch
   fader through MPRIS ``Rate``. Every second psutil reads the app's
   RSS, open descriptors, threads and ffmpeg children (:mod:`benchmarks.soak_watch`); MPRIS
   says which tracks started, the sink's monitor which were heard
   (:mod:`benchmarks.soak_listen`). Floors: RSS growth after the first 50 tracks at most
   20 MB, descriptors and threads stable, no ffmpeg left a zombie or running astray, and
   every track started and heard.
2. **An hour of continuous playback with the animation running**: the 20-minute album side
   of ``make bench`` on repeat, window visible (the deck turns, the amplifier's analyser and
   the sky move). Floor: zero underruns, as the app logs them ("audio underrun (N so far)")
   and as heard on the monitor (every stretch of silence of 10 ms or more in a signal that is
   never silent), with sound all along and the window still visible and moving at the end.

Figures print as a table and go to ``benchmarks/soak.json``; the exit status is 1 when a floor
is missed. The app's log and terminal output of each part are kept in
``benchmarks/.cache/soak/logs``. ``--quick`` checks the harness (100 tracks, 2 minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path

from benchmarks.soak_app import PITCH_REACH, RunningApp, app_env, speed_key_for
from benchmarks.soak_listen import MonitorListener, count_heard
from benchmarks.soak_media import LEAD_IN_S, TONES_HZ, make_tracks, playing_time_s, track_plan
from benchmarks.soak_watch import ProcessWatch, between, growth, trend_per_100
from tests.support.services import PulseServer, SessionBus, XvfbServer

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
RESULTS = ROOT / "benchmarks" / "soak.json"
LOGS = CACHE / "soak" / "logs"  # the app's log and terminal output of the last run
RSS_FLOOR_MB = 20.0
FD_TOLERANCE = 4  # the pipes of an ffmpeg run or two in flight
THREAD_TOLERANCE = 2  # a worker of a thread pool started or ending
SAMPLE_S = 1.0
WARM_UP_TRACKS = 50
STARTUP_S = 15.0  # gaps this soon after the first sound are also counted apart
Record = Callable[..., None]


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tracks", type=int, default=1000, help="short tracks (0: skip part 1)")
    parser.add_argument("--minutes", type=float, default=60.0,
                        help="continuous playback (0: skip part 2)")  # fmt: skip
    parser.add_argument(
        "--rate",
        type=float,
        default=1.0,
        help="playback rate of part 1 (0.84-1.16, 1.13-1.57 or 1.97-2.71)",
    )
    parser.add_argument("--album-size", type=int, default=10, help="tracks per album at rate 1")
    parser.add_argument("--json", type=Path, default=RESULTS, help="where the figures go")
    parser.add_argument("--quick", action="store_true", help="100 tracks and 2 minutes")
    args = parser.parse_args(argv)
    if args.quick:
        args.tracks, args.minutes = min(args.tracks, 100), min(args.minutes, 2.0)
    if args.tracks and args.tracks < 10:
        parser.error("--tracks: 0 (none) or at least 10")
    if args.minutes and args.minutes < 0.5:
        parser.error("--minutes: 0 (none) or at least 0.5")
    if speed_key_for(args.rate) is None:
        parser.error(f"--rate {args.rate}: no platter speed reaches it with the pitch fader")
    return args


# ----------------------------------------------------------------------------- part 1
def soak_tracks(record: Record, base: dict[str, str], pulse: PulseServer, args: argparse.Namespace,
                workdir: Path) -> dict[str, object]:  # fmt: skip
    """Play ``args.tracks`` short tracks back to back; record the figures, return the series."""
    count, rate = args.tracks, args.rate
    album_size = args.album_size if rate == 1.0 else count
    print(f"making {count} tracks (cached in {CACHE / 'soak'}) ...", flush=True)
    paths = make_tracks(CACHE / "soak", count, album_size)
    expected = [p.as_uri() for p in paths]
    playing_s = (playing_time_s(track_plan(count, album_size)) + LEAD_IN_S) / rate
    print(f"playing {count} tracks at rate {rate}: about {playing_s / 60:.1f} min", flush=True)
    env = app_env(base, workdir / "tracks", PITCH_REACH if rate != 1.0 else None)
    listener = MonitorListener(pulse.env, pulse.monitor_name, TONES_HZ, rate)
    app = RunningApp(paths, env, workdir / "tracks.out")
    watch = ProcessWatch(app.proc.pid)
    t0 = time.monotonic()
    try:
        app.wait_until_ready()
        facts: dict[str, object] = {"window_visible": app.window_visible()}
        facts["rate"] = app.set_rate(rate) if rate != 1.0 else 1.0
        facts["rate_set_late"] = len(app.started()) > 1  # a tone track began before
        playing = play_through(app, watch, expected, timeout_s=playing_s * 1.5 + 120)
    finally:
        listener.stop()
        facts["exit_code"] = app.quit()
        app.keep_logs(LOGS, "tracks")
    facts["wall_s"] = round(time.monotonic() - t0, 1)
    record_tracks(record, app, listener, expected, facts)
    record_resources(record, watch, count, playing=playing)
    in_log, on_terminal = app.logged_underruns()
    gaps = listener.dropouts()
    record("underruns during the tracks", in_log, "count", "- (reported)", True,
           terminal=on_terminal, gaps_heard=len(gaps), first_gaps=gaps[:5])  # fmt: skip
    return {"samples": [asdict(s) for s in watch.samples], "gaps": gaps}


def record_tracks(record: Record, app: RunningApp, listener: MonitorListener,
                  expected: list[str], facts: dict[str, object]) -> None:  # fmt: skip
    """Record how many tracks started (MPRIS, in order) and were heard (the sink's monitor)."""
    count = len(expected) - 1  # the lead-in is not one
    started = app.started()
    in_order = started[: len(expected)] == expected
    done = len(set(started) & set(expected[1:]))
    heard = count_heard(listener.classes, len(TONES_HZ))
    record("tracks started (MPRIS)", done, "tracks", f"= {count}", done == count and in_order,
           in_order=in_order, **facts)  # fmt: skip
    record("tracks heard on the sink", heard.heard, "tracks", f"= {count}, none missed",
           heard.heard == count and heard.missed == 0, missed=heard.missed,
           glitches=heard.glitches, monitor_s=round(listener.seconds_heard(), 1))  # fmt: skip


def play_through(app: RunningApp, watch: ProcessWatch, expected: list[str],
                 timeout_s: float) -> int:  # fmt: skip
    """Sample the app until the last track has started and playback ended, then a few times more.

    Returns how many samples were taken while the tracks played.
    """
    deadline = time.monotonic() + timeout_s
    last_seen: float | None = None
    shown = 0
    while True:
        started = app.started()
        tracks = min(max(0, len(started) - 1), len(expected) - 1)  # the lead-in is not one
        sample = watch.sample(tracks)
        if not app.alive():
            raise RuntimeError(f"the app ended during the soak:\n{app.tail()}")
        if tracks >= shown + 100:
            shown = tracks - tracks % 100
            print(f"  {tracks:5d} tracks  RSS {sample.rss_mb:7.1f} MB  fds {sample.fds:3d}  "
                  f"threads {sample.threads:3d}  ffmpeg {sample.ffmpeg}", flush=True)  # fmt: skip
        if expected[-1] in started:  # then the queue goes back to its start, stopped
            last_seen = last_seen or time.monotonic()
            if app.status() != "Playing" or time.monotonic() - last_seen > 15:
                break
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"the last track did not start in {timeout_s:.0f} s; {tracks} of"
                f" {len(expected) - 1} did, the last {started[-3:]}"
            )
        time.sleep(SAMPLE_S)
    playing = len(watch.samples)
    for _ in range(3):  # past the end: what is left running or unreaped
        time.sleep(SAMPLE_S)
        watch.sample(tracks)
    return playing


def record_resources(record: Record, watch: ProcessWatch, count: int, playing: int) -> None:
    """Record RSS, descriptors, threads and ffmpeg children over ``count`` tracks.

    Growth compares the samples after the warm-up (the first 50 tracks) with those near the
    end while the decoder still had tracks ahead (it finishes a ring's length before the
    sound, and its thread and pipes go); what is left once playback ended comes from the last
    sample (``playing`` is how many were taken while the tracks played).
    """
    warm_up = min(WARM_UP_TRACKS, count // 2)
    post = between(watch.samples[:playing], warm_up, count - min(10, count // 5))
    if len(post) < 2:
        raise RuntimeError(f"too few samples after the first {warm_up} tracks to measure")
    tracks = [s.tracks for s in post]
    rss = growth([s.rss_mb for s in post])
    fds = growth([s.fds for s in post])
    threads = growth([s.threads for s in post])
    first = watch.samples[0]
    record("RSS growth after warm-up", rss.change, "MB", f"<= {RSS_FLOOR_MB:.0f} MB",
           rss.change <= RSS_FLOOR_MB, warm_up_tracks=warm_up, at_launch_mb=first.rss_mb,
           start_mb=rss.start, end_mb=rss.end, peak_mb=rss.peak,
           per_100_tracks_mb=trend_per_100(tracks, [s.rss_mb for s in post]),
           children_peak_mb=max(s.children_rss_mb for s in post))  # fmt: skip
    record("open file descriptors", fds.change, "fds", f"stable (+-{FD_TOLERANCE})",
           abs(fds.change) <= FD_TOLERANCE, at_launch=first.fds, start=fds.start, end=fds.end,
           max=fds.peak, per_100_tracks=trend_per_100(tracks, [s.fds for s in post]))  # fmt: skip
    record("threads", threads.change, "threads", f"stable (+-{THREAD_TOLERANCE})",
           abs(threads.change) <= THREAD_TOLERANCE, at_launch=first.threads,
           start=threads.start, end=threads.end, max=threads.peak)  # fmt: skip
    unreaped = watch.unreaped()
    at_end = watch.samples[-1]
    record("zombie ffmpeg (unreaped)", len(unreaped) + at_end.zombies, "procs", "0",
           not unreaped and at_end.zombies == 0, pids=unreaped[:10],
           longest_zombie_s=watch.longest_zombie_s(), ffmpeg_seen=len(watch.ffmpeg_seen),
           zombie_sightings=len(watch.zombie_life_s))  # fmt: skip
    strays = len(watch.strays) + at_end.ffmpeg
    record("stray ffmpeg", strays, "procs", "0", strays == 0, max_alive=watch.max_ffmpeg,
           alive_at_end=at_end.ffmpeg)  # fmt: skip


# ----------------------------------------------------------------------------- part 2
def soak_continuous(record: Record, base: dict[str, str], pulse: PulseServer, minutes: float,
                    workdir: Path) -> dict[str, object]:  # fmt: skip
    """Play the 20-minute side on repeat for ``minutes``; record underruns and resources."""
    from benchmarks.ui_bench import side_album

    album = side_album(CACHE)
    env = app_env(base, workdir / "continuous", None)
    listener = MonitorListener(pulse.env, pulse.monitor_name)
    app = RunningApp(album, env, workdir / "continuous.out")
    watch = ProcessWatch(app.proc.pid, stray_age_s=None)
    print(f"playing {minutes:g} min on end with the window visible ...", flush=True)
    try:
        app.wait_until_ready()
        facts: dict[str, object] = {"window_visible": app.window_visible()}
        app.client.playerctl("loop", "Playlist")
        hold(app, watch, minutes * 60)
        facts["status_at_end"] = app.status()
        facts["pixels_moving_at_end"] = app.pixels_changing(workdir)
    finally:
        listener.stop()
        facts["exit_code"] = app.quit()
        app.keep_logs(LOGS, "continuous")
    first, last = watch.samples[min(10, len(watch.samples) - 2)], watch.samples[-1]  # past 20 s
    facts["cpu_percent"] = round(100 * (last.cpu_s - first.cpu_s) / (last.t_s - first.t_s), 1)
    gaps = record_underruns(record, app, listener, minutes, facts)
    rss, fds, threads = (growth([getattr(s, k) for s in watch.samples[10:]])
                         for k in ("rss_mb", "fds", "threads"))  # fmt: skip
    record(f"RSS over {minutes:g} min", rss.change, "MB", "- (reported)", True, start_mb=rss.start,
           end_mb=rss.end, peak_mb=rss.peak, fds_start=fds.start, fds_end=fds.end,
           threads_start=threads.start, threads_end=threads.end,
           zombie_ffmpeg=len(watch.unreaped()), max_ffmpeg=watch.max_ffmpeg)  # fmt: skip
    return {"samples": [asdict(s) for s in watch.samples[::5]], "gaps": gaps}


def record_underruns(record: Record, app: RunningApp, listener: MonitorListener, minutes: float,
                     facts: dict[str, object]) -> list[tuple[float, float]]:  # fmt: skip
    """Record the underruns the app logged and the gaps heard on the sink; return the gaps.

    The floor asks for none of either, for sound all along, and for the window to be
    visible and moving at the end.
    """
    in_log, on_terminal = app.logged_underruns()
    gaps = listener.dropouts()
    sounding_s = listener.seconds_sounding()
    ok = in_log == 0 and on_terminal == 0 and not gaps and sounding_s >= minutes * 60 - 5
    ok = ok and facts["window_visible"] is True and facts["status_at_end"] == "Playing"
    moving = facts["pixels_moving_at_end"]
    ok = ok and isinstance(moving, int) and moving > 0
    starting = sum(1 for start_s, _ms in gaps if start_s < STARTUP_S)
    record(f"underruns, {minutes:g} min with animation", in_log, "count", "0 (log and sink)", ok,
           gaps_heard=len(gaps), gaps_in_first_15_s=starting, first_gaps=gaps[:5],
           terminal=on_terminal, sounding_s=round(sounding_s, 1), **facts)  # fmt: skip
    return gaps


def hold(app: RunningApp, watch: ProcessWatch, seconds: float) -> None:
    """Sample the app every 2 s for ``seconds`` while it plays; fail if it ends."""
    start = time.monotonic()
    shown = 0
    while (elapsed := time.monotonic() - start) < seconds:
        sample = watch.sample(0)
        if not app.alive():
            raise RuntimeError(f"the app ended during the soak:\n{app.tail()}")
        if elapsed >= shown + 300:
            shown = int(elapsed - elapsed % 300)
            print(f"  {elapsed / 60:5.1f} min  RSS {sample.rss_mb:7.1f} MB  "
                  f"underruns {app.logged_underruns()[0]}", flush=True)  # fmt: skip
        time.sleep(min(2 * SAMPLE_S, max(0.0, seconds - elapsed)))


# ----------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    """Run the soak; return 0 when every floor holds."""
    from benchmarks.run import Bench

    args = parse_arguments(argv)
    report: dict[str, object] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "tracks": args.tracks, "minutes": args.minutes, "rate": args.rate,
    }  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="starlight-soak-") as name, ExitStack() as stack:
        workdir = Path(name)
        bench = Bench(1, workdir)
        pulse = stack.enter_context(PulseServer())
        xvfb = stack.enter_context(XvfbServer())
        bus = stack.enter_context(SessionBus())
        base = {**pulse.env, **bus.env, "DISPLAY": xvfb.env["DISPLAY"]}
        if args.tracks > 0:
            report["tracks_series"] = soak_tracks(bench.record, base, pulse, args, workdir)
        if args.minutes > 0:
            report["continuous_series"] = soak_continuous(
                bench.record, base, pulse, args.minutes, workdir
            )
    report["figures"] = bench.results
    args.json.write_text(json.dumps(report, indent=1) + "\n")
    print(f"written {args.json}; the app's logs are in {LOGS}")
    return 0 if all(r["ok"] for r in bench.results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
