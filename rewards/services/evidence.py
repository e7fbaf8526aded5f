"""Freezing a nomination's evidence (what the sources said about the nominee when it was submitted)."""

from __future__ import annotations

from rewards.models import EvidenceItem, Nomination


def evidence_freeze(*, nomination: Nomination, items: list[dict]) -> None:
    """Replace the nomination's frozen evidence with ``items`` (``rewards.evidence.collect_evidence``).

    Called by ``nomination_submit`` inside its transaction, after its state guard and under its row
    lock, at every submission (a returned nomination sent again freezes what the sources say then);
    the submission's audit row records the move.
    """
    nomination.evidence.all().delete()
    EvidenceItem.objects.bulk_create([EvidenceItem(nomination=nomination, **item) for item in items])
