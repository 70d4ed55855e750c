"""wellness-archiver: blogs in, a clean and citable SQLite corpus out."""

__version__ = "0.1.0"
__all__ = ["__version__"]
