"""What extraction/trafilatura_compat.py relies on in trafilatura's non-public API.

A trafilatura upgrade that renames, removes or changes one of these fails
here, naming the internal, before it silently changes what we extract.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import lxml.html
import pytest
import trafilatura

from wellness_archiver.extraction import trafilatura_compat as compat
from wellness_archiver.extraction.metadata import attribute_values

MODULE = "wellness_archiver.extraction.trafilatura_compat"
PAGE = """<html lang="en"><head><title>Slow Mornings | Calm Corner</title>
<meta property="og:site_name" content="Calm Corner">
<meta name="description" content="Why the first hour matters.">
<link rel="canonical" href="https://calm.example/slow-mornings/"></head>
<body><article><h1>Slow Mornings</h1>
<div class="byline">By <span class="author-name">Maria Lopez</span></div>
<time datetime="2023-03-03">3 March 2023</time>
<p>The first hour of the day sets the tone for the rest of it, so we keep it quiet.</p>
</article></body></html>"""


def _fail(name: str, problem: str) -> str:
    return (f"{MODULE} relies on trafilatura {name}, which {problem} in trafilatura "
            f"{trafilatura.__version__}: adapt {MODULE} (and RELIED_ON) before moving the pin")


def test_the_installed_version_is_the_pinned_one():
    pin = re.search(r'"trafilatura(>=[^"]+)"', (Path(__file__).parent.parent / "pyproject.toml").read_text())
    assert pin and pin[1] == ">=2.3,<2.4", "pyproject.toml must pin trafilatura to the minor version checked here"
    assert trafilatura.__version__.startswith("2.3."), _fail("(the whole list)", "is untested")


@pytest.mark.parametrize("module_name, attribute, parameters", compat.RELIED_ON,
                         ids=[f"{m}.{a}" for m, a, _ in compat.RELIED_ON])
def test_each_internal_is_still_there_with_its_parameters(module_name, attribute, parameters):
    name = f"{module_name}.{attribute}"
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        pytest.fail(_fail(name, "cannot be imported"))
    assert hasattr(module, attribute), _fail(name, "no longer exists")
    if parameters is not None:
        found = tuple(inspect.signature(getattr(module, attribute)).parameters)
        assert found[: len(parameters)] == parameters, _fail(name, f"now takes {found}, not {parameters}")


def test_document_has_the_fields_read():
    fields = set(getattr(compat.Document, "__slots__", ()))
    missing = [f for f in compat.DOCUMENT_FIELDS if f not in fields]
    assert not missing, _fail("settings.Document", f"lost the fields {missing}")
    assert callable(getattr(compat.Document, "clean_and_trim", None)), _fail("Document.clean_and_trim", "is gone")


def test_date_params_and_find_date_keywords():
    params = compat.set_date_params(True)
    assert {"original_date", "extensive_search", "max_date"} <= set(params), _fail(
        "settings.set_date_params", f"returns {sorted(params)}")
    accepted = set(inspect.signature(compat._tmeta.find_date).parameters)
    assert set(params) | {"url"} <= accepted, _fail("metadata.find_date", f"takes {sorted(accepted)}")


def test_the_author_mirror_still_matches_trafilaturas_author_rules():
    assert compat.AUTHOR_MIRRORED, _fail(
        "xpaths.AUTHOR_XPATHS / AUTHOR_DISCARD_XPATHS",
        "changed (their sha256 is not _AUTHOR_RULES_SHA): re-check _author_rule/_discarded against them, "
        "then update the hash")


@pytest.mark.parametrize("html", [
    PAGE,
    '<html><body><p class="author">Jo Bloggs</p><div class="comments"><span class="author">X Y</span></div>'
    "<p>text</p></body></html>",
    '<html><body><div class="sidebar"><a rel="author">Side Bar</a></div>'
    '<div id="author">Ann <time>today</time> Lee</div></body></html>',
    '<html><body><span class="byline">  by  Sam   Green </span></body></html>',
    '<html><body><div data-testid="AuthorCard">Ann Lee</div><p class="note">text</p></body></html>',
    '<html><body><p>text</p><author>Ann Lee</author></body></html>',
    '<html><body><p class="note">No author here</p></body></html>',
])
def test_the_author_mirror_gives_trafilaturas_answer(html):
    tree = lxml.html.document_fromstring(html)
    want = compat._tmeta.extract_author(tree)
    # with the page's attribute values, as the pipeline calls it: the walk is skipped only when nothing can match
    for got in (compat._extract_author(tree), compat._extract_author(tree, attribute_values(tree))):
        assert got == want, _fail("metadata.extract_author",
                                  "disagrees with the mirror in trafilatura_compat._extract_author")


def test_page_metadata_behaves_like_extract_metadata():
    tree = lxml.html.document_fromstring(PAGE)
    doc = compat.page_metadata(tree, "https://calm.example/slow-mornings/")
    full = trafilatura.extract_metadata(lxml.html.document_fromstring(PAGE),
                                        default_url="https://calm.example/slow-mornings/")
    for field in ("title", "author", "url", "sitename", "date", "description"):
        assert getattr(doc, field) == getattr(full, field), _fail("metadata.extract_metadata", f"differs on {field}")
    assert (doc.title, doc.author, doc.date, doc.sitename) == (
        "Slow Mornings", "Maria Lopez", "2023-03-03", "Calm Corner")
    skipped = compat.page_metadata(tree, None, title=False, author=False, date=False, site_name=False)
    assert (skipped.title, skipped.author, skipped.date, skipped.sitename) == (None, None, None, None)


def test_text_document_returns_the_main_text():
    tree = lxml.html.document_fromstring(PAGE)
    doc = compat.text_document(tree, None)
    assert doc is not None and "sets the tone" in doc.text and doc.body is not None, _fail(
        "bare_extraction(output_format='python')", "no longer fills Document.text/.body")


def test_nothing_else_in_the_package_imports_trafilatura():
    root = Path(compat.__file__).parent
    offenders = [p.name for p in root.glob("*.py")
                 if p.name != "trafilatura_compat.py" and re.search(r"^\s*(from|import) trafilatura",
                                                                  p.read_text(), re.M)]
    assert not offenders, f"import trafilatura only in {MODULE}: {offenders}"


def test_htmldates_dateparser_is_ours_with_its_own_settings_in_our_languages():
    import htmldate.extractors

    from wellness_archiver.extraction.dates import LANGUAGES

    assert htmldate.extractors.get_external_parser is compat._htmldate_parser
    own, ours = compat.HTMLDATE_OWN_PARSER(), compat._htmldate_parser()
    for key in compat._HTMLDATE_DATEPARSER_SETTINGS:
        assert getattr(ours._settings, key) == getattr(own._settings, key), _fail(
            "htmldate.extractors.get_external_parser", f"changed its dateparser setting {key}")
    assert list(ours.languages) == list(LANGUAGES)
    # the dates htmldate hands it: a month name its own patterns miss, in a language we read
    assert htmldate.extractors.external_date_parser("12 ottobre 2021", "%Y-%m-%d") == "2021-10-12"


def test_page_metadata_skips_htmldates_whole_page_search_and_only_there():
    # the only date is a copyright year: htmldate's last resort (search_page) reads it as 1 January
    html = ("<html><head><title>Calm</title></head><body><article><h1>Slow Mornings</h1>"
            "<p>The first hour of the day sets the tone.</p></article>"
            "<footer>&copy; 2021 Calm Corner</footer></body></html>")
    assert compat.page_metadata(lxml.html.document_fromstring(html), None).date is None
    # trafilatura's own metadata (any other caller of htmldate) still runs it
    assert trafilatura.extract_metadata(lxml.html.document_fromstring(html)).date == "2021-01-01", _fail(
        "htmldate.core.find_date", "no longer ends with search_page (the step page_metadata leaves out)")


def test_justexts_stoplist_is_looked_up_once_inside_text_document_and_only_there():
    import justext.core
    from trafilatura import external

    assert justext.core.define_stoplist is compat._define_stoplist
    stoplist = external.JT_STOPLIST or external.jt_stoplist_init()
    own = compat.JUSTEXT_DEFINE_STOPLIST  # justext's, an lru_cache
    compat._define_stoplist.cache_clear()
    tree = lxml.html.document_fromstring(PAGE)
    token = compat._OWN_CALL.set(True)
    try:
        # the fallback, as text_document runs it: the tuple trafilatura passes is looked up once
        external.try_justext(tree, None, None)
        built = compat._stopwords[0] if compat._stopwords else (None, None)
        assert built[0] is external.JT_STOPLIST, _fail(
            "external.try_justext", "no longer hands JT_STOPLIST to justext's classify_paragraphs")
        assert built[1] == frozenset(w.lower() for w in stoplist)
        calls = own.cache_info().hits + own.cache_info().misses
        assert compat._define_stoplist(stoplist) is built[1]
        assert own.cache_info().hits + own.cache_info().misses == calls
    finally:
        compat._OWN_CALL.reset(token)
    # any other caller (plain trafilatura) goes through justext's own function
    assert compat._define_stoplist(stoplist) == built[1]
    assert own.cache_info().hits + own.cache_info().misses == calls + 1
    assert compat._define_stoplist(("The", "a")) == frozenset({"the", "a"})


GUARD_PAGE = """<html><body><div id="main"><div class="share-buttons"><span>Share</span></div>
<p>Text <span class="hidden">x</span> <span>plain</span></p><section id="comments"><p>c</p></section>
<div class="infinite-scroll"><p>more</p></div><div id="disqus_thread"></div><ul class="comment-list"><li>c</li></ul>
<div style="display:none">h</div><div class="author-box"><p>Jo</p></div><div role="navigation">n</div>
<div><span class=""></span><p id="">e</p></div><div class="related-posts"><div class="teaser">t</div></div>
<header>h</header><div class="newsletter-signup">n</div><div id="cookie-banner">c</div></div></body></html>"""


def test_the_guarded_pruning_xpaths_find_what_trafilaturas_find():
    from trafilatura.htmlprocessing import convert_tags
    from trafilatura.settings import Extractor

    raw = lxml.html.document_fromstring(GUARD_PAGE)
    converted = convert_tags(lxml.html.document_fromstring(GUARD_PAGE), Extractor())  # as the main extractor sees it
    for name in compat.PRUNE_LISTS:
        original, guarded = compat._GUARDED[id(getattr(compat._txpaths, name))]
        assert original is getattr(compat._txpaths, name) and len(guarded) == len(original)
        for tree in (raw, converted):
            want = [[tree.getroottree().getpath(e) for e in x(tree)] for x in original]
            got = [[tree.getroottree().getpath(e) for e in x(tree)] for x in guarded]
            assert got == want, _fail(f"xpaths.{name}", "matches otherwise once its regex tests are guarded")
    assert len(compat._GUARDED[id(compat._txpaths.OVERALL_DISCARD_XPATH)][0][0](raw)) > 3  # the page exercises them
    for module in (compat._tcore, compat._tmain, compat._texternal):
        assert module.prune_unwanted_nodes is compat._prune_unwanted_nodes
    basic = compat._tbaseline.BASIC_CLEAN_XPATH  # basic_cleaning's, guarded the same way
    for tree in (raw, converted):
        assert [tree.getroottree().getpath(e) for e in basic.guarded(tree)] == [
            tree.getroottree().getpath(e) for e in basic.original(tree)], _fail(
            "settings.BASIC_CLEAN_XPATH", "matches otherwise once its regex tests are guarded")
    assert basic.guarded.path != basic.original.path


def test_a_regex_test_is_guarded_only_when_it_cannot_match_the_empty_string():
    from wellness_archiver.extraction.xpath_guard import guard_regex_tests

    assert guard_regex_tests(".//div[re:test(@class, 'share|social')]") == (
        ".//div[((@class) and re:test(@class, 'share|social'))]")
    assert guard_regex_tests("re:test(@id|@class, '^nav')") == "((@id|@class) and re:test(@id|@class, '^nav'))"
    assert guard_regex_tests("re:test(@id, 'cookie', 'i')") == "((@id) and re:test(@id, 'cookie', 'i'))"
    for unchanged in ("re:test(@class, '^$')", "re:test(@class, 'x*', 'i')", "re:test(., 'a')", "re:test(@class, '(')"):
        assert guard_regex_tests(unchanged) == unchanged
    # why '^$' is left alone: lxml tests "" on an element without the attribute
    page = lxml.html.fragment_fromstring("<div><p>a</p><p class='x'>b</p></div>")
    empty = page.xpath(".//p[re:test(@class, '^$')]", namespaces={"re": "http://exslt.org/regular-expressions"})
    assert [p.text for p in empty] == ["a"]
