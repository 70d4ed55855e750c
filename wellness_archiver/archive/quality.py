"""The quality columns of ``articles`` (``analysis/quality.py`` computes
them), filled for the articles that lack them."""

from __future__ import annotations

from wellness_archiver.analysis.quality import COLUMNS, assess


def fill_missing(archive, batch: int = 500) -> int:
    """Compute the quality fields of articles that lack them (new articles,
    and archives crawled before they existed); returns how many were filled."""
    db = archive.db
    md = "markdown" if "markdown" in db["articles"].columns_dict else "null"
    sets = ", ".join(f"{c} = :{c}" for c in COLUMNS)
    done = 0
    while True:
        rows = db.execute(
            f"select url, text, {md}, word_count from articles where quality_flags is null limit ?", [batch]
        ).fetchall()
        if not rows:
            return done
        updates = [{"url": url, **assess(text or "", markdown, words)} for url, text, markdown, words in rows]
        with db.atomic():
            db.conn.executemany(f"update articles set {sets} where url = :url", updates)
        done += len(rows)
