"""Where the time goes, from a py-spy profile of several processes.

    python benchmarks/profile_summary.py PROFILE [--top 15] [--json FILE]

PROFILE is ``py-spy record --format raw`` output (collapsed stacks, one
``frame;frame;...;leaf COUNT`` line per stack; with ``--subprocesses`` the
root frames are ``process PID:"command line"``, one per ancestor down to the
sampled process) or ``--format speedscope``
JSON. Each process is given a kind from its stacks:

* ``main``: its stacks run Twisted's reactor or Scrapy (the crawl's process);
* ``worker``: most samples inside a multiprocessing process body
  (extraction workers, forked or from a forkserver);
* ``helper``: other multiprocessing processes (forkserver, resource tracker);
* ``other``: anything else (py-spy itself is not sampled).

Per kind it prints the share of samples, then the top functions by *self*
time (the leaf frame) and by *inclusive* time (anywhere in the stack, once
per sample), and self time by package (lxml, trafilatura, scrapy, ...).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# The command line may itself hold ";" (forkserver: "...import main; main(...)").
PROCESS = re.compile(r'^process (\d+):"(.*?)"(?:;|$)')
FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>.*?)(?::(?P<line>\d+))?\)$")
MAIN_MARKERS = ("twisted/internet", "scrapy/")
WORKER_MARKERS = ("multiprocessing/", "pebble/", "forkserver", "concurrent/futures/process")


@dataclass
class Proc:
    pid: str
    cmd: str = ""
    samples: int = 0
    stacks: Counter = field(default_factory=Counter)  # tuple of frames -> samples


def split_frame(frame: str) -> tuple[str, str]:
    """("func", "file") of a py-spy frame ``func (file:line)``; the line is dropped."""
    m = FRAME.match(frame)
    if not m:
        return frame, ""
    return m.group("func"), m.group("file")


def short_file(path: str) -> str:
    for marker in ("site-packages/", "dist-packages/", "/lib/python3"):
        if marker in path:
            tail = path.split(marker, 1)[1]
            return tail.split("/", 1)[1] if marker == "/lib/python3" and "/" in tail else tail
    if "wellness_archiver/" in path:
        return "wellness_archiver/" + path.split("wellness_archiver/", 1)[1]
    return path


def package(path: str) -> str:
    """The top-level package (or module) of a frame's file: "lxml", "scrapy",
    "wellness_archiver.extraction", "threading" ... py-spy gives files relative
    to sys.path unless --full-filenames; both spellings are handled."""
    if not path:
        return "<native>"
    if path.startswith("<"):
        return path
    parts = short_file(path).split("/")
    if parts[0] == "wellness_archiver" and len(parts) > 2:
        return "wellness_archiver." + parts[1]
    return parts[0].removesuffix(".py")


def frame_key(frame: str) -> str:
    func, file = split_frame(frame)
    return f"{func} ({short_file(file)})" if file else func


def parse_raw(text: str) -> dict[str, Proc]:
    procs: dict[str, Proc] = {}
    for line in text.splitlines():
        line = line.rstrip()
        if not line:
            continue
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        # With --subprocesses a child's stacks start with its ancestors'
        # process frames (main;forkserver;worker;...): the last one is its own.
        pid, cmd = "?", ""
        while m := PROCESS.match(stack):
            pid, cmd = m.group(1), m.group(2)
            stack = stack[m.end():]
        frames = stack.split(";") if stack else []
        frames = [f for f in frames if not f.startswith("thread (")]
        p = procs.setdefault(pid, Proc(pid, cmd))
        p.samples += int(count)
        p.stacks[tuple(frames)] += int(count)
    return procs


def parse_speedscope(data: dict) -> dict[str, Proc]:
    frames = data.get("shared", {}).get("frames", [])
    names = []
    for f in frames:
        name = f.get("name", "?")
        if f.get("file"):
            name += f" ({f['file']}" + (f":{f['line']}" if f.get("line") is not None else "") + ")"
        names.append(name)
    procs: dict[str, Proc] = {}
    for prof in data.get("profiles", []):
        title = prof.get("name", "")
        m = re.search(r"Process (\d+)", title)
        pid = m.group(1) if m else title
        cmd_m = re.search(r'"(.*)"', title)
        p = procs.setdefault(pid, Proc(pid, cmd_m.group(1) if cmd_m else ""))
        weights = prof.get("weights") or [1] * len(prof.get("samples", []))
        for sample, w in zip(prof.get("samples", []), weights):
            w = int(w)
            p.samples += w
            p.stacks[tuple(names[i] for i in sample)] += w
    return procs


def load(path: Path) -> dict[str, Proc]:
    text = path.read_text(errors="replace")
    if text.lstrip().startswith("{"):
        return parse_speedscope(json.loads(text))
    return parse_raw(text)


def process_kind(p: Proc) -> str:
    """main / worker / helper / other, from where the process spends its samples.

    A worker runs a ``multiprocessing`` process body (BaseProcess._bootstrap)
    in most samples: a forked worker may also carry its parent's frames (the
    reactor) below the fork, so that is checked first. A process with the
    reactor or Scrapy in its stacks is the main one. Forkserver and resource
    tracker processes are helpers.
    """
    in_body = sum(n for stack, n in p.stacks.items()
                  if any(split_frame(f)[1].endswith("multiprocessing/process.py") for f in stack))
    if p.samples and in_body * 2 > p.samples:
        return "worker"
    files = {split_frame(f)[1] for stack in p.stacks for f in stack}
    if any(m in f for f in files for m in MAIN_MARKERS):
        return "main"
    if any(m in f for f in files for m in WORKER_MARKERS) or any(m in p.cmd for m in WORKER_MARKERS):
        return "helper"
    return "other"


def summarise(procs: dict[str, Proc], top: int = 15) -> dict:
    total = sum(p.samples for p in procs.values()) or 1
    kinds: dict[str, dict] = defaultdict(lambda: {"processes": [], "samples": 0, "self": Counter(),
                                                   "inclusive": Counter(), "packages": Counter()})
    for p in procs.values():
        k = kinds[process_kind(p)]
        k["processes"].append({"pid": p.pid, "cmd": p.cmd[:120], "samples": p.samples})
        k["samples"] += p.samples
        for stack, n in p.stacks.items():
            if not stack:
                continue
            k["self"][frame_key(stack[-1])] += n
            k["packages"][package(split_frame(stack[-1])[1])] += n
            for key in {frame_key(f) for f in stack}:
                k["inclusive"][key] += n
    out = {"total_samples": total, "kinds": {}}
    for name, k in sorted(kinds.items(), key=lambda kv: -kv[1]["samples"]):
        ks = k["samples"] or 1

        def pct(c: Counter, ks=ks):
            return [{"frame": f, "samples": n, "pct": round(100 * n / ks, 1)} for f, n in c.most_common(top)]

        out["kinds"][name] = {
            "samples": k["samples"], "pct_of_all": round(100 * k["samples"] / total, 1),
            "processes": sorted(k["processes"], key=lambda d: -d["samples"]),
            "top_self": pct(k["self"]), "top_inclusive": pct(k["inclusive"]), "packages": pct(k["packages"]),
        }
    return out


def print_summary(s: dict) -> None:
    print(f"{s['total_samples']} samples")
    for name, k in s["kinds"].items():
        print(f"\n== {name}: {k['samples']} samples ({k['pct_of_all']}% of all), {len(k['processes'])} process(es)")
        for title, key in (("self time by package", "packages"), ("top self", "top_self"),
                           ("top inclusive", "top_inclusive")):
            print(f"  -- {title} (% of this kind's samples)")
            for row in k[key]:
                print(f"    {row['pct']:5.1f}%  {row['frame']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("profile", type=Path)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--json", type=Path, help="also write the summary as JSON")
    args = ap.parse_args(argv)
    s = summarise(load(args.profile), args.top)
    print_summary(s)
    if args.json:
        args.json.write_text(json.dumps(s, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
