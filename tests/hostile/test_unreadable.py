"""Unreadable files and folders, scanned by an ordinary user (root reads everything).

A copy of the whole corpus goes to a folder any user may enter; one file and one folder are
locked (mode 000) and ``starlight scan`` runs as :data:`~tests.hostile.conftest.HOSTILE_USER`
(or as ourselves when the suite does not run as root).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.hostile.checks import assert_readable
from tests.hostile.conftest import Scanned, User, read_library
from tests.hostile.corpus import Corpus

ROOT = Path(__file__).resolve().parents[2]


def test_locked_files_and_folders_are_reported_and_the_rest_indexed(
    corpus: Corpus, scanned: Scanned, hostile_user: User, shared_folder: Path
) -> None:
    copy = shared_folder / "music"
    shutil.copytree(corpus.root, copy, symlinks=True)

    def moved(path: Path) -> bytes:
        return os.fsencode(copy / path.relative_to(corpus.root))

    assert corpus.locked_file is not None and corpus.locked_folder is not None
    locked_file, locked_folder = moved(corpus.locked_file), moved(corpus.locked_folder)
    os.chmod(locked_file, 0)
    os.chmod(locked_folder, 0)
    database = shared_folder / "db" / "library.db"
    database.parent.mkdir()
    database.parent.chmod(0o777)
    done = subprocess.run(
        hostile_user.command(str(ROOT / "main.py"), "scan", str(copy), "--db", str(database),
                             "--json"),
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
        env={**os.environ, **hostile_user.env},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    listed = {os.fsencode(item["path"]): item["reason"] for item in report["error_files"]}
    tracks, errors = read_library(database)

    assert "Permission denied" in errors[locked_file]
    assert listed[locked_folder] == "folder cannot be read (Permission denied)"
    hidden = {moved(path) for path in corpus.locked_away()}
    expected = {moved(Path(os.fsdecode(p))) for p in scanned.tracks} - hidden - {locked_file}
    assert set(tracks) == expected
    assert report["tracks"] == len(expected)
    assert {moved(path) for path in corpus.bad} <= set(errors)
    for path, reason in [*errors.items(), *listed.items()]:
        assert_readable(reason, path)
