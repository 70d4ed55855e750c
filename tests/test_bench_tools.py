"""Quick tests of the benchmark tools' pure parts (no network, no crawl)."""

from __future__ import annotations

import importlib.util
import json
import socket
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def resolver(request):
    saved = (socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex)
    mod = load("bench_localresolve_test", BENCH / "localresolve" / "sitecustomize.py")
    # Loading installs it (unless installed already): restore the real functions.
    socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex = saved
    if hasattr(socket, "_bench_resolver"):
        del socket._bench_resolver
    return mod


@pytest.fixture(scope="module")
def summary():
    return load("bench_profile_summary", BENCH / "profile_summary.py")


@pytest.fixture(scope="module")
def crawlmod():
    pytest.importorskip("psutil")
    sys.path.insert(0, str(BENCH))
    return load("bench_crawl", BENCH / "crawl.py")


# -- the loopback-only resolver ----------------------------------------------


def test_resolver_maps_the_bench_name_and_loopback_only(resolver):
    m = resolver.parse_map("bench.localhost=127.0.0.1")
    assert resolver.decide("bench.localhost", m) == "127.0.0.1"
    assert resolver.decide("BENCH.localhost.", m) == "127.0.0.1"
    assert resolver.decide(b"bench.localhost", m) == "127.0.0.1"
    assert resolver.decide("localhost", m) == "127.0.0.1"
    assert resolver.decide("127.0.0.1", m) == "127.0.0.1"
    assert resolver.decide("::1", m) == "::1"
    assert resolver.decide("[::1]", m) == "::1"


@pytest.mark.parametrize("host", ["example.com", "bench.localhost.example.com", "www.google.com",
                                  "10.0.0.1", "192.168.1.1", "8.8.8.8", "2001:4860:4860::8888", "0.0.0.0",
                                  "other.localhost", ""])
def test_resolver_refuses_every_other_name(resolver, host):
    assert resolver.decide(host, resolver.parse_map(None)) is None


def test_resolver_refuses_non_loopback_targets(resolver):
    with pytest.raises(ValueError):
        resolver.parse_map("bench.localhost=10.0.0.1")


def test_installed_resolver_never_calls_the_system_resolver(resolver, monkeypatch):
    calls = []

    def spy(host, port, *a, **kw):
        calls.append((host, a, kw))
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (host, port))]

    saved = (socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex)
    monkeypatch.setattr(resolver, "_real_getaddrinfo", spy)
    try:
        resolver.install("bench.localhost=127.0.0.1")
        for name in ("example.com", "10.1.2.3"):
            with pytest.raises(socket.gaierror):
                socket.getaddrinfo(name, 80)
            with pytest.raises(socket.gaierror):
                socket.gethostbyname(name)
        assert calls == []  # refused before anything was asked
        assert socket.gethostbyname("bench.localhost") == "127.0.0.1"
        socket.getaddrinfo("bench.localhost", 80)
        # only a numeric, loopback lookup reaches the real function
        assert calls and calls[0][0] == "127.0.0.1" and calls[0][1][-1] & socket.AI_NUMERICHOST
    finally:
        socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex = saved
        if hasattr(socket, "_bench_resolver"):
            del socket._bench_resolver


# -- profile summary ------------------------------------------------------------

RAW = """\
process 100:"wellness-archiver crawl http://bench.localhost:1/";run (twisted/internet/base.py:10);parse_page (wellness_archiver/crawler/spiders/site.py:5) 30
process 100:"wellness-archiver crawl http://bench.localhost:1/";run (twisted/internet/base.py:10);save (wellness_archiver/archive/db.py:7);execute (sqlite_utils/db.py:2) 10
process 200:"";_bootstrap (multiprocessing/process.py:3);process_page (wellness_archiver/crawler/workers.py:9);fromstring (lxml/html/__init__.py:1) 40
process 200:"";_bootstrap (multiprocessing/process.py:3);process_page (wellness_archiver/crawler/workers.py:9);extract (trafilatura/core.py:4) 15
process 201:"";_bootstrap (multiprocessing/process.py:3);process_page (wellness_archiver/crawler/workers.py:9);extract (trafilatura/core.py:8) 5
"""


def test_summary_parses_raw_and_groups_by_process_kind(summary, tmp_path):
    f = tmp_path / "p.txt"
    f.write_text(RAW)
    procs = summary.load(f)
    assert set(procs) == {"100", "200", "201"}
    s = summary.summarise(procs, top=5)
    assert s["total_samples"] == 100
    main, worker = s["kinds"]["main"], s["kinds"]["worker"]
    assert main["samples"] == 40 and worker["samples"] == 60 and len(worker["processes"]) == 2
    assert main["top_self"][0] == {"frame": "parse_page (wellness_archiver/crawler/spiders/site.py)",
                                   "samples": 30, "pct": 75.0}
    # line numbers are dropped, so the two trafilatura leaves are one function
    selfs = {r["frame"]: r["samples"] for r in worker["top_self"]}
    assert selfs["extract (trafilatura/core.py)"] == 20
    inc = {r["frame"]: r["pct"] for r in worker["top_inclusive"]}
    assert inc["process_page (wellness_archiver/crawler/workers.py)"] == 100.0
    pk = {r["frame"]: r["samples"] for r in worker["packages"]}
    assert pk == {"lxml": 40, "trafilatura": 20}
    assert {r["frame"] for r in main["packages"]} == {"wellness_archiver.crawler", "sqlite_utils"}


def test_summary_reads_speedscope(summary, tmp_path):
    data = {"shared": {"frames": [{"name": "run", "file": "twisted/internet/base.py", "line": 1},
                                  {"name": "parse", "file": "scrapy/x.py", "line": 2}]},
            "profiles": [{"type": "sampled", "name": 'Process 7 Thread 1 "crawl"',
                          "samples": [[0, 1], [0]], "weights": [3, 1]}]}
    f = tmp_path / "p.json"
    f.write_text(json.dumps(data))
    procs = summary.load(f)
    assert procs["7"].samples == 4
    s = summary.summarise(procs)
    assert s["kinds"]["main"]["top_self"][0]["frame"] == "parse (scrapy/x.py)"


def test_frame_parsing(summary):
    assert summary.split_frame("f (a/b.py:12)") == ("f", "a/b.py")
    assert summary.split_frame("<module> (<string>:1)") == ("<module>", "<string>")
    assert summary.package("/usr/lib/python3/dist-packages/lxml/etree.py") == "lxml"
    assert summary.package("threading.py") == "threading"


# -- median and range, ratios -------------------------------------------------


def test_median_range(crawlmod):
    assert crawlmod.median_range([3.0, 1.0, 2.0, None]) == {"median": 2.0, "min": 1.0, "max": 3.0, "n": 3}
    assert crawlmod.median_range([1.0, 2.0])["median"] == 1.5
    assert crawlmod.median_range([None]) is None
    assert crawlmod.fmt_mr({"median": 2.0, "min": 1.0, "max": 3.0, "n": 3}) == "2.0 (1.0-3.0)"


def test_run_ratios(crawlmod):
    r = crawlmod.run_ratios({"real": {"posts_per_s": 60.0}, "naive": {"posts_per_s": 30.0},
                             "cli": {"posts_per_s": 40.0}})
    assert r == {"real/naive": 2.0, "real/cli": 1.5}
    assert crawlmod.run_ratios({"naive": {"posts_per_s": 30.0}}) == {}


def test_cli_output_counts_distinct_posts_with_text(crawlmod, tmp_path):
    f = tmp_path / "out.jsonl"
    rows = [{"source": "http://bench.localhost:1/2020/01/02/a/", "text": "x"},
            {"source": "http://bench.localhost:1/2020/01/02/a/", "text": "x"},  # twice: one post
            {"source": "http://bench.localhost:1/category/x/", "text": "x"},  # not a post
            {"source": "http://bench.localhost:1/2020/01/03/b/", "text": ""}]  # no text
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n")
    assert crawlmod.count_cli_posts(f) == (1, 4, None)


def test_contender_env_puts_the_resolver_first(crawlmod, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    env = crawlmod.contender_env()
    parts = env["PYTHONPATH"].split(":")
    assert parts[0].endswith("benchmarks/localresolve") and parts[-1] == "/somewhere"
    assert env["BENCH_RESOLVE"].startswith("bench.localhost=127.0.0.1")


def test_hidden_modules_are_reported_missing(resolver):
    finder = resolver.HideModules(["pandas", " "])
    with pytest.raises(ModuleNotFoundError):
        finder.find_spec("pandas")
    with pytest.raises(ModuleNotFoundError):
        finder.find_spec("pandas.core.frame")
    assert finder.find_spec("pandasx") is None and finder.find_spec("json") is None


def test_devset_types_counts_word_bags_like_the_set_scorer():
    sys.path.insert(0, str(BENCH))
    types = load("bench_devset_types", BENCH / "devset_types.py")
    assert types.prf("Red red blue", "red green blue") == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert types.prf("", "") == (1.0, 1.0, 1.0)
    assert types.prf("", "gold text") == (0.0, 1.0, 0.0)  # nothing printed: no wrong word, nothing found
    assert types.prf("chrome", "gold") == (0.0, 0.0, 0.0)
