"""What a drop (or Ctrl+O, or a second start) reads: playable tracks, and each refusal named."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app.ui.drops import MAX_LOGGED_PROBLEMS, _log_problems, describe_problems, read_dropped
from tests.support import media


def test_a_dropped_playlist_gives_its_local_tracks_and_names_the_rest(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "Live: 2020").mkdir()
    song = media.write_flac(tmp_path / "Live: 2020" / "song.flac", media.noise_signal(4410, 1))
    playlist = tmp_path / "Live: 2020" / "list.m3u8"
    playlist.write_text(f"http://127.0.0.1:9/a.mp3\nsong.flac\n{playlist.name}\n", "utf-8")
    with caplog.at_level(logging.INFO, logger="app.ui.drops"):
        reading = read_dropped([playlist, tmp_path / "Live: 2020" / "gone.m3u"])
    assert [track.path for track in reading.tracks] == [song]
    assert reading.problems == [
        "list.m3u8, line 1: 'http://127.0.0.1:9/a.mp3' carries a URL scheme or stream protocol;"
        " only local files are played; skipped",
        "list.m3u8, line 3: 'list.m3u8' is a playlist; nested playlists are not followed",
        "gone.m3u: no such file or folder",  # the folder "Live: 2020" is not taken for a name
    ]
    assert [r.getMessage() for r in caplog.records] == [f"not added: {p}" for p in reading.problems]


def test_the_notice_names_items_by_file_name_even_from_whole_paths(tmp_path: Path) -> None:
    problems = [f"{tmp_path}/Live: 2020/list.m3u: is not a regular file", "a.txt: odd"]
    text = describe_problems(problems)
    assert "list.m3u: is not a regular file" in text and str(tmp_path) not in text
    assert "a.txt: odd" in text


def test_a_huge_list_of_problems_is_logged_up_to_a_limit(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="app.ui.drops"):
        _log_problems([f"{i}.flac: broken" for i in range(MAX_LOGGED_PROBLEMS + 5)])
    assert len(caplog.records) == MAX_LOGGED_PROBLEMS + 1
    assert caplog.records[-1].getMessage() == "not added: 5 more"
