"""What a file's stream is: mutagen's class for it, its codec, length and format.

The length comes from the stream headers mutagen parses, so it is exact for VBR MP3 too:
mutagen counts frames from the Xing/Info or VBRI header. An MP3 without either header is
assumed to be CBR and its length estimated from the file size and the first frame's bit rate,
which can be far off for a VBR file (mutagen then reports ``bitrate_mode`` UNKNOWN and
``sketchy`` for damaged streams); nothing short of reading every frame does better.
"""

from __future__ import annotations

import math
from typing import Any, BinaryIO

from mutagen.aac import AAC
from mutagen.ac3 import AC3
from mutagen.aiff import AIFF
from mutagen.asf import ASF
from mutagen.dsdiff import DSDIFF
from mutagen.dsf import DSF
from mutagen.flac import FLAC
from mutagen.monkeysaudio import MonkeysAudio
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.musepack import Musepack
from mutagen.ogg import OggFileType
from mutagen.oggflac import OggFLAC
from mutagen.oggopus import OggOpus
from mutagen.oggspeex import OggSpeex
from mutagen.oggvorbis import OggVorbis
from mutagen.optimfrog import OptimFROG
from mutagen.tak import TAK
from mutagen.trueaudio import TrueAudio
from mutagen.wave import WAVE
from mutagen.wavpack import WavPack

from app.core.track import AudioProperties

#: Mutagen file class for each file name extension; others are left to ``mutagen.File``.
KIND_BY_SUFFIX: dict[str, type] = {
    ".mp3": MP3, ".mp2": MP3, ".flac": FLAC, ".ogg": OggVorbis, ".oga": OggVorbis,
    ".opus": OggOpus, ".spx": OggSpeex, ".m4a": MP4, ".m4b": MP4, ".mp4": MP4, ".alac": MP4,
    ".wav": WAVE, ".wave": WAVE, ".aif": AIFF, ".aiff": AIFF, ".aifc": AIFF, ".wma": ASF,
    ".asf": ASF, ".ape": MonkeysAudio, ".wv": WavPack, ".mpc": Musepack, ".tta": TrueAudio,
    ".aac": AAC, ".ac3": AC3, ".dsf": DSF, ".dff": DSDIFF, ".ofr": OptimFROG, ".tak": TAK,
}  # fmt: skip

#: What ``mutagen.File`` sniffs among when the extension is unknown or its class fails: all of
#: mutagen's audio formats, but not the tag-only ID3FileType and APEv2File (they have no
#: stream), MIDI or Theora video.
SNIFFABLE: tuple[type, ...] = (
    MP3, TrueAudio, OggSpeex, OggVorbis, OggFLAC, FLAC, AIFF, MP4, WavPack, Musepack,
    MonkeysAudio, OptimFROG, ASF, OggOpus, AAC, AC3, TAK, DSF, DSDIFF, WAVE,
)  # fmt: skip

_CODEC_BY_KIND: dict[type, str] = {
    FLAC: "FLAC", OggFLAC: "FLAC", OggVorbis: "Vorbis", OggOpus: "Opus", OggSpeex: "Speex",
    WavPack: "WavPack", MonkeysAudio: "Monkey's Audio", Musepack: "Musepack", AIFF: "PCM",
    TrueAudio: "TTA", AAC: "AAC", OptimFROG: "OptimFROG", TAK: "TAK", DSF: "DSD", DSDIFF: "DSD",
}  # fmt: skip
_MP4_CODECS = {"alac": "ALAC", "ac-3": "AC-3", "ec-3": "E-AC-3", "flac": "FLAC", "opus": "Opus"}
_WAVE_FORMATS = {1: "PCM", 3: "PCM", 0xFFFE: "PCM", 6: "A-law", 7: "\u00b5-law", 0x55: "MP3"}
# Bit depth means something only for these; a lossy stream has none.
_LOSSLESS = frozenset(
    {"FLAC", "ALAC", "PCM", "WavPack", "Monkey's Audio", "TTA", "OptimFROG", "TAK", "DSD",
     "WMA Lossless"}
)  # fmt: skip
_OPUS_RATE_HZ = 48000.0  # Opus always decodes at 48 kHz; the header's input rate is a hint
_WAV_HEADER_BYTES = 44  # RIFF, fmt and data chunk headers of a plain PCM WAV
# Top-level atoms looked through for ``mdat`` (a real file has about five).
_MAX_MP4_ATOMS = 64


def audio_properties(handle: Any, file_size: int, trim_samples: int = 0) -> AudioProperties:
    """Return length and format of a loaded mutagen file.

    Parameters
    ----------
    handle
        A loaded :class:`mutagen.FileType`.
    file_size
        Size of the file in bytes, for a bit rate where the headers give none (WavPack,
        Monkey's Audio); that estimate includes the tags.
    trim_samples
        Encoder delay and padding to take off mutagen's length (see :func:`mp3_encoder_gap`).

    Returns
    -------
    AudioProperties
        What the headers say; ``None`` where they say nothing sensible.

    """
    info = handle.info
    codec = _codec(handle, info)
    duration = _positive(getattr(info, "length", None))
    if duration is not None and isinstance(handle, WAVE) and codec == "PCM":
        duration = _positive(min(duration, _pcm_seconds(info, file_size)))
    rate = _positive(getattr(info, "sample_rate", None))
    if rate is None and isinstance(handle, OggOpus):
        rate = _OPUS_RATE_HZ
    if duration is not None and rate is not None and 0 < trim_samples < duration * rate:
        duration -= trim_samples / rate
    bits = _positive(getattr(info, "bits_per_sample", None)) if codec in _LOSSLESS else None
    channels = _positive(getattr(info, "channels", None))
    bitrate = _positive(getattr(info, "bitrate", None))
    if bitrate is None and duration is not None and file_size > 0:
        bitrate = file_size * 8 / duration
    return AudioProperties(
        duration_s=duration,
        sample_rate_hz=round(rate) if rate else None,
        bit_depth=round(bits) if bits else None,
        channels=round(channels) if channels else None,
        bitrate_kbps=round(bitrate / 1000) or None if bitrate else None,
        codec=codec,
    )


def missing_audio(handle: Any, fileobj: BinaryIO, file_size: int) -> str:
    """Return why a file whose headers read well holds no audio, or ``""`` when it has some.

    Looks where it is cheap to know: a FLAC file that ends with its metadata, an Ogg stream
    with no audio page, an MP4 file with no ``mdat`` payload, a PCM WAV with no sample data
    (however many gigabytes its header claims). Other formats pass; the decoder reports
    what this lets through.

    Parameters
    ----------
    handle
        A loaded mutagen file.
    fileobj
        The open file ``handle`` was loaded from; its position is moved.
    file_size
        Size of the file in bytes.

    Returns
    -------
    str
        A reason a person can read, or ``""``.

    """
    info = handle.info
    length = getattr(info, "length", 0) or 0
    if isinstance(handle, FLAC):
        empty = length > 0 and not info.bitrate  # mutagen counts the bytes after the metadata
    elif isinstance(handle, OggFileType):
        empty = length <= 0  # the last page's granule position: 0 when no audio page came
    elif isinstance(handle, MP4):
        empty = not _mp4_has_media(fileobj, file_size)
    elif isinstance(handle, WAVE) and _codec(handle, info) == "PCM":
        empty = _pcm_seconds(info, file_size) <= 0
    else:
        empty = False
    return "has no audio after its headers" if empty else ""


def _pcm_seconds(info: Any, file_size: int) -> float:
    """Return the most seconds of PCM ``file_size`` bytes can hold after a 44-byte header.

    A WAV header may claim 4 GB of samples (streaming recorders leave the sizes at their
    maximum); the length is capped by what the file really holds.
    """
    byte_rate = (getattr(info, "bitrate", 0) or 0) / 8
    return max(0, file_size - _WAV_HEADER_BYTES) / byte_rate if byte_rate > 0 else math.inf


def _mp4_has_media(fileobj: BinaryIO, file_size: int) -> bool:
    """Whether a top-level ``mdat`` atom with at least one byte of payload is in the file."""
    position = 0
    for _ in range(_MAX_MP4_ATOMS):
        fileobj.seek(position)
        header = fileobj.read(16)
        if len(header) < 8:
            return False
        size, kind = int.from_bytes(header[:4], "big"), header[4:8]
        header_bytes = 8
        if size == 1 and len(header) == 16:
            size, header_bytes = int.from_bytes(header[8:16], "big"), 16
        elif size == 0:  # the last atom runs to the end of the file
            size = file_size - position
        if kind == b"mdat":
            return size > header_bytes and file_size > position + header_bytes
        if size < header_bytes:
            return False
        position += size
    return False


def mp3_encoder_gap(handle: Any, fileobj: BinaryIO) -> int:
    """Return the encoder delay plus padding, in samples, that mutagen left in an MP3's length.

    mutagen subtracts them when the Xing/Info header carries a LAME extension that LAME
    itself wrote. ffmpeg writes the same extension under its own name (``Lavc``), which
    mutagen skips, so ffmpeg-made MP3s come out about 50 ms long. This reads those three
    bytes from the first frame (already in the read buffer); 0 when there is nothing to do.

    Parameters
    ----------
    handle
        A loaded mutagen file; only :class:`mutagen.mp3.MP3` is looked at.
    fileobj
        The open file ``handle`` was loaded from; its position is moved.

    Returns
    -------
    int
        Samples to take off the length.

    """
    info = handle.info if isinstance(handle, MP3) else None
    if info is None or info.encoder_info or info.sketchy or info.layer != 3:
        return 0
    side_info = (
        (32 if info.mode != 3 else 17) if info.version == 1 else (17 if info.mode != 3 else 9)
    )
    fileobj.seek(info.frame_offset + 4 + side_info)
    header = fileobj.read(8)
    if len(header) < 8 or header[:4] not in (b"Xing", b"Info"):
        return 0
    flags = int.from_bytes(header[4:8], "big")
    # Optional fields: frame count, byte count, 100-byte seek table, quality.
    fileobj.seek(
        4 * (flags & 1) + 4 * (flags >> 1 & 1) + 100 * (flags >> 2 & 1) + 4 * (flags >> 3 & 1), 1
    )
    extension = fileobj.read(24)
    if len(extension) < 24 or not extension.startswith(b"Lav"):
        return 0
    # 9-byte encoder name, then revision, lowpass, peak, gains, flags, ABR rate, and two
    # 12-bit numbers: delay and padding.
    delay = extension[21] << 4 | extension[22] >> 4
    padding = (extension[22] & 0x0F) << 8 | extension[23]
    return delay + padding


def _codec(handle: Any, info: Any) -> str:
    kind = type(handle)
    if kind in _CODEC_BY_KIND:
        return _CODEC_BY_KIND[kind]
    if isinstance(handle, MP3):
        return f"MP{getattr(info, 'layer', 3)}"
    if isinstance(handle, MP4):
        codec = str(getattr(info, "codec", "")).lower()
        return "AAC" if codec.startswith("mp4a.40") else _MP4_CODECS.get(codec, codec.upper())
    if isinstance(handle, ASF):
        return "WMA Lossless" if "Lossless" in str(getattr(info, "codec_name", "")) else "WMA"
    if isinstance(handle, WAVE):
        return _WAVE_FORMATS.get(getattr(info, "audio_format", 1), "")
    if isinstance(handle, AC3):
        return "E-AC-3" if getattr(info, "codec", "") == "ec-3" else "AC-3"
    return next((name for base, name in _CODEC_BY_KIND.items() if isinstance(handle, base)), "")


def _positive(value: object) -> float | None:
    if isinstance(value, int | float) and value > 0 and math.isfinite(value):
        return float(value)
    return None
