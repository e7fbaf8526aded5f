"""One eligibility wording: the list and the detail say the same, and "no rules" is said as such."""

from django.urls import reverse

from rewards import services
from rewards.eligibility import NO_RULES, eligibility_status
from rewards.models import EligibilityRule


def _pages(client, nomination):
    slug = nomination.campaign.slug
    listing = client.get(reverse("rewards:nomination-list", args=[slug])).content.decode()
    detail = client.get(reverse("rewards:nomination-detail", args=[slug, nomination.pk])).content.decode()
    return listing, detail


def test_without_rules_both_pages_say_eligible_because_no_condition_was_set(nominate, users, client_as):
    nomination = nominate("Võ Thị Lan")
    EligibilityRule.objects.filter(campaign=nomination.campaign, award_form=nomination.award_form).delete()
    nomination = services.nomination_submit(actor=users["vanphong"], nomination=nomination)
    assert eligibility_status(nomination) == NO_RULES
    listing, detail = _pages(client_as("vanphong"), nomination)
    assert "Đủ điều kiện (chưa đặt điều kiện)" in listing
    assert "Đủ điều kiện (chưa đặt điều kiện)" in detail and "chưa có điều kiện nào được đặt" in detail
    assert "Điều kiện được xét khi gửi đề nghị." not in detail


def test_a_draft_reads_not_evaluated_on_both_pages(nominate, client_as):
    nomination = nominate("Võ Thị Lan")
    listing, detail = _pages(client_as("vanphong"), nomination)
    assert "Chưa xét" in listing and "Chưa xét" in detail and "Điều kiện được xét khi gửi đề nghị." in detail


def test_a_checked_nomination_reads_the_same_on_both_pages(nominate, users, client_as):
    nomination = services.nomination_submit(actor=users["vanphong"], nomination=nominate("Võ Thị Lan"))
    status = eligibility_status(nomination)
    assert status.code in {"eligible", "not_eligible"} and nomination.eligibility
    listing, detail = _pages(client_as("vanphong"), nomination)
    assert f">{status.label}<" in listing and f"<strong>{status.label}.</strong>" in detail
