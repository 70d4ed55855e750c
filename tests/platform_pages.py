"""A deterministic set of realistic blog pages per platform, with gold text
and metadata, for extraction tests and benchmarks.

    from tests.platform_pages import build_pages
    for page in build_pages():  # 30 per platform, 10 platforms
        page["html"], page["url"], page["gold"], page["chrome"]

Prose is recombined from the demo sites' content files. Every page varies:
theme (three per platform, modelled on the platform's real templates), post
length (short posts under 100 words included), where metadata is declared
(JSON-LD, OpenGraph/article:* metas, or only the platform's visible markup),
comments, Instagram/YouTube embeds and promos (newsletter boxes, "You might
also like", "Continue reading", course promos, share bars, cookie banners).
Gold text follows the demo sites' rule: one line per block, list items as
"- item", no figures, captions, embeds, title or comments.
"""

from __future__ import annotations

import html
import json
import random
import re
from functools import lru_cache
from pathlib import Path

CONTENT = Path(__file__).resolve().parent.parent / "wellness_archiver" / "demo_site" / "content"
PLATFORMS = ("wix", "wordpress", "squarespace", "blogger", "ghost", "substack", "medium", "tumblr",
             "weebly", "generic")
PER_PLATFORM = 30

# Promo and chrome strings: none may appear in any extracted text.
COOKIE = "We use cookies to give you the best experience on our website."
NEWSLETTER = "Subscribe to our newsletter for weekly tips on calm and connection."
ALSO_LIKE = "You might also like"
CONTINUE = "Continue reading"
COURSE = "Join our 6-week online course Calm Foundations and start feeling steadier today."
SHARE = "Share this post"
AUTHOR_BIO = "writes about emotional health for people who are tired of quick fixes."
INSTAGRAM = "A post shared by Calm Corner Studio (@calmcorner.studio)"
INSTA_CAPTION = "Breathe in for four counts, hold for four, out for six. Save this for later."
YOUTUBE_CAPTION = "Watch: a five minute grounding practice you can do at your desk"
SIDEBAR = "Popular on the blog this month"
CHROME = [COOKIE, NEWSLETTER, ALSO_LIKE, CONTINUE, COURSE, SHARE, AUTHOR_BIO, INSTAGRAM, INSTA_CAPTION,
          YOUTUBE_CAPTION, SIDEBAR, "Recent Posts", "Leave a Reply", "Accept all", "Enrol now",
          "Copy link", "Powered by", "All rights reserved", "Write a comment"]

SITES = {
    "wix": ["Harbour Light Counselling", "Still Water Therapy", "Open Door Psychotherapy"],
    "wordpress": ["Mindful Path Therapy", "The Counselling Room", "Steady Ground Psychology"],
    "squarespace": ["Willow Therapy Studio", "North Star Counselling", "Quiet Harbour Wellness"],
    "blogger": ["Notes from the Therapy Room", "A Gentle Mind", "The Parenting Couch"],
    "ghost": ["The Inner Weather", "Slow Mind Journal", "Field Notes on Feeling"],
    "substack": ["The Attachment Letter", "Nervous System Notes", "Small Brave Things"],
    "medium": ["Mind Matters", "The Therapist's Desk", "Healing Out Loud"],
    "tumblr": ["softer days", "the anxious optimist", "little rituals"],
    "weebly": ["Bright Path Family Therapy", "Cedar Grove Counselling", "Hopewell Wellbeing"],
    "generic": ["Kindred Minds Collective", "The Wellbeing Review", "Common Ground Therapy"],
}


def esc(text: str) -> str:
    return html.escape(text, quote=True)


@lru_cache(maxsize=1)
def _posts() -> list[dict]:
    posts = []
    for path in sorted(CONTENT.glob("*.json")):
        posts.extend(json.loads(path.read_text(encoding="utf-8"))["posts"])
    return posts


def _short_blocks(post: dict, rng: random.Random) -> list:
    """A short post: the opening sentences, 25-90 words."""
    text = " ".join(v for k, v in post["blocks"] if k == "p")
    sentences = re.split(r"(?<=[.!?])\s+", text)
    out: list[str] = []
    limit = rng.randint(30, 85)
    for s in sentences:
        if len(" ".join(out + [s]).split()) > 90:
            break
        out.append(s)
        if len(" ".join(out).split()) >= limit:
            break
    first = " ".join(out[: max(1, len(out) // 2)])
    rest = " ".join(out[max(1, len(out) // 2):])
    return [["p", first]] + ([["p", rest]] if rest else [])


def gold_text(blocks: list) -> str:
    lines = []
    for kind, value in blocks:
        if kind in ("ul", "ol"):
            lines.extend(f"- {x}" for x in value)
        elif kind != "figure":
            lines.append(value)
    return "\n".join(lines)


def _inline(text: str, rng: random.Random, emphasis: bool) -> str:
    """Escape, and sometimes put a word run in <em>/<strong> (text unchanged)."""
    words = text.split(" ")
    if not emphasis or len(words) < 8:
        return esc(text)
    a = rng.randint(1, len(words) - 4)
    b = a + rng.randint(1, 3)
    tag = rng.choice(["em", "strong"])
    return (esc(" ".join(words[:a])) + f" <{tag}>" + esc(" ".join(words[a:b])) + f"</{tag}> "
            + esc(" ".join(words[b:])))


def render_blocks(blocks: list, rng: random.Random, *, p="<p>{}</p>", h="<{tag}>{text}</{tag}>",
                  quote="<blockquote><p>{}</p></blockquote>", ul="<ul>{}</ul>", ol="<ol>{}</ol>",
                  li="<li>{}</li>", figure="") -> list[str]:
    out = []
    for kind, value in blocks:
        if kind in ("h2", "h3", "h4"):
            out.append(h.format(tag=kind, text=esc(value)))
        elif kind == "p":
            out.append(p.format(_inline(value, rng, rng.random() < 0.3)))
        elif kind == "quote":
            out.append(quote.format(esc(value)))
        elif kind in ("ul", "ol"):
            items = "".join(li.format(esc(x)) for x in value)
            out.append((ul if kind == "ul" else ol).format(items))
        elif kind == "figure" and figure:
            out.append(figure.format(src=esc(value.get("src", "/img.jpg")), alt=esc(value.get("alt", "")),
                                     caption=esc(value.get("caption", "") or value.get("alt", ""))))
    return out


INSTAGRAM_EMBED = (
    '<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-permalink='
    '"https://www.instagram.com/p/C1a2b3c4d5e/?utm_source=ig_embed" data-instgrm-version="14" '
    'style="background:#FFF;border:0;margin:1px;max-width:540px;"><div style="padding:16px;">'
    '<a href="https://www.instagram.com/p/C1a2b3c4d5e/?utm_source=ig_embed" target="_blank"> '
    '<div style="display:flex;"><div>View this post on Instagram</div></div></a>'
    f'<p style="margin:8px 0 0 0;">{esc(INSTA_CAPTION)}</p>'
    '<p style="color:#c9c8cd;font-family:Arial,sans-serif;font-size:14px;">'
    f'<a href="https://www.instagram.com/p/C1a2b3c4d5e/" target="_blank">{esc(INSTAGRAM)}</a></p></div>'
    '</blockquote><script async src="//www.instagram.com/embed.js"></script>'
)


def youtube_embed(platform: str) -> str:
    iframe = ('<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" '
              'title="YouTube video player" frameborder="0" allowfullscreen></iframe>')
    if platform == "wordpress":
        return ('<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
                f'<div class="wp-block-embed__wrapper">{iframe}</div>'
                f'<figcaption class="wp-element-caption">{esc(YOUTUBE_CAPTION)}</figcaption></figure>')
    if platform == "ghost":
        return (f'<figure class="kg-card kg-embed-card kg-card-hascaption">{iframe}'
                f'<figcaption>{esc(YOUTUBE_CAPTION)}</figcaption></figure>')
    if platform == "squarespace":
        return ('<div class="sqs-block video-block sqs-block-video" data-block-type="32"><div class="sqs-block-content">'
                f'<div class="intrinsic">{iframe}</div><div class="video-caption-wrapper"><div class="video-caption">'
                f'<p>{esc(YOUTUBE_CAPTION)}</p></div></div></div></div>')
    return f'<figure class="video-embed">{iframe}<figcaption>{esc(YOUTUBE_CAPTION)}</figcaption></figure>'


def _date_long(iso: str) -> str:
    from datetime import date

    d = date.fromisoformat(iso)
    return f"{d:%B} {d.day}, {d.year}"


def _date_short(iso: str) -> str:
    from datetime import date

    d = date.fromisoformat(iso)
    return f"{d:%b} {d.day}, {d.year}"


def _date_dmy(iso: str) -> str:
    from datetime import date

    d = date.fromisoformat(iso)
    return f"{d.day} {d:%B} {d.year}"


# --- shared chrome ---------------------------------------------------------


def cookie_banner(theme: int) -> str:
    if theme == 0:
        return (f'<div id="cookie-notice" class="cookie-banner" role="dialog"><p>{COOKIE} '
                '<a href="/privacy">Privacy policy</a></p><button class="accept">Accept all</button></div>')
    if theme == 1:
        return (f'<div class="cc-window cc-banner gdpr-consent"><span class="cc-message">{COOKIE}</span>'
                '<a class="cc-btn cc-allow">Accept all</a></div>')
    return (f'<div id="consent-bar"><div class="consent-text">{COOKIE}</div>'
            '<button>Accept all</button></div>')


def newsletter_box(theme: int) -> str:
    if theme == 0:
        return (f'<div class="newsletter-signup"><h3>Stay in touch</h3><p>{NEWSLETTER}</p>'
                '<form><input type="email" placeholder="Email address"><button>Subscribe</button></form></div>')
    if theme == 1:
        return (f'<section class="subscribe-box"><h4>Newsletter</h4><p>{NEWSLETTER}</p>'
                '<form class="mc4wp-form"><input type="email"><input type="submit" value="Sign up"></form></section>')
    return (f'<div class="mailchimp-form-wrap signup"><p><strong>{NEWSLETTER}</strong></p>'
            '<form><input type="email"><button>Join</button></form></div>')


def course_promo(theme: int) -> str:
    if theme == 0:
        return (f'<div class="promo-box"><p>{COURSE}</p><a class="button" href="/courses/calm">Enrol now</a></div>')
    if theme == 1:
        return (f'<aside class="cta course-cta"><h3>Ready for more?</h3><p>{COURSE}</p>'
                '<a href="/courses">Enrol now</a></aside>')
    return f'<div class="call-to-action"><p>{COURSE} <a href="/course">Enrol now</a></p></div>'


def share_bar(theme: int) -> str:
    links = ('<a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a>'
             '<a href="https://twitter.com/intent/tweet?url=x">Twitter</a>'
             '<a href="https://pinterest.com/pin/create/button/?url=x">Pinterest</a><a href="#">Copy link</a>')
    if theme == 0:
        return f'<div class="share-buttons"><span>{SHARE}</span>{links}</div>'
    if theme == 1:
        return f'<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">{SHARE}</h3><div class="sd-content">{links}</div></div>'
    return f'<div class="social-share"><p>{SHARE}:</p>{links}</div>'


def also_like(others: list[dict], theme: int) -> str:
    items = "".join(f'<li><a href="/post/{o["slug"]}">{esc(o["title"])}</a></li>' for o in others)
    if theme == 0:
        return f'<section class="related-posts"><h3>{ALSO_LIKE}</h3><ul>{items}</ul></section>'
    if theme == 1:
        return f'<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>{ALSO_LIKE}</em></h3><ul>{items}</ul></div>'
    return f'<div class="more-posts"><h4>{ALSO_LIKE}</h4><ul>{items}</ul></div>'


def author_box(author: str, theme: int) -> str:
    cls = ["author-box", "author-bio", "about-author"][theme]
    return (f'<div class="{cls}"><img src="/a.jpg" alt=""><h4>About {esc(author)}</h4>'
            f'<p>{esc(author)} {AUTHOR_BIO}</p></div>')


def sidebar(others: list[dict], site: str) -> str:
    items = "".join(f'<li><a href="/post/{o["slug"]}">{esc(o["title"])}</a><span>{_date_short(o["published"])}</span></li>'
                    for o in others)
    return (f'<aside class="sidebar widget-area" role="complementary"><section class="widget"><h3>{SIDEBAR}</h3>'
            f'<ul>{items}</ul></section><section class="widget"><h3>Recent Posts</h3><ul>{items}</ul></section>'
            f'<section class="widget"><h3>About</h3><p>{esc(site)} is a small team of therapists sharing what we '
            'learn in the room, for anyone who finds it useful.</p></section></aside>')


def site_footer(site: str) -> str:
    return (f'<footer class="site-footer" role="contentinfo"><p>© 2024 {esc(site)}. All rights reserved.</p>'
            '<p>Powered by our wonderful hosts</p><nav><a href="/privacy">Privacy</a><a href="/terms">Terms</a></nav></footer>')


def site_header(site: str) -> str:
    return (f'<header class="site-header"><a class="logo" href="/">{esc(site)}</a><nav class="main-nav" '
            'role="navigation"><a href="/">Home</a><a href="/about">About</a><a href="/blog">Blog</a>'
            '<a href="/contact">Contact</a></nav></header>')


def jsonld(post: dict, site: str, url: str, *, graph: bool = False) -> str:
    node = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": post["title"],
            "author": {"@type": "Person", "name": post["author"]}, "datePublished": post["published"] + "T09:30:00+00:00",
            "publisher": {"@type": "Organization", "name": site}, "keywords": post["tags"],
            "mainEntityOfPage": url, "image": {"@type": "ImageObject", "url": url.rsplit("/", 2)[0] + "/media/hero.jpg"}}
    if post["updated"]:
        node["dateModified"] = post["updated"] + "T10:00:00+00:00"
    if graph:
        node = {"@context": "https://schema.org", "@graph": [
            {"@type": "WebSite", "@id": "#website", "name": site}, {**node, "@context": None}]}
        node["@graph"][1].pop("@context")
    return '<script type="application/ld+json">' + json.dumps(node).replace("</", "<\\/") + "</script>"


def og(post: dict, site: str, url: str, *, article_meta: bool) -> str:
    out = (f'<meta property="og:type" content="article"><meta property="og:title" content="{esc(post["title"])}">'
           f'<meta property="og:site_name" content="{esc(site)}"><meta property="og:url" content="{url}">'
           f'<meta property="og:image" content="{url.rsplit("/", 2)[0]}/media/hero.jpg">'
           f'<meta name="description" content="{esc(post["description"])}">')
    if article_meta:
        out += f'<meta property="article:published_time" content="{post["published"]}T08:00:00+00:00">'
        if post["updated"]:
            out += f'<meta property="article:modified_time" content="{post["updated"]}T08:00:00+00:00">'
        out += "".join(f'<meta property="article:tag" content="{esc(t)}">' for t in post["tags"])
        out += f'<meta name="author" content="{esc(post["author"])}">'
    return out


# --- per-platform article markup ---------------------------------------------


def _comments_html(platform: str, comments: list[dict], theme: int) -> str:
    if not comments:
        return ""
    if platform == "wordpress":
        items = "".join(
            f'<li id="comment-{n}" class="comment even depth-1"><article class="comment-body"><footer class="comment-meta">'
            f'<div class="comment-author vcard"><img alt="" src="/av.jpg" class="avatar"><b class="fn">{esc(c["author"])}</b> '
            f'<span class="says">says:</span></div><div class="comment-metadata"><a href="#comment-{n}"><time datetime="'
            f'{c["date"]}T10:12:00+00:00">{_date_long(c["date"])} at 10:12 am</time></a></div></footer>'
            f'<div class="comment-content"><p>{esc(c["text"])}</p></div><div class="reply"><a class="comment-reply-link">Reply</a></div>'
            f'</article></li>' for n, c in enumerate(comments))
        return (f'<div id="comments" class="comments-area"><h2 class="comments-title">{len(comments)} thoughts</h2>'
                f'<ol class="comment-list">{items}</ol><div id="respond" class="comment-respond"><h3 class="comment-reply-title">'
                'Leave a Reply</h3><form class="comment-form"><textarea></textarea></form></div></div>')
    if platform == "blogger":
        items = "".join(
            f"<li class='comment' id='c{n}'><div class='comment-block'><div class='comment-header'><cite class='user'>"
            f"{esc(c['author'])}</cite><span class='datetime secondary-text'><a href='#c{n}'>{_date_long(c['date'])} at 9:14\u202fPM</a>"
            f"</span></div><p class='comment-content'>{esc(c['text'])}</p><span class='comment-actions'><a class='comment-reply'>Reply</a></span></div></li>"
            for n, c in enumerate(comments))
        return (f"<div class='comments' id='comments'><h4>{len(comments)} comments:</h4><div class='comments-content'>"
                f"<div id='comment-holder'><div class='comment-thread toplevel-thread'><ol id='top-ra'>{items}</ol></div></div></div></div>")
    if platform == "wix":
        items = "".join(
            f'<div data-hook="comment" class="comment"><div class="comment-header"><span data-hook="author-name">{esc(c["author"])}</span>'
            f'<span data-hook="timestamp" title="{c["date"]}">{_date_short(c["date"])}</span></div>'
            f'<div data-hook="comment-content"><p>{esc(c["text"])}</p></div><button data-hook="like-button">Like</button></div>'
            for c in comments)
        return (f'<div data-hook="comments-widget"><h2 data-hook="comments-header">Comments</h2><div data-hook="comment-box-placeholder">'
                f'Write a comment...</div><div data-hook="comments-list">{items}</div></div>')
    # generic and weebly: a plain .comment list
    items = "".join(
        f'<div class="comment"><div class="comment-author">{esc(c["author"])}</div>'
        f'<div class="comment-date">{_date_dmy(c["date"]) if theme == 2 else _date_long(c["date"])}</div><p>{esc(c["text"])}</p></div>'
        for c in comments)
    return f'<section class="comments" id="comments"><h3>Comments ({len(comments)})</h3>{items}</section>'


COMMENTS_IN_HTML = {"wix", "wordpress", "blogger", "weebly", "generic"}


def _article(platform: str, theme: int, post: dict, body: str, mode: int, extras: dict) -> tuple[str, str]:
    """(head signature + metadata, article html) for one platform theme."""
    t, a, pub = esc(post["title"]), esc(post["author"]), post["published"]
    tags = post["tags"]
    c = extras["comments_html"]
    share, related, bio = extras["share"], extras["related"], extras["bio"]
    visible_tags = mode == 2 or theme != 1
    if platform == "wix":
        head = ('<meta name="generator" content="Wix.com Website Builder">' if theme < 2 else
                '<link rel="preload" href="https://static.parastorage.com/services/wix-thunderbolt/dist/main.js" as="script">')
        tag_html = ('<div data-hook="post-tags"><ul>' + "".join(f'<li><a data-hook="tag" href="/blog/tags/{esc(x)}">{esc(x)}</a></li>' for x in tags)
                    + "</ul></div>") if visible_tags else ""
        art = (f'<article data-hook="post"><div data-hook="post-header"><span data-hook="user-name">{a}</span>'
               f'<span data-hook="time-ago" title="{_date_short(pub)}">{_date_short(pub)}</span><span>{extras["minutes"]} min read</span></div>'
               f'<h1 data-hook="post-title" class="blog-post-title-font">{t}</h1>'
               f'<div data-hook="post-description"><div data-id="rich-content-viewer" class="rich-content-viewer">{body}</div></div>'
               f'{tag_html}<div data-hook="post-footer"><div data-hook="post-stats"><span data-hook="view-count">{extras["views"]} views</span>'
               f'<span data-hook="comment-count">{len(extras["comments"])} comments</span></div>{share}</div>{related}{c}</article>')
        return head, art
    if platform == "wordpress":
        head = ('<meta name="generator" content="WordPress 6.5.2">' if theme != 2 else
                '<link rel="stylesheet" href="/wp-content/themes/astra/style.css"><link rel="https://api.w.org/" href="/wp-json/">')
        cat = extras["category"]
        tag_links = "".join(f'<a href="/tag/{esc(x)}/" rel="tag">{esc(x)}</a>' for x in tags)
        footer = (f'<footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/x/" rel="category tag">{esc(cat)}</a></span>'
                  f'<span class="tags-links">Tagged {tag_links if visible_tags else ""}</span></footer>')
        byline = (f'<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{pub}T08:00:00+00:00">'
                  f'{_date_long(pub)}</time></span><span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/x/">{a}</a>'
                  '</span></span></div>')
        body_cls = ["entry-content", "entry-content wp-block-post-content is-layout-flow", "entry-content clear"][theme]
        art = (f'<article class="post type-post status-publish hentry category-x"><header class="entry-header"><h1 class="entry-title">{t}</h1>'
               f'{byline}</header><div class="{body_cls}" itemprop="text">{body}{share}{related}</div>{footer}{bio}</article>'
               f'<nav class="navigation post-navigation"><div class="nav-links"><a rel="prev">Previous post</a></div></nav>{c}')
        return head, art
    if platform == "squarespace":
        head = ('<script src="https://assets.squarespace.com/universal/scripts-compressed/common-vendors.js"></script>'
                if theme != 1 else '<link rel="stylesheet" href="https://static1.squarespace.com/static/versioned-site-css/x/site.css">')
        tag_html = ('<div class="blog-item-tags">' + "".join(f'<a href="/blog?tag={esc(x)}">{esc(x)}</a>' for x in tags) + "</div>") if visible_tags else ""
        art = (f'<article class="entry h-entry hentry author-x post-type-text"><div class="blog-item-top-wrapper"><h1 class="entry-title">{t}</h1>'
               f'<div class="blog-meta-item"><a class="blog-author-name" href="/blog?author=x">{a}</a></div>'
               f'<time class="dt-published blog-meta-item" datetime="{pub}">{_date_short(pub)}</time></div>'
               f'<div class="blog-item-content-wrapper"><div class="blog-item-content e-content"><div class="sqs-layout sqs-grid-12">'
               f'<div class="sqs-block html-block sqs-block-html" data-block-type="2"><div class="sqs-block-content">{body}</div></div></div></div></div>'
               f'{tag_html}{share}{related}<div class="blog-item-comments"><div class="squarespace-comments">'
               f'<a class="sqs-comment-link">{len(extras["comments"])} Comments</a></div></div></article>')
        return head, art
    if platform == "blogger":
        head = "<meta content='blogger' name='generator'/>" + (
            "<link href='https://www.blogger.com/static/v1/widgets/app.css' rel='stylesheet'/>" if theme == 1 else "")
        labels = ("<span class='post-labels'>Labels: " + ", ".join(f"<a href='/search/label/{esc(x)}' rel='tag'>{esc(x)}</a>" for x in tags)
                  + "</span>") if visible_tags else ""
        art = (f"<div class='post hentry uncustomized-post-template'><h3 class='post-title entry-title'>{t}</h3>"
               f"<div class='post-header'><span class='post-author vcard'>Posted by <span class='fn'>{a}</span></span> "
               f"<abbr class='published' title='{pub}T08:00:00-08:00'>{_date_long(pub)}</abbr></div>"
               f"<div class='post-body entry-content' id='post-body-{extras['id']}'>{body}<div style='clear: both;'></div></div>"
               f"<div class='post-footer'>{labels}<div class='post-share-buttons'>{share}</div></div></div>{related}{c}")
        return head, art
    if platform == "ghost":
        head = '<meta name="generator" content="Ghost 5.82">' if theme != 2 else '<script defer src="/public/portal.min.js" data-ghost="/"></script>'
        body_cls = ["gh-content gh-canvas", "post-content", "article-content"][theme]
        tag_html = ("<div class='post-tags'>" + "".join(f'<a class="post-tag" href="/tag/{esc(x)}/">{esc(x)}</a>' for x in tags) + "</div>") if visible_tags else ""
        art = (f'<article class="article post"><header class="article-header gh-canvas"><h1 class="article-title">{t}</h1>'
               f'<div class="article-byline"><span class="author-name"><a href="/author/x/">{a}</a></span>'
               f'<time class="byline-meta-date" datetime="{pub}">{_date_dmy(pub)}</time><span class="byline-reading-time">'
               f'{extras["minutes"]} min read</span></div></header><section class="{body_cls}">{body}</section>{tag_html}'
               f'<section class="footer-cta"><h3>Sign up for more like this.</h3><p>{NEWSLETTER}</p></section></article>{related}')
        return head, art
    if platform == "substack":
        head = '<link rel="stylesheet" href="https://substackcdn.com/bundle/theme/main.css">'
        art = (f'<article class="typography newsletter-post post"><div class="post-header"><h1 class="post-title unpublished">{t}</h1>'
               f'<h3 class="subtitle">{esc(post["description"])}</h3><div class="post-meta"><a class="profile-hover-card-target">{a}</a>'
               f'<div class="pencraft">{_date_short(pub)}</div></div></div><div class="available-content"><div class="body markup" dir="auto">'
               f'{body}</div></div><div class="subscription-widget-wrap"><p>{NEWSLETTER}</p><button>Subscribe</button></div>'
               f'<div class="post-footer"><a class="post-ufi-button">{extras["likes"]}</a>{share}</div></article>{related}')
        return head, art
    if platform == "medium":
        head = ('<script src="https://cdn-client.medium.com/lite/static/js/manifest.js"></script>'
                '<meta property="al:android:package" content="com.medium.reader">')
        art = (f'<article><div class="l"><section><div class="ch bg"><h1 class="pw-post-title" data-testid="storyTitle">{t}</h1>'
               f'<div class="speechify-ignore"><a data-testid="authorName" href="/@x">{a}</a><span data-testid="storyReadTime">'
               f'{extras["minutes"]} min read</span><span data-testid="storyPublishDate">{_date_short(pub)}</span></div>'
               f'<div class="pw-post-body">{body}</div></div></section></div>'
               f'<div class="pw-multi-vote-count"><p>{extras["likes"]} claps</p></div>{share}</article>{related}')
        return head, art
    if platform == "tumblr":
        head = ('<script src="https://assets.tumblr.com/pop/js/modern/index.js"></script>' if theme != 1 else
                '<link rel="stylesheet" href="https://static.tumblr.com/theme/x.css">')
        body_cls = ["body-text", "post-body", "text-post-body"][theme]
        tag_html = ('<div class="tags">' + "".join(f'<a class="tag" href="/tagged/{esc(x)}">#{esc(x)}</a>' for x in tags) + "</div>") if visible_tags else ""
        art = (f'<article class="post text" id="post-{extras["id"]}"><div class="post-content"><h2 class="title"><a href="#">{t}</a></h2>'
               f'<div class="{body_cls}">{body}</div></div><div class="post-meta"><time class="date published" datetime="{pub}T08:00:00Z">'
               f'{_date_long(pub)}</time><span class="byline"><a class="author" href="/">{a}</a></span><a class="notes">{extras["likes"]} notes</a>'
               f'</div>{tag_html}</article>')
        return head, art
    if platform == "weebly":
        head = '<link rel="stylesheet" href="//cdn2.editmysite.com/css/sites.css"><script src="//cdn2.editmysite.com/js/site/main.js"></script>'
        art = (f'<div id="wsite-content" class="wsite-elements wsite-not-footer"><div class="blog-post"><div class="blog-header">'
               f'<h2 class="blog-title"><a class="blog-title-link blog-link" href="#">{t}</a></h2><p class="blog-date">'
               f'<span class="date-text">{_date_long(pub)}</span></p></div><div class="blog-content">{body}</div>'
               f'<div class="blog-social">{share}</div></div>{related}<div class="blog-comments-bottom">{c}</div></div>')
        return head, art
    # generic: hand-made or unusual CMS themes
    if theme == 0:
        art = (f'<main><article class="post" itemscope itemtype="https://schema.org/BlogPosting"><h1 itemprop="headline">{t}</h1>'
               f'<p class="byline">By <span itemprop="author" itemscope><span itemprop="name" class="author">{a}</span></span> · '
               f'<time itemprop="datePublished" datetime="{pub}">{_date_long(pub)}</time></p>'
               f'<div itemprop="articleBody">{body}</div>{share}'
               + ('<p class="tags">Tags: ' + " ".join(f'<a rel="tag" href="/tag/{esc(x)}">{esc(x)}</a>' for x in tags) + "</p>")
               + f'{bio}</article>{related}{c}</main>')
    elif theme == 1:
        art = (f'<main id="main"><article><header><h1>{t}</h1><div class="meta">By <span class="author">{a}</span> on '
               f'<time class="date published" datetime="{pub}">{_date_long(pub)}</time></div></header>'
               f'<div class="article-body">{body}</div>'
               + ('<ul class="tag-list">' + "".join(f'<li><a rel="tag" href="/tags/{esc(x)}">{esc(x)}</a></li>' for x in tags) + "</ul>")
               + f'{share}</article>{related}{c}</main>')
    else:
        art = (f'<div class="container"><div class="content"><h1 class="headline">{t}</h1><div class="byline"><span class="author">{a}</span>'
               f' <time class="publish-date" datetime="{pub}">{_date_dmy(pub)}</time></div><div class="text" itemprop="articleBody">{body}</div>'
               + ('<div class="post-tags">' + "".join(f'<a rel="tag" href="/t/{esc(x)}">{esc(x)}</a>' for x in tags) + "</div>")
               + f'{share}</div>{related}{c}</div>')
    return "", art


_BLOCK_TEMPLATES = {
    "wix": dict(p='<p class="MHt_d" dir="auto"><span class="_2PHJq">{}</span></p>',
                h='<{tag} class="_1j-51" dir="auto"><span>{text}</span></{tag}>',
                quote='<blockquote class="_3mJ5U"><span>{}</span></blockquote>'),
    "medium": dict(p='<p class="pw-post-body-paragraph ml mm fr mn b">{}</p>',
                   h='<{tag} class="pw-post-body-heading nl nm fr">{text}</{tag}>',
                   li='<li class="pw-post-body-paragraph ml">{}</li>'),
    "weebly": dict(p='<div class="paragraph" style="text-align:left;">{}</div>',
                   h='<{tag} class="wsite-content-title">{text}</{tag}>',
                   ul='<div class="paragraph"><ul>{}</ul></div>', ol='<div class="paragraph"><ol>{}</ol></div>'),
    "squarespace": dict(figure='<figure class="image-block"><img src="{src}" alt="{alt}"><figcaption class="image-caption">'
                               '<p>{caption}</p></figcaption></figure>'),
    "wordpress": dict(h='<{tag} class="wp-block-heading">{text}</{tag}>', quote='<blockquote class="wp-block-quote"><p>{}</p></blockquote>',
                      figure='<figure class="wp-block-image size-large"><img src="{src}" alt="{alt}"><figcaption class="wp-element-caption">'
                             '{caption}</figcaption></figure>'),
    "ghost": dict(figure='<figure class="kg-card kg-image-card kg-card-hascaption"><img src="{src}" class="kg-image" alt="{alt}">'
                         '<figcaption>{caption}</figcaption></figure>'),
}


def _body(platform: str, theme: int, blocks: list, rng: random.Random, inserts: list[tuple[int, str]]) -> str:
    templates = dict(_BLOCK_TEMPLATES.get(platform, {}))
    if platform == "blogger" and theme == 1:
        templates.update(p="<div>{}</div>", h="<{tag}>{text}</{tag}>")
    parts = render_blocks(blocks, rng, **templates)
    for pos, html_ in sorted(inserts, reverse=True):
        parts.insert(min(pos, len(parts)), html_)
    return "\n".join(parts)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def build_page(platform: str, i: int) -> dict:
    posts = _posts()
    pi = PLATFORMS.index(platform)
    rng = random.Random(f"{platform}-{i}")
    theme, mode = i % 3, (i // 3) % 3
    post = dict(posts[(pi * 11 + i * 5) % len(posts)])
    other = posts[(pi * 7 + i * 3 + 17) % len(posts)]
    blocks = list(post["blocks"])
    if i % 6 == 0:
        blocks = _short_blocks(post, rng)
    elif i % 6 == 3:
        blocks = blocks + [b for b in other["blocks"] if b[0] != "figure"]
    if platform in ("wix", "medium", "weebly", "substack", "blogger", "tumblr", "generic"):
        blocks = [b for b in blocks if b[0] != "figure"]  # captions rendered only where the platform marks them
    site = SITES[platform][theme]
    url = f"https://{_slug(site)}.example/blog/{post['slug']}-{i}"
    comments = post["comments"] if platform in COMMENTS_IN_HTML and rng.random() < 0.6 else []

    inserts: list[tuple[int, str]] = []
    if i % 4 == 1:
        inserts.append((2, INSTAGRAM_EMBED))
    elif i % 4 == 2:
        inserts.append((3, youtube_embed(platform)))
    if i % 5 == 2 and platform in ("wordpress", "ghost", "substack", "squarespace", "generic", "blogger"):
        inserts.append((4, newsletter_box(theme)))
    if i % 5 == 4:
        inserts.append((len(blocks), course_promo(theme)))
    body = _body(platform, theme, blocks, rng, inserts)

    others = [p for p in posts if p["slug"] != post["slug"]][(i * 3) % 40:(i * 3) % 40 + 3]
    related = also_like(others, theme)
    related = related.replace("</a></li>", f'</a> <a class="more-link" href="#">{CONTINUE}</a></li>', 1)
    extras = {
        "comments": comments, "comments_html": _comments_html(platform, comments, theme),
        "share": share_bar(theme), "related": related, "bio": author_box(post["author"], theme) if i % 2 else "",
        "views": rng.randint(3, 4000), "likes": rng.randint(1, 300), "minutes": max(1, len(gold_text(blocks).split()) // 200),
        "id": 1000 + pi * 100 + i, "category": ["Anxiety", "Relationships", "Self-care"][i % 3],
    }
    if mode == 2 and platform in ("substack", "medium", "weebly"):
        mode = 3  # these platforms always ship structured data: a JSON-LD @graph
    head_sig, art = _article(platform, theme, post, body, mode, extras)
    meta = og(post, site, url, article_meta=mode == 1)
    if mode == 0:
        meta += jsonld(post, site, url)
    elif mode == 3:
        meta += jsonld(post, site, url, graph=True)
    if platform == "wordpress" and mode != 2:
        meta += f'<meta property="article:section" content="{extras["category"]}">'
    sep = [" | ", " - ", " – "][theme]
    page_html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(post["title"])}{sep}{esc(site)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{head_sig}{meta}'
        f'<link rel="canonical" href="{url}"><style>body{{margin:0}}.sidebar{{float:right}}</style></head>'
        f'<body class="post-template single single-post">{cookie_banner(theme)}{site_header(site)}'
        f'<div class="site-content"><div class="content-area">{art}</div>'
        f'{sidebar(others, site) if theme != 1 else ""}</div>{newsletter_box((theme + 1) % 3) if theme == 1 else ""}'
        f'{site_footer(site)}<script>window.__INITIAL_STATE__={{"page":"post"}};</script></body></html>'
    )
    gold = {
        "text": gold_text(blocks), "title": post["title"], "author": post["author"], "published": post["published"],
        "tags": list(post["tags"]), "platform": platform, "site_name": site,
        "comments": [{"author": c["author"], "published": c["date"], "text": c["text"]} for c in comments],
        "categories": [extras["category"]] if platform == "wordpress" else None,
        "views": extras["views"] if platform == "wix" else None,
    }
    return {"name": f"{platform}-{i:02d}-t{theme}", "platform": platform, "theme": theme, "url": url,
            "html": page_html, "gold": gold, "chrome": CHROME}


def build_pages(platforms=PLATFORMS, per_platform: int = PER_PLATFORM) -> list[dict]:
    return [build_page(p, i) for p in platforms for i in range(per_platform)]


if __name__ == "__main__":  # write the set to a directory for inspection
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "platform-pages")
    out.mkdir(parents=True, exist_ok=True)
    for page in build_pages():
        (out / f"{page['name']}.html").write_text(page["html"], encoding="utf-8")
        (out / f"{page['name']}.json").write_text(json.dumps(page["gold"], indent=1), encoding="utf-8")
