"""Settings: typed values over QSettings, safe defaults, and a signal naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.ui.settings import EndOfSide, Settings


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


def _settings(ini: Path) -> Settings:
    return Settings(QSettings(str(ini), QSettings.Format.IniFormat))


def test_defaults_for_an_empty_store(ini: Path) -> None:
    settings = _settings(ini)
    assert settings.volume == 1.0
    assert settings.device == ""
    assert settings.replay_gain == "off"
    assert settings.authentic_motor is False
    assert settings.end_of_side is EndOfSide.FLIP
    assert settings.mains_hz == 50
    assert settings.pitch_range == 0.08
    assert settings.theme == "night"
    assert settings.asked_for_music_folder is False
    assert settings.last_open_folder is None


@pytest.mark.parametrize(
    ("name", "value", "key"),
    [
        ("volume", 0.25, "audio/volume"),
        ("device", "usb:2", "audio/device"),
        ("replay_gain", "album", "audio/replaygain"),
        ("authentic_motor", True, "deck/authentic_motor"),
        ("end_of_side", EndOfSide.RUN_OUT, "deck/end_of_side"),
        ("mains_hz", 60, "deck/mains_hz"),
        ("pitch_range", 0.16, "deck/pitch_range"),
        ("theme", "day", "ui/theme"),
        ("asked_for_music_folder", True, "library/asked"),
        ("last_open_folder", Path("/music/jazz"), "ui/last_open_folder"),
    ],
)
def test_each_value_survives_a_round_trip_through_the_file(
    qtbot: QtBot, ini: Path, name: str, value: object, key: str
) -> None:
    settings = _settings(ini)
    with qtbot.waitSignal(settings.changed) as changed:
        setattr(settings, name, value)
    assert changed.args == [key]
    settings.store.sync()
    assert getattr(_settings(ini), name) == value


@pytest.mark.parametrize(
    ("key", "stored", "name", "default"),
    [
        ("audio/volume", "loud", "volume", 1.0),
        ("audio/replaygain", "extra", "replay_gain", "off"),
        ("deck/end_of_side", "spin forever", "end_of_side", EndOfSide.FLIP),
        ("deck/mains_hz", "400", "mains_hz", 50),
        ("deck/mains_hz", "fast", "mains_hz", 50),
        ("deck/pitch_range", "none", "pitch_range", 0.08),
        ("ui/theme", "neon", "theme", "night"),
    ],
)
def test_unreadable_values_fall_back_to_defaults(
    ini: Path, key: str, stored: str, name: str, default: object
) -> None:
    ini.write_text(f"[{key.split('/')[0]}]\n{key.split('/')[1]}={stored}\n")
    assert getattr(_settings(ini), name) == default


def test_volume_is_clamped_and_booleans_read_from_text(ini: Path) -> None:
    ini.write_text("[audio]\nvolume=3.5\n[deck]\nauthentic_motor=yes\n")
    settings = _settings(ini)
    assert settings.volume == 1.0
    assert settings.authentic_motor is True
    settings.volume = -2.0
    assert settings.volume == 0.0


def test_pitch_range_and_mains_snap_to_the_offered_values(ini: Path) -> None:
    settings = _settings(ini)
    settings.pitch_range = 0.12
    assert settings.pitch_range == 0.16
    settings.mains_hz = 60
    assert settings.mains_hz == 60
