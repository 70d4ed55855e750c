"""A command forked from the suite's command server (tests/zygote.py) behaves
as ``python -m wellness_archiver`` started afresh: same exit status, same
output, its own argv, stdin, environment and working directory."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess

import pytest

from crawling import wa_cmd
from wellness_archiver.archive.db import Archive
from zygote import SHARED, ZYGOTE, Zygote
from zygote_server import EXTRA

pytestmark = pytest.mark.skipif(os.environ.get("WELLNESS_TEST_FORK") == "0", reason="the command server is off")

POST = b"""<html><head><title>Breathing at work</title></head><body><article><h1>Breathing at work</h1>
<p>Four slow breaths before a meeting change how the meeting goes, and most of us never try it.</p>
<p>Start with the exhale: longer out than in, and the shoulders drop on their own after a few rounds.</p>
</article></body></html>"""


def both(*args, **kwargs) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """The command forked, then run in a fresh interpreter."""
    forked = ZYGOTE.run(wa_cmd(*args), timeout=120, **kwargs)
    fresh = subprocess.run(wa_cmd(*args), capture_output=True, text=True, timeout=120,
                           input=kwargs.get("input"), env=kwargs.get("env"), cwd=kwargs.get("cwd"))
    return forked, fresh


def same(forked, fresh):
    assert (forked.returncode, forked.stdout, forked.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)


def test_help_and_a_usage_error_are_the_same():
    forked, fresh = both("--help")
    same(forked, fresh)
    assert forked.returncode == 0 and "python -m wellness_archiver" in forked.stdout
    forked, fresh = both("stats", "no-such.db")
    same(forked, fresh)
    assert forked.returncode == 2 and "no-such.db" in forked.stderr


def test_stdin_reaches_the_command():
    forked, fresh = both("extract", "-", "--url", "https://blog.example/breathing/", input=POST.decode())
    same(forked, fresh)
    assert forked.returncode == 0 and "longer out than in" in forked.stdout


def test_working_directory_and_environment_are_the_callers(tmp_path):
    Archive(tmp_path / "empty.db").close()
    colour = {**os.environ, "FORCE_COLOR": "1"}  # rich colours even a pipe then
    forked, fresh = both("stats", "empty.db", cwd=tmp_path, env=colour)
    same(forked, fresh)
    assert forked.returncode == 0 and "\x1b[" in forked.stdout
    plain = ZYGOTE.run(wa_cmd("stats", "empty.db"), cwd=tmp_path, timeout=120,
                       env={k: v for k, v in os.environ.items() if k != "FORCE_COLOR"})
    assert plain.returncode == 0 and "\x1b[" not in plain.stdout


def test_a_timeout_kills_the_command_and_the_server_goes_on():
    with socket.create_server(("127.0.0.1", 0)) as silent:  # connects, never answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/post/"
        with pytest.raises(subprocess.TimeoutExpired):
            ZYGOTE.run(wa_cmd("extract", url, "--allow-private"), timeout=3)
    forked, fresh = both("--help")
    same(forked, fresh)


def test_popen_streams_signals_and_exit_status():
    with ZYGOTE.popen(wa_cmd("extract", "-"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                      stderr=subprocess.STDOUT) as proc:
        assert proc.poll() is None  # waiting for its stdin
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    with ZYGOTE.popen(wa_cmd("extract", "-"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                      stderr=subprocess.PIPE, text=True) as proc:
        out, err = proc.communicate(POST.decode(), timeout=120)
    assert proc.returncode == 0 and "longer out than in" in out and "Breathing at work" not in out


def test_a_server_that_cannot_start_leaves_commands_to_fresh_interpreters(monkeypatch):
    monkeypatch.delenv(SHARED, raising=False)
    monkeypatch.setenv(EXTRA, "wellness_archiver.no_such_module")  # the server's imports fail
    own = Zygote()
    with pytest.warns(UserWarning, match="No module named 'wellness_archiver.no_such_module'"):
        forked = own.run(wa_cmd("--help"), timeout=120)
    fresh = subprocess.run(wa_cmd("--help"), capture_output=True, text=True, timeout=120)
    same(forked, fresh)
    assert forked.returncode == 0
    assert os.path.exists(own.path + ".failed")
    shutil.rmtree(os.path.dirname(own.path))
