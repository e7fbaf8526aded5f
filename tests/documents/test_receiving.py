"""The receiving level's inbox (documents/services/receiving.py, documents/views/receiving.py): a commune
sends its signed bundle or its summary report, the district receives, returns or records the outcome,
and the commune sees every step; the deadline, who is late; another district's commune answers 404."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from demo.documents import ensure_summary_report
from documents import services
from documents.kinds import KindCode
from documents.models import (
    DocumentStatus,
    GeneratedDocument,
    StepAction,
    Submission,
    SubmissionDeadline,
    SubmissionStatus,
)
from rewards.models import Nomination, NominationStatus, Outcome
from tanbinh_portal.audit import AuditAction
from tanbinh_portal.models import AuditEvent, Notification
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tanbinh_portal.transitions import IllegalTransition
from tests.factories import CommuneFactory, DistrictFactory, make_user
from tests.rewards.helpers import ensure_award_round

SENT_ON = dt.date(2022, 11, 20)  # the district still exists (until 30/06/2025)


def finished(campaign, kind: str, actor, *, signed: bool = True) -> GeneratedDocument:
    """A finished version of ``kind`` as ``document_render`` (and, signed, the chairman) leaves it; the rendering
    and signing themselves are tested in test_generation and test_signing."""
    version = GeneratedDocument.objects.filter(campaign=campaign, kind=kind).count() + 1
    content = f"%PDF-1.4 {kind} v{version}".encode()
    document = GeneratedDocument(
        campaign=campaign,
        kind=kind,
        version=version,
        status=DocumentStatus.DONE,
        sign=signed,
        filename=f"{kind}.zip",
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        created_by=actor,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        signed_at=timezone.now() if signed else None,
        signed_by=actor if signed else None,
    )
    document.file.save(f"{kind}.zip", ContentFile(content), save=False)
    document.save()
    return document


@pytest.fixture
def bundle(campaign, users):
    ensure_award_round(campaign)  # the demo's round: proposals to the district included
    return finished(campaign, KindCode.DISTRICT_BUNDLE, users["chutich"])


@pytest.fixture
def sent(bundle, users):
    return services.submission_send(actor=users["chutich"], document=bundle, on=SENT_ON, note="Kính gửi hồ sơ.")


def _outcomes(campaign) -> dict[int, tuple[str, str]]:
    proposed = Nomination.objects.filter(campaign=campaign, status=NominationStatus.PROPOSED).order_by("pk")
    outcomes = {n.pk: (Outcome.AWARDED, "") for n in proposed}
    first = proposed.first()
    outcomes[first.pk] = (Outcome.NOT_AWARDED, "Chưa đủ thời gian giữ danh hiệu.")
    return outcomes


def test_a_bundle_is_sent_received_and_decided_and_the_commune_sees_each_step(campaign, users, sent):
    assert (sent.status, sent.district, sent.province) == (SubmissionStatus.SENT, campaign.commune.district, None)
    assert Notification.objects.filter(recipient=users["noivu"], title__contains="gửi hồ sơ đề nghị").exists()

    received = services.submission_receive(actor=users["noivu"], submission=sent, on=dt.date(2022, 11, 22))
    assert received.status == SubmissionStatus.RECEIVED and received.received_on == dt.date(2022, 11, 22)
    received.document.refresh_from_db()
    assert received.document.received_by == users["noivu"]
    assert Notification.objects.filter(recipient=users["chutich"], title__contains="đã tiếp nhận").exists()

    outcomes = _outcomes(campaign)
    decided = services.submission_record_outcome(
        actor=users["noivu"],
        submission=received,
        decision_number="125/QĐ-UBND",
        decision_date=dt.date(2022, 12, 15),
        outcomes=outcomes,
    )
    assert decided.status == SubmissionStatus.DECIDED
    assert decided.decision_reference == "Quyết định số 125/QĐ-UBND ngày 15/12/2022"
    statuses = dict(Nomination.objects.filter(pk__in=outcomes).values_list("pk", "status"))
    assert sorted(statuses.values()) == sorted(
        NominationStatus.NOT_AWARDED if o == Outcome.NOT_AWARDED else NominationStatus.AWARDED
        for o, _ in outcomes.values()
    )
    assert set(Nomination.objects.filter(pk__in=outcomes).values_list("outcome_decision_number", flat=True)) == {
        "125/QĐ-UBND"
    }
    steps = list(decided.steps.values_list("action", flat=True))
    assert steps == [StepAction.SEND, StepAction.RECEIVE, StepAction.OUTCOME]
    actions = set(AuditEvent.objects.filter(object_type="documents.Submission").values_list("action", flat=True))
    assert actions == {AuditAction.SUBMISSION_SEND, AuditAction.SUBMISSION_RECEIVE, AuditAction.SUBMISSION_OUTCOME}


def test_moves_out_of_order_are_refused(campaign, users, sent):
    with pytest.raises(IllegalTransition):
        services.submission_record_outcome(
            actor=users["noivu"],
            submission=sent,
            decision_number="1/QĐ-UBND",
            decision_date=dt.date(2022, 12, 1),
            outcomes=_outcomes(campaign),
        )
    services.submission_receive(actor=users["noivu"], submission=sent, on=SENT_ON)
    with pytest.raises(IllegalTransition) as error:
        services.submission_receive(actor=users["noivu"], submission=sent, on=SENT_ON)
    assert "đang ở trạng thái “Đã tiếp nhận”" in str(error.value)
    with pytest.raises(ServiceError) as error:
        services.submission_receive(actor=users["noivu"], submission=sent, on=dt.date(2099, 1, 1))
    assert error.value.code == "bad_date"


def test_the_outcome_names_every_proposal_or_records_none(campaign, users, sent):
    services.submission_receive(actor=users["noivu"], submission=sent, on=SENT_ON)
    outcomes = _outcomes(campaign)
    outcomes.popitem()
    with pytest.raises(ServiceError) as error:
        services.submission_record_outcome(
            actor=users["noivu"],
            submission=sent,
            decision_number="125/QĐ-UBND",
            decision_date=dt.date(2022, 12, 15),
            outcomes=outcomes,
        )
    assert error.value.code == "missing_outcomes" and "còn thiếu" in str(error.value)
    sent.refresh_from_db()
    assert sent.status == SubmissionStatus.RECEIVED
    assert not Nomination.objects.filter(campaign=campaign, status=NominationStatus.AWARDED).exists()
    with pytest.raises(ServiceError) as error:
        services.submission_record_outcome(
            actor=users["noivu"], submission=sent, decision_number=" ", decision_date=dt.date(2022, 12, 15), outcomes={}
        )
    assert error.value.code == "no_number"


def test_a_returned_bundle_is_corrected_and_sent_again(campaign, users, sent, client_as):
    with pytest.raises(ServiceError) as error:
        services.submission_return(actor=users["noivu"], submission=sent, reason="  ")
    assert error.value.code == "no_reason"
    services.submission_return(
        actor=users["noivu"], submission=sent, reason="Bổ sung biên bản họp Hội đồng.", on=dt.date(2022, 11, 23)
    )
    sent.refresh_from_db()
    assert sent.status == SubmissionStatus.RETURNED
    # The commune reads the reason on its documents page and its home page.
    page = client_as("vanphong").get(reverse("documents:document-list", args=[campaign.slug])).content.decode()
    assert "Trả lại để bổ sung, chỉnh sửa" in page and "Bổ sung biên bản họp Hội đồng." in page
    home = client_as("chutich").get(reverse("home")).content.decode()
    assert "Bổ sung biên bản họp Hội đồng." in home
    log = client_as("chutich").get(reverse("audit-log")).content.decode()
    assert "Cấp trên trả lại hồ sơ để bổ sung, chỉnh sửa" in log and "Gửi hồ sơ lên cấp trên" in log

    corrected = finished(campaign, KindCode.DISTRICT_BUNDLE, users["chutich"])
    again = services.submission_send(actor=users["vanphong"], document=corrected, on=dt.date(2022, 11, 25))
    assert (again.status, again.document, again.first_sent_on) == (SubmissionStatus.SENT, corrected, SENT_ON)
    assert list(again.steps.values_list("action", flat=True)) == [StepAction.SEND, StepAction.RETURN, StepAction.RESEND]


def test_what_cannot_be_sent(campaign, users, sent):
    unsigned = finished(campaign, KindCode.DISTRICT_BUNDLE, users["chutich"], signed=False)
    with pytest.raises(ServiceError) as error:
        services.submission_send(actor=users["chutich"], document=unsigned, on=SENT_ON)
    assert error.value.code == "not_signed"
    with pytest.raises(ServiceError) as error:
        services.submission_send(actor=users["chutich"], document=sent.document, on=SENT_ON)
    assert error.value.code == "already_sent"
    services.submission_receive(actor=users["noivu"], submission=sent, on=SENT_ON)
    newer = finished(campaign, KindCode.DISTRICT_BUNDLE, users["chutich"])
    with pytest.raises(ServiceError) as error:
        services.submission_send(actor=users["chutich"], document=newer, on=SENT_ON)
    assert error.value.code == "already_received"
    plan = finished(campaign, KindCode.PLAN, users["vanphong"], signed=False)
    with pytest.raises(ServiceError) as error:
        services.submission_send(actor=users["chutich"], document=plan, on=SENT_ON)
    assert error.value.code == "not_sendable"


@pytest.mark.with_award_round
def test_a_summary_report_is_sent_once_approved_and_has_no_outcome(campaign, users):
    ensure_award_round(campaign)
    draft = finished(campaign, KindCode.SUMMARY_REPORT, users["vanphong"], signed=False)
    with pytest.raises(ServiceError) as error:
        services.submission_send(actor=users["vanphong"], document=draft, on=SENT_ON)
    assert error.value.code == "draft"
    ensure_summary_report(campaign, users)  # drafted, submitted, approved and numbered through the services
    report = finished(campaign, KindCode.SUMMARY_REPORT, users["vanphong"], signed=False)
    submission = services.submission_send(actor=users["vanphong"], document=report, on=dt.date(2023, 1, 10))
    services.submission_receive(actor=users["noivu"], submission=submission, on=dt.date(2023, 1, 11))
    with pytest.raises(ServiceError) as error:
        services.submission_record_outcome(
            actor=users["noivu"], submission=submission, decision_number="1/QĐ", decision_date=SENT_ON, outcomes={}
        )
    assert error.value.code == "not_bundle"


def test_only_the_commune_sends_and_only_its_receiving_level_moves_it(campaign, users, bundle, db):
    with pytest.raises(NotPermitted):
        services.submission_send(actor=users["canbo"], document=bundle, on=SENT_ON)
    with pytest.raises(NotPermitted):
        services.submission_send(actor=users["noivu"], document=bundle, on=SENT_ON)
    submission = services.submission_send(actor=users["chutich"], document=bundle, on=SENT_ON)
    stranger = make_user("noivu-chau-thanh", "Phòng Nội vụ huyện", district=DistrictFactory(code="chau-thanh"))
    for actor in (users["chutich"], stranger):
        with pytest.raises(NotPermitted):
            services.submission_receive(actor=actor, submission=submission, on=SENT_ON)
        with pytest.raises(NotPermitted):
            services.submission_return(actor=actor, submission=submission, reason="Không.")


def test_after_the_districts_end_the_province_receives(campaign, users, bundle, db):
    submission = services.submission_send(actor=users["chutich"], document=bundle, on=dt.date(2025, 7, 5))
    assert (submission.district, submission.province) == (None, campaign.commune.province)
    with pytest.raises(NotPermitted):
        services.submission_receive(actor=users["noivu"], submission=submission, on=dt.date(2025, 7, 6))
    so = users["sonoivu"]  # the demo account of the province (Sở Nội vụ tỉnh Tây Ninh)
    received = services.submission_receive(actor=so, submission=submission, on=dt.date(2025, 7, 6))
    assert received.status == SubmissionStatus.RECEIVED


def test_the_inbox_pages_for_the_district_and_404_for_another_district(campaign, users, sent, client_as, client):
    inbox = reverse("documents:inbox")
    detail = reverse("documents:submission-detail", args=[sent.pk])
    assert client.get(inbox).status_code == 302
    assert client_as("chutich").get(inbox).status_code == 403
    page = client_as("noivu").get(f"{inbox}?nam=2022").content.decode()
    assert campaign.commune.name in page and "Đã gửi, chờ tiếp nhận" in page
    response = client_as("noivu").post(reverse("documents:submission-receive", args=[sent.pk]), {"on": "22/11/2022"})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == SubmissionStatus.RECEIVED
    page = client_as("noivu").get(detail).content.decode()
    assert "Ghi kết quả xét" in page and "Tiếp nhận" in page

    make_user("noivu-chau-thanh", "Phòng Nội vụ huyện", district=DistrictFactory(code="chau-thanh"))
    for url in (detail, reverse("documents:submission-outcome", args=[sent.pk])):
        assert client_as("noivu-chau-thanh").get(url).status_code == 404
    assert client_as("noivu-chau-thanh").post(reverse("documents:submission-return", args=[sent.pk])).status_code == 404


def test_the_outcome_form_refuses_bad_input_and_keeps_it(campaign, users, sent, client_as):
    services.submission_receive(actor=users["noivu"], submission=sent, on=SENT_ON)
    proposed = list(Nomination.objects.filter(campaign=campaign, status=NominationStatus.PROPOSED))
    data = {"decision_number": "125/QĐ-UBND", "decision_date": "31/02/2022"}
    data.update({f"outcome_{n.pk}": "not_awarded" for n in proposed})
    response = client_as("noivu").post(reverse("documents:submission-outcome", args=[sent.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in page and "Hãy ghi lý do không khen thưởng" in page and "125/QĐ-UBND" in page
    data.update({"decision_date": "15/12/2022", **{f"reason_{n.pk}": "Chưa đủ điều kiện." for n in proposed}})
    response = client_as("noivu").post(reverse("documents:submission-outcome", args=[sent.pk]), data)
    assert response.status_code == 302
    assert Nomination.objects.filter(
        pk__in=[n.pk for n in proposed], status=NominationStatus.NOT_AWARDED
    ).count() == len(proposed)


def test_the_documents_page_confirmation_is_the_inbox_receipt(campaign, users, sent, client_as):
    url = reverse("documents:document-receive", args=[campaign.slug, sent.document.pk])
    client_as("noivu").post(url)
    sent.refresh_from_db()
    assert sent.status == SubmissionStatus.RECEIVED and sent.steps.filter(action=StepAction.RECEIVE).count() == 1


def test_the_commune_sends_from_its_documents_page(campaign, users, bundle, client_as):
    url = reverse("documents:submission-send", args=[campaign.slug, bundle.pk])
    assert client_as("canbo").post(url, {"on": "20/11/2022"}).status_code == 403
    page = client_as("chutich").get(reverse("documents:document-list", args=[campaign.slug])).content.decode()
    assert f"Gửi phiên bản {bundle.version} lên cấp trên" in page
    response = client_as("chutich").post(url, {"on": "20/11/2099"})
    assert response.status_code == 302 and not Submission.objects.exists()
    client_as("chutich").post(url, {"on": "20/11/2022"})
    assert Submission.objects.get().sent_on == SENT_ON


def test_deadline_the_communes_home_and_the_late_list(campaign, users, bundle, client_as):
    district = campaign.commune.district
    with pytest.raises(NotPermitted):
        services.deadline_announce(actor=users["chutich"], place=district, year=2022, due_on=dt.date(2022, 11, 30))
    with pytest.raises(ServiceError) as error:
        services.deadline_announce(actor=users["noivu"], place=district, year=2022, due_on=dt.date(2026, 1, 1))
    assert error.value.code in {"bad_date", "level_ended"}
    deadline = services.deadline_announce(
        actor=users["noivu"], place=district, year=2022, due_on=dt.date(2022, 11, 30), note="Gửi bản ký số."
    )
    assert SubmissionDeadline.objects.get() == deadline
    assert Notification.objects.filter(recipient=users["vanphong"], title__contains="30/11/2022").exists()

    home = client_as("chutich").get(reverse("home")).content.decode()
    assert "30/11/2022" in home and "Còn thiếu: báo cáo tổng kết, hồ sơ đề nghị khen thưởng." in home
    inbox = client_as("noivu").get(reverse("documents:inbox") + "?nam=2022").content.decode()
    assert "Chậm" in inbox and "1 xã chậm" in inbox

    # Sent after the deadline: still late ("gửi muộn"), no longer missing.
    services.submission_send(actor=users["chutich"], document=bundle, on=dt.date(2022, 12, 2))
    home = client_as("chutich").get(reverse("home")).content.decode()
    assert "Còn thiếu: báo cáo tổng kết." in home

    again = services.deadline_announce(actor=users["noivu"], place=district, year=2022, due_on=dt.date(2022, 12, 10))
    assert again.pk == deadline.pk and again.due_on == dt.date(2022, 12, 10)
    event = AuditEvent.objects.filter(action=AuditAction.DEADLINE_ANNOUNCE).order_by("-pk").first()
    assert event.changes == {"due_on": ["2022-11-30", "2022-12-10"]}


def test_the_deadline_page(campaign, users, client_as):
    url = reverse("documents:deadlines")
    assert client_as("vanphong").get(url).status_code == 403
    response = client_as("noivu").post(url, {"year": "2022", "due_on": "30/11/2022", "note": ""})
    assert response.status_code == 302 and SubmissionDeadline.objects.get().due_on == dt.date(2022, 11, 30)
    response = client_as("noivu").post(url, {"year": "hai nghìn", "due_on": "31/11/2022"})
    page = response.content.decode()
    assert "Năm phải là số, ví dụ 2022." in page and "Ngày không hợp lệ" in page


def test_a_commune_of_another_district_is_not_in_the_late_list(campaign, users, client_as, db):
    far = CommuneFactory(code="xa-xa", name="Xa Xôi", district=DistrictFactory(code="chau-thanh", name="Châu Thành"))
    services.deadline_announce(
        actor=users["noivu"], place=campaign.commune.district, year=2022, due_on=dt.date(2022, 11, 30)
    )
    inbox = client_as("noivu").get(reverse("documents:inbox") + "?nam=2022").content.decode()
    assert far.name not in inbox and campaign.commune.name in inbox
