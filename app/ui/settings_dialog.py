"""The settings dialog: the bench's drawer of choices, each written to :class:`Settings` at once.

Seven cards: Library (the music folders, with Add, Remove and Rescan now), Sound (output
device, ReplayGain), Deck (motor, end of side, strobe mains frequency, pitch fader range), Vinyl
(the vinyl character: on or off, amount, record age), Desktop (close to the tray, track
notifications), Look (night or day shop) and Amplifier and sky (analyser bands, display,
weighting, meters, the stars' response to the music). Every
choice except the folders is written straight to the :class:`~app.ui.settings.Settings`,
whose ``changed(key)`` the window listens to; the folders belong to the library, so the
dialog only announces the new list.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSlider,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import app_name, fill, language_in_use, wanted_language, without_mnemonic
from app.ui.settings import Settings
from app.ui.settings_choices import CHOICES as _CHOICES
from app.ui.settings_choices import SLIDERS, shown
from app.ui.settings_style import settings_style_sheet
from app.ui.theme import Theme, theme_named
from app.ui.theme_style import paint_dialog_bench


class SettingsDialog(QDialog):
    """Choose folders, sound, deck behaviour and look.

    Parameters
    ----------
    settings
        Where every choice but the folders is written, as soon as it is made.
    folders
        The library's music folders.
    devices
        ``(id, description)`` of each output device.
    theme
        Colours and fonts.
    parent
        The owning window.

    Attributes
    ----------
    folders_changed : Signal(object)
        The folder list (``list[Path]``) after a folder was added or removed.
    rescan_requested : Signal()
        The user asked to rescan the folders now.

    """

    folders_changed = Signal(object)
    rescan_requested = Signal()

    def __init__(
        self,
        settings: Settings,
        folders: list[Path],
        devices: list[tuple[str, str]],
        theme: Theme,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(fill(self.tr("Settings — %1"), app_name()))
        self.setAccessibleName(self.tr("Settings"))
        self.settings = settings
        self._theme = theme
        self._radios: dict[tuple[str, object], QRadioButton] = {}
        self._sliders: dict[str, QSlider] = {}
        self._build()
        self.set_folders(folders)
        self.set_devices(devices)
        self._sync_from_settings()
        self.set_theme(theme)
        settings.changed.connect(self._on_setting_changed)

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        self.heading = QLabel(self.tr("Settings"))
        self.heading.setObjectName("settingsHeading")
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self._library_card(), 1)
        left.addWidget(self._look_card())
        left.addWidget(self._amplifier_card())
        right.addWidget(self._sound_card())
        right.addWidget(self._deck_card())
        right.addWidget(self._vinyl_card())
        right.addWidget(self._desktop_card())
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(14)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName(self.tr("Close settings"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addLayout(columns, 1)
        layout.addWidget(buttons)

    def _frame(self, title: str) -> tuple[QFrame, QVBoxLayout]:
        frame = QFrame()
        frame.setObjectName("settingsCard")
        frame.setAccessibleName(title)
        box = QVBoxLayout(frame)
        box.setContentsMargins(14, 10, 14, 12)
        box.setSpacing(8)
        caption = QLabel(title)
        caption.setObjectName("settingsCardTitle")
        box.addWidget(caption)
        return frame, box

    def _card(self, title: str, rows: list[tuple[str, QWidget | None]]) -> QFrame:
        """Return a card of labelled rows; a row without a widget is a radio choice."""
        frame, box = self._frame(title)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, widget in rows:
            label_text, field = (key, widget) if widget is not None else self._choice(key)
            label = QLabel(label_text)
            label.setObjectName("settingsLabel")
            label.setBuddy(field.focusProxy() or field)
            form.addRow(label, field)
        box.addLayout(form)
        return frame

    def _choice(self, key: str) -> tuple[str, QWidget]:
        """Return the label and a row of radio buttons that write ``settings.<key>``."""
        label, options = shown(_CHOICES[key][0]), _CHOICES[key][1]
        row = QWidget()
        row.setObjectName(f"settingsChoice_{key}")
        stacked = key == "end_of_side"  # long option texts: one under the other
        flow = QVBoxLayout(row) if stacked else QHBoxLayout(row)
        flow.setContentsMargins(0, 0, 0, 0)
        flow.setSpacing(4 if stacked else 12)
        group = QButtonGroup(row)
        spoken = without_mnemonic(label)
        for source, value in options:
            text = shown(source)
            radio = QRadioButton(text)
            radio.setAccessibleName(fill(self.tr("%1: %2"), spoken, text))
            group.addButton(radio)
            flow.addWidget(radio)
            radio.toggled.connect(lambda on, k=key, v=value: on and self._write(k, v))
            self._radios[(key, value)] = radio
        if not stacked:
            flow.addStretch(1)
        row.setFocusProxy(group.buttons()[0])
        return label, row

    def _library_card(self) -> QFrame:
        frame, box = self._frame(self.tr("Library"))
        self.folder_list = QListWidget()
        self.folder_list.setObjectName("settingsFolders")
        self.folder_list.setAccessibleName(self.tr("Music folders"))
        self.folder_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.folder_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.folder_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.folder_list.setMinimumHeight(110)
        self.folder_list.itemSelectionChanged.connect(self._on_folder_selection)
        self.folder_note = QLabel()
        self.folder_note.setObjectName("settingsNote")
        self.folder_note.setWordWrap(True)
        self.folder_note.hide()
        self.add_button = self._button(
            self.tr("&Add folder…"), self.tr("Add a music folder"), self.add_folder
        )
        self.remove_button = self._button(
            self.tr("Re&move"), self.tr("Remove the selected folders"), self.remove_selected_folders
        )
        rescan = self.rescan_requested.emit
        self.rescan_button = self._button(
            self.tr("Rescan &now"), self.tr("Rescan the music folders now"), rescan
        )
        keys = QHBoxLayout()
        keys.setSpacing(8)
        for button in (self.add_button, self.remove_button):
            keys.addWidget(button)
        keys.addStretch(1)
        keys.addWidget(self.rescan_button)
        box.addWidget(self.folder_list, 1)
        box.addWidget(self.folder_note)
        box.addLayout(keys)
        return frame

    def _sound_card(self) -> QFrame:
        self.device_box = QComboBox()
        self.device_box.setObjectName("settingsDevice")
        self.device_box.setAccessibleName(self.tr("Output device"))
        self.device_box.setMinimumContentsLength(16)
        self.device_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.device_box.activated.connect(
            lambda index: self._write("device", self.device_box.itemData(index) or "")
        )
        rows = [(self.tr("&Output"), self.device_box), ("replay_gain", None)]
        return self._card(self.tr("Sound"), rows)

    def _deck_card(self) -> QFrame:
        rows = ["authentic_motor", "end_of_side", "mains_hz", "pitch_range"]
        return self._card(self.tr("Deck"), [(key, None) for key in rows])

    def _vinyl_card(self) -> QFrame:
        rows: list[tuple[str, QWidget | None]] = [("vinyl_enabled", None)]
        rows += [(shown(SLIDERS[key][0]), self._slider(key)) for key in SLIDERS]
        return self._card(self.tr("Vinyl"), rows)

    def _amplifier_card(self) -> QFrame:
        rows = [
            "show_amplifier", "analyser_bands_per_octave", "analyser_style",
            "analyser_a_weighting", "meter_mode", "stars_follow_music",
        ]  # fmt: skip
        return self._card(self.tr("Amplifier and sky"), [(key, None) for key in rows])

    def _desktop_card(self) -> QFrame:
        rows: list[tuple[str, QWidget | None]] = [
            ("close_to_tray", None), ("notify_track_change", None),
        ]  # fmt: skip
        frame = self._card(self.tr("Desktop"), rows)
        if not QSystemTrayIcon.isSystemTrayAvailable():
            for value in (False, True):
                self._radios[("close_to_tray", value)].setEnabled(False)
            note = QLabel(self.tr("This desktop shows no tray: closing the window quits."))
            note.setObjectName("settingsNote")
            note.setWordWrap(True)
            frame.layout().addWidget(note)
        return frame

    def _look_card(self) -> QFrame:
        frame = self._card(self.tr("Look"), [("theme", None), ("language", None)])
        self.language_note = QLabel(self.tr("The language changes when the app next starts."))
        self.language_note.setObjectName("settingsNote")
        self.language_note.setWordWrap(True)
        frame.layout().addWidget(self.language_note)
        return frame

    def _slider(self, key: str) -> QSlider:
        """Return a 0..100 slider that writes ``settings.<key>`` as 0..1."""
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setObjectName(f"settingsSlider_{key}")
        slider.setAccessibleName(shown(SLIDERS[key][1]))
        slider.setRange(0, 100)
        slider.setPageStep(10)
        slider.valueChanged.connect(lambda value, k=key: self._write(k, value / 100.0))
        self._sliders[key] = slider
        return slider

    def _button(self, text: str, spoken: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(spoken)
        button.setToolTip(spoken)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # ---------------------------------------------------------------- public
    def radio(self, key: str, value: object) -> QRadioButton:
        """Return the radio button that sets ``settings.<key>`` to ``value``."""
        return self._radios[(key, value)]

    @property
    def folders(self) -> list[Path]:
        """The folders listed, in order."""
        items = (self.folder_list.item(row) for row in range(self.folder_list.count()))
        return [Path(item.data(Qt.ItemDataRole.UserRole)) for item in items]

    def set_folders(self, folders: list[Path]) -> None:
        """List ``folders`` (without announcing them)."""
        self.folder_list.clear()
        for folder in folders:
            item = QListWidgetItem(_shown_path(folder))
            item.setData(Qt.ItemDataRole.UserRole, str(folder))
            item.setToolTip(str(folder))
            self.folder_list.addItem(item)
        self.rescan_button.setEnabled(bool(folders))
        self._on_folder_selection()

    def set_devices(self, devices: list[tuple[str, str]]) -> None:
        """Offer these output devices; a chosen device that is gone stays, marked as such."""
        self.device_box.clear()
        self.device_box.addItem(self.tr("System default"), "")
        for device_id, description in devices:
            self.device_box.addItem(description, device_id)
        chosen = self.settings.device
        if chosen and self.device_box.findData(chosen) < 0:
            self.device_box.addItem(fill(self.tr("%1 (not connected)"), chosen), chosen)
        self.device_box.setCurrentIndex(max(0, self.device_box.findData(chosen)))

    def add_folder(self) -> None:
        """Ask for a folder and add it to the list, unless it is there already."""
        folder = self._ask_folder()
        if folder is None:
            return
        if any(_same_folder(folder, known) for known in self.folders):
            note = self.tr("%1 is already in the library.")
            self.folder_note.setText(fill(note, _shown_path(folder)))
            self.folder_note.show()
            return
        self.folder_note.hide()
        self.set_folders([*self.folders, folder])
        self.folders_changed.emit(self.folders)

    def remove_selected_folders(self) -> None:
        """Remove the selected folders from the list."""
        chosen = {self.folder_list.row(item) for item in self.folder_list.selectedItems()}
        if chosen:
            kept = [f for row, f in enumerate(self.folders) if row not in chosen]
            self.set_folders(kept)
            self.folders_changed.emit(kept)

    def set_theme(self, theme: Theme) -> None:
        """Restyle in another look."""
        self._theme = theme
        self.setPalette(theme.palette())
        self.setFont(theme.text_font(13))
        self.heading.setFont(theme.sign_font(30))
        for caption in self.findChildren(QLabel, "settingsCardTitle"):
            caption.setFont(theme.caption_font(20))
        for button in self.findChildren(QPushButton):
            button.setFont(theme.caption_font(16))
        self.setStyleSheet(settings_style_sheet(theme))
        self.update()

    # ---------------------------------------------------------------- reactions
    def _ask_folder(self) -> Path | None:
        music = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MusicLocation)
        start = str(self.folders[-1].parent) if self.folders else music or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Add a music folder"), start)
        return Path(chosen) if chosen else None

    def _write(self, key: str, value: object) -> None:
        current = getattr(self.settings, key)
        if isinstance(value, float) and abs(current - value) < 0.004:
            return
        if current != value:
            setattr(self.settings, key, value)

    def _sync_from_settings(self) -> None:
        """Check the radio and box that match what is stored."""
        for (key, value), radio in self._radios.items():
            if getattr(self.settings, key) == value:
                radio.setChecked(True)
        for key, slider in self._sliders.items():
            value = round(getattr(self.settings, key) * 100)
            if slider.value() != value:
                slider.blockSignals(True)
                slider.setValue(value)
                slider.blockSignals(False)
        enabled = self.settings.vinyl_enabled
        for key in SLIDERS:
            self._sliders[key].setEnabled(enabled)
        self.language_note.setVisible(wanted_language(self.settings.language) != language_in_use())

    def _on_setting_changed(self, key: str) -> None:
        """Follow changes made here or elsewhere; the dialog wears the chosen theme at once."""
        self._sync_from_settings()
        if key == "ui/theme":
            self.set_theme(theme_named(self.settings.theme))

    def _on_folder_selection(self) -> None:
        self.remove_button.setEnabled(bool(self.folder_list.selectedItems()))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the bench under the cards: dark wood warmed by the lamp from above."""
        paint_dialog_bench(self, self._theme, glow_x=0.3)


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def _shown_path(folder: Path) -> str:
    """Return the folder with the home folder written as ``~``."""
    try:
        return "~/" + folder.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(folder)
