import numpy as np

from app.audio.clock import AudibleClock
from app.audio.renderer import Renderer, RenderState
from app.audio.ring import FrameRing

RATE = 44100


def int16_signal(n: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(-20000, 20000, size=(n, 2), dtype=np.int16)


def make(n: int = 20000) -> tuple[Renderer, np.ndarray, AudibleClock]:
    ring = FrameRing(n)
    clock = AudibleClock()
    source = int16_signal(n)
    ring.write(
        (source.astype(np.float32) / 32768).astype(np.float32), track_key=7, first_position=0
    )
    ring.mark_finished()
    renderer = Renderer(ring, clock, RATE)
    renderer.take_restart()
    return renderer, source, clock


def drain_n(renderer: Renderer, n: int) -> np.ndarray:
    block = renderer.render(n)
    assert block is not None and block.frames == n
    return np.frombuffer(block.data, dtype="<i2").reshape(-1, 2)


def drain(renderer: Renderer, block: int = 1000) -> np.ndarray:
    out = []
    while (b := renderer.render(block)) is not None:
        out.append(np.frombuffer(b.data, dtype="<i2").reshape(-1, 2))
    return np.concatenate(out) if out else np.zeros((0, 2), np.int16)


def test_defaults_are_bit_exact_from_the_first_frame() -> None:
    renderer, source, _ = make()
    renderer.play(fade_in=False)
    np.testing.assert_array_equal(drain(renderer), source)


def test_checkpoints_map_output_frames_to_track_positions() -> None:
    renderer, _, clock = make()
    renderer.play(fade_in=False)
    drain(renderer, block=999)
    assert clock.locate(0) == (7, 0.0)
    assert clock.locate(12345) == (7, 12345.0)


def test_track_gain_scales_and_glides() -> None:
    renderer, source, _ = make()
    renderer.track_gains[7] = 0.5
    renderer.play(fade_in=False)
    out = drain(renderer).astype(np.float64)
    tail = slice(5000, None)
    np.testing.assert_allclose(out[tail], np.rint(source[tail] * 0.5), atol=1)
    # The change ramps across the first block instead of stepping.
    assert abs(out[0, 0]) <= abs(source[0, 0]) + 1


def test_pause_rewinds_to_the_audible_frame_and_resume_loses_nothing() -> None:
    renderer, source, clock = make()
    renderer.play(fade_in=False)
    written = drain_n(renderer, 8000)  # handed to the output; only 3000 heard so far
    renderer.pause()
    assert renderer.render(1000) is None  # nothing until the output rewinds
    fade = renderer.rewind(audible=3000)
    assert fade is not None and fade.frames == 441
    faded = np.frombuffer(fade.data, dtype="<i2").reshape(-1, 2).astype(int)
    assert np.abs(faded[0] - source[3000]).max() <= 1  # starts where the ear is
    assert np.abs(faded[-1]).max() < np.abs(source[3440]).max() * 0.01 + 2
    assert clock.locate(0) == (7, 3000.0)
    assert renderer.render(1000) is None and renderer.state is RenderState.PAUSED
    renderer.play(fade_in=True)
    resumed = drain(renderer)
    # The frames after the fade come back first (fading in), then the rest, none twice.
    np.testing.assert_array_equal(resumed[441:], source[3441 + 441 :])
    assert len(written) == 8000 and clock.locate(441) == (7, 3441.0)


def test_pause_then_play_before_the_output_acts_just_carries_on() -> None:
    renderer, source, _ = make()
    renderer.play(fade_in=False)
    first = drain_n(renderer, 2000)
    renderer.pause()
    renderer.play(fade_in=True)
    rest = drain(renderer)
    np.testing.assert_array_equal(np.concatenate([first, rest]), source)


def test_rate_change_goes_through_varispeed_and_back_to_bit_exact() -> None:
    renderer, source, clock = make(RATE * 2)
    renderer.play(fade_in=False)
    renderer.rate = 1.08
    [np.frombuffer(renderer.render(1024).data, dtype="<i2") for _ in range(20)]  # type: ignore[union-attr]
    # 8 % fast: 20 output blocks consume about 8 % more source frames than they hold.
    consumed = clock.locate(renderer.frames_rendered)
    assert consumed is not None and 1.05 < consumed[1] / (20 * 1024) < 1.09
    renderer.rate = 1.0
    rest = drain(renderer, block=1024)
    # After the glide back ends, output is the source again, sample for sample.
    tail = rest[-4000:]
    matches = [
        i
        for i in range(len(source) - 4000, len(source) - 3990)
        if np.array_equal(source[i : i + 4000], tail)
    ]
    assert matches, "output did not return to bit-exact pass-through"
    located = clock.locate(renderer.frames_rendered - 1)
    assert located is not None and abs(located[1] - (len(source) - 1)) < 3


def test_pause_before_anything_sounded_does_not_fade_new_audio() -> None:
    renderer, _, _ = make()
    renderer.play(fade_in=False)
    renderer.pause()
    assert renderer.render(1000) is None
    assert renderer.state is RenderState.PAUSED


def test_authentic_motor_spins_up_in_about_0_7_s_and_brakes_in_about_0_4_s() -> None:
    renderer, _, _ = make(RATE * 4)
    renderer.motor.authentic = True
    renderer.play(fade_in=False)
    out = 0
    while renderer.motor.factor < 1.0:
        block = renderer.render(441)
        assert block is not None
        out += block.frames
    assert 0.65 < out / RATE < 0.75
    renderer.pause()
    out = 0
    while (block := renderer.render(441)) is not None:
        out += block.frames
    assert renderer.state is RenderState.PAUSED
    assert 0.35 < out / RATE < 0.45


def test_the_heard_tap_holds_what_was_handed_to_the_output() -> None:
    renderer, _, _ = make()
    renderer.play(fade_in=False)
    out = drain(renderer, block=777)
    window = np.empty((4096, 2), dtype=np.float32)
    assert renderer.heard.read(15000, window) == 4096
    np.testing.assert_array_equal(
        np.round(window * 32768).astype(np.int16), out[15000 - 4096 : 15000]
    )


def test_a_restart_begins_a_new_heard_stream() -> None:
    renderer, _, _ = make()
    renderer.play(fade_in=False)
    drain_n(renderer, 1000)
    stream = renderer.heard.stream
    renderer.restart(fade_in=False, playing=True)
    assert renderer.heard.stream == stream + 1
    assert renderer.heard.end_frame == 0


def test_vinyl_character_changes_the_sound_and_steps_aside_when_switched_off() -> None:
    renderer, source, _ = make(60000)
    renderer.vinyl.configure(True, 1.0, 0.8)
    renderer.play(fade_in=False)
    coloured = drain_n(renderer, 20000)
    assert np.abs(coloured.astype(np.int32) - source[:20000]).max() > 100
    renderer.vinyl.configure(False, 1.0, 0.8)
    drain_n(renderer, 20000)  # it glides out over a moment
    assert not renderer.vinyl.active
    np.testing.assert_array_equal(drain_n(renderer, 5000), source[40000:45000])


def test_the_lock_groove_sounds_after_a_side_ends_only_with_vinyl_on() -> None:
    renderer, _, _ = make(2000)
    renderer.play(fade_in=False)
    drain(renderer)
    renderer.hold()
    renderer.ride_lock_groove()
    assert renderer.state is RenderState.PAUSED and renderer.render(1024) is None
    renderer.vinyl.configure(True, 1.0, 0.5)
    renderer.ride_lock_groove()
    assert renderer.state is RenderState.RUN_OUT
    groove = np.concatenate([drain_n(renderer, 2048) for _ in range(44)])  # 2 s
    assert np.abs(groove).max() > 300, "a tick once a turn"
    renderer.restart(fade_in=False, playing=False)
    assert renderer.state is RenderState.PAUSED
