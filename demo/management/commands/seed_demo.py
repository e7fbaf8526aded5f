"""Builds the demo commune and its 2022 campaign, two more communes of its district with their 2022
campaigns and the summary reports they sent the district in January 2023, the new xã Tân Bình the three
form on 01/07/2025 under the province with its 2026 campaign, and one account per role and place.

Development only: the `demo` app is installed only with DEMO_DATA (default: DEBUG), so on a production
server (DEBUG=false) this command does not exist; should the app be loaded there by hand, the command
still refuses without DEMO_DATA. It drives the demo builders in the order the data flows: campaigns,
then kpi, then rewards, then documents (demo/campaigns.py … demo/documents.py).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from campaigns.models import Campaign
from demo.campaigns import build_demo, ensure_merged_commune, ensure_next_year_campaign, ensure_one_stop_contact
from demo.communes import STORIES, account_lines, build_communes_demo
from demo.documents import build_inbox_submissions, build_summary_report, ensure_demo_signing_images
from demo.kpi import build_kpi_demo, build_kpi_demo_2026, build_ratings_demo_2026
from demo.rewards import build_award_round
from tanbinh_portal.scoping import all_communes


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: xã Tân Bình, kế hoạch thi đua CCHC 2022 đã tổng kết, kế hoạch 2026 tạo từ kế hoạch 2022 "
        "đang thực hiện, hai xã Thạnh Tây, Tân Phong với phong trào năm 2022, và tài khoản mẫu cho từng vai trò, "
        "từng nơi làm việc."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-dossiers", action="store_true", help="Không tạo sổ theo dõi hồ sơ một cửa mẫu.")
        parser.add_argument("--if-empty", action="store_true", help="Chỉ tạo khi cơ sở dữ liệu chưa có phong trào nào.")

    def handle(self, *args, **options):
        # The demo builds every commune's rows: no commune scope (tanbinh_portal.scoping).
        with all_communes():
            return self._handle(*args, **options)

    def _handle(self, *args, **options):
        if not settings.DEMO_DATA:
            raise CommandError(
                "seed_demo chỉ chạy khi DEBUG (hoặc DEMO_DATA) bật: không tạo dữ liệu mẫu trên hệ thống thật."
            )

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
            kpi = build_kpi_demo(campaign=result["campaign"], actor=result["users"]["vanphong"])
            self.stdout.write(f"Sổ theo dõi hồ sơ một cửa mẫu: {kpi['import'].message}")
        # The award round comes last: its nominations freeze the KPI values as evidence.

        build_award_round(result["campaign"], result["users"])
        self.stdout.write("Đợt khen thưởng năm 2022: đề nghị, họp Hội đồng, phê duyệt, quyết định khen thưởng.")
        build_summary_report(result["campaign"], result["users"])
        self.stdout.write("Báo cáo tổng kết đã được Chủ tịch duyệt; phong trào đã tổng kết.")
        # Two more communes of huyện Tân Biên with their 2022 campaigns (demo/communes.py).
        stories = []
        built_communes = build_communes_demo(result["password"], dossiers=not options["no_dossiers"])
        for story, built in zip(STORIES, built_communes, strict=True):
            line = f"{built['commune']}: {built['campaign'].title}"
            if "import" in built:
                line += f"; sổ theo dõi hồ sơ năm 2022: {built['import'].message}"
            self.stdout.write(line)
            stories.append((built["campaign"], *(built["users"][u] for u in (story.officer, story.chairman))))
        if not options["no_dossiers"]:
            # January 2023: each commune's summary report in Phòng Nội vụ huyện's inbox (demo/documents.py).
            users = result["users"]
            tan_binh = (result["campaign"], users["vanphong"], users["chutich"])
            sent = build_inbox_submissions([tan_binh, *stories], users["noivu"])
            self.stdout.write(
                "Hồ sơ các xã gửi Phòng Nội vụ huyện (tháng 01/2023): "
                + "; ".join(f"{s.commune}: {s.get_status_display().lower()}" for s in sent)
            )
        # The 2025 reform: the three communes form the new xã Tân Bình under the province on 01/07/2025;
        # it takes over Tân Bình's collectives, staff and roles.
        merged = ensure_merged_commune(result["users"])
        ensure_one_stop_contact(merged, result["users"]["vanphong"])  # its counter's address and phone
        self.stdout.write(
            f"Từ 01/07/2025: {merged} thuộc tỉnh {merged.province.name} (sắp xếp ba xã của huyện Tân Biên)."
        )
        # 2026: next year's plan made from the 2022 one ("Tạo kế hoạch năm sau từ kế hoạch này"), under the
        # two-level rules, launched and in progress, at the new commune.
        current = ensure_next_year_campaign(result["campaign"], result["users"])
        self.stdout.write(f"Phong trào năm 2026 (tạo từ kế hoạch năm 2022, đang thực hiện): {current.title}")
        ensure_demo_signing_images(current, result["users"])  # the new commune's own seal and signature
        if not options["no_dossiers"]:
            kpi = build_kpi_demo_2026(campaign=current, actor=result["users"]["vanphong"])
            self.stdout.write(f"Sổ theo dõi hồ sơ năm 2026 (tháng 1–10): {kpi['import'].message}")
            added = build_ratings_demo_2026(campaign=current, desk=result["users"]["motcua"])
            self.stdout.write(f"Đánh giá của người dân qua mã QR năm 2026: thêm {added}")
        result["current"] = current
        return result
