"""sqlite-utils, as the archive loads it: without pandas.

sqlite-utils imports pandas whenever it is installed (to accept DataFrame
values), which costs every process that opens an archive about half a second
and 65 MB; the archive never passes pandas values. So sqlite-utils is loaded
as if pandas were absent (``sys.modules[name] = None`` makes an import fail),
and pandas stays importable for everything else. Every archive module imports
sqlite-utils from here.
"""

from __future__ import annotations

import sys

if "sqlite_utils" not in sys.modules and "pandas" not in sys.modules:
    sys.modules["pandas"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils
    finally:
        del sys.modules["pandas"]

import sqlite_utils  # noqa: E402,F811  (the module loaded above, or by someone before us)
from sqlite_utils import Database, Migrations  # noqa: E402
from sqlite_utils.utils import chunks  # noqa: E402

__all__ = ["Database", "Migrations", "chunks", "sqlite_utils"]
