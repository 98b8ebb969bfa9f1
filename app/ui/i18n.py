"""The app's languages: English (the source) and Korean, from the system or the settings.

Every visible string goes through Qt's ``tr()``; ``make translations`` builds
``resources/translations/starlight_<language>.qm`` from the ``.ts`` sources with
``pyside6-lrelease``, and ``tools/update_translations.py`` collects new strings into the ``.ts``.
:func:`install_translations` runs once the QApplication exists and before any window is built:
widgets letter themselves as they are built, so a language chosen in the settings applies from
the next start. Without a ``.qm`` (a checkout before ``make translations``) the app speaks
English, the source language.

Two small helpers keep Qt's conventions working from Python, where ``QString::arg`` is absent:
:func:`fill` puts values into ``%1``, ``%2``... and :func:`counted` finishes a ``%n`` plural.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "ko")  # the languages the app speaks; the first is the source
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"
_TRANSLATOR_NAME = "starlightTranslator"  # marks the translators this module installed
_LANGUAGE_PROPERTY = "starlightLanguage"  # the application's note of the language in use
_PLACE_MARKER = re.compile(r"%(\d)")
_MNEMONIC_IN_BRACKETS = re.compile(r"\s*\(&[^)]\)")  # "출력(&O)", as CJK labels carry them


def choose_language(override: str | None, ui_languages: Sequence[str]) -> str:
    """Return the language to speak: the override, else the first system language spoken.

    Parameters
    ----------
    override
        ``"en"`` or ``"ko"`` from the settings; ``"system"``, ``None`` or anything unknown
        follow the system.
    ui_languages
        The system's languages in order of preference, as ``QLocale.uiLanguages()`` lists
        them (``"ko-KR"``, ``"en"``...).

    """
    if override in LANGUAGES:
        return override
    for tag in ui_languages:
        language = tag.replace("_", "-").split("-")[0].lower()
        if language in LANGUAGES:
            return language
    return SOURCE_LANGUAGE


def install_translations(
    app: QCoreApplication, override: str | None, folder: Path = TRANSLATIONS_DIR
) -> str:
    """Speak the chosen language from now on; return it (``"en"`` or ``"ko"``).

    Loads ``starlight_<language>.qm`` from ``folder`` and Qt's own ``qtbase`` translations
    (the standard buttons and dialogs). Translators installed by an earlier call are removed
    first, so calling it again switches the language for whatever is built afterwards. A
    missing or unreadable ``.qm`` is logged and the app speaks English.

    Parameters
    ----------
    app
        The application, already created.
    override
        The settings' choice: ``"system"`` (or ``None``), ``"en"`` or ``"ko"``.
    folder
        Where the app's ``.qm`` files are.

    """
    remove_translations(app)
    language = wanted_language(override)
    own = _load(app, f"starlight_{language}", folder)
    if own is None and language != SOURCE_LANGUAGE:
        log.warning("no %s translation in %s: the app speaks English", language, folder)
        language = SOURCE_LANGUAGE
    if language != SOURCE_LANGUAGE:
        qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        if _load(app, f"qtbase_{language}", qt_folder) is None:
            log.info("Qt's own %s translation is missing: its dialogs stay English", language)
    if QLocale(language).language() != QLocale.system().language():
        QLocale.setDefault(QLocale(language))  # dates and numbers in Qt's dialogs match
    app.setProperty(_LANGUAGE_PROPERTY, language)
    log.debug("speaking %s", language)
    return language


def remove_translations(app: QCoreApplication) -> None:
    """Take away the translators :func:`install_translations` installed: back to English."""
    for old in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.deleteLater()
    app.setProperty(_LANGUAGE_PROPERTY, None)
    QLocale.setDefault(QLocale.system())


def language_in_use() -> str:
    """Return the language :func:`install_translations` chose (English before it ran)."""
    app = QCoreApplication.instance()
    value = app.property(_LANGUAGE_PROPERTY) if app is not None else None
    return value if value in LANGUAGES else SOURCE_LANGUAGE


def wanted_language(override: str | None) -> str:
    """Return the language the app would speak from its next start with this override."""
    return choose_language(override, QLocale.system().uiLanguages())


def _load(app: QCoreApplication, name: str, folder: Path) -> QTranslator | None:
    """Install the translator ``folder/name.qm`` on ``app``; None when it cannot be read."""
    translator = QTranslator(app)
    translator.setObjectName(_TRANSLATOR_NAME)
    if not translator.load(name, str(folder)):
        translator.deleteLater()
        return None
    app.installTranslator(translator)
    return translator


def fill(template: str, *values: object) -> str:
    """Return ``template`` with ``%1``, ``%2``... replaced by ``values``, in one pass.

    The values are never searched for markers themselves, so a title holding ``%2`` stays
    as it is. A marker without a value is left in place.
    """

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return str(values[index]) if 0 <= index < len(values) else match.group(0)

    return _PLACE_MARKER.sub(value, template)


def counted(text: str, count: int) -> str:
    """Finish a ``tr(source, "", count)`` plural: digits grouped, English ``(s)`` resolved.

    Qt writes ``%n`` as bare digits; the shop writes counts grouped by thousands
    (``12,345``), as both English and Korean do. English plurals come from
    ``starlight_en.qm``; where no translation was loaded the source comes back with its
    ``(s)``, which is resolved here, so English reads right even without the ``.qm``.
    """
    if count >= 1000:
        text = text.replace(str(count), f"{count:,}")
    return text.replace("(s)", "" if count == 1 else "s")


def app_name() -> str:
    """Return the app's name as the user reads it (window titles, the about text)."""
    return QCoreApplication.translate("App", "Starlight Turntable")


def without_mnemonic(label: str) -> str:
    """Return a label as it is spoken: ``"&Output"`` gives ``Output``, ``"출력(&O)"`` ``출력``."""
    bare = _MNEMONIC_IN_BRACKETS.sub("", label)
    return bare.replace("&&", "\0").replace("&", "").replace("\0", "&")
