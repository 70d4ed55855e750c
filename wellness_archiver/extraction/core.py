"""The extraction pipeline.

decode -> parse once (lxml) -> platform -> metadata -> chrome removal ->
trafilatura on the platform's article-body element (or the whole page) ->
line cleaning -> Article. Pure: no I/O, no global mutable state; never raises.

trafilatura is called only through trafilatura_compat.py, which fences in
the parts of its API that are not public.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from copy import deepcopy

from lxml.etree import ElementDefaultClassLookup, ElementNamespaceClassLookup, XPath
from lxml.html import (FormElement, HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction,
                       InputElement, LabelElement, SelectElement, TextareaElement, document_fromstring)

from wellness_archiver.extraction.article import Article
from wellness_archiver.extraction.blocks import markdown_blocks, render_blocks, to_markdown
from wellness_archiver.extraction.cleaners import (
    clean_lines, media_texts, remove_captions, remove_chrome, remove_comments, split_hashtags, take_hashtag_runs,
)
from wellness_archiver.extraction.consent import remove_consent
from wellness_archiver.extraction.decode import decode_html
from wellness_archiver.extraction.extras import read_comments, read_engagement
from wellness_archiver.extraction.fallback import prefer_page_text
from wellness_archiver.extraction.hidden import drop_hidden
from wellness_archiver.extraction.large import MAX_PARAGRAPHS, chunks, flatten_wide, main_container, paragraph_count
from wellness_archiver.extraction.metadata import (
    Metadata, attribute_values, headings, local_day, may_match, names_site, normalise, read_byline, read_jsonld,
    read_markup, read_meta, read_title_element, settle_title,
)
from wellness_archiver.extraction.platform import detect_platform
from wellness_archiver.extraction.platforms import REGISTRY, bodies
from wellness_archiver.extraction.selector import Candidate, Choice, choose
from wellness_archiver.extraction.shown_date import settle_published
from wellness_archiver.extraction.signals import other_candidates, page_signals, prose_words
from wellness_archiver.extraction.trailing import cut_trailing
from wellness_archiver.extraction.trafilatura_compat import VERSION as _TRAFILATURA_VERSION
from wellness_archiver.extraction.trafilatura_compat import Document, page_metadata, text_document

__version__ = "0.2.0"  # 0.2: line-level boilerplate rules (boilerplate.py), NFC text
EXTRACTOR_VERSION = f"wellness-extract/{__version__}+trafilatura/{_TRAFILATURA_VERSION}"

MAX_BYTES = 20_000_000  # trafilatura's own MAX_FILE_SIZE
MIN_WORDS = 20
# trafilatura may legitimately drop a little of a platform body (in-body
# widgets); below this share of the body's own words it lost real paragraphs.
MIN_BODY_RECALL = 0.9


# lxml.html's element classes by tag (its HtmlElementClassLookup's defaults)
HTML_CLASSES = {"form": FormElement, "input": InputElement, "label": LabelElement, "select": SelectElement,
                "textarea": TextareaElement}


def _html_parser() -> HTMLParser:
    """Same settings as trafilatura's loader: comments and PIs are never content.

    lxml.html's parser gives each element its Python class through a Python
    callback (HtmlElementClassLookup.lookup), run whenever Python first touches
    an element: millions of calls, ~4% of the whole extraction. Here the same
    classes (lxml.html's for form, input, select, textarea and label, else
    HtmlElement; the parser lowercases tag names) are looked up in C."""
    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                        remove_comments=True, remove_pis=True)
    lookup = ElementNamespaceClassLookup(ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
    lookup.get_namespace(None).update(HTML_CLASSES)
    parser.set_element_class_lookup(lookup)
    return parser


_PARSER = _html_parser()
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b",
                 b"RIFF", b"OggS", b"ID3", b"\x00\x00\x01\x00")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_WORD = re.compile(r"\w+")
# Words for counting: CJK scripts have no spaces, count each character.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_COUNTED = re.compile(f"[{_CJK}]|[^\\s{_CJK}]+")


# The platform's own article-body element (platforms.REGISTRY), compiled once.
_BODY_XPATHS = {p.name: [(XPath(b.xpath), b.needle) for b in bodies(p.name)] for p in REGISTRY}


def extract(html: str | bytes | None, url: str | None = None) -> Article | None:
    """The page's main article, or None when it has none."""
    return extract_with_reason(html, url)[0]


def extract_with_reason(html: str | bytes | None, url: str | None = None) -> tuple[Article | None, str | None]:
    """(Article, None) on success, (None, short human reason) otherwise. Never raises."""
    try:
        return _extract(html, url)
    except Exception as exc:  # the last guard: a crawl must never die on one page
        return None, f"extraction error ({type(exc).__name__})"


def parse_page(html) -> tuple[HtmlElement | None, str | None]:
    """(the parsed page, None) or (None, reason): the one parse every candidate shares."""
    text, raw, reason = _to_text(html)
    if reason:
        return None, reason
    try:
        tree = document_fromstring(raw or text.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except Exception:
        return None, "unparseable html"
    if tree is None or tree.find("body") is None:
        return None, "unparseable html"
    return tree, None


def extract_explained(html, url: str | None = None) -> tuple[Article | None, str | None, Choice | None]:
    """Like extract_with_reason, plus the selector's choice (candidates, scores, why)."""
    explained: list = [None]
    try:
        article, reason = _extract(html, url, explained)
    except Exception as exc:
        article, reason = None, f"extraction error ({type(exc).__name__})"
    return article, reason, explained[0]


def _extract(html, url, explained=None):
    explained = explained if explained is not None else [None]
    tree, reason = parse_page(html)
    if reason:
        return None, reason

    flatten_wide(tree)  # thousands of inline children in one element: quadratic in trafilatura (large.py)
    values = attribute_values(tree)  # lets scans that cannot match be skipped
    remove_consent(tree, values)  # a consent dialog is never the text, and can outweigh it (consent.py)
    platform = detect_platform(tree, values)
    meta, h1s = _declared_metadata(tree, platform, values, url)
    drop = media_texts(tree)
    comments = read_comments(tree) if "comment" in values else []  # before chrome removal deletes them
    engagement = read_engagement(tree)
    drop_hidden(tree, shown_later=False)  # what a reader never sees is not the text (hidden.py)
    root = _content_root(tree, platform, values)
    name = "platform" if root is not None else "trafilatura"
    paragraphs = paragraph_count(tree)
    if root is None and paragraphs > MAX_PARAGRAPHS:
        root = main_container(tree)  # trafilatura in pieces (large.py)
    lines, md_blocks, hashtags = _main_text(tree, url, root, meta, values)
    meta.fill(author=meta.byline)
    meta.fill(author=meta.site_author)

    first = Candidate(name, lines)
    if paragraphs > MAX_PARAGRAPHS:
        choice = Choice(first, [first], None, f"{paragraphs} paragraphs (over {MAX_PARAGRAPHS}): {name} kept,"
                                              " other candidates not computed (their cost grows faster than the page)")
    else:
        choice = choose(page_signals(tree, meta, root is not None, values, len(html)), first,
                        lambda: other_candidates(tree, url, first.name))
    if choice.chosen is not first:
        lines, md_blocks = choice.chosen.lines, {}
    explained[0] = choice

    lines, trailing = split_hashtags(lines)
    # the body's hashtags count only when the page declares no tags itself
    meta.tags = meta.tags or hashtags + trailing
    normalise(meta, url, h1s)
    edge = {s.casefold() for s in (meta.title, meta.site_name, meta.author) if s}
    if meta.author:
        edge |= {f"by {meta.author}".casefold(), f"written by {meta.author}".casefold()}
    lines = cut_trailing(clean_lines(lines, drop=drop, edge=edge))  # trailing.py
    body = "\n".join(lines)
    if not body:
        return None, "no main text found"
    words = len(_COUNTED.findall(body))
    if words < MIN_WORDS:
        return None, f"text too short ({words} words)"
    chosen = choice.chosen.name
    if (page := prefer_page_text(lines, lambda: parse_page(html)[0])) is not None:  # a fragment (fallback.py)
        lines, md_blocks, body, chosen = page, {}, "\n".join(page), "page"
        words = len(_COUNTED.findall(body))
    return Article(
        url=url, text=body, title=meta.title, canonical_url=meta.canonical_url or url, author=meta.author,
        published=meta.published, updated=meta.updated, site_name=meta.site_name, tags=meta.tags,
        description=meta.description, language=meta.language, platform=platform, word_count=words,
        markdown=to_markdown(lines, _nfc_keys(md_blocks)), categories=meta.categories, image=meta.image,
        comments=comments, extractor_candidate=chosen,
        **{name: _first_set(getattr(meta, name), engagement.get(name)) for name in _ENGAGEMENT},
    ), None


_ENGAGEMENT = ("views", "comment_count", "likes", "reading_minutes")


def _declared_metadata(tree: HtmlElement, platform: str, values: str,
                       url: str | None = None) -> tuple[Metadata, list[str]]:
    """What the page declares, in precedence order (metadata.py), and its <h1>s."""
    meta = Metadata()
    read_jsonld(tree, meta)
    read_meta(tree, meta)
    local_day(url, meta)  # a UTC time declared one day off the URL's day: the URL's
    read_markup(tree, platform, meta, values)
    settle_published(tree, meta)  # the date shown by the title against the declared ones
    # a plain-text "By Jane Doe" line: read now, before chrome removal; it
    # fills the author only after trafilatura's heuristics (_extract)
    # an author that is the site's own name (the publisher) is a fallback only:
    # a person named further down the precedence is the better answer
    meta.site_author = meta.author if names_site(meta.author, meta.site_name, url) else None
    if meta.site_author:
        meta.author = None
    meta.byline = None if meta.author else read_byline(tree)
    read_title_element(tree, meta)
    h1s = headings(tree)
    settle_title(meta, h1s, url)  # before trafilatura's guesses (it names sites by hostname)
    return meta, h1s


def _main_text(tree: HtmlElement, url: str | None, root: HtmlElement | None, meta: Metadata,
               values: str) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """(text lines, Markdown blocks, hashtags) of the platform body ``root``,
    or of the whole page when there is none; fills ``meta``'s gaps from
    trafilatura's guesses."""
    # trafilatura's metadata (htmldate, author heuristics) costs about a third
    # of the run time: only when the page declared no title or date itself.
    need_meta = not (meta.title and meta.published and meta.author)  # author heuristics always run
    if need_meta and may_match(values, ("comment", "respond", "disqus")):
        remove_comments(tree, keep=root)  # a commenter's date is not the post's
    if root is not None:
        if need_meta:
            _fill_from_trafilatura(meta, _trafilatura_metadata(tree, url, meta, values))
        remove_chrome(root)
        remove_captions(root)
        hashtags = take_hashtag_runs(root)
        md_blocks = markdown_blocks(root)
        return _body_lines(root), md_blocks, hashtags
    # whole page: trafilatura's own boilerplate removal measured better
    # than ours on the devset, so no remove_chrome here
    hashtags = take_hashtag_runs(tree)
    doc = text_document(tree, url)
    if doc is not None and need_meta:
        try:
            _fill_from_trafilatura(meta, _trafilatura_metadata(tree, url, meta, values))
        except (TypeError, ValueError):  # as inside bare_extraction: no document
            doc = None
    lines = (doc.text or "").splitlines() if doc is not None else []
    md_blocks = markdown_blocks(doc.body) if doc is not None and doc.body is not None else {}
    return lines, md_blocks, hashtags


def _nfc_keys(blocks: dict[str, list[str]]) -> dict[str, list[str]]:
    """The Markdown blocks keyed like the text lines, which clean_lines
    NFC-normalises (rarely needed: most pages are NFC already)."""
    if all(key.isascii() or unicodedata.is_normalized("NFC", key) for key in blocks):
        return blocks
    nfc: dict[str, list[str]] = {}
    for key, lines in blocks.items():
        nfc.setdefault(unicodedata.normalize("NFC", key), []).extend(
            unicodedata.normalize("NFC", line) for line in lines)
    return nfc


def _first_set(*values):
    return next((v for v in values if v is not None), None)


def _to_text(html) -> tuple[str, bytes | None, str | None]:
    """(text, the UTF-8 bytes to parse when they are the input itself, reason)."""
    if html is None or not html:
        return "", None, "empty document"
    raw = None
    if isinstance(html, str):
        if len(html) > MAX_BYTES:
            return "", None, f"document too large ({len(html) // 1_000_000} MB)"
        text = html
    elif isinstance(html, (bytes, bytearray, memoryview)):
        data = bytes(html)
        if len(data) > MAX_BYTES:
            return "", None, f"document too large ({len(data) // 1_000_000} MB)"
        if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:2048] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "", None, "not html"
        text, raw = _decode(data)
    else:
        return "", None, f"not html ({type(html).__name__})"
    head = text.lstrip()[:2048]
    if not head:
        return "", None, "empty document"
    if "<" not in head or _control_share(head) > 0.05:
        return "", None, "not html"
    return text, raw, None


def _decode(data: bytes) -> tuple[str, bytes | None]:
    """decode_html's result, and the bytes themselves when they are valid UTF-8
    without a byte-order mark (most pages): the parser then needs no re-encoding."""
    if not data.startswith(_BOMS):
        try:
            return data.decode("utf-8"), data
        except UnicodeDecodeError:
            pass
    return decode_html(data), None


# C0 controls other than tab, newline, form feed and carriage return; U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _control_share(sample: str) -> float:
    return len(_CONTROL.findall(sample)) / len(sample)


def _content_root(tree: HtmlElement, platform: str, values: str | None = None) -> HtmlElement | None:
    """The platform's article-body element when the page has exactly one
    substantial such element (several mean a listing page)."""
    for xpath, needle in _BODY_XPATHS.get(platform) or _BODY_XPATHS["generic"]:
        if values is not None and needle not in values:
            continue  # no element carries it: nothing to find
        found = xpath(tree)
        # nested matches (a theme wrapping .post-content in .entry-content): keep outermost
        found = [el for el in found if not any(a in found for a in el.iterancestors())]
        if not found:
            continue
        sizes = [len(el.text_content().split()) for el in found]
        best = max(range(len(found)), key=sizes.__getitem__)
        # several similar matches: a listing page, or excerpts in widgets
        if sizes[best] < MIN_WORDS or sizes[best] < 0.6 * sum(sizes):
            return None
        return found[best] if _holds_the_prose(tree, found[best], sizes[best], values) else None
    return None


# the outermost <p>s below the root when no <p> encloses it (their text in linear time: signals._PROSE)
_ROOT_PROSE = XPath("descendant::p[not(ancestor::p)]")


def _paragraph_words(root: HtmlElement) -> int:
    """Words of the text inside <p> elements below ``root``."""
    if root.tag != "p" and all(a.tag != "p" for a in root.iterancestors()):
        return sum(len(t.split()) for p in _ROOT_PROSE(root) for t in p.itertext())
    return sum(len(t.split()) for p in root.iterdescendants("p")  # a <p> that holds the root: rare
               if all(a.tag != "p" for a in _ancestors_below(p, root)) for t in p.itertext())


def _ancestors_below(el: HtmlElement, root: HtmlElement):
    for a in el.iterancestors():
        if a is root:
            return
        yield a


def _holds_the_prose(tree: HtmlElement, root: HtmlElement, size: int, values: str | None = None) -> bool:
    """The body element must hold most of the page's paragraph text: some
    themes reuse the class for teasers while the post sits elsewhere."""
    total = prose_words(tree, values)
    own = _paragraph_words(root)
    if own < 0.5 * size:  # a theme writing paragraphs as <div class="paragraph">
        own = size
    if total < 50 or own >= 0.5 * total:
        return True
    # a short post inside the page's one <article>, among promos and sidebars
    return own >= 0.2 * total and any(a.tag == "article" for a in root.iterancestors())


def _body_lines(root: HtmlElement) -> list[str]:
    own = render_blocks(root)
    # trafilatura's cost grows faster than the body: a long one in pieces (large.py)
    pieces = chunks(root) if paragraph_count(root) > MAX_PARAGRAPHS else [[root]]
    lines: list[str] = []
    for piece in pieces:
        wrapper = document_fromstring(b"<html><body><article></article></body></html>", parser=_PARSER)
        # a copy: the page tree may still be needed by the other candidates
        wrapper.find("body/article").extend(deepcopy(el) for el in piece)
        doc = text_document(wrapper, None, recall=True)
        lines += (doc.text or "").splitlines() if doc is not None else []
    own_words = sum(len(_WORD.findall(x)) for x in own)
    got_words = sum(len(_WORD.findall(x)) for x in lines)
    return lines if got_words >= MIN_BODY_RECALL * own_words else own


def _trafilatura_metadata(tree: HtmlElement, url: str | None, known: Metadata, values: str | None = None) -> Document:
    """trafilatura's guesses for the fields ``known`` still lacks (``fill`` would ignore the others)."""
    return page_metadata(tree, url, title=not known.title, author=not known.author,
                         date=not known.published, site_name=not known.site_name,
                         not_author=lambda name: names_site(name, known.site_name, url), values=values)


def _fill_from_trafilatura(meta: Metadata, doc: Document) -> None:
    """Fill the gaps. Not tags: trafilatura's tag guesses pick up site-wide
    tag clouds in sidebars, which is wrong data for every post."""
    meta.fill(
        title=doc.title,
        author=doc.author,
        published=doc.date,
        site_name=doc.sitename,
        description=doc.description,
        language=getattr(doc, "language", None),
        canonical_url=doc.url,
    )
