"""The command server of tests/zygote.py: ``python tests/zygote_server.py SOCKET``.

It imports the package and Scrapy's default components once (``preload``),
then forks a child for each request on SOCKET (``serve``); the child takes
the caller's argv, streams, environment and working directory (``_become``)
and runs ``python -m wellness_archiver`` to the interpreter's own exit. The
server imports nothing that installs Twisted's reactor: each child installs
its own, as a fresh process would.
"""

from __future__ import annotations

import gc
import json
import os
import selectors
import signal
import socket
import sys
import threading
import traceback

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
