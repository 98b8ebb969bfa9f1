"""The desktop entry, the AppStream metainfo, the icons and the per-user installer.

These checks need no external tool; ``tests/e2e/test_desktop_files.py`` runs the validators
(``desktop-file-validate``, ``appstreamcli``), the index tools and the real window.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QImage

from app.library.paths import AUDIO_EXTENSIONS
from app.library.playlists import PLAYLIST_EXTENSIONS
from app.ui.app_icon import APP_ID, ICON_SIZES, icon_png, icon_svg

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "resources" / "desktop" / f"{APP_ID}.desktop"
METAINFO = ROOT / "resources" / "desktop" / f"{APP_ID}.metainfo.xml"
SCREENSHOTS = ROOT / "docs" / "screenshots"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SVG = "{http://www.w3.org/2000/svg}"

#: The freedesktop (shared-mime-info) types a file manager reports for each extension the app
#: plays; the desktop entry claims all of them.
CLAIMED: dict[str, set[str]] = {
    ".mp3": {"audio/mpeg"},
    ".mp2": {"audio/mp2"},
    ".flac": {"audio/flac"},
    ".ogg": {"audio/ogg", "audio/x-vorbis+ogg", "audio/x-flac+ogg", "audio/x-speex+ogg"},
    ".oga": {"audio/ogg", "audio/x-vorbis+ogg", "audio/x-flac+ogg", "audio/x-speex+ogg"},
    ".opus": {"audio/ogg", "audio/x-opus+ogg"},
    ".spx": {"audio/x-speex", "audio/x-speex+ogg"},
    ".m4a": {"audio/mp4"},
    ".m4b": {"audio/x-m4b"},
    ".aac": {"audio/aac"},
    ".wav": {"audio/x-wav"},
    ".aif": {"audio/x-aiff"},
    ".aiff": {"audio/x-aiff"},
    ".aifc": {"audio/x-aifc"},
    ".wma": {"audio/x-ms-wma"},
    ".ape": {"audio/x-ape"},
    ".wv": {"audio/x-wavpack"},
    ".mpc": {"audio/x-musepack"},
    ".ac3": {"audio/ac3"},
    ".dts": {"audio/vnd.dts"},
    ".mka": {"audio/x-matroska"},
    ".tta": {"audio/x-tta"},
    ".au": {"audio/basic"},
    ".m3u": {"audio/x-mpegurl", "application/vnd.apple.mpegurl"},
    ".m3u8": {"audio/x-mpegurl", "application/vnd.apple.mpegurl"},
    ".pls": {"audio/x-scpls"},
}
#: Extensions the app plays whose type the desktop entry does not claim, and why.
UNCLAIMED: dict[str, str] = {
    ".mp4": "video/mp4: claiming it would offer a music player for films (audio is .m4a)",
    ".webm": "video/webm: claiming it would offer a music player for films",
    ".asf": "application/vnd.ms-asf is WMV films too; ASF audio comes as .wma",
    ".alac": "no type: Apple Lossless lives in .m4a (audio/mp4)",
    ".wave": "shared-mime-info has no glob for it: a file manager reports no type to claim",
    ".caf": "shared-mime-info has no glob for it: a file manager reports no type to claim",
    ".w64": "shared-mime-info has no glob for it: a file manager reports no type to claim",
}
#: Older or other names of claimed types, claimed too for systems that still report them.
ALIASES: dict[str, str] = {
    "audio/x-mp3": "audio/mpeg",
    "audio/x-flac": "audio/flac",
    "audio/x-m4a": "audio/mp4",
    "audio/wav": "audio/x-wav",
    "audio/mpegurl": "audio/x-mpegurl",
}
#: Canonical types claimed beyond the table: IANA's name for Ogg Opus files, used by others.
EXTRA = {"audio/opus"}


def read_desktop(path: Path) -> dict[str, dict[str, str]]:
    """Return a desktop entry's groups (keys kept as written, locales included)."""
    groups: dict[str, dict[str, str]] = {}
    group: dict[str, str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            group = groups.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        assert group is not None, f"{path}: a key before any group"
        assert key not in group, f"{path}: {key} twice"
        group[key] = value
    return groups


def semicolon_list(value: str) -> list[str]:
    assert value.endswith(";"), value
    return value[:-1].split(";")


@pytest.fixture(scope="module")
def entry() -> dict[str, str]:
    return read_desktop(DESKTOP)["Desktop Entry"]


@pytest.fixture(scope="module")
def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


@pytest.fixture(scope="module")
def installer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "install_desktop", ROOT / "tools/install_desktop.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# --- MIME types ---------------------------------------------------------------------------


def test_every_extension_the_app_plays_is_claimed_or_has_a_reason() -> None:
    played = AUDIO_EXTENSIONS | PLAYLIST_EXTENSIONS
    assert set(CLAIMED) | set(UNCLAIMED) == played
    assert not set(CLAIMED) & set(UNCLAIMED)


def test_the_desktop_entry_claims_every_type_of_every_played_extension(
    entry: dict[str, str],
) -> None:
    mime_types = semicolon_list(entry["MimeType"])
    assert len(mime_types) == len(set(mime_types)), "a type listed twice"
    for extension, types in CLAIMED.items():
        assert types <= set(mime_types), f"{extension}: {types - set(mime_types)} not claimed"
    canonical = set().union(*CLAIMED.values()) | EXTRA
    assert set(mime_types) == canonical | set(ALIASES), "a type nobody plays, or one left out"
    assert "inode/directory" not in mime_types  # folders stay the file manager's
    assert set(ALIASES.values()) <= canonical


def test_the_metainfo_provides_the_canonical_types_and_the_binary(
    entry: dict[str, str], metainfo: ET.Element
) -> None:
    provides = metainfo.find("provides")
    assert provides is not None
    media = [m.text for m in provides.findall("mediatype")]
    assert len(media) == len(set(media))
    assert set(media) == set(semicolon_list(entry["MimeType"])) - set(ALIASES)
    assert [b.text for b in provides.findall("binary")] == ["starlight"]


# --- The desktop entry --------------------------------------------------------------------


def test_the_desktop_entry_launches_the_app_by_its_reverse_dns_name(
    entry: dict[str, str],
) -> None:
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "starlight %U"
    assert entry["TryExec"] == "starlight"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert semicolon_list(entry["Categories"]) == ["AudioVideo", "Audio", "Player", "Qt"]
    # Qt's xcb window class is the application name set in app.main.start(): "starlight"
    # (tests/e2e/test_desktop_files.py reads it off the real window).
    assert entry["StartupWMClass"] == "starlight"
    assert entry["Name"] == "Starlight Turntable"
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        korean = entry[f"{key}[ko]"]
        assert any("\uac00" <= ch <= "\ud7a3" for ch in korean), f"{key}[ko] is not Korean"


def test_the_desktop_actions_run_options_the_app_accepts(entry: dict[str, str]) -> None:
    groups = read_desktop(DESKTOP)
    actions = semicolon_list(entry["Actions"])
    assert actions == ["PlayPause", "Next", "Previous"]
    helped = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--help"],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    for action in actions:
        group = groups[f"Desktop Action {action}"]
        assert group["Name"] and group["Name[ko]"]
        program, option = group["Exec"].split()
        assert program == "starlight"
        assert option in helped, f"{option} is not a command-line option of the app"


# --- AppStream ----------------------------------------------------------------------------


def test_the_metainfo_names_the_app_its_licence_and_its_launcher(metainfo: ET.Element) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert metainfo.get("type") == "desktop-application"
    assert metainfo.findtext("id") == APP_ID
    assert metainfo.findtext("metadata_license") == "CC0-1.0"
    assert metainfo.findtext("project_license") == project["license"]
    assert metainfo.findtext("launchable") == DESKTOP.name
    assert metainfo.find("content_rating[@type='oars-1.1']") is not None
    for tag in ("name", "summary"):
        langs = {e.get(XML_LANG) for e in metainfo.findall(tag)}
        assert langs == {None, "ko"}, f"{tag}: {langs}"
    assert len(metainfo.findall("description/p")) >= 3


def test_the_newest_release_is_the_projects_version(metainfo: ET.Element) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    releases = metainfo.findall("releases/release")
    assert releases, "no release"
    assert releases[0].get("version") == project["version"]
    dates = [r.get("date") or "" for r in releases]
    assert dates == sorted(dates, reverse=True), "releases go newest first"
    assert all(r.find("description") is not None for r in releases)


def test_the_metainfo_screenshots_are_the_repositorys_with_their_real_sizes(
    metainfo: ET.Element,
) -> None:
    shots = metainfo.findall("screenshots/screenshot")
    assert [s.get("type") for s in shots].count("default") == 1
    names = []
    for shot in shots:
        assert (shot.findtext("caption") or "").strip()
        image = shot.find("image")
        assert image is not None and image.text is not None
        assert image.text.startswith("https://")
        assert "/docs/screenshots/" in image.text
        name = image.text.rsplit("/", 1)[1]
        picture = QImage(str(SCREENSHOTS / name))
        assert not picture.isNull(), f"docs/screenshots/{name} is missing"
        assert (picture.width(), picture.height()) == (
            int(image.get("width", "0")),
            int(image.get("height", "0")),
        ), name
        names.append(name)
    assert names[0] == "deck.png" and shots[0].get("type") == "default"
    assert {"crate.png", "ambient.png"} <= set(names)


# --- Icons --------------------------------------------------------------------------------


@pytest.mark.parametrize("size_px", ICON_SIZES)
def test_every_icon_size_exists_square_with_transparent_padding(size_px: int) -> None:
    image = QImage(str(icon_png(size_px)))
    assert not image.isNull(), f"{icon_png(size_px)} is missing"
    assert (image.width(), image.height()) == (size_px, size_px)
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0, "no padding in the corner"
    centre = image.pixelColor(size_px // 2, size_px // 2)
    assert centre.alpha() == 255


@pytest.mark.parametrize("small", [False, True])
def test_the_svgs_are_square_with_no_text_and_nothing_renderer_specific(small: bool) -> None:
    root = ET.parse(icon_svg(small=small)).getroot()
    x, y, width, height = map(float, (root.get("viewBox") or "").split())
    assert (x, y) == (0, 0) and width == height
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    # No lettering, no embedded bitmaps, nothing QtSvg or a desktop renderer may draw apart.
    assert not tags & {"text", "image", "filter", "mask", "clipPath", "style", "script"}


def test_the_committed_pngs_are_what_the_svgs_render() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "render_icons.py"), "--check"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_the_check_notices_an_svg_edited_without_rendering_again(tmp_path: Path) -> None:
    icons = tmp_path / "icons"
    shutil.copytree(ROOT / "resources" / "icons", icons)
    svg = icons / f"{APP_ID}.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("#0a0a0d", "#ff00ff"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "render_icons.py"), "--check", "--icons", str(icons)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "256x256" in done.stderr and "16x16" not in done.stderr  # 16 px is the small SVG's


# --- The installer ------------------------------------------------------------------------


def run_installer(
    home: Path, data: Path, *args: str, path: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(data)}
    env["PATH"] = path or os.environ.get("PATH", "")
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "install_desktop.py"), *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def installed_files(data: Path, home: Path) -> set[Path]:
    found = {p for p in data.rglob("*") if p.is_file() and APP_ID in p.name}
    launcher = home / ".local" / "bin" / "starlight"
    return found | ({launcher} if launcher.exists() else set())


def test_a_dry_run_prints_the_steps_and_changes_nothing(tmp_path: Path) -> None:
    done = run_installer(tmp_path / "home", tmp_path / "data", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert f"would install {tmp_path / 'data' / 'applications' / DESKTOP.name}" in done.stdout
    assert not (tmp_path / "data").exists() and not (tmp_path / "home").exists()


def test_install_and_uninstall_without_the_index_tools(tmp_path: Path) -> None:
    home, data = tmp_path / "my home", tmp_path / "data"  # a space the Exec line must quote
    python_only = str(Path(sys.executable).parent)  # no update-desktop-database on this PATH
    done = run_installer(home, data, path=python_only)
    assert done.returncode == 0, done.stderr
    assert "skipped update-desktop-database: not installed" in done.stdout
    launcher = home / ".local" / "bin" / "starlight"
    expected = {
        launcher,
        data / "applications" / DESKTOP.name,
        data / "metainfo" / METAINFO.name,
        data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        *(data / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES),
    }
    assert installed_files(data, home) == expected
    assert os.access(launcher, os.X_OK)
    group = read_desktop(data / "applications" / DESKTOP.name)["Desktop Entry"]
    assert group["Exec"] == f'"{launcher}" %U'
    assert group["TryExec"] == str(launcher)
    assert (data / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()

    done = run_installer(home, data, "--uninstall", path=python_only)
    assert done.returncode == 0, done.stderr
    assert installed_files(data, home) == set()
    assert not (data / "icons" / "hicolor" / "512x512").exists()


def test_a_launcher_the_installer_did_not_write_is_never_replaced_or_removed(
    tmp_path: Path,
) -> None:
    home, data = tmp_path / "home", tmp_path / "data"
    theirs = home / ".local" / "bin" / "starlight"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("#!/bin/sh\necho mine\n")
    done = run_installer(home, data)
    assert done.returncode == 1
    assert "not written by this installer" in done.stderr
    assert not (data / "applications").exists()
    done = run_installer(home, data, "--uninstall")
    assert done.returncode == 0
    assert theirs.read_text() == "#!/bin/sh\necho mine\n"


def test_prefix_installs_into_share_and_bin(tmp_path: Path) -> None:
    done = run_installer(tmp_path / "home", tmp_path / "data", "--prefix", str(tmp_path / "usr"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "usr" / "share" / "applications" / DESKTOP.name).is_file()
    assert (tmp_path / "usr" / "bin" / "starlight").is_file()
    assert not (tmp_path / "data").exists()


def test_a_relative_xdg_data_home_is_ignored_as_the_spec_says(installer: ModuleType) -> None:
    targets = installer.targets_for(None, {"HOME": "/home/jay", "XDG_DATA_HOME": "rel/share"})
    assert targets.data_dir == Path("/home/jay/.local/share")
    targets = installer.targets_for(None, {"HOME": "/home/jay", "XDG_DATA_HOME": "/x/share"})
    assert targets.desktop_file == Path("/x/share/applications") / DESKTOP.name
    assert targets.launcher == Path("/home/jay/.local/bin/starlight")


@pytest.mark.parametrize(
    ("path", "quoted"),
    [
        ("/home/jay/.local/bin/starlight", "/home/jay/.local/bin/starlight"),
        ("/home/j ay/bin/starlight", '"/home/j ay/bin/starlight"'),
        ('/a"b/starlight', '"/a\\\\"b/starlight"'),
        ("/a$b/100%/starlight", '"/a\\\\$b/100%%/starlight"'),
        ("/a\\b/starlight", '"/a\\\\\\\\b/starlight"'),
    ],
)
def test_exec_quoting_follows_the_desktop_entry_spec(
    installer: ModuleType, path: str, quoted: str
) -> None:
    assert installer.exec_quote(Path(path)) == quoted
