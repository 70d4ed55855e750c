"""Feed reading: spiders/feeds.feed_links vs the XPath it replaced, on the demo sites' feeds.

    python benchmarks/feeds.py [--rounds N]

Both read the same RSS and Atom feeds in one run; prints whether they found
the same links and the time per feed of each, and their ratio.
"""

from __future__ import annotations

import argparse
import time

from scrapy.http import XmlResponse

from wellness_archiver.demo_site.site import SITE_KEYS, build_site
from wellness_archiver.crawler.spiders.feeds import feed_links

BASE = "http://127.0.0.1:8000"


def xpath_links(path: str, content_type: str, body: bytes) -> list[str]:
    """The spider's former reader (RSS and Atom only)."""
    response = XmlResponse(BASE + path, body=body, headers={"Content-Type": content_type})
    sel = response.selector
    sel.remove_namespaces()
    links = sel.xpath("//item/link/text()").getall()
    links += sel.xpath("//entry/link[not(@rel) or @rel='alternate']/@href").getall()
    return [response.urljoin(link.strip()) for link in links]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    feeds = [(path, page.content_type, page.body)
             for key in SITE_KEYS for path, page in build_site(key, BASE).items()
             if "rss" in page.content_type or "atom" in page.content_type]
    same = sum(xpath_links(*f) == feed_links(f[2], f[1], BASE + f[0]) for f in feeds)
    print(f"{len(feeds)} feeds, same links from both: {same}")
    took = {}
    for name, read in (("xpath", xpath_links), ("feedparser", lambda p, ct, b: feed_links(b, ct, BASE + p))):
        start = time.perf_counter()
        for _ in range(rounds):
            for feed in feeds:
                read(*feed)
        took[name] = (time.perf_counter() - start) / (rounds * len(feeds))
        print(f"{name}: {took[name] * 1000:.1f} ms per feed")
    print(f"ratio feedparser/xpath: {took['feedparser'] / took['xpath']:.1f}")


if __name__ == "__main__":
    main()
