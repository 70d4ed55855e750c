"""Stage 4: remove platform chrome, from the DOM before trafilatura and from
the text lines after it.

DOM rules match whole class/id/data-hook tokens: WordPress and Squarespace put
``tag-…``/``category-…``/``tweak-share-…`` tokens on <body> and <article>,
so substring matching would delete the article itself. Elements that contain
the content root are never removed.
"""

from __future__ import annotations

import re
import unicodedata

from lxml.etree import XPath
from lxml.html import HtmlElement

from wellness_archiver.extraction.boilerplate import drop_boilerplate, is_template_line
from wellness_archiver.extraction.dates import iso_date
from wellness_archiver.extraction.platforms import REGISTRY

# Candidate elements (cheap C-level prefilter), confirmed by _CHROME_TOKEN below.
_CANDIDATES = XPath(
    ".//*[@class or @id or @data-hook or @role]"
    "[contains(@class,'share') or contains(@class,'social') or contains(@class,'related')"
    " or contains(@class,'recent') or contains(@class,'subscri') or contains(@class,'newsletter')"
    " or contains(@class,'cookie') or contains(@class,'consent') or contains(@class,'author')"
    " or contains(@class,'comment') or contains(@class,'respond') or contains(@class,'disqus')"
    " or contains(@class,'sharedaddy') or contains(@class,'post-footer') or contains(@class,'post-nav')"
    " or contains(@class,'nav-links') or contains(@class,'breadcrumb') or contains(@class,'footer')"
    " or contains(@id,'share') or contains(@id,'related') or contains(@id,'comment')"
    " or contains(@id,'respond') or contains(@id,'cookie') or contains(@id,'newsletter')"
    " or contains(@id,'disqus') or contains(@id,'author') or contains(@id,'consent')"
    " or contains(@class,'instagram') or contains(@class,'tiktok')"
    " or contains(@class,'promo') or contains(@class,'cta') or contains(@class,'call-to-action')"
    " or contains(@class,'more-posts') or contains(@class,'read-next') or contains(@class,'mc4wp') or contains(@class,'mailchimp') or contains(@class,'signup')"
    " or @data-hook or @role='complementary' or @role='navigation' or @role='contentinfo']"
)
_CHROME_TOKEN = re.compile(
    r"^(?:[\w]+[-_])?(?:"
    r"share|shares|sharing|share[-_]?(?:bar|buttons?|links?|tools|icons?|box)|social(?:[-_]?(?:share|links|icons|buttons))?"
    r"|sharedaddy|addtoany|a2a[-_]kit|jp[-_]relatedposts|related(?:[-_]?(?:posts?|articles?|content|stories))?"
    r"|recent[-_]?posts?|more[-_]posts|read[-_]next|post[-_]?nav(?:igation)?|nav[-_]links|breadcrumbs?"
    r"|subscribe(?:[-_]\w+)?|subscription(?:[-_]\w+)*|newsletter(?:[-_]\w+)?|signup|mailchimp(?:[-_]\w+)*|mc4wp(?:[-_]\w+)*"
    r"|instagram[-_]media|tiktok[-_]embed|promo(?:[-_]?box)?|cta|call[-_]to[-_]action|course[-_]promo|cookie(?:s|[-_]?(?:banner|notice|bar|consent))?"
    r"|consent|gdpr|author[-_]?(?:box|bio|info|card|profile)|about[-_]?(?:the[-_])?author|authorbox"
    r"|comments?|comment[-_]?(?:list|area|section|respond|form|s[-_]section)|respond|disqus(?:_thread)?"
    r"|post[-_]?footer|entry[-_]footer|blog[-_]item[-_](?:comments|author[-_]profile|meta[-_]footer)"
    r")$",
    re.I,
)
# Platforms that mark their widgets with data-hook (Wix): never article prose.
_CHROME_HOOKS = re.compile("^(?:" + "|".join(p.chrome_hooks for p in REGISTRY if p.chrome_hooks) + ")$")
_NEVER_REMOVE = {"html", "body", "main", "article"}
_ROLES = {"complementary", "navigation", "contentinfo"}


def _is_chrome(el: HtmlElement) -> bool:
    if el.get("role") in _ROLES:
        return True
    hook = el.get("data-hook")
    if hook and _CHROME_HOOKS.match(hook):
        return True
    tokens = (el.get("class") or "").split() + (el.get("id") or "").split()
    return any(_CHROME_TOKEN.match(t) for t in tokens if not t.startswith(("tag-", "category-", "tweak-")))


def remove_chrome(tree: HtmlElement, keep: HtmlElement | None = None) -> None:
    """Delete share bars, related/recent posts, subscribe boxes, cookie banners,
    author boxes and comment sections in place; ``keep`` and its ancestors stay."""
    protected = set(keep.iterancestors()) | {keep} if keep is not None else set()
    for el in _CANDIDATES(tree):
        if el.tag in _NEVER_REMOVE or el in protected or not _is_chrome(el):
            continue
        parent = el.getparent()
        if parent is not None:
            _drop(el, parent)


_COMMENT_CANDIDATES = XPath(
    "//*[contains(@class,'comment') or contains(@id,'comment') or @id='respond'"
    " or contains(@id,'disqus') or contains(@data-hook,'comment')]"
)
_COMMENT_TOKEN = re.compile(r"^(?:[\w]+[-_])?(?:comments?(?:[-_]\w+)?|respond|disqus(?:_thread)?)$", re.I)


def remove_comments(tree: HtmlElement, keep: HtmlElement | None = None) -> None:
    """Delete comment sections only: cheaper than remove_chrome, and enough to
    keep commenters' dates away from date detection on the whole page."""
    protected = set(keep.iterancestors()) | {keep} if keep is not None else set()
    for el in _COMMENT_CANDIDATES(tree):
        tokens = (el.get("class") or "").split() + (el.get("id") or "").split() + [el.get("data-hook") or ""]
        if el.tag in _NEVER_REMOVE or el in protected or el.getparent() is None:
            continue
        if any(_COMMENT_TOKEN.match(t) for t in tokens if not t.startswith(("tag-", "category-", "tweak-"))):
            _drop(el, el.getparent())


def _drop(el: HtmlElement, parent: HtmlElement) -> None:
    # keep the tail text: it belongs to the parent, not to the removed element
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# Captions and their containers: figures are not part of the text.
_CAPTIONS = XPath(
    ".//figcaption|.//table[contains(@class,'tr-caption-container')]"
    "|.//*[contains(@class,'wp-caption-text') or contains(@class,'image-caption') or contains(@class,'video-caption')]"
)


def remove_captions(root: HtmlElement) -> None:
    for el in _CAPTIONS(root):
        if el.getparent() is not None:
            _drop(el, el.getparent())


_MEDIA_TEXT = XPath("/descendant::img/@alt|/descendant::figcaption|/descendant::*[contains(@class,'caption')]",
                    smart_strings=False)


def media_texts(tree: HtmlElement) -> set[str]:
    """Alt texts and captions: prose lines equal to one of these are dropped."""
    found = set()
    for item in _MEDIA_TEXT(tree):
        text = item if isinstance(item, str) else item.text_content()
        if text := " ".join(text.split()).casefold():
            found.add(text)
    return found


# --- text lines -----------------------------------------------------------

# Chrome anywhere in the text: these are never prose.
_ALWAYS = re.compile(
    r"^(?:top of page|bottom of page|writer'?s picture.*|updated:\s*\w+\.? \d{1,2}(?:,? \d{4})?"
    r"|\d[\d,.]*k?\s*views?(?:\s*\d[\d,.]*\s*comments?)?(?:\s*\d+\s*likes?)?"
    r"|\d[\d,.]*\s*(?:comments?|likes?|shares?)|\d+\s*min(?:ute)?s? read|continue reading\W*)$",
    re.I,
)
# Photo credits and copyright lines: a short "Foto: ..." / "(Credit: ...)" / "© ..." line.
_CREDIT = re.compile(
    r"^\(?(?:fotos?|photos?|bild|titelbild|beitragsbild|image|credits?|crédits photos|photo credit|copyright"
    r"|quelle|source|fuente)\s*:\s*.{0,80}\)?$"
    r"|^fot\.\s.{0,80}$|^©.{0,100}$"
    # a caption ending in its credit: "Marco Odermatt, Ski-Star. © AFP / Name"
    r"|^.{0,200}\s©\s?[^©.!?]{1,60}$"
    # a news agency signature: "(aja/PAP)", "dpa/lnw" (an agency, or in brackets: not "grab/hold/seize")
    r"|^\([^\W\d_]{2,5}(?:/[^\W\d_]{2,5}){1,3}\)$"
    r"|^(?:[^\W\d_]{2,5}/){0,2}(?:dpa|afp|ap|apa|sda|kna|epd|pap|ots|reuters|ansa|efe|kap|ddp|idea|aa)"
    r"(?:/[^\W\d_]{2,5}){0,2}$",
    re.I,
)
# Chrome at the start or end of the text (navigation, widget headings).
_EDGE = re.compile(
    r"^(?:search|comments?|recent posts|see all|logo|contact(?: us)?|menu|home|share(?: this(?: post)?)?"
    r"|subscribe|skip to (?:main )?content|log ?in|sign ?up|back to top|previous|next|older posts"
    r"|newer posts|read more|like|reply|leave a (?:comment|reply)|related posts|tags?:?"
    r"|all posts|about|blog|follow us)$",
    re.I,
)
_HASHTAG_RUN = re.compile(r"^(?:#[^\W_][\w-]*\s*)+$")
_HASHTAG = re.compile(r"#([^\W_][\w-]*)")


# Elements whose own text starts with "#": hashtag links and their paragraphs.
_HASHTAG_START = XPath("/descendant::a[starts-with(normalize-space(text()),'#')]/.."
                       "|/descendant::p[starts-with(normalize-space(text()),'#')]")


def take_hashtag_runs(tree: HtmlElement) -> list[str]:
    """Remove elements whose whole text is a hashtag run and return the tags.

    Done on the DOM because trafilatura drops all-link paragraphs, so a run of
    hashtag links would never reach the text stage."""
    tags: list[str] = []
    for el in _HASHTAG_START(tree):
        text = " ".join(el.text_content().split())
        if el.getparent() is not None and _HASHTAG_RUN.match(text):
            tags.extend(_HASHTAG.findall(text))
            _drop(el, el.getparent())
    return tags


def split_hashtags(lines: list[str]) -> tuple[list[str], list[str]]:
    """A trailing "#therapy#attachment" run is the post's tags, not prose."""
    tags: list[str] = []
    while lines and _HASHTAG_RUN.match(lines[-1].strip()):
        tags = _HASHTAG.findall(lines.pop()) + tags
    return lines, tags


# Soft hyphens and zero-width characters: invisible, but they split words.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_INVISIBLE_CHARS = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # a C-level scan: cheaper than translate


def clean_lines(lines: list[str], *, drop: set[str], edge: set[str]) -> list[str]:
    """Drop chrome lines. ``drop``: casefolded lines removed anywhere (alt texts,
    captions); ``edge``: casefolded lines removed only at the start or end
    (title, site name, author, date lines)."""

    def chrome(line: str) -> bool:
        folded = line.strip("| ").casefold()  # a caption table renders as "| caption |"
        return bool(_ALWAYS.match(line) or _CREDIT.match(line)) or folded in drop or is_template_line(folded)

    def edge_chrome(line: str) -> bool:
        folded = line.casefold()
        return bool(_EDGE.match(line)) or folded in edge or _is_date_line(line)

    kept = [line for line in map(_normalise_line, lines) if line and not chrome(line)]
    kept = drop_boilerplate(kept)
    start, end = 0, len(kept)
    while start < end and edge_chrome(kept[start]):
        start += 1
    while end > start and edge_chrome(kept[end - 1]):
        end -= 1
    return kept[start:end]


def _normalise_line(line: str) -> str:
    """Single spaces, no invisible characters, and NFC: a page may carry
    decomposed letters ("u" + combining diaeresis), which search would miss."""
    line = " ".join(_INVISIBLE_CHARS.sub("", line).split())
    return line if line.isascii() else unicodedata.normalize("NFC", line)


_DATE_LINE = re.compile(
    r"^(?:(?:published|posted|updated)(?: on)?:?\s*)?"
    r"(?:\w+, )?(?:\w{3,9}\.? \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?|\d{1,2} \w{3,9}\.?,? \d{4}|\d{4}-\d{2}-\d{2})$",
    re.I,
)


def _is_date_line(line: str) -> bool:
    return bool(_DATE_LINE.match(line)) and (iso_date(line) is not None or iso_date(line, "2000-01-01") is not None)
