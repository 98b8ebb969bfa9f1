"""Contract tests for ``read_track``: one set of expectations over every tag format.

Each format's file is encoded once per session with ffmpeg (Monkey's Audio and Musepack, which
ffmpeg cannot encode, get a minimal valid header made here), copied into the test's folder,
tagged with mutagen as the usual taggers do (Picard's key names), then read back.
"""

from __future__ import annotations

import base64
import builtins
import shutil
import struct
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import mutagen
import pytest
from mutagen import apev2, id3
from mutagen.aiff import AIFF
from mutagen.asf import ASF, ASFByteArrayAttribute
from mutagen.flac import FLAC, Picture
from mutagen.monkeysaudio import MonkeysAudio
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm
from mutagen.musepack import Musepack
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE
from mutagen.wavpack import WavPack

from app.audio.ffmpeg import ffmpeg_binary
from app.core.errors import TagReadError
from app.core.track import MusicBrainzIds, ReplayGain, Track
from app.library import tags as tags_module
from app.library.tags import guess_from_path, read_track
from tests.support import media

TITLE = "Starlight Café ☆"
ARTISTS = ("Jay", "Kay & Lee")  # two values; " & " must not split the second
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)
MB = MusicBrainzIds(
    track_id="11111111-1111-4111-8111-111111111111",
    recording_id="22222222-2222-4222-8222-222222222222",
    album_id="33333333-3333-4333-8333-333333333333",
    artist_id="44444444-4444-4444-8444-444444444444",
    album_artist_id="55555555-5555-4555-8555-555555555555",
    release_group_id="66666666-6666-4666-8666-666666666666",
)
GAINS = {
    "replaygain_track_gain": "-6.50 dB",
    "replaygain_track_peak": "0.900000",
    "replaygain_album_gain": "-7.25 dB",
    "replaygain_album_peak": "0.950000",
}
# What every format can store; a format that cannot store something says so in its case.
FULL = Track(
    path=Path(),
    title=TITLE,
    artist="Jay; Kay & Lee",
    album="Songs of the Night",
    replay_gain=ReplayGain(-6.5, 0.9, -7.25, 0.95),
    artists=ARTISTS,
    album_artist="The Jay Band",
    track_number=3,
    track_total=12,
    disc_number=1,
    disc_total=2,
    date="2003-05-01",
    year=2003,
    genre="Rock",
    composer="Ann Writer",
    compilation=True,
    has_cover=True,
    musicbrainz=MB,
)


# --------------------------------------------------------------------------------------------
# Taggers: one per tag format, each writing every field of FULL the way taggers do
# --------------------------------------------------------------------------------------------


def _tag_id3(tags: Any) -> None:
    """ID3v2: TRCK/TPOS as "n/total", a numeric genre, TXXX and UFID for the rest."""
    for frame in (
        id3.TIT2(encoding=3, text=TITLE),
        id3.TPE1(encoding=3, text=list(ARTISTS)),
        id3.TALB(encoding=3, text=FULL.album),
        id3.TPE2(encoding=3, text=FULL.album_artist),
        id3.TRCK(encoding=3, text="3/12"),
        id3.TPOS(encoding=3, text="1/2"),
        id3.TDRC(encoding=3, text=FULL.date),
        id3.TCON(encoding=3, text="(17)"),  # ID3v1 genre 17: Rock
        id3.TCOM(encoding=3, text=FULL.composer),
        id3.TCMP(encoding=3, text="1"),
        id3.APIC(encoding=3, mime="image/png", type=3, desc="front", data=PNG),
        id3.UFID(owner="http://musicbrainz.org", data=MB.recording_id.encode()),
        id3.TXXX(encoding=3, desc="MusicBrainz Release Track Id", text=MB.track_id),
        id3.TXXX(encoding=3, desc="MusicBrainz Album Id", text=MB.album_id),
        id3.TXXX(encoding=3, desc="MusicBrainz Artist Id", text=MB.artist_id),
        id3.TXXX(encoding=3, desc="MusicBrainz Album Artist Id", text=MB.album_artist_id),
        id3.TXXX(encoding=3, desc="MusicBrainz Release Group Id", text=MB.release_group_id),
        *(id3.TXXX(encoding=3, desc=key.upper(), text=value) for key, value in GAINS.items()),
    ):
        tags.add(frame)


def _vorbis_fields(track_style: str) -> dict[str, list[str]]:
    """Vorbis comments; ``track_style`` picks one of the three ways totals are written."""
    numbers = {
        "slash": {"TRACKNUMBER": ["3/12"], "DISCNUMBER": ["1/2"]},
        "total": {"TRACKNUMBER": ["3"], "TRACKTOTAL": ["12"], "DISCNUMBER": ["1"],
                  "DISCTOTAL": ["2"]},
        "totals": {"TRACKNUMBER": ["03"], "TOTALTRACKS": ["12"], "DISCNUMBER": ["1"],
                   "TOTALDISCS": ["2"]},
    }[track_style]  # fmt: skip
    return {
        "TITLE": [TITLE],
        "ARTIST": list(ARTISTS),
        "ALBUM": [FULL.album],
        "ALBUMARTIST": [FULL.album_artist],
        **numbers,
        "DATE": [FULL.date],
        "GENRE": ["Rock"],
        "COMPOSER": [FULL.composer],
        "COMPILATION": ["1"],
        "MUSICBRAINZ_TRACKID": [MB.recording_id],
        "MUSICBRAINZ_RELEASETRACKID": [MB.track_id],
        "MUSICBRAINZ_ALBUMID": [MB.album_id],
        "MUSICBRAINZ_ARTISTID": [MB.artist_id],
        "MUSICBRAINZ_ALBUMARTISTID": [MB.album_artist_id],
        "MUSICBRAINZ_RELEASEGROUPID": [MB.release_group_id],
    }


def _picture() -> Picture:
    picture = Picture()
    picture.type, picture.mime, picture.data = 3, "image/png", PNG
    return picture


def _tag_flac(handle: Any) -> None:
    for key, values in {**_vorbis_fields("total"), **_upper(GAINS)}.items():
        handle[key] = values
    handle.add_picture(_picture())


def _tag_ogg(track_style: str, gains: dict[str, str]) -> Callable[[Any], None]:
    def tag(handle: Any) -> None:
        for key, values in {**_vorbis_fields(track_style), **_upper(gains)}.items():
            handle[key] = values
        handle["METADATA_BLOCK_PICTURE"] = [base64.b64encode(_picture().write()).decode()]

    return tag


def _upper(gains: dict[str, str]) -> dict[str, list[str]]:
    return {key.upper(): [value] for key, value in gains.items()}


def _tag_mp4(handle: Any) -> None:
    itunes = "----:com.apple.iTunes:"
    handle.update(
        {
            "\xa9nam": [TITLE],
            "\xa9ART": list(ARTISTS),
            "\xa9alb": [FULL.album],
            "aART": [FULL.album_artist],
            "trkn": [(3, 12)],
            "disk": [(1, 2)],
            "\xa9day": [FULL.date],
            "\xa9gen": ["Rock"],
            "\xa9wrt": [FULL.composer],
            "cpil": True,
            "covr": [MP4Cover(PNG, imageformat=MP4Cover.FORMAT_PNG)],
            **{itunes + key: [MP4FreeForm(value.encode())] for key, value in GAINS.items()},
            **{
                itunes + name: [MP4FreeForm(value.encode())]
                for name, value in (
                    ("MusicBrainz Track Id", MB.recording_id),
                    ("MusicBrainz Release Track Id", MB.track_id),
                    ("MusicBrainz Album Id", MB.album_id),
                    ("MusicBrainz Artist Id", MB.artist_id),
                    ("MusicBrainz Album Artist Id", MB.album_artist_id),
                    ("MusicBrainz Release Group Id", MB.release_group_id),
                )
            },
        }
    )


def _tag_asf(handle: Any) -> None:
    picture = struct.pack("<bi", 3, len(PNG)) + "image/png\0".encode("utf-16-le") + b"\0\0" + PNG
    handle.update(
        {
            "Title": [TITLE],
            "Author": list(ARTISTS),
            "WM/AlbumTitle": [FULL.album],
            "WM/AlbumArtist": [FULL.album_artist],
            "WM/TrackNumber": ["3"],
            "TotalTracks": ["12"],
            "WM/PartOfSet": ["1/2"],
            "WM/Year": [FULL.date],
            "WM/Genre": ["Rock"],
            "WM/Composer": [FULL.composer],
            "WM/IsCompilation": [True],
            "WM/Picture": [ASFByteArrayAttribute(picture)],
            **{key: [value] for key, value in GAINS.items()},
            "MusicBrainz/Track Id": [MB.recording_id],
            "MusicBrainz/Release Track Id": [MB.track_id],
            "MusicBrainz/Album Id": [MB.album_id],
            "MusicBrainz/Artist Id": [MB.artist_id],
            "MusicBrainz/Album Artist Id": [MB.album_artist_id],
            "MusicBrainz/Release Group Id": [MB.release_group_id],
        }
    )


def _tag_ape(handle: Any) -> None:
    handle.update(
        {
            "Title": TITLE,
            "Artist": list(ARTISTS),  # mutagen joins a list with NUL, APEv2's separator
            "Album": FULL.album,
            "Album Artist": FULL.album_artist,
            "Track": "3/12",
            "Disc": "1/2",
            "Year": FULL.date,
            "Genre": "Rock",
            "Composer": FULL.composer,
            "Compilation": "1",
            "Cover Art (Front)": apev2.APEValue(b"cover.png\0" + PNG, apev2.BINARY),
            **{key.upper(): value for key, value in GAINS.items()},
            "MUSICBRAINZ_TRACKID": MB.recording_id,
            "MUSICBRAINZ_RELEASETRACKID": MB.track_id,
            "MUSICBRAINZ_ALBUMID": MB.album_id,
            "MUSICBRAINZ_ARTISTID": MB.artist_id,
            "MUSICBRAINZ_ALBUMARTISTID": MB.album_artist_id,
            "MUSICBRAINZ_RELEASEGROUPID": MB.release_group_id,
        }
    )


# --------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    """One kind of file: how to make it, tag it, and what read_track must say about it."""

    name: str
    suffix: str
    encode: list[str] | Callable[[Path], None]  # ffmpeg output arguments, or a writer
    kind: type
    tag: Callable[[Any], None]
    codec: str
    bit_depth: int | None = None
    sample_rate_hz: int = 44100
    save: dict[str, Any] | None = None  # keyword arguments for mutagen's save()
    expected: Track = FULL


_AUDIO_DATA = bytes(16_000)  # stands in for the frames, so the bit rate is a plausible one


def _monkeys_audio(path: Path) -> None:
    """A Monkey's Audio 3.99 header (one frame, 1 s of 16-bit stereo at 44.1 kHz)."""
    header = b"MAC " + struct.pack("<H", 3990) + bytes(50)
    header += struct.pack("<IIIHHI", 73728 * 4, 44100, 1, 16, 2, 44100)
    path.write_bytes(header + _AUDIO_DATA)


def _musepack(path: Path) -> None:
    """A Musepack SV8 stream header (44,100 samples, stereo) and an empty ReplayGain packet."""
    samples = bytes([0x82, 0xD8, 0x44])  # 44100 as SV8's 7-bit big-endian variable length
    stream_header = bytes(4) + b"\x08" + samples + b"\x00" + bytes([0 << 5, (2 - 1) << 4])
    replay_gain = bytes(9)
    path.write_bytes(
        b"MPCK"
        + b"SH" + bytes([2 + 1 + len(stream_header)]) + stream_header
        + b"RG" + bytes([2 + 1 + len(replay_gain)]) + replay_gain
        + b"SE\x03"
        + _AUDIO_DATA
    )  # fmt: skip


_LAME_VBR = ["-c:a", "libmp3lame", "-q:a", "4"]
_OPUS_FULL = replace(FULL, replay_gain=ReplayGain(-6.5, None, -7.25, None))
# fmt: off
FORMATS = [
    Format("mp3-id3v2.4", ".mp3", _LAME_VBR, MP3, _tag_id3, "MP3", save={"v2_version": 4}),
    Format(
        "mp3-id3v2.3", ".mp3", _LAME_VBR, MP3, _tag_id3, "MP3",
        save={"v2_version": 3, "v23_sep": None},  # v2.3 multi-values NUL-separated
    ),
    Format("wav-id3", ".wav", ["-c:a", "pcm_s16le"], WAVE, _tag_id3, "PCM", 16),
    Format("aiff-id3", ".aiff", ["-c:a", "pcm_s16be"], AIFF, _tag_id3, "PCM", 16),
    Format("flac", ".flac", ["-c:a", "flac", "-sample_fmt", "s16"], FLAC, _tag_flac, "FLAC", 16),
    Format("ogg-vorbis", ".ogg", ["-c:a", "libvorbis"], OggVorbis, _tag_ogg("slash", GAINS),
           "Vorbis"),
    Format(
        "opus", ".opus", ["-c:a", "libopus"], OggOpus,
        _tag_ogg("totals", {"r128_track_gain": "-2944", "r128_album_gain": "-3136"}),
        "Opus", sample_rate_hz=48000, expected=_OPUS_FULL,
    ),
    Format("m4a-aac", ".m4a", ["-c:a", "aac"], MP4, _tag_mp4, "AAC"),
    Format("m4a-alac", ".m4a", ["-c:a", "alac", "-sample_fmt", "s16p"], MP4, _tag_mp4, "ALAC", 16),
    Format("wma", ".wma", ["-c:a", "wmav2"], ASF, _tag_asf, "WMA"),
    Format("wavpack", ".wv", ["-c:a", "wavpack", "-sample_fmt", "s16p"], WavPack, _tag_ape,
           "WavPack", 16),
    Format("monkeys-audio", ".ape", _monkeys_audio, MonkeysAudio, _tag_ape, "Monkey's Audio", 16),
    Format("musepack", ".mpc", _musepack, Musepack, _tag_ape, "Musepack"),
]
# fmt: on


@pytest.fixture(scope="session")
def untagged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One second of stereo noise in every format, encoded once, without tags."""
    folder = tmp_path_factory.mktemp("untagged")
    source = media.write_wav(folder / "source.wav", media.noise_signal(media.RATE, seed=7))
    files: dict[str, Path] = {}
    for fmt in FORMATS:
        path = folder / f"{fmt.name}{fmt.suffix}"
        if callable(fmt.encode):
            fmt.encode(path)
        else:
            _ffmpeg(source, path, fmt.encode)
        files[fmt.name] = path
    return files


def _ffmpeg(source: Path, path: Path, args: list[str]) -> None:
    subprocess.run(
        [ffmpeg_binary(), "-nostdin", "-loglevel", "error", "-y", "-i", f"file:{source}",
         "-map_metadata", "-1", *args, f"file:{path}"],
        check=True,
    )  # fmt: skip


def _tagged(fmt: Format, untagged: dict[str, Path], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(untagged[fmt.name], path)
    handle = fmt.kind(path)
    if handle.tags is None:
        handle.add_tags()
    fmt.tag(handle.tags if fmt.tag is _tag_id3 else handle)
    handle.save(**(fmt.save or {}))
    return path


@contextmanager
def _opens_recorded() -> Iterator[list[str]]:
    """Record the modes of every open() meanwhile, failing any that could write."""
    modes: list[str] = []
    real_open = builtins.open

    def checked_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        modes.append(mode)
        assert not set(mode) & set("wax+"), f"opened {file} with mode {mode!r}"
        return real_open(file, mode, *args, **kwargs)

    builtins.open = checked_open
    try:
        yield modes
    finally:
        builtins.open = real_open


# --------------------------------------------------------------------------------------------
# The contract
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS, ids=[f.name for f in FORMATS])
class TestEveryFormat:
    """What read_track promises for every format it reads."""

    def test_reads_every_field(
        self, fmt: Format, untagged: dict[str, Path], tmp_path: Path
    ) -> None:
        # The path says otherwise everywhere: tags must win over folder and file names.
        path = tmp_path / "Folder Artist" / "Folder Album" / f"09 - Folder Title{fmt.suffix}"
        _tagged(fmt, untagged, path)
        track = read_track(path)
        assert replace(track, audio=FULL.audio, duration_s=None) == replace(fmt.expected, path=path)

    def test_reads_the_stream(self, fmt: Format, untagged: dict[str, Path]) -> None:
        track = read_track(untagged[fmt.name])
        audio = track.audio
        assert audio.codec == fmt.codec
        assert audio.duration_s == pytest.approx(1.0, abs=0.05)
        assert track.duration_s == audio.duration_s
        assert audio.sample_rate_hz == fmt.sample_rate_hz
        assert audio.channels == 2
        assert audio.bit_depth == fmt.bit_depth
        assert audio.bitrate_kbps is not None and audio.bitrate_kbps > 0

    def test_opens_once_never_writes(
        self, fmt: Format, untagged: dict[str, Path], tmp_path: Path
    ) -> None:
        path = _tagged(fmt, untagged, tmp_path / f"t{fmt.suffix}")
        before, stat = path.read_bytes(), path.stat()
        with _opens_recorded() as modes:
            read_track(path)
        assert modes == ["rb"]
        assert path.read_bytes() == before
        assert path.stat().st_mtime_ns == stat.st_mtime_ns

    def test_misnamed_file_is_still_read(
        self, fmt: Format, untagged: dict[str, Path], tmp_path: Path
    ) -> None:
        wrong = ".flac" if fmt.suffix != ".flac" else ".ogg"
        path = _tagged(fmt, untagged, tmp_path / "Artist" / "Album" / f"t{fmt.suffix}")
        track = read_track(path.rename(path.with_suffix(wrong)))
        assert track.title == fmt.expected.title and track.audio.codec == fmt.codec


def test_id3v1_only(untagged: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "v1.mp3"
    shutil.copyfile(untagged["mp3-id3v2.4"], path)
    id3.delete(path)  # ffmpeg's ID3v2 header with its encoder name
    frames = {
        "TIT2": id3.TIT2(text="Starlight Café"),
        "TPE1": id3.TPE1(text="Jay"),
        "TALB": id3.TALB(text=FULL.album),
        "TDRC": id3.TDRC(text="2003"),
        "TRCK": id3.TRCK(text="3"),
        "TCON": id3.TCON(text="17"),
    }
    with path.open("ab") as file:
        file.write(id3.MakeID3v1(frames))
    track = read_track(path)
    assert MP3(path).tags.version == (1, 1)
    assert (track.title, track.artists, track.album) == ("Starlight Café", ("Jay",), FULL.album)
    assert (track.date, track.year, track.track_number, track.genre) == ("2003", 2003, 3, "Rock")
    assert track.audio.codec == "MP3" and not track.has_cover


def test_id3v1_legacy_korean(untagged: dict[str, Path], tmp_path: Path) -> None:
    """EUC-KR bytes in ID3v1 (declared Latin-1) come out as Hangul; real Latin-1 stays."""
    path = tmp_path / "kr.mp3"
    shutil.copyfile(untagged["mp3-id3v2.4"], path)
    id3.delete(path)
    korean = "서태지와 아이들".encode("euc_kr").decode("latin-1")
    frames = {"TIT2": id3.TIT2(text=korean), "TPE1": id3.TPE1(text="Größe")}
    with path.open("ab") as file:
        file.write(id3.MakeID3v1(frames))
    track = read_track(path)
    assert (track.title, track.artist) == ("서태지와 아이들", "Größe")


def test_vbr_mp3_duration(tmp_path: Path) -> None:
    """libmp3lame VBR with ffmpeg's Xing header: exact length, encoder delay and padding off."""
    frames = 220079  # about 5 s, an odd count so the padding is not a round number
    source = media.write_wav(tmp_path / "s.wav", media.noise_signal(frames, seed=3))
    path = tmp_path / "vbr.mp3"
    _ffmpeg(source, path, _LAME_VBR)
    track = read_track(path)
    assert track.duration_s == pytest.approx(frames / media.RATE, abs=0.05)
    assert track.duration_s == pytest.approx(frames / media.RATE, abs=1e-6)  # in fact exact


def test_opus_replay_gain_prefers_replaygain_tags(
    untagged: dict[str, Path], tmp_path: Path
) -> None:
    path = tmp_path / "o.opus"
    shutil.copyfile(untagged["opus"], path)
    handle = OggOpus(path)
    handle["R128_TRACK_GAIN"], handle["REPLAYGAIN_TRACK_GAIN"] = ["0"], ["-3 dB"]
    handle.save()
    assert read_track(path).replay_gain.track_gain_db == pytest.approx(-3.0)


# --------------------------------------------------------------------------------------------
# Guessing from the path
# --------------------------------------------------------------------------------------------


def test_untagged_file_falls_back_to_path(untagged: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "Artist" / "Album" / "01 Title.flac"
    path.parent.mkdir(parents=True)
    shutil.copyfile(untagged["flac"], path)
    track = read_track(path)
    assert (track.title, track.track_number, track.album, track.artist, track.artists) == (
        "Title", 1, "Album", "Artist", ("Artist",)
    )  # fmt: skip


def test_path_only_fills_what_tags_lack(untagged: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "Artist" / "Album" / "01 Title.flac"
    path.parent.mkdir(parents=True)
    shutil.copyfile(untagged["flac"], path)
    handle = FLAC(path)
    handle["TITLE"], handle["ALBUM"] = ["Tagged Title"], ["Tagged Album"]
    handle.save()
    track = read_track(path)
    assert (track.title, track.album, track.artist, track.track_number) == (
        "Tagged Title", "Tagged Album", "Artist", 1
    )  # fmt: skip


def test_file_in_a_music_root_takes_no_album(untagged: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "music" / "song.flac"
    path.parent.mkdir()
    shutil.copyfile(untagged["flac"], path)
    track = read_track(path)
    assert (track.title, track.album, track.artist) == ("song", "", "")


@pytest.mark.parametrize(
    ("path", "title", "artist", "album", "track", "disc"),
    [
        ("/m/Artist/Album/01 Title.flac", "Title", "Artist", "Album", 1, None),
        ("/m/Artist/Album/01 - Title.flac", "Title", "Artist", "Album", 1, None),
        ("/m/Artist/Album/1. Title.flac", "Title", "Artist", "Album", 1, None),
        ("/m/Artist/Album/12-Title_With_Underscores.mp3", "Title With Underscores", "Artist",
         "Album", 12, None),
        ("/m/Artist/Album/1-03 Title.flac", "Title", "Artist", "Album", 3, 1),
        ("/m/Artist/Album/CD2/04 Title.flac", "Title", "Artist", "Album", 4, 2),
        ("/m/Artist/Album/Other Artist - Title.mp3", "Title", "Other Artist", "Album", None,
         None),
        ("/m/Artist/Album/99 Luftballons.mp3", "99 Luftballons", "Artist", "Album", None, None),
        ("/m/Artist/Album/1979.mp3", "1979", "Artist", "Album", None, None),
        ("/music/song.mp3", "song", "", "", None, None),
        ("/song.mp3", "song", "", "", None, None),
        ("/srv/Music/Artist/song.mp3", "song", "", "", None, None),
        ("/srv/Music/Artist - Album/02 Song.mp3", "Song", "Artist", "Album", 2, None),
        ("/media/usb/Album/01 Song.mp3", "Song", "", "", 1, None),
        ("/srv/Downloads/Artist - Song.mp3", "Song", "Artist", "", None, None),
        ("/srv/Various Artists/Hits/07 Song.mp3", "Song", "", "Hits", 7, None),
    ],
)  # fmt: skip
def test_guess_from_path(
    path: str, title: str, artist: str, album: str, track: int | None, disc: int | None
) -> None:
    guess = guess_from_path(Path(path))
    assert (guess.title, guess.artist, guess.album, guess.track_number, guess.disc_number) == (
        title, artist, album, track, disc
    )  # fmt: skip


def test_home_folder_is_no_artist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tags_module, "_HOME", Path("/home/someone"))
    assert guess_from_path(Path("/home/someone/Album/song.mp3")).artist == ""


# --------------------------------------------------------------------------------------------
# Odd text, end to end (the rules themselves are in test_text.py)
# --------------------------------------------------------------------------------------------


def test_odd_text_is_normalised(untagged: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "odd.flac"
    shutil.copyfile(untagged["flac"], path)
    handle = FLAC(path)
    handle["TITLE"] = ["x" * 1_000_000]
    handle["ALBUM"] = ["CafÃ© \x00\x00\x00"]
    handle["ARTIST"] = [f"  Artist\t{i}\n" for i in range(10_000)]
    handle["GENRE"] = ["\x00", " Jazz  \r\n Funk "]
    handle["DATE"] = ["not a date"]
    handle["TRACKNUMBER"] = ["9" * 5000]
    handle["REPLAYGAIN_TRACK_GAIN"] = ["loud"]
    handle["REPLAYGAIN_TRACK_PEAK"] = ["-1"]
    handle.save()
    track = read_track(path)
    assert track.title == "x" * 1000
    assert track.album == "Café"
    assert len(track.artists) == 100 and track.artists[:2] == ("Artist 0", "Artist 1")
    assert track.artist == "; ".join(track.artists)
    assert (track.genre, track.date, track.year, track.track_number) == (
        "Jazz Funk",
        "not a date",
        None,
        None,
    )
    assert track.replay_gain == ReplayGain()


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    files = media.make_bad_files(folder)
    (folder / "text.mp3").write_text("not audio at all\n" * 10)
    files["text.mp3"] = folder / "text.mp3"
    # Cut inside the metadata blocks: a big picture block is announced but missing.
    tagged = media.write_flac(folder / "tagged.flac", media.noise_signal(4410, seed=5))
    handle = FLAC(tagged)
    picture = _picture()
    picture.data = bytes(20_000)
    handle.add_picture(picture)
    handle.save()
    files["truncated-tags.flac"] = folder / "truncated-tags.flac"
    files["truncated-tags.flac"].write_bytes(tagged.read_bytes()[:8_000])
    return files


@pytest.mark.parametrize(
    "name",
    ["empty.flac", "truncated-tags.flac", "random.mp3", "notaudio.flac", "folder.flac",
     "dangling.flac", "text.mp3"],
)  # fmt: skip
def test_bad_file_raises_tag_read_error(bad_files: dict[str, Path], name: str) -> None:
    with pytest.raises(TagReadError) as caught:
        read_track(bad_files[name])
    assert str(caught.value).startswith(f"{name}: ")
    assert caught.value.reason and caught.value.path == bad_files[name]


def test_flac_truncated_in_its_frames_still_has_tags(bad_files: dict[str, Path]) -> None:
    """Tags come before the audio: a FLAC cut in its frames is for the decoder to refuse."""
    track = read_track(bad_files["truncated.flac"])
    assert track.audio.codec == "FLAC" and track.duration_s == pytest.approx(2.0)


def test_unknown_extension_is_sniffed(untagged: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "t.audio"
    shutil.copyfile(untagged["flac"], path)
    assert read_track(path).audio.codec == "FLAC"
    text = tmp_path / "t.txt"
    text.write_text("hello")
    with pytest.raises(TagReadError, match="not a known audio format"):
        read_track(text)


def _raise_inside_mutagen(error: Exception) -> Callable[..., Any]:
    """A function whose code lives in mutagen's folder, as mutagen's own failures do."""
    namespace: dict[str, Any] = {"error": error}
    code = compile("def load(*args, **kwargs):\n    raise error\n",
                   str(Path(mutagen.__file__).parent / "_fake.py"), "exec")  # fmt: skip
    exec(code, namespace)
    return namespace["load"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "error", [struct.error("unpack requires a buffer"), ValueError("bad"), EOFError(),
              IndexError("out of range")]
)  # fmt: skip
def test_unexpected_mutagen_errors_become_tag_read_errors(
    untagged: dict[str, Path], monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    monkeypatch.setattr(FLAC, "load", _raise_inside_mutagen(error))
    with pytest.raises(TagReadError, match="is not a readable FLAC file"):
        read_track(untagged["flac"])


def test_our_own_bugs_are_not_hidden(
    untagged: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(handle: Any) -> Any:
        raise KeyError("a bug of ours")

    monkeypatch.setattr(tags_module.tf, "collect", broken)
    with pytest.raises(KeyError):
        read_track(untagged["flac"])

    def broken_class(fileobj: Any) -> Any:
        raise TypeError("a bug of ours")

    monkeypatch.setitem(tags_module.KIND_BY_SUFFIX, ".flac", broken_class)
    with pytest.raises(TypeError):
        read_track(untagged["flac"])


def test_a_fifo_named_like_a_song_is_refused_at_once(tmp_path: Path) -> None:
    import os
    import time

    fifo = tmp_path / "not a song.mp3"
    os.mkfifo(fifo)
    started = time.perf_counter()
    with pytest.raises(TagReadError, match="is not a regular file"):
        read_track(fifo)  # nobody writes to it: opening it to read would wait for ever
    assert time.perf_counter() - started < 1.0
