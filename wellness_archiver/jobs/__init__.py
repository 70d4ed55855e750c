"""Orchestration: the jobs a command runs (a crawl, a re-extraction, a WARC
import, the analysis of the whole archive), each built from the crawler, the
extraction and the archive below it, and usable without click."""
