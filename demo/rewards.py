"""The complete 2022 award round of the demo, built through the same services as the UI.

Idempotent: every step looks at the current state first and skips what is already done.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from campaigns.models import AwardForm, Campaign, CampaignStatus, Person, Unit
from campaigns.services import campaign_close
from demo.campaigns import ensure_role
from rewards import services
from rewards.models import (
    ApprovalRound,
    ApprovalStatus,
    AwardQuota,
    CouncilConvocation,
    CouncilMeeting,
    CouncilMember,
    CouncilRole,
    Decision,
    EligibilityRule,
    Nomination,
    NominationStatus,
    RuleKind,
)
from tanbinh_portal import roles
from tanbinh_portal.optimistic import UNCHECKED

XA, HUYEN, TINH = "giay-khen-chu-tich-xa-2017", "giay-khen-chu-tich-huyen-2017", "bang-khen-chu-tich-tinh-2017"
QUOTAS = {XA: 4, HUYEN: 2, TINH: 1}

ON_TIME = {
    "kind": RuleKind.EVIDENCE,
    "applies_to": "individual",
    "evidence_code": "on_time_rate",
    "label": "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn",
    "comparator": "gte",
    "threshold": Decimal(95),
    "unit_label": "%",
}
NO_HARASSMENT = {
    "kind": RuleKind.EVIDENCE,
    "applies_to": "individual",
    "evidence_code": "dissatisfied_harassment",
    "label": "Phản ánh nhũng nhiễu, gây phiền hà",
    "comparator": "eq",
    "threshold": Decimal(0),
    "unit_label": "lượt",
}
# Measured rules on KPI evidence (values from the kpi app), per award form.
MEASURED_RULES = {XA: [ON_TIME], HUYEN: [ON_TIME], TINH: [ON_TIME, NO_HARASSMENT]}

# (username or new username, full name, position, council role)
COUNCIL = [
    ("chutich", "Lê Văn Tài", "Chủ tịch UBND xã", CouncilRole.CHAIR),
    ("phochutich", "Nguyễn Thị Hồng", "Phó Chủ tịch UBND xã", CouncilRole.VICE_CHAIR),
    ("hoidong", "Nguyễn Văn Bình", "Công chức Văn phòng – Thống kê (thi đua – khen thưởng)", CouncilRole.SECRETARY),
    ("vanphong", "Trần Thị Mai", "Công chức Văn phòng – Thống kê", CouncilRole.MEMBER),
    ("hd-tvphuc", "Trần Văn Phúc", "Phó Chủ tịch UBND xã", CouncilRole.MEMBER),
    ("hd-nvtu", "Nguyễn Văn Tư", "Chủ tịch Ủy ban MTTQ Việt Nam xã", CouncilRole.MEMBER),
    ("hd-ptthanh", "Phạm Thị Thanh", "Chủ tịch Hội Liên hiệp Phụ nữ xã", CouncilRole.MEMBER),
    ("hd-btkanh", "Bùi Thị Kim Anh", "Công chức Văn hóa – Xã hội", CouncilRole.MEMBER),
    ("hd-hvnam", "Hồ Văn Nam", "Trưởng ấp Tân Đông", CouncilRole.MEMBER),
]
# The Ban kiểm phiếu the council elects at the meeting (paper ballot): its head first.
TELLERS = ["hd-nvtu", "hd-ptthanh", "hd-btkanh"]
ABSENT = {"hd-hvnam": "Đồng ý với danh sách đề nghị khen thưởng do công chức Văn phòng – Thống kê trình."}
# What the secretary wrote in the minutes (times entered, never defaulted).
MEETING_STARTED, MEETING_ENDED = dt.time(8, 0), dt.time(10, 30)
DISCUSSION = (
    "Đồng chí Trần Thị Mai, công chức Văn phòng – Thống kê, báo cáo kết quả phong trào thi đua, danh sách đề nghị "
    "khen thưởng và kết quả kiểm tra điều kiện của từng trường hợp.\n"
    "Đồng chí Nguyễn Văn Tư, Chủ tịch Ủy ban MTTQ Việt Nam xã, đề nghị nêu rõ số hồ sơ trễ hạn của từng cá nhân "
    "trong báo cáo thành tích.\n"
    "Đồng chí Phạm Thị Thanh, Chủ tịch Hội Liên hiệp Phụ nữ xã, thống nhất với danh sách; đề nghị quan tâm "
    "khen thưởng cán bộ nữ.\n"
    "Ông Trương Văn Lợi chưa đăng ký thi đua và đang xem xét kỷ luật nên không đưa ra Hội đồng bỏ phiếu."
)

# What each nominee's proposer writes: duties and achievements in words. The figures are not typed here: the
# báo cáo thành tích states them from the nominee's own frozen evidence, so text and table cannot disagree.
DUTIES = {
    "Bộ phận Tiếp nhận và Trả kết quả": "Hướng dẫn, tiếp nhận hồ sơ thủ tục hành chính của tổ chức, cá nhân; chuyển "
    "hồ sơ đến công chức chuyên môn; trả kết quả giải quyết và theo dõi hồ sơ trên phần mềm một cửa điện tử",
    "Hội Liên hiệp Phụ nữ xã": "Tuyên truyền, vận động hội viên thực hiện chủ trương, chính sách; phối hợp với Ủy "
    "ban nhân dân xã tuyên truyền, hướng dẫn sử dụng dịch vụ công trực tuyến",
    "Ấp Tân Đông": "Tổ chức thực hiện chủ trương, chính sách, pháp luật và nhiệm vụ do Ủy ban nhân dân xã giao trên "
    "địa bàn ấp; tuyên truyền, hướng dẫn người dân thực hiện thủ tục hành chính và dịch vụ công trực tuyến",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã": "Tập hợp, giáo dục đoàn viên, thanh niên; tổ chức đội hình thanh niên "
    "tình nguyện hỗ trợ người dân nộp hồ sơ trực tuyến và thanh toán trực tuyến tại Bộ phận Tiếp nhận và Trả kết "
    "quả và ở các ấp",
}
ACHIEVEMENTS = {
    "Bộ phận Tiếp nhận và Trả kết quả": "Công khai đầy đủ thủ tục hành chính tại Bộ phận và trên Cổng dịch vụ công; "
    "hướng dẫn một lần, đầy đủ bằng văn bản đối với hồ sơ chưa đủ thành phần.",
    "Võ Thị Lan": "Trực tiếp tiếp nhận và trả kết quả hồ sơ chứng thực, hộ tịch; hướng dẫn người dân tạo tài khoản "
    "và nộp hồ sơ trực tuyến ngay tại Bộ phận.",
    "Huỳnh Văn Sang": "Tiếp nhận hồ sơ đất đai, xây dựng tại Bộ phận; phối hợp với công chức chuyên môn giải quyết "
    "hồ sơ liên thông với cơ quan cấp huyện.",
    "Hội Liên hiệp Phụ nữ xã": "Tổ chức tuyên truyền dịch vụ công trực tuyến tại các chi hội; vận động hội viên "
    "nộp hồ sơ trực tuyến.",
    "Ấp Tân Đông": "Tổ chức 12 buổi tuyên truyền dịch vụ công trực tuyến tại các tổ nhân dân tự quản; vận động "
    "các hộ gia đình tạo tài khoản và nộp hồ sơ trực tuyến, không để xảy ra phản ánh về thủ tục hành chính.",
    "Phan Thị Ngọc": "Giải quyết hồ sơ hộ tịch được giao; tham gia tuyên truyền pháp luật về hộ tịch ở các ấp.",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã": "Duy trì đội hình “Thanh niên tình nguyện hỗ trợ dịch vụ công trực "
    "tuyến” tại Bộ phận Tiếp nhận và Trả kết quả suốt năm 2022; hướng dẫn người dân tạo tài khoản, nộp hồ sơ và "
    "thanh toán trực tuyến.",
}
ACHIEVE = "Hoàn thành các nội dung thi đua cải cách hành chính đã đăng ký."

# (award form, "unit" | "person", nominee name, proposer username, paper tally agree/disagree/invalid)
NOMINATIONS = [
    (XA, "unit", "Ấp Tân Đông", "vanphong", (8, 0, 0)),
    (XA, "person", "Võ Thị Lan", "vanphong", (8, 0, 0)),
    (XA, "person", "Huỳnh Văn Sang", "phochutich", (7, 1, 0)),
    (XA, "unit", "Hội Liên hiệp Phụ nữ xã", "vanphong", (7, 0, 1)),
    (XA, "person", "Trương Văn Lợi", "canbo", None),  # ineligible: not registered, open disciplinary matter
    (HUYEN, "unit", "Bộ phận Tiếp nhận và Trả kết quả", "phochutich", (7, 1, 0)),
    (HUYEN, "person", "Phan Thị Ngọc", "vanphong", (4, 3, 0)),  # not passed: 4/9, one not voting
    (TINH, "unit", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "vanphong", (6, 2, 0)),
]
RETURNED_ONCE = "Huỳnh Văn Sang"
# The 2022 story's dates: proposals in December 2022 (the returned one resubmitted a week later), the council
# on 05/01/2023, then the UBND's series in date order: QĐ 01 (10/01), BC 02 (11/01), TTr 03 (12/01).
NOMINATED_ON, RESUBMITTED_ON = dt.date(2022, 12, 15), dt.date(2022, 12, 22)
MEETING_ON, DECISION_ON, SUMMARY_ON, SUBMISSION_ON = (
    dt.date(2023, 1, 5),
    dt.date(2023, 1, 10),
    dt.date(2023, 1, 11),
    dt.date(2023, 1, 12),
)


def ensure_council(campaign: Campaign, officer: User) -> None:
    for username, full_name, position, role in COUNCIL:
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@tanbinh.local"})
        if created:
            user.set_unusable_password()
            user.save()
            ensure_role(user, roles.COUNCIL, campaign.commune)
        if not CouncilMember.objects.filter(campaign=campaign, user=user).exists():
            services.council_member_set(
                actor=officer, campaign=campaign, user=user, role=role, full_name=full_name, position=position
            )


def ensure_config(campaign: Campaign, officer: User) -> None:
    for code, quota in QUOTAS.items():
        form = AwardForm.objects.get(code=code)
        if not AwardQuota.objects.filter(campaign=campaign, award_form=form).exists():
            services.quota_set(
                actor=officer,
                campaign=campaign,
                award_form=form,
                quota=quota,
                threshold_percent=Decimal(50),
                expected_version=UNCHECKED,
            )
        if not EligibilityRule.objects.filter(campaign=campaign, award_form=form).exists():
            for kind in (RuleKind.REGISTERED, RuleKind.NO_DISCIPLINE):
                services.rule_add(actor=officer, campaign=campaign, award_form=form, data={"kind": kind})
            for data in MEASURED_RULES.get(code, []):
                services.rule_add(actor=officer, campaign=campaign, award_form=form, data=data)


def _nominee(campaign: Campaign, kind: str, name: str) -> dict:
    if kind == "unit":
        return {"unit": Unit.objects.get(commune=campaign.commune, name=name)}
    return {"person": Person.objects.get(commune=campaign.commune, full_name=name)}


# Each nominee's own initiatives and observance of the law, as their report of achievements states them: two
# reports in one bundle never share a paragraph (a reviewer sends back identical boilerplate).
INITIATIVES = {
    "Bộ phận Tiếp nhận và Trả kết quả": "Bố trí một công chức hướng dẫn tại quầy, hỗ trợ người dân nộp hồ sơ "
    "trực tuyến ngay tại Bộ phận; áp dụng giải quyết hồ sơ “4 tại chỗ” đối với thủ tục chứng thực và hộ tịch.",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã": "Thành lập đội hình đoàn viên tình nguyện hướng dẫn người dân tạo tài "
    "khoản và nộp hồ sơ trên Cổng dịch vụ công quốc gia tại hai ấp; tuyên truyền dịch vụ bưu chính công ích.",
    "Ấp Tân Đông": "Lồng ghép tuyên truyền thủ tục hành chính vào các cuộc họp dân của ấp.",
    "Hội Liên hiệp Phụ nữ xã": "Vận động hội viên đăng ký tài khoản định danh điện tử và nộp hồ sơ trực tuyến.",
}
DISCIPLINE = {
    # No claim of a year without complaints: the report's own table shows the dissatisfaction rate it measured.
    "Bộ phận Tiếp nhận và Trả kết quả": "Các công chức của Bộ phận chấp hành tốt nội quy, quy chế làm việc; thực "
    "hiện đúng quy trình tiếp nhận, giải quyết và trả kết quả; mỗi ý kiến không hài lòng của người dân được "
    "Bộ phận tiếp thu, giải trình và khắc phục ngay trong tháng; không có công chức bị xử lý kỷ luật.",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã": "Đoàn viên chấp hành tốt chủ trương của Đảng, chính sách, pháp luật "
    "của Nhà nước và Điều lệ Đoàn; không có đoàn viên vi phạm pháp luật.",
}


SECTIONS_EXAMPLE = {
    "profile": "Công chức, 10 năm công tác tại xã.",
    "achievements": ACHIEVE,
    "initiatives": "Áp dụng giải quyết hồ sơ “4 tại chỗ”, hướng dẫn người dân nộp hồ sơ trực tuyến.",
    "discipline": "Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước, nội quy cơ quan.",
    "confirmation": "Ủy ban nhân dân xã Tân Bình xác nhận nội dung báo cáo trên là đúng sự thật.",
}


def _sections(kind: str, nominee) -> dict:
    name = nominee.name if kind == "unit" else nominee.full_name
    if kind == "unit":
        profile = DUTIES.get(name) or f"Thực hiện nhiệm vụ của {nominee.get_unit_type_display().lower()}"
    else:
        profile = DUTIES.get(nominee.unit.name) or f"Thực hiện nhiệm vụ {nominee.position.lower()}"
    return {
        **SECTIONS_EXAMPLE,
        "profile": profile + ".",
        "achievements": ACHIEVEMENTS.get(name, ACHIEVE),
        "initiatives": INITIATIVES.get(name, SECTIONS_EXAMPLE["initiatives"]),
        "discipline": DISCIPLINE.get(name, SECTIONS_EXAMPLE["discipline"]),
    }


def ensure_nominations(campaign: Campaign, users: dict[str, User]) -> None:
    officer = users["vanphong"]
    for code, kind, name, proposer, _tally in NOMINATIONS:
        form = AwardForm.objects.get(code=code)
        lookup = _nominee(campaign, kind, name)
        nomination = Nomination.objects.filter(campaign=campaign, award_form=form, **lookup).first()
        if nomination is None:
            nomination = services.nomination_create(
                actor=users[proposer],
                campaign=campaign,
                award_form=form,
                sections=_sections(kind, *lookup.values()),
                **lookup,
            )
        if nomination.status == NominationStatus.DRAFT:
            nomination = services.nomination_submit(
                actor=users[proposer], nomination=nomination, submitted_on=NOMINATED_ON
            )
            if name == RETURNED_ONCE:
                nomination = services.nomination_return(
                    actor=officer, nomination=nomination, reason="Bổ sung số liệu hồ sơ đã giải quyết trong năm."
                )
                sections = _sections(kind, *lookup.values())
                sections["achievements"] += " Hướng dẫn người dân bổ sung hồ sơ một lần, đầy đủ."
                services.nomination_update(
                    actor=users[proposer], nomination=nomination, sections=sections, expected_version=UNCHECKED
                )
                nomination = services.nomination_submit(
                    actor=users[proposer], nomination=nomination, submitted_on=RESUBMITTED_ON
                )
        if nomination.status == NominationStatus.SUBMITTED and nomination.reaches_council:
            services.nomination_accept(actor=officer, nomination=nomination)


# The chairman's decision establishing the council, before the plan (05/KH-UBND of 05/01/2022) in the
# UBND's 2022 series; the invitation two days before the meeting, first in the council's 2023 series.
COUNCIL_ESTABLISHED_ON, INVITED_ON = dt.date(2022, 1, 4), dt.date(2023, 1, 3)


def ensure_council_decision(campaign: Campaign, officer: User) -> None:
    if services.council_decision_number(campaign) is None:
        services.council_establish(actor=officer, campaign=campaign, issued_on=COUNCIL_ESTABLISHED_ON)


def ensure_meeting(campaign: Campaign, users: dict[str, User]) -> None:
    if CouncilMeeting.objects.filter(campaign=campaign).exists():
        return
    if not CouncilConvocation.objects.filter(campaign=campaign).exists():
        services.meeting_convene(
            actor=users["hoidong"],
            campaign=campaign,
            issued_on=INVITED_ON,
            meeting_on=MEETING_ON,
            meeting_at=MEETING_STARTED,
            place="Hội trường UBND xã Tân Bình",
        )
    members = {m.user.username: m for m in CouncilMember.objects.filter(campaign=campaign).select_related("user")}
    attendance = {m.pk: (username not in ABSENT, ABSENT.get(username, "")) for username, m in members.items()}
    secretary = users["hoidong"]
    meeting = services.meeting_create(
        actor=secretary,
        campaign=campaign,
        held_on=MEETING_ON,
        place="Hội trường UBND xã Tân Bình",
        method="paper",
        attendance=attendance,
        started_at=MEETING_STARTED,
    )
    meeting = services.meeting_minutes_record(
        actor=secretary,
        meeting=meeting,
        started_at=MEETING_STARTED,
        ended_at=MEETING_ENDED,
        discussion=DISCUSSION,
        expected_version=meeting.version,
    )
    tellers = [members[username] for username in TELLERS]
    services.meeting_tellers_elect(actor=secretary, meeting=meeting, head=tellers[0], members=tellers[1:])
    tallies = {}
    for code, _kind, name, _proposer, tally in NOMINATIONS:
        if tally:
            tallies[(code, name)] = tally
    for ballot in meeting.ballots.select_related("nomination__award_form", "nomination__unit", "nomination__person"):
        agree, disagree, invalid = tallies[(ballot.nomination.award_form.code, str(ballot.nomination.nominee))]
        services.ballot_tally(actor=secretary, ballot=ballot, agree=agree, disagree=disagree, invalid=invalid)
    services.meeting_close(actor=secretary, meeting=meeting)


def ensure_approval_and_decision(campaign: Campaign, users: dict[str, User]) -> None:
    chairman, officer = users["chutich"], users["vanphong"]
    round_ = ApprovalRound.objects.filter(campaign=campaign).first()
    if round_ is not None and round_.status == ApprovalStatus.PENDING:
        passed = Nomination.objects.filter(campaign=campaign, status=NominationStatus.PASSED)
        services.approval_approve(
            actor=chairman,
            campaign=campaign,
            approved_ids=list(passed.values_list("pk", flat=True)),
            comment="Đồng ý danh sách Hội đồng đề nghị.",
        )
    if not Decision.objects.filter(campaign=campaign).exists():
        services.decision_issue(actor=officer, campaign=campaign, issued_on=DECISION_ON)
    for nomination in Nomination.objects.filter(campaign=campaign, status=NominationStatus.APPROVED):
        services.nomination_propose(actor=officer, nomination=nomination, on=DECISION_ON)


def build_award_round(campaign: Campaign, users: dict[str, User]) -> None:
    """Close the campaign, then run its award round up to the decision and the proposals upward."""
    with transaction.atomic():
        campaign.refresh_from_db()
        if campaign.status == CampaignStatus.LAUNCHED:
            campaign = campaign_close(actor=users["chutich"], campaign=campaign)
        ensure_council(campaign, users["vanphong"])
        ensure_council_decision(campaign, users["vanphong"])
        ensure_config(campaign, users["vanphong"])
        ensure_nominations(campaign, users)
        ensure_meeting(campaign, users)
        ensure_approval_and_decision(campaign, users)
