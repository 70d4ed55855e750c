"""Deterministic generator of a WordPress-like blog for the crawl benchmark.

    python benchmarks/sitegen.py OUT_DIR [--posts 2000] [--origin http://127.0.0.1:8000]

Why it looks the way it does: a crawler's cost per post is dominated by what
real blog platforms actually serve, not by the article. A WordPress post page
with a page builder, an SEO plugin, a consent banner and analytics is ~150 KB,
of which the article is ~5-10 KB; the rest is inline <style>/<script>, JSON-LD,
an SVG sprite and ~50 internal links (menus, widgets, related posts, tags).
A benchmark on 5 KB toy pages would flatter any design that parses HTML more
than once, so we reproduce that weight and shape here.

Layout written into OUT_DIR (served as static files by nginx):

    /index.html                         home = listing page 1
    /page/N/index.html                  listing pages 2..ceil(N/10), 10 posts each
    /YYYY/MM/DD/slug/index.html         one per post
    /category/<slug>/index.html         a few category pages (10 newest posts)
    /tag/<slug>/index.html              a few tag pages
    /author/<slug>/index.html           author pages
    /about/ /contact/ /privacy-policy/  standalone pages
    /robots.txt                         with a Sitemap: line
    /sitemap_index.xml                  Yoast-style sitemap index
    /post-sitemap.xml, post-sitemap2.xml, ...   max 1000 URLs each
    /page-sitemap.xml, /category-sitemap.xml

Like WordPress, every URL in the pages is absolute (scheme://host:port/...).
The port is only known at benchmark time, so pages are generated once with
some origin and ``restamp()`` rewrites the origin in place later (a byte
replace over the files, far cheaper than regenerating).

Everything is derived from a seed: the same (posts, seed) gives byte-identical
output, so runs on different days crawl the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

# Bump when the output changes, so cached sites are regenerated.
GENERATOR_VERSION = 3  # 3: sites over DENSE_AFTER posts keep their dates within 2016-2025
DENSE_AFTER = 2000
MANIFEST = ".sitegen.json"
POSTS_PER_LISTING = 10
URLS_PER_SITEMAP = 1000

SITE_NAME = "Calm Harbor Wellness"
SITE_TAGLINE = "Therapy notes, mindful living and gentle mental-health advice"

# --------------------------------------------------------------------------
# Word banks for the prose. Sentences are assembled from templates whose
# slots draw from these lists, so each post gets different text (trafilatura
# behaves differently on duplicate vs. varied content, and real corpora vary).
# --------------------------------------------------------------------------

TOPICS = [
    "anxiety", "burnout", "sleep", "grief", "self-compassion", "boundaries",
    "mindfulness", "breathwork", "journaling", "loneliness", "resilience",
    "perfectionism", "stress", "gratitude", "attachment", "rest", "movement",
    "nutrition", "rumination", "panic", "confidence", "motivation",
    "emotional regulation", "social anxiety", "chronic pain", "postpartum mood",
    "seasonal depression", "procrastination", "people pleasing", "inner critic",
    "screen time", "trauma recovery", "couples communication", "forgiveness",
    "body image", "decision fatigue", "caregiver stress", "morning routines",
]
CATEGORIES = [
    "Anxiety", "Mindfulness", "Relationships", "Sleep", "Self-Care",
    "Therapy", "Nutrition", "Work and Burnout",
]
TAGS = [
    "breathing", "cbt", "dbt", "journaling", "meditation", "walking", "yoga",
    "habits", "parenting", "grief", "boundaries", "sleep hygiene",
]
AUTHORS = [
    ("Rachael King", "LCSW"), ("Daniel Okafor", "PsyD"),
    ("Mei Tanaka", "LMFT"), ("Sofia Alvarez", "RD"),
]
PEOPLE = [
    "many of my clients", "a client I will call Sam", "new parents",
    "teachers", "nurses", "students", "people in recovery", "caregivers",
    "remote workers", "older adults", "teenagers", "couples", "athletes",
    "first responders", "small business owners", "graduate students",
]
VERBS = [
    "notice", "soften", "name", "track", "question", "welcome", "interrupt",
    "slow down", "reframe", "observe", "accept", "untangle", "schedule",
    "practice", "revisit", "protect", "honor", "measure", "loosen", "anchor",
]
OBJECTS = [
    "the urge to fix everything at once", "small moments of calm",
    "the story your mind is telling", "tension in the shoulders and jaw",
    "the gap between stimulus and response", "an evening wind-down routine",
    "the first signs of overwhelm", "what your body is asking for",
    "the habit of checking the phone in bed", "a realistic weekly plan",
    "the voice of the inner critic", "unspoken expectations in a relationship",
    "the need for rest without guilt", "a short list of values",
    "the difference between solitude and isolation", "a kinder morning",
    "the pace of your breathing", "thoughts that arrive at three in the morning",
    "the boundaries you have been postponing", "a single honest conversation",
]
ADVERBS = [
    "gently", "consistently", "without judgment", "a little each day",
    "with curiosity", "patiently", "deliberately", "more often than you think",
    "in small doses", "on purpose", "slowly", "honestly",
]
OUTCOMES = [
    "the nervous system has a chance to settle",
    "sleep tends to become less fragile",
    "old patterns lose some of their grip",
    "conversations become less reactive",
    "energy returns in a steadier way",
    "setbacks feel less like proof of failure",
    "the day gains a few quiet anchors",
    "self-talk becomes more accurate and less cruel",
    "it becomes easier to ask for help",
    "progress starts to feel measurable",
    "the body stops bracing for the next emergency",
    "rest stops feeling like something to earn",
]
EVIDENCE = [
    "Research on {topic} consistently points in the same direction",
    "Clinical experience with {topic} backs this up",
    "Several small studies on {topic} suggest a similar effect",
    "Therapists who specialise in {topic} often describe this pattern",
    "Surveys of people living with {topic} tell a similar story",
]
OPENERS = [
    "In my practice,", "Over the years,", "More often than not,", "Interestingly,",
    "For most people,", "In the early weeks,", "When life gets busy,",
    "On difficult days,", "Quite often,", "In my own life,", "Surprisingly,",
]
CONNECTORS = ["and", "but", "so", "because", "while", "even when", "especially if"]
FEELINGS = [
    "restless", "stuck", "drained", "on edge", "flat", "scattered",
    "overwhelmed", "tender", "hopeful", "numb", "irritable", "unsettled",
]
SITUATIONS = [
    "the week is already full", "sleep has been poor", "a deadline looms",
    "family visits for the holidays", "a relationship is changing",
    "work follows you home", "the seasons change", "motivation disappears",
    "you are starting therapy", "you feel like you are behind",
]
TITLE_TEMPLATES = [
    "{n} Gentle Ways to {Verb} {Object}",
    "Why {Topic} Is Not a Personal Failure",
    "How to {Verb} {Object} When {Situation}",
    "What {Topic} Taught Me About {Topic2}",
    "A Therapist's Guide to {Topic}",
    "{Topic} and {Topic2}: What the Research Says",
    "The Quiet Link Between {Topic} and {Topic2}",
    "When You Feel {Feeling}: Notes on {Topic}",
    "{n} Myths About {Topic} We Should Retire",
    "Small Habits for {Topic} That Actually Stick",
    "Understanding {Topic} in Everyday Life",
    "Letting Go of {Object}",
]
SENTENCE_TEMPLATES = [
    "{Opener} {people} find that when they {verb} {object} {adverb}, {outcome}.",
    "It helps to {verb} {object} {adverb}, {connector} {outcome}.",
    "{Evidence}: when we {verb} {object}, {outcome}.",
    "If you feel {feeling} when {situation}, try to {verb} {object} {adverb}.",
    "{Topic} rarely changes overnight, {connector} {outcome} once you {verb} {object}.",
    "{Opener} the first step is simply to {verb} {object}.",
    "Nobody has to {verb} {object} perfectly; doing it {adverb} is enough.",
    "Ask yourself what it would mean to {verb} {object} this week.",
    "{people_cap} often tell me they feel {feeling} when {situation}.",
    "That is normal, {connector} it is also a signal worth listening to.",
    "Over a few weeks, {outcome}, {connector} the change is easy to miss from the inside.",
    "Write down one moment each day when you managed to {verb} {object}.",
    "{Topic} is shaped by sleep, movement, relationships and meaning, not willpower alone.",
    "There is no single right way to {verb} {object}, {connector} some ways are kinder than others.",
    "Notice whether you feel {feeling} or {feeling2} afterwards, and adjust.",
]
H2_TEMPLATES = [
    "What {Topic} Looks Like Day to Day", "Why It Matters", "Where to Start",
    "A Simple Practice", "When to Ask for Help", "Common Obstacles",
    "What the Research Says", "Putting It Into Practice",
    "A Note on {Topic}", "Making It Sustainable", "Try This Tonight",
    "The Role of {Topic2}",
]
QUOTE_TEMPLATES = [
    "You do not have to {verb} {object} alone.",
    "Progress with {topic} is rarely a straight line.",
    "Rest is not a reward; it is part of the work.",
    "Be as patient with yourself as you would be with a friend who feels {feeling}.",
]
COMMENTERS = ["Dana", "Luis", "Priya", "Tom", "Grace", "Amir", "Nell", "Jordan", "Chloe", "Ravi"]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _title_case(s: str) -> str:
    small = {"a", "an", "and", "the", "of", "to", "in", "on", "for", "at", "or", "with"}
    words = s.split()
    return " ".join(
        w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def slugify(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


class Prose:
    """Builds sentences, paragraphs and titles from the word banks."""

    def __init__(self, rng: random.Random, topic: str, topic2: str):
        self.r = rng
        self.topic = topic
        self.topic2 = topic2

    def _fill(self, template: str) -> str:
        r = self.r
        people = r.choice(PEOPLE)
        feeling = r.choice(FEELINGS)
        values = {
            "Opener": r.choice(OPENERS),
            "people": people,
            "people_cap": _cap(people),
            "verb": r.choice(VERBS),
            "Verb": _title_case(r.choice(VERBS)),
            "object": r.choice(OBJECTS),
            "Object": _title_case(r.choice(OBJECTS)),
            "adverb": r.choice(ADVERBS),
            "outcome": r.choice(OUTCOMES),
            "connector": r.choice(CONNECTORS),
            "feeling": feeling,
            "feeling2": r.choice([f for f in FEELINGS if f != feeling]),
            "Feeling": _cap(r.choice(FEELINGS)),
            "situation": r.choice(SITUATIONS),
            "Situation": _title_case(r.choice(SITUATIONS)),
            "topic": self.topic,
            "Topic": _title_case(self.topic),
            "Topic2": _title_case(self.topic2),
            "n": r.choice([3, 4, 5, 6, 7, 8, 9, 10, 12]),
        }
        values["Evidence"] = r.choice(EVIDENCE).format(topic=self.topic)
        return template.format(**values)

    def sentence(self) -> str:
        s = self._fill(self.r.choice(SENTENCE_TEMPLATES))
        return s[:1].upper() + s[1:]

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(3, 6)))

    def rich_paragraph(self) -> str:
        """A paragraph as HTML, with the odd <strong>/<em> editors add."""
        out = []
        for _ in range(self.r.randint(3, 6)):
            s = escape(self.sentence())
            roll = self.r.random()
            if roll < 0.12:
                s = f"<strong>{s}</strong>"
            elif roll < 0.2:
                s = f"<em>{s}</em>"
            out.append(s)
        return " ".join(out)

    def heading(self) -> str:
        return self._fill(self.r.choice(H2_TEMPLATES))

    def quote(self) -> str:
        return _cap(self._fill(self.r.choice(QUOTE_TEMPLATES)))

    def list_item(self) -> str:
        return _cap(f"{self.r.choice(VERBS)} {self.r.choice(OBJECTS)} {self.r.choice(ADVERBS)}")

    def title(self) -> str:
        return self._fill(self.r.choice(TITLE_TEMPLATES))


# --------------------------------------------------------------------------
# Site plan: every post's URL, title, date and taxonomy, decided up front so
# that pages can link to each other (related posts, prev/next, listings).
# --------------------------------------------------------------------------


@dataclass
class Post:
    idx: int  # 0 = oldest
    post_id: int  # the WordPress post ID, appears in classes and JSON
    title: str
    slug: str
    date: dt.datetime
    modified: dt.datetime
    author: int
    categories: list[int]
    tags: list[int]
    topic: str
    topic2: str
    path: str = ""  # /YYYY/MM/DD/slug/
    excerpt: str = ""
    related: list[int] = field(default_factory=list)


@dataclass
class Plan:
    posts: list[Post]  # oldest first
    by_category: dict[int, list[int]]  # newest first
    by_tag: dict[int, list[int]]
    by_author: dict[int, list[int]]


def make_plan(n_posts: int, seed: int) -> Plan:
    rng = random.Random(f"plan:{seed}")
    start = dt.datetime(2016, 1, 4, 8, 0, 0)
    posts: list[Post] = []
    seen_slugs: set[str] = set()
    when = start
    # ~40 hours between posts up to DENSE_AFTER posts (2016 to 2025); a larger
    # site posts more often, so its dates stay in the same years (at 40 hours
    # apart, 50,000 posts would run to the year 2246, and dates past 2100 send
    # the extractor's date search to dateparser: a cost of the dates, not of
    # the site's size).
    spacing = min(1.0, DENSE_AFTER / max(n_posts, 1))
    for i in range(n_posts):
        topic, topic2 = rng.sample(TOPICS, 2)
        prose = Prose(rng, topic, topic2)
        title = prose.title()
        slug = slugify(title)
        base, k = slug, 2
        while slug in seen_slugs:  # WordPress appends -2, -3 on clashes
            slug = f"{base}-{k}"
            k += 1
        seen_slugs.add(slug)
        gap = rng.randint(20, 60) * 60 + rng.randint(0, 59)  # minutes
        when = when + dt.timedelta(minutes=max(1, round(gap * spacing)))
        modified = when + dt.timedelta(days=rng.choice([0, 0, 0, 1, 3, 30, 200]))
        cats = rng.sample(range(len(CATEGORIES)), rng.choice([1, 1, 2]))
        tags = rng.sample(range(len(TAGS)), rng.randint(2, 5))
        p = Post(
            idx=i, post_id=100 + i * 7, title=title, slug=slug, date=when,
            modified=modified, author=rng.randrange(len(AUTHORS)),
            categories=cats, tags=tags, topic=topic, topic2=topic2,
        )
        p.path = f"/{when:%Y/%m/%d}/{slug}/"
        p.excerpt = prose.sentence()
        posts.append(p)

    by_category: dict[int, list[int]] = {c: [] for c in range(len(CATEGORIES))}
    by_tag: dict[int, list[int]] = {t: [] for t in range(len(TAGS))}
    by_author: dict[int, list[int]] = {a: [] for a in range(len(AUTHORS))}
    for p in reversed(posts):
        for c in p.categories:
            by_category[c].append(p.idx)
        for t in p.tags:
            by_tag[t].append(p.idx)
        by_author[p.author].append(p.idx)
    for p in posts:  # Jetpack-style related posts: same category, any age
        pool = [j for j in by_category[p.categories[0]] if j != p.idx] or [
            j for j in range(n_posts) if j != p.idx
        ]
        p.related = rng.sample(pool, min(4, len(pool)))
    return Plan(posts, by_category, by_tag, by_author)


# --------------------------------------------------------------------------
# The page weight: inline CSS/JS as themes and plugins ship them. Generated
# from a seeded RNG so it is "code-shaped" (selectors, declarations,
# functions, JSON) rather than filler, and so it is stable across runs.
# Most of it is shared by every page (as on a real site); a per-post part
# (page-builder CSS, per-post config, JSON-LD) changes with each post.
# --------------------------------------------------------------------------

CSS_PROPS = [
    ("margin", ["0", "0 auto", "0 0 1.5em", "12px 0", "var(--wp--style--block-gap)"]),
    ("padding", ["0", "8px 16px", "1rem 1.5rem", "calc(.667em + 2px) calc(1.333em + 2px)"]),
    ("display", ["block", "flex", "grid", "inline-block", "none", "inline-flex"]),
    ("color", ["#1e1e1e", "#fff", "var(--wp--preset--color--contrast)", "#3c434a", "inherit"]),
    ("background-color", ["transparent", "#f6f7f7", "var(--wp--preset--color--base)", "#32373c"]),
    ("font-size", ["1rem", "clamp(1.1rem, 1.1rem + ((1vw - 0.2rem) * 0.767), 1.5rem)", "13px", ".875em"]),
    ("line-height", ["1.5", "1.2", "normal", "1.7"]),
    ("border-radius", ["0", "2px", "9999px", "4px"]),
    ("transition", ["all .2s ease-in-out", "opacity .3s", "transform .25s cubic-bezier(.4,0,.2,1)"]),
    ("align-items", ["center", "flex-start", "stretch"]),
    ("justify-content", ["space-between", "center", "flex-end"]),
    ("box-sizing", ["border-box"]),
    ("position", ["relative", "absolute", "sticky", "static"]),
    ("width", ["100%", "auto", "calc(100% - 2rem)", "50%", "var(--wp--style--global--content-size)"]),
    ("max-width", ["100%", "1200px", "var(--wp--style--global--wide-size)", "650px"]),
    ("text-decoration", ["none", "underline", "underline dotted"]),
    ("z-index", ["1", "10", "100000", "-1"]),
    ("gap", ["0.5em", "var(--wp--style--block-gap)", "24px"]),
    ("opacity", ["0", ".5", "1"]),
    ("font-weight", ["400", "600", "700", "bold"]),
]
CSS_BLOCKS = [
    "wp-block-button", "wp-block-columns", "wp-block-cover", "wp-block-gallery",
    "wp-block-image", "wp-block-navigation", "wp-block-quote", "wp-block-search",
    "wp-block-social-links", "wp-block-table", "wp-block-group", "wp-block-embed",
    "wp-block-latest-posts", "wp-block-media-text", "wp-block-separator",
    "wp-block-pullquote", "wp-block-file", "wp-block-post-template",
]
CSS_SUFFIXES = [
    "", "__link", "__inner-container", "__content", "__label", "__button",
    "__item", "__caption", ".is-style-outline", ".alignwide", ".has-background",
    "__submenu-container", ".is-layout-flex", "__toggle",
]
JS_WORDS = [
    "init", "toggle", "menu", "nav", "submenu", "focus", "scroll", "resize",
    "lazy", "image", "consent", "cookie", "track", "event", "modal", "slider",
    "observer", "sticky", "header", "popup", "form", "validate", "share",
    "analytics", "viewport", "debounce", "throttle", "render", "state", "queue",
]


def _css_rule(r: random.Random, selector: str) -> str:
    decls = ";".join(
        f"{name}:{r.choice(vals)}" for name, vals in r.sample(CSS_PROPS, r.randint(2, 6))
    )
    return f"{selector}{{{decls}}}"


def css_library(r: random.Random, target: int) -> str:
    """Block-library / theme style CSS, minified like WordPress ships it."""
    out, size = [], 0
    while size < target:
        block = r.choice(CSS_BLOCKS)
        sel = f".{block}{r.choice(CSS_SUFFIXES)}"
        if r.random() < 0.3:
            sel += f",.{r.choice(CSS_BLOCKS)}{r.choice(CSS_SUFFIXES)}"
        rule = _css_rule(r, sel)
        if r.random() < 0.08:
            rule = f"@media (min-width:{r.choice([600, 782, 960, 1080])}px){{{rule}}}"
        out.append(rule)
        size += len(rule)
    return "".join(out)


def css_global_styles(r: random.Random) -> str:
    """theme.json presets: the long :root custom-property block + utility classes."""
    colors = ["black", "cyan-bluish-gray", "white", "pale-pink", "vivid-red",
              "luminous-vivid-orange", "luminous-vivid-amber", "light-green-cyan",
              "vivid-green-cyan", "pale-cyan-blue", "vivid-cyan-blue",
              "vivid-purple", "base", "contrast", "primary", "secondary", "tertiary"]
    grads = ["vivid-cyan-blue-to-vivid-purple", "light-green-cyan-to-vivid-green-cyan",
             "luminous-vivid-amber-to-luminous-vivid-orange", "cool-to-warm-spectrum",
             "blush-light-purple", "blush-bordeaux", "luminous-dusk", "pale-ocean",
             "electric-grass", "midnight"]
    parts = [":root{"]
    for c in colors:
        parts.append(f"--wp--preset--color--{c}: #{r.randrange(0x1000000):06x};")
    for g in grads:
        parts.append(
            f"--wp--preset--gradient--{g}: linear-gradient(135deg,rgba({r.randrange(256)},"
            f"{r.randrange(256)},{r.randrange(256)},1) 0%,rgb({r.randrange(256)},"
            f"{r.randrange(256)},{r.randrange(256)}) 100%);"
        )
    for i, s in enumerate(["small", "medium", "large", "x-large", "xx-large"]):
        parts.append(f"--wp--preset--font-size--{s}: {13 + i * 6}px;")
    for i in range(20, 90, 10):
        parts.append(f"--wp--preset--spacing--{i}: {0.44 * (i / 20) ** 1.5:.2f}rem;")
    for s in ["natural", "deep", "sharp", "outlined", "crisp"]:
        parts.append(
            f"--wp--preset--shadow--{s}: {r.randint(0, 12)}px {r.randint(0, 12)}px "
            f"{r.randint(0, 24)}px rgba(0, 0, 0, 0.{r.randint(1, 9)});"
        )
    parts.append("}")
    for c in colors:
        for kind, prop in (("color", "color"), ("background-color", "background-color"),
                           ("border-color", "border-color")):
            parts.append(f".has-{c}-{kind}{{{prop}: var(--wp--preset--color--{c}) !important;}}")
    for g in grads:
        parts.append(f".has-{g}-gradient-background{{background: var(--wp--preset--gradient--{g}) !important;}}")
    parts.append(":where(.is-layout-flex){gap: 0.5em;}:where(.is-layout-grid){gap: 0.5em;}"
                 "body .is-layout-flex{display: flex;}.is-layout-flex{flex-wrap: wrap;align-items: center;}")
    return "".join(parts)


def css_builder_post(r: random.Random, post_id: int, target: int) -> str:
    """Page-builder CSS for one post (Elementor inlines post-<id>.css)."""
    out, size = [], 0
    while size < target:
        el = f"{r.randrange(16**7):07x}"
        sel = f".elementor-{post_id} .elementor-element.elementor-element-{el}"
        sel += r.choice(["", " > .elementor-widget-container", " .elementor-heading-title",
                         ":not(.elementor-motion-effects-element-type-background)",
                         " > .elementor-column-wrap > .elementor-widget-wrap"])
        rule = _css_rule(r, sel)
        if r.random() < 0.15:
            rule = f"@media(max-width:{r.choice([767, 1024])}px){{{rule}}}"
        out.append(rule)
        size += len(rule)
    return "".join(out)


def _ident(r: random.Random) -> str:
    return r.choice(JS_WORDS) + r.choice(JS_WORDS).capitalize()


def js_bundle(r: random.Random, target: int) -> str:
    """Minified theme/plugin JS: IIFEs, handlers, string tables.

    No "</" sequences: real minifiers escape them ("<\\/") so the HTML
    parser does not end the <script> early, and so do we.
    """
    out = ['!function(){"use strict";var e={},t=window,n=document;']
    size = len(out[0])
    while size < target:
        name, a, b = _ident(r), _ident(r), _ident(r)
        kind = r.random()
        if kind < 0.3:
            s = (f'function {name}(e,t){{var r=n.querySelectorAll(".{r.choice(CSS_BLOCKS)}'
                 f'{r.choice(CSS_SUFFIXES).split(".")[0]}");for(var o=0;o<r.length;o++)'
                 f'{{r[o].classList.toggle("is-{r.choice(JS_WORDS)}",!!t),r[o].setAttribute('
                 f'"aria-expanded",t?"true":"false")}}return r.length>{r.randint(0, 9)}&&e}}')
        elif kind < 0.55:
            s = (f'e.{name}=function(e){{var t=this;return new Promise(function(n,r){{'
                 f'setTimeout(function(){{try{{n(t.{a}(e,{r.randint(1, 999)}))}}catch(e){{r(e)}}}}'
                 f',{r.choice([0, 16, 50, 100, 250])})}})}};')
        elif kind < 0.75:
            keys = ",".join(f'"{_ident(r)}":"{r.choice(JS_WORDS)}-{r.randrange(10**6)}"'
                            for _ in range(r.randint(3, 8)))
            s = f"var {name}={{{keys}}};"
        elif kind < 0.9:
            s = (f't.addEventListener("{r.choice(["scroll", "resize", "load", "click", "keydown"])}"'
                 f',function(e){{{a}(e.target,{r.randint(0, 1)})&&{b}.call(n,e,'
                 f'{{passive:!0,capture:!{r.randint(0, 1)}}})}},{{passive:!0}});')
        else:
            s = (f'var {name}=function(e){{for(var t=[],n=0;n<e.length;n+={r.randint(1, 4)})'
                 f't.push(e.charCodeAt(n)^{r.randrange(256)});return t.join(",")}};')
        out.append(s)
        size += len(s)
    out.append("}();")
    return "".join(out)


def emoji_settings_js(r: random.Random, origin: str) -> str:
    base = origin.replace("/", "\\/")
    return (
        'window._wpemojiSettings = {"baseUrl":"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/15.0.3\\/72x72\\/",'
        '"ext":".png","svgUrl":"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/15.0.3\\/svg\\/","svgExt":".svg",'
        f'"source":{{"concatemoji":"{base}\\/wp-includes\\/js\\/wp-emoji-release.min.js?ver=6.5.2"}}}};\n'
        + js_bundle(r, 4500)
    )


ICONS = ["search", "bars", "times", "chevron-down", "angle-right", "facebook-f",
         "instagram", "pinterest-p", "youtube", "envelope", "phone-alt", "map-marker-alt",
         "clock", "heart", "comment", "user", "tag", "folder-open", "share-alt",
         "link", "print", "leaf", "spa", "moon"]


def svg_icon_paths(r: random.Random) -> dict[str, str]:
    """Font Awesome-like path data; Elementor inlines one <svg> per icon use."""
    return {
        name: " ".join(f"{r.choice('MLCQ')}{r.randint(0, 512)} {r.randint(0, 512)}"
                       for _ in range(r.randint(8, 18))) + "z"
        for name in ICONS
    }


class Chrome:
    """The site-wide parts of every page, built once per site.

    Modelled on a WordPress theme whose header, footer and sidebar are built
    with Elementor: every widget sits inside section > container > column >
    widget-wrap > widget > widget-container wrappers, icons are inline SVGs,
    the menu is printed twice (desktop + mobile dropdown) and the cookie
    plugin ships a hidden settings modal. That is why real pages carry
    1,000-2,000 DOM elements for a 1,000-word article, and element count is
    what HTML extraction pays for.
    """

    def __init__(self, seed: int, origin: str, plan: Plan):
        r = random.Random(f"chrome:{seed}")
        self.r = r
        self.origin = origin
        self.plan = plan
        self.block_library_css = css_library(r, 11000)
        self.global_styles_css = css_global_styles(r)
        self.theme_css = css_library(r, 10000)
        self.critical_css = css_library(r, 7000)
        self.emoji_js = emoji_settings_js(r, origin)
        self.theme_js = js_bundle(r, 17000)
        self.consent_js = js_bundle(r, 8000)
        self.footer_js = js_bundle(r, 5000)
        self.icons = svg_icon_paths(r)
        self.i18n = json.dumps({
            "": {"domain": "messages", "lang": "en_US"},
            **{f"{w.capitalize()} {x}": [f"{w.capitalize()} {x}"] for w in JS_WORDS for x in ("menu", "item")},
        }, separators=(",", ":"))
        self.recent = plan.posts[-5:][::-1]
        # Site-wide blocks are identical on every page, as on a real site.
        self._header = self._build_header()
        self._sidebar = self._build_sidebar()
        self._footer = self._build_footer()

    # --- Elementor-shaped building blocks ---------------------------------
    def eid(self, r: random.Random | None = None) -> str:
        return f"{(r or self.r).randrange(16**7):07x}"

    def icon(self, name: str) -> str:
        return (f'<svg aria-hidden="true" class="e-font-icon-svg e-fas-{name}" viewBox="0 0 512 512" '
                f'xmlns="http://www.w3.org/2000/svg"><path d="{self.icons[name]}"></path></svg>')

    def widget(self, kind: str, inner: str, r: random.Random | None = None) -> str:
        e = self.eid(r)
        return (f'<div class="elementor-element elementor-element-{e} elementor-widget elementor-widget-{kind}" '
                f'data-id="{e}" data-element_type="widget" data-widget_type="{kind}.default">'
                f'<div class="elementor-widget-container">{inner}</div></div>')

    def section(self, columns: list[str], r: random.Random | None = None, extra: str = "") -> str:
        e = self.eid(r)
        cols = "".join(
            f'<div class="elementor-column elementor-col-{100 // len(columns)} elementor-top-column elementor-element '
            f'elementor-element-{(c_id := self.eid(r))}" data-id="{c_id}" data-element_type="column">'
            f'<div class="elementor-widget-wrap elementor-element-populated">{c}</div></div>'
            for c in columns
        )
        return (f'<section class="elementor-section elementor-top-section elementor-element elementor-element-{e} '
                f'elementor-section-boxed elementor-section-height-default {extra}" data-id="{e}" '
                f'data-element_type="section" data-settings="{{&quot;background_background&quot;:&quot;classic&quot;}}">'
                f'<div class="elementor-container elementor-column-gap-default">{cols}</div></section>')

    def icon_list(self, items: list[tuple[str, str, str | None]]) -> str:
        """(icon, text, href or None) rows, as Elementor's icon-list widget prints them."""
        lis = []
        for icon, text, href in items:
            inner = (f'<span class="elementor-icon-list-icon">{self.icon(icon)}</span>'
                     f'<span class="elementor-icon-list-text">{escape(text)}</span>')
            if href:
                inner = f'<a href="{href}">{inner}</a>'
            lis.append(f'<li class="elementor-icon-list-item">{inner}</li>')
        return f'<ul class="elementor-icon-list-items">{"".join(lis)}</ul>'

    def url(self, path: str) -> str:
        return self.origin + path

    def head(self, title: str, canonical: str, description: str, extra_meta: str,
             jsonld: str, page_css: str, body_config: str) -> str:
        o = self.origin
        return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="profile" href="https://gmpg.org/xfn/11">
<title>{escape(title)}</title>
<meta name="description" content="{escape(description)}">
<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1">
<link rel="canonical" href="{canonical}">
<meta property="og:locale" content="en_US">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:title" content="{escape(title)}">
<meta property="og:description" content="{escape(description)}">
<meta property="og:url" content="{canonical}">
{extra_meta}<meta name="twitter:card" content="summary_large_image">
<script type="application/ld+json" class="yoast-schema-graph">{jsonld}</script>
<link rel="dns-prefetch" href="//fonts.googleapis.com">
<link rel="stylesheet" id="wp-block-library-css" href="{o}/wp-includes/css/dist/block-library/style.min.css?ver=6.5.2" media="all">
<link rel="stylesheet" id="calmharbor-style-css" href="{o}/wp-content/themes/calmharbor/style.css?ver=2.4.1" media="all">
<link rel="stylesheet" id="elementor-frontend-css" href="{o}/wp-content/plugins/elementor/assets/css/frontend-lite.min.css?ver=3.21.4" media="all">
<script>{self.emoji_js}</script>
<style id="wp-emoji-styles-inline-css">img.wp-smiley,img.emoji{{display:inline !important;border:none !important;box-shadow:none !important;height:1em !important;width:1em !important;margin:0 0.07em !important;vertical-align:-0.1em !important;background:none !important;padding:0 !important}}</style>
<style id="wp-block-library-inline-css">{self.block_library_css}</style>
<style id="global-styles-inline-css">{self.global_styles_css}</style>
<style id="calmharbor-style-inline-css">{self.theme_css}</style>
<style id="wpr-critical-css">{self.critical_css}</style>
<style id="elementor-post-css">{page_css}</style>
<script id="wp-i18n-js-after">wp.i18n.setLocaleData({self.i18n},"default");</script>
<script id="elementor-frontend-js-before">var elementorFrontendConfig = {body_config};</script>
<script async src="{o}/wp-content/plugins/site-kit/gtag.js?id=G-CALMHARBOR"></script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}gtag("js",new Date());gtag("config","G-CALMHARBOR",{{"anonymize_ip":true}});</script>
<link rel="https://api.w.org/" href="{o}/wp-json/">
<link rel="icon" href="{o}/wp-content/uploads/2020/01/cropped-icon-32x32.png" sizes="32x32">
</head>
"""

    def _menu(self, mobile: bool) -> str:
        o = self.origin
        tab = ' tabindex="-1"' if mobile else ""  # the dropdown copy is not tabbable
        sub = "".join(
            f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category menu-item-{40 + i}">'
            f'<a href="{o}/category/{slugify(c)}/" class="elementor-sub-item"{tab}>{escape(c)}</a></li>'
            for i, c in enumerate(CATEGORIES[:4])  # the menu features four categories
        )
        arrow = f'<span class="sub-arrow">{self.icon("chevron-down")}</span>'
        return (
            f'<ul id="menu-{"2" if mobile else "1"}-primary" class="elementor-nav-menu{" sm-vertical" if mobile else ""}">'
            f'<li class="menu-item menu-item-type-custom menu-item-home current-menu-item menu-item-31"><a href="{o}/" class="elementor-item"{tab}>Home</a></li>'
            f'<li class="menu-item menu-item-type-post_type menu-item-object-page menu-item-32"><a href="{o}/about/" class="elementor-item"{tab}>About</a></li>'
            f'<li class="menu-item menu-item-has-children menu-item-33"><a href="{o}/" class="elementor-item has-submenu"{tab}>Blog{arrow}</a>'
            f'<ul class="sub-menu elementor-nav-menu--dropdown">{sub}</ul></li>'
            f'<li class="menu-item menu-item-type-post_type menu-item-object-page menu-item-34"><a href="{o}/contact/" class="elementor-item"{tab}>Contact</a></li></ul>'
        )

    def _build_header(self) -> str:
        o = self.origin
        logo = self.widget("theme-site-logo", (
            f'<a href="{o}/"><img width="240" height="60" src="{o}/wp-content/uploads/2020/01/logo.png" '
            f'class="attachment-full size-full" alt="{SITE_NAME}" decoding="async"></a>'))
        nav = self.widget("nav-menu", (
            f'<nav aria-label="Menu" class="elementor-nav-menu--main elementor-nav-menu__container '
            f'elementor-nav-menu--layout-horizontal e--pointer-underline e--animation-fade">{self._menu(False)}</nav>'
            f'<div class="elementor-menu-toggle" role="button" tabindex="0" aria-label="Menu Toggle" aria-expanded="false">'
            f'{self.icon("bars")}{self.icon("times")}<span class="elementor-screen-only">Menu</span></div>'
            f'<nav class="elementor-nav-menu--dropdown elementor-nav-menu__container" aria-hidden="true">{self._menu(True)}</nav>'))
        search = self.widget("search-form", (
            f'<form class="elementor-search-form" action="{o}/" method="get" role="search">'
            f'<div class="elementor-search-form__toggle" role="button" tabindex="0">{self.icon("search")}'
            f'<span class="elementor-screen-only">Search</span></div><div class="elementor-search-form__container">'
            f'<label class="elementor-screen-only" for="elementor-search-form-1">Search</label>'
            f'<input id="elementor-search-form-1" placeholder="Search..." class="elementor-search-form__input" type="search" name="s" value="">'
            f'<div class="dialog-lightbox-close-button dialog-close-button" role="button" tabindex="0">{self.icon("times")}'
            f'<span class="elementor-screen-only">Close this search box.</span></div></div></form>'))
        social = self.widget("social-icons", '<div class="elementor-social-icons-wrapper elementor-grid">' + "".join(
            f'<span class="elementor-grid-item"><span class="elementor-icon elementor-social-icon elementor-social-icon-{n} '
            f'elementor-repeater-item-{self.eid()}" role="img"><span class="elementor-screen-only">{n.split("-")[0].title()}</span>'
            f'{self.icon(n)}</span></span>' for n in ("facebook-f", "instagram", "pinterest-p", "youtube")) + "</div>")
        topbar = self.section([
            self.widget("icon-list", self.icon_list([("phone-alt", "(555) 010-0199", None),
                                                     ("envelope", "hello@calmharbor.example", None)])),
            social,
        ], extra="elementor-hidden-mobile")
        main = self.section([logo, nav, search])
        return f"""<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<div data-elementor-type="header" data-elementor-id="8" class="elementor elementor-8 elementor-location-header" data-elementor-post-type="elementor_library">
{topbar}
{main}
</div>
<div id="content" class="site-content"><div class="ast-container">
"""

    def header(self) -> str:
        return self._header

    def _build_sidebar(self) -> str:
        o = self.origin
        plan = self.plan
        recent = "".join(
            f'<li class="recent-post"><div class="recent-post-thumb"><img width="80" height="80" loading="lazy" '
            f'src="{o}/wp-content/uploads/{p.date:%Y/%m}/featured-{p.post_id}-150x150.jpg" alt=""></div>'
            f'<div class="recent-post-body"><a href="{o}{p.path}">{escape(p.title)}</a>'
            f'<span class="post-date">{self.icon("clock")}<time>{p.date:%B %-d, %Y}</time></span></div></li>'
            for p in self.recent
        )
        cats = "".join(
            f'<li class="cat-item cat-item-{3 + i}"><span class="cat-icon">{self.icon("folder-open")}</span>'
            f'<a href="{o}/category/{slugify(c)}/">{escape(c)}</a> <span class="count">({len(plan.by_category[i])})</span></li>'
            for i, c in enumerate(CATEGORIES)
        )
        # The tag cloud widget shows the 8 most used tags.
        top = sorted(range(len(TAGS)), key=lambda i: (-len(plan.by_tag[i]), i))[:8]
        tags = "".join(
            f'<a href="{o}/tag/{slugify(TAGS[i])}/" class="tag-cloud-link tag-link-{20 + i}" '
            f'style="font-size: {8 + len(plan.by_tag[i]) * 14 // max(1, len(plan.posts)):.0f}pt;" '
            f'aria-label="{escape(TAGS[i])} ({len(plan.by_tag[i])} items)">{escape(TAGS[i])}</a>\n'
            for i in top
        )
        newsletter = self.widget("form", (
            '<form class="elementor-form" method="post" name="Newsletter"><div class="elementor-form-fields-wrapper elementor-labels-above">'
            + "".join(
                f'<div class="elementor-field-type-{t} elementor-field-group elementor-column elementor-field-group-{n} elementor-col-100">'
                f'<label for="form-field-{n}" class="elementor-field-label">{n.title()}</label>'
                f'<input size="1" type="{t}" name="form_fields[{n}]" id="form-field-{n}" class="elementor-field elementor-size-sm elementor-field-textual"></div>'
                for t, n in (("text", "name"), ("email", "email")))
            + '<div class="elementor-field-group elementor-column elementor-field-type-submit elementor-col-100 e-form__buttons">'
              '<button type="submit" class="elementor-button elementor-size-sm"><span><span class="elementor-button-icon">'
            + self.icon("envelope") + '</span><span class="elementor-button-text">Subscribe</span></span></button></div></div></form>'))
        return f"""<aside id="secondary" class="widget-area secondary" role="complementary"><div class="sidebar-main">
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul></section>
<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">Categories</h2><ul>{cats}</ul></section>
<section id="tag_cloud-2" class="widget widget_tag_cloud"><h2 class="widget-title">Tags</h2><div class="tagcloud">{tags}</div></section>
<section id="elementor-library-2" class="widget widget_elementor-library"><h2 class="widget-title">Weekly letter</h2>
<div data-elementor-type="section" class="elementor elementor-910">{self.section([newsletter])}</div></section>
<section id="text-3" class="widget widget_text"><h2 class="widget-title">Crisis support</h2><div class="textwidget"><p>If you are in crisis, please contact your local emergency number or a crisis line. This blog is not a substitute for professional care.</p></div></section>
</div></aside>
"""

    def sidebar(self) -> str:
        return self._sidebar

    def _cookie_modal(self) -> str:
        """CookieLawInfo-style settings modal: hidden, but in the DOM of every page."""
        r = self.r
        groups = []
        for cat in ("Necessary", "Functional", "Performance", "Analytics", "Advertisement", "Others"):
            rows = "".join(
                f"<tr><td>{_ident(r)}_{r.randrange(100)}</td><td>{r.choice(['1 year', '11 months', 'session', '30 minutes', '2 years'])}</td>"
                f"<td>This cookie is set by the {r.choice(JS_WORDS)} plugin to {r.choice(['remember consent', 'count visits', 'store preferences', 'balance load'])}.</td></tr>"
                for _ in range(r.randint(2, 4))
            )
            groups.append(
                f'<div class="cli-tab-section"><div class="cli-tab-header"><a role="button" tabindex="0" class="cli-nav-link cli-settings-mobile" '
                f'data-target="{cat.lower()}" data-toggle="cli-toggle-tab">{cat}</a><div class="cli-switch">'
                f'<input type="checkbox" id="wt-cli-checkbox-{cat.lower()}" class="cli-user-preference-checkbox" data-id="checkbox-{cat.lower()}">'
                f'<label for="wt-cli-checkbox-{cat.lower()}" class="cli-slider" data-cli-enable="Enabled" data-cli-disable="Disabled">'
                f'<span class="wt-cli-sr-only">{cat}</span></label></div></div><div class="cli-tab-content"><div class="cli-tab-pane cli-fade" data-id="{cat.lower()}">'
                f'<div class="wt-cli-cookie-description">{cat} cookies are used as described below.'
                f'<table class="cookielawinfo-row-cat-table cookielawinfo-winter"><thead><tr><th class="cookielawinfo-column-1">Cookie</th>'
                f'<th class="cookielawinfo-column-3">Duration</th><th class="cookielawinfo-column-4">Description</th></tr></thead>'
                f"<tbody>{rows}</tbody></table></div></div></div></div>"
            )
        return (
            '<div class="cli-modal" data-nosnippet="true" id="cliSettingsPopup" tabindex="-1" role="dialog" aria-hidden="true">'
            '<div class="cli-modal-dialog" role="document"><div class="cli-modal-content cli-bar-popup">'
            f'<button type="button" class="cli-modal-close" id="cliModalClose">{self.icon("times")}<span class="wt-cli-sr-only">Close</span></button>'
            '<div class="cli-modal-body"><div class="cli-container-fluid cli-tab-container"><div class="cli-row"><div class="cli-col-12 cli-align-items-stretch cli-px-0">'
            '<div class="cli-privacy-overview"><h4>Privacy Overview</h4><div class="cli-privacy-content"><div class="cli-privacy-content-text">'
            "This website uses cookies to improve your experience while you navigate through the website.</div></div></div>"
            f'<div class="cli-tab-container">{"".join(groups)}</div></div></div></div></div>'
            '<div class="cli-modal-footer"><div class="wt-cli-element cli-container-fluid cli-tab-container"><div class="cli-row">'
            '<div class="cli-col-12 cli-align-items-stretch cli-px-0"><div class="cli-tab-footer wt-cli-privacy-overview-actions">'
            '<a id="wt-cli-privacy-save-btn" role="button" tabindex="0" data-cli-action="accept" class="wt-cli-privacy-btn cli_setting_save_button wt-cli-privacy-accept-btn cli-btn">SAVE &amp; ACCEPT</a>'
            "</div></div></div></div></div></div></div></div><div class=\"cli-modal-backdrop cli-fade cli-settings-overlay\"></div>"
        )

    def _build_footer(self) -> str:
        o = self.origin
        about = self.widget("text-editor", f"<p>{SITE_NAME} is a small group practice writing about everyday mental health. "
                                           "Articles are educational and are not a substitute for therapy.</p>")
        contact = self.widget("icon-list", self.icon_list([
            ("map-marker-alt", "12 Harbor Lane, Suite 4", None), ("phone-alt", "(555) 010-0199", None),
            ("envelope", "hello@calmharbor.example", None), ("clock", "Mon-Fri 9:00-18:00", None),
            ("leaf", "Telehealth available", None), ("spa", "Sliding-scale fees", None)]))
        links = self.widget("icon-list", self.icon_list([
            ("angle-right", "Privacy Policy", f"{o}/privacy-policy/"), ("angle-right", "About", f"{o}/about/"),
            ("angle-right", "Contact", f"{o}/contact/")]))
        hours = self.widget("heading", '<h4 class="elementor-heading-title elementor-size-default">Find us</h4>')
        copy = self.widget("text-editor", f"<p>&copy; 2016&ndash;2024 {SITE_NAME}. All rights reserved.</p>")
        return f"""</div></div><!-- #content -->
<div data-elementor-type="footer" data-elementor-id="12" class="elementor elementor-12 elementor-location-footer" data-elementor-post-type="elementor_library">
{self.section([about, hours + contact, links])}
{self.section([copy])}
</div>
<div id="cookie-law-info-bar" data-nosnippet="true" role="dialog" aria-live="polite"><span>We use cookies to understand how our articles are read.
<a role="button" class="medium cli-plugin-button cli-plugin-main-button cli_settings_button" tabindex="0">Cookie Settings</a>
<a role="button" data-cli_action="accept" id="cookie_action_close_header" class="medium cli-plugin-button cli-plugin-main-button cookie_action_close_header cli_action_button" tabindex="0">Accept All</a></span></div>
{self._cookie_modal()}
<div id="elementor-popup-modal-320" class="dialog-widget dialog-lightbox-widget dialog-type-buttons dialog-type-lightbox elementor-popup-modal" style="display:none">
<div class="dialog-widget-content dialog-lightbox-widget-content animated">{self.section([self.widget("heading", '<h2 class="elementor-heading-title">Before you go</h2>'), self.widget("text-editor", "<p>Join 4,000 readers who get one gentle idea each week.</p>"), self.widget("button", '<div class="elementor-button-wrapper"><a class="elementor-button elementor-button-link elementor-size-sm" role="button"><span class="elementor-button-content-wrapper"><span class="elementor-button-text">Subscribe</span></span></a></div>')])}</div></div>
<script id="cookie-law-info-js-extra">{self.consent_js}</script>
<script id="calmharbor-navigation-js">{self.theme_js}</script>
<script id="wp-util-js-after">{self.footer_js}</script>
</body>
</html>
"""

    def footer(self) -> str:
        return self._footer

    def share_buttons(self, r: random.Random) -> str:
        """Elementor share buttons are <div role=button> driven by JS: no links to follow."""
        return self.widget("share-buttons", '<div class="elementor-grid">' + "".join(
            f'<div class="elementor-grid-item"><div class="elementor-share-btn elementor-share-btn_{n}" role="button" tabindex="0" '
            f'aria-label="Share on {n}"><span class="elementor-share-btn__icon">{self.icon(i)}'
            f'<span class="elementor-screen-only">Share on {n}</span></span>'
            f'<div class="elementor-share-btn__text"><span class="elementor-share-btn__title">{n.title()}</span></div></div></div>'
            for n, i in (("facebook", "facebook-f"), ("pinterest", "pinterest-p"), ("email", "envelope"),
                         ("print", "print"), ("link", "link"))) + "</div>", r)


def _json_ld(origin: str, post: Post | None, title: str, url: str, description: str) -> str:
    graph: list[dict] = [
        {"@type": "WebSite", "@id": f"{origin}/#website", "url": f"{origin}/", "name": SITE_NAME,
         "description": SITE_TAGLINE, "publisher": {"@id": f"{origin}/#organization"},
         "potentialAction": [{"@type": "SearchAction", "target": {"@type": "EntryPoint",
                              "urlTemplate": f"{origin}/?s={{search_term_string}}"},
                              "query-input": "required name=search_term_string"}],
         "inLanguage": "en-US"},
        {"@type": "Organization", "@id": f"{origin}/#organization", "name": SITE_NAME,
         "url": f"{origin}/", "logo": {"@type": "ImageObject", "url": f"{origin}/wp-content/uploads/2020/01/logo.png",
                                       "width": 512, "height": 512}},
        {"@type": "WebPage", "@id": url, "url": url, "name": title, "isPartOf": {"@id": f"{origin}/#website"},
         "description": description, "inLanguage": "en-US",
         "breadcrumb": {"@id": f"{url}#breadcrumb"}},
    ]
    if post is not None:
        name, cred = AUTHORS[post.author]
        graph.append({
            "@type": "Article", "@id": f"{url}#article", "isPartOf": {"@id": url},
            "author": {"name": name, "@id": f"{origin}/#/schema/person/{slugify(name)}"},
            "headline": post.title, "datePublished": post.date.isoformat() + "+00:00",
            "dateModified": post.modified.isoformat() + "+00:00",
            "mainEntityOfPage": {"@id": url}, "publisher": {"@id": f"{origin}/#organization"},
            "keywords": [TAGS[t] for t in post.tags],
            "articleSection": [CATEGORIES[c] for c in post.categories], "inLanguage": "en-US",
        })
        graph.append({"@type": "Person", "@id": f"{origin}/#/schema/person/{slugify(name)}",
                      "name": name, "description": f"{name}, {cred}",
                      "url": f"{origin}/author/{slugify(name)}/"})
    return json.dumps({"@context": "https://schema.org", "@graph": graph}, separators=(",", ":"))


def _builder_config(r: random.Random, origin: str, post_id: int, title: str) -> str:
    base = origin.replace("/", "\\/")
    cfg = {
        "environmentMode": {"edit": False, "wpPreview": False, "isScriptDebug": False},
        "i18n": {w: w.capitalize() for w in JS_WORDS},
        "is_rtl": False, "breakpoints": {"xs": 0, "sm": 480, "md": 768, "lg": 1025, "xl": 1440, "xxl": 1600},
        "responsive": {"breakpoints": {k: {"label": k, "value": v, "direction": "max", "is_enabled": True}
                                       for k, v in (("mobile", 767), ("tablet", 1024), ("laptop", 1366))}},
        "version": "3.21.4", "urls": {"assets": f"{base}\\/wp-content\\/plugins\\/elementor\\/assets\\/"},
        "experimentalFeatures": {f: True for f in ("e_optimized_assets_loading", "e_font_icon_svg", "container",
                                                   "nested-elements", "e_lazyload", "block_editor_assets_optimize")},
        "post": {"id": post_id, "title": title, "excerpt": "", "featuredImage": False},
        "kit": {"active_breakpoints": ["viewport_mobile", "viewport_tablet"], "global_image_lightbox": "yes"},
        "nonce": hashlib.md5(f"{post_id}:{r.random()}".encode()).hexdigest()[:10],
    }
    return json.dumps(cfg, separators=(",", ":"))


def render_post(chrome: Chrome, post: Post, seed: int) -> str:
    o = chrome.origin
    plan = chrome.plan
    r = random.Random(f"post:{seed}:{post.idx}")
    prose = Prose(r, post.topic, post.topic2)
    url = o + post.path
    author, cred = AUTHORS[post.author]
    author_url = f"{o}/author/{slugify(author)}/"

    # Article body: 400-1200 words of prose, with headings, a list, a quote,
    # and a figure, in the mix WordPress's block editor produces.
    target_words = r.randint(400, 1200)
    blocks, words, toc = [], 0, []
    blocks.append(f"<p>{prose.rich_paragraph()}</p>")
    while words < target_words:
        roll = r.random()
        if roll < 0.15:
            h = prose.heading()
            anchor = f"{slugify(h)}-{len(toc) + 1}"
            toc.append((anchor, h))
            blocks.append(f'<h2 class="wp-block-heading" id="{anchor}"><span class="ez-toc-section" id="{anchor}-s"></span>{escape(h)}</h2>')
        elif roll < 0.22:
            items = "".join(f"<li>{escape(prose.list_item())}</li>" for _ in range(r.randint(3, 5)))
            blocks.append(f"<ul class=\"wp-block-list\">{items}</ul>")
        elif roll < 0.26:
            blocks.append(f'<blockquote class="wp-block-quote"><p>{escape(prose.quote())}</p></blockquote>')
        elif roll < 0.29:
            n = r.randint(1, 400)
            blocks.append(
                f'<figure class="wp-block-image size-large"><img decoding="async" loading="lazy" width="1024" height="683" '
                f'src="{o}/wp-content/uploads/{post.date:%Y/%m}/photo-{n}-1024x683.jpg" alt="{escape(prose.list_item())}" '
                f'class="wp-image-{post.post_id + n}" srcset="{o}/wp-content/uploads/{post.date:%Y/%m}/photo-{n}-1024x683.jpg 1024w, '
                f'{o}/wp-content/uploads/{post.date:%Y/%m}/photo-{n}-300x200.jpg 300w" sizes="(max-width: 1024px) 100vw, 1024px">'
                f"</figure>"
            )
            continue
        else:
            blocks.append(f"<p>{prose.rich_paragraph()}</p>")
        words += len(re.sub(r"<[^>]+>", " ", blocks[-1]).split())
    if len(toc) >= 2:  # Easy Table of Contents: fragment links, after the intro
        toc_html = (
            '<div id="ez-toc-container" class="ez-toc-v2_0_65 counter-hierarchy ez-toc-counter ez-toc-grey">'
            '<div class="ez-toc-title-container"><p class="ez-toc-title">Table of Contents</p>'
            '<span class="ez-toc-title-toggle"><a href="#" class="ez-toc-pull-right ez-toc-btn ez-toc-btn-xs ez-toc-btn-default ez-toc-toggle" aria-label="Toggle Table of Content">'
            f'<span class="ez-toc-js-icon-con">{chrome.icon("bars")}</span></a></span></div><nav><ul class="ez-toc-list ez-toc-list-level-1">'
            + "".join(f'<li class="ez-toc-page-1 ez-toc-heading-level-2"><a class="ez-toc-link ez-toc-heading-{k + 1}" '
                      f'href="#{a}" title="{escape(h)}">{escape(h)}</a></li>' for k, (a, h) in enumerate(toc))
            + "</ul></nav></div>"
        )
        blocks.insert(1, toc_html)
    body = "\n".join(blocks)

    cats_html = ", ".join(
        f'<a href="{o}/category/{slugify(CATEGORIES[c])}/" rel="category tag">{escape(CATEGORIES[c])}</a>'
        for c in post.categories
    )
    tags_html = ", ".join(
        f'<a href="{o}/tag/{slugify(TAGS[t])}/" rel="tag">{escape(TAGS[t])}</a>' for t in post.tags
    )
    prev_p = plan.posts[post.idx - 1] if post.idx > 0 else None
    next_p = plan.posts[post.idx + 1] if post.idx + 1 < len(plan.posts) else None
    nav = ""
    if prev_p:
        nav += (f'<div class="nav-previous"><a href="{o}{prev_p.path}" rel="prev"><span class="nav-subtitle">Previous:</span> '
                f'<span class="nav-title">{escape(prev_p.title)}</span></a></div>')
    if next_p:
        nav += (f'<div class="nav-next"><a href="{o}{next_p.path}" rel="next"><span class="nav-subtitle">Next:</span> '
                f'<span class="nav-title">{escape(next_p.title)}</span></a></div>')
    related = "".join(
        f'<article class="elementor-post elementor-grid-item post-{plan.posts[j].post_id} post type-post status-publish has-post-thumbnail">'
        f'<div class="elementor-post__thumbnail__link"><div class="elementor-post__thumbnail"><img width="300" height="200" loading="lazy" '
        f'src="{o}/wp-content/uploads/{plan.posts[j].date:%Y/%m}/featured-{plan.posts[j].post_id}-300x200.jpg" '
        f'class="attachment-medium size-medium wp-image-{plan.posts[j].post_id + 1}" alt=""></div></div>'
        f'<div class="elementor-post__text"><h3 class="elementor-post__title"><a href="{o}{plan.posts[j].path}">'
        f"{escape(plan.posts[j].title)}</a></h3><div class=\"elementor-post__meta-data\"><span class=\"elementor-post-date\">"
        f"{plan.posts[j].date:%B %-d, %Y}</span><span class=\"elementor-post-avatar\">No Comments</span></div>"
        f'<div class="elementor-post__excerpt"><p>{escape(plan.posts[j].excerpt)}</p></div></div></article>'
        for j in post.related
    )
    comments = ""
    for k in range(r.choice([0, 0, 1, 2, 3, 4])):
        who = r.choice(COMMENTERS)
        when = post.date + dt.timedelta(days=r.randint(1, 40), hours=r.randint(0, 23))
        cid = post.post_id * 10 + k
        comments += (
            f'<li id="comment-{cid}" class="comment even thread-even depth-1"><article id="div-comment-{cid}" class="comment-body">'
            f'<footer class="comment-meta"><div class="comment-author vcard"><img alt="" src="{o}/wp-content/uploads/avatars/{who.lower()}-48.png" '
            f'class="avatar avatar-48 photo" height="48" width="48" loading="lazy" decoding="async"><b class="fn">{who}</b> <span class="says">says:</span></div>'
            f'<div class="comment-metadata"><a href="#comment-{cid}"><time datetime="{when.isoformat()}+00:00">{when:%B %-d, %Y at %-I:%M %p}</time></a></div></footer>'
            f'<div class="comment-content"><p>{escape(prose.sentence())} Thank you for writing this.</p></div>'
            f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#respond" data-commentid="{cid}" data-postid="{post.post_id}" '
            f'data-belowelement="div-comment-{cid}" data-respondelement="respond" aria-label="Reply to {who}">Reply</a></div>'
            f"</article></li>"
        )
    comments_html = (
        f'<div id="comments" class="comments-area">'
        + (f'<h2 class="comments-title">{comments.count("<li ")} thoughts on &ldquo;{escape(post.title)}&rdquo;</h2>'
           f'<ol class="comment-list">{comments}</ol>' if comments else "")
        + f'<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>'
          f'<form action="{o}/wp-comments-post.php" method="post" id="commentform" class="comment-form">'
          f'<p class="comment-form-comment"><label for="comment">Comment</label><textarea id="comment" name="comment" cols="45" rows="8" required></textarea></p>'
          f'<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment">'
          f'<input type="hidden" name="comment_post_ID" value="{post.post_id}" id="comment_post_ID"></p></form></div></div>'
    )

    description = post.excerpt
    extra_meta = (
        '<meta property="og:type" content="article">\n'
        f'<meta property="article:published_time" content="{post.date.isoformat()}+00:00">\n'
        f'<meta property="article:modified_time" content="{post.modified.isoformat()}+00:00">\n'
        f'<meta name="author" content="{escape(author)}">\n'
        f'<meta property="og:image" content="{o}/wp-content/uploads/{post.date:%Y/%m}/featured-{post.post_id}.jpg">\n'
    )
    page_css = css_builder_post(r, post.post_id, 7000)
    head = chrome.head(
        title=f"{post.title} - {SITE_NAME}", canonical=url, description=description,
        extra_meta=extra_meta, jsonld=_json_ld(o, post, post.title, url, description),
        page_css=page_css, body_config=_builder_config(r, o, post.post_id, post.title),
    )
    cat_classes = " ".join(f"category-{slugify(CATEGORIES[c])}" for c in post.categories)
    tag_classes = " ".join(f"tag-{slugify(TAGS[t])}" for t in post.tags)
    return f"""{head}<body class="post-template-default single single-post postid-{post.post_id} single-format-standard wp-embed-responsive elementor-default elementor-kit-6">
{chrome.header()}<div id="primary" class="content-area">
<main id="main" class="site-main">
<nav aria-label="breadcrumbs" class="rank-math-breadcrumb"><p><a href="{o}/">Home</a><span class="separator"> &raquo; </span><a href="{o}/category/{slugify(CATEGORIES[post.categories[0]])}/">{escape(CATEGORIES[post.categories[0]])}</a><span class="separator"> &raquo; </span><span class="last">{escape(post.title)}</span></p></nav>
<article id="post-{post.post_id}" class="post-{post.post_id} post type-post status-publish format-standard has-post-thumbnail hentry {cat_classes} {tag_classes}">
<header class="entry-header">
<h1 class="entry-title">{escape(post.title)}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{post.date.isoformat()}+00:00">{post.date:%B %-d, %Y}</time><time class="updated" datetime="{post.modified.isoformat()}+00:00">{post.modified:%B %-d, %Y}</time></a></span>
<span class="byline"> by <span class="author vcard"><a class="url fn n" href="{author_url}">{escape(author)}</a></span></span></div>
</header>
<div class="post-thumbnail"><img width="1200" height="800" src="{o}/wp-content/uploads/{post.date:%Y/%m}/featured-{post.post_id}.jpg" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="" decoding="async" fetchpriority="high"></div>
<div class="entry-content">
{body}
</div>
<footer class="entry-footer"><span class="cat-links">{chrome.icon("folder-open")}Posted in {cats_html}</span><span class="tags-links">{chrome.icon("tag")}Tagged {tags_html}</span></footer>
</article>
{chrome.section([chrome.share_buttons(r)], r)}
{chrome.section([chrome.widget("author-box", f'<div class="elementor-author-box"><div class="elementor-author-box__avatar"><img src="{o}/wp-content/uploads/avatars/{slugify(author)}-96.png" alt="{escape(author)}" loading="lazy"></div><div class="elementor-author-box__text"><div><h4 class="elementor-author-box__name">{escape(author)}, {cred}</h4></div><div class="elementor-author-box__bio">{escape(author.split()[0])} writes about {escape(post.topic)} and {escape(post.topic2)}.</div></div></div>', r)], r)}
<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation</h2><div class="nav-links">{nav}</div></nav>
{chrome.section([chrome.widget("posts", f'<h3 class="related-title">You might also like</h3><div class="elementor-posts-container elementor-posts elementor-posts--skin-cards elementor-grid">{related}</div>', r)], r)}
{comments_html}
</main>
</div>
{chrome.sidebar()}{chrome.footer()}"""


def render_listing(chrome: Chrome, title: str, path: str, post_idxs: list[int],
                   older: str | None, newer: str | None, seed: int, page_id: int) -> str:
    """Home, pagination, category, tag and author archives: excerpts + links."""
    o = chrome.origin
    r = random.Random(f"listing:{seed}:{path}")
    url = o + path
    items = []
    for j in post_idxs:
        p = chrome.plan.posts[j]
        author = AUTHORS[p.author][0]
        items.append(
            f'<article id="post-{p.post_id}" class="post-{p.post_id} post type-post status-publish hentry">'
            f'<header class="entry-header"><h2 class="entry-title"><a href="{o}{p.path}" rel="bookmark">{escape(p.title)}</a></h2>'
            f'<div class="entry-meta"><time class="entry-date published" datetime="{p.date.isoformat()}+00:00">{p.date:%B %-d, %Y}</time>'
            f' by <a href="{o}/author/{slugify(author)}/">{escape(author)}</a></div></header>'
            f'<div class="entry-summary"><p>{escape(p.excerpt)} [&hellip;]</p></div>'
            f'<a class="more-link" href="{o}{p.path}">Continue reading<span class="screen-reader-text"> {escape(p.title)}</span></a></article>'
        )
    pager = ""
    if older:
        pager += f'<div class="nav-previous"><a href="{o}{older}">Older posts</a></div>'
    if newer:
        pager += f'<div class="nav-next"><a href="{o}{newer}">Newer posts</a></div>'
    head = chrome.head(
        title=title, canonical=url, description=SITE_TAGLINE,
        extra_meta='<meta property="og:type" content="website">\n',
        jsonld=_json_ld(o, None, title, url, SITE_TAGLINE),
        page_css=css_builder_post(r, page_id, 7000),
        body_config=_builder_config(r, o, page_id, title),
    )
    return f"""{head}<body class="home blog paged wp-embed-responsive elementor-default">
{chrome.header()}<div id="primary" class="content-area"><main id="main" class="site-main">
<header class="page-header"><h1 class="page-title">{escape(title)}</h1></header>
{"".join(items)}
<nav class="navigation posts-navigation" aria-label="Posts"><div class="nav-links">{pager}</div></nav>
</main></div>
{chrome.sidebar()}{chrome.footer()}"""


def render_page(chrome: Chrome, title: str, path: str, seed: int, page_id: int) -> str:
    """Standalone pages (about, contact, privacy): not articles."""
    o = chrome.origin
    r = random.Random(f"page:{seed}:{path}")
    prose = Prose(r, r.choice(TOPICS), r.choice(TOPICS))
    url = o + path
    body = "".join(f"<p>{escape(prose.paragraph())}</p>" for _ in range(3))
    head = chrome.head(
        title=f"{title} - {SITE_NAME}", canonical=url, description=SITE_TAGLINE,
        extra_meta='<meta property="og:type" content="website">\n',
        jsonld=_json_ld(o, None, title, url, SITE_TAGLINE),
        page_css=css_builder_post(r, page_id, 7000),
        body_config=_builder_config(r, o, page_id, title),
    )
    return f"""{head}<body class="page-template-default page page-id-{page_id} wp-embed-responsive">
{chrome.header()}<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{page_id}" class="post-{page_id} page type-page status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{escape(title)}</h1></header>
<div class="entry-content">{body}</div></article></main></div>
{chrome.sidebar()}{chrome.footer()}"""


# --------------------------------------------------------------------------
# Sitemaps and robots.txt, Yoast-style.
# --------------------------------------------------------------------------


def _urlset(origin: str, entries: list[tuple[str, str]]) -> str:
    rows = "".join(f"\t<url>\n\t\t<loc>{origin}{p}</loc>\n\t\t<lastmod>{m}</lastmod>\n\t</url>\n" for p, m in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + rows + "</urlset>\n")


def write_sitemaps(out: Path, origin: str, plan: Plan, pages: list[str]) -> None:
    posts = list(reversed(plan.posts))  # Yoast lists newest first
    files = []
    for k in range(0, len(posts), URLS_PER_SITEMAP):
        chunk = posts[k:k + URLS_PER_SITEMAP]
        name = "post-sitemap.xml" if k == 0 else f"post-sitemap{k // URLS_PER_SITEMAP + 1}.xml"
        (out / name).write_text(
            _urlset(origin, [(p.path, p.modified.isoformat() + "+00:00") for p in chunk]), encoding="utf-8")
        files.append((name, max(p.modified for p in chunk)))
    last = plan.posts[-1].modified
    (out / "page-sitemap.xml").write_text(
        _urlset(origin, [(p, last.isoformat() + "+00:00") for p in ["/"] + pages]), encoding="utf-8")
    files.append(("page-sitemap.xml", last))
    (out / "category-sitemap.xml").write_text(
        _urlset(origin, [(f"/category/{slugify(c)}/", last.isoformat() + "+00:00") for c in CATEGORIES]),
        encoding="utf-8")
    files.append(("category-sitemap.xml", last))
    rows = "".join(f"\t<sitemap>\n\t\t<loc>{origin}/{n}</loc>\n\t\t<lastmod>{m.isoformat()}+00:00</lastmod>\n\t</sitemap>\n"
                   for n, m in files)
    (out / "sitemap_index.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + rows + "</sitemapindex>\n",
        encoding="utf-8")
    (out / "robots.txt").write_text(
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        f"Sitemap: {origin}/sitemap_index.xml\n", encoding="utf-8")


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def _write(out: Path, path: str, html: str) -> int:
    d = out / path.strip("/")
    d.mkdir(parents=True, exist_ok=True)
    data = html.encode("utf-8")
    (d / "index.html").write_bytes(data)
    return len(data)


def generate(out: Path, n_posts: int = 2000, seed: int = 1, origin: str = "http://127.0.0.1:8000") -> dict:
    """Write the whole site into ``out`` (emptied first); return its manifest."""
    t0 = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    plan = make_plan(n_posts, seed)
    chrome = Chrome(seed, origin, plan)

    post_bytes = 0
    for p in plan.posts:
        post_bytes += _write(out, p.path, render_post(chrome, p, seed))

    newest_first = [p.idx for p in reversed(plan.posts)]
    n_listing = max(1, math.ceil(n_posts / POSTS_PER_LISTING))
    for k in range(1, n_listing + 1):
        path = "/" if k == 1 else f"/page/{k}/"
        older = f"/page/{k + 1}/" if k < n_listing else None
        newer = None if k == 1 else ("/" if k == 2 else f"/page/{k - 1}/")
        title = SITE_NAME if k == 1 else f"{SITE_NAME} - Page {k}"
        chunk = newest_first[(k - 1) * POSTS_PER_LISTING:k * POSTS_PER_LISTING]
        _write(out, path, render_listing(chrome, title, path, chunk, older, newer, seed, 10 + k))
    for i, c in enumerate(CATEGORIES):
        _write(out, f"/category/{slugify(c)}/", render_listing(
            chrome, f"{c} Archives", f"/category/{slugify(c)}/",
            plan.by_category[i][:POSTS_PER_LISTING], None, None, seed, 5000 + i))
    for i, t in enumerate(TAGS):
        _write(out, f"/tag/{slugify(t)}/", render_listing(
            chrome, f"{t} Archives", f"/tag/{slugify(t)}/",
            plan.by_tag[i][:POSTS_PER_LISTING], None, None, seed, 6000 + i))
    for i, (a, _) in enumerate(AUTHORS):
        _write(out, f"/author/{slugify(a)}/", render_listing(
            chrome, f"{a}, Author at {SITE_NAME}", f"/author/{slugify(a)}/",
            plan.by_author[i][:POSTS_PER_LISTING], None, None, seed, 7000 + i))
    pages = []
    for i, (slug, title) in enumerate([("about", "About"), ("contact", "Contact"),
                                       ("privacy-policy", "Privacy Policy")]):
        _write(out, f"/{slug}/", render_page(chrome, title, f"/{slug}/", seed, 2 + i))
        pages.append(f"/{slug}/")
    write_sitemaps(out, origin, plan, pages)

    manifest = {
        "generator_version": GENERATOR_VERSION,
        "posts": n_posts,
        "seed": seed,
        "origin": origin,
        "post_paths_sample": [p.path for p in plan.posts[:3]],
        "post_bytes_total": post_bytes,
        "post_bytes_mean": round(post_bytes / max(1, n_posts)),
        "listing_pages": n_listing,
        "generate_seconds": round(time.perf_counter() - t0, 2),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def read_manifest(out: Path) -> dict | None:
    try:
        return json.loads((out / MANIFEST).read_text())
    except (OSError, ValueError):
        return None


def restamp(out: Path, origin: str) -> int:
    """Rewrite the absolute origin baked into every file to ``origin``.

    Returns the number of files rewritten. The origin also appears in
    JSON-escaped form ("http:\\/\\/127.0.0.1:8000") inside inline scripts,
    so both spellings are replaced.
    """
    manifest = read_manifest(out)
    if manifest is None:
        raise RuntimeError(f"{out} has no {MANIFEST}; generate it first")
    old = manifest["origin"]
    if old == origin:
        return 0
    pairs = [(old.encode(), origin.encode()),
             (old.replace("/", "\\/").encode(), origin.replace("/", "\\/").encode())]
    n = 0
    for dirpath, _, filenames in os.walk(out):
        for name in filenames:
            if not name.endswith((".html", ".xml", ".txt")):
                continue
            f = Path(dirpath, name)
            data = f.read_bytes()
            new = data
            for a, b in pairs:
                new = new.replace(a, b)
            if new != data:
                f.write_bytes(new)
                n += 1
    manifest["origin"] = origin
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--origin", default="http://127.0.0.1:8000",
                    help="scheme://host:port baked into absolute URLs (see restamp())")
    args = ap.parse_args(argv)
    m = generate(args.out, args.posts, args.seed, args.origin.rstrip("/"))
    print(json.dumps(m, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
