"""Small generated libraries for the library tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.library import write_library


@pytest.fixture(scope="session")
def library_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-track library (4 formats), made once per session; copy it before changing it."""
    return write_library(tmp_path_factory.mktemp("library") / "music", 40)


@pytest.fixture
def music(library_template: Path, tmp_path: Path) -> Path:
    """A private copy of the 40-track library."""
    target = tmp_path / "music"
    shutil.copytree(library_template, target)
    return target
