"""Find the ffmpeg binary and build safe command lines for it.

The static binary that ``imageio-ffmpeg`` ships starts about five times faster than Debian's
dynamically linked ``/usr/bin/ffmpeg`` (15 ms against 74 ms to the first 100 ms of PCM on these
machines; see the README), and every seek starts a decoder, so it comes first. ``STARLIGHT_FFMPEG``
overrides the choice; ``ffmpeg`` on PATH is the fallback when the wheel has no binary for this
platform. ``ffprobe`` is never needed.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from app.core.errors import StarlightError


class FfmpegMissingError(StarlightError):
    """No ffmpeg binary could be found."""


FLOAT_WAV_OUTPUT = ("-c:a", "pcm_f32le", "-f", "wav", "pipe:1")

#: The only ffmpeg demuxers a file may be read with: music containers and the usual audio
#: and video files. ffmpeg guesses a file's format from its bytes, whatever its name, so
#: without this list a text file called ``.mp3`` played as six seconds of AMR noise, and a
#: file holding an HLS playlist or an ``ffconcat`` script would make ffmpeg open the files
#: it names. Headerless formats (raw PCM, AMR, G.72x), images, playlists, concat scripts,
#: network descriptions (SDP, RTSP) and subtitles are all left out.
DEMUXERS = (
    "aac", "ac3", "aiff", "amr", "ape", "asf", "au", "avi", "caf", "dsf", "dts", "dtshd",
    "eac3", "flac", "flv", "iff", "loas", "matroska", "mlp", "mov", "mp3", "mpc", "mpc8",
    "mpeg", "mpegts", "ogg", "oma", "rm", "shn", "tak", "truehd", "tta", "w64", "wav", "wv",
    "xwma",
)  # fmt: skip


@functools.cache
def ffmpeg_binary() -> str:
    """Return the path of the ffmpeg binary to run (cached)."""
    override = os.environ.get("STARLIGHT_FFMPEG")
    if override:
        return override
    bundled = _bundled_binary()
    if bundled:
        return bundled
    on_path = shutil.which("ffmpeg")
    if on_path:
        return on_path
    raise FfmpegMissingError(
        "ffmpeg was not found: install the imageio-ffmpeg package or Debian's ffmpeg"
    )


def _bundled_binary() -> str | None:
    """Find the static ffmpeg inside the imageio-ffmpeg wheel without running it.

    ``imageio_ffmpeg.get_ffmpeg_exe()`` runs ``ffmpeg -version`` to validate the binary,
    which costs about 50 ms of launch-to-sound; the wheel's file is found directly instead.
    """
    spec = importlib.util.find_spec("imageio_ffmpeg")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        for candidate in sorted(Path(location, "binaries").glob("ffmpeg-*")):
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return None


def configure_pydub() -> None:
    """Point pydub's converter at the same ffmpeg the engine uses."""
    from pydub import AudioSegment

    AudioSegment.converter = ffmpeg_binary()


def file_url(path: Path) -> str:
    """Return ``path`` as an ffmpeg ``file:`` input, absolute, so no name is read as an option."""
    return "file:" + str(Path(path).absolute())


def decode_command(
    path: Path, start_s: float = 0.0, output: Sequence[str] = FLOAT_WAV_OUTPUT
) -> list[str]:
    """Build the argument list that decodes ``path``'s first audio stream to stdout.

    By default the output is 32-bit float WAV: its header carries the sample rate, channel
    count and channel mask, so one process both describes and streams the audio. ``output``
    replaces those output options (the groove map asks for 8 kHz mono 16-bit samples). Only
    the ``file`` and ``pipe`` protocols are allowed, which defuses names that look like URLs,
    ``concat:`` or ``subfile,``, and only the :data:`DEMUXERS`, whatever the file holds.
    """
    cmd = [
        ffmpeg_binary(),
        "-nostdin",
        "-hide_banner",
        "-loglevel",
        "error",
        "-protocol_whitelist",
        "file,pipe",
        "-format_whitelist",
        ",".join(DEMUXERS),
    ]
    if start_s > 0:
        cmd += ["-ss", f"{start_s:.6f}"]
    cmd += ["-i", file_url(path), "-map", "0:a:0", "-vn", "-sn", "-dn", *output]
    return cmd
