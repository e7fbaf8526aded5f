"""The Hội đồng Thi đua – Khen thưởng: members per campaign, meetings, attendance and secret ballots."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import Campaign
from tanbinh_portal.scoping import commune_scoped


class CouncilRole(models.TextChoices):
    CHAIR = "chair", "Chủ tịch Hội đồng"
    VICE_CHAIR = "vice_chair", "Phó Chủ tịch Hội đồng"
    SECRETARY = "secretary", "Thư ký Hội đồng"
    MEMBER = "member", "Ủy viên"


class CouncilMember(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="council_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats")
    full_name = models.CharField("Họ và tên", max_length=120)
    position = models.CharField("Chức vụ", max_length=200, blank=True)
    role = models.CharField("Vai trò trong Hội đồng", max_length=20, choices=CouncilRole.choices)

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["campaign", "id"]
        verbose_name = "Thành viên Hội đồng"
        verbose_name_plural = "Thành viên Hội đồng"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="council_member_once"),
            models.UniqueConstraint(fields=["campaign"], condition=Q(role="chair"), name="council_one_chair"),
            models.UniqueConstraint(fields=["campaign"], condition=Q(role="secretary"), name="council_one_secretary"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class MeetingStatus(models.TextChoices):
    OPEN = "open", "Đang họp"
    CLOSED = "closed", "Đã kết thúc"


class BallotMethod(models.TextChoices):
    PAPER = "paper", "Phiếu giấy, thư ký kiểm phiếu"
    ONLINE = "online", "Bỏ phiếu kín trực tuyến"


class CouncilMeeting(models.Model):
    """A meeting to review the nominations (cuộc họp xét khen thưởng)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="council_meetings")
    held_on = models.DateField("Ngày họp")
    place = models.CharField("Địa điểm", max_length=200)
    chair = models.ForeignKey(CouncilMember, verbose_name="Chủ trì", on_delete=models.PROTECT, related_name="+")
    secretary = models.ForeignKey(CouncilMember, verbose_name="Thư ký", on_delete=models.PROTECT, related_name="+")
    method = models.CharField("Cách bỏ phiếu", max_length=10, choices=BallotMethod.choices)
    quorum_numerator = models.PositiveSmallIntegerField("Tỷ lệ có mặt tối thiểu (tử số)", default=2)
    quorum_denominator = models.PositiveSmallIntegerField("Tỷ lệ có mặt tối thiểu (mẫu số)", default=3)
    members_total = models.PositiveSmallIntegerField("Tổng số thành viên")
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.OPEN)
    # The minutes (biên bản): what the secretary entered, never a default time.
    started_at = models.TimeField("Giờ bắt đầu", null=True, blank=True)
    ended_at = models.TimeField("Giờ kết thúc", null=True, blank=True)
    discussion = models.TextField("Ý kiến thảo luận", blank=True)
    minutes_year = models.PositiveSmallIntegerField(null=True, blank=True)
    minutes_number = models.PositiveIntegerField("Số biên bản", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "Cuộc họp Hội đồng"
        verbose_name_plural = "Cuộc họp Hội đồng"
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0) & Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="meeting_quorum_fraction",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(minutes_number__isnull=False), name="meeting_closed_numbered"
            ),
        ]

    def __str__(self) -> str:
        return f"Họp Hội đồng ngày {self.held_on:%d/%m/%Y}"

    @property
    def minutes_reference(self) -> str:
        if self.minutes_number is None:
            return ""
        return f"{self.minutes_number:02d}/BB-HĐTĐKT"


class CouncilConvocation(models.Model):
    """A Giấy mời họp Hội đồng: the council convened for a day, an hour and a place, on an invitation that
    takes its number from the council's own yearly series (``GM-HĐTĐKT``) on the date written on it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="council_convocations")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField("Số giấy mời")
    issued_on = models.DateField("Ngày ký giấy mời")
    meeting_on = models.DateField("Ngày họp")
    meeting_at = models.TimeField("Giờ họp")
    place = models.CharField("Địa điểm", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "Giấy mời họp Hội đồng"
        verbose_name_plural = "Giấy mời họp Hội đồng"
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting_on__gte=models.F("issued_on")), name="convocation_before_meeting"
            ),
            models.UniqueConstraint(fields=["campaign", "year", "number"], name="convocation_number_once"),
        ]

    def __str__(self) -> str:
        return f"Giấy mời số {self.reference}"

    @property
    def reference(self) -> str:
        return f"{self.number:02d}/GM-HĐTĐKT"


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField("Có mặt")
    written_opinion = models.TextField("Ý kiến bằng văn bản (người vắng mặt)", blank=True)

    objects = commune_scoped("meeting__campaign__commune")

    class Meta:
        ordering = ["meeting", "member_id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.member}: {'có mặt' if self.present else 'vắng mặt'}"


class BallotItem(models.Model):
    """The vote on one nomination at one meeting: counts only, never who chose what.

    The counts stay zero while the ballot is open (a database check): online choices wait as
    :class:`SealedChoice` rows and are counted only when the ballot closes, so no running tally exists.
    Once closed, for + against + invalid + not voting = the members present (another check)."""

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="ballots")
    nomination = models.ForeignKey("rewards.Nomination", on_delete=models.PROTECT, related_name="ballots")
    present = models.PositiveSmallIntegerField("Số thành viên có mặt")
    agree = models.PositiveSmallIntegerField("Đồng ý", default=0)
    disagree = models.PositiveSmallIntegerField("Không đồng ý", default=0)
    invalid = models.PositiveSmallIntegerField("Phiếu không hợp lệ", default=0)
    not_voting = models.PositiveSmallIntegerField("Không biểu quyết", default=0)
    closed = models.BooleanField(default=False)
    passed = models.BooleanField(null=True)
    explanation = models.TextField(blank=True)

    objects = commune_scoped("meeting__campaign__commune")

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "nomination"], name="ballot_once_per_meeting"),
            models.CheckConstraint(
                condition=Q(closed=True) | Q(agree=0, disagree=0, invalid=0, not_voting=0),
                name="ballot_open_has_no_tally",
            ),
            models.CheckConstraint(
                condition=Q(closed=False)
                | Q(present=models.F("agree") + models.F("disagree") + models.F("invalid") + models.F("not_voting")),
                name="ballot_adds_up_to_present",
            ),
        ]

    def __str__(self) -> str:
        return f"Phiếu: {self.nomination}"

    @property
    def cast(self) -> int:
        return self.agree + self.disagree + self.invalid


class BallotParticipation(models.Model):
    """That a member has voted online on a ballot item. Deliberately no choice and no timestamp."""

    ballot = models.ForeignKey(BallotItem, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")

    objects = commune_scoped("ballot__meeting__campaign__commune")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "member"], name="participation_once")]

    def __str__(self) -> str:
        return f"{self.member} đã bỏ phiếu"


class SealedChoice(models.Model):
    """One online choice, sealed in its ballot box until the ballot closes.

    Nothing joins it to a voter or to an order: a random primary key (rows read in key order come out
    shuffled), no member, no timestamp, no sequence. The ballot's counts are computed from these rows
    when it closes, and the rows are then deleted (docs/ballot.md)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(BallotItem, on_delete=models.CASCADE, related_name="+")
    agree = models.BooleanField()

    objects = commune_scoped("ballot__meeting__campaign__commune")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return "Phiếu kín"


# The order in which a decision lists the council: chair, vice-chairs, members, then the secretary.
COUNCIL_LIST_ORDER = {CouncilRole.CHAIR: 0, CouncilRole.VICE_CHAIR: 1, CouncilRole.MEMBER: 2, CouncilRole.SECRETARY: 3}


class EstablishedMember(models.Model):
    """A member as the decision establishing the council names them, copied when the decision is numbered
    (``rewards.services.council_establish``): the decision keeps the council of its own date, whatever the
    seats become later."""

    decision = models.ForeignKey("rewards.IssuedNumber", on_delete=models.CASCADE, related_name="established_members")
    order = models.PositiveSmallIntegerField()
    full_name = models.CharField("Họ và tên", max_length=120)
    position = models.CharField("Chức vụ", max_length=200, blank=True)
    role = models.CharField("Vai trò trong Hội đồng", max_length=20, choices=CouncilRole.choices)

    objects = commune_scoped("decision__commune")

    class Meta:
        ordering = ["decision", "order"]
        verbose_name = "Thành viên theo quyết định thành lập"
        verbose_name_plural = "Thành viên theo quyết định thành lập"
        constraints = [models.UniqueConstraint(fields=["decision", "order"], name="established_member_order_once")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class BallotTeller(models.Model):
    """A member of the Ban kiểm phiếu the council elects at a paper-ballot meeting among the members
    present: its head (Trưởng ban) and members count the papers; the secretary records their count."""

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="tellers")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    is_head = models.BooleanField("Trưởng Ban kiểm phiếu", default=False)

    objects = commune_scoped("meeting__campaign__commune")

    class Meta:
        ordering = ["meeting", "-is_head", "id"]
        verbose_name = "Thành viên Ban kiểm phiếu"
        verbose_name_plural = "Ban kiểm phiếu"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="teller_once"),
            models.UniqueConstraint(fields=["meeting"], condition=Q(is_head=True), name="teller_one_head"),
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name} ({'Trưởng ban' if self.is_head else 'thành viên'} Ban kiểm phiếu)"
