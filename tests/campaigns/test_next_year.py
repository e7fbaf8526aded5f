"""“Tạo kế hoạch năm sau từ kế hoạch này”: what is copied, the dated rules on both sides of 01/07/2025,
the preview, the source left alone, the audit row, and the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import Campaign, CampaignAwardForm, CriterionTarget, MonthlyField
from campaigns.next_year import campaign_copy_next_year, next_year_preview, shift_year, year_choices
from campaigns.plan_revision import plan_revision
from tanbinh_portal.models import AuditEvent
from tests.factories import CommuneFactory


def copy(campaign, officer, year: int) -> Campaign:
    plan = next_year_preview(source=campaign, year=year)
    return campaign_copy_next_year(actor=officer, source=campaign, year=year, fingerprint=plan.fingerprint)


def snapshot(campaign: Campaign) -> dict:
    campaign.refresh_from_db()
    return {
        "fields": {f.name: getattr(campaign, f.name) for f in Campaign._meta.concrete_fields},
        "criteria": list(campaign.criteria.values_list("order", "text", "kind")),
        "targets": list(
            CriterionTarget.objects.filter(criterion__campaign=campaign).values_list(
                "indicator", "comparator", "target"
            )
        ),
        "fields_monthly": list(campaign.monthly_fields.values_list("key", "label", "help_text")),
        "options": list(campaign.award_options.values_list("award_form__code", "wording")),
        "steps": list(campaign.steps.values_list("order", "heading", "body")),
        "revision": plan_revision(campaign),
    }


def test_the_copy_is_a_draft_that_records_its_source(campaign, officer):
    new = copy(campaign, officer, 2023)
    assert new.status == "draft"
    assert new.copied_from == campaign
    assert new.slug == "tan-binh-cchc-2023"
    assert new.commune == campaign.commune


def test_every_part_of_the_plan_is_copied_with_the_year_moved(campaign, officer):
    new = copy(campaign, officer, 2023)
    assert (new.start_date, new.end_date, new.document_date) == (
        dt.date(2023, 1, 2),
        dt.date(2023, 12, 31),
        dt.date(2023, 1, 5),
    )
    assert new.document_number == ""  # numbered when issued, in the new year's series
    assert new.title.endswith("năm 2023") and "2022" not in new.title
    assert "năm 2023" in new.introduction and "năm 2023" in new.closing_text
    for name in ("issuing_body", "place_name", "slogan", "purposes", "recipients", "signatory_name"):
        assert getattr(new, name) == getattr(campaign, name)
    assert list(new.criteria.values_list("order", "text", "kind")) == list(
        campaign.criteria.values_list("order", "text", "kind")
    )
    targets = lambda c: sorted(  # noqa: E731
        CriterionTarget.objects.filter(criterion__campaign=c).values_list(
            "criterion__order", "indicator", "comparator", "target", "unit_label"
        ),
        key=str,
    )
    assert targets(new) == targets(campaign)
    fields = lambda c: sorted(  # noqa: E731
        MonthlyField.objects.filter(campaign=c).values_list(
            "criterion__order", "key", "label", "unit", "help_text", "order", "aggregation"
        )
    )
    assert fields(new) == fields(campaign) and len(fields(new)) == 5
    assert [s.heading for s in new.steps.all()] == [s.heading for s in campaign.steps.all()]
    assert all("năm 2022" not in s.body for s in new.steps.all())


def test_nothing_of_the_source_changes(campaign, officer):
    before = snapshot(campaign)
    copy(campaign, officer, 2026)
    assert snapshot(campaign) == before


def test_a_copy_before_the_reform_keeps_the_district_level_under_the_2022_law(campaign, officer):
    plan = next_year_preview(source=campaign, year=2024)
    new = copy(campaign, officer, 2024)
    assert list(new.award_options.values_list("award_form__code", flat=True)) == [
        "giay-khen-chu-tich-xa-2024",
        "giay-khen-chu-tich-huyen-2024",
        "bang-khen-chu-tich-tinh-2024",
    ]
    receiving = CampaignAwardForm.objects.get(campaign=new, order=3).award_form.receiving_body
    assert receiving.startswith("Phòng Nội vụ huyện")
    assert "UBND huyện" in new.recipients and new.parent_body == campaign.parent_body
    assert any("Nghị định số 98/2023/NĐ-CP" in line for line in plan.bases_after)
    assert not any("152/2025" in line for line in plan.bases_after)
    assert not any("Trung tâm Phục vụ" in c.after for c in plan.rule_changes)


def test_a_copy_after_the_reform_has_no_district_and_goes_to_the_province(campaign, officer):
    plan = next_year_preview(source=campaign, year=2026)
    new = copy(campaign, officer, 2026)
    codes = list(new.award_options.values_list("award_form__code", flat=True))
    assert codes == ["giay-khen-chu-tich-xa-2025", "bang-khen-chu-tich-tinh-2025"]
    province = CampaignAwardForm.objects.get(campaign=new, order=2).award_form
    assert province.receiving_body == "Sở Nội vụ tỉnh (Ban Thi đua – Khen thưởng)"
    assert "152/2025" in province.legal_basis
    assert any("Nghị định số 152/2025/NĐ-CP" in line for line in plan.bases_after)
    assert any("Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025" in line for line in plan.bases_after)
    assert any("Nghị định số 91/2017/NĐ-CP" in line for line in plan.bases_before)
    assert new.parent_body == ""
    assert "huyện" not in new.recipients and "UBND tỉnh" in new.recipients
    texts = " ".join(new.criteria.values_list("text", flat=True))
    assert "Trung tâm Phục vụ hành chính công xã" in texts
    assert "Bộ phận một cửa" not in texts and "Bộ phận TN&TKQ" not in texts
    assert "Trung tâm Phục vụ hành chính công xã" in new.monthly_fields.get(key="camera_days").label
    step = new.steps.get(order=2).body
    assert "Sở Nội vụ tỉnh (Ban Thi đua – Khen thưởng)" in step and "huyện" not in step


def test_the_preview_says_what_each_rule_changed_and_why(campaign):
    plan = next_year_preview(source=campaign, year=2026)
    by_part = {c.part: c for c in plan.rule_changes}
    dropped = by_part["Hình thức khen thưởng “Giấy khen của Chủ tịch UBND huyện”"]
    assert dropped.after == "(không sao chép)" and "không còn cấp huyện" in dropped.reason
    body = by_part["Hình thức khen thưởng “Bằng khen của Chủ tịch UBND tỉnh”: cơ quan tiếp nhận đề nghị"]
    assert body.before.startswith("Phòng Nội vụ huyện") and body.after.startswith("Sở Nội vụ tỉnh")
    one_stop = by_part["Nội dung thi đua 5"]
    assert one_stop.before == "Bộ phận TN&TKQ xã" and "118/2025" in one_stop.reason
    assert by_part["Cơ quan chủ quản"].before == "UBND HUYỆN TÂN BIÊN"
    assert all(c.reason for c in plan.rule_changes)


def test_the_preview_writes_nothing(campaign):
    count, events = Campaign.objects.count(), AuditEvent.objects.count()
    next_year_preview(source=campaign, year=2026)
    assert (Campaign.objects.count(), AuditEvent.objects.count()) == (count, events)


def test_the_copy_is_audited_with_its_source_and_what_the_rules_changed(campaign, officer):
    new = copy(campaign, officer, 2026)
    event = AuditEvent.objects.get(action="campaign.copy_next_year", object_id=str(new.pk))
    assert event.actor == officer
    assert event.changes["copied_from"] == [None, campaign.slug]
    assert event.changes["copied"]["criterion_count"] == 10 and event.changes["copied"]["award_form_count"] == 2
    assert any("Giấy khen của Chủ tịch UBND huyện" in line for line in event.changes["rule_changes"][1])


def test_the_audit_log_reads_the_copy_in_vietnamese(campaign, officer):
    from tanbinh_portal.audit_log import action_label, changes_of

    new = copy(campaign, officer, 2026)
    event = AuditEvent.objects.get(action="campaign.copy_next_year", object_id=str(new.pk))
    assert action_label(event.action) == "Tạo kế hoạch năm sau từ kế hoạch này"
    shown = {c.label: c.new for c in changes_of(event)}
    assert shown["Tạo từ kế hoạch"] == campaign.slug
    assert "Nội dung thi đua: 10" in shown["Đã sao chép"] and "Thành viên Hội đồng: 0" in shown["Đã sao chép"]
    assert "Giấy khen của Chủ tịch UBND huyện" in shown["Quy định mới thay đổi"]


def test_a_source_changed_after_the_preview_is_refused(campaign, officer):
    plan = next_year_preview(source=campaign, year=2023)
    campaign.steps.filter(order=1).update(heading="Tiêu đề mới")
    with pytest.raises(ValidationError) as error:
        campaign_copy_next_year(actor=officer, source=campaign, year=2023, fingerprint=plan.fingerprint)
    assert error.value.code == "stale_preview"
    assert not Campaign.objects.filter(slug="tan-binh-cchc-2023").exists()


def test_the_same_year_cannot_be_created_twice(campaign, officer):
    copy(campaign, officer, 2023)
    plan = next_year_preview(source=campaign, year=2023)
    assert any("Đã có phong trào" in w for w in plan.warnings)
    with pytest.raises(ValidationError) as error:
        campaign_copy_next_year(actor=officer, source=campaign, year=2023, fingerprint=plan.fingerprint)
    assert error.value.code == "duplicate_slug"


@pytest.mark.parametrize("year", [2022, 2021, 2099])
def test_a_year_outside_the_choices_is_refused(campaign, year):
    with pytest.raises(ValidationError) as error:
        next_year_preview(source=campaign, year=year)
    assert error.value.code == "bad_year"


def test_a_draft_is_not_copied(draft_campaign, officer):
    plan = next_year_preview(source=draft_campaign, year=2024)
    with pytest.raises(ValidationError) as error:
        campaign_copy_next_year(actor=officer, source=draft_campaign, year=2024, fingerprint=plan.fingerprint)
    assert error.value.code == "source_draft"


def test_a_campaign_straddling_the_reform_is_flagged(campaign):
    campaign.start_date = dt.date(2022, 1, 1)
    plan = next_year_preview(source=campaign, year=2025)
    assert any("01/07/2025" in w for w in plan.warnings)


def test_29_february_moves_to_28_february():
    assert shift_year(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert shift_year(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert shift_year(None, 1) is None


def test_an_inactive_monthly_field_and_its_target_are_left_out(campaign, officer):
    MonthlyField.objects.filter(campaign=campaign, key="digital_signatures").update(is_active=False)
    new = copy(campaign, officer, 2023)
    assert not new.monthly_fields.filter(key="digital_signatures").exists()
    assert not CriterionTarget.objects.filter(criterion__campaign=new, indicator="digital_signatures").exists()
    assert CriterionTarget.objects.filter(criterion__campaign=new, indicator="e_documents").exists()


# --- The page -------------------------------------------------------------------------------------


def url(campaign) -> str:
    return reverse("campaigns:campaign-copy-next-year", args=[campaign.slug])


def test_the_officer_sees_the_preview_before_anything_is_saved(campaign, client_as):
    response = client_as("vanphong").get(url(campaign) + "?nam=2026")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Quy định mới thay đổi" in text and "Sở Nội vụ tỉnh (Ban Thi đua – Khen thưởng)" in text
    assert "Trung tâm Phục vụ hành chính công xã" in text and "152/2025/NĐ-CP" in text
    assert not Campaign.objects.filter(slug="tan-binh-cchc-2026").exists()


def test_confirming_the_preview_creates_the_draft(campaign, client_as):
    fingerprint = next_year_preview(source=campaign, year=2026).fingerprint
    response = client_as("chutich").post(url(campaign), {"nam": "2026", "fingerprint": fingerprint})
    new = Campaign.objects.get(slug="tan-binh-cchc-2026")
    assert response.status_code == 302 and response["Location"] == reverse("campaigns:campaign-detail", args=[new.slug])
    assert new.copied_from == campaign


def test_a_post_without_the_preview_only_shows_it(campaign, client_as):
    response = client_as("vanphong").post(url(campaign), {"nam": "2026"})
    assert response.status_code == 200 and not Campaign.objects.filter(slug="tan-binh-cchc-2026").exists()


def test_a_stale_preview_is_explained_not_saved(campaign, client_as):
    response = client_as("vanphong").post(url(campaign), {"nam": "2026", "fingerprint": "0" * 64})
    assert response.status_code == 200
    assert "vừa thay đổi" in response.content.decode()
    assert not Campaign.objects.filter(slug="tan-binh-cchc-2026").exists()


@pytest.mark.parametrize("year", ["1999", "năm", ""])
def test_a_bad_year_gets_a_message_not_an_error(campaign, client_as, year):
    response = client_as("vanphong").get(url(campaign), {"nam": year})
    assert response.status_code == 200
    years = year_choices(campaign)
    assert f"Hãy chọn một năm từ {years[0]} đến {years[-1]}." in response.content.decode()


def test_anonymous_goes_to_login(campaign, client):
    response = client.get(url(campaign))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_are_refused(campaign, client_as):
    assert client_as("canbo").get(url(campaign)).status_code == 403


def test_another_communes_campaign_answers_404(campaign, client_as, officer):
    other = CommuneFactory(code="tan-lap", name="Tân Lập")
    Campaign.objects.filter(pk=campaign.pk).update(commune=other)
    assert client_as("vanphong").get(url(campaign)).status_code == 404


def test_the_plan_page_links_to_the_copy_and_the_copy_back(campaign, officer, client_as):
    page = client_as("vanphong").get(reverse("campaigns:campaign-detail", args=[campaign.slug])).content.decode()
    assert url(campaign) in page
    new = copy(campaign, officer, 2023)
    page = client_as("vanphong").get(reverse("campaigns:campaign-detail", args=[new.slug])).content.decode()
    assert "Tạo từ kế hoạch" in page and reverse("campaigns:campaign-detail", args=[campaign.slug]) in page


def test_a_plan_already_under_the_two_level_rules_is_copied_without_rule_changes(campaign, officer):
    after = copy(campaign, officer, 2026)
    plan = next_year_preview(source=after, year=2027)
    assert plan.rule_changes == []
    assert [f.code for f, _ in plan.award_options] == ["giay-khen-chu-tich-xa-2025", "bang-khen-chu-tich-tinh-2025"]
    assert plan.bases_before == plan.bases_after


def test_the_wording_rules_apply_only_across_their_date():
    from campaigns.reference_data import TWO_LEVEL_GOVERNMENT_FROM, text_rules_between

    day_before = TWO_LEVEL_GOVERNMENT_FROM - dt.timedelta(days=1)
    assert text_rules_between(dt.date(2022, 1, 2), day_before) == []
    assert len(text_rules_between(day_before, TWO_LEVEL_GOVERNMENT_FROM)) > 0
    assert text_rules_between(TWO_LEVEL_GOVERNMENT_FROM, dt.date(2027, 1, 2)) == []
