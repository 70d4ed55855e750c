"""Metadata rules from real pages (issue 12): which declaration wins, and what
is no title, author or date. The snippets are cut down from pages of the
WCXB dev split (github:Murrough-Foley/web-content-extraction-benchmark,
CC-BY-4.0, Foley 2026) and of Mozilla Readability's test pages (Apache-2.0),
with invented names where a page named a person; no file under ../shared is read."""

from __future__ import annotations

import pytest

from wellness_archiver.extraction import extract


def _page(head: str, body: str = "", url: str | None = None, html_attrs: str = ""):
    prose = "<p>" + "Calm breathing helps the body settle after a long day at work. " * 12 + "</p>"
    html = f"<html{html_attrs}><head>{head}</head><body>{body}<article>{prose}</article></body></html>"
    return extract(html, url)


# --- <meta>: RDFa's space-separated properties, Dublin Core, property before name

def test_space_separated_properties_and_dublin_core_come_first():
    # Readability's test page "004-metadata-space-separated-properties"
    head = ('<title>Title Element</title>'
            '<meta property="x:title dc:title" content="Preferred title"/>'
            '<meta property="og:title twitter:title" content="A title"/>'
            '<meta property="dc:creator twitter:site_name" content="Creator Name"/>'
            '<meta name="author" content="FAIL"/>')
    article = _page(head)
    assert (article.title, article.author) == ("Preferred title", "Creator Name")


def test_property_attribute_before_name_attribute():
    head = ('<meta name="og:title" content="Name title"/><meta property="og:title" content="Property title"/>')
    assert _page(head).title == "Property title"


@pytest.mark.parametrize("meta", [
    '<meta property="og:published_time" content="2024-10-08T00:00:00-04:00">',
    '<meta name="date" content="March 27, 2025">',
    '<meta name="DC.date" content="2025-03-27">',
    '<meta name="published" content="March 27, 2025">',
])
def test_more_published_date_declarations(meta):
    assert _page(meta).published in ("2024-10-08", "2025-03-27")


# --- Q&A pages: the question's date and asker (schema.org microdata)

QUESTION = """
<div itemprop="mainEntity" itemscope itemtype="https://schema.org/Question">
  <h1 itemprop="name">Why is a bare except a bad practice?</h1>
  <div class="d-none" itemprop="datePublished">2018-05-21</div>
  <div><span>Asked</span> <time itemprop="dateCreated" datetime="2014-02-04 13:02:51Z">12 years ago</time></div>
  <div class="user-details" itemprop="author" itemscope itemtype="http://schema.org/Person">
    <a href="/users/1/asker" itemprop="url">Asker</a><meta itemprop="name" content="Asker"></div>
  <div itemprop="comment" itemscope itemtype="https://schema.org/Comment">
    <div itemprop="author" itemscope itemtype="https://schema.org/Person">
      <div class="d-none" itemprop="name">commenter</div></div></div>
  <div itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer">
    <time itemprop="dateCreated" datetime="2016-08-28 19:36:43Z"></time></div>
</div>"""


def test_question_date_and_asker_from_microdata():
    article = _page("<title>Why is a bare except a bad practice?</title>", QUESTION,
                    html_attrs=' itemscope itemtype="https://schema.org/QAPage"')
    assert (article.published, article.author) == ("2014-02-04", "Asker")


def test_question_in_jsonld():
    ld = ('{"@context": "https://schema.org", "@type": "QAPage", "mainEntity": {"@type": "Question", '
          '"name": "Best first telescope?", "dateCreated": "2025-02-20T14:19:26Z", "author": {"name": "Ann Lee"}}}')
    article = _page(f'<script type="application/ld+json">{ld}</script>')
    assert (article.published, article.author) == ("2025-02-20", "Ann Lee")


# --- a UTC date declared, the same instant in the page's own zone

def test_utc_declaration_gives_way_to_the_pages_local_time_of_the_same_instant():
    ld = ('{"@type": "DiscussionForumPosting", "headline": "How close is the project?", '
          '"datePublished": "2025-12-18T23:25:38+00:00"}')
    body = '<time datetime="2025-12-19T04:25:38+0500">Yesterday at 4:25 AM</time>'
    assert _page(f'<script type="application/ld+json">{ld}</script>', body).published == "2025-12-19"
    # another instant (a reply) does not move the day
    body = '<time datetime="2025-12-20T04:25:38+0500">Today at 4:25 AM</time>'
    assert _page(f'<script type="application/ld+json">{ld}</script>', body).published == "2025-12-18"


# --- titles: the page's headings

@pytest.mark.parametrize("title, h1s, want", [
    # Sphinx-style pages: the heading's permalink glyph is no part of it
    ("Logging HOWTO — Python 3 documentation", ["Logging HOWTO¶"], "Logging HOWTO"),
    # a site's logo <h1> matching the end of <title>; the post's <h1> its start
    ("Outside the web: WebAssembly binaries · V8", ["V8", "Outside the web: WebAssembly binaries"],
     "Outside the web: WebAssembly binaries"),
    # a line break inside the heading is a space
    ("News Product Management Certification — News Product Alliance", ["News Product<br>Management Certification"],
     "News Product Management Certification"),
])
def test_title_from_headings(title, h1s, want):
    body = "".join(f"<h1>{h}</h1>" for h in h1s)
    assert _page(f"<title>{title}</title>", body).title == want


def test_logo_heading_linking_home_is_not_the_title():
    body = '<h1><a href="http://forum.example/">Arch Forums</a></h1>'
    title = "What happened with the ISO in 2024 / Discussion / Arch Forums"
    assert _page(f"<title>{title}</title>", body).title == title


def test_domain_name_part_is_the_site():
    title = "Discuss the 7.1.0 release here - virtualbox.org"
    assert _page(f"<title>{title}</title>", "<h1>virtualbox.org</h1>", "https://forums.vbox.example/t/1").title \
        == "Discuss the 7.1.0 release here"


def test_a_label_before_the_title_in_the_heading_is_not_a_rewording():
    title = "What do you look for in a web host? | Hosting Talk"
    body = "<h1>Thread: What do you look for in a web host?</h1>"
    url = "https://www.hostingtalk.example/showthread.php?t=1930933"
    assert _page(f"<title>{title}</title>", body, url).title == "What do you look for in a web host?"


@pytest.mark.parametrize("title, want", [
    ("Best Residential Movers in NYC 2025 | Top 19 Companies", "Best Residential Movers in NYC 2025"),
    ("How meditation rewires brains and improves health | Opinion", "How meditation rewires brains and improves health"),
    ("Lorem ipsum dolor sit amet – My website", "Lorem ipsum dolor sit amet"),  # Readability's "title-en-dash"
    ("Yahoo News - Latest News & Headlines", "Yahoo News - Latest News & Headlines"),  # a two-word head stays
    ("Tutorial - User Guide", "Tutorial - User Guide"),
    ("Calm breathing for busy people - a guide to five short daily habits", None),  # a long last part stays
])
def test_a_short_last_part_after_a_separator_is_dropped(title, want):
    assert _page(f"<title>{title}</title>").title == (want or title)


def test_heading_typeset_otherwise_keeps_the_declared_title():
    # Readability's "buzzfeed-1": the same words, the theme's curly quotes in the <h1>
    head = '<meta property="og:title" content="Student Dies After Pills She Bought Online &quot;Burned Her Up&quot;">'
    body = "<h1>Student Dies After Pills She Bought Online &#8220;Burned Her Up&#8221;</h1>"
    assert _page(head, body).title == 'Student Dies After Pills She Bought Online "Burned Her Up"'


@pytest.mark.parametrize("h1, logo", [
    ('<a href="/">Calm Weekly</a>', True), ('<a href="index.html"><span>Calm Weekly</span></a>', True),
    ('<a href="/2024/05/calm-breathing/">Calm Weekly</a>', False),  # a permalink: the post's own heading
    ('<a name="top">Calm Weekly</a>', False), ("Calm Weekly", False),
])
def test_logo_headings(h1, logo):
    import lxml.html

    from wellness_archiver.extraction.metadata import headings

    tree = lxml.html.document_fromstring(f"<html><body><h1>{h1}</h1></body></html>")
    assert headings(tree) == ([] if logo else ["Calm Weekly"])


def test_first_time_of_the_article_when_nothing_is_declared():
    body = ('<aside><time datetime="2020-01-01">old teaser</time></aside><article><ul class="page-text__meta">'
            '<li><time datetime="2025-12-19">2025-12-19</time></li></ul>'
            '<div class="comment"><time datetime="2025-12-24">reply</time></div></article>')
    assert _page("<title>Recap of the year 2025</title>", body).published == "2025-12-19"


# --- the date shown by the title against the declared ones (shown_date.py)

def _ld(**fields) -> str:
    import json

    node = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "A post", **fields}
    return f'<script type="application/ld+json">{json.dumps(node)}</script>'


def test_shown_byline_date_beats_a_stale_declared_one():
    # a construction-software blog: the CMS's datePublished is the last edit's day
    body = ('<h1>Top 39 Electrical Construction Companies</h1><div class="byline"><span>By</span>'
            '<span>Ann Lee</span><span>Published</span><span>Apr 26, 2023</span><span>Updated</span>'
            '<span>Aug 21, 2025</span></div>')
    assert _page(_ld(datePublished="Aug 21, 2025", dateModified="2025-08-20"), body).published == "2023-04-26"
    # a utility's news post: "On 8 Oct 2022 in NEWS" under the title, declared a fortnight later
    body = '<h1>Electrical Safety Tips and Best Practices</h1><p>On <span>8 Oct 2022</span> in <a>NEWS</a></p>'
    head = '<meta property="article:published_time" content="2022-10-24T12:40:59+00:00">'
    assert _page(head, body).published == "2022-10-08"


def test_shown_date_that_is_the_declared_modification_keeps_the_declared_publication():
    # an ML tools blog: only the last edit's day is shown, unlabelled
    head = ('<meta property="article:published_time" content="2022-07-21T10:36:48+00:00">'
            '<meta property="article:modified_time" content="2023-08-29T09:10:11+00:00">')
    body = ('<h1>Best Machine Learning as a Service Platforms</h1><div>Ann Lee</div><div>8 min</div>'
            '<div>29th August, 2023</div>')
    assert _page(head, body).published == "2022-07-21"


def test_shown_numeric_date_read_the_other_way_agrees_with_the_declared_one():
    body = '<h1>Home Renovation Phases and Timelines</h1><p>By Block Builders</p><p>09.10.2024</p>'
    assert _page(_ld(datePublished="2024-09-10T16:07:00.000Z"), body).published == "2024-09-10"


def test_a_date_labelled_as_an_update_only_when_nothing_is_declared():
    # a scholarship blog declaring no date at all: the update is the only date it gives
    body = ('<h1>Best High School Tutors</h1><div>Updated:</div><div>December 31, 2024</div>'
            '<div>Written by: Ann Lee</div>')
    assert _page("<title>Best High School Tutors</title>", body).published == "2024-12-31"
    # a gear-review site declaring its first publication: the update does not replace it
    head = '<meta property="article:published_time" content="2016-02-25T23:48:16+00:00">'
    body = '<h1>Best Camping Hammocks</h1><div>Last Updated:</div><div>April 1, 2025</div><div>By Ann Lee</div>'
    assert _page(head, body).published == "2016-02-25"
    # a forum thread: the starter's join date is no date of the thread
    body = '<h1>How close is the project?</h1><dl><dt>Joined</dt><dd>Nov 4, 2011</dd></dl>'
    assert _page(_ld(datePublished="2025-12-18T23:25:38+00:00"), body).published == "2025-12-18"


def test_a_date_inside_a_sentence_is_no_byline():
    body = ('<h1>Enrolment now open for Spanish Classes</h1><p>The enrolment period, which opened on Wednesday, '
            'December 17 2025, runs until Tuesday, January 6 2026.</p>')
    assert _page(_ld(datePublished="2025-12-19"), body).published == "2025-12-19"


def test_a_byline_date_just_above_the_title():
    # a bootcamp's blog: "February 4, 2025 - 11 minutes" over the <h1>, nothing declared
    body = ('<nav><a>Back to all articles</a></nav><p>February 4, 2025 - 11 minutes</p>'
            '<h1>Cloud Computing Innovations</h1>')
    assert _page("<title>Cloud Computing Innovations</title>", body).published == "2025-02-04"
