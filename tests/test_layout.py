"""Where things live (docs/architecture.md, "Where does X go"): checked on the code itself."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from django import forms

ROOT = Path(__file__).resolve().parents[1]
APPS = ("campaigns", "kpi", "rewards", "documents", "tanbinh_portal")


def _modules_under(package: str):
    module = importlib.import_module(package)
    yield module
    if hasattr(module, "__path__"):
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            yield importlib.import_module(info.name)


def _view_modules():
    for app in APPS:
        if (ROOT / app / "views").is_dir() or (ROOT / app / "views.py").is_file():
            yield from _modules_under(f"{app}.views")


def test_forms_are_defined_in_forms_modules_never_in_views():
    modules = list(_view_modules())
    assert {"documents.views.documents", "kpi.views.imports", "tanbinh_portal.views"} <= {m.__name__ for m in modules}
    found = [
        f"{module.__name__}.{value.__name__}"
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == module.__name__
    ]
    assert found == []


PACKAGES = ("campaigns.models", "campaigns.forms", "rewards.models", "rewards.forms")


def test_a_package_re_exports_every_model_and_form_of_its_modules():
    """Split into a package, ``from app.forms import X`` keeps working for every model and form."""
    from django.db import models

    missing, checked = [], 0
    for package in PACKAGES:
        top = importlib.import_module(package)
        for module in list(_modules_under(package))[1:]:
            for name, value in vars(module).items():
                defined_here = isinstance(value, type) and value.__module__ == module.__name__
                if (
                    defined_here
                    and issubclass(value, models.Model | forms.BaseForm)
                    and getattr(top, name, None) is not value
                ):
                    missing.append(f"{module.__name__}.{name}")
                checked += defined_here and issubclass(value, models.Model | forms.BaseForm)
    assert missing == [] and checked >= 55


def test_a_selectors_package_re_exports_every_public_read_of_its_modules():
    import inspect

    missing, checked = [], 0
    for package in ("kpi.selectors", "rewards.selectors"):
        top = importlib.import_module(package)
        for module in list(_modules_under(package))[1:]:
            for name, value in vars(module).items():
                if name.startswith("_") or not inspect.isfunction(value) or value.__module__ != module.__name__:
                    continue
                checked += 1
                if getattr(top, name, None) is not value:
                    missing.append(f"{module.__name__}.{name}")
    assert missing == [] and checked >= 25


def test_a_split_services_module_still_offers_every_public_name_from_the_package():
    """``campaigns.services`` and ``documents.services`` became packages by entity, and the council's
    services meetings and ballots: ``from app.services import X`` and ``services.X`` keep working for
    every public function and class of those modules."""
    import inspect

    split = {
        "campaigns.services": None,  # every module
        "documents.services": None,
        "rewards.services": ("rewards.services.meetings", "rewards.services.ballots"),
    }
    missing, checked = [], 0
    for package, only in split.items():
        top = importlib.import_module(package)
        for module in list(_modules_under(package))[1:]:
            if only is not None and module.__name__ not in only:
                continue
            for name, value in vars(module).items():
                public = not name.startswith("_") and (inspect.isfunction(value) or inspect.isclass(value))
                if not public or value.__module__ != module.__name__:
                    continue
                checked += 1
                if getattr(top, name, None) is not value or name not in top.__all__:
                    missing.append(f"{module.__name__}.{name}")
    assert missing == [] and checked >= 30
