"""``wellness-archiver`` commands forked from a process that has imported the
package once, instead of a fresh interpreter each.

A test crawl's interpreter spends ~0.75 s of CPU importing Scrapy, Twisted,
trafilatura and lxml before ~0.4 s of work, and the suite runs ~80 of them on
two cores. Each xdist worker starts one server (``python tests/zygote.py``)
that imports those modules and waits; a command is a child forked from it,
which then becomes what ``python -m wellness_archiver ARGS`` would be: the
caller's argv, environment, working directory and standard streams (passed
over a Unix socket), signal handlers as the interpreter sets them, and the
interpreter's own exit (threads joined, atexit handlers, exit status, a
traceback or SIGINT death on an uncaught KeyboardInterrupt). The server
imports nothing that installs Twisted's reactor: each child installs its own,
as a fresh process would. ``WELLNESS_TEST_FORK=0`` runs real interpreters.
"""

from __future__ import annotations

import gc
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
import traceback
import warnings

PREFIX = (sys.executable, "-m", "wellness_archiver")
SHARED = "WELLNESS_TEST_ZYGOTE"  # the socket of a server started by the xdist controller
EXTRA = "WELLNESS_TEST_ZYGOTE_PRELOAD"  # more modules to preload (test_zygote: one that fails)
MAX_MESSAGE = 1 << 20


def preload() -> None:
    """Import what the commands import: the package (but the Datasette UI and
    the demo sites' data) and the Scrapy components its crawls load."""
    import importlib

    import wellness_archiver
    from scrapy.settings import default_settings

    for name in _modules(wellness_archiver.__path__[0], "wellness_archiver."):
        importlib.import_module(name)
    for name in filter(None, os.environ.get(EXTRA, "").split(",")):
        importlib.import_module(name)
    for name in dir(default_settings):
        value = getattr(default_settings, name)
        paths = [*value, *value.values()] if isinstance(value, dict) else [value]
        for path in paths:
            if isinstance(path, str) and path.startswith("scrapy.") and not path.startswith(SKIP):
                try:
                    importlib.import_module(path.rsplit(".", 1)[0])
                except ImportError:  # an optional component's dependency (boto, brotli...)
                    pass
    # A child must install its own reactor, as a fresh interpreter does, and
    # fork copies only the calling thread.
    assert "twisted.internet.reactor" not in sys.modules, "the zygote installed Twisted's reactor"
    assert threading.active_count() == 1, "a module started a thread at import"


def _modules(path: str, prefix: str):
    """The package's modules but SKIP (pkgutil.walk_packages imports every package it walks)."""
    import pkgutil

    for info in pkgutil.iter_modules([path], prefix):
        if not info.name.startswith(SKIP):
            yield info.name
            if info.ispkg:
                yield from _modules(os.path.join(path, info.name.rsplit(".", 1)[1]), info.name + ".")


# Not preloaded: the CLI (its consoles read COLUMNS, NO_COLOR, FORCE_COLOR...
# when imported: each child must read its own environment), the Datasette
# UI and the demo sites' data (a few commands use them), and Scrapy's remote
# console (off in the project's settings; it imports aiohttp).
SKIP = ("wellness_archiver.cli", "wellness_archiver.demo_site.", "wellness_archiver.datasette_plugin",
        "wellness_archiver.__main__", "scrapy.extensions.remote_control")


# -- the server -----------------------------------------------------------

def serve(path: str) -> dict:
    """Accept requests on ``path`` until stdin closes (the test worker is
    gone); in a forked child, return its request with the streams in place."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(path)
    listener.listen(64)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    children: dict[int, socket.socket] = {}
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "accept")
    selector.register(wake_r, selectors.EVENT_READ, "reap")
    selector.register(sys.stdin, selectors.EVENT_READ, "stdin")
    while True:
        for key, _ in selector.select():
            if key.data == "stdin" and not sys.stdin.buffer.read1(1):
                os.unlink(path)
                os.rmdir(os.path.dirname(path))
                os._exit(0)
            if key.data == "reap":
                os.read(wake_r, 4096)
                _reap(children)
            if key.data == "accept":
                conn, _ = listener.accept()
                message, fds, _, _ = socket.recv_fds(conn, MAX_MESSAGE, 3)
                if len(fds) != 3:  # a client that went away half way
                    conn.close()
                    continue
                pid = os.fork()
                if pid == 0:
                    signal.set_wakeup_fd(-1)
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    selector.close()
                    for sock in (listener, conn, *children.values()):
                        sock.close()
                    os.close(wake_r)
                    os.close(wake_w)
                    return _become(json.loads(message), fds)
                for fd in fds:
                    os.close(fd)
                children[pid] = conn
                try:
                    conn.sendall(b"%d" % pid)
                except OSError:
                    pass
        _reap(children)


def _reap(children: dict[int, socket.socket]) -> None:
    for pid in list(children):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            with children.pop(pid) as conn:
                try:
                    conn.sendall(b"%d" % os.waitstatus_to_exitcode(status))
                except OSError:  # the client gave up on it (a timeout) and went
                    pass


def _become(request: dict, fds: list[int]) -> dict:
    if request["new_session"]:
        os.setsid()
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path[0] = request["cwd"]  # `python -m` puts the working directory first
    sys.argv = ["-m", *request["argv"]]
    if request["argv"][:1] and request["argv"][0] in POOLED:
        _fork_forkserver()
    return request


# The commands that start an extraction pool (crawler/pool.py), and so
# multiprocessing's forkserver.
POOLED = {"crawl", "reextract", "import-warc"}


def _fork_forkserver() -> None:
    """Start this command's forkserver now, while it is one thread, as a fork
    of it rather than a fresh interpreter: what multiprocessing's
    ``ForkServer.ensure_running`` does but for ``exec``. Its workers then
    find the extraction stack imported (~0.5 s of CPU each, otherwise); they
    still start from a one-thread process, and write to the command's own
    stdout and stderr. On another Python, whose forkserver keeps other
    state, the command starts its own as usual."""
    from multiprocessing import connection, forkserver

    server = forkserver._forkserver
    if sys.version_info[:2] not in ((3, 10), (3, 11), (3, 12)) or server._forkserver_pid is not None:
        return
    listener = socket.socket(socket.AF_UNIX)
    address = connection.arbitrary_address("AF_UNIX")
    listener.bind(address)
    os.chmod(address, 0o600)
    listener.listen()
    alive_r, alive_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(alive_w)
        try:
            forkserver.main(listener.fileno(), alive_r, [])
        finally:
            os._exit(0)
    os.close(alive_r)
    listener.close()
    server._forkserver_address, server._forkserver_alive_fd, server._forkserver_pid = address, alive_w, pid


# -- the client -----------------------------------------------------------

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
                self._server = subprocess.Popen([sys.executable, __file__, self.path], stdin=subprocess.PIPE,
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
                    why = open(failed).read().strip().splitlines()[-1:] if os.path.exists(failed) else ["?"]
                    warnings.warn(f"the command server did not start ({why[0]}): commands run fresh")
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
        if tuple(cmd[:3]) != PREFIX or not enabled() or _python_vars(env) != _python_vars(os.environ):
            # (The server's interpreter was set up by this process's PYTHON* variables.)
            return subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=stderr, text=text, env=env, cwd=cwd,
                                    start_new_session=start_new_session)
        request = {"argv": cmd[3:], "env": env, "cwd": os.path.abspath(cwd or os.getcwd()),
                   "new_session": start_new_session}
        conn = self._connect()
        if conn is None:
            return subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=stderr, text=text, env=env, cwd=cwd,
                                    start_new_session=start_new_session)
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

if __name__ == "__main__":
    try:
        preload()
    except BaseException:
        # Said where the clients look, so they go on without a server at once.
        with open(sys.argv[1] + ".failed", "w") as out:
            out.write(traceback.format_exc())
        raise
    # Out of the collector's reach: a child's collections and its exit would
    # otherwise walk (and so copy, page by page) every preloaded object: 0.7 s.
    gc.freeze()
    request = serve(sys.argv[1])  # returns only in a forked child
    import runpy

    runpy.run_module("wellness_archiver", run_name="__main__", alter_sys=True)
