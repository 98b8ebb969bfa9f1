import subprocess
from pathlib import Path

import pytest

from app.audio.ffmpeg import ffmpeg_binary
from app.core.errors import TagReadError
from app.library.tags import read_track
from tests.support import media


@pytest.mark.parametrize("suffix", [".flac", ".mp3", ".ogg", ".m4a"])
def test_reads_title_and_replay_gain(tmp_path: Path, suffix: str) -> None:
    source = media.write_wav(tmp_path / "s.wav", media.noise_signal(44100, seed=1))
    path = tmp_path / f"t{suffix}"
    subprocess.run(
        [ffmpeg_binary(), "-nostdin", "-loglevel", "error", "-i", f"file:{source}",
         "-metadata", "title=Starlight", "-metadata", "artist=Jay",
         "-metadata", "REPLAYGAIN_TRACK_GAIN=-6.50 dB", "-metadata", "REPLAYGAIN_TRACK_PEAK=0.9",
         f"file:{path}"],
        check=True,
    )  # fmt: skip
    before = path.read_bytes()
    track = read_track(path)
    assert track.title == "Starlight" and track.artist == "Jay"
    assert track.duration_s == pytest.approx(1.0, abs=0.06)
    if suffix != ".m4a":  # ffmpeg's mp4 muxer drops unknown metadata keys
        assert track.replay_gain.track_gain_db == pytest.approx(-6.5)
        assert track.replay_gain.track_peak == pytest.approx(0.9)
    assert path.read_bytes() == before


def test_unreadable_file_raises_tag_read_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.flac"
    bad.write_text("not audio")
    with pytest.raises(TagReadError) as caught:
        read_track(bad)
    assert str(caught.value).startswith("bad.flac: ")
