"""Stage 2: which blog platform produced the page.

Keyed on what the platform itself puts in every page (generator meta, its
asset hosts, its markup), never on a site's own hostname or name. The result
selects platform rules in metadata.py, cleaners.py and core.py.
"""

from __future__ import annotations

from lxml.etree import XPath
from lxml.html import HtmlElement

PLATFORMS = (
    "wix", "wordpress", "squarespace", "blogger", "ghost",
    "substack", "medium", "tumblr", "weebly", "generic",
)

# Substrings of <meta name="generator">, lower-cased; first match wins.
_GENERATORS = (
    ("wix.com", "wix"), ("wordpress", "wordpress"), ("squarespace", "squarespace"),
    ("blogger", "blogger"), ("ghost", "ghost"), ("substack", "substack"),
    ("medium", "medium"), ("tumblr", "tumblr"), ("weebly", "weebly"),
)
# Substrings of script/stylesheet/preload URLs: the platform's own CDNs and
# paths. Share buttons are <a href>, not assets, so they do not count.
_ASSETS = (
    ("parastorage.com", "wix"), ("wixstatic.com", "wix"),
    ("/wp-content/", "wordpress"), ("/wp-includes/", "wordpress"),
    ("squarespace.com", "squarespace"), ("squarespace-cdn.com", "squarespace"),
    ("blogger.com/static", "blogger"), ("blogblog.com", "blogger"),
    ("/ghost/", "ghost"), ("substackcdn.com", "substack"),
    ("medium.com/_/", "medium"), ("cdn-client.medium.com", "medium"), ("assets.tumblr.com", "tumblr"),
    ("static.tumblr.com", "tumblr"), ("editmysite.com", "weebly"),
)
# Markup only the platform's templates produce (checked last: costs a scan).
_MARKUP = (
    ("wix", XPath('//*[@data-hook="post-description" or @id="SITE_CONTAINER"]'
                  '|//meta[starts-with(@http-equiv,"X-Wix")]')),
    ("wordpress", XPath('//link[@rel="https://api.w.org/"]'
                        '|//*[contains(@class,"wp-block-")]')),
    ("squarespace", XPath('//*[contains(@class,"sqs-block")]|//*[@data-block-type]')),
    ("blogger", XPath('//*[contains(@class,"post-body") and contains(@class,"entry-content")]'
                      '|//*[contains(@class,"blog-posts") and contains(@class,"hfeed")]')),
    ("ghost", XPath('//*[contains(@class,"gh-content") or contains(@class,"kg-card")]'
                    '|//script[@data-ghost]')),
    ("substack", XPath('//*[contains(@class,"available-content")]')),
    ("medium", XPath('//meta[@property="al:android:package"][@content="com.medium.reader"]'
                     '|//*[contains(@class,"pw-post-body-paragraph")]')),
    ("weebly", XPath('//*[starts-with(@id,"wsite-") or contains(@class,"wsite-")]')),
)
# All of _MARKUP's conditions in one pass over the tree: most pages match none
# of them (generic), and then the eight separate scans are skipped.
_ANY_MARKUP = XPath(
    '//*[@data-hook="post-description" or @id="SITE_CONTAINER" or @data-block-type'
    ' or starts-with(@id,"wsite-")'
    ' or (self::meta and (starts-with(@http-equiv,"X-Wix")'
    '                     or @property="al:android:package" and @content="com.medium.reader"))'
    ' or self::link and @rel="https://api.w.org/" or self::script and @data-ghost'
    ' or @class and (contains(@class,"wp-block-") or contains(@class,"sqs-block")'
    '   or contains(@class,"post-body") and contains(@class,"entry-content")'
    '   or contains(@class,"blog-posts") and contains(@class,"hfeed")'
    '   or contains(@class,"gh-content") or contains(@class,"kg-card") or contains(@class,"available-content")'
    '   or contains(@class,"pw-post-body-paragraph") or contains(@class,"wsite-"))]'
)
# The same, split for a page whose attribute values are known (see
# metadata.attribute_values): the class/id/data-hook/rel values one of the rules
# needs, and the rules' other conditions, cheap to scan for.
_MARKUP_NEEDLES = (
    "post-description", "SITE_CONTAINER", "https://api.w.org/", "wp-block-", "sqs-block", "entry-content", "hfeed",
    "gh-content", "kg-card", "available-content", "pw-post-body-paragraph", "wsite-",
)
_OTHER_MARKUP = XPath(
    '//@data-block-type|//script/@data-ghost'
    '|//meta[starts-with(@http-equiv,"X-Wix") or @property="al:android:package" and @content="com.medium.reader"]'
)
_GENERATOR = XPath('//meta[@name="generator" or @name="Generator"]/@content')
_ASSET_URLS = XPath("//script/@src|//link/@href")


def detect_platform(tree: HtmlElement, values: str | None = None) -> str:
    """Return one of PLATFORMS; "generic" when nothing platform-specific is seen.
    ``values``: metadata.attribute_values(tree), when the caller has it."""
    for content in _GENERATOR(tree):
        lowered = content.lower()
        for needle, name in _GENERATORS:
            if needle in lowered:
                return name
    urls = " ".join(_ASSET_URLS(tree)).lower()
    for needle, name in _ASSETS:
        if needle in urls:
            return name
    if values is not None:
        if not any(needle in values for needle in _MARKUP_NEEDLES) and not _OTHER_MARKUP(tree):
            return "generic"
    elif not _ANY_MARKUP(tree):
        return "generic"
    for name, xpath in _MARKUP:
        if xpath(tree):
            return name
    return "generic"
