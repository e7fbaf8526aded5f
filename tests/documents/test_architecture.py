"""The documents app's place in the chain and the print engine's independence, read from the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from documents.kinds import KINDS, KindCode, bundle_kinds, document_kinds, get_kind

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "documents" / "engine"
# What a model-free module may not reach, directly or through the project's modules it imports.
FORBIDDEN_PREFIXES = ("campaigns", "kpi", "rewards", "django.db", "django.contrib.auth.models")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return names


def source_of(module: str) -> Path | None:
    """The project file of a module (``tanbinh_portal.spreadsheets``), or None for a library."""
    path = ROOT.joinpath(*module.split("."))
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    return None


@pytest.mark.parametrize("app", ["campaigns", "kpi", "rewards", "tanbinh_portal"])
def test_no_app_to_the_left_of_documents_imports_it(app):
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / app).rglob("*.py")
        for name in imported_modules(path)
        if name == "documents" or name.startswith("documents.")
    }
    assert not offenders, sorted(offenders)


def test_the_print_engine_reaches_no_model_and_no_app_through_any_import():
    seen: set[Path] = set()
    pending = sorted(ENGINE.glob("*.py"))
    reached: dict[str, Path] = {}
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in imported_modules(path):
            reached.setdefault(name, path)
            source = source_of(name)
            if source is not None and source not in seen:
                pending.append(source)
    bad = {
        f"{reached[name].relative_to(ROOT)} imports {name}"
        for name in reached
        if name.startswith(FORBIDDEN_PREFIXES)
        or name.endswith(".models")
        or (name.startswith("documents.") and not name.startswith("documents.engine"))
    }
    assert not bad, sorted(bad)
    assert len(seen) > len(list(ENGINE.glob("*.py")))  # it did follow the project modules it uses


def test_one_list_holds_every_kind_once_under_its_code():
    assert {kind.code for kind in KINDS} == set(KindCode)
    assert all(get_kind(code) is kind for code, kind in ((k.code, k) for k in KINDS))
    assert [k.order for k in document_kinds()] == sorted(k.order for k in KINDS)
    assert [k.code for k in bundle_kinds()] == [
        KindCode.SUBMISSION,
        KindCode.COUNCIL_MINUTES,
        KindCode.ACHIEVEMENT_REPORTS,
        KindCode.SUMMARY_REPORT,
        KindCode.PLAN,
    ]
    assert [k.code for k in KINDS if k.signed] == [KindCode.DISTRICT_BUNDLE]


def test_no_kind_code_is_typed_as_a_literal_in_the_app_code():
    """Kind codes come from KindCode; only its definition spells them (a file name may share the words)."""
    codes = {f'"{code.value}"' for code in KindCode} | {f"'{code.value}'" for code in KindCode}
    offenders = []
    for path in (ROOT / "documents").rglob("*"):
        if path.suffix not in {".py", ".html"} or "migrations" in path.parts or path.name == "base.py":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("FOLDER = ", "FILENAME = ")):  # a file name the command must keep, not a code
                continue
            offenders += [f"{path.relative_to(ROOT)}: {line.strip()}" for code in codes if code in line]
    assert not offenders, offenders


def test_the_number_codes_of_rewards_are_the_kind_codes():
    """rewards stores the summary report's number under a code it may not import from here."""
    from rewards.services.config import COUNCIL_DECISION_CODE
    from rewards.services.summary import SUMMARY_CODE

    assert SUMMARY_CODE == KindCode.SUMMARY_REPORT
    assert COUNCIL_DECISION_CODE == KindCode.COUNCIL_DECISION
