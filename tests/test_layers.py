"""The package's layers, as pyproject.toml's import-linter contracts state them:
a module imports only from the layers below its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("importlinter")
ROOT = Path(__file__).resolve().parents[1]
# `lint-imports`, run by this interpreter (the script may not be on PATH).
LINT = [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"]


def lint(root: Path) -> subprocess.CompletedProcess:
    # PYTHONPATH first: the copy under test, not the installed package, is analysed.
    return subprocess.run([*LINT, "--config", str(root / "pyproject.toml")], cwd=root, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(root)}, timeout=120)


def test_the_package_keeps_its_layers():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "BROKEN" not in result.stdout and result.stdout.count("KEPT") >= 3


def test_an_upward_import_breaks_the_contract(tmp_path):
    """The contracts can fail: the archive importing the crawler is reported."""
    shutil.copytree(ROOT / "wellness_archiver", tmp_path / "wellness_archiver",
                    ignore=shutil.ignore_patterns("__pycache__", "demo_site"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "wellness_archiver" / "demo_site").mkdir()
    (tmp_path / "wellness_archiver" / "demo_site" / "__init__.py").write_text("")
    (tmp_path / "wellness_archiver" / "archive" / "upward.py").write_text(
        "from wellness_archiver.crawler.settings import DOWNLOAD_DELAY\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "wellness_archiver.archive.upward -> wellness_archiver.crawler.settings" in result.stdout
