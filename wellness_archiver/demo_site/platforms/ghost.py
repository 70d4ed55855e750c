"""A Ghost 5 publication on the default Casper theme.

Metadata: ``<title>`` is the bare post title (no site suffix); OpenGraph with
``article:published_time``, ``article:modified_time`` and one ``article:tag``
per tag; a JSON-LD ``Article`` (author Person, ``keywords`` as a comma-joined
string); ``twitter:label1 Written by``/``twitter:label2 Filed under``. In the
body only the primary tag is linked (``.article-tag``); the byline has
``.author-name`` and ``time.byline-meta-date``. Post content is
``section.gh-content`` with Koenig cards (``figure.kg-card.kg-image-card``).
Comments are a JS widget (Ghost native comments): not in the HTML.
"""

from __future__ import annotations

from wellness_archiver.demo_site.platforms import _feeds
from wellness_archiver.demo_site.platforms._html import (
    NOT_FOUND, Ctx, blocks_html, esc, expand, h, html_page, iso, js_json, ld_json, mod_iso, modified,
    num, pages_of, rfc822, short_date, slugify, stylesheet, words,
)

GHOST_VERSION = "5.75"
GONE = "/why-talking-helps/"  # unpublished post still linked from one post


def post_path(post: dict) -> str:
    return f"/{post['slug']}/"


def _tag_path(t: str) -> str:
    return f"/tag/{slugify(t)}/"


def _author_path(a: str) -> str:
    return f"/author/{slugify(a)}/"


def non_post_paths(ctx: Ctx) -> list[str]:
    n = len(pages_of(ctx.posts))
    return (["/"] + [f"/page/{k}/" for k in range(2, n + 1)] + ["/about/", "/contact/"]
            + [_tag_path(t) for t in ctx.tags()] + [_author_path(a) for a in ctx.authors()])


def _img(ctx: Ctx, key: str, i: int = 0) -> str:
    y = "2024"
    return ctx.url(f"/content/images/{y}/{num(key, 1, 12):02d}/{key[:30]}-{i}.jpg")


def _reading(post: dict) -> int:
    return max(1, round(len(words(post, 99999).split()) / 250))


_SELECTORS = expand([
    "viewport", "gh-head", "gh-head-inner", "gh-head-brand", "gh-head-logo", "gh-head-menu", "nav",
    "gh-head-actions", "gh-search", "gh-head-button", "site-content", "site-main", "article", "article-header",
    "article-tag", "post-card-primary-tag", "article-title", "article-excerpt", "article-byline",
    "article-byline-content", "author-list", "author-list-item", "author-avatar", "article-byline-meta",
    "author-name", "byline-meta-content", "byline-meta-date", "byline-reading-time", "article-image",
    "gh-content", "gh-canvas", "kg-card", "kg-image-card", "kg-image", "kg-width-wide", "article-comments",
    "footer-cta", "footer-cta-title", "footer-cta-button", "read-more-wrap", "read-more", "post-card",
    "post-card-image-link", "post-card-content", "post-card-title", "post-card-excerpt", "post-card-meta",
    "post-feed", "pagination", "site-footer", "copyright", "site-footer-nav", "gh-powered-by",
])


def _head(ctx: Ctx, *, title: str, url: str, desc: str, og_type: str, image: str,
          post: dict | None = None, ld: dict | None = None, prev_next: str = "") -> str:
    art = ""
    if post:
        art = (f'<meta property="article:published_time" content="{iso(post["published"], post["slug"], ".000Z")}">\n'
               f'    <meta property="article:modified_time" content="{mod_iso(post, ".000Z")}">\n'
               + "".join(f'    <meta property="article:tag" content="{esc(t)}">\n' for t in post["tags"])
               + f'    <meta property="article:publisher" content="https://www.facebook.com/{ctx.handle}">\n'
               f'    <meta name="twitter:label1" content="Written by">\n    <meta name="twitter:data1" content="{esc(post["author"])}">\n'
               f'    <meta name="twitter:label2" content="Filed under">\n    <meta name="twitter:data2" content="{esc(", ".join(post["tags"]))}">\n')
    portal = {"ghost": ctx.url("/"), "key": h(ctx.key, 26), "api": ctx.url("/ghost/api/content/"), "locale": "en"}
    return f"""<!DOCTYPE html>
<html lang="en">
<head>

    <title>{esc(title)}</title>
    <meta charset="utf-8" />
    <meta http-equiv="X-UA-Compatible" content="IE=edge" />
    <meta name="HandheldFriendly" content="True" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />

    <link rel="preload" as="style" href="{ctx.url('/assets/built/screen.css?v=4d3c8a1b2e')}" />
    <link rel="preload" as="script" href="{ctx.url('/assets/built/casper.js?v=4d3c8a1b2e')}" />
    <link rel="stylesheet" type="text/css" href="{ctx.url('/assets/built/screen.css?v=4d3c8a1b2e')}" />

    <style>
        :root {{
            --background-color: #ffffff
        }}
        {stylesheet(_SELECTORS, "ghost")}
    </style>
    <script>
        /* The script for calculating the color contrast has been taken from
        https://gomakethings.com/dynamically-changing-the-text-color-based-on-background-color-contrast-with-vanilla-js/ */
        var accentColor = getComputedStyle(document.documentElement).getPropertyValue('--background-color');
        accentColor = accentColor.trim().slice(1);
        if (accentColor.length === 3) {{
            accentColor = accentColor[0] + accentColor[0] + accentColor[1] + accentColor[1] + accentColor[2] + accentColor[2];
        }}
        var r = parseInt(accentColor.substr(0, 2), 16);
        var g = parseInt(accentColor.substr(2, 2), 16);
        var b = parseInt(accentColor.substr(4, 2), 16);
        var yiq = ((r * 299) + (g * 587) + (b * 114)) / 1000;
        var textColor = (yiq >= 128) ? 'dark' : 'light';
        document.documentElement.className = `has-${{textColor}}-text`;
    </script>

    <meta name="description" content="{esc(desc)}">
    <link rel="icon" href="{ctx.url('/content/images/size/w256h256/2023/05/favicon.png')}" type="image/png">
    <link rel="canonical" href="{url}">
    <meta name="referrer" content="no-referrer-when-downgrade">
    {prev_next}
    <meta property="og:site_name" content="{esc(ctx.name)}">
    <meta property="og:type" content="{og_type}">
    <meta property="og:title" content="{esc(title)}">
    <meta property="og:description" content="{esc(desc)}">
    <meta property="og:url" content="{url}">
    <meta property="og:image" content="{image}">
    {art}<meta name="twitter:card" content="summary_large_image">
    <meta name="twitter:title" content="{esc(title)}">
    <meta name="twitter:description" content="{esc(desc)}">
    <meta name="twitter:url" content="{url}">
    <meta name="twitter:image" content="{image}">
    <meta name="twitter:site" content="@{ctx.handle}">
    <meta property="og:image:width" content="1200">
    <meta property="og:image:height" content="800">

    {ld_json(ld) if ld else ""}

    <meta name="generator" content="Ghost {GHOST_VERSION}">
    <link rel="alternate" type="application/rss+xml" title="{esc(ctx.name)}" href="{ctx.url('/rss/')}">

    <script defer src="{ctx.url('/public/portal.min.js')}" data-i18n="true" data-ghost="{portal['ghost']}" data-key="{portal['key']}" data-api="{portal['api']}" data-locale="en" crossorigin="anonymous"></script><style id="gh-members-styles">.gh-post-upgrade-cta-content,
.gh-post-upgrade-cta {{
    display: flex;
    flex-direction: column;
    align-items: center;
    font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Oxygen, Ubuntu, Cantarell, 'Open Sans', 'Helvetica Neue', sans-serif;
    text-align: center;
    width: 100%;
    color: #ffffff;
    font-size: 16px;
}}
.gh-post-upgrade-cta-content {{ border-radius: 8px; padding: 40px 4vw; }}
.gh-post-upgrade-cta h2 {{ color: #ffffff; font-size: 28px; letter-spacing: -0.2px; margin: 0; padding: 0; }}
.gh-post-upgrade-cta p {{ margin: 20px 0 0; padding: 0; }}
.gh-post-upgrade-cta a.gh-btn {{ display: block; background: #ffffff; color: #2f6f62; text-decoration: none; margin: 28px 0 0; padding: 8px 18px; border-radius: 4px; font-size: 16px; font-weight: 600; }}
</style>
    <script defer src="{ctx.url('/public/sodo-search.min.js')}" data-key="{portal['key']}" data-styles="{ctx.url('/public/sodo-search.main.css')}" data-sodo-search="{portal['ghost']}" crossorigin="anonymous"></script>
    <link href="{ctx.url('/webmentions/receive/')}" rel="webmention">
    <script defer src="{ctx.url('/public/cards.min.js?v=4d3c8a1b2e')}"></script>
    <link rel="stylesheet" type="text/css" href="{ctx.url('/public/cards.min.css?v=4d3c8a1b2e')}">
    <script defer src="{ctx.url('/public/member-attribution.min.js?v=4d3c8a1b2e')}"></script>
    <script>window.ghostConfig = {js_json(portal)};</script>
    <style>:root {{--ghost-accent-color: #2f6f62;}}</style>
    <script defer data-domain="{ctx.base.split('//')[1]}" src="{ctx.url('/js/script.js')}"></script>

</head>
"""


def _frame(ctx: Ctx, head: str, body_class: str, main: str) -> str:
    nav = "".join(f'<li class="nav-{slugify(label)}"><a href="{ctx.url(p)}">{label}</a></li>'
                  for p, label in (("/", "Home"), ("/about/", "About"), ("/tag/loneliness/", "Loneliness"),
                                   ("/contact/", "Contact")))
    social = "".join(f'<a href="{u}" target="_blank" rel="noopener">{n.title()}</a>' for n, u in ctx.social("twitter", "instagram", "facebook"))
    return head + f"""<body class="{body_class} is-head-left-logo has-cover">
<div class="viewport">

    <header id="gh-head" class="gh-head outer">
        <div class="gh-head-inner inner">
            <div class="gh-head-brand">
                <a class="gh-head-logo no-image" href="{ctx.url('/')}">{esc(ctx.name)}</a>
                <button class="gh-search gh-icon-btn" aria-label="Search this site" data-ghost-search><svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 24 24" stroke="currentColor" stroke-width="2" width="20" height="20"><path stroke-linecap="round" stroke-linejoin="round" d="M21 21l-6-6m2-5a7 7 0 11-14 0 7 7 0 0114 0z"></path></svg></button>
                <button class="gh-burger" aria-label="Main Menu"></button>
            </div>

            <nav class="gh-head-menu">
                <ul class="nav">{nav}</ul>
            </nav>

            <div class="gh-head-actions">
                    <button class="gh-search gh-icon-btn" aria-label="Search this site" data-ghost-search><svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 24 24" stroke="currentColor" stroke-width="2" width="20" height="20"><path stroke-linecap="round" stroke-linejoin="round" d="M21 21l-6-6m2-5a7 7 0 11-14 0 7 7 0 0114 0z"></path></svg></button>
                    <div class="gh-head-members">
                                <a class="gh-head-link" href="#/portal/signin" data-portal="signin">Sign in</a>
                                <a class="gh-head-button" href="#/portal/signup" data-portal="signup">Subscribe</a>
                    </div>
            </div>
        </div>
    </header>

    <div class="site-content">
{main}
    </div>

    <footer class="site-footer outer">
        <div class="inner">
            <section class="copyright"><a href="{ctx.url('/')}">{esc(ctx.name)}</a> &copy; 2025</section>
            <nav class="site-footer-nav">
                <ul class="nav"><li class="nav-sign-up"><a href="#/portal/">Sign up</a></li><li class="nav-contact"><a href="{ctx.url('/contact/')}">Contact</a></li></ul>
                <div class="site-footer-social">{social}</div>
            </nav>
            <div class="gh-powered-by"><a href="https://ghost.org/" target="_blank" rel="noopener">Powered by Ghost</a></div>
        </div>
    </footer>

</div>

<div class="pswp" tabindex="-1" role="dialog" aria-hidden="true">
    <div class="pswp__bg"></div>
    <div class="pswp__scroll-wrap">
        <div class="pswp__container"><div class="pswp__item"></div><div class="pswp__item"></div><div class="pswp__item"></div></div>
        <div class="pswp__ui pswp__ui--hidden"><div class="pswp__top-bar"><div class="pswp__counter"></div>
        <button class="pswp__button pswp__button--close" title="Close (Esc)"></button><button class="pswp__button pswp__button--share" title="Share"></button>
        <button class="pswp__button pswp__button--fs" title="Toggle fullscreen"></button><button class="pswp__button pswp__button--zoom" title="Zoom in/out"></button>
        <div class="pswp__preloader"><div class="pswp__preloader__icn"><div class="pswp__preloader__cut"><div class="pswp__preloader__donut"></div></div></div></div></div>
        <button class="pswp__button pswp__button--arrow--left" title="Previous (arrow left)"></button><button class="pswp__button pswp__button--arrow--right" title="Next (arrow right)"></button>
        <div class="pswp__caption"><div class="pswp__caption__center"></div></div></div>
    </div>
</div>
<script src="{ctx.url('/assets/built/casper.js?v=4d3c8a1b2e')}"></script>
<script>
$(document).ready(function () {{
    // Mobile Menu Trigger
    $('.gh-burger').click(function () {{
        $('body').toggleClass('gh-head-open');
    }});
    // FitVids - Makes video embeds responsive
    $(".gh-content").fitVids();
}});
</script>
</body>
</html>
"""


def _card(ctx: Ctx, post: dict, cls: str = "post-card") -> str:
    url = ctx.url(post_path(post))
    primary = post["tags"][0]
    return f"""<article class="{cls} post tag-{' tag-'.join(slugify(t) for t in post['tags'])}">
    <a class="post-card-image-link" href="{url}"><img class="post-card-image" srcset="{_img(ctx, post['slug'])} 300w" sizes="(max-width: 1000px) 400px, 800px" src="{_img(ctx, post['slug'])}" alt="{esc(post['title'])}" loading="lazy" /></a>
    <div class="post-card-content">
        <a class="post-card-content-link" href="{url}">
            <header class="post-card-header"><div class="post-card-tags"><span class="post-card-primary-tag">{esc(primary)}</span></div>
                <h2 class="post-card-title">{esc(post['title'])}</h2></header>
            <div class="post-card-excerpt">{esc(post['description'])}</div>
        </a>
        <footer class="post-card-meta"><time class="post-card-meta-date" datetime="{post['published']}">{short_date(post['published'])}</time>
            <span class="post-card-meta-length">{_reading(post)} min read</span></footer>
    </div>
</article>"""


def _figure(ctx: Ctx, post: dict, fig: dict, i: int) -> str:
    src = _img(ctx, post["slug"], i)
    cap = f"<figcaption>{esc(fig['caption'])}</figcaption>" if fig.get("caption") else ""
    return (f'<figure class="kg-card kg-image-card{" kg-card-hascaption" if cap else ""}"><img src="{src}" class="kg-image" '
            f'alt="{esc(fig["alt"])}" loading="lazy" width="2000" height="1333" srcset="{src.replace("/images/", "/images/size/w600/")} 600w, '
            f'{src.replace("/images/", "/images/size/w1000/")} 1000w, {src} 2000w" sizes="(min-width: 720px) 720px">{cap}</figure>')


def _content(ctx: Ctx, post: dict) -> str:
    return blocks_html(post["blocks"], heading='<{tag} id="' + "h-{i}" + '">{text}</{tag}>',
                       figure=lambda f, i: _figure(ctx, post, f, i))


def _post_page(ctx: Ctx, post: dict) -> str:
    url = ctx.url(post_path(post))
    figs = [i for i, b in enumerate(post["blocks"]) if b[0] == "figure"]
    image = _img(ctx, post["slug"], figs[0] if figs else 0)
    author_url = ctx.url(_author_path(post["author"]))
    ld = {"@context": "https://schema.org", "@type": "Article",
          "publisher": {"@type": "Organization", "name": ctx.name, "url": ctx.url("/"),
                        "logo": {"@type": "ImageObject", "url": ctx.url("/content/images/2023/05/favicon.png"), "width": 60, "height": 60}},
          "author": {"@type": "Person", "name": post["author"], "url": author_url, "sameAs": []},
          "headline": post["title"], "url": url,
          "datePublished": iso(post["published"], post["slug"], ".000Z"), "dateModified": mod_iso(post, ".000Z"),
          "image": {"@type": "ImageObject", "url": image, "width": 2000, "height": 1333},
          "keywords": ", ".join(post["tags"]), "description": post["description"],
          "mainEntityOfPage": url}
    head = _head(ctx, title=post["title"], url=url, desc=post["description"], og_type="article", image=image, post=post, ld=ld)
    primary = post["tags"][0]
    gone = (f'<p class="article-note">Continued from <a href="{ctx.url(GONE)}">Why talking helps</a>.</p>'
            if post is ctx.posts[-1] else "")
    comments_cfg = {"ghost-comments": ctx.url("/"), "api": ctx.url("/ghost/api/content/"), "admin": ctx.url("/ghost/"),
                    "key": h(ctx.key, 26), "title": "", "count": True, "post-id": h(post["slug"], 24),
                    "color-scheme": "auto", "avatar-saturation": 60, "accent-color": "#2f6f62", "comments-enabled": "all"}
    attrs = " ".join(f'data-{k}="{esc(str(v).lower() if isinstance(v, bool) else str(v))}"'
                     for k, v in comments_cfg.items())
    main = f"""<main id="site-main" class="site-main">
<article class="article post tag-{' tag-'.join(slugify(t) for t in post['tags'])} ">

    <header class="article-header gh-canvas">

        <div class="article-tag post-card-tags">
                <span class="post-card-primary-tag">
                    <a href="{ctx.url(_tag_path(primary))}">{esc(primary)}</a>
                </span>
        </div>

        <h1 class="article-title">{esc(post['title'])}</h1>

            <p class="article-excerpt">{esc(post['description'])}</p>

        <div class="article-byline">
        <section class="article-byline-content">

            <ul class="author-list">
                <li class="author-list-item">
                    <a href="{author_url}" class="author-avatar author-profile-image"><img class="author-profile-image" src="{ctx.url(f'/content/images/size/w100/2023/05/{slugify(post["author"])}.jpg')}" alt="{esc(post['author'])}" /></a>
                </li>
            </ul>

            <div class="article-byline-meta">
                <h4 class="author-name"><a href="{author_url}">{esc(post['author'])}</a></h4>
                <div class="byline-meta-content">
                    <time class="byline-meta-date" datetime="{post['published']}">{short_date(post['published'])}</time>
                        <span class="byline-reading-time"><span class="bull">&bull;</span> {_reading(post)} min read</span>
                </div>
            </div>

        </section>
        </div>

    </header>

    <section class="gh-content gh-canvas">
        {_content(ctx, post)}
    </section>

    {gone}
    <section class="footer-cta outer">
        <div class="inner">
            <h2 class="footer-cta-title">Sign up for more like this.</h2>
            <a class="footer-cta-button" href="#/portal" data-portal>
                <div class="footer-cta-input">Enter your email</div>
                <span>Subscribe</span>
            </a>
        </div>
    </section>

    <section class="article-comments gh-canvas">
        <script defer src="{ctx.url('/public/comments-ui.min.js')}" {attrs} crossorigin="anonymous"></script>
    </section>

</article>
</main>

<aside class="read-more-wrap outer">
    <div class="read-more inner">
        {''.join(_card(ctx, p) for p in ctx.others(post, 3))}
    </div>
</aside>"""
    return _frame(ctx, head, f"post-template tag-{' tag-'.join(slugify(t) for t in post['tags'])}", main)


def _feed_page(ctx: Ctx, *, prefix: str, posts: list, title: str, desc: str, body_class: str,
               header: str = "") -> dict[str, str]:
    out = {}
    chunks = pages_of(posts)
    for n, chunk in enumerate(chunks, 1):
        path = prefix if n == 1 else f"{prefix}page/{n}/"
        url = ctx.url(path)
        links = ""
        pager = ""
        if n > 1:
            prev = prefix if n == 2 else f"{prefix}page/{n - 1}/"
            links += f'<link rel="prev" href="{ctx.url(prev)}">'
            pager += f'<a class="newer-posts" href="{ctx.url(prev)}"><span aria-hidden="true">&larr;</span> Newer Posts</a>'
        pager += f'<span class="page-number">Page {n} of {len(chunks)}</span>'
        if n < len(chunks):
            nxt = f"{prefix}page/{n + 1}/"
            links += f'<link rel="next" href="{ctx.url(nxt)}">'
            pager += f'<a class="older-posts" href="{ctx.url(nxt)}">Older Posts <span aria-hidden="true">&rarr;</span></a>'
        t = title if n == 1 else f"{title} (Page {n})"
        head = _head(ctx, title=t, url=url, desc=desc, og_type="website", image=_img(ctx, "cover"), prev_next=links)
        main = (f'<main id="site-main" class="site-main outer">{header}<div class="inner posts"><div class="post-feed">'
                + "".join(_card(ctx, p, "post-card keep-ratio") for p in chunk)
                + f'</div><nav class="pagination" role="navigation">{pager}</nav></div></main>')
        out[path] = _frame(ctx, head, body_class + (" paged" if n > 1 else ""), main)
    return out


def _static(ctx: Ctx, key: str, path: str) -> str:
    page = ctx.pages[key]
    url = ctx.url(path)
    head = _head(ctx, title=page["title"], url=url, desc=ctx.site["description"], og_type="website", image=_img(ctx, "cover"),
                 ld={"@context": "https://schema.org", "@type": "WebPage", "publisher": {"@type": "Organization", "name": ctx.name},
                     "headline": page["title"], "url": url, "mainEntityOfPage": url})
    main = f"""<main id="site-main" class="site-main"><article class="article page no-image">
    <header class="article-header gh-canvas"><h1 class="article-title">{esc(page['title'])}</h1></header>
    <section class="gh-content gh-canvas">{blocks_html(page['blocks'])}</section>
</article></main>"""
    return _frame(ctx, head, f"page-template page-{key}", main)


def _not_found(ctx: Ctx) -> str:
    head = _head(ctx, title=f"Page not found - {ctx.name}", url=ctx.url("/404/"), desc=ctx.site["description"],
                 og_type="website", image=_img(ctx, "cover"))
    main = (f'<main id="site-main" class="site-main outer error-content"><div class="inner"><section class="error-message">'
            f'<h1 class="error-code">404</h1><p class="error-description">Page not found</p>'
            f'<a class="error-link" href="{ctx.url("/")}">Go to the front page &rarr;</a></section>'
            f'<div class="post-feed">{"".join(_card(ctx, p) for p in ctx.posts[:3])}</div></div></main>')
    return _frame(ctx, head, "error-template", main)


def build(ctx: Ctx) -> dict:
    pages = {post_path(p): _post_page(ctx, p) for p in ctx.posts}
    pages.update(_feed_page(ctx, prefix="/", posts=ctx.posts, title=ctx.name, desc=ctx.site["description"],
                            body_class="home-template",
                            header=f'<div class="site-header-content outer"><div class="site-header-inner inner"><h1 class="site-title">{esc(ctx.name)}</h1><p class="site-description">{esc(ctx.site["tagline"])}</p></div></div>'))
    for t in ctx.tags():
        pages.update(_feed_page(ctx, prefix=_tag_path(t), posts=ctx.tagged(t), title=f"{t} - {ctx.name}",
                                desc=f"Posts tagged {t}", body_class=f"tag-template tag-{slugify(t)}",
                                header=f'<section class="post-card post-card-large"><div class="post-card-content"><h1 class="post-card-title">{esc(t)}</h1><div class="post-card-excerpt">A collection of {len(ctx.tagged(t))} post{"s" if len(ctx.tagged(t)) != 1 else ""}</div></div></section>'))
    for a in ctx.authors():
        pages.update(_feed_page(ctx, prefix=_author_path(a), posts=[p for p in ctx.posts if p["author"] == a],
                                title=f"{a} - {ctx.name}", desc=f"Writing by {a}", body_class=f"author-template author-{slugify(a)}",
                                header=f'<section class="post-card post-card-large"><div class="post-card-content"><h1 class="post-card-title">{esc(a)}</h1></div></section>'))
    pages["/about/"] = _static(ctx, "about", "/about/")
    pages["/contact/"] = _static(ctx, "contact", "/contact/")
    out = {k: html_page(v) for k, v in pages.items()}
    out[NOT_FOUND] = html_page(_not_found(ctx), 404)
    items = [{"title": p["title"], "link": ctx.url(post_path(p)), "guid": h(p["slug"], 24),
              "pub": rfc822(p["published"], p["slug"]), "author": p["author"], "categories": p["tags"],
              "description": p["description"], "content": _content(ctx, p)} for p in ctx.posts]
    out["/rss/"] = _feeds.rss2(title=ctx.name, link=ctx.url("/"), self_url=ctx.url("/rss/"), description=ctx.site["tagline"],
                               language="en", items=items, generator=f"Ghost {GHOST_VERSION}",
                               last_build=rfc822(max(modified(p) for p in ctx.posts), "build"))
    entries = [(ctx.url("/"), mod_iso(ctx.posts[0], ".000Z"))]
    entries += [(ctx.url(post_path(p)), mod_iso(p, ".000Z")) for p in ctx.posts]
    entries += [(ctx.url(p), "2023-05-02T10:00:00.000Z") for p in ("/about/", "/contact/")]
    entries += [(ctx.url(_tag_path(t)), mod_iso(ctx.tagged(t)[0], ".000Z")) for t in ctx.tags()]
    entries += [(ctx.url(_author_path(a)), None) for a in ctx.authors()]
    out["/sitemap.xml"] = _feeds.sitemap(entries)
    out["/robots.txt"] = _feeds.robots(
        f"User-agent: *\nSitemap: {ctx.url('/sitemap.xml')}\nDisallow: /ghost/\nDisallow: /email/\n"
        "Disallow: /members/api/comments/counts/\nDisallow: /r/\nDisallow: /webmentions/receive/\n")
    return out
