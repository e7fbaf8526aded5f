"""What every document kind module declares: its code, and the :class:`DocumentKind` it exports as ``KIND``.

No model import here, so the codes can be used anywhere in the documents app (templates compare
against :class:`KindCode` members, never against typed strings).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from documents.engine import BundleList, DocumentFile

Progress = Callable[[int, int], None] | None


class KindCode(StrEnum):
    """The stable code of each kind, stored in ``GeneratedDocument.kind`` (and, for the numbered ones, in
    ``rewards.IssuedNumber.code``): changing one orphans the stored versions."""

    PLAN = "ke-hoach"
    PLEDGES = "dang-ky-thi-dua"
    SUMMARY_REPORT = "bao-cao-tong-ket"
    COUNCIL_DECISION = "quyet-dinh-thanh-lap-hoi-dong"
    MEETING_INVITATION = "giay-moi-hop-hoi-dong"
    COUNCIL_MINUTES = "bien-ban-hop-hoi-dong"
    BALLOT_PAPERS = "phieu-bau"
    VOTE_COUNT = "bien-ban-kiem-phieu"
    SUBMISSION = "to-trinh-de-nghi-khen-thuong"
    ACHIEVEMENT_REPORTS = "bao-cao-thanh-tich"
    DECISION = "quyet-dinh-khen-thuong"
    CERTIFICATES = "giay-khen"
    DISTRICT_BUNDLE = "ho-so-trinh-huyen"


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document a campaign produces.

    - ``code``: stable key stored on generated documents.
    - ``build(campaign, progress, sign)``: returns the files; ``progress(done, total)`` may be called.
    - ``available(campaign)``: whether the data needed exists yet (a kind not available is listed
      but cannot be generated).
    - ``view_roles``: roles that may see and download it; ``generate_roles``: roles that may render it.
    - ``bundle_order``: position in the district bundle (None: not in the bundle).
    - ``bundle_list``: optional provider of the nominee list for the bundle's XLSX.
    - ``official_from(campaign)``: for a kind that has drafts, the moment from which a rendering is
      the issued document (the plan's launch, the summary report's approval), or None while there is
      none yet. A version whose rendering started earlier is a draft: only ``generate_roles`` see it.
      None (the default): every finished version is issued (the data it needs is final already).
    - ``signed``: generating it is the chairman's approval and signature (the district bundle): it is
      always signed, and the documents it encloses are finalised (numbered) in the same transaction.
    - ``notes(campaign)``: what those who generate it are told on the documents page before they do
      (Vietnamese sentences: data the paper would print without, a bundle over the verifier's limit).
      A paper never prints such a message itself.
    """

    code: KindCode
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
    signed: bool = False
    notes: Callable[[Any], list[str]] | None = None


def done(progress: Progress, count: int, total: int) -> None:
    if progress:
        progress(count, total)


def file_slug(text: str, default: str = "van-ban") -> str:
    """``"Võ Thị Lan"`` → ``"vo-thi-lan"`` (đ → d; ASCII only, for file names inside ZIPs)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or default
