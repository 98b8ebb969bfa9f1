"""The settings dialog writes every choice to Settings and announces folder changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QSlider,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.ui.settings import EndOfSide, Settings
from app.ui.settings_dialog import SettingsDialog
from app.ui.theme import DAY, NIGHT

DEVICES = [("alsa:1", "Built-in Audio"), ("usb:2", "USB DAC")]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def widget_dialogs() -> Iterator[None]:
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    yield
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, False)


def _dialog(qtbot: QtBot, settings: Settings, folders: list[Path] | None = None) -> SettingsDialog:
    dialog = SettingsDialog(settings, folders or [], DEVICES, NIGHT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _reread(settings: Settings) -> Settings:
    settings.store.sync()
    return Settings(QSettings(settings.store.fileName(), QSettings.Format.IniFormat))


@pytest.mark.parametrize(
    ("key", "value", "stored_as"),
    [
        ("replay_gain", "album", "audio/replaygain"),
        ("replay_gain", "track", "audio/replaygain"),
        ("authentic_motor", True, "deck/authentic_motor"),
        ("end_of_side", EndOfSide.RUN_OUT, "deck/end_of_side"),
        ("mains_hz", 60, "deck/mains_hz"),
        ("pitch_range", 0.16, "deck/pitch_range"),
        ("theme", "day", "ui/theme"),
        ("vinyl_enabled", True, "vinyl/enabled"),
        ("analyser_bands_per_octave", 12, "ambience/bands_per_octave"),
        ("analyser_style", "vfd", "ambience/analyser_style"),
        ("analyser_a_weighting", True, "ambience/a_weighting"),
        ("meter_mode", "ppm", "ambience/meter_mode"),
        ("show_amplifier", False, "ambience/show_amplifier"),
        ("stars_follow_music", False, "ambience/stars_follow_music"),
    ],
)
def test_each_choice_is_written_at_once(
    qtbot: QtBot, settings: Settings, key: str, value: object, stored_as: str
) -> None:
    dialog = _dialog(qtbot, settings)
    radio = dialog.radio(key, value)
    assert not radio.isChecked()
    with qtbot.waitSignal(settings.changed) as changed:
        qtbot.mouseClick(radio, Qt.MouseButton.LeftButton)
    assert radio.isChecked()
    assert getattr(_reread(settings), key) == value
    assert changed.args == [stored_as]
    assert settings.store.allKeys() == [stored_as]  # nothing else was touched


def test_vinyl_sliders_write_amount_and_age_and_wait_for_the_switch(
    qtbot: QtBot, settings: Settings
) -> None:
    settings.vinyl_age = 0.8
    dialog = _dialog(qtbot, settings)
    amount = dialog.findChild(QSlider, "settingsSlider_vinyl_amount")
    age = dialog.findChild(QSlider, "settingsSlider_vinyl_age")
    assert age.value() == 80
    assert not amount.isEnabled(), "nothing to set while the vinyl character is off"
    dialog.radio("vinyl_enabled", True).click()
    assert amount.isEnabled()
    amount.setValue(25)
    assert _reread(settings).vinyl_amount == pytest.approx(0.25)


def test_dialog_opens_on_the_stored_choices(qtbot: QtBot, settings: Settings) -> None:
    settings.mains_hz = 60
    settings.end_of_side = EndOfSide.RUN_OUT
    settings.device = "usb:2"
    dialog = _dialog(qtbot, settings)
    assert dialog.radio("mains_hz", 60).isChecked()
    assert dialog.radio("end_of_side", EndOfSide.RUN_OUT).isChecked()
    assert dialog.radio("replay_gain", "off").isChecked()
    assert dialog.device_box.currentText() == "USB DAC"


def test_dialog_follows_changes_and_wears_the_chosen_theme(
    qtbot: QtBot, settings: Settings
) -> None:
    dialog = _dialog(qtbot, settings)

    def bench_colour() -> QColor:
        return dialog.grab().toImage().pixelColor(3, dialog.height() - 3)

    assert bench_colour() == NIGHT.wood_dark
    dialog.radio("theme", "day").click()
    assert bench_colour() == DAY.wood_dark
    settings.mains_hz = 60  # changed elsewhere, say by the deck's own switch
    assert dialog.radio("mains_hz", 60).isChecked()


def test_output_device_is_chosen_from_the_list(qtbot: QtBot, settings: Settings) -> None:
    dialog = _dialog(qtbot, settings)
    box = dialog.device_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "System default",
        "Built-in Audio",
        "USB DAC",
    ]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert _reread(settings).device == "alsa:1"
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert _reread(settings).device == ""


def test_a_device_that_is_gone_stays_chosen_and_says_so(qtbot: QtBot, settings: Settings) -> None:
    settings.device = "bt:9"
    dialog = _dialog(qtbot, settings)
    assert dialog.device_box.currentText() == "bt:9 (not connected)"
    dialog.set_devices([*DEVICES, ("bt:9", "Headphones")])
    assert dialog.device_box.currentText() == "Headphones"


def _answer_folder_dialog(dialog: SettingsDialog, folder: Path) -> None:
    def answer() -> None:
        chooser = dialog.findChild(QFileDialog)
        if chooser is None or not chooser.isVisible():
            QTimer.singleShot(20, answer)
            return
        chooser.setDirectory(str(folder.parent))
        chooser.selectFile(str(folder))
        chooser.accept()

    QTimer.singleShot(0, answer)


def test_adding_and_removing_folders_announces_the_list(
    qtbot: QtBot, settings: Settings, tmp_path: Path, widget_dialogs: None
) -> None:
    first, second = tmp_path / "Music", tmp_path / "Records"
    first.mkdir()
    second.mkdir()
    dialog = _dialog(qtbot, settings, [first])
    _answer_folder_dialog(dialog, second)
    with qtbot.waitSignal(dialog.folders_changed) as changed:
        dialog.add_button.click()
    assert changed.args == [[first, second]]
    assert dialog.folders == [first, second]
    _answer_folder_dialog(dialog, first)
    with qtbot.assertNotEmitted(dialog.folders_changed):
        dialog.add_button.click()
    assert "already in the library" in dialog.folder_note.text()
    assert dialog.folders == [first, second]
    assert not dialog.remove_button.isEnabled()
    dialog.folder_list.setCurrentRow(0)
    with qtbot.waitSignal(dialog.folders_changed) as changed:
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert changed.args == [[second]]
    with qtbot.waitSignal(dialog.rescan_requested):
        qtbot.mouseClick(dialog.rescan_button, Qt.MouseButton.LeftButton)
    dialog.folder_list.setCurrentRow(0)
    dialog.remove_selected_folders()
    assert not dialog.rescan_button.isEnabled()  # nothing left to rescan


def test_every_control_is_named_and_on_the_tab_chain(qtbot: QtBot, settings: Settings) -> None:
    dialog = _dialog(qtbot, settings, [Path("/music")])
    dialog.set_theme(DAY)
    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QComboBox | QListWidget) and w.isVisibleTo(dialog)
    ]
    assert len(controls) >= 19
    chain, widget = set(), dialog.nextInFocusChain()
    while widget is not dialog and widget not in chain:
        chain.add(widget)
        widget = widget.nextInFocusChain()
    for control in controls:
        assert control.accessibleName(), control
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus, control.accessibleName()
        assert control in chain, control.accessibleName()
    labels = [label for label in dialog.findChildren(QLabel, "settingsLabel") if label.text()]
    assert labels and all(label.buddy() is not None for label in labels)
