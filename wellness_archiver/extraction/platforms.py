"""The blog platforms we know, in one declarative registry.

Each platform is described once here: how to recognise its pages (generator
meta, asset URLs, markup only its templates produce), where its article body
is, which of its widgets are chrome, and where its templates print the title,
author, dates and tags. Everything that needs one of these reads it from
``REGISTRY``: platform detection (platform.py), the article-body search
(core.py), chrome removal (cleaners.py), the visible-markup metadata
(metadata.py) and the crawler's post/listing classifier
(crawler/spiders/classify.py). Adding or fixing a platform is an
edit here and nowhere else.

Only strings: compiling is left to the readers (lxml for extraction, parsel
for the classifier), so importing this module costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def has_class(name: str) -> str:
    """XPath predicate: the element's class attribute has the token ``name``."""
    return f"contains(concat(' ',normalize-space(@class),' '),' {name} ')"


@dataclass(frozen=True)
class Body:
    """An article-body element: ``xpath`` finds it; ``needle`` is a class, id,
    data-hook or itemprop value it cannot match without (a cheap pre-check)."""

    xpath: str
    needle: str


def by_class(*names: str) -> tuple[Body, ...]:
    """Body rules for elements carrying one of these classes, most specific first."""
    return tuple(Body(f"//*[{has_class(name)}]", name) for name in names)


@dataclass(frozen=True)
class Platform:
    name: str
    # lower-cased substrings of <meta name="generator"> content
    generators: tuple[str, ...] = ()
    # substrings of script/stylesheet URLs: the platform's own CDNs and paths
    # (share buttons are <a href>, not assets, so they do not count)
    assets: tuple[str, ...] = ()
    # XPath predicate on an element: markup only the platform's templates
    # produce, keyed on class/id/data-hook/rel values; ``markup_needles`` are
    # those values (one of them occurs in the page or ``markup`` cannot match)
    markup: str | None = None
    markup_needles: tuple[str, ...] = ()
    # the rest of the markup signals, not keyed on such values
    markup_other: str | None = None
    # the article body, most specific first
    bodies: tuple[Body, ...] = ()
    # regex (full match) of data-hook values that are widgets, never prose
    chrome_hooks: str | None = None
    # metadata from the platform's visible markup (metadata.read_markup):
    # field -> (XPath returning strings, the class/id/data-hook/itemprop/rel
    # values one of which it needs, or None when it needs none)
    fields: dict[str, tuple[str, tuple[str, ...] | None]] = field(default_factory=dict)


REGISTRY: tuple[Platform, ...] = (
    Platform(
        "wix",
        generators=("wix.com",),
        assets=("parastorage.com", "wixstatic.com"),
        markup='@data-hook="post-description" or @id="SITE_CONTAINER"',
        markup_needles=("post-description", "SITE_CONTAINER"),
        markup_other='self::meta and starts-with(@http-equiv,"X-Wix")',
        bodies=(Body('//*[@data-hook="post-description"]', "post-description"),
                Body('//*[@data-id="rich-content-viewer"]', "rich-content-viewer")),
        chrome_hooks=(r"post-footer|post-main-actions.*|share-button.*|related-posts.*|recent-posts.*"
                      r"|comments.*|post-stats|views-count|comment-count|like-button.*|post-header"
                      r"|post-metadata.*|user-name|avatar|time-ago|more-button|post-tags.*|tag-list"),
        fields={
            "author": ('//*[@data-hook="user-name"]//text()', ("user-name",)),
            "published": ('//*[@data-hook="time-ago"]/@title|'
                          '//*[@data-hook="time-ago"]//text()',
                          ("time-ago",)),
            "updated": ('//*[@data-hook="post"]//*[starts-with(normalize-space(text()),"Updated:")]/text()',
                        ("post",)),
            "tags": ('//*[@data-hook="post-tags" or @data-hook="tags"]//a//text()|'
                     '//*[@data-hook="tag"]//text()',
                     ("tag",)),
            "title": ('//h1[@data-hook="post-title"]//text()', ("post-title",)),
        },
    ),
    Platform(
        "wordpress",
        generators=("wordpress",),
        assets=("/wp-content/", "/wp-includes/"),
        markup='self::link and @rel="https://api.w.org/" or contains(@class,"wp-block-")',
        markup_needles=("https://api.w.org/", "wp-block-"),
        bodies=by_class("entry-content", "wp-block-post-content", "post-content"),
        fields={
            "author": ('//*[contains(@class,"byline")]//*[contains(@class,"fn")]//text()|'
                       '//a[@rel="author"]//text()',
                       ("byline", "author")),
            "published": ('//time[contains(@class,"entry-date") and contains(@class,"published")]/@datetime',
                          ("entry-date",)),
            "updated": ('//time[contains(@class,"updated")]/@datetime', ("updated",)),
            "tags": ('//a[@rel="tag"]//text()', ("tag",)),
            "categories": ('//a[@rel="category tag" or @rel="category"]//text()', ("category",)),
            "title": ('//h1[contains(@class,"entry-title")]//text()', ("entry-title",)),
        },
    ),
    Platform(
        "squarespace",
        generators=("squarespace",),
        assets=("squarespace.com", "squarespace-cdn.com"),
        markup='contains(@class,"sqs-block")',
        markup_needles=("sqs-block",),
        markup_other="@data-block-type",
        bodies=(Body(f"//*[{has_class('blog-item-content')}]", "blog-item-content"),

                Body(f"//article//*[{has_class('entry-content')}]", "entry-content"),
                Body(f"//article//*[{has_class('sqs-layout')}]", "sqs-layout")),
        fields={
            "author": ('//*[contains(@class,"blog-author-name") or contains(@class,"author-name")]//text()',
                       ("author-name",)),
            "published": ('//time[contains(@class,"published") or contains(@class,"dt-published")]/@datetime',
                          ("published",)),
            "updated": ('//time[contains(@class,"updated")]/@datetime', ("updated",)),
            "tags": ('//*[contains(@class,"tags")]//a[contains(@href,"tag=")]//text()|'
                     '//a[contains(@href,"?tag=")]//text()',
                     None),
            "title": ('//h1[contains(@class,"entry-title") or contains(@class,"blog-title")]//text()',
                      ("entry-title", "blog-title")),
        },
    ),
    Platform(
        "blogger",
        generators=("blogger",),
        assets=("blogger.com/static", "blogblog.com"),
        markup=('contains(@class,"post-body") and contains(@class,"entry-content")'
                ' or contains(@class,"blog-posts") and contains(@class,"hfeed")'),
        markup_needles=("entry-content", "hfeed"),
        bodies=by_class("post-body"),
        fields={
            "author": ('//*[contains(@class,"post-author")]//*[contains(@class,"fn")]//text()|'
                       '//*[contains(@class,"post-author")]//*[@itemprop="name"]//text()',
                       ("post-author",)),
            "published": ('//abbr[contains(@class,"published")]/@title|'
                          '//*[contains(@class,"post-timestamp")]//time/@datetime',
                          ("published", "post-timestamp")),
            "tags": ('//*[contains(@class,"post-labels")]//a//text()', ("post-labels",)),
            "title": ('//*[contains(@class,"post-title")]//text()', ("post-title",)),
        },
    ),
    Platform(
        "ghost",
        generators=("ghost",),
        assets=("/ghost/",),
        markup='contains(@class,"gh-content") or contains(@class,"kg-card")',
        markup_needles=("gh-content", "kg-card"),
        markup_other="self::script and @data-ghost",
        bodies=by_class("gh-content", "post-content", "article-content", "post-full-content"),
        fields={
            "author": ('//*[contains(@class,"author-name")]//text()', ("author-name",)),
            "published": ('//time[contains(@class,"byline-meta-date") or contains(@class,"post-date")'
                          ' or contains(@class,"article-date")]/@datetime',
                          ("byline-meta-date", "post-date", "article-date")),
            "tags": ('//a[contains(@class,"post-tag") or contains(@class,"article-tag")]//text()',
                     ("post-tag", "article-tag")),
            "title": ('//h1[contains(@class,"article-title") or contains(@class,"post-title")]//text()',
                      ("article-title", "post-title")),
        },
    ),
    Platform(
        "substack",
        generators=("substack",),
        assets=("substackcdn.com",),
        markup='contains(@class,"available-content")',
        markup_needles=("available-content",),
        bodies=(Body(f"//*[{has_class('available-content')}]//*[{has_class('markup')}]", "available-content"),),

    ),
    Platform(
        "medium",
        generators=("medium",),
        assets=("medium.com/_/", "cdn-client.medium.com"),
        markup='contains(@class,"pw-post-body-paragraph")',
        markup_needles=("pw-post-body-paragraph",),
        markup_other='self::meta and @property="al:android:package" and @content="com.medium.reader"',
        bodies=(Body(f"//*[*[{has_class('pw-post-body-paragraph')}]]", "pw-post-body-paragraph"),),

    ),
    Platform(
        "tumblr",
        generators=("tumblr",),
        assets=("assets.tumblr.com", "static.tumblr.com"),
        bodies=by_class("body-text", "post-body", "text-post-body"),
        fields={
            "tags": ('//article//a[contains(@href,"/tagged/")]//text()', None),
        },
    ),
    Platform(
        "weebly",
        generators=("weebly",),
        assets=("editmysite.com",),
        markup='starts-with(@id,"wsite-") or contains(@class,"wsite-")',
        markup_needles=("wsite-",),
        bodies=by_class("blog-content"),
    ),
    # Not a platform: the body markup of any site (schema.org, common themes),
    # tried after the detected platform's own.
    Platform(
        "generic",
        bodies=(Body('//*[@itemprop="articleBody"]', "articleBody"),

                Body(f"//article//*[{has_class('article-body')}]", "article-body")),
        fields={
            "author": ('//*[@itemprop="author"]//*[@itemprop="name"]//text()|'
                       '//*[@itemprop="author"]//meta[@itemprop="name"]/@content|'
                       '//*[contains(@class,"byline")]//*[contains(@class,"author")]//text()|'
                       '//article//*[contains(concat(" ",normalize-space(@class)," ")," meta ")]'
                       '//*[contains(concat(" ",normalize-space(@class)," ")," author ")]//text()',
                       ("author",)),
            "published": ('//*[@itemprop="datePublished"]/@datetime|'
                          '//*[@itemprop="datePublished"]/@content|'
                          '//time[@datetime][contains(@class,"date") or contains(@class,"publish")]'
                          '[not(contains(@class,"updated") and not(contains(@class,"publish")))]'
                          '[not(ancestor::*[contains(@class,"comment") or contains(@id,"comment")])]/@datetime',
                          ("datePublished", "date", "publish")),
            "updated": ('//*[@itemprop="dateModified"]/@datetime|'
                        '//*[@itemprop="dateModified"]/@content|'
                        '//*[contains(@class,"updated") or contains(@class,"modified")]/descendant-or-self::time'
                        '[not(ancestor::*[contains(@class,"comment") or contains(@id,"comment")])]/@datetime',
                        ("dateModified", "updated", "modified")),
            "tags": ('//a[@rel="tag"]//text()', ("tag",)),
        },
    ),
)

BY_NAME = {p.name: p for p in REGISTRY}
PLATFORMS = tuple(BY_NAME)


def bodies(name: str) -> tuple[Body, ...]:
    """The body rules to try on a page of platform ``name``: its own, then the generic ones."""
    own = BY_NAME[name].bodies if name in BY_NAME and name != "generic" else ()
    return own + BY_NAME["generic"].bodies


def body_rules() -> list[tuple[str, str]]:
    """Every platform's body rules as (xpath, needle), each once, in registry order."""
    return list(dict.fromkeys((b.xpath, b.needle) for p in REGISTRY for b in p.bodies))
