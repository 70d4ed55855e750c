"""Scrapy item pipelines: extract (off the reactor thread), then store."""
