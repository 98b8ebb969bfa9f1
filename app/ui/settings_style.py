"""The settings dialog's style sheet: cards, keys, lamps, the folder list and the device box.

The cards are translucent panels with a rim; radio buttons are pilot lamps that glow amber when
chosen; keys are bakelite with a brass edge. Keyboard focus is always visible.
"""

from __future__ import annotations

from app.ui.theme import Theme


def settings_style_sheet(theme: Theme) -> str:
    """Style the cards, keys, lamps (radio buttons), list and combo box in the shop's look."""
    ink, dim, brass = theme.ink.name(), theme.ink_dim.name(), theme.brass_light.name()
    edge, accent, accent_dim = theme.brass_dark.name(), theme.accent.name(), theme.accent_dim.name()
    top, bottom, rim = theme.bakelite_light.name(), theme.bakelite.name(), theme.panel_edge.name()
    panel = theme.panel
    card = f"rgba({panel.red()}, {panel.green()}, {panel.blue()}, {panel.alpha()})"
    title = brass if theme.is_night else edge
    unlit = bottom if theme.is_night else "#efe4cf"  # a dark lamp: bakelite, or ivory by day
    heading = brass if theme.is_night else theme.ink.name()
    lamp = f"qradialgradient(cx:0.5, cy:0.5, radius:0.6, fx:0.4, fy:0.35, stop:0 #fff4d6, stop:0.45 {accent}, stop:1 {accent_dim})"  # noqa: E501
    return f"""
    #settingsHeading {{ color: {heading}; }}
    #settingsCard {{ background: {card}; border: 1px solid {rim}; border-radius: 10px; }}
    #settingsCardTitle {{ color: {title}; }}
    #settingsCard QLabel {{ color: {ink}; background: transparent; }}
    #settingsNote {{ color: {theme.warning.name()}; }}
    #settingsCard QRadioButton, #settingsCard QCheckBox {{
        color: {ink}; spacing: 7px; padding: 2px 4px; border-radius: 4px;
    }}
    #settingsCard QRadioButton:focus, #settingsCard QCheckBox:focus {{
        background: rgba({theme.accent.red()}, {theme.accent.green()}, {theme.accent.blue()}, 60);
    }}
    #settingsCard QRadioButton:disabled, #settingsCard QCheckBox:disabled {{ color: {dim}; }}
    QRadioButton::indicator, QCheckBox::indicator {{
        width: 12px; height: 12px; border: 1px solid {edge}; background: {unlit};
    }}
    QRadioButton::indicator {{ border-radius: 7px; }}
    QCheckBox::indicator {{ border-radius: 3px; }}
    QRadioButton::indicator:checked, QCheckBox::indicator:checked {{ background: {lamp}; }}
    QRadioButton::indicator:hover, QCheckBox::indicator:hover {{ border-color: {brass}; }}
    QRadioButton::indicator:checked:disabled, QCheckBox::indicator:checked:disabled {{
        background: {accent_dim}; border-color: {bottom};
    }}
    #settingsDialog QPushButton {{
        color: {brass}; padding: 3px 14px; min-height: 22px;
        background: qlineargradient(x1:0, y1:0, x2:0, y2:1, stop:0 {top}, stop:1 {bottom});
        border: 1px solid {edge}; border-radius: 6px;
    }}
    #settingsDialog QPushButton:hover {{ border-color: {brass}; }}
    #settingsDialog QPushButton:pressed {{ background: {bottom}; padding-top: 4px; }}
    #settingsDialog QPushButton:focus {{ border: 2px solid {accent}; }}
    #settingsDialog QPushButton:disabled {{ color: {dim}; border-color: {bottom}; }}
    #settingsFolders, #settingsDevice {{
        color: {ink}; background: rgba(0, 0, 0, {60 if theme.is_night else 18});
        border: 1px solid {rim}; border-radius: 6px; padding: 3px; outline: none;
    }}
    #settingsFolders:focus, #settingsDevice:focus {{ border: 2px solid {accent}; }}
    #settingsFolders::item {{ padding: 4px 6px; border-radius: 4px; }}
    #settingsFolders::item:selected {{ background: {accent_dim}; color: {ink}; }}
    #settingsFolders QScrollBar:vertical {{ background: transparent; width: 9px; margin: 2px; }}
    #settingsFolders QScrollBar::handle:vertical {{ background: {edge}; border-radius: 3px; }}
    #settingsFolders QScrollBar::add-line, #settingsFolders QScrollBar::sub-line {{ height: 0; }}
    #settingsDevice {{ padding: 3px 8px; min-height: 20px; }}
    """
