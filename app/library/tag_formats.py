"""Where each tag format keeps each field.

:func:`collect` walks a file's tags once and files every value it knows under one canonical
name (the constants below), whatever the format called it: ``TIT2``, ``TITLE``, ``\u00a9nam``,
``Title``.

MusicBrainz names follow Picard: the *recording* id is stored as the ID3 UFID frame owned by
``http://musicbrainz.org``, Vorbis/APE ``MUSICBRAINZ_TRACKID``, MP4 ``MusicBrainz Track Id``
and ASF ``MusicBrainz/Track Id``; the *track* id (the recording's place on one release) as
``MUSICBRAINZ_RELEASETRACKID`` and ``MusicBrainz Release Track Id``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from mutagen.apev2 import APEv2
from mutagen.asf import ASFTags
from mutagen.id3 import ID3
from mutagen.mp4 import MP4Tags

from app.library.text import undo_legacy_korean

Fields = dict[str, list[str]]
"""Raw tag values by canonical name, in file order, not yet cleaned."""

TITLE, ARTIST, ARTISTS, ALBUM, ALBUM_ARTIST = "title", "artist", "artists", "album", "albumartist"
TRACK, TRACK_TOTAL, DISC, DISC_TOTAL = "track", "tracktotal", "disc", "disctotal"
DATE, YEAR, GENRE, COMPOSER = "date", "year", "genre", "composer"
COMPILATION, COVER = "compilation", "cover"
RG_TRACK_GAIN, RG_TRACK_PEAK = "rg_track_gain", "rg_track_peak"
RG_ALBUM_GAIN, RG_ALBUM_PEAK = "rg_album_gain", "rg_album_peak"
R128_TRACK_GAIN, R128_ALBUM_GAIN = "r128_track_gain", "r128_album_gain"
MB_TRACK, MB_RECORDING, MB_ALBUM = "mb_track", "mb_recording", "mb_album"
MB_ARTIST, MB_ALBUM_ARTIST, MB_RELEASE_GROUP = "mb_artist", "mb_albumartist", "mb_releasegroup"

# Names in free-form slots (ID3 TXXX descriptions, MP4 ``----:com.apple.iTunes:`` atoms),
# case-folded. Only fields the format has no dedicated slot for: a TXXX:TITLE must not
# compete with TIT2.
_FREEFORM: dict[str, str] = {
    "replaygain_track_gain": RG_TRACK_GAIN,
    "replaygain_track_peak": RG_TRACK_PEAK,
    "replaygain_album_gain": RG_ALBUM_GAIN,
    "replaygain_album_peak": RG_ALBUM_PEAK,
    "musicbrainz track id": MB_RECORDING,
    "musicbrainz release track id": MB_TRACK,
    "musicbrainz album id": MB_ALBUM,
    "musicbrainz artist id": MB_ARTIST,
    "musicbrainz album artist id": MB_ALBUM_ARTIST,
    "musicbrainz release group id": MB_RELEASE_GROUP,
    "musicbrainz_trackid": MB_RECORDING,
    "musicbrainz_releasetrackid": MB_TRACK,
    "musicbrainz_albumid": MB_ALBUM,
    "musicbrainz_artistid": MB_ARTIST,
    "musicbrainz_albumartistid": MB_ALBUM_ARTIST,
    "musicbrainz_releasegroupid": MB_RELEASE_GROUP,
    "artists": ARTISTS,
    "compilation": COMPILATION,
    "tracktotal": TRACK_TOTAL,
    "totaltracks": TRACK_TOTAL,
    "disctotal": DISC_TOTAL,
    "totaldiscs": DISC_TOTAL,
}

# Vorbis comments, APEv2 items and ASF attributes name every field by a plain key; one
# case-folded map serves all three (their names do not clash), on top of the free-form names.
_NAMED: dict[str, str] = {
    **_FREEFORM,
    **dict.fromkeys(("title",), TITLE),
    **dict.fromkeys(("artist", "author"), ARTIST),
    **dict.fromkeys(("wm/artists",), ARTISTS),
    **dict.fromkeys(("album", "wm/albumtitle"), ALBUM),
    **dict.fromkeys(
        ("albumartist", "album artist", "album_artist", "wm/albumartist"), ALBUM_ARTIST
    ),
    **dict.fromkeys(("tracknumber", "track", "wm/tracknumber"), TRACK),
    **dict.fromkeys(("discnumber", "disc", "wm/partofset"), DISC),
    **dict.fromkeys(("date", "wm/year"), DATE),
    **dict.fromkeys(("year",), YEAR),
    **dict.fromkeys(("genre", "wm/genre"), GENRE),
    **dict.fromkeys(("composer", "wm/composer"), COMPOSER),
    **dict.fromkeys(("wm/iscompilation",), COMPILATION),
    **dict.fromkeys(("metadata_block_picture", "coverart", "wm/picture"), COVER),
    "r128_track_gain": R128_TRACK_GAIN,
    "r128_album_gain": R128_ALBUM_GAIN,
    "musicbrainz/track id": MB_RECORDING,
    "musicbrainz/release track id": MB_TRACK,
    "musicbrainz/album id": MB_ALBUM,
    "musicbrainz/artist id": MB_ARTIST,
    "musicbrainz/album artist id": MB_ALBUM_ARTIST,
    "musicbrainz/release group id": MB_RELEASE_GROUP,
}

_ID3_FRAMES: dict[str, str] = {
    "TIT2": TITLE,
    "TPE1": ARTIST,
    "TALB": ALBUM,
    "TPE2": ALBUM_ARTIST,
    "TRCK": TRACK,
    "TPOS": DISC,
    "TDRC": DATE,  # mutagen upgrades v2.3's TYER + TDAT to TDRC on load
    "TYER": YEAR,
    "TCON": GENRE,
    "TCOM": COMPOSER,
    "TCMP": COMPILATION,
}
_ID3_LATIN1 = 0  # mutagen.id3.Encoding.LATIN1
_MUSICBRAINZ_UFID = "http://musicbrainz.org"

_MP4_ATOMS: dict[str, str] = {
    "\u00a9nam": TITLE,
    "\u00a9ART": ARTIST,
    "\u00a9alb": ALBUM,
    "aART": ALBUM_ARTIST,
    "\u00a9day": DATE,
    "\u00a9gen": GENRE,  # mutagen turns a numeric ``gnre`` atom into this one
    "\u00a9wrt": COMPOSER,
}
_MP4_UTF16 = 2  # mutagen.mp4.AtomDataType.UTF16


def _add(fields: Fields, name: str, values: Iterable[str]) -> None:
    fields.setdefault(name, []).extend(values)


def _id3_genres(frame: Any) -> list[str]:
    """Genre names, with ID3v1 numbers (``"17"``, ``"(17)"``) made names by mutagen."""
    texts: list[str] = frame.text
    if any(t[:1] == "(" or t.isdecimal() or t in ("CR", "RX") for t in texts):
        genres: list[str] = frame.genres
        return genres
    return texts


def _read_id3(tags: Any) -> Fields:
    fields: Fields = {}
    for key, frame in tags.items():
        frame_id = key[:4]
        if frame_id == "TXXX":
            name = _FREEFORM.get(frame.desc.casefold())
            if name is not None:
                _add(fields, name, frame.text)
        elif frame_id == "APIC":
            fields[COVER] = ["1"]
        elif frame_id == "UFID":
            if frame.owner == _MUSICBRAINZ_UFID:
                fields[MB_RECORDING] = [frame.data.decode("ascii", "replace")]
        elif (name := _ID3_FRAMES.get(frame_id)) is not None:
            if frame_id == "TCON":
                texts = _id3_genres(frame)
            elif frame_id == "TDRC":
                texts = [str(stamp) for stamp in frame.text]  # ID3TimeStamp objects
            else:
                texts = frame.text
            if frame.encoding == _ID3_LATIN1:
                texts = [undo_legacy_korean(t) for t in texts]
            _add(fields, name, texts)
    return fields


def _read_vorbis(tags: Any) -> Fields:
    fields: Fields = {}
    for key, value in tags:  # a list of (key, value) pairs; the dict view is O(n) a lookup
        name = _NAMED.get(key.lower())
        if name is not None:
            fields.setdefault(name, []).append(value)
    return fields


def _read_ape(tags: Any) -> Fields:
    fields: Fields = {}
    for key, value in tags.items():
        folded = key.casefold()
        if value.kind == 1:  # mutagen.apev2.BINARY
            if folded.startswith("cover art"):
                fields[COVER] = ["1"]
        elif value.kind == 0 and (name := _NAMED.get(folded)) is not None:  # TEXT
            _add(fields, name, list(value))  # iterating a text value splits it on NUL
    return fields


def _asf_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, bytes):
        return None
    return str(value)


def _read_asf(tags: Any) -> Fields:
    fields: Fields = {}
    for key, attribute in tags:  # a list of (key, attribute) pairs, like Vorbis comments
        name = _NAMED.get(key.casefold())
        if name == COVER:
            if isinstance(attribute.value, bytes):  # text in WM/Picture is no picture
                fields[COVER] = ["1"]
        elif name is not None and (text := _asf_text(attribute.value)) is not None:
            fields.setdefault(name, []).append(text)
    return fields


def _freeform_text(value: Any) -> str:
    codec = "utf-16-be" if getattr(value, "dataformat", None) == _MP4_UTF16 else "utf-8"
    return bytes(value).decode(codec, "replace")


def _read_mp4(tags: Any) -> Fields:
    fields: Fields = {}
    for key, value in tags.items():
        if key.startswith("----:"):
            name = _FREEFORM.get(key.split(":", 2)[-1].casefold())
            if name is not None:
                _add(fields, name, (_freeform_text(v) for v in value))
        elif key in ("trkn", "disk"):
            if value and isinstance(value[0], tuple) and len(value[0]) == 2:
                number, total = value[0]
                fields[TRACK if key == "trkn" else DISC] = [str(number)]
                fields[TRACK_TOTAL if key == "trkn" else DISC_TOTAL] = [str(total)]
        elif key == "cpil":
            fields[COMPILATION] = ["1" if value else "0"]
        elif key == "covr":
            if value:
                fields[COVER] = ["1"]
        elif (name := _MP4_ATOMS.get(key)) is not None:
            _add(fields, name, [str(v) for v in value])
    return fields


# The reader for each tag class, filled from _READER_BASES as classes are met (a plain cache).
_READERS: dict[type, Callable[[Any], Fields]] = {}
_READER_BASES: tuple[tuple[type, Callable[[Any], Fields]], ...] = (
    (ID3, _read_id3),
    (MP4Tags, _read_mp4),
    (ASFTags, _read_asf),
    (APEv2, _read_ape),
    (list, _read_vorbis),  # VCommentDict and its Ogg and FLAC subclasses
)


def collect(handle: Any) -> Fields:
    """Return the tag values of a loaded mutagen file by canonical name.

    Parameters
    ----------
    handle
        A loaded :class:`mutagen.FileType`.

    Returns
    -------
    dict[str, list[str]]
        Raw values; empty when the file has no tags of a kind this module knows.

    """
    tags = handle.tags
    fields: Fields = {}
    if tags is not None:
        kind = type(tags)
        reader = _READERS.get(kind)
        if reader is None:
            reader = next((r for base, r in _READER_BASES if isinstance(tags, base)), _no_tags)
            _READERS[kind] = reader
        fields = reader(tags)
    if getattr(handle, "pictures", None):  # FLAC keeps pictures in their own metadata blocks
        fields[COVER] = ["1"]
    return fields


def _no_tags(tags: Any) -> Fields:
    return {}
