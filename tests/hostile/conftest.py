"""Fixtures of the hostile suite: the corpus (built once a session), one scan of it, a user.

The end-to-end fixtures (``pulse``, ``recorder``, ``xvfb``, ``session_bus``, ``player``) are
those of :mod:`tests.support.e2e_fixtures`, with the same policy: a missing tool fails under
``CI=true`` and skips elsewhere.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.library.scanner import ScanProgress, scan
from tests.hostile.corpus import Corpus, build_corpus
from tests.support.e2e_fixtures import require, unavailable

#: The system user the permission tests run as when the suite runs as root.
HOSTILE_USER = "starlight-hostile"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The hostile corpus, written once for the session; nothing may change it."""
    require("ffmpeg", what="The hostile corpus")
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None
    return build_corpus(tmp_path_factory.mktemp("hostile") / "music", ffmpeg)


@dataclass
class Scanned:
    """One scan of the corpus: what it reported, what it stored, and how it went."""

    database: Path
    progress: list[ScanProgress]
    seconds: float
    longest_silence_s: float
    tracks: dict[bytes, dict[str, object]] = field(default_factory=dict)
    errors: dict[bytes, str] = field(default_factory=dict)

    @property
    def final(self) -> ScanProgress:
        """The last progress, the one with ``done`` set."""
        return self.progress[-1]

    @property
    def walk_problems(self) -> dict[bytes, str]:
        """What the walk reported, by path."""
        return {os.fsencode(path): reason for path, reason in self.final.walk_problems}


def read_library(database: Path) -> tuple[dict[bytes, dict[str, object]], dict[bytes, str]]:
    """Return the tracks (path: columns) and the scan errors (path: reason) of a library."""
    import sqlite3

    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        tracks = {
            bytes(row["path"]): dict(row) for row in connection.execute("SELECT * FROM tracks")
        }
        errors = {
            bytes(path): reason
            for path, reason in connection.execute("SELECT path, reason FROM scan_errors")
        }
    finally:
        connection.close()
    return tracks, errors


def run_scan(database: Path, folder: Path) -> Scanned:
    """Drain :func:`scan` over ``folder``, timing it and the longest wait between reports."""
    import time

    progress: list[ScanProgress] = []
    started = last = time.perf_counter()
    longest = 0.0
    for report in scan(database, [folder]):
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
        progress.append(report)
    scanned = Scanned(database, progress, time.perf_counter() - started, longest)
    scanned.tracks, scanned.errors = read_library(database)
    return scanned


@pytest.fixture(scope="session")
def scanned(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Scanned:
    """One cold scan of the whole corpus by :func:`app.library.scanner.scan`."""
    return run_scan(tmp_path_factory.mktemp("hostile-db") / "library.db", corpus.root)


@dataclass(frozen=True)
class User:
    """Who the permission tests run as: the command prefix, the Python to run, its env."""

    prefix: tuple[str, ...]
    name: str
    python: str = sys.executable
    env: dict[str, str] = field(default_factory=dict)

    def command(self, *args: str) -> list[str]:
        """Return the command that runs ``python ARGS`` as this user."""
        return [*self.prefix, self.python, *args]


# Starting a scan pool proves that the user can run this Python and its worker processes.
_PROBE = (
    "import multiprocessing as m, concurrent.futures as f, mutagen, app.library.scanner;"
    "f.ProcessPoolExecutor(1, mp_context=m.get_context('spawn')).submit(int).result(60)"
)


def _python_for(prefix: tuple[str, ...]) -> tuple[str, dict[str, str]] | None:
    """Find a Python of our version the user may run, with our packages on its path.

    Our interpreter may live where the user cannot go (a virtual environment built on a
    Python in root's home); the system's Python of the same version is tried next, given
    this checkout and our site-packages.
    """
    import sysconfig

    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    paths = [str(ROOT), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    env = {"PYTHONPATH": os.pathsep.join(dict.fromkeys(paths)), "PYTHONDONTWRITEBYTECODE": "1"}
    candidates = [sys.executable, shutil.which(version), f"/usr/bin/{version}"]
    for python in dict.fromkeys(c for c in candidates if c):
        probe = subprocess.run(
            [*prefix, python, "-c", _PROBE], env={**os.environ, **env}, cwd=ROOT,
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        if probe.returncode == 0:
            return python, env
    return None


@pytest.fixture(scope="session")
def hostile_user() -> User:
    """An unprivileged user to scan as: ourselves, or as root a system user made for it.

    Root reads every file whatever its permissions, so a test of unreadable files run as
    root proves nothing. The user ``starlight-hostile`` is created when missing (a system
    account with no home and no login shell) and commands run as it through ``setpriv``.
    """
    if os.geteuid() != 0:
        return User((), pwd.getpwuid(os.geteuid()).pw_name)
    require("setpriv", "useradd", what="Scanning as an unprivileged user")
    try:
        pwd.getpwnam(HOSTILE_USER)
    except KeyError:
        made = subprocess.run(
            ["useradd", "--system", "--no-create-home", "--user-group",
             "--shell", "/usr/sbin/nologin", HOSTILE_USER],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if made.returncode not in (0, 9):  # 9: made meanwhile by a parallel run
            unavailable(f"could not create the user {HOSTILE_USER}: {made.stderr.strip()}")
    entry = pwd.getpwnam(HOSTILE_USER)
    prefix = ("setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups")
    found = _python_for(prefix)
    if found is None:
        unavailable(f"{HOSTILE_USER} cannot run this Python and its worker processes")
    python, env = found
    return User(prefix, HOSTILE_USER, python, env)


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A temporary folder any user may enter (pytest's own are private to their owner)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="starlight-hostile-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for parent, folders, files in os.walk(folder):  # give back what a test locked
            for name in folders + files:
                path = os.path.join(parent, name)
                if not os.path.islink(path):
                    with contextlib.suppress(OSError):
                        os.chmod(path, 0o755)
        shutil.rmtree(folder, ignore_errors=True)
