"""One player per user: a second ``starlight`` hands its files and commands to the first.

Built on QLocalServer (a Unix socket; a named pipe on Windows), so it needs no D-Bus. The
socket lives in a folder only the user can enter (``$XDG_RUNTIME_DIR``, else a private
``starlight-<uid>`` folder in the temporary folder) and its name hashes the user and the
settings and data folders, so two users, or two profiles of one user, never meet.

How a start goes
----------------
1. The starting process takes the lock beside the socket (:class:`QLockFile`; the lock of a
   process that died is stale by its process id and is taken over at once).
2. It connects. A running instance answers: the process sends one request and waits for the
   reply, then exits. Nobody listening, whether there is no socket or a file a crash or
   ``kill -9`` left behind (refused at once, no time-out): this process becomes the player.
3. The new player keeps the lock while it builds its window, so a process started meanwhile
   waits for it instead of becoming a second player; then :meth:`Claim.serve` listens,
   replacing a stale socket file, and releases the lock.

The wire format is :mod:`app.platform.instance_protocol`; a bad request gets an error reply
and the player carries on.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import stat
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLockFile,
    QObject,
    QStandardPaths,
    QThread,
    QTimer,
    Signal,
    SignalInstance,
    Slot,
)
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from app.platform.instance_protocol import (
    FILE_COMMANDS,
    MAX_REPLY_BYTES,
    MAX_REQUEST_BYTES,
    STARTING_COMMANDS,
    Command,
    InstanceError,
    ProtocolError,
    Reply,
    Request,
    activation_token,
    decode_reply,
    decode_request,
)

__all__ = [
    "FILE_COMMANDS",
    "MAX_REQUEST_BYTES",
    "STARTING_COMMANDS",
    "Claim",
    "Command",
    "InstanceError",
    "InstanceServer",
    "ProtocolError",
    "Reply",
    "Request",
    "activation_token",
    "contact",
    "decode_reply",
    "decode_request",
    "instance_name",
]

log = logging.getLogger(__name__)

MAX_CONNECTIONS = 16  # at once; more are closed unanswered
CONNECT_TIMEOUT_MS = 500  # a stale socket refuses at once: this only bounds a hung peer
REPLY_TIMEOUT_MS = 5000
LOCK_WAIT_MS = 20_000  # a player that is still starting holds the lock this long at most
STALE_LOCK_MS = 60_000
IDLE_TIMEOUT_MS = 5000  # a connection that sends no full request is closed after this
THREAD_TIMEOUT_S = 10.0
_READ_BUFFER_BYTES = 64 * 1024
_POLL_S = 0.002
_MAX_SOCKET_PATH = 100  # sun_path holds 104 (macOS) or 108 (Linux) bytes
_UNREACHABLE = (
    QLocalSocket.LocalSocketError.ServerNotFoundError,
    QLocalSocket.LocalSocketError.ConnectionRefusedError,
)


# ------------------------------------------------------------------------------ where it lives
def _profile_key() -> str:
    """Hash of the user and the folders that hold the player's settings and library."""
    folders = [
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation),
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation),
    ]
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        user = str(os.getuid()) if hasattr(os, "getuid") else ""
    return hashlib.sha256("\0".join([user, *folders]).encode("utf-8", "replace")).hexdigest()[:16]


def _is_private_folder(folder: Path) -> bool:
    """Whether ``folder`` is a real folder of this user that nobody else may enter."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    )


def _private_folder() -> Path:
    """Return a folder for the socket that only this user can enter (Unix)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and len(runtime) < _MAX_SOCKET_PATH - 40 and _is_private_folder(Path(runtime)):
        return Path(runtime)
    folder = Path(tempfile.gettempdir()) / f"starlight-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass  # checked below: it must be ours and private
    except OSError as exc:
        raise InstanceError(f"{folder} cannot be made ({exc.strerror or exc})") from exc
    if not _is_private_folder(folder):
        raise InstanceError(f"{folder} is not a private folder of this user")
    return folder


def instance_name() -> str:
    """Return the server name of this user's player: a socket path, or a pipe name on Windows.

    Raises
    ------
    InstanceError
        When no folder private to the user can hold the socket.

    """
    name = f"starlight-{_profile_key()}"
    if sys.platform == "win32" or not hasattr(os, "getuid"):
        return name
    return str(_private_folder() / f"{name}.socket")


def _lock_path(name: str) -> str:
    if os.path.isabs(name):
        return f"{name}.lock"
    return os.path.join(tempfile.gettempdir(), f"{name}.lock")


# ------------------------------------------------------------------------------ the caller's side
def _connect(name: str) -> QLocalSocket | Reply | None:
    """Connect to the player; ``None`` when nobody listens, a :class:`Reply` when stuck."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return socket
    if socket.error() in _UNREACHABLE:
        return None
    reason = QCoreApplication.translate(
        "SingleInstance", "the running Starlight Turntable cannot be reached"
    )
    return Reply(False, f"{reason} ({socket.errorString()})")


def _exchange(socket: QLocalSocket, request: Request) -> Reply:
    """Send ``request`` and wait for the reply line."""
    deadline = time.monotonic() + REPLY_TIMEOUT_MS / 1000
    socket.write(request.encode())
    socket.flush()
    data = bytearray()
    while b"\n" not in data and len(data) <= MAX_REPLY_BYTES and time.monotonic() < deadline:
        # Polls and sleeps, no blocking waits: PySide keeps the GIL inside Qt's waits, and
        # the player itself may be a thread of this process (in tests).
        if socket.bytesToWrite() > 0:
            moved = socket.waitForBytesWritten(0)
        else:
            moved = socket.waitForReadyRead(0)
        if not moved:
            time.sleep(_POLL_S)
        data += socket.readAll().data()
        if socket.state() is QLocalSocket.LocalSocketState.UnconnectedState:
            break  # hung up; a refusal may have come before
    socket.abort()
    line, newline, _ = data.partition(b"\n")
    if not newline:
        silent = QCoreApplication.translate(
            "SingleInstance", "the running Starlight Turntable did not answer"
        )
        return Reply(False, silent)
    try:
        return decode_reply(bytes(line))
    except ProtocolError as exc:
        odd = QCoreApplication.translate(
            "SingleInstance", "the running Starlight Turntable answered oddly"
        )
        return Reply(False, f"{odd} ({exc})")


def _take(lock: QLockFile) -> bool:
    """Take ``lock`` within :data:`LOCK_WAIT_MS`; ``False`` only while another start holds it.

    Sleeps between tries, so other threads keep the GIL. A lock that cannot be made at all
    (a read-only folder) is gone without: a race of two starts is then possible, no more.
    """
    deadline = time.monotonic() + LOCK_WAIT_MS / 1000
    while not lock.tryLock(0):
        if lock.error() is not QLockFile.LockError.LockFailedError:
            log.warning("the start-up lock cannot be taken (%s); going on without", lock.error())
            return True
        if time.monotonic() > deadline:
            log.warning("the start-up lock stayed taken for %d ms", LOCK_WAIT_MS)
            return False
        time.sleep(0.01)
    return True


@dataclass
class Claim:
    """The right to be this user's player, held (by the lock) until :meth:`serve`."""

    name: str
    lock: QLockFile

    def serve(self, parent: QObject | None = None) -> InstanceServer:
        """Listen for other processes and release the lock; call once the window is up.

        Raises
        ------
        InstanceError
            When the socket cannot be listened on; the player then works on alone.

        """
        server = InstanceServer(self.name, parent)
        try:
            server.listen()
        finally:
            self.release()
        return server

    def release(self) -> None:
        """Let other processes start or connect (after :meth:`serve`, or instead of it)."""
        if self.lock.isLocked():
            self.lock.unlock()


def contact(request: Request, may_claim: bool, name: str | None = None) -> Reply | Claim | None:
    """Hand ``request`` to the running player, or claim the right to be it.

    Parameters
    ----------
    request
        What to ask of the running player.
    may_claim
        Whether this process becomes the player when none runs (files, no arguments), or
        only steers a running one (``--next``).
    name
        The server name; :func:`instance_name` by default.

    Returns
    -------
    Reply | Claim | None
        The running player's reply (also a failed one: it did not answer, or refused);
        a :class:`Claim` when none runs and ``may_claim``; ``None`` when none runs otherwise.

    Raises
    ------
    InstanceError
        When no private folder can hold the socket.

    """
    name = name or instance_name()
    lock = QLockFile(_lock_path(name))
    lock.setStaleLockTime(STALE_LOCK_MS)
    locked = _take(lock)
    found = _connect(name)
    if found is None and may_claim and locked:
        return Claim(name, lock)  # the lock stays taken until the window is up
    lock.unlock()  # nothing when it was not taken
    if isinstance(found, QLocalSocket):
        return _exchange(found, request)
    if found is None and may_claim:  # the lock's holder neither answers nor finishes starting
        starting = QCoreApplication.translate(
            "SingleInstance", "another Starlight Turntable is still starting"
        )
        return Reply(False, starting)
    return found


# ------------------------------------------------------------------------------ the player's side
class _Peer(QObject):
    """One connection: reads one request line, answers it, hangs up.

    A child of its socket, so it dies with it; it holds no Python reference to the server
    (signals only), so no socket outlives or takes down the server behind Qt's back.
    """

    request_read = Signal(object)

    def __init__(self, socket: QLocalSocket) -> None:
        super().__init__(socket)
        self._socket = socket
        self._buffer: bytearray | None = bytearray()  # None once answered
        socket.setReadBufferSize(_READ_BUFFER_BYTES)
        socket.readyRead.connect(self.read_available)
        socket.disconnected.connect(socket.deleteLater)
        idle = QTimer(self)
        idle.setSingleShot(True)
        idle.timeout.connect(self.hang_up)
        idle.start(IDLE_TIMEOUT_MS)

    def read_available(self) -> None:
        """Read what arrived; answer once the request line is complete."""
        if self._buffer is None:
            return  # answered; anything more is ignored
        self._buffer += self._socket.read(MAX_REQUEST_BYTES + 1 - len(self._buffer)).data()
        end = self._buffer.find(b"\n")
        if end < 0:
            if len(self._buffer) > MAX_REQUEST_BYTES:
                too_long = QCoreApplication.translate("SingleInstance", "the request is too long")
                self._answer(Reply(False, too_long))
            return
        try:
            request = decode_request(bytes(self._buffer[:end]))
        except ProtocolError as exc:
            log.warning("refused a request from another process: %s", exc)
            self._answer(Reply(False, str(exc)))
            return
        self._answer(Reply(True))
        self.request_read.emit(request)

    def _answer(self, reply: Reply) -> None:
        """Send ``reply`` and hang up once it is out."""
        self._buffer = None
        self._socket.write(reply.encode())
        self._socket.flush()  # out now: the player may quit before its loop runs again
        self._socket.disconnectFromServer()

    def hang_up(self) -> None:
        """Drop the connection now (silent too long, or the server closes)."""
        self._buffer = None
        self._socket.abort()
        self._socket.deleteLater()


def _listen(server: QLocalServer, name: str) -> None:
    """Listen at ``name``, replacing a socket file a crashed player left behind."""
    if sys.platform == "win32":  # a pipe has no folder to protect it
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    if server.listen(name):
        return
    if server.serverError() is QAbstractSocket.SocketError.AddressInUseError:
        found = _connect(name)
        if isinstance(found, QLocalSocket):
            found.abort()
            raise InstanceError(f"another player already listens at {name}")
        QLocalServer.removeServer(name)  # stale: nobody answers there
        if server.listen(name):
            return
    raise InstanceError(f"cannot listen at {name}: {server.errorString()}")


class _Listener(QObject):
    """The socket's end, on its own thread: a busy window never keeps a caller waiting."""

    request_read = Signal(object)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.error = ""  # why listening failed; written on the thread, read after ``done``
        self.listening = False
        self._server: QLocalServer | None = None

    @Slot(object)
    def listen(self, done: threading.Event) -> None:
        """Listen (on the listener's thread), then set ``done``."""
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_new_connection)
        try:
            _listen(self._server, self.name)
            self.listening = True
        except InstanceError as exc:
            self.error = str(exc)
        finally:
            done.set()

    @Slot(object)
    def close(self, done: threading.Event) -> None:
        """Stop listening (the socket file goes), drop the connections, then set ``done``."""
        if self._server is not None:
            self._server.close()
            for peer in self._server.findChildren(_Peer):
                peer.hang_up()
        self.listening = False
        done.set()

    def _on_new_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if len(self._server.findChildren(_Peer)) >= MAX_CONNECTIONS:
                log.warning("too many connections at once; one was closed")
                socket.abort()
                socket.deleteLater()
                continue
            peer = _Peer(socket)
            peer.request_read.connect(self.request_read)
            peer.read_available()  # what came with the connection


class InstanceServer(QObject):
    """Answers other starts on a thread of its own and hands their requests to this thread.

    Signals
    -------
    request_received(Request)
        A well-formed request arrived and was acknowledged; emitted on the thread that made
        the server (the GUI thread).

    """

    request_received = Signal(object)
    _listen_requested = Signal(object)
    _close_requested = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._thread = QThread()  # not a child: close() ends it before anything is deleted
        self._thread.setObjectName("starlight-instance")
        self._listener = _Listener(name)
        self._listener.moveToThread(self._thread)
        self._listener.request_read.connect(self._on_request)  # queued to this thread
        self._listen_requested.connect(self._listener.listen)
        self._close_requested.connect(self._listener.close)
        self._thread.finished.connect(self._listener.deleteLater)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    @property
    def listening(self) -> bool:
        """Whether the socket is open for other processes."""
        return self._listener.listening

    def listen(self) -> None:
        """Listen on the socket, replacing a file a crashed player left behind.

        Raises
        ------
        InstanceError
            When another live player answers there, or the socket cannot be made.

        """
        self._thread.start()
        self._run_on_thread(self._listen_requested)
        if self._listener.error:
            self.close()
            raise InstanceError(self._listener.error)

    def close(self) -> None:
        """Stop listening (the socket file goes), drop open connections, end the thread."""
        if not self._thread.isRunning():
            return
        self._run_on_thread(self._close_requested)
        self._thread.quit()
        while not self._thread.wait(5):  # short waits: the thread may need the GIL to end
            time.sleep(0.001)

    def _run_on_thread(self, request: SignalInstance) -> None:
        """Have the listener's thread do ``request`` and wait for it (the GIL stays free)."""
        done = threading.Event()
        request.emit(done)
        if not done.wait(THREAD_TIMEOUT_S):
            raise InstanceError("the hand-over thread does not answer")

    def _on_request(self, request: Request) -> None:
        log.debug("%s from another process, %d paths", request.command.value, len(request.paths))
        self.request_received.emit(request)
