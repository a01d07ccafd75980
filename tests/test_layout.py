"""The layout's rules, checked on the source: SQL only in the store, sqlite only in the store, imports only
downwards (records/config <- text, formats, vectors, web <- store <- domain <- pipeline <- feeds <- cli, ui),
and the WORKBENCH_* variables read only by config.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "workbench"
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b")

# Each part of the package and the parts it may import (besides itself). The domain modules may import one
# another (group reads search's vector cache, export reads archive and review ...), never upwards.
DOMAIN = {
    "accounts", "settings", "claims", "group", "review", "agreement", "queue", "search", "archive", "export",
    "judge", "candidates", "linking",
}  # fmt: skip
LOWER = {"records", "config"}
ALLOWED = {
    "records": set(),
    "config": set(),
    "text": LOWER,
    "formats": LOWER,
    "vectors": LOWER,
    "web": LOWER,  # fetching links: network I/O, nothing of the workbench but records and config
    "store": LOWER | {"text", "formats", "vectors"},
    "domain": LOWER | {"text", "formats", "vectors", "store", "domain"},
    "pipeline": LOWER | {"text", "formats", "vectors", "web", "store", "domain"},
    "feeds": LOWER | {"text", "formats", "vectors", "web", "store", "domain", "pipeline"},
    "cli": LOWER | {"text", "formats", "vectors", "web", "store", "pipeline", "feeds", "cli", "domain"},
    "ui": LOWER | {"text", "formats", "vectors", "web", "store", "pipeline", "feeds", "ui", "domain"},
}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _part(path: Path) -> str:
    """The layer a module belongs to: its top folder, "domain" for the domain modules, or its own name."""
    first = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    return "domain" if first in DOMAIN else first


def _imported_parts(path: Path) -> set[str]:
    """The parts of the workbench package that ``path`` imports (absolute or relative)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]  # ("workbench", "store", ...)
    if path.name == "__init__.py":
        package = path.relative_to(PACKAGE.parent).parts[:-1]
    found = set()
    for node in ast.walk(tree):
        names: list[tuple[str, ...]] = []
        if isinstance(node, ast.Import):
            names = [tuple(a.name.split(".")) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = tuple(node.module.split(".")) if node.module else ()
            if node.level:
                base = package[: len(package) - node.level + 1] + base
            names = [base + (a.name,) for a in node.names] if len(base) == 1 else [base]
        for name in names:
            if name[0] == "workbench" and len(name) > 1:
                found.add(name[1])
    return {"domain" if p in DOMAIN else p for p in found}


def test_sql_lives_only_in_the_store():
    outside = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in _modules()
        if _part(path) != "store"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SQL.search(line)
    ]
    assert outside == []


# the database drivers: SQLite's, and PostgreSQL's with its pool and pgvector
DRIVERS = ("sqlite3", "sqlite_utils", "psycopg", "psycopg_pool", "pgvector")


def test_only_the_store_imports_database_drivers():
    importers = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            if any(m.split(".")[0] in DRIVERS for m in modules):
                importers.append(str(path.relative_to(PACKAGE.parent)))
    assert importers and all(p.startswith("workbench/store/") for p in importers), importers
    assert any(p.startswith("workbench/store/postgres/") for p in importers), importers


def test_imports_go_downwards_only():
    wrong = []
    for path in _modules():
        part = _part(path)
        if part == "__init__":  # the public API re-exports every layer, lazily
            continue
        for imported in _imported_parts(path) - {part}:
            if imported not in ALLOWED[part]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)} imports {imported}")
    assert wrong == []


def test_the_layout_checks_see_real_imports():
    # guards the checks above against passing vacuously
    assert {"domain", "store", "records", "text", "formats", "vectors"} <= _imported_parts(
        PACKAGE / "pipeline.py"
    )
    assert "store" in _imported_parts(PACKAGE / "store" / "sqlite" / "__init__.py")
    assert _part(PACKAGE / "group.py") == "domain" and _part(PACKAGE / "store" / "base.py") == "store"


def test_only_config_reads_workbench_environment_variables():
    readers = [
        str(path.relative_to(PACKAGE.parent))
        for path in _modules()
        if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text(encoding="utf-8"))
    ]
    assert readers == ["workbench/config.py"]
