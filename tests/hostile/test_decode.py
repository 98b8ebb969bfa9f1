"""The app's decoder on the hostile corpus: exotic files play right, broken ones fail in words.

Hostile names must reach ffmpeg as ``file:`` paths and nothing else, and play as the file
they name; files that are really a playlist or a concat script are refused, not followed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import psutil
import pytest

from app.audio.decoder import StreamDecoder, StreamFormat
from app.audio.dsp import downmix_matrix, to_stereo
from app.core.errors import DecodeError
from tests.hostile.checks import assert_readable
from tests.hostile.corpus import Corpus
from tests.hostile.corpus_parts import NAMES, hires_signal

Frames = npt.NDArray[np.float32]


def decode(path: Path, start_s: float = 0.0) -> tuple[StreamFormat, Frames]:
    """Decode the whole of ``path`` from ``start_s`` with the app's decoder."""
    with StreamDecoder(path, start_s) as decoder:
        blocks = []
        while (block := decoder.read(65536)) is not None:
            blocks.append(block)
        channels = decoder.format.channels
        empty = np.zeros((0, channels), np.float32)
        return decoder.format, np.concatenate(blocks) if blocks else empty


def test_exotic_files_decode_to_their_length_rate_and_channels(corpus: Corpus) -> None:
    assert len(corpus.playable) == 18
    for name, expected in corpus.playable.items():
        # Three hours are checked at their end: the decoder seeks there.
        start_s = expected.duration_s - 5.0 if expected.duration_s > 60 else 0.0
        fmt, frames = decode(expected.path, start_s)
        assert (fmt.sample_rate, fmt.channels) == (expected.rate_hz, expected.channels), name
        heard_s = start_s + len(frames) / fmt.sample_rate
        assert heard_s == pytest.approx(expected.duration_s, abs=expected.tolerance_s), name
        assert np.isfinite(frames).all() and np.abs(frames).max() <= 1.0, name
        assert np.abs(frames).max() > 0.05 or name == "3 hours.flac", f"{name} is silent"


@pytest.mark.parametrize("name", ["5.1 surround.flac", "5.1 surround.m4a",
                                  "7.1 surround.wav", "7.1 surround.flac"])  # fmt: skip
def test_surround_folds_to_stereo_with_every_speaker_heard(corpus: Corpus, name: str) -> None:
    """Each speaker carries its own tone (220 Hz times its place); all but the LFE are heard."""
    fmt, frames = decode(corpus.playable[name].path)
    stereo = to_stereo(frames, downmix_matrix(fmt.channels, fmt.channel_mask))
    assert stereo.shape == (len(frames), 2) and np.abs(stereo).max() <= 1.0
    spectrum = np.abs(np.fft.rfft(stereo.sum(axis=1)))
    hz_per_bin = fmt.sample_rate / len(stereo)
    level = {
        220 * (k + 1): spectrum[round(220 * (k + 1) / hz_per_bin)] for k in range(fmt.channels)
    }
    loudest = max(level.values())
    lfe = 880
    quiet = [hz for hz, value in level.items() if hz != lfe and value < 0.1 * loudest]
    assert not quiet, f"{name}: the speakers at {quiet} Hz are lost in the fold to stereo"


def test_24_bit_samples_come_through_exactly(corpus: Corpus) -> None:
    fmt, frames = decode(corpus.playable["96 kHz 24-bit.flac"].path)
    assert fmt.sample_rate == 96_000
    expected = hires_signal(len(frames))
    np.testing.assert_array_equal(np.round(frames.astype(np.float64) * 2**31), expected)


def test_broken_files_are_refused_in_words_and_leave_no_decoder_behind(corpus: Corpus) -> None:
    before = {child.pid for child in psutil.Process().children()}
    for path, kind in corpus.bad.items():
        try:
            _, frames = decode(path)
        except DecodeError as exc:
            assert_readable(exc.reason, path)
            assert str(exc).startswith(os.fsdecode(path.name) + ": ")
            if kind == "empty":
                assert exc.reason == "is empty (0 bytes)"
            continue
        # Headers with nothing after them decode to nothing: the engine says so and skips.
        assert kind != "not audio" and len(frames) == 0, f"{path} ({kind}) played"
    leftovers = [
        child for child in psutil.Process().children()
        if child.pid not in before and child.status() != psutil.STATUS_ZOMBIE
    ]  # fmt: skip
    assert leftovers == []


def test_text_images_playlists_and_scripts_with_audio_names_are_not_played(
    corpus: Corpus,
) -> None:
    disguised = [p for p, kind in corpus.bad.items() if kind == "not audio"]
    assert len(disguised) == 13
    assert {corpus.disguised["hls"], corpus.disguised["ffconcat"]} <= set(disguised)
    for path in disguised:  # the playlist and the script would play secret.ogg if followed
        with pytest.raises(DecodeError) as caught:
            decode(path)
        assert caught.value.reason in (
            "is not a known audio format", "contains no audio",
            "cannot be decoded: invalid data found when processing input",
        ), path  # fmt: skip


def test_hostile_names_play_as_the_local_file_they_name(corpus: Corpus, tmp_path: Path) -> None:
    _, decoy = decode(corpus.named["decoy"])
    for index, (label, (_, kind)) in enumerate(NAMES.items()):
        path = corpus.named[label]
        tame = shutil.copyfile(path, tmp_path / f"tame {index}.{kind}")
        _, heard = decode(path)
        _, expected = decode(tame)
        assert len(heard) > 0 and np.array_equal(heard, expected), label
        if label != "decoy":
            assert not np.array_equal(heard, decoy), f"{label} played x.mp3"
    for folder in (Path.cwd(), corpus.root / "good" / "names", tmp_path):
        assert not (folder / "pwned").exists(), "a name reached a shell"


def test_hostile_names_reach_ffmpeg_only_as_absolute_file_urls(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.audio import decoder as decoder_module

    calls: list[tuple[Any, dict[str, Any]]] = []
    real_popen = subprocess.Popen

    def spy(args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        calls.append((args, kwargs))
        return real_popen(args, **kwargs)

    monkeypatch.setattr(decoder_module.subprocess, "Popen", spy)  # type: ignore[attr-defined]
    for label, path in corpus.named.items():
        calls.clear()
        StreamDecoder(path).close()
        ((args, kwargs),) = calls
        assert isinstance(args, list) and not kwargs.get("shell", False), label
        where = os.fsencode(path.absolute())
        assert [a for a in args if where in os.fsencode(a)] == ["file:" + os.fsdecode(where)]
        assert args.count("-i") == 1 and args[args.index("-i") + 1] == "file:" + os.fsdecode(where)
        before_input = args[: args.index("-i")]
        assert before_input[before_input.index("-protocol_whitelist") + 1] == "file,pipe"
        assert "-format_whitelist" in before_input
