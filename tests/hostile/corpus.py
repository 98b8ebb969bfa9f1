"""Generate the hostile corpus: everything a music folder may hold that a player must survive.

:func:`build_corpus` writes it under a folder and returns a :class:`Corpus` that says what
each file is and what the app must make of it:

- ``good``: valid audio that must be indexed (and played), however odd: exotic formats and
  layouts, absurd tags, bomb covers, hostile names, odd tree shapes, 10,000 files in one
  folder;
- ``bad``: files with audio names that are not audio a tag reader can use (empty, random,
  text, images, cut inside their headers, header-only): each must be reported with a reason;
- ``either``: files damaged after their headers (truncated in the audio, ID3 tags whose
  sizes lie): readable or not, each must be indexed or reported, never lost or crashed on;
- ``link_problems``: links that lead nowhere or in a circle, which the walk reports;
- ``locked_file`` and ``locked_folder``: ordinary here; the permission test locks them in a
  copy of the corpus and scans it as an unprivileged user.

Real audio comes from Debian's ``ffmpeg`` (given as ``ffmpeg``) and tags from mutagen, on our
own generated files only. :mod:`tests.hostile.corpus_parts` makes the valid files and
:mod:`tests.hostile.corpus_broken` the broken ones and the tree shapes. It takes about 2 s.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

#: Tiny files in the one crowded folder.
FLAT_FILES = 10_000
#: Nesting of the deepest folder.
DEPTH = 40


@dataclass(frozen=True)
class Playable:
    """A valid file that must play: what the decoder must deliver."""

    path: Path
    duration_s: float
    rate_hz: int
    channels: int
    tolerance_s: float = 0.03


@dataclass
class Corpus:
    """The generated files and what the app must make of each (see the module docstring)."""

    root: Path
    good: set[Path] = field(default_factory=set)
    bad: dict[Path, str] = field(default_factory=dict)
    either: set[Path] = field(default_factory=set)
    link_problems: set[Path] = field(default_factory=set)
    playable: dict[str, Playable] = field(default_factory=dict)
    named: dict[str, Path] = field(default_factory=dict)
    bomb_covers: dict[str, Path] = field(default_factory=dict)
    disguised: dict[str, Path] = field(default_factory=dict)
    secret: Path | None = None
    locked_file: Path | None = None
    locked_folder: Path | None = None

    @property
    def audio_named(self) -> int:
        """How many files the walk must find (good, bad and either; links are problems)."""
        return len(self.good) + len(self.bad) + len(self.either)

    def locked_away(self) -> set[Path]:
        """Return the good files inside :attr:`locked_folder` (unseen once it is locked)."""
        folder = self.locked_folder
        return {p for p in self.good if folder is not None and folder in p.parents}


class Encoder:
    """Runs ``ffmpeg`` jobs two at a time; :meth:`wait` returns once all are written."""

    def __init__(self, ffmpeg: str) -> None:
        self.ffmpeg = ffmpeg
        self._pool = ThreadPoolExecutor(max_workers=max(2, len(os.sched_getaffinity(0))))
        self._jobs: list[Future[None]] = []

    def encode(
        self, out: Path, source: Sequence[str], codec: Sequence[str], data: bytes | None = None
    ) -> Path:
        """Queue ``ffmpeg SOURCE CODEC file:OUT``; ``data`` is fed to a ``pipe:0`` source."""
        out.parent.mkdir(parents=True, exist_ok=True)
        command = [
            self.ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            *source, *codec, "file:" + str(out.absolute()),
        ]  # fmt: skip
        self._jobs.append(self._pool.submit(_run, command, data))
        return out

    def wait(self) -> None:
        """Wait for every queued job; raise the first failure."""
        jobs, self._jobs = self._jobs, []
        for job in jobs:
            job.result()

    def close(self) -> None:
        """Stop the pool."""
        self._pool.shutdown()


def _run(command: list[str], data: bytes | None) -> None:
    stdin = subprocess.DEVNULL if data is None else None
    done = subprocess.run(command, input=data, stdin=stdin, capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed: {done.stderr.decode(errors='replace')}")


def sine(seconds: float, rate_hz: int = 44100, frequency_hz: float = 440.0) -> list[str]:
    """Return ffmpeg input options for a sine tone of ``seconds``."""
    return ["-f", "lavfi", "-i", f"sine=frequency={frequency_hz}:sample_rate={rate_hz}:d={seconds}"]


def build_corpus(root: Path, ffmpeg: str) -> Corpus:
    """Write the hostile corpus under ``root`` (created) and return what it holds."""
    from tests.hostile import corpus_broken as broken
    from tests.hostile import corpus_parts as parts

    root.mkdir(parents=True)
    corpus = Corpus(root)
    encoder = Encoder(ffmpeg)
    try:
        bases = parts.base_files(encoder, root / "good" / "formats")
        parts.exotic_files(encoder, corpus, root / "good" / "exotic")
        parts.named_files(encoder, corpus, root / "good" / "names")
        encoder.wait()
        corpus.good.update(path for kind, path in bases.items() if kind not in ("jpeg", "png"))
        bases["wma"] = corpus.playable["windows media.wma"].path
        parts.tag_bases(bases)
        parts.absurd_tags(corpus, bases, root / "good" / "tags")
        parts.bomb_images(corpus, bases, root / "good" / "covers")
        broken.broken_files(corpus, bases, root / "broken")
        broken.tree_shapes(corpus, bases, root / "tree")
    finally:
        encoder.close()
    return corpus
