"""The command line: what ``starlight`` is asked to play or do.

``parse_arguments`` reads it without numpy or the engine (a second start only hands its files
to the running player and exits, and that path is timed): ``file://`` URIs as a file manager
passes them with ``%U`` become local paths, other addresses are refused with a message.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote_to_bytes

from app import __version__

__all__ = ["EXIT_NOT_HANDED_OVER", "REPLAYGAIN_CHOICES", "parse_arguments"]

REPLAYGAIN_CHOICES = ("off", "track", "album")  # app.audio.dsp.ReplayGainMode, without numpy
EXIT_NOT_HANDED_OVER = 1
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]+):")
_WINDOWS_DRIVE_IN_URI = re.compile(r"/[A-Za-z]:")


def _parser() -> argparse.ArgumentParser:
    from PySide6.QtCore import QCoreApplication

    translate = QCoreApplication.translate
    parser = argparse.ArgumentParser(
        prog="starlight",
        description=translate(
            "CommandLine", "Starlight Turntable: play music files, folders and playlists."
        ),
        epilog=translate(
            "CommandLine",
            "A second start hands its files to the running player, which plays them at once."
            " Library commands: starlight scan FOLDER..., starlight search WORDS.",
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="FILE",
        help=translate(
            "CommandLine", "files, folders, playlists (.m3u, .m3u8, .pls) or file:// URIs"
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    group = parser.add_argument_group(
        translate("CommandLine", "remote control"),
        translate("CommandLine", "Steer the running player; only --enqueue starts one."),
    )
    remote = group.add_mutually_exclusive_group()
    for command, text in (
        ("enqueue", translate("CommandLine", "add the files to the queue, not play them now")),
        ("play-pause", translate("CommandLine", "pause, or play on")),
        ("next", translate("CommandLine", "go to the next track")),
        ("previous", translate("CommandLine", "go back a track, or to the start of this one")),
        ("stop", translate("CommandLine", "stop playing")),
    ):
        remote.add_argument(
            f"--{command}", dest="command", action="store_const", const=command, help=text
        )
    parser.set_defaults(command="open")
    parser.add_argument(
        "--replaygain",
        choices=REPLAYGAIN_CHOICES,
        default=None,
        help=translate(
            "CommandLine",
            "apply ReplayGain from the tags (default: the saved setting, off at first)",
        ),
    )
    parser.add_argument(
        "--volume", type=float, default=None, help=translate("CommandLine", "start volume, 0 to 1")
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help=translate("CommandLine", "log more")
    )
    return parser


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Read the command line.

    ``paths`` come back absolute and local: ``file://`` URIs (as a file manager passes them)
    are decoded, and an argument that is not a local file (``http://``, a file on another
    host) is named on stderr and left out; when nothing is left of the files given, the
    command line is refused (exit code 2). ``command`` says what to ask of a running player:
    ``open`` (play now), ``enqueue``, ``activate`` (no files), ``play-pause``, ``next``,
    ``previous`` or ``stop``.
    """
    from PySide6.QtCore import QCoreApplication

    from app.ui.i18n import fill

    translate = QCoreApplication.translate
    parser = _parser()
    args = parser.parse_args(list(argv))
    if args.command not in ("open", "enqueue") and args.paths:
        parser.error(fill(translate("CommandLine", "--%1 takes no files"), args.command))
    if args.command == "enqueue" and not args.paths:
        parser.error(translate("CommandLine", "--enqueue needs files to add"))
    paths = []
    for argument in args.paths:
        try:
            paths.append(_local_path(argument))
        except ValueError as exc:
            print(f"starlight: {exc}", file=sys.stderr)
    if args.paths and not paths:
        parser.exit(2)
    if args.command == "open" and not args.paths:
        args.command = "activate"
    args.paths = paths
    return args


def _local_path(argument: str) -> str:
    """Return the absolute local path an argument names: a path, or a ``file:`` URI.

    Raises
    ------
    ValueError
        With a readable message, for another scheme or a file on another host.

    """
    from PySide6.QtCore import QCoreApplication

    from app.ui.i18n import fill

    translate = QCoreApplication.translate
    scheme = _URL_SCHEME.match(argument)
    if "\0" in argument:
        raise ValueError(fill(translate("CommandLine", "%1: a name cannot hold NUL"), argument))
    if scheme is None or os.path.lexists(argument):
        return str(Path(argument).expanduser().absolute())
    if scheme.group(1).lower() != "file":
        if not argument[scheme.end() :].startswith("//"):  # "Intro: Overture.flac"
            return str(Path(argument).expanduser().absolute())
        message = translate("CommandLine", "%1: only local files can be played, not %2 addresses")
        raise ValueError(fill(message, argument, scheme.group(1)))
    rest = argument[5:]
    if rest.startswith("//"):
        host, slash, rest = rest[2:].partition("/")
        if host.lower() not in ("", "localhost"):
            message = translate(
                "CommandLine", "%1: the file is on another computer (%2); only local files play"
            )
            raise ValueError(fill(message, argument, host))
        rest = slash + rest
    path = os.fsdecode(unquote_to_bytes(rest.encode("utf-8", "surrogateescape")))
    if os.name == "nt" and _WINDOWS_DRIVE_IN_URI.match(path):
        path = path[1:]
    if "\0" in path or not os.path.isabs(path):
        raise ValueError(fill(translate("CommandLine", "%1: not a local file's URI"), argument))
    return path
