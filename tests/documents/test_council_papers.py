"""The council's own papers: the decision establishing it and the invitation to its meeting (issue 11).

Their numbers and dates are recorded in the portal (the UBND's and the council's yearly series), audited,
and the papers print them with the Căn cứ in force on the signing date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from documents.kinds import KindCode, bundle_kinds, get_kind
from documents.kinds.council_decision import build_council_decision
from documents.kinds.meeting_invitation import build_invitation
from rewards import services
from rewards.models import CouncilConvocation, CouncilMeeting, IssuedNumber
from tanbinh_portal.models import AuditEvent
from tests.documents import pdfcheck
from tests.rewards.conftest import open_meeting
from tests.rewards.helpers import ensure_award_round

SOFTWARE_WORDS = ("None", "dự thảo", "Chưa có", "chưa cấp số", "cổng", "portal", "TODO")


def text_of(files) -> str:
    assert len(files) == 1
    return pdfcheck.all_text(files[0].content)


def convene(campaign, users, issued_on=dt.date(2023, 1, 3), meeting_on=dt.date(2023, 1, 5), **kwargs):
    return services.meeting_convene(
        actor=users[kwargs.pop("actor", "hoidong")],
        campaign=campaign,
        issued_on=issued_on,
        meeting_on=meeting_on,
        meeting_at=kwargs.pop("meeting_at", dt.time(8, 0)),
        place=kwargs.pop("place", "Hội trường UBND xã Tân Bình"),
    )


@pytest.mark.with_award_round
def test_the_demo_records_both_papers_in_date_and_number_order(campaign):
    ensure_award_round(campaign)
    decision = IssuedNumber.objects.get(campaign=campaign, code=KindCode.COUNCIL_DECISION)
    assert (decision.reference, decision.issued_on) == ("01/QĐ-UBND", dt.date(2022, 1, 4))
    invitation = CouncilConvocation.objects.get(campaign=campaign)
    meeting = CouncilMeeting.objects.get(campaign=campaign)
    # One council series for 2023: the invitation 01 on 03/01, the minutes 02 on the meeting day.
    assert (invitation.reference, invitation.issued_on) == ("01/GM-HĐTĐKT", dt.date(2023, 1, 3))
    assert meeting.minutes_reference == "02/BB-HĐTĐKT" and meeting.held_on == invitation.meeting_on
    assert invitation.issued_on <= meeting.held_on


@pytest.mark.with_award_round
def test_the_decision_establishing_the_council_prints_its_number_date_bases_and_members(campaign):
    ensure_award_round(campaign)
    text = text_of(build_council_decision(campaign))
    assert "Số: 01/QĐ-UBND" in text and "Tân Bình, ngày 04 tháng 01 năm 2022" in text
    assert "Về việc thành lập Hội đồng Thi đua – Khen thưởng xã Tân Bình" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN BÌNH" in text
    # Căn cứ of 04/01/2022: the 2003 law and NĐ 91/2017, each with its own date, not the 2022 law.
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;" in text
    assert "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017" in text
    assert "06/2022/QH15" not in text and "98/2023" not in text
    assert "gồm 9 thành viên" in text
    assert "1. Lê Văn Tài, Chủ tịch Ủy ban nhân dân xã – Chủ tịch Hội đồng;" in text
    assert "Nguyễn Văn Bình" in text and "– Thư ký Hội đồng." in text  # the list's last line ends with "."
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam xã" in text and "MTTQ" not in text
    assert "Điều 4." in text and "Như Điều 4;" in text and "Quyết định này./." in text
    assert not any(word in text for word in SOFTWARE_WORDS)


def test_a_decision_signed_in_2024_cites_the_2022_law_and_nd_98(configured, users):
    services.council_establish(actor=users["vanphong"], campaign=configured, issued_on=dt.date(2024, 3, 20))
    text = text_of(build_council_decision(configured))
    assert "ngày 20 tháng 3 năm 2024" in text or "ngày 20 tháng 03 năm 2024" in text
    assert "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022" in text and "98/2023/NĐ-CP" in text
    assert "91/2017/NĐ-CP" not in text and "ngày 26 tháng 11 năm 2003" not in text


def test_establishing_the_council_takes_one_number_audited_and_refuses_what_the_paper_cannot_say(configured, users):
    officer = users["vanphong"]
    with pytest.raises(PermissionDenied):
        services.council_establish(actor=users["canbo"], campaign=configured, issued_on=dt.date(2022, 1, 4))
    with pytest.raises(ValidationError, match="chưa đến"):
        services.council_establish(actor=officer, campaign=configured, issued_on=dt.date(2999, 1, 1))
    number = services.council_establish(actor=officer, campaign=configured, issued_on=dt.date(2022, 1, 4))
    assert number.reference == "01/QĐ-UBND"
    assert AuditEvent.objects.filter(action="council.establish").count() == 1
    assert AuditEvent.objects.filter(action="document.number", object_id=str(number.pk)).exists()
    with pytest.raises(ValidationError, match="đã có số 01/QĐ-UBND ngày 04/01/2022"):
        services.council_establish(actor=officer, campaign=configured, issued_on=dt.date(2022, 1, 5))
    assert IssuedNumber.objects.filter(code=KindCode.COUNCIL_DECISION).count() == 1


def test_the_decision_lists_the_council_of_its_own_date_whatever_the_seats_become(configured, users):
    from django.contrib.auth.models import User

    from rewards.models import CouncilMember

    officer = users["vanphong"]
    number = services.council_establish(actor=officer, campaign=configured, issued_on=dt.date(2022, 1, 4))
    frozen = [(m.order, m.full_name, m.role) for m in number.established_members.all()]
    seats = CouncilMember.objects.filter(campaign=configured)
    assert len(frozen) == seats.count() and frozen[0][2] == "chair" and frozen[-1][2] == "secretary"
    event = AuditEvent.objects.get(action="council.establish")
    assert len(event.changes["members"][1]) == len(frozen)
    before = text_of(build_council_decision(configured))
    # Later: a member leaves the seat to someone else, a new member joins.
    leaving = seats.filter(role="member").first()
    services.council_member_set(
        actor=officer, campaign=configured, user=leaving.user, role="member", full_name="Tên Đã Đổi"
    )
    newcomer = User.objects.create(username="hd-moi", first_name="Người Mới Vào")
    services.council_member_set(actor=officer, campaign=configured, user=newcomer, role="member", full_name="")
    after = text_of(build_council_decision(configured))
    assert after == before
    assert leaving.full_name in after and "Tên Đã Đổi" not in after and "Người Mới Vào" not in after
    assert f"gồm {len(frozen)} thành viên" in after


@pytest.mark.with_award_round
def test_the_invitation_prints_its_number_date_the_meeting_and_the_establishing_decision(campaign):
    ensure_award_round(campaign)
    text = text_of(build_invitation(campaign))
    assert "Số: 01/GM-HĐTĐKT" in text and "Tân Bình, ngày 03 tháng 01 năm 2023" in text
    assert "GIẤY MỜI" in text and "HỘI ĐỒNG THI ĐUA – KHEN" in text and "UBND XÃ TÂN BÌNH" in text
    assert "08 giờ 00 phút, thứ Năm, ngày 05 tháng 01 năm 2023" in text
    assert "Hội trường Ủy ban nhân dân xã Tân Bình" in text  # abbreviations spelled out
    assert "Quyết định số 01/QĐ-UBND ngày 04 tháng 01 năm 2022" in text
    assert "TM. HỘI ĐỒNG" in text and "Lê Văn Tài" in text and "trước giờ họp./." in text
    assert not any(word in text for word in SOFTWARE_WORDS)
    assert len(pdfcheck.reader(build_invitation(campaign)[0].content).pages) == 1


def test_convening_numbers_the_invitation_from_the_council_series_and_keeps_the_order(configured, users, accepted):
    with pytest.raises(PermissionDenied):
        convene(configured, users, actor="canbo")
    with pytest.raises(ValidationError, match="không được trước ngày ký giấy mời"):
        convene(configured, users, issued_on=dt.date(2023, 1, 6), meeting_on=dt.date(2023, 1, 5))
    with pytest.raises(ValidationError, match="địa điểm"):
        convene(configured, users, place="   ")
    invitation = convene(configured, users)
    assert invitation.reference == "01/GM-HĐTĐKT"
    event = AuditEvent.objects.get(action="meeting.convene")
    assert event.changes["number"] == [None, "01/GM-HĐTĐKT"] and event.actor.username == "hoidong"
    # A later invitation may not carry an earlier date than the one before it.
    with pytest.raises(ValidationError, match="không được ghi ngày sớm hơn"):
        convene(configured, users, issued_on=dt.date(2023, 1, 2))
    # The minutes of the meeting it called take the next number of the same series.
    accepted("Hội Liên hiệp Phụ nữ xã")
    meeting = open_meeting(configured, users)
    services.meeting_minutes_record(
        actor=users["hoidong"],
        meeting=meeting,
        started_at=dt.time(8, 0),
        ended_at=dt.time(9, 0),
        discussion="",
        expected_version=meeting.version,
    )
    for ballot in meeting.ballots.all():
        services.ballot_tally(actor=users["hoidong"], ballot=ballot, agree=8, disagree=0, invalid=0)
    meeting = services.meeting_close(actor=users["hoidong"], meeting=CouncilMeeting.objects.get(pk=meeting.pk))
    assert meeting.minutes_reference == "02/BB-HĐTĐKT"


def test_officer_records_both_papers_in_the_portal(configured, client_as):
    client = client_as("vanphong")
    slug = configured.slug
    response = client.post(reverse("rewards:council-establish", args=[slug]), {"issued_on": "31/02/2022"})
    assert response.status_code == 302 and not IssuedNumber.objects.filter(code=KindCode.COUNCIL_DECISION).exists()
    client.post(reverse("rewards:council-establish", args=[slug]), {"issued_on": "04/01/2022"})
    page = client.get(reverse("rewards:round-config", args=[slug])).content.decode()
    assert "Quyết định số 01/QĐ-UBND ngày 04/01/2022" in page
    form = {"issued_on": "03/01/2023", "meeting_on": "05/01/2023", "meeting_at": "08:00", "place": "Hội trường"}
    client.post(reverse("rewards:meeting-convene", args=[slug]), form)
    page = client.get(reverse("rewards:meeting-list", args=[slug])).content.decode()
    assert "Giấy mời số 01/GM-HĐTĐKT ngày 03/01/2023" in page and "08:00 ngày 05/01/2023" in page
    # The meeting form starts from what the invitation says.
    page = client.get(reverse("rewards:meeting-create", args=[slug])).content.decode()
    assert 'value="05/01/2023"' in page and 'value="Hội trường"' in page
    bad = client.post(reverse("rewards:meeting-convene", args=[slug]), form | {"meeting_on": "01/01/2023"}, follow=True)
    assert "không được trước ngày ký giấy mời" in bad.content.decode()


def test_both_papers_are_kinds_outside_the_district_bundle(campaign):
    for code in (KindCode.COUNCIL_DECISION, KindCode.MEETING_INVITATION):
        kind = get_kind(code)
        assert kind is not None and kind.bundle_order is None and not kind.available(campaign)
    assert not {KindCode.COUNCIL_DECISION, KindCode.MEETING_INVITATION} & {k.code for k in bundle_kinds()}


@pytest.mark.with_award_round
def test_the_invitation_and_the_minutes_write_times_in_one_style(campaign):
    """The set had "08 giờ 00" in the biên bản and "08 giờ 00 phút" in the giấy mời: one formatter now."""
    import re

    from documents.kinds.council_minutes import build_minutes

    ensure_award_round(campaign)
    minutes = text_of(build_minutes(campaign))
    invitation = text_of(build_invitation(campaign))
    assert "Thời gian bắt đầu: 08 giờ 00 phút, ngày 05 tháng 01 năm 2023." in minutes
    assert "kết thúc vào 10 giờ 30 phút cùng ngày" in minutes
    for text in (minutes, invitation):
        times = re.findall(r"\d{2} giờ \d{2}(?: phút)?", text)
        assert times and all(t.endswith(" phút") for t in times), times
