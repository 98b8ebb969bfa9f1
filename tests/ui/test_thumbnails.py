"""Thumbnails: made off the GUI thread, cached on disk and in memory, sleeves for bad covers."""

from __future__ import annotations

import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from app.core.errors import CoverError
from app.ui.thumbnails import THUMBNAIL_SIZES, ThumbnailCache, generated_sleeve

KEY = "0123456789abcdef0123456789abcdef01234567"


class CountingLoader:
    """A loader that returns fixed bytes and remembers how often, and on which thread, it ran."""

    def __init__(self, data: bytes | None) -> None:
        self.data = data
        self.calls = 0
        self.threads: list[int] = []

    def __call__(self) -> bytes | None:
        self.calls += 1
        self.threads.append(threading.get_ident())
        return self.data


def _encoded(image: QImage, fmt: str) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt, 95)  # type: ignore[call-overload]  # the stub says bytes
    return bytes(buffer.data().data())


def _banded_cover(width: int = 400, height: int = 200) -> QImage:
    """Red left quarter, white middle half, blue right quarter: a square crop keeps the white."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.fillRect(0, 0, width // 4, height, QColor("red"))
    painter.fillRect(width - width // 4, 0, width // 4, height, QColor("blue"))
    painter.end()
    return image


def _png_claiming(width: int, height: int, idat: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture
def cache(tmp_path: Path, qtbot: QtBot) -> Iterator[ThumbnailCache]:
    made = ThumbnailCache(tmp_path / "thumbs")
    yield made
    made.close()


def _wait_ready(qtbot: QtBot, cache: ThumbnailCache, key: str, timeout_ms: int = 5000) -> QImage:
    with qtbot.waitSignal(
        cache.ready, timeout=timeout_ms, check_params_cb=lambda k, _s, _i: k == key
    ) as blocker:
        pass
    image = blocker.args[2]
    assert isinstance(image, QImage)
    return image


def test_sizes_offered_for_high_dpi() -> None:
    assert THUMBNAIL_SIZES == (96, 192, 384)


def test_jpeg_thumbnail_is_made_off_the_gui_thread_and_cached(
    cache: ThumbnailCache, qtbot: QtBot
) -> None:
    loader = CountingLoader(_encoded(_banded_cover(), "JPEG"))
    with qtbot.waitSignal(cache.ready, timeout=5000) as blocker:
        assert cache.request(KEY, loader, 96, title="T", artist="A") is None
    key, size, image = blocker.args
    assert (key, size) == (KEY, 96)
    assert (image.width(), image.height()) == (96, 96)
    for x in (4, 48, 91):  # the red and blue overhang was cropped away evenly
        pixel = image.pixelColor(x, 48)
        assert min(pixel.red(), pixel.green(), pixel.blue()) > 200, (x, pixel.name())
    assert loader.threads == [loader.threads[0]] and loader.threads[0] != threading.get_ident()

    stored = cache.disk_path(KEY, 96)
    assert stored == cache.cache_dir / "96" / f"{KEY}.jpg"
    assert stored.read_bytes()[:2] == b"\xff\xd8"
    assert [p.name for p in stored.parent.iterdir()] == [stored.name]  # no temp files left

    again = cache.request(KEY, loader, 96)
    assert again is not None and again == image and loader.calls == 1


def test_png_with_alpha_becomes_an_opaque_thumbnail(cache: ThumbnailCache, qtbot: QtBot):
    cover = QImage(300, 300, QImage.Format.Format_ARGB32)
    cover.fill(QColor(255, 200, 0, 128))
    cache.request(KEY, CountingLoader(_encoded(cover, "PNG")), 192)
    image = _wait_ready(qtbot, cache, KEY)
    assert (image.width(), image.height()) == (192, 192)
    assert not image.hasAlphaChannel()


def test_second_cache_reads_the_disk_without_calling_the_loader(
    tmp_path: Path, qtbot: QtBot
) -> None:
    first = ThumbnailCache(tmp_path / "thumbs")
    first.request(KEY, CountingLoader(_encoded(_banded_cover(), "JPEG")), 384)
    made = _wait_ready(qtbot, first, KEY)
    first.close()

    second = ThumbnailCache(tmp_path / "thumbs")
    untouched = CountingLoader(b"never decoded")
    try:
        with qtbot.assertNotEmitted(second.failed):
            assert second.request(KEY, untouched, 384) is None
            reused = _wait_ready(qtbot, second, KEY)
    finally:
        second.close()
    assert untouched.calls == 0
    assert (reused.width(), reused.height()) == (384, 384)
    assert reused.pixelColor(192, 192).lightness() == made.pixelColor(192, 192).lightness()


def test_damaged_disk_copy_is_remade(cache: ThumbnailCache, qtbot: QtBot) -> None:
    stored = cache.disk_path(KEY, 96)
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"\xff\xd8 torn write")
    loader = CountingLoader(_encoded(_banded_cover(), "JPEG"))
    cache.request(KEY, loader, 96)
    _wait_ready(qtbot, cache, KEY)
    assert loader.calls == 1
    assert QImage(str(stored)).size().width() == 96


@pytest.mark.parametrize(
    "data",
    [b"\xff\xd8\xff\xe0 definitely not a jpeg", b"plain text",
     _png_claiming(20, 20, b"not zlib at all")],
    ids=["torn-jpeg", "text", "png-bad-idat"],
)  # fmt: skip
def test_corrupt_cover_gives_the_generated_sleeve(
    cache: ThumbnailCache, qtbot: QtBot, data: bytes
) -> None:
    with qtbot.waitSignal(cache.failed, timeout=5000) as failure:
        cache.request(KEY, CountingLoader(data), 96, title="Blue Train", artist="John Coltrane")
        image = _wait_ready(qtbot, cache, KEY)
    assert failure.args[0] == KEY and failure.args[2]
    assert "internal error" not in failure.args[2]
    assert failure.args[2].startswith("Blue Train: cover ")
    assert image == generated_sleeve("Blue Train", "John Coltrane", 96)
    assert not cache.disk_path(KEY, 96).exists()  # sleeves are not stored on disk


def test_decompression_bomb_is_refused_within_a_second(cache: ThumbnailCache, qtbot: QtBot):
    bomb = _png_claiming(20000, 20000, zlib.compress(bytes(1 << 20), 9))  # 1 MB of zeros: ~1 kB
    assert len(bomb) < 4096
    with qtbot.waitSignal(cache.failed, timeout=1000) as failure:
        cache.request(KEY, CountingLoader(bomb), 384, title="Bomb", artist="Nobody")
        image = _wait_ready(qtbot, cache, KEY, timeout_ms=1000)
    assert "20000 x 20000" in failure.args[2]
    assert image == generated_sleeve("Bomb", "Nobody", 384)


def test_loader_errors_and_missing_covers_give_sleeves(cache: ThumbnailCache, qtbot: QtBot):
    def refuse() -> bytes:
        raise CoverError(Path("track.flac"), "reading the tags failed (damaged)")

    with qtbot.waitSignal(cache.failed, timeout=5000) as failure:
        cache.request(KEY, refuse, 96, title="Kind of Blue", artist="Miles Davis")
        refused = _wait_ready(qtbot, cache, KEY)
    assert failure.args[2] == "track.flac: reading the tags failed (damaged)"
    assert refused == generated_sleeve("Kind of Blue", "Miles Davis", 96)

    with qtbot.assertNotEmitted(cache.failed):
        cache.request("no-cover", CountingLoader(None), 96, title="Night Lights")
        missing = _wait_ready(qtbot, cache, "no-cover")
    assert missing == generated_sleeve("Night Lights", "", 96)


def test_requests_in_flight_are_coalesced(cache: ThumbnailCache, qtbot: QtBot) -> None:
    release = threading.Event()
    loader = CountingLoader(_encoded(_banded_cover(), "JPEG"))

    def slow() -> bytes | None:
        assert release.wait(5)
        return loader()

    assert cache.request(KEY, slow, 96) is None
    assert cache.request(KEY, slow, 96) is None
    with qtbot.waitSignal(cache.ready, timeout=5000):
        release.set()
    assert loader.calls == 1


def test_memory_cache_evicts_least_recently_used(tmp_path: Path, qtbot: QtBot) -> None:
    one_thumbnail = 96 * 96 * 4
    cache = ThumbnailCache(tmp_path, memory_budget_bytes=2 * one_thumbnail + 100)
    data = _encoded(_banded_cover(), "JPEG")
    try:
        for key in ("first", "second", "third"):
            cache.request(key, CountingLoader(data), 96)
            _wait_ready(qtbot, cache, key)
    finally:
        cache.close()
    assert cache.cached("first", 96) is None
    assert cache.cached("second", 96) is not None and cache.cached("third", 96) is not None


@pytest.mark.parametrize(("key", "size"), [("../escape", 96), ("", 96), (KEY, 8), (KEY, 4096)])
def test_bad_keys_and_sizes_are_rejected(cache: ThumbnailCache, key: str, size: int) -> None:
    with pytest.raises(ValueError):
        cache.request(key, CountingLoader(None), size)
