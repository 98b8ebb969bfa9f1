"""The playback engine: a play list, a transport, and the audible clock.

Threads
-------
1. The decoder thread (:class:`~app.audio.decode_ahead.DecodeAhead`) decodes ahead of what is
   heard into a preallocated ring of about 2 s of frames, track after track.
2. The audio thread belongs to the output: it pulls frames through the :class:`Renderer`
   (varispeed, gain, fades) into the sink, and calls :meth:`Engine._on_tick` after each feed,
   which turns the audible clock into track-started / finished events.
3. The GUI thread calls the transport methods and reads :attr:`Engine.position_s`.

Signals are :class:`app.core.signal.Signal` objects emitted on whichever thread noticed the
event; the Qt bridge queues them to the GUI. This module never imports Qt.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.audio.clock import AudibleClock
from app.audio.decode_ahead import DecodeAhead, OpenedTrack, spawn_first
from app.audio.decoder import SpawnedDecoder
from app.audio.dsp import ReplayGainMode, replay_gain_factor
from app.audio.heard import HeardTap
from app.audio.motor import brake_time_s
from app.audio.output import AudioOutput
from app.audio.renderer import Renderer, RenderState
from app.audio.resample import MAX_RATE, MIN_RATE
from app.audio.ring import FrameRing
from app.core.errors import DecodeError
from app.core.playback import PlaybackState
from app.core.queue import RepeatMode, index_after, index_before
from app.core.signal import Signal
from app.core.track import Track

log = logging.getLogger(__name__)

RING_SECONDS = 2.0
RESTART_THRESHOLD_S = 3.0
# 78 rpm on a record cut for 33 1/3 with +16 % pitch plays 2.7x fast; 33 1/3 on a 45 at -16 % 0.62x.
RATE_RANGE = (0.25, 3.0)


@dataclass(frozen=True)
class _KeyInfo:
    index: int
    track: Track
    # The first key after a seek or a device change, carrying on the track already announced.
    continuation: bool = False


class Engine:
    """Plays a list of tracks gaplessly through an :class:`AudioOutput`."""

    def __init__(self, output: AudioOutput) -> None:
        self.output = output
        self.sample_rate = output.sample_rate
        self.ring = FrameRing(round(RING_SECONDS * self.sample_rate))
        self.clock = AudibleClock(horizon=10 * self.sample_rate)
        self.renderer = Renderer(self.ring, self.clock, self.sample_rate)
        self.state_changed: Signal[PlaybackState] = Signal()
        self.track_started: Signal[int, Track] = Signal()
        self.track_finished: Signal[int, Track] = Signal()
        self.error: Signal[Track | None, str] = Signal()
        self.seeked: Signal[float] = Signal()
        # The play list and repeat mode: written by the GUI thread under _plan_lock, read by the
        # decoder thread (_following) to choose the next track as it reaches the end of one.
        self._tracks: list[Track] = []
        self._repeat = RepeatMode.OFF
        self._halt_between: Callable[[Track, Track], bool] | None = None
        # Written by the decoder thread when it stops before a track the rule holds back; read
        # by the audio thread at the end of the list and by next() while stopped there; reset
        # by the GUI thread on every start.
        self._halted_before: int | None = None
        self._plan_lock = threading.Lock()
        self._lock = threading.RLock()
        # Written by the decoder thread (_new_key) and the GUI thread; guarded by _keys_lock,
        # never by _lock, which the GUI thread holds while it waits for the decoder thread.
        self._keys: dict[int, _KeyInfo] = {}
        self._keys_lock = threading.Lock()
        self._key_counter = itertools.count(1)
        self._decoder: DecodeAhead | None = None
        self._state = PlaybackState.STOPPED
        self._index = -1
        self._audible_key = 0
        # True from a mid-track restart of the current track until its first key is made.
        self._continuing = False
        self._pending_position_s = 0.0
        self._replay_gain = ReplayGainMode.OFF
        self._preamp_db = 0.0
        self._rate = 1.0
        self._volume = 1.0
        self._muted = False
        output.stream_lost.connect(self._on_stream_lost)
        output.open(self.renderer, self._on_tick)

    # ----------------------------------------------------------------- properties
    @property
    def state(self) -> PlaybackState:
        """Stopped, playing or paused."""
        return self._state

    @property
    def tracks(self) -> list[Track]:
        """The play list."""
        return list(self._tracks)

    @property
    def index(self) -> int:
        """Index of the track being heard (or about to be), -1 with none."""
        return self._index

    @property
    def current_track(self) -> Track | None:
        """The track being heard, if any."""
        return self._tracks[self._index] if 0 <= self._index < len(self._tracks) else None

    @property
    def position_s(self) -> float:
        """The audible position in the current track, in seconds of the track's own time."""
        located = self.clock.locate(self.output.audible_frames())
        if located is None:
            return self._pending_position_s
        with self._keys_lock:
            known = located[0] in self._keys
        if not known:
            return self._pending_position_s
        return max(0.0, located[1] / self.sample_rate)

    @property
    def rate(self) -> float:
        """Playback speed (pitch and tempo together), 1.0 being the record's own speed."""
        return self._rate

    @property
    def sounding(self) -> bool:
        """Whether something is heard: the music playing, or the lock groove after a side."""
        return self._state is PlaybackState.PLAYING or self.renderer.state is RenderState.RUN_OUT

    @property
    def heard(self) -> HeardTap:
        """The frames handed to the output, by output frame, for the analyser and meters."""
        return self.renderer.heard

    def audible_out_frame(self) -> int:
        """Return the output frame the listener hears now (as :attr:`heard` numbers them)."""
        return self.output.audible_frames()

    # ----------------------------------------------------------------- transport
    def load(self, tracks: Sequence[Track], index: int = 0, play: bool = True) -> None:
        """Replace the play list and start at ``index`` (or, with ``play`` False, get ready).

        Either way decoding starts at once, so a later :meth:`play` sounds immediately.
        """
        with self._lock:
            first = spawn_first(tracks[index], 0.0) if 0 <= index < len(tracks) else None
            self._cancel_decoder()
            with self._plan_lock:
                self._tracks = list(tracks)
            state = PlaybackState.PLAYING if play else PlaybackState.STOPPED
            self._start_at(index, 0.0, state, first)

    def set_tracks(self, tracks: Sequence[Track], index: int) -> None:
        """Change the play list without interrupting the track being heard.

        ``tracks[index]`` must be the track being heard (the queue keeps its current item
        current). When the track decoded ahead is no longer the one that follows, what was
        decoded after the current track is cut from the ring and decoding goes on from the new
        next track, seamlessly; only when the current track's last frames have already left
        the ring does decoding restart from what is heard, with a 10 ms fade.
        """
        with self._lock:
            with self._plan_lock:
                self._tracks = list(tracks)
            if self._decoder is None or not 0 <= index < len(tracks):
                self._index = index if 0 <= index < len(tracks) else -1
                return
            following = self._following_index(index)
            expected = following  # what the next key decoded ahead should be, key by key
            stale = False
            with self._keys_lock:
                for key, info in sorted(self._keys.items()):
                    if key < self._audible_key:
                        continue
                    if key == self._audible_key or (
                        not self._audible_key and info.track.path == tracks[index].path
                    ):
                        self._keys[key] = _KeyInfo(index, info.track, info.continuation)
                    elif expected is not None and info.track.path == tracks[expected].path:
                        self._keys[key] = _KeyInfo(expected, info.track)
                        expected = self._following_index(expected)
                    else:
                        stale = True
            self._index = index
            if stale and not self._cut_after_current(following):
                self._start_at(index, self.position_s, self._state)

    def _cut_after_current(self, following: int | None) -> bool:
        """Replace what was decoded after the current track with ``following``, seamlessly.

        Returns False when the current track's last frames have already left the ring (the
        caller then restarts from what is heard).
        """
        decoder, current = self._decoder, self._audible_key
        if decoder is None or not current:
            return False
        decoder.stop()
        cut = self.ring.truncate_after(current)
        decoder.wait()
        if not cut:
            return False
        with self._keys_lock:
            for key in [k for k in self._keys if k > current]:
                del self._keys[key]
                self.renderer.track_gains.pop(key, None)
        if following is None:
            self._decoder = None
            self.ring.mark_finished()
            return True
        self._decoder = self._decoder_from(following, 0.0)
        self._decoder.start()
        return True

    def set_repeat(self, mode: RepeatMode) -> None:
        """Repeat nothing, the track, or the whole list (followed gaplessly)."""
        with self._plan_lock:
            self._repeat = mode

    def set_halt_between(self, rule: Callable[[Track, Track], bool] | None) -> None:
        """Stop after a track when ``rule(track, following)`` says so, instead of going on.

        The deck's run-out mode stops at the end of a side this way: the side plays to its
        last sample, the engine stops, and :attr:`index` already names the track after it.
        """
        with self._plan_lock:
            self._halt_between = rule

    @property
    def repeat(self) -> RepeatMode:
        """The repeat mode."""
        return self._repeat

    def play(self) -> None:
        """Play: resume when paused, start from the current (or first) track when stopped."""
        with self._lock:
            if self._state is PlaybackState.PAUSED:
                self.renderer.play(fade_in=True)
                self._set_state(PlaybackState.PLAYING)
                self.output.wake()
            elif self._state is PlaybackState.STOPPED and self._decoder is not None:
                # Primed by load() or stop(): the ring already holds the first frames.
                self.renderer.play(fade_in=False)
                self._set_state(PlaybackState.PLAYING)
                self.output.wake()
            elif self._state is PlaybackState.STOPPED and self._tracks:
                self._start_at(max(self._index, 0), 0.0, PlaybackState.PLAYING)

    def pause(self) -> None:
        """Pause with a short fade (or a brake, with the authentic motor)."""
        with self._lock:
            if self._state is PlaybackState.PLAYING:
                self.renderer.pause()
                self._set_state(PlaybackState.PAUSED)
                self.output.wake()

    def toggle(self) -> None:
        """Play when paused or stopped, pause when playing."""
        if self._state is PlaybackState.PLAYING:
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Stop and return to the start of the current track, decoded ready to play."""
        with self._lock:
            if self._tracks:
                self._start_at(max(self._index, 0), 0.0, PlaybackState.STOPPED)
            else:
                self._cancel_decoder()
                self._set_state(PlaybackState.STOPPED)

    def seek(self, position_s: float) -> None:
        """Move to ``position_s`` in the current track, sample-accurately."""
        with self._lock:
            if self.current_track is None:
                return
            duration = self.current_track.duration_s
            position_s = max(0.0, position_s)
            if duration is not None:
                position_s = min(position_s, max(0.0, duration - 0.05))
            after = PlaybackState.PLAYING if self._state is PlaybackState.PLAYING else None
            self._start_at(self._index, position_s, after or PlaybackState.PAUSED)
        self.seeked.emit(position_s)

    def next(self) -> None:
        """Go to the next track, if there is one (wrapping round when repeating)."""
        with self._lock:
            if self._halted_before is not None and self._state is PlaybackState.STOPPED:
                # Stopped by the halt rule: already at the track after the side that ended.
                self._start_at(self._index, 0.0, self._state)
                return
            following = self._following_index(self._index, user=True)
            if following is not None:
                self._start_at(following, 0.0, self._state)

    def previous(self) -> None:
        """Restart the track when more than 3 s in, otherwise go to the previous one."""
        with self._lock:
            if not self._tracks:
                return
            before = index_before(self._index, len(self._tracks), self._repeat)
            if self.position_s > RESTART_THRESHOLD_S or self._index < 0 or before is None:
                self.seek(0.0)
            else:
                self._start_at(before, 0.0, self._state)

    def play_index(self, index: int) -> None:
        """Start track ``index`` from its beginning."""
        with self._lock:
            if 0 <= index < len(self._tracks):
                self._start_at(index, 0.0, PlaybackState.PLAYING)

    def update_track(self, index: int, track: Track) -> None:
        """Replace what is known about track ``index`` (tags read later); the path stays."""
        with self._lock:
            if 0 <= index < len(self._tracks) and self._tracks[index].path == track.path:
                self._tracks[index] = track
                with self._keys_lock:
                    for key, info in list(self._keys.items()):
                        if info.index == index:
                            self._keys[key] = _KeyInfo(index, track)
                            self.renderer.track_gains[key] = self._gain_for(track)

    # ----------------------------------------------------------------- settings
    def set_volume(self, volume: float) -> None:
        """Set the amplitude factor (0..1); the UI maps its slider through a perceptual curve.

        The output applies it at the device, so it is heard at once, not after the queue.
        """
        self._volume = min(1.0, max(0.0, volume))
        self._apply_volume()

    @property
    def volume(self) -> float:
        """The amplitude factor."""
        return self._volume

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute without losing the volume."""
        self._muted = muted
        self._apply_volume()

    @property
    def muted(self) -> bool:
        """Whether the output is muted."""
        return self._muted

    def set_rate(self, rate: float) -> None:
        """Set the playback speed; changes glide without clicks."""
        lo, hi = RATE_RANGE
        self._rate = min(hi, max(lo, rate))
        self.renderer.rate = min(MAX_RATE, max(MIN_RATE, self._rate))

    def set_platter_speed(self, rpm: float) -> None:
        """Tell the motor and the vinyl character how fast the platter turns.

        The brake stops it in a fifth of a turn; wow, warp and the lock groove's tick come once
        a turn.
        """
        self.renderer.motor.brake_s = brake_time_s(rpm)
        self.renderer.vinyl.platter_hz = max(rpm, 1.0) / 60.0

    def set_vinyl(self, enabled: bool, amount: float = 0.5, age: float = 0.35) -> None:
        """Switch the vinyl character on or off (off by default: the sound stays bit-exact)."""
        self.renderer.vinyl.configure(enabled, amount, age)

    def needle_drop(self) -> None:
        """Sound the stylus landing (with the vinyl character on); call after seek or play."""
        self.renderer.vinyl.needle_drop()

    def set_authentic_motor(self, authentic: bool) -> None:
        """Spin up and brake like a real platter (True) or start and stop at once."""
        self.renderer.motor.authentic = authentic

    def set_replay_gain(self, mode: ReplayGainMode, preamp_db: float = 0.0) -> None:
        """Choose ReplayGain off, track or album, with a preamp in dB."""
        with self._lock:
            self._replay_gain = mode
            self._preamp_db = preamp_db
            with self._keys_lock:
                for key, info in list(self._keys.items()):
                    self.renderer.track_gains[key] = self._gain_for(info.track)

    def shutdown(self) -> None:
        """Stop decoding and close the output; nothing is left running."""
        with self._lock:
            self._cancel_decoder()
        self.output.close()

    # ----------------------------------------------------------------- internals
    def _apply_volume(self) -> None:
        self.output.set_volume(0.0 if self._muted else self._volume)

    def _gain_for(self, track: Track) -> float:
        return replay_gain_factor(track.replay_gain, self._replay_gain, self._preamp_db)

    def _set_state(self, state: PlaybackState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state)

    def _cancel_decoder(self) -> None:
        if self._decoder is not None:
            self._decoder.cancel()
            self._decoder = None
        self.ring.flush()

    def _start_at(
        self, index: int, start_s: float, state: PlaybackState, first: SpawnedDecoder | None = None
    ) -> None:
        """Decode from ``start_s`` in track ``index`` and end up in ``state``.

        The new ffmpeg (``first``, or started here) starts up while the old decoder ends.
        """
        valid = 0 <= index < len(self._tracks)
        if first is None and valid:
            first = spawn_first(self._tracks[index], start_s)
        self._cancel_decoder()
        if not valid:
            if first is not None:
                first.discard()
            self._set_state(PlaybackState.STOPPED)
            return
        mid_track = start_s > 0
        self._continuing = mid_track and index == self._index and self._audible_key != 0
        playing = state is PlaybackState.PLAYING
        self.renderer.restart(fade_in=mid_track, playing=playing)
        with self._keys_lock:
            self._keys.clear()
            self.renderer.track_gains.clear()
        self._index = index
        self._halted_before = None
        self._pending_position_s = start_s
        self._audible_key = 0
        self._decoder = self._decoder_from(index, start_s, first)
        self._decoder.start()
        self._set_state(state)

    def _decoder_from(
        self, index: int, start_s: float, first: SpawnedDecoder | None = None
    ) -> DecodeAhead:
        return DecodeAhead(
            self._tracks,
            index,
            start_s,
            self.ring,
            self.sample_rate,
            new_key=self._new_key,
            on_opened=self._on_opened,
            on_error=self._on_decode_error,
            on_first_frames=self._on_first_frames,
            following=self._following,
            first=first,
        )

    def _on_first_frames(self) -> None:
        if self._state is PlaybackState.PLAYING:
            self.output.wake()

    def _following_index(self, index: int, user: bool = False) -> int | None:
        """Return the index after ``index`` by the repeat mode (a user skip leaves ONE)."""
        with self._plan_lock:
            count, repeat = len(self._tracks), self._repeat
        if not 0 <= index < count:
            return None
        return index_after(index, count, repeat, user=user)

    def _following(self, key: int) -> tuple[int, Track] | None:
        """Return what to decode after the track under ``key`` (decoder thread)."""
        with self._keys_lock:
            info = self._keys.get(key)
        if info is None:
            return None
        index = self._following_index(info.index)
        with self._plan_lock:
            if index is None or index >= len(self._tracks):
                return None
            following = self._tracks[index]
            if self._halt_between is not None and self._halt_between(info.track, following):
                self._halted_before = index
                return None
            return index, following

    def _new_key(self, index: int) -> int:
        key = next(self._key_counter)
        with self._plan_lock:
            track = self._tracks[index]
        continuation, self._continuing = self._continuing, False
        with self._keys_lock:
            self._keys[key] = _KeyInfo(index, track, continuation)
            self.renderer.track_gains[key] = self._gain_for(track)
        return key

    def _on_opened(self, opened: OpenedTrack) -> None:
        log.debug("decoding %s at %d Hz", self._tracks[opened.index].path, opened.source_rate)

    def _on_decode_error(self, index: int, exc: DecodeError) -> None:
        log.warning("%s", exc)
        self.error.emit(self._tracks[index], str(exc))

    def _on_tick(self) -> None:
        """Audio thread: turn the audible clock into track and end-of-list events.

        Skipped when the GUI thread holds the engine lock (a transport change is under way):
        the next tick sees the new state instead of acting on the old one.
        """
        if not self._lock.acquire(blocking=False):
            return
        try:
            self._check_clock()
        finally:
            self._lock.release()

    def _check_clock(self) -> None:
        if self._state is PlaybackState.STOPPED:
            return
        audible = self.output.audible_frames()
        located = self.clock.locate(audible)
        if located is not None and located[0] != self._audible_key:
            # Every track heard since the last tick, in order: a 50 ms one in between too.
            keys = list(self._keys.items())
            passed = sorted(item for item in keys if self._audible_key < item[0] <= located[0])
            for key, info in passed or [i for i in keys if i[0] == located[0]]:
                self._announce_track(key, info)
        if (
            self._state is PlaybackState.PLAYING
            and self.ring.finished
            and self.renderer.state is RenderState.PLAYING
            and self.output.played_out
        ):
            self._end_of_list()

    def _on_stream_lost(self) -> None:
        """Carry on from what was heard, in the same state, after the output changed device."""
        with self._lock:
            if self.current_track is not None and self._decoder is not None:
                self._start_at(self._index, self.position_s, self._state)

    def _announce_track(self, key: int, info: _KeyInfo) -> None:
        previous = self._keys.get(self._audible_key)
        self._audible_key = key
        self._index = info.index
        if info.continuation:
            return
        if previous is not None:
            self.track_finished.emit(previous.index, previous.track)
        self.track_started.emit(info.index, info.track)

    def _end_of_list(self) -> None:
        with self._lock:
            if not (self.ring.finished and self._state is PlaybackState.PLAYING):
                return
            finished = self._keys.get(self._audible_key)
            self._decoder = None
            # _halted_before stays set while the engine waits there; the next start clears it.
            halted = self._halted_before
            self._index = halted if halted is not None else 0
            self.renderer.hold()
            if halted is not None:
                self.renderer.ride_lock_groove()
            self._pending_position_s = 0.0
            self._audible_key = 0
            self._set_state(PlaybackState.STOPPED)
        if finished is not None:
            self.track_finished.emit(finished.index, finished.track)
