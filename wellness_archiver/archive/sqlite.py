"""sqlite-utils, as the archive loads it: without pandas and numpy.

sqlite-utils imports pandas and numpy whenever they are installed (to accept
DataFrame and numpy values), which costs every process that opens an archive
about half a second and 65 MB (pandas), ~0.1 s and 13 MB (numpy); the archive
never passes such values. So sqlite-utils is loaded as if they were absent
(``sys.modules[name] = None`` makes an import fail), and both stay importable
for everything else (pyarrow's Parquet export). Every archive module imports
sqlite-utils from here.
"""

from __future__ import annotations

import sys

_HIDDEN = [name for name in ("pandas", "numpy") if name not in sys.modules]
if "sqlite_utils" not in sys.modules:
    for name in _HIDDEN:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils
    finally:
        for name in _HIDDEN:
            del sys.modules[name]

import sqlite_utils  # noqa: E402,F811  (the module loaded above, or by someone before us)
from sqlite_utils import Database, Migrations  # noqa: E402
from sqlite_utils.utils import chunks  # noqa: E402

__all__ = ["Database", "Migrations", "chunks", "sqlite_utils"]
