"""Generate a tagged library of N tracks, for the scanner's tests and benchmarks.

Ten-track albums by a thousand artists, in ``Artist/Album/NN Title.ext`` folders, in four
formats (MP3 and FLAC mostly, some Ogg Vorbis and AAC), with English, accented and Korean
names so search meets real text. Each file is a copy of a one-second template with its own
tags written by mutagen (these are our generated files, never a user's).
"""

from __future__ import annotations

import random
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import mutagen
from mutagen.easyid3 import EasyID3
from mutagen.easymp4 import EasyMP4

from app.audio.ffmpeg import ffmpeg_binary

FORMATS = (
    (".mp3", ["-c:a", "libmp3lame", "-b:a", "64k"], 4),
    (".flac", ["-c:a", "flac"], 4),
    (".ogg", ["-c:a", "libvorbis", "-q:a", "0"], 1),
    (".m4a", ["-c:a", "aac", "-b:a", "64k"], 1),
)
_WORD_TEXT = (
    "star light night moon mars orbit turntable needle groove vinyl blue river rain city "
    "seoul dream signal echo velvet amber copper glass winter summer café éclair naïve "
    "señor über 별 빛 사랑 우주 밤하늘 노래 바람 기억 시간 여행 화성 달빛 음악"
)
WORDS = _WORD_TEXT.split()


def _templates(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    found = {}
    for suffix, codec, _ in FORMATS:
        path = folder / f"template{suffix}"
        if not path.exists():
            subprocess.run(
                [ffmpeg_binary(), "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
                 "-i", "sine=frequency=440:duration=1", "-ac", "2", *codec, f"file:{path}"],
                check=True,
            )  # fmt: skip
        found[suffix] = path.read_bytes()
    return found


def _name(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).title()


def _plan(count: int, seed: int = 7) -> list[tuple[str, dict[str, str]]]:
    rng = random.Random(seed)
    weights = [w for _, _, w in FORMATS]
    suffixes = [s for s, _, _ in FORMATS]
    plan = []
    artists = [f"{_name(rng, 2)} {i}" for i in range(max(1, count // 50))]
    for album_index in range((count + 9) // 10):
        artist = artists[album_index % len(artists)]
        album = f"{_name(rng, 2)} {album_index}"
        suffix = rng.choices(suffixes, weights)[0]
        year = str(1960 + album_index % 60)
        genre = rng.choice(["Rock", "Jazz", "Electronic", "K-Pop", "Classical", "Folk"])
        for number in range(1, 11):
            if len(plan) == count:
                break
            title = _name(rng, 3)
            relative = f"{artist}/{album}/{number:02d} {title}{suffix}"
            tags = {"title": title, "artist": artist, "album": album, "date": year,
                    "genre": genre, "tracknumber": f"{number}/10"}  # fmt: skip
            plan.append((relative, tags))
    return plan


def _write(job: tuple[Path, list[tuple[str, dict[str, str]]], dict[str, bytes]]) -> int:
    root, items, templates = job
    for relative, tags in items:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(templates[path.suffix])
        if path.suffix == ".mp3":
            handle: mutagen.FileType = EasyID3()
            handle.update(tags)
            handle.save(path)
            continue
        handle = EasyMP4(path) if path.suffix == ".m4a" else mutagen.File(path)
        for key, value in tags.items():
            handle[key] = value
        handle.save()
    return len(items)


def write_library(folder: Path, count: int, seed: int = 7) -> Path:
    """Write ``count`` tagged tracks under ``folder`` (in parallel); returns ``folder``."""
    templates = _templates(folder.parent / f".{folder.name}-templates")
    plan = _plan(count, seed)
    jobs = [(folder, plan[i : i + 500], templates) for i in range(0, len(plan), 500)]
    if len(jobs) == 1:
        _write(jobs[0])
        return folder
    with ProcessPoolExecutor() as pool:
        for _ in pool.map(_write, jobs):
            pass
    return folder


def cached_library(cache: Path, count: int) -> Path:
    """Return a generated ``count``-track library kept under ``cache`` between runs."""
    root = cache / f"library-{count}"
    done = root / ".complete"
    if not done.exists():
        write_library(root / "music", count)
        done.write_text(str(count))
    return root / "music"


if __name__ == "__main__":
    print(cached_library(Path(sys.argv[1]), int(sys.argv[2])))
