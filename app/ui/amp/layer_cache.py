"""A small cache of pre-rendered layers, keyed by what they depend on."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from PySide6.QtGui import QPainter

Layer = TypeVar("Layer")


class LayerCache(Generic[Layer]):
    """Keep the few most recent layers (size, devicePixelRatio, theme, mode...) of a view.

    A handful of entries lets a toggle between two modes, or a move between screens of
    different pixel ratios, blit at once instead of rendering again.
    """

    def __init__(self, capacity: int = 4) -> None:
        self._capacity = capacity
        self._layers: dict[Hashable, Layer] = {}
        self.renders = 0  # how many times a layer was made: for tests and benchmarks

    def get(self, key: Hashable, make: Callable[[], Layer]) -> Layer:
        """Return the layer for ``key``, making it with ``make`` when it is not kept."""
        layer = self._layers.pop(key, None)
        if layer is None:
            self._forget_other_sizes(key)
            layer = make()
            self.renders += 1
            while len(self._layers) >= self._capacity:
                self._layers.pop(next(iter(self._layers)))
        self._layers[key] = layer  # the newest goes last: the oldest is the first dropped
        return layer

    def _forget_other_sizes(self, key: Hashable) -> None:
        """Drop layers of another size: a window seldom goes back to an old size exactly.

        Keys that begin with (width, height, devicePixelRatio) are compared on those; the
        modes of the current size stay, so a toggle still blits at once.
        """
        size = _size_of(key)
        if size is not None:
            for old in [k for k in self._layers if _size_of(k) not in (None, size)]:
                del self._layers[old]

    def clear(self) -> None:
        """Forget every layer."""
        self._layers.clear()


def painter_ratio(painter: QPainter, fallback: float) -> float:
    """Return the devicePixelRatio of what ``painter`` really paints on.

    A widget rendered with ``QWidget.render`` into a high-density image paints through a
    redirection: the widget's own ratio is then not the target's.
    """
    engine = painter.paintEngine()
    device = engine.paintDevice() if engine is not None else None
    return device.devicePixelRatioF() if device is not None else fallback


def _size_of(key: Hashable) -> tuple[object, ...] | None:
    if (
        isinstance(key, tuple)
        and len(key) >= 3
        and all(isinstance(v, int | float) for v in key[:3])
    ):
        return key[:3]
    return None
