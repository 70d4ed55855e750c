"""Files written beside an archive: never over it, never left half-written.

Every command that writes a file (export OUT and its manifest, datasheet -o)
calls :func:`refuse_archive_output` first: a path that is the archive, or
its -wal/-shm/-journal/.lock, through a symlink, a relative path or a hard
link, is refused with or without --force.

Outputs are written under a temporary name in the same directory
(:func:`temp_part`) and renamed when complete. The name carries the writer's
pid, so the leftover of a writer killed with SIGKILL (which no handler sees)
is recognised and removed by the next write to the same output.
"""

from __future__ import annotations

import os
import re
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from wellness_archiver.archive.errors import OutputIsArchive

ARCHIVE_FILES = {"": "the archive", "-wal": "the archive's write-ahead log", "-shm": "the archive's shared memory",
                 "-journal": "the archive's journal", ".lock": "the archive's writer lock"}


def refuse_archive_output(out: str | Path, archive: str | Path) -> None:
    """Raise OutputIsArchive when writing ``out`` would overwrite ``archive`` or one of its files."""
    out_real = os.path.realpath(out)
    base = os.path.realpath(archive)
    for suffix, what in ARCHIVE_FILES.items():
        target = base + suffix
        same = out_real == target
        if not same and os.path.exists(out_real) and os.path.exists(target):
            same = os.path.samefile(out_real, target)  # a hard link
        if same:
            raise OutputIsArchive(out, archive, what)


def _part_pattern(out: Path) -> re.Pattern:
    return re.compile(rf"\.{re.escape(out.name)}\.(\d+)\.[^/]*\.part[^/]*")


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a dead writer's leftovers may go)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def clean_stale_parts(out: Path) -> list[Path]:
    """Remove temporary files of earlier writes to ``out`` whose writer is dead."""
    removed = []
    pattern = _part_pattern(out)
    try:
        names = os.listdir(out.parent)
    except OSError:
        return removed
    for name in names:
        match = pattern.fullmatch(name)
        if match and not pid_alive(int(match.group(1))):
            try:
                (out.parent / name).unlink()
                removed.append(out.parent / name)
            except OSError:
                pass
    return removed


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM (kill's default) unwinds like Ctrl-C, so the temporary file is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def temp_part(out: Path, suffix: str = "") -> Iterator[Path]:
    """A temporary path beside ``out``, renamed to ``out`` on success, removed on failure."""
    clean_stale_parts(out)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.{os.getpid()}.", suffix=".part" + suffix, dir=out.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp_path, 0o666 & ~umask)  # mkstemp makes 0600; a finished export is an ordinary file
    try:
        with _sigterm_raises():
            yield tmp_path
            os.replace(tmp_path, out)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
