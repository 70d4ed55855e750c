"""A Squarespace 7.0 site (Brine-family template) with a /blog collection.

Metadata: ``<title>Post Title — Site Name</title>`` (em dash), OpenGraph with
``article:published_time``/``article:modified_time``/``article:tag``,
``meta[itemprop=author|datePublished|dateModified]`` and a JSON-LD ``Article``
whose ``author`` is a plain string. In the body: ``time.dt-published``
(``datetime=YYYY-MM-DD``), ``.blog-author-name`` and tags as
``a.blog-item-tag`` links to ``/blog?tag=x``. Pagination is
``/blog?offset=<epoch ms>``; the feed is ``/blog?format=rss``. robots.txt
disallows ``?tag=``/``?format=`` URLs (Protego wildcard rules), as Squarespace
really does. Comments are rendered by JavaScript, so pages carry only a count.
"""

from __future__ import annotations

from urllib.parse import quote_plus

from wellness_archiver.demo_site.platforms import _feeds
from wellness_archiver.demo_site.platforms._html import (
    NOT_FOUND, Ctx, blocks_html, cookie_js, epoch_ms, esc, expand, h, html_page, iso, js_json, ld_json,
    long_date, mod_iso, modified, num, pages_of, rfc822, short_date, stylesheet,
)

SITE_ID = h("squarespace-site", 24)
COLLECTION_ID = h("squarespace-blog", 24)
GONE = "/blog/2019/10/02/a-winter-retreat"  # old-style URL from the 2019 import, no longer served


def post_path(post: dict) -> str:
    return f"/blog/{post['slug']}"


def _tag_path(t: str) -> str:
    return f"/blog?tag={quote_plus(t)}"


def _blog_pages(ctx: Ctx) -> list[tuple[str, list]]:
    out, path = [], "/blog"
    for chunk in pages_of(ctx.posts):
        out.append((path, chunk))
        path = f"/blog?offset={epoch_ms(chunk[-1]['published'], chunk[-1]['slug'])}"
    return out


def non_post_paths(ctx: Ctx) -> list[str]:
    return (["/"] + [p for p, _ in _blog_pages(ctx)] + ["/about", "/contact"]
            + [_tag_path(t) for t in ctx.tags()])


def _img(ctx: Ctx, post_or_key: str, i: int = 0) -> str:
    return ctx.url(f"/static/{SITE_ID}/{h(post_or_key + str(i), 24)}/{num(post_or_key, 10**12, 10**13)}/{post_or_key[:24]}.jpg")


_SELECTORS = expand([
    "site-container", "site-header", "site-title", "site-tagline", "header-nav", "nav-wrapper",
    "header-nav-item", "header-search", "announcement-bar", "site-page", "blog-wrapper", "blog-item-wrapper",
    "blog-item-title", "entry-title", "blog-meta-item", "blog-author-name", "blog-item-content", "sqs-layout",
    "sqs-row", "sqs-col-12", "sqs-block", "sqs-block-content", "html-block", "image-block", "image-caption",
    "blog-item-tag-wrapper", "blog-item-tag", "blog-item-pagination", "item-pagination-link",
    "squarespace-social-buttons", "ss-social-button", "blog-list", "summary-item", "summary-title",
    "summary-excerpt", "summary-read-more-link", "blog-list-pagination", "newsletter-form", "newsletter-block",
    "site-footer", "footer-blocks", "sqs-cookie-banner-v2", "sqs-svg-icon--list", "sqs-svg-icon--wrapper",
])


def _head(ctx: Ctx, *, title: str, url: str, desc: str, og_type: str, image: str,
          post: dict | None = None) -> str:
    meta = ""
    ld = [ld_json({"url": ctx.url("/"), "name": ctx.name, "description": ctx.site["description"],
                   "@context": "http://schema.org", "@type": "WebSite"}),
          ld_json({"legalName": ctx.name, "address": "14 Harbour Row\nPortland, OR, 97205\nUnited States",
                   "email": f"hello@{ctx.handle}.example", "telephone": "555-0177", "sameAs": [u for _, u in ctx.social("instagram", "facebook")],
                   "@context": "http://schema.org", "@type": "Organization"})]
    if post:
        pub = iso(post["published"], post["slug"], "+0000")
        mod = mod_iso(post, "+0000")
        meta = (f'<meta itemprop="author" content="{esc(post["author"])}"/>\n'
                f'<meta itemprop="datePublished" content="{pub}"/>\n'
                f'<meta itemprop="dateModified" content="{mod}"/>\n'
                f'<meta itemprop="headline" content="{esc(post["title"])}"/>\n'
                f'<meta itemprop="publisher" content="{esc(ctx.name)}"/>\n'
                f'<meta property="article:published_time" content="{pub}"/>\n'
                f'<meta property="article:modified_time" content="{mod}"/>\n'
                + "".join(f'<meta property="article:tag" content="{esc(t)}"/>\n' for t in post["tags"]))
        ld.append(ld_json({"url": url, "name": post["title"], "headline": post["title"], "description": post["description"],
                           "image": image, "datePublished": pub, "dateModified": mod, "author": post["author"],
                           "publisher": {"name": ctx.name, "@context": "http://schema.org", "@type": "Organization"},
                           "mainEntityOfPage": url, "@context": "http://schema.org", "@type": "Article"}))
    context = {"facebookAppId": "314192535267336", "rollups": {}, "pageType": 50 if post else 10,
               "website": {"id": SITE_ID, "identifier": ctx.handle, "websiteType": 1, "contentModifiedOn": epoch_ms(max(modified(p) for p in ctx.posts), "x"),
                           "cloneable": False, "hasBeenCloneable": False, "siteStatus": {}, "language": "en-US",
                           "timeZone": "America/Los_Angeles", "machineTimeZoneOffset": -28800000,
                           "timeZoneOffset": -28800000, "timeZoneAbbr": "PST", "siteTitle": ctx.name,
                           "fullSiteTitle": title, "siteDescription": "", "shareButtonOptions": {"7": True, "1": True, "4": True, "2": True},
                           "authenticUrl": ctx.url(""), "internalUrl": ctx.url(""), "baseUrl": ctx.url(""),
                           "primaryDomain": ctx.base.split("//")[1], "sslSetting": 3, "isHstsEnabled": True,
                           "socialAccounts": [{"serviceId": 64, "screenname": "Instagram", "addedOn": 1594000000000,
                                               "profileUrl": f"https://www.instagram.com/{ctx.handle}/", "iconEnabled": True,
                                               "serviceName": "instagram-unauth"}],
                           "typekitId": "", "statsMigrated": False, "imageMetadataProcessingEnabled": False,
                           "captchaSettings": {"enabledForDonations": False}, "showOwnerLogin": False},
               "websiteSettings": {"id": h("settings", 24), "websiteId": SITE_ID, "subjects": [], "country": "US",
                                   "state": "OR", "simpleLikingEnabled": True, "mobileInfoBarSettings": {"isContactEmailEnabled": False},
                                   "commentLikesAllowed": True, "commentAnonAllowed": True, "commentThreaded": True,
                                   "commentApprovalRequired": False, "commentAvatarsOn": True, "commentSortType": 2,
                                   "commentFlagThreshold": 0, "commentFlagsAllowed": True, "commentEnableByDefault": True,
                                   "commentDisableAfterDaysDefault": 0, "disqusShortname": "", "commentsEnabled": True,
                                   "storeSettings": {"returnPolicy": None, "termsOfService": None, "privacyPolicy": None},
                                   "useEscapeKeyToLogin": False, "ssBadgeType": 1, "ssBadgePosition": 4,
                                   "ssBadgeVisibility": 1, "ssBadgeDevices": 1, "pinterestOverlayOptions": {"mode": "disabled"}},
               "cookieSettings": {"isCookieBannerEnabled": True, "isRestrictiveCookiePolicyEnabled": True,
                                  "cookieBannerText": "<p>We use cookies to improve your experience.</p>",
                                  "cookieBannerPosition": "BOTTOM", "cookieBannerCtaText": "Accept"},
               "collectionId": COLLECTION_ID, "templateId": "52a74dafe4b073a80cd253c5", "templateVersion": "7",
               "pageFeatures": [1, 2, 4], "gmRenderKey": "QUl6YVN5Q0JUUk9xNkx1dkZfSUUxcjQ2LVQ0QWVUU1YtMGQ3bXk4",
               "templateScriptsRootUrl": "https://static1.squarespace.com/static/ta/5134cbefe4b0c6fb04df8065/10429/scripts/",
               "betaFeatureFlags": ["campaigns_import_discounts", "nested_categories", "member_areas_feature",
                                    "campaigns_thumbnail_layout", "commerce_clearpay", "i18n_beta_website_locales",
                                    "scripts_defer", "override_block_styles", "campaigns_discount_section_in_blasts"],
               "videoAssetsFeatureFlags": ["mux-data-video-collection", "mux-data-course-collection"],
               "impersonatedSession": False, "tzData": {"zones": [[-480, "US", "P%sT", None]],
                                                           "rules": {"US": [[1967, 2006, None, "Oct", "lastSun", "2:00", "0", "S"]]}},
               "showAnnouncementBar": True, "recaptchaEnterpriseContext": {"recaptchaEnterpriseSiteKey": "6LdDFQwjAAAAAPigEvvPgEVbb7QBm-TkVJdDTlAv"},
               "i18nContext": {"timeZoneData": {"id": "America/Los_Angeles", "name": "Pacific Time"}}, "env": "PRODUCTION"}
    return f"""<!doctype html>
<html xmlns:og="http://opengraphprotocol.org/schema/" xmlns:fb="http://www.facebook.com/2008/fbml" lang="en-US">
<head>
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta name="viewport" content="width=device-width, initial-scale=1">
<!-- This is Squarespace. --><!-- {ctx.handle} -->
<base href="">
<meta charset="utf-8" />
<title>{esc(title)}</title>
<meta http-equiv="Accept-CH" content="Sec-CH-UA-Platform-Version, Sec-CH-UA-Model" />
<link rel="icon" type="image/x-icon" href="{ctx.url('/universal/images-v6/favicon.ico')}"/>
<link rel="canonical" href="{url}"/>
<meta property="og:site_name" content="{esc(ctx.name)}"/>
<meta property="og:title" content="{esc(title)}"/>
<meta property="og:url" content="{url}"/>
<meta property="og:type" content="{og_type}"/>
<meta property="og:description" content="{esc(desc)}"/>
<meta property="og:image" content="{image}?format=1500w"/>
<meta property="og:image:width" content="1500"/>
<meta property="og:image:height" content="1000"/>
<meta itemprop="name" content="{esc(title)}"/>
<meta itemprop="url" content="{url}"/>
<meta itemprop="description" content="{esc(desc)}"/>
<meta itemprop="thumbnailUrl" content="{image}?format=1500w"/>
<link rel="image_src" href="{image}?format=1500w" />
<meta itemprop="image" content="{image}?format=1500w"/>
{meta}<meta name="twitter:title" content="{esc(title)}"/>
<meta name="twitter:image" content="{image}?format=1500w"/>
<meta name="twitter:url" content="{url}"/>
<meta name="twitter:card" content="summary"/>
<meta name="twitter:description" content="{esc(desc)}"/>
<meta name="description" content="{esc(desc)}" />
<link rel="preconnect" href="https://images.squarespace-cdn.com">
<link rel="alternate" type="application/rss+xml" title="RSS Feed" href="{ctx.url('/blog?format=rss')}" />
<script type="text/javascript" crossorigin="anonymous" defer="true" nomodule="nomodule" src="{ctx.url('/universal/scripts-compressed/legacy-nomodule-4d8b7e2f.js')}"></script>
<script type="text/javascript" crossorigin="anonymous" defer="true" src="{ctx.url('/universal/scripts-compressed/extract-css-runtime-3f9a1c0b.js')}"></script>
<script>SQUARESPACE_ROLLUPS = {{}};</script>
<script>(function(rollups, name) {{ if (!rollups[name]) {{ rollups[name] = {{}}; }} rollups[name].js = ["{ctx.url('/universal/scripts-compressed/extract-css-moment-js-vendor-6f117db4eb7fd4392375-min.en-US.js')}"]; }})(SQUARESPACE_ROLLUPS, 'squarespace-extract_css_moment_js_vendor');</script>
<script>Static.SQUARESPACE_CONTEXT = {js_json(context)};</script>
{"".join(ld)}
<link rel="stylesheet" type="text/css" href="{ctx.url(f'/static/sitecss/{SITE_ID}/22/52a74dafe4b073a80cd253c5/site.css')}"/>
<style>
{stylesheet(_SELECTORS, "sqs")}
</style>
<script>Static.COOKIE_BANNER_CAPABLE = true;</script>
</head>
"""


def _frame(ctx: Ctx, head: str, body_id: str, body_class: str, main: str) -> str:
    social = "".join(f'<a href="{u}" target="_blank" class="sqs-svg-icon--wrapper {n}" aria-label="{n.title()}">'
                     f'<div><svg class="sqs-svg-icon--social" viewBox="0 0 64 64"><use class="sqs-use--icon" xlink:href="#{n}-unauth-icon"></use></svg></div></a>'
                     for n, u in ctx.social("instagram", "facebook", "pinterest"))
    nav = "".join(f'<div class="header-nav-item header-nav-item--collection"><a href="{ctx.url(p)}" data-animation-role="header-element">{label}</a></div>'
                  for p, label in (("/", "Home"), ("/about", "About"), ("/blog", "Journal"), ("/contact", "Contact")))
    return head + f"""<body id="{body_id}" class="{body_class} header-overlay-alignment-center tweak-social-icons-style-regular show-category-navigation event-show-past-events gallery-design-grid aspect-ratio-auto lightbox-style-light newsletter-style-dark hide-opentable-icons product-gallery-size-11-16 product-gallery-auto-crop show-product-price show-product-item-nav product-social-sharing tweak-v1-related-products-image-aspect-ratio-11-square tweak-v1-related-products-details-alignment-center  ">
<div class="sqs-announcement-bar-dropzone"></div>
<div id="sidecarNav" class="sidecar-nav">{nav}</div>
<div class="site-wrapper"><div class="site-inner-wrapper">
<header id="header" class="site-header header" data-test="header" role="banner">
  <div class="header-announcement-bar-wrapper"><a href="#page" class="header-skip-link sqs-button-element--primary">Skip to Content</a>
  <div class="header-inner container--fluid">
    <div class="header-title-nav-wrapper">
      <div class="header-title" data-animation-role="header-element">
        <div class="header-title-text"><a id="site-title" href="{ctx.url('/')}" data-animation-role="header-element">{esc(ctx.name)}</a></div>
        <div class="header-title-tagline site-tagline">{esc(ctx.site['tagline'])}</div>
      </div>
      <div class="header-nav"><div class="header-nav-wrapper"><nav class="header-nav-list">{nav}</nav></div></div>
    </div>
    <div class="header-actions header-actions--right"><div class="header-actions-action header-actions-action--social">{social}</div>
      <a href="{ctx.url('/search')}" rel="search" class="header-search" aria-label="Search">Search</a>
      <div class="header-actions-action header-actions-action--cta"><a class="btn btn--border theme-btn--primary-inverse sqs-button-element--primary" href="{ctx.url('/contact')}">Book a session</a></div>
    </div>
  </div></div>
</header>
<main id="page" class="container" role="main">
<article class="sections" id="sections" data-page-sections="{h(body_id, 24)}">
{main}
</article>
</main>
<footer class="sections" id="footer-sections" data-footer-sections>
<section data-test="page-section" class="page-section layout-engine-section background-width--full-bleed section-height--small content-width--wide horizontal-alignment--center vertical-alignment--middle white" data-section-theme="white" data-section-id="{h('footer', 24)}">
<div class="content-wrapper"><div class="content"><div class="sqs-layout sqs-grid-12 columns-12" data-type="page-section" id="page-section-{h('footer', 24)}">
<div class="row sqs-row"><div class="col sqs-col-6 span-6">
<div class="sqs-block newsletter-block sqs-block-newsletter" data-block-type="51" id="block-yui_3_17_2_1_{num('nl', 10**12, 10**13)}_9912"><div class="sqs-block-content">
<div class="newsletter-form-wrapper newsletter-form-wrapper--layoutFloat newsletter-form-wrapper--alignCenter"><form class="newsletter-form" data-form-id="{h('nl', 24)}" autocomplete="on" method="POST" novalidate="" onsubmit="return (function (form) {{ Y.use('squarespace-form-submit', 'node', function usingFormSubmit(Y) {{ (new Y.Squarespace.FormSubmit(form)).submit({{ formId: '{h('nl', 24)}', collectionId: '{COLLECTION_ID}', objectName: 'page-section-{h('footer', 24)}' }}); }}); return false; }})(this);">
<header class="newsletter-form-header"><h2 class="newsletter-form-header-title">Letters from Still Water</h2><div class="newsletter-form-header-description"><p>A short monthly note with one practice to try. Unsubscribe any time.</p></div></header>
<div class="newsletter-form-body"><div class="newsletter-form-fields-wrapper form-fields"><div class="newsletter-form-field-wrapper form-item field email required" id="{h('nl-email', 24)}"><label class="newsletter-form-field-label title" for="{h('nl-email', 24)}-field">Email Address</label><input id="{h('nl-email', 24)}-field" class="newsletter-form-field-element field-element" name="email" x-autocompletetype="email" autocomplete="email" type="email" spellcheck="false" placeholder="Email Address" /></div></div>
<div data-animation-role="button" class="newsletter-form-button-wrapper submit-wrapper"><button class="newsletter-form-button sqs-system-button sqs-editable-button-layout sqs-editable-button-style sqs-editable-button-shape sqs-button-element--primary" type="submit" value="Sign Up"><span class="newsletter-form-spinner sqs-spin light large"></span><span class="newsletter-form-button-label">Sign Up</span></button></div></div>
<div class="newsletter-form-footnote"><p>We respect your privacy.</p></div></form></div></div></div>
</div><div class="col sqs-col-6 span-6"><div class="sqs-block html-block sqs-block-html" data-block-type="2" id="block-yui_3_17_2_1_{num('addr', 10**12, 10**13)}_5521"><div class="sqs-block-content">
<p class="sqsrte-small">{esc(ctx.name)} &middot; 14 Harbour Row, Portland OR &middot; <a href="mailto:hello@{ctx.handle}.example">hello@{ctx.handle}.example</a></p>
<p class="sqsrte-small">Listed on <a href="https://www.psychologytoday.com/us/therapists/still-water-wellness-portland-or">Psychology Today</a></p></div></div>
<div class="sqs-block socialaccountlinks-v2-block sqs-block-socialaccountlinks-v2" data-block-type="54"><div class="sqs-block-content"><div class="sqs-svg-icon--outer social-icon-alignment-center social-icons-color-black social-icons-size-small social-icons-style-regular"><nav class="sqs-svg-icon--list">{social}</nav></div></div></div>
</div></div></div></div></div></section>
</footer>
</div></div>
<div class="sqs-cookie-banner-v2-container" id="cookie-notice" role="region" aria-label="Cookie banner"><div class="sqs-cookie-banner-v2 BOTTOM"><div class="sqs-cookie-banner-v2-text"><p>We use cookies to improve your experience. By using this site you agree to our cookie policy.</p></div>
<div class="sqs-cookie-banner-v2-cta-container"><button class="sqs-cookie-banner-v2-accept sqs-button-element--primary" data-cookie-action="accept">Accept</button><button class="sqs-cookie-banner-v2-decline sqs-button-element--secondary" data-cookie-action="decline">Decline</button></div></div></div>
<script type="text/javascript" data-sqs-type="imageloader-bootstrapper">(function() {{if(window.ImageLoader) {{ window.ImageLoader.bootstrap({{}}, document); }}}})();</script>
<script>Squarespace.afterBodyLoad(Y);</script>
<script>{cookie_js(ctx.name)}</script>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" style="display:none" data-usage="social-icons-svg"><symbol id="instagram-unauth-icon" viewBox="0 0 64 64"><path d="M46.91,25.816c-0.073-1.597-0.326-2.687-0.697-3.641c-0.383-0.986-0.896-1.823-1.73-2.657c-0.834-0.834-1.67-1.347-2.657-1.73c-0.954-0.371-2.045-0.624-3.641-0.697C36.585,17.017,36.074,17,32,17s-4.585,0.017-6.184,0.09c-1.597,0.073-2.687,0.326-3.641,0.697c-0.986,0.383-1.823,0.896-2.657,1.73c-0.834,0.834-1.347,1.67-1.73,2.657c-0.371,0.954-0.624,2.045-0.697,3.641C17.017,27.415,17,27.926,17,32c0,4.074,0.017,4.585,0.09,6.184c0.073,1.597,0.326,2.687,0.697,3.641c0.383,0.986,0.896,1.823,1.73,2.657c0.834,0.834,1.67,1.347,2.657,1.73c0.954,0.371,2.045,0.624,3.641,0.697C27.415,46.983,27.926,47,32,47s4.585-0.017,6.184-0.09c1.597-0.073,2.687-0.326,3.641-0.697c0.986-0.383,1.823-0.896,2.657-1.73c0.834-0.834,1.347-1.67,1.73-2.657c0.371-0.954,0.624-2.045,0.697-3.641C46.983,36.585,47,36.074,47,32S46.983,27.415,46.91,25.816z"/></symbol></svg>
</body>
</html>
"""


def _section(inner: str, theme: str = "white") -> str:
    return (f'<section data-test="page-section" class="page-section layout-engine-section background-width--full-bleed '
            f'section-height--medium content-width--wide horizontal-alignment--center vertical-alignment--middle {theme}" '
            f'data-section-theme="{theme}"><div class="content-wrapper"><div class="content">{inner}</div></div></section>')


_P = '<p class="" style="white-space:pre-wrap;">{}</p>'


def _sqs_blocks(ctx: Ctx, post_key: str, blocks: list) -> str:
    """Body as Squarespace stores it: text runs in html-blocks, images in image-blocks."""
    out, run = [], []

    def flush():
        if run:
            out.append(f'<div class="sqs-block html-block sqs-block-html" data-block-type="2" id="block-{h(post_key + str(len(out)), 20)}">'
                       f'<div class="sqs-block-content"><div class="sqs-html-content">{blocks_html(run, p=_P)}</div></div></div>')
            run.clear()

    for i, b in enumerate(blocks):
        if b[0] != "figure":
            run.append(b)
            continue
        flush()
        fig, src = b[1], _img(ctx, post_key, i)
        cap = (f'<figcaption class="image-caption-wrapper"><div class="image-caption"><p class="" style="white-space:pre-wrap;">{esc(fig["caption"])}</p></div></figcaption>'
               if fig.get("caption") else "")
        out.append(f'<div class="sqs-block image-block sqs-block-image" data-block-type="5" id="block-yui_3_17_2_1_{num(src, 10**12, 10**13)}_{i}"><div class="sqs-block-content">'
                   f'<figure class="sqs-block-image-figure intrinsic" style="max-width:1500.0px;"><div class="image-block-wrapper" data-animation-role="image">'
                   f'<div class="sqs-image-shape-container-element has-aspect-ratio" style="position: relative;padding-bottom:66.66%;overflow: hidden;-webkit-mask-image: -webkit-radial-gradient(white, black);">'
                   f'<noscript><img src="{src}" alt="{esc(fig["alt"])}" /></noscript>'
                   f'<img class="thumb-image" data-src="{src}" data-image="{src}" data-image-dimensions="1500x1000" data-image-focal-point="0.5,0.5" alt="{esc(fig["alt"])}" data-load="false" elementtiming="system-image-block" src="{src}" /></div></div>{cap}</figure></div></div>')
    flush()
    return "".join(out)


def _post_page(ctx: Ctx, post: dict) -> str:
    url = ctx.url(post_path(post))
    title = f"{post['title']} \u2014 {ctx.name}"
    figs = [i for i, b in enumerate(post["blocks"]) if b[0] == "figure"]
    image = _img(ctx, post["slug"], figs[0]) if figs else _img(ctx, "default-share")
    head = _head(ctx, title=title, url=url, desc=post["description"], og_type="article", image=image, post=post)
    tags = "".join(f'<a href="{ctx.url(_tag_path(t))}" class="blog-item-tag">{esc(t)}</a>' for t in post["tags"])
    newer, older = ctx.neighbours(post)
    pag = ""
    if newer:
        pag += (f'<a href="{ctx.url(post_path(newer))}" class="item-pagination-link item-pagination-link--prev">'
                f'<div class="item-pagination-prev-next">Previous</div><h2 class="item-pagination-title">{esc(newer["title"])}</h2></a>')
    if older:
        pag += (f'<a href="{ctx.url(post_path(older))}" class="item-pagination-link item-pagination-link--next">'
                f'<div class="item-pagination-prev-next">Next</div><h2 class="item-pagination-title">{esc(older["title"])}</h2></a>')
    gone = (f'<p class="blog-item-archive-note">This post first appeared in our <a href="{ctx.url(GONE)}">winter retreat notes</a>.</p>'
            if post is ctx.posts[-1] else "")
    ncom = len(post["comments"])
    main = _section(f"""<div class="blog-item-wrapper">
<article class="entry h-entry hentry author-{h(post['author'], 8)} post-type-text article-index-{ctx.posts.index(post) + 1} {' '.join('tag-' + t.replace(' ', '-') for t in post['tags'])}" data-item-id="{h(post['slug'], 24)}" id="article-{h(post['slug'], 24)}">
<div class="blog-item-top-wrapper"><div class="blog-item-title"><h1 class="entry-title entry-title--large p-name" data-content-field="title">{esc(post['title'])}</h1></div>
<div class="blog-item-meta-wrapper"><div class="blog-meta-item blog-meta-item--author"><span class="blog-author-name p-author">{esc(post['author'])}</span></div>
<div class="blog-meta-item blog-meta-item--date"><time class="dt-published blog-meta-item blog-meta-item--date" datetime="{post['published']}">{long_date(post['published'])}</time></div></div></div>
<div class="blog-item-content-wrapper"><div class="blog-item-content e-content" data-content-field="body">
<div class="sqs-layout sqs-grid-12 columns-12" data-type="item" data-updated-on="{epoch_ms(modified(post), post['slug'])}" id="item-{h(post['slug'], 24)}"><div class="row sqs-row"><div class="col sqs-col-12 span-12">
{_sqs_blocks(ctx, post['slug'], post['blocks'])}
</div></div></div></div></div>
<div class="blog-item-tag-wrapper">{tags}</div>
<div class="blog-item-comments"><div class="squarespace-comments" data-item-id="{h(post['slug'], 24)}"><a href="{url}#comments-{h(post['slug'], 24)}" class="sqs-comment-link" data-id="{h(post['slug'], 24)}">{ncom} Comment{'s' if ncom != 1 else ''}</a></div></div>
<div class="squarespace-social-buttons inline-style" data-system-data-id="{h(post['slug'], 24)}" data-asset-url="{image}" data-record-type="1" data-full-url="{url}" data-title="{esc(post['title'])}"></div>
{gone}
</article>
<section class="item-pagination item-pagination--prev-next" data-collection-type="blog-basic-grid">{pag}</section>
</div>""")
    return _frame(ctx, head, f"item-{h(post['slug'], 24)}", "collection-type-blog-basic-grid view-item", main)


def _summary(ctx: Ctx, post: dict) -> str:
    url = ctx.url(post_path(post))
    return f"""<article class="blog-basic-grid--container entry blog-item is-loaded" data-item-id="{h(post['slug'], 24)}">
<div><a href="{url}" class="image-wrapper" data-animation-role="image"><img data-src="{_img(ctx, post['slug'])}" data-image-dimensions="1500x1000" data-image-focal-point="0.5,0.5" alt="{esc(post['title'])}" data-load="false" src="{_img(ctx, post['slug'])}" /></a></div>
<div class="blog-basic-grid--text"><div class="blog-meta-section"><span class="blog-meta-primary"><time class="blog-date" pubdate data-animation-role="date">{short_date(post['published'])}</time></span></div>
<h1 class="blog-title"><a href="{url}" data-no-animation>{esc(post['title'])}</a></h1>
<div class="blog-excerpt"><div class="blog-excerpt-wrapper"><p class="" style="white-space:pre-wrap;">{esc(post['description'])}</p></div></div>
<a class="blog-more-link" href="{url}" data-animation-role="button">Read More</a></div>
</article>"""


def _blog_list(ctx: Ctx, path: str, posts: list, older: str | None, newer: str | None, heading: str = "") -> str:
    url = ctx.url(path)
    title = f"{heading or 'Journal'} \u2014 {ctx.name}"
    pager = ""
    if newer or older:
        pager = '<nav class="blog-list-pagination">'
        if newer:
            pager += f'<div class="newer"><a href="{ctx.url(newer)}" rel="prev"><span class="prev-label">Newer Posts</span></a></div>'
        if older:
            pager += f'<div class="older"><a href="{ctx.url(older)}" rel="next"><span class="next-label">Older Posts</span></a></div>'
        pager += "</nav>"
    filt = f'<div class="blog-list-filter"><span class="blog-list-filter-label">Tagged:</span> {esc(heading.split(": ", 1)[-1])}</div>' if heading else ""
    main = _section(f'<div class="blog-basic-grid collection-content-wrapper" data-controller="BlogImageLoader">{filt}'
                    + "".join(_summary(ctx, p) for p in posts) + f"</div>{pager}")
    head = _head(ctx, title=title, url=url, desc=ctx.site["description"], og_type="website", image=_img(ctx, "default-share"))
    return _frame(ctx, head, f"collection-{COLLECTION_ID}", "collection-type-blog-basic-grid view-list", main)


def _home(ctx: Ctx) -> str:
    url = ctx.url("/")
    latest = "".join(
        f'<div class="summary-item summary-item-record-type-text"><div class="summary-content">'
        f'<div class="summary-metadata-container summary-metadata-container--above-title"><time class="summary-metadata-item summary-metadata-item--date">{short_date(p["published"])}</time></div>'
        f'<div class="summary-title"><a href="{ctx.url(post_path(p))}" class="summary-title-link">{esc(p["title"])}</a></div>'
        f'<div class="summary-excerpt"><p>{esc(p["description"])}</p></div>'
        f'<a href="{ctx.url(post_path(p))}" class="summary-read-more-link">Read More &rarr;</a></div></div>' for p in ctx.posts[:3])
    main = (_section(f'<div class="sqs-block html-block sqs-block-html"><div class="sqs-block-content"><h1 style="text-align:center;white-space:pre-wrap;">{esc(ctx.site["tagline"])}</h1>'
                     f'<p class="" style="text-align:center;white-space:pre-wrap;">{esc(ctx.site["description"])}</p></div></div>'
                     f'<div class="sqs-block button-block sqs-block-button"><div class="sqs-block-content"><div class="sqs-block-button-container sqs-block-button-container--center"><a href="{ctx.url("/contact")}" class="sqs-block-button-element--medium sqs-button-element--primary sqs-block-button-element">Book a free consultation</a></div></div></div>', "black")
            + _section(f'<div class="sqs-block summary-v2-block sqs-block-summary-v2"><div class="sqs-block-content"><div class="summary-block-header"><h3 class="summary-heading"><span>From the journal</span></h3></div>'
                       f'<div class="summary-item-list-container sqs-gallery-container"><div class="summary-item-list">{latest}</div></div>'
                       f'<p><a href="{ctx.url("/blog")}">View all posts</a></p></div></div>'))
    head = _head(ctx, title=ctx.name, url=url, desc=ctx.site["description"], og_type="website", image=_img(ctx, "default-share"))
    return _frame(ctx, head, "collection-home", "collection-type-page view-list homepage", main)


def _static(ctx: Ctx, key: str, path: str) -> str:
    page = ctx.pages[key]
    url = ctx.url(path)
    title = f"{page['title']} \u2014 {ctx.name}"
    form = ""
    if key == "contact":
        form = ('<div class="sqs-block form-block sqs-block-form" data-block-type="9"><div class="sqs-block-content"><div class="form-wrapper"><div class="form-inner-wrapper">'
                '<form data-form-id="' + h("contact-form", 24) + '" autocomplete="on" method="POST" action="' + url + '" onsubmit="return (function (form) {Y.use(\'squarespace-form-submit\', \'node\', function usingFormSubmit(Y) {(new Y.Squarespace.FormSubmit(form)).submit({});});return false;})(this);">'
                '<div class="field-list clear"><fieldset class="form-item fields name required"><legend class="title">Name <span class="required" aria-hidden="true">*</span></legend>'
                '<div class="field first-name"><label class="caption"><input class="field-element field-control" name="fname" x-autocompletetype="given-name" type="text" spellcheck="false" maxlength="30" data-title="First" aria-required="true" /><span class="caption-text">First Name</span></label></div>'
                '<div class="field last-name"><label class="caption"><input class="field-element field-control" name="lname" type="text" spellcheck="false" maxlength="30" data-title="Last" aria-required="true" /><span class="caption-text">Last Name</span></label></div></fieldset>'
                '<div class="form-item field email required"><label class="title" for="email-yui">Email <span class="required" aria-hidden="true">*</span></label><input class="field-element" id="email-yui" name="email" type="email" autocomplete="email" spellcheck="false" aria-required="true" /></div>'
                '<div class="form-item field textarea required"><label class="title" for="textarea-yui">Message <span class="required" aria-hidden="true">*</span></label><textarea class="field-element" id="textarea-yui" aria-required="true"></textarea></div></div>'
                '<div data-animation-role="button" class="form-button-wrapper form-button-wrapper--align-left"><input class="button sqs-system-button sqs-editable-button sqs-button-element--primary" type="submit" value="Submit"/></div></form></div></div></div></div>')
    main = _section(f'<div class="sqs-layout sqs-grid-12 columns-12" data-type="page" id="page-{h(key, 24)}"><div class="row sqs-row"><div class="col sqs-col-12 span-12">'
                    f'<div class="sqs-block html-block sqs-block-html"><div class="sqs-block-content"><h1 style="white-space:pre-wrap;">{esc(page["title"])}</h1></div></div>'
                    f'{_sqs_blocks(ctx, key, page["blocks"])}{form}</div></div></div>')
    head = _head(ctx, title=title, url=url, desc=ctx.site["description"], og_type="website", image=_img(ctx, "default-share"))
    return _frame(ctx, head, f"collection-{h(key, 24)}", "collection-type-page view-list", main)


def _not_found(ctx: Ctx) -> str:
    head = _head(ctx, title=f"Page Not Found \u2014 {ctx.name}", url=ctx.url("/404"), desc=ctx.site["description"],
                 og_type="website", image=_img(ctx, "default-share"))
    main = _section(f'<div class="sqs-block html-block sqs-block-html"><div class="sqs-block-content"><h1>We couldn\u2019t find the page you were looking for</h1>'
                    f'<p>This is either because: There is an error in the URL entered into your web browser. Please check the URL and try again. '
                    f'The page you are looking for has been moved or deleted.</p><p>You can return to our homepage by <a href="{ctx.url("/")}">clicking here</a>, '
                    f'or you can try searching for the content you are seeking by <a href="{ctx.url("/search")}">clicking here</a>.</p></div></div>')
    return _frame(ctx, head, "not-found", "collection-type-page view-list", main)


def _search(ctx: Ctx) -> str:
    """The system search page: results are fetched by JavaScript."""
    head = _head(ctx, title=f"Search — {ctx.name}", url=ctx.url("/search"), desc=ctx.site["description"],
                 og_type="website", image=_img(ctx, "default-share"))
    main = _section(f'<div class="sqs-search-page" id="sqs-search-page"><form class="sqs-search-page-input" action="{ctx.url("/search")}">'
                    '<input type="search" name="q" placeholder="Search" aria-label="Search"></form>'
                    '<div class="sqs-search-page-results"><div class="sqs-search-page-notice">Enter a search term.</div></div></div>')
    return _frame(ctx, head, "search", "collection-type-page view-list", main)


_ROBOTS = """# Squarespace Robots Txt

User-agent: GPTBot
User-agent: ChatGPT-User
User-agent: CCBot
User-agent: anthropic-ai
User-agent: Google-Extended
User-agent: FacebookBot
User-agent: Claude-Web
User-agent: cohere-ai
User-agent: PerplexityBot
User-agent: Applebot-Extended
Disallow: /

User-agent: *
Disallow: /config
Disallow: /search
Disallow: /account$
Disallow: /api/
Disallow: /static/
Disallow: /*?author=*
Disallow: /*&author=*
Disallow: /*?tag=*
Disallow: /*&tag=*
Disallow: /*?month=*
Disallow: /*&month=*
Disallow: /*?view=*
Disallow: /*&view=*
Disallow: /*?format=json
Disallow: /*&format=json
Disallow: /*?format=page-context
Disallow: /*&format=page-context
Disallow: /*?format=main-content
Disallow: /*&format=main-content
Disallow: /*?format=json-pretty
Disallow: /*&format=json-pretty
Disallow: /*?format=ical
Disallow: /*&format=ical
Disallow: /*?reversePaginate=*
Disallow: /*&reversePaginate=*

Sitemap: {sitemap}
"""


def build(ctx: Ctx) -> dict:
    pages = {post_path(p): _post_page(ctx, p) for p in ctx.posts}
    blog = _blog_pages(ctx)
    for i, (path, chunk) in enumerate(blog):
        older = blog[i + 1][0] if i + 1 < len(blog) else None
        newer = blog[i - 1][0] if i > 0 else None
        pages[path] = _blog_list(ctx, path, chunk, older, newer)
    for t in ctx.tags():
        pages[_tag_path(t)] = _blog_list(ctx, _tag_path(t), ctx.tagged(t), None, None, heading=f"Tagged: {t}")
    pages["/"] = _home(ctx)
    pages["/about"] = _static(ctx, "about", "/about")
    pages["/contact"] = _static(ctx, "contact", "/contact")
    pages["/search"] = _search(ctx)
    out = {k: html_page(v) for k, v in pages.items()}
    out[NOT_FOUND] = html_page(_not_found(ctx), 404)
    items = [{"title": p["title"], "link": ctx.url(post_path(p)),
              "guid": f"{SITE_ID}:{COLLECTION_ID}:{h(p['slug'], 24)}", "pub": rfc822(p["published"], p["slug"]),
              "author": p["author"], "categories": p["tags"], "description": _sqs_blocks(ctx, p["slug"], p["blocks"])}
             for p in ctx.posts]
    out["/blog?format=rss"] = _feeds.rss2(
        title=f"Journal - {ctx.name}", link=ctx.url("/blog"), self_url=ctx.url("/blog?format=rss"),
        description=ctx.site["description"], language="en-US", items=items,
        generator="Site-Server v6.0.0-23516-c93fdf8d3e8bd7e3 (http://www.squarespace.com)",
        last_build=rfc822(max(modified(p) for p in ctx.posts), "build"))
    entries = [(ctx.url("/"), "2024-06-03"), (ctx.url("/about"), "2023-01-12"), (ctx.url("/contact"), "2023-01-12"),
               (ctx.url("/blog"), max(modified(p) for p in ctx.posts))]
    entries += [(ctx.url(post_path(p)), modified(p)) for p in ctx.posts]
    images = {ctx.url(post_path(p)): _img(ctx, p["slug"]) for p in ctx.posts}
    out["/sitemap.xml"] = _feeds.sitemap(entries, images)
    out["/robots.txt"] = _feeds.robots(_ROBOTS.format(sitemap=ctx.url("/sitemap.xml")))
    return out
