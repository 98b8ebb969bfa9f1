"""The app speaks Korean and English: the window, the settings, the catalogues and the problems.

The Korean tests build the ``.qm`` from the ``.ts`` into a temporary folder with
``pyside6-lrelease``, so they check the translation sources as they are now, whether or not
``make translations`` has run. Every test that installs a language takes it away again.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QRadioButton

from app.ui.i18n import (
    TRANSLATIONS_DIR,
    choose_language,
    counted,
    fill,
    install_translations,
    language_in_use,
    remove_translations,
    without_mnemonic,
)
from app.ui.problem_text import problem_text, reason_template
from app.ui.settings import Settings
from app.ui.settings_dialog import SettingsDialog
from app.ui.theme import NIGHT
from tests.ui.test_main_window import Shop

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import update_translations  # noqa: E402

PLACE_MARKERS = re.compile(r"%L?n|%\d|\{\w+\}")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _release(folder: Path) -> Path:
    """Build the ``.qm`` of every ``.ts`` into ``folder`` (as ``make translations`` does)."""
    lrelease = update_translations.tool("pyside6-lrelease")
    for source in sorted(TRANSLATIONS_DIR.glob("*.ts")):
        target = folder / source.with_suffix(".qm").name
        subprocess.run([lrelease, "-silent", str(source), "-qm", str(target)], check=True)
    return folder


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _release(tmp_path_factory.mktemp("qm"))


@pytest.fixture
def speak(qapp: QApplication, catalogues: Path) -> Iterator[Any]:
    """Return ``speak(override)``, which installs a language; English again afterwards."""

    def install(override: str, folder: Path = catalogues) -> str:
        return install_translations(qapp, override, folder)

    yield install
    remove_translations(qapp)


@pytest.fixture
def shops(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    """Return ``shop()``, which builds a whole window (closed after the test)."""
    made: list[Shop] = []

    def build() -> Shop:
        folder = tmp_path / f"shop{len(made)}"
        folder.mkdir()
        made.append(Shop(qtbot, folder))
        return made[-1]

    yield build
    # The windows go first (their timers must not outlive the libraries), all at once: qtbot
    # may already have closed them and asked for their deletion.
    for shop in made:
        if shiboken6.isValid(shop.window):
            shop.window.hide()
            shop.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    for shop in made:
        shop.art.close()
        if shop.thumbnails is not None:
            shop.thumbnails.close()
        shop.session.close()


def _settings_dialog(qtbot: Any, tmp_path: Path, language: str = "system") -> SettingsDialog:
    settings = Settings(QSettings(str(tmp_path / "dialog.ini"), QSettings.Format.IniFormat))
    settings.language = language
    dialog = SettingsDialog(settings, [], [("null", "Null output")], NIGHT)
    qtbot.addWidget(dialog)
    return dialog


def _window_words(shop: Shop) -> dict[str, str]:
    window, transport = shop.window, shop.window.transport
    tabs = window.side_tabs
    return {
        "title": window.windowTitle(),
        "crate tab": tabs.tabText(0),
        "queue tab": tabs.tabText(1),
        "play tip": transport.play_button.toolTip(),
        "play name": transport.play_button.accessibleName(),
        "next tip": transport.next_button.toolTip(),
        "previous name": transport.previous_button.accessibleName(),
        "mute name": transport.mute_button.accessibleName(),
        "volume": transport.volume_slider.accessibleName(),
        "settings tip": transport.settings_button.toolTip(),
        "plate": transport.now_playing.displayed_title(),
        "queue heading": window.queue_panel.heading.text(),
        "crate empty": window.crate.empty.heading.text() if window.crate else "",
        "keys title": window.overlay.title,
        "deck": window.deck.accessibleName(),
    }


# ---------------------------------------------------------------- choosing the language
def test_the_language_follows_the_system_unless_the_settings_choose() -> None:
    assert choose_language("system", ["ko-KR", "en-US"]) == "ko"
    assert choose_language(None, ["fr-FR", "ko"]) == "ko"  # the first language the app speaks
    assert choose_language("system", ["de-DE", "fr"]) == "en"
    assert choose_language("system", ["C"]) == "en"
    assert choose_language("en", ["ko-KR"]) == "en"
    assert choose_language("ko", ["en-GB"]) == "ko"
    assert choose_language("klingon", ["ko_KR"]) == "ko"  # an unknown choice follows the system


def test_the_language_setting_is_typed_and_survives_a_bad_value(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings = Settings(store)
    assert settings.language == "system"
    settings.language = "ko"
    assert Settings(store).language == "ko"
    store.setValue("ui/language", "xx")
    assert settings.language == "system"


def test_fill_and_counted_write_values_and_plurals_as_qt_would() -> None:
    assert fill("%2 by %1", "Jay", "Starlight") == "Starlight by Jay"
    assert fill("%1 and %2", "a %2 b", "c") == "a %2 b and c"  # values are never re-read
    assert counted("12345 file(s) found", 12345) == "12,345 files found"
    assert counted("1 file(s) found", 1) == "1 file found"
    assert counted("파일 12345개", 12345) == "파일 12,345개"
    assert without_mnemonic("Re&move") == "Remove"
    assert without_mnemonic("출력(&O)") == "출력"


# ---------------------------------------------------------------- the window
def test_the_window_speaks_korean_and_english_again(speak: Any, shops: Any) -> None:
    english = _window_words(shops())
    assert speak("ko") == "ko" and language_in_use() == "ko"
    korean = _window_words(shops())
    assert korean == {
        "title": "별빛 턴테이블",
        "crate tab": "음반함",
        "queue tab": "대기열",
        "play tip": "재생 (Space)",
        "play name": "재생",
        "next tip": "다음 곡 (N)",
        "previous name": "이전 곡",
        "mute name": "음소거",
        "volume": "음량",
        "settings tip": "설정 (Ctrl+,)",
        "plate": "플래터가 비어 있어요",
        "queue heading": "이어서 재생",
        "crate empty": "음반함이 비어 있어요",
        "keys title": "작업대의 단축키",
        "deck": "턴테이블",
    }
    assert speak("en") == "en" and language_in_use() == "en"
    assert _window_words(shops()) == english
    assert english["title"] == "Starlight Turntable" and english["play tip"] == "Play (Space)"


def test_the_window_names_the_track_and_counts_in_korean(
    speak: Any, shops: Any, tmp_path: Path
) -> None:
    from tests.ui.test_main_window import write_album

    speak("ko")
    shop = shops()
    tracks = write_album(tmp_path / "Night", "Night")
    shop.window.play_tracks(tracks)
    assert shop.window.windowTitle() == "Night 1.1 · 별빛 턴테이블"
    assert shop.window.transport.play_button.accessibleName() == "일시정지"
    assert shop.window.queue_panel.summary.text().startswith("4곡 · ")
    assert shop.window.transport.now_playing.side_text == "A면 · 2곡 중 1번째"
    shop.window.add_to_queue(tracks[:1])
    assert "대기열에 1곡을 추가했어요" in shop.window.notice.messages()


def test_the_settings_dialog_speaks_korean_with_qt_s_own_buttons(
    speak: Any, qtbot: Any, tmp_path: Path
) -> None:
    speak("ko")
    dialog = _settings_dialog(qtbot, tmp_path, "ko")
    assert dialog.windowTitle() == "설정 — 별빛 턴테이블"
    assert dialog.heading.text() == "설정"
    labels = {label.text() for label in dialog.findChildren(QLabel, "settingsLabel")}
    assert {"테마(&T)", "언어(&G)", "출력(&O)", "리플레이게인(&R)"} <= labels
    captions = {label.text() for label in dialog.findChildren(QLabel, "settingsCardTitle")}
    assert {"보관함", "소리", "화면"} <= captions
    assert dialog.radio("theme", "night").text() == "밤의 가게"
    assert dialog.radio("theme", "night").accessibleName() == "테마: 밤의 가게"
    assert dialog.radio("language", "ko").text() == "한국어"  # a language in its own words
    assert dialog.radio("language", "en").text() == "English"
    # Qt's own Korean catalogue letters the standard button.
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    assert buttons.button(QDialogButtonBox.StandardButton.Close).text() == "닫기"


def test_choosing_a_language_writes_it_and_says_it_applies_at_the_next_start(
    qtbot: Any, tmp_path: Path
) -> None:
    dialog = _settings_dialog(qtbot, tmp_path, "en")
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.language_note.isHidden()
    radio: QRadioButton = dialog.radio("language", "ko")
    radio.click()
    assert dialog.settings.language == "ko"
    assert dialog.language_note.isVisible()
    assert "next starts" in dialog.language_note.text()
    dialog.radio("language", "en").click()
    assert dialog.settings.language == "en" and dialog.language_note.isHidden()


def test_without_a_catalogue_the_app_speaks_english(speak: Any, shops: Any, tmp_path: Path) -> None:
    empty = tmp_path / "no-translations"
    empty.mkdir()
    assert speak("ko", empty) == "en"
    words = _window_words(shops())
    assert words["title"] == "Starlight Turntable" and words["queue tab"] == "Queue"


# ---------------------------------------------------------------- problems from the other layers
def test_problems_are_named_in_korean(speak: Any) -> None:
    speak("ko")
    assert problem_text("b.mp3: is empty (0 bytes)") == "b.mp3: 빈 파일이에요 (0바이트)"
    assert (
        problem_text("mix.m3u8, line 3: 'a.mp3' was not found; skipped")
        == "mix.m3u8, 3번째 줄: 'a.mp3'을(를) 찾을 수 없어서 건너뛰었어요"
    )
    assert problem_text("a: b.flac: tags could not be read (bad header)") == (
        "a: b.flac: 태그를 읽을 수 없어요 (bad header)"
    )
    assert problem_text("something new happened") == "something new happened"


def _strings_returned_or_assigned(function: ast.FunctionDef) -> list[str]:
    found = []
    for node in ast.walk(function):
        if isinstance(node, ast.Return | ast.Assign) and node.value is not None:
            for part in ast.walk(node.value):
                if isinstance(part, ast.Constant) and isinstance(part.value, str) and part.value:
                    found.append(part.value)
    return found


def _written_reasons() -> list[str]:
    """Return every reason the Qt-free layers write for a user, variable parts as ``X``."""

    def sample(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if not isinstance(node, ast.JoinedStr):
            return None
        parts = [v.value if isinstance(v, ast.Constant) else "\0" for v in node.values]
        text = "".join(str(part) for part in parts)
        return None if text.replace("\0", "").strip(": ;") in ("", "skipped") else text

    reasons = []
    errors = {"DecodeError", "TagReadError", "PlaylistError", "MediaError", "StoreError"}
    for path in sorted((ROOT / "app").rglob("*.py")):
        if path.relative_to(ROOT / "app").parts[0] not in ("core", "library", "audio", "visual"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in (
                "_check_path", "_refusal", "_first_regular_file", "write_m3u8",
            ):  # fmt: skip
                whole = node.name == "_check_path"
                for text in _strings_returned_or_assigned(node):
                    if " " in text and re.fullmatch(r"[a-z][\w ,;.()]*[\w)]", text):
                        reasons.append(text if whole else f"X {text}; skipped")
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            target = getattr(func, "value", None)
            argument = None
            if name in errors and node.args:
                argument = node.args[-1]  # the reason (a StoreError has nothing else)
            elif name == "_failure" and node.args:
                argument = node.args[0]
            elif name == "problem" and len(node.args) == 2:
                argument = node.args[1]
            elif name == "append" and target is not None and "problems" in ast.unparse(target):
                argument = node.args[0]
            text = sample(argument) if argument is not None else None
            if text is not None:
                reasons.append(text.replace("\0", "X"))
    return reasons


def _known(message: str) -> bool:
    if reason_template(message) is not None:
        return True
    return any(
        reason_template(message[cut.end() :]) is not None for cut in re.finditer(": ", message)
    )


def test_every_reason_the_other_layers_write_is_known_for_translation() -> None:
    reasons = _written_reasons()
    assert len(reasons) > 40  # the extraction found the layers' messages
    unknown = [reason for reason in reasons if not _known(reason)]
    assert not unknown, "add these to app/ui/problem_text.py REASONS:\n" + "\n".join(unknown)


# ---------------------------------------------------------------- the catalogues
def _messages(language: str) -> list[tuple[str, ET.Element]]:
    root = ET.parse(TRANSLATIONS_DIR / f"starlight_{language}.ts").getroot()
    return [
        (context.findtext("name", ""), message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def _forms(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


def test_the_catalogues_hold_every_string_of_the_code() -> None:
    assert update_translations.behind() == [], "run: .venv/bin/python tools/update_translations.py"


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_entry_is_finished_and_keeps_its_placeholders(language: str) -> None:
    messages = _messages(language)
    assert messages
    for context, message in messages:
        source = message.findtext("source", "")
        where = f"{language} {context}: {source!r}"
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, f"unfinished: {where}"
        forms = _forms(message)
        assert forms and all(form.strip() for form in forms), f"empty: {where}"
        for form in forms:
            wanted = sorted(PLACE_MARKERS.findall(source))
            if message.get("numerus") == "yes":
                wanted = sorted(set(wanted) | {"%n"})
                assert sorted(set(PLACE_MARKERS.findall(form))) == wanted, where
            else:
                assert sorted(PLACE_MARKERS.findall(form)) == wanted, where
            has_mnemonic = without_mnemonic(source) != source
            assert has_mnemonic == (without_mnemonic(form) != form), f"mnemonic: {where}"


def test_korean_is_korean_and_english_has_both_plural_forms() -> None:
    korean = _messages("ko")
    untouched = [
        source
        for _context, message in korean
        if re.search("[A-Za-z]{3}", source := message.findtext("source", ""))
        and not HANGUL.search(_forms(message)[0])
        and source not in ("Up / Down",)  # the arrow keys: "↑ / ↓"
    ]
    assert not untouched, untouched
    assert all(len(_forms(m)) == 1 for _c, m in korean if m.get("numerus") == "yes")
    english = _messages("en")
    assert english and all(m.get("numerus") == "yes" for _c, m in english)
    assert all(len(_forms(m)) == 2 for _c, m in english)


# ---------------------------------------------------------------- letters
@pytest.mark.parametrize("role", ["text", "caption", "sign", "number"])
def test_korean_letters_have_glyphs_in_every_face_of_the_theme(
    qapp: QApplication, role: str
) -> None:
    font: QFont = getattr(NIGHT, f"{role}_font")(16)
    words = "별빛 턴테이블 · 음반함이 비어 있어요 · 재생 일시정지 다음 곡 이전 곡 대기열"
    layout = QTextLayout(words, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert runs
    missing = [run.rawFont().familyName() for run in runs if 0 in run.glyphIndexes()]
    assert not missing, f"tofu in {missing}"
