"""Places and roles per place (issue 15).

Province and district become rows (created from each commune's printed ``province_name`` /
``district_name``; the 2025 reform ends every district on 30/06/2025), the commune points at them, and
every portal group membership becomes a RoleAssignment at the single existing commune (the district
reviewer's at that commune's district). The groups are no longer read for roles afterwards.
"""

import datetime as dt

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify

DISTRICTS_END = dt.date(2025, 6, 30)
DISTRICT_ROLE = "Phòng Nội vụ huyện"
# The role names as they were when this migration was written (the group names).
COMMUNE_ROLES = (
    "Chủ tịch UBND xã",
    "Phó Chủ tịch UBND xã",
    "Công chức Văn phòng – Thống kê",
    "Thành viên Hội đồng Thi đua – Khen thưởng",
    "Cán bộ Bộ phận Một cửa",
    "Cán bộ, công chức",
)


def _code(name):
    return slugify(name.replace("Đ", "D").replace("đ", "d")) or "khong-ro"


def places_from_names(apps, schema_editor):
    Commune = apps.get_model("campaigns", "Commune")
    Province = apps.get_model("campaigns", "Province")
    District = apps.get_model("campaigns", "District")
    for commune in Commune.objects.all():
        province, _ = Province.objects.get_or_create(
            code=_code(commune.province_name), defaults={"name": commune.province_name or "Không rõ"}
        )
        commune.province = province
        if commune.district_name:
            commune.district, _ = District.objects.get_or_create(
                code=_code(commune.district_name),
                defaults={"name": commune.district_name, "province": province, "valid_until": DISTRICTS_END},
            )
        commune.save(update_fields=["province", "district"])
    if schema_editor.connection.vendor == "postgresql":
        # The rows' deferred foreign-key checks run now, so the column can be altered after this step.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def roles_from_groups(apps, schema_editor):
    """Before this migration a portal held one commune: every membership is a role held there."""
    Commune = apps.get_model("campaigns", "Commune")
    RoleAssignment = apps.get_model("campaigns", "RoleAssignment")
    User = apps.get_model("auth", "User")
    communes = list(Commune.objects.all()[:2])
    if len(communes) != 1:
        return  # a new installation (no commune, no membership) or one already holding several
    commune = communes[0]
    rows = []
    for user in User.objects.prefetch_related("groups"):
        for group in user.groups.all():
            if group.name in COMMUNE_ROLES:
                rows.append(RoleAssignment(user=user, role=group.name, commune=commune))
            elif group.name == DISTRICT_ROLE and commune.district_id:
                rows.append(RoleAssignment(user=user, role=group.name, district_id=commune.district_id))
    RoleAssignment.objects.bulk_create(rows)


def roles_back_to_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    RoleAssignment = apps.get_model("campaigns", "RoleAssignment")
    groups = {g.name: g for g in Group.objects.all()}
    for assignment in RoleAssignment.objects.filter(withdrawn_at__isnull=True).select_related("user"):
        if assignment.role in groups:
            assignment.user.groups.add(groups[assignment.role])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0012_unit_member_count_person_year_of_birth"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="District",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=120, verbose_name="Tên huyện")),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="Mã huyện")),
                ("valid_until", models.DateField(blank=True, null=True, verbose_name="Tồn tại đến ngày")),
            ],
            options={
                "verbose_name": "Huyện",
                "verbose_name_plural": "Huyện",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Province",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=120, verbose_name="Tên tỉnh")),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="Mã tỉnh")),
            ],
            options={
                "verbose_name": "Tỉnh",
                "verbose_name_plural": "Tỉnh",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="commune",
            name="successor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="predecessors",
                to="campaigns.commune",
                verbose_name="Xã kế thừa (sau sắp xếp)",
            ),
        ),
        migrations.AddField(
            model_name="commune",
            name="valid_from",
            field=models.DateField(blank=True, null=True, verbose_name="Thành lập từ ngày"),
        ),
        migrations.AddField(
            model_name="commune",
            name="valid_until",
            field=models.DateField(blank=True, null=True, verbose_name="Tồn tại đến ngày"),
        ),
        migrations.AddField(
            model_name="commune",
            name="district",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="communes",
                to="campaigns.district",
                verbose_name="Huyện",
            ),
        ),
        migrations.AddField(
            model_name="district",
            name="province",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="districts", to="campaigns.province"
            ),
        ),
        migrations.AddField(
            model_name="commune",
            name="province",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="communes",
                to="campaigns.province",
                verbose_name="Tỉnh",
            ),
        ),
        migrations.RunPython(places_from_names, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="commune",
            name="province",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="communes",
                to="campaigns.province",
                verbose_name="Tỉnh",
            ),
        ),
        migrations.CreateModel(
            name="RoleAssignment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("Chủ tịch UBND xã", "Chủ tịch UBND xã"),
                            ("Phó Chủ tịch UBND xã", "Phó Chủ tịch UBND xã"),
                            ("Công chức Văn phòng – Thống kê", "Công chức Văn phòng – Thống kê"),
                            ("Thành viên Hội đồng Thi đua – Khen thưởng", "Thành viên Hội đồng Thi đua – Khen thưởng"),
                            ("Cán bộ Bộ phận Một cửa", "Cán bộ Bộ phận Một cửa"),
                            ("Cán bộ, công chức", "Cán bộ, công chức"),
                            ("Quản trị tài khoản xã", "Quản trị tài khoản xã"),
                            ("Phòng Nội vụ huyện", "Phòng Nội vụ huyện"),
                            ("Sở Nội vụ tỉnh", "Sở Nội vụ tỉnh"),
                        ],
                        max_length=80,
                        verbose_name="Vai trò",
                    ),
                ),
                ("granted_at", models.DateTimeField(auto_now_add=True, verbose_name="Giao lúc")),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True, verbose_name="Thu hồi lúc")),
                (
                    "commune",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="role_assignments",
                        to="campaigns.commune",
                        verbose_name="Xã",
                    ),
                ),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="role_assignments",
                        to="campaigns.district",
                        verbose_name="Huyện",
                    ),
                ),
                (
                    "granted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="role_assignments",
                        to="campaigns.province",
                        verbose_name="Tỉnh",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="role_assignments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "Vai trò được giao",
                "verbose_name_plural": "Vai trò được giao",
                "ordering": ["user_id", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("commune__isnull", False), ("district__isnull", True), ("province__isnull", True)
                            ),
                            models.Q(
                                ("commune__isnull", True), ("district__isnull", False), ("province__isnull", True)
                            ),
                            models.Q(
                                ("commune__isnull", True), ("district__isnull", True), ("province__isnull", False)
                            ),
                            _connector="OR",
                        ),
                        name="role_assignment_one_place",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("commune__isnull", False),
                                (
                                    "role__in",
                                    (
                                        "Chủ tịch UBND xã",
                                        "Phó Chủ tịch UBND xã",
                                        "Công chức Văn phòng – Thống kê",
                                        "Thành viên Hội đồng Thi đua – Khen thưởng",
                                        "Cán bộ Bộ phận Một cửa",
                                        "Cán bộ, công chức",
                                        "Quản trị tài khoản xã",
                                    ),
                                ),
                            ),
                            models.Q(("district__isnull", False), ("role", "Phòng Nội vụ huyện")),
                            models.Q(("province__isnull", False), ("role", "Sở Nội vụ tỉnh")),
                            _connector="OR",
                        ),
                        name="role_assignment_role_fits_place",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("commune__isnull", False), ("withdrawn_at__isnull", True)),
                        fields=("user", "role", "commune"),
                        name="role_assignment_active_once_per_commune",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("district__isnull", False), ("withdrawn_at__isnull", True)),
                        fields=("user", "role", "district"),
                        name="role_assignment_active_once_per_district",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("province__isnull", False), ("withdrawn_at__isnull", True)),
                        fields=("user", "role", "province"),
                        name="role_assignment_active_once_per_province",
                    ),
                ],
            },
        ),
        migrations.RunPython(roles_from_groups, roles_back_to_groups),
    ]
