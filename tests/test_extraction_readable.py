"""The readability candidate (readable.py) and hidden elements (hidden.py), on hand-written pages."""

from __future__ import annotations

import lxml.html
import pytest

from readability import Document
from wellness_archiver.extraction import extract
from wellness_archiver.extraction.blocks import render_blocks
from wellness_archiver.extraction.candidates import SINGLE
from wellness_archiver.extraction.core import parse_page
from wellness_archiver.extraction.hidden import drop_hidden, hidden, never_shown


def _paragraphs(topic: str, n: int) -> str:
    return "".join(f"<p>Paragraph {i} about {topic}, with a comma, and enough words to count as prose in any"
                   " reader.</p>" for i in range(n))


def _library(html: str) -> list[str]:
    """readability-lxml used plainly."""
    summary = Document(html).summary(html_partial=True)
    return render_blocks(lxml.html.fragment_fromstring(summary, create_parent="div"))


def _ours(html: str) -> list[str]:
    """The pipeline's readability candidate: Mozilla's choice (readability_mozilla_lines)."""
    tree, _ = parse_page(html.encode())
    return SINGLE["readability"](tree, None) or []


# the article's paragraphs in four wrappers, each in its own row beside a link cell
PIECES = ("<html><body><div class='page'><h1>Title</h1>"
          + "".join(f"<div class='row'><div class='cell'><div class='text'>{_paragraphs(f'piece{k}', 3)}</div></div>"
                    "<div class='cell'><a href='/x'>Related link</a></div></div>" for k in range(4))
          + "</div><div class='sidebar'><p>Sign up for our newsletter, today, it is free and you will like it."
            "</p></div></body></html>")

# the article's container has a layout class naming a sidebar: the "unlikely" pass drops it whole
LAYOUT = ("<html><body><div class='layout-with-sidebar-right'><div class='story'>" + _paragraphs("sleep", 6)
          + "</div></div><div class='notice'>"
          "<p>This site uses cookies, as every site does, and you may read more about them.</p>"
          "<p>Our newsletter comes out every week, with news, tips and offers for readers.</p>"
          "<p>Write to us, with questions or with praise, at the address on the contact page.</p></div></body></html>")


def test_article_in_several_wrappers_is_read_whole():
    assert sum("about piece" in line for line in _library(PIECES)) == 3  # the library: one wrapper
    ours = _ours(PIECES)
    assert all(f"Paragraph {i} about piece{k}," in "\n".join(ours) for i in range(3) for k in range(4))
    assert not any("newsletter" in line for line in ours)


def test_article_dropped_by_the_unlikely_pass_is_found_on_the_retry():
    assert not any("about sleep" in line for line in _library(LAYOUT))  # the library: the notice
    ours = _ours(LAYOUT)
    assert [line for line in ours if "about sleep" in line] == [line for line in ours]
    assert len(ours) == 6


def test_only_child_is_not_promoted_into_a_chrome_parent():
    # the story is the only child of the sidebar-named wrapper: promoting it would let sanitize drop it all
    html = ("<html><body><div class='layout-with-sidebar-right'><div class='story'>" + _paragraphs("diet", 6)
            + "</div></div></body></html>")
    assert len(_ours(html)) == 6


HIDDEN = ("<html><body><article><h1>Visible title</h1>" + _paragraphs("walking", 5)
          + "<p style='display: none'>Hidden paragraph one, with commas, that no reader shows at all on the page.</p>"
          "<div hidden><p>Hidden paragraph two, with a comma, that no reader shows on the page at all.</p></div>"
          "<p aria-hidden='true'>Hidden paragraph three, with a comma, that no reader hears or sees.</p>"
          "<div style='color: red; visibility:hidden !important'><p>Hidden paragraph four, in a div.</p></div>"
          "<p style='display: block'>A visible closing paragraph, with a comma, styled but shown.</p>"
          "</article></body></html>")


@pytest.mark.parametrize("name", ["readability", "trafilatura", "trafilatura-precision", "trafilatura-recall"])
def test_hidden_elements_are_never_a_candidates_text(name):
    tree, _ = parse_page(HIDDEN.encode())
    before = lxml.html.tostring(tree)
    drop_hidden(tree)
    text = "\n".join(SINGLE[name](tree, None) or [])
    assert "Paragraph 4 about walking" in text and "visible closing paragraph" in text
    assert "Hidden paragraph" not in text
    # on the page as parsed (no pipeline step before): readable.py drops them on its own copy
    if name == "readability":
        tree, _ = parse_page(HIDDEN.encode())
        assert "Hidden paragraph" not in "\n".join(SINGLE[name](tree, None))
        assert lxml.html.tostring(tree) == before


def test_pipeline_drops_only_what_a_reader_never_sees():
    article = extract(HIDDEN.encode(), "https://example.org/post")
    assert article is not None
    assert "Paragraph 0 about walking" in article.text and "visible closing paragraph" in article.text
    assert "Hidden paragraph one" not in article.text
    # before every candidate, only paragraphs hidden outright go: a hidden container (an accordion's
    # answer, a streamed block, a popup) and aria-hidden text (seen, not heard) stay
    tree, _ = parse_page(HIDDEN.encode())
    assert drop_hidden(tree, shown_later=False) == 1
    text = tree.find("body").text_content()
    assert all(f"Hidden paragraph {n}" in text for n in ("two", "three", "four"))


@pytest.mark.parametrize("markup,want", [
    ("<p style='display:none'>x</p>", True), ("<p hidden>x</p>", True), ("<h2 hidden>x</h2>", True),
    ("<p style='visibility: hidden'>x</p>", True), ("<div style='visibility: hidden'>x</div>", False),
    ("<div style='display:none'>x</div>", False),
    ("<div hidden>x</div>", False), ("<p aria-hidden='true'>x</p>", False), ("<p>x</p>", False),
])
def test_never_shown(markup, want):
    assert never_shown(lxml.html.fragment_fromstring(markup)) is want


def test_page_hidden_whole_until_its_scripts_run_keeps_its_article():
    html = ("<html><body><div id='page' style='display:none'><article>" + _paragraphs("sleep", 6)
            + "</article></div><footer>Footer</footer></body></html>")
    article = extract(html.encode(), "https://example.org/post")
    assert article is not None and "Paragraph 5 about sleep" in article.text


def test_drop_hidden_keeps_the_tail_text_and_counts_outermost():
    tree = lxml.html.document_fromstring("<html><body><p>Before <span hidden>gone <b aria-hidden='true'>too</b></span>"
                                         " after.</p><p>" + "word " * 50 + "</p></body></html>")
    assert drop_hidden(tree) == 1
    assert tree.find("body/p").text_content() == "Before  after."


@pytest.mark.parametrize("attrs,want", [
    ("hidden", True), ("aria-hidden='true'", True), ("aria-hidden='TRUE '", True), ("aria-hidden='false'", False),
    ("style='display:none'", True), ("style='DISPLAY : NONE;'", True), ("style='visibility: hidden'", True),
    ("style='display: none !important; color: red'", True), ("style='display: block'", False),
    ("style='display: nonexistent'", False), ("style='visibility: visible'", False),
    ("style='--x: display:none'", False), ("class='hidden'", False),
])
def test_hidden_reads_the_elements_own_markup(attrs, want):
    el = lxml.html.fragment_fromstring(f"<div {attrs}>text</div>")
    assert hidden(el) is want


@pytest.mark.parametrize("shown", [0, 1])
def test_hidden_tabs_and_slides_shown_one_at_a_time_are_kept(shown):
    # a gallery's steps or a recipe's tabs, each hidden until the reader pages to it, are the article
    slides = "".join(f"<div class='step' style='display: none'><h2>Step {k}</h2>{_paragraphs(f'step{k}', 2)}"
                     "</div>" for k in range(1 if shown else 2, 4))
    first = f"<div class='step'>{_paragraphs('step0', 2)}</div>" if shown else ""
    html = ("<html><body><nav><ul><li><a href='/'>Home</a><ul class='sub' style='display:none'><li>"
            "<a href='/a'>Sub menu</a></li></ul></li></ul></nav><article>" + first + slides
            + "</article></body></html>")
    tree, _ = parse_page(html.encode())
    assert drop_hidden(tree) == 1  # the sub-menu alone
    assert "Paragraph 1 about step3" in tree.find("body").text_content()
    assert "Sub menu" not in tree.find("body").text_content()
