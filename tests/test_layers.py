"""The import layers of docs/architecture.md, held by the import-linter contract in pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.apps import apps
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pyproject.toml"


def importlinter_config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))["tool"]["importlinter"]


def test_the_layers_run_from_the_demo_and_documents_down_to_the_shared_infrastructure():
    """The development-only demo is the rightmost layer: it fills every app and no app imports it."""
    (contract,) = importlinter_config()["contracts"]
    assert contract["type"] == "layers"
    assert contract["layers"] == ["demo", "documents", "rewards", "kpi", "campaigns", "tanbinh_portal"]


def test_every_project_app_is_a_root_package_of_the_contract():
    """A new app outside the contract would escape the layers unnoticed."""
    ours = {config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT}
    assert ours | {"tanbinh_portal"} == set(importlinter_config()["root_packages"])


def test_no_import_runs_against_the_layers(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    status = lint_imports(config_filename=str(CONFIG), no_cache=True, no_logo=True)
    assert status == 0, capsys.readouterr().out
