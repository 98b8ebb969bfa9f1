import subprocess
from pathlib import Path

import numpy as np
import psutil
import pytest

from app.audio.decoder import StreamDecoder
from app.audio.ffmpeg import decode_command, ffmpeg_binary
from app.core.errors import DecodeError
from tests.support import media

RATE = 44100


def read_all(decoder: StreamDecoder, block: int = 4096) -> np.ndarray:
    parts = []
    while (b := decoder.read(block)) is not None:
        parts.append(b)
    return np.concatenate(parts)


def test_decodes_flac_sample_exactly(tmp_path: Path) -> None:
    source = media.noise_signal(RATE, seed=1)
    path = media.write_flac(tmp_path / "x.flac", source)
    with StreamDecoder(path) as decoder:
        assert (decoder.format.sample_rate, decoder.format.channels) == (RATE, 2)
        got = read_all(decoder, block=1000)
    np.testing.assert_array_equal(np.rint(got * 32768).astype(np.int16), source)


def test_start_offset_is_sample_accurate(tmp_path: Path) -> None:
    path = media.write_flac(tmp_path / "c.flac", media.counter_signal(10 * RATE))
    for start_s in (1.0, 3.3337, 7.25):
        with StreamDecoder(path, start_s) as decoder:
            first = decoder.read(16)
        assert first is not None
        values = media.decode_counter(np.rint(first * 32768).astype(np.int16))
        assert abs(values[0] - start_s * RATE) < 1, (start_s, values[0])
        assert np.all(np.diff(values) == 1)


def test_reports_channel_layout_for_surround(tmp_path: Path) -> None:
    path = tmp_path / "six.flac"
    subprocess.run(
        [ffmpeg_binary(), "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
         "sine=f=300:d=0.5", "-af", "pan=5.1|FL=c0|FR=c0|FC=c0|LFE=c0|BL=c0|BR=c0",
         "file:" + str(path)],
        check=True,
    )  # fmt: skip
    with StreamDecoder(path) as decoder:
        assert decoder.format.channels == 6
        assert decoder.format.channel_mask in (0x3F, 0x60F)
        assert read_all(decoder).shape[1] == 6


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("empty.flac", "empty"),
        ("random.mp3", "cannot be decoded"),
        ("notaudio.flac", "cannot be decoded"),
        ("folder.flac", "folder"),
        ("dangling.flac", "broken link"),
    ],
)
def test_bad_input_raises_a_readable_error_and_leaves_no_process(
    tmp_path: Path, name: str, words: str
) -> None:
    bad = media.make_bad_files(tmp_path)
    before = {c.pid for c in psutil.Process().children()}
    with pytest.raises(DecodeError) as caught:
        StreamDecoder(bad[name])
    assert words in caught.value.reason
    assert str(caught.value).startswith(name + ": ")
    leftovers = [
        c for c in psutil.Process().children()
        if c.pid not in before and c.status() != psutil.STATUS_ZOMBIE
    ]  # fmt: skip
    assert leftovers == []


def test_close_kills_and_reaps_the_decoder(tmp_path: Path) -> None:
    path = media.write_flac(tmp_path / "long.flac", media.noise_signal(20 * RATE, seed=4))
    decoder = StreamDecoder(path)
    assert decoder.read(1024) is not None
    pid = decoder.pid
    decoder.close()
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_command_is_an_argument_list_with_file_urls_only(tmp_path: Path) -> None:
    odd = tmp_path / "-i http:evil concat:a|b.flac"
    cmd = decode_command(odd, start_s=2.0)
    assert cmd[cmd.index("-protocol_whitelist") + 1] == "file,pipe"
    assert cmd[cmd.index("-i") + 1] == "file:" + str(odd)
    assert "-nostdin" in cmd
