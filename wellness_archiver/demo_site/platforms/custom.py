"""A small hand-built site ("ZeroOpposite"): no CMS, no feed, no sitemap.

Reproduces the seed capture's chrome (``shared/seeds/custom-site-post.txt``):
a "Logo" image, the site name, "Contact Us" and "Search" in the header, the
title in capitals (by CSS only: the HTML keeps its real case) and the post's
tags as a trailing run of linked hashtags ("#therapy#attachment...") at the
end of the article body.

Metadata is minimal: ``<title>Post Title | ZeroOpposite</title>``, a meta
description and ``og:title``; no canonical, no JSON-LD, no article:* meta.
The author is in ``.article-byline .author`` and the date is only the visible
``<time datetime="YYYY-MM-DD">`` in the byline (plus "Updated ..." when set).
Crawlers must follow links: ``/blog?page=N`` pagination, ``/tags/<tag>``.
``/resources`` (linked from every footer) answers 500.
"""

from __future__ import annotations

from wellness_archiver.demo_site.platforms._html import (
    NOT_FOUND, Ctx, Page, blocks_html, cookie_js, esc, expand, h, html_page, long_date, num, pages_of,
    slugify, stylesheet, words,
)
from wellness_archiver.demo_site.platforms import _feeds

BROKEN = "/resources"  # the resource library's backend is down: 500
GONE = "/articles/attachment-styles-explained"  # renamed article, old URL now 404s


def post_path(post: dict) -> str:
    return f"/articles/{post['slug']}"


def _tag_path(t: str) -> str:
    return f"/tags/{slugify(t)}"


def non_post_paths(ctx: Ctx) -> list[str]:
    n = len(pages_of(ctx.posts))
    return (["/", "/blog"] + [f"/blog?page={k}" for k in range(2, n + 1)] + ["/about", "/contact"]
            + [_tag_path(t) for t in ctx.tags()])


_SELECTORS = expand([
    "site-header", "logo", "brand", "main-nav", "nav-link", "search-toggle", "search-panel", "container",
    "row", "col-md-8", "col-md-4", "article", "article-title", "article-byline", "author", "article-date",
    "article-updated", "article-body", "hashtags", "hashtag", "share-bar", "comments", "comment",
    "comment-author", "comment-date", "comment-form", "sidebar", "widget", "widget-title", "popular-list",
    "topic-cloud", "newsletter", "btn", "btn-primary", "card", "card-title", "card-text", "card-meta",
    "pager", "pager-link", "site-footer", "footer-links", "cookie-notice", "hero", "hero-title",
], suffixes=("", " a", ":hover", " p", " li"))


def _head(ctx: Ctx, *, title: str, desc: str) -> str:
    # Hand-written head: title, description, og:title, and the owner's scripts.
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name="description" content="{esc(desc)}">
<meta property="og:title" content="{esc(title)}">
<link rel="stylesheet" href="{ctx.url('/static/css/bootstrap.min.css')}">
<link rel="stylesheet" href="{ctx.url('/static/css/main.css?v=' + h('css', 6))}">
<link rel="icon" href="{ctx.url('/static/img/favicon.png')}">
<style>
.article-title{{text-transform:uppercase;letter-spacing:.04em}}
.hashtags a{{color:#7a5c99;font-weight:600}}
{stylesheet(_SELECTORS, "custom")}
</style>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-{h(ctx.key, 10).upper()}"></script>
<script>
window.dataLayer = window.dataLayer || [];
function gtag(){{dataLayer.push(arguments);}}
gtag('js', new Date());
gtag('config', 'G-{h(ctx.key, 10).upper()}');
</script>
</head>
"""


def _frame(ctx: Ctx, head: str, main: str, sidebar: bool = True) -> str:
    popular = "".join(f'<li><a href="{ctx.url(post_path(p))}">{esc(p["title"])}</a></li>'
                      for p in sorted(ctx.posts, key=lambda p: num(p["slug"], 0, 99))[:5])
    topics = " ".join(f'<a class="topic" href="{ctx.url(_tag_path(t))}">{esc(t)}</a>' for t in ctx.tags()[:16])
    side = f"""<aside class="col-md-4 sidebar">
  <div class="widget"><h4 class="widget-title">Popular articles</h4><ul class="popular-list">{popular}</ul></div>
  <div class="widget"><h4 class="widget-title">Topics</h4><div class="topic-cloud">{topics}</div></div>
  <div class="widget newsletter"><h4 class="widget-title">Newsletter</h4><p>New essays, once a fortnight.</p>
    <form action="{ctx.url('/subscribe')}" method="post"><input type="email" name="email" placeholder="you@example.com" required><button class="btn btn-primary" type="submit">Subscribe</button></form></div>
</aside>""" if sidebar else ""
    social = " ".join(f'<a href="{u}" target="_blank" rel="noopener">{n.title()}</a>' for n, u in ctx.social("instagram", "twitter", "pinterest"))
    return head + f"""<body>
<header class="site-header">
  <div class="container header-inner">
    <a class="logo" href="{ctx.url('/')}"><img src="{ctx.url('/static/img/logo.png')}" alt="Logo" width="48" height="48"></a>
    <a class="brand" href="{ctx.url('/')}">{esc(ctx.name)}</a>
    <nav class="main-nav">
      <a class="nav-link" href="{ctx.url('/blog')}">Articles</a>
      <a class="nav-link" href="{ctx.url('/about')}">About</a>
      <a class="nav-link" href="{ctx.url('/contact')}">Contact Us</a>
      <button class="search-toggle" type="button" aria-controls="search-panel">Search</button>
    </nav>
    <div id="search-panel" class="search-panel" hidden><form action="{ctx.url('/search')}" method="get"><input type="search" name="q" placeholder="Search articles"></form></div>
  </div>
</header>
<div class="container"><div class="row">
<main class="{'col-md-8' if sidebar else 'col-md-12'}">
{main}
</main>
{side}
</div></div>
<footer class="site-footer">
  <div class="container">
    <nav class="footer-links"><a href="{ctx.url('/about')}">About</a> &middot; <a href="{ctx.url('/contact')}">Contact</a> &middot; <a href="{ctx.url(BROKEN)}">Resources</a></nav>
    <p class="social">{social}</p>
    <p class="copyright">&copy; 2025 {esc(ctx.name)}. The content on this site is for information only and is not a substitute for professional advice.</p>
  </div>
</footer>
<div id="cookie-notice" class="cookie-notice"><p>We use cookies for analytics. <a href="#" data-cookie-action="accept">OK</a> <a href="#" data-cookie-action="decline">No thanks</a></p></div>
<script src="{ctx.url('/static/js/jquery-3.6.0.min.js')}"></script>
<script>
$(function(){{
  $('.search-toggle').on('click', function(){{ var p = $('#search-panel'); p.prop('hidden', !p.prop('hidden')); p.find('input').focus(); }});
  $('.share-bar a').on('click', function(e){{ e.preventDefault(); window.open(this.href, 'share', 'width=600,height=500'); }});
}});
</script>
<script>{cookie_js(ctx.name)}</script>
</body>
</html>
"""


def _upload(ctx: Ctx, post: dict, i) -> str:
    return ctx.url(f"/uploads/{post['slug'][:30]}-{i}.jpg")


def _figure(ctx: Ctx, post: dict, fig: dict, i: int) -> str:
    cap = f"<figcaption>{esc(fig['caption'])}</figcaption>" if fig.get("caption") else ""
    return (f'<figure class="article-figure"><img src="{_upload(ctx, post, i)}" '
            f'alt="{esc(fig["alt"])}" loading="lazy">{cap}</figure>')


def _post_page(ctx: Ctx, post: dict) -> str:
    url = ctx.url(post_path(post))
    updated = (f' <span class="article-updated">(Updated <time datetime="{post["updated"]}">{long_date(post["updated"])}</time>)</span>'
               if post["updated"] else "")
    cover = ""
    if post.get("image"):
        cover = f'<img class="article-cover" src="{_upload(ctx, post, "cover")}" alt="{esc(post["image"]["alt"])}">'
    hashtags = "".join(f'<a class="hashtag" href="{ctx.url(_tag_path(t))}">#{esc(t)}</a>' for t in post["tags"])
    share = " ".join(f'<a href="{u}">{n}</a>' for n, u in (
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
        ("Twitter", f"https://twitter.com/intent/tweet?url={url}"),
        ("Email", f"mailto:?subject={esc(post['title'])}&amp;body={url}")))
    related = "".join(f'<li><a href="{ctx.url(post_path(p))}">{esc(p["title"])}</a></li>' for p in ctx.others(post, 3) if set(p["tags"]) & set(post["tags"]))
    if post is ctx.posts[-1]:
        related += f'<li><a href="{ctx.url(GONE)}">Attachment styles explained</a></li>'
    comments = "".join(
        f'<div class="comment"><div class="comment-author">{esc(c["author"])}</div><div class="comment-date">{long_date(c["date"])}</div><p>{esc(c["text"])}</p></div>'
        for c in post["comments"])
    main = f"""<article class="article">
  <h1 class="article-title">{esc(post['title'])}</h1>
  <div class="article-byline">By <span class="author">{esc(post['author'])}</span> &middot; <time class="article-date" datetime="{post['published']}">{long_date(post['published'])}</time>{updated}</div>
  {cover}
  <div class="article-body">
{blocks_html(post['blocks'], figure=lambda f, i: _figure(ctx, post, f, i))}
<p class="hashtags">{hashtags}</p>
  </div>
</article>
<div class="share-bar">Share: {share}</div>
{f'<section class="related"><h3>Related reading</h3><ul>{related}</ul></section>' if related else ''}
<section class="comments" id="comments"><h3>Comments ({len(post['comments'])})</h3>{comments}
  <form class="comment-form" action="{url}/comment" method="post"><textarea name="comment" placeholder="Share your thoughts"></textarea><input type="text" name="name" placeholder="Name"><button class="btn" type="submit">Post comment</button></form>
</section>"""
    return _frame(ctx, _head(ctx, title=f"{post['title']} | {ctx.name}", desc=post["description"]), main)


def _cards(ctx: Ctx, posts: list) -> str:
    return "".join(
        f'<div class="card"><h2 class="card-title"><a href="{ctx.url(post_path(p))}">{esc(p["title"])}</a></h2>'
        f'<p class="card-meta">{long_date(p["published"])} &middot; {esc(p["author"])}</p>'
        f'<p class="card-text">{esc(words(p, 35))}</p><a class="btn" href="{ctx.url(post_path(p))}">Read more</a></div>'
        for p in posts)


def _blog(ctx: Ctx, n: int, chunk: list, total: int) -> str:
    pager = ""
    if n > 1:
        pager += f'<a class="pager-link" href="{ctx.url("/blog" if n == 2 else f"/blog?page={n - 1}")}">&larr; Newer</a> '
    pager += f'<span class="pager-current">Page {n} of {total}</span>'
    if n < total:
        pager += f' <a class="pager-link" href="{ctx.url(f"/blog?page={n + 1}")}">Older &rarr;</a>'
    main = f'<h1 class="page-title">Articles</h1>{_cards(ctx, chunk)}<nav class="pager">{pager}</nav>'
    return _frame(ctx, _head(ctx, title=f"Articles | {ctx.name}", desc=ctx.site["description"]), main)


def _home(ctx: Ctx) -> str:
    main = (f'<section class="hero"><h1 class="hero-title">{esc(ctx.site["tagline"])}</h1><p>{esc(ctx.site["description"])}</p></section>'
            f'<h2>Latest articles</h2>{_cards(ctx, ctx.posts[:4])}<p><a class="btn btn-primary" href="{ctx.url("/blog")}">All articles</a></p>')
    return _frame(ctx, _head(ctx, title=f"{ctx.name} | {ctx.site['tagline']}", desc=ctx.site["description"]), main)


def _tag(ctx: Ctx, t: str) -> str:
    main = f'<h1 class="page-title">#{esc(t)}</h1>{_cards(ctx, ctx.tagged(t))}'
    return _frame(ctx, _head(ctx, title=f"#{t} | {ctx.name}", desc=f"Articles tagged {t}"), main)


def _static(ctx: Ctx, key: str) -> str:
    page = ctx.pages[key]
    form = ""
    if key == "contact":
        form = (f'<form class="contact-form" action="{ctx.url("/contact")}" method="post"><input type="text" name="name" placeholder="Your name">'
                '<input type="email" name="email" placeholder="Email"><textarea name="message" placeholder="Message"></textarea>'
                '<button class="btn btn-primary" type="submit">Send</button></form>')
    main = f'<h1 class="page-title">{esc(page["title"])}</h1><div class="page-body">{blocks_html(page["blocks"])}</div>{form}'
    return _frame(ctx, _head(ctx, title=f"{page['title']} | {ctx.name}", desc=ctx.site["description"]), main, sidebar=False)


def _not_found(ctx: Ctx) -> str:
    main = (f'<h1 class="page-title">Page not found</h1><p>Sorry, we couldn\u2019t find that page. It may have moved.</p>'
            f'<p><a href="{ctx.url("/blog")}">Browse all articles</a></p>')
    return _frame(ctx, _head(ctx, title=f"Not found | {ctx.name}", desc=ctx.site["description"]), main, sidebar=False)


_SERVER_ERROR = b"""<html>
<head><title>500 Internal Server Error</title></head>
<body>
<center><h1>500 Internal Server Error</h1></center>
<hr><center>nginx/1.18.0 (Ubuntu)</center>
</body>
</html>
"""


def build(ctx: Ctx) -> dict:
    pages = {post_path(p): _post_page(ctx, p) for p in ctx.posts}
    chunks = pages_of(ctx.posts)
    for n, chunk in enumerate(chunks, 1):
        pages["/blog" if n == 1 else f"/blog?page={n}"] = _blog(ctx, n, chunk, len(chunks))
    for t in ctx.tags():
        pages[_tag_path(t)] = _tag(ctx, t)
    pages["/"] = _home(ctx)
    pages["/about"] = _static(ctx, "about")
    pages["/contact"] = _static(ctx, "contact")
    out = {k: html_page(v) for k, v in pages.items()}
    out[NOT_FOUND] = html_page(_not_found(ctx), 404)
    out[BROKEN] = Page(500, "text/html; charset=utf-8", _SERVER_ERROR)
    # No Sitemap line: this site has neither sitemap nor feed.
    out["/robots.txt"] = _feeds.robots("User-agent: *\nDisallow: /admin/\nDisallow: /search\n")
    return out
