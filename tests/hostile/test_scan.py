"""A scan of the hostile corpus: bounded, complete, and every problem told in words.

One cold scan (the ``scanned`` fixture) serves most tests; it reads in worker processes, as
every large scan does. A smaller scan reads in process, as a scan of a few new files does.
"""

from __future__ import annotations

import os
import resource
from pathlib import Path

import pytest

from app.library import scanner
from app.library.text import MAX_TEXT, MAX_VALUES
from tests.hostile.checks import assert_readable
from tests.hostile.conftest import Scanned, run_scan
from tests.hostile.corpus import Corpus

#: A cold scan of the corpus takes 1.5 to 3 s here; anything near this bound is a hang.
SCAN_BOUND_S = 30.0
#: The longest a scan may go without reporting progress.
SILENCE_BOUND_S = 10.0


def encoded(paths: object) -> set[bytes]:
    return {os.fsencode(path) for path in paths}  # type: ignore[attr-defined]


def test_the_scan_finishes_in_bounded_time_and_keeps_reporting(scanned: Scanned) -> None:
    assert scanned.final.done and not scanned.final.cancelled
    assert scanned.seconds < SCAN_BOUND_S
    assert scanned.longest_silence_s < SILENCE_BOUND_S


def test_every_good_file_is_indexed_and_the_count_is_right(
    corpus: Corpus, scanned: Scanned
) -> None:
    indexed = set(scanned.tracks)
    missing = encoded(corpus.good) - indexed
    assert not missing, f"{len(missing)} good files not indexed: {sorted(missing)[:5]}"
    damaged = encoded(corpus.either) & indexed
    assert indexed == encoded(corpus.good) | damaged, "only files of the corpus are indexed"
    final = scanned.final
    assert final.added == len(indexed)
    assert final.files_seen == corpus.audio_named
    assert final.errors == final.files_seen - final.added + len(corpus.link_problems)


def test_every_problem_file_is_reported_with_a_readable_reason(
    corpus: Corpus, scanned: Scanned
) -> None:
    for path, kind in corpus.bad.items():
        reason = scanned.errors.get(os.fsencode(path))
        assert reason is not None, f"{path} ({kind}) was not reported"
        assert_readable(reason, path)
        if kind == "empty":
            assert reason == "is empty (0 bytes)"
        elif kind == "header only":
            assert reason == "has no audio after its headers", path
        else:
            assert reason.startswith("is not a readable ") or reason.startswith("has no audio")


def test_damaged_files_are_indexed_or_reported_never_both_never_lost(
    corpus: Corpus, scanned: Scanned
) -> None:
    for path in encoded(corpus.either):
        indexed, reported = path in scanned.tracks, path in scanned.errors
        assert indexed != reported, f"{path!r}: indexed {indexed}, reported {reported}"
        if reported:
            assert_readable(scanned.errors[path], path)
    assert not encoded(corpus.good) & set(scanned.errors)


def test_links_to_nothing_and_in_a_loop_are_reported_and_walked_once(
    corpus: Corpus, scanned: Scanned
) -> None:
    problems = scanned.walk_problems
    for link in corpus.link_problems:
        reason = problems[os.fsencode(link)]
        assert_readable(reason, link)
        expected = "is a link to nothing" if "dangling" in link.name else "loops back"
        assert expected in reason
    loop = os.fsencode(corpus.root / "tree" / "loop")
    assert not [p for p in scanned.tracks if p.startswith(loop + b"/up") or b"/self/" in p]


def test_absurd_tags_are_cut_to_size_and_made_clean(corpus: Corpus, scanned: Scanned) -> None:
    tags = os.fsencode(corpus.root / "good" / "tags") + b"/"
    rows = {
        Path(os.fsdecode(p)).name: row for p, row in scanned.tracks.items() if p.startswith(tags)
    }
    assert len(rows) == 16
    for name, row in rows.items():
        for column in ("title", "artist", "album", "artists", "record_key"):
            text = str(row[column]).replace("\x1f", " ")  # the separator of lists and keys
            assert text.isprintable(), (name, column, text[:80])
            text.encode("utf-8")
        assert len(str(row["title"])) <= MAX_TEXT
        assert str(row["artists"]).count("\x1f") < MAX_VALUES
        assert row["duration_s"] is None or float(row["duration_s"]) > 0.4  # type: ignore[arg-type]
    for kind in ("flac", "mp3", "m4a", "ogg"):
        assert len(str(rows[f"1 MB title.{kind}"]["title"])) == MAX_TEXT
        assert str(rows[f"10000 artists.{kind}"]["artists"]).count("\x1f") == MAX_VALUES - 1
    for kind in ("flac", "mp3", "ogg"):
        assert rows[f"nul bytes.{kind}"]["title"] == "Star"
    assert "\ufffd" in str(rows["invalid utf-8.flac"]["title"])
    assert rows["invalid utf-16.wma"]["title"] == "invalid utf-16", "known by its name"


def test_hostile_names_are_indexed_under_readable_titles(corpus: Corpus, scanned: Scanned) -> None:
    titles = {
        label: scanned.tracks[os.fsencode(path)]["title"]
        for label, path in corpus.named.items()
        if label != "-i"
    }
    assert titles["latin-1"] == "caf\u00e9 \u00ff"
    assert titles["euc-kr"] == "\ubcc4\ube5b \ub178\ub798"  # the EUC-KR bytes, read as Korean
    assert titles["korean"] == "\ubcc4\ube5b \ub178\ub798"
    assert titles["emoji"] == "\U0001f3b5 star \U0001f31f"
    assert titles["newline"] == "line one line two"
    assert titles["concat"] == "concat:x" and titles["dash"] == "-leading dash"


def test_lying_lengths_are_not_believed(corpus: Corpus, scanned: Scanned) -> None:
    for name in ("wav claims 4 GB", "3 hours.flac", "50 ms.opus", "96 kHz 24-bit.flac"):
        expected = corpus.playable[name]
        row = scanned.tracks[os.fsencode(expected.path)]
        assert row["duration_s"] == pytest.approx(expected.duration_s, abs=0.01), name
        assert (row["channels"], row["sample_rate"]) == (expected.channels, expected.rate_hz)


def test_an_unchanged_corpus_is_not_read_again(corpus: Corpus, scanned: Scanned) -> None:
    again = run_scan(scanned.database, corpus.root)
    assert again.final.files_read == 0
    assert (again.final.added, again.final.removed) == (0, 0)
    assert set(again.tracks) == set(scanned.tracks)


def test_a_small_scan_read_in_process_survives_the_same_files(
    corpus: Corpus, tmp_path: Path
) -> None:
    broken = run_scan(tmp_path / "library.db", corpus.root / "broken")
    assert broken.final.files_to_read < scanner.MIN_FILES_FOR_POOL, "read in this process"
    under = os.fsencode(corpus.root / "broken") + b"/"
    bad = {p for p in encoded(corpus.bad) if p.startswith(under)}
    assert bad <= set(broken.errors)
    assert len(broken.tracks) + len(broken.errors) == broken.final.files_seen


def test_a_scan_worker_cannot_take_more_than_its_memory_limit() -> None:
    pool = scanner._pool(1)
    try:
        soft, _ = pool.submit(resource.getrlimit, resource.RLIMIT_AS).result(timeout=30)
    finally:
        pool.shutdown()
    assert soft == scanner.WORKER_MEMORY_BYTES
