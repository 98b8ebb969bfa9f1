import os
from pathlib import Path

import pytest

from app.audio import ffmpeg


def test_bundled_binary_is_preferred_and_runs() -> None:
    binary = ffmpeg.ffmpeg_binary()
    assert "imageio_ffmpeg" in binary and os.access(binary, os.X_OK)


def test_override_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    ffmpeg.ffmpeg_binary.cache_clear()
    monkeypatch.setenv("STARLIGHT_FFMPEG", "/opt/custom/ffmpeg")
    try:
        assert ffmpeg.ffmpeg_binary() == "/opt/custom/ffmpeg"
    finally:
        monkeypatch.delenv("STARLIGHT_FFMPEG")
        ffmpeg.ffmpeg_binary.cache_clear()


def test_pydub_uses_the_same_ffmpeg() -> None:
    from pydub import AudioSegment

    ffmpeg.configure_pydub()
    assert AudioSegment.converter == ffmpeg.ffmpeg_binary()


def test_relative_and_dash_names_become_absolute_file_urls(tmp_path: Path) -> None:
    os.chdir(tmp_path)
    assert ffmpeg.file_url(Path("-song.flac")) == f"file:{tmp_path}/-song.flac"
