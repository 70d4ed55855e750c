"""The archive's exception, importable without loading sqlite-utils."""


class ArchiveError(Exception):
    """A problem with the archive file the user can fix (message says how)."""
