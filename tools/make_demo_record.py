"""Make "Jay's Test Pressing", the demo record the player shows when the library is empty.

Everything is synthesised here with numpy from fixed seeds, so running the script again gives
the same sound. Side A holds three test bands (a 1 kHz reference tone, a left/right check, a
logarithmic sweep); side B two short original tunes composed below as note lists. The bands are
encoded to Ogg Opus by the system ``ffmpeg`` (argument lists, never a shell, ``file:`` paths),
tagged with mutagen (disc 1 is side A, disc 2 side B) and get a record label drawn with QPainter
as ``cover.png`` beside them. The label is not embedded: the player prefers an embedded picture
to the folder's, and one small enough to be cheap five times over would look soft.

Usage::

    .venv/bin/python tools/make_demo_record.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from mutagen.oggopus import OggOpus
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QConicalGradient,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
)

from app.ui.theme import NIGHT, Theme

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "resources" / "demo"
RATE_HZ = 48_000
ALBUM, ARTIST, DATE = "Jay's Test Pressing", "Starlight Turntable", "2050"
PEAK_DBFS = -1.0
COVER_PX = 600

Audio = npt.NDArray[np.float64]


# --------------------------------------------------------------------------------------------
# Small signal helpers
# --------------------------------------------------------------------------------------------


def _n(seconds: float) -> int:
    return round(seconds * RATE_HZ)


def _t(n: int) -> Audio:
    return np.arange(n) / RATE_HZ


def _gain(db: float) -> float:
    return float(10 ** (db / 20))


def _hz(midi: float) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def _ramp(n: int) -> Audio:
    """Return a raised-cosine rise over ``n`` samples."""
    return 0.5 - 0.5 * np.cos(np.pi * np.arange(n) / max(n, 1))


def _fade(x: Audio, in_s: float, out_s: float) -> Audio:
    y = np.array(x, dtype=np.float64)
    shape = (-1,) + (1,) * (y.ndim - 1)
    n_in, n_out = _n(in_s), _n(out_s)
    y[:n_in] *= _ramp(n_in).reshape(shape)
    y[len(y) - n_out :] *= _ramp(n_out)[::-1].reshape(shape)
    return y


def _stereo(x: Audio) -> Audio:
    return np.stack([x, x], axis=1)


def _fft_size(n: int) -> int:
    return 1 << int(np.ceil(np.log2(n)))


def _response(
    freqs: npt.NDArray[np.floating[Any]], low_hz: float | None, high_hz: float | None
) -> Audio:
    """Return gentle (12 dB/octave) high- and low-pass slopes as zero-phase gains."""
    response = np.ones_like(freqs)
    if low_hz:
        response /= np.sqrt(1 + (low_hz / np.maximum(freqs, 1e-3)) ** 4)
    if high_hz:
        response /= np.sqrt(1 + (freqs / high_hz) ** 4)
    return response


def _band(x: Audio, low_hz: float | None = None, high_hz: float | None = None) -> Audio:
    """Filter ``x`` (samples along axis 0) in the frequency domain, padded against wrap-around."""
    size = _fft_size(len(x) + _n(0.5))
    response = _response(np.fft.rfftfreq(size, 1 / RATE_HZ), low_hz, high_hz)
    spectrum = np.fft.rfft(x, size, axis=0)
    shaped = spectrum * (response[:, None] if x.ndim == 2 else response)
    return np.fft.irfft(shaped, size, axis=0)[: len(x)]


def _at_rms(x: Audio, rms_db: float) -> Audio:
    rms = float(np.sqrt(np.mean(x**2)))
    return x * (_gain(rms_db) / rms) if rms > 0 else x


# --------------------------------------------------------------------------------------------
# Side A: test bands
# --------------------------------------------------------------------------------------------


def reference_tone() -> Audio:
    """Return 14 s of 1 kHz sine at -12 dBFS in both channels, with 10 ms fades."""
    tone = _gain(-12.0) * np.sin(2 * np.pi * 1000.0 * _t(_n(14.0)))
    return _stereo(_fade(tone, 0.010, 0.010))


def channel_check() -> Audio:
    """Return a soft chime in the left channel, then the right, then both: 4 s each."""
    figure = np.zeros(_n(4.0))
    for start_s, midi in ((0.25, 76), (0.8, 79), (1.35, 84)):  # E5 G5 C6
        sound = _bell(_hz(midi), 0.5, 0.7)[: len(figure) - _n(start_s)]
        figure[_n(start_s) : _n(start_s) + len(sound)] += sound
    figure = _fade(figure * (_gain(-12.0) / np.max(np.abs(figure))), 0.005, 0.6)
    silent = np.zeros_like(figure)
    return np.stack(
        [np.concatenate([figure, silent, figure]), np.concatenate([silent, figure, figure])], 1
    )


def log_sweep() -> Audio:
    """Return a 20 s logarithmic sine sweep from 20 Hz to 20 kHz at -12 dBFS."""
    duration_s, low_hz, high_hz = 20.0, 20.0, 20_000.0
    rate = np.log(high_hz / low_hz)
    phase = (
        2 * np.pi * low_hz * duration_s / rate * np.expm1(_t(_n(duration_s)) * rate / duration_s)
    )
    return _stereo(_fade(_gain(-12.0) * np.sin(phase), 0.05, 0.05))


# --------------------------------------------------------------------------------------------
# Instruments: mono notes from frequency, held time and velocity (0..1)
# --------------------------------------------------------------------------------------------


def _envelope(n: int, hold_s: float, attack_s: float, decay_s: float) -> Audio:
    """Rise, decay exponentially while held, then fall to exactly zero by sample ``n``."""
    envelope = np.exp(-_t(n) / decay_s)
    envelope[: _n(attack_s)] *= _ramp(_n(attack_s))
    hold = min(_n(hold_s), n)
    envelope[hold:] *= _ramp(n - hold)[::-1]
    return envelope


def _epiano(hz: float, hold_s: float, velocity: float) -> Audio:
    """Play a tine electric piano: 1:1 FM whose bark fades into a round tone, plus a tine click."""
    t = _t(_n(hold_s + 0.45))
    w = 2 * np.pi * hz * t
    index = velocity * (2.0 * np.exp(-t / 0.2) + 0.4)
    body = np.sin(w + index * np.sin(w))
    tine = 0.08 * velocity * np.exp(-t / 0.04) * np.sin(w + 1.2 * np.sin(14 * w))
    decay_s = 2.0 * (261.6 / hz) ** 0.4
    return velocity * (body + tine) * _envelope(len(t), hold_s, 0.003, decay_s)


def _bell(hz: float, hold_s: float, velocity: float) -> Audio:
    """Play a music-box bell: FM at 3.5:1 for the strike, ringing on past the held time."""
    t = _t(_n(max(hold_s, 0.6) + 2.2))
    w = 2 * np.pi * hz * t
    index = 1.3 * velocity * np.exp(-t / 0.08) + 0.1
    tone = np.sin(w + index * np.sin(3.5 * w)) + 0.22 * np.exp(-t / 0.3) * np.sin(2 * w)
    decay_s = 0.9 * (523.0 / hz) ** 0.3
    return velocity * tone * _envelope(len(t), len(t) / RATE_HZ - 0.3, 0.002, decay_s)


def _bass(hz: float, hold_s: float, velocity: float) -> Audio:
    """Play a round upright-ish bass: a sine whose 2nd and 3rd harmonics fade after the pluck."""
    t = _t(_n(hold_s + 0.12))
    w = 2 * np.pi * hz * t
    tone = (
        np.sin(w)
        + 0.35 * np.exp(-t / 0.6) * np.sin(2 * w)
        + 0.12 * np.exp(-t / 0.2) * np.sin(3 * w)
    )
    return velocity * tone * _envelope(len(t), hold_s, 0.008, 2.5)


def _pad(hz: float, hold_s: float, velocity: float) -> Audio:
    """Play a warm pad: three voices a few cents apart, slow to swell and slow to let go."""
    t = _t(_n(hold_s + 1.2))
    tone = np.zeros_like(t)
    for cents, phase in ((-7.0, 0.0), (0.0, 2.1), (6.0, 4.2)):
        w = 2 * np.pi * hz * 2 ** (cents / 1200) * t + phase
        tone += np.sin(w) + 0.3 * np.sin(2 * w) + 0.1 * np.sin(3 * w)
    return velocity * tone / 3 * _envelope(len(t), hold_s, 0.7, 9.0)


Voice = Callable[[float, float, float], Audio]


# --------------------------------------------------------------------------------------------
# Scores: "Eb5:1.5" is E flat in octave 5 for one and a half beats, "r:1" a rest, "|" a bar
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """One note to play: when, how long it is held, which key, how hard, where in the stereo."""

    start_s: float
    hold_s: float
    midi: int
    velocity: float
    pan: float = 0.0


@dataclass(frozen=True)
class Score:
    """A tune as written: tempo, meter, chord changes, melody and bass line."""

    bpm: float
    meter: int
    voicings: dict[str, str]
    changes: str
    melody: str
    bass: str = ""

    @property
    def beat_s(self) -> float:
        """Length of one beat in seconds."""
        return 60.0 / self.bpm

    @property
    def bars(self) -> int:
        """Number of bars."""
        return len(self.changes.split("|"))


def midi_number(name: str) -> int:
    """Return the MIDI key of a note name such as ``C4`` (60), ``Eb5``, ``F#3`` or ``Cb5``."""
    pitch = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}[name[0]]
    pitch += name.count("#") - name[1:].count("b")
    return 12 * (int(name.lstrip("ABCDEFG#b")) + 1) + pitch


def parse_line(line: str, meter: int) -> Iterator[tuple[float, float, int | None]]:
    """Yield ``(start_beat, beats, midi or None for a rest)``; every bar must fill the meter."""
    start = 0.0
    for number, bar in enumerate(line.split("|"), 1):
        filled = 0.0
        for token in bar.split():
            name, _, beats = token.partition(":")
            yield start + filled, float(beats), None if name == "r" else midi_number(name)
            filled += float(beats)
        if abs(filled - meter) > 1e-9:
            raise ValueError(f"bar {number} holds {filled} beats, not {meter}: {bar.strip()!r}")
        start += meter


def parse_changes(score: Score) -> Iterator[tuple[float, float, str]]:
    """Yield ``(start_beat, beats, chord name)``; chords in one bar share it equally."""
    for number, bar in enumerate(score.changes.split("|")):
        names = bar.split()
        for index, name in enumerate(names):
            length = score.meter / len(names)
            yield number * score.meter + index * length, length, name


def _line_notes(
    score: Score,
    line: str,
    rng: np.random.Generator,
    velocity: float,
    pan: float = 0.0,
    legato: float = 1.0,
    transpose: int = 0,
) -> list[Note]:
    """Return the notes of one line of ``score``, humanised a little in time and touch."""
    notes = []
    for start, beats, midi in parse_line(line, score.meter):
        if midi is not None:
            accent = 1.1 if start % score.meter == 0 else 1.0
            notes.append(
                Note(
                    start * score.beat_s + abs(rng.normal(0, 0.006)),
                    beats * score.beat_s * legato,
                    midi + transpose,
                    velocity * accent * rng.uniform(0.9, 1.04),
                    pan,
                )
            )
    return notes


def _strum(keys: str, start_s: float, hold_s: float, velocity: float, roll_s: float,
           rng: np.random.Generator) -> list[Note]:  # fmt: skip
    """Return a chord rolled from the bottom, its notes spread across the stereo field."""
    midis = [midi_number(name) for name in keys.split()]
    spread = np.linspace(-0.4, 0.4, len(midis))
    return [
        Note(start_s + i * roll_s + abs(rng.normal(0, 0.004)), hold_s, midi,
             velocity * rng.uniform(0.88, 1.0), float(spread[i]))
        for i, midi in enumerate(midis)
    ]  # fmt: skip


def render(notes: list[Note], voice: Voice, total_n: int) -> Audio:
    """Play ``notes`` on ``voice`` into a stereo buffer of ``total_n`` frames."""
    out = np.zeros((total_n, 2))
    for note in notes:
        sound = voice(_hz(note.midi), note.hold_s, note.velocity)
        start = _n(note.start_s)
        end = min(total_n, start + len(sound))
        angle = (note.pan + 1) * np.pi / 4  # constant power; the centre keeps unit gain
        gains = np.sqrt(2) * np.array([np.cos(angle), np.sin(angle)])
        out[start:end] += sound[: end - start, None] * gains
    return out


# --------------------------------------------------------------------------------------------
# Brushes, echo, room
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Groove:
    """A bar of brushed drums: taps and soft kicks as ``(beat, velocity)``, sweeps as beats."""

    taps: tuple[tuple[float, float], ...]
    kicks: tuple[tuple[float, float], ...]
    sweeps: tuple[tuple[float, float], ...]


def brushes(score: Score, groove: Groove, bars: range, total_n: int,
            rng: np.random.Generator) -> tuple[Audio, Audio]:  # fmt: skip
    """Return the brush bus (taps and circling sweeps, band-limited) and the kick bus."""
    brush, kick = np.zeros((total_n, 2)), np.zeros((total_n, 2))
    bank = _band(rng.standard_normal((_n(3.0), 2)), 1500.0, 7000.0)  # brushed wire, not hiss

    def noise(length: int) -> Audio:
        start = int(rng.integers(0, len(bank) - length))
        return bank[start : start + length]

    tap_t = _t(_n(0.25))
    kick_t = _t(_n(0.4))
    kick_sound = np.sin(2 * np.pi * np.cumsum(50 + 45 * np.exp(-kick_t / 0.03)) / RATE_HZ)
    kick_sound *= np.exp(-kick_t / 0.13) * _ramp(len(kick_t))[::-1] * np.minimum(1, kick_t / 0.002)
    for bar in bars:
        origin = bar * score.meter * score.beat_s
        for beat, velocity in groove.taps:
            at = _n(origin + beat * score.beat_s + rng.normal(0, 0.005))
            tap = noise(len(tap_t)) * np.exp(-tap_t / 0.045)[:, None]
            brush[at : at + len(tap_t)] += velocity * rng.uniform(0.8, 1.0) * tap
        for beat, velocity in groove.kicks:
            at = _n(origin + beat * score.beat_s)
            kick[at : at + len(kick_t)] += velocity * _stereo(kick_sound)
        for beat, beats in groove.sweeps:
            at, length = _n(origin + beat * score.beat_s), _n(beats * score.beat_s)
            swell = np.sin(np.linspace(0, np.pi, length)) ** 2
            brush[at : at + length] += 0.12 * noise(length) * swell[:, None]
    return brush, kick


def ping_pong(x: Audio, delay_s: float, feedback: float, repeats: int = 4) -> Audio:
    """Return echoes of ``x`` bouncing right, left, right..., each one darker.

    The delays and filters are applied to one spectrum of the mono sum: a delay of ``d``
    samples is a phase turn of ``exp(-2 pi i f d)``.
    """
    step = _n(delay_s)
    size = _fft_size(len(x) + repeats * step)
    freqs = np.fft.rfftfreq(size, 1 / RATE_HZ)
    spectrum = np.fft.rfft(x.mean(axis=1), size)
    sides = [np.zeros_like(spectrum), np.zeros_like(spectrum)]
    response = np.ones_like(freqs)
    for k in range(1, repeats + 1):
        response = response * _response(freqs, 250.0, 6000.0 / k)
        sides[k % 2] += feedback**k * response * np.exp(-2j * np.pi * freqs * k * step / RATE_HZ)
    return np.stack([np.fft.irfft(spectrum * side, size)[: len(x)] for side in sides], axis=1)


def reverb(x: Audio, decay_s: float, rng: np.random.Generator) -> Audio:
    """Return the wet signal of a small room: decaying stereo noise, darker as it fades."""
    n_ir = _n(decay_s * 1.1)
    t = _t(n_ir)[:, None]
    spectrum = np.fft.rfft(rng.standard_normal((n_ir, 2)), axis=0)
    freqs = np.fft.rfftfreq(n_ir, 1 / RATE_HZ)[:, None]
    impulse = np.zeros((n_ir, 2))
    for low, high, t60_s in (
        (0, 600, decay_s),
        (600, 3500, 0.7 * decay_s),
        (3500, 1e9, 0.35 * decay_s),
    ):
        band = np.fft.irfft(spectrum * ((freqs >= low) & (freqs < high)), n_ir, axis=0)
        impulse += band * np.exp(-6.9 * t / t60_s)
    impulse[: _n(0.004)] *= _ramp(_n(0.004))[:, None]
    impulse = np.concatenate([np.zeros((_n(0.022), 2)), impulse])
    size = _fft_size(len(x) + len(impulse))
    wet = np.fft.irfft(
        np.fft.rfft(x, size, axis=0) * np.fft.rfft(impulse, size, axis=0), size, axis=0
    )
    return wet[: len(x)]


def mixdown(buses: dict[str, tuple[Audio, float, float]], decay_s: float, wet_db: float,
            rng: np.random.Generator) -> Audio:  # fmt: skip
    """Set each bus to its RMS level, send some to the room, and master to -1 dBFS peak.

    ``buses`` maps a name to ``(signal, rms_db, reverb_send)``.
    """
    levelled = {name: (_at_rms(x, rms_db), send) for name, (x, rms_db, send) in buses.items()}
    silence = np.zeros_like(next(iter(levelled.values()))[0])
    dry = sum((x for x, _ in levelled.values()), silence)
    wet = reverb(sum((x * send for x, send in levelled.values()), silence), decay_s, rng)
    mix = dry + _at_rms(wet, 20 * np.log10(np.sqrt(np.mean(dry**2))) + wet_db)
    mix = _fade(mix - mix.mean(axis=0), 0.003, 2.0)
    return mix * (_gain(PEAK_DBFS) / float(np.max(np.abs(mix))))


def _autopan(x: Audio, rate_hz: float, depth: float) -> Audio:
    sway = depth * np.sin(2 * np.pi * rate_hz * _t(len(x)))
    return x * np.stack([1 + sway, 1 - sway], axis=1)


# --------------------------------------------------------------------------------------------
# Side B: two tunes
# --------------------------------------------------------------------------------------------

SOLDER = Score(
    bpm=80, meter=4,
    voicings={  # no chord tone a semitone under the tune: 6/9, 11th and add9 colours
        "Eb69": "G3 Bb3 C4 F4", "Cm11": "Eb3 G3 Bb3 F4", "Abadd9": "Ab3 C4 Eb4 Bb4",
        "Bb9sus": "Ab3 C4 Eb4 F4", "Bb9": "Ab3 C4 D4 F4", "Gm7": "F3 Bb3 D4 G4",
        "Fm7": "Ab3 C4 Eb4 F4", "Abm6": "Ab3 Cb4 Eb4 F4",
    },
    changes="Eb69 | Abadd9"
    " | Eb69 | Cm11 | Abadd9 | Bb9sus | Gm7 | Cm11 | Fm7 | Bb9sus Bb9"
    " | Abadd9 | Gm7 | Cm11 | Cm11 | Abadd9 | Abm6 | Gm7 | Fm7 Bb9"
    " | Eb69 | Cm11 | Fm7 Bb9sus | Eb69 | Abm6 | Eb69",
    melody="r:4 | r:4"
    " | Bb4:1 Eb5:1 F5:1 G5:1 | G5:1.5 F5:0.5 Eb5:1 D5:1 | C5:1.5 Bb4:0.5 C5:1 Eb5:1 | F5:3 r:1"
    " | F5:1 G5:1 Bb5:1.5 G5:0.5 | G5:1.5 F5:0.5 Eb5:2 | Ab5:1 G5:0.5 F5:0.5 Eb5:1 C5:1"
    " | F5:1 Eb5:1 D5:2"
    " | Eb5:1 Ab5:1 Bb5:1 C6:1 | Bb5:1.5 G5:0.5 F5:1 D5:1 | Eb5:1 G5:1 Bb5:2"
    " | C6:1.5 Bb5:0.5 G5:2 | Ab5:1 Bb5:1 C6:1 Eb6:1 | Eb6:1.5 Cb6:0.5 Bb5:2"
    " | Bb5:1 G5:1 F5:1 D5:1 | Eb5:1 F5:1 D5:1 Bb4:1"
    " | Bb4:1 Eb5:1 F5:1 G5:1 | G5:1.5 F5:0.5 Eb5:1 D5:1 | Ab5:1 G5:1 F5:1.5 Eb5:0.5"
    " | Eb5:2 r:1 Bb4:1 | Ab5:1.5 F5:0.5 Eb5:1 Cb5:1 | G5:4",
    bass="Eb2:3 Bb1:1 | Ab1:3 Bb1:1"
    " | Eb2:3 Bb1:1 | C2:3 Bb1:1 | Ab1:3 A1:1 | Bb1:3 A1:1 | G1:3 Bb1:1 | C2:3 Eb2:1"
    " | F2:3 C2:1 | Bb1:2 F2:1 D2:1 | Ab1:3 Eb2:1 | G1:3 D2:1 | C2:3 G1:1 | Bb1:4"
    " | Ab1:3 Eb2:1 | Ab1:3 Eb2:1 | G2:3 Gb2:1 | F2:2 Bb1:2 | Eb2:3 Bb1:1 | C2:3 Bb1:1"
    " | F2:2 Bb1:2 | Eb2:4 | Ab1:4 | Eb2:4",
)  # fmt: skip

WALTZ = Score(
    bpm=100, meter=3,
    voicings={
        "D": "D2 F#3 A3 D4", "Gmaj7": "G2 F#3 B3 D4", "Bm": "B1 F#3 B3 D4", "G": "G2 G3 B3 D4",
        "A7": "A1 G3 C#4 E4", "F#m": "F#2 F#3 A3 C#4", "Gm": "G2 G3 Bb3 D4",
        "D/A": "A1 F#3 A3 D4", "Em7": "E2 G3 B3 D4", "F#7": "F#2 F#3 A#3 E4",
        "Dadd9": "D2 F#3 A3 E4",
    },
    changes="D | Gmaj7 | D | A7"
    " | D | D | Bm | Bm | G | A7 | D | A7 | D | F#m | G | Gm | D/A | A7 | D | D"
    " | Bm | F#m | G | D | Em7 | F#7 | Bm | A7"
    " | D | F#m | G | Gm | D/A | A7 | D | D | Gmaj7 | Dadd9",
    melody="D5:1 F#5:1 A5:1 | B5:1 A5:1 F#5:1 | D5:1 F#5:1 A5:1 | G5:1 E5:1 C#5:1"
    " | F#5:2 A5:1 | D6:2 C#6:0.5 B5:0.5 | B5:2 F#5:1 | D5:3 | G5:2 B5:1 | A5:1 G5:1 E5:1"
    " | F#5:2 D5:1 | E5:3 | F#5:2 A5:1 | C#6:2 A5:1 | B5:2 G5:1 | Bb5:2 G5:1"
    " | A5:1.5 F#5:0.5 D5:1 | E5:2 C#5:1 | D5:3 | r:1 D5:1 E5:1"
    " | F#5:2 B5:1 | C#6:2 A5:1 | B5:1.5 A5:0.5 G5:1 | F#5:2 D5:1 | G5:1 B5:1 D6:1"
    " | C#6:2 A#5:1 | B5:3 | A5:1 G5:1 E5:1"
    " | F#5:2 A5:1 | C#6:2 A5:1 | B5:2 G5:1 | Bb5:2 G5:1 | A5:1.5 F#5:0.5 D5:1"
    " | E5:2 C#5:1 | D5:3 | r:3 | F#5:1 A5:1 D6:1 | D6:3",
)  # fmt: skip


def solder_and_starlight() -> Audio:
    """Return side B, band 1: an electric-piano lullaby in E flat at 80 bpm, brushes and bass."""
    rng, score = np.random.default_rng(2050_1), SOLDER
    beat, last_bar = score.beat_s, score.bars - 1
    total_n = _n(score.bars * score.meter * beat + 3.5)
    keys: list[Note] = []
    for start, beats, name in parse_changes(score):
        voicing, at = score.voicings[name], start * beat
        if start >= last_bar * score.meter:  # the last chord is rolled slowly and left to ring
            keys += _strum(voicing, at, 6 * beat, 0.5, 0.07, rng)
        elif beats < score.meter:
            keys += _strum(voicing, at, (beats - 0.1) * beat, 0.5, 0.014, rng)
        else:
            keys += _strum(voicing, at, 2.4 * beat, 0.52, 0.014, rng)
            keys += _strum(voicing, at + 2.5 * beat, 1.4 * beat, 0.3, 0.01, rng)
    melody = _line_notes(score, score.melody, rng, 0.7, pan=-0.15)
    lead = render(melody, _epiano, total_n) + 0.35 * render(
        _line_notes(score, score.melody, rng, 0.45, pan=-0.1, legato=0.5), _bell, total_n
    )
    groove = Groove(taps=((1, 0.8), (3, 0.8), (3.67, 0.3)), kicks=((0, 1.0), (2, 0.55)),
                    sweeps=((0, 2), (2, 2)))  # fmt: skip
    brush, kick = brushes(score, groove, range(2, last_bar - 1), total_n, rng)
    buses = {
        "keys": (_autopan(render(keys, _epiano, total_n), 0.7, 0.2), -21.0, 0.35),
        "lead": (lead + ping_pong(lead, 0.75 * beat, 0.3), -17.0, 0.5),
        "bass": (render(_line_notes(score, score.bass, rng, 0.9, legato=0.92), _bass, total_n),
                 -19.0, 0.05),
        "brush": (brush, -35.0, 0.4),
        "kick": (kick, -31.0, 0.0),
    }  # fmt: skip
    return mixdown(buses, 2.4, -9.0, rng)


def workbench_waltz() -> Audio:
    """Return side B, band 2: a music-box waltz in D at 100 bpm over a soft oom-pah-pah."""
    rng, score = np.random.default_rng(2050_2), WALTZ
    beat, last_bar = score.beat_s, score.bars - 1
    total_n = _n(score.bars * score.meter * beat + 3.5)
    keys: list[Note] = []
    pads: list[Note] = []
    bass: list[Note] = []
    previous = ""
    for start, _, name in parse_changes(score):
        root, _, upper = score.voicings[name].partition(" ")
        at, ending = start * beat, start >= (last_bar - 1) * score.meter
        root_midi = midi_number(root)
        if name == previous:  # a repeated chord walks to its fifth
            root_midi = root_midi - 5 if root_midi - 5 >= midi_number("A1") else root_midi + 7
        bass.append(Note(at, (5.0 if ending else 1.6) * beat, root_midi, 0.9))
        pads += _strum(upper, at, 3 * beat, 0.5, 0.0, rng)
        if ending:
            keys += _strum(upper, at, 5 * beat, 0.4, 0.05, rng)
        else:
            keys += _strum(upper, at + beat, 0.55 * beat, 0.38, 0.006, rng)
            keys += _strum(upper, at + 2 * beat, 0.55 * beat, 0.3, 0.006, rng)
        previous = name
    music_box = _line_notes(score, score.melody, rng, 0.75, pan=-0.05)
    intro_s = 4 * score.meter * beat  # the music box plays the four bars in softly
    music_box = [
        n if n.start_s >= intro_s else replace(n, velocity=0.6 * n.velocity) for n in music_box
    ]
    lead = render(music_box, _bell, total_n) + 0.5 * render(
        _line_notes(score, score.melody, rng, 0.4, pan=0.15, transpose=-12), _epiano, total_n
    )
    groove = Groove(taps=((1, 0.55), (2, 0.45), (2.5, 0.15)), kicks=((0, 1.0),), sweeps=((0, 3),))
    brush, kick = brushes(score, groove, range(4, last_bar - 1), total_n, rng)
    buses = {
        "keys": (render(keys, _epiano, total_n), -24.0, 0.3),
        "pad": (render(pads, _pad, total_n), -27.0, 0.6),
        "lead": (lead + ping_pong(lead, 1.5 * beat, 0.25, 3), -17.0, 0.5),
        "bass": (render(bass, _bass, total_n), -20.0, 0.05),
        "brush": (brush, -36.0, 0.4),
        "kick": (kick, -32.0, 0.0),
    }
    return mixdown(buses, 2.0, -10.0, rng)


# --------------------------------------------------------------------------------------------
# The record: bands, encoding, tags
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """One track of the record and how to make it."""

    stem: str
    title: str
    disc: int
    number: int
    genre: str
    bitrate_kbps: int
    make: Callable[[], Audio]

    @property
    def file_name(self) -> str:
        """The file the band is written to."""
        return f"{self.stem}.opus"


BANDS = (
    Band("a1-reference-tone", "Reference Tone 1 kHz", 1, 1, "Test Record", 48, reference_tone),
    Band("a2-left-right-check", "Left / Right Check", 1, 2, "Test Record", 48, channel_check),
    Band("a3-log-sweep", "Log Sweep 20 Hz - 20 kHz", 1, 3, "Test Record", 48, log_sweep),
    Band("b1-solder-and-starlight", "Solder & Starlight", 2, 1, "Lullaby", 80,
         solder_and_starlight),
    Band("b2-workbench-waltz", "Workbench Waltz", 2, 2, "Lullaby", 80, workbench_waltz),
)  # fmt: skip


def _ffmpeg() -> str:
    found = shutil.which("ffmpeg")
    if found is None:
        raise SystemExit("ffmpeg is not on PATH (Debian: apt install ffmpeg)")
    return found


def encode(audio: Audio, path: Path, bitrate_kbps: int) -> None:
    """Encode stereo float ``audio`` at 48 kHz to Ogg Opus at ``path``, reproducibly."""
    pcm = np.ascontiguousarray(np.clip(audio, -1.0, 1.0), dtype="<f4").tobytes()
    command = [
        _ffmpeg(), "-hide_banner", "-loglevel", "error",
        "-f", "f32le", "-ar", str(RATE_HZ), "-ac", "2", "-i", "pipe:0",
        "-c:a", "libopus", "-b:a", f"{bitrate_kbps}k", "-vbr", "constrained",
        "-application", "audio", "-compression_level", "10", "-map_metadata", "-1",
        "-fflags", "+bitexact", "-flags:a", "+bitexact",
        "-y", "file:" + str(path.absolute()),
    ]  # fmt: skip
    result = subprocess.run(command, input=pcm, capture_output=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"ffmpeg could not encode {path.name}: {result.stderr.decode().strip()}")


def tag(path: Path, band: Band) -> None:
    """Write the record's tags into our freshly made Opus file."""
    audio = OggOpus(path)  # type: ignore[no-untyped-call]
    audio.delete()
    side_total = sum(1 for b in BANDS if b.disc == band.disc)
    fields = {
        "title": band.title, "artist": ARTIST, "albumartist": ARTIST, "album": ALBUM,
        "tracknumber": str(band.number), "tracktotal": str(side_total),
        "discnumber": str(band.disc), "disctotal": "2", "date": DATE, "genre": band.genre,
        "comment": "Synthesised by tools/make_demo_record.py for the Starlight Turntable player",
        "license": "GPL-3.0-or-later",
    }  # fmt: skip
    for key, value in fields.items():
        audio[key] = [value]
    audio.save()


# --------------------------------------------------------------------------------------------
# The label: a record on Jay's bench, its label a night sky over warm lamp-lit paper
# --------------------------------------------------------------------------------------------

_CANVAS, _LABEL_R, _DISC_R, _HORIZON_Y, _HOLE_R = 1000.0, 392.0, 492.0, 452.0, 25.0
_CENTRE = QPointF(500.0, 500.0)
_PAPER_LIGHT, _PAPER_DARK = QColor("#f6cf86"), QColor("#d98c3c")
_INK_BROWN, _INK_SOFT, _CREAM = QColor("#3a1c0b"), QColor("#6b3a16"), QColor("#fbeed2")


_APP: object = None  # the QGuiApplication that fonts need, kept alive


def draw_label(size_px: int) -> QImage:
    """Return the record label as a square image of ``size_px``, drawn on a 1000-unit canvas."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    global _APP
    _APP = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(size_px, size_px, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.scale(size_px / _CANVAS, size_px / _CANVAS)
    _draw_bench(painter, NIGHT)
    _draw_disc(painter)
    _draw_paper(painter, NIGHT)
    _draw_lettering(painter, NIGHT)
    painter.end()
    return image


def _circle(radius: float, centre: QPointF = _CENTRE) -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(centre, radius, radius)
    return path


def _alpha(colour: QColor, alpha: float) -> QColor:
    faded = QColor(colour)
    faded.setAlphaF(alpha)
    return faded


def _draw_bench(painter: QPainter, theme: Theme) -> None:
    """Paint the walnut workbench in the corners, lit by the lamp from the upper left."""
    wood = QLinearGradient(0, 0, _CANVAS, _CANVAS)
    wood.setColorAt(0.0, theme.wood_light)
    wood.setColorAt(1.0, theme.wood_grain)
    painter.fillRect(QRectF(0, 0, _CANVAS, _CANVAS), wood)
    rng = random.Random(7)
    for _ in range(70):
        y, bend = rng.uniform(-80, _CANVAS + 80), rng.uniform(-30, 30)
        grain = QPainterPath(QPointF(0, y))
        grain.cubicTo(300, y + bend, 700, y - bend, _CANVAS, y + rng.uniform(-20, 20))
        painter.setPen(QPen(_alpha(theme.wood_grain, rng.uniform(0.15, 0.4)), rng.uniform(1, 3)))
        painter.drawPath(grain)
    lamp = QRadialGradient(QPointF(120, 80), 700)
    lamp.setColorAt(0.0, _alpha(theme.glow, 0.5))
    lamp.setColorAt(1.0, _alpha(theme.glow, 0.0))
    painter.fillRect(QRectF(0, 0, _CANVAS, _CANVAS), lamp)


def _draw_disc(painter: QPainter) -> None:
    """Paint the black disc: grooves, the gaps between bands, and the lamp's two sheens."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 90))
    painter.drawEllipse(_CENTRE + QPointF(5, 9), _DISC_R + 3, _DISC_R + 3)  # shadow on wood
    painter.setBrush(QColor("#0e0d10"))
    painter.drawEllipse(_CENTRE, _DISC_R, _DISC_R)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    rng = random.Random(33)
    radius = _LABEL_R + 14
    while radius < _DISC_R - 8:
        gap = any(abs(radius - g) < 3.5 for g in (430.0, 457.0))  # smooth land between bands
        painter.setPen(QPen(QColor(255, 255, 255, 3 if gap else rng.randint(10, 26)), 1.1))
        painter.drawEllipse(_CENTRE, radius, radius)
        radius += 2.6
    sheen = QConicalGradient(_CENTRE, 0)
    for angle_deg, alpha in ((0, 0), (28, 0), (40, 46), (52, 0), (208, 0), (220, 40), (232, 0)):
        sheen.setColorAt(angle_deg / 360, QColor(255, 236, 205, alpha))
    sheen.setColorAt(1.0, QColor(255, 236, 205, 0))
    painter.fillPath(_circle(_DISC_R) - _circle(_LABEL_R), sheen)
    painter.setPen(QPen(QColor("#2e2a2c"), 2.0))
    painter.drawEllipse(_CENTRE, _DISC_R - 1, _DISC_R - 1)


def _draw_paper(painter: QPainter, theme: Theme) -> None:
    """Paint the label: lamp-lit amber paper below, night over Seoul's rooftops above."""
    label = _circle(_LABEL_R)
    paper = QRadialGradient(QPointF(430, 560), _LABEL_R * 1.1)
    paper.setColorAt(0.0, _PAPER_LIGHT)
    paper.setColorAt(1.0, _PAPER_DARK)
    painter.fillPath(label, paper)
    sky_box = QPainterPath()
    sky_box.addRect(QRectF(0, 0, _CANVAS, _HORIZON_Y))
    sky = label & sky_box
    gradient = QLinearGradient(0, _CENTRE.y() - _LABEL_R, 0, _HORIZON_Y)
    gradient.setColorAt(0.0, theme.sky_top)
    gradient.setColorAt(0.75, theme.sky_bottom)
    gradient.setColorAt(1.0, QColor("#4a3550"))  # the city's glow at the horizon
    painter.fillPath(sky, gradient)
    painter.save()
    painter.setClipPath(sky)
    _draw_stars(painter)
    _draw_moon(painter)
    _draw_rooftops(painter, theme)
    painter.restore()
    painter.save()
    painter.setClipPath(label)
    painter.setPen(QPen(theme.brass_dark, 2.5))
    painter.drawLine(QPointF(100, _HORIZON_Y), QPointF(900, _HORIZON_Y))
    painter.restore()
    painter.setPen(QPen(_alpha(theme.brass_light, 0.7), 2.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(_CENTRE, _LABEL_R - 16, _LABEL_R - 16)
    painter.setPen(QPen(QColor(0, 0, 0, 80), 3.0))
    painter.drawEllipse(_CENTRE, _LABEL_R, _LABEL_R)
    hole = QRadialGradient(_CENTRE, _HOLE_R)
    hole.setColorAt(0.0, theme.wood_grain)
    hole.setColorAt(1.0, theme.wood_dark)
    painter.setPen(QPen(QColor(0, 0, 0, 110), 2.0))
    painter.setBrush(hole)
    painter.drawEllipse(_CENTRE, _HOLE_R, _HOLE_R)


def _draw_stars(painter: QPainter) -> None:
    rng = random.Random(2050)
    painter.setPen(Qt.PenStyle.NoPen)
    for _ in range(170):
        x, y = rng.uniform(100, 900), rng.uniform(100, _HORIZON_Y - 30)
        size, warm = rng.choice((1.0, 1.3, 1.6, 2.0, 2.6, 3.4)), rng.random() < 0.3
        if np.hypot(x - _CENTRE.x(), y - _CENTRE.y()) > _LABEL_R - 30:
            continue  # keep clear of the rim
        painter.setBrush(
            QColor(255, 226 if warm else 244, 190 if warm else 236, rng.randint(110, 240))
        )
        painter.drawEllipse(QPointF(x, y), size, size)
        if size > 3:  # the brightest twinkle
            painter.setPen(QPen(QColor(255, 244, 220, 150), 1.2))
            painter.drawLine(QPointF(x - 11, y), QPointF(x + 11, y))
            painter.drawLine(QPointF(x, y - 11), QPointF(x, y + 11))
            painter.setPen(Qt.PenStyle.NoPen)


def _draw_moon(painter: QPainter) -> None:
    centre, radius = QPointF(688, 205), 30.0
    glow = QRadialGradient(centre, radius * 3)
    glow.setColorAt(0.0, QColor(255, 230, 180, 70))
    glow.setColorAt(1.0, QColor(255, 230, 180, 0))
    painter.fillRect(QRectF(centre.x() - 90, centre.y() - 90, 180, 180), glow)
    moon, bite = _circle(radius, centre), _circle(radius * 0.9, centre + QPointF(13, -8))
    painter.fillPath(moon - bite, QColor("#f8e2b0"))


def _draw_rooftops(painter: QPainter, theme: Theme) -> None:
    """Paint low rooftops with lit windows and aerials, and the tower on its hill."""
    rng, ink = random.Random(11), QColor("#0d0f1c")
    hill = QPainterPath(QPointF(140, _HORIZON_Y))
    hill.quadTo(250, _HORIZON_Y - 80, 370, _HORIZON_Y)
    painter.fillPath(hill, ink)
    painter.fillRect(QRectF(248.5, _HORIZON_Y - 108, 4, 80), ink)  # the tower's mast
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ink)
    painter.drawEllipse(QPointF(250.5, _HORIZON_Y - 84), 10, 6)
    painter.setBrush(theme.warning)
    painter.drawEllipse(QPointF(250.5, _HORIZON_Y - 110), 2.4, 2.4)
    x, windows = 100.0, []
    while x < 900:
        width, height = rng.uniform(34, 78), rng.uniform(14, 56)
        painter.fillRect(QRectF(x, _HORIZON_Y - height, width + 1, height), ink)
        if rng.random() < 0.35:  # an aerial
            painter.fillRect(QRectF(x + width * 0.7, _HORIZON_Y - height - 14, 1.6, 14), ink)
        windows += [
            QRectF(x + rng.uniform(6, width - 12), _HORIZON_Y - rng.uniform(8, height - 6), 5, 6)
            for _ in range(rng.randint(0, 3))
        ]
        x += width
    for window in windows:
        painter.fillRect(window, _alpha(theme.accent, rng.uniform(0.55, 0.95)))


def _draw_text(painter: QPainter, text: str, font: QFont, centre_x: float, baseline_y: float,
               colour: QColor, halo: QColor | None = None) -> None:  # fmt: skip
    path = QPainterPath()
    path.addText(QPointF(0, 0), font, text)
    path.translate(centre_x - path.boundingRect().center().x(), baseline_y)
    if halo is not None:
        for width in (14.0, 8.0, 4.0):
            painter.strokePath(
                path,
                QPen(
                    halo,
                    width,
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                ),
            )
    painter.fillPath(path, colour)


def _fitted(font: QFont, text: str, width: float) -> QFont:
    natural = QFontMetricsF(font).horizontalAdvance(text)
    if natural > width:
        font.setPixelSize(int(font.pixelSize() * width / natural))
    return font


def _draw_lettering(painter: QPainter, theme: Theme) -> None:
    title = _fitted(theme.sign_font(92), ALBUM, 610)
    _draw_text(painter, ALBUM, title, 500, 300, _CREAM, QColor(255, 160, 60, 28))
    _draw_text(painter, "STARLIGHT TURNTABLE", theme.caption_font(60), 500, 612, _INK_BROWN)
    _draw_text(painter, "Side A · Test Bands     Side B · Two Night Tunes",
               theme.text_font(23), 500, 656, _INK_SOFT)  # fmt: skip
    _draw_text(painter, "33⅓", theme.caption_font(58), 372, 512, _INK_BROWN)
    _draw_text(painter, "RPM", theme.caption_font(24), 372, 540, _INK_SOFT)
    _draw_text(painter, "2050", theme.caption_font(58), 628, 512, _INK_BROWN)
    _draw_text(painter, "SEOUL", theme.caption_font(24), 628, 540, _INK_SOFT)
    _draw_rim(painter, "TEST PRESSING  ·  NOT FOR SALE  ·  MADE AT JAY'S REPAIR SHOP",
              theme.caption_font(25), _LABEL_R - 26, _INK_SOFT)  # fmt: skip


def _draw_rim(painter: QPainter, text: str, font: QFont, radius: float, colour: QColor) -> None:
    """Letter ``text`` along the bottom of the label, reading left to right, tops inward."""
    metrics = QFontMetricsF(font)
    total = metrics.horizontalAdvance(text)
    angle = np.pi / 2 + total / radius / 2  # start left of the bottom, walk clockwise back
    painter.setFont(font)
    painter.setPen(colour)
    for char in text:
        advance = metrics.horizontalAdvance(char)
        middle = angle - advance / radius / 2
        painter.save()
        painter.translate(_CENTRE + QPointF(np.cos(middle), np.sin(middle)) * radius)
        painter.rotate(np.degrees(middle) - 90)
        painter.drawText(QPointF(-advance / 2, 0), char)
        painter.restore()
        angle -= advance / radius


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def make_record(out: Path) -> list[Path]:
    """Write the bands, tagged, and ``cover.png`` into ``out``; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    label = draw_label(COVER_PX)
    cover = out / "cover.png"
    if not label.save(str(cover), "PNG", 0):  # type: ignore[call-overload]  # 0: smallest
        raise SystemExit(f"could not write {cover}")
    written = [cover]
    for band in BANDS:
        path = out / band.file_name
        encode(band.make(), path, band.bitrate_kbps)
        tag(path, band)
        written.append(path)
        print(f"{path.name}: {path.stat().st_size / 1024:.0f} KiB")
    return written


def main(argv: list[str] | None = None) -> int:
    """Make the demo record; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write into")
    args = parser.parse_args(argv)
    files = make_record(args.out)
    total = sum(f.stat().st_size for f in files)
    print(f"{len(files)} files, {total / 1024 / 1024:.2f} MiB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
