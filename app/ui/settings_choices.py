"""The choices the settings dialog offers, and the Settings property each one writes.

The words are English sources marked for translation in the "SettingsChoices" context; the
dialog translates them where it shows them (:func:`shown`). Units and names that read the same
in every language (``50 Hz``, ``VU``, the languages' own names) are not marked.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.ui.settings import EndOfSide

CONTEXT = "SettingsChoices"

# (label, [(option text, value)]) per radio setting, keyed by the Settings property it writes
CHOICES: dict[str, tuple[str, list[tuple[str, object]]]] = {
    "replay_gain": (
        QT_TRANSLATE_NOOP("SettingsChoices", "&ReplayGain"),
        [
            (QT_TRANSLATE_NOOP("SettingsChoices", "Off"), "off"),
            (QT_TRANSLATE_NOOP("SettingsChoices", "Track"), "track"),
            (QT_TRANSLATE_NOOP("SettingsChoices", "Album"), "album"),
        ],
    ),
    "authentic_motor": (
        QT_TRANSLATE_NOOP("SettingsChoices", "&Motor"),
        [
            (QT_TRANSLATE_NOOP("SettingsChoices", "Instant"), False),
            (QT_TRANSLATE_NOOP("SettingsChoices", "Authentic spin-up"), True),
        ],
    ),
    "end_of_side": (
        QT_TRANSLATE_NOOP("SettingsChoices", "&End of side"),
        [
            (QT_TRANSLATE_NOOP("SettingsChoices", "Flip to the next side"), EndOfSide.FLIP),
            (QT_TRANSLATE_NOOP("SettingsChoices", "Ride the run-out groove"), EndOfSide.RUN_OUT),
        ],
    ),
    "mains_hz": (
        QT_TRANSLATE_NOOP("SettingsChoices", "&Strobe mains"),
        [("50 Hz", 50), ("60 Hz", 60)],
    ),
    "pitch_range": (
        QT_TRANSLATE_NOOP("SettingsChoices", "&Pitch fader"),
        [("±8 %", 0.08), ("±16 %", 0.16)],
    ),
    "theme": (
        QT_TRANSLATE_NOOP("SettingsChoices", "&Theme"),
        [
            (QT_TRANSLATE_NOOP("SettingsChoices", "Night shop"), "night"),
            (QT_TRANSLATE_NOOP("SettingsChoices", "Day shop"), "day"),
        ],
    ),
    "language": (
        QT_TRANSLATE_NOOP("SettingsChoices", "Lan&guage"),
        [
            (QT_TRANSLATE_NOOP("SettingsChoices", "System"), "system"),
            ("English", "en"),  # each language in its own words, in every language
            ("한국어", "ko"),
        ],
    ),
    "vinyl_enabled": (
        QT_TRANSLATE_NOOP("SettingsChoices", "&Vinyl character"),
        [
            (QT_TRANSLATE_NOOP("SettingsChoices", "Off (bit-exact)"), False),
            (QT_TRANSLATE_NOOP("SettingsChoices", "On"), True),
        ],
    ),
    "analyser_bands_per_octave": (
        QT_TRANSLATE_NOOP("SettingsChoices", "&Bands"),
        [(QT_TRANSLATE_NOOP("SettingsChoices", "1/3 octave"), 3), ("1/6", 6), ("1/12", 12)],
    ),
    "analyser_style": (
        QT_TRANSLATE_NOOP("SettingsChoices", "&Display"),
        [("LED", "led"), ("VFD", "vfd")],
    ),
    "analyser_a_weighting": (
        QT_TRANSLATE_NOOP("SettingsChoices", "&Weighting"),
        [
            (QT_TRANSLATE_NOOP("SettingsChoices", "Flat"), False),
            (QT_TRANSLATE_NOOP("SettingsChoices", "A-weighted"), True),
        ],
    ),
    "meter_mode": (
        QT_TRANSLATE_NOOP("SettingsChoices", "&Level meters"),
        [("VU", "vu"), ("PPM", "ppm")],
    ),
    "show_amplifier": (
        QT_TRANSLATE_NOOP("SettingsChoices", "Ampl&ifier"),
        [
            (QT_TRANSLATE_NOOP("SettingsChoices", "Shown"), True),
            (QT_TRANSLATE_NOOP("SettingsChoices", "Put away"), False),
        ],
    ),
    "stars_follow_music": (
        QT_TRANSLATE_NOOP("SettingsChoices", "Sk&y"),
        [
            (QT_TRANSLATE_NOOP("SettingsChoices", "Stars follow the music"), True),
            (QT_TRANSLATE_NOOP("SettingsChoices", "Stars stay calm"), False),
        ],
    ),
    "close_to_tray": (
        QT_TRANSLATE_NOOP("SettingsChoices", "Closing t&he window"),
        [
            (QT_TRANSLATE_NOOP("SettingsChoices", "Quits"), False),
            (QT_TRANSLATE_NOOP("SettingsChoices", "Keeps playing in the tray"), True),
        ],
    ),
    "notify_track_change": (
        QT_TRANSLATE_NOOP("SettingsChoices", "Noti&fications"),
        [
            (QT_TRANSLATE_NOOP("SettingsChoices", "Off"), False),
            (QT_TRANSLATE_NOOP("SettingsChoices", "When a track starts"), True),
        ],
    ),
}

# (label, spoken name) per 0..1 slider setting, keyed by the Settings property it writes
SLIDERS: dict[str, tuple[str, str]] = {
    "vinyl_amount": (
        QT_TRANSLATE_NOOP("SettingsChoices", "Amo&unt"),
        QT_TRANSLATE_NOOP("SettingsChoices", "Vinyl character amount"),
    ),
    "vinyl_age": (
        QT_TRANSLATE_NOOP("SettingsChoices", "Record &age"),
        QT_TRANSLATE_NOOP("SettingsChoices", "Record age: how worn the record sounds"),
    ),
}


def shown(text: str) -> str:
    """Return a label or option of these tables in the user's language."""
    return QCoreApplication.translate(CONTEXT, text)
