"""The domain stays pure Python: standard library and its own modules only (STYLE.md 2)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "clinic_desk" / "domain"
MODULES = sorted(DOMAIN.glob("*.py"))


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_there_are_domain_modules() -> None:
    assert {"joints.py", "innervation.py", "record_format.py"} <= {p.name for p in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_imports_only_the_standard_library(path: Path) -> None:
    outside = {n for n in imported(path) if n not in sys.stdlib_module_names}
    assert outside == set(), f"{path.name} imports {sorted(outside)}"


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_never_imports_other_layers(path: Path) -> None:
    # "from ..storage import x" is relative, so the standard-library check above misses it.
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level >= 2:
            pytest.fail(f"{path.name} imports from outside the domain: {ast.unparse(node)}")


def test_the_checks_would_notice(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import PySide6.QtCore\nfrom sqlalchemy import select\nimport json\n")
    assert {n for n in imported(bad) if n not in sys.stdlib_module_names} == {
        "PySide6", "sqlalchemy"}
