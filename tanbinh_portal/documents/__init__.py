"""The registry of document kinds: apps register builders in ``AppConfig.ready``.

``tanbinh_portal`` imports no app, so campaigns, kpi and rewards each call
:func:`register_document` with a :class:`DocumentKind` whose ``build(campaign)`` returns the files
of that kind. The rendering task, the documents page and ``render_documents`` iterate the registry;
a kind registered later appears everywhere without changes here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class DocumentFile:
    """One rendered file: its path relative to the output folder (``ke-hoach.pdf``,
    ``bao-cao-thanh-tich/nguyen-van-a.pdf``), a title for outlines and lists, and the bytes."""

    path: str
    title: str
    content: bytes


@dataclass(frozen=True)
class BundleList:
    """The list that goes into the bundle as XLSX: header row and rows of plain values.

    With ``title_rows`` (issuing body, title, the tờ trình's reference line) it is written in the form a
    district clerk uses (:mod:`tanbinh_portal.documents.district_list`); ``widths`` are column widths.
    """

    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    commune: str = ""  # the workbook's first title row, e.g. "UBND xã Tân Bình"
    period: str = ""
    title_rows: list[str] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document a campaign produces.

    - ``code``: stable key stored on generated documents (``ke-hoach``).
    - ``build(campaign, progress)``: returns the files; ``progress(done, total)`` may be called.
    - ``available(campaign)``: whether the data needed exists yet (a kind not available is listed
      but cannot be generated).
    - ``view_roles``: roles that may see and download it; ``generate_roles``: roles that may render it.
    - ``bundle_order``: position in the district bundle (None: not in the bundle).
    - ``bundle_list``: optional provider of the nominee list for the bundle's XLSX.
    - ``official_from(campaign)``: for a kind that has drafts, the moment from which a rendering is
      the issued document (the plan's launch, the summary report's approval), or None while there is
      none yet. A version whose rendering started earlier is a draft: only ``generate_roles`` see it.
      None (the default): every finished version is issued (the data it needs is final already).
    """

    code: str
    title: str
    order: int
    build: Callable[..., list[DocumentFile]]
    view_roles: tuple[str, ...]
    generate_roles: tuple[str, ...]
    available: Callable[[Any], bool] = lambda campaign: True
    bundle_order: int | None = None
    bundle_list: Callable[[Any], BundleList | None] | None = None
    multi_file: bool = False
    official_from: Callable[[Any], datetime | None] | None = None


_REGISTRY: dict[str, DocumentKind] = {}


def register_document(kind: DocumentKind) -> None:
    """Register (or replace, when an app's ready() runs again in tests) a document kind."""
    _REGISTRY[kind.code] = kind


def document_kinds() -> list[DocumentKind]:
    return sorted(_REGISTRY.values(), key=lambda k: (k.order, k.code))


def get_kind(code: str) -> DocumentKind | None:
    return _REGISTRY.get(code)


def bundle_kinds() -> list[DocumentKind]:
    return sorted((k for k in _REGISTRY.values() if k.bundle_order is not None), key=lambda k: k.bundle_order)
