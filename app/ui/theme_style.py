"""One Qt style sheet for the standard widgets, in the shop's materials.

Buttons are moulded bodies (black bakelite at night, ivory by day) with a thin brass rim; sliders
run in a recessed groove filled with brass under a turned, knurled brass knob; lists and fields
are warm panels with amber selection; check boxes and radio buttons are pilot lamps that glow
amber when on. Focus is always visible: every focusable widget carries a border of fixed size
whose colour turns amber under keyboard focus (padding compensates, so nothing moves).

The sheet sets lettering only on the standard controls, never on plain ``QWidget`` or
``QLabel`` (so a panel's own ``setFont`` still wins); set the application font with
``QApplication.setFont(theme.text_font(13))`` and the palette with ``theme.palette()``.
"""

from __future__ import annotations

import math
from pathlib import Path
from string import Template

from PySide6.QtCore import QRectF, QStandardPaths
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QRadialGradient
from PySide6.QtWidgets import QWidget

from app.ui.theme import Theme

__all__ = ["paint_dialog_bench", "style_sheet"]

_TEXT_PX = 13
_CAPTION_PX = 15
_KNURL_RIDGES = 18  # ridges around the slider knob's edge


# ------------------------------------------------------------------ colour helpers
def _c(color: QColor, alpha: int | None = None) -> str:
    """Return ``color`` as a style-sheet ``rgba()``, optionally with another alpha (0-255)."""
    a = color.alpha() if alpha is None else alpha
    return f"rgba({color.red()}, {color.green()}, {color.blue()}, {a})"


def _mix(first: QColor, second: QColor, t: float) -> QColor:
    """Return the opaque colour ``t`` of the way from ``first`` to ``second``."""
    return QColor(
        round(first.red() + (second.red() - first.red()) * t),
        round(first.green() + (second.green() - first.green()) * t),
        round(first.blue() + (second.blue() - first.blue()) * t),
    )


def _opaque(color: QColor) -> QColor:
    return QColor(color.red(), color.green(), color.blue())


def _gradient(*stops: tuple[float, QColor], horizontal: bool = False) -> str:
    inner = ", ".join(f"stop:{position:g} {_c(color)}" for position, color in stops)
    end = "x2:1, y2:0" if horizontal else "x2:0, y2:1"
    return f"qlineargradient(x1:0, y1:0, {end}, {inner})"


def _lamp(centre: QColor, middle: QColor, edge: QColor) -> str:
    return (
        "qradialgradient(cx:0.5, cy:0.5, radius:0.6, fx:0.4, fy:0.32, "
        f"stop:0 {_c(centre)}, stop:0.55 {_c(middle)}, stop:1 {_c(edge)})"
    )


def _knurled(theme: Theme) -> str:
    """Return a conical gradient that reads as a turned brass knob with a knurled edge.

    Light falls from the upper left: the base tone follows the cosine of the angle to the lamp,
    and a fine alternation of lighter and darker stops makes the ridges.
    """
    stops = []
    count = _KNURL_RIDGES * 2
    for index in range(count + 1):
        t = index / count
        light = 0.5 + 0.5 * math.cos(2 * math.pi * t - math.radians(135))
        ridge = 0.16 if index % 2 else -0.16
        tone = min(1.0, max(0.0, light * 0.8 + ridge))
        stops.append(f"stop:{t:.4f} {_c(_mix(theme.brass_dark, theme.brass_light, tone))}")
    return f"qconicalgradient(cx:0.5, cy:0.5, angle:0, {', '.join(stops)})"


def _body_tones(theme: Theme) -> tuple[QColor, QColor, QColor]:
    """Return a control body's light, middle and dark tones: black bakelite, or ivory by day."""
    if theme.is_night:
        return theme.bakelite_light, theme.bakelite, theme.bakelite.darker(140)
    ivory = _opaque(theme.panel)
    return (
        ivory.lighter(102),
        _mix(ivory, theme.wood_light, 0.22),
        _mix(ivory, theme.wood_light, 0.55),
    )


def _body(theme: Theme, pressed: bool = False, hover: bool = False) -> str:
    """Return a moulded body: a glossy upper edge, a deep middle, a shaded foot."""
    light, middle, bottom = _body_tones(theme)
    if hover:
        light = light.lighter(122 if theme.is_night else 104)
    if pressed:
        return _gradient((0, bottom), (0.6, middle), (1, light))
    gloss = light.lighter(135) if theme.is_night else QColor("#ffffff")
    return _gradient((0, gloss), (0.07, light), (0.5, middle), (1, bottom))


def _arrow_rule(theme: Theme) -> str:
    """Return the combo box's down-arrow rule, its small brass chevron drawn as SVG in the cache.

    Style sheets take sub-control images only from files, so the arrow is written once per
    theme (and rewritten if it differs); the drawing is ours, not a shipped asset. If the cache
    cannot be written the rule is left out and the combo box simply shows no arrow.
    """
    colour = (theme.brass_light if theme.is_night else theme.brass_dark).name()
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="6" viewBox="0 0 10 6">'
        f'<path d="M0.8 0.8 L5 5.2 L9.2 0.8" fill="none" stroke="{colour}" stroke-width="1.6" '
        'stroke-linecap="round" stroke-linejoin="round"/></svg>'
    )
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation))
    path = folder / "style" / f"down-arrow-{theme.name.value}.svg"
    try:
        if not path.is_file() or path.read_text(encoding="utf-8") != svg:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(svg, encoding="utf-8")
    except OSError:
        return ""
    location = path.as_posix().replace('"', '\\"')
    return f'QComboBox::down-arrow {{ image: url("{location}"); width: 10px; height: 6px; }}'


def _values(theme: Theme) -> dict[str, str]:
    """Return the named style-sheet values the templates below refer to as ``$name``."""
    night = theme.is_night
    selection = QColor(theme.accent if night else theme.accent_dim)
    well_top, well_bottom = (
        (theme.plinth_edge.darker(140), theme.plinth)
        if night
        else (_mix(theme.panel_edge, theme.ink, 0.25), theme.panel_edge)
    )
    body_light, body_middle, body_dark = _body_tones(theme)
    return {
        "text": ", ".join(f'"{f}"' for f in theme.text_font(_TEXT_PX).families()),
        "caption": ", ".join(f'"{f}"' for f in theme.caption_font(_CAPTION_PX).families()),
        "text_px": f"{_TEXT_PX}px",
        "caption_px": f"{_CAPTION_PX}px",
        "ink": _c(theme.ink),
        "ink_dim": _c(theme.ink_dim),
        "accent": _c(theme.accent),
        "accent_hover": _c(theme.accent, 34),
        "on_accent": _c(theme.palette().highlightedText().color()),
        "selection": _c(selection),
        "selection_bar": _gradient((0, selection.lighter(108)), (1, selection)),
        "rim": _c(theme.brass_dark),
        "rim_hi": _c(theme.brass_light),
        "engraved": _c(theme.brass_light if night else theme.brass_dark),
        "header_ink": _c(theme.brass_light if night else theme.ink),
        "disabled_rim": _c(theme.plinth_edge if night else theme.panel_edge),
        "body": _body(theme),
        "body_hover": _body(theme, hover=True),
        "body_pressed": _body(theme, pressed=True),
        "body_flat": _c(body_middle),
        "body_light": _c(body_light),
        "panel": _c(theme.panel),
        "panel_solid": _c(theme.panel, 252),
        "panel_edge": _c(theme.panel_edge),
        "gridline": _c(theme.panel_edge, 110),
        "alternate": _c(theme.ink, 10),
        "field": _c(theme.plinth_edge.darker(130) if night else QColor("#fffaf0")),
        "dialog": _gradient((0, _mix(theme.panel, theme.plinth, 0.15)), (1, _opaque(theme.panel))),
        "well": _gradient((0, well_top), (1, well_bottom)),
        "well_flat": _c(theme.plinth_edge, 90),
        "brass": _gradient((0, theme.brass_light), (1, theme.brass_dark)),
        "brass_across": _gradient((0, theme.brass_light), (1, theme.brass_dark), horizontal=True),
        "brass_up": _gradient((0, theme.brass_dark), (1, theme.brass_light)),
        "knob": _knurled(theme),
        "knob_edge": _c(theme.plinth_edge.darker(160)),
        "chunk": _gradient(
            (0, theme.accent.lighter(125)), (0.5, theme.accent), (1, theme.accent_dim)
        ),
        "progress_ink": _c(theme.ink if night else QColor("#fffaf0")),
        "lamp_off": _lamp(QColor("#ffffff"), body_middle, body_dark)
        if not night
        else _lamp(theme.bakelite_light, theme.bakelite, theme.plinth_edge.darker(140)),
        "lamp_on": _lamp(theme.accent.lighter(150), theme.accent, theme.accent_dim),
        "arrow_rule": _arrow_rule(theme),
    }


_BASE = """
QDialog { background: $dialog; }
QLabel#caption { font-family: $caption; font-size: $caption_px; color: $engraved; }
QToolTip {
    color: $ink; background: $panel_solid; border: 1px solid $rim; border-radius: 4px;
    padding: 4px 7px; font-family: $text; font-size: $text_px;
}
"""

_BUTTONS = """
QPushButton, QToolButton {
    color: $ink; background: $body; border: 1px solid $rim; border-top-color: $rim_hi;
    border-radius: 6px; padding: 4px 13px; min-height: 20px;
    font-family: $text; font-size: $text_px;
}
QToolButton { padding: 4px; }
QPushButton:hover, QToolButton:hover { background: $body_hover; border-color: $rim_hi; }
QPushButton:pressed, QToolButton:pressed { background: $body_pressed; }
QPushButton:checked, QToolButton:checked {
    background: $body_pressed; border-color: $rim_hi; color: $accent;
}
QPushButton:focus { border: 2px solid $accent; padding: 3px 12px; }
QToolButton:focus { border: 2px solid $accent; padding: 3px; }
QPushButton:disabled, QToolButton:disabled {
    color: $ink_dim; background: $body_flat; border-color: $disabled_rim;
}
QToolButton[autoRaise="true"] { background: transparent; border-color: transparent; }
QToolButton[autoRaise="true"]:hover { background: $body_hover; border-color: $rim; }
QToolButton[autoRaise="true"]:focus { border: 2px solid $accent; padding: 3px; }
QToolButton::menu-indicator { subcontrol-position: bottom right; width: 8px; height: 6px; }
"""

_FIELDS = """
QLineEdit {
    color: $ink; background: $field; border: 1px solid $rim; border-bottom-color: $rim_hi;
    border-radius: 5px; padding: 4px 8px; font-family: $text; font-size: $text_px;
    selection-background-color: $selection; selection-color: $on_accent;
}
QLineEdit:focus { border: 2px solid $accent; padding: 3px 7px; }
QLineEdit:disabled { color: $ink_dim; }
QComboBox {
    color: $ink; background: $body; border: 1px solid $rim; border-top-color: $rim_hi;
    border-radius: 6px; padding: 4px 26px 4px 10px; min-height: 20px;
    font-family: $text; font-size: $text_px;
}
QComboBox:hover { background: $body_hover; }
QComboBox:focus { border: 2px solid $accent; padding: 3px 25px 3px 9px; }
QComboBox:disabled { color: $ink_dim; }
QComboBox::drop-down {
    subcontrol-origin: padding; subcontrol-position: center right; width: 22px; border: none;
}
$arrow_rule
QComboBox QAbstractItemView {
    color: $ink; background: $panel_solid; border: 1px solid $rim; padding: 2px;
    selection-background-color: $selection; selection-color: $on_accent; outline: none;
}
"""

_VIEWS = """
QListView, QTreeView, QTableView {
    color: $ink; background: $panel; alternate-background-color: $alternate;
    border: 1px solid $panel_edge; border-radius: 6px; gridline-color: $gridline;
    selection-background-color: $selection; selection-color: $on_accent; outline: none;
    font-family: $text; font-size: $text_px;
}
QListView:focus, QTreeView:focus, QTableView:focus { border-color: $accent; }
QListView::item, QTreeView::item, QTableView::item {
    padding: 3px 6px; border: 1px solid transparent;
}
QListView::item:hover, QTreeView::item:hover, QTableView::item:hover {
    background: $accent_hover;
}
QListView::item:selected, QTreeView::item:selected, QTableView::item:selected {
    background: $selection_bar; color: $on_accent;
}
QListView::item:focus, QTreeView::item:focus, QTableView::item:focus {
    border: 1px solid $accent;
}
QHeaderView { background: transparent; }
QHeaderView::section {
    color: $header_ink; background: $body; border: none;
    border-right: 1px solid $disabled_rim; border-bottom: 1px solid $rim; padding: 4px 8px;
    font-family: $caption; font-size: $caption_px;
}
QTableCornerButton::section { background: $body_flat; border: none; }
"""

_SCROLLBARS = """
QScrollBar:vertical { background: $well_flat; width: 10px; margin: 2px; border-radius: 3px; }
QScrollBar:horizontal {
    background: $well_flat; height: 10px; margin: 2px; border-radius: 3px;
}
QScrollBar::handle:vertical { background: $brass_across; min-height: 28px; border-radius: 3px; }
QScrollBar::handle:horizontal { background: $brass; min-width: 28px; border-radius: 3px; }
QScrollBar::handle:hover { background: $rim_hi; }
QScrollBar::add-line, QScrollBar::sub-line {
    width: 0px; height: 0px; border: none; background: none;
}
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
"""

_SLIDERS = """
QSlider { border: 1px solid transparent; border-radius: 5px; min-height: 24px; }
QSlider:vertical { min-width: 24px; min-height: 0px; }
QSlider:focus { border-color: $accent; }
QSlider::groove:horizontal { height: 6px; border-radius: 3px; background: $well; margin: 0 5px; }
QSlider::groove:vertical { width: 6px; border-radius: 3px; background: $well; margin: 5px 0; }
QSlider::sub-page:horizontal { background: $brass; border-radius: 3px; margin: 0 5px; }
QSlider::add-page:vertical { background: $brass_across; border-radius: 3px; margin: 5px 0; }
QSlider::handle { background: $knob; border: 1px solid $knob_edge; border-radius: 8px; }
QSlider::handle:horizontal { width: 14px; height: 14px; margin: -5px -5px; }
QSlider::handle:vertical { width: 14px; height: 14px; margin: -5px -5px; }
QSlider::handle:hover { border-color: $rim_hi; }
QSlider::handle:disabled { background: $body_light; }
"""

_TABS_MENUS = """
QTabWidget::pane {
    background: $panel; border: 1px solid $panel_edge; border-radius: 6px; top: -1px;
}
QTabBar::tab {
    color: $ink_dim; background: $body; border: 1px solid $rim; border-bottom: none;
    border-top-left-radius: 6px; border-top-right-radius: 6px; padding: 5px 14px;
    margin-right: 2px; font-family: $caption; font-size: $caption_px;
}
QTabBar::tab:selected { color: $ink; background: $panel_solid; border-top: 2px solid $accent; }
QTabBar::tab:hover { color: $ink; }
QTabBar::tab:focus { color: $accent; }
QMenu {
    color: $ink; background: $panel_solid; border: 1px solid $rim; border-radius: 6px;
    padding: 4px; font-family: $text; font-size: $text_px;
}
QMenu::item { padding: 5px 24px 5px 22px; border-radius: 4px; background: transparent; }
QMenu::item:selected { background: $selection; color: $on_accent; }
QMenu::item:disabled { color: $ink_dim; }
QMenu::separator { height: 1px; background: $rim; margin: 4px 8px; }
QProgressBar {
    color: $progress_ink; background: $well; border: 1px solid $rim; border-radius: 5px;
    text-align: center; min-height: 14px; font-family: $text; font-size: $text_px;
}
QProgressBar::chunk { background: $chunk; border-radius: 4px; }
QGroupBox {
    color: $ink; border: 1px solid $panel_edge; border-radius: 6px; margin-top: 12px;
    padding: 8px 6px 6px 6px;
}
QGroupBox::title {
    subcontrol-origin: margin; left: 10px; padding: 0 4px; color: $engraved;
    font-family: $caption; font-size: $caption_px;
}
"""

_LAMPS = """
QCheckBox, QRadioButton {
    color: $ink; spacing: 8px; background: transparent; border: 1px solid transparent;
    border-radius: 4px; padding: 1px 3px; font-family: $text; font-size: $text_px;
}
QCheckBox:focus, QRadioButton:focus { border-color: $accent; }
QCheckBox::indicator, QRadioButton::indicator {
    width: 14px; height: 14px; border: 1px solid $rim; background: $lamp_off;
}
QCheckBox::indicator { border-radius: 3px; }
QRadioButton::indicator { border-radius: 8px; }
QCheckBox::indicator:hover, QRadioButton::indicator:hover { border-color: $rim_hi; }
QCheckBox::indicator:checked, QRadioButton::indicator:checked {
    background: $lamp_on; border-color: $rim_hi;
}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {
    background: $body_flat; border-color: $disabled_rim;
}
"""

_SECTIONS = (_BASE, _BUTTONS, _FIELDS, _VIEWS, _SCROLLBARS, _SLIDERS, _TABS_MENUS, _LAMPS)


def style_sheet(theme: Theme) -> str:
    """Return the application style sheet for ``theme``.

    Covers the standard widgets the panels use: push and tool buttons, sliders, combo boxes and
    their popups, line edits, list/tree/table views and their headers, scroll bars, tabs, menus,
    progress bars, tool tips, dialogs, group boxes, check boxes, radio buttons and labels named
    ``caption`` (engraved capitals). Apply it with ``QApplication.setStyleSheet`` together with
    ``theme.palette()`` and ``theme.text_font(13)`` as the application font.
    """
    values = _values(theme)
    return "".join(Template(section).substitute(values) for section in _SECTIONS)


def paint_dialog_bench(widget: QWidget, theme: Theme, glow_x: float = 0.3) -> None:
    """Paint a dialog's background: the bench's dark wood, warmed by the lamp from above.

    ``glow_x`` is where the lamp stands, as a share of the width. Call it from the dialog's
    ``paintEvent``; the cards are laid over it.
    """
    painter = QPainter(widget)
    rect = QRectF(widget.rect())
    wood = QLinearGradient(rect.topLeft(), rect.bottomLeft())
    wood.setColorAt(0, theme.wood_light.darker(115 if theme.is_night else 100))
    wood.setColorAt(1, theme.wood_dark)
    painter.fillRect(rect, wood)
    glow = QRadialGradient(rect.width() * glow_x, 0, rect.width() * 0.7)
    glow.setColorAt(0, theme.glow)
    glow.setColorAt(1, QColor(0, 0, 0, 0))
    painter.fillRect(rect, glow)
    painter.end()
