"""Install Starlight Turntable into the desktop for the current user (``make install-desktop``).

    .venv/bin/python tools/install_desktop.py [--prefix DIR] [--dry-run] [--uninstall] [--force]

Without ``--prefix`` the files go to the XDG folders: ``$XDG_DATA_HOME`` (``~/.local/share``
when unset) receives ``applications/io.github.starlight.Turntable.desktop``,
``metainfo/io.github.starlight.Turntable.metainfo.xml`` and the icons under
``icons/hicolor/<N>x<N>/apps`` and ``icons/hicolor/scalable/apps``; ``~/.local/bin/starlight``
is a small launcher that runs the project's ``starlight`` command from its ``.venv``. With
``--prefix DIR`` they go to ``DIR/share`` and ``DIR/bin`` instead.

The installed desktop entry names the launcher by its full path, so the menu entry works even
when ``~/.local/bin`` is not on the session's PATH yet (Debian adds it at the next login only
if it existed then). Afterwards ``update-desktop-database`` and ``gtk-update-icon-cache`` refresh
their indexes where they are installed; where they are not, nothing fails. ``--uninstall``
removes exactly these files (the launcher only if this installer wrote it) and refreshes the
indexes again. Every step is printed; ``--dry-run`` prints them and changes nothing.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DESKTOP_DIR = ROOT / "resources" / "desktop"
ICON_DIR = ROOT / "resources" / "icons"
APP_ID = "io.github.starlight.Turntable"
COMMAND = "starlight"
#: The line that marks a launcher as this installer's own: only such a file is replaced or removed.
LAUNCHER_MARK = "# Written by Starlight Turntable's tools/install_desktop.py"
_EXEC_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._+-")


class InstallError(Exception):
    """A step that cannot be done, with a message for the person installing."""


@dataclass(frozen=True)
class Targets:
    """Where the files go."""

    data_dir: Path  # the XDG data folder ("share")
    bin_dir: Path

    @property
    def desktop_file(self) -> Path:
        """Return the installed desktop entry."""
        return self.data_dir / "applications" / f"{APP_ID}.desktop"

    @property
    def metainfo_file(self) -> Path:
        """Return the installed AppStream metainfo."""
        return self.data_dir / "metainfo" / f"{APP_ID}.metainfo.xml"

    @property
    def hicolor_dir(self) -> Path:
        """Return the user's (or the prefix's) hicolor icon theme folder."""
        return self.data_dir / "icons" / "hicolor"

    @property
    def launcher(self) -> Path:
        """Return the installed ``starlight`` launcher."""
        return self.bin_dir / COMMAND


def targets_for(prefix: Path | None, environ: Mapping[str, str]) -> Targets:
    """Return the folders for ``--prefix`` or, without one, the user's XDG folders."""
    if prefix is not None:
        prefix = prefix.expanduser().absolute()
        return Targets(prefix / "share", prefix / "bin")
    home = Path(environ.get("HOME") or Path.home())
    data_home = environ.get("XDG_DATA_HOME", "")
    # The XDG spec: a relative path in the variable is invalid and must be ignored.
    data_dir = Path(data_home) if os.path.isabs(data_home) else home / ".local" / "share"
    return Targets(data_dir, home / ".local" / "bin")


def icon_files(source: Path = ICON_DIR) -> dict[Path, Path]:
    """Map each icon file in the repository to its path under ``hicolor``."""
    files = {source / f"{APP_ID}.svg": Path("scalable") / "apps" / f"{APP_ID}.svg"}
    for png in sorted((source / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        files[png] = png.relative_to(source / "hicolor")
    return files


def exec_quote(path: Path) -> str:
    """Return ``path`` as a desktop entry's Exec program: quoted where it needs it."""
    text = str(path)
    if text and set(text) <= _EXEC_SAFE:
        return text
    for reserved in ("\\", '"', "`", "$"):
        text = text.replace(reserved, "\\" + reserved)
    # The value is then a desktop-entry string: its own escape doubles every backslash.
    return '"' + text.replace("\\", "\\\\").replace("%", "%%") + '"'


def desktop_entry(launcher: Path, source: Path = DESKTOP_DIR) -> str:
    """Return the desktop entry with Exec and TryExec naming ``launcher`` by its full path."""
    lines = []
    for line in (source / f"{APP_ID}.desktop").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"Exec={COMMAND}"):
            line = "Exec=" + exec_quote(launcher) + line[len(f"Exec={COMMAND}") :]
        elif line == f"TryExec={COMMAND}":
            line = "TryExec=" + str(launcher).replace("\\", "\\\\")
        lines.append(line)
    return "\n".join(lines) + "\n"


def launcher_script(root: Path = ROOT) -> str:
    """Return the launcher: the venv's console script, or its Python running ``main.py``."""
    console = root / ".venv" / "bin" / COMMAND
    if console.is_file() and os.access(console, os.X_OK):
        command = shlex.quote(str(console))
    else:
        command = f"{shlex.quote(sys.executable)} {shlex.quote(str(root / 'main.py'))}"
    return f'#!/bin/sh\n{LAUNCHER_MARK} (remove with --uninstall)\nexec {command} "$@"\n'


def is_ours(launcher: Path) -> bool:
    """Return True if ``launcher`` was written by this installer."""
    try:
        with launcher.open(encoding="utf-8", errors="replace") as file:
            return LAUNCHER_MARK in file.read(512)
    except OSError:
        return False


class Installer:
    """Carry out (or, dry, only print) the steps of an install or uninstall."""

    def __init__(self, targets: Targets, dry_run: bool = False, force: bool = False) -> None:
        self.targets = targets
        self.dry_run = dry_run
        self.force = force

    def _say(self, verb: str, what: object) -> None:
        print(f"{'would ' + verb if self.dry_run else verb} {what}")

    def _write(self, path: Path, text: str, mode: int = 0o644) -> None:
        self._say("install", path)
        if not self.dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.new")
            temporary.write_text(text, encoding="utf-8")
            temporary.chmod(mode)
            temporary.replace(path)  # atomic: a menu never reads half a file

    def _copy(self, source: Path, path: Path) -> None:
        self._say("install", path)
        if not self.dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)
            path.chmod(0o644)

    def _remove(self, path: Path) -> None:
        if path.is_file() or path.is_symlink():
            self._say("remove", path)
            if not self.dry_run:
                path.unlink()

    def install(self) -> None:
        """Install the launcher, the desktop entry, the metainfo and the icons."""
        t = self.targets
        sources = [DESKTOP_DIR / t.desktop_file.name, DESKTOP_DIR / t.metainfo_file.name]
        missing = [str(path) for path in [*sources, *icon_files()] if not path.is_file()]
        if missing:
            raise InstallError(f"missing in the repository: {', '.join(missing)}")
        if t.launcher.exists() and not is_ours(t.launcher) and not self.force:
            raise InstallError(
                f"{t.launcher} exists and was not written by this installer; "
                "move it away or pass --force to replace it"
            )
        self._write(t.launcher, launcher_script(), 0o755)
        self._write(t.desktop_file, desktop_entry(t.launcher))
        self._copy(DESKTOP_DIR / t.metainfo_file.name, t.metainfo_file)
        for source, relative in icon_files().items():
            self._copy(source, t.hicolor_dir / relative)
        self.refresh()

    def uninstall(self) -> None:
        """Remove what :meth:`install` installed, and prune the icon folders left empty."""
        t = self.targets
        if is_ours(t.launcher):
            self._remove(t.launcher)
        elif t.launcher.exists():
            print(f"kept {t.launcher}: not written by this installer")
        self._remove(t.desktop_file)
        self._remove(t.metainfo_file)
        for relative in icon_files().values():
            path = t.hicolor_dir / relative
            self._remove(path)
            for folder in (path.parent, path.parent.parent):
                if not self.dry_run and folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
        self.refresh()

    def refresh(self) -> None:
        """Refresh the desktop's indexes of applications and icons, where the tools exist."""
        applications = self.targets.desktop_file.parent
        hicolor = self.targets.hicolor_dir
        self._run(["update-desktop-database", "-q", str(applications)], applications)
        self._run(["gtk-update-icon-cache", "-q", "-f", "-t", str(hicolor)], hicolor)

    def _run(self, command: list[str], folder: Path) -> None:
        if shutil.which(command[0]) is None:
            print(f"skipped {command[0]}: not installed")
            return
        if not (self.dry_run or folder.is_dir()):
            return  # uninstalled from a folder that never existed: no index to refresh
        self._say("run", shlex.join(command))
        if self.dry_run:
            return
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:  # an index left stale is no reason to fail the install
            print(f"warning: {command[0]} failed: {done.stderr.strip()}", file=sys.stderr)


def _path_note(bin_dir: Path, environ: Mapping[str, str]) -> str | None:
    """Return a hint when ``bin_dir`` is not on PATH, or None."""
    folders = [Path(p) for p in environ.get("PATH", "").split(os.pathsep) if p]
    if bin_dir in folders:
        return None
    return (
        f"note: {bin_dir} is not on PATH; the menu entry names the launcher in full, and a "
        f"terminal finds `{COMMAND}` once that folder is on PATH (at the next login on Debian)"
    )


def main(argv: list[str] | None = None) -> int:
    """Install or uninstall; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", type=Path, help="install into DIR/share and DIR/bin")
    parser.add_argument("--dry-run", action="store_true", help="print the steps, change nothing")
    parser.add_argument("--uninstall", action="store_true", help="remove the installed files")
    parser.add_argument("--force", action="store_true", help="replace a foreign launcher")
    args = parser.parse_args(argv)
    targets = targets_for(args.prefix, os.environ)
    installer = Installer(targets, dry_run=args.dry_run, force=args.force)
    try:
        if args.uninstall:
            installer.uninstall()
        else:
            installer.install()
    except (InstallError, OSError) as exc:
        print(f"install_desktop: {exc}", file=sys.stderr)
        return 1
    note = None if args.uninstall else _path_note(targets.bin_dir, os.environ)
    if note:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
