"""Fixtures of the property tests: real seed files made once a session with ffmpeg and mutagen."""

from __future__ import annotations

import os
import shutil

import pytest

from tools.fuzz_inputs import Seed, make_seeds


@pytest.fixture(scope="session")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> list[Seed]:
    """Tagged audio files of every format the fuzzer mutates, and two covers.

    Without ffmpeg the tests that need them fail under ``CI=true`` and are skipped elsewhere,
    as the end-to-end tests are (tests/support/e2e_fixtures.py).
    """
    if shutil.which("ffmpeg") is None:
        reason = "the seed files need ffmpeg on PATH"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: these tests must not be skipped)", pytrace=False)
        pytest.skip(reason)
    return make_seeds(tmp_path_factory.mktemp("seeds"))
