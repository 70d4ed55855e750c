"""A Wix site with the Wix Blog app, as the Thunderbolt renderer serves it.

Reproduces the chrome of the seed capture (``shared/seeds/wix-blog-post.txt``):
"top of page", a header "Search", the "Writer's picture" avatar + author,
"Updated: <date>", the hero image with alt text, "N views" + "N comments"
counters, "Recent Posts"/"See All" with three cards, "Comments" and
"bottom of page".

Metadata: ``<title>`` is the bare post title; OpenGraph ``og:type=article``,
``article:author``, ``article:published_time``/``article:modified_time``
(``...Z`` with milliseconds); JSON-LD ``BlogPosting``. Tags exist only as
``nav[data-hook=tag-list] a[data-hook=tag]`` links to ``/blog/tags/<slug>``.
The body is Ricos viewer markup: every block wrapped in ``div[data-hook]``
siblings, spans inside paragraphs and empty ``<p><br role=presentation></p>``
spacers.
"""

from __future__ import annotations

from wellness_archiver.demo_site.platforms import _feeds
from wellness_archiver.demo_site.platforms._html import (
    NOT_FOUND, Ctx, d, esc, h, html_page, iso, js_json, ld_json, mod_iso, modified, num, pages_of,
    rfc822, slugify, stylesheet, words,
)

META_SITE_ID = "f7e1" + h("wix-site", 4) + "-17b8-4df4-8aea-" + h("wix-site-b", 12)
GONE = "/post/finding-calm-in-the-storm"  # an older post that was unpublished
VIEWS = {"healing-within-a-relationship": 25}  # the seed capture's counter


def post_path(post: dict) -> str:
    return f"/post/{post['slug']}"


def _tag_path(t: str) -> str:
    return f"/blog/tags/{slugify(t)}"


def non_post_paths(ctx: Ctx) -> list[str]:
    n = len(pages_of(ctx.posts))
    return (["/", "/blog"] + [f"/blog/page/{k}" for k in range(2, n + 1)] + ["/about", "/contact"]
            + [_tag_path(t) for t in ctx.tags()] + [_profile_path(a) for a in ctx.authors()])


def _profile_path(author: str) -> str:
    return f"/profile/{slugify(author)}/profile"


def _views(post: dict) -> int:
    return VIEWS.get(post["slug"], num(post["slug"], 9, 240))


def _img(ctx: Ctx, key: str, i: int = 0) -> str:
    return ctx.url(f"/media/{h(META_SITE_ID, 6)}_{h(key + str(i), 32)}~mv2.jpg")


def _wix_date(day: str, this_year: int) -> str:
    """Wix drops the year for dates in the current year: "Feb 8" vs "Feb 8, 2023"."""
    x = d(day)
    return f"{x:%b} {x.day}" + ("" if x.year == this_year else f", {x.year}")


def _comp(key: str) -> str:
    return "comp-" + h(key, 8)


_CSS_IDS = [f"#{_comp(str(i))}" for i in range(60)]
_SELECTORS = _CSS_IDS + [f".{c}" for c in (
    "SITE_HEADER", "SITE_FOOTER", "PAGES_CONTAINER", "blog-post-page-font", "blog-post-title-font",
    "blog-text-color", "blog-link-hover-color", "blog-separator-background-color", "post-metadata__date",
    "user-name", "post-title__text", "post-content__body", "rich-content-viewer", "tag-list", "post-stats",
    "recent-posts", "comments-header", "wixui-rich-text__text", "wixui-header", "wixui-footer",
    "wixui-dropdown-menu", "wixui-search-box", "mHZSwn", "Vd6aQZ", "xU8fqS", "MW5IWV", "j3D9DG", "OSxNQL",
    "IeNfNP", "tQ0Q1A", "cD_92h", "UbhFJ7", "nLG8d5", "mm8Nw", "_1j-51", "_2PHJq", "public-DraftStyleDefault-ltr",
)]


def _head(ctx: Ctx, *, title: str, url: str, desc: str, og_type: str, image: str,
          post: dict | None = None) -> str:
    meta, ld = "", ""
    if post:
        pub, mod = iso(post["published"], post["slug"], ms=True), mod_iso(post, ms=True)
        meta = (f'<meta property="article:author" content="{esc(post["author"])}"/>\n'
                f'<meta property="article:published_time" content="{pub}"/>\n'
                f'<meta property="article:modified_time" content="{mod}"/>\n')
        ld = ld_json({"@context": "https://schema.org", "@type": "BlogPosting",
                      "author": {"@type": "Person", "name": post["author"],
                                 "url": ctx.url(_profile_path(post["author"]))},
                      "dateModified": mod, "datePublished": pub, "headline": post["title"],
                      "mainEntityOfPage": {"@id": url, "@type": "itemPage", "url": url},
                      "description": post["description"], "url": url,
                      "image": {"@type": "ImageObject", "url": image, "width": "1920", "height": "1280"},
                      "publisher": {"@type": "Organization", "name": ctx.name, "url": ctx.url("")}})
    warmup = {"platform": {"ssrPropsUpdates": [], "ssrStyleUpdates": [], "ssrStructureUpdates": []},
              "appsWarmupData": {"14bcded7-0066-7c35-14d7-466cb3f09103": {
                  "postPageWarmupData": {"siteId": META_SITE_ID, "language": "en", "instance": h(url, 40),
                                         "experiments": {"specs.wixBlog.UseWarmupState": "true",
                                                         "specs.wixBlog.ReadingTimeOnPostPage": "true",
                                                         "specs.wixBlog.CommentsWidgetV2": "true"}}}},
              "pages": {"pageId": h(url, 5), "pageJsonFileName": h(url, 6) + "_" + str(num(url, 1000, 9999))},
              "siteAssets": {"modulesParams": {"features": {"compTypes": ["wixui.RichTextBox", "wysiwyg.viewer.components.WPhoto",
                                                                           "wysiwyg.viewer.components.menus.DropDownMenu",
                                                                           "wixui.SearchBox", "tpaWidgetNative"]}}}}
    viewer = {"site": {"metaSiteId": META_SITE_ID, "siteId": h("wix-site-id", 8) + "-" + h("x", 4) + "-4f2e-9c0d-" + h("y", 12),
                       "isResponsive": False, "externalBaseUrl": ctx.url(""), "siteRevision": 2990,
                       "sessionId": h(url + "session", 8), "isPremiumDomain": True},
              "requestUrl": url, "rollout": {"siteAssetsVersionsRollout": False, "isDACRollout": 0, "isTBRollout": False},
              "fleetConfig": {"fleetName": "thunderbolt-renderer-users-jit", "type": "Rollout", "code": 1},
              "commonConfig": {"brand": "wix", "host": "VIEWER", "bsi": "", "consentPolicy": {}, "siteRevision": "2990"},
              "interactionSampleRatio": 0.01, "siteFeaturesConfigs": {"seo": {"isInSEO": False, "hasBlogAmpSupport": True}},
              "language": {"userLanguage": "en", "siteLanguage": "en", "isMultilingualEnabled": False},
              "mode": {"qa": False, "enableTestApi": False, "debug": False, "ssrIndicator": False, "ssrOnly": False,
                       "siteAssetsFallback": "enable", "versionIndicator": False},
              "siteFeatures": ["accessibility", "appMonitoring", "assetsLoader", "businessLogger", "captcha", "clickHandlerRegistrar",
                               "commonConfig", "componentsLoader", "componentsRegistry", "consentPolicy", "cyclicTabbing",
                               "domSelectors", "environment", "locationWixCodeSdk", "mpaNavigation", "navigationManager",
                               "navigationPhases", "ooi", "pages", "panorama", "renderer", "reporter", "router",
                               "scrollRestoration", "seoWixCodeSdk", "seo", "sessionManager", "siteMembersWixCodeSdk",
                               "siteMembers", "siteScrollBlocker", "siteWixCodeSdk", "stores", "structureApi",
                               "thunderboltInitializer", "tpaCommons", "translations", "usedPlatformApis", "warmupData",
                               "windowMessageRegistrar", "windowWixCodeSdk", "wixEmbedsApi", "componentsReact",
                               "platform"],
              "media": {"staticMediaUrl": ctx.url("/media"), "mediaRootUrl": ctx.url("/"), "staticVideoUrl": ctx.url("/video/")}}
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset='utf-8'>
  <meta name="viewport" content="width=device-width, initial-scale=1" id="wixDesktopViewport" />
  <meta http-equiv="X-UA-Compatible" content="IE=edge">
  <meta name="generator" content="Wix.com Website Builder"/>
  <link rel="icon" sizes="192x192" href="{ctx.url('/media/favicon.png')}" type="image/png"/>
  <link rel="shortcut icon" href="{ctx.url('/media/favicon.png')}" type="image/png"/>
  <script type="text/javascript">
    window.__browser_deprecation__ = !('IntersectionObserver' in window) || !window.fetch || !('assign' in Object);
    if (window.__browser_deprecation__) {{ document.documentElement.classList.add('browser-deprecation'); }}
  </script>
  <script>window.viewerModel = JSON.parse(document.getElementById('wix-viewer-model').textContent)</script>
  <script type="application/json" id="wix-viewer-model">{js_json(viewer)}</script>
  <script>
    window.commonConfig = viewerModel.commonConfig;
    window.fedops = {{ apps: {{}}, phases: [], data: {{}} }};
    window.fedops.reportError = function(e){{ (window.fedops.errors = window.fedops.errors || []).push(e) }};
    window.thunderboltVersion = '1.14097.0';
    window.clientSideRender = false;
  </script>
  <meta name="format-detection" content="telephone=no">
  <meta name="skype_toolbar" content="skype_toolbar_parser_compatible">
  <meta http-equiv="X-Wix-Meta-Site-Id" content="{META_SITE_ID}">
  <meta http-equiv="X-Wix-Published-Version" content="2990"/>
  <meta http-equiv="etag" content="bug"/>
  <style>
{stylesheet(_SELECTORS, "wix")}
  </style>
  <!-- head performance data start -->
  <!-- head performance data end -->
  <title>{esc(title)}</title>
  <meta name="description" content="{esc(desc)}"/>
  <link rel="canonical" href="{url}"/>
  <meta property="og:title" content="{esc(title)}"/>
  <meta property="og:description" content="{esc(desc)}"/>
  <meta property="og:image" content="{image}"/>
  <meta property="og:image:width" content="1920"/>
  <meta property="og:image:height" content="1280"/>
  <meta property="og:url" content="{url}"/>
  <meta property="og:site_name" content="{esc(ctx.name)}"/>
  <meta property="og:type" content="{og_type}"/>
  {ld}
  <link rel="alternate" href="{ctx.url('/blog-feed.xml')}" title="{esc(ctx.name)} - RSS" type="application/rss+xml"/>
  {meta}<meta name="twitter:card" content="summary_large_image"/>
  <meta name="twitter:title" content="{esc(title)}"/>
  <meta name="twitter:description" content="{esc(desc)}"/>
  <meta name="twitter:image" content="{image}"/>
  <script type="application/json" id="wix-warmup-data">{js_json(warmup)}</script>
</head>
"""


def _frame(ctx: Ctx, head: str, main: str) -> str:
    menu = "".join(
        f'<li class="wixui-dropdown-menu__item" data-testid="{label.lower()}"><a data-testid="linkElement" href="{ctx.url(p)}" class="UiHgGh">'
        f'<div class="itemContentWrapper"><div data-testid="itemWrapper" class="itemWrapper"><p class="label">{label}</p></div></div></a></li>'
        for p, label in (("/", "Home"), ("/about", "About"), ("/blog", "Blog"), ("/contact", "Contact")))
    social = "".join(f'<li id="dataItem-{h(n, 8)}" class="wixui-social-links-bar__item"><a href="{u}" target="_blank" rel="noreferrer noopener" aria-label="{n.title()}">'
                     f'<img src="{ctx.url(f"/media/social-{n}.png")}" alt="{n.title()}" /></a></li>'
                     for n, u in ctx.social("instagram", "facebook", "linkedin"))
    return head + f"""<body class="">
<script type="wix/htmlEmbeds" id="pageHtmlEmbeds.bodyStart start"></script>
<script type="wix/htmlEmbeds" id="pageHtmlEmbeds.bodyStart end"></script>
<div id="SITE_CONTAINER"><div id="main_MF" class="main_MF">
<div id="SCROLL_TO_TOP" class="Vd6aQZ ignore-focus SCROLL_TO_TOP" role="region" tabindex="-1" aria-label="top of page"><span class="mHZSwn">top of page</span></div>
<div id="BACKGROUND_GROUP"><div id="BACKGROUND_GROUP_TRANSITION_GROUP"><div id="pageBackground_{h('bg', 5)}" data-media-height-override-type="" data-media-position-override="false" class="pageBackground_{h('bg', 5)} BmZ5pC"><div id="bgLayers_pageBackground_{h('bg', 5)}" data-hook="bgLayers" class="MW5IWV"><div data-testid="colorUnderlay" class="LWbAav Kv1aVt"></div></div></div></div></div>
<div id="site-root" class="site-root"><div id="masterPage" class="mesh-layout masterPage css-editing-scope">
<header id="SITE_HEADER" class="xU8fqS SITE_HEADER wixui-header" tabindex="-1"><div class="_C0cVf"><div class="_4XcTfy" data-testid="screenWidthContainerBg"></div></div>
  <div class="U4Bvut"><div class="G5K6X8"><div class="gUbusX" data-testid="screenWidthContainerBgCenter"></div></div><div class="CJF7A2"><div data-mesh-id="SITE_HEADERinlineContent" data-testid="inline-content" class=""><div data-mesh-id="SITE_HEADERinlineContent-gridContainer" data-testid="mesh-container-content">
    <div id="{_comp('logo')}" class="MazNVa {_comp('logo')} wixui-image"><a data-testid="linkElement" href="{ctx.url('/')}" class="j7pOnl"><img src="{ctx.url('/media/logo-kindred-roots.png')}" alt="{esc(ctx.name)} logo" style="width:64px;height:64px;object-fit:cover" width="64" height="64"/></a></div>
    <div id="{_comp('sitename')}" class="KcpHeO tz5f0K {_comp('sitename')} wixui-rich-text" data-testid="richTextElement"><p class="font_6 wixui-rich-text__text"><a href="{ctx.url('/')}" class="wixui-rich-text__text">{esc(ctx.name)}</a></p></div>
    <nav id="{_comp('menu')}" class="{_comp('menu')} wixui-dropdown-menu hidden-during-prewarmup" aria-label="Site"><ul class="lNxAGR">{menu}</ul></nav>
    <div id="{_comp('search')}" class="{_comp('search')} wixui-search-box"><form role="search" action="{ctx.url('/search-results')}" class="yyFtkY"><div class="q5WqE_"><button type="submit" class="nTiihL" aria-label="Search"><span class="search-label">Search</span></button><input type="search" name="q" placeholder="Search..." aria-label="Search..." autocomplete="off" class="InZ2Dq" value=""/></div></form></div>
  </div></div></div></div>
</header>
<main id="PAGES_CONTAINER" class="PAGES_CONTAINER" tabindex="-1" data-main-content="true"><div id="SITE_PAGES" class="JsJXaX SITE_PAGES"><div id="SITE_PAGES_TRANSITION_GROUP" class="AnQkDU"><div id="{h('page', 5)}" class="dBAkHi theme-vars">
<div class="PFkO7r wixui-page" data-testid="page-bg"></div><div class="HT5ybB"><div id="Containerb{h('page', 5)}" class="{_comp('container')} wixui-repeater__item HT5ybB">
{main}
</div></div></div></div></div></main>
<footer id="SITE_FOOTER" class="AT7o0U SITE_FOOTER wixui-footer" tabindex="-1"><div class="lvxhkV"></div><div class="cKxVkc"><div class="vlM3HR"></div><div class="VrZrC0"><div class=""><div>
  <div id="{_comp('footer-text')}" class="KcpHeO tz5f0K {_comp('footer-text')} wixui-rich-text" data-testid="richTextElement"><p class="font_9 wixui-rich-text__text">&copy; 2025 by {esc(ctx.name)}. Proudly created with <a href="https://www.wix.com" target="_blank" class="wixui-rich-text__text">Wix.com</a></p>
  <p class="font_9 wixui-rich-text__text"><a href="{ctx.url('/contact')}" class="wixui-rich-text__text">Book a consultation</a> &middot; <a href="https://www.psychologytoday.com/us/therapists/kindred-roots-counselling" class="wixui-rich-text__text">Psychology Today</a></p></div>
  <div id="{_comp('social')}" class="{_comp('social')} wixui-social-links-bar"><ul class="UR4k9I" aria-label="Social Bar">{social}</ul></div>
</div></div></div></div></footer>
</div></div>
<div id="SCROLL_TO_BOTTOM" class="Vd6aQZ ignore-focus SCROLL_TO_BOTTOM" role="region" tabindex="-1" aria-label="bottom of page"><span class="mHZSwn">bottom of page</span></div>
</div></div>
<div id="consent-banner-root"><div id="cookie-notice" class="consent-banner" role="region" aria-label="Cookie banner"><p>This website uses cookies. By continuing you accept our use of cookies.</p><button data-hook="consent-banner-apply-button" data-cookie-action="accept">Accept</button><button data-hook="consent-banner-settings-button">Settings</button></div></div>
<script type="wix/htmlEmbeds" id="pageHtmlEmbeds.bodyEnd start"></script>
<script type="wix/htmlEmbeds" id="pageHtmlEmbeds.bodyEnd end"></script>
<script>
  window.firstPageId = '{h('page', 5)}'
  if (!window.__browser_deprecation__) {{
    window.requestCloseWelcomeScreen = () => {{}}
    window.fedops.phaseStarted('partially_visible', {{paramsOverrides: {{ pageId: firstPageId }}}})
  }}
</script>
</body>
</html>
"""


# -- the post page ----------------------------------------------------------------------

_P_CLS = "mm8Nw _1j-51 roLFQS _1FoOD _3M0Fe Z63qyL roLFQS public-DraftStyleDefault-block-depth0 fixed-tab-size public-DraftStyleDefault-text-ltr"


def _ricos(ctx: Ctx, post: dict) -> str:
    """The post body as the Ricos content viewer renders it."""
    out = ['<div data-hook="rcv-block-first"></div>']
    blocks = list(post["blocks"])
    if post.get("image"):  # the cover image leads the body, as in the seed
        blocks.insert(0, ["cover", post["image"]])
    for i, (kind, val) in enumerate(blocks):
        vid = "viewer-" + h(post["slug"] + str(i), 5)
        if kind in ("h2", "h3", "h4"):
            out.append(f'<{kind} id="{vid}" class="{_P_CLS} _2n6O1 blog-post-title-font"><span class="_2PHJq public-DraftStyleDefault-ltr">{esc(val)}</span></{kind}>')
        elif kind == "p":
            out.append(f'<p id="{vid}" class="{_P_CLS}"><span class="_2PHJq public-DraftStyleDefault-ltr">{esc(val)}</span></p>')
        elif kind == "quote":
            out.append(f'<blockquote id="{vid}" class="_3XPWR blockquote _1j-51"><span class="_2PHJq public-DraftStyleDefault-ltr">{esc(val)}</span></blockquote>')
        elif kind in ("ul", "ol"):
            items = "".join(f'<li class="_1aRpu public-DraftStyleDefault-{kind}ListItem" aria-level="1"><p class="{_P_CLS}"><span class="_2PHJq public-DraftStyleDefault-ltr">{esc(x)}</span></p></li>' for x in val)
            out.append(f'<{kind} id="{vid}" class="_3hI0t public-DraftStyleDefault-{kind}">{items}</{kind}>')
        else:  # cover or figure
            src = _img(ctx, post["slug"], i)
            cap = (f'<figcaption class="_2FUN4 caption" data-hook="imageViewerCaption">{esc(val["caption"])}</figcaption>'
                   if val.get("caption") else "")
            out.append(f'<div id="{vid}" class="_2vd5k b6lcWf"><figure class="_3CWa- sxFoib" data-hook="figure-IMAGE"><div data-hook="imageViewer" class="_2kEVY" role="button" tabindex="0">'
                       f'<div class="_3WJnn _2i-Gt" id="new-image{num(src, 1000, 9999)}"><wow-image id="{src.rsplit("/", 1)[1]}" class="VqZCHB"><img src="{src}" alt="{esc(val["alt"])}" '
                       f'style="width:740px;height:493px;object-fit:cover" width="740" height="493" fetchpriority="high"/></wow-image></div></div>{cap}</figure></div>')
        out.append(f'<div data-hook="rcv-block{i + 1}"></div>')
        if kind == "p" and num(post["slug"] + str(i), 0, 3) == 0:  # Wix leaves empty spacer paragraphs
            out.append(f'<p class="{_P_CLS}"><span class="_2PHJq public-DraftStyleDefault-ltr"><br role="presentation"/></span></p>')
    out.append('<div data-hook="rcv-block-last"></div>')
    return "\n".join(out)


def _card(ctx: Ctx, p: dict) -> str:
    url = ctx.url(post_path(p))
    return (f'<div class="ZXeRq5 post-list-item" data-hook="post-list-item"><div class="lAHJnk"><a href="{url}" tabindex="-1" class="gallery-item-image-link">'
            f'<img src="{_img(ctx, p["slug"], 99)}" alt="" width="292" height="195" loading="lazy"/></a></div>'
            f'<div class="post-list-item-wrapper"><a href="{url}" class="O16KGI"><h3 class="bD0vt9 KNiaIk post-title blog-hover-container-element-color" data-hook="post-title">'
            f'<div class="post-title__text">{esc(p["title"])}</div></h3></a>'
            f'<div class="post-footer" data-hook="post-footer"><div class="jNWQqT"><span class="post-stats__views" data-hook="view-count">{_views(p)} views</span>'
            f'<span class="post-stats__comments" data-hook="comment-count">{len(p["comments"])} comments</span></div>'
            f'<div data-hook="like-button-with-count"><span class="like-button-with-count__like-count">{num(p["slug"], 0, 9)}</span>'
            f'<button data-hook="like-button" aria-label="Post not marked as liked" class="like-button"></button></div></div></div></div>')


def _comments(ctx: Ctx, post: dict) -> str:
    items = "".join(
        f'<div data-hook="comment" class="comment"><div class="comment-header"><img alt="" src="{ctx.url("/media/avatar-default.png")}" width="40" height="40"/>'
        f'<span data-hook="author-name" class="comment-author">{esc(c["author"])}</span>'
        f'<span data-hook="timestamp" class="comment-timestamp" title="{c["date"]}">{_wix_date(c["date"], 0)}</span></div>'
        f'<div data-hook="comment-content" class="comment-content"><p>{esc(c["text"])}</p></div>'
        f'<div class="comment-actions"><button data-hook="like-button">Like</button><button data-hook="reply-button">Reply</button></div></div>'
        for c in post["comments"])
    return (f'<div data-hook="comments-widget" class="comments-widget"><section class="comments" aria-label="Comments">'
            f'<h2 data-hook="comments-header" class="comments-header">Comments</h2>'
            f'<div data-hook="comment-box-placeholder" class="comment-box-placeholder" role="textbox">Write a comment...</div>'
            f'<div data-hook="comments-list" class="comments-list">{items}</div></section></div>')


def _post_page(ctx: Ctx, post: dict) -> str:
    url = ctx.url(post_path(post))
    this_year = int(ctx.posts[0]["published"][:4])  # the site's "now": its newest post
    image = _img(ctx, post["slug"], 0)
    head = _head(ctx, title=post["title"], url=url, desc=post["description"], og_type="article", image=image, post=post)
    author_url = ctx.url(_profile_path(post["author"]))
    updated = (f'<div class="MS0hvJ post-updated-date"><span data-hook="post-updated-date" class="post-metadata__updated">Updated: {_wix_date(post["updated"], this_year)}</span></div>'
               if post["updated"] else "")
    tags = "".join(f'<li class="tag-list__item"><a class="tag-link blog-link-hover-color" data-hook="tag" href="{ctx.url(_tag_path(t))}">{esc(t)}</a></li>'
                   for t in post["tags"])
    share = "".join(f'<span class="yq9v_n"><button class="U4UjyH" data-hook="share-button__{k}" aria-label="Share via {label}"><svg viewBox="0 0 19 19" width="19" height="19"></svg></button></span>'
                    for k, label in (("facebook", "Facebook"), ("twitter", "Twitter"), ("linked-in", "LinkedIn"), ("link", "link")))
    gone = (f'<div class="post-series-note">Part two of <a href="{ctx.url(GONE)}">Finding calm in the storm</a></div>'
            if post is ctx.posts[-1] else "")
    minutes = max(1, round(len(words(post, 99999).split()) / 230))
    main = f"""<section id="{_comp('post-section')}" class="wixui-section"><div id="{_comp('tpa')}" class="{_comp('tpa')} wixui-tpa"><div class="blog-post-page-font" data-hook="responsive-listener">
<div data-hook="post-page" class="mbKyhH fsZ7OF mFmpGg blog-post-page-font">
<article class="j3D9DG blog-post-page-font blog-card-background-color blog-card-border-color" data-hook="post">
<div class="OSxNQL"><div class="OFA52E"><div class="IeNfNP">
  <ul class="xUuoH9 v0bFi9 post-metadata">
    <li class="F4tRtJ"><a data-hook="profile-link" href="{author_url}" class="blog-link-hover-color"><div class="lBv2XN avatar blog-text-color"><img alt="Writer's picture" src="{ctx.url(f'/media/avatar-{slugify(post["author"])}.jpg')}" width="32" height="32" class="avatar-image"/></div>
      <span class="tQ0Q1A user-name dlINDG" data-hook="user-name">{esc(post['author'])}</span></a></li>
    <li class="F4tRtJ"><ul class="xUuoH9 MBUSKJ"><li class="UZa2Xr"><span class="post-metadata__date time-ago" data-hook="time-ago" title="{_wix_date(post['published'], 0)}">{_wix_date(post['published'], this_year)}</span></li>
      <li class="UZa2Xr"><span class="post-metadata__readTime" data-hook="time-to-read" title="{minutes} min read">{minutes} min read</span></li></ul></li>
  </ul>
  <div class="UPa2xo JDQ812"><div class="more-button"><button class="Bvf4SR" id="more-button-{h(post['slug'], 8)}" data-hook="more-button" aria-label="More actions" aria-haspopup="true"><svg viewBox="0 0 19 19" width="19" height="19"></svg></button></div></div>
</div>
<div class="cD_92h UitnHM" data-hook="post-title"><h1 class="UbhFJ7 nkqC0Q blog-post-title-font blog-post-title-color" data-hook="post-title"><span class="post-title__text blog-post-title-font blog-post-title-color"><span class="blog-post-title-font blog-post-title-color">{esc(post['title'])}</span></span></h1></div>
{updated}
<div class="nLG8d5" data-hook="post-description"><article class="blog-post-page-font"><div class="post-content__body"><div class="NjQ71C"><div class="NjQ71C"><div data-id="content-viewer" class="ZylKKv md1nXG SwMATA rich-content-viewer">
<div class="kvdbP HWlYoF wrLZsV _1O7aH"><div class="_1hN1O uyQefQ _3EPBy">
{_ricos(ctx, post)}
</div></div></div></div></div></div></article></div>
</div>
<div id="post-footer" class="OFA52E jG7PL8">
  <nav aria-label="tags" data-hook="tag-list" class="tag-list"><ul class="tag-list__list">{tags}</ul></nav>
  <div class="ux83lW" data-hook="post-main-actions-desktop"><div class="tmHsxH blog-separator-background-color"></div><div class="bVF0DD lnKYSq"><div class="A9JHsT"><div class="AErICS blog-text-color" id="post-social-actions_{h(post['slug'], 8)}">{share}</div></div></div></div>
  <div class="tmHsxH blog-separator-background-color"></div>
  <div class="post-stats" data-hook="post-stats"><div class="SFtTCt"><span class="post-stats__views" data-hook="view-count">{_views(post)} views</span><span class="post-stats__comments" data-hook="comment-count">{len(post['comments'])} comments</span></div>
  <div data-hook="like-button-with-count" class="like-button-with-count"><span class="like-button-with-count__like-count">{num(post['slug'], 0, 9)}</span><button data-hook="like-button" aria-label="Post not marked as liked" class="like-button"></button></div></div>
  {gone}
</div></div>
</article>
<div data-hook="recent-and-related-posts" class="recent-and-related-posts"><section data-hook="recent-posts" class="recent-posts"><div class="EgXgbA"><h2 class="recent-posts-title" data-hook="recent-posts-title">Recent Posts</h2>
<a href="{ctx.url('/blog')}" class="see-all-link blog-link-hover-color" data-hook="see-all-link">See All</a></div>
<div class="recent-posts-list">{''.join(_card(ctx, p) for p in ctx.others(post, 3))}</div></section></div>
{_comments(ctx, post)}
</div></div></div></section>"""
    return _frame(ctx, head, main)


# -- listings, pages ----------------------------------------------------------------------

def _blog_page(ctx: Ctx, path: str, posts: list, n: int, total: int, base: str, heading: str = "") -> str:
    url = ctx.url(path)
    this_year = int(ctx.posts[0]["published"][:4])
    items = "".join(
        f'<article class="blog-post-homepage-description-font post-list-item" data-hook="post-list-item"><div class="gallery-item-image"><a href="{ctx.url(post_path(p))}" tabindex="-1"><img src="{_img(ctx, p["slug"], 99)}" alt="" loading="lazy" width="454" height="341"/></a></div>'
        f'<div class="post-list-item-wrapper"><div class="post-metadata"><span data-hook="user-name" class="user-name">{esc(p["author"])}</span>'
        f'<span data-hook="time-ago" class="post-metadata__date time-ago">{_wix_date(p["published"], this_year)}</span><span data-hook="time-to-read">{max(1, round(len(words(p, 9999).split()) / 230))} min read</span></div>'
        f'<a href="{ctx.url(post_path(p))}" class="post-title-link"><h2 class="post-title blog-post-homepage-title-font" data-hook="post-title"><div class="post-title__text">{esc(p["title"])}</div></h2></a>'
        f'<div class="post-description" data-hook="post-description"><div class="post-description__text">{esc(p["description"])}</div></div>'
        f'<div class="post-footer" data-hook="post-footer"><span data-hook="view-count">{_views(p)} views</span><span data-hook="comment-count">{len(p["comments"])} comments</span></div></div></article>'
        for p in posts)
    pager = ""
    if total > 1:
        links = "".join(
            f'<span class="page current" data-hook="pagination__current" aria-current="page">{k}</span>' if k == n else
            f'<a class="page" data-hook="pagination__{k}" href="{ctx.url(base if k == 1 else f"{base}/page/{k}")}">{k}</a>'
            for k in range(1, total + 1))
        if n < total:
            links += f'<a class="page next" data-hook="pagination__next" aria-label="Next page" href="{ctx.url(f"{base}/page/{n + 1}")}">&gt;</a>'
        pager = f'<nav class="pagination" data-hook="pagination" aria-label="Pagination">{links}</nav>'
    title = f"{heading or 'Blog'} | {ctx.name}"
    cats = "".join(f'<li><a href="{ctx.url(_tag_path(t))}" data-hook="tag">{esc(t)}</a></li>' for t in ctx.tags()[:8])
    main = (f'<section class="wixui-section"><div data-hook="blog-feed" class="blog-feed"><nav class="blog-navigation-container" data-hook="blog-desktop-header-container"><ul class="categories">'
            f'<li><a href="{ctx.url("/blog")}" data-hook="link-all-posts">All Posts</a></li>{cats}</ul>'
            f'<div data-hook="search-button" class="search-button"><span>Search</span></div></nav>'
            + (f'<h1 class="tag-header" data-hook="tag-header">{esc(heading)}</h1>' if heading else "")
            + f'<div data-hook="post-list" class="post-list">{items}</div>{pager}</div></section>')
    head = _head(ctx, title=title, url=url, desc=ctx.site["description"], og_type="website", image=_img(ctx, "share"))
    return _frame(ctx, head, main)


def _home(ctx: Ctx) -> str:
    cards = "".join(_card(ctx, p) for p in ctx.posts[:3])
    main = (f'<section class="wixui-section"><div class="KcpHeO wixui-rich-text"><h1 class="font_0 wixui-rich-text__text">{esc(ctx.site["tagline"])}</h1>'
            f'<p class="font_8 wixui-rich-text__text">{esc(ctx.site["description"])}</p>'
            f'<a href="{ctx.url("/contact")}" class="wixui-button">Book a free call</a></div></section>'
            f'<section class="wixui-section"><h2 class="font_2 wixui-rich-text__text">Latest from the blog</h2><div data-hook="post-list" class="recent-posts-list">{cards}</div>'
            f'<a href="{ctx.url("/blog")}" class="wixui-button">Read the blog</a></section>')
    head = _head(ctx, title=f"Counselling | {ctx.name}", url=ctx.url("/"), desc=ctx.site["description"], og_type="website", image=_img(ctx, "share"))
    return _frame(ctx, head, main)


def _static(ctx: Ctx, key: str, path: str) -> str:
    page = ctx.pages[key]
    body = "".join(
        f'<h2 class="font_2 wixui-rich-text__text">{esc(v)}</h2>' if k in ("h2", "h3") else
        f'<p class="font_8 wixui-rich-text__text">{esc(v)}</p>' for k, v in page["blocks"] if isinstance(v, str))
    form = ""
    if key == "contact":
        form = ('<form class="wixui-form" data-testid="form"><input type="text" aria-label="Name" placeholder="Name"/><input type="email" aria-label="Email" placeholder="Email"/>'
                '<textarea aria-label="Message" placeholder="Message"></textarea><button type="submit" class="wixui-button"><span>Send</span></button></form>')
    main = (f'<section class="wixui-section"><div id="{_comp(key)}" class="KcpHeO tz5f0K {_comp(key)} wixui-rich-text" data-testid="richTextElement">'
            f'<h1 class="font_0 wixui-rich-text__text">{esc(page["title"])}</h1>{body}</div>{form}</section>')
    head = _head(ctx, title=f"{page['title']} | {ctx.name}", url=ctx.url(path), desc=ctx.site["description"], og_type="website", image=_img(ctx, "share"))
    return _frame(ctx, head, main)


def _not_found(ctx: Ctx) -> str:
    main = (f'<section class="wixui-section"><div class="KcpHeO wixui-rich-text"><h1 class="font_0">404</h1><h2 class="font_2">Page Not Found</h2>'
            f'<p class="font_8">The page you\u2019re looking for doesn\u2019t exist.</p><a href="{ctx.url("/")}" class="wixui-button">Go to Homepage</a></div></section>')
    head = _head(ctx, title=f"404 | {ctx.name}", url=ctx.url("/404"), desc=ctx.site["description"], og_type="website", image=_img(ctx, "share"))
    return _frame(ctx, head, main)


_ROBOTS = """# By default, Wix restricts the following paths from being crawled by bots:
User-agent: *
Allow: /
Disallow: *?lightbox=

# Optimization for Google Ads Bot
User-agent: AdsBot-Google-Mobile
User-agent: AdsBot-Google
Disallow: /_api/*
Disallow: /_partials*
Disallow: /pro-gallery-webapp/v1/galleries/*

# Block PetalBot
User-agent: PetalBot
Disallow: /

# Crawl delay for overly enthusiastic bots
User-agent: dotbot
Crawl-delay: 10
User-agent: AhrefsBot
Crawl-delay: 10

Sitemap: {sitemap}
"""


def build(ctx: Ctx) -> dict:
    pages = {post_path(p): _post_page(ctx, p) for p in ctx.posts}
    chunks = pages_of(ctx.posts)
    for n, chunk in enumerate(chunks, 1):
        pages["/blog" if n == 1 else f"/blog/page/{n}"] = _blog_page(
            ctx, "/blog" if n == 1 else f"/blog/page/{n}", chunk, n, len(chunks), "/blog")
    for t in ctx.tags():
        pages[_tag_path(t)] = _blog_page(ctx, _tag_path(t), ctx.tagged(t), 1, 1, _tag_path(t), heading=t)
    for a in ctx.authors():  # Wix Members profile pages, linked from every byline
        pages[_profile_path(a)] = _blog_page(ctx, _profile_path(a), [p for p in ctx.posts if p["author"] == a],
                                             1, 1, _profile_path(a), heading=a)
    pages["/"] = _home(ctx)
    pages["/about"] = _static(ctx, "about", "/about")
    pages["/contact"] = _static(ctx, "contact", "/contact")
    out = {k: html_page(v) for k, v in pages.items()}
    out[NOT_FOUND] = html_page(_not_found(ctx), 404)
    items = [{"title": p["title"], "link": ctx.url(post_path(p)), "guid": h(p["slug"], 24),
              "pub": rfc822(p["published"], p["slug"]), "author": p["author"], "categories": p["tags"],
              "description": p["description"]} for p in ctx.posts]
    out["/blog-feed.xml"] = _feeds.rss2(title=ctx.name, link=ctx.url("/blog"), self_url=ctx.url("/blog-feed.xml"),
                                        description=ctx.name, language="en", items=items, generator="Wix.com",
                                        last_build=rfc822(max(modified(p) for p in ctx.posts), "build"))
    entries = [(ctx.url(p), None) for p in ("/", "/about", "/contact", "/blog")]
    entries += [(ctx.url(post_path(p)), modified(p)) for p in ctx.posts]
    entries += [(ctx.url(_tag_path(t)), None) for t in ctx.tags()]
    out["/sitemap.xml"] = _feeds.sitemap(entries)
    out["/robots.txt"] = _feeds.robots(_ROBOTS.format(sitemap=ctx.url("/sitemap.xml")))
    return out
