"""The print engine: data classes in, PDF/XLSX/ZIP bytes out (WeasyPrint, charts, typography, signing, bundle).

Model-free by rule: nothing in this package imports a Django model or an app of the portal (a test
checks), so it can be benchmarked, tested and reused on plain data. The document kinds that gather
that data live in :mod:`documents.kinds`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    district clerk uses (:mod:`documents.engine.district_list`); ``widths`` are column widths.
    """

    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    commune: str = ""  # the workbook's first title row, e.g. "UBND xã Tân Bình"
    period: str = ""
    title_rows: list[str] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
