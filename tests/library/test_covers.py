"""Cover art: embedded pictures in every tag format, folder images, and refusal of bad images."""

from __future__ import annotations

import base64
import os
import shutil
import struct
import subprocess
from pathlib import Path

import mutagen
import pytest
from mutagen.apev2 import BINARY, APEValue
from mutagen.asf import ASF, ASFByteArrayAttribute
from mutagen.flac import FLAC, Picture
from mutagen.id3 import APIC, ID3, PictureType
from mutagen.mp4 import MP4, MP4Cover

from app.audio.ffmpeg import ffmpeg_binary
from app.core.errors import CoverError, MediaError
from app.library.covers import (
    MAX_ENCODED_BYTES,
    CoverKind,
    find_cover,
    folder_cover,
    read_cover_bytes,
)
from tests.support import media
from tests.support.images import png_claiming

# --------------------------------------------------------------------------------------------
# Generated media
# --------------------------------------------------------------------------------------------

AUDIO_SUFFIXES = (".mp3", ".flac", ".m4a", ".ogg", ".opus", ".wma", ".wv")


def _ffmpeg(*args: str) -> None:
    cmd = [ffmpeg_binary(), "-nostdin", "-hide_banner", "-loglevel", "error", *args]
    subprocess.run(cmd, check=True, capture_output=True)


def _image(directory: Path, name: str, size: str, *codec: str) -> Path:
    out = directory / name
    _ffmpeg("-f", "lavfi", "-i", f"color=c=navy:s={size}", "-frames:v", "1", *codec,
            "-y", f"file:{out}")  # fmt: skip
    return out


@pytest.fixture(scope="session")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Short audio files in each format (no tags) and small images, made once per session."""
    root = tmp_path_factory.mktemp("covers")
    wav = media.write_wav(root / "source.wav", media.noise_signal(4410, seed=3))
    for suffix in AUDIO_SUFFIXES:
        _ffmpeg("-i", f"file:{wav}", "-map_metadata", "-1", "-y", f"file:{root / ('a' + suffix)}")
    _image(root, "40x30.jpg", "40x30")
    _image(root, "24x20.png", "24x20")
    return root


@pytest.fixture
def jpeg(library: Path) -> bytes:
    return (library / "40x30.jpg").read_bytes()


@pytest.fixture
def png(library: Path) -> bytes:
    return (library / "24x20.png").read_bytes()


def _track(library: Path, directory: Path, suffix: str) -> Path:
    """Copy the session's untagged track into the test's own folder."""
    directory.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(library / f"a{suffix}", directory / f"track{suffix}"))


def _flac_picture(data: bytes, picture_type: int = 3, mime: str = "image/jpeg") -> Picture:
    picture = Picture()
    picture.type, picture.mime, picture.data = picture_type, mime, data
    return picture


def _asf_picture(data: bytes, mime: str = "image/jpeg") -> bytes:
    text = mime.encode("utf-16-le") + b"\0\0" + "Front".encode("utf-16-le") + b"\0\0"
    return struct.pack("<BI", 3, len(data)) + text + data


def _embed(path: Path, data: bytes) -> None:
    """Embed ``data`` as the front cover in the way each format stores pictures."""
    suffix = path.suffix
    if suffix == ".mp3":
        tags = ID3()
        tags.add(APIC(encoding=3, mime="image/jpeg", type=PictureType.COVER_FRONT, data=data))
        tags.save(path)
    elif suffix == ".flac":
        flac = FLAC(path)
        flac.add_picture(_flac_picture(data))
        flac.save()
    elif suffix == ".m4a":
        mp4 = MP4(path)
        mp4["covr"] = [MP4Cover(data, imageformat=MP4Cover.FORMAT_JPEG)]
        mp4.save()
    elif suffix in (".ogg", ".opus"):
        ogg = mutagen.File(path)
        encoded = base64.b64encode(_flac_picture(data).write()).decode("ascii")
        ogg["metadata_block_picture"] = [encoded]
        ogg.save()
    elif suffix == ".wma":
        asf = ASF(path)
        asf["WM/Picture"] = [ASFByteArrayAttribute(_asf_picture(data))]
        asf.save()
    elif suffix == ".wv":
        wavpack = mutagen.File(path)
        if wavpack.tags is None:
            wavpack.add_tags()
        wavpack["Cover Art (Front)"] = APEValue(b"cover.jpg\0" + data, BINARY)
        wavpack.save()
    else:
        raise AssertionError(suffix)


# --------------------------------------------------------------------------------------------
# Embedded pictures
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", AUDIO_SUFFIXES)
def test_embedded_cover_is_found_in_every_format(
    library: Path, tmp_path: Path, jpeg: bytes, png: bytes, suffix: str
) -> None:
    track = _track(library, tmp_path / "album", suffix)
    _embed(track, jpeg)
    (track.parent / "cover.png").write_bytes(png)  # embedded pictures come first
    before_bytes, before_mtime = track.read_bytes(), track.stat().st_mtime_ns

    source = find_cover(track)

    assert source is not None
    assert source.kind is CoverKind.EMBEDDED and source.path == track
    assert source.data == jpeg
    assert read_cover_bytes(source) == jpeg
    assert track.read_bytes() == before_bytes
    assert track.stat().st_mtime_ns == before_mtime


def test_id3_front_cover_is_preferred(library: Path, tmp_path: Path, jpeg: bytes, png: bytes):
    track = _track(library, tmp_path, ".mp3")
    tags = ID3()
    for picture_type, data in ((PictureType.OTHER, png), (PictureType.COVER_BACK, png),
                               (PictureType.COVER_FRONT, jpeg)):  # fmt: skip
        tags.add(APIC(encoding=3, mime="image/png", type=picture_type, desc=str(picture_type),
                      data=data))  # fmt: skip
    tags.save(track)
    source = find_cover(track)
    assert source is not None and source.data == jpeg


def test_flac_front_cover_is_preferred(library: Path, tmp_path: Path, jpeg: bytes, png: bytes):
    track = _track(library, tmp_path, ".flac")
    flac = FLAC(track)
    flac.add_picture(_flac_picture(png, picture_type=1, mime="image/png"))  # a file icon
    flac.add_picture(_flac_picture(png, picture_type=4, mime="image/png"))  # back cover
    flac.add_picture(_flac_picture(jpeg, picture_type=3))
    flac.save()
    source = find_cover(track)
    assert source is not None and source.data == jpeg and source.mime == "image/jpeg"


def test_key_is_stable_and_changes_with_the_file(library: Path, tmp_path: Path, jpeg: bytes):
    track = _track(library, tmp_path, ".flac")
    _embed(track, jpeg)
    first, again = find_cover(track), find_cover(track)
    assert first is not None and again is not None
    assert first.key == again.key and len(first.key) == 40
    stat = track.stat()
    os.utime(track, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    later = find_cover(track)
    assert later is not None and later.key != first.key


def test_no_cover_is_none(library: Path, tmp_path: Path) -> None:
    track = _track(library, tmp_path, ".flac")
    (tmp_path / "back.jpg").write_bytes(b"")
    (tmp_path / "covers.jpg").write_bytes(b"")
    (tmp_path / "cover.txt").write_bytes(b"")
    assert find_cover(track) is None


# --------------------------------------------------------------------------------------------
# Folder images
# --------------------------------------------------------------------------------------------


def test_folder_image_preference(library: Path, tmp_path: Path, jpeg: bytes) -> None:
    track = _track(library, tmp_path, ".mp3")
    for name in ("album.png", "Front.jpeg", "Folder.JPG", "cover.webp", "COVER.png"):
        (tmp_path / name).write_bytes(jpeg)
    (tmp_path / "cover.jpg").mkdir()  # a folder is not an image

    expected = ["COVER.png", "cover.webp", "Folder.JPG", "Front.jpeg", "album.png"]
    for name in expected:
        source = find_cover(track)
        assert source is not None and source.kind is CoverKind.FOLDER
        assert source.path == tmp_path / name and source.data is None
        (tmp_path / name).unlink()
    assert find_cover(track) is None


def test_folder_image_is_read_on_request(library: Path, tmp_path: Path, png: bytes) -> None:
    (tmp_path / "folder.png").write_bytes(png)
    source = folder_cover(tmp_path)
    assert source is not None and source.mime == "image/png"
    assert read_cover_bytes(source) == png


def test_folder_image_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "cover.jpg"
    with huge.open("wb") as handle:
        handle.truncate(MAX_ENCODED_BYTES + 1)  # sparse: costs no disk
    source = folder_cover(tmp_path)
    assert source is not None
    with pytest.raises(CoverError, match="over the 32 MB limit"):
        read_cover_bytes(source)


# --------------------------------------------------------------------------------------------
# Bad pictures
# --------------------------------------------------------------------------------------------


def test_bomb_in_folder_and_in_tags_is_refused(library: Path, tmp_path: Path) -> None:
    bomb = png_claiming(20000, 20000)
    assert len(bomb) < 1024
    (tmp_path / "cover.png").write_bytes(bomb)
    folder = folder_cover(tmp_path)
    assert folder is not None
    with pytest.raises(CoverError, match="20000 x 20000"):
        read_cover_bytes(folder)

    track = _track(library, tmp_path / "tagged", ".flac")
    _embed(track, bomb)
    embedded = find_cover(track)
    assert embedded is not None and embedded.kind is CoverKind.EMBEDDED
    with pytest.raises(CoverError) as caught:
        read_cover_bytes(embedded)
    assert str(caught.value).startswith("track.flac: cover claims 20000 x 20000 px")


# --------------------------------------------------------------------------------------------
# Hostile music files
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("bad.flac", b"not audio"), ("bad.flac", b"fLaC" + bytes(40)),
     ("bad.m4a", b"\0\0\0\x20ftypM4A " + bytes(200)), ("bad.mp3", b"ID3\x04\0\0\x7f\x7f\x7f\x7f")],
    ids=["text", "flac-zeros", "mp4-zeros", "id3-huge"],
)  # fmt: skip
def test_unparseable_music_file_raises_cover_error(tmp_path: Path, name: str, content: bytes):
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(CoverError) as caught:
        find_cover(bad)
    assert isinstance(caught.value, MediaError)
    assert str(caught.value).startswith(f"{name}: ")


def test_broken_vorbis_picture_block_raises_cover_error(library: Path, tmp_path: Path) -> None:
    track = _track(library, tmp_path, ".ogg")
    ogg = mutagen.File(track)
    ogg["metadata_block_picture"] = ["AAAA"]  # three zero bytes: no room for a picture block
    ogg.save()
    with pytest.raises(CoverError, match="reading the tags failed"):
        find_cover(track)


def test_missing_file_raises_cover_error(tmp_path: Path) -> None:
    with pytest.raises(CoverError, match="could not be opened"):
        find_cover(tmp_path / "gone.mp3")


def test_non_audio_file_falls_back_to_the_folder(tmp_path: Path, png: bytes) -> None:
    (tmp_path / "cover.png").write_bytes(png)
    notes = tmp_path / "notes.txt"
    notes.write_text("liner notes")
    source = find_cover(notes)
    assert source is not None and source.kind is CoverKind.FOLDER


def test_a_fifo_named_like_a_song_or_a_cover_is_refused_at_once(tmp_path: Path) -> None:
    import os
    import time

    from app.library.covers import CoverKind, CoverSource, read_cover_bytes

    song, cover = tmp_path / "song.mp3", tmp_path / "cover.jpg"
    os.mkfifo(song)
    os.mkfifo(cover)
    started = time.perf_counter()
    with pytest.raises(CoverError, match="not a regular file"):
        find_cover(song)
    with pytest.raises(CoverError, match="not a regular file"):
        read_cover_bytes(CoverSource(CoverKind.FOLDER, cover, "key", None))
    assert time.perf_counter() - started < 1.0
