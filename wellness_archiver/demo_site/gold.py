"""Gold records: what a correct extraction of each demo post must produce."""

from __future__ import annotations

from wellness_archiver.demo_site.site import EXTRA_SITE_KEYS, SITE_KEYS, context, load_content, platform, variant_paths

__all__ = ["gold_text", "gold_posts", "gold_clusters", "non_post_urls", "error_urls"]


def gold_text(post: dict) -> str:
    """The article text by the rule in the package docstring.

    One line per block; list items as "- item"; figures, the title and
    comments are not text.
    """
    lines: list[str] = []
    for kind, value in post["blocks"]:
        if kind in ("ul", "ol"):
            lines.extend(f"- {item}" for item in value)
        elif kind != "figure":
            lines.append(value)
    return "\n".join(lines)


def gold_posts(key: str, base_url: str) -> list[dict]:
    """One dict per post, in content-file order, with its URL as the site links it."""
    ctx = context(key, base_url)
    mod = platform(key)
    return [
        {
            "url": ctx.url(mod.post_path(p)),
            "title": p["title"],
            "author": p["author"],
            "published": p["published"],
            "updated": p["updated"],
            "tags": list(p["tags"]),
            "text": gold_text(p),
            "description": p["description"],
            "site_name": ctx.name,
            "language": ctx.site["language"],
            "platform": ctx.site["platform"],
        }
        for p in load_content(key)["posts"]
    ]


def non_post_urls(key: str, base_url: str) -> list[str]:
    """Home, listing pages, tag/category/author pages, about and contact."""
    ctx = context(key, base_url)
    return [ctx.url(p) for p in platform(key).non_post_paths(ctx)]


def error_urls(key: str, base_url: str) -> dict[int, list[str]]:
    """Linked URLs that fail on purpose: {404: [...], 500: [...]}."""
    mod = platform(key)
    base = base_url.rstrip("/")
    out: dict[int, list[str]] = {404: [base + mod.GONE]}
    if getattr(mod, "BROKEN", None):
        out[500] = [base + mod.BROKEN]
    return out


def gold_clusters(bases: dict[str, str]) -> list[dict]:
    """The duplicate clusters a correct dedup finds across the sites in
    ``bases`` ({site key: base URL}): {"canonical": url, "members": sorted urls}.

    A republished post (``copy_of``) clusters with its original, which is
    canonical (published earlier); AMP and print variants join their post's
    cluster. Tracking-parameter links never make a second article (the
    crawl strips them), so they add no member.
    """
    clusters = []
    for key in [k for k in SITE_KEYS + EXTRA_SITE_KEYS if k in bases]:
        mod = platform(key)
        for post in load_content(key)["posts"]:
            url = bases[key].rstrip("/") + mod.post_path(post)
            members = [url] + [bases[key].rstrip("/") + v for v in variant_paths(key, post)]
            canonical = url
            source = post.get("copy_of")
            if source and source["site"] in bases:
                canonical = bases[source["site"]].rstrip("/") + platform(source["site"]).post_path(
                    next(p for p in load_content(source["site"])["posts"] if p["slug"] == source["slug"]))
                members.append(canonical)
            if len(members) > 1:
                clusters.append({"canonical": canonical, "members": sorted(members)})
    return sorted(clusters, key=lambda c: c["canonical"])
