"""Object-level checks (issue 6): Phòng Nội vụ downloads only what the commune sends to the district.

Sent = a finished document of a kind addressed to the district (plan, tờ trình, biên bản, báo cáo
thành tích, báo cáo tổng kết, the signed bundle). The commune's own documents (quyết định, giấy khen)
and anything not finished answer 404 to the district, as if they did not exist.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.services import document_render, document_request
from tests.rewards.helpers import ensure_award_round


def _urls(campaign, document) -> list[str]:
    args = [campaign.slug, document.pk]
    return [reverse(f"documents:document-{name}", args=args) for name in ("download", "progress")]


@pytest.mark.with_award_round
def test_district_downloads_a_finished_document_sent_to_it(client_as, campaign, users):
    ensure_award_round(campaign)
    minutes = document_render(
        document_id=document_request(actor=users["vanphong"], campaign=campaign, kind="bien-ban-hop-hoi-dong").pk
    )
    download, _progress = _urls(campaign, minutes)
    response = client_as("noivu").get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.with_award_round
def test_district_cannot_download_the_communes_own_documents(client_as, campaign, users):
    ensure_award_round(campaign)
    decision = document_render(
        document_id=document_request(actor=users["vanphong"], campaign=campaign, kind="quyet-dinh-khen-thuong").pk
    )
    for url in _urls(campaign, decision):
        assert client_as("noivu").get(url).status_code == 404
        assert client_as("canbo").get(url).status_code == 200
    receive = reverse("documents:document-receive", args=[campaign.slug, decision.pk])
    assert client_as("noivu").post(receive).status_code == 404
    page = client_as("noivu").get(reverse("documents:document-list", args=[campaign.slug])).content.decode()
    assert "Quyết định khen thưởng" not in page and "Giấy khen" not in page


@pytest.mark.with_award_round
def test_district_cannot_see_a_bundle_before_it_is_signed_and_finished(client_as, campaign, users):
    ensure_award_round(campaign)
    queued = document_request(actor=users["chutich"], campaign=campaign, kind="ho-so-trinh-huyen", sign=True)
    for url in _urls(campaign, queued):
        assert client_as("noivu").get(url).status_code == 404
    assert client_as("chutich").get(_urls(campaign, queued)[1]).status_code == 200
    page = client_as("noivu").get(reverse("documents:document-list", args=[campaign.slug])).content.decode()
    assert reverse("documents:document-download", args=[campaign.slug, queued.pk]) not in page


def test_district_cannot_see_a_document_of_a_campaign_still_in_draft(client_as, draft_campaign, users):
    plan = document_render(
        document_id=document_request(actor=users["vanphong"], campaign=draft_campaign, kind="ke-hoach").pk
    )
    for url in _urls(draft_campaign, plan):
        assert client_as("noivu").get(url).status_code == 404  # the draft campaign answers as if missing
