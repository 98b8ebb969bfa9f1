"""Sample arithmetic: gain, ReplayGain, downmix, fades and the float-to-int16 conversion.

Everything here is numpy on float32 frames shaped (frames, channels), values in [-1, 1].
"""

from __future__ import annotations

import math
from enum import Enum

import numpy as np
import numpy.typing as npt

from app.core.track import ReplayGain

Frames = npt.NDArray[np.float32]

_INV_SQRT2 = 1.0 / math.sqrt(2.0)

# WAVE_FORMAT_EXTENSIBLE speaker bits, in the order channels appear in the stream.
_FL, _FR, _FC, _LFE, _BL, _BR, _FLC, _FRC, _BC, _SL, _SR = (1 << i for i in range(11))
# Left and right weights for each speaker (ITU-R BS.775 / ATSC A/52 downmix: centre and
# surrounds at -3 dB, LFE dropped).
_SPEAKER_WEIGHTS: dict[int, tuple[float, float]] = {
    _FL: (1.0, 0.0),
    _FR: (0.0, 1.0),
    _FC: (_INV_SQRT2, _INV_SQRT2),
    _LFE: (0.0, 0.0),
    _BL: (_INV_SQRT2, 0.0),
    _BR: (0.0, _INV_SQRT2),
    _FLC: (1.0, 0.0),
    _FRC: (0.0, 1.0),
    _BC: (0.5, 0.5),
    _SL: (_INV_SQRT2, 0.0),
    _SR: (0.0, _INV_SQRT2),
}
# ffmpeg's default layouts, used when a stream carries no channel mask.
_DEFAULT_MASKS = {
    3: _FL | _FR | _FC,
    4: _FL | _FR | _BL | _BR,
    5: _FL | _FR | _FC | _BL | _BR,
    6: _FL | _FR | _FC | _LFE | _BL | _BR,
    7: _FL | _FR | _FC | _LFE | _BC | _SL | _SR,
    8: _FL | _FR | _FC | _LFE | _BL | _BR | _SL | _SR,
}


def downmix_matrix(channels: int, channel_mask: int = 0) -> npt.NDArray[np.float32]:
    """Return the (channels, 2) matrix that maps a stream to stereo.

    Mono goes to both channels at full level. Stereo passes unchanged. More channels use the
    standard coefficients, then are scaled so that no output can exceed full scale.
    """
    if channels == 1:
        return np.array([[1.0, 1.0]], dtype=np.float32)
    if channels == 2:
        return np.eye(2, dtype=np.float32)
    mask = channel_mask or _DEFAULT_MASKS.get(channels, 0)
    speakers = [1 << bit for bit in range(32) if mask & (1 << bit)][:channels]
    rows = [_SPEAKER_WEIGHTS.get(s, (0.5, 0.5)) for s in speakers]
    rows += [(0.5, 0.5)] * (channels - len(rows))
    matrix = np.array(rows, dtype=np.float64)
    worst = float(matrix.sum(axis=0).max())
    scaled: npt.NDArray[np.float32] = (matrix / max(worst, 1.0)).astype(np.float32)
    return scaled


def to_stereo(frames: Frames, matrix: npt.NDArray[np.float32] | None) -> Frames:
    """Apply a downmix matrix; ``None`` means the frames are already stereo."""
    if matrix is None:
        return frames
    return np.ascontiguousarray(frames @ matrix, dtype=np.float32)


def db_to_linear(gain_db: float) -> float:
    """Convert decibels to an amplitude factor."""
    return float(10.0 ** (gain_db / 20.0))


class ReplayGainMode(Enum):
    """Which ReplayGain value applies."""

    OFF = "off"
    TRACK = "track"
    ALBUM = "album"


def replay_gain_factor(rg: ReplayGain, mode: ReplayGainMode, preamp_db: float = 0.0) -> float:
    """Return the amplitude factor for ``rg`` in ``mode``, limited by the peak so it never clips.

    A missing album value falls back to the track value, and the reverse. With no gain tag at
    all the preamp alone applies.
    """
    if mode is ReplayGainMode.OFF:
        return 1.0
    if mode is ReplayGainMode.ALBUM:
        gain, peak = rg.album_gain_db, rg.album_peak
        gain = rg.track_gain_db if gain is None else gain
        peak = rg.track_peak if peak is None else peak
    else:
        gain, peak = rg.track_gain_db, rg.track_peak
        gain = rg.album_gain_db if gain is None else gain
        peak = rg.album_peak if peak is None else peak
    factor = db_to_linear((gain or 0.0) + preamp_db)
    if peak and peak > 0:
        factor = min(factor, 1.0 / peak)
    return factor


def perceptual_volume(slider: float) -> float:
    """Map a 0..1 slider to an amplitude factor on a 60 dB logarithmic curve (0 is silence)."""
    if slider <= 0:
        return 0.0
    if slider >= 1:
        return 1.0
    return db_to_linear(60.0 * (slider - 1.0))


def slider_from_volume(volume: float) -> float:
    """Invert :func:`perceptual_volume`."""
    if volume <= db_to_linear(-60.0):
        return 0.0 if volume <= 0 else 1e-3
    return min(1.0, 1.0 + 20.0 * math.log10(volume) / 60.0)


def apply_gain_ramp(frames: Frames, start: float, end: float) -> Frames:
    """Multiply by a gain that moves linearly from ``start`` to ``end`` over the block.

    Constant unity gain returns the frames untouched, so the default path stays bit-exact.
    """
    if start == end == 1.0:
        return frames
    if start == end:
        return (frames * np.float32(start)).astype(np.float32, copy=False)
    ramp = np.linspace(start, end, len(frames), endpoint=False, dtype=np.float32)
    return (frames * ramp[:, None]).astype(np.float32, copy=False)


def fade_curve(n: int, fade_in: bool) -> npt.NDArray[np.float32]:
    """Return a raised-cosine fade of ``n`` frames, which has no corner and so no click."""
    t = (np.arange(n, dtype=np.float64) + 0.5) / max(n, 1)
    curve = 0.5 - 0.5 * np.cos(np.pi * t)
    return (curve if fade_in else curve[::-1]).astype(np.float32)


def to_int16(frames: Frames) -> bytes:
    """Convert float frames to interleaved little-endian int16 bytes.

    Rounds to nearest like ffmpeg's float-to-s16 conversion, so a 16-bit source decoded to
    float comes back bit-exact.
    """
    # In-place ufuncs: np.clip's Python wrapper costs more than the arithmetic here.
    scaled = np.multiply(frames, np.float32(32768.0))
    np.rint(scaled, out=scaled)
    np.minimum(scaled, np.float32(32767.0), out=scaled)
    np.maximum(scaled, np.float32(-32768.0), out=scaled)
    data: bytes = scaled.astype("<i2").tobytes()
    return data
