"""The valid files of the hostile corpus (see :mod:`tests.hostile.corpus`).

Audio comes from ``ffmpeg`` through :class:`~tests.hostile.corpus.Encoder`; tags are written
by mutagen into our own generated copies; lying headers are built by hand
(:mod:`tests.hostile.crafted`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
from mutagen.asf import ASF
from mutagen.flac import FLAC, Picture
from mutagen.id3 import APIC, ID3, TIT2, TPE1
from mutagen.mp4 import MP4, MP4Cover
from mutagen.oggvorbis import OggVorbis

from tests.hostile import crafted
from tests.hostile.corpus import Corpus, Encoder, Playable, sine

AAC = ["-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart"]
CODECS = {
    "flac": ["-c:a", "flac"],
    "mp3": ["-c:a", "libmp3lame", "-b:a", "128k"],
    "ogg": ["-c:a", "libvorbis", "-q:a", "2"],
    "m4a": AAC,
    "opus": ["-c:a", "libopus", "-b:a", "64k"],
    "wav": ["-c:a", "pcm_s16le"],
    "wma": ["-c:a", "wmav2", "-b:a", "96k"],
}
#: The bytes patched into text tags: invalid UTF-8 (a lone byte, a bad continuation, an
#: encoded surrogate, an overlong lead) and UTF-16 with lone surrogates.
BAD_UTF8 = b"\xff\xfe\xc3\x28\xed\xa0\x80\xc0"
BAD_UTF16 = b"\x00\xd8A\x00\x00\xdcB\x00\x00\xd8\x00\xd8"
HIRES_RATE = 96_000


def hires_signal(frames: int) -> np.ndarray:
    """Return the 24-bit stereo samples of the 96 kHz file, as int32 (low byte zero)."""
    n = np.arange(frames)
    left = np.round(0.4 * 2**23 * np.sin(2 * np.pi * 1000 * n / HIRES_RATE)).astype(np.int32)
    right = ((n * 7919) % 2**20 - 2**19).astype(np.int32) | 1  # the low bits all matter
    return np.stack([left, right], axis=1) * 256


def _tones(frames: int, rate_hz: int, channels: int) -> bytes:
    """A different tone in every channel, as int16 bytes."""
    n = np.arange(frames)[:, None]
    hz = 220.0 * (1 + np.arange(channels))[None, :]
    return np.round(8000 * np.sin(2 * np.pi * hz * n / rate_hz)).astype("<i2").tobytes()


def _raw(rate_hz: int, channels: int, layout: str, fmt: str = "s16le") -> list[str]:
    return ["-f", fmt, "-ar", str(rate_hz), "-ac", str(channels), "-ch_layout", layout,
            "-i", "pipe:0"]  # fmt: skip


def base_files(encoder: Encoder, folder: Path) -> dict[str, Path]:
    """Queue one second of a tone in the four common formats (tagged later), and two images."""
    bases = {kind: encoder.encode(folder / f"0{i} sine.{kind}", sine(1.0), CODECS[kind])
             for i, kind in enumerate(("flac", "mp3", "ogg", "m4a"), 1)}  # fmt: skip
    bases["m4a moov last"] = encoder.encode(
        folder / "05 moov last.m4a", sine(1.0), ["-c:a", "aac", "-b:a", "96k"]
    )
    image = ["-f", "lavfi", "-i", "color=c=0x2040a0:s=64x64", "-frames:v", "1"]
    sources = folder.parent.parent / ".sources"  # hidden: the walk skips it
    bases["jpeg"] = encoder.encode(sources / "small.jpg", image, [])
    bases["png"] = encoder.encode(sources / "small.png", image, [])
    return bases


def tag_bases(bases: dict[str, Path]) -> None:
    """Tag the base files and give the FLAC and MP3 a small cover, so headers have bulk."""
    png = bases["png"].read_bytes()
    flac = FLAC(bases["flac"])
    flac.update({"title": "Sine", "artist": "Jay", "album": "Formats", "tracknumber": "1"})
    picture = Picture()
    picture.type, picture.mime, picture.data = 3, "image/png", png
    flac.add_picture(picture)
    flac.save()
    tags = ID3()
    tags.add(TIT2(encoding=3, text="Sine"))
    tags.add(TPE1(encoding=3, text="Jay"))
    tags.add(APIC(encoding=3, mime="image/png", type=3, data=png))
    tags.save(bases["mp3"])
    ogg = OggVorbis(bases["ogg"])
    ogg.update({"title": "Sine", "artist": "Jay"})
    ogg.save()
    m4a = MP4(bases["m4a"])
    m4a.update({"\u00a9nam": "Sine", "\u00a9ART": "Jay"})
    m4a.save()


def exotic_files(encoder: Encoder, corpus: Corpus, folder: Path) -> None:
    """Queue the valid but unusual files that must play."""

    def add(name: str, source: list[str], codec: list[str], data: bytes | None = None,
            **expected: float) -> None:  # fmt: skip
        path = encoder.encode(folder / name, source, codec, data)
        corpus.good.add(path)
        corpus.playable[name] = Playable(path, **expected)  # type: ignore[arg-type]

    # Three hours cost 26 KB and 0.7 s: silence at 8 kHz, in FLAC's longest blocks.
    add("3 hours.flac", ["-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "10800"],
        ["-c:a", "flac", "-frame_size", "65535"],
        duration_s=10800.0, rate_hz=8000, channels=1, tolerance_s=0.01)  # fmt: skip
    add("mono 8 kHz.wav", sine(0.5, 8000), ["-ac", "1", *CODECS["wav"]],
        duration_s=0.5, rate_hz=8000, channels=1)  # fmt: skip
    add("mono 8 kHz.mp3", sine(0.5, 8000), ["-ac", "1", "-c:a", "libmp3lame", "-b:a", "16k"],
        duration_s=0.5, rate_hz=8000, channels=1, tolerance_s=0.06)  # fmt: skip
    hires = np.ascontiguousarray(hires_signal(HIRES_RATE // 2), "<i4").tobytes()
    add("96 kHz 24-bit.flac", _raw(HIRES_RATE, 2, "stereo", "s32le"),
        ["-c:a", "flac", "-sample_fmt", "s32", "-bits_per_raw_sample", "24"], hires,
        duration_s=0.5, rate_hz=HIRES_RATE, channels=2)  # fmt: skip
    for layout, channels, kinds in (("5.1(side)", 6, ("flac", "m4a")), ("7.1", 8, ("wav", "flac"))):
        for kind in kinds:
            add(f"{layout[:3]} surround.{kind}", _raw(48000, channels, layout),
                CODECS[kind], _tones(24000, 48000, channels),
                duration_s=0.5, rate_hz=48000, channels=channels, tolerance_s=0.05)  # fmt: skip
    add("opus.opus", sine(0.5, 48000), CODECS["opus"], duration_s=0.5, rate_hz=48000, channels=1)
    add("apple lossless.m4a", sine(0.5), ["-c:a", "alac"],
        duration_s=0.5, rate_hz=44100, channels=1)  # fmt: skip
    add("aiff.aiff", sine(0.5), ["-ac", "2", "-c:a", "pcm_s16be"],
        duration_s=0.5, rate_hz=44100, channels=2)  # fmt: skip
    add("windows media.wma", sine(0.5), ["-ac", "2", *CODECS["wma"]],
        duration_s=0.5, rate_hz=44100, channels=2, tolerance_s=0.1)  # fmt: skip
    for kind in ("flac", "mp3", "opus", "m4a", "wav"):
        rate = 48000 if kind == "opus" else 44100
        add(f"50 ms.{kind}", sine(0.05, rate), CODECS[kind],
            duration_s=0.05, rate_hz=rate, channels=1, tolerance_s=0.03)  # fmt: skip


#: Hostile names (as bytes where they are not UTF-8) with the format of their content.
NAMES: dict[str, tuple[bytes, str]] = {
    "dash": (b"-leading dash.flac", "flac"),
    "-i": (b"-i", "flac"),
    "concat": (b"concat:x.mp3", "mp3"),
    "http": (b"http:x.mp3", "mp3"),
    "decoy": (b"x.mp3", "mp3"),
    "subfile": (b"subfile,,0,100,:x.mp3", "mp3"),
    "pattern": (b"track%03d.mp3", "mp3"),
    "shell": (b"`touch pwned` $(touch pwned); touch pwned.flac", "flac"),
    "newline": (b"line one\nline two.flac", "flac"),
    "latin-1": (b"caf\xe9 \xff.flac", "flac"),
    "euc-kr": (b"\xba\xb0\xba\xfb \xb3\xeb\xb7\xa1.flac", "flac"),
    "korean": ("별빛 노래.flac".encode(), "flac"),
    "emoji": ("🎵 star 🌟.flac".encode(), "flac"),
}


def named_files(encoder: Encoder, corpus: Corpus, folder: Path) -> None:
    """Queue untagged files with hostile names, each a tone of its own pitch."""
    for index, (label, (name, kind)) in enumerate(NAMES.items()):
        path = Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))
        tone = sine(0.5, frequency_hz=300.0 + 50 * index)
        encoder.encode(path, tone, [*CODECS[kind], "-f", kind])
        corpus.named[label] = path
        if label != "-i":  # no audio extension: the walk rightly passes it by
            corpus.good.add(path)


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def absurd_tags(corpus: Corpus, bases: dict[str, Path], folder: Path) -> None:
    """Copy the base files and give them absurd tags: huge, countless, NUL, invalid text."""
    huge, artists = "T" * 2**20, [f"Artist {n}" for n in range(10_000)]
    nul = {"title": "Star\0light", "artist": ["\0", "Jay\0\0"], "album": "\0\0\0"}
    absurd: dict[str, dict[str, Any]] = {
        "1 MB title": {"title": huge, "\u00a9nam": huge, "TIT2": huge},
        "10000 artists": {"artist": artists, "\u00a9ART": artists, "TPE1": artists},
        "nul bytes": {**nul, "TIT2": "Star\0light"},
    }
    made = []
    for name, values in absurd.items():
        vorbis = {k: v for k, v in values.items() if k.isascii() and k.islower()}
        for kind, kind_class in (("flac", FLAC), ("ogg", OggVorbis)):
            tagged = kind_class(made_path := _copy(bases[kind], folder / f"{name}.{kind}"))
            tagged.update(vorbis)
            tagged.save()
            made.append(made_path)
        id3 = ID3()
        for frame_id, text in values.items():
            if frame_id in ("TIT2", "TPE1"):
                id3.add((TIT2 if frame_id == "TIT2" else TPE1)(encoding=3, text=text))
        id3.save(made_path := _copy(bases["mp3"], folder / f"{name}.mp3"))
        made.append(made_path)
        atoms = {k: v for k, v in values.items() if k.startswith("\u00a9")}
        if atoms:
            m4a = MP4(made_path := _copy(bases["m4a"], folder / f"{name}.m4a"))
            m4a.update(atoms)
            m4a.save()
            made.append(made_path)
    made += _invalid_text(bases, folder)
    corpus.good.update(made)


def _invalid_text(bases: dict[str, Path], folder: Path) -> list[Path]:
    """Tags whose bytes are not the text they claim: placeholders patched after writing."""
    marker8, marker16 = "@@UTF-8@", "@@U16@"  # as long as BAD_UTF8 and BAD_UTF16 / 2
    flac = FLAC(flac_path := _copy(bases["flac"], folder / "invalid utf-8.flac"))
    flac["title"] = marker8
    flac.save()
    crafted.patch(flac_path, marker8.encode(), BAD_UTF8)
    mp3_path = _copy(bases["mp3"], folder / "invalid utf-8.mp3")
    ID3(mp3_path).delete()
    tags = ID3()
    tags.add(TIT2(encoding=3, text=marker8))
    tags.save(mp3_path)
    crafted.patch(mp3_path, marker8.encode(), BAD_UTF8)
    m4a = MP4(m4a_path := _copy(bases["m4a"], folder / "invalid utf-8.m4a"))
    m4a["\u00a9nam"] = marker8
    m4a.save()
    crafted.patch(m4a_path, marker8.encode(), BAD_UTF8)
    utf16_path = _copy(bases["mp3"], folder / "invalid utf-16.mp3")
    tags = ID3()
    tags.add(TIT2(encoding=1, text=marker16))
    tags.add(TPE1(encoding=1, text=marker16[::-1]))
    tags.save(utf16_path, v2_version=3)
    crafted.patch(utf16_path, marker16.encode("utf-16-le"), BAD_UTF16)
    crafted.patch(utf16_path, marker16[::-1].encode("utf-16-le"), BAD_UTF16[::-1])
    wma = ASF(wma_path := _copy(bases["wma"], folder / "invalid utf-16.wma"))
    wma["Title"] = [marker16]
    wma["WM/AlbumTitle"] = [marker16[::-1]]
    wma.save()
    crafted.patch(wma_path, marker16.encode("utf-16-le"), BAD_UTF16)
    crafted.patch(wma_path, marker16[::-1].encode("utf-16-le"), BAD_UTF16[::-1])
    return [flac_path, mp3_path, m4a_path, utf16_path, wma_path]


def bomb_images(corpus: Corpus, bases: dict[str, Path], folder: Path) -> None:
    """Embed decompression bombs and 20000 x 20000 pictures, and leave them beside tracks."""
    bomb_png = crafted.png_image(20_000, 20_000)
    big_jpeg = crafted.jpeg_claiming(bases["jpeg"].read_bytes(), 20_000, 20_000)
    flac = FLAC(flac_path := _copy(bases["flac"], folder / "embedded bomb.flac"))
    flac.clear_pictures()
    picture = Picture()
    picture.type, picture.mime, picture.data = 3, "image/png", bomb_png
    flac.add_picture(picture)
    flac.save()
    tags = ID3(mp3_path := _copy(bases["mp3"], folder / "embedded 20000 px.mp3"))
    tags.delall("APIC")
    tags.add(APIC(encoding=3, mime="image/jpeg", type=3, data=big_jpeg))
    tags.save()
    m4a = MP4(m4a_path := _copy(bases["m4a"], folder / "embedded 121 MP.m4a"))
    m4a["covr"] = [MP4Cover(crafted.png_image(11_000, 11_000), MP4Cover.FORMAT_PNG)]
    m4a.save()
    beside_png = _copy(bases["flac"], folder / "Bomb Album" / "01 track.flac")
    bare = FLAC(beside_png)
    bare.clear_pictures()
    bare.save()
    (folder / "Bomb Album" / "cover.png").write_bytes(bomb_png)
    beside_jpeg = _copy(bases["mp3"], folder / "Huge Album" / "01 track.mp3")
    ID3(beside_jpeg).delete()
    (folder / "Huge Album" / "folder.jpg").write_bytes(big_jpeg)
    corpus.bomb_covers.update({"flac": flac_path, "mp3": mp3_path, "m4a": m4a_path,
                               "cover.png": beside_png, "folder.jpg": beside_jpeg})  # fmt: skip
    corpus.good.update(corpus.bomb_covers.values())
