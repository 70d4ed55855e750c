"""The archive's exceptions, importable without loading sqlite-utils.

Each says what is wrong in plain words and carries the data (paths, ids) as
attributes; how to fix it is the caller's to say (the CLI adds a hint).
"""

from __future__ import annotations


class ArchiveError(Exception):
    """A problem with the archive file, or with an output, that the user can fix."""


class NoArchive(ArchiveError):
    """No archive file where one should be."""

    def __init__(self, path):
        self.path = path
        super().__init__(f"No archive at {path}")


class NotAnArchive(ArchiveError):
    """An SQLite file (or an empty one) that no version of the tool made."""

    def __init__(self, path, what: str):
        self.path, self.what = path, what
        super().__init__(f"{path} is not a wellness-archiver archive ({what})")


class NewerArchive(ArchiveError):
    """An archive with migrations this version does not know."""

    def __init__(self, path, unknown: list[str]):
        self.path, self.unknown = path, tuple(unknown)
        super().__init__(f"{path} was made by a newer version of wellness-archiver "
                         f"(unknown migration {', '.join(unknown)})")


class ArchiveLocked(ArchiveError):
    """Another process holds the archive's writer lock."""

    def __init__(self, path, detail: str = ""):
        self.path, self.detail = path, detail
        super().__init__(f"{path} is locked by another process" + (f" ({detail})" if detail else ""))


class NoSuchRun(ArchiveError):
    """The archive has no crawl run with this id."""

    def __init__(self, path, run_id: int):
        self.path, self.run_id = path, run_id
        super().__init__(f"{path} has no crawl run {run_id}")


class NoSuchArticle(ArchiveError):
    """The archive has no article with this URL."""

    def __init__(self, path, url: str):
        self.path, self.url = path, url
        super().__init__(f"No article with URL {url} in {path}")


class OutputExists(ArchiveError):
    """An output file exists already (and overwriting was not asked for)."""

    def __init__(self, path):
        self.path = path
        super().__init__(f"{path} already exists")


class OutputIsArchive(ArchiveError):
    """An output would overwrite the archive or one of its files: refused, whatever was asked."""

    def __init__(self, path, archive, what: str):
        self.path, self.archive, self.what = path, archive, what
        super().__init__(f"{path} is {what} ({archive}): refusing to overwrite it")


class MissingDirectory(ArchiveError):
    """The directory an output goes to does not exist."""

    def __init__(self, directory):
        self.directory = directory
        super().__init__(f"Directory {directory} does not exist")


class StaleClusters(ArchiveError):
    """The duplicate clusters are missing or older than the articles."""

    def __init__(self, path):
        self.path = path
        super().__init__(f"the duplicate clusters of {path} are missing or out of date")


class UnknownFormat(ArchiveError):
    """An output's name does not tell its format."""

    def __init__(self, name: str, extensions, formats):
        self.name, self.extensions, self.formats = name, tuple(extensions), tuple(formats)
        super().__init__(f"cannot tell the export format from {name!r}")
