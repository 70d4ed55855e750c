"""Build one fixture site: every URL it serves, rendered for a given base URL."""

from __future__ import annotations

import json
import re
from importlib import import_module
from importlib.resources import files
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from .platforms._html import NOT_FOUND, Ctx, Page, placeholder_assets

__all__ = ["SITE_KEYS", "NOT_FOUND", "Page", "build_site", "load_content", "lookup", "normalize", "platform", "context"]

SITE_KEYS = ("wix", "custom", "wordpress", "squarespace", "blogger", "ghost")

# Assets the pages reference on their own host (images, stylesheets, scripts):
# served as tiny placeholders so a link checker sees them resolve.
_ASSET_RE = re.compile(r'(?:src|href)=["\'](/[^"\'?#]+\.(jpe?g|png|gif|webp|svg|css|js))(?:\?[^"\']*)?["\']')


def load_content(key: str) -> dict:
    if key not in SITE_KEYS:
        raise KeyError(f"unknown site {key!r}; expected one of {', '.join(SITE_KEYS)}")
    return json.loads(files(__package__).joinpath("content", f"{key}.json").read_text("utf-8"))


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
