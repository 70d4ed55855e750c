"""An article's row page: its Markdown as safe HTML, its metadata, its links."""

from __future__ import annotations

import json
from html import escape
from urllib.parse import quote

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# What stored Markdown may become: structure and emphasis, nothing that runs
# script, loads a resource (no img, iframe, style) or submits a form.
ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
    "ul", "ol", "li", "em", "strong", "b", "i", "del", "s", "sub", "sup", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
_HTTP = ("http://", "https://")


def _http_only(tag: str, attribute: str, value: str) -> str | None:
    # nh3's url_schemes lets relative URLs through: those would point into
    # Datasette, so a link must be absolute http(s) or go.
    if attribute == "href" and not value.lower().startswith(_HTTP):
        return None
    return value


def _image_as_link(self, tokens, idx, options, env) -> str:
    """Images become a link to the image: the page loads nothing remote."""
    token = tokens[idx]
    alt = self.renderInline(token.children or [], options, env) or "image"
    return f'<a href="{escape(token.attrGet("src") or "")}">[image: {alt}]</a>'


# Raw HTML in the Markdown is shown as text (html=False), and the result is
# sanitised anyway: the sanitiser is the guarantee, not the parser.
_md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_md.add_render_rule("image", _image_as_link)


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_http_only,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_body(markdown: str | None, text: str | None) -> Markup:
    """The article as HTML: from its Markdown, else one paragraph per text line."""
    if markdown and markdown.strip():
        html = _md.render(markdown)
    else:
        html = "".join(f"<p>{escape(line)}</p>" for line in (text or "").splitlines() if line.strip())
    return Markup(sanitise(html))


def _json_list(value) -> list:
    try:
        items = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return [value]
    return [str(i) for i in items] if isinstance(items, list) else []


def _http_url(url) -> str | None:
    return url if isinstance(url, str) and url.lower().startswith(_HTTP) else None


async def article_context(datasette, database: str, url: str) -> dict | None:
    db = datasette.get_database(database)
    row = (await db.execute("select * from articles where url = ?", [url])).first()
    if row is None:
        return None
    a = dict(row)
    versions = (await db.execute("select count(*) from article_versions where url = ?", [url])).first()[0]
    urls = datasette.urls

    def table_link(table: str, **where) -> str:
        return urls.table(database, table) + "?" + "&".join(f"{k}={quote(str(v), safe='')}" for k, v in where.items())

    def row_link(table: str, pk) -> str:
        from datasette.utils import tilde_encode
        return urls.row(database, table, tilde_encode(str(pk)))

    language = a.get("language") or ""
    if a.get("language_detected") and a.get("language_detected") != language:
        confidence = a.get("language_confidence")
        detected = f"{a['language_detected']}" + (f" ({confidence:.2f})" if isinstance(confidence, float) else "")
        language = f"{language or '?'} declared, {detected} detected"
    fields = [
        ("Author", a.get("author")),
        ("Site", " · ".join(v for v in (a.get("site_name"), a.get("host")) if v)),
        ("Published", a.get("published")),
        ("Updated", a.get("updated")),
        ("Tags", ", ".join(_json_list(a.get("tags")))),
        ("Platform", a.get("platform")),
        ("Language", language),
        ("Words", f"{a['word_count']:,}" if isinstance(a.get("word_count"), int) else None),
        ("Quality flags", ", ".join(_json_list(a.get("quality_flags"))) or "none"),
        ("Extractor", a.get("extractor")),
        ("First seen", a.get("first_seen")),
        ("Last fetched", a.get("last_seen")),
    ]
    links = []
    if _http_url(a.get("url")):
        links.append(("Original page", a["url"]))
    if a.get("capture_id") is not None:
        links.append(("Raw capture (as fetched)", datasette.urls.path(
            f"/-/wellness/capture/{quote(database, safe='')}/{int(a['capture_id'])}")))
        links.append(("Capture record", row_link("captures", a["capture_id"])))
    links.append((f"Earlier versions ({versions})", table_link("article_versions", url=url)))
    if a.get("cluster_id") is not None:
        links.append(("Duplicate cluster", row_link("duplicate_clusters", a["cluster_id"])))
        links.append(("Cluster members", table_link("article_list", cluster_id=a["cluster_id"])))
    if a.get("duplicate_of"):
        links.append((f"Duplicate of ({a.get('duplicate_reason') or 'duplicate'})", row_link("articles", a["duplicate_of"])))
    if a.get("page_url"):
        links.append(("Fetch record", row_link("pages", a["page_url"])))
    return {
        "title": a.get("title") or a.get("url"),
        "url": a.get("url"),
        "description": a.get("description"),
        "fields": [(k, v) for k, v in fields if v not in (None, "")],
        "body": render_body(a.get("markdown"), a.get("text")),
        "links": links,
    }
