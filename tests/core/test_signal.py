import threading

from app.core.signal import Signal


def test_emit_calls_listeners_in_order_from_any_thread() -> None:
    signal: Signal[int] = Signal()
    seen: list[tuple[str, int]] = []
    first = lambda v: seen.append(("a", v))  # noqa: E731
    signal.connect(first)
    signal.connect(lambda v: seen.append(("b", v)))
    worker = threading.Thread(target=signal.emit, args=(3,))
    worker.start()
    worker.join()
    signal.disconnect(first)
    signal.emit(4)
    assert seen == [("a", 3), ("b", 3), ("b", 4)]
