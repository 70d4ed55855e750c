"""Extraction on hand-written pages modelled on real platform markup."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import lxml.html
import pytest
import trafilatura

from wellness_archiver.extraction import EXTRACTOR_VERSION, Article, extract, extract_with_reason
from wellness_archiver.extraction.cleaners import clean_lines
from wellness_archiver.extraction.core import HTML_CLASSES, parse_page
from wellness_archiver.extraction.decode import decode_html
from wellness_archiver.extraction.extras import read_engagement
from wellness_archiver.extraction.platform import detect_platform

PAGES = Path(__file__).parent / "pages"
SEED_CHROME = [
    "top of page", "bottom of page", "Search", "Writer's picture", "Updated: Feb 8",
    "a felt heart broken with stitches", "views", "0 comments", "Recent Posts", "See All",
    "Comments", "Logo", "Contact Us", "#therapy",
]


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def expected(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8").strip()


def test_wix_seed_text_and_metadata():
    url = "https://www.kindredroots.example/post/healing-within-a-relationship"
    article, reason = extract_with_reason(page("wix-seed.html"), url)
    assert reason is None
    assert article.text == expected("wix-seed.expected.txt")
    assert article.platform == "wix"
    assert article.title == "Healing within a Relationship"
    assert article.author == "Rachael King"
    assert article.published == "2023-02-01"
    assert article.updated == "2023-02-08"
    assert article.site_name == "Kindred Roots Counselling"
    assert article.language == "en"
    assert article.canonical_url == url
    assert article.word_count == len(article.text.split())
    for chrome in SEED_CHROME:
        assert chrome not in article.text
    assert not article.text.startswith(article.title)


def test_wix_metadata_from_markup_alone():
    """Without JSON-LD and article:* metas, Wix's own header markup still gives
    the author and the "Updated: Feb 8" date (year taken from the post date)."""
    html = page("wix-seed.html").decode()
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    html = re.sub(r'<meta property="article:[^>]*>', "", html)
    article = extract(html)
    assert article.author == "Rachael King"
    assert article.published == "2023-02-01"
    assert article.updated == "2023-02-08"
    assert article.text == expected("wix-seed.expected.txt")


def test_wix_without_body_hook_falls_back_to_whole_page():
    html = page("wix-seed.html").decode()
    html = html.replace('data-hook="post-description"', 'data-hook="x"').replace("rich-content-viewer", "x")
    article = extract(html)
    assert article.text == expected("wix-seed.expected.txt")


def test_custom_seed_text_and_hashtag_tags():
    article, reason = extract_with_reason(page("custom-seed.html"), "https://zeroopposite.example/a/1")
    assert reason is None
    assert article.text == expected("custom-seed.expected.txt")
    assert article.tags == ["therapy", "attachment", "desire", "relationships", "healing",
                            "personalgrowth", "psychology"]
    assert article.title == "HOW THERAPY CAN HELP HEAL PAST RELATIONSHIP TRAUMA AND PROMOTE INTIMACY"
    assert article.site_name == "ZeroOpposite"
    assert article.published == "2023-05-14"
    assert article.platform == "generic"
    assert article.canonical_url == (
        "https://zeroopposite.example/article/"
        "how-therapy-can-help-heal-past-relationship-trauma-and-promote-intimacy"
    )
    for chrome in SEED_CHROME:
        assert chrome not in article.text


def test_trailing_hashtag_line_in_plain_text():
    body = "<p>" + "Plenty of words about healing and trust in therapy. " * 5 + "</p>"
    html = f"<html><body><article>{body}<p>#therapy #attachment#desire #therapy</p></article></body></html>"
    article = extract(html)
    assert article.tags == ["therapy", "attachment", "desire"]
    assert "#" not in article.text


def test_jsonld_graph_wordpress():
    article = extract(page("wordpress-graph.html"))
    assert article.platform == "wordpress"
    assert article.title == "Grounding Techniques for Anxious Moments"
    assert article.author == "Dr. Lena Ortiz"  # via the @graph Person
    assert article.published == "2022-04-12"
    assert article.updated == "2022-05-02"
    assert article.site_name == "Mindful Path Therapy"
    assert article.tags == ["anxiety", "grounding", "coping skills"]
    assert article.language == "en"
    lines = article.text.splitlines()
    assert lines[1] == "Five techniques to try"
    assert lines[2].startswith("- Name five things")
    for junk in ("Share this", "Facebook", "Related", "Box breathing", "Feeling the ground",
                 "bare feet", "cold object trick", "Leave a comment", "Lena is a clinical"):
        assert junk not in article.text


def test_comment_dates_are_not_the_published_date():
    article = extract(page("generic-comments.html"))
    assert article.published == "2021-03-03"
    assert "Printed it out" not in article.text


@pytest.mark.parametrize(
    "title, site, want",
    [
        ("Why Rest Matters | The Quiet Mind", "The Quiet Mind", "Why Rest Matters"),
        ("Why Rest Matters - The Quiet Mind", "The Quiet Mind", "Why Rest Matters"),
        ("Why Rest Matters – The Quiet Mind", "the quiet mind", "Why Rest Matters"),
        ("The Quiet Mind | Why Rest Matters", "The Quiet Mind", "Why Rest Matters"),
        ("Rest - and Why It Matters | The Quiet Mind", "The Quiet Mind", "Rest - and Why It Matters"),
        ("Rest - and Why It Matters", "The Quiet Mind", "Rest - and Why It Matters"),
    ],
)
def test_title_site_suffix_is_stripped(title, site, want):
    body = "<p>" + "Rest is part of the work, not a reward for finishing it. " * 6 + "</p>"
    html = (f'<html><head><title>{title}</title><meta property="og:site_name" content="{site}">'
            f"</head><body><article>{body}</article></body></html>")
    assert extract(html).title == want


@pytest.mark.parametrize(
    "title, head, url, want",
    [
        # the suffix is the start of the declared name, its initials, or the host name
        ("Healthy Plates &bull; The Plate Source", '<meta property="og:site_name" content="The Plate Source - A School">',
         None, "Healthy Plates"),
        ("Top 100 Calm Companies | QMA", '<meta property="og:site_name" content="Quiet Mind Awards">', None,
         "Top 100 Calm Companies"),
        ("Sleep Coupons | Blue Collar Sleepers", "", "https://www.bluecollarsleepers.com/coupons/", "Sleep Coupons"),
        ("Why Rest Matters | Rest Blog", "", "https://blog.rest-lang.org/2025/why", "Why Rest Matters"),
        ("Why Rest Matters - Quiet - Quiet", '<meta property="og:site_name" content="Quiet">', None,
         "Why Rest Matters"),
        # a site name with a separator of its own is matched whole
        ("Why Rest Matters - Quiet Gym | Gyms Near You", '<meta property="og:site_name" content="Quiet Gym | Gyms Near You">',
         None, "Why Rest Matters"),
        # a brand prefix stays unless it is the declared name itself
        ("Quiet Wallet - Royal Black", "", "https://quiet.example/products/black", "Quiet Wallet - Royal Black"),
        # (and a short last part after a three-word title goes: drop_short_suffix)
        ("Calm Studio Community | Download Free", '<meta property="og:site_name" content="Calm Studio">', None,
         "Calm Studio Community"),
    ],
)
def test_title_site_name_variants_are_stripped(title, head, url, want):
    body = "<p>" + "Rest is part of the work, not a reward for finishing it. " * 6 + "</p>"
    html = f"<html><head><title>{title}</title>{head}</head><body><article>{body}</article></body></html>"
    assert extract(html, url=url).title == want


# --- boilerplate lines (cleaners.clean_lines, boilerplate.py) ----------------

PROSE = ("Grounding is a way of coming back to the present moment when anxiety pulls you "
         "into the future, and it works best when you practise it on calm days too.")


def _clean(*lines: str) -> list[str]:
    return clean_lines([PROSE, *lines, PROSE], drop=set(), edge=set())[1:-1]


@pytest.mark.parametrize(
    "line",
    [
        "Read also: Five grounding exercises for anxious moments",
        "Lesen Sie auch: Warum Schlaf die beste Therapie ist",
        "À lire aussi » Comment apaiser une crise d'angoisse ?",
        "LEA TAMBIÉN: Cinco ejercicios para la ansiedad",
        "Czytaj też: Jak radzić sobie ze stresem",
        "MIRA: Cómo respirar cuando llega el pánico",
        ">> Die besten Tipps gegen Grübeln <<",
        "Sign up for my newsletter and get a free breathing guide!",
        "Never miss a post: subscribe to our weekly newsletter here.",
        "Folgt mir gerne auf Instagram, da gibt es jeden Tag neue Impulse.",
        "If you enjoyed this post, would you consider supporting our work?",
        "This post contains affiliate links. I may earn a small commission at no extra cost to you.",
        "*Werbung. Dieser Beitrag enthält Werbung für ein Yoga-Studio.",
        "Anzeige",
        "Mit der Nutzung dieses Formulars erklärst du dich mit der Speicherung deiner Daten einverstanden.",
        "Klicken Sie auf den unteren Button, um den Inhalt von www.youtube.com zu laden.",
        "© 2023 Quiet Mind Counselling. All rights reserved.",
        "Aktualisiert am 12.03.2021",
        "Last updated: 3 March 2021",
        "12.03.2021",
        "Lesezeit: 4 Minuten",
        "Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)",
        "| Kommentare insgesamt: 0 | |",
        "Jump to Recipe Print Recipe",
        "Table of Contents [hide]",
        "Inhaltsverzeichnis",
        "Kategorie: Achtsamkeit",
        "Quelle: Deutsche Depressionshilfe",
        "Eine Frau meditiert am See. © Getty Images / Jane Doe",
        "(dpa/AFP)",
        "Tel.: +49 30 1234567",
    ],
)
def test_boilerplate_line_is_dropped(line):
    assert _clean(line) == []


@pytest.mark.parametrize(
    "line",
    [
        # prose that merely uses the words the rules key on
        "I started a newsletter last year, and writing it every week taught me more about "
        "consistency than any productivity book, because a deadline with readers is a real one.",
        "Research shows that these foods support our gut health and mood in surprising ways.",
        "Lea: Ja, genau. Das hat mir damals am meisten geholfen.",
        "Lee: I think that was the moment I stopped blaming myself",
        "grab/hold/seize",
        "Nach dem Motto „some rights reserved“ (all rights reserved gilt nur für das Original) steht die Lizenz.",
        "Was ist denn jetzt Werbung?",
        "See also the chapter on sleep hygiene, which explains why screens at night keep you awake "
        "longer than you think and what to do about it.",
    ],
)
def test_prose_with_boilerplate_words_is_kept(line):
    assert _clean(line) == [line]


def test_related_posts_heading_takes_its_titles_but_not_the_next_section():
    lines = _clean(
        "Related posts",
        "How to stop overthinking at night",
        "Five grounding techniques",
        "Why rest is productive",
        "What to do when the panic comes back",
        PROSE,
    )
    # the last short line is followed by a paragraph: it heads the next section
    assert lines == ["What to do when the panic comes back", PROSE]


def test_related_heading_takes_list_items_up_to_the_end():
    lines = _clean(
        "Das könnte Sie auch interessieren:",
        "- Achtsamkeit im Alltag: 7 einfache Übungen",
        "- Warum Grübeln müde macht",
    )
    assert lines == []


def test_tags_label_takes_the_tag_line_but_not_a_list():
    assert _clean("Tags:", "anxiety grounding self-care") == []
    assert _clean("Categories:", "- Generalised anxiety disorder") == ["- Generalised anxiety disorder"]


def test_press_contact_block_at_the_end_is_dropped():
    lines = [PROSE, "Pressekontakt:", "Dr. Anna Beispiel", "presse@example.org", "Tel. 030 1234567"]
    assert clean_lines(lines, drop=set(), edge=set()) == [PROSE]


def test_text_is_nfc_normalised():
    decomposed = "Über Ängste zu sprechen hilft"  # "U" + U+0308 ...
    decomposed = unicodedata.normalize("NFD", decomposed)
    assert _clean(decomposed) == ["Über Ängste zu sprechen hilft"]
    body = "<p>" + ("Über Ängste zu sprechen hilft vielen Menschen. " * 6) + "</p>"
    article = extract(unicodedata.normalize("NFD", f"<html><body><article>{body}</article></body></html>"))
    assert unicodedata.is_normalized("NFC", article.text)
    assert "Über Ängste" in article.text and "Über Ängste" in article.markdown


def test_generic_page_loses_teasers_appeals_and_notices():
    """A blog page without platform markup: trafilatura keeps these lines, the line rules drop them."""
    paragraphs = [
        "Anxiety often shows up in the body before the mind notices it: a tight chest, shallow "
        "breathing, a restless stomach that will not settle.",
        "One of the simplest ways back to the present is to name five things you can see, four you "
        "can touch, three you can hear, two you can smell and one you can taste.",
        "Practise it when you are calm, so that it is there for you when you are not.",
    ]
    html = (
        "<html><head><title>Grounding when anxiety hits</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/blog'>Blog</a></nav><main><article>"
        "<h1>Grounding when anxiety hits</h1>"
        "<p><em>This post contains affiliate links. I may earn a small commission at no extra cost to you.</em></p>"
        f"<p>{paragraphs[0]}</p>"
        "<p><strong>Read also:</strong> <a href='/sleep'>Why sleep is the first thing to protect</a></p>"
        f"<p>{paragraphs[1]}</p><p>{paragraphs[2]}</p>"
        "<p>Sign up for my newsletter and get a free breathing guide!</p>"
        "<p>Keine Kommentare</p>"
        "</article></main><footer><p>© 2023 Quiet Mind</p></footer></body></html>"
    )
    article = extract(html)
    assert article.text.splitlines() == paragraphs


def test_jsonld_comment_count_twice_does_not_fail_the_page():
    """commentCount and an interactionStatistic comment counter on one node."""
    ld = ('{"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Rest", "commentCount": 4,'
          ' "interactionStatistic": {"@type": "InteractionCounter", "interactionType":'
          ' "https://schema.org/CommentAction", "userInteractionCount": 7}}')
    body = "<p>" + "Rest is part of the work, not a reward for finishing it. " * 6 + "</p>"
    html = (f'<html><head><script type="application/ld+json">{ld}</script></head>'
            f"<body><article>{body}</article></body></html>")
    article, reason = extract_with_reason(html)
    assert reason is None
    assert article.comment_count == 4


# --- encodings --------------------------------------------------------------

WESTERN = ("Don’t rush — it’s “okay” to feel naïve about therapy; café conversations "
           "help. Über Ängste zu sprechen, ist ein großer Schritt für viele Menschen.")
JAPANESE = ("セラピーは関係の中で癒しを見つける方法です。私たちの心と体は、安全な関係の中で"
            "少しずつ回復していきます。焦らずに、自分のペースで進みましょう。")


def _doc(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>T</title></head><body><article><p>{text}</p></article></body></html>"


@pytest.mark.parametrize(
    "text, codec, head",
    [
        (WESTERN, "cp1252", '<meta charset="windows-1252">'),
        (WESTERN, "cp1252", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
        (WESTERN, "cp1252", ""),  # nothing declared: sniffed
        (JAPANESE, "shift_jis", '<meta charset="Shift_JIS">'),
        (JAPANESE, "shift_jis", ""),  # nothing declared: sniffed
        (JAPANESE, "utf-8", ""),
        (WESTERN, "utf-16", ""),  # BOM
    ],
)
def test_encodings(text, codec, head):
    data = _doc(text, head).encode(codec)
    assert decode_html(data) == _doc(text, head)
    article, reason = extract_with_reason(data)
    assert reason is None
    assert article.text == text


def test_mostly_utf8_with_a_stray_byte_stays_utf8():
    data = _doc(WESTERN).encode("utf-8").replace(b"</p>", b" \x96</p>")  # one cp1252 dash
    assert "Über Ängste" in decode_html(data)


# --- rejects never raise ----------------------------------------------------


@pytest.mark.parametrize(
    "data, reason",
    [
        (None, "empty document"),
        (b"", "empty document"),
        ("", "empty document"),
        (b"   \n\t ", "empty document"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "not html"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not html"),
        (b"\x00\x01\x02binary\x00" * 50, "not html"),
        ("just a sentence with no markup at all", "not html"),
        ("<html><body><nav>Home</nav></body></html>", "no main text found"),
        ("<html><body><article><p>Only five words here.</p></article></body></html>",
         "text too short (4 words)"),
        (12345, "not html (int)"),
    ],
)
def test_rejects_with_reason(data, reason):
    assert extract_with_reason(data) == (None, reason)
    assert extract(data) is None


def test_garbage_never_raises():
    rng = random.Random(0)
    samples = [rng.randbytes(n) for n in (1, 10, 1000, 100_000)]
    samples += [
        b"<html><body><div><p>unclosed <b>tags <i>everywhere",
        b"<" * 10_000,
        b"<html>" + b"<div>" * 5000 + b"deep" + b"</div>" * 5000 + b"</html>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
        "<html><body>\ud800 lone surrogate</body></html>",
        b"\xef\xbb\xbf<html><body><p>bom</p></body></html>",
    ]
    for sample in samples:
        article, reason = extract_with_reason(sample)
        assert (article is None) == (reason is not None)


def test_huge_document_is_rejected_not_parsed():
    data = b"<html><body>" + b"<p>word</p>" * 2_000_000 + b"</body></html>"
    assert extract_with_reason(data) == (None, "document too large (22 MB)")


# --- platform detection -----------------------------------------------------


@pytest.mark.parametrize(
    "snippet, platform",
    [
        ('<meta name="generator" content="Wix.com Website Builder">', "wix"),
        ('<meta name="generator" content="WordPress 6.4.3">', "wordpress"),
        ('<script src="https://assets.squarespace.com/universal/scripts-compressed/common.js"></script>',
         "squarespace"),
        ("<meta name='generator' content='blogger'>", "blogger"),
        ('<meta name="generator" content="Ghost 5.80">', "ghost"),
        ('<link rel="stylesheet" href="https://substackcdn.com/bundle/theme/main.css">', "substack"),
        ('<script src="https://assets.tumblr.com/pop/js/modern/index.js"></script>', "tumblr"),
        ('<link rel="stylesheet" href="//cdn2.editmysite.com/css/sites.css">', "weebly"),
        ('<link rel="stylesheet" href="/wp-content/themes/x/style.css">', "wordpress"),
        ('<a href="https://www.tumblr.com/share?u=x">Share on Tumblr</a>', "generic"),
    ],
)
def test_platform_detection(snippet, platform):
    from lxml.html import document_fromstring

    tree = document_fromstring(f"<html><head>{snippet}</head><body><p>x</p></body></html>")
    assert detect_platform(tree) == platform


def test_public_api():
    assert trafilatura.__version__ in EXTRACTOR_VERSION
    article = extract(page("custom-seed.html"))
    assert isinstance(article, Article)
    assert set(article.as_dict()) >= {"url", "canonical_url", "title", "author", "published", "updated",
                                      "site_name", "tags", "description", "language", "text",
                                      "word_count", "platform"}


def test_the_parser_gives_lxml_htmls_element_classes_without_its_python_lookup():
    # the table copied from lxml.html: a new lxml with another class would show here
    assert HTML_CLASSES == lxml.html.HtmlElementClassLookup._default_element_classes
    html = (b"<html><head><title>T</title></head><body><form><label>L</label><input name=a>"
            b"<select><option>o</option></select><textarea>t</textarea></form><div><p>text</p></div></body></html>")
    tree, _ = parse_page(html)
    assert [type(el) for el in tree.iter()] == [type(el) for el in lxml.html.document_fromstring(html).iter()]


@pytest.mark.parametrize("body, want", [
    ("<p>25 views</p><p>3 min read</p>", {"views": 25, "reading_minutes": 3}),
    ("<p><a>Comments (<span>3</span>)</a></p>", {"comment_count": 3}),
    # a label without its figure, in an element whose whole text is far too long for a counter
    ("<div>Comments (<span>3</span>)" + "<p>Some prose about reading and liking things.</p>" * 50 + "</div>", {}),
])
def test_engagement_figures_from_short_texts_only(body, want):
    tree, _ = parse_page(f"<html><body>{body}</body></html>".encode())
    assert read_engagement(tree) == want
