"""Collect the app's visible strings into the translation sources, with ``pyside6-lupdate``.

Run after adding or changing strings in ``app/``::

    .venv/bin/python tools/update_translations.py

``resources/translations/starlight_ko.ts`` gains the new strings, marked unfinished, for a
translator (Qt Linguist, ``pyside6-linguist``, or any editor); strings gone from the code are
dropped. ``starlight_en.ts`` holds only the plurals (``%n``): English is the source language,
so it needs nothing but its singular and plural forms. ``make translations`` then builds the
``.qm`` files the app loads. ``--check`` changes nothing and fails when a ``.ts`` is behind
the code (what the tests check).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "app"
TRANSLATIONS = ROOT / "resources" / "translations"
# target language -> lupdate options beyond the shared ones
CATALOGUES = {
    "ko": [],
    "en": ["-pluralonly"],  # the source language needs its plural forms only
}


def tool(name: str) -> str:
    """Return the path of a PySide6 tool (``pyside6-lupdate``...) next to this Python."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} was not found: install PySide6 (make run sets it up)")
    return found


def source_files() -> list[Path]:
    """Return every Python file of the app, in a stable order."""
    return sorted(SOURCES.rglob("*.py"))


def catalogue(language: str, folder: Path = TRANSLATIONS) -> Path:
    """Return the ``.ts`` of ``language`` in ``folder``."""
    return folder / f"starlight_{language}.ts"


def update(folder: Path = TRANSLATIONS, quiet: bool = False) -> None:
    """Bring every ``.ts`` in ``folder`` up to date with the app's strings."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [str(path) for path in source_files()]
    for language, options in CATALOGUES.items():
        command = [
            tool("pyside6-lupdate"),
            *files,
            "-source-language", "en",
            "-target-language", language,
            "-locations", "none",
            "-no-obsolete",
            *options,
            "-ts", str(catalogue(language, folder)),
        ]  # fmt: skip
        if quiet:
            command.insert(1, "-silent")
        subprocess.run(command, check=True, cwd=ROOT)


def messages(path: Path) -> set[tuple[str, str, str]]:
    """Return ``(context, source, comment)`` of every message in the ``.ts`` at ``path``."""
    found = set()
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            found.add((name, message.findtext("source", ""), message.findtext("comment", "")))
    return found


def behind() -> list[str]:
    """Return the languages whose ``.ts`` lacks strings of the code, or holds gone ones."""
    stale = []
    with tempfile.TemporaryDirectory(prefix="starlight-ts-") as scratch:
        copy = Path(scratch)
        for language in CATALOGUES:
            if catalogue(language).exists():
                shutil.copy(catalogue(language), catalogue(language, copy))
        update(copy, quiet=True)
        for language in CATALOGUES:
            kept = catalogue(language)
            if not kept.exists() or messages(kept) != messages(catalogue(language, copy)):
                stale.append(language)
    return stale


def main(argv: list[str] | None = None) -> int:
    """Update the ``.ts`` files (or only check them with ``--check``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a .ts is out of date")
    args = parser.parse_args(argv)
    if args.check:
        stale = behind()
        for language in stale:
            print(f"{catalogue(language)} is out of date: run tools/update_translations.py")
        return 1 if stale else 0
    update()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
