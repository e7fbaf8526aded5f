"""What exists for the award documents of a campaign (one query), and who reads them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db.models import Exists, OuterRef, Subquery

from campaigns.models import Campaign
from documents.sources import awards as selectors
from rewards.models import (
    CouncilConvocation,
    CouncilMeeting,
    Decision,
    IssuedNumber,
    MeetingStatus,
    Nomination,
    NominationStatus,
    SummaryReport,
    SummaryStatus,
)
from rewards.services.config import COUNCIL_DECISION_CODE
from tanbinh_portal.roles import COUNCIL, DISTRICT, MANAGERS

# The papers that go up to the district are read by the commune's managers, the council and the district.
TO_DISTRICT = (*MANAGERS, COUNCIL, DISTRICT)


def _state(campaign: Campaign) -> dict:
    """What exists for the award documents, in one query, remembered on the campaign object.

    The documents page asks every kind (and the bundle asks the bundle kinds again); one query for all
    of them keeps the page's query count flat. Views and the task load a fresh campaign each time.
    """
    cached = getattr(campaign, "_award_documents_state", None)
    if cached is None:
        nominations = Nomination.objects.filter(campaign=OuterRef("pk"))
        cached = (
            Campaign.objects.filter(pk=campaign.pk)
            .annotate(
                meeting=Exists(CouncilMeeting.objects.filter(campaign=OuterRef("pk"), status=MeetingStatus.CLOSED)),
                council_decision=Exists(
                    IssuedNumber.objects.filter(campaign=OuterRef("pk"), code=COUNCIL_DECISION_CODE)
                ),
                convocation=Exists(CouncilConvocation.objects.filter(campaign=OuterRef("pk"))),
                proposed=Exists(nominations.filter(status__in=selectors.PROPOSED_UPWARD)),
                decision=Exists(Decision.objects.filter(campaign=OuterRef("pk"))),
                decided=Exists(nominations.filter(status=NominationStatus.DECIDED)),
                summary=Exists(SummaryReport.objects.filter(campaign=OuterRef("pk"))),
                summary_approved_at=Subquery(
                    SummaryReport.objects.filter(campaign=OuterRef("pk"), status=SummaryStatus.APPROVED).values(
                        "approved_at"
                    )[:1]
                ),
            )
            .values(
                "meeting",
                "council_decision",
                "convocation",
                "proposed",
                "decision",
                "decided",
                "summary",
                "summary_approved_at",
            )
            .first()
        ) or {}
        campaign._award_documents_state = cached
    return cached


def _has(key: str) -> Callable[[Campaign], bool]:
    return lambda campaign: bool(_state(campaign).get(key))


has_closed_meeting, has_proposals = _has("meeting"), _has("proposed")
has_decision, has_decided, has_summary = _has("decision"), _has("decided"), _has("summary")
has_council_decision, has_convocation = _has("council_decision"), _has("convocation")


def summary_official_from(campaign: Campaign) -> datetime | None:
    """Rendered before the chairman approved it, the summary report is an unnumbered draft ("Số: /BC-UBND")."""
    return _state(campaign).get("summary_approved_at")
