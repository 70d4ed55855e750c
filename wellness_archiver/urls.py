"""URLs, the one owner of their rules: seeds as given (http(s) only, no
credentials, IDN hosts in punycode), canonical page URLs (trackers and
sessions dropped, so each page is fetched and stored once) and host keys.
Used alike by the crawler, the archive and the jobs.

A seed's ``user:password@`` is never sent nor stored (sites, pages,
crawl_runs, frontier, captures would all carry it): it is removed here, and
the CLI says so. Error messages show the URL without it, too.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string, url_query_cleaner

# 'javascript:', 'mailto:', 'data:' ...; not 'example.blog:8080' (a port).
_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d)", re.I)
_USERINFO = re.compile(r"^([a-z][a-z0-9+.-]*://)[^/?#]*@", re.I)


def without_userinfo(url: str) -> str:
    return _USERINFO.sub(r"\1", url)


def has_userinfo(url: str) -> bool:
    return bool(_USERINFO.match(url.strip() if "://" in url else "https://" + url.strip()))


def normalise_seed(url: str) -> str:
    """The seed as crawled: scheme added when missing, no userinfo, a path, the
    host in IDNA; ValueError if not an http(s) URL (or it has whitespace inside)."""
    url = url.strip()
    if any(c.isspace() for c in url):  # "two words.example": a typo, not a host
        raise ValueError(f"not an http(s) URL: {without_userinfo(url)!r}")
    if "://" not in url:
        if _OTHER_SCHEME.match(url):
            raise ValueError(f"not an http(s) URL: {without_userinfo(url)!r}")
        url = "https://" + url
    url = without_userinfo(url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    try:
        parts.port
    except ValueError:
        raise ValueError(f"not a valid URL: {url!r} (the port must be 0-65535)") from None
    url = url if parts.path else urlunsplit(parts._replace(path="/"))
    # IDNA: an IDN host (bücher.test) is requested, compared and stored as
    # the punycode form Scrapy puts in the request (xn--bcher-kva.test).
    return safe_url_string(url)


# Query parameters that never change what a blog page shows: campaign
# trackers, click ids, and comment/share permalinks that re-serve the post.
IGNORED_PARAMS = [
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_ga", "ref", "ref_src",
    "showComment", "replytocom", "share", "shared", "amp", "m",
]
# Session ids, matched case-insensitively (PHPSESSID, JSESSIONID, ...): a
# server that puts one in its links makes every visit's URLs new.
SESSION_PARAMS = {"phpsessid", "jsessionid", "aspsessionid", "cfid", "cftoken", "sid", "sessionid",
                  "session_id", "sess", "oscsid", "zenid", "s_id"}
# The same in the path: Java's ";jsessionid=..." and ASP.NET's "/(S(...))/".
PATH_SESSION = re.compile(r";jsessionid=[^/?#]*|/\([A-Z]\([a-z0-9]{20,}\)\)(?=/)", re.I)


def clean_url(url: str) -> str:
    """Drop tracking, permalink and session parameters, user:password@ and the fragment; sort the query."""
    if "@" in url:  # never request nor store credentials found in a link
        url = without_userinfo(url)
    url = PATH_SESSION.sub("", url)
    query = urlsplit(url).query
    sessions = [key for key, _ in parse_qsl(query, keep_blank_values=True) if key.lower() in SESSION_PARAMS]
    return canonicalize_url(url_query_cleaner(url, IGNORED_PARAMS + sessions, remove=True))


# Comparing stored articles (duplicate clusters) sets aside more than
# fetching does: the trackers above and a few more, and the parameters and
# paths that make an AMP or print rendering of the same page.
_TRACKING = {p.lower() for p in IGNORED_PARAMS} | {"utm_reader", "utm_name", "_hsenc", "_hsmi", "yclid", "twclid"}
_VARIANT_PARAMS = {
    "print": None, "printable": None, "amp": None, "m": None,
    "output": {"amp", "print", "printable"}, "outputtype": {"amp"}, "format": {"amp", "print"},
    "view": {"print", "amp"},
}
_VARIANT_PATH = re.compile(r"/(?:amp|print)/?$|\.amp(?=\.html?$|$)")
_VARIANT_DIR, _VARIANT_SUFFIX = re.compile(r"/(?:amp|print)/?$"), re.compile(r"\.amp(?=\.html?$|$)")


def _is_noise(name: str, value: str) -> bool:
    name = name.lower()
    if name in _TRACKING or name.startswith("utm_"):
        return True
    if name in _VARIANT_PARAMS:
        allowed = _VARIANT_PARAMS[name]
        return allowed is None or value.lower() in allowed
    return False


def normalise_url(url: str) -> str:
    """The key of the article a URL shows: tracking parameters, AMP/print
    variants, scheme, ``www.``/``amp.``/``m.`` and the trailing slash set
    aside (``//host/path?sorted-query``), equal for URLs of one article.
    Not a URL to fetch: :func:`clean_url` is that."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    host = re.sub(r"^(?:www|amp|m)\.", "", host)
    if parts.port:
        host += f":{parts.port}"
    # /post/amp/ -> /post/, post.amp.html -> post.html
    path = _VARIANT_SUFFIX.sub("", _VARIANT_DIR.sub("/", parts.path or "/"))
    path = path.rstrip("/") or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_noise(k, v))
    return f"//{host}{path}" + (f"?{urlencode(query)}" if query else "")


def is_variant(url: str) -> bool:
    """True when the URL has tracking parameters or an AMP/print marker."""
    parts = urlsplit(url.strip())
    if any(_is_noise(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)):
        return True
    return bool(_VARIANT_PATH.search(parts.path or "")) or (parts.hostname or "").startswith("amp.")


def ascii_netloc(netloc: str) -> str:
    """``netloc`` lower-cased, its host in IDNA (punycode) as requests carry it:
    ``Bücher.test:8080`` -> ``xn--bcher-kva.test:8080``."""
    if netloc.isascii():
        return netloc.lower()
    return urlsplit(safe_url_string(f"http://{netloc}/")).netloc


def host_key(host: str, *, strip_www: bool = True) -> str:
    """A host as a user or a URL gives it (``Bücher.test``, ``www.example.blog:8080``
    or a whole URL) in the form hosts are stored and compared in: IDNA
    (punycode), lower case and, for comparing sites, without ``www.``."""
    host = host.strip()
    if "://" in host:
        host = urlsplit(host).netloc
    host = ascii_netloc(host.split("/")[0])
    return host[4:] if strip_www and host.startswith("www.") else host
