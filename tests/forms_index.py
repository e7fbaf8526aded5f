"""Every form class the apps define, wherever their forms module or package puts it."""

from __future__ import annotations

import importlib
import pkgutil

from django import forms

FORM_PACKAGES = ("campaigns.forms", "kpi.forms", "rewards.forms", "documents.forms")


def form_modules(packages=FORM_PACKAGES):
    for name in packages:
        module = importlib.import_module(name)
        yield module
        for info in pkgutil.walk_packages(getattr(module, "__path__", []), prefix=f"{name}."):
            yield importlib.import_module(info.name)


def form_classes(packages=FORM_PACKAGES):
    """Each form once, from the module that defines it (a package's ``__init__`` only re-exports)."""
    for module in form_modules(packages):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                yield value
