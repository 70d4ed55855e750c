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

    def as_dict(self) -> dict:
        return asdict(self)
