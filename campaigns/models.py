"""Organisation (commune, units, people), the campaign plan as data, and registration."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import localtime

from tanbinh_portal.formatting import format_target


class Commune(models.Model):
    name = models.CharField("Tên xã", max_length=120)
    code = models.SlugField("Mã xã", max_length=40, unique=True)
    district_name = models.CharField("Huyện (năm 2022)", max_length=120)
    province_name = models.CharField("Tỉnh", max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = "Xã"
        verbose_name_plural = "Xã"

    def __str__(self) -> str:
        return f"Xã {self.name}"


class UnitType(models.TextChoices):
    DEPARTMENT = "department", "Ban, ngành, bộ phận chuyên môn"
    HAMLET = "hamlet", "Ấp"
    MASS_ORG = "mass_org", "Tổ chức chính trị – xã hội"
    ONE_STOP = "one_stop", "Bộ phận Tiếp nhận và Trả kết quả"
    OTHER = "other", "Khác"


class Unit(models.Model):
    """A collective (tập thể) of the commune."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="units")
    name = models.CharField("Tên tập thể", max_length=200)
    unit_type = models.CharField("Loại", max_length=20, choices=UnitType.choices)
    head = models.ForeignKey(
        "Person", verbose_name="Người đứng đầu", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The collective's own headcount (đoàn viên, hội viên, cán bộ) as its report of achievements states
    # it: a mass organisation has far more members than the staff the portal records. Empty until the
    # officer enters it; a collective of nobody is refused.
    member_count = models.PositiveIntegerField(
        "Số thành viên",
        null=True,
        blank=True,
        help_text="Tổng số cán bộ, đoàn viên, hội viên của tập thể (ghi trong báo cáo thành tích).",
    )
    is_active = models.BooleanField("Đang hoạt động", default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["commune", "name"]
        verbose_name = "Tập thể"
        verbose_name_plural = "Tập thể"
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="unit_unique_name_per_commune"),
            models.CheckConstraint(
                condition=models.Q(member_count__isnull=True) | models.Q(member_count__gte=1),
                name="unit_member_count_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class Person(models.Model):
    """A cán bộ, công chức or other member of the commune's staff."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="people")
    full_name = models.CharField("Họ và tên", max_length=120)
    position = models.CharField("Chức vụ", max_length=160)
    unit = models.ForeignKey(Unit, verbose_name="Tập thể", on_delete=models.PROTECT, related_name="members")
    sex = models.CharField("Giới tính", max_length=10, choices=Sex.choices)
    year_of_birth = models.PositiveSmallIntegerField("Năm sinh", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="Tài khoản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    has_open_disciplinary_matter = models.BooleanField(
        "Đang bị xem xét kỷ luật hoặc điều tra",
        default=False,
        help_text="Khi được đánh dấu, người này không đủ điều kiện được khen thưởng.",
    )
    disciplinary_note = models.TextField("Ghi chú kỷ luật", blank=True)
    is_active = models.BooleanField("Đang công tác", default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = "Cán bộ, công chức"
        verbose_name_plural = "Cán bộ, công chức"
        constraints = [
            models.UniqueConstraint(fields=["commune", "full_name", "unit"], name="person_unique_name_per_unit"),
            models.CheckConstraint(
                condition=models.Q(year_of_birth__isnull=True) | models.Q(year_of_birth__range=(1900, 2100)),
                name="person_year_of_birth_range",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class AwardLevel(models.TextChoices):
    COMMUNE = "commune", "Cấp xã"
    DISTRICT = "district", "Cấp huyện"
    PROVINCE = "province", "Cấp tỉnh"


class AwardTarget(models.TextChoices):
    COLLECTIVE = "collective", "Tập thể"
    INDIVIDUAL = "individual", "Cá nhân"
    BOTH = "both", "Tập thể và cá nhân"


class AwardForm(models.Model):
    """A form of commendation as legal data, valid between two dates.

    The 2022 campaign keeps "Giấy khen của Chủ tịch UBND huyện" although the district level
    disappeared on 01/07/2025: rules are dated, never overwritten.
    """

    code = models.SlugField("Mã", max_length=60, unique=True)
    name = models.CharField("Tên hình thức", max_length=200)
    level = models.CharField("Cấp quyết định", max_length=20, choices=AwardLevel.choices)
    decided_by = models.CharField("Người quyết định", max_length=200)
    receiving_body = models.CharField(
        "Cơ quan tiếp nhận đề nghị",
        max_length=200,
        blank=True,
        help_text="Để trống với hình thức do xã quyết định.",
    )
    applies_to = models.CharField("Đối tượng", max_length=20, choices=AwardTarget.choices)
    legal_basis = models.TextField("Căn cứ pháp lý")
    valid_from = models.DateField("Hiệu lực từ")
    valid_to = models.DateField("Hiệu lực đến", null=True, blank=True)

    class Meta:
        ordering = ["valid_from", "code"]
        verbose_name = "Hình thức khen thưởng"
        verbose_name_plural = "Hình thức khen thưởng"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="awardform_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_commune_level(self) -> bool:
        return self.level == AwardLevel.COMMUNE

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    LAUNCHED = "launched", "Đã phát động"
    CLOSED = "closed", "Đã kết thúc"
    SUMMARISED = "summarised", "Đã tổng kết"


class Campaign(models.Model):
    """An emulation campaign: the plan (kế hoạch) as data, and its state."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="campaigns")
    slug = models.SlugField("Mã phong trào", max_length=80, unique=True)
    status = models.CharField("Trạng thái", max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    parent_body = models.CharField("Cơ quan chủ quản", max_length=200, blank=True)
    issuing_body = models.CharField("Cơ quan ban hành", max_length=200)
    document_number = models.CharField("Số, ký hiệu", max_length=40, blank=True)
    document_date = models.DateField("Ngày ban hành", null=True, blank=True)
    place_name = models.CharField("Địa danh", max_length=80)
    title = models.CharField("Trích yếu", max_length=300)
    introduction = models.TextField("Mở đầu", blank=True)
    purposes = models.TextField("Mục đích, yêu cầu", help_text="Mỗi đoạn một dòng.")
    slogan = models.CharField("Khẩu hiệu", max_length=300, blank=True)
    start_date = models.DateField("Từ ngày")
    end_date = models.DateField("Đến ngày")
    closing_text = models.TextField("Đoạn kết", blank=True)
    recipients = models.TextField("Nơi nhận", help_text="Mỗi nơi nhận một dòng.")
    signatory_authority = models.CharField("Thẩm quyền ký", max_length=120, default="TM. ỦY BAN NHÂN DÂN")
    signatory_position = models.CharField("Chức vụ người ký", max_length=120, default="CHỦ TỊCH")
    signatory_name = models.CharField("Người ký", max_length=120)
    registration_deadline = models.DateField("Hạn đăng ký thi đua", null=True, blank=True)
    launched_at = models.DateTimeField("Phát động lúc", null=True, blank=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField("Kết thúc lúc", null=True, blank=True)
    summarised_at = models.DateTimeField("Tổng kết lúc", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The campaign this draft was started from ("Tạo kế hoạch năm sau từ kế hoạch này"); never changes
    # afterwards. PROTECT: a campaign another one was copied from keeps existing.
    copied_from = models.ForeignKey(
        "self",
        verbose_name="Tạo từ kế hoạch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="copies",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-start_date", "slug"]
        verbose_name = "Phong trào thi đua"
        verbose_name_plural = "Phong trào thi đua"
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="campaign_period_ordered"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(launched_at__isnull=False), name="campaign_launched_has_time"
            ),
            models.CheckConstraint(
                condition=Q(copied_from__isnull=True) | ~Q(copied_from=models.F("id")),
                name="campaign_not_copied_from_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == CampaignStatus.DRAFT

    def purpose_paragraphs(self) -> list[str]:
        return [line.strip() for line in self.purposes.splitlines() if line.strip()]

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class CriterionKind(models.TextChoices):
    MEASURED = "measured", "Đo lường bằng chỉ số"
    ASSESSED = "assessed", "Hội đồng đánh giá"


class Indicator(models.TextChoices):
    """Targetable indicators computed from the one-stop log.

    A target may also name the key of one of its campaign's active monthly fields (``MonthlyField``);
    the service checks that, so ``CriterionTarget.indicator`` has no fixed choices.
    """

    ON_TIME_RATE = "on_time_rate", "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn"
    DISSATISFACTION_RATE = "dissatisfaction_rate", "Tỷ lệ không hài lòng do nhũng nhiễu, gây phiền hà"
    FOUR_ON_SPOT_RATE = "four_on_spot_rate", "Tỷ lệ hồ sơ giải quyết 4 tại chỗ"
    ONLINE_RATE = "online_rate", "Tỷ lệ hồ sơ nộp trực tuyến"
    POSTAL_RATE = "postal_rate", "Tỷ lệ hồ sơ qua dịch vụ bưu chính công ích"


# Every indicator code the kpi app computes from the one-stop log (kpi.indicators COUNTS and RATES):
# a monthly field may not take one as its key, or its values would overwrite the log's. Kept here
# because campaigns cannot import kpi; tests/kpi/test_monthly_fields.py checks the two lists agree.
LOG_INDICATOR_KEYS = frozenset(
    {
        "received",
        "received_online",
        "received_postal",
        "received_direct_postal",
        "received_four_on_spot",
        "carried_over",
        "resolved",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "resolved_in_time",
        "resolved_rated",
        "dissatisfied_harassment",
        "dissatisfied_any",
        "pending",
        "pending_in_time",
        "pending_overdue",
        "progress_good",
        "progress_base",
        *Indicator.values,
        "dissatisfaction_any_rate",
        "progress_766_rate",
    }
)


class Comparator(models.TextChoices):
    GTE = "gte", "≥"
    GT = "gt", ">"
    LTE = "lte", "≤"
    LT = "lt", "<"
    # Against the same months of the previous campaign (kpi.year_comparison); the in-year fallback of the
    # dashboard is named in tanbinh_portal.formatting.INCREASE_LABEL.
    INCREASE = "increase", "nâng cao so với cùng kỳ năm trước"


class Criterion(models.Model):
    """One content of the plan's section III, either measured (with targets) or assessed by the council."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("Thứ tự")
    text = models.TextField("Nội dung thi đua")
    kind = models.CharField("Cách đánh giá", max_length=20, choices=CriterionKind.choices)

    class Meta:
        ordering = ["campaign", "order"]
        verbose_name = "Nội dung thi đua"
        verbose_name_plural = "Nội dung thi đua"
        constraints = [models.UniqueConstraint(fields=["campaign", "order"], name="criterion_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:80]}"

    @property
    def is_measured(self) -> bool:
        return self.kind == CriterionKind.MEASURED

    def default_target_text(self) -> str:
        """What a registrant commits to by default: the plan's targets of this content. With several
        targets each is named, as two "Nâng cao so với cùng kỳ năm trước" side by side say nothing:
        "Tỷ lệ hồ sơ nộp trực tuyến: nâng cao …; Tỷ lệ hồ sơ qua dịch vụ bưu chính công ích: nâng cao …"."""
        targets = list(self.targets.all())
        if len(targets) == 1:
            return targets[0].display
        return "; ".join(f"{t.get_indicator_display()}: {t.display[:1].lower()}{t.display[1:]}" for t in targets)


class CriterionTarget(models.Model):
    """A measured target of a criterion: an indicator, a comparator and a value.

    One criterion may carry several (content 2 of the 2022 plan sets both the on-time rate and the
    dissatisfaction rate).
    """

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField("Chỉ số", max_length=40)
    comparator = models.CharField("So sánh", max_length=10, choices=Comparator.choices)
    target = models.DecimalField("Chỉ tiêu", max_digits=9, decimal_places=2, null=True, blank=True)
    unit_label = models.CharField("Đơn vị", max_length=20, blank=True, default="%")

    class Meta:
        ordering = ["criterion", "id"]
        verbose_name = "Chỉ tiêu"
        verbose_name_plural = "Chỉ tiêu"
        constraints = [
            models.UniqueConstraint(fields=["criterion", "indicator"], name="target_indicator_once"),
            models.CheckConstraint(
                condition=Q(comparator="increase", target__isnull=True)
                | (~Q(comparator="increase") & Q(target__isnull=False)),
                name="target_value_matches_comparator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.display}"

    @property
    def display(self) -> str:
        return format_target(self.comparator, self.target, self.unit_label)

    def get_indicator_display(self) -> str:
        """The indicator's label: a log indicator's, or the label of the campaign's monthly field.

        Callers listing many targets set ``field_labels`` ({key: label}) first to avoid a query each.
        """
        if self.indicator in Indicator.values:
            return Indicator(self.indicator).label
        labels = getattr(self, "field_labels", None)
        if labels is None or self.indicator not in labels:
            field = MonthlyField.objects.filter(campaign_id=self.criterion.campaign_id, key=self.indicator).first()
            labels = {**(labels or {}), self.indicator: field.label if field else self.indicator}
            self.field_labels = labels
        return labels[self.indicator]


class Aggregation(models.TextChoices):
    SUM = "sum", "Cộng dồn các tháng"
    LAST = "last", "Số của tháng gần nhất có số liệu"


class MonthlyField(models.Model):
    """A figure the officer enters each month for a criterion (what the one-stop log cannot give).

    Part of the plan: a target of the criterion may name the field's ``key``, which is also the
    indicator code of the computed values, so a key never changes once created. ``campaign``
    repeats ``criterion.campaign`` so the database can keep keys unique per campaign; the service
    keeps the two consistent.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="monthly_fields")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="monthly_fields")
    key = models.CharField("Mã số liệu", max_length=40)
    label = models.CharField("Tên số liệu", max_length=300)
    unit = models.CharField("Đơn vị tính", max_length=40, blank=True)
    help_text = models.TextField("Hướng dẫn nhập", blank=True)
    order = models.PositiveSmallIntegerField("Thứ tự trong nội dung", default=1)
    aggregation = models.CharField("Số của cả đợt", max_length=10, choices=Aggregation.choices, default=Aggregation.SUM)
    is_active = models.BooleanField("Đang dùng", default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["campaign", "criterion__order", "order", "id"]
        verbose_name = "Số liệu tháng của nội dung thi đua"
        verbose_name_plural = "Số liệu tháng của nội dung thi đua"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="monthly_field_key_once_per_campaign"),
            models.CheckConstraint(condition=~Q(key=""), name="monthly_field_key_not_empty"),
            models.CheckConstraint(condition=~Q(label=""), name="monthly_field_label_not_empty"),
            models.CheckConstraint(
                condition=Q(aggregation__in=["sum", "last"]), name="monthly_field_aggregation_known"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class CampaignAwardForm(models.Model):
    """An award form as the plan offers it (section IV), in the plan's own words."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="award_options")
    award_form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField("Thứ tự")
    wording = models.CharField("Cách ghi trong kế hoạch", max_length=200)

    class Meta:
        ordering = ["campaign", "order"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "award_form"], name="campaign_award_form_once"),
            models.UniqueConstraint(fields=["campaign", "order"], name="campaign_award_form_order"),
        ]

    def __str__(self) -> str:
        return self.wording


class ImplementationStep(models.Model):
    """A numbered part of the plan's section V (Tổ chức thực hiện)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("Thứ tự")
    heading = models.CharField("Tiêu đề", max_length=200)
    body = models.TextField("Nội dung", help_text="Mỗi đoạn một dòng.")

    class Meta:
        ordering = ["campaign", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "order"], name="step_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.heading}"

    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]


class Amendment(models.Model):
    """A recorded change to a launched plan, with its reason."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="amendments")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("Lý do sửa đổi")
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Sửa đổi {localtime(self.at):%d/%m/%Y}" if self.at else "Sửa đổi"


class PlanRevision(models.Model):
    """A counter raised by every change to what a campaign's plan shows (the plan, its targets, monthly
    fields, award options, steps, amendments): the key of the cached plan and dashboard fragments.

    Its own table, changed only with ``UPDATE … SET revision = revision + 1``: a counter on Campaign
    itself would be overwritten by any later ``save()`` of a stale Campaign instance."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, primary_key=True, related_name="plan_revision")
    revision = models.PositiveBigIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.revision}"


class Registration(models.Model):
    """A unit's or a person's đăng ký thi đua for a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="registrations")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="registrations")
    commitment_text = models.TextField("Cam kết", blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    # The date written on the registration form (an office may enter a paper form later), not the save time.
    registered_on = models.DateField("Ngày đăng ký", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["campaign", "registered_at"]
        verbose_name = "Đăng ký thi đua"
        verbose_name_plural = "Đăng ký thi đua"
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="registration_one_registrant",
            ),
            models.UniqueConstraint(
                fields=["campaign", "unit"], condition=Q(unit__isnull=False), name="registration_unit_once"
            ),
            models.UniqueConstraint(
                fields=["campaign", "person"], condition=Q(person__isnull=False), name="registration_person_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Đăng ký của {self.registrant}"

    @property
    def registrant(self) -> Unit | Person:
        return self.unit or self.person


class Commitment(models.Model):
    """A criterion the registrant commits to, with its own target where it sets one."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="commitments")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="commitments")
    target_text = models.CharField("Chỉ tiêu cam kết", max_length=200, blank=True)

    class Meta:
        ordering = ["criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "criterion"], name="commitment_once_per_criterion")
        ]

    def __str__(self) -> str:
        return str(self.criterion)
