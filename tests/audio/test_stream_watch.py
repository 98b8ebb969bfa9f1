from app.audio.stream_watch import StallWatch


def test_a_stream_taking_sound_is_never_stalled() -> None:
    watch = StallWatch(stall_s=1.0)
    watch.restart(0.0)
    assert not any(watch.stalled(i * 100_000, 4096, True, i * 0.1) for i in range(100))


def test_sound_waiting_untaken_for_the_stall_time_is_a_stall() -> None:
    watch = StallWatch(stall_s=1.0)
    watch.restart(0.0)
    assert not watch.stalled(500_000, 4096, True, 0.0)
    assert not watch.stalled(500_000, 4096, True, 0.9)
    assert watch.stalled(500_000, 4096, True, 1.0)


def test_silence_with_nothing_to_play_or_a_pause_is_not_a_stall() -> None:
    watch = StallWatch(stall_s=1.0)
    watch.restart(0.0)
    assert not any(watch.stalled(500_000, 0, True, t) for t in (0.0, 2.0, 5.0))  # starved
    assert not any(watch.stalled(500_000, 4096, False, t) for t in (6.0, 8.0))  # paused
    assert not watch.stalled(500_000, 4096, True, 8.5)  # the clock starts again from here
    assert watch.stalled(500_000, 4096, True, 9.5)


def test_a_new_stream_is_watched_from_its_start() -> None:
    watch = StallWatch(stall_s=1.0)
    watch.restart(0.0)
    assert not watch.stalled(0, 4096, True, 0.5)
    watch.restart(10.0)
    assert not watch.stalled(0, 4096, True, 10.5)
    assert watch.stalled(0, 4096, True, 11.0)
