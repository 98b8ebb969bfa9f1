import pytest
from PySide6.QtCore import QPoint, Qt

from app.ui.deck import DeckView
from app.ui.deck.pitch_fader import PitchFader
from app.ui.theme import NIGHT
from tests.ui.deck.support import make_side


@pytest.fixture
def deck(qtbot) -> DeckView:
    view = DeckView(NIGHT)
    qtbot.addWidget(view)
    view.resize(900, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def _fader_point(fader: PitchFader, pitch: float) -> QPoint:
    """Return the pixel on the fader's track for ``pitch`` (plus is towards the front)."""
    track = fader._track()
    share = (pitch / fader.reach + 1.0) / 2.0
    return QPoint(fader.width() // 2, round(track.top() + share * track.height()))


@pytest.mark.parametrize(("rpm", "caption"), [(100 / 3, "33"), (45.0, "45"), (78.0, "78")])
def test_speed_keys_choose_the_speed(qtbot, deck: DeckView, rpm: float, caption: str) -> None:
    key = deck.controls.speeds[rpm]
    assert key.text() == caption and key.accessibleName() == f"{caption} rpm"
    with qtbot.waitSignal(deck.speed_chosen, timeout=1000) as blocker:
        qtbot.mouseClick(key, Qt.MouseButton.LeftButton)
    assert blocker.args == [pytest.approx(rpm)]
    assert key.isChecked()


def test_set_speed_lights_its_key_without_announcing_it(qtbot, deck: DeckView) -> None:
    with qtbot.assertNotEmitted(deck.speed_chosen):
        deck.set_speed(45.0)
    assert deck.controls.speeds[45.0].isChecked()
    assert not deck.controls.speeds[100 / 3].isChecked()


def test_keys_work_from_the_keyboard(qtbot, deck: DeckView) -> None:
    key = deck.controls.start_stop
    key.setFocus()
    with qtbot.waitSignal(deck.start_stop_clicked, timeout=1000):
        qtbot.keyClick(key, Qt.Key.Key_Space)
    with qtbot.waitSignal(deck.start_stop_clicked, timeout=1000):
        qtbot.keyClick(key, Qt.Key.Key_Return)
    deck.controls.speeds[78.0].setFocus()
    with qtbot.waitSignal(deck.speed_chosen, timeout=1000) as blocker:
        qtbot.keyClick(deck.controls.speeds[78.0], Qt.Key.Key_Space)
    assert blocker.args == [78.0]


def test_start_stop_cue_and_flip_report_clicks(qtbot, deck: DeckView) -> None:
    with qtbot.waitSignal(deck.start_stop_clicked, timeout=1000):
        qtbot.mouseClick(deck.controls.start_stop, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(deck.cue_clicked, timeout=1000):
        qtbot.mouseClick(deck.controls.cue, Qt.MouseButton.LeftButton)
    assert not deck.controls.flip.isEnabled()  # nothing on the platter to flip
    deck.set_side(make_side(), None)
    with qtbot.waitSignal(deck.flip_clicked, timeout=1000):
        qtbot.mouseClick(deck.controls.flip, Qt.MouseButton.LeftButton)


def test_start_stop_lamp_shows_the_motor(deck: DeckView) -> None:
    deck.set_motor_running(True)
    assert deck.controls.start_stop.lit
    deck.set_motor_running(False)
    assert not deck.controls.start_stop.lit


def test_pitch_fader_keys_step_a_tenth_of_a_percent(qtbot, deck: DeckView) -> None:
    fader = deck.controls.pitch
    fader.setFocus()
    with qtbot.waitSignal(deck.pitch_changed, timeout=1000) as blocker:
        qtbot.keyClick(fader, Qt.Key.Key_Down)  # plus is towards the front, as on the deck
    assert blocker.args == [pytest.approx(0.001)]
    with qtbot.waitSignal(deck.pitch_changed, timeout=1000) as blocker:
        qtbot.keyClick(fader, Qt.Key.Key_PageUp)
    assert blocker.args == [pytest.approx(-0.009)]
    with qtbot.waitSignal(deck.pitch_changed, timeout=1000) as blocker:
        qtbot.keyClick(fader, Qt.Key.Key_Home)
    assert blocker.args == [0.0]


def test_pitch_fader_follows_a_drag_and_clicks_into_the_centre(qtbot, deck: DeckView) -> None:
    fader = deck.controls.pitch
    with qtbot.waitSignal(deck.pitch_changed, timeout=1000) as blocker:
        qtbot.mousePress(fader, Qt.MouseButton.LeftButton, pos=_fader_point(fader, 0.05))
    assert blocker.args[0] == pytest.approx(0.05, abs=0.002)
    with qtbot.waitSignal(deck.pitch_changed, timeout=1000) as blocker:
        qtbot.mouseMove(fader, _fader_point(fader, 0.002))  # inside the detent
    assert blocker.args == [0.0]
    qtbot.mouseMove(fader, _fader_point(fader, -0.03))
    qtbot.mouseRelease(fader, Qt.MouseButton.LeftButton, pos=_fader_point(fader, -0.03))
    assert fader.pitch == pytest.approx(-0.03, abs=0.002)


def test_pitch_resets_on_double_click_and_with_the_reset_key(qtbot, deck: DeckView) -> None:
    fader = deck.controls.pitch
    deck.set_pitch(0.04)
    assert fader.pitch == pytest.approx(0.04)
    with qtbot.waitSignal(deck.pitch_changed, timeout=1000) as blocker:
        qtbot.mouseDClick(fader, Qt.MouseButton.LeftButton, pos=_fader_point(fader, 0.04))
    assert blocker.args == [0.0]
    deck.set_pitch(-0.02)
    with qtbot.waitSignal(deck.pitch_changed, timeout=1000) as blocker:
        qtbot.mouseClick(deck.controls.reset, Qt.MouseButton.LeftButton)
    assert blocker.args == [0.0]


def test_set_pitch_moves_the_fader_quietly(qtbot, deck: DeckView) -> None:
    with qtbot.assertNotEmitted(deck.pitch_changed):
        deck.set_pitch(0.035)
    assert deck.controls.pitch.pitch == pytest.approx(0.035)
    assert deck.controls.pitch.accessibleDescription() == "+3.5 %"


def test_range_switch_widens_the_fader(qtbot, deck: DeckView) -> None:
    fader = deck.controls.pitch
    with qtbot.waitSignal(deck.pitch_range_changed, timeout=1000) as blocker:
        qtbot.mouseClick(deck.controls.range, Qt.MouseButton.LeftButton)
    assert blocker.args == [0.16]
    assert fader.reach == 0.16 and deck.controls.range.text() == "±16 %"
    deck.set_pitch(0.12)
    with (
        qtbot.waitSignal(deck.pitch_range_changed, timeout=1000) as blocker,
        qtbot.waitSignal(deck.pitch_changed, timeout=1000) as clamped,
    ):
        qtbot.mouseClick(deck.controls.range, Qt.MouseButton.LeftButton)
    assert blocker.args == [0.08]
    assert clamped.args == [pytest.approx(0.08)]  # the narrower range cannot hold +12 %


def test_set_pitch_range_shows_the_reach_quietly(qtbot, deck: DeckView) -> None:
    with qtbot.assertNotEmitted(deck.pitch_range_changed):
        deck.set_pitch_range(0.16)
    assert deck.controls.pitch.reach == 0.16 and deck.controls.range.isChecked()


def test_cue_lever_shows_the_arm(deck: DeckView) -> None:
    assert deck.controls.cue.raised
    deck.set_arm_lowered(True)
    assert not deck.controls.cue.raised


def test_every_control_is_focusable_and_named(deck: DeckView) -> None:
    for control in deck.controls.widgets():
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert control.accessibleName()


def test_focus_is_drawn(qtbot, deck: DeckView) -> None:
    key = deck.controls.speeds[45.0]
    deck.controls.reset.setFocus()
    before = key.grab().toImage()
    key.setFocus()
    qtbot.waitUntil(key.hasFocus, timeout=1000)
    assert key.grab().toImage() != before
