"""python manage.py grant_role USERNAME "ROLE" (--commune | --district | --province CODE) [--withdraw REASON]"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Commune, District, Province, RoleAssignment
from campaigns.services import role_grant, role_withdraw
from tanbinh_portal.roles import ALL_ROLES
from tanbinh_portal.scoping import all_communes
from tanbinh_portal.service_errors import ServiceError


class Command(BaseCommand):
    help = (
        "Giao (hoặc thu hồi) một vai trò cho tài khoản tại một xã, huyện hoặc tỉnh; có ghi nhật ký. "
        "Dùng để giao vai trò Quản trị tài khoản xã đầu tiên và vai trò của huyện, tỉnh."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help="Tên vai trò, ví dụ “Quản trị tài khoản xã”.")
        place = parser.add_mutually_exclusive_group(required=True)
        place.add_argument("--commune", help="Mã xã (vai trò của xã).")
        place.add_argument("--district", help="Mã huyện (Phòng Nội vụ huyện).")
        place.add_argument("--province", help="Mã tỉnh (Sở Nội vụ tỉnh).")
        parser.add_argument("--withdraw", metavar="LÝ_DO", help="Thu hồi vai trò đang giữ, với lý do.")

    def handle(self, *args, username, role, commune, district, province, withdraw, **options):
        if role not in ALL_ROLES:
            raise CommandError(f"Không có vai trò “{role}”. Các vai trò: {'; '.join(ALL_ROLES)}.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        model, code, field = (
            (Commune, commune, "commune")
            if commune
            else (District, district, "district")
            if district
            else (Province, province, "province")
        )
        place = model.objects.filter(code=code).first()
        if place is None:
            raise CommandError(f"Không có {model._meta.verbose_name.lower()} mã “{code}”.")
        with all_communes():  # the operator acts on the places table, not inside a commune's data
            try:
                if withdraw is not None:
                    assignment = RoleAssignment.objects.filter(
                        user=user, role=role, withdrawn_at__isnull=True, **{field: place}
                    ).first()
                    if assignment is None:
                        raise CommandError(f"“{username}” không giữ vai trò “{role}” tại {place}.")
                    role_withdraw(actor=None, assignment=assignment, reason=withdraw)
                    self.stdout.write(f"Đã thu hồi vai trò “{role}” của “{username}” tại {place}.")
                else:
                    role_grant(actor=None, user=user, role=role, place=place)
                    self.stdout.write(f"Đã giao vai trò “{role}” cho “{username}” tại {place}.")
            except ServiceError as error:
                raise CommandError(str(error)) from error
