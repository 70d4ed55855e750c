"""Shared pieces for the platform renderers: the render context, escaping,
dates, pagination, generated CSS/JS filler and the generic block renderer.

Every platform module exposes ``post_path(post)``, ``non_post_paths(ctx)``
and ``build(ctx) -> dict[path, Page]``; ``site.py`` ties them together.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from urllib.parse import quote

NOT_FOUND = "*"  # key of the page served for unknown paths (never a real path)

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
CSS_TYPE = "text/css; charset=utf-8"
JS_TYPE = "application/javascript; charset=utf-8"

# Social profiles every footer links to. They are only hrefs: a crawler that
# stays on its host must never request them.
SOCIAL = {
    "instagram": "https://www.instagram.com/{handle}/",
    "facebook": "https://www.facebook.com/{handle}",
    "twitter": "https://twitter.com/{handle}",
    "linkedin": "https://www.linkedin.com/company/{handle}/",
    "pinterest": "https://www.pinterest.com/{handle}/",
}


@dataclass(frozen=True)
class Page:
    status: int
    content_type: str
    body: bytes


def html_page(body: str, status: int = 200) -> Page:
    return Page(status, HTML, body.encode("utf-8"))


@dataclass
class Ctx:
    """Everything a renderer needs: the content file plus the base URL."""

    key: str
    base: str  # "http://127.0.0.1:PORT", no trailing slash
    site: dict
    pages: dict
    posts: list  # newest first
    handle: str = field(init=False)

    def __post_init__(self):
        self.base = self.base.rstrip("/")
        self.posts = sorted(self.posts, key=lambda p: p["published"], reverse=True)
        self.handle = re.sub(r"[^a-z0-9]", "", self.site["name"].lower())

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def name(self) -> str:
        return self.site["name"]

    def tags(self) -> list[str]:
        """Every tag in first-seen order (newest post first)."""
        seen: dict[str, None] = {}
        for p in self.posts:
            for t in p["tags"]:
                seen.setdefault(t, None)
        return list(seen)

    def tagged(self, tag: str) -> list[dict]:
        return [p for p in self.posts if tag in p["tags"]]

    def authors(self) -> list[str]:
        return list(dict.fromkeys(p["author"] for p in self.posts))

    def social(self, *which: str) -> list[tuple[str, str]]:
        return [(w, SOCIAL[w].format(handle=self.handle)) for w in which]

    def neighbours(self, post: dict) -> tuple[dict | None, dict | None]:
        """(newer, older) post around ``post``."""
        i = self.posts.index(post)
        newer = self.posts[i - 1] if i > 0 else None
        older = self.posts[i + 1] if i + 1 < len(self.posts) else None
        return newer, older

    def others(self, post: dict, n: int = 3) -> list[dict]:
        return [p for p in self.posts if p is not post][:n]


# -- text helpers -------------------------------------------------------------

def esc(s: str) -> str:
    return html.escape(s, quote=True)


def slugify(s: str) -> str:
    s = s.lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def qslug(s: str) -> str:
    """Percent-encode a label as Blogger does (spaces as %20)."""
    return quote(s, safe="")


def h(s: str, n: int = 8) -> str:
    """Stable hex id derived from a string, for ids, hashes and counters."""
    return hashlib.sha1(s.encode()).hexdigest()[:n]


def num(s: str, lo: int, hi: int) -> int:
    return lo + int(h(s, 8), 16) % (hi - lo + 1)


def words(post: dict, n: int = 40) -> str:
    """Opening words of the body, as listing pages show them."""
    text = " ".join(b[1] for b in post["blocks"] if b[0] in ("p", "quote"))
    ws = text.split()
    return " ".join(ws[:n]) + (" \u2026" if len(ws) > n else "")


# -- dates ----------------------------------------------------------------------

def d(iso: str) -> date:
    return date.fromisoformat(iso)


def clock(post_or_slug, salt: str = "") -> tuple[int, int]:
    """A stable time of day for a post, so ISO datetimes look real."""
    slug = post_or_slug if isinstance(post_or_slug, str) else post_or_slug["slug"]
    return num(slug + salt, 7, 20), num(slug + salt + "m", 0, 59)


def iso(day: str, slug: str, tz: str = "+00:00", salt: str = "", ms: bool = False) -> str:
    hh, mm = clock(slug, salt)
    sec = num(slug + salt + "s", 0, 59)
    if ms:  # Wix style: 2023-02-01T09:14:05.815Z
        return f"{day}T{hh:02d}:{mm:02d}:{sec:02d}.{num(slug, 100, 999)}Z"
    return f"{day}T{hh:02d}:{mm:02d}:{sec:02d}{tz}"


def modified(post: dict) -> str:
    """The modified date platforms always emit: the update, else the publish date."""
    return post["updated"] or post["published"]


def mod_iso(post: dict, tz: str = "+00:00", ms: bool = False) -> str:
    if post["updated"]:
        return iso(post["updated"], post["slug"], tz, salt="u", ms=ms)
    return iso(post["published"], post["slug"], tz, ms=ms)


def long_date(day: str) -> str:  # February 1, 2023
    x = d(day)
    return f"{x:%B} {x.day}, {x.year}"


def short_date(day: str) -> str:  # Feb 1, 2023
    x = d(day)
    return f"{x:%b} {x.day}, {x.year}"


def rfc822(day: str, slug: str, salt: str = "") -> str:
    hh, mm = clock(slug, salt)
    x = datetime.combine(d(day), datetime.min.time()).replace(hour=hh, minute=mm, tzinfo=timezone.utc)
    return x.strftime("%a, %d %b %Y %H:%M:%S +0000")


def epoch_ms(day: str, slug: str) -> int:
    hh, mm = clock(slug)
    x = datetime.combine(d(day), datetime.min.time()).replace(hour=hh, minute=mm, tzinfo=timezone.utc)
    return int(x.timestamp() * 1000)


def pages_of(items: list, per: int = 4) -> list[list]:
    return [items[i:i + per] for i in range(0, len(items), per)] or [[]]


# -- generic block rendering ----------------------------------------------------

def blocks_html(blocks, *, p="<p>{}</p>", quote="<blockquote><p>{}</p></blockquote>",
                ul='<ul>{}</ul>', ol='<ol>{}</ol>', li="<li>{}</li>",
                heading="<{tag}>{text}</{tag}>", figure=None, sep="\n") -> str:
    """Render content blocks with per-platform templates.

    ``figure`` is a callable(dict, index) -> str; the other templates are
    format strings taking the escaped text.
    """
    out = []
    for i, (kind, val) in enumerate(blocks):
        if kind in ("h2", "h3", "h4"):
            out.append(heading.format(tag=kind, text=esc(val), i=i))
        elif kind == "p":
            out.append(p.format(esc(val)))
        elif kind == "quote":
            out.append(quote.format(esc(val)))
        elif kind in ("ul", "ol"):
            items = "".join(li.format(esc(x)) for x in val)
            out.append((ul if kind == "ul" else ol).format(items))
        elif kind == "figure":
            out.append(figure(val, i) if figure else "")
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    return sep.join(out)


def ld_json(obj) -> str:
    # "</" would end the script element early.
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json">{s}</script>'


def js_json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


# -- generated filler: real pages carry 10-40 KB of inline CSS and JS ----------

_PROPS = [
    ("display", ["block", "flex", "inline-block", "grid", "none", "inline-flex"]),
    ("margin", ["0", "0 auto", "0 0 1.5em", "1em 0", "0 0 24px", "2rem auto 0"]),
    ("padding", ["0", "8px 16px", "1.5em", "12px 0", "0 20px", "var(--gap,24px)"]),
    ("color", ["#222", "#3a3a3a", "#6b6b6b", "var(--accent)", "inherit", "#1e73be", "#fff"]),
    ("background-color", ["#fff", "#f7f5f2", "transparent", "#eef3f1", "var(--bg)", "#2f4f4f"]),
    ("font-size", ["14px", "1rem", "0.875em", "1.125rem", "clamp(1.6rem,4vw,2.4rem)", "12px"]),
    ("font-weight", ["400", "600", "700", "300"]),
    ("line-height", ["1.5", "1.7", "1.2", "normal", "28px"]),
    ("border", ["0", "1px solid #e5e5e5", "1px solid rgba(0,0,0,.08)", "2px solid currentColor"]),
    ("border-radius", ["0", "3px", "4px", "50%", "999px", "8px"]),
    ("text-decoration", ["none", "underline"]),
    ("letter-spacing", ["normal", ".02em", "-0.01em", "1px"]),
    ("max-width", ["100%", "1200px", "720px", "calc(100% - 40px)", "65ch"]),
    ("transition", ["all .2s ease", "opacity .3s", "color .15s ease-in-out,background-color .15s"]),
    ("font-family", ['-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif',
                     '"Lora",Georgia,serif', "inherit", '"Helvetica Neue",Arial,sans-serif']),
    ("position", ["relative", "absolute", "static", "sticky"]),
    ("align-items", ["center", "flex-start", "stretch"]),
    ("z-index", ["1", "10", "999", "auto"]),
    ("box-sizing", ["border-box"]),
    ("opacity", ["1", ".8", "0"]),
]


def stylesheet(selectors: list[str], seed: str, media: bool = True) -> str:
    """Deterministic, realistic-looking CSS rules for the given selectors."""
    rules = []
    for i, sel in enumerate(selectors):
        n = num(seed + sel, 2, 6)
        decls = []
        for j in range(n):
            prop, vals = _PROPS[num(f"{seed}{sel}{j}", 0, len(_PROPS) - 1)]
            if any(x.startswith(prop + ":") for x in decls):
                continue
            decls.append(f"{prop}:{vals[num(sel + str(j) + seed, 0, len(vals) - 1)]}")
        rules.append(f"{sel}{{{';'.join(decls)}}}")
    css = "".join(rules)
    if media:
        small = "".join(f"{s}{{padding:0 16px;font-size:15px}}" for s in selectors[::5])
        wide = "".join(f"{s}{{max-width:1140px}}" for s in selectors[1::7])
        css += f"@media (max-width:768px){{{small}}}@media (min-width:1200px){{{wide}}}"
    return css


def expand(classes: list[str], suffixes=("", " a", " a:hover")) -> list[str]:
    """Grow a class list into a realistic set of selectors."""
    return [f".{c}{s}" for c in classes for s in suffixes]


GA_SNIPPET = """window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}
gtag('js',new Date());gtag('config','G-%s',{'anonymize_ip':true,'cookie_flags':'SameSite=None;Secure'});"""


def lazyload_js() -> str:
    return ("(function(){var imgs=[].slice.call(document.querySelectorAll('img[data-src]'));"
            "if(!('IntersectionObserver' in window)){imgs.forEach(function(i){i.src=i.dataset.src});return}"
            "var io=new IntersectionObserver(function(es){es.forEach(function(e){if(e.isIntersecting){"
            "var i=e.target;i.src=i.dataset.src;if(i.dataset.srcset){i.srcset=i.dataset.srcset}"
            "i.classList.add('loaded');io.unobserve(i)}})},{rootMargin:'200px 0px'});"
            "imgs.forEach(function(i){io.observe(i)})})();")


def cookie_js(name: str) -> str:
    return ("(function(){var k='%s_consent';function set(v){document.cookie=k+'='+v+';path=/;max-age=31536000;SameSite=Lax'}"
            "function get(){return document.cookie.split('; ').filter(function(c){return c.indexOf(k+'=')===0})[0]}"
            "var bar=document.getElementById('cookie-notice');if(!bar)return;if(get()){bar.style.display='none';return}"
            "bar.addEventListener('click',function(e){var a=e.target.getAttribute('data-cookie-action');"
            "if(!a)return;set(a);bar.style.display='none';if(a==='accept'&&window.gtag){gtag('consent','update',"
            "{'analytics_storage':'granted'})}})})();") % slugify(name).replace("-", "_")


def placeholder_assets(paths: dict[str, str]) -> dict[str, Page]:
    """Small bodies for asset URLs the pages reference (images, css, js)."""
    out = {}
    for path, kind in paths.items():
        if kind == "img":
            out[path] = Page(200, "image/gif", _GIF)
        elif kind == "css":
            out[path] = Page(200, CSS_TYPE, b"/* theme stylesheet */ body{margin:0}")
        else:
            out[path] = Page(200, JS_TYPE, b"/* bundle */ (function(){})();")
    return out


# A 1x1 transparent GIF: images resolve without shipping binary files.
_GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
