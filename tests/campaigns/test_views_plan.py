import io

from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Amendment, Campaign, CampaignStatus, Criterion
from tests.xlsx import read_table


def test_plan_page_shows_every_section_of_the_plan(campaign, client_as):
    page = client_as("canbo").get(reverse("campaigns:campaign-detail", args=[campaign.slug])).content.decode()
    for text in [
        "KẾ HOẠCH",
        "I. Mục đích, yêu cầu",
        "III. Nội dung thi đua",
        "V. Tổ chức thực hiện",
        "Toàn xã chung tay thực hiện cải cách hành chính",
        "05/KH-UBND",
        "ngày 05 tháng 01 năm 2022",
        "≥ 95%",
        "&lt; 1,3%",
        "Đề nghị Bằng khen của UBND tỉnh",
        "TM. ỦY BAN NHÂN DÂN",
        "Lê Văn Tài",
        "02/01/2022",
        "31/12/2022",
    ]:
        assert text in page, text


def test_officer_creates_a_draft_plan_with_vietnamese_dates(world, client_as):
    response = client_as("vanphong").post(
        reverse("campaigns:campaign-create"),
        {
            "slug": "tan-binh-cchc-2023",
            "issuing_body": "ỦY BAN NHÂN DÂN XÃ TÂN BÌNH",
            "place_name": "Tân Bình",
            "title": "Kế hoạch 2023",
            "purposes": "Mục đích",
            "start_date": "02/01/2023",
            "end_date": "31/12/2023",
            "recipients": "UBND huyện",
            "signatory_authority": "TM. ỦY BAN NHÂN DÂN",
            "signatory_position": "CHỦ TỊCH",
            "signatory_name": "Lê Văn Tài",
        },
    )
    assert response.status_code == 302
    created = Campaign.objects.get(slug="tan-binh-cchc-2023")
    assert created.status == CampaignStatus.DRAFT and created.start_date.day == 2


def test_bad_dates_and_duplicate_slug_are_explained_and_nothing_is_lost(world, client_as):
    data = {
        "slug": "tan-binh-cchc-2022",
        "issuing_body": "UBND",
        "place_name": "Tân Bình",
        "title": "Giữ lại tôi",
        "purposes": "x",
        "start_date": "31/02/2023",
        "end_date": "01/01/2023",
        "recipients": "x",
        "signatory_authority": "TM",
        "signatory_position": "CT",
        "signatory_name": "A",
    }
    page = client_as("vanphong").post(reverse("campaigns:campaign-create"), data).content.decode()
    assert "Ngày không hợp lệ" in page
    assert "Giữ lại tôi" in page  # the typed values come back
    data["start_date"] = "02/01/2023"
    page = client_as("vanphong").post(reverse("campaigns:campaign-create"), data).content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu" in page
    data["end_date"] = "31/12/2023"
    page = client_as("vanphong").post(reverse("campaigns:campaign-create"), data).content.decode()
    assert "đã được dùng" in page


def test_editing_a_launched_plan_without_reason_is_refused_then_recorded(campaign, client_as):
    client = client_as("vanphong")
    url = reverse("campaigns:campaign-edit", args=[campaign.slug])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "document_date": "05/01/2022",
            "start_date": "02/01/2022",
            "end_date": "31/12/2022",
            "slogan": "Khẩu hiệu sửa",
            "version": campaign.version,
        }
    )
    page = client.post(url, data).content.decode()
    assert "phải ghi rõ lý do" in page
    response = client.post(url, {**data, "reason": "Sửa theo góp ý"})
    assert response.status_code == 302
    assert Amendment.objects.get(campaign=campaign).reason == "Sửa theo góp ý"


def test_criterion_form_explains_a_missing_target(draft_campaign, client_as):
    url = reverse("campaigns:criterion-create", args=[draft_campaign.slug])
    page = (
        client_as("vanphong")
        .post(
            url,
            {
                "order": 1,
                "text": "Đúng hạn",
                "kind": "measured",
                "indicator_1": "on_time_rate",
                "comparator_1": "gte",
                "target_1": "abc",
            },
        )
        .content.decode()
    )
    assert "Chỉ tiêu phải là số" in page
    data = {
        "order": 1,
        "text": "Đúng hạn",
        "kind": "measured",
        "indicator_1": "on_time_rate",
        "comparator_1": "gte",
        "target_1": "1,3",
    }
    response = client_as("vanphong").post(url, data)
    assert response.status_code == 200 and not Criterion.objects.filter(campaign=draft_campaign).exists()
    line = "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn ≥ 1,3%"
    assert response.context["preview"] == [line] and "Xác nhận và lưu" in response.content.decode()
    response = client_as("vanphong").post(url, {**data, "confirmed_targets": line})
    assert response.status_code == 302
    assert str(Criterion.objects.get(campaign=draft_campaign).targets.get().target) == "1.30"


def test_chairman_launches_from_the_page_and_incomplete_plans_are_explained(draft_campaign, client_as):
    client = client_as("chutich")
    response = client.post(reverse("campaigns:campaign-launch", args=[draft_campaign.slug]), follow=True)
    assert "Chưa thể phát động" in response.content.decode()


def test_registration_export_is_an_excel_file_with_both_lists(campaign, client_as):
    response = client_as("vanphong").get(reverse("campaigns:registration-export", args=[campaign.slug]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Tập thể", "Cá nhân"]
    statuses = [row[3] for row in read_table(response.content, "Tập thể").rows]
    assert "Chưa đăng ký" in statuses and "Đã đăng ký" in statuses


def test_registration_export_has_title_rows_and_real_registration_dates(campaign, client_as):
    import datetime as dt

    response = client_as("vanphong").get(reverse("campaigns:registration-export", args=[campaign.slug]))
    table = read_table(response.content, "Cá nhân")
    assert table.title[0] == "UBND XÃ TÂN BÌNH" and table.title[1].startswith("Danh sách đăng ký thi đua")
    column = table.headers.index("Ngày đăng ký")
    dates = [r[column] for r in table.rows if r[column] is not None]
    assert dates and all(isinstance(value, dt.datetime) for value in dates)
    assert table.sheet.cell(table.header_row + 1, 1).number_format == "#,##0"
