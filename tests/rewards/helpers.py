"""Building the demo's award round in tests, and finding its objects."""

from __future__ import annotations

from django.contrib.auth.models import User

from campaigns.models import Campaign
from demo.rewards import build_award_round
from rewards.models import Decision, Nomination


def ensure_award_round(campaign: Campaign) -> None:
    if not Decision.objects.filter(campaign=campaign).exists():
        users = {u.username: u for u in User.objects.all()}
        build_award_round(campaign, users)


def nomination_of(campaign: Campaign, name: str, code: str = "") -> Nomination:
    rows = Nomination.objects.filter(campaign=campaign)
    if code:
        rows = rows.filter(award_form__code=code)
    return (
        rows.get(**{"unit__name": name}) if rows.filter(unit__name=name).exists() else rows.get(person__full_name=name)
    )


# The smallest file the evidence check takes for a PDF (it reads the content, not the name).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def draft_with_evidence_file(campaign: Campaign, name: str = "bien-ban.pdf") -> Nomination:
    """A draft nomination of Hội Nông dân xã by its head (canbo), with one PDF, through the services."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from campaigns.models import AwardForm, Unit
    from rewards import services

    canbo = User.objects.get(username="canbo")
    nomination = services.nomination_create(
        actor=canbo,
        campaign=campaign,
        award_form=AwardForm.objects.get(code="giay-khen-chu-tich-xa-2017"),
        unit=Unit.objects.get(name="Hội Nông dân xã"),
        sections={"profile": "Tập thể 4 người.", "achievements": "Hoàn thành nhiệm vụ."},
    )
    upload = SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
    services.evidence_file_add(actor=canbo, nomination=nomination, upload=upload, description="Biên bản họp")
    return nomination
