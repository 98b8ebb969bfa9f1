"""A short fuzz run of the tag and cover readers on mutated real files (tools/fuzz_tags.py).

The run has two parts: a fixed seed, so that CI is reproducible, then a random seed (printed
with any failure; ``STARLIGHT_FUZZ_SEED`` chooses it, ``STARLIGHT_FUZZ_SECONDS`` the length).
Each failing input is saved with its traceback and the command that replays it. ``make fuzz``
runs the same fuzzer for minutes.

Failures of a bug already reported are listed in :data:`KNOWN`, each with a regression test
below marked ``xfail(strict=True)``: when the bug is fixed, that test passes, fails as XPASS,
and both the mark and the :data:`KNOWN` entry go.
"""

from __future__ import annotations

import os
import random
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from mutagen.asf import ASF

from app.core.errors import CoverError, TagReadError
from app.library.covers import find_cover, folder_cover, read_cover_bytes
from app.library.tags import read_track
from tools.fuzz_inputs import IMAGE_SUFFIXES, Seed
from tools.fuzz_tags import OutOfBounds, Report, fuzz

ROOT = Path(__file__).resolve().parents[2]
FIXED_SEED = 20500501
SECONDS = float(os.environ.get("STARLIGHT_FUZZ_SECONDS", "9"))

# (reader, exception) of reported bugs outside these tests, and why each still happens.
KNOWN: dict[tuple[str, str], str] = {}


def seed_named(seeds: list[Seed], name: str) -> Seed:
    return next(seed for seed in seeds if seed.name == name)


def unknown_failures(report: Report) -> list[str]:
    return [
        failure.describe()
        for failure in report.failures
        if (failure.where, failure.error) not in KNOWN
    ]


def test_the_seeds_are_whole_tagged_files_with_covers(seeds: list[Seed], tmp_path: Path) -> None:
    assert {seed.name.rpartition(".")[2] for seed in seeds} >= {
        "mp3", "flac", "ogg", "opus", "m4a", "wav", "aiff", "wv", "wma", "png", "jpg"
    }  # fmt: skip
    for seed in seeds:
        folder = tmp_path / seed.name
        folder.mkdir()
        path = folder / seed.name
        path.write_bytes(seed.data)
        if seed.suffix in IMAGE_SUFFIXES:
            source = folder_cover(folder)
        else:
            track = read_track(path)
            assert track.title and track.has_cover and track.duration_s, seed.name
            source = find_cover(path)
        assert source is not None, seed.name
        assert read_cover_bytes(source), seed.name


def run(seeds: list[Seed], seconds: float, seed: int, out: Path) -> None:
    report = fuzz(seeds, seconds, seed, out)
    unknown = unknown_failures(report)
    assert not unknown, f"seed {seed}: {len(unknown)} failures\n\n" + "\n\n".join(unknown[:5])
    ok = report.cases - report.refused - len(report.failures)
    # A harness that broke would refuse everything, or read nothing but intact files.
    assert report.cases >= 100 * seconds / 9, report
    assert report.refused > report.cases // 10 and ok > report.cases // 10, report


def test_fuzz_with_the_fixed_seed(seeds: list[Seed], tmp_path: Path) -> None:
    run(seeds, SECONDS * 2 / 3, FIXED_SEED, tmp_path / "crashes")


def test_fuzz_with_a_random_seed(seeds: list[Seed], tmp_path: Path) -> None:
    seed = int(os.environ.get("STARLIGHT_FUZZ_SEED") or random.SystemRandom().randrange(2**32))
    run(seeds, SECONDS / 3, seed, tmp_path / "crashes")


# --------------------------------------------------------------------------------------------
# The harness itself: each kind of failure is caught, saved and can be replayed
# --------------------------------------------------------------------------------------------


def crashing(path: Path) -> bool:
    raise ValueError("a reader bug")


def out_of_bounds(path: Path) -> bool:
    raise OutOfBounds("a field out of bounds")


def hanging(path: Path) -> bool:
    time.sleep(60)
    return False


def hungry(path: Path) -> bool:
    held = b"x" * (200 * 2**20)  # touched: RSS really grows
    return bool(held) and False


@pytest.mark.parametrize(
    ("target", "kind"),
    [("crashing", "crash"), ("out_of_bounds", "bound"), ("hanging", "hang"), ("hungry", "memory")],
)
def test_the_harness_catches_saves_and_replays_each_kind_of_failure(
    seeds: list[Seed], tmp_path: Path, target: str, kind: str
) -> None:
    timeout_s = 0.5 if kind == "hang" else 10.0  # the others answer at once, however loaded
    report = fuzz(
        seeds, 60, 7, tmp_path, max_cases=1, target=f"{__name__}:{target}", timeout_s=timeout_s
    )
    assert [failure.kind for failure in report.failures] == [kind]
    failure = report.failures[0]
    assert failure.saved is not None and failure.saved.stat().st_size >= 0
    assert f"--replay {failure.saved}" in Path(f"{failure.saved}.txt").read_text()
    if kind == "crash":
        assert (failure.error, failure.where) == ("ValueError", "")


def test_a_saved_input_replays_in_process(seeds: list[Seed], tmp_path: Path) -> None:
    saved = tmp_path / "case.flac"
    saved.write_bytes(seed_named(seeds, "pictures.flac").data[:300])  # truncated: refused
    done = subprocess.run(
        [sys.executable, "tools/fuzz_tags.py", "--replay", str(saved)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "no failure, refused as broken" in done.stdout


# --------------------------------------------------------------------------------------------
# Bugs the fuzzer found in the readers (outside these tests), as regression tests
# --------------------------------------------------------------------------------------------


def wma_with(seeds: list[Seed], tmp_path: Path, old: bytes, new: bytes, at: int = 0) -> Path:
    """The WMA seed with the bytes after the first ``old`` replaced by ``new``."""
    data = bytearray(seed_named(seeds, "asf.wma").data)
    where = data.index(old) + at
    data[where : where + len(new)] = new
    path = tmp_path / "case.wma"
    path.write_bytes(data)
    return path


def test_an_asf_attribute_of_unknown_type_is_a_cover_error(
    seeds: list[Seed], tmp_path: Path
) -> None:
    # Found by the fuzzer: mutagen's ASF parser raises KeyError for an unknown value type.
    name = "WM/AlbumTitle\0".encode("utf-16-le")
    path = wma_with(seeds, tmp_path, name, struct.pack("<H", 8), at=len(name))  # type 8: none
    with pytest.raises(TagReadError):
        read_track(path)  # tags.py: mutagen's KeyError becomes a TagReadError
    with pytest.raises(CoverError):
        find_cover(path)


def test_a_wm_picture_of_text_is_no_cover(seeds: list[Seed], tmp_path: Path) -> None:
    path = tmp_path / "case.wma"
    path.write_bytes(seed_named(seeds, "asf.wma").data)
    tagged = ASF(path)
    tagged["WM/Picture"] = ["not a picture"]  # a Unicode attribute, as a tagger may write
    tagged.save()
    assert read_track(path).title == "WMA title"
    source = find_cover(path)  # no picture: no cover (or the folder's)
    assert source is None


def test_an_asf_title_with_a_lone_surrogate_is_refused_or_read_by_its_path(
    seeds: list[Seed], tmp_path: Path
) -> None:
    # Found by the fuzzer: mutagen's ASF parser fails with a UnicodeDecodeError raised in the
    # standard library, which the readers once took for a bug of their own.
    path = wma_with(seeds, tmp_path, "WMA title".encode("utf-16-le"), b"\x00\xdc")
    with pytest.raises(CoverError):
        find_cover(path)
    try:
        track = read_track(path)
    except TagReadError:
        return
    assert track.path == path and "WMA title" not in track.title


HUGE_CLAIM = textwrap.dedent(
    """
    import resource, sys
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # a machine with 1 GB to give
    from app.core.errors import CoverError, TagReadError
    from app.library.covers import find_cover
    from app.library.tags import read_track
    path = Path(sys.argv[1])
    for reader, refusal in ((read_track, TagReadError), (find_cover, CoverError)):
        try:
            reader(path)
            print(reader.__name__, "read")
        except refusal:
            print(reader.__name__, "refused")
        except MemoryError:
            print(reader.__name__, "MemoryError")
    """
)


def flac_claiming_a_4_gb_vendor_string(seeds: list[Seed], tmp_path: Path) -> Path:
    data = bytearray(seed_named(seeds, "pictures.flac").data)
    at = 4
    while data[at] & 0x7F != 4:  # the VORBIS_COMMENT block; its vendor length comes first
        at += 4 + int.from_bytes(data[at + 1 : at + 4], "big")
    data[at + 4 : at + 8] = struct.pack("<I", 0xFFFFFFF0)
    path = tmp_path / "claim.flac"
    path.write_bytes(data)
    return path


def readers_on_a_small_machine(path: Path) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", HUGE_CLAIM, str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return dict(line.split(" ", 1) for line in done.stdout.splitlines())


def test_a_4_gb_claim_on_a_small_machine_is_refused_by_both_readers(
    seeds: list[Seed], tmp_path: Path
) -> None:
    # Found by the fuzzer: Python asks for the 4 GB the header claims, and where that fails
    # (a small machine, or here a 1 GB address space) MemoryError escaped find_cover.
    outcome = readers_on_a_small_machine(flac_claiming_a_4_gb_vendor_string(seeds, tmp_path))
    assert outcome == {"read_track": "refused", "find_cover": "refused"}
