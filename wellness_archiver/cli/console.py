"""Everything the commands draw: the consoles, progress bars, summary tables, diffs."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

console = Console(soft_wrap=True)  # paths stay on one line, copy-pasteable
err_console = Console(stderr=True)


def warn(text: str) -> None:
    err_console.print(f"[yellow]warning:[/] {text}")


def error(text: str) -> None:
    err_console.print(f"[red]error:[/] {text}")


def progress() -> Progress:
    """A progress bar on stderr, shown only on a terminal, gone when done."""
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err_console, transient=True, disable=not err_console.is_terminal,
    )


def crawl_summary(summary, db_path: str) -> None:
    table = Table(title=f"Crawl run {summary.run_id}: {summary.status}", show_header=False)
    table.add_row("pages fetched", str(summary.pages))
    table.add_row("posts stored", str(summary.posts))
    table.add_row("failed pages", str(summary.errors))
    for reason, count in summary.error_reasons.items():
        table.add_row(f"  {reason}", str(count))
    table.add_row("skipped by policy", str(summary.blocked))
    for reason, count in list(summary.blocked_reasons.items())[:5]:
        table.add_row(f"  {reason}", str(count))
    if summary.limited:
        table.add_row("not fetched (--max-pages/--max-depth)", str(summary.limited))
    table.add_row("archive", str(db_path))
    console.print(table)


def duplicates_line(result, db_path: str) -> None:
    console.print(f"Duplicates:  {result.duplicates} articles in {result.clusters} clusters "
                  f"(threshold {result.threshold}; recompute: wellness-archiver dedup {db_path})")


def dedup_summary(result, found: list[dict], db_path: str) -> None:
    table = Table(title=f"Duplicates (threshold {result.threshold})", show_header=False)
    table.add_row("articles", str(result.articles))
    table.add_row("clusters", str(result.clusters))
    table.add_row("marked duplicate (kept)", str(result.duplicates))
    for reason, count in sorted(result.by_reason.items(), key=lambda kv: -kv[1]):
        table.add_row(f"  {reason}", str(count))
    console.print(table)
    for cluster in found[:10]:
        console.print(f"  cluster {cluster['id']}: {cluster['canonical_url']} (+{cluster['size'] - 1})")
    if len(found) > 10:
        console.print(f"  ... and {len(found) - 10} more: wellness-archiver dedup {db_path} --json")


def reextract_summary(result, db_path: str) -> None:
    table = Table(title=f"Re-extraction run {result.run_id}", show_header=False)
    table.add_row("captures re-extracted", str(result.captures))
    table.add_row("articles written", str(result.articles))
    table.add_row("changed (old version kept)", str(len(result.changed)))
    table.add_row("new articles", str(len(result.new)))
    table.add_row("no article now (old kept)", str(len(result.failed)))
    console.print(table)
    for url in result.changed[:20]:
        console.print(f"  changed: {url}")
    if len(result.changed) > 20:
        console.print(f"  ... and {len(result.changed) - 20} more")
    if result.changed:
        console.print(f"See a diff:  wellness-archiver history {db_path} {result.changed[0]}")


def stats_tables(data: dict, db_path: str) -> None:
    totals = Table(title=f"{Path(db_path).name}", show_header=False)
    for key in ("articles", "pages", "failed_pages", "skipped_pages", "crawl_runs"):
        totals.add_row(key.replace("_", " "), str(data[key]))
    console.print(totals)
    sites = Table("host", "name", "platform", "articles", "robots.txt", "sitemap limit", title="sites")
    for site in data["sites"]:
        robots = f"{site.get('robots_txt') or ''} ({site.get('robots_txt_reason')})" if site.get("robots_txt") else ""
        sites.add_row(site["host"], site["name"] or "", site["platform"] or "", str(site["articles"]), robots,
                      site.get("sitemap_limit") or "")
    console.print(sites)
    if data["errors"]:
        errors = Table("reason", "pages", title="failed pages")
        for reason, count in data["errors"].items():
            errors.add_row(reason, str(count))
        console.print(errors)
    if data["unfinished_run"]:
        run = data["unfinished_run"]
        console.print(f"Crawl run {run['id']} did not finish ({run['status']}): {run['done']} URLs done, "
                      f"{run['pending']} pending. Continue it: wellness-archiver crawl --resume {run['id']} "
                      f"--db {db_path}")


def frontier_tables(data: dict) -> None:
    """``frontier``: the run's totals, then per host and per worker."""
    totals = Table(title=f"frontier run {data['run'] or '(none yet)'}", show_header=False)
    for key in ("status", "started_at", "pending", "leased", "done", "seen"):
        totals.add_row(key, str(data[key]))
    hosts = Table("host", "pending", "leased", "done", title="per host")
    for host, row in data["hosts"].items():
        hosts.add_row(host, str(row["pending"]), str(row["leased"]), str(row["done"]))
    workers = Table("worker", "alive", "leased", "shard", "started", title="workers")
    for w in data["workers"]:
        workers.add_row(w["worker"], "yes" if w["alive"] else "no (lease lapsed)", str(w["leased"]),
                        w.get("shard", ""), w.get("started_at", ""))
    for table in (totals, hosts, workers):
        console.print(table)


def diff_lines(lines: list[str]) -> None:
    """A unified diff, coloured as git colours it."""
    for line in lines:
        color = None
        if line.startswith("+") and not line.startswith("+++"):
            color = "green"
        elif line.startswith("-") and not line.startswith("---"):
            color = "red"
        elif line.startswith("@@"):
            color = "cyan"
        click.secho(line, fg=color)


def export_summary(manifest: dict, fmt: str, out: str, manifest_path) -> None:
    file = manifest["files"][0]
    what = f"{file['captures']} captures" if fmt == "warc" else f"{file['articles']} articles"
    console.print(f"Wrote {what} to {out} ({file['bytes']:,} bytes, sha256 {file['sha256'][:12]}...)")
    console.print(f"Manifest:  {manifest_path}")
    if manifest.get("pii_redaction"):
        r = manifest["pii_redaction"]
        console.print(f"Redacted:  {r['emails_replaced']} e-mail addresses, {r['phones_replaced']} phone numbers "
                      f"({r['crisis_lines_kept']} crisis-line numbers kept)")


def forget_summary(result, db_path: str) -> None:
    for stone in result.tombstones:
        console.print(f"Tombstone: {stone['kind']} {stone['target']} ({stone['reason']})")
    console.print(f"Removed:   {result.articles} articles, {result.versions} earlier versions, {result.captures} "
                  f"raw captures, {result.pages} pages, {result.frontier} frontier rows, "
                  f"{result.clusters} duplicate clusters dissolved")
    console.print(f"VACUUM:    rewrote {db_path} without the removed bodies "
                  f"({result.bytes_before:,} -> {result.bytes_after:,} bytes)")


def merge_summary(counts: dict, out: str) -> None:
    console.print(f"Merged {counts['shards']} shard(s) into {out}: {counts.get('articles', 0)} new articles, "
                  f"{counts.get('pages', 0)} new pages, {counts.get('versions', 0)} older versions kept, "
                  f"{counts.get('runs', 0)} new crawl runs. Duplicates: wellness-archiver dedup {out}")
    if counts.get("tombstones") or counts.get("forgotten"):
        console.print(f"Tombstones: {counts.get('tombstones', 0)} new from the shards ({counts.get('purged', 0)} "
                      f"articles forgotten in {out}); {counts.get('forgotten', 0)} forgotten rows not copied, "
                      f"{counts.get('refused', 0)} pages recorded as refusals")
