"""Test media: known signals and the files made from them with the ``ffmpeg`` CLI.

Everything here runs ``ffmpeg`` from ``PATH`` with argument lists (never a shell) and gives it
paths as ``file:/absolute/path`` so that odd file names cannot be mistaken for options or
protocols. Signals are int16 arrays of shape ``(n_frames, channels)``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import numpy.typing as npt

__all__ = [
    "COUNTER_PERIOD",
    "COUNTER_RIGHT_BASE",
    "COUNTER_RIGHT_SPAN",
    "RATE",
    "MediaError",
    "counter_signal",
    "decode_counter",
    "ffmpeg_decode_s16",
    "make_bad_files",
    "make_long_flac",
    "noise_signal",
    "tone_signal",
    "write_flac",
    "write_mp3",
    "write_mp3_pair",
    "write_wav",
]

#: Sample rate of every generated signal.
RATE = 44100

#: The counter's left channel repeats every this many frames.
COUNTER_PERIOD = 65535
#: Smallest value of the counter's right channel (never zero, so no frame is silent).
COUNTER_RIGHT_BASE = 1000
#: The counter's right channel wraps after this many periods (3000 * 65535 frames = 74 min).
COUNTER_RIGHT_SPAN = 3000

Int16Frames = npt.NDArray[np.int16]


class MediaError(RuntimeError):
    """``ffmpeg`` failed to write or read a test file."""


def _ffmpeg() -> str:
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise MediaError("ffmpeg is not on PATH")
    return exe


def _file_url(path: str | os.PathLike[str]) -> str:
    return "file:" + str(Path(path).absolute())


def _run_ffmpeg(args: list[str], data: bytes | None = None) -> bytes:
    cmd = [_ffmpeg(), "-hide_banner", "-loglevel", "error", *args]
    result = subprocess.run(
        cmd,
        input=data,
        stdin=None if data is not None else subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()
        raise MediaError(f"ffmpeg failed ({result.returncode}): {message}\n  {cmd}")
    return result.stdout


def _as_frames(samples: npt.ArrayLike) -> Int16Frames:
    array = np.asarray(samples)
    if array.dtype != np.int16:
        raise TypeError(f"samples must be int16, not {array.dtype}")
    if array.ndim == 1:
        array = array[:, np.newaxis]
    if array.ndim != 2 or not 1 <= array.shape[1] <= 8:
        raise ValueError(f"samples must have shape (n_frames, channels), not {array.shape}")
    return array


def _write_encoded(
    path: str | os.PathLike[str], samples: npt.ArrayLike, rate: int, codec_args: list[str]
) -> Path:
    frames = _as_frames(samples)
    out = Path(path)
    data = np.ascontiguousarray(frames, dtype="<i2").tobytes()
    _run_ffmpeg(
        [
            "-f", "s16le", "-ar", str(rate), "-ac", str(frames.shape[1]), "-i", "pipe:0",
            *codec_args,
            "-y", _file_url(out),
        ],
        data,
    )  # fmt: skip
    return out


def write_flac(path: str | os.PathLike[str], samples: npt.ArrayLike, rate: int = RATE) -> Path:
    """Write int16 ``samples`` to a 16-bit FLAC file (lossless: it decodes bit-exactly).

    Parameters
    ----------
    path
        Output file; overwritten.
    samples
        int16 array of shape ``(n_frames, channels)`` (1-D means mono).
    rate
        Sample rate in Hz.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    return _write_encoded(path, samples, rate, ["-c:a", "flac", "-sample_fmt", "s16"])


def write_wav(path: str | os.PathLike[str], samples: npt.ArrayLike, rate: int = RATE) -> Path:
    """Write int16 ``samples`` to a PCM (``pcm_s16le``) WAV file.

    Parameters
    ----------
    path
        Output file; overwritten.
    samples
        int16 array of shape ``(n_frames, channels)`` (1-D means mono).
    rate
        Sample rate in Hz.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    return _write_encoded(path, samples, rate, ["-c:a", "pcm_s16le", "-f", "wav"])


def write_mp3(
    path: str | os.PathLike[str],
    samples: npt.ArrayLike,
    rate: int = RATE,
    bitrate: str = "192k",
) -> Path:
    """Encode int16 ``samples`` to CBR MP3 with libmp3lame, with a Xing/LAME header.

    The LAME header records encoder delay and padding, so ffmpeg (and any gapless decoder)
    returns exactly ``len(samples)`` frames.

    Parameters
    ----------
    path
        Output file; overwritten.
    samples
        int16 array of shape ``(n_frames, channels)``.
    rate
        Sample rate in Hz.
    bitrate
        ffmpeg bit rate, e.g. ``"192k"``.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    return _write_encoded(
        path,
        samples,
        rate,
        ["-c:a", "libmp3lame", "-b:a", bitrate, "-write_xing", "1", "-f", "mp3"],
    )


# --------------------------------------------------------------------------------------------
# Signals
# --------------------------------------------------------------------------------------------


def counter_signal(n_frames: int, start: int = 0) -> Int16Frames:
    """Return a stereo signal whose every frame encodes its own absolute index.

    Encoding, for absolute frame index ``i = start + k``:

    - left  = ``(i % 65535) - 32767``            (a sawtooth over -32767..32767)
    - right = ``(i // 65535) % 3000 + 1000``     (1000..3999, steps once per 65535 frames)

    The right channel is never zero, so no frame is digital silence and -32768 never occurs
    (safe to negate). :func:`decode_counter` inverts it exactly for ``i < 3000 * 65535``
    (about 74 minutes at 44.1 kHz); beyond that the indices wrap.

    Parameters
    ----------
    n_frames
        Number of frames.
    start
        Absolute index of the first frame.

    Returns
    -------
    numpy.ndarray
        int16, shape ``(n_frames, 2)``.
    """
    if n_frames < 0 or start < 0:
        raise ValueError("n_frames and start must be non-negative")
    i = np.arange(start, start + n_frames, dtype=np.int64)
    out = np.empty((n_frames, 2), dtype=np.int16)
    out[:, 0] = (i % COUNTER_PERIOD) - 32767
    out[:, 1] = (i // COUNTER_PERIOD) % COUNTER_RIGHT_SPAN + COUNTER_RIGHT_BASE
    return out


def decode_counter(frames: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Invert :func:`counter_signal`: return the absolute index each frame encodes.

    Parameters
    ----------
    frames
        int16 array of shape ``(n, 2)``, e.g. part of a recording.

    Returns
    -------
    numpy.ndarray
        int64 indices, shape ``(n,)``. Frames that are not counter frames (for instance
        silence, whose right channel is outside 1000..3999) decode to -1.
    """
    array = np.asarray(frames)
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"frames must have shape (n, 2), not {array.shape}")
    left = array[:, 0].astype(np.int64)
    right = array[:, 1].astype(np.int64)
    index = (right - COUNTER_RIGHT_BASE) * COUNTER_PERIOD + (left + 32767)
    valid = (
        (right >= COUNTER_RIGHT_BASE)
        & (right < COUNTER_RIGHT_BASE + COUNTER_RIGHT_SPAN)
        & (left >= -32767)
    )
    return np.where(valid, index, -1)


def noise_signal(n_frames: int, seed: int, channels: int = 2) -> Int16Frames:
    """Return reproducible, gently low-passed random noise at about -12 dBFS RMS.

    Each channel is Gaussian white noise smoothed by a 4-tap moving average (so most energy
    lies below about 8 kHz), scaled to an RMS of -12 dBFS and clipped to +/-32767. The first
    frame is non-zero in every channel, so :meth:`Recorder.wait_for_sound` finds the start.

    Parameters
    ----------
    n_frames
        Number of frames.
    seed
        Seed for :func:`numpy.random.default_rng`.
    channels
        Number of channels.

    Returns
    -------
    numpy.ndarray
        int16, shape ``(n_frames, channels)``.
    """
    rng = np.random.default_rng(seed)
    white = rng.standard_normal((n_frames + 3, channels))
    kernel = np.full(4, 0.25)
    smooth = np.stack(
        [np.convolve(white[:, c], kernel, mode="valid") for c in range(channels)], axis=1
    )
    rms = float(np.sqrt(np.mean(smooth**2))) if n_frames else 1.0
    target = 32767 * 10 ** (-12 / 20)
    scaled = np.clip(np.rint(smooth * (target / (rms or 1.0))), -32767, 32767).astype(np.int16)
    if n_frames:
        first = scaled[0]
        first[first == 0] = 1
    return scaled


def tone_signal(
    n_frames: int,
    start: int = 0,
    frequencies: tuple[float, float] = (440.0, 659.25),
    level_dbfs: float = -12.0,
    rate: int = RATE,
) -> Int16Frames:
    """Return a stereo sine tone (different pitch per channel), continuous across calls.

    Frame ``i`` (absolute, from ``start``) is ``A * sin(2 pi f i / rate + pi / 4)``, so
    ``tone_signal(n, start=k)`` continues ``tone_signal(k)`` seamlessly and frame 0 is not zero.

    Parameters
    ----------
    n_frames
        Number of frames.
    start
        Absolute index of the first frame.
    frequencies
        Left and right frequencies in Hz.
    level_dbfs
        Peak level.
    rate
        Sample rate in Hz.

    Returns
    -------
    numpy.ndarray
        int16, shape ``(n_frames, 2)``.
    """
    i = np.arange(start, start + n_frames, dtype=np.float64)
    amplitude = 32767 * 10 ** (level_dbfs / 20)
    columns = [amplitude * np.sin(2 * np.pi * f * i / rate + np.pi / 4) for f in frequencies]
    return np.rint(np.stack(columns, axis=1)).astype(np.int16)


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def write_mp3_pair(
    directory: str | os.PathLike[str],
    seconds: float = 3.0,
    cut_frame: int | None = None,
    bitrate: str = "192k",
) -> tuple[Path, Path]:
    """Write one continuous tone, cut in two at an odd frame, as two gapless MP3 files.

    Played back to back by a gapless player, ``a.mp3`` and ``b.mp3`` give an unbroken tone;
    a gap or overlap at the joint shows up as a discontinuity. The reference for a bit-exact
    comparison is ``ffmpeg_decode_s16(a)`` followed by ``ffmpeg_decode_s16(b)`` (MP3 is lossy,
    so compare against the decoded files, not against :func:`tone_signal`).

    Parameters
    ----------
    directory
        Existing folder for ``a.mp3`` and ``b.mp3`` (overwritten).
    seconds
        Total length of the tone.
    cut_frame
        Number of frames in the first file; default: the odd frame nearest the middle.
    bitrate
        libmp3lame bit rate.

    Returns
    -------
    tuple[pathlib.Path, pathlib.Path]
        Paths of the first and the second half.
    """
    total = round(seconds * RATE)
    if cut_frame is None:
        cut_frame = (total // 2) | 1
    if not 0 < cut_frame < total:
        raise ValueError(f"cut_frame must be inside 1..{total - 1}")
    signal = tone_signal(total)
    folder = Path(directory)
    path_a = write_mp3(folder / "a.mp3", signal[:cut_frame], bitrate=bitrate)
    path_b = write_mp3(folder / "b.mp3", signal[cut_frame:], bitrate=bitrate)
    return path_a, path_b


def ffmpeg_decode_s16(path: str | os.PathLike[str]) -> Int16Frames:
    """Decode a file with the ffmpeg CLI to 44.1 kHz stereo int16 (the reference decoder).

    Parameters
    ----------
    path
        Audio file.

    Returns
    -------
    numpy.ndarray
        int16, shape ``(n_frames, 2)``.

    Raises
    ------
    MediaError
        When ffmpeg cannot decode the file.
    """
    raw = _run_ffmpeg(
        [
            "-nostdin", "-protocol_whitelist", "file,pipe", "-i", _file_url(path),
            "-vn", "-sn", "-f", "s16le", "-ac", "2", "-ar", str(RATE), "pipe:1",
        ]
    )  # fmt: skip
    usable = len(raw) - len(raw) % 4
    return np.frombuffer(raw[:usable], dtype="<i2").reshape(-1, 2).astype(np.int16)


def make_bad_files(directory: str | os.PathLike[str], seed: int = 1234) -> dict[str, Path]:
    """Create files a player must refuse gracefully.

    Parameters
    ----------
    directory
        Existing folder.
    seed
        Seed for the random bytes of ``random.mp3``.

    Returns
    -------
    dict[str, pathlib.Path]
        Keyed by file name:

        - ``empty.flac``: zero bytes;
        - ``truncated.flac``: the first 30 % of a valid 2-second FLAC;
        - ``random.mp3``: 64 KiB of seeded random bytes;
        - ``notaudio.flac``: a text file;
        - ``folder.flac``: a directory;
        - ``dangling.flac``: a symlink to a file that does not exist.
    """
    folder = Path(directory)
    files: dict[str, Path] = {}

    empty = folder / "empty.flac"
    empty.write_bytes(b"")
    files[empty.name] = empty

    valid = write_flac(folder / ".valid-for-truncation.flac", noise_signal(2 * RATE, seed=seed))
    content = valid.read_bytes()
    valid.unlink()
    truncated = folder / "truncated.flac"
    truncated.write_bytes(content[: int(len(content) * 0.3)])
    files[truncated.name] = truncated

    random_mp3 = folder / "random.mp3"
    random_mp3.write_bytes(np.random.default_rng(seed).bytes(64 * 1024))
    files[random_mp3.name] = random_mp3

    text = folder / "notaudio.flac"
    text.write_text("This is not a FLAC file, just some text.\n" * 20)
    files[text.name] = text

    subfolder = folder / "folder.flac"
    subfolder.mkdir(exist_ok=True)
    files[subfolder.name] = subfolder

    dangling = folder / "dangling.flac"
    if dangling.is_symlink() or dangling.exists():
        dangling.unlink()
    dangling.symlink_to(folder / "does-not-exist.flac")
    files[dangling.name] = dangling
    return files


def make_long_flac(path: str | os.PathLike[str], seconds: float, frequency: float = 440.0) -> Path:
    """Write a long stereo sine FLAC quickly with ffmpeg's ``lavfi`` source.

    Made for memory benchmarks (5 minutes against 2 hours): the signal is generated inside
    ffmpeg and encoded at FLAC compression level 0. A 2-hour file takes about 12 s and
    130 MB here; 5 minutes well under a second.

    Parameters
    ----------
    path
        Output file; overwritten.
    seconds
        Duration.
    frequency
        Sine frequency in Hz.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    out = Path(path)
    source = (
        f"sine=frequency={frequency}:sample_rate={RATE}:duration={seconds}:samples_per_frame=16384"
    )
    _run_ffmpeg(
        [
            "-nostdin", "-f", "lavfi", "-i", source, "-ac", "2",
            "-c:a", "flac", "-sample_fmt", "s16", "-compression_level", "0",
            "-y", _file_url(out),
        ]
    )  # fmt: skip
    return out
