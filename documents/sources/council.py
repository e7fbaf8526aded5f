"""The council's own papers: the chairman's decision establishing it and the invitation to its meeting.

Both read what the officer recorded in the portal (rewards: the decision's number and date from the UBND's
series, the invitation's from the council's series) and never take a number themselves.
"""

from __future__ import annotations

import datetime as dt

from campaigns.models import Campaign
from campaigns.receiving import receiving_body
from campaigns.reference_data import basis_lines_on
from documents.engine.data import CouncilDecisionDocument, Header, InvitationDocument, Signature
from documents.sources.awards import COUNCIL_BODY, _topic, spell_out
from rewards.models import CouncilConvocation, CouncilMember, CouncilRole, EstablishedMember, IssuedNumber
from rewards.services.config import COUNCIL_DECISION_CODE, COUNCIL_DECISION_SYMBOL, council_in_list_order
from tanbinh_portal.templatetags.portal import vn_date_line, vn_time

WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


def council_members(campaign: Campaign) -> list[CouncilMember]:
    """Chair, vice-chairs, members, then the secretary: the seats as they are today."""
    return council_in_list_order(campaign)


def _role(member: CouncilMember | EstablishedMember) -> str:
    return "Ủy viên Hội đồng" if member.role == CouncilRole.MEMBER else member.get_role_display()


def _member_line(member: CouncilMember | EstablishedMember) -> str:
    role = _role(member)
    position = spell_out(member.position)
    return f"{member.full_name}, {position} – {role}" if position else f"{member.full_name} – {role}"


def council_decision_number(campaign: Campaign) -> IssuedNumber | None:
    return IssuedNumber.objects.filter(campaign=campaign, code=COUNCIL_DECISION_CODE).first()


def council_decision_document(campaign: Campaign) -> CouncilDecisionDocument | None:
    """The decision as recorded (number and signing date) with the council it established on that date
    (frozen when it was numbered, never the seats as they are when it is rendered); None until recorded."""
    number = council_decision_number(campaign)
    members = list(number.established_members.all()) if number is not None else []
    if number is None or not members:
        return None
    commune = campaign.commune.name
    return CouncilDecisionDocument(
        header=Header(
            issuing_body=campaign.issuing_body,
            parent_body=campaign.parent_body,
            number=number.reference,
            symbol=COUNCIL_DECISION_SYMBOL,
            place=campaign.place_name,
            date=number.issued_on,
            doc_type="QUYẾT ĐỊNH",
            summary=f"Về việc thành lập Hội đồng Thi đua – Khen thưởng xã {commune}",
        ),
        authority=f"CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ {commune.upper()}",
        bases=basis_lines_on(number.issued_on),
        proposal="Xét đề nghị của công chức Văn phòng – Thống kê xã",
        establishes=f"Thành lập Hội đồng Thi đua – Khen thưởng xã {commune} gồm {len(members)} thành viên có tên sau:",
        members=[_member_line(m) for m in members],
        articles=[
            "Hội đồng Thi đua – Khen thưởng xã tham mưu cho Chủ tịch Ủy ban nhân dân xã tổ chức các phong trào "
            "thi đua và công tác khen thưởng trên địa bàn xã; xét, đề nghị Chủ tịch Ủy ban nhân dân xã khen "
            "thưởng và trình cấp trên khen thưởng theo quy định. Hội đồng làm việc theo chế độ kiêm nhiệm, "
            "quyết định theo đa số bằng biểu quyết; Thư ký Hội đồng giúp Hội đồng chuẩn bị hồ sơ và ghi biên "
            "bản các cuộc họp.",
            "Quyết định có hiệu lực kể từ ngày ký.",
            "Công chức Văn phòng – Thống kê và các thành viên có tên tại Điều 1 chịu trách nhiệm thi hành "
            "Quyết định này.",
        ],
        recipients=["Như Điều 4", receiving_body(campaign.commune.receiving_level(number.issued_on)), "Lưu: VT"],
        signature=Signature(authority=["CHỦ TỊCH"], name=campaign.signatory_name),
    )


def latest_convocation(campaign: Campaign) -> CouncilConvocation | None:
    return CouncilConvocation.objects.filter(campaign=campaign).order_by("-issued_on", "-id").first()


def _meeting_time(day: dt.date, time: dt.time) -> str:
    """ "08 giờ 00 phút, thứ Năm, ngày 05 tháng 01 năm 2023"."""
    return f"{vn_time(time)}, {WEEKDAYS[day.weekday()]}, {vn_date_line(day)}"


def invitation_document(convocation: CouncilConvocation) -> InvitationDocument | None:
    campaign = convocation.campaign
    members = council_members(campaign)
    chair = next((m for m in members if m.role == CouncilRole.CHAIR), None)
    if chair is None:
        return None
    commune = campaign.commune.name
    topic = _topic(campaign)
    # The members are those the establishing decision names; without it recorded, the list itself.
    decision = council_decision_number(campaign)
    opening = f"Hội đồng Thi đua – Khen thưởng xã {commune} trân trọng kính mời các thành viên Hội đồng"
    if decision is not None:
        opening += (
            f" (thành lập theo Quyết định số {decision.reference} {vn_date_line(decision.issued_on)} của Chủ tịch "
            f"Ủy ban nhân dân xã {commune}):"
        )
        invitees = []
    else:
        opening += ":"
        invitees = [f"{m.full_name} – {_role(m)}" for m in members]
    return InvitationDocument(
        header=Header(
            issuing_body=f"{COUNCIL_BODY} {commune.upper()}",
            parent_body=f"UBND XÃ {commune.upper()}",
            number=convocation.reference,
            symbol="GM-HĐTĐKT",
            place=campaign.place_name,
            date=convocation.issued_on,
            doc_type="GIẤY MỜI",
            summary="Về việc họp Hội đồng Thi đua – Khen thưởng xã xét khen thưởng",
        ),
        opening=opening,
        invitees=invitees,
        purpose=f"Dự họp xét khen thưởng {topic}.",
        details=[
            ("Thời gian", _meeting_time(convocation.meeting_on, convocation.meeting_at)),
            ("Địa điểm", spell_out(convocation.place)),
            (
                "Nội dung",
                "Xét, biểu quyết đề nghị khen thưởng các tập thể, cá nhân; thống nhất danh sách trình Chủ tịch Ủy "
                "ban nhân dân xã khen thưởng và đề nghị cấp trên khen thưởng",
            ),
        ],
        closing=[
            "Đề nghị các thành viên nghiên cứu hồ sơ đề nghị khen thưởng trước khi họp; thành viên vắng mặt có "
            "lý do gửi ý kiến bằng văn bản về Thư ký Hội đồng trước giờ họp.",
        ],
        recipients=["Các thành viên Hội đồng", "Lưu: VT, Hồ sơ TĐKT"],
        signature=Signature(authority=["TM. HỘI ĐỒNG", "CHỦ TỊCH"], name=chair.full_name),
    )
