"""Read everything the player knows about a file from its tags, read-only, through mutagen.

:func:`read_track` is called for every file of a scan (50,000 and more), so it opens each file
once, picks mutagen's class from the file name extension instead of letting ``mutagen.File``
sniff every format, reads raw tags (never mutagen's "easy" wrappers) and walks them once
(:mod:`app.library.tag_formats`). Stream properties come from :mod:`app.library.stream_info`
and text is tidied by :mod:`app.library.text`.

Every mutagen call goes through :func:`_load`, which turns what mutagen raises into
:class:`~app.core.errors.TagReadError` with the file and a reason. Files are only ever opened
for reading.

Where tags are missing, folder and file names fill the gaps; see :func:`guess_from_path`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mutagen

from app.core.errors import TagReadError
from app.core.track import MusicBrainzIds, ReplayGain, Track
from app.library import tag_formats as tf
from app.library.paths import disc_folder_number
from app.library.regular_file import NotARegularFileError, open_regular
from app.library.stream_info import (
    KIND_BY_SUFFIX,
    SNIFFABLE,
    audio_properties,
    missing_audio,
    mp3_encoder_gap,
)
from app.library.text import (
    SEPARATOR,
    all_texts,
    clean_text,
    decimal,
    first_text,
    is_true,
    joined_text,
    number_pair,
    year_of,
)

_MUTAGEN_DIR = os.path.dirname(mutagen.__file__) + os.sep
_APP_DIR = os.path.dirname(os.path.dirname(__file__)) + os.sep
# mutagen's ways of saying a file ended before what its headers promised.
_ENDS_EARLY = re.compile(
    r"file said \d+ bytes|truncated|unable to read full|not enough data|end of file|"
    r"header size < \d+|expected \d+ bytes?|too short|buffer",
    re.IGNORECASE,
)
# Messages a person cannot read: bytes, escapes, codec talk, a path, "not a ... file" again.
_UNREADABLE_DETAIL = re.compile(
    r"b'|b\"|\\x|codec|/|\\|^\W*(?:is )?not an? |ordinal|unpack", re.IGNORECASE
)
_MAX_DETAIL = 80
# Opus and its R128_* tags aim at -23 LUFS, ReplayGain at -18 LUFS (89 dB SPL).
_R128_TO_REPLAYGAIN_DB = 5.0


def read_track(path: Path) -> Track:
    """Return a :class:`Track` for ``path`` with every field its tags and headers give.

    Missing title, artist, album and track number are guessed from the path
    (:func:`guess_from_path`). Text is cleaned and capped (:func:`app.library.text.clean_text`).

    Parameters
    ----------
    path
        An audio file.

    Returns
    -------
    Track
        The track; fields nothing could fill keep their defaults.

    Raises
    ------
    TagReadError
        When the file cannot be opened or read, is not a known format, or its tags or headers
        are broken.

    """
    loaded = _load(path)
    if loaded is None:
        return _known_by_path(path)
    handle, file_size, trim_samples = loaded
    fields = tf.collect(handle)
    audio = audio_properties(handle, file_size, trim_samples)
    get = fields.get
    track_number, track_total = _pair(get(tf.TRACK), get(tf.TRACK_TOTAL))
    disc_number, disc_total = _pair(get(tf.DISC), get(tf.DISC_TOTAL))
    date = first_text(get(tf.DATE)) or first_text(get(tf.YEAR))
    artists = all_texts(get(tf.ARTIST)) or all_texts(get(tf.ARTISTS))
    title = first_text(get(tf.TITLE))
    album = first_text(get(tf.ALBUM))
    if not (title and artists and album and track_number):  # only fill what the tags lack
        guess = guess_from_path(path)
        title = title or guess.title
        artists = artists or ((guess.artist,) if guess.artist else ())
        album = album or guess.album
        track_number = track_number or guess.track_number
        disc_number = disc_number or guess.disc_number
    return Track(
        path=path,
        title=title,
        artist=SEPARATOR.join(artists),
        album=album,
        duration_s=audio.duration_s,
        replay_gain=_replay_gain(fields),
        artists=artists,
        album_artist=joined_text(get(tf.ALBUM_ARTIST)),
        track_number=track_number,
        track_total=track_total,
        disc_number=disc_number,
        disc_total=disc_total,
        date=date,
        year=year_of(date) if date else None,
        genre=joined_text(get(tf.GENRE)),
        composer=joined_text(get(tf.COMPOSER)),
        compilation=any(is_true(v) for v in get(tf.COMPILATION, ())),
        has_cover=tf.COVER in fields,
        audio=audio,
        musicbrainz=_musicbrainz_ids(fields),
    )


def _known_by_path(path: Path) -> Track:
    """Return a track with what its path says, for a file whose tags are not text."""
    guess = guess_from_path(path)
    return Track(
        path=path,
        title=guess.title,
        artist=guess.artist,
        album=guess.album,
        artists=(guess.artist,) if guess.artist else (),
        track_number=guess.track_number,
        disc_number=guess.disc_number,
    )


# --------------------------------------------------------------------------------------------
# The one place mutagen is called
# --------------------------------------------------------------------------------------------


def _load(path: Path) -> tuple[Any, int, int] | None:
    """Open ``path`` once, for reading: the mutagen file, the size, the MP3 encoder gap.

    Returns ``None`` when the stream is known but its tags are not text (mutagen refuses a
    whole WMA file for one title that is not UTF-16): the file is then known by its path.
    """
    try:
        with open_regular(path) as fileobj:
            size = os.fstat(fileobj.fileno()).st_size
            if size == 0:
                raise TagReadError(path, "is empty (0 bytes)")
            handle = _parse(path, fileobj)
            gap = mp3_encoder_gap(handle, fileobj)
            if missing_audio(handle, fileobj, size):
                raise TagReadError(path, "has no audio after its headers")
            return handle, size, gap
    except TagReadError:
        raise
    except NotARegularFileError as exc:
        raise TagReadError(path, "is not a regular file") from exc
    except OSError as exc:
        raise TagReadError(path, f"could not be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        if not raised_by_mutagen(exc):
            raise
        return None
    except Exception as exc:
        # mutagen parses untrusted bytes and sometimes fails with struct.error, ValueError,
        # IndexError, EOFError, MemoryError... rather than its own errors: a bad file, not a
        # bug of ours. Whatever was raised outside mutagen's code is ours, and must not be
        # hidden.
        if not isinstance(exc, mutagen.MutagenError) and not raised_by_mutagen(exc):
            raise
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: Exception) -> TagReadError:
    """Return the error telling why mutagen could not read ``path``, in words for a person."""
    label = path.suffix.lstrip(".").upper() or "audio"
    if isinstance(exc, MemoryError | OverflowError):
        return TagReadError(path, f"is not a readable {label} file (it claims impossible sizes)")
    if isinstance(exc, EOFError) or _ENDS_EARLY.search(str(exc)):
        return TagReadError(path, f"is not a readable {label} file (it ends too early)")
    if "can't sync" in str(exc):
        return TagReadError(path, f"is not a readable {label} file (no audio frames found)")
    detail = _detail(path, exc)
    if not detail:
        return TagReadError(path, f"is not a readable {label} file")
    return TagReadError(path, f"is not a readable {label} file ({detail})")


def _parse(path: Path, fileobj: Any) -> Any:
    kind = KIND_BY_SUFFIX.get(path.suffix.lower())
    if kind is None:
        handle = mutagen.File(fileobj, options=SNIFFABLE)
        if handle is None:
            raise TagReadError(path, "is not a known audio format")
        return handle
    try:
        return kind(fileobj)
    except Exception as failure:
        # Misnamed files (an Opus file called .ogg, AAC called .mp3) get a second chance
        # with mutagen's sniffing; anything not from mutagen is a bug of ours. When sniffing
        # finds nothing either, the failure of the class the name asked for is the one told.
        if not isinstance(failure, mutagen.MutagenError) and not raised_by_mutagen(failure):
            raise
        fileobj.seek(0)
        # mutagen.File weighs the extension heavily, so the class that just failed is left out.
        try:
            handle = mutagen.File(fileobj, options=[k for k in SNIFFABLE if k is not kind])
        except Exception as other:
            if not isinstance(other, mutagen.MutagenError) and not raised_by_mutagen(other):
                raise
            handle = None
        if handle is None:
            raise
        return handle


def raised_by_mutagen(exc: BaseException) -> bool:
    """Return whether ``exc`` came out of mutagen's code rather than ours.

    The innermost frame that is mutagen's or ours decides: a codec or ``struct`` that mutagen
    called fails on mutagen's behalf, while a failure in our own code is a bug of ours.
    """
    trace, owner = exc.__traceback__, False
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if name.startswith(_MUTAGEN_DIR):
            owner = True
        elif name.startswith(_APP_DIR):
            owner = False
        trace = trace.tb_next
    return owner


def _detail(path: Path, exc: BaseException) -> str:
    """Return mutagen's message when a person can read it: no bytes, paths or codec talk."""
    text = str(exc)
    if _UNREADABLE_DETAIL.search(text) or os.fsdecode(path.name) in text:
        return ""
    text = clean_text(text).strip(" .")
    return "" if text.casefold() in ("", "error") or len(text) > _MAX_DETAIL else text


# --------------------------------------------------------------------------------------------
# Numbers and identifiers
# --------------------------------------------------------------------------------------------


def _pair(numbers: list[str] | None, totals: list[str] | None) -> tuple[int | None, int | None]:
    """Read a number and its total from ``"3/12"`` or from two tags (``TRACKTOTAL``)."""
    number, total = number_pair(numbers[0]) if numbers else (None, None)
    if total is None and totals:
        total = number_pair(totals[0])[0]
    return number, total


def _musicbrainz_ids(fields: tf.Fields) -> MusicBrainzIds:
    """Return the identifiers; where there are several (one per artist), the first."""
    get = fields.get
    return MusicBrainzIds(
        track_id=first_text(get(tf.MB_TRACK)),
        recording_id=first_text(get(tf.MB_RECORDING)),
        album_id=first_text(get(tf.MB_ALBUM)),
        artist_id=first_text(get(tf.MB_ARTIST)),
        album_artist_id=first_text(get(tf.MB_ALBUM_ARTIST)),
        release_group_id=first_text(get(tf.MB_RELEASE_GROUP)),
    )


def _replay_gain(fields: tf.Fields) -> ReplayGain:
    def value(name: str, peak: bool = False) -> float | None:
        found = decimal(fields[name][0]) if name in fields else None
        return None if found is None or (peak and found < 0) else found

    track_gain, album_gain = value(tf.RG_TRACK_GAIN), value(tf.RG_ALBUM_GAIN)
    if track_gain is None and (r128 := value(tf.R128_TRACK_GAIN)) is not None:
        track_gain = r128 / 256 + _R128_TO_REPLAYGAIN_DB  # Q7.8 fixed point
    if album_gain is None and (r128 := value(tf.R128_ALBUM_GAIN)) is not None:
        album_gain = r128 / 256 + _R128_TO_REPLAYGAIN_DB
    return ReplayGain(
        track_gain_db=track_gain,
        track_peak=value(tf.RG_TRACK_PEAK, peak=True),
        album_gain_db=album_gain,
        album_peak=value(tf.RG_ALBUM_PEAK, peak=True),
    )


# --------------------------------------------------------------------------------------------
# Guessing from the path
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PathGuess:
    """What a file's path suggests; empty or ``None`` where it suggests nothing."""

    title: str = ""
    artist: str = ""
    album: str = ""
    track_number: int | None = None
    disc_number: int | None = None


# "1-03 Title": disc 1, track 3.
_DISC_TRACK = re.compile(r"([0-9])-([0-9]{2})(?:\s*[-_]\s*|\s+)(.+)")
# "01 Title", "01 - Title", "1. Title", "1 - Title", "03_Title": a number with a separator, or
# zero-padded. A bare "99 Luftballons" or "1979" keeps its number as part of the title.
_TRACK = re.compile(r"([0-9]{1,3})(\s*(?:[-_)]|\.(?=\s))\s*|\s+)(.+)")
# Folders that hold music but name neither an album nor an artist.
_GENERIC_FOLDERS = frozenset(
    {"music", "my music", "musik", "musique", "musica", "música", "muziek", "audio", "mp3",
     "mp3s", "flac", "songs", "media", "downloads", "download", "desktop", "documents", "home",
     "users", "mnt", "volumes", "run", "tmp", "temp", "data", "storage", "sdcard", "library",
     "itunes", "itunes media", "itunes music", "new folder", "incoming", "unknown",
     "unknown album", "unknown artist"}
)  # fmt: skip
# Folders in the artist's place that hold albums of many artists: the album counts, they don't.
_COLLECTION_FOLDERS = frozenset(
    {"various artists", "various", "va", "compilations", "soundtracks", "ost"}
)
# Folders whose children are mount points (a USB stick's name is no artist).
_MOUNT_FOLDERS = frozenset({"media", "mnt", "volumes"})
_HOME = Path(os.path.expanduser("~"))


def guess_from_path(path: Path) -> PathGuess:
    """Guess title, track, album and artist from an ``Artist/Album/01 Title.ext`` path.

    The file name gives the title and a track number (``"01 Title"``, ``"01 - Title"``,
    ``"1. Title"``, ``"1-03 Title"`` for disc 1 track 3) or an artist and title
    (``"Artist - Title"``). Folders give album and artist only when the path has the full
    ``Artist/Album/file`` shape: both folders must be real names, not the file system root,
    the home folder, a mount point or a generic name such as ``Music`` or ``Downloads``;
    under ``Various Artists`` (or ``Compilations``...) only the album is taken.
    A ``CD1``/``Disc 2`` folder counts as the disc, and the album is its parent. So
    ``/music/song.mp3`` gives no album, and ``~/Music/Artist/song.mp3`` no album either (the
    artist folder would be mistaken for one). Without that shape, an ``Artist - Album`` folder
    still gives both. ``read_track`` does not know the scanned root, so a file in a
    non-generic folder two levels down (``/srv/Album/song.mp3``) can still be misread.

    Parameters
    ----------
    path
        An audio file.

    Returns
    -------
    PathGuess
        The guesses; empty where the path says nothing.

    """
    title, artist, track, disc = _parse_stem(path.stem)
    album_dir = path.parent
    if (folder_disc := disc_folder_number(album_dir.name)) is not None:
        disc = disc or folder_disc or None
        album_dir = album_dir.parent
    artist_dir = album_dir.parent
    album = ""
    if _names_music(album_dir) and _names_music(artist_dir):
        album = clean_text(album_dir.name)
        if artist_dir.name.strip().casefold() not in _COLLECTION_FOLDERS:
            artist = artist or clean_text(artist_dir.name)
    elif " - " in album_dir.name and _names_music(album_dir):
        folder_artist, _, album = album_dir.name.partition(" - ")
        artist, album = artist or clean_text(folder_artist), clean_text(album)
    return PathGuess(title=title, artist=artist, album=album, track_number=track, disc_number=disc)


def _parse_stem(stem: str) -> tuple[str, str, int | None, int | None]:
    """Split a file name without extension into title, artist, track and disc."""
    artist, track, disc = "", None, None
    if (match := _DISC_TRACK.fullmatch(stem)) is not None:
        disc, track, stem = int(match.group(1)) or None, int(match.group(2)) or None, match[3]
    elif (match := _TRACK.fullmatch(stem)) is not None:
        digits, separator, rest = match.groups()
        if separator.strip() or (len(digits) > 1 and digits[0] == "0"):
            track, stem = int(digits) or None, rest
    if track is None and " - " in stem:
        artist, _, stem = stem.partition(" - ")
    if "_" in stem and " " not in stem:
        stem = stem.replace("_", " ")
    return clean_text(stem), clean_text(artist), track, disc


def _names_music(folder: Path) -> bool:
    """Whether a folder's name can be an album or artist (see :func:`guess_from_path`)."""
    return (
        folder.parent != folder
        and folder.parent.parent != folder.parent  # a top-level folder is a system folder
        and folder != _HOME
        and folder.name.strip().casefold() not in _GENERIC_FOLDERS
        and folder.parent.name.casefold() not in _MOUNT_FOLDERS
    )
