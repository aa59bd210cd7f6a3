"""The read model's writers are named in one place, and nothing else writes its tables."""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from readmodel import tables, writers
from readmodel.tables import Base

ROOT = Path(__file__).resolve().parents[2]
NOT_APPLICATION = {"tests", "benchmarks", "migrations", ".venv"}
"""Tests and `pathway bench overdue` seed throwaway databases; migrations change the schema."""

TABLES = {
    mapper.class_.__name__
    for mapper in Base.registry.mappers
    if mapper.class_.__module__ == tables.__name__
}


def application_modules() -> Iterator[tuple[str, ast.Module]]:
    """Every module of the application, by path from the repository's root."""
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in NOT_APPLICATION or ".egg-info" in str(relative):
            continue
        yield relative.as_posix(), ast.parse(path.read_text(), str(relative))


def writes_outside_the_package(tree: ast.Module) -> list[str]:
    """The INSERTs, UPDATEs and DELETEs of a read-model table, rows built, projection imported."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "readmodel.projection":
            found.append(f"line {node.lineno}: imports readmodel.projection")
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        target = node.args[0] if node.args else None
        if name in ("insert", "update", "delete") and isinstance(target, ast.Name) and target.id in TABLES:
            found.append(f"line {node.lineno}: {name}({target.id})")
        if name in TABLES:
            found.append(f"line {node.lineno}: builds a {name}")
    return found


def writer_calls(tree: ast.Module) -> set[str]:
    """The functions of `readmodel.writers` a module uses, however it imports them."""
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "readmodel.writers":
            used |= {alias.name for alias in node.names}
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "writers"
        ):
            used.add(node.attr)
    return used & set(writers.__all__)


def documented_writers() -> set[tuple[str, str]]:
    """(module, function) of each numbered writer in `readmodel.writers`' docstring."""
    doc = writers.__doc__ or ""
    items = re.findall(r"^\d+\. (.*?)(?=^\d+\. |^$)", doc, flags=re.MULTILINE | re.DOTALL)
    named = set()
    for item in items:
        quoted = re.findall(r"`([^`]+)`", item)
        module = next(q for q in quoted if q.endswith(".py"))
        function = next(q for q in quoted if q in writers.__all__)
        named.add((module, function))
    return named


def test_only_the_read_model_package_writes_its_tables() -> None:
    assert TABLES >= {"PathwayRow", "TaskRow", "VictimRow", "DecisionRow", "ReferralRow", "BiasReflectionRow"}
    offences = {
        path: found
        for path, tree in application_modules()
        if not path.startswith("readmodel/") and (found := writes_outside_the_package(tree))
    }
    assert offences == {}, "write the read model through readmodel.writers"


def test_every_writer_is_named_in_the_writers_docstring_and_every_one_named_writes() -> None:
    documented = documented_writers()
    assert len(documented) == 4, documented  # issue 16: the API and the pages write through core.pathways
    used = {
        (path, function)
        for path, tree in application_modules()
        if not path.startswith("readmodel/")
        for function in writer_calls(tree)
    }
    assert used == documented
    assert {function for _, function in used} == set(writers.__all__), "each writer is used"


def test_the_intakes_database_package_never_imports_the_read_model() -> None:
    imports = [
        (path, node.lineno)
        for path, tree in application_modules()
        if path.startswith("db/")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom | ast.Import)
        and any(
            name.startswith("readmodel")
            for name in ([node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names])
        )
    ]
    assert imports == []
