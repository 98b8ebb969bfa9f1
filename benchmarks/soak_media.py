"""The soak's tracks: many short, real, tagged files whose tones say which track is heard.

Track ``n`` is a sine at :data:`TONES_HZ` ``[n % 5]`` lasting :func:`duration_s` ``(n)``
(1.0 to 1.8 s), encoded as FLAC, MP3 or Ogg Vorbis in turn, and tagged as track of an album.
On the sink's monitor consecutive tracks therefore always differ in pitch, and a skipped
track shows as a wrong step in the sequence (:mod:`benchmarks.soak_listen`). A silent lead-in
of :data:`LEAD_IN_S` on the first album comes before them: time for the soak to find the
player on the bus and set its rate before the first tone.

The files are made once with ffmpeg (two at a time) and kept under ``benchmarks/.cache/soak``
with a marker that names what was made, so a second run starts at once.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

TONES_HZ = (300.0, 420.0, 590.0, 830.0, 1160.0)  # ratios of 1.4: far apart even at 3x
_DURATIONS_S = (1.0, 1.2, 1.4, 1.6, 1.8)
_FORMATS = (
    ("flac", ("-c:a", "flac")),
    ("mp3", ("-c:a", "libmp3lame", "-b:a", "128k")),
    ("ogg", ("-c:a", "libvorbis", "-q:a", "3")),
)
_MARKER = ".complete"
LEAD_IN_S = 12.0
LEAD_IN_NAME = "0000 lead-in.flac"


@dataclass(frozen=True)
class TrackSpec:
    """One generated track: where it goes, what it sounds like and how it is tagged."""

    index: int
    name: str
    tone_hz: float
    duration_s: float
    album: str
    number: int


def duration_s(index: int) -> float:
    """Return the length of track ``index``: 1.0 to 1.8 s, varied apart from its tone."""
    return _DURATIONS_S[(index * 2 + index // 5) % len(_DURATIONS_S)]


def track_plan(count: int, album_size: int) -> list[TrackSpec]:
    """Return the specs of ``count`` tracks, grouped into albums of ``album_size`` tracks.

    Parameters
    ----------
    count
        Number of tracks.
    album_size
        Tracks per album (a record on the deck); ``count`` or more makes one album.

    Raises
    ------
    ValueError
        When ``count`` is negative or ``album_size`` is not positive.
    """
    if count < 0 or album_size < 1:
        raise ValueError(f"cannot plan {count} tracks in albums of {album_size}")
    specs = []
    for index in range(count):
        album, number = divmod(index, album_size)
        extension = _FORMATS[index % len(_FORMATS)][0]
        specs.append(
            TrackSpec(
                index=index,
                name=f"{index + 1:04d} soak.{extension}",
                tone_hz=TONES_HZ[index % len(TONES_HZ)],
                duration_s=duration_s(index),
                album=f"Soak Album {album + 1:03d}",
                number=number + 1,
            )
        )
    return specs


def playing_time_s(specs: list[TrackSpec]) -> float:
    """Return the total length of the tracks at normal speed."""
    return sum(spec.duration_s for spec in specs)


def lead_in(album: str) -> TrackSpec:
    """Return the spec of the silent lead-in, the first track of ``album``."""
    return TrackSpec(-1, LEAD_IN_NAME, 0.0, LEAD_IN_S, album, 0)


def encode_command(spec: TrackSpec, folder: Path) -> list[str]:
    """Return the ffmpeg argument list that writes ``spec`` into ``folder`` (tone 0: silence)."""
    codec = dict(_FORMATS)[spec.name.rsplit(".", 1)[1]]
    source = f"sine=frequency={spec.tone_hz}:sample_rate=44100:duration={spec.duration_s}"
    if spec.tone_hz <= 0:
        source = f"anullsrc=r=44100:cl=stereo:d={spec.duration_s}"
    tags = {
        "title": f"Soak {spec.index + 1}" if spec.index >= 0 else "Soak lead-in",
        "artist": "Soak Ensemble",
        "album_artist": "Soak Ensemble",
        "album": spec.album,
        "track": str(spec.number),
    }
    command = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error"]
    command += ["-f", "lavfi", "-i", source, "-ac", "2", *codec]
    for key, value in tags.items():
        command += ["-metadata", f"{key}={value}"]
    return [*command, "-y", f"file:{folder / spec.name}"]


def make_tracks(cache: Path, count: int, album_size: int, workers: int = 2) -> list[Path]:
    """Return the lead-in and the planned tracks, making them first unless they are cached.

    Parameters
    ----------
    cache
        Folder for the sets of tracks (one sub-folder per plan).
    count, album_size
        As :func:`track_plan`.
    workers
        ffmpeg processes run at once.

    Raises
    ------
    RuntimeError
        When ffmpeg fails on a track (its message is included).
    """
    specs = track_plan(count, album_size)
    specs.insert(0, lead_in(specs[0].album if specs else "Soak Album 001"))
    album_size = min(album_size, max(count, 1))
    folder = cache / f"tracks-{count}-albums-of-{album_size}"
    paths = [folder / spec.name for spec in specs]
    fingerprint = json.dumps(
        {"count": count, "album_size": album_size, "tones": TONES_HZ, "lead_in_s": LEAD_IN_S}
    )
    marker = folder / _MARKER
    if marker.exists() and marker.read_text() == fingerprint:
        return paths
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)

    def encode(spec: TrackSpec) -> None:
        done = subprocess.run(encode_command(spec, folder), capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"ffmpeg could not make {spec.name}: {done.stderr.strip()}")

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(encode, specs))
    marker.write_text(fingerprint)
    return paths
