"""Tables for ``wellness-archiver frontier``."""

from __future__ import annotations

from rich.table import Table


def status_tables(data: dict) -> list[Table]:
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
    return [totals, hosts, workers]
