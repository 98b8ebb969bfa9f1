"""Inputs for the tag fuzzer (:mod:`tools.fuzz_tags`): real seed files, and their mutations.

Seeds are made with ffmpeg and tagged with mutagen: MP3 with ID3v2.3 and with ID3v2.4 (plus
APEv2), FLAC with pictures, Ogg Vorbis, Opus, M4A, WAV and AIFF with ID3 chunks, WavPack with
APEv2, WMA; and PNG and JPEG covers. A mutation stacks one to four steps: bit flips,
interesting values in length fields found by their markers (ID3 and MP4 sizes, RIFF/IFF chunk
sizes, FLAC block lengths, Vorbis comment lengths, APE and ASF sizes), truncation, splices from
other seeds, deleted, repeated and inserted chunks; one case in ten keeps a wrong extension.
"""

from __future__ import annotations

import base64
import random
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

IMAGE_SUFFIXES = (".png", ".jpg")
_INTERESTING = (0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF,
                0x80000000, 0xFFFFFFFF, 0x10000000)  # fmt: skip
# Markers of length fields: (marker, offset of the field from the marker, width, byte order).
_LENGTH_FIELDS: tuple[tuple[bytes, int, int, str], ...] = (
    (b"ID3", 6, 4, "syncsafe"), (b"TIT2", 4, 4, "big"), (b"TPE1", 4, 4, "big"),
    (b"APIC", 4, 4, "big"), (b"TXXX", 4, 4, "big"), (b"UFID", 4, 4, "big"),
    (b"moov", -4, 4, "big"), (b"udta", -4, 4, "big"), (b"meta", -4, 4, "big"),
    (b"ilst", -4, 4, "big"), (b"covr", -4, 4, "big"), (b"data", -4, 4, "big"),
    (b"trak", -4, 4, "big"), (b"mdia", -4, 4, "big"), (b"stsd", -4, 4, "big"),
    (b"----", -4, 4, "big"), (b"mvhd", -4, 4, "big"), (b"stts", 8, 4, "big"),
    (b"RIFF", 4, 4, "little"), (b"LIST", 4, 4, "little"), (b"id3 ", 4, 4, "little"),
    (b"fmt ", 4, 4, "little"), (b"FORM", 4, 4, "big"), (b"ID3 ", 4, 4, "big"),
    (b"COMM", 4, 4, "big"), (b"SSND", 4, 4, "big"), (b"APETAGEX", 12, 4, "little"),
    (b"APETAGEX", 16, 4, "little"), (b"OggS", 26, 1, "big"), (b"\x03vorbis", 7, 4, "little"),
    (b"OpusTags", 8, 4, "little"), (b"fLaC", 5, 3, "big"), (b"fLaC", 4, 1, "big"),
    (b"wvpk", 4, 4, "little"), (b"\x75\x8e\x66\xcf", 16, 8, "little"),
)  # fmt: skip


@dataclass(frozen=True)
class Seed:
    """A real file to mutate: its name (with the extension that picks the reader) and bytes."""

    name: str
    data: bytes = field(repr=False)

    @property
    def suffix(self) -> str:
        """The file name extension, with its dot."""
        return Path(self.name).suffix


# --------------------------------------------------------------------------------------------
# Seeds: real files from ffmpeg, tagged with mutagen
# --------------------------------------------------------------------------------------------

_ENCODINGS = {
    "id3v23.mp3": ["-c:a", "libmp3lame", "-b:a", "32k"],
    "id3v24.mp3": ["-c:a", "libmp3lame", "-b:a", "32k"],
    "pictures.flac": ["-c:a", "flac"],
    "vorbis.ogg": ["-c:a", "libvorbis", "-q:a", "0"],
    "opus.opus": ["-c:a", "libopus", "-b:a", "16k", "-ar", "48000"],
    "aac.m4a": ["-c:a", "aac", "-b:a", "32k"],
    "id3.wav": ["-c:a", "pcm_s16le"],
    "id3.aiff": ["-c:a", "pcm_s16be"],
    "ape.wv": ["-c:a", "wavpack"],
    "asf.wma": ["-c:a", "wmav2", "-b:a", "32k"],
}


def _ffmpeg() -> str:
    found = shutil.which("ffmpeg")
    if found:
        return found
    from app.audio.ffmpeg import ffmpeg_binary

    return ffmpeg_binary()


def _run_ffmpeg(args: list[str]) -> None:
    command = [_ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def _png(width: int = 3, height: int = 2) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    rows = b"".join(b"\0" + b"\xc8\xa0\x40" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))


def _jpeg(folder: Path) -> bytes:
    path = folder / "cover.jpg"
    _run_ffmpeg(["-f", "lavfi", "-i", "color=c=0xc8a040:s=8x8", "-frames:v", "1", str(path)])
    return path.read_bytes()


def make_seeds(folder: Path) -> list[Seed]:
    """Write the seed files into ``folder`` (made if missing) and return them."""
    folder.mkdir(parents=True, exist_ok=True)
    png, jpeg = _png(), _jpeg(folder)
    seeds = [Seed("cover.png", png), Seed("cover.jpg", jpeg)]
    for name, codec in _ENCODINGS.items():
        path = folder / name
        source = "sine=frequency=440:sample_rate=22050:duration=0.25"
        exact = ["-fflags", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1"]
        _run_ffmpeg(["-f", "lavfi", "-i", source, "-ac", "1", *codec, *exact, str(path)])
        _TAGGERS[path.suffix](path, name, png, jpeg)
        seeds.append(Seed(name, path.read_bytes()))
    return seeds


def _tag_mp3(path: Path, name: str, png: bytes, jpeg: bytes) -> None:
    from mutagen import id3
    from mutagen.apev2 import APEv2

    tags = id3.ID3()
    utf8 = 3 if "v24" in name else 1  # UTF-8 is ID3v2.4's; v2.3 has UTF-16
    tags.add(id3.TIT2(encoding=utf8, text=["Starlight 별빛"]))
    tags.add(id3.TPE1(encoding=utf8, text=["Jay", "Nan-young"]))
    tags.add(id3.TALB(encoding=0, text=["Seoul 2050"]))
    tags.add(id3.TPE2(encoding=utf8, text=["Various"]))
    tags.add(id3.TRCK(encoding=0, text=["3/12"]))
    tags.add(id3.TPOS(encoding=0, text=["1/2"]))
    tags.add(id3.TDRC(encoding=0, text=["2050-05-01"]))
    tags.add(id3.TCON(encoding=0, text=["(17)Rock"]))
    tags.add(id3.TCOM(encoding=utf8, text=["Composer"]))
    tags.add(id3.TCMP(encoding=0, text=["1"]))
    tags.add(id3.TXXX(encoding=utf8, desc="replaygain_track_gain", text=["-6.50 dB"]))
    tags.add(id3.TXXX(encoding=utf8, desc="MusicBrainz Album Id", text=["a" * 36]))
    tags.add(id3.UFID(owner="http://musicbrainz.org", data=b"b" * 36))
    tags.add(id3.COMM(encoding=utf8, lang="eng", desc="", text=["a comment"]))
    tags.add(id3.APIC(encoding=utf8, mime="image/png", type=3, desc="front", data=png))
    tags.add(id3.APIC(encoding=0, mime="image/jpeg", type=1, desc="icon", data=jpeg))
    tags.save(path, v2_version=4 if "v24" in name else 3, v1=2)
    if "v24" in name:
        ape = APEv2()
        ape["Title"] = "APE title"
        ape.save(path)


def _tag_id3_chunk(path: Path, name: str, png: bytes, jpeg: bytes) -> None:
    from mutagen import aiff, id3, wave

    kind = wave.WAVE if path.suffix == ".wav" else aiff.AIFF
    audio = kind(path)
    audio.add_tags()
    audio.tags.add(id3.TIT2(encoding=3, text=["Chunk title"]))
    audio.tags.add(id3.TPE1(encoding=1, text=["Chunk artist"]))
    audio.tags.add(id3.TRCK(encoding=0, text=["7"]))
    audio.tags.add(id3.APIC(encoding=3, mime="image/png", type=3, desc="", data=png))
    audio.save()


def _picture(data: bytes, mime: str, kind: int) -> object:
    from mutagen.flac import Picture

    picture = Picture()
    picture.type, picture.mime, picture.desc, picture.data = kind, mime, "cover", data
    picture.width, picture.height, picture.depth = 3, 2, 24
    return picture


def _vorbis_comments(tags: object) -> None:
    values = {
        "TITLE": ["Vorbis title"], "ARTIST": ["One", "Two"], "ALBUM": ["Album"],
        "TRACKNUMBER": ["4"], "TRACKTOTAL": ["9"], "DISCNUMBER": ["2/2"], "DATE": ["2050"],
        "GENRE": ["Jazz"], "REPLAYGAIN_ALBUM_GAIN": ["-3.2 dB"], "R128_TRACK_GAIN": ["-512"],
        "MUSICBRAINZ_TRACKID": ["c" * 36], "COMPILATION": ["1"],
    }  # fmt: skip
    for key, value in values.items():
        tags[key] = value  # type: ignore[index]


def _tag_flac(path: Path, name: str, png: bytes, jpeg: bytes) -> None:
    from mutagen.flac import FLAC

    audio = FLAC(path)
    _vorbis_comments(audio)
    audio.add_picture(_picture(png, "image/png", 3))
    audio.add_picture(_picture(jpeg, "image/jpeg", 1))
    audio.save()


def _tag_ogg(path: Path, name: str, png: bytes, jpeg: bytes) -> None:
    from mutagen.oggopus import OggOpus
    from mutagen.oggvorbis import OggVorbis

    audio = (OggOpus if path.suffix == ".opus" else OggVorbis)(path)
    _vorbis_comments(audio)
    block = _picture(png, "image/png", 3).write()  # type: ignore[attr-defined]
    audio["METADATA_BLOCK_PICTURE"] = [base64.b64encode(block).decode("ascii")]
    audio["COVERART"] = [base64.b64encode(jpeg).decode("ascii")]
    audio["COVERARTMIME"] = ["image/jpeg"]
    audio.save()


def _tag_m4a(path: Path, name: str, png: bytes, jpeg: bytes) -> None:
    from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm

    audio = MP4(path)
    audio["\xa9nam"], audio["\xa9ART"], audio["\xa9alb"] = ["M4A title"], ["Artist"], ["Album"]
    audio["aART"], audio["\xa9day"], audio["\xa9gen"] = ["Album Artist"], ["2050"], ["Pop"]
    audio["trkn"], audio["disk"], audio["cpil"] = [(3, 12)], [(1, 2)], True
    audio["covr"] = [MP4Cover(png, MP4Cover.FORMAT_PNG), MP4Cover(jpeg, MP4Cover.FORMAT_JPEG)]
    audio["----:com.apple.iTunes:MusicBrainz Track Id"] = [MP4FreeForm(b"d" * 36)]
    audio["----:com.apple.iTunes:replaygain_track_gain"] = [MP4FreeForm(b"-1.0 dB")]
    audio.save()


def _tag_wavpack(path: Path, name: str, png: bytes, jpeg: bytes) -> None:
    from mutagen.apev2 import BINARY, APEValue
    from mutagen.wavpack import WavPack

    audio = WavPack(path)
    audio.add_tags()
    audio.tags["Title"], audio.tags["Artist"] = "APE title", "One\0Two"
    audio.tags["Track"], audio.tags["Year"] = "5/10", "2050"
    audio.tags["Cover Art (Front)"] = APEValue(b"cover.png\0" + png, BINARY)
    audio.save()


def _tag_asf(path: Path, name: str, png: bytes, jpeg: bytes) -> None:
    from mutagen.asf import ASF, ASFByteArrayAttribute

    audio = ASF(path)
    audio["Title"], audio["Author"] = ["WMA title"], ["WMA artist"]
    audio["WM/AlbumTitle"], audio["WM/TrackNumber"] = ["Album"], ["6"]
    mime, desc = "image/png\0".encode("utf-16-le"), "\0".encode("utf-16-le")
    picture = struct.pack("<BI", 3, len(png)) + mime + desc + png
    audio["WM/Picture"] = [ASFByteArrayAttribute(picture)]
    audio.save()


_TAGGERS: dict[str, Callable[[Path, str, bytes, bytes], None]] = {
    ".mp3": _tag_mp3, ".wav": _tag_id3_chunk, ".aiff": _tag_id3_chunk, ".flac": _tag_flac,
    ".ogg": _tag_ogg, ".opus": _tag_ogg, ".m4a": _tag_m4a, ".wv": _tag_wavpack,
    ".wma": _tag_asf,
}  # fmt: skip


# --------------------------------------------------------------------------------------------
# Mutations
# --------------------------------------------------------------------------------------------


def _span(rng: random.Random, size: int) -> tuple[int, int]:
    """Return a random chunk ``(start, end)`` of ``size`` bytes, short ones likelier."""
    start = rng.randrange(size + 1)
    length = min(size - start, int(rng.expovariate(1 / 64)) + 1)
    return start, start + length


def _flip_bits(rng: random.Random, data: bytearray, seeds: list[Seed]) -> str:
    for _ in range(rng.randint(1, 16)):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return "flip"


def _interesting_int(rng: random.Random, size: int) -> int:
    return rng.choice([*_INTERESTING, size, size + 1, max(size - 1, 0), rng.getrandbits(32)])


def _set_field(data: bytearray, at: int, width: int, order: str, value: int) -> None:
    if order == "syncsafe":  # ID3 sizes: 7 bits a byte
        value &= 0x0FFFFFFF
        raw = bytes((value >> shift) & 0x7F for shift in (21, 14, 7, 0))
    else:
        raw = (value & ((1 << (8 * width)) - 1)).to_bytes(width, order)  # type: ignore[arg-type]
    data[at : at + width] = raw[: max(0, min(width, len(data) - at))]


def _length_field(rng: random.Random, data: bytearray, seeds: list[Seed]) -> str:
    """Put an interesting value into a length field found by its marker."""
    found = [(m, o, w, b) for m, o, w, b in _LENGTH_FIELDS if m in data]
    if not found:
        return _random_field(rng, data, seeds)
    marker, offset, width, order = rng.choice(found)
    places: list[int] = []
    start = 0
    while (start := data.find(marker, start)) >= 0 and len(places) < 64:
        places.append(start)
        start += 1
    at = rng.choice(places) + offset
    if not 0 <= at < len(data):
        return "length(none)"
    _set_field(data, at, width, order, _interesting_int(rng, len(data)))
    return f"length({marker!r}@{at})"


def _random_field(rng: random.Random, data: bytearray, seeds: list[Seed]) -> str:
    width = rng.choice((1, 2, 4, 8))
    at = rng.randrange(len(data))
    _set_field(data, at, width, rng.choice(("big", "little")), _interesting_int(rng, len(data)))
    return f"field(@{at})"


def _truncate(rng: random.Random, data: bytearray, seeds: list[Seed]) -> str:
    keep = rng.randrange(len(data)) if rng.random() < 0.5 else int(len(data) * rng.random() ** 3)
    del data[keep:]
    return f"truncate({keep})"


def _delete(rng: random.Random, data: bytearray, seeds: list[Seed]) -> str:
    start, end = _span(rng, len(data))
    del data[start:end]
    return "delete"


def _repeat(rng: random.Random, data: bytearray, seeds: list[Seed]) -> str:
    start, end = _span(rng, len(data))
    data[end:end] = data[start:end] * rng.randint(1, 8)
    return "repeat"


def _insert(rng: random.Random, data: bytearray, seeds: list[Seed]) -> str:
    at = rng.randrange(len(data) + 1)
    data[at:at] = rng.randbytes(rng.randint(1, 64))
    return "insert"


def _splice(rng: random.Random, data: bytearray, seeds: list[Seed]) -> str:
    other = rng.choice(seeds).data
    start, end = _span(rng, len(other))
    at = rng.randrange(len(data) + 1)
    if rng.random() < 0.5:
        data[at:at] = other[start:end]
    else:
        data[at : at + end - start] = other[start:end]
    return "splice"


_MUTATORS = (
    (_flip_bits, 3), (_length_field, 4), (_random_field, 2), (_truncate, 2), (_delete, 1),
    (_repeat, 1), (_insert, 1), (_splice, 2),
)  # fmt: skip


def mutate(rng: random.Random, seeds: list[Seed]) -> tuple[bytes, str, str]:
    """Return mutated bytes of a random seed, the extension to give them, and the recipe."""
    seed = rng.choice(seeds)
    data = bytearray(seed.data)
    steps = []
    for _ in range(rng.choice((1, 1, 2, 3, 4))):
        if not data:
            break
        mutator = rng.choices([m for m, _ in _MUTATORS], [w for _, w in _MUTATORS])[0]
        steps.append(mutator(rng, data, seeds))
    suffix = seed.suffix
    if suffix not in IMAGE_SUFFIXES and rng.random() < 0.1:  # misnamed: the sniffing path
        suffix = rng.choice([s.suffix for s in seeds if s.suffix not in IMAGE_SUFFIXES])
    return bytes(data), suffix, f"{seed.name}: {', '.join(steps)} as {suffix}"
