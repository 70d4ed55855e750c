"""The archive's schema, as idempotent sqlite-utils migrations.

Each migration runs once per database and is recorded in
``_sqlite_migrations``; append new ones, never edit applied ones.
"""

from __future__ import annotations

from wellness_archiver.archive.sqlite import Database, Migrations

migrations = Migrations("wellness_archiver")

FTS_COLUMNS = {"articles": ["title", "text"]}


@migrations()
def m001_initial(db: Database) -> None:
    db["crawl_runs"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "status": str,  # running | finished | partial | failed | interrupted
            "seeds": str,  # JSON list
            "arguments": str,  # JSON object: the command-line options
            "versions": str,  # JSON object: tool and library versions
            "pages_fetched": int,
            "posts_stored": int,
            "errors": int,
        },
        pk="id",
    )
    db["sites"].create(
        {
            "host": str,
            "name": str,
            "platform": str,
            "language": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="host",
    )
    db["pages"].create(
        {
            "url": str,
            "final_url": str,
            "host": str,
            "status": int,
            "content_type": str,
            "page_type": str,  # post | listing | page | feed | other | error
            "fetched_at": str,
            "error": str,  # why the page failed or yielded no article
            "depth": int,
            "referrer": str,
            "crawl_run": int,
        },
        pk="url",
        foreign_keys=[("host", "sites", "host"), ("crawl_run", "crawl_runs", "id")],
    )
    db["articles"].create(
        {
            "url": str,
            "canonical_url": str,
            "host": str,
            "title": str,
            "author": str,
            "published": str,
            "updated": str,
            "site_name": str,
            "tags": str,  # JSON list
            "description": str,
            "language": str,
            "platform": str,
            "word_count": int,
            "text": str,
            "content_hash": str,  # sha256 of the whitespace-normalised text
            "first_seen": str,
            "last_seen": str,
            "crawl_run": int,
            "page_url": str,
        },
        pk="url",
        foreign_keys=[
            ("host", "sites", "host"),
            ("crawl_run", "crawl_runs", "id"),
            ("page_url", "pages", "url"),
        ],
    )
    db["pages"].create_index(["host"])
    db["pages"].create_index(["crawl_run"])
    db["articles"].create_index(["host"])
    db["articles"].create_index(["published"])
    db["articles"].create_index(["content_hash"])
    for table, columns in FTS_COLUMNS.items():
        db[table].enable_fts(columns, create_triggers=True, tokenize="porter")


@migrations()
def m002_captures(db: Database) -> None:
    """Raw captures: every fetched HTML body, compressed, with its sha256."""
    db["captures"].create(
        {
            "id": int,
            "url": str,  # the URL requested (pages.url)
            "final_url": str,  # after redirects: the WARC-Target-URI
            "fetched_at": str,
            "status": int,
            "content_type": str,
            "headers": str,  # JSON object: the response headers
            "body": bytes,  # compressed raw body; NULL when noarchive
            "body_encoding": str,  # zstd
            "length": int,  # bytes of the raw body
            "sha256": str,  # of the raw (uncompressed) body
            "noarchive": int,  # 1: meta robots / X-Robots-Tag said noarchive
            "crawl_run": int,
        },
        pk="id",
        foreign_keys=[("crawl_run", "crawl_runs", "id")],
    )
    db["captures"].create_index(["url"])
    db["captures"].create_index(["sha256"])
    db["captures"].create_index(["crawl_run"])
    # Plain ALTER TABLE ADD COLUMN (no fk=): adding a foreign key rebuilds
    # the table, which would drop the FTS triggers on articles.
    db["pages"].add_column("capture_id", int)  # -> captures.id
    db["articles"].add_column("capture_id", int)  # -> captures.id
    db["articles"].add_column("extractor", str)  # name/version of the extractor
    db["crawl_runs"].add_column("kind", str)  # crawl | reextract | import-warc
    db.execute("update crawl_runs set kind = 'crawl' where kind is null")


@migrations()
def m003_article_versions(db: Database) -> None:
    """Earlier versions of an article, kept whenever its text or title changes."""
    db["article_versions"].create(
        {
            "id": int,
            "url": str,
            "title": str,
            "text": str,
            "content_hash": str,
            "extractor": str,
            "capture_id": int,
            "crawl_run": int,  # the run that produced this (old) version
            "replaced_at": str,
            "replaced_by_run": int,  # the crawl or re-extraction that replaced it
        },
        pk="id",
        foreign_keys=[("url", "articles", "url"), ("crawl_run", "crawl_runs", "id")],
    )
    db["article_versions"].create_index(["url"])
    db["article_versions"].create_index(["replaced_by_run"])


@migrations()
def m004_quality_and_duplicates(db: Database) -> None:
    """Language and quality per article; duplicate clusters (issue 4)."""
    articles = db["articles"]
    for column, kind in (
        ("language_detected", str),  # py3langid's language; articles.language is the page's own
        ("language_confidence", float),  # its normalised probability, 0-1
        ("sentence_count", int),
        ("link_share", float),  # share of the text that is link text
        ("non_prose_share", float),  # share of words in list items or fragments
        ("quality_flags", str),  # JSON list: too_short, mostly_links, mostly_non_prose
        ("cluster_id", int),  # duplicate_clusters.id, for every member of a cluster
        ("duplicate_of", str),  # the cluster's canonical article URL; NULL for the canonical one
        ("duplicate_reason", str),  # same text | near-duplicate (Jaccard ~0.93) | URL variant | rel=canonical
    ):
        if column not in articles.columns_dict:
            articles.add_column(column, kind)
    articles.create_index(["cluster_id"], if_not_exists=True)
    articles.create_index(["duplicate_of"], if_not_exists=True)
    db["duplicate_clusters"].create(
        {
            "id": int,
            "canonical_url": str,  # the member kept by export --no-duplicates
            "size": int,
            "reasons": str,  # JSON list of what linked the members
            "dedup_run": int,
        },
        pk="id",
        if_not_exists=True,
    )
    db["dedup_runs"].create(
        {
            "id": int,
            "computed_at": str,
            "threshold": float,  # Jaccard threshold of near-duplicates
            "shingle_size": int,  # words per shingle
            "num_perm": int,  # MinHash permutations
            "articles": int,
            "clusters": int,
            "duplicates": int,  # articles marked duplicate_of another
            "after_run": int,  # the latest crawl_runs.id it saw: newer runs make it stale
        },
        pk="id",
        if_not_exists=True,
    )


@migrations()
def m005_frontier(db: Database) -> None:
    """The crawl frontier, committed as the crawl goes, so a killed crawl resumes (issue 5)."""
    db["frontier"].create(
        {
            "crawl_run": int,
            "url": str,  # as requested (cleaned): pages.url once fetched
            "kind": str,  # page | feed: which callback fetches it
            "depth": int,  # links from a seed (sitemap entries count as 1)
            "referrer": str,  # the page it was found on
            "state": str,  # pending | done (fetched or refused, and stored)
        },
        pk=("crawl_run", "url"),
        foreign_keys=[("crawl_run", "crawl_runs", "id")],
    )
    db["frontier"].create_index(["crawl_run", "state"])
    db["crawl_runs"].add_column("resumed", int)  # times --resume continued this run
    db["crawl_runs"].add_column("limited", int)  # URLs not fetched because of --max-pages/--max-depth


@migrations()
def m007_site_policy(db: Database) -> None:
    """Per-site collection decisions (issue 10): the robots.txt verdict and sitemap caps hit."""
    db["sites"].add_column("robots_txt", str)  # obeyed | allow all | disallow all (RFC 9309)
    db["sites"].add_column("robots_txt_reason", str)  # HTTP 200 | HTTP 404 | HTTP 503 | unreachable: timeout ...
    db["sites"].add_column("sitemap_limit", str)  # the sitemap cap(s) hit, or NULL


@migrations()
def m009_dedup_signatures(db: Database) -> None:
    """MinHash signatures kept between dedup runs, so unchanged articles are not hashed again (issue 10)."""
    db["dedup_signatures"].create(
        {
            "url": str,  # articles.url
            "content_hash": str,  # the article's content_hash when hashed: a changed text is hashed again
            "params": str,  # shingle size, permutations, seed, scheme and dtype the signature was made with
            "signature": bytes,  # the MinHash hash values; NULL when the text is too short to compare
        },
        pk="url",
    )


@migrations()
def m011_campaigns_tombstones(db: Database) -> None:
    """Campaign files recorded per crawl run; tombstones of forgotten URLs and sites (issue 14)."""
    db["crawl_runs"].add_column("campaign", str)  # JSON: the campaign file's name, description, limits, ...
    db["captures"].add_column("rendered", int)  # 1: the DOM after scripts ran (crawl --render)
    db["tombstones"].create(
        {
            "id": int,
            "kind": str,  # url | site
            "target": str,  # the URL (canonicalised) or the host
            "reason": str,
            "created_at": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db["tombstones"].create_index(["kind", "target"], unique=True, if_not_exists=True)


# The article_list view's query; the Datasette plugin serves it as a canned
# query on archives read (never migrated) from before m013.
ARTICLE_LIST_SQL = """select title, host as site, author, published,
  substr(published, 1, 4) as year, substr(published, 1, 7) as month,
  word_count as words, coalesce(language_detected, language) as language,
  tags, quality_flags as flags, cluster_id, duplicate_of, url, rowid as article_rowid
from articles"""


@migrations()
def m013_datasette_views(db: Database) -> None:
    """article_list: the articles with the columns worth browsing, and year and
    month to facet on (issue 13). A view, so the table and its FTS triggers stay."""
    db.create_view("article_list", ARTICLE_LIST_SQL, replace=True)


@migrations()
def m012_shared_frontier(db: Database) -> None:
    """Crawl runs of workers sharing a Redis frontier (issue 15): the logical
    run they all belong to (merge folds them by it), and which worker."""
    db["crawl_runs"].add_column("frontier_run", str)
    db["crawl_runs"].add_column("worker", str)  # worker id; a merged run lists its workers, comma-separated
    db["crawl_runs"].create_index(["frontier_run"])


@migrations()
def m010_extractor(db: Database) -> None:
    """Which candidate extractor the selector chose for each article (issue 12)."""
    if "extractor_candidate" not in db["articles"].columns_dict:
        db["articles"].add_column("extractor_candidate", str)


def ensure_schema(db: Database) -> None:
    """Create or migrate the schema; safe to call on every open."""
    db.enable_wal()
    migrations.apply(db)
