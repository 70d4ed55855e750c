"""``extract``: one page's article, to check extraction by hand (no archive)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from wellness_archiver.crawler.fetch import FetchError, fetch
from wellness_archiver.extraction import extract_explained
from wellness_archiver.extraction.explain import explanation


@click.command()
@click.argument("source", metavar="FILE|URL|-")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Output: the article text, Markdown, or every field as JSON")
@click.option("--url", help="The page's URL, when SOURCE is a file or stdin (resolves relative links)")
@click.option("--allow-private", is_flag=True,
              help="Allow a URL on a loopback/private address (exactly its host:port; redirects elsewhere refused)")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds for the whole fetch of a URL, redirects included")
@click.option("--explain", is_flag=True,
              help="Show each candidate extractor's output (length, score, first words) and why one was picked")
def extract(source, fmt, url, allow_private, timeout, explain):
    """Extract the article from one page, to check extraction by hand.

    SOURCE is a saved HTML file, an http(s) URL (fetched once), or - for stdin.

    Example:

    \b
        wellness-archiver extract saved-post.html --format json
        curl -s https://example.blog/post/ | wellness-archiver extract - --url https://example.blog/post/
    """
    html, url = read_source(source, url, allow_private, timeout)
    article, reason, choice = extract_explained(html, url)
    if explain:
        click.echo(explanation(choice), err=True)
    if article is None:
        raise click.ClickException(f"no article extracted from {source}: {reason}")
    if fmt == "json":
        click.echo(json.dumps(article.as_dict(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(article.markdown)
    else:
        click.echo(article.text)


def read_source(source: str, url: str | None, allow_private: bool = False,
                timeout: float = 30.0) -> tuple[bytes, str | None]:
    """(the page's bytes, its URL) from stdin, a file, or an http(s) URL."""
    if source == "-":
        return sys.stdin.buffer.read(), url
    if source.startswith(("http://", "https://")):
        # The crawl's downloader: SSRF guard, DOWNLOAD_MAXSIZE, one deadline.
        try:
            return fetch(source, allow_private=allow_private, timeout=timeout)
        except (FetchError, ValueError) as ex:
            raise click.ClickException(f"could not fetch {source}: {ex}") from None
    path = Path(source)
    if not path.is_file():
        raise click.ClickException(f"{source}: no such file (give a file, an http(s) URL, or - for stdin)")
    return path.read_bytes(), url
