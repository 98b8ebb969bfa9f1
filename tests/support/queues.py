"""Small queues of made-up tracks for the queue tests."""

from __future__ import annotations

import random
from pathlib import Path

from app.core.queue import Queue
from app.core.track import Track


def track(name: str, album: str = "", artist: str = "", album_artist: str = "") -> Track:
    return Track(
        path=Path(f"/music/{name}.flac"), album=album, artist=artist, album_artist=album_artist
    )


def names(queue: Queue) -> list[str]:
    return [t.path.stem for t in queue]


def make(*labels: str, current: int = -1, seed: int = 0) -> Queue:
    queue = Queue(random.Random(seed))
    queue.add(track(label) for label in labels)
    queue.set_current(current)
    return queue
