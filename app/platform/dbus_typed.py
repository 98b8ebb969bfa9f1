"""D-Bus integers with the exact type a service asks for, which PySide6 cannot otherwise send.

PySide6 turns a Python ``int`` into a QVariant ``int`` (D-Bus ``i``) whenever it fits in 32
bits, and its ``QDBusArgument << int`` overload resolution always picks Qt's ``unsigned
short`` overload; a numpy integer cannot be marshalled at all. MPRIS wants ``mpris:length`` as
an ``x`` (int64) and the notification service its ``replaces_id`` as a ``u`` (uint32). Qt has
the typed calls (``QDBusArgument::operator<<(qlonglong)`` and ``(uint)``): this module calls
them in the QtDBus library PySide6 loaded, through ctypes, and checks once per type that the
argument built really carries the wanted signature. Where it does not (another Qt build), the
caller gets None and leaves the value out rather than sending it with the wrong type.

Only imported on Linux (QtDBus is only used there).
"""

from __future__ import annotations

import ctypes
import logging
import os
from collections.abc import Callable
from enum import Enum

import shiboken6
from PySide6.QtDBus import QDBusArgument

__all__ = ["DBusInt", "typed_int"]

log = logging.getLogger(__name__)

_QT_DBUS = "libQt6DBus.so.6"


class DBusInt(Enum):
    """The integer types, each with Qt's mangled ``operator<<`` and its ctypes type."""

    INT64 = ("x", "_ZN13QDBusArgumentlsEx", ctypes.c_longlong)
    UINT32 = ("u", "_ZN13QDBusArgumentlsEj", ctypes.c_uint32)

    @property
    def signature(self) -> str:
        """Return the D-Bus signature of the type (``"x"``, ``"u"``)."""
        return str(self.value[0])


_Append = Callable[[int, int], object]
_appenders: dict[DBusInt, _Append | None] = {}  # looked up once per type, when first needed


def _appender(kind: DBusInt) -> _Append | None:
    """Return Qt's typed ``operator<<`` for ``kind``, or None where it cannot be had."""
    signature, symbol, c_type = kind.value
    try:
        library = ctypes.CDLL(_QT_DBUS, mode=os.RTLD_NOLOAD)  # PySide6's own copy, loaded
        append = getattr(library, symbol)
    except (OSError, AttributeError) as exc:
        log.warning("D-Bus %s values cannot be sent: Qt's typed call is missing (%s)", kind.name,
                    exc)  # fmt: skip
        return None
    append.argtypes = [ctypes.c_void_p, c_type]
    append.restype = ctypes.c_void_p
    probe = QDBusArgument()
    append(shiboken6.getCppPointer(probe)[0], 1)
    if probe.currentSignature() != signature:
        log.warning("D-Bus %s values cannot be sent: Qt wrote %r", kind.name,
                    probe.currentSignature())  # fmt: skip
        return None
    result: _Append = append
    return result


def typed_int(kind: DBusInt, value: int) -> QDBusArgument | None:
    """Return a :class:`QDBusArgument` holding ``value`` as the D-Bus type ``kind``.

    Put it where a variant or an argument goes and it travels with that type. None when
    this Qt build offers no typed call for it (logged once).
    """
    if kind not in _appenders:
        _appenders[kind] = _appender(kind)
    append = _appenders[kind]
    if append is None:
        return None
    if kind is DBusInt.UINT32:
        value &= 0xFFFFFFFF
    argument = QDBusArgument()
    append(shiboken6.getCppPointer(argument)[0], int(value))
    return argument
