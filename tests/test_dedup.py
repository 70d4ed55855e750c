"""Duplicates, language and quality, datasheet and PII redaction on a real
crawl: the WordPress and Ghost fixture blogs plus "syndicated", which
republishes some of their posts (exact and lightly edited copies), links its
posts with tracking parameters and serves AMP and print variants."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from crawling import PARTIAL, crawl
from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.dedup import clusters, dedup
from wellness_archiver.urls import normalise_url
from wellness_archiver.cli import cli
from wellness_archiver.demo_site.gold import gold_clusters, gold_posts
from wellness_archiver.demo_site.server import DemoSites

KEYS = ("wordpress", "ghost", "syndicated")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("dedup") / "archive.db"
    with DemoSites(KEYS) as sites:
        proc = crawl(db_path, *(sites.urls[k] for k in KEYS), "--analyse")
        assert proc.returncode == PARTIAL, proc.stdout + proc.stderr
        yield db_path, dict(sites.urls), proc


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_syndicated_site_stores_its_posts_and_variants_once(crawled):
    db_path, urls, _ = crawled
    archive = Archive(db_path, create=False)
    stored = {a["url"] for a in archive.articles(urls["syndicated"].split("//")[1])}
    archive.close()
    base = urls["syndicated"]
    expected = {p["url"] for p in gold_posts("syndicated", base)}
    expected |= {base + "/how-to-use-a-thought-record/?print=1", base + "/starting-a-thought-diary/amp/"}
    # Tracking-parameter links (utm_*, fbclid) collapsed into the clean URL.
    assert stored == expected


def test_crawl_clusters_duplicates_exactly_as_gold(crawled):
    db_path, urls, proc = crawled
    assert "Duplicates:  5 articles in 4 clusters" in proc.stdout  # --analyse ran dedup at the end
    archive = Archive(db_path, create=False)
    try:
        got = [{"canonical": c["canonical_url"], "members": c["members"]} for c in clusters(archive)]
        assert sorted(got, key=lambda c: c["canonical"]) == gold_clusters(urls)
        reasons = dict(archive.db.execute(
            "select url, duplicate_reason from articles where duplicate_of is not null").fetchall())
    finally:
        archive.close()
    base = urls["syndicated"]
    assert reasons[base + "/how-to-use-a-thought-record/"] == "same text"
    assert reasons[base + "/how-to-use-a-thought-record/?print=1"] == "same text"
    assert reasons[base + "/starting-a-thought-diary/amp/"] == "URL variant"
    assert reasons[base + "/worry-time/"].startswith("near-duplicate (Jaccard ~0.9")
    assert reasons[base + "/loneliness-is-a-health-issue-republished/"].startswith("near-duplicate")


def test_dedup_command_threshold_and_no_duplicates_export(crawled, tmp_path):
    db_path, urls, _ = crawled
    strict = run("dedup", db_path, "--threshold", "0.99", "--json")
    assert strict.exit_code == 0, strict.output
    assert len(json.loads(strict.output)) == 2  # only the exact copy and the AMP page are left
    result = run("dedup", db_path)  # keeps the last threshold
    assert result.exit_code == 0 and "(threshold 0.99)" in result.output
    assert run("dedup", db_path, "-t", "0.85").exit_code == 0
    out = tmp_path / "unique.jsonl"
    assert run("export", db_path, out, "--no-duplicates").exit_code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    total = Archive(db_path, create=False)
    n = total.db["articles"].count
    total.close()
    assert len(rows) == n - 5
    exported = {r["url"] for r in rows}
    for cluster in gold_clusters(urls):
        assert set(cluster["members"]) & exported == {cluster["canonical"]}
    manifest = json.loads((tmp_path / "unique.jsonl.manifest.json").read_text())
    assert manifest["deduplication"]["threshold"] == 0.85 and manifest["deduplication"]["duplicates"] == 5
    assert all(r["cluster_id"] is None or r["duplicate_of"] is None for r in rows)
    assert run("dedup", db_path, "-t", "1.5").exit_code == 2


def test_language_and_quality_fields(crawled):
    db_path, urls, _ = crawled
    archive = Archive(db_path, create=False)
    rows = {a["url"]: a for a in archive.articles()}
    archive.close()
    base = urls["syndicated"]
    for row in rows.values():
        assert row["language"] == "en"  # the page's own, kept
        assert row["language_detected"] == "en" and row["language_confidence"] > 0.9
        assert row["sentence_count"] > 0
        assert ("too_short" in json.loads(row["quality_flags"])) == (row["word_count"] < 100)
    assert json.loads(rows[base + "/a-note-from-the-editors/"]["quality_flags"]) == ["too_short"]
    assert "mostly_non_prose" in json.loads(rows[base + "/where-to-find-help-tonight/"]["quality_flags"])
    assert json.loads(rows[base + "/starting-a-thought-diary/"]["quality_flags"]) == []


def test_datasheet(crawled, tmp_path):
    db_path, urls, _ = crawled
    result = run("datasheet", db_path)
    assert result.exit_code == 0, result.output
    text = result.output
    for heading in ("# Datasheet", "## Sources", "## Language", "## Quality flags", "## Duplicates",
                    "## Collection decisions", "### Failures by reason", "## Crawl runs", "## Tools and extractors"):
        assert heading in text
    host = urls["syndicated"].split("//")[1]
    assert f"| {host} | The Wellbeing Digest | ghost | 8 |" in text
    assert "| en | " in text and "| clusters | 4 |" in text and "| of which across sites | 4 |" in text
    assert "| not fetched: robots.txt disallowed |" in text and "| HTTP 404 |" in text
    assert "| scrapy |" in text and "wellness-extract" in text
    out = tmp_path / "DATASHEET.md"
    assert run("datasheet", db_path, "-o", out).exit_code == 0 and out.read_text().startswith("# Datasheet")
    again = run("datasheet", db_path, "-o", out)
    assert again.exit_code == 1 and "already exists" in again.output


def test_datasheet_cells_keep_the_table_shape(tmp_path):
    # A "|" or a line break inside a value must not split or end a Markdown row.
    from wellness_archiver.archive.datasheet import datasheet

    archive = Archive(tmp_path / "archive.db")
    try:
        url = "http://blog.example/a-post/"
        run_id = archive.start_run([url], {}, {})
        archive.save_batch(
            [{"url": url, "page_type": "post", "status": 200},
             {"url": "http://blog.example/gone/", "page_type": "error", "status": 500, "error": "HTTP 500\nthen | more"}],
            [{"url": url, "page_url": url, "title": "A post", "site_name": "Mind | Body", "platform": "ghost",
              "text": "Some words.", "word_count": 2, "tags": []}],
            run_id,
        )
        text = datasheet(archive)
    finally:
        archive.close()
    assert "| blog.example | Mind \\| Body | ghost | 1 |" in text
    assert "| HTTP 500 then \\| more | 1 |" in text
    assert "| articles | 1 |" in text and "| pages tried | 2 |" in text
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert all(line.endswith(" |") or set(line) <= {"|", "-"} for line in rows)


def test_export_redacts_pii_but_keeps_crisis_lines_and_credentials(crawled, tmp_path):
    db_path, urls, _ = crawled
    out = tmp_path / "shareable.jsonl"
    result = run("export", db_path, out, "--redact-pii", "--site", urls["syndicated"].split("//")[1])
    assert result.exit_code == 0, result.output
    rows = {json.loads(line)["url"]: json.loads(line) for line in out.read_text().splitlines()}
    help_page = rows[urls["syndicated"] + "/where-to-find-help-tonight/"]
    text = help_page["text"]
    assert "editors@wellbeing-digest.example" not in text and "020 7946 0958" not in text
    assert "write to [EMAIL] or leave a message on [PHONE]." in text
    for number in ("988", "116 123", "13 11 14", "111", "999, 112 or 911", "741741", "1-800-273-8255"):
        assert number in text
    assert help_page["author"] == "Tom Achebe, LCSW"
    manifest = json.loads((tmp_path / "shareable.jsonl.manifest.json").read_text())
    assert manifest["pii_redaction"]["emails_replaced"] == 1 and manifest["pii_redaction"]["phones_replaced"] == 1
    warc = run("export", db_path, tmp_path / "x.warc.gz", "--format", "warc", "--redact-pii")
    assert warc.exit_code == 1 and "--redact-pii cannot apply" in warc.output


def test_redaction_unit():
    from wellness_archiver.analysis.pii import redact

    assert redact("Call 555-0178, (415) 555-2671 or +44 20 7946 0958; mail jo@x.org or jo [at] x [dot] org") == (
        "Call [PHONE], [PHONE] or [PHONE]; mail [EMAIL] or [EMAIL]")
    kept = ("Text 988. Samaritans 116 123. Lifeline 13 11 14. 1-800-273-8255 or +1 800 273 8255. "
            "Dr. Jo Roe, LMFT, PhD (licence LMFT 54321), 2021-03-15, 2019-2021, 0 to 100, 1,000,000, v2.3.1")
    assert redact(kept) == kept


def test_url_variants_and_canonical_collapse_on_a_built_archive(tmp_path):
    """Archive-side collapse, for archives filled from WARCs or older crawls
    whose URLs kept tracking parameters."""
    assert normalise_url("https://www.b.org/p/x/?utm_source=a&fbclid=1") == normalise_url("http://b.org/p/x")
    assert normalise_url("https://b.org/p/x/amp/") == normalise_url("https://amp.b.org/p/x?output=amp")
    assert normalise_url("https://b.org/p/x?page=2") != normalise_url("https://b.org/p/x")
    archive = Archive(tmp_path / "a.db")
    run_id = archive.start_run([], {}, {})

    def art(url, text, published="2024-01-01", canonical=None):
        return {"url": url, "text": text, "title": "t", "published": published, "canonical_url": canonical,
                "tags": [], "page_url": url}

    words = " ".join(f"word{i}" for i in range(300))
    archive.save_batch([], [
        art("https://b.org/p/x/", "alpha " + words),
        art("https://b.org/p/x/?utm_source=feed&utm_medium=rss", "alpha beta " + words),
        art("https://b.org/p/x/print/", "printable " + words[:500]),
        art("https://c.org/copy/", "something else entirely", "2023-01-01", canonical="https://b.org/p/x/"),
        art("https://d.org/other/", "unrelated text about sleep " * 20),
    ], run_id)
    result = dedup(archive)
    (cluster,) = clusters(archive)
    archive.close()
    assert cluster["canonical_url"] == "https://b.org/p/x/"  # named by rel=canonical beats earlier published
    assert cluster["members"] == sorted(["https://b.org/p/x/", "https://b.org/p/x/?utm_source=feed&utm_medium=rss",
                                         "https://b.org/p/x/print/", "https://c.org/copy/"])
    assert result.by_reason == {"URL variant": 2, "rel=canonical": 1}


def test_quality_assess_unit():
    from wellness_archiver.analysis.quality import assess

    prose = "Rest is a skill you can practise. It takes time, and that is fine. " * 10
    result = assess(prose, markdown=prose)
    assert result["language_detected"] == "en" and 0.9 < result["language_confidence"] <= 1
    assert result["sentence_count"] == 20 and json.loads(result["quality_flags"]) == []
    links = "\n".join(f"- [Further reading on topic {i}](https://x.example/{i})" for i in range(30))
    flagged = assess(links.replace("[", "").replace("](", " ").replace(")", ""), markdown=links)
    assert json.loads(flagged["quality_flags"]) == ["mostly_links", "mostly_non_prose"]
    german = assess("Die Therapie hilft vielen Menschen, mit Angst und Sorgen besser umzugehen. " * 5)
    assert german["language_detected"] == "de" and german["link_share"] is None
    assert assess("")["language_detected"] is None
