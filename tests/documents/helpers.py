"""Swapping a kind of the one list (documents.kinds.KINDS) for a test."""

from __future__ import annotations

from documents import kinds
from documents.kinds import DocumentKind


def install_kind(monkeypatch, kind: DocumentKind) -> None:
    """Put ``kind`` in the list for this test, replacing the kind with its code if there is one."""
    monkeypatch.setattr(kinds, "KINDS", (*(k for k in kinds.KINDS if k.code != kind.code), kind))
    monkeypatch.setitem(kinds._BY_CODE, kind.code, kind)
