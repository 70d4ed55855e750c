"""A real Redis for tests: Debian's redis-server on 127.0.0.1, a free port, nothing on disk."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """redis-server on a free port of 127.0.0.1. The port is free when picked, but
    another process (a parallel test worker) may take it first: then another port."""

    def __init__(self, tmp_path, attempts: int = 5):
        import redis

        for _ in range(attempts):
            self.port = free_port()
            self.url = f"redis://127.0.0.1:{self.port}/0"
            self.proc = subprocess.Popen(
                [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", str(tmp_path)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            self.client = redis.Redis(port=self.port)
            deadline = time.monotonic() + 10
            while self.proc.poll() is None and time.monotonic() < deadline:
                try:
                    self.client.ping()
                except redis.ConnectionError:
                    time.sleep(0.05)
                    continue
                if self.client.info("server")["process_id"] == self.proc.pid:  # ours, not another's
                    return
                break
            self.stop()
        raise RuntimeError(f"redis-server did not start on a free port in {attempts} attempts")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait(10)


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which(REDIS_SERVER):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(tmp_path)
    yield server
    server.stop()
