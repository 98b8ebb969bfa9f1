"""The listening session: the queue and position survive a restart; plays are counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.playback import PlaybackState
from app.core.queue import RepeatMode
from app.ui.library_service import LibraryService
from app.ui.player_session import PlayerSession
from tests.e2e.player import Player, wait_until
from tests.support import media

pytestmark = pytest.mark.e2e
RATE = 44100


def test_queue_and_position_survive_a_restart(player: Player, tmp_path: Path) -> None:
    paths = [
        media.write_flac(tmp_path / f"{n}.flac", media.noise_signal(4 * RATE, seed=n))
        for n in range(3)
    ]
    state = tmp_path / "state" / "queue.json"
    session = PlayerSession(player.engine, None, state)
    session.player.play([t for t in map(session.resolve, paths) if t is not None])
    session.player.set_repeat(RepeatMode.ALL)
    session.player.play_index(1)
    wait_until(lambda: player.engine.position_s > 1.0, 5, "the second track to play")
    session.close()
    saved_at = player.engine.position_s
    player.engine.stop()
    paths[2].unlink()  # gone by the next start: dropped, the rest kept

    again = PlayerSession(player.engine, None, state)
    assert again.restore()
    assert [t.path for t in again.queue] == paths[:2]
    assert again.queue.current_index == 1 and again.queue.repeat is RepeatMode.ALL
    assert player.engine.state is PlaybackState.PAUSED
    assert player.engine.current_track is not None
    assert player.engine.current_track.path == paths[1]
    assert abs(player.engine.position_s - saved_at) < 0.5


def test_a_track_heard_for_half_its_length_counts_as_played(player: Player, tmp_path: Path) -> None:
    music = tmp_path / "music"
    music.mkdir()
    short = media.write_flac(music / "short.flac", media.noise_signal(2 * RATE, seed=1))
    library = LibraryService(tmp_path / "library.db")
    finished: list[object] = []
    library.scan_finished.connect(finished.append)
    library.start_scan([music])
    wait_until(lambda: bool(finished), 20, "the scan")
    session = PlayerSession(player.engine, library, tmp_path / "queue.json")
    track = session.resolve(short)
    assert track is not None and track.duration_s == pytest.approx(2.0, abs=0.05)
    session.player.play([track])
    wait_until(lambda: player.engine.state is PlaybackState.STOPPED, 8, "the end of the track")
    wait_until(lambda: library.history.counts(short)[0] == 1, 3, "the play to be counted")
    assert library.model.recently_played()[0].first_path == str(short)
    session.close()
