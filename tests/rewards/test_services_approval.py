import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from rewards import services
from rewards.models import ApprovalStatus, Decision, Nomination, NominationStatus
from tanbinh_portal.models import AuditEvent, Notification
from tests.rewards.conftest import HUYEN


def test_meeting_close_asks_the_chairman_to_approve(passed_list, users):
    assert Notification.objects.filter(recipient=users["chutich"], title__contains="chờ Chủ tịch phê duyệt").exists()


def test_chairman_approves_some_and_the_rest_are_not_approved_then_the_list_is_frozen(passed_list, users, configured):
    keep = [n.pk for n in passed_list[:3]]
    round_ = services.approval_approve(
        actor=users["chutich"], campaign=configured, approved_ids=keep, comment="Đồng ý."
    )
    assert round_.status == ApprovalStatus.APPROVED and round_.is_frozen
    statuses = dict(Nomination.objects.filter(pk__in=[n.pk for n in passed_list]).values_list("pk", "status"))
    assert [statuses[n.pk] for n in passed_list] == ["approved", "approved", "approved", "rejected"]
    with pytest.raises(ValidationError):
        services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=keep)


def test_only_the_chairman_approves(passed_list, users, configured):
    with pytest.raises(PermissionDenied):
        services.approval_approve(actor=users["vanphong"], campaign=configured, approved_ids=[passed_list[0].pk])


def test_cannot_approve_what_the_council_did_not_pass(passed_list, users, configured, nominate):
    other = nominate("Lâm Thị Thu")
    with pytest.raises(ValidationError, match="Hội đồng đã thông qua"):
        services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=[other.pk])


def test_returning_the_list_sends_it_back_to_the_council_with_a_comment(passed_list, users, configured):
    with pytest.raises(ValidationError):
        services.approval_return(actor=users["chutich"], campaign=configured, comment="")
    round_ = services.approval_return(actor=users["chutich"], campaign=configured, comment="Xem lại tập thể.")
    assert round_.status == ApprovalStatus.RETURNED
    assert set(Nomination.objects.filter(pk__in=[n.pk for n in passed_list]).values_list("status", flat=True)) == {
        "accepted"
    }
    assert Notification.objects.filter(recipient=users["hoidong"], body="Xem lại tập thể.").exists()


def test_unapproval_needs_a_reason_and_is_audited(passed_list, users, configured):
    services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=[n.pk for n in passed_list])
    with pytest.raises(ValidationError, match="lý do"):
        services.approval_unapprove(actor=users["chutich"], campaign=configured, reason=" ")
    round_ = services.approval_unapprove(actor=users["chutich"], campaign=configured, reason="Sai tên tập thể.")
    assert round_.status == ApprovalStatus.PENDING
    assert AuditEvent.objects.filter(action="approval.unapprove", reason="Sai tên tập thể.").exists()
    assert Nomination.objects.filter(status=NominationStatus.PASSED).count() == 4


def test_decision_numbers_commune_awards_and_freezes_unapproval(passed_list, users, configured):
    services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=[n.pk for n in passed_list])
    decision = services.decision_issue(actor=users["vanphong"], campaign=configured, issued_on=dt.date(2023, 1, 10))
    assert decision.reference == "01/QĐ-UBND" and decision.year == 2023
    assert decision.nominations.count() == 3  # the district form is proposed upward, not decided here
    assert set(decision.nominations.values_list("status", flat=True)) == {"decided"}
    with pytest.raises(ValidationError, match="không thể hủy phê duyệt"):
        services.approval_unapprove(actor=users["chutich"], campaign=configured, reason="x")
    with pytest.raises(ValidationError):
        services.decision_issue(actor=users["vanphong"], campaign=configured, issued_on=dt.date(2023, 1, 11))


def test_decision_needs_an_approved_list(passed_list, users, configured):
    with pytest.raises(ValidationError, match="chưa được Chủ tịch phê duyệt"):
        services.decision_issue(actor=users["vanphong"], campaign=configured, issued_on=dt.date(2023, 1, 10))


def test_number_series_run_per_issuer_and_year_from_01(configured):
    commune = configured.commune
    assert [services.number_next(commune=commune, issuer="ubnd", year=2023) for _ in range(3)] == [1, 2, 3]
    assert services.number_next(commune=commune, issuer="hdtdkt", year=2023) == 1
    assert services.number_next(commune=commune, issuer="ubnd", year=2024) == 1


def test_a_decision_number_is_unique_per_issuer_and_year(passed_list, users, configured):
    services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=[n.pk for n in passed_list])
    decision = services.decision_issue(actor=users["vanphong"], campaign=configured, issued_on=dt.date(2023, 1, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            campaign=configured,
            commune=configured.commune,
            year=2023,
            number=decision.number,
            issued_on=dt.date(2023, 2, 1),
            signatory_name="x",
            title="x",
            issued_by=users["vanphong"],
        )


def test_higher_award_is_proposed_to_the_district_and_its_outcome_recorded(passed_list, users, configured):
    services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=[n.pk for n in passed_list])
    district = Nomination.objects.get(campaign=configured, award_form__code=HUYEN)
    xa = passed_list[0]
    with pytest.raises(ValidationError, match="không đề nghị lên cấp trên"):
        services.nomination_propose(actor=users["vanphong"], nomination=xa)
    district = services.nomination_propose(actor=users["vanphong"], nomination=district, on=dt.date(2023, 1, 12))
    assert Notification.objects.filter(recipient=users["noivu"], link__contains=f"/de-nghi/{district.pk}/").exists()
    with pytest.raises(ValidationError, match="lý do"):
        services.nomination_record_outcome(actor=users["noivu"], nomination=district, outcome="not_awarded")
    district = services.nomination_record_outcome(
        actor=users["noivu"], nomination=district, outcome="not_awarded", reason="Vượt chỉ tiêu của huyện."
    )
    assert district.status == NominationStatus.NOT_AWARDED and district.outcome_reason == "Vượt chỉ tiêu của huyện."
    with pytest.raises(ValidationError):
        services.nomination_record_outcome(actor=users["vanphong"], nomination=district, outcome="awarded")


@pytest.mark.parametrize(
    ("on", "told", "not_told"),
    [(dt.date(2025, 6, 30), "noivu", "sonoivu"), (dt.date(2025, 7, 1), "sonoivu", "noivu")],
)
def test_a_proposal_goes_to_the_receiving_level_of_its_day(passed_list, users, configured, on, told, not_told):
    """Phòng Nội vụ huyện to 30/06/2025, Sở Nội vụ tỉnh from 01/07/2025 (Commune.receiving_level)."""
    services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=[n.pk for n in passed_list])
    proposed = services.nomination_propose(
        actor=users["vanphong"], nomination=Nomination.objects.get(campaign=configured, award_form__code=HUYEN), on=on
    )
    link = f"/de-nghi/{proposed.pk}/"
    assert Notification.objects.filter(recipient=users[told], link__contains=link).exists()
    assert not Notification.objects.filter(recipient=users[not_told], link__contains=link).exists()


def test_a_proposal_dated_in_the_future_is_refused(passed_list, users, configured):
    services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=[n.pk for n in passed_list])
    nomination = Nomination.objects.get(campaign=configured, award_form__code=HUYEN)
    with pytest.raises(ValidationError, match="chưa đến"):
        services.nomination_propose(actor=users["vanphong"], nomination=nomination, on=dt.date(2099, 1, 1))
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.APPROVED


def test_award_history_lists_awards_across_campaigns(passed_list, users, configured):
    from rewards.selectors import award_history

    services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=[n.pk for n in passed_list])
    services.decision_issue(actor=users["vanphong"], campaign=configured, issued_on=dt.date(2023, 1, 10))
    lan = passed_list[0].person
    history = award_history(person=lan)
    assert [(h.campaign.slug, h.decision.reference) for h in history] == [("tan-binh-cchc-2022", "01/QĐ-UBND")]
    assert award_history(person=passed_list[0].proposed_by.person) == []
