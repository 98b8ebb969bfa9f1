"""The groove map: how loud the music is at every radius of a side, for the record's shine.

A real record shows its music: loud passages are cut wide and catch the light, quiet ones and
the gaps between tracks look darker. :func:`track_loudness` measures a track's RMS level in
short windows (ffmpeg decodes, numpy does the sums); :func:`groove_map` lays
those levels out over the radii of a :class:`~app.visual.deck.SideLayout`. Both are plain
functions for a background worker; :class:`GrooveMapCache` keeps finished maps on disk.

The music file reaches ffmpeg as the engine's decoder gives it (:func:`decode_command`): an
absolute ``file:`` input with only the ``file`` and ``pipe`` protocols allowed, so no name is
read as an option, a URL or ``concat:``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import subprocess
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from app.audio.ffmpeg import decode_command
from app.core.errors import DecodeError
from app.visual.deck import SideLayout

log = logging.getLogger(__name__)

WINDOW_S = 0.25
ANALYSIS_RATE_HZ = 8000
FLOOR_DB = -60.0
RINGS = 720
DECODE_TIMEOUT_S = 60.0

Levels = npt.NDArray[np.float32]


def loudness_profile(samples: npt.ArrayLike, rate_hz: int, window_s: float = WINDOW_S) -> Levels:
    """Return the RMS level, in dBFS (sine-referenced), of each ``window_s`` of mono samples."""
    mono = np.asarray(samples, dtype=np.float64)
    size = max(1, round(window_s * rate_hz))
    count = max(1, -(-len(mono) // size))
    padded = np.zeros(count * size)
    padded[: len(mono)] = mono
    power = np.mean(padded.reshape(count, size) ** 2, axis=1)
    # +3 dB: a full-scale sine (RMS 0.707) reads 0 dBFS.
    levels = 10.0 * np.log10(np.maximum(power, 1e-12)) + 3.0103
    clipped: Levels = np.maximum(levels, FLOOR_DB).astype(np.float32)
    return clipped


def track_loudness(path: Path, window_s: float = WINDOW_S) -> Levels:
    """Decode ``path`` (mono, 8 kHz: plenty for loudness) and return its loudness profile.

    ffmpeg decodes straight to 16-bit samples on a pipe, read into numpy in one piece; pydub's
    reader would add an ffprobe run and a copy of the whole file through Python, which took a
    20-minute side from 1.3 s to 2.7 s.

    Raises
    ------
    DecodeError
        When the file cannot be opened or decoded.

    """
    output = ("-ac", "1", "-ar", str(ANALYSIS_RATE_HZ), "-f", "s16le", "pipe:1")
    command = decode_command(path, output=output)
    if not os.path.isfile(path):
        raise DecodeError(path, "could not be opened (no such file)")
    try:
        done = subprocess.run(command, capture_output=True, timeout=DECODE_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DecodeError(path, f"could not be decoded for the groove map ({exc})") from exc
    if done.returncode != 0 or not done.stdout:
        raise DecodeError(path, "could not be decoded for the groove map")
    samples = np.frombuffer(done.stdout[: len(done.stdout) // 2 * 2], dtype="<i2") / 32768.0
    return loudness_profile(samples, ANALYSIS_RATE_HZ, window_s)


def side_loudness(paths: Sequence[Path], workers: int = 2) -> list[Levels]:
    """Return each track's loudness profile, decoding ``workers`` tracks at once.

    A track that cannot be decoded gets an empty profile, which the map draws as smooth
    groove, so one bad file never costs the side its map.
    """

    def one(path: Path) -> Levels:
        try:
            return track_loudness(path)
        except DecodeError:
            return np.zeros(0, dtype=np.float32)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, paths))


@dataclass(frozen=True)
class GrooveMap:
    """Brightness (0 dark .. 1 loud) of ``RINGS`` rings from the edge of the music inwards.

    ``is_gap`` marks rings between tracks and outside the music, drawn as smooth groove.
    """

    radii_mm: npt.NDArray[np.float64]
    brightness: Levels
    is_gap: npt.NDArray[np.bool_]


def groove_map(
    layout: SideLayout, profiles: Sequence[Levels], window_s: float = WINDOW_S, rings: int = RINGS
) -> GrooveMap:
    """Lay each track's loudness over its band of the side."""
    disc = layout.disc
    radii = np.linspace(disc.music_start_mm, disc.music_end_mm, rings)
    brightness = np.zeros(rings, dtype=np.float32)
    gap = np.ones(rings, dtype=bool)
    for track, (band, profile) in enumerate(zip(layout.bands, profiles, strict=True)):
        inside = (radii <= band.outer_mm) & (radii >= band.inner_mm)
        if not inside.any() or not len(profile):
            continue
        times = np.array([layout_time(layout, track, r) for r in radii[inside]])
        windows = np.clip((times / window_s).astype(int), 0, len(profile) - 1)
        brightness[inside] = (profile[windows] - FLOOR_DB) / -FLOOR_DB
        gap[inside] = False
    return GrooveMap(radii, np.clip(brightness, 0.0, 1.0), gap)


def layout_time(layout: SideLayout, track: int, radius_mm: float) -> float:
    """Return the time into ``track`` at which the stylus passes ``radius_mm``."""
    band = layout.bands[track]
    width = band.outer_mm - band.inner_mm
    share = (band.outer_mm - radius_mm) / width if width > 0 else 0.0
    return share * band.duration_s


class GrooveMapCache:
    """Finished groove maps on disk, keyed by the side's files, their sizes and mtimes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def key(paths: Sequence[Path], durations_s: Sequence[float] = ()) -> str:
        """Return a key that changes when any of the side's files, or its layout, changes."""
        digest = hashlib.sha1(usedforsecurity=False)
        digest.update(",".join(f"{d:.2f}" for d in durations_s).encode() + b"\0")
        for path in paths:
            info = os.stat(path)
            digest.update(os.fsencode(path) + f"\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
        return digest.hexdigest()

    def load(self, key: str) -> GrooveMap | None:
        """Return the cached map, or None when absent or unreadable.

        A damaged file (cut short by a crash, emptied by a full disk) is deleted, so the map
        is made again and saved whole.
        """
        path = self.folder / f"{key}.npz"
        try:
            with path.open("rb") as file, np.load(file) as data:
                return GrooveMap(data["radii_mm"], data["brightness"], data["is_gap"])
        except FileNotFoundError:
            return None
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
            log.info("the cached groove map %s is damaged; it will be made again", path.name)
            with contextlib.suppress(OSError):
                path.unlink()
            return None

    def save(self, key: str, groove: GrooveMap) -> None:
        """Store ``groove`` atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f".{key}.{os.getpid()}.npz"
        np.savez_compressed(
            temporary, radii_mm=groove.radii_mm, brightness=groove.brightness,
            is_gap=groove.is_gap,
        )  # fmt: skip
        os.replace(temporary, self.folder / f"{key}.npz")
