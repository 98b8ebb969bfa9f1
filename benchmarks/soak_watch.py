"""The app seen from outside with psutil while it soaks: memory, descriptors, threads, children.

:class:`ProcessWatch` samples the app every second or so. Its ffmpeg children are followed
by process id: a decoder of a short track lives a few seconds, so one alive for longer than
:data:`STRAY_AGE_S` is a stray; a finished ffmpeg stays a zombie until the app reads the rest
of its pipe and reaps it, which takes as long as the ring ahead holds (about 2 s), so only one
that stays a zombie longer than :data:`ZOMBIE_GRACE_S` is counted as left unreaped.

The pure helpers (:func:`growth`, :func:`trend_per_100`) are unit-tested.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import psutil

MB = 1024 * 1024
STRAY_AGE_S = 30.0
ZOMBIE_GRACE_S = 10.0
WINDOW = 5  # samples whose median stands for "at the start" and "at the end"


Child = tuple[int, float]  # pid, start time


@dataclass(frozen=True)
class Sample:
    """One look at the app."""

    t_s: float  # since the watch began
    tracks: int  # tracks started so far
    rss_mb: float
    children_rss_mb: float
    fds: int
    threads: int
    ffmpeg: int  # alive (not zombie) ffmpeg children
    zombies: int  # ffmpeg children that are zombies now
    cpu_s: float  # user + system time of the app and its children so far


@dataclass
class ProcessWatch:
    """Sample one process and follow its ffmpeg children.

    Parameters
    ----------
    pid
        The app's process id.
    stray_age_s
        An ffmpeg child alive (not a zombie) for longer than this is a stray; None: never.
    """

    pid: int
    stray_age_s: float | None = STRAY_AGE_S
    samples: list[Sample] = field(default_factory=list)
    # Children are known by (pid, start time): pids come round again over thousands of them.
    zombie_since: dict[Child, float] = field(default_factory=dict)  # first seen a zombie
    zombie_life_s: dict[Child, float] = field(default_factory=dict)  # a zombie for so long
    strays: set[Child] = field(default_factory=set)
    ffmpeg_seen: set[Child] = field(default_factory=set)
    max_ffmpeg: int = 0
    _t0: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.process = psutil.Process(self.pid)

    def sample(self, tracks: int) -> Sample:
        """Take a sample now, with ``tracks`` started so far; return it."""
        now = time.monotonic()
        proc = self.process
        with proc.oneshot():
            rss, fds, threads = proc.memory_info().rss, proc.num_fds(), proc.num_threads()
            times = proc.cpu_times()
        alive, zombies, children_rss_b, children_cpu_s = self._look_at_children(now)
        self.max_ffmpeg = max(self.max_ffmpeg, alive)
        # Reaped children count in children_*; the living ones are added one by one.
        cpu_s = times.user + times.system + times.children_user + times.children_system
        sample = Sample(
            t_s=round(now - self._t0, 2), tracks=tracks, rss_mb=round(rss / MB, 2),
            children_rss_mb=round(children_rss_b / MB, 2), fds=fds, threads=threads,
            ffmpeg=alive, zombies=zombies, cpu_s=round(cpu_s + children_cpu_s, 3),
        )  # fmt: skip
        self.samples.append(sample)
        return sample

    def _look_at_children(self, now: float) -> tuple[int, int, int, float]:
        """Return alive and zombie ffmpeg children, the children's RSS and CPU seconds."""
        alive = zombies = children_rss_b = 0
        children_cpu_s = 0.0
        for child in self.process.children(recursive=True):
            try:
                with child.oneshot():
                    name, status, created = child.name(), child.status(), child.create_time()
                    if status != psutil.STATUS_ZOMBIE:
                        children_rss_b += child.memory_info().rss
                        spent = child.cpu_times()
                        children_cpu_s += spent.user + spent.system
            except psutil.NoSuchProcess:
                continue
            if "ffmpeg" not in name:
                continue
            key = (child.pid, created)
            self.ffmpeg_seen.add(key)
            if status == psutil.STATUS_ZOMBIE:
                zombies += 1
                since = self.zombie_since.setdefault(key, now)
                self.zombie_life_s[key] = now - since
            else:
                alive += 1
                if self.stray_age_s is not None and time.time() - created > self.stray_age_s:
                    self.strays.add(key)
        return alive, zombies, children_rss_b, children_cpu_s

    def unreaped(self) -> list[int]:
        """Return the pids of ffmpeg children that stayed zombies over :data:`ZOMBIE_GRACE_S`."""
        return sorted(key[0] for key, life in self.zombie_life_s.items() if life > ZOMBIE_GRACE_S)

    def longest_zombie_s(self) -> float:
        """Return the longest time an ffmpeg child was seen a zombie."""
        return round(max(self.zombie_life_s.values(), default=0.0), 2)


@dataclass(frozen=True)
class Growth:
    """How a figure moved between two windows of samples."""

    start: float  # median of the first window
    end: float  # median of the last window
    peak: float
    low: float

    @property
    def change(self) -> float:
        """End minus start."""
        return round(self.end - self.start, 2)


def growth(values: Sequence[float], window: int = WINDOW) -> Growth:
    """Return the median of the first and of the last ``window`` values, the peak and the low.

    Raises
    ------
    ValueError
        When there are no values.
    """
    if not values:
        raise ValueError("no samples to measure")
    head, tail = values[:window], values[-window:]
    return Growth(
        start=round(statistics.median(head), 2), end=round(statistics.median(tail), 2),
        peak=round(max(values), 2), low=round(min(values), 2),
    )  # fmt: skip


def trend_per_100(tracks: Sequence[int], values: Sequence[float]) -> float | None:
    """Return the least-squares slope of ``values`` per 100 tracks (None: too few points)."""
    if len(tracks) < 3 or len(set(tracks)) < 2:
        return None
    mean_t = statistics.fmean(tracks)
    mean_v = statistics.fmean(values)
    spread = sum((t - mean_t) ** 2 for t in tracks)
    slope = sum((t - mean_t) * (v - mean_v) for t, v in zip(tracks, values, strict=True))
    return round(100 * slope / spread, 3)


def between(samples: Sequence[Sample], first_track: int, last_track: int) -> list[Sample]:
    """Return the samples taken from the start of ``first_track`` to that of ``last_track``."""
    return [s for s in samples if first_track <= s.tracks <= last_track]
