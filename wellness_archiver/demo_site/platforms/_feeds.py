"""XML documents shared by the platforms: sitemaps, RSS 2.0 and Atom feeds."""

from __future__ import annotations

from wellness_archiver.demo_site.platforms._html import ATOM, RSS, TEXT, XML, Page, esc

_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(entries: list[tuple[str, str | None]], images: dict[str, str] | None = None) -> Page:
    """urlset from (absolute url, lastmod or None)."""
    images = images or {}
    rows = []
    for loc, lastmod in entries:
        row = f"<url><loc>{esc(loc)}</loc>"
        if lastmod:
            row += f"<lastmod>{lastmod}</lastmod>"
        if loc in images:
            row += f"<image:image><image:loc>{esc(images[loc])}</image:loc></image:image>"
        rows.append(row + "</url>")
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="{_SITEMAP_NS}" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n'
        + "\n".join(rows) + "\n</urlset>\n"
    )
    return Page(200, XML, body.encode())


def sitemap_index(entries: list[tuple[str, str | None]], stylesheet: str | None = None) -> Page:
    pi = f'<?xml-stylesheet type="text/xsl" href="{esc(stylesheet)}"?>\n' if stylesheet else ""
    rows = "".join(
        f"<sitemap><loc>{esc(loc)}</loc>" + (f"<lastmod>{lm}</lastmod>" if lm else "") + "</sitemap>\n"
        for loc, lm in entries
    )
    body = f'<?xml version="1.0" encoding="UTF-8"?>{pi}<sitemapindex xmlns="{_SITEMAP_NS}">\n{rows}</sitemapindex>\n'
    return Page(200, XML, body.encode())


def rss2(*, title: str, link: str, self_url: str, description: str, language: str,
         items: list[dict], generator: str, last_build: str) -> Page:
    """items: title, link, guid, pub (RFC 822), author, categories, description, content."""
    out = []
    for it in items:
        cats = "".join(f"<category><![CDATA[{c}]]></category>" for c in it["categories"])
        content = (f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>"
                   if it.get("content") else "")
        out.append(
            f"<item><title>{esc(it['title'])}</title><link>{esc(it['link'])}</link>"
            f"<dc:creator><![CDATA[{it['author']}]]></dc:creator><pubDate>{it['pub']}</pubDate>{cats}"
            f'<guid isPermaLink="{"true" if it["guid"] == it["link"] else "false"}">{esc(it["guid"])}</guid>'
            f"<description><![CDATA[{it['description']}]]></description>{content}</item>"
        )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">\n<channel>'
        f"<title>{esc(title)}</title>"
        f'<atom:link href="{esc(self_url)}" rel="self" type="application/rss+xml"/>'
        f"<link>{esc(link)}</link><description>{esc(description)}</description>"
        f"<lastBuildDate>{last_build}</lastBuildDate><language>{language}</language>"
        "<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency>"
        f"<generator>{esc(generator)}</generator>\n" + "\n".join(out) + "\n</channel>\n</rss>\n"
    )
    return Page(200, RSS, body.encode())


def atom(*, feed_id: str, title: str, subtitle: str, updated: str, alt: str, self_url: str,
         author: str, items: list[dict], generator: str, extra_links: str = "") -> Page:
    """items: id, title, published, updated, link, author, categories, content (HTML)."""
    out = []
    for it in items:
        cats = "".join(f'<category scheme="http://www.blogger.com/atom/ns#" term="{esc(c)}"/>'
                       for c in it["categories"])
        out.append(
            f"<entry><id>{esc(it['id'])}</id><published>{it['published']}</published>"
            f"<updated>{it['updated']}</updated>{cats}<title type='text'>{esc(it['title'])}</title>"
            f"<content type='html'>{esc(it['content'])}</content>"
            f"<link rel='alternate' type='text/html' href='{esc(it['link'])}' title='{esc(it['title'])}'/>"
            f"<author><name>{esc(it['author'])}</name><email>noreply@blogger.com</email></author></entry>"
        )
    body = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' "
        "xmlns:blogger='http://schemas.google.com/blogger/2008' xmlns:georss='http://www.georss.org/georss' "
        "xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0'>"
        f"<id>{esc(feed_id)}</id><updated>{updated}</updated>"
        f"<title type='text'>{esc(title)}</title><subtitle type='html'>{esc(subtitle)}</subtitle>"
        f"<link rel='alternate' type='text/html' href='{esc(alt)}'/>"
        f"<link rel='self' type='application/atom+xml' href='{esc(self_url)}'/>{extra_links}"
        f"<author><name>{esc(author)}</name></author>"
        f"<generator version='7.00' uri='http://www.blogger.com'>{esc(generator)}</generator>"
        f"<openSearch:totalResults>{len(items)}</openSearch:totalResults>"
        "<openSearch:startIndex>1</openSearch:startIndex><openSearch:itemsPerPage>25</openSearch:itemsPerPage>"
        + "".join(out) + "</feed>"
    )
    return Page(200, ATOM, body.encode())


def robots(text: str) -> Page:
    return Page(200, TEXT, text.encode())
