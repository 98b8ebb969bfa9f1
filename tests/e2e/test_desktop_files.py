"""The desktop files against the real tools: the validators, the desktop's indexes, a window.

``desktop-file-validate`` (desktop-file-utils), ``appstreamcli`` (appstream),
``update-desktop-database``, ``gtk-update-icon-cache`` and shared-mime-info's database are
Debian packages; under ``CI=true`` a missing one fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from app.library.paths import AUDIO_EXTENSIONS
from app.library.playlists import PLAYLIST_EXTENSIONS
from tests.platform.test_desktop_files import (
    DESKTOP,
    METAINFO,
    installed_files,
    read_desktop,
    run_installer,
    semicolon_list,
)
from tests.support.services import PulseServer, XvfbServer

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
GLOBS = Path("/usr/share/mime/globs2")
PLAYLIST_TYPES = {"audio/x-mpegurl", "application/vnd.apple.mpegurl", "audio/x-scpls"}

Need = Callable[..., None]


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, timeout=60, check=False
    )


def desktop_file_validate(path: Path) -> None:
    done = run("desktop-file-validate", path)
    assert done.returncode == 0 and not (done.stdout + done.stderr).strip(), done.stdout


def appstream_problems(output: str) -> list[str]:
    """Errors and warnings in appstreamcli's report (infos and pedantic notes pass)."""
    return [line for line in output.splitlines() if line.startswith(("E:", "W:"))]


def test_the_desktop_entry_passes_desktop_file_validate(need_tools: Need) -> None:
    need_tools("desktop-file-validate", what="Checking the desktop entry")
    desktop_file_validate(DESKTOP)


def test_the_metainfo_passes_appstreamcli_validate(need_tools: Need) -> None:
    need_tools("appstreamcli", what="Checking the AppStream metainfo")
    done = run("appstreamcli", "validate", "--no-net", "--pedantic", METAINFO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert appstream_problems(done.stdout) == [], done.stdout


def test_every_audio_type_shared_mime_info_gives_a_played_extension_is_claimed(
    need_tools: Need,
) -> None:
    need_tools("update-mime-database", what="Reading shared-mime-info's globs")
    claimed = set(semicolon_list(read_desktop(DESKTOP)["Desktop Entry"]["MimeType"]))
    played = AUDIO_EXTENSIONS | PLAYLIST_EXTENSIONS
    missing = []
    for line in GLOBS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        _weight, mime_type, glob = line.split(":")[:3]
        if not glob.startswith("*.") or f".{glob[2:].lower()}" not in played:
            continue
        if (mime_type.startswith("audio/") or mime_type in PLAYLIST_TYPES) and (
            mime_type not in claimed
        ):
            missing.append(f"{glob} -> {mime_type}")
    assert missing == [], "types a file manager reports for played files, not claimed"


def test_installed_per_user_the_desktop_indexes_it_and_uninstalled_it_is_gone(
    need_tools: Need, tmp_path: Path
) -> None:
    need_tools(
        "desktop-file-validate", "update-desktop-database", "gtk-update-icon-cache",
        what="Installing the desktop files",
    )  # fmt: skip
    home, data = tmp_path / "home", tmp_path / "data"
    done = run_installer(home, data)
    assert done.returncode == 0, done.stderr
    desktop_file_validate(data / "applications" / DESKTOP.name)
    mime_cache = (data / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
    assert f"audio/flac={DESKTOP.name};" in mime_cache.splitlines()
    assert (data / "icons" / "hicolor" / "icon-theme.cache").is_file()
    launcher = home / ".local" / "bin" / "starlight"
    helped = subprocess.run(
        [launcher, "--help"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    for option in ("--play-pause", "--next", "--previous"):
        assert option in helped

    done = run_installer(home, data, "--uninstall")
    assert done.returncode == 0, done.stderr
    assert installed_files(data, home) == set()
    mime_cache = (data / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
    assert DESKTOP.name not in mime_cache


def test_a_prefix_tree_passes_appstreamcli_validate_tree(need_tools: Need, tmp_path: Path) -> None:
    need_tools("appstreamcli", what="Checking the installed tree")
    done = run_installer(tmp_path / "home", tmp_path / "data", "--prefix", str(tmp_path / "usr"))
    assert done.returncode == 0, done.stderr
    # validate-tree also checks that the launchable desktop entry and its icon are there.
    done = run("appstreamcli", "validate-tree", "--no-net", "--pedantic", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert appstream_problems(done.stdout) == [], done.stdout


def test_the_real_windows_class_is_the_startup_wm_class(
    pulse: PulseServer, xvfb: XvfbServer, need_tools: Need, tmp_path: Path
) -> None:
    """The menu's launcher starts a window whose WM_CLASS the desktop matches to the entry."""
    need_tools("xdotool", "xprop", what="Reading the window's class")
    home, data = tmp_path / "home", tmp_path / "data"
    assert run_installer(home, data).returncode == 0
    exec_line = read_desktop(data / "applications" / DESKTOP.name)["Desktop Entry"]["Exec"]
    program = shlex.split(exec_line)[0]
    wm_class = read_desktop(DESKTOP)["Desktop Entry"]["StartupWMClass"]
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env |= {"HOME": str(home), "XDG_DATA_HOME": str(data), "DISPLAY": xvfb.env["DISPLAY"]}
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(tmp_path / name.lower())
    log = (tmp_path / "app.log").open("wb")
    proc = subprocess.Popen([program], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        shown = xdotool(env, "search", "--sync", "--onlyvisible", "--name", "Starlight Turntable")
        assert shown, (tmp_path / "app.log").read_text(errors="replace")
        assert {int(xdotool(env, "getwindowpid", w)[0]) for w in shown} == {proc.pid}
        for window in shown:
            # Desktops compare the class exactly; GNOME Shell also tries the instance name,
            # which Qt takes from argv[0] (the launcher runs the console script "starlight").
            assert window_class(env, window) == (wm_class, wm_class)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def window_class(env: dict[str, str], window: str) -> tuple[str, ...]:
    """Return a window's WM_CLASS: (instance name, class name)."""
    done = subprocess.run(
        ["xprop", "-id", window, "WM_CLASS"], env=env, capture_output=True, text=True, timeout=30
    )
    match = re.fullmatch(r'WM_CLASS\(STRING\) = "(.*)", "(.*)"', done.stdout.strip())
    assert match, done.stdout + done.stderr
    return match.groups()


def xdotool(env: dict[str, str], *args: str) -> list[str]:
    """Return the window ids xdotool prints (none when it finds none)."""
    done = subprocess.run(
        ["xdotool", *args], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    return done.stdout.split()
