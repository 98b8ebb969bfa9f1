"""The audio thread's work: frames from the ring become int16 bytes for the sink.

On the way they pass the varispeed (only while the rate is not exactly 1), the volume and
ReplayGain gain (only when not exactly 1), and the fades for pause, resume and seek. At the
defaults nothing touches a sample, so the sink receives exactly what the decoder produced.

Threads: :meth:`Renderer.render` runs on the audio thread. The setters run on any thread and
only store plain values the audio thread picks up on its next block.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from enum import Enum

import numpy as np

from app.audio.clock import AudibleClock, Checkpoint
from app.audio.dsp import Frames, apply_gain_ramp, fade_curve, to_int16
from app.audio.heard import HeardTap, capacity_for
from app.audio.motor import Motor, motor_loudness
from app.audio.resample import Varispeed
from app.audio.ring import FrameRing, RingRead
from app.audio.unheard import ReplaySegment, SentAudio, split_for_replay
from app.audio.vinyl_stage import VinylStage

FADE_S = 0.010
SEEK_FADE_S = 0.005
_RATE_TIME_CONSTANT_S = 0.040
_HISTORY_FRAMES = 2048


class RenderState(Enum):
    """What the renderer is doing."""

    PLAYING = "playing"
    PAUSING = "pausing"
    PAUSED = "paused"
    RUN_OUT = "run-out"  # the music has ended; the stylus rides the lock groove (vinyl on)


@dataclass(frozen=True)
class Block:
    """Interleaved int16 bytes for the sink, and how many frames they hold."""

    data: bytes
    frames: int


class Renderer:
    """Turn ring frames into sink bytes, keeping the audible clock's checkpoints."""

    def __init__(self, ring: FrameRing, clock: AudibleClock, sample_rate: int) -> None:
        self.ring = ring
        self.clock = clock
        self.sample_rate = sample_rate
        self.motor = Motor()
        self._varispeed = Varispeed(ring.channels)
        self._varispeed_on = False
        self._history: deque[RingRead] = deque()
        self._lock = threading.Lock()
        # Written by any thread, read by the audio thread. (Volume and mute live in the
        # output, which applies them at the device at once.)
        self.rate = 1.0
        self.track_gains: dict[int, float] = {}
        self._sent = SentAudio(keep=sample_rate)
        self.heard = HeardTap(ring.channels, capacity_for(sample_rate))
        self.vinyl = VinylStage(sample_rate, ring.channels)
        self._replay: deque[ReplaySegment] = deque()
        self._rewind_pending = False
        # Audio thread only (guarded by _lock against reset()).
        self._state = RenderState.PAUSED
        self._out_total = 0
        self._gain = 1.0
        self._smoothed_rate = 1.0
        self._fade_in_left = 0
        self._fade_in_total = 0
        self._block_offset = 0
        self._restart_pending = False

    @property
    def state(self) -> RenderState:
        """The current render state."""
        return self._state

    @property
    def frames_rendered(self) -> int:
        """Frames handed to the output since the last :meth:`restart`."""
        return self._out_total

    def restart(self, fade_in: bool, playing: bool) -> None:
        """Start a new output stream at frame 0 (after a seek or a new track list).

        ``playing`` says whether to render at once or hold (paused, no fade) until
        :meth:`play`; ``fade_in`` softens a start in mid-track.
        """
        with self._lock:
            self._state = RenderState.PLAYING if playing else RenderState.PAUSED
            if playing:
                self.motor.start()
            else:
                self.motor.halt()
            self._out_total = 0
            self.clock.reset()
            self._sent.clear()
            self.heard.restart()
            self.vinyl.reset()
            self._replay.clear()
            self._rewind_pending = False
            self._varispeed_on = False
            self._history.clear()
            self._set_fade_in(SEEK_FADE_S if fade_in else 0.0)
            self._restart_pending = True

    def take_restart(self) -> bool:
        """For the output: True once after :meth:`restart`, when it must drop what it buffered."""
        with self._lock:
            pending, self._restart_pending = self._restart_pending, False
            return pending

    def play(self, fade_in: bool) -> None:
        """Start or resume rendering; ``fade_in`` for a resume in mid-track."""
        with self._lock:
            if self._rewind_pending:  # paused and resumed before the output acted: carry on
                self._rewind_pending = False
                self._state = RenderState.PLAYING
                self.motor.start()
                return
            self._state = RenderState.PLAYING
            self.motor.start()
            self._set_fade_in(FADE_S if fade_in and not self.motor.authentic else 0.0)

    def pause(self) -> None:
        """Fade out (or brake, in authentic mode) and then render nothing."""
        with self._lock:
            if self._state is not RenderState.PLAYING:
                return
            self.motor.stop()
            if self._out_total == 0 and not self.motor.authentic:
                self._state = RenderState.PAUSED  # nothing sounded yet: nothing to fade
                return
            self._state = RenderState.PAUSING
            self._fade_in_left = 0
            if not self.motor.authentic:  # (with the motor, the brake is the fade)
                self._rewind_pending = True  # the output rewinds to what is audible

    def hold(self) -> None:
        """Stop rendering without a fade or a rewind (everything queued has been heard)."""
        with self._lock:
            self.motor.halt()
            self._state = RenderState.PAUSED
            self._rewind_pending = False

    def ride_lock_groove(self) -> None:
        """After :meth:`hold` at the end of a side: sound the lock groove while vinyl is on."""
        with self._lock:
            if self._state is RenderState.PAUSED and self.vinyl.enabled:
                self._state = RenderState.RUN_OUT
                self.clock.add(Checkpoint(self._out_total, 0, 0.0, 1.0))  # no track is heard

    @property
    def rewind_pending(self) -> bool:
        """True when a pause waits for the output to drop its queue and call :meth:`rewind`."""
        return self._rewind_pending

    def rewind(self, audible: int) -> Block | None:
        """Pause at output frame ``audible``: fade out from there and keep the rest for later.

        The output calls this, then restarts its stream and writes the returned fade. The
        frames after the fade play first on resume, so nothing is lost or repeated.
        """
        with self._lock:
            self._rewind_pending = False
            unheard = self._sent.since(audible)
            points = self.clock.segments(audible, self._out_total)
            self._out_total = 0
            self.clock.reset()
            self._sent.clear()
            self.heard.restart()
            self._state = RenderState.PAUSED
            if not points or len(unheard) == 0:
                return None
            segments = split_for_replay(unheard, audible, points)
            fade_n = min(len(unheard), round(FADE_S * self.sample_rate))
            fade = unheard[:fade_n] * fade_curve(fade_n, fade_in=False)[:, None]
            self.clock.add(Checkpoint(0, points[0].track_key, points[0].position, points[0].rate))
            self._replay = deque(_drop_front(segments, fade_n))
            self._out_total = fade_n
            self._sent.add(0, fade)
            self.heard.write(0, fade)
            return Block(to_int16(fade), fade_n)

    def _set_fade_in(self, seconds: float) -> None:
        self._fade_in_total = self._fade_in_left = round(seconds * self.sample_rate)

    def render(self, max_frames: int) -> Block | None:
        """Render up to ``max_frames`` frames; None when there is nothing to hand over."""
        with self._lock:
            if self._state is RenderState.PAUSED or self._restart_pending or self._rewind_pending:
                return None
            if self._state is RenderState.RUN_OUT:
                return self._render_lock_groove(max_frames)
            pieces = self._pull(max_frames)
            if not pieces:
                self._finish_pause_if_done()
                return None
            frames = pieces[0] if len(pieces) == 1 else np.concatenate(pieces)
            frames = self._apply_envelopes(frames)
            self._sent.add(self._out_total, frames)
            self.heard.write(self._out_total, frames)
            self._out_total += len(frames)
            self._finish_pause_if_done()
            return Block(to_int16(frames), len(frames))

    def _render_lock_groove(self, max_frames: int) -> Block | None:
        frames = self.vinyl.lock_groove(min(max_frames, 2048))
        if frames is None:
            return None
        self.heard.write(self._out_total, frames)
        self._out_total += len(frames)
        return Block(to_int16(frames), len(frames))

    def _finish_pause_if_done(self) -> None:
        if self._state is not RenderState.PAUSING:
            return
        if self.motor.authentic and self.motor.factor > 0:
            return
        self._state = RenderState.PAUSED

    def _target_rate(self) -> float:
        return self.rate * (self.motor.factor if self.motor.authentic else 1.0)

    def _pull(self, max_frames: int) -> list[Frames]:
        pieces: list[Frames] = []
        produced = self._block_offset = 0
        while produced < max_frames:
            if self._replay:
                pieces.append(self._pull_replay(max_frames - produced))
                produced += len(pieces[-1])
                self._block_offset = produced
                continue
            target = self._target_rate()
            if not self._varispeed_on and target != 1.0:
                self._varispeed.reset(1.0 if self.motor.factor >= 1.0 else target)
                self._smoothed_rate = self._varispeed.rate
                self._varispeed_on = True
            if self._varispeed_on:
                piece = self._pull_varispeed(max_frames - produced, target)
            else:
                piece = self._pull_direct(max_frames - produced)
            if piece is None:
                break
            pieces.append(piece)
            produced += len(piece)
            self._block_offset = produced
            if self.motor.authentic:
                self.motor.advance(len(piece) / self.sample_rate)
            if (
                self._state is RenderState.PAUSING
                and self.motor.authentic
                and self.motor.factor == 0
            ):
                break
        return pieces

    def _pull_direct(self, want: int) -> Frames | None:
        read = self.ring.read(want)
        if read is None:
            return None
        self._remember(read)
        self._checkpoint(read.track_key, read.first_position, 1.0)
        return self._with_track_gain(read.frames, read.track_key)

    def _pull_varispeed(self, want: int, target: float) -> Frames | None:
        alpha = 1.0 - np.exp(-min(want, 1024) / (_RATE_TIME_CONSTANT_S * self.sample_rate))
        rate = self._smoothed_rate + (target - self._smoothed_rate) * float(alpha)
        if abs(rate - target) < 1e-5:
            rate = target
        self._smoothed_rate = rate
        if rate == 1.0 and target == 1.0 and self._history:
            return self._hand_back()
        # Small reads while the motor moves, so its speed is updated every few milliseconds.
        limit = 4096 if self.motor.settled else 256
        read = self.ring.read(max(8, min(limit, int(want * rate) + 1)))
        if read is None:
            return None
        self._remember(read)
        out = self._varispeed.process(read.frames, rate)
        position = read.first_position + len(read.frames) - self._varispeed.held_back
        self._checkpoint(read.track_key, max(0, position - len(out) * rate), rate)
        return self._with_track_gain(out, read.track_key)

    def _pull_replay(self, want: int) -> Frames:
        """Frames kept from before a pause, already processed, with their own positions."""
        segment = self._replay[0]
        piece = segment.frames[:want]
        self._checkpoint(segment.track_key, segment.position, segment.rate)
        segment.frames = segment.frames[len(piece) :]
        segment.position += len(piece) * segment.rate
        if len(segment.frames) == 0:
            self._replay.popleft()
        return piece

    def _hand_back(self) -> Frames | None:
        """Leave the varispeed at rate 1: replay the input it held back, then go direct."""
        held = min(self._varispeed.held_back, sum(len(r.frames) for r in self._history))
        self._varispeed_on = False
        if held == 0:
            return self._pull_direct(1024)
        last = self._history[-1]
        tail = np.concatenate([r.frames for r in self._history])[-held:]
        position = last.first_position + len(last.frames) - held
        self._checkpoint(last.track_key, position, 1.0)
        return self._with_track_gain(tail, last.track_key)

    def _remember(self, read: RingRead) -> None:
        self._history.append(read)
        total = sum(len(r.frames) for r in self._history)
        while len(self._history) > 1 and total - len(self._history[0].frames) >= _HISTORY_FRAMES:
            total -= len(self._history.popleft().frames)

    def _checkpoint(self, key: int, position: float, rate: float) -> None:
        self.clock.add(Checkpoint(self._out_total + self._block_offset, key, position, rate))

    def _with_track_gain(self, frames: Frames, key: int) -> Frames:
        target = self.track_gains.get(key, 1.0)
        if self.motor.authentic:
            target *= motor_loudness(self.motor.factor)
        out = apply_gain_ramp(frames, self._gain, target)
        self._gain = target
        return self.vinyl.process(out)  # new frames only: replayed ones have had it

    def _apply_envelopes(self, frames: Frames) -> Frames:
        if self._fade_in_left > 0:
            n = min(self._fade_in_left, len(frames))
            start = self._fade_in_total - self._fade_in_left
            curve = fade_curve(self._fade_in_total, fade_in=True)[start : start + n]
            frames = frames.copy()
            frames[:n] *= curve[:, None]
            self._fade_in_left -= n
        return frames


def _drop_front(segments: list[ReplaySegment], n: int) -> list[ReplaySegment]:
    """Remove the first ``n`` frames from a list of replay segments."""
    out = []
    for segment in segments:
        if n >= len(segment.frames):
            n -= len(segment.frames)
            continue
        segment.frames = segment.frames[n:]
        segment.position += n * segment.rate
        n = 0
        out.append(segment)
    return out
