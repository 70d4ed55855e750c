"""The Article record: what extraction produces and the archive stores."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Article:
    url: str | None
    text: str
    title: str | None = None
    canonical_url: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) or datetime
    updated: str | None = None
    site_name: str | None = None
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    language: str | None = None
    platform: str = "generic"
    word_count: int = 0
    markdown: str = ""
    categories: list[str] = field(default_factory=list)
    image: str | None = None
    comments: list[dict] = field(default_factory=list)  # {"author", "published", "text"}
    views: int | None = None
    comment_count: int | None = None
    likes: int | None = None
    reading_minutes: int | None = None
    extractor_candidate: str | None = None  # which candidate the selector chose (selector.py)

    def as_dict(self) -> dict:
        return asdict(self)
