"""No input makes extraction super-linear: the passes that grew with the square
of the page are bounded by structure (no timing here: benchmarks/scaling.py times them)."""

from __future__ import annotations

from lxml.etree import XPath
from lxml.html import document_fromstring

from wellness_archiver.extraction.core import extract_explained
from wellness_archiver.extraction.large import (
    CHUNK_PARAGRAPHS, MAX_CHILDREN, MAX_PARAGRAPHS, chunks, flatten_wide, main_container, paragraph_count,
)
from wellness_archiver.extraction.signals import prose_words

# The XPath prose_words replaced: quadratic in the number of <p> in libxml2.
_QUADRATIC = XPath("//p[not(ancestor::*[contains(@class,'comment') or contains(@id,'comment')])]//text()",
                   smart_strings=False)
SENTENCE = "Slow breathing calms the nervous system over a few weeks of practice."


def _post(paragraphs: int) -> str:
    body = "".join(f"<p>{SENTENCE} ({n})</p>" for n in range(paragraphs))
    return (f"<html><head><title>A long post</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>A long post</h1><div class='body'>{body}</div></article></body></html>")


def test_prose_words_counts_what_the_quadratic_xpath_counted():
    html = ("<html><body><p>one <b>two <i>three</i></b> four</p><div class='comments'><p>not me</p></div>"
            "<div id='x'><p>five<span>six</span>seven</p>tail</div><p>eight<table><tr><td><p>nine ten</p>"
            "</td></tr></table></p><section class='comment-list'><div><p>no</p></div></section></body></html>")
    tree = document_fromstring(html)
    assert prose_words(tree) == sum(len(t.split()) for t in _QUADRATIC(tree)) > 0


def test_a_long_post_is_handed_to_trafilatura_in_bounded_pieces():
    tree = document_fromstring(_post(4 * MAX_PARAGRAPHS))
    container = main_container(tree)
    assert container.get("class") == "body"
    pieces = list(chunks(container))
    assert [el for piece in pieces for el in piece] == list(container)  # every child once, in order
    assert all(sum(paragraph_count(el) + (el.tag == "p") for el in piece) <= CHUNK_PARAGRAPHS for piece in pieces)
    assert len(pieces) == 4 * MAX_PARAGRAPHS // CHUNK_PARAGRAPHS  # pieces grow with the page, not their size


def test_nested_containers_are_split_below_the_limit():
    inner = "".join(f"<section>{''.join(f'<p>{SENTENCE}</p>' for _ in range(300))}</section>" for _ in range(5))
    tree = document_fromstring(f"<html><body><div>{inner}<div><div>{'<p>x</p>' * 1200}</div></div></div></body></html>")
    for piece in chunks(tree.find("body/div"), 500):
        assert sum(paragraph_count(el) + (el.tag == "p") for el in piece) <= 500


def test_a_long_post_computes_one_candidate_and_keeps_every_paragraph():
    n = MAX_PARAGRAPHS + 200
    article, reason, choice = extract_explained(_post(n), "http://blog.test/long/")
    assert reason is None
    assert [c.name for c in choice.candidates] == ["trafilatura"]
    assert "other candidates not computed" in choice.reason
    assert f"({n - 1})" in article.text and "(0)" in article.text


def test_thousands_of_inline_children_are_merged_into_text():
    runs = "".join(f"<span class='tok'>w{n}</span> " for n in range(MAX_CHILDREN + 10))
    tree = document_fromstring(f"<html><body><pre>start {runs}<b>kept<i>x</i></b> end</pre></body></html>")
    before = tree.find("body/pre").text_content()
    assert flatten_wide(tree) == MAX_CHILDREN + 10
    pre = tree.find("body/pre")
    assert pre.text_content() == before
    assert [child.tag for child in pre] == ["b"]


def test_a_narrow_element_is_left_alone():
    tree = document_fromstring("<html><body><p>" + "<span>w</span>" * 50 + "</p></body></html>")
    assert flatten_wide(tree) == 0
    assert len(tree.find("body/p")) == 50
