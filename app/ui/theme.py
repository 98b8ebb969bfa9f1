"""The shop's look: colours and lettering for Jay's workbench at night, and a lighter day shop.

Every widget takes a :class:`Theme` and draws with its colours and fonts, so switching between
night and day is one call. The lettering uses open-licence fonts from Debian packages
(``fonts-lobster`` for the shop sign, ``fonts-bebas-neue`` for engraved captions,
``fonts-roboto-slab`` for reading text), each with system fallbacks when a font is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtGui import QColor, QFont, QPalette


class ThemeName(Enum):
    """The themes a user can choose."""

    NIGHT = "night"
    DAY = "day"


SIGN_FAMILIES = ["Lobster Two", "Lobster", "URW Chancery L", "DejaVu Serif"]
CAPTION_FAMILIES = ["Bebas Neue", "League Gothic", "DejaVu Sans Condensed", "DejaVu Sans"]
TEXT_FAMILIES = ["Roboto Slab", "DejaVu Serif", "Noto Serif"]
NUMBER_FAMILIES = ["DejaVu Sans Mono", "Noto Sans Mono", "Monospace"]


def _font(families: list[str], pixel_size: float, weight: QFont.Weight) -> QFont:
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(max(1, round(pixel_size)))
    font.setWeight(weight)
    font.setHintingPreference(QFont.HintingPreference.PreferVerticalHinting)
    return font


@dataclass(frozen=True)
class Theme:
    """Colours and fonts for one look of the shop.

    Colour roles: ``wood_*`` the workbench, ``brass_*`` and ``bakelite_*`` the deck's metal and
    knobs, ``ink`` and ``ink_dim`` text on panels, ``accent`` the lamp-warm highlight (focus,
    selection, playing marks), ``glow`` the work lamp's light, ``sky_*`` the shop window.
    """

    name: ThemeName
    wood_dark: QColor
    wood_light: QColor
    wood_grain: QColor
    brass_light: QColor
    brass_dark: QColor
    bakelite: QColor
    bakelite_light: QColor
    plinth: QColor
    plinth_edge: QColor
    panel: QColor
    panel_edge: QColor
    ink: QColor
    ink_dim: QColor
    accent: QColor
    accent_dim: QColor
    warning: QColor
    glow: QColor
    sky_top: QColor
    sky_bottom: QColor
    window_frame: QColor
    vinyl: QColor = field(default_factory=lambda: QColor("#0b0b0d"))
    vinyl_sheen: QColor = field(default_factory=lambda: QColor(255, 255, 255, 38))

    @property
    def is_night(self) -> bool:
        """True for the night shop."""
        return self.name is ThemeName.NIGHT

    def sign_font(self, pixel_size: float) -> QFont:
        """Return the shop sign's script lettering."""
        return _font(SIGN_FAMILIES, pixel_size, QFont.Weight.Bold)

    def caption_font(self, pixel_size: float) -> QFont:
        """Return engraved-plate capitals for control captions and headings."""
        font = _font(CAPTION_FAMILIES, pixel_size, QFont.Weight.Normal)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        return font

    def text_font(self, pixel_size: float, bold: bool = False) -> QFont:
        """Return the reading face for titles, lists and messages."""
        weight = QFont.Weight.DemiBold if bold else QFont.Weight.Normal
        return _font(TEXT_FAMILIES, pixel_size, weight)

    def number_font(self, pixel_size: float) -> QFont:
        """Return even-width figures for times and counters."""
        return _font(NUMBER_FAMILIES, pixel_size, QFont.Weight.Normal)

    def palette(self) -> QPalette:
        """Return a QPalette for the standard widgets (lists, fields, menus) in this look."""
        palette = QPalette()
        role, group = QPalette.ColorRole, QPalette.ColorGroup
        base = QColor(self.panel)
        base.setAlpha(255)
        palette.setColor(role.Window, self.wood_dark)
        palette.setColor(role.WindowText, self.ink)
        palette.setColor(role.Base, base)
        palette.setColor(role.AlternateBase, base.lighter(112))
        palette.setColor(role.Text, self.ink)
        palette.setColor(role.PlaceholderText, self.ink_dim)
        palette.setColor(role.Button, self.bakelite)
        palette.setColor(role.ButtonText, self.ink)
        palette.setColor(role.Highlight, self.accent)
        palette.setColor(role.HighlightedText, QColor("#1a1208"))
        palette.setColor(role.ToolTipBase, base)
        palette.setColor(role.ToolTipText, self.ink)
        palette.setColor(role.Link, self.accent)
        palette.setColor(role.BrightText, self.warning)
        for disabled in (role.Text, role.WindowText, role.ButtonText):
            palette.setColor(group.Disabled, disabled, self.ink_dim)
        return palette


NIGHT = Theme(
    name=ThemeName.NIGHT,
    wood_dark=QColor("#2a170c"),
    wood_light=QColor("#5a3419"),
    wood_grain=QColor("#1c0e06"),
    brass_light=QColor("#e8c27a"),
    brass_dark=QColor("#8a6428"),
    bakelite=QColor("#2b1a12"),
    bakelite_light=QColor("#4a3024"),
    plinth=QColor("#3b2414"),
    plinth_edge=QColor("#1d110a"),
    panel=QColor(22, 14, 10, 222),
    panel_edge=QColor("#6b4a2a"),
    ink=QColor("#f3e6cc"),
    ink_dim=QColor("#b8a180"),
    accent=QColor("#ffb347"),
    accent_dim=QColor("#a86a22"),
    warning=QColor("#ff7a5c"),
    glow=QColor(255, 196, 120, 90),
    sky_top=QColor("#050914"),
    sky_bottom=QColor("#172441"),
    window_frame=QColor("#24150c"),
)

DAY = Theme(
    name=ThemeName.DAY,
    wood_dark=QColor("#a87548"),
    wood_light=QColor("#d7a772"),
    wood_grain=QColor("#8a5a32"),
    brass_light=QColor("#f4d99a"),
    brass_dark=QColor("#9c7434"),
    bakelite=QColor("#5a3a28"),
    bakelite_light=QColor("#7d5640"),
    plinth=QColor("#c8a27a"),
    plinth_edge=QColor("#7a5634"),
    panel=QColor(250, 243, 230, 235),
    panel_edge=QColor("#b08a5c"),
    ink=QColor("#2b1a0e"),
    ink_dim=QColor("#6e5640"),
    accent=QColor("#c0641a"),
    accent_dim=QColor("#e0a060"),
    warning=QColor("#b03a1e"),
    glow=QColor(255, 236, 190, 70),
    sky_top=QColor("#7fb2e0"),
    sky_bottom=QColor("#dcebf5"),
    window_frame=QColor("#6a4526"),
    vinyl=QColor("#111114"),
    vinyl_sheen=QColor(255, 255, 255, 46),
)


def theme_named(name: str) -> Theme:
    """Return the theme called ``name`` ("night" or "day"); unknown names get the night shop."""
    return DAY if name == ThemeName.DAY.value else NIGHT
