"""Fuzz the tag and cover readers with mutated real files (``make fuzz``).

Each case mutates a real seed file (:mod:`tools.fuzz_inputs`) and hands it to
:func:`app.library.tags.read_track` and :func:`app.library.covers.find_cover` /
:func:`~app.library.covers.read_cover_bytes`, or for a picture to
:func:`~app.library.covers.folder_cover`. The readers may refuse a file with ``TagReadError``
or ``CoverError`` (even when the cause is a ``MemoryError``: a header claiming 4 GB makes
Python ask for 4 GB, and refusing the file is then right); anything else is a failure:

- ``crash``: any other exception;
- ``hang``: no answer within :data:`CASE_TIMEOUT_S` (the worker is killed and restarted);
- ``memory``: the worker's peak RSS grew by more than :data:`MEMORY_GROWTH_MB`;
- ``bound``: a track field outside the limits of :mod:`app.library.text`, a cover too big.

The readers run in a worker process whose address space is capped at
:data:`ADDRESS_SPACE_MB` (the same absurd claims then fail the same way on every machine), so
a hang or a runaway allocation cannot take the fuzzer down with it. Every case has its own
random generator seeded from ``(seed, case)``: a failure is saved to ``--out`` with a ``.txt``
beside it, and ``--replay FILE`` runs the readers on a saved input in this process, so a
debugger can follow it.

Usage::

    python tools/fuzz_tags.py --seconds 600 --seed 1234 --out build/fuzz
    python tools/fuzz_tags.py --replay build/fuzz/crashes/1234-17-crash.mp3
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import select
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.core.track import Track  # noqa: E402
from tools.fuzz_inputs import IMAGE_SUFFIXES, Seed, make_seeds, mutate  # noqa: E402

CASE_TIMEOUT_S = 2.0  # one small file: milliseconds normally, so this is a hang
MEMORY_GROWTH_MB = 128  # peak RSS of the worker beyond its start (files are < 100 kB)
ADDRESS_SPACE_MB = 2048  # RLIMIT_AS of the worker: a runaway allocation fails there
DEFAULT_TARGET = "tools.fuzz_tags:check_file"


@dataclass
class Failure:
    """A case the readers did not survive."""

    seed: int
    case: int
    kind: str
    detail: str
    recipe: str
    error: str = ""  # the exception's type, for a crash
    where: str = ""  # the reader it escaped from (``read_track``, ``find_cover`` ...)
    saved: Path | None = None

    def describe(self) -> str:
        """Return the failure with what is needed to reproduce it."""
        where = f"saved as {self.saved}; replay: python tools/fuzz_tags.py --replay {self.saved}"
        return (
            f"{self.kind} in case {self.case} of seed {self.seed} ({self.recipe}); {where}\n"
            f"{self.detail}"
        )


@dataclass
class Report:
    """What a run did."""

    seed: int
    cases: int = 0
    refused: int = 0  # cases a reader refused with its own error, as it should
    seconds: float = 0.0
    peak_growth_mb: float = 0.0  # the worker's largest peak RSS growth over its start
    failures: list[Failure] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# The readers under test, and their limits
# --------------------------------------------------------------------------------------------


def check_file(path: Path) -> bool:
    """Run the readers on ``path``; raise if they fail other than by refusing the file.

    Returns whether a reader refused the file (as broken, with its own error).
    """
    from app.core.errors import CoverError, TagReadError
    from app.library.covers import MAX_ENCODED_BYTES, find_cover, folder_cover, read_cover_bytes
    from app.library.tags import read_track

    refused = False
    if path.suffix in IMAGE_SUFFIXES:
        sources = [folder_cover(path.parent)]
    else:
        try:
            _check_track(read_track(path))
        except TagReadError:
            refused = True
        try:
            sources = [find_cover(path)]
        except CoverError:
            refused = True
            sources = []
    for source in sources:
        if source is None:
            continue
        try:
            data = read_cover_bytes(source)
        except CoverError:
            refused = True
            continue
        if len(data) > MAX_ENCODED_BYTES:
            raise OutOfBounds(f"a cover of {len(data)} bytes passed")
    return refused


class OutOfBounds(AssertionError):
    """A reader returned a value outside its documented limits."""


def _check_track(track: Track) -> None:
    """Raise :class:`OutOfBounds` for any field outside the limits of :mod:`app.library.text`.

    Text must also encode as UTF-8 (no lone surrogates), or the library could not store it.
    """
    from app.library.text import MAX_TEXT, MAX_VALUES, SEPARATOR

    joined_max = MAX_VALUES * (MAX_TEXT + len(SEPARATOR))
    problems = []
    texts = {f.name: getattr(track, f.name) for f in fields(track)}
    texts.update((f"musicbrainz.{f.name}", getattr(track.musicbrainz, f.name))
                 for f in fields(track.musicbrainz))  # fmt: skip
    for name, value in texts.items():
        if not isinstance(value, str):
            continue
        longest = (
            joined_max if name in ("artist", "album_artist", "genre", "composer") else MAX_TEXT
        )
        if len(value) > longest or not _encodes(value):
            problems.append(name)
    if len(track.artists) > MAX_VALUES or any(
        not 0 < len(a) <= MAX_TEXT or not _encodes(a) for a in track.artists
    ):
        problems.append("artists")
    for name in ("track_number", "track_total", "disc_number", "disc_total"):
        value = getattr(track, name)
        if value is not None and not 0 < value < 10**9:
            problems.append(f"{name}={value}")
    numbers = [("duration_s", track.duration_s)]
    numbers += [(f.name, getattr(track.replay_gain, f.name)) for f in fields(track.replay_gain)]
    for name, number in numbers:
        if number is not None and not math.isfinite(number):
            problems.append(f"{name}={number}")
    if problems:
        raise OutOfBounds("fields out of bounds: " + ", ".join(problems))


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# The worker process
# --------------------------------------------------------------------------------------------


def _worker_main(target: str) -> None:
    """Answer each path on stdin with one JSON line: the outcome of ``target`` on it."""
    limit = ADDRESS_SPACE_MB * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    module, _, name = target.partition(":")
    check = getattr(__import__(module, fromlist=[name]), name)
    _warm_up()
    start_kb = peak_rss_kb()
    print("ready", flush=True)
    for line in sys.stdin:
        outcome = {"kind": "ok", "detail": ""}
        try:
            if check(Path(line.rstrip("\n"))):
                outcome["kind"] = "refused"
        except OutOfBounds:
            outcome = {"kind": "bound", "detail": traceback.format_exc()}
        except BaseException as exc:  # every other exception is what we look for
            outcome = {"kind": "crash", "detail": traceback.format_exc(), **_origin(exc)}
        grown_mb = (peak_rss_kb() - start_kb) / 1024
        outcome["grown_mb"] = grown_mb  # type: ignore[assignment]
        print(json.dumps(outcome), flush=True)


def _origin(exc: BaseException) -> dict[str, str]:
    """Return the exception's type and the first function of ``app`` it passed through."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = next((f.name for f in frames if f"{os.sep}app{os.sep}" in f.filename), "")
    return {"error": type(exc).__name__, "where": where}


def peak_rss_kb() -> int:
    """Return this process's peak resident set size in kB, since its last ``exec``.

    Linux keeps ``ru_maxrss`` across ``exec``, so a worker started by a large process would
    inherit its parent's peak; ``VmHWM`` belongs to the process image alone.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _warm_up() -> None:
    """Import what the readers import on first use, so no case pays for it."""
    import io

    import mutagen

    import app.library.covers
    import app.library.tags  # noqa: F401

    mutagen.File(io.BytesIO(bytes(64)))  # imports every format module


class _Worker:
    """The worker process, restarted after a hang or a memory failure."""

    def __init__(self, target: str, timeout_s: float = CASE_TIMEOUT_S) -> None:
        self.target = target
        self.timeout_s = timeout_s
        self.process: subprocess.Popen[str] | None = None
        self.peak_growth_mb = 0.0

    def check(self, path: Path) -> dict[str, object]:
        """Return the worker's outcome for ``path``; a hang is killed and reported.

        A case that gets no answer is tried once more in a fresh worker, so a machine that
        stalls for a moment is not taken for a hang.
        """
        outcome = self._ask(path)
        if outcome["kind"] == "hang":
            outcome = self._ask(path)
        return outcome

    def _ask(self, path: Path) -> dict[str, object]:
        process = self._started()
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(f"{path}\n")
        process.stdin.flush()
        line = _read_line(process, self.timeout_s)
        if not line:
            hung = process.poll() is None
            self.close()
            what = f"no answer within {self.timeout_s} s" if hung else "the worker died"
            return {"kind": "hang" if hung else "crash", "detail": what, "grown_mb": 0.0}
        outcome: dict[str, object] = json.loads(line)
        self.peak_growth_mb = max(self.peak_growth_mb, float(outcome["grown_mb"]))  # type: ignore[arg-type]
        if float(outcome["grown_mb"]) > MEMORY_GROWTH_MB:  # type: ignore[arg-type]
            self.close()  # the next case starts from a fresh process
            if outcome["kind"] in ("ok", "refused"):
                grown = f"{float(outcome['grown_mb']):.0f}"  # type: ignore[arg-type]
                outcome.update(kind="memory", detail=f"peak RSS grew by {grown} MB")
        return outcome

    def _started(self) -> subprocess.Popen[str]:
        """Return the worker process, started (and warmed up) if it is not running."""
        if self.process is not None and self.process.poll() is None:
            return self.process
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", self.target],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
        if _read_line(self.process, 60.0) != "ready\n":
            self.close()
            raise RuntimeError(f"the fuzz worker for {self.target} did not start")
        return self.process

    def close(self) -> None:
        """Stop the worker process."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()
            self.process = None


def _read_line(process: subprocess.Popen[str], timeout_s: float) -> str:
    """Return the next line of the worker, or ``""`` when none comes within ``timeout_s``."""
    assert process.stdout is not None
    readable, _, _ = select.select([process.stdout], [], [], timeout_s)
    return process.stdout.readline() if readable else ""


# --------------------------------------------------------------------------------------------
# Runs
# --------------------------------------------------------------------------------------------


def fuzz(
    seeds: list[Seed],
    seconds: float,
    seed: int,
    out: Path,
    *,
    max_cases: int | None = None,
    target: str = DEFAULT_TARGET,
    timeout_s: float = CASE_TIMEOUT_S,
) -> Report:
    """Run cases for ``seconds`` (or ``max_cases``); save each failing input under ``out``.

    Case ``n`` of a seed is the same on every run with the same seed files. ``target``
    (``"module:function"``, given a path) is what runs in the worker; ``timeout_s`` is the
    time a case may take before it counts as a hang.
    """
    report = Report(seed)
    worker = _Worker(target, timeout_s)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="starlight-fuzz-") as scratch:
        try:
            while time.monotonic() - started < seconds and report.cases != max_cases:
                case = report.cases
                data, suffix, recipe = mutate(random.Random(f"{seed}:{case}"), seeds)
                folder = Path(scratch, str(case % 2))  # a fresh folder: no stale cover beside
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                path = folder / (f"cover{suffix}" if suffix in IMAGE_SUFFIXES else f"c{suffix}")
                path.write_bytes(data)
                outcome = worker.check(path)
                report.cases += 1
                report.refused += outcome["kind"] == "refused"
                if outcome["kind"] not in ("ok", "refused"):
                    failure = Failure(
                        seed, case, str(outcome["kind"]), str(outcome["detail"]), recipe,
                        str(outcome.get("error", "")), str(outcome.get("where", "")),
                    )  # fmt: skip
                    _save(out, failure, data, suffix)
                    report.failures.append(failure)
        finally:
            worker.close()
    report.seconds = time.monotonic() - started
    report.peak_growth_mb = worker.peak_growth_mb
    return report


def _save(out: Path, failure: Failure, data: bytes, suffix: str) -> None:
    """Keep the failing input, and the failure's description beside it."""
    out.mkdir(parents=True, exist_ok=True)
    failure.saved = out / f"{failure.seed}-{failure.case}-{failure.kind}{suffix}"
    failure.saved.write_bytes(data)
    Path(f"{failure.saved}.txt").write_text(failure.describe(), "utf-8")


def replay(path: Path) -> int:
    """Run the readers on a saved input in this process; return 1 if they fail."""
    work = Path(tempfile.mkdtemp(prefix="starlight-replay-"))
    try:
        copy = work / (f"cover{path.suffix}" if path.suffix in IMAGE_SUFFIXES else path.name)
        shutil.copyfile(path, copy)  # alone in its folder, as when it failed
        started = time.monotonic()
        try:
            refused = check_file(copy)
        except BaseException:  # show what the fuzzer saw
            traceback.print_exc()
            return 1
        how = "refused as broken" if refused else "read"
        print(f"{path}: no failure, {how} ({time.monotonic() - started:.3f} s)")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer from the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "fuzz", help="work folder")
    parser.add_argument("--replay", type=Path, nargs="+", help="run the readers on saved inputs")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        # As tools.fuzz_tags, not __main__: the targets raise that module's OutOfBounds.
        from tools import fuzz_tags

        fuzz_tags._worker_main(args.worker)
        return 0
    if args.replay:
        return max(replay(path) for path in args.replay)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    seeds = make_seeds(args.out / "seeds")
    print(f"fuzzing {len(seeds)} seed files for {args.seconds:g} s with --seed {seed}")
    report = fuzz(seeds, args.seconds, seed, args.out / "crashes")
    print(
        f"{report.cases} cases in {report.seconds:.0f} s ({report.refused} refused by the readers"
        f" as broken; worker RSS grew at most {report.peak_growth_mb:.0f} MB),"
        f" {len(report.failures)} failures"
    )
    for failure in report.failures:
        print(failure.describe())
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
