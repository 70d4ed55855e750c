"""The crawler stays readable: no module over 400 lines, no function over 60."""

from __future__ import annotations

import ast
from pathlib import Path

import wellness_archiver.crawler as crawler

MAX_MODULE, MAX_FUNCTION = 400, 60


def oversized(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        source = path.read_text("utf-8")
        if source.count("\n") > MAX_MODULE:
            found.append(f"{path.name}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION:
                    found.append(f"{path.name}: {node.name}() {length} lines")
    return found


def test_no_oversized_module_or_function_in_the_crawler():
    assert oversized(Path(crawler.__file__).parent) == []


def test_the_check_finds_one(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION + 1))
    (tmp_path / "big.py").write_text(f"def f():\n{body}\n")
    assert oversized(tmp_path) == [f"big.py: f() {MAX_FUNCTION + 2} lines"]
