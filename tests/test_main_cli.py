"""The command line: options, files, folders, playlists and the URIs a file manager passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import __version__
from app.command_line import REPLAYGAIN_CHOICES
from app.main import parse_arguments

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A profile of its own, and no display: nothing here may open a window."""
    runtime = tempfile.mkdtemp(prefix="rt-", dir="/tmp")
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    environ.update(
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_RUNTIME_DIR=runtime,
    )
    yield environ
    shutil.rmtree(runtime, ignore_errors=True)


def starlight(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


# ------------------------------------------------------------------------------ options
def test_help_names_every_option_and_what_files_may_be(env: dict[str, str]) -> None:
    shown = starlight("--help", env=env)
    assert shown.returncode == 0, shown.stderr
    for option in ("--version", "--enqueue", "--play-pause", "--next", "--previous", "--stop"):
        assert option in shown.stdout
    assert "file://" in shown.stdout and ".m3u8" in shown.stdout
    assert "starlight scan" in shown.stdout


def test_version_is_the_package_s(env: dict[str, str]) -> None:
    shown = starlight("--version", env=env)
    assert shown.returncode == 0, shown.stderr
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert shown.stdout.strip() == f"starlight {project['version']}" == f"starlight {__version__}"


def test_a_remote_command_without_a_player_says_so_and_starts_nothing(
    env: dict[str, str],
) -> None:
    for command in ("--play-pause", "--next", "--previous", "--stop"):
        t0 = time.perf_counter()
        done = starlight(command, env=env)
        assert done.returncode == 1, done.stderr
        assert "not running" in done.stderr and command in done.stderr
        assert time.perf_counter() - t0 < 5, "a window must not have been started"


def test_only_files_that_are_not_local_are_refused(env: dict[str, str]) -> None:
    done = starlight("http://example.com/stream.mp3", "sftp://host/a.flac", env=env)
    assert done.returncode == 2
    assert "http://example.com/stream.mp3: only local files can be played" in done.stderr
    assert "sftp://host/a.flac" in done.stderr


def test_the_hand_over_happens_before_any_heavy_import(env: dict[str, str]) -> None:
    script = (
        "import sys\n"
        "from app.main import main\n"
        "code = main(['--next'])\n"
        "heavy = [m for m in ('numpy', 'PySide6.QtWidgets', 'PySide6.QtGui', 'app.audio.engine',"
        " 'app.ui.main_window', 'mutagen') if m in sys.modules]\n"
        "print(code, heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.stdout.strip() == "1 []", done.stdout + done.stderr


# ------------------------------------------------------------------------------ parsing
def test_without_files_a_start_asks_to_show_the_window() -> None:
    args = parse_arguments([])
    assert (args.command, args.paths) == ("activate", [])


def test_files_are_played_now_or_enqueued_with_absolute_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = parse_arguments(["a.flac", "Music/", "list.m3u8", "Intro: Overture.flac"])
    assert args.command == "open"
    assert args.paths == [
        str(tmp_path / "a.flac"),
        str(tmp_path / "Music"),
        str(tmp_path / "list.m3u8"),
        str(tmp_path / "Intro: Overture.flac"),
    ]
    assert parse_arguments(["--enqueue", "/m/b.flac"]).command == "enqueue"


@pytest.mark.parametrize(
    ("uri", "path"),
    [
        ("file:///home/jay/My%20Music/01%20Intro.flac", "/home/jay/My Music/01 Intro.flac"),
        (
            "file:///home/jay/%EB%B3%84%EB%B9%9B/%EC%88%98%EB%A6%AC%EC%A0%90.flac",
            "/home/jay/별빛/수리점.flac",
        ),
        ("file://localhost/srv/a%23b%3F.mp3", "/srv/a#b?.mp3"),
        ("FILE:///srv/upper.ogg", "/srv/upper.ogg"),
        ("file:/srv/one-slash.opus", "/srv/one-slash.opus"),
        ("file:///srv/caf%E9.flac", os.fsdecode(b"/srv/caf\xe9.flac")),  # a Latin-1 name
        ("file:///srv/raw %C3%A9 and ü.flac", "/srv/raw é and ü.flac"),
    ],
)
def test_file_uris_become_local_paths(uri: str, path: str) -> None:
    assert parse_arguments([uri]).paths == [path]


def test_uris_of_other_schemes_and_hosts_are_named_and_left_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = parse_arguments(["https://radio.example/live", "/m/kept.flac", "file://nas/m/x.flac"])
    assert args.paths == ["/m/kept.flac"]
    err = capsys.readouterr().err
    assert "https://radio.example/live: only local files can be played, not https" in err
    assert "file://nas/m/x.flac: the file is on another computer (nas)" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["http://example.com/a.mp3"],  # nothing local left
        ["file:///a%00b.flac"],  # a NUL cannot be in a name
        ["--next", "/m/a.flac"],  # a remote key takes no files
        ["--enqueue"],  # nothing to add
        ["--enqueue", "--next", "/m/a.flac"],  # one at a time
        ["--play-pause", "--stop"],
        ["--replaygain", "loud"],
    ],
)
def test_command_lines_that_make_no_sense_are_refused(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_arguments(argv)
    assert exited.value.code == 2


@pytest.mark.parametrize("command", ["play-pause", "next", "previous", "stop"])
def test_remote_keys_are_commands(command: str) -> None:
    args = parse_arguments([f"--{command}"])
    assert (args.command, args.paths) == (command, [])


def test_the_replaygain_choices_are_the_engine_s() -> None:
    from app.audio.dsp import ReplayGainMode

    assert tuple(mode.value for mode in ReplayGainMode) == REPLAYGAIN_CHOICES
    assert parse_arguments(["--replaygain", "album", "--volume", "0.5"]).replaygain == "album"
