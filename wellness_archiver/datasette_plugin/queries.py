"""Canned queries for research and QA, and the SQL functions they use."""

from __future__ import annotations

import json
import re

# A balanced "quoted phrase", or a word with an optional trailing * (prefix).
_TERM = re.compile(r'"([^"]*)"|(\w+)(\*?)')
_WORD = re.compile(r"\w+")


def fts_query(q: str | None) -> str:
    """Turn what a person types into a valid FTS5 query: words (AND), "phrases"
    and prefix terms (therap*) are kept, OR between terms too; stray quotes and
    FTS5 operators are dropped, so no input is a syntax error. Linear in q."""
    parts: list[str] = []
    for m in _TERM.finditer(q or ""):
        if m.group(1) is not None:
            words = _WORD.findall(m.group(1))
            if words:
                parts.append('"' + " ".join(words) + '"')
        elif m.group(2) == "OR" and not m.group(3):
            if parts and parts[-1] != "OR":
                parts.append("OR")
        else:
            parts.append(f'"{m.group(2)}"' + m.group(3))
    while parts and parts[-1] == "OR":
        parts.pop()
    # An empty query matches nothing (FTS5 rejects an empty MATCH string).
    return " ".join(parts) or '""'


# Chrome is short lines (sign-offs, share and newsletter boxes, bylines);
# leaving out prose paragraphs keeps chrome_leaks fast on large archives.
MAX_CHROME_LINE = 200


def text_lines(text: str | None) -> str:
    """JSON list of an article's distinct short non-empty lines (json_each() them)."""
    seen = dict.fromkeys(s for line in (text or "").splitlines() if 0 < len(s := line.strip()) <= MAX_CHROME_LINE)
    return json.dumps(list(seen), ensure_ascii=False)


def register_functions(conn) -> None:
    conn.create_function("wellness_fts_query", 1, fts_query, deterministic=True)
    conn.create_function("wellness_lines", 1, text_lines, deterministic=True)


MARK = ("<mark>", "</mark>")

SEARCH = f"""
select
  highlight(articles_fts, 0, '{MARK[0]}', '{MARK[1]}') as title,
  snippet(articles_fts, 1, '{MARK[0]}', '{MARK[1]}', ' … ', 24) as snippet,
  a.host as site, a.published, coalesce(a.language_detected, a.language) as language,
  round(bm25(articles_fts, 10.0, 1.0), 2) as rank,
  a.url
from articles_fts join articles a on a.rowid = articles_fts.rowid
where articles_fts match wellness_fts_query(:q)
  and (:site = '' or a.host = :site)
  and (:language = '' or a.language_detected = :language or a.language = :language
       or substr(a.language, 1, length(:language) + 1) in (:language || '-', :language || '_'))
order by rank
limit 200
"""

# Each site's latest CHROME_SAMPLE articles: chrome is on every page of a
# site, so a sample finds it, and the query stays within Datasette's time
# limit on any archive size (reading every text is ~65 us per article).
CHROME_SAMPLE = 500

CHROME_LEAKS = f"""
with sample as (
  select rowid as id, host from (
    select rowid, host, row_number() over (partition by host order by rowid desc) as n
    from articles where duplicate_of is null
  ) where n <= {CHROME_SAMPLE}
),
counted as (select host, count(*) as n from sample group by host),
lines as (
  select a.host, l.value as line, a.url
  from sample join articles a on a.rowid = sample.id, json_each(wellness_lines(a.text)) l
)
select lines.host as site, line, count(*) as articles, counted.n as site_articles,
  round(100.0 * count(*) / counted.n) as percent,
  min(url) as article, max(url) as other_article
from lines join counted on counted.host = lines.host
group by lines.host, line
having count(*) >= 3 and count(*) * 5 >= counted.n
order by articles desc, site, line
limit 500
"""

FAILURES = """
select error as reason, host as site, count(*) as pages,
  min(url) as example, max(fetched_at) as last_fetched
from pages
where error is not null and coalesce(page_type, '') != 'blocked'
group by error, host
order by pages desc, reason, site
"""

DUPLICATES = """
select c.id as cluster_id, c.size, c.reasons, c.canonical_url as canonical,
  a.url as article, a.title, a.host as site,
  coalesce(a.duplicate_reason, 'canonical') as reason
from duplicate_clusters c join articles a on a.cluster_id = c.id
order by c.size desc, c.id, a.duplicate_of is not null, a.url
"""

ARTICLES_PER_MONTH = """
select substr(published, 1, 7) as month, host as site, count(*) as articles,
  sum(word_count) as words,
  printf('%.*c', min(count(*), 60), '█') as chart
from articles
where published is not null
group by month, host
order by month desc, site
"""

POLICY = """
select host as site, 'not stored: ' || error as decision, count(*) as pages, min(url) as example
from pages where page_type = 'blocked'
group by host, error
union all{site_decisions}
select p.host, 'stored without raw page: noarchive', count(*), min(c.url)
from captures c left join pages p on p.url = c.url
where c.noarchive = 1
group by p.host
union all
select '(crawl run ' || id || ')', 'TDM reservations ignored (--ignore-tdm)', 1, null
from crawl_runs where json_extract(arguments, '$.ignore_tdm')
order by site, pages desc
"""

CRAWL_RUNS = """
select r.id as crawl_run, r.kind, r.status, r.started_at, r.finished_at,
  r.pages_fetched, r.posts_stored, r.errors,
  (select count(*) from pages p where p.crawl_run = r.id and p.page_type = 'blocked') as refused,
  r.resumed, r.limited,
  json_array_length(r.seeds) as seeds,
  json_extract(r.versions, '$.wellness_archiver') as version,
  json_extract(r.versions, '$.trafilatura') as trafilatura,
  r.arguments
from crawl_runs r
order by r.id desc
"""

CANNED = {
    "search": {
        "sql": SEARCH,
        "title": "Search articles, ranked",
        "description": (
            "Full-text search over title and text, best match first (bm25, title weighted 10x), with "
            "the matches highlighted. q: words (all must match), \"a phrase\", prefix terms like "
            "therap*, OR between terms; stray quotes are ignored. site: a host, e.g. 127.0.0.1:8000 "
            "(blank: all). language: a code such as en (blank: all)."
        ),
        "params": ["q", "site", "language"],
    },
    "chrome_leaks": {
        "sql": CHROME_LEAKS,
        "title": "Chrome leaks: lines repeated across a site's articles",
        "description": (
            "Lines of text (up to 200 characters) found in at least 3 articles and at least 20% of one site's "
            "latest 500 articles (duplicates left out): usually page chrome (share buttons, sign-offs, "
            "newsletter boxes) that extraction kept. With the count, the number of the site's articles "
            "looked at, the share and two example articles."
        ),
    },
    "failures": {
        "sql": FAILURES,
        "title": "Failures by reason and site",
        "description": (
            "Pages that failed or gave no article (HTTP errors, timeouts, extraction failures), grouped "
            "by reason and site, with an example URL. Refusals by policy are in 'policy'."
        ),
    },
    "duplicates": {
        "sql": DUPLICATES,
        "title": "Duplicate clusters and their members",
        "description": (
            "Each cluster of the last 'wellness-archiver dedup', largest first: its canonical article "
            "first, then every member with why it is a duplicate (same text, near-duplicate, URL "
            "variant, rel=canonical)."
        ),
    },
    "articles_per_month": {
        "sql": ARTICLES_PER_MONTH,
        "title": "Articles per site per month",
        "description": (
            "Articles by publication month and site, newest first, with their words and a text bar "
            "chart (one block per article, up to 60). Articles without a date are left out."
        ),
    },
    "policy": {
        "sql": POLICY,
        "title": "Collection decisions: robots.txt, noindex, TDM, noarchive",
        "description": (
            "What the owners' signals made the crawler leave out, per site: pages not stored (robots.txt "
            "disallowed, noindex, TDM reservations or noai, SSRF guard, traps) and pages stored without "
            "their raw copy (noarchive); per-site robots/TDM decisions when the archive records them; and "
            "crawl runs that ignored TDM reservations."
        ),
    },
    "crawl_runs": {
        "sql": CRAWL_RUNS,
        "title": "Crawl runs",
        "description": (
            "One line per crawl, re-extraction or WARC import, newest first: status, times, pages "
            "fetched, posts stored, errors, pages refused by policy, resumes, URLs left out by the "
            "caps, seeds, tool versions and the command-line options."
        ),
    },
}


def _site_decisions(site_columns) -> str:
    """The sites' policy columns the archive has (robots.txt verdict and why,
    sitemap caps hit: m007): one line per site and column that is set."""
    from wellness_archiver.archive.db import SITE_POLICY_COLUMNS

    parts = []
    for column in (c for c in SITE_POLICY_COLUMNS if c in site_columns):
        quoted = '"' + column.replace('"', '""') + '"'
        parts.append(f"""
select host, '{column.replace("'", "''")}: ' || {quoted}, null, null from sites where {quoted} is not null
union all""")
    return "".join(parts)


def canned_queries(site_columns=()) -> dict:
    """The canned queries; site_columns: the sites table's columns, for policy."""
    sql = {name: q["sql"] for name, q in CANNED.items()}
    sql["policy"] = POLICY.replace("{site_decisions}", _site_decisions(site_columns))
    return {
        # hide_sql: results first; "show" reveals the SQL.
        name: {"sql": sql[name].strip(), "title": q["title"], "description": q["description"], "hide_sql": True,
               **({"params": q["params"]} if "params" in q else {})}
        for name, q in CANNED.items()
    }


def article_list_query() -> dict:
    """m013's article_list view as a canned query; cluster_id narrows it as the view's filter does."""
    from wellness_archiver.archive.schema import ARTICLE_LIST_SQL

    return {
        "sql": f"select * from ({ARTICLE_LIST_SQL}) where :cluster_id = '' or cluster_id = :cluster_id",
        "title": "article_list",
        "description": "Every article with the columns worth browsing (this archive predates the article_list view).",
        "hide_sql": True,
    }
