"""Text-quality rules (issue 12): consent dialogs and trailing chrome sections,
on small hand-written pages."""

from __future__ import annotations

from lxml.html import document_fromstring

from wellness_archiver.extraction import extract
from wellness_archiver.extraction.consent import remove_consent
from wellness_archiver.extraction.trailing import cut_trailing

PROSE = " ".join(
    f"Paragraph {i} explains how a short evening walk helps the body settle before sleep, and why a regular"
    f" bedtime matters more than the number of hours spent in bed on any single night." for i in range(3))

CONSENT = (
    '<div id="onetrust-consent-sdk"><div class="ot-pc-content"><h2>Privacy Preference Center</h2>'
    + "".join(f"<p>Vendor {i} stores cookies to measure audiences, personalise advertising, link devices and"
              f" build profiles of your interests across websites for purpose {i} of the framework.</p>"
              for i in range(40))
    + "</div></div>"
)


def _page(body: str) -> str:
    return f"<html><head><title>Evening walks</title></head><body>{body}</body></html>"


def test_a_consent_dialog_longer_than_the_post_is_not_the_text():
    html = _page(f"<div class='wrap'><h1>Evening walks</h1><p>{PROSE}</p><p>{PROSE}</p></div>{CONSENT}")
    article = extract(html, "https://blog.example/evening-walks")
    assert article is not None
    assert "Paragraph 2 explains" in article.text
    assert "Vendor" not in article.text and "Privacy Preference" not in article.text


def test_consent_tokens_and_what_is_kept():
    tree = document_fromstring(_page(
        "<div class='cookie-recipe'><p>Bake the cookie dough for ten minutes.</p></div>"
        "<div class='cookie-banner'>We use cookies.</div>"
        "<div class='spicy-consent-wrapper'>Accept all</div>"
        "<div id='CybotCookiebotDialog'>Allow selection</div>"
        "<main class='gdpr-ok'><h1>Title</h1><p>Body.</p></main>"
        "<div class='consent-layout'><h1>A theme's wrapper that holds the title</h1></div>"
    ))
    assert remove_consent(tree) == 3
    text = tree.text_content()
    assert "Bake the cookie dough" in text and "Body." in text and "theme's wrapper" in text
    assert "We use cookies" not in text and "Accept all" not in text and "Allow selection" not in text


def test_consent_removal_skips_pages_without_any_token():
    tree = document_fromstring(_page("<div class='cookie-banner'>We use cookies.</div>"))
    assert remove_consent(tree, values="post\x00content") == 0
    assert "We use cookies" in tree.text_content()


def _lines(n: int) -> list[str]:
    return [f"Sentence {i} of the post says something about sleep and evening light." for i in range(n)]


def test_a_closing_chrome_section_is_cut_with_what_follows():
    body = _lines(8)
    for heading in ("About the Author", "About the author:", "Follow us", "Share this post", "Up Next",
                    "Article Sources", "Über den Autor"):
        assert cut_trailing(body + [heading, "Jane Doe writes about sleep.", "- a link"]) == body


def test_such_a_heading_in_the_first_half_or_inside_a_sentence_stays():
    early = _lines(2) + ["Share", "How to share a bedroom with a snorer."] + _lines(8)
    assert cut_trailing(early) == early
    prose = _lines(8) + ["Share this post with a friend who sleeps badly, it may help them too."]
    assert cut_trailing(prose) == prose
    about = _lines(8) + ["About us"]  # an "about us" page is its own content
    assert cut_trailing(about) == about


def test_the_pipeline_drops_an_author_box_after_the_post():
    paragraphs = "".join(f"<p>{PROSE}</p>" for _ in range(3))
    html = _page(f"<article><h1>Evening walks</h1>{paragraphs}<h3>About the Author</h3>"
                 "<p>Jane Doe is a sleep coach who has written for many magazines about rest and recovery.</p>"
                 "</article>")
    article = extract(html, "https://blog.example/evening-walks")
    assert article is not None and "Paragraph 2 explains" in article.text
    assert "About the Author" not in article.text and "sleep coach" not in article.text
