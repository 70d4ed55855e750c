"""A self-hosted WordPress 6.4 blog with a classic theme, Yoast SEO, Jetpack
sharing, a GDPR cookie plugin and Contact Form 7: the most common therapy
practice setup.

Metadata lives where Yoast puts it: ``<title>Post - Site</title>``, OpenGraph
+ ``article:published_time``/``article:modified_time``/``article:tag``, a JSON-LD
``@graph`` (BlogPosting with ``keywords``, WebPage, Person...), plus the theme's
``time.entry-date.published``/``time.updated``, ``.author.vcard`` and the
``rel="tag"`` links in ``.tags-links``. Categories are linked with
``rel="category tag"`` and are *not* tags. ``dateModified`` always exists; it
equals ``datePublished`` when the post was never updated.
"""

from __future__ import annotations

from wellness_archiver.demo_site.platforms import _feeds
from wellness_archiver.demo_site.platforms._html import (
    GA_SNIPPET, NOT_FOUND, Ctx, blocks_html, cookie_js, esc, expand, h, html_page, iso, js_json,
    lazyload_js, ld_json, long_date, mod_iso, modified, num, pages_of, rfc822, slugify, stylesheet, words,
)

CATEGORIES = ("Anxiety &amp; Stress", "Therapy Skills", "Uncategorized")
GONE = "/2020/04/02/coping-with-lockdown-anxiety/"  # a deleted post some pages still link to


def post_path(post: dict) -> str:
    y, m, d = post["published"].split("-")
    return f"/{y}/{m}/{d}/{post['slug']}/"


def category(post: dict) -> str:
    return CATEGORIES[num(post["slug"], 0, len(CATEGORIES) - 1)]


def _cat_slug(cat: str) -> str:
    return slugify(cat.replace("&amp;", ""))


def _pid(post: dict) -> int:
    return 100 + num(post["slug"], 0, 4000)


def _upload(post: dict, i: int) -> str:
    y, m, _ = post["published"].split("-")
    return f"/wp-content/uploads/{y}/{m}/{post['slug'][:40]}-{i}.jpg"


def _author_url(ctx: Ctx, name: str) -> str:
    return ctx.url(f"/author/{slugify(name)}/")


def non_post_paths(ctx: Ctx) -> list[str]:
    pages = len(pages_of(ctx.posts))
    return (["/", "/about/", "/contact/"]
            + [f"/page/{n}/" for n in range(2, pages + 1)]
            + [f"/tag/{slugify(t)}/" for t in ctx.tags()]
            + [f"/category/{_cat_slug(c)}/" for c in _cats(ctx)]
            + [f"/author/{slugify(a)}/" for a in ctx.authors()])


def _cats(ctx: Ctx) -> list[str]:
    return list(dict.fromkeys(category(p) for p in ctx.posts))


# -- head -------------------------------------------------------------------------

_SELECTORS = expand([
    "site-header", "site-branding", "site-title", "site-description", "main-navigation", "menu-item",
    "sub-menu", "menu-toggle", "content-area", "site-main", "entry-header", "entry-title", "entry-meta",
    "posted-on", "byline", "entry-content", "entry-footer", "cat-links", "tags-links", "post-thumbnail",
    "widget-area", "widget", "widget-title", "search-form", "search-field", "tagcloud", "tag-cloud-link",
    "comments-area", "comment-list", "comment-body", "comment-meta", "comment-author", "comment-content",
    "comment-respond", "comment-form", "post-navigation", "nav-links", "nav-previous", "nav-next",
    "pagination", "page-numbers", "site-footer", "site-info", "author-info", "author-avatar",
    "author-description", "sharedaddy", "sd-sharing", "sd-button", "wp-block-image", "wp-block-quote",
    "wp-element-caption", "cli-bar-container", "mc4wp-form", "related-posts", "yoast-breadcrumbs",
])


def _head(ctx: Ctx, *, title: str, desc: str, url: str, og_type: str, graph: list,
          post: dict | None = None, noindex: bool = False) -> str:
    art = ""
    if post:
        art = (f'<meta property="article:publisher" content="{ctx.social("facebook")[0][1]}" />\n'
               f'<meta property="article:published_time" content="{iso(post["published"], post["slug"])}" />\n'
               f'<meta property="article:modified_time" content="{mod_iso(post)}" />\n'
               f'<meta property="article:section" content="{category(post)}" />\n'
               + "".join(f'<meta property="article:tag" content="{esc(t)}" />\n' for t in post["tags"])
               + f'<meta name="author" content="{esc(post["author"])}" />\n'
               f'<meta name="twitter:label1" content="Written by" />\n'
               f'<meta name="twitter:data1" content="{esc(post["author"])}" />\n'
               f'<meta name="twitter:label2" content="Est. reading time" />\n'
               f'<meta name="twitter:data2" content="{max(1, len(words(post, 9999).split()) // 200)} minutes" />\n')
    image = ctx.url(_upload(post, 0) if post and post.get("image") else "/wp-content/uploads/2021/02/social-card.jpg")
    robots = "noindex, follow" if noindex else "index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1"
    emoji = {"baseUrl": "https://s.w.org/images/core/emoji/14.0.0/72x72/", "ext": ".png",
             "svgUrl": "https://s.w.org/images/core/emoji/14.0.0/svg/", "svgExt": ".svg",
             "source": {"concatemoji": ctx.url("/wp-includes/js/wp-emoji-release.min.js?ver=6.4.2")}}
    return f"""<!doctype html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="profile" href="https://gmpg.org/xfn/11">
<meta name='robots' content='{robots}' />

	<!-- This site is optimized with the Yoast SEO plugin v21.7 - https://yoast.com/wordpress/plugins/seo/ -->
	<title>{esc(title)}</title>
	<meta name="description" content="{esc(desc)}" />
	<link rel="canonical" href="{url}" />
	<meta property="og:locale" content="en_US" />
	<meta property="og:type" content="{og_type}" />
	<meta property="og:title" content="{esc(title)}" />
	<meta property="og:description" content="{esc(desc)}" />
	<meta property="og:url" content="{url}" />
	<meta property="og:site_name" content="{esc(ctx.name)}" />
	{art}<meta property="og:image" content="{image}" />
	<meta property="og:image:width" content="1200" />
	<meta property="og:image:height" content="630" />
	<meta property="og:image:type" content="image/jpeg" />
	<meta name="twitter:card" content="summary_large_image" />
	<meta name="twitter:site" content="@{ctx.handle}" />
	{ld_json({"@context": "https://schema.org", "@graph": graph}).replace('<script ', '<script class="yoast-schema-graph" ', 1)}
	<!-- / Yoast SEO plugin. -->

<link rel='dns-prefetch' href='//fonts.googleapis.com' />
<link rel="alternate" type="application/rss+xml" title="{esc(ctx.name)} &raquo; Feed" href="{ctx.url('/feed/')}" />
<script>
window._wpemojiSettings = {js_json(emoji)};
/*! This file is auto-generated */
!function(i,n){{var o,s,e;function c(e){{try{{var t={{supportTests:e,timestamp:(new Date).valueOf()}};sessionStorage.setItem(o,JSON.stringify(t))}}catch(e){{}}}}function p(e,t,n){{e.clearRect(0,0,e.canvas.width,e.canvas.height),e.fillText(t,0,0);var t=new Uint32Array(e.getImageData(0,0,e.canvas.width,e.canvas.height).data),r=(e.clearRect(0,0,e.canvas.width,e.canvas.height),e.fillText(n,0,0),new Uint32Array(e.getImageData(0,0,e.canvas.width,e.canvas.height).data));return t.every(function(e,t){{return e===r[t]}})}}function u(e,t,n){{switch(t){{case"flag":return n(e,"\\ud83c\\udff3\\ufe0f\\u200d\\u26a7\\ufe0f","\\ud83c\\udff3\\ufe0f\\u200b\\u26a7\\ufe0f")?!1:!n(e,"\\ud83c\\uddfa\\ud83c\\uddf3","\\ud83c\\uddfa\\u200b\\ud83c\\uddf3");case"emoji":return!n(e,"\\ud83e\\udef1\\ud83c\\udffb\\u200d\\ud83e\\udef2\\ud83c\\udfff","\\ud83e\\udef1\\ud83c\\udffb\\u200b\\ud83e\\udef2\\ud83c\\udfff")}}return!1}}function f(e,t,n){{var r="undefined"!=typeof WorkerGlobalScope&&self instanceof WorkerGlobalScope?new OffscreenCanvas(300,150):i.createElement("canvas"),a=r.getContext("2d",{{willReadFrequently:!0}}),o=(a.textBaseline="top",a.font="600 32px Arial",{{}});return e.forEach(function(e){{o[e]=t(a,e,n)}}),o}}function t(e){{var t=i.createElement("script");t.src=e,t.defer=!0,i.head.appendChild(t)}}"undefined"!=typeof Promise&&(o="wpEmojiSettingsSupports",s=["flag","emoji"],n.supports={{everything:!0,everythingExceptFlag:!0}},e=new Promise(function(e){{i.addEventListener("DOMContentLoaded",e,{{once:!0}})}}),new Promise(function(t){{var n=function(){{try{{var e=JSON.parse(sessionStorage.getItem(o));if("object"==typeof e&&"number"==typeof e.timestamp&&(new Date).valueOf()<e.timestamp+604800&&"object"==typeof e.supportTests)return e.supportTests}}catch(e){{}}return null}}();if(!n){{if("undefined"!=typeof Worker&&"undefined"!=typeof OffscreenCanvas&&"undefined"!=typeof URL&&URL.createObjectURL&&"undefined"!=typeof Blob)try{{var e="postMessage("+f.toString()+"("+[JSON.stringify(s),u.toString(),p.toString()].join(",")+"));",r=new Blob([e],{{type:"text/javascript"}}),a=new Worker(URL.createObjectURL(r),{{name:"wpTestEmojiSupports"}});return void(a.onmessage=function(e){{c(n=e.data),a.terminate(),t(n)}})}}catch(e){{}}c(n=f(s,u,p))}}t(n)}}).then(function(e){{for(var t in e)n.supports[t]=e[t],n.supports.everything=n.supports.everything&&n.supports[t],"flag"!==t&&(n.supports.everythingExceptFlag=n.supports.everythingExceptFlag&&n.supports[t]);n.supports.everythingExceptFlag=n.supports.everythingExceptFlag&&!n.supports.flag,n.DOMReady=!1,n.readyCallback=function(){{n.DOMReady=!0}}}}).then(function(){{return e}}).then(function(){{var e;n.supports.everything||(n.readyCallback(),(e=n.source||{{}}).concatemoji?t(e.concatemoji):e.wpemoji&&e.twemoji&&(t(e.twemoji),t(e.wpemoji)))}}))}}((window,document),window._wpemojiSettings);
</script>
<style id='wp-emoji-styles-inline-css'>
	img.wp-smiley, img.emoji {{ display: inline !important; border: none !important; box-shadow: none !important; height: 1em !important; width: 1em !important; margin: 0 0.07em !important; vertical-align: -0.1em !important; background: none !important; padding: 0 !important; }}
</style>
<link rel='stylesheet' id='wp-block-library-css' href='{ctx.url("/wp-includes/css/dist/block-library/style.min.css?ver=6.4.2")}' media='all' />
<style id='global-styles-inline-css'>
body{{--wp--preset--color--black: #000000;--wp--preset--color--cyan-bluish-gray: #abb8c3;--wp--preset--color--white: #ffffff;--wp--preset--color--pale-pink: #f78da7;--wp--preset--color--vivid-red: #cf2e2e;--wp--preset--color--luminous-vivid-orange: #ff6900;--wp--preset--color--luminous-vivid-amber: #fcb900;--wp--preset--color--light-green-cyan: #7bdcb5;--wp--preset--color--vivid-green-cyan: #00d084;--wp--preset--color--pale-cyan-blue: #8ed1fc;--wp--preset--color--vivid-cyan-blue: #0693e3;--wp--preset--color--vivid-purple: #9b51e0;--wp--preset--gradient--vivid-cyan-blue-to-vivid-purple: linear-gradient(135deg,rgba(6,147,227,1) 0%,rgb(155,81,224) 100%);--wp--preset--gradient--light-green-cyan-to-vivid-green-cyan: linear-gradient(135deg,rgb(122,220,180) 0%,rgb(0,208,130) 100%);--wp--preset--font-size--small: 13px;--wp--preset--font-size--medium: 20px;--wp--preset--font-size--large: 36px;--wp--preset--font-size--x-large: 42px;--wp--preset--spacing--20: 0.44rem;--wp--preset--spacing--30: 0.67rem;--wp--preset--spacing--40: 1rem;--wp--preset--spacing--50: 1.5rem;--wp--preset--spacing--60: 2.25rem;--wp--preset--spacing--70: 3.38rem;--wp--preset--spacing--80: 5.06rem;--wp--preset--shadow--natural: 6px 6px 9px rgba(0, 0, 0, 0.2);--wp--preset--shadow--deep: 12px 12px 50px rgba(0, 0, 0, 0.4);}}:where(.is-layout-flex){{gap: 0.5em;}}:where(.is-layout-grid){{gap: 0.5em;}}body .is-layout-flow > .alignleft{{float: left;margin-inline-start: 0;margin-inline-end: 2em;}}body .is-layout-flow > .alignright{{float: right;margin-inline-start: 2em;margin-inline-end: 0;}}body .is-layout-flow > .aligncenter{{margin-left: auto !important;margin-right: auto !important;}}.has-black-color{{color: var(--wp--preset--color--black) !important;}}.has-white-color{{color: var(--wp--preset--color--white) !important;}}.has-small-font-size{{font-size: var(--wp--preset--font-size--small) !important;}}.has-medium-font-size{{font-size: var(--wp--preset--font-size--medium) !important;}}.has-large-font-size{{font-size: var(--wp--preset--font-size--large) !important;}}
</style>
<link rel='stylesheet' id='contact-form-7-css' href='{ctx.url("/wp-content/plugins/contact-form-7/includes/css/styles.css?ver=5.8.4")}' media='all' />
<link rel='stylesheet' id='mindful-style-css' href='{ctx.url("/wp-content/themes/mindful/style.css?ver=2.3.1")}' media='all' />
<style id='mindful-style-inline-css'>
{stylesheet(_SELECTORS, "wp")}
</style>
<script src="{ctx.url('/wp-includes/js/jquery/jquery.min.js?ver=3.7.1')}" id="jquery-core-js"></script>
<script src="{ctx.url('/wp-includes/js/jquery/jquery-migrate.min.js?ver=3.4.1')}" id="jquery-migrate-js"></script>
<link rel="https://api.w.org/" href="{ctx.url('/wp-json/')}" /><link rel="EditURI" type="application/rsd+xml" title="RSD" href="{ctx.url('/xmlrpc.php?rsd')}" />
<meta name="generator" content="WordPress 6.4.2" />
{f"<link rel='shortlink' href='{ctx.url(f'/?p={_pid(post)}')}' />" if post else ""}
<script async src="https://www.googletagmanager.com/gtag/js?id=G-{h(ctx.key, 10).upper()}"></script>
<script>{GA_SNIPPET % h(ctx.key, 10).upper()}</script>
<link rel="icon" href="{ctx.url('/wp-content/uploads/2021/02/cropped-icon-32x32.png')}" sizes="32x32" />
</head>
"""


def _graph(ctx: Ctx, *, url: str, title: str, desc: str, post: dict | None = None) -> list:
    b = ctx.base
    site = {"@type": "WebSite", "@id": f"{b}/#website", "url": f"{b}/", "name": ctx.name,
            "description": ctx.site["tagline"], "publisher": {"@id": f"{b}/#organization"},
            "potentialAction": [{"@type": "SearchAction", "target": {"@type": "EntryPoint",
                                 "urlTemplate": f"{b}/?s={{search_term_string}}"},
                                 "query-input": "required name=search_term_string"}], "inLanguage": "en-US"}
    org = {"@type": "Organization", "@id": f"{b}/#organization", "name": ctx.name, "url": f"{b}/",
           "logo": {"@type": "ImageObject", "inLanguage": "en-US", "@id": f"{b}/#/schema/logo/image/",
                    "url": f"{b}/wp-content/uploads/2021/02/logo.png", "width": 512, "height": 512,
                    "caption": ctx.name}, "image": {"@id": f"{b}/#/schema/logo/image/"},
           "sameAs": [u for _, u in ctx.social("facebook", "instagram", "linkedin")]}
    page = {"@type": "WebPage", "@id": url, "url": url, "name": title, "isPartOf": {"@id": f"{b}/#website"},
            "description": desc, "breadcrumb": {"@id": f"{url}#breadcrumb"}, "inLanguage": "en-US",
            "potentialAction": [{"@type": "ReadAction", "target": [url]}]}
    crumbs = {"@type": "BreadcrumbList", "@id": f"{url}#breadcrumb", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{b}/"},
        {"@type": "ListItem", "position": 2, "name": title.rsplit(" - ", 1)[0]}]}
    if not post:
        return [page, crumbs, site, org]
    person_id = f"{b}/#/schema/person/{h(post['author'], 32)}"
    page.update(datePublished=iso(post["published"], post["slug"]), dateModified=mod_iso(post))
    article = {
        "@type": "BlogPosting", "@id": f"{url}#article", "isPartOf": {"@id": url},
        "author": {"name": post["author"], "@id": person_id}, "headline": post["title"],
        "datePublished": iso(post["published"], post["slug"]), "dateModified": mod_iso(post),
        "mainEntityOfPage": {"@id": url}, "wordCount": len(words(post, 9999).split()),
        "commentCount": len(post["comments"]), "publisher": {"@id": f"{b}/#organization"},
        "keywords": post["tags"], "articleSection": [category(post).replace("&amp;", "&")],
        "inLanguage": "en-US",
        "potentialAction": [{"@type": "CommentAction", "name": "Comment", "target": [f"{url}#respond"]}],
    }
    person = {"@type": "Person", "@id": person_id, "name": post["author"],
              "image": {"@type": "ImageObject", "inLanguage": "en-US", "@id": f"{b}/#/schema/person/image/",
                        "url": f"{b}/wp-content/uploads/avatars/{slugify(post['author'])}-96x96.jpg",
                        "caption": post["author"]},
              "url": f"{b}/author/{slugify(post['author'])}/"}
    return [article, page, crumbs, site, org, person]


# -- chrome ---------------------------------------------------------------------------

def _header(ctx: Ctx, current: str) -> str:
    cats = "".join(f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category">'
                   f'<a href="{ctx.url(f"/category/{_cat_slug(c)}/")}">{c}</a></li>' for c in _cats(ctx))
    def item(path, label, extra=""):
        cur = " current-menu-item current_page_item" if path == current else ""
        return f'<li class="menu-item menu-item-type-post_type{cur}{extra}"><a href="{ctx.url(path)}">{label}</a></li>'
    return f"""<div id="page" class="site">
	<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>
	<div class="top-bar"><div class="container"><span class="top-bar-phone">Call us: (555) 013-2290</span>
	<a class="top-bar-cta" href="https://mindfulpath.clientsecure.me/">Book a consultation</a></div></div>
	<header id="masthead" class="site-header" itemscope itemtype="https://schema.org/WPHeader">
		<div class="site-branding">
			<a href="{ctx.url('/')}" class="custom-logo-link" rel="home"><img width="240" height="64" src="{ctx.url('/wp-content/uploads/2021/02/logo.png')}" class="custom-logo" alt="{esc(ctx.name)}" decoding="async" /></a>
			<p class="site-title"><a href="{ctx.url('/')}" rel="home">{esc(ctx.name)}</a></p>
			<p class="site-description">{esc(ctx.site['tagline'])}</p>
		</div><!-- .site-branding -->
		<nav id="site-navigation" class="main-navigation" aria-label="Primary">
			<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
			<div class="menu-primary-container"><ul id="primary-menu" class="menu">
			{item('/', 'Home')}{item('/about/', 'About Us')}
			<li class="menu-item menu-item-has-children"><a href="#">Topics</a><ul class="sub-menu">{cats}</ul></li>
			{item('/contact/', 'Contact')}
			</ul></div>
		</nav><!-- #site-navigation -->
	</header><!-- #masthead -->
	<div id="content" class="site-content">
"""


def _sidebar(ctx: Ctx) -> str:
    recent = "".join(f'<li><a href="{ctx.url(post_path(p))}">{esc(p["title"])}</a></li>' for p in ctx.posts[:5])
    rc = []
    for p in ctx.posts:
        for c in p["comments"]:
            rc.append(f'<li class="recentcomments"><span class="comment-author-link">{esc(c["author"])}</span> on '
                      f'<a href="{ctx.url(post_path(p))}#comment-{num(p["slug"] + c["date"] + c["author"], 10, 999)}">'
                      f'{esc(p["title"])}</a></li>')
    months = sorted({p["published"][:7] for p in ctx.posts}, reverse=True)
    archive = "".join(f"<option value='{ctx.url('/' + m.replace('-', '/') + '/')}'> "
                      f"{long_date(m + '-01').split(' ')[0]} {m[:4]} </option>" for m in months)
    cats = "".join(f'<li class="cat-item"><a href="{ctx.url(f"/category/{_cat_slug(c)}/")}">{c}</a></li>'
                   for c in _cats(ctx))
    cloud = " ".join(
        f'<a href="{ctx.url(f"/tag/{slugify(t)}/")}" class="tag-cloud-link tag-link-{num(t, 10, 99)}" '
        f'style="font-size: {8 + 3 * len(ctx.tagged(t))}pt;" aria-label="{esc(t)} ({len(ctx.tagged(t))} items)">{esc(t)}</a>'
        for t in ctx.tags())
    return f"""<aside id="secondary" class="widget-area" role="complementary">
	<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{ctx.url('/')}">
		<label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" /></label>
		<input type="submit" class="search-submit" value="Search" /></form></section>
	<section id="mc4wp_form_widget-2" class="widget widget_mc4wp_form_widget"><h2 class="widget-title">Get our monthly newsletter</h2>
		<form id="mc4wp-form-1" class="mc4wp-form mc4wp-form-512" method="post" data-id="512" data-name="Newsletter"><div class="mc4wp-form-fields">
		<p>Practical tools for anxiety and low mood, once a month. No spam.</p>
		<p><label>Email address: <input type="email" name="EMAIL" placeholder="Your email address" required /></label></p>
		<p><input type="submit" value="Sign up" /></p></div>
		<label style="display: none !important;">Leave this field empty if you're human: <input type="text" name="_mc4wp_honeypot" value="" tabindex="-1" autocomplete="off" /></label>
		<div class="mc4wp-response"></div></form></section>
	<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><nav aria-label="Recent Posts"><ul>{recent}</ul></nav></section>
	<section id="recent-comments-2" class="widget widget_recent_comments"><h2 class="widget-title">Recent Comments</h2><nav aria-label="Recent Comments"><ul id="recentcomments">{''.join(rc[:5])}</ul></nav></section>
	<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">Archives</h2>
		<label class="screen-reader-text" for="archives-dropdown-2">Archives</label>
		<select id="archives-dropdown-2" name="archive-dropdown"><option value="">Select Month</option>{archive}</select>
		<script>(function(){{var dropdown=document.getElementById("archives-dropdown-2");function onSelectChange(){{if(dropdown.options[dropdown.selectedIndex].value!==''){{document.location.href=this.options[this.selectedIndex].value;}}}}dropdown.onchange=onSelectChange;}})();</script></section>
	<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">Categories</h2><nav aria-label="Categories"><ul>{cats}</ul></nav></section>
	<section id="tag_cloud-2" class="widget widget_tag_cloud"><h2 class="widget-title">Tags</h2><nav aria-label="Tags"><div class="tagcloud">{cloud}</div></nav></section>
</aside><!-- #secondary -->
"""


def _footer(ctx: Ctx) -> str:
    social = "".join(f'<li class="menu-item"><a href="{u}" target="_blank" rel="noopener"><span class="screen-reader-text">{n.title()}</span>'
                     f'<svg class="icon icon-{n}" aria-hidden="true" role="img"><use href="#icon-{n}"></use></svg></a></li>'
                     for n, u in ctx.social("facebook", "instagram", "linkedin", "twitter"))
    cli = {"nn_cookie_ids": [], "cookielist": [], "non_necessary_cookies": [], "ccpaEnabled": "",
           "ccpaRegionBased": "", "ccpaBarEnabled": "", "strictlyEnabled": ["necessary", "obligatoire"],
           "ccpaType": "gdpr", "js_blocking": "1", "custom_integration": "", "triggerDomRefresh": "",
           "secure_cookies": ""}
    cli_cfg = {"animate_speed_hide": "500", "animate_speed_show": "500", "background": "#FFF",
               "border": "#b1a6a6c2", "border_on": False, "button_1_button_colour": "#61a229",
               "button_1_button_hover": "#4e8221", "button_1_link_colour": "#fff", "button_1_as_button": True,
               "button_1_new_win": False, "button_2_button_colour": "#333", "font_family": "inherit",
               "header_fix": False, "notify_animate_hide": True, "notify_animate_show": False,
               "notify_div_id": "#cookie-law-info-bar", "notify_position_horizontal": "right",
               "notify_position_vertical": "bottom", "scroll_close": False, "scroll_close_reload": False,
               "accept_close_reload": False, "reject_close_reload": False, "showagain_tab": False,
               "showagain_background": "#fff", "showagain_border": "#000", "showagain_div_id": "#cookie-law-info-again",
               "showagain_x_position": "100px", "text": "#333333", "show_once_yn": False, "show_once": "10000",
               "logging_on": False, "as_popup": False, "popup_overlay": True, "bar_heading_text": "",
               "cookie_bar_as": "banner", "popup_showagain_position": "bottom-right", "widget_position": "left"}
    return f"""	</div><!-- #content -->
	<footer id="colophon" class="site-footer">
		<div class="footer-widgets"><div class="footer-widget-1"><section class="widget widget_text"><h2 class="widget-title">Crisis support</h2>
			<div class="textwidget"><p>We are not an emergency service. If you are in crisis in the US, call or text 988.</p></div></section></div>
			<div class="footer-widget-2"><section class="widget widget_nav_menu"><nav class="menu-social-container" aria-label="Social"><ul id="menu-social" class="menu social-links-menu">{social}</ul></nav></section>
			<p class="directory-badge"><a href="https://www.psychologytoday.com/us/therapists/mindful-path" rel="nofollow noopener">Verified by Psychology Today</a></p></div></div>
		<div class="site-info">
			&copy; 2025 <a href="{ctx.url('/')}">{esc(ctx.name)}</a>. All rights reserved.
			<span class="sep"> | </span>
			<a href="https://wordpress.org/">Proudly powered by WordPress</a>
		</div><!-- .site-info -->
	</footer><!-- #colophon -->
</div><!-- #page -->
<div id="cookie-law-info-bar" data-nosnippet="true" class="cli-bar-container cli-style-v2"><span><div class="cli-bar-message">We use cookies on our website to give you the most relevant experience by remembering your preferences and repeat visits. By clicking &ldquo;Accept&rdquo;, you consent to the use of ALL the cookies.</div>
<div class="cli-bar-btn_container"><a role='button' class="cli_settings_button" style="margin:0px 10px 0px 5px">Cookie Settings</a><a role='button' data-cli_action="accept" id="cookie_action_close_header" class="medium cli-plugin-button cli-plugin-main-button cookie_action_close_header cli_action_button wt-cli-accept-btn">Accept</a></div></span></div>
<script id="cookie-law-info-js-extra">
var Cli_Data = {js_json(cli)};
var cli_cookiebar_settings = {js_json(cli_cfg)};
var log_object = {{"ajax_url":"{ctx.url('/wp-admin/admin-ajax.php')}"}};
</script>
<script id="contact-form-7-js-extra">
var wpcf7 = {{"api":{{"root":"{ctx.url('/wp-json/')}","namespace":"contact-form-7\\/v1"}},"cached":"1"}};
</script>
<script src="{ctx.url('/wp-content/plugins/contact-form-7/includes/js/index.js?ver=5.8.4')}" id="contact-form-7-js"></script>
<script src="{ctx.url('/wp-content/themes/mindful/js/navigation.js?ver=2.3.1')}" id="mindful-navigation-js"></script>
<script>{lazyload_js()}</script>
<script>{cookie_js(ctx.name)}</script>
<script>window.mc4wp=window.mc4wp||{{listeners:[],forms:{{on:function(evt,cb){{window.mc4wp.listeners.push({{event:evt,callback:cb}})}}}}}}</script>
</body>
</html>
"""


def _layout(ctx: Ctx, head: str, body_class: str, main: str, current: str = "") -> str:
    return (head + f'<body class="{body_class}">\n' + _header(ctx, current)
            + f'<div id="primary" class="content-area"><main id="main" class="site-main">\n{main}\n</main></div>\n'
            + _sidebar(ctx) + _footer(ctx))


# -- posts ----------------------------------------------------------------------------

def _figure(ctx: Ctx, post: dict, fig: dict, i: int) -> str:
    src = ctx.url(_upload(post, i))
    cap = f'<figcaption class="wp-element-caption">{esc(fig["caption"])}</figcaption>' if fig.get("caption") else ""
    return (f'<figure class="wp-block-image size-large"><img decoding="async" loading="lazy" width="1024" height="683" '
            f'src="{src}" alt="{esc(fig["alt"])}" class="wp-image-{num(src, 200, 999)}" '
            f'srcset="{src} 1024w, {src[:-4]}-300x200.jpg 300w" sizes="(max-width: 1024px) 100vw, 1024px" />{cap}</figure>')


def _body(ctx: Ctx, post: dict) -> str:
    """Gutenberg block markup, as stored in post_content and served in the feed."""
    return blocks_html(
        post["blocks"], heading='<{tag} class="wp-block-heading" id="h-{i}">{text}</{tag}>',
        quote='<blockquote class="wp-block-quote"><p>{}</p></blockquote>',
        ul='<ul class="wp-block-list">{}</ul>', ol='<ol class="wp-block-list">{}</ol>',
        figure=lambda f, i: _figure(ctx, post, f, i),
    )


def _byline(ctx: Ctx, post: dict, url: str) -> str:
    pub, mod = iso(post["published"], post["slug"]), mod_iso(post)
    times = f'<time class="entry-date published" datetime="{pub}">{long_date(post["published"])}</time>'
    times += f'<time class="updated" datetime="{mod}">{long_date(modified(post))}</time>'
    return (f'<div class="entry-meta"><span class="posted-on">Posted on <a href="{url}" rel="bookmark">{times}</a></span>'
            f'<span class="byline"> by <span class="author vcard"><a class="url fn n" '
            f'href="{_author_url(ctx, post["author"])}">{esc(post["author"])}</a></span></span>'
            f'<span class="comments-link"><a href="{url}#comments">{len(post["comments"]) or "Leave a"} '
            f'{"Comment" if len(post["comments"]) <= 1 else "Comments"}</a></span></div><!-- .entry-meta -->')


def _article_classes(post: dict) -> str:
    tags = " ".join(f"tag-{slugify(t)}" for t in post["tags"])
    thumb = " has-post-thumbnail" if post.get("image") else ""
    return (f"post-{_pid(post)} post type-post status-publish format-standard{thumb} hentry "
            f"category-{_cat_slug(category(post))} {tags}")


def _comments(ctx: Ctx, post: dict, url: str) -> str:
    items = []
    for n, c in enumerate(post["comments"]):
        cid = num(post["slug"] + c["date"] + c["author"], 10, 999)
        when = iso(c["date"], post["slug"] + str(n))
        hh, mm = int(when[11:13]), int(when[14:16])
        by_author = " bypostauthor" if c["author"] == post["author"] else ""
        items.append(f"""<li id="comment-{cid}" class="comment {'even' if n % 2 == 0 else 'odd alt'} thread-{'even' if n % 2 == 0 else 'odd'} depth-1{by_author}">
	<article id="div-comment-{cid}" class="comment-body">
		<footer class="comment-meta"><div class="comment-author vcard">
			<img alt='' src='{ctx.url(f"/wp-content/uploads/avatars/{slugify(c['author'])}-32x32.jpg")}' class='avatar avatar-32 photo' height='32' width='32' loading='lazy' decoding='async'/>
			<b class="fn">{esc(c['author'])}</b> <span class="says">says:</span></div><!-- .comment-author -->
			<div class="comment-metadata"><a href="{url}#comment-{cid}"><time datetime="{when}">{long_date(c['date'])} at {(hh - 1) % 12 + 1}:{mm:02d} {'am' if hh < 12 else 'pm'}</time></a></div><!-- .comment-metadata -->
		</footer><!-- .comment-meta -->
		<div class="comment-content"><p>{esc(c['text'])}</p></div><!-- .comment-content -->
		<div class="reply"><a rel='nofollow' class='comment-reply-link' href='{url}?replytocom={cid}#respond' data-commentid="{cid}" data-postid="{_pid(post)}" data-belowelement="div-comment-{cid}" data-respondelement="respond" aria-label='Reply to {esc(c['author'])}'>Reply</a></div>
	</article><!-- .comment-body -->
</li><!-- #comment-## -->""")
    n = len(items)
    title = (f'<h2 class="comments-title">{n} thought{"s" if n > 1 else ""} on &ldquo;<span>{esc(post["title"])}</span>&rdquo;</h2>'
             f'<ol class="comment-list">{"".join(items)}</ol>') if n else ""
    return f"""<div id="comments" class="comments-area">
	{title}
	<div id="respond" class="comment-respond">
		<h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="{url}#respond" style="display:none;">Cancel reply</a></small></h3>
		<form action="{ctx.url('/wp-comments-post.php')}" method="post" id="commentform" class="comment-form" novalidate>
		<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> <span class="required-field-message">Required fields are marked <span class="required">*</span></span></p>
		<p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
		<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required /></p>
		<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" aria-describedby="email-notes" autocomplete="email" required /></p>
		<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes" /> <label for="wp-comment-cookies-consent">Save my name, email, and website in this browser for the next time I comment.</label></p>
		<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /> <input type='hidden' name='comment_post_ID' value='{_pid(post)}' id='comment_post_ID' /></p>
		</form>
	</div><!-- #respond -->
</div><!-- #comments -->"""


def _post_page(ctx: Ctx, post: dict) -> str:
    url = ctx.url(post_path(post))
    title = f"{post['title']} - {ctx.name}"
    head = _head(ctx, title=title, desc=post["description"], url=url, og_type="article",
                 graph=_graph(ctx, url=url, title=title, desc=post["description"], post=post), post=post)
    thumb = ""
    if post.get("image"):
        thumb = (f'<div class="post-thumbnail"><img width="1200" height="675" src="{ctx.url(_upload(post, 0))}" '
                 f'class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="{esc(post["image"]["alt"])}" decoding="async" fetchpriority="high" /></div>')
    share = "".join(
        f'<li class="share-{n}"><a rel="nofollow noopener noreferrer" class="share-{n} sd-button share-icon" '
        f'href="{url}?share={n}&amp;nb=1" target="_blank" title="Click to share on {label}"><span>{label}</span></a></li>'
        for n, label in (("facebook", "Facebook"), ("twitter", "X"), ("linkedin", "LinkedIn"), ("email", "Email")))
    tags = ", ".join(f'<a href="{ctx.url(f"/tag/{slugify(t)}/")}" rel="tag">{esc(t)}</a>' for t in post["tags"])
    cat = category(post)
    newer, older = ctx.neighbours(post)
    nav = ""
    if older:
        nav += (f'<div class="nav-previous"><a href="{ctx.url(post_path(older))}" rel="prev"><span class="nav-subtitle">Previous:</span> '
                f'<span class="nav-title">{esc(older["title"])}</span></a></div>')
    if newer:
        nav += (f'<div class="nav-next"><a href="{ctx.url(post_path(newer))}" rel="next"><span class="nav-subtitle">Next:</span> '
                f'<span class="nav-title">{esc(newer["title"])}</span></a></div>')
    related = "".join(f'<li><a href="{ctx.url(post_path(p))}">{esc(p["title"])}</a> <time>{long_date(p["published"])}</time></li>'
                      for p in ctx.others(post, 3))
    if post is ctx.posts[-1]:  # the oldest post still links to a deleted one
        related += f'<li><a href="{ctx.url(GONE)}">Coping with lockdown anxiety</a> <time>April 2, 2020</time></li>'
    main = f"""<nav class="yoast-breadcrumbs"><span><span><a href="{ctx.url('/')}">Home</a></span> &raquo; <span><a href="{ctx.url(f'/category/{_cat_slug(cat)}/')}">{cat}</a></span> &raquo; <span class="breadcrumb_last" aria-current="page">{esc(post['title'])}</span></span></nav>
<article id="post-{_pid(post)}" class="{_article_classes(post)}">
	<header class="entry-header">
		<h1 class="entry-title">{esc(post['title'])}</h1>
		{_byline(ctx, post, url)}
	</header><!-- .entry-header -->
	{thumb}
	<div class="entry-content">
{_body(ctx, post)}
<p class="print-only" style="display: none;">Printed from {esc(ctx.name)}. Visit the site for the latest version of this article.</p>
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>{share}<li class="share-end"></li></ul></div></div></div>
	</div><!-- .entry-content -->
	<footer class="entry-footer"><span class="cat-links">Posted in <a href="{ctx.url(f'/category/{_cat_slug(cat)}/')}" rel="category tag">{cat}</a></span><span class="tags-links">Tagged {tags}</span></footer><!-- .entry-footer -->
</article><!-- #post-{_pid(post)} -->
<div class="author-info"><div class="author-avatar"><img alt='' src='{ctx.url(f"/wp-content/uploads/avatars/{slugify(post['author'])}-96x96.jpg")}' class='avatar avatar-96 photo' height='96' width='96' loading='lazy' /></div>
	<div class="author-description"><h2 class="author-title"><span class="author-heading">About the author:</span> {esc(post['author'])}</h2>
	<p class="author-bio">{esc(post['author'])} is a clinician at {esc(ctx.name)}. <a class="author-link" href="{_author_url(ctx, post['author'])}" rel="author">View all posts by {esc(post['author'])}</a></p></div></div>
<section class="related-posts"><h2 class="related-posts-title">You may also like</h2><ul>{related}</ul></section>
<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation</h2><div class="nav-links">{nav}</div></nav>
{_comments(ctx, post, url)}"""
    tag_cls = " ".join(f"tag-{slugify(t)}" for t in post["tags"])
    return _layout(ctx, head, f"post-template-default single single-post postid-{_pid(post)} single-format-standard {tag_cls} wp-embed-responsive", main)


# -- listings and pages ------------------------------------------------------------------

def _summary(ctx: Ctx, post: dict) -> str:
    url = ctx.url(post_path(post))
    return f"""<article id="post-{_pid(post)}" class="{_article_classes(post)}">
	<header class="entry-header"><h2 class="entry-title"><a href="{url}" rel="bookmark">{esc(post['title'])}</a></h2>{_byline(ctx, post, url)}</header>
	<div class="entry-summary"><p>{esc(words(post, 55))} [&hellip;]</p>
	<p class="more-link-wrap"><a href="{url}" class="more-link">Continue reading<span class="screen-reader-text"> &ldquo;{esc(post['title'])}&rdquo;</span></a></p></div>
	<footer class="entry-footer"><span class="cat-links">Posted in <a href="{ctx.url(f'/category/{_cat_slug(category(post))}/')}" rel="category tag">{category(post)}</a></span></footer>
</article>"""


def _listing(ctx: Ctx, *, prefix: str, posts: list, header: str, title: str, desc: str,
             body_class: str) -> dict[str, str]:
    """Paginated archive: prefix '/' or '/tag/x/'; pages at prefix + 'page/N/'."""
    out = {}
    chunks = pages_of(posts)
    for n, chunk in enumerate(chunks, 1):
        path = prefix if n == 1 else f"{prefix}page/{n}/"
        url = ctx.url(path)
        nums = "".join(
            f'<span aria-current="page" class="page-numbers current">{k}</span>' if k == n else
            f'<a class="page-numbers" href="{ctx.url(prefix if k == 1 else f"{prefix}page/{k}/")}">{k}</a>'
            for k in range(1, len(chunks) + 1))
        if n > 1:
            nums = f'<a class="prev page-numbers" href="{ctx.url(prefix if n == 2 else f"{prefix}page/{n - 1}/")}">&laquo; Previous</a>' + nums
        if n < len(chunks):
            nums += f'<a class="next page-numbers" href="{ctx.url(f"{prefix}page/{n + 1}/")}">Next &raquo;</a>'
        pager = (f'<nav class="navigation pagination" aria-label="Posts"><h2 class="screen-reader-text">Posts navigation</h2>'
                 f'<div class="nav-links">{nums}</div></nav>') if len(chunks) > 1 else ""
        t = title if n == 1 else f"{title.rsplit(' - ', 1)[0]} - Page {n} of {len(chunks)} - {ctx.name}"
        head = _head(ctx, title=t, desc=desc, url=url, og_type="website",
                     graph=_graph(ctx, url=url, title=t, desc=desc), noindex=n > 1 and prefix != "/")
        main = header + "\n".join(_summary(ctx, p) for p in chunk) + pager
        out[path] = _layout(ctx, head, body_class + (" paged" if n > 1 else ""), main, current=prefix)
    return out


def _static_page(ctx: Ctx, key: str, path: str) -> str:
    page = ctx.pages[key]
    url = ctx.url(path)
    title = f"{page['title']} - {ctx.name}"
    desc = page["blocks"][0][1] if page["blocks"][0][0] == "p" else ctx.site["description"]
    form = ""
    if key == "contact":
        form = f"""<div class="wpcf7 no-js" id="wpcf7-f58-p{num(key, 10, 99)}-o1" lang="en-US" dir="ltr"><div class="screen-reader-response"><p role="status" aria-live="polite" aria-atomic="true"></p></div>
<form action="{url}#wpcf7-f58-o1" method="post" class="wpcf7-form init" aria-label="Contact form" novalidate="novalidate" data-status="init">
<p><label> Your name<br /><span class="wpcf7-form-control-wrap" data-name="your-name"><input size="40" class="wpcf7-form-control wpcf7-text wpcf7-validates-as-required" autocomplete="name" aria-required="true" value="" type="text" name="your-name" /></span> </label></p>
<p><label> Your email<br /><span class="wpcf7-form-control-wrap" data-name="your-email"><input size="40" class="wpcf7-form-control wpcf7-email wpcf7-validates-as-required" autocomplete="email" value="" type="email" name="your-email" /></span> </label></p>
<p><label> Your message (optional)<br /><span class="wpcf7-form-control-wrap" data-name="your-message"><textarea cols="40" rows="10" class="wpcf7-form-control wpcf7-textarea" name="your-message"></textarea></span> </label></p>
<p><input class="wpcf7-form-control wpcf7-submit has-spinner" type="submit" value="Submit" /></p><div class="wpcf7-response-output" aria-hidden="true"></div></form></div>"""
    main = f"""<article id="post-{num(key, 10, 99)}" class="post-{num(key, 10, 99)} page type-page status-publish hentry">
	<header class="entry-header"><h1 class="entry-title">{esc(page['title'])}</h1></header>
	<div class="entry-content">
{blocks_html(page['blocks'], heading='<{tag} class="wp-block-heading">{text}</{tag}>')}
{form}
	</div><!-- .entry-content -->
</article>"""
    head = _head(ctx, title=title, desc=desc, url=url, og_type="website", graph=_graph(ctx, url=url, title=title, desc=desc))
    return _layout(ctx, head, f"page-template-default page page-id-{num(key, 10, 99)}", main, current=path)


def _not_found(ctx: Ctx) -> str:
    title = f"Page not found - {ctx.name}"
    head = _head(ctx, title=title, desc=ctx.site["description"], url=ctx.url("/404/"), og_type="website",
                 graph=[], noindex=True)
    main = f"""<section class="error-404 not-found"><header class="page-header"><h1 class="page-title">Oops! That page can&rsquo;t be found.</h1></header>
<div class="page-content"><p>It looks like nothing was found at this location. Maybe try one of the links below or a search?</p>
<form role="search" method="get" class="search-form" action="{ctx.url('/')}"><label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" /></label><input type="submit" class="search-submit" value="Search" /></form></div></section>"""
    return _layout(ctx, head, "error404", main)


# -- feeds, sitemaps, robots -------------------------------------------------------------

def _feed(ctx: Ctx):
    items = [{
        "title": p["title"], "link": ctx.url(post_path(p)), "guid": ctx.url(f"/?p={_pid(p)}"),
        "pub": rfc822(p["published"], p["slug"]), "author": p["author"],
        "categories": [category(p).replace("&amp;", "&")] + p["tags"],
        "description": words(p, 55) + f" [&#8230;]</p>\n<p>The post <a href=\"{ctx.url(post_path(p))}\">{esc(p['title'])}</a> appeared first on <a href=\"{ctx.url('/')}\">{esc(ctx.name)}</a>.",
        "content": _body(ctx, p),
    } for p in ctx.posts]
    return _feeds.rss2(title=ctx.name, link=ctx.url("/"), self_url=ctx.url("/feed/"), description=ctx.site["tagline"],
                       language="en-US", items=items, generator="https://wordpress.org/?v=6.4.2",
                       last_build=rfc822(max(modified(p) for p in ctx.posts), "build"))


def _sitemaps(ctx: Ctx) -> dict:
    newest = max(modified(p) for p in ctx.posts)
    posts = [(ctx.url(post_path(p)), mod_iso(p)) for p in ctx.posts]
    pages = [(ctx.url("/"), iso(newest, "home")), (ctx.url("/about/"), "2021-02-03T10:12:44+00:00"),
             (ctx.url("/contact/"), "2021-02-03T10:15:02+00:00")]
    cats = [(ctx.url(f"/category/{_cat_slug(c)}/"), mod_iso(next(p for p in ctx.posts if category(p) == c)))
            for c in _cats(ctx)]
    xsl = ctx.url("/main-sitemap.xsl")
    return {
        "/sitemap_index.xml": _feeds.sitemap_index([
            (ctx.url("/post-sitemap.xml"), mod_iso(ctx.posts[0])),
            (ctx.url("/page-sitemap.xml"), iso(newest, "home")),
            (ctx.url("/category-sitemap.xml"), mod_iso(ctx.posts[0]))], stylesheet=xsl),
        "/post-sitemap.xml": _feeds.sitemap(posts),
        "/page-sitemap.xml": _feeds.sitemap(pages),
        "/category-sitemap.xml": _feeds.sitemap(cats),
    }


def build(ctx: Ctx) -> dict:
    pages = {post_path(p): _post_page(ctx, p) for p in ctx.posts}
    pages.update(_listing(ctx, prefix="/", posts=ctx.posts, header="",
                          title=f"{ctx.name} - {ctx.site['tagline']}", desc=ctx.site["description"],
                          body_class="home blog hfeed"))
    for t in ctx.tags():
        pages.update(_listing(
            ctx, prefix=f"/tag/{slugify(t)}/", posts=ctx.tagged(t), title=f"{t} Archives - {ctx.name}",
            desc=f"Posts tagged {t}", body_class=f"archive tag tag-{slugify(t)} hfeed",
            header=f'<header class="page-header"><h1 class="page-title">Tag: <span>{esc(t)}</span></h1></header>'))
    for c in _cats(ctx):
        posts = [p for p in ctx.posts if category(p) == c]
        pages.update(_listing(
            ctx, prefix=f"/category/{_cat_slug(c)}/", posts=posts, title=f"{c} Archives - {ctx.name}".replace("&amp;", "&"),
            desc=f"Posts in {c}", body_class=f"archive category category-{_cat_slug(c)} hfeed",
            header=f'<header class="page-header"><h1 class="page-title">Category: <span>{c}</span></h1></header>'))
    for a in ctx.authors():
        pages.update(_listing(
            ctx, prefix=f"/author/{slugify(a)}/", posts=[p for p in ctx.posts if p["author"] == a],
            title=f"{a}, Author at {ctx.name}", desc=f"Posts by {a}", body_class=f"archive author author-{slugify(a)} hfeed",
            header=f'<header class="page-header"><h1 class="page-title">Author: <span class="vcard">{esc(a)}</span></h1></header>'))
    pages["/about/"] = _static_page(ctx, "about", "/about/")
    pages["/contact/"] = _static_page(ctx, "contact", "/contact/")
    out = {k: html_page(v) for k, v in pages.items()}
    out[NOT_FOUND] = html_page(_not_found(ctx), 404)
    out["/feed/"] = _feed(ctx)
    out.update(_sitemaps(ctx))
    out["/robots.txt"] = _feeds.robots(
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        f"Sitemap: {ctx.url('/sitemap_index.xml')}\n")
    return out
