"""The output's choice of Qt media backend (the sink itself is tested end to end)."""

from __future__ import annotations

import os
import sys

import pytest

from app.audio.qt_output import skip_media_backends


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux skips them")
def test_no_media_backend_is_loaded_unless_the_user_names_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("QT_MEDIA_BACKEND", raising=False)
    skip_media_backends()
    assert os.environ["QT_MEDIA_BACKEND"] == "none"
    monkeypatch.setenv("QT_MEDIA_BACKEND", "gstreamer")
    skip_media_backends()
    assert os.environ["QT_MEDIA_BACKEND"] == "gstreamer"
