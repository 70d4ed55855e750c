"""``wellness-archiver`` commands forked from a process that has imported the
package once, instead of a fresh interpreter each.

A test command's interpreter spends ~0.65 s of CPU importing Scrapy, Twisted,
trafilatura and lxml before its own work, and the suite runs ~80 of them on
two cores. The xdist controller starts one server for the run
(tests/zygote_server.py) that imports those modules and waits; a command is
a child forked from it, which then becomes what ``python -m
wellness_archiver ARGS`` would be: the caller's argv, environment, working
directory and standard streams (passed over a Unix socket), signal handlers
as the interpreter sets them, and the interpreter's own exit (threads
joined, atexit handlers, exit status, a traceback or SIGINT death on an
uncaught KeyboardInterrupt). ``WELLNESS_TEST_FORK=0`` runs fresh interpreters.
"""

from __future__ import annotations

import json
import locale
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

PREFIX = (sys.executable, "-m", "wellness_archiver")
SHARED = "WELLNESS_TEST_ZYGOTE"  # the socket of a server started by the xdist controller
SERVER = str(Path(__file__).with_name("zygote_server.py"))


class Zygote:
    """The client: the server named by ``SHARED`` (the xdist controller starts
    one for all its workers, see conftest), else one of its own."""

    def __init__(self):
        self._lock = threading.Lock()
        self._server = None
        self._broken = False
        self.path = os.environ.get(SHARED)

    def start(self) -> str:
        """Start a server unless there is one; return its socket's path (it
        listens once its imports are done: ~1.5 s)."""
        with self._lock:
            if self.path is None:
                self.path = os.path.join(tempfile.mkdtemp(prefix="wa-zygote-"), "socket")
                # Its stdin is how it knows this process is gone: EOF.
                self._server = subprocess.Popen([sys.executable, SERVER, self.path], stdin=subprocess.PIPE,
                                                stdout=subprocess.DEVNULL)
            return self.path

    def _connect(self) -> socket.socket | None:
        """A connection to the server, or None when it could not start (a
        module failed to import: then every command runs fresh, and the
        tests that do not need that module still pass, as without it)."""
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        deadline = time.monotonic() + 120
        while not self._broken:
            try:
                conn.connect(self.start())
                return conn
            except (FileNotFoundError, ConnectionRefusedError):
                failed = self.path + ".failed"
                if os.path.exists(failed) or (self._server and self._server.poll() is not None) \
                        or time.monotonic() > deadline:
                    self._broken = True
                    why = Path(failed).read_text().strip().splitlines()[-1] if os.path.exists(failed) else "?"
                    warnings.warn(f"the command server did not start ({why}): commands run fresh")
                time.sleep(0.05)
        conn.close()
        return None

    def run(self, cmd, *, input: str | None = None, timeout: float | None = None, env=None, cwd=None
            ) -> subprocess.CompletedProcess:
        """``subprocess.run(cmd, capture_output=True, text=True, ...)``."""
        pipe = subprocess.PIPE
        with self.popen(cmd, stdin=pipe, stdout=pipe, stderr=pipe, text=True, env=env, cwd=cwd) as proc:
            try:
                out, err = proc.communicate(input, timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                raise
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)

    def popen(self, cmd, *, stdin=None, stdout=None, stderr=None, text=False, env=None, cwd=None,
              start_new_session=False):
        """``subprocess.Popen(cmd, ...)`` with the options the suite uses: a
        forked command for ``python -m wellness_archiver ...``."""
        cmd = [str(arg) for arg in cmd]
        env = dict(os.environ if env is None else env)
        # (The server's interpreter was set up by this process's PYTHON* variables.)
        forkable = tuple(cmd[:3]) == PREFIX and enabled() and _python_vars(env) == _python_vars(os.environ)
        conn = self._connect() if forkable else None
        if conn is None:
            return subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=stderr, text=text, env=env, cwd=cwd,
                                    start_new_session=start_new_session)
        request = {"argv": cmd[3:], "env": env, "cwd": os.path.abspath(cwd or os.getcwd()),
                   "new_session": start_new_session}
        ours, theirs = _streams(stdin, stdout, stderr)
        try:
            socket.send_fds(conn, [json.dumps(request).encode()], theirs)
            pid = int(conn.recv(64))
        except BaseException:
            conn.close()
            for fd in ours:
                if fd is not None:
                    os.close(fd)
            raise
        finally:
            for fd in theirs:
                os.close(fd)
        return Forked(cmd, pid, conn, ours, text)


def _streams(stdin, stdout, stderr) -> tuple[list, list[int]]:
    """(our ends of the pipes, or None; the child's three descriptors)."""
    ours, theirs = [], []
    for target, spec in enumerate((stdin, stdout, stderr)):
        mine = None
        if spec == subprocess.PIPE:
            read, write = os.pipe()
            mine, child = (write, read) if target == 0 else (read, write)
        elif spec == subprocess.STDOUT:
            child = os.dup(theirs[1])
        elif spec == subprocess.DEVNULL:
            child = os.open(os.devnull, os.O_RDWR)
        elif spec is None:
            child = os.dup(target)
        else:
            child = os.dup(spec if isinstance(spec, int) else spec.fileno())
        ours.append(mine)
        theirs.append(child)
    return ours, theirs


class Forked:
    """What the suite uses of ``subprocess.Popen``, for a forked command. The
    server, its parent, sends its exit status when it ends."""

    def __init__(self, args, pid: int, conn: socket.socket, fds: list, text: bool):
        self.args, self.pid, self.returncode = args, pid, None
        self._conn = conn
        self._text = text
        modes = ("w", "r", "r") if text else ("wb", "rb", "rb")
        self.stdin, self.stdout, self.stderr = (None if fd is None else open(fd, mode)
                                                for fd, mode in zip(fds, modes))

    def poll(self):
        if self.returncode is None:
            self._conn.setblocking(False)
            try:
                self._ended(self._conn.recv(64))
            except BlockingIOError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self._conn.settimeout(timeout)
            try:
                self._ended(self._conn.recv(64))
            except TimeoutError:
                raise subprocess.TimeoutExpired(self.args, timeout) from None
        return self.returncode

    def _ended(self, status: bytes) -> None:
        if not status:
            raise RuntimeError(f"the command server went away before {self.pid} ended")
        self.returncode = int(status)
        self._conn.close()

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def communicate(self, input=None, timeout: float | None = None):
        """Popen.communicate: ``input`` written, the pipes read to their end, then the exit waited for."""
        deadline = None if timeout is None else time.monotonic() + timeout
        if self.stdin:
            threading.Thread(target=_feed, args=(self.stdin, input), daemon=True).start()
            self.stdin = None
        readers = {stream.fileno(): (stream, bytearray()) for stream in (self.stdout, self.stderr) if stream}
        selector = selectors.DefaultSelector()
        for fd in readers:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                selector.close()
                raise subprocess.TimeoutExpired(self.args, timeout)
            for key, _ in selector.select(left):
                chunk = os.read(key.fd, 1 << 16)
                if chunk:
                    readers[key.fd][1].extend(chunk)
                else:
                    selector.unregister(key.fd)
        selector.close()
        outputs = {}
        for stream, data in readers.values():
            outputs[stream] = _text(data) if self._text else bytes(data)
            stream.close()
        self.wait(None if deadline is None else max(0.0, deadline - time.monotonic()))
        return outputs.get(self.stdout), outputs.get(self.stderr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for stream in (self.stdin, self.stdout, self.stderr):
            if stream and not stream.closed:
                stream.close()
        self.wait()


def enabled() -> bool:
    return os.environ.get("WELLNESS_TEST_FORK") != "0"


def _python_vars(env) -> dict:
    return {name: value for name, value in env.items() if name.startswith("PYTHON")}


def _feed(stream, data) -> None:
    try:
        with stream:
            if data:
                stream.write(data)
    except BrokenPipeError:  # the command exited without reading its input
        pass


def _text(data: bytearray) -> str:
    # What text=True gives: the locale's encoding, universal newlines.
    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")


ZYGOTE = Zygote()
