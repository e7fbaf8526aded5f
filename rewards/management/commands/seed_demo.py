"""Builds the demo commune, its 2022 campaign and one account per role (refuses when DEBUG is off).

It lives in `rewards`, the rightmost app, because it drives every app's demo builder in the order
the data flows: campaigns, then kpi, then rewards.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from campaigns.demo import account_lines, build_demo, ensure_demo_signing_images


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: xã Tân Bình, kế hoạch thi đua CCHC 2022 và tài khoản mẫu cho từng vai trò."

    def add_arguments(self, parser):
        parser.add_argument("--no-dossiers", action="store_true", help="Không tạo sổ theo dõi hồ sơ một cửa mẫu.")
        parser.add_argument("--if-empty", action="store_true", help="Chỉ tạo khi cơ sở dữ liệu chưa có phong trào nào.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo chỉ chạy khi DEBUG bật: không tạo dữ liệu mẫu trên hệ thống thật.")
        from campaigns.models import Campaign

        if options["if_empty"] and Campaign.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; bỏ qua dữ liệu mẫu.")
            return
        # The demo's notifications stay in the portal: no e-mail goes out (nor floods the console).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            result = self._build(options)

        self.stdout.write("Tài khoản mẫu:")
        for line in account_lines(result["password"]):
            self.stdout.write(line)

    def _build(self, options) -> dict:
        result = build_demo()
        self.stdout.write(self.style.SUCCESS(f"Đã tạo dữ liệu mẫu: {result['campaign'].title}"))
        ensure_demo_signing_images(result["campaign"], result["users"])
        self.stdout.write("Ảnh chữ ký và con dấu MẪU (ghi rõ “MẪU – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ”) cho hồ sơ ký số.")
        if not options["no_dossiers"]:
            from kpi.demo import build_kpi_demo

            kpi = build_kpi_demo(campaign=result["campaign"], actor=result["users"]["vanphong"])
            self.stdout.write(f"Sổ theo dõi hồ sơ một cửa mẫu: {kpi['import'].message}")
        # The award round comes last: its nominations freeze the KPI values as evidence.
        from rewards.demo import build_award_round, build_summary_report

        build_award_round(result["campaign"], result["users"])
        self.stdout.write("Đợt khen thưởng năm 2022: đề nghị, họp Hội đồng, phê duyệt, quyết định khen thưởng.")
        build_summary_report(result["campaign"], result["users"])
        self.stdout.write("Báo cáo tổng kết đã được Chủ tịch duyệt; phong trào đã tổng kết.")
        return result
