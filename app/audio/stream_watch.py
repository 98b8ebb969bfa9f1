"""Tell an output stream that stopped taking sound from one that simply has none to play.

When the sound server dies, or the device under a stream is removed, Qt's PulseAudio sink
reports nothing: its state stays Active, its error NoError; only its count of processed
frames stops while written sound waits in its buffer. :class:`StallWatch` notices that.
"""

from __future__ import annotations

# Sound has waited this long with none of it taken: the stream is dead. A healthy stream is
# asked for more every ~10 ms; a scheduling hiccup on a loaded machine lasts well under this.
STALL_S = 1.0
# Between attempts to open a stream again after the device or the server went away.
RETRY_S = 1.0


class StallWatch:
    """Follow one stream's processed count; say when it has stood still with sound waiting."""

    def __init__(self, stall_s: float = STALL_S) -> None:
        self.stall_s = stall_s
        self._processed_usecs = 0
        self._still_since_s = 0.0

    def restart(self, now_s: float) -> None:
        """Start watching a new stream (one that never takes anything stalls too)."""
        self._processed_usecs = 0
        self._still_since_s = now_s

    def stalled(
        self, processed_usecs: int, waiting_bytes: int, expecting: bool, now_s: float
    ) -> bool:
        """Return True once sound has waited :attr:`stall_s` with nothing processed.

        Parameters
        ----------
        processed_usecs
            The stream's processed count now.
        waiting_bytes
            Bytes written to the stream and not yet taken by the server.
        expecting
            Whether sound should be playing (not paused, not at the end).
        now_s
            The time now, on a monotonic clock.

        """
        if not expecting or waiting_bytes <= 0 or processed_usecs != self._processed_usecs:
            self._processed_usecs = processed_usecs
            self._still_since_s = now_s
            return False
        return now_s - self._still_since_s >= self.stall_s
