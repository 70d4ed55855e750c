"""The suite's own layout: shared code lives in helper modules (crawling.py,
archives.py, faultserver.py, ...), never in a test module another one imports,
and a crawl's command line is spelled out in one place."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def suite_modules() -> list[Path]:
    return sorted(TESTS.glob("test_*.py"))


def imports_of(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.append((node.lineno, node.module))
    return found


def test_no_test_module_imports_another():
    offenders = [f"{path.name}:{line} imports {name}" for path in suite_modules()
                 for line, name in imports_of(path) if name.split(".")[0].startswith("test_")]
    assert offenders == [], "move what they share into a helper module (e.g. tests/crawling.py)"


def test_crawls_are_started_through_crawling_py():
    spelled = '"wellness_archiver", ' + '"crawl"'
    offenders = [path.name for path in suite_modules() if spelled in path.read_text(encoding="utf-8")]
    assert offenders == [], "start crawls with crawling.crawl / crawl_cmd / guarded_crawl (one set of fast settings)"


def test_the_check_sees_a_cross_import(tmp_path):
    bad = tmp_path / "test_bad.py"
    bad.write_text("from test_middlewares import crawl\nimport test_poison as p\nimport json\n")
    assert imports_of(bad) == [(1, "test_middlewares"), (2, "test_poison"), (3, "json")]
