import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns.models import AwardForm, Person, Unit
from rewards import services
from rewards.models import Nomination, NominationStatus
from tanbinh_portal.models import AuditEvent, Notification
from tanbinh_portal.optimistic import UNCHECKED
from tests.rewards.conftest import SECTIONS_EXAMPLE, XA, lan_rows


def test_unit_head_nominates_their_unit_and_its_people_but_not_others(configured, users, form_xa):
    lan = Person.objects.get(full_name="Võ Thị Lan")  # on duty at the desk Nguyễn Thị Hồng (phochutich) heads
    unit = lan.unit
    colleague = Person.objects.get(full_name="Huỳnh Văn Sang")
    for lookup in ({"unit": unit}, {"person": colleague}):
        nomination = services.nomination_create(
            actor=users["phochutich"], campaign=configured, award_form=form_xa, sections=SECTIONS_EXAMPLE, **lookup
        )
        assert nomination.status == NominationStatus.DRAFT
        assert nomination.proposing_unit == unit
    with pytest.raises(PermissionDenied):
        services.nomination_create(
            actor=users["phochutich"],
            campaign=configured,
            award_form=form_xa,
            sections=SECTIONS_EXAMPLE,
            unit=Unit.objects.get(name="Ấp Tân Đông"),
        )


def test_staff_without_a_unit_cannot_nominate(configured, users, form_xa):
    for username in ("motcua", "hoidong"):  # on duty at the desk, the council's secretary: neither heads a unit
        with pytest.raises(PermissionDenied):
            services.nomination_create(
                actor=users[username],
                campaign=configured,
                award_form=form_xa,
                sections=SECTIONS_EXAMPLE,
                person=Person.objects.get(full_name="Võ Thị Lan"),
            )


def test_the_same_nominee_cannot_be_nominated_twice_for_one_form(nominate):
    nominate("Võ Thị Lan")
    with pytest.raises(ValidationError, match="đã được đề nghị"):
        nominate("Võ Thị Lan")


def test_a_form_not_in_the_plan_is_refused(nominate):
    with pytest.raises(ValidationError, match="không có trong kế hoạch"):
        nominate("Võ Thị Lan", code="giay-khen-chu-tich-xa-2025")


def test_submission_needs_the_core_report_sections(nominate, users):
    nomination = nominate("Võ Thị Lan", achievements="")
    with pytest.raises(ValidationError, match="thành tích đạt được"):
        services.nomination_submit(actor=users["vanphong"], nomination=nomination)


def test_submission_freezes_evidence_and_explains_each_rule(nominate, users, kpi_log):
    kpi_log(lan_rows(20))
    nomination = services.nomination_submit(actor=users["vanphong"], nomination=nominate("Võ Thị Lan"))
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.is_eligible is True
    codes = set(nomination.evidence.values_list("code", flat=True))
    assert "registration" in codes
    assert any(code.startswith("commitment:") for code in codes)
    assert all(len(fp) == 64 for fp in nomination.evidence.values_list("fingerprint", flat=True))
    assert any(code.startswith("kpi:on_time_rate:receiver:") for code in codes)
    texts = [r["explanation"] for r in nomination.eligibility]
    assert texts[0].startswith("Đã đăng ký thi đua ngày ")
    assert texts[1] == "Không có vụ việc kỷ luật, điều tra nào đang xem xét."
    assert "Võ Thị Lan tiếp nhận (cả đợt thi đua): 100%" in texts[2]
    assert texts[2].endswith("— đạt ngưỡng ≥ 95%.")


def test_unregistered_person_under_discipline_is_ineligible_with_plain_reasons(nominate, users):
    nomination = services.nomination_submit(actor=users["vanphong"], nomination=nominate("Trương Văn Lợi"))
    assert nomination.is_eligible is False
    assert [r["passed"] for r in nomination.eligibility] == [False, False, False]
    assert "Chưa có số liệu" in nomination.eligibility[2]["explanation"]
    assert "Chưa đăng ký thi đua" in nomination.eligibility[0]["explanation"]
    assert "xem xét kỷ luật" in nomination.eligibility[1]["explanation"]


def test_ineligible_nomination_reaches_the_council_only_with_the_chairmans_written_override(nominate, users):
    nomination = services.nomination_submit(actor=users["vanphong"], nomination=nominate("Trương Văn Lợi"))
    with pytest.raises(ValidationError, match="chưa đủ điều kiện"):
        services.nomination_accept(actor=users["vanphong"], nomination=nomination)
    with pytest.raises(PermissionDenied):
        services.nomination_override(actor=users["vanphong"], nomination=nomination, reason="x")
    with pytest.raises(ValidationError, match="lý do"):
        services.nomination_override(actor=users["chutich"], nomination=nomination, reason="  ")
    services.nomination_override(actor=users["chutich"], nomination=nomination, reason="Đã có kết luận không vi phạm.")
    nomination = services.nomination_accept(actor=users["vanphong"], nomination=nomination)
    assert nomination.status == NominationStatus.ACCEPTED
    assert AuditEvent.objects.filter(action="nomination.override", reason="Đã có kết luận không vi phạm.").exists()


def test_returned_nomination_is_revised_and_resubmitted(nominate, users):
    nomination = services.nomination_submit(
        actor=users["phochutich"], nomination=nominate("Huỳnh Văn Sang", actor="phochutich")
    )
    with pytest.raises(ValidationError, match="lý do"):
        services.nomination_return(actor=users["vanphong"], nomination=nomination, reason="")
    nomination = services.nomination_return(actor=users["vanphong"], nomination=nomination, reason="Bổ sung số liệu.")
    assert nomination.status == NominationStatus.RETURNED
    assert Notification.objects.filter(recipient=users["phochutich"], title__startswith="Đề nghị bị trả lại").exists()
    services.nomination_update(
        actor=users["phochutich"],
        nomination=nomination,
        sections={**SECTIONS_EXAMPLE, "achievements": "Mới."},
        expected_version=UNCHECKED,
    )
    nomination = services.nomination_submit(actor=users["phochutich"], nomination=nomination)
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.achievements == "Mới."
    assert nomination.return_reason == ""


@pytest.mark.parametrize(
    ("service", "kwargs"),
    [
        (services.nomination_accept, {}),
        (services.nomination_return, {"reason": "x"}),
        (services.nomination_propose, {}),
        (services.nomination_record_outcome, {"outcome": "awarded"}),
    ],
)
def test_illegal_moves_from_draft_are_refused(nominate, users, service, kwargs):
    nomination = nominate("Võ Thị Lan")
    with pytest.raises(ValidationError) as error:
        service(actor=users["vanphong"], nomination=nomination, **kwargs)
    assert error.value.code == "illegal_transition"
    assert Nomination.objects.get(pk=nomination.pk).status == NominationStatus.DRAFT


def test_submitted_nomination_cannot_be_edited_or_submitted_again(nominate, users):
    nomination = services.nomination_submit(actor=users["vanphong"], nomination=nominate("Võ Thị Lan"))
    with pytest.raises(ValidationError):
        services.nomination_submit(actor=users["vanphong"], nomination=nomination)
    with pytest.raises(ValidationError):
        services.nomination_update(
            actor=users["vanphong"], nomination=nomination, sections=SECTIONS_EXAMPLE, expected_version=UNCHECKED
        )


def test_stale_edit_is_refused_by_the_optimistic_lock(nominate, users):
    nomination = nominate("Võ Thị Lan")
    stale = nomination.version
    services.nomination_update(
        actor=users["vanphong"],
        nomination=nomination,
        sections={**SECTIONS_EXAMPLE, "initiatives": "A"},
        expected_version=stale,
    )
    with pytest.raises(ValidationError) as error:
        services.nomination_update(
            actor=users["vanphong"],
            nomination=nomination,
            sections={**SECTIONS_EXAMPLE, "initiatives": "B"},
            expected_version=stale,
        )
    assert error.value.code == "stale"


def test_submission_notifies_the_officer_by_email_only_after_commit(
    nominate, users, django_capture_on_commit_callbacks
):
    nomination = nominate("Võ Thị Lan")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.nomination_submit(actor=users["vanphong"], nomination=nomination)
    assert len(mail.outbox) == 0
    assert Notification.objects.filter(
        recipient=users["vanphong"], title__startswith="Đề nghị khen thưởng mới"
    ).exists()
    for callback in callbacks:
        callback()
    assert any("vanphong@tanbinh.local" in m.to for m in mail.outbox)


def test_text_with_nul_bytes_is_cleaned(nominate):
    nomination = nominate("Võ Thị Lan", initiatives="Sáng\x00 kiến")
    assert nomination.initiatives == "Sáng kiến"


def test_collective_only_form_refuses_a_person(nominate, configured, users):
    form = AwardForm.objects.get(code=XA)
    form.applies_to = "collective"
    form.save()
    with pytest.raises(ValidationError, match="chỉ dành cho tập thể"):
        nominate("Võ Thị Lan")
