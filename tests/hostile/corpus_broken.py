"""The broken files and the odd tree shapes of the hostile corpus (see :mod:`.corpus`)."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import numpy as np

from tests.hostile import crafted
from tests.hostile.corpus import DEPTH, FLAT_FILES, Corpus, Playable


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _header_end(kind: str, data: bytes) -> int:
    """Where the headers end: a cut before or at this offset leaves no audio to read."""
    if kind == "flac":
        return crafted.flac_audio_offset(data)
    if kind == "ogg":
        return crafted.ogg_audio_offset(data)
    if kind == "m4a":
        return crafted.mp4_audio_offset(data)
    return crafted.id3_end(data) + 4  # MP3: the first frame's header


def _cut_points(size: int, header_end: int) -> list[int]:
    fixed = [1, 2, 3, 4, 8, 11, 16, 42, 64, 128, 512, 2048, 8192]
    around = [header_end - 1, header_end, header_end + 1, header_end + 100]
    fractions = [round(size * f) for f in (0.25, 0.5, 0.75, 0.99)]
    return sorted({cut for cut in [*fixed, *around, *fractions, size - 1] if 0 < cut < size})


def broken_files(corpus: Corpus, bases: dict[str, Path], folder: Path) -> None:
    """Write empty, random, text, image, truncated, header-only and lying files."""
    rng = random.Random(7)
    for kind in ("flac", "mp3", "m4a", "ogg", "opus", "wav"):
        corpus.bad[_write(folder / "empty" / f"zero.{kind}", b"")] = "empty"
    for kind in ("flac", "mp3", "m4a", "ogg", "wma", "wav"):
        noise = rng.randbytes(64 * 1024)
        corpus.bad[_write(folder / "random" / f"noise.{kind}", noise)] = "not audio"
    text = "Lyrics, not music.\n\ud55c\uad6d\uc5b4 \uac00\uc0ac.\n".encode() * 200
    corpus.bad[_write(folder / "text" / "lyrics.mp3", text)] = "not audio"
    corpus.bad[_write(folder / "text" / "notes.flac", text)] = "not audio"
    jpeg, png = bases["jpeg"].read_bytes(), bases["png"].read_bytes()
    corpus.bad[_write(folder / "images" / "photo.flac", jpeg)] = "not audio"
    corpus.bad[_write(folder / "images" / "cover.mp3", png)] = "not audio"
    corpus.bad[_write(folder / "images" / "scan.m4a", png)] = "not audio"
    _truncations(corpus, bases, folder / "truncated")
    _lying_headers(corpus, bases, folder / "lying")
    _disguised(corpus, bases, folder / "disguised")


def _truncations(corpus: Corpus, bases: dict[str, Path], folder: Path) -> None:
    """Cut each format at many points: inside the headers (bad) or in the audio (either)."""
    for kind in ("flac", "mp3", "ogg", "m4a"):
        data = bases[kind].read_bytes()
        header_end = _header_end(kind, data)
        for cut in _cut_points(len(data), header_end):
            path = _write(folder / kind / f"cut at {cut:06d}.{kind}", data[:cut])
            if cut <= header_end:
                header_only = cut == header_end and kind != "mp3"  # MP3: an ID3 tag is no header
                corpus.bad[path] = "header only" if header_only else "truncated"
            else:
                corpus.either.add(path)
    moov_last = bases["m4a moov last"].read_bytes()
    half = moov_last[: len(moov_last) // 2]
    corpus.bad[_write(folder / "m4a" / "moov at the end, cut in half.m4a", half)] = "truncated"


def _lying_headers(corpus: Corpus, bases: dict[str, Path], folder: Path) -> None:
    """Headers that lie about sizes: ID3 tags, a FLAC block, a WAV claiming 4 GB."""
    stream = crafted.without_id3(bases["mp3"].read_bytes())
    title = crafted.id3_frame("TIT2", crafted.text_body("Lies"))
    v3_title = crafted.id3_frame("TIT2", crafted.text_body("Lies", 0), version=3)
    lies = {
        "id3 tag claims 256 MB": crafted.id3_tag(title, size=crafted.SYNCSAFE_MAX) + stream,
        "id3 frame claims 2 GB": crafted.id3_tag(
            crafted.id3_frame("TIT2", b"\0Lies", version=3, size=0x7FFFFFFF), version=3
        ) + stream,
        "id3 picture claims 256 MB": crafted.id3_tag(
            title + crafted.id3_frame("APIC", b"\0image/png\0\x03\0", size=crafted.SYNCSAFE_MAX)
        ) + stream,
        "id3 extended header claims 4 GB": crafted.id3_tag(
            b"\xff\xff\xff\xf0" + bytes(6) + v3_title, version=3, flags=0x40
        ) + stream,
        "id3 tags all the way down": crafted.id3_tag(title) * 500 + stream,
    }  # fmt: skip
    for name, data in lies.items():
        corpus.either.add(_write(folder / f"{name}.mp3", data))
    corpus.bad[_write(folder / "id3 tag and nothing else.mp3", crafted.id3_tag(title))] = "no audio"
    flac = bases["flac"].read_bytes()
    last = _last_block(flac)
    claims = flac[:last] + bytes((flac[last] | 0x80,)) + b"\xff\xff\xff" + flac[last + 4 :]
    corpus.either.add(_write(folder / "flac block claims 16 MB.flac", claims))
    tone = np.round(6000 * np.sin(np.arange(44100) * 0.05)).astype("<i2").tobytes()
    four_gb = crafted.wav_header(44100, 2, 16, 0xFFFFFFFF, 0xFFFFFFFF) + tone
    wav = _write(folder / "wav claims 4 GB.wav", four_gb)
    corpus.good.add(wav)
    corpus.playable["wav claims 4 GB"] = Playable(wav, 0.5, 44100, 2)
    header = crafted.wav_header(44100, 2, 16, 176400)
    corpus.bad[_write(folder / "wav header only.wav", header)] = "header only"


def _disguised(corpus: Corpus, bases: dict[str, Path], folder: Path) -> None:
    """Files that are really a playlist or a concat script naming a file beside them.

    ffmpeg recognises both by their bytes whatever the name, and would play the file they
    name: the player must refuse them instead.
    """
    corpus.secret = _copy(bases["ogg"], folder / "secret.ogg")
    corpus.good.add(corpus.secret)
    scripts = {
        "hls": ("playlist.mp3", b"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.0,\nsecret.ogg\n"
                                b"#EXT-X-ENDLIST\n"),
        "ffconcat": ("script.flac", b"ffconcat version 1.0\nfile secret.ogg\n"),
    }  # fmt: skip
    for label, (name, text) in scripts.items():
        corpus.disguised[label] = _write(folder / name, text)
        corpus.bad[corpus.disguised[label]] = "not audio"


def _last_block(flac: bytes) -> int:
    pos = 4
    while not flac[pos] & 0x80:
        pos += 4 + int.from_bytes(flac[pos + 1 : pos + 4], "big")
    return pos


def tree_shapes(corpus: Corpus, bases: dict[str, Path], folder: Path) -> None:
    """Folders named like audio, link loops, dangling links, a crowd, a deep well, locks."""
    corpus.good.add(_copy(bases["flac"], folder / "Album.flac" / "01 inside.flac"))
    (folder / "Empty.mp3").mkdir(parents=True)
    loop = folder / "loop"
    corpus.good.add(_copy(bases["mp3"], loop / "song.mp3"))
    (loop / "up").symlink_to("..")
    (loop / "self").symlink_to(".")
    links = folder / "links"
    links.mkdir()
    for name, target in (("dangling.flac", "nowhere.flac"), ("a.flac", "b.flac"),
                         ("b.flac", "a.flac")):  # fmt: skip
        (links / name).symlink_to(target)
        corpus.link_problems.add(links / name)
    (links / "gone").symlink_to("missing folder")
    flat = folder / "flat"
    flat.mkdir()
    tiny = crafted.tiny_wav()
    for n in range(FLAT_FILES):
        path = flat / f"{n:05d}.wav"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(descriptor, tiny)
        os.close(descriptor)
        corpus.good.add(path)
    deep = folder.joinpath("deep", *(f"level {n:02d}" for n in range(1, DEPTH + 1)))
    corpus.good.add(_copy(bases["flac"], deep / "bottom.flac"))
    locked = folder / "locked"
    corpus.locked_file = _copy(bases["flac"], locked / "unreadable.flac")
    corpus.locked_folder = locked / "sealed"
    for name in ("01 hidden.flac", "02 hidden.mp3"):
        corpus.good.add(_copy(bases[name[-4:].lstrip(".")], corpus.locked_folder / name))
    corpus.good.add(corpus.locked_file)


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
