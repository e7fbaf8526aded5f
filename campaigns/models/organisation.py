"""The places (province → district → commune, dated), the roles held at them, and the commune's
collectives (tập thể) and people (cán bộ, công chức)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from tanbinh_portal import roles as role_names
from tanbinh_portal.periods import local_today
from tanbinh_portal.scoping import commune_scoped


class Province(models.Model):
    name = models.CharField("Tên tỉnh", max_length=120)
    code = models.SlugField("Mã tỉnh", max_length=40, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "Tỉnh"
        verbose_name_plural = "Tỉnh"

    def __str__(self) -> str:
        return f"Tỉnh {self.name}"


class District(models.Model):
    """A district (huyện). In the 2025 reform every district ends on 30/06/2025 (``valid_until``):
    from 01/07/2025 its communes answer to the province."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField("Tên huyện", max_length=120)
    code = models.SlugField("Mã huyện", max_length=40, unique=True)
    valid_until = models.DateField("Tồn tại đến ngày", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "Huyện"
        verbose_name_plural = "Huyện"

    def __str__(self) -> str:
        return f"Huyện {self.name}"

    def exists_on(self, on: dt.date) -> bool:
        return self.valid_until is None or on <= self.valid_until


class Commune(models.Model):
    """A commune (xã). A commune merged in the 2025 reform keeps its rows and history (``valid_until``,
    ``successor``): its 2022 campaign stays under it and prints as it did; the new commune's 2026
    campaigns belong to the successor, under the province."""

    name = models.CharField("Tên xã", max_length=120)
    code = models.SlugField("Mã xã", max_length=40, unique=True)
    # The names as printed on the commune's papers of the time (kept for printing; the FKs are the tree).
    district_name = models.CharField("Huyện (năm 2022)", max_length=120)
    province_name = models.CharField("Tỉnh", max_length=120)
    province = models.ForeignKey(Province, verbose_name="Tỉnh", on_delete=models.PROTECT, related_name="communes")
    district = models.ForeignKey(
        District, verbose_name="Huyện", null=True, blank=True, on_delete=models.PROTECT, related_name="communes"
    )
    valid_from = models.DateField("Thành lập từ ngày", null=True, blank=True)
    valid_until = models.DateField("Tồn tại đến ngày", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="Xã kế thừa (sau sắp xếp)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    # Where a citizen reaches the commune's one-stop counter (printed where a rating code has expired).
    one_stop_address = models.CharField("Địa chỉ Bộ phận Một cửa", max_length=300, blank=True)
    one_stop_phone = models.CharField("Điện thoại Bộ phận Một cửa", max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "Xã"
        verbose_name_plural = "Xã"

    def __str__(self) -> str:
        return f"Xã {self.name}"

    def exists_on(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on <= self.valid_until
        )

    def on(self, day: dt.date) -> Commune:
        """The commune that carries this one's work on ``day``: itself while it exists, else its successor's
        (a merged commune's next-year campaign belongs to the new commune)."""
        commune, seen = self, {self.pk}
        while commune.valid_until is not None and day > commune.valid_until and commune.successor_id not in seen:
            if commune.successor_id is None:
                break
            seen.add(commune.successor_id)
            commune = commune.successor
        return commune

    @property
    def place_name(self) -> str:
        """The name that tells a merged commune from its successor of the same name: “Xã Tân Bình (huyện
        Tân Biên, đến 30/06/2025)”; a commune that still exists is just “Xã Tân Bình”."""
        if self.valid_until is None:
            return str(self)
        above = f"huyện {self.district.name}, " if self.district_id is not None else ""
        return f"{self} ({above}đến {self.valid_until:%d/%m/%Y})"

    def receiving_level(self, on: dt.date) -> District | Province:
        """Who receives the commune's papers on ``on``: its district while that exists, else the province."""
        if self.district_id is not None and self.district.exists_on(on):
            return self.district
        return self.province


ROLE_CHOICES = [(name, name) for name in role_names.ALL_ROLES]


class RoleAssignment(models.Model):
    """One role a user holds at one place (a commune, a district or a province), from grant to withdrawal.

    Commune roles are held at a commune, the district reviewer's at a district, the province
    reviewer's at a province (``campaigns.services.organisation.role_grant`` checks it; the constraint
    below holds it for any other writer). A withdrawn row stays as history.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("Vai trò", max_length=80, choices=ROLE_CHOICES)
    commune = models.ForeignKey(
        Commune, verbose_name="Xã", null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )
    district = models.ForeignKey(
        District, verbose_name="Huyện", null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )
    province = models.ForeignKey(
        Province, verbose_name="Tỉnh", null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField("Giao lúc", auto_now_add=True)
    withdrawn_at = models.DateTimeField("Thu hồi lúc", null=True, blank=True)

    class Meta:
        ordering = ["user_id", "id"]
        verbose_name = "Vai trò được giao"
        verbose_name_plural = "Vai trò được giao"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(commune__isnull=False, district__isnull=True, province__isnull=True)
                    | models.Q(commune__isnull=True, district__isnull=False, province__isnull=True)
                    | models.Q(commune__isnull=True, district__isnull=True, province__isnull=False)
                ),
                name="role_assignment_one_place",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=role_names.COMMUNE_ROLES, commune__isnull=False)
                    | models.Q(role=role_names.DISTRICT, district__isnull=False)
                    | models.Q(role=role_names.PROVINCE, province__isnull=False)
                ),
                name="role_assignment_role_fits_place",
            ),
            # One active row per (user, role, place); NULLs are distinct in a unique index, so one
            # constraint per kind of place.
            *(
                models.UniqueConstraint(
                    fields=["user", "role", place],
                    condition=models.Q(withdrawn_at__isnull=True, **{f"{place}__isnull": False}),
                    name=f"role_assignment_active_once_per_{place}",
                )
                for place in ("commune", "district", "province")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} – {self.place}"

    @property
    def place(self) -> Commune | District | Province:
        return self.commune or self.district or self.province


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

    objects = commune_scoped("commune")

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

    @property
    def current_name(self) -> str:
        """The name in force today, for the unit and people pages (papers print :meth:`name_on` their date)."""
        return self.name_on(local_today())

    def name_on(self, day) -> str:
        """The name in force on ``day`` (the date of the paper that prints it): the latest
        :class:`UnitName` taking effect on or before it, else the name the unit was recorded with."""
        if day is None:
            return self.name
        names = sorted(self.dated_names.all(), key=lambda n: n.valid_from)  # prefetched by callers
        current = self.name
        for dated in names:
            if dated.valid_from <= day:
                current = dated.name
        return current


class UnitName(models.Model):
    """A name a collective takes from a date, when it is renamed by a decision of its own (the commune's
    Bộ phận Tiếp nhận và Trả kết quả became its Trung tâm Phục vụ hành chính công in the 2025 reform).
    ``Unit.name`` stays the name it was recorded with; papers print :meth:`Unit.name_on` their date."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="dated_names")
    name = models.CharField("Tên mới", max_length=200)
    valid_from = models.DateField("Áp dụng từ ngày")

    objects = commune_scoped("unit__commune")

    class Meta:
        ordering = ["unit", "valid_from"]
        verbose_name = "Tên tập thể theo thời gian"
        verbose_name_plural = "Tên tập thể theo thời gian"
        constraints = [models.UniqueConstraint(fields=["unit", "valid_from"], name="unit_name_once_per_day")]

    def __str__(self) -> str:
        return f"{self.name} (từ {self.valid_from:%d/%m/%Y})"


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

    objects = commune_scoped("commune")

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
