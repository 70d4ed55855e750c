"""The archive's exceptions, importable without loading sqlite-utils.

Each says what is wrong in plain words and carries the data (paths, ids) as
attributes; how to fix it is the caller's to say (the CLI adds a hint).
"""

from __future__ import annotations


class ArchiveError(Exception):
    """A problem with the archive file, or with an output, that the user can fix.

    A subclass names its ``fields`` (given positionally, kept as attributes;
    lists become tuples) and the ``template`` of its message."""

    fields: tuple[str, ...] = ()
    template = ""

    def __init__(self, *values):
        if not self.fields:  # a plain message
            super().__init__(*values)
            return
        for name, value in zip(self.fields, values):
            setattr(self, name, tuple(value) if isinstance(value, (list, dict)) else value)
        super().__init__(self.describe())

    def describe(self) -> str:
        return self.template.format(**vars(self))


class NoArchive(ArchiveError):
    """No archive file where one should be."""
    fields, template = ("path",), "No archive at {path}"


class NotAnArchive(ArchiveError):
    """An SQLite file (or an empty one) that no version of the tool made."""
    fields, template = ("path", "what"), "{path} is not a wellness-archiver archive ({what})"


class NewerArchive(ArchiveError):
    """An archive with migrations this version does not know."""
    fields = ("path", "unknown")

    def describe(self) -> str:
        unknown = ", ".join(self.unknown)
        return f"{self.path} was made by a newer version of wellness-archiver (unknown migration {unknown})"


class ArchiveLocked(ArchiveError):
    """Another process holds the archive's writer lock."""
    fields, detail = ("path", "detail"), ""

    def describe(self) -> str:
        return f"{self.path} is locked by another process" + (f" ({self.detail})" if self.detail else "")


class NoSuchRun(ArchiveError):
    """The archive has no crawl run with this id."""
    fields, template = ("path", "run_id"), "{path} has no crawl run {run_id}"


class NoSuchArticle(ArchiveError):
    """The archive has no article with this URL."""
    fields, template = ("path", "url"), "No article with URL {url} in {path}"


class OutputExists(ArchiveError):
    """An output file exists already (and overwriting was not asked for)."""
    fields, template = ("path",), "{path} already exists"


class OutputIsArchive(ArchiveError):
    """An output would overwrite the archive or one of its files: refused, whatever was asked."""
    fields, template = ("path", "archive", "what"), "{path} is {what} ({archive}): refusing to overwrite it"


class MissingDirectory(ArchiveError):
    """The directory an output goes to does not exist."""
    fields, template = ("directory",), "Directory {directory} does not exist"


class StaleClusters(ArchiveError):
    """The duplicate clusters are missing or older than the articles."""
    fields, template = ("path",), "the duplicate clusters of {path} are missing or out of date"


class UnknownFormat(ArchiveError):
    """An output's name does not tell its format."""
    fields = ("name", "extensions", "formats")

    def describe(self) -> str:
        return f"cannot tell the export format from {self.name!r}"
