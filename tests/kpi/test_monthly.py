import pytest
from django.core.exceptions import ValidationError

from kpi.models import IndicatorValue, MonthlyValueChange, MonthStatus
from kpi.services import monthly_report_lock, monthly_report_submit, monthly_report_unlock, monthly_values_save
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.optimistic import UNCHECKED

GOOD_06A = {
    "b06a_3": 10,
    "b06a_4": 3,
    "b06a_5": 5,
    "b06a_6": 2,
    "b06a_7": 8,
    "b06a_8": 4,
    "b06a_9": 3,
    "b06a_10": 1,
    "b06a_11": 2,
    "b06a_12": 1,
    "b06a_13": 1,
}


def test_figures_are_saved_with_per_value_history(campaign, officer):
    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"e_documents": 12}, expected_version=UNCHECKED
    )
    report = monthly_values_save(
        actor=officer,
        campaign=campaign,
        month="2022-03",
        values={"e_documents": 15, "surveys": 1},
        expected_version=UNCHECKED,
    )
    changes = list(
        MonthlyValueChange.objects.filter(report=report).order_by("pk").values_list("key", "old_value", "new_value")
    )
    assert changes == [("e_documents", None, 12), ("e_documents", 12, 15), ("surveys", None, 1)]
    assert AuditEvent.objects.filter(action="kpi.monthly_saved").count() == 2


def test_saving_recomputes_the_monthly_indicator(campaign, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        monthly_values_save(
            actor=officer,
            campaign=campaign,
            month="2022-03",
            values={"digital_signatures": 7},
            expected_version=UNCHECKED,
        )
    with django_capture_on_commit_callbacks(execute=True):
        monthly_values_save(
            actor=officer,
            campaign=campaign,
            month="2022-04",
            values={"digital_signatures": 9},
            expected_version=UNCHECKED,
        )
    assert IndicatorValue.objects.get(indicator="digital_signatures", period="2022-03").numerator == 7
    assert IndicatorValue.objects.get(indicator="digital_signatures", period="campaign").numerator == 16
    assert IndicatorValue.objects.get(indicator="digital_signatures", period="2022-05").value is None


def test_06a_identities_are_checked(campaign, officer):
    monthly_values_save(actor=officer, campaign=campaign, month="2022-03", values=GOOD_06A, expected_version=UNCHECKED)
    for key, wrong in (("b06a_3", 11), ("b06a_7", 9), ("b06a_11", 3)):
        with pytest.raises(ValidationError, match=f"cột {key[5:]}"):
            monthly_values_save(
                actor=officer,
                campaign=campaign,
                month="2022-04",
                values={**GOOD_06A, key: wrong},
                expected_version=UNCHECKED,
            )
    with pytest.raises(ValidationError, match="nhập đủ"):
        monthly_values_save(
            actor=officer, campaign=campaign, month="2022-04", values={"b06a_3": 1}, expected_version=UNCHECKED
        )


@pytest.mark.parametrize(
    ("month", "reason"), [("2021-12", "ngoài thời gian"), ("2023-01", "ngoài thời gian"), ("2022-13", "không hợp lệ")]
)
def test_no_entry_outside_the_campaign(campaign, officer, month, reason):
    with pytest.raises(ValidationError, match=reason):
        monthly_values_save(
            actor=officer, campaign=campaign, month=month, values={"e_documents": 1}, expected_version=UNCHECKED
        )


def test_no_entry_for_future_months(draft_campaign, officer, monkeypatch):
    import datetime as dt

    from kpi.selectors import monthly as monthly_selectors

    monkeypatch.setattr(monthly_selectors, "local_today", lambda: dt.date(2023, 3, 15))
    monthly_values_save(
        actor=officer, campaign=draft_campaign, month="2023-03", values={"b06a_3": None}, expected_version=UNCHECKED
    )
    with pytest.raises(ValidationError, match="chưa đến"):
        monthly_values_save(
            actor=officer, campaign=draft_campaign, month="2023-04", values={"b06a_3": None}, expected_version=UNCHECKED
        )


def test_draft_submitted_locked_and_unlock_by_a_leader_with_a_reason(campaign, officer, chairman, users):
    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"e_documents": 1}, expected_version=UNCHECKED
    )
    report = monthly_report_submit(actor=officer, campaign=campaign, month="2022-03")
    assert report.status == MonthStatus.SUBMITTED
    with pytest.raises(ValidationError, match="đã gửi hoặc đã khóa"):
        monthly_values_save(
            actor=officer, campaign=campaign, month="2022-03", values={"e_documents": 2}, expected_version=UNCHECKED
        )
    with pytest.raises(ValidationError, match="Chỉ Chủ tịch"):
        monthly_report_lock(actor=officer, campaign=campaign, month="2022-03")
    assert (
        monthly_report_lock(actor=users["phochutich"], campaign=campaign, month="2022-03").status == MonthStatus.LOCKED
    )
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        monthly_report_submit(actor=officer, campaign=campaign, month="2022-03")
    with pytest.raises(ValidationError, match="lý do"):
        monthly_report_unlock(actor=chairman, campaign=campaign, month="2022-03", reason="  ")
    with pytest.raises(ValidationError, match="Chỉ Chủ tịch"):
        monthly_report_unlock(actor=officer, campaign=campaign, month="2022-03", reason="Sai số")
    report = monthly_report_unlock(actor=chairman, campaign=campaign, month="2022-03", reason="Sai số văn bản")
    assert report.status == MonthStatus.DRAFT and report.unlock_reason == "Sai số văn bản"
    assert AuditEvent.objects.filter(action="kpi.monthly_unlocked", reason="Sai số văn bản").exists()
    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"e_documents": 2}, expected_version=UNCHECKED
    )


def test_a_stale_form_is_refused(campaign, officer):
    report = monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"e_documents": 1}, expected_version=UNCHECKED
    )
    with pytest.raises(ValidationError, match="Người khác"):
        monthly_values_save(
            actor=officer,
            campaign=campaign,
            month="2022-03",
            values={"e_documents": 3},
            expected_version=report.version - 1,
        )
