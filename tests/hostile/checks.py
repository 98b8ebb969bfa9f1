"""Assertions shared by the hostile tests."""

from __future__ import annotations

import re

# What a reason for a person must not hold: bytes, escapes, Python's exception names, paths.
_NOT_FOR_PEOPLE = re.compile(r"b'|b\"|\\x|Traceback|\b\w+(?:Error|Exception)\b|/")


def assert_readable(reason: str, what: object = "") -> None:
    """Fail unless ``reason`` is a short sentence a person can read (and SQLite can store)."""
    assert reason, f"{what}: no reason given"
    assert len(reason) <= 160, f"{what}: reason too long: {reason!r}"
    assert reason.isprintable(), f"{what}: unprintable reason {reason!r}"
    assert reason[0].islower(), f"{what}: reason should read on from the name: {reason!r}"
    assert _NOT_FOR_PEOPLE.search(reason) is None, f"{what}: not for people: {reason!r}"
    reason.encode("utf-8")  # no lone surrogates
