"""Cells as links between the archive's tables, and highlighted search results."""

from __future__ import annotations

from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from wellness_archiver.datasette_plugin.queries import MARK

# Columns holding another table's key, wherever they appear (tables, the
# article_list view, canned queries): links without rebuilding tables for
# real foreign keys (a rebuild would drop the FTS triggers).
LINKS = {
    "capture_id": "captures",
    "cluster_id": "duplicate_clusters",
    "duplicate_of": "articles",
    "page_url": "pages",
    "crawl_run": "crawl_runs",
    "replaced_by_run": "crawl_runs",
    "after_run": "crawl_runs",
    "dedup_run": "dedup_runs",
    "article": "articles",
    "other_article": "articles",
    "canonical": "articles",
}
# A table's own key is not a link to itself; these columns mean something else there.
NOT_LINKED = {("crawl_runs", "crawl_run"), ("duplicate_clusters", "cluster_id")}
ARTICLE_TABLES = {"duplicate_clusters": "canonical_url", "article_versions": "url"}


def _with_marks(value: str) -> Markup:
    """Escape everything, then let exactly the FTS marks through as <mark>."""
    html = str(escape(value))
    return Markup(html.replace(str(escape(MARK[0])), MARK[0]).replace(str(escape(MARK[1])), MARK[1]))


def render(row, value, column, table, database, datasette):
    if isinstance(value, dict) and "value" in value:  # an expanded foreign key
        value = value["value"]
    if value is None or value == "":
        return None

    def row_link(target, pk, label=None):
        href = datasette.urls.row(database, target, tilde_encode(str(pk)))
        return Markup('<a href="{}">{}</a>').format(href, label if label is not None else pk)

    if table is None and column in ("title", "snippet") and isinstance(value, str):
        marked = _with_marks(value)  # the search query's highlighted columns
        if column == "title" and row is not None and _get(row, "url"):
            return Markup('<a href="{}">{}</a>').format(
                datasette.urls.row(database, "articles", tilde_encode(str(_get(row, "url")))), marked)
        return marked
    if table in ("article_list", "articles") and column == "title" and _get(row, "url"):
        return row_link("articles", _get(row, "url"), value)
    if ARTICLE_TABLES.get(table) == column:
        return row_link("articles", value)
    target = LINKS.get(column)
    if target and (table, column) not in NOT_LINKED:
        return row_link(target, value)
    return None


def _get(row, key):
    try:
        return row[key]
    except (KeyError, IndexError, TypeError):
        return None
