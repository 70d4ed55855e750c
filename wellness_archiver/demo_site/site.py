"""Build one fixture site: every URL it serves, rendered for a given base URL."""

from __future__ import annotations

import json
import re
from importlib import import_module
from importlib.resources import files
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from wellness_archiver.demo_site.platforms._html import NOT_FOUND, Ctx, Page, placeholder_assets

__all__ = ["SITE_KEYS", "EXTRA_SITE_KEYS", "NOT_FOUND", "Page", "build_site", "load_content", "lookup", "normalize", "platform", "context"]

SITE_KEYS = ("wix", "custom", "wordpress", "squarespace", "blogger", "ghost")
# Served on request only (not by the demo): "syndicated" republishes posts of
# the other sites (exact and lightly edited copies), links its posts with
# tracking parameters, and serves AMP and print variants: the dedup fixture.
EXTRA_SITE_KEYS = ("syndicated",)
# Query string the syndicated home page adds to its post links.
TRACKING_QUERY = "?utm_source=newsletter&utm_medium=email&utm_campaign=digest"

# Assets the pages reference on their own host (images, stylesheets, scripts):
# served as tiny placeholders so a link checker sees them resolve.
_ASSET_RE = re.compile(r'(?:src|href)=["\'](/[^"\'?#]+\.(jpe?g|png|gif|webp|svg|css|js))(?:\?[^"\']*)?["\']')


def _read_content(key: str) -> dict:
    if key not in SITE_KEYS + EXTRA_SITE_KEYS:
        raise KeyError(f"unknown site {key!r}; expected one of {', '.join(SITE_KEYS + EXTRA_SITE_KEYS)}")
    # Extra sites live apart from content/, which other fixtures read as "the demo's posts".
    folder = "extra" if key in EXTRA_SITE_KEYS else "content"
    return json.loads(files(__package__).joinpath(folder, f"{key}.json").read_text("utf-8"))


def _resolve_copy(post: dict) -> dict:
    """A post with ``copy_of: {site, slug}`` republishes that post: its
    fields, overridden by the copy's own, with ``prepend_blocks`` and
    ``append_blocks`` around the original blocks."""
    source = next(p for p in _read_content(post["copy_of"]["site"])["posts"] if p["slug"] == post["copy_of"]["slug"])
    merged = {**source, "comments": [], **{k: v for k, v in post.items() if not k.endswith("_blocks")}}
    merged["blocks"] = post.get("prepend_blocks", []) + source["blocks"] + post.get("append_blocks", [])
    return merged


def load_content(key: str) -> dict:
    content = _read_content(key)
    content["posts"] = [_resolve_copy(p) if "copy_of" in p else p for p in content["posts"]]
    return content


def platform(key: str):
    """The renderer module of a site (``platforms/<platform>.py``)."""
    return import_module(f".platforms.{load_content(key)['site']['platform']}", __package__)


def context(key: str, base_url: str) -> Ctx:
    c = load_content(key)
    return Ctx(key=key, base=base_url, site=c["site"], pages=c["pages"], posts=c["posts"])


def normalize(target: str) -> str:
    """Canonical lookup key for a request target: decoded path + sorted query.

    Clients differ in how they quote (``%20`` vs ``+``, ``:`` vs ``%3A``)
    and order query arguments; the server must find the page either way.
    """
    parts = urlsplit(target)
    path = unquote(parts.path) or "/"
    if not parts.query:
        return path
    return path + "?" + urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))


def lookup(pages: dict[str, Page], target: str) -> Page:
    """The page a server answers for a request target.

    Unknown query arguments are ignored, as WordPress (``?replytocom=``),
    Blogger (``?showComment=``) and most servers do; unknown paths get the
    site's 404 page.
    """
    key = normalize(target)
    page = pages.get(key)
    if page is None and "?" in key:
        page = pages.get(key.split("?", 1)[0])
    return page or pages[NOT_FOUND]


def build_site(key: str, base_url: str) -> dict[str, Page]:
    """Map each path (with query string where used) to its Page.

    ``pages[NOT_FOUND]`` is the platform's 404 page for unknown paths.
    """
    ctx = context(key, base_url)
    pages = platform(key).build(ctx)
    if any("variants" in p or "copy_of" in p for p in ctx.posts):
        _add_variants(ctx, pages)
    out = {k if k == NOT_FOUND else normalize(k): v for k, v in pages.items()}
    assets: dict[str, str] = {}
    prefix = re.escape(ctx.base)
    for page in pages.values():
        if page.content_type.startswith("text/html"):
            text = re.sub(prefix, "", page.body.decode("utf-8"))
            for path, ext in _ASSET_RE.findall(text):
                kind = "img" if ext not in ("css", "js") else ext
                assets.setdefault(path, kind)
    for path, page in placeholder_assets(assets).items():
        out.setdefault(normalize(path), page)
    return out


def variant_paths(key: str, post: dict) -> list[str]:
    """Extra URLs (paths) serving one post: its AMP and print variants."""
    path = platform(key).post_path(post)
    return [path + ("amp/" if v == "amp" else "?print=1") for v in post.get("variants", [])]


def _add_variants(ctx: Ctx, pages: dict) -> None:
    """AMP pages (the post page, rel=canonical to the post), home-page links
    to the AMP and print variants, and tracking parameters on the home
    page's post links."""
    from wellness_archiver.demo_site.platforms._html import html_page

    mod = platform(ctx.key)
    home = pages["/"].body.decode("utf-8")
    links = []
    for post in ctx.posts:
        path = mod.post_path(post)
        home = home.replace(f'href="{ctx.url(path)}"', f'href="{ctx.url(path)}{TRACKING_QUERY}"')
        for variant in variant_paths(ctx.key, post):
            if variant.endswith("amp/"):
                amp = pages[path].body.decode("utf-8").replace('<html lang="en">', '<html amp lang="en">', 1)
                pages[variant] = html_page(amp)
            links.append(f'<a href="{ctx.url(variant)}">{"AMP" if variant.endswith("amp/") else "Print"}: '
                         f'{post["title"]}</a>')
    shared = f'<a href="{ctx.url(mod.post_path(ctx.posts[0]))}?fbclid=IwAR0digest">Shared on Facebook</a>'
    block = f'<aside class="digest-variants"><p>{" | ".join(links + [shared])}</p></aside>'
    pages["/"] = html_page(home.replace("</main>", block + "</main>", 1))
