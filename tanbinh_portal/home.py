"""The "what to do next" list on the home page.

Each app registers a provider in its ``AppConfig.ready``; this keeps the home page free of
imports from the apps (they depend on the portal, not the other way round).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeTask:
    title: str
    text: str
    url: str
    level: str = "primary"  # Bootstrap contextual colour: primary, warning, danger, success, secondary
    action: str = "Mở"


Provider = Callable[[object], list[HomeTask]]
_providers: list[Provider] = []


def register_home_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def home_tasks(user) -> list[HomeTask]:
    tasks: list[HomeTask] = []
    for provider in _providers:
        tasks.extend(provider(user))
    return tasks
