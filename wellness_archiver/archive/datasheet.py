"""A Markdown datasheet of an archive, for a paper's appendix.

Sources (sites, platforms, counts), dates, language mix, quality flags,
duplicates, collection decisions (robots.txt, noarchive, other refusals),
failures by reason, crawl runs with their tool and extractor versions.
Every figure is read from the archive itself.
"""

from __future__ import annotations

import json
from collections import Counter

from tabulate import tabulate

from wellness_archiver.archive.db import Archive, utcnow
from wellness_archiver.archive.tombstones import counts as tombstone_counts


def _table(headers: list[str], rows: list[list]) -> list[str]:
    # tabulate's pipe format does not escape "|" or join lines inside a cell;
    # without alignment it pads no cell, so rows read as "| a | b |".
    def cell(value) -> str:
        return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

    text = tabulate([[cell(v) for v in row] for row in rows], headers, tablefmt="pipe",
                    stralign=None, numalign=None, disable_numparse=True)
    return text.splitlines() + [""]


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def datasheet(archive: Archive) -> str:
    """The datasheet as Markdown text."""
    db = archive.db
    n_articles = db["articles"].count
    out = _composition(archive, n_articles)
    out += _language(db, n_articles)
    out += _quality(db, n_articles)
    out += _duplicates(archive, n_articles)
    out += _decisions(db)
    out += _runs(db)
    return "\n".join(out).rstrip() + "\n"


def _one(db, sql: str, args=()) -> tuple:
    return db.execute(sql, list(args)).fetchone()


def _rows(db, sql: str, args=()) -> list[tuple]:
    return db.execute(sql, list(args)).fetchall()


def _composition(archive: Archive, n_articles: int) -> list[str]:
    db = archive.db
    n_sites = _one(db, "select count(distinct host) from articles")[0]
    first_pub, last_pub = _one(db, "select min(published), max(published) from articles where published is not null")
    undated = _one(db, "select count(*) from articles where published is null or published = ''")[0]
    crawl_first, crawl_last = _one(
        db, "select min(started_at), max(coalesce(finished_at, started_at)) from crawl_runs where kind = 'crawl' or kind is null"
    )
    words_total, words_mean = _one(db, "select coalesce(sum(word_count), 0), avg(word_count) from articles")
    return [
        f"# Datasheet: {archive.path.name}",
        "",
        f"Generated {utcnow()} by wellness-archiver from the SQLite archive `{archive.path.name}`.",
        "",
        "## Composition",
        "",
        *_table(["", ""], [
            ["articles", n_articles],
            ["sites", n_sites],
            ["words", f"{words_total:,}" + (f" (mean {words_mean:.0f} per article)" if words_mean else "")],
            ["published", f"{(first_pub or '?')[:10]} to {(last_pub or '?')[:10]}"
                          + (f" ({undated} articles undated)" if undated else "")],
            ["crawled", f"{(crawl_first or '?')[:10]} to {(crawl_last or '?')[:10]}"],
            ["pages tried", db["pages"].count],
            ["raw captures", db["captures"].count],
        ]),
        "## Sources",
        "",
        *_table(
            ["host", "name", "platform", "articles", "first published", "last published", "first crawled", "last crawled"],
            [list(r[:4]) + [(r[4] or "")[:10], (r[5] or "")[:10], (r[6] or "")[:10], (r[7] or "")[:10]]
             for r in _rows(db,
                "select s.host, s.name, s.platform, count(a.url), min(a.published), max(a.published), "
                "s.first_seen, s.last_seen from sites s left join articles a on a.host = s.host "
                "group by s.host order by count(a.url) desc, s.host")],
        ),
        "### Platforms",
        "",
        *_table(["platform", "sites", "articles"],
                [list(r) for r in _rows(db, "select coalesce(platform, 'unknown'), count(distinct host), count(*) "
                                       "from articles group by 1 order by 3 desc, 1")]),
        "### Articles per year",
        "",
        *_table(["year", "articles"],
                [list(r) for r in _rows(db, "select coalesce(substr(published, 1, 4), 'undated'), count(*) "
                                       "from articles group by 1 order by 1")]),
    ]


def _language(db, n_articles: int) -> list[str]:
    """Detected languages."""
    lang_rows = _rows(db,
        "select coalesce(language_detected, 'unknown'), count(*), avg(language_confidence), "
        "sum(case when lower(coalesce(language, '')) = lower(coalesce(language_detected, '')) then 1 else 0 end) "
        "from articles group by 1 order by 2 desc, 1"
    )
    out = [
        "## Language",
        "",
        "Detected with py3langid on the article text (`language_detected`, confidence = normalised "
        "probability); `declared` = the page's own `lang`/metadata (`language`).",
        "",
        *_table(["detected", "articles", "share", "mean confidence", "declared the same"],
                [[lang, count, _pct(count, n_articles), f"{conf:.3f}" if conf is not None else "-", same]
                 for lang, count, conf, same in lang_rows]),
    ]
    return out


def _quality(db, n_articles: int) -> list[str]:
    """Quality flags."""
    flags = Counter()
    for (value,) in _rows(db, "select quality_flags from articles where quality_flags is not null"):
        flags.update(json.loads(value or "[]"))
    unassessed = _one(db, "select count(*) from articles where quality_flags is null")[0]
    sentences = _one(db, "select coalesce(sum(sentence_count), 0) from articles")[0]
    out = [
        "## Quality flags",
        "",
        f"{sentences:,} sentences. Flags: `too_short` under 100 words; `mostly_links` over half the "
        "text is link text; `mostly_non_prose` over half the words are in list items or fragments "
        "(lines under six words, or under twelve without closing punctuation).",
        "",
        *_table(["flag", "articles", "share"],
                [[flag, flags[flag], _pct(flags[flag], n_articles)]
                 for flag in ("too_short", "mostly_links", "mostly_non_prose")]),
    ]
    if unassessed:
        out += [f"{unassessed} articles have no quality fields yet (run `wellness-archiver dedup`).", ""]
    return out


def _duplicates(archive: Archive, n_articles: int) -> list[str]:
    """Duplicate clusters of the last dedup."""
    from wellness_archiver.archive.dedup import is_stale, last_dedup

    db = archive.db
    last = last_dedup(archive)
    out = ["## Duplicates", ""]
    if last is None:
        out += ["Not computed: run `wellness-archiver dedup` first.", ""]
    else:
        reasons = _rows(db, "select coalesce(substr(duplicate_reason, 1, instr(duplicate_reason || ' (', ' (') - 1), '?'), "
                       "count(*) from articles where duplicate_of is not null group by 1 order by 2 desc")
        cross = _one(db, "select count(*) from articles a join articles c on c.url = a.duplicate_of where a.host != c.host")[0]
        out += [
            f"Computed {last['computed_at']} (MinHash LSH, {last['num_perm']} permutations, word "
            f"{last['shingle_size']}-shingles, Jaccard threshold {last['threshold']}; exact text; URL variants "
            "and rel=canonical)" + (" - **stale: articles changed since**" if is_stale(archive) else "") + ".",
            "",
            *_table(["", ""], [
                ["clusters", last["clusters"]],
                ["articles marked duplicate (kept, never deleted)", last["duplicates"]],
                ["of which across sites", cross],
                ["articles after `--no-duplicates`", n_articles - last["duplicates"]],
            ]),
            *_table(["reason", "duplicates"], [list(r) for r in reasons]),
        ]
    return out


def _decisions(db) -> list[str]:
    """Collection decisions and failures."""
    robots = _one(db, "select count(*) from pages where error = 'robots.txt disallowed'")[0]
    blocked = _rows(db, "select error, count(*) from pages where page_type = 'blocked' and error != 'robots.txt disallowed' "
                   "group by error order by 2 desc")
    noarchive = _one(db, "select count(*) from captures where noarchive = 1")[0]
    failures = _rows(db, "select error, count(*) from pages where error is not null and page_type != 'blocked' "
                    "group by error order by 2 desc, 1")
    out = [
        "## Collection decisions",
        "",
        *_table(["decision", "pages"], [
            ["not fetched: robots.txt disallowed", robots],
            *[[f"not fetched: {reason}", count] for reason, count in blocked],
            ["fetched, raw page not kept: noarchive (meta robots / X-Robots-Tag)", noarchive],
            *_rendered(db),
        ]),
        *_site_policy(db),
        "Removed on request (tombstones): {urls} URL(s), {sites} site(s); their content is deleted and "
        "later crawls and imports refuse them.".format(**tombstone_counts(db)),
        "",
        "### Failures by reason",
        "",
        *(_table(["reason", "pages"], [list(r) for r in failures]) if failures else ["None.", ""]),
    ]
    return out


def _runs(db) -> list[str]:
    """Runs, tools and extractors."""
    runs = _rows(db, "select id, coalesce(kind, 'crawl'), started_at, finished_at, status, seeds, pages_fetched, "
                "posts_stored, errors, versions from crawl_runs order by id")
    tool_versions: dict[str, set] = {}
    for run in runs:
        for name, value in json.loads(run[9] or "{}").items():
            tool_versions.setdefault(name, set()).add(str(value))
    out = [
        "## Crawl runs",
        "",
        *_table(["run", "kind", "started", "finished", "status", "seeds", "pages fetched", "posts stored", "errors"],
                [[r[0], r[1], r[2], r[3], r[4], len(json.loads(r[5] or "[]")), r[6], r[7], r[8]] for r in runs]),
        *_campaigns(_rows(db, "select id, campaign from crawl_runs where campaign is not null order by id")
                    if "campaign" in db["crawl_runs"].columns_dict else []),
        "## Tools and extractors",
        "",
        *_table(["tool", "versions"], [[name, ", ".join(sorted(v))] for name, v in sorted(tool_versions.items())]),
        *_table(["extractor", "articles"],
                [list(r) for r in _rows(db, "select coalesce(extractor, 'unknown'), count(*) from articles "
                                       "group by 1 order by 2 desc")]),
    ]
    return out


def _site_policy(db) -> list[str]:
    """Sites whose robots.txt was not simply obeyed, or whose sitemaps hit a cap (m007)."""
    if "robots_txt" not in db["sites"].columns_dict:
        return []
    found = db.execute("select host, robots_txt, robots_txt_reason, sitemap_limit from sites "
                       "where coalesce(robots_txt, 'obeyed') != 'obeyed' or sitemap_limit is not null "
                       "order by host").fetchall()
    return [
        "### robots.txt and sitemap caps per site",
        "",
        "robots.txt per RFC 9309: 4xx allows everything, 5xx or unreachable disallows the whole site.",
        "",
        *(_table(["host", "robots.txt", "why", "sitemap limit"], [[h, r or "", w or "", l or ""] for h, r, w, l in found])
          if found else ["Every site's robots.txt was obeyed as written; no sitemap cap was hit.", ""]),
    ]


def _rendered(db) -> list[list]:
    """Captures rendered in a browser (m011): an archive read without migrating may predate the column."""
    if "rendered" not in db["captures"].columns_dict:
        return []
    return [["rendered in a headless browser (crawl --render; captures of the DOM after scripts)",
             db.execute("select count(*) from captures where rendered = 1").fetchone()[0]]]


def _campaigns(runs) -> list[str]:
    """The campaigns crawl runs came from (crawl --campaign): what was meant and how it was limited."""
    if not runs:
        return []
    out = ["### Campaigns", ""]
    for run_id, value in runs:
        c = json.loads(value)
        limits = ", ".join(f"{k} {v}" for k, v in (c.get("limits") or {}).items()) or "none"
        settings = ", ".join(f"{k}={v}" for k, v in (c.get("settings") or {}).items()) or "none"
        out += [f"**{c.get('name')}** (run {run_id}, file `{c.get('file')}`, sha256 {(c.get('sha256') or '')[:12]})", ""]
        if c.get("description"):
            out += [c["description"], ""]
        out += _table(["", ""], [["seeds", c.get("seeds")], ["contact", c.get("contact") or "-"],
                                 ["limits", limits], ["settings", settings],
                                 ["options", ", ".join(k for k, v in (c.get("options") or {}).items() if v) or "none"]])
    return out
