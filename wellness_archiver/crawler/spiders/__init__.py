"""Scrapy spiders: discovery and fetching only (no extraction, no database)."""
