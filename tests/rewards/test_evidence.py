from campaigns import services as campaign_services
from campaigns.models import Person
from rewards import services
from rewards.evidence import evidence_changes
from tanbinh_portal.optimistic import UNCHECKED
from tests.rewards.conftest import lan_rows


def test_kpi_values_are_frozen_with_the_kpi_fingerprints(nominate, users, kpi_log):
    from kpi.selectors import evidence_for_person

    kpi_log(lan_rows(20))
    nomination = services.nomination_submit(actor=users["vanphong"], nomination=nominate("Võ Thị Lan"))
    live = {row["fingerprint"] for row in evidence_for_person(nomination.campaign, nomination.person)}
    frozen = set(nomination.evidence.filter(source="kpi").values_list("fingerprint", flat=True))
    assert live and frozen == live
    assert evidence_changes(nomination) == []


def test_a_kpi_value_changed_after_submission_is_flagged_with_old_and_new(nominate, users, kpi_log):
    kpi_log(lan_rows(20))
    nomination = services.nomination_submit(actor=users["vanphong"], nomination=nominate("Võ Thị Lan"))
    kpi_log(lan_rows(20, late=2))  # a corrected log: two of her dossiers were in fact late
    changes = evidence_changes(nomination)
    on_time = [c for c in changes if c["label"].startswith("Tỷ lệ hồ sơ giải quyết đúng hạn")]
    assert on_time and on_time[0]["old"] == "100" and on_time[0]["new"] == "90"


def test_a_changed_commitment_after_submission_is_flagged(nominate, users, campaign):
    lan = Person.objects.get(full_name="Võ Thị Lan")
    nomination = services.nomination_submit(actor=users["vanphong"], nomination=nominate("Võ Thị Lan"))
    assert evidence_changes(nomination) == []
    criteria = [(c, "100% đúng hạn") for c in campaign.criteria.filter(order__in=[2, 5])]
    campaign_services.registration_submit(
        actor=users["vanphong"],
        campaign=campaign,
        person=lan,
        commitments=criteria,
        commitment_text="Cam kết mới.",
        expected_version=UNCHECKED,
    )
    changes = evidence_changes(nomination)
    labels = " ".join(c["label"] for c in changes)
    assert "Đăng ký thi đua" in labels
    assert any(c["new"] == "(không còn)" for c in changes)  # content 8 no longer committed


def test_nomination_page_shows_the_evidence_changed_flag(nominate, users, kpi_log, client_as):
    kpi_log(lan_rows(20))
    nomination = services.nomination_submit(actor=users["vanphong"], nomination=nominate("Võ Thị Lan"))
    url = f"/khen-thuong/{nomination.campaign.slug}/de-nghi/{nomination.pk}/"
    assert "Minh chứng đã thay đổi sau khi nộp" not in client_as("vanphong").get(url).content.decode()
    kpi_log(lan_rows(20, late=2))
    page = client_as("vanphong").get(url).content.decode()
    assert "Minh chứng đã thay đổi sau khi nộp" in page
    assert "90" in page


def test_an_unrelated_later_import_with_identical_values_raises_no_flag(nominate, users, kpi_log, client_as):
    from tests.kpi.conftest import row

    kpi_log(lan_rows(20))
    nomination = services.nomination_submit(actor=users["vanphong"], nomination=nominate("Võ Thị Lan"))
    frozen = set(nomination.evidence.filter(source="kpi").values_list("fingerprint", flat=True))
    other_year = [
        row(
            f"HS2023-{i}",
            **{
                "Ngày tiếp nhận": "03/03/2023 08:00",
                "Ngày hẹn trả": "10/03/2023",
                "Ngày có kết quả": "08/03/2023 10:00",
                "Cán bộ tiếp nhận": "Võ Thị Lan",  # her work in 2023: outside the 2022 campaign
                "Cán bộ xử lý": "Mai Văn Toàn",
            },
        )
        for i in range(5)
    ]
    kpi_log(lan_rows(20) + other_year)
    from kpi.selectors import evidence_for_person

    live = {r["fingerprint"] for r in evidence_for_person(nomination.campaign, nomination.person)}
    assert live == frozen  # her 2023 work cannot count in the 2022 campaign: its rows stay as they were
    changed = lan_rows(20)
    changed[0]["Tên thủ tục"] = "Chứng thực chữ ký"  # one of her 2022 dossiers changes, none of her figures
    kpi_log(changed + other_year)
    live = {r["fingerprint"] for r in evidence_for_person(nomination.campaign, nomination.person)}
    assert live != frozen  # the stored rows were rewritten by the import ...
    assert evidence_changes(nomination) == []  # ... but not one of her frozen values changed
    url = f"/khen-thuong/{nomination.campaign.slug}/de-nghi/{nomination.pk}/"
    assert "Minh chứng đã thay đổi sau khi nộp" not in client_as("vanphong").get(url).content.decode()
