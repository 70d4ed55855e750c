"""A Blogger (blogspot) blog on the classic "Simple" layout template.

Blogger emits no JSON-LD and no article:* meta. Metadata lives in microdata and
classic template markup: ``<title>Blog Name: Post Title</title>`` (blog name
first!), ``h3.post-title.entry-title``, ``h2.date-header``, the footer's
``span.post-author.vcard`` (``itemprop=author``) and
``abbr.published[itemprop=datePublished][title=ISO]``, an optional
``meta[itemprop=dateModified]``, and labels as ``span.post-labels a[rel=tag]``.
robots.txt disallows ``/search``, which covers both label pages and the
"Older Posts" pagination: a robots-obeying crawler finds posts through
sitemap.xml or the Atom feed.
"""

from __future__ import annotations

from wellness_archiver.demo_site.platforms import _feeds
from wellness_archiver.demo_site.platforms._html import (
    NOT_FOUND, Ctx, blocks_html, cookie_js, d, esc, expand, h, html_page, iso, js_json, long_date,
    mod_iso, modified, num, pages_of, qslug, rfc822, stylesheet, words,
)

TZ = "-08:00"
BLOG_ID = "57" + str(num("blogger-id", 10**15, 10**16 - 1))
GONE = "/2019/11/when-your-child-says-i-hate-you.html"  # deleted post, still linked from one page


def _slug(post: dict) -> str:
    """Blogger truncates the URL slug to about 40 characters at a word break."""
    slug = post["slug"]
    if len(slug) <= 40:
        return slug
    return slug[:40].rsplit("-", 1)[0]


def post_path(post: dict) -> str:
    y, m, _ = post["published"].split("-")
    return f"/{y}/{m}/{_slug(post)}.html"


def _label(t: str) -> str:
    return f"/search/label/{qslug(t)}"


def _pid(post: dict) -> str:
    return str(num(post["slug"], 10**18, 10**19 - 1))


def _older(ctx: Ctx, last: dict) -> str:
    ts = iso(last["published"], last["slug"], TZ)
    return f"/search?updated-max={ts}&max-results=4"


def _home_pages(ctx: Ctx) -> list[tuple[str, list]]:
    """(path, posts) for the home page and each "Older Posts" page."""
    out, path = [], "/"
    for chunk in pages_of(ctx.posts):
        out.append((path, chunk))
        path = _older(ctx, chunk[-1])
    return out


def non_post_paths(ctx: Ctx) -> list[str]:
    return ([p for p, _ in _home_pages(ctx)] + ["/p/about.html", "/p/contact.html"]
            + [_label(t) for t in ctx.tags()])


# -- page frame -------------------------------------------------------------------

_SELECTORS = expand([
    "content-outer", "content-inner", "header-outer", "header-inner", "Header", "descriptionwrapper",
    "tabs-inner", "PageList", "main-outer", "main-inner", "column-center-inner", "column-right-inner",
    "date-header", "post-outer", "post", "post-title", "post-header", "post-body", "post-footer",
    "post-footer-line", "post-author", "post-timestamp", "post-labels", "post-share-buttons",
    "share-button", "jump-link", "blog-pager", "blog-pager-older-link", "home-link", "comments",
    "comment-thread", "comment-block", "comment-header", "comment-content", "comment-actions",
    "avatar-image-container", "widget", "sidebar", "Profile", "profile-img", "profile-name-link",
    "BlogArchive", "Label", "label-size", "PopularPosts", "FollowByEmail", "follow-by-email-inner",
    "BlogSearch", "Attribution", "footer-outer", "status-msg-wrap", "tr-caption", "separator",
])


def _head(ctx: Ctx, *, title: str, url: str, desc: str, og_type: str, og_title: str,
          image: str | None = None) -> str:
    image = image or ctx.url("/img/a/AVvXsEhKitchenTable/s1600/kitchen-table-header.jpg")
    return f"""<!DOCTYPE html>
<html class='v2' dir='ltr' lang='en' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b' xmlns:data='http://www.google.com/2005/gml/data' xmlns:expr='http://www.google.com/2005/gml/expr'>
<head>
<link href='https://www.blogger.com/static/v1/widgets/3566091532-css_bundle_v2.css' rel='stylesheet' type='text/css'/>
<meta content='width=1100' name='viewport'/>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>
<meta content='blogger' name='generator'/>
<link href='{ctx.url('/favicon.ico')}' rel='icon' type='image/x-icon'/>
<link href='{url}' rel='canonical'/>
<link rel="alternate" type="application/atom+xml" title="{esc(ctx.name)} - Atom" href="{ctx.url('/feeds/posts/default')}" />
<link rel="alternate" type="application/rss+xml" title="{esc(ctx.name)} - RSS" href="{ctx.url('/feeds/posts/default?alt=rss')}" />
<link rel="service.post" type="application/atom+xml" title="{esc(ctx.name)} - Atom" href="https://www.blogger.com/feeds/{BLOG_ID}/posts/default" />
<!--Can't find substitution for tag [blog.ieCssRetrofitLinks]-->
<meta content='{esc(desc)}' name='description'/>
<meta content='{url}' property='og:url'/>
<meta content='{esc(og_title)}' property='og:title'/>
<meta content='{esc(desc)}' property='og:description'/>
<meta content='{og_type}' property='og:type'/>
<meta content='{image}' property='og:image'/>
<title>{esc(title)}</title>
<style id='page-skin-1' type='text/css'><!--
/*
-----------------------------------------------
Blogger Template Style
Name:     Simple
Designer: Blogger
URL:      www.blogger.com
----------------------------------------------- */
/* Variable definitions
   ====================
   <Variable name="keycolor" description="Main Color" type="color" default="#66bbdd"/>
   <Group description="Page Text" selector="body">
     <Variable name="body.font" description="Font" type="font" default="normal normal 12px Arial, Tahoma, Helvetica, FreeSans, sans-serif"/>
     <Variable name="body.text.color" description="Text Color" type="color" default="#222222"/>
   </Group>
*/
/* Content
----------------------------------------------- */
body {{ font: normal normal 14px Georgia, Utopia, 'Palatino Linotype', Palatino, serif; color: #333333; background: #f3efe6 none repeat scroll top left; padding: 0 40px 40px 40px; }}
html body .region-inner {{ min-width: 0; max-width: 100%; width: auto; }}
h2 {{ font-size: 22px; }}
a:link {{ text-decoration:none; color: #b0522f; }}
a:visited {{ text-decoration:none; color: #7e3b22; }}
a:hover {{ text-decoration:underline; color: #d9743f; }}
.body-fauxcolumn-outer .fauxcolumn-inner {{ background: transparent none repeat scroll top left; _background-image: none; }}
.body-fauxcolumn-outer .cap-top {{ position: absolute; z-index: 1; height: 400px; width: 100%; }}
{stylesheet(_SELECTORS, "blogger")}
--></style>
<style id='template-skin-1' type='text/css'><!--
body {{ min-width: 960px; }}
.content-outer, .content-fauxcolumn-outer, .region-inner {{ min-width: 960px; max-width: 960px; _width: 960px; }}
.main-inner .columns {{ padding-left: 0px; padding-right: 310px; }}
.main-inner .fauxcolumn-right-outer {{ width: 310px; }}
.main-inner .column-right-outer {{ width: 310px; margin-right: -310px; }}
#layout {{ min-width: 0; }}
--></style>
<script type='text/javascript'>
        (function(i,s,o,g,r,a,m){{i['GoogleAnalyticsObject']=r;i[r]=i[r]||function(){{
        (i[r].q=i[r].q||[]).push(arguments)}},i[r].l=1*new Date();a=s.createElement(o),
        m=s.getElementsByTagName(o)[0];a.async=1;a.src=g;m.parentNode.insertBefore(a,m)
        }})(window,document,'script','https://www.google-analytics.com/analytics.js','ga');
        ga('create', 'UA-{num(ctx.key, 1000000, 9999999)}-1', 'auto', 'blogger');
        ga('blogger.send', 'pageview');
      </script>
</head>
"""


def _navbar() -> str:
    return ("<div class='navbar section' id='navbar' name='Navbar'><div class='widget Navbar' data-version='1' id='Navbar1'>"
            "<script type=\"text/javascript\">function setAttributeOnload(object, attribute, val) {"
            "if(window.addEventListener) {window.addEventListener('load',function(){ object[attribute] = val; }, false);}"
            " else {window.attachEvent('onload', function(){ object[attribute] = val; });}}</script>"
            "<div id=\"navbar-iframe-container\"></div></div></div>")


def _header(ctx: Ctx) -> str:
    return f"""<div class='content'><div class='content-fauxcolumns'><div class='fauxcolumn-outer content-fauxcolumn-outer'><div class='cap-top'><div class='cap-left'></div><div class='cap-right'></div></div></div></div>
<div class='content-outer'><div class='content-cap-top cap-top'><div class='cap-left'></div><div class='cap-right'></div></div>
<div class='fauxborder-left content-fauxborder-left'><div class='content-inner'>
<header><div class='header-outer'><div class='header-cap-top cap-top'></div><div class='fauxborder-left header-fauxborder-left'><div class='region-inner header-inner'>
<div class='header section' id='header' name='Header'><div class='widget Header' data-version='1' id='Header1'>
<div id='header-inner'><div class='titlewrapper'><h1 class='title'><a href='{ctx.url('/')}'>{esc(ctx.name)}</a></h1></div>
<div class='descriptionwrapper'><p class='description'><span>{esc(ctx.site['tagline'])}</span></p></div></div></div></div>
</div></div></div></header>
<div class='tabs-outer'><div class='region-inner tabs-inner'><div class='tabs section' id='crosscol' name='Cross-Column'><div class='widget PageList' data-version='1' id='PageList1'>
<h2>Pages</h2><div class='widget-content'><ul>
<li class='selected'><a href='{ctx.url('/')}'>Home</a></li>
<li><a href='{ctx.url('/p/about.html')}'>About Karen</a></li>
<li><a href='{ctx.url('/p/contact.html')}'>Contact</a></li>
</ul><div class='clear'></div></div></div></div></div></div>
<div class='main-outer'><div class='main-cap-top cap-top'></div><div class='fauxborder-left main-fauxborder-left'><div class='region-inner main-inner'>
<div class='columns fauxcolumns'><div class='columns-inner'><div class='column-center-outer'><div class='column-center-inner'>
<div class='main section' id='main' name='Main'><div class='widget Blog' data-version='1' id='Blog1'>
"""


def _sidebar(ctx: Ctx) -> str:
    author = ctx.authors()[0]
    popular = "".join(
        f"<li><div class='item-content'><div class='item-title'><a href='{ctx.url(post_path(p))}'>{esc(p['title'])}</a></div>"
        f"<div class='item-snippet'>{esc(words(p, 22))}</div></div><div style='clear: both;'></div></li>"
        for p in sorted(ctx.posts, key=lambda p: num(p["slug"], 0, 999))[:3])
    labels = "\n".join(
        f"<span class='label-size label-size-{min(5, len(ctx.tagged(t)) + 1)}'><a dir='ltr' href='{ctx.url(_label(t))}'>{esc(t)}</a>"
        f"<span class='label-count' dir='ltr'>({len(ctx.tagged(t))})</span></span>" for t in sorted(ctx.tags()))
    by_year: dict[str, list] = {}
    for p in ctx.posts:
        by_year.setdefault(p["published"][:4], []).append(p)
    archive = "".join(
        f"<option value='{ctx.url('/' + y + '/')}'>{y} ({len(ps)})</option>"
        + "".join(f"<option value='{ctx.url(post_path(p))}'>&nbsp;&nbsp;{esc(p['title'])}</option>" for p in ps)
        for y, ps in by_year.items())
    return f"""</div></div></div></div>
<div class='column-left-outer'><div class='column-left-inner'><aside></aside></div></div>
<div class='column-right-outer'><div class='column-right-inner'><aside>
<div class='sidebar section' id='sidebar-right-1'>
<div class='widget Profile' data-version='1' id='Profile1'><h2>About Me</h2><div class='widget-content'>
<a href='https://www.blogger.com/profile/{num(author, 10**19, 10**20 - 1)}'><img alt='My photo' class='profile-img' height='80' src='{ctx.url('/img/a/AVvXsEiProfile/s80/karen.jpg')}' width='80'/></a>
<dl class='profile-datablock'><dt class='profile-data'><a class='profile-name-link g-profile' href='https://www.blogger.com/profile/{num(author, 10**19, 10**20 - 1)}' rel='author'>{esc(author)}</a></dt>
<dd class='profile-textblock'>Family therapist, mum of three and tea enthusiast. I write about the things parents ask me most.</dd></dl>
<a class='profile-link' href='https://www.blogger.com/profile/{num(author, 10**19, 10**20 - 1)}' rel='author'>View my complete profile</a><div class='clear'></div></div></div>
<div class='widget BlogSearch' data-version='1' id='BlogSearch1'><h2 class='title'>Search This Blog</h2><div class='widget-content'><div id='BlogSearch1_form'>
<form action='{ctx.url('/search')}' class='gsc-search-box' target='_top'><table cellpadding='0' cellspacing='0' class='gsc-search-box'><tbody><tr>
<td class='gsc-input'><input autocomplete='off' class='gsc-input' name='q' size='10' title='search' type='text' value=''/></td>
<td class='gsc-search-button'><input class='gsc-search-button' title='search' type='submit' value='Search'/></td></tr></tbody></table></form></div></div></div>
<div class='widget FollowByEmail' data-version='1' id='FollowByEmail1'><h2 class='title'>Get new posts by email</h2><div class='widget-content'><div class='follow-by-email-inner'>
<form action='https://feedburner.google.com/fb/a/mailverify?uri={ctx.handle}' method='post' target='popupwindow'><table width='100%'><tr><td>
<input class='follow-by-email-address' name='email' placeholder='Email address...' type='text'/></td><td width='64px'>
<input class='follow-by-email-submit' type='submit' value='Submit'/></td></tr></table><input name='uri' type='hidden' value='{ctx.handle}'/><input name='loc' type='hidden' value='en_US'/></form></div></div></div>
<div class='widget PopularPosts' data-version='1' id='PopularPosts1'><h2>Popular Posts</h2><div class='widget-content popular-posts'><ul>{popular}</ul><div class='clear'></div></div></div>
<div class='widget Label' data-version='1' id='Label1'><h2>Labels</h2><div class='widget-content cloud-label-widget-content'>{labels}<div class='clear'></div></div></div>
<div class='widget BlogArchive' data-version='1' id='BlogArchive1'><h2>Blog Archive</h2><div class='widget-content'><div id='ArchiveList'><div id='BlogArchive1_ArchiveList'>
<select id='BlogArchive1_ArchiveMenu'><option value=''>Blog Archive</option>{archive}</select></div></div><div class='clear'></div></div></div>
<div class='widget HTML' data-version='1' id='HTML2'><h2 class='title'>Find me elsewhere</h2><div class='widget-content'>
<a href='https://www.instagram.com/{ctx.handle}/'>Instagram</a> &#183; <a href='https://www.facebook.com/{ctx.handle}'>Facebook</a> &#183; <a href='https://www.psychologytoday.com/us/therapists/karen-doyle'>Psychology Today profile</a></div><div class='clear'></div></div>
<div class='widget ReportAbuse' data-version='1' id='ReportAbuse1'><h3 class='title'><a class='report_abuse' href='https://www.blogger.com/go/report-abuse' rel='noopener nofollow' target='_blank'>Report Abuse</a></h3></div>
</div></aside></div></div></div><div style='clear: both'></div></div></div></div></div>
<footer><div class='footer-outer'><div class='region-inner footer-inner'><div class='foot section' id='footer-3' name='Footer'>
<div class='widget Attribution' data-version='1' id='Attribution1'><div class='widget-content' style='text-align: center;'>
Simple theme. Powered by <a href='https://www.blogger.com' target='_blank'>Blogger</a>.</div><div class='clear'></div></div></div></div></div></footer>
</div></div></div></div>
"""


def _scripts(ctx: Ctx, page_type: str, url: str, title: str) -> str:
    data = [
        {"name": "blog", "data": {"blogId": BLOG_ID, "title": ctx.name, "url": url, "canonicalUrl": url,
                                  "homepageUrl": ctx.url("/"), "searchUrl": ctx.url("/search"),
                                  "canonicalHomepageUrl": ctx.url("/"), "blogspotFaviconUrl": ctx.url("/favicon.ico"),
                                  "bloggerUrl": "https://www.blogger.com", "hasCustomDomain": False,
                                  "httpsEnabled": True, "enabledCommentProfileImages": True,
                                  "gPlusViewType": "FILTERED_POSTMOD", "adultContent": False,
                                  "analyticsAccountNumber": f"UA-{num(ctx.key, 1000000, 9999999)}-1",
                                  "encoding": "UTF-8", "locale": "en", "localeUnderscoreDelimited": "en",
                                  "languageDirection": "ltr", "isPrivate": False, "isMobile": False,
                                  "isMobileRequest": False, "mobileClass": "", "isPrivateBlog": False,
                                  "isDynamicViewsAvailable": True,
                                  "feedLinks": f"<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{ctx.name} - Atom\" href=\"{ctx.url('/feeds/posts/default')}\" />",
                                  "meTag": "", "adsenseHostId": "ca-host-pub-1556223355139109", "adsenseHasAds": False,
                                  "adsenseAutoAds": False, "boqCommentIframeForm": True, "loginRedirectParam": "",
                                  "view": "", "dynamicViewsCommentsSrc": "//www.blogblog.com/dynamicviews/4224c15c4e7c9321/js/comments.js",
                                  "dynamicViewsScriptSrc": "//www.blogblog.com/dynamicviews/2dfa401275732ff9",
                                  "plusOneApiSrc": "https://apis.google.com/js/platform.js",
                                  "disableGComments": True, "interstitialAccepted": False,
                                  "sharing": {"platforms": [{"name": "Get link", "key": "link", "shareMessage": "Get link", "target": ""},
                                                            {"name": "Facebook", "key": "facebook", "shareMessage": "Share to Facebook", "target": "facebook"},
                                                            {"name": "BlogThis!", "key": "blogThis", "shareMessage": "BlogThis!", "target": "blog"},
                                                            {"name": "X", "key": "twitter", "shareMessage": "Share to X", "target": "twitter"},
                                                            {"name": "Pinterest", "key": "pinterest", "shareMessage": "Share to Pinterest", "target": "pinterest"},
                                                            {"name": "Email", "key": "email", "shareMessage": "Email", "target": "email"}],
                                              "disableGooglePlus": True, "googlePlusShareButtonWidth": 0,
                                              "googlePlusBootstrap": "<script type=\"text/javascript\">window.___gcfg = {'lang': 'en'};</script>"},
                                  "hasCustomJumpLinkMessage": False, "jumpLinkMessage": "Read more",
                                  "pageType": page_type, "pageName": title, "pageTitle": title}},
        {"name": "features", "data": {}},
        {"name": "messages", "data": {"edit": "Edit", "linkCopiedToClipboard": "Link copied to clipboard!",
                                      "ok": "Ok", "postLink": "Post Link"}},
        {"name": "template", "data": {"name": "Simple", "localizedName": "Simple", "isResponsive": False,
                                      "isAlternateRendering": False, "isCustom": False, "variant": "wide",
                                      "variantId": "wide"}},
        {"name": "view", "data": {"classic": {"name": "classic", "url": "?view=classic"},
                                  "isMobile": False, "title": title, "description": ctx.site["description"],
                                  "url": url, "type": "item" if page_type == "item" else "feed",
                                  "isSingleItem": page_type == "item", "isMultipleItems": page_type != "item",
                                  "isError": False, "isPage": page_type == "static_page", "isPost": page_type == "item",
                                  "isHomepage": page_type == "index", "isArchive": False, "isLabelSearch": False}},
    ]
    return f"""<script type="text/javascript" src="https://www.blogger.com/static/v1/widgets/2028843038-widgets.js"></script>
<script type='text/javascript'>
window['__wavt'] = 'AOuZoY7{h(url, 24)}:{num(url, 10**12, 10**13)}';_WidgetManager._Init('//www.blogger.com/rearrange?blogID\\x3d{BLOG_ID}','//{ctx.base.split("//")[1]}/','{BLOG_ID}');
_WidgetManager._SetDataContext({js_json(data)});
_WidgetManager._RegisterWidget('_NavbarView', new _WidgetInfo('Navbar1', 'navbar', document.getElementById('Navbar1'), {{}}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_HeaderView', new _WidgetInfo('Header1', 'header', document.getElementById('Header1'), {{}}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_PageListView', new _WidgetInfo('PageList1', 'crosscol', document.getElementById('PageList1'), {{'title': 'Pages', 'links': [], 'mobile': false, 'showPlaceholder': true, 'hasCurrentPage': true}}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_BlogView', new _WidgetInfo('Blog1', 'main', document.getElementById('Blog1'), {{'cmtInteractionsEnabled': false, 'lightboxEnabled': true, 'lightboxModuleUrl': 'https://www.blogger.com/static/v1/jsbin/4049919853-lbx.js', 'lightboxCssUrl': 'https://www.blogger.com/static/v1/v-css/828616780-lightbox_bundle.css'}}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_ProfileView', new _WidgetInfo('Profile1', 'sidebar-right-1', document.getElementById('Profile1'), {{}}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_BlogSearchView', new _WidgetInfo('BlogSearch1', 'sidebar-right-1', document.getElementById('BlogSearch1'), {{}}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_FollowByEmailView', new _WidgetInfo('FollowByEmail1', 'sidebar-right-1', document.getElementById('FollowByEmail1'), {{}}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_PopularPostsView', new _WidgetInfo('PopularPosts1', 'sidebar-right-1', document.getElementById('PopularPosts1'), {{}}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_LabelView', new _WidgetInfo('Label1', 'sidebar-right-1', document.getElementById('Label1'), {{}}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_BlogArchiveView', new _WidgetInfo('BlogArchive1', 'sidebar-right-1', document.getElementById('BlogArchive1'), {{'languageDirection': 'ltr', 'loadingMessage': 'Loading\\x26hellip;'}}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_AttributionView', new _WidgetInfo('Attribution1', 'footer-3', document.getElementById('Attribution1'), {{}}, 'displayModeFull'));
</script>
<div id='cookieChoiceInfo' class='cookie-choices-info'><div class='cookie-choices-inner'><span class='cookie-choices-text'>This site uses cookies from Google to deliver its services and to analyze traffic.</span>
<span class='cookie-choices-buttons'><a class='cookie-choices-button' href='https://policies.google.com/technologies/cookies' target='_blank'>Learn more</a><a class='cookie-choices-button' id='cookieChoiceDismiss' href='#' data-cookie-action='accept'>Ok</a></span></div></div>
<script>{cookie_js(ctx.name).replace("cookie-notice", "cookieChoiceInfo")}</script>
</body>
</html>"""


def _page(ctx: Ctx, *, head: str, body_class: str, main: str, page_type: str, url: str, title: str) -> str:
    return (head + f"<body class='{body_class}'>\n<div class='body-fauxcolumns'></div>\n{_navbar()}\n"
            + "<div class='body-fauxcolumn-outer body-fauxcolumn-outer'></div>\n"
            + _header(ctx) + main + _sidebar(ctx) + _scripts(ctx, page_type, url, title))


# -- posts ----------------------------------------------------------------------------

def _img(ctx: Ctx, post: dict, i: int) -> str:
    return ctx.url(f"/img/a/AVvXsE{h(post['slug'] + str(i), 12)}/s640/{_slug(post)}-{i}.jpg")


def _body(ctx: Ctx, post: dict, limit: int | None = None) -> str:
    def figure(fig: dict, i: int) -> str:
        src = _img(ctx, post, i)
        img = (f'<a href="{src.replace("/s640/", "/s1600/")}" style="margin-left: 1em; margin-right: 1em;">'
               f'<img alt="{esc(fig["alt"])}" border="0" data-original-height="800" data-original-width="1200" '
               f'height="426" src="{src}" width="640" /></a>')
        if fig.get("caption"):
            return ('<table align="center" cellpadding="0" cellspacing="0" class="tr-caption-container" '
                    'style="margin-left: auto; margin-right: auto;"><tbody><tr><td style="text-align: center;">'
                    f'{img}</td></tr><tr><td class="tr-caption" style="text-align: center;">{esc(fig["caption"])}</td></tr></tbody></table>')
        return f'<div class="separator" style="clear: both; text-align: center;">{img}</div>'
    blocks = post["blocks"][:limit] if limit else post["blocks"]
    return blocks_html(blocks, quote='<blockquote style="border-left: 3px solid #ccc; padding-left: 1em;">{}</blockquote>',
                       figure=figure)


def _post_html(ctx: Ctx, post: dict, *, item: bool) -> str:
    """One post as Blogger renders it on item pages (item=True) or in the blog list."""
    url = ctx.url(post_path(post))
    pub = iso(post["published"], post["slug"], TZ)
    hh, mm = int(pub[11:13]), int(pub[14:16])
    clock = f"{(hh - 1) % 12 + 1}:{mm:02d}\u202f{'AM' if hh < 12 else 'PM'}"
    ncom = len(post["comments"])
    title = (f"<h3 class='post-title entry-title' itemprop='name'>{esc(post['title'])}</h3>" if item else
             f"<h3 class='post-title entry-title' itemprop='name'><a href='{url}'>{esc(post['title'])}</a></h3>")
    if item:
        body = _body(ctx, post)
    else:
        body = _body(ctx, post, limit=2) + (f"<div class='jump-link'><a href='{url}#more' title='{esc(post['title'])}'>Read more &#187;</a></div>")
    modified_meta = (f"<meta content='{mod_iso(post, TZ)}' itemprop='dateModified'/>" if post["updated"] else "")
    labels = ",\n".join(f"<a href='{ctx.url(_label(t))}' rel='tag'>{esc(t)}</a>" for t in post["tags"])
    share = "".join(
        f"<a class='goog-inline-block share-button sb-{k}' href='https://www.blogger.com/share-post.g?blogID={BLOG_ID}&amp;postID={_pid(post)}&amp;target={k}' "
        f"target='_blank' title='{label}'><span class='share-button-link-text'>{label}</span></a>"
        for k, label in (("email", "Email This"), ("blog", "BlogThis!"), ("twitter", "Share to X"),
                         ("facebook", "Share to Facebook"), ("pinterest", "Share to Pinterest")))
    return f"""<div class='post-outer'>
<div class='post hentry uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<meta content='{_img(ctx, post, 0) if any(b[0] == 'figure' for b in post['blocks']) else ctx.url('/img/a/AVvXsEhKitchenTable/s1600/kitchen-table-header.jpg')}' itemprop='image_url'/>
<meta content='{BLOG_ID}' itemprop='blogId'/>
<meta content='{_pid(post)}' itemprop='postId'/>
{modified_meta}
<a name='{_pid(post)}'></a>
{title}
<div class='post-header'><div class='post-header-line-1'></div></div>
<div class='post-body entry-content' id='post-body-{_pid(post)}' itemprop='{"articleBody" if item else "description articleBody"}'>
{body}
<div style='clear: both;'></div>
</div>
<div class='post-footer'>
<div class='post-footer-line post-footer-line-1'>
<span class='post-author vcard'>
Posted by
<span class='fn' itemprop='author' itemscope='itemscope' itemtype='http://schema.org/Person'>
<meta content='https://www.blogger.com/profile/{num(post['author'], 10**19, 10**20 - 1)}' itemprop='url'/>
<a class='g-profile' href='https://www.blogger.com/profile/{num(post['author'], 10**19, 10**20 - 1)}' rel='author' title='author profile'>
<span itemprop='name'>{esc(post['author'])}</span>
</a>
</span>
</span>
<span class='post-timestamp'>
at
<meta content='{url}' itemprop='url'/>
<a class='timestamp-link' href='{url}' rel='bookmark' title='permanent link'><abbr class='published' itemprop='datePublished' title='{pub}'>{clock}</abbr></a>
</span>
<span class='post-comment-link'>
{"" if item else f"<a class='comment-link' href='{url}#comment-form' onclick=''>{ncom} comment{'s' if ncom != 1 else ''}:</a>"}
</span>
<span class='post-icons'>
<span class='item-control blog-admin pid-{num(post['author'], 10**8, 10**9)}'><a href='https://www.blogger.com/post-edit.g?blogID={BLOG_ID}&amp;postID={_pid(post)}&amp;from=pencil' title='Edit Post'>
<img alt='' class='icon-action' height='18' src='https://resources.blogblog.com/img/icon18_edit_allbkg.gif' width='18'/></a></span>
</span>
<div class='post-share-buttons goog-inline-block'>{share}</div>
</div>
<div class='post-footer-line post-footer-line-2'><span class='post-labels'>
Labels:
{labels}
</span>
</div>
<div class='post-footer-line post-footer-line-3'><span class='post-location'></span></div>
</div>
</div>
{_comments(ctx, post, url) if item else ""}
</div>"""


def _comments(ctx: Ctx, post: dict, url: str) -> str:
    items = []
    for n, c in enumerate(post["comments"]):
        cid = num(post["slug"] + str(n), 10**18, 10**19 - 1)
        when = iso(c["date"], post["slug"] + str(n), TZ)
        hh, mm = int(when[11:13]), int(when[14:16])
        items.append(f"""<li class='comment' id='c{cid}'><div class='avatar-image-container'><img src='//resources.blogblog.com/img/blank.gif' alt=''/></div>
<div class='comment-block'><div class='comment-header'><cite class='user'>{esc(c['author'])}</cite><span class='icon user {"blog-author" if c["author"] == post["author"] else ""}'></span>
<span class='datetime secondary-text'><a rel='nofollow' href='{url}?showComment={num(c["date"] + c["author"], 10**12, 10**13)}#c{cid}'>{long_date(c['date'])} at {(hh - 1) % 12 + 1}:{mm:02d}\u202f{'AM' if hh < 12 else 'PM'}</a></span></div>
<p class='comment-content'>{esc(c['text'])}</p><span class='comment-actions secondary-text'><a class='comment-reply' target='_self' data-comment-id='{cid}'>Reply</a>
<span class='item-control blog-admin blog-admin pid-{num(c["author"], 10**8, 10**9)}'><a target='_self' href='https://www.blogger.com/comment/delete/{BLOG_ID}/{cid}'>Delete</a></span></span></div>
<div class='comment-replies'><div id='c{cid}-rt' class='comment-thread inline-thread hidden'><span class='thread-toggle thread-expanded'><span class='thread-arrow'></span><span class='thread-count'><a target='_self'>Replies</a></span></span><ol id='c{cid}-ra' class='thread-chrome thread-expanded'><div></div><div id='c{cid}-continue' class='continue'><a class='comment-reply' target='_self' data-comment-id='{cid}'>Reply</a></div></ol></div></div>
<div class='comment-replybox-single' id='c{cid}-ce'></div></li>""")
    n = len(items)
    return f"""<div class='comments' id='comments'>
<a name='comments'></a>
<h4>{n} comment{'s' if n != 1 else ''}:</h4>
<div class='comments-content'>
<script async='async' src='' type='text/javascript'></script>
<script type='text/javascript'>
    (function() {{
      var items = null;
      var msgs = null;
      var config = {{}};
// <![CDATA[
      var cursor = null;
      if (items && items.length > 0) {{ cursor = parseInt(items[items.length - 1].timestamp) + 1; }}
      var bodyFromEntry = function(entry) {{
        var text = (entry && ((entry.content && entry.content.$t) || (entry.summary && entry.summary.$t))) || '';
        if (entry && entry.gd$extendedProperty) {{
          for (var k in entry.gd$extendedProperty) {{
            if (entry.gd$extendedProperty[k].name == 'blogger.contentRemoved') {{ return '<span class="deleted-comment">' + text + '</span>'; }}
          }}
        }}
        return text;
      }}
// ]]>
    }})();
</script>
<div id='comment-holder'><div class="comment-thread toplevel-thread"><ol id="top-ra">{''.join(items)}</ol><div id="top-continue" class="continue"><a class="comment-reply" target="_self">Add comment</a></div><div class="comment-replybox-thread" id="top-ce"></div><div class="loadmore hidden" data-post-id="{_pid(post)}"><a target="_self">Load more...</a></div></div></div>
</div>
<p class='comment-footer'>
<div class='comment-form'><a name='comment-form'></a><p></p>
<a href='https://www.blogger.com/comment/frame/{BLOG_ID}?po={_pid(post)}&amp;hl=en' id='comment-editor-src'></a>
<div id='comment-editor' class='blogger-iframe-colorize blogger-comment-from-post'></div>
<script src='https://www.blogger.com/static/v1/jsbin/1345082660-comment_from_post_iframe.js' type='text/javascript'></script>
<script type='text/javascript'>BLOG_CMT_createIframe('https://www.blogger.com/rpc_relay.html');</script></div>
</p>
</div>"""


def _post_page(ctx: Ctx, post: dict) -> str:
    url = ctx.url(post_path(post))
    title = f"{ctx.name}: {post['title']}"
    head = _head(ctx, title=title, url=url, desc=post["description"], og_type="article", og_title=post["title"],
                 image=_img(ctx, post, 0) if any(b[0] == "figure" for b in post["blocks"]) else None)
    newer, older = ctx.neighbours(post)
    pager = "<div class='blog-pager' id='blog-pager'>"
    if newer:
        pager += f"<span id='blog-pager-newer-link'><a class='blog-pager-newer-link' href='{ctx.url(post_path(newer))}' id='Blog1_blog-pager-newer-link' title='Newer Post'>Newer Post</a></span>"
    if older:
        pager += f"<span id='blog-pager-older-link'><a class='blog-pager-older-link' href='{ctx.url(post_path(older))}' id='Blog1_blog-pager-older-link' title='Older Post'>Older Post</a></span>"
    pager += f"<a class='home-link' href='{ctx.url('/')}'>Home</a></div><div class='clear'></div>"
    if post is ctx.posts[-1]:  # links to a post the author deleted
        pager += f"<div class='post-feeds'>See also: <a href='{ctx.url(GONE)}'>When your child says &#8220;I hate you&#8221;</a></div>"
    pager += f"<div class='post-feeds'><div class='feed-links'>Subscribe to: <a class='feed-link' href='{ctx.url('/feeds/posts/default')}' target='_blank' type='application/atom+xml'>Post Comments (Atom)</a></div></div>"
    main = (f"<div class='blog-posts hfeed'>\n<div class='date-outer'>\n<h2 class='date-header'><span>{_date_header(post['published'])}</span></h2>\n"
            f"<div class='date-posts'>\n{_post_html(ctx, post, item=True)}\n</div></div></div>\n{pager}")
    return _page(ctx, head=head, body_class="loading", main=main, page_type="item", url=url, title=title)


def _date_header(day: str) -> str:
    return f"{d(day):%A}, {long_date(day)}"


def _listing(ctx: Ctx, path: str, posts: list, older: str | None, heading: str = "") -> str:
    url = ctx.url(path)
    title = ctx.name if not heading else f"{ctx.name}: {heading}"
    groups = "".join(
        f"<div class='date-outer'>\n<h2 class='date-header'><span>{_date_header(p['published'])}</span></h2>\n"
        f"<div class='date-posts'>\n{_post_html(ctx, p, item=False)}\n</div></div>\n" for p in posts)
    status = (f"<div class='status-msg-wrap'><div class='status-msg-body'>Showing posts with the label <b>{esc(heading.split(': ', 1)[-1])}</b>. "
              f"<a href='{ctx.url('/')}'>Show all posts</a></div><div class='status-msg-border'><div class='status-msg-bg'><div class='status-msg-hidden'>"
              f"Showing posts with the label <b>{esc(heading)}</b>.</div></div></div></div><div style='clear: both;'></div>" if heading else "")
    pager = "<div class='blog-pager' id='blog-pager'>"
    if older:
        pager += f"<span id='blog-pager-older-link'><a class='blog-pager-older-link' href='{ctx.url(older)}' id='Blog1_blog-pager-older-link' title='Older Posts'>Older Posts</a></span>"
    if path != "/":
        pager += f"<a class='home-link' href='{ctx.url('/')}'>Home</a>"
    pager += "</div><div class='clear'></div>"
    head = _head(ctx, title=title, url=url, desc=ctx.site["description"], og_type="website", og_title=title)
    return _page(ctx, head=head, body_class="loading", main=status + f"<div class='blog-posts hfeed'>\n{groups}</div>\n{pager}",
                 page_type="index", url=url, title=title)


def _static(ctx: Ctx, key: str, path: str) -> str:
    page = ctx.pages[key]
    url = ctx.url(path)
    title = f"{ctx.name}: {page['title']}"
    form = ""
    if key == "contact":
        form = ("<div class='widget ContactForm' data-version='1' id='ContactForm1'><h2 class='title'>Contact Form</h2><div class='contact-form-widget'>"
                "<div class='form'><form name='contact-form'><p></p>Name<br/><input class='contact-form-name' id='ContactForm1_contact-form-name' name='name' size='30' type='text' value=''/>"
                "<p></p>Email <span style='font-weight: bolder;'>*</span><br/><input class='contact-form-email' id='ContactForm1_contact-form-email' name='email' size='30' type='text' value=''/>"
                "<p></p>Message <span style='font-weight: bolder;'>*</span><br/><textarea class='contact-form-email-message' cols='25' id='ContactForm1_contact-form-email-message' name='email-message' rows='5'></textarea>"
                "<p></p><input class='contact-form-button contact-form-button-submit' id='ContactForm1_contact-form-submit' type='button' value='Send'/></form></div></div></div>")
    main = f"""<div class='blog-posts hfeed'><div class='date-outer'><div class='date-posts'><div class='post-outer'>
<div class='post hentry uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<a name='{num(key, 10**18, 10**19)}'></a><h3 class='post-title entry-title' itemprop='name'>{esc(page['title'])}</h3>
<div class='post-header'><div class='post-header-line-1'></div></div>
<div class='post-body entry-content' id='post-body-{num(key, 10**18, 10**19)}' itemprop='articleBody'>
{blocks_html(page['blocks'])}
<div style='clear: both;'></div></div>
<div class='post-footer'><div class='post-footer-line post-footer-line-1'></div></div></div></div></div></div></div>
{form}"""
    head = _head(ctx, title=title, url=url, desc=ctx.site["description"], og_type="website", og_title=page["title"])
    return _page(ctx, head=head, body_class="loading", main=main, page_type="static_page", url=url, title=title)


def _not_found(ctx: Ctx) -> str:
    url = ctx.url("/404")
    head = _head(ctx, title=ctx.name, url=ctx.url("/"), desc=ctx.site["description"], og_type="website", og_title=ctx.name)
    main = ("<div class='status-msg-wrap'><div class='status-msg-body'>Sorry, the page you were looking for in this blog does not exist.</div>"
            "<div class='status-msg-border'><div class='status-msg-bg'><div class='status-msg-hidden'>Sorry, the page you were looking for in this blog does not exist.</div></div></div></div>"
            f"<div style='clear: both;'></div><div class='blog-posts hfeed'></div><div class='blog-pager' id='blog-pager'><a class='home-link' href='{ctx.url('/')}'>Home</a></div>")
    return _page(ctx, head=head, body_class="loading", main=main, page_type="error", url=url, title=ctx.name)


# -- feeds, sitemap, robots -----------------------------------------------------------

def _feed_items(ctx: Ctx) -> list[dict]:
    return [{
        "id": f"tag:blogger.com,1999:blog-{BLOG_ID}.post-{_pid(p)}", "title": p["title"],
        "published": iso(p["published"], p["slug"], TZ).replace("-08:00", ".000-08:00"),
        "updated": mod_iso(p, TZ).replace("-08:00", ".000-08:00"),
        "link": ctx.url(post_path(p)), "author": p["author"], "categories": p["tags"],
        "content": _body(ctx, p),
    } for p in ctx.posts]


def _rss(ctx: Ctx):
    items = [{"title": p["title"], "link": ctx.url(post_path(p)),
              "guid": f"tag:blogger.com,1999:blog-{BLOG_ID}.post-{_pid(p)}",
              "pub": rfc822(p["published"], p["slug"]), "author": p["author"], "categories": p["tags"],
              "description": _body(ctx, p)} for p in ctx.posts]
    return _feeds.rss2(title=ctx.name, link=ctx.url("/"), self_url=ctx.url("/feeds/posts/default?alt=rss"),
                       description=ctx.site["tagline"], language="en", items=items, generator="Blogger",
                       last_build=rfc822(max(modified(p) for p in ctx.posts), "build"))


def build(ctx: Ctx) -> dict:
    pages = {post_path(p): _post_page(ctx, p) for p in ctx.posts}
    homes = _home_pages(ctx)
    for i, (path, chunk) in enumerate(homes):
        older = homes[i + 1][0] if i + 1 < len(homes) else None
        pages[path] = _listing(ctx, path, chunk, older)
    for t in ctx.tags():
        pages[_label(t)] = _listing(ctx, _label(t), ctx.tagged(t), None, heading=t)
    pages["/p/about.html"] = _static(ctx, "about", "/p/about.html")
    pages["/p/contact.html"] = _static(ctx, "contact", "/p/contact.html")
    out = {k: html_page(v) for k, v in pages.items()}
    out[NOT_FOUND] = html_page(_not_found(ctx), 404)
    newest = max(modified(p) for p in ctx.posts)
    out["/feeds/posts/default"] = _feeds.atom(
        feed_id=f"tag:blogger.com,1999:blog-{BLOG_ID}", title=ctx.name, subtitle=ctx.site["tagline"],
        updated=iso(newest, "feed", TZ), alt=ctx.url("/"), self_url=ctx.url("/feeds/posts/default"),
        author=ctx.authors()[0], items=_feed_items(ctx), generator="Blogger",
        extra_links=f"<link rel='http://schemas.google.com/g/2005#feed' type='application/atom+xml' href='{ctx.url('/feeds/posts/default')}'/>")
    out["/feeds/posts/default?alt=rss"] = _rss(ctx)
    out["/sitemap.xml"] = _feeds.sitemap([(ctx.url(post_path(p)), mod_iso(p, TZ)) for p in ctx.posts])
    out["/robots.txt"] = _feeds.robots(
        "User-agent: Mediapartners-Google\nDisallow: \n\nUser-agent: *\nDisallow: /search\nAllow: /\n\n"
        f"Sitemap: {ctx.url('/sitemap.xml')}\n")
    return out
