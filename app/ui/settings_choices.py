"""The choices the settings dialog offers, and the Settings property each one writes."""

from __future__ import annotations

from app.ui.settings import EndOfSide

# (label, [(option text, value)]) per radio setting, keyed by the Settings property it writes
CHOICES: dict[str, tuple[str, list[tuple[str, object]]]] = {
    "replay_gain": ("&ReplayGain", [("Off", "off"), ("Track", "track"), ("Album", "album")]),
    "authentic_motor": ("&Motor", [("Instant", False), ("Authentic spin-up", True)]),
    "end_of_side": (
        "&End of side",
        [("Flip to the next side", EndOfSide.FLIP), ("Ride the run-out groove", EndOfSide.RUN_OUT)],
    ),
    "mains_hz": ("&Strobe mains", [("50 Hz", 50), ("60 Hz", 60)]),
    "pitch_range": ("&Pitch fader", [("±8 %", 0.08), ("±16 %", 0.16)]),
    "theme": ("&Theme", [("Night shop", "night"), ("Day shop", "day")]),
    "vinyl_enabled": ("&Vinyl character", [("Off (bit-exact)", False), ("On", True)]),
    "analyser_bands_per_octave": ("&Bands", [("1/3 octave", 3), ("1/6", 6), ("1/12", 12)]),
    "analyser_style": ("&Display", [("LED", "led"), ("VFD", "vfd")]),
    "analyser_a_weighting": ("&Weighting", [("Flat", False), ("A-weighted", True)]),
    "meter_mode": ("&Level meters", [("VU", "vu"), ("PPM", "ppm")]),
    "show_amplifier": ("Ampl&ifier", [("Shown", True), ("Put away", False)]),
    "stars_follow_music": ("Sk&y", [("Stars follow the music", True), ("Stars stay calm", False)]),
}

# (label, spoken name) per 0..1 slider setting, keyed by the Settings property it writes
SLIDERS: dict[str, tuple[str, str]] = {
    "vinyl_amount": ("Amo&unt", "Vinyl character amount"),
    "vinyl_age": ("Record &age", "Record age: how worn the record sounds"),
}
