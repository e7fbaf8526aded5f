import pytest
from django.urls import reverse

from campaigns.models import AwardForm, Person
from rewards.models import AwardQuota, BallotParticipation, Nomination, NominationStatus
from tanbinh_portal.optimistic import current_version
from tests.rewards.conftest import XA, lan_rows
from tests.rewards.helpers import ensure_award_round, nomination_of


def test_unit_head_creates_a_nomination_through_the_form(configured, client_as):
    lan = Person.objects.get(full_name="Huỳnh Văn Sang")
    url = reverse("rewards:nomination-create", args=[configured.slug])
    form = AwardForm.objects.get(code=XA)
    response = client_as("phochutich").post(  # Nguyễn Thị Hồng heads the one-stop desk
        url,
        {"award_form": form.pk, "nominee": f"person:{lan.pk}", "profile": "Lý lịch.", "achievements": "1.250 hồ sơ."},
    )
    nomination = Nomination.objects.get(person=lan)
    assert response.status_code == 302 and response["Location"].endswith(f"/de-nghi/{nomination.pk}/")
    assert nomination.achievements == "1.250 hồ sơ."


def test_bad_input_keeps_the_typed_values_and_explains(configured, client_as):
    url = reverse("rewards:nomination-create", args=[configured.slug])
    response = client_as("phochutich").post(
        url, {"award_form": "", "nominee": "person:999999", "achievements": "Giữ lại"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Giữ lại" in page
    assert "Hãy chọn tập thể hoặc cá nhân trong danh sách." in page


def test_unit_head_is_offered_only_their_unit_and_its_people(configured, client_as):
    page = client_as("canbo").get(reverse("rewards:nomination-create", args=[configured.slug])).content.decode()
    assert "Hội Nông dân xã" in page and "Trương Văn Lợi" in page
    assert "Võ Thị Lan" not in page


def test_submit_and_accept_through_the_pages(nominate, users, client_as, kpi_log):
    kpi_log(lan_rows(20))
    nomination = nominate("Võ Thị Lan")
    base = f"/khen-thuong/{nomination.campaign.slug}/de-nghi/{nomination.pk}/"
    client_as("vanphong").post(base + "gui/")
    client_as("vanphong").post(base + "tiep-nhan/")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED
    page = client_as("vanphong").get(base).content.decode()
    assert "đạt ngưỡng ≥ 95%" in page
    assert "Nữ: được ưu tiên khi các ứng viên ngang nhau" in page


def test_illegal_move_from_a_page_shows_a_message_not_an_error(nominate, client_as):
    nomination = nominate("Võ Thị Lan")
    url = f"/khen-thuong/{nomination.campaign.slug}/de-nghi/{nomination.pk}/tiep-nhan/"
    response = client_as("vanphong").post(url, follow=True)
    assert response.status_code == 200
    assert "Không thể tiếp nhận" in response.content.decode()


@pytest.mark.with_award_round
def test_district_sees_only_what_was_proposed_to_it(campaign, client_as):
    ensure_award_round(campaign)
    page = client_as("noivu").get(reverse("rewards:nomination-list", args=[campaign.slug])).content.decode()
    assert "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã" in page and "Bộ phận Tiếp nhận và Trả kết quả" in page
    assert "Hội Liên hiệp Phụ nữ xã" not in page and "Trương Văn Lợi" not in page


@pytest.mark.with_award_round
def test_approval_page_groups_by_form_with_quota_use(campaign, client_as, django_assert_max_num_queries):
    ensure_award_round(campaign)
    client = client_as("chutich")
    url = reverse("rewards:approval", args=[campaign.slug])
    with django_assert_max_num_queries(25):
        page = client.get(url).content.decode()
    assert "Giấy khen của Chủ tịch UBND xã" in page
    assert "Đã dùng 2/4 chỉ tiêu" in page  # units only: individuals lack KPI evidence without the kpi demo
    assert "Quyết định số 01/QĐ-UBND" in page


def test_online_vote_through_the_page_records_participation_only(online_ballot, configured, client_as):
    ballot = online_ballot
    meeting = ballot.meeting
    url = reverse("rewards:ballot-vote", args=[configured.slug, ballot.pk])
    client_as("phochutich").post(url, {"choice": "agree"})
    ballot.refresh_from_db()
    assert (ballot.agree, ballot.closed) == (0, False)  # sealed until every member present has voted
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 1
    page = client_as("phochutich").get(reverse("rewards:meeting-detail", args=[configured.slug, meeting.pk]))
    assert "Bạn đã bỏ phiếu" in page.content.decode()
    assert "1/4 thành viên có mặt đã bỏ phiếu" in page.content.decode()


@pytest.mark.with_award_round
def test_unapproval_after_the_decision_is_refused_on_the_page(campaign, client_as):
    ensure_award_round(campaign)
    response = client_as("chutich").post(
        reverse("rewards:approval-unapprove", args=[campaign.slug]), {"reason": "Sửa"}, follow=True
    )
    assert "không thể hủy phê duyệt" in response.content.decode()


def test_chairman_approves_some_through_the_page(passed_list, configured, client_as):
    url = reverse("rewards:approval-approve", args=[configured.slug])
    assert client_as("chutich").post(url, {"nominations": []}, follow=True).status_code == 200
    client_as("chutich").post(url, {"nominations": [passed_list[0].pk], "comment": "Chỉ một."})
    statuses = [Nomination.objects.get(pk=n.pk).status for n in passed_list]
    assert statuses == ["approved", "rejected", "rejected", "rejected"]


@pytest.mark.with_award_round
def test_history_pages_show_the_awards(campaign, client_as):
    ensure_award_round(campaign)
    unit = nomination_of(campaign, "Ấp Tân Đông", XA).unit
    page = client_as("vanphong").get(reverse("rewards:history-unit", args=[unit.pk])).content.decode()
    assert "Giấy khen của Chủ tịch UBND xã" in page and "01/QĐ-UBND" in page


def test_officer_configures_quota_and_a_measured_rule(configured, client_as):
    form = AwardForm.objects.get(code=XA)
    client = client_as("vanphong")
    prefix = f"q{form.pk}"
    client.post(
        reverse("rewards:quota-save", args=[configured.slug]),
        {
            "prefix": prefix,
            f"{prefix}-award_form": form.pk,
            f"{prefix}-quota": "5",
            f"{prefix}-threshold_base": "all",
            f"{prefix}-threshold_percent": "66,67",
            f"{prefix}-version": current_version(
                AwardQuota.objects.filter(campaign=configured, award_form=form).first()
            ),
        },
    )
    rp = f"r{form.pk}"
    client.post(
        reverse("rewards:rule-add", args=[configured.slug]),
        {
            "prefix": rp,
            f"{rp}-award_form": form.pk,
            f"{rp}-kind": "evidence",
            f"{rp}-applies_to": "individual",
            f"{rp}-evidence_code": "dissatisfied_harassment",
            f"{rp}-label": "Phản ánh nhũng nhiễu",
            f"{rp}-comparator": "eq",
            f"{rp}-threshold": "0",
            f"{rp}-unit_label": "lượt",
        },
    )
    page = client.get(reverse("rewards:round-config", args=[configured.slug])).content.decode()
    assert "Chỉ tiêu: <strong>5</strong>" in page
    assert "trên 66,67% tổng số thành viên" in page
    assert "Phản ánh nhũng nhiễu = 0 lượt" in page


def test_rule_without_threshold_is_refused_with_a_message(configured, client_as):
    form = AwardForm.objects.get(code=XA)
    rp = f"r{form.pk}"
    response = client_as("vanphong").post(
        reverse("rewards:rule-add", args=[configured.slug]),
        {"prefix": rp, f"{rp}-award_form": form.pk, f"{rp}-kind": "evidence", f"{rp}-applies_to": "both"},
        follow=True,
    )
    assert "Hãy nhập ngưỡng" in response.content.decode()


@pytest.mark.with_award_round
def test_tabs_and_links_show_only_pages_the_role_may_open(campaign, client_as):
    """Phòng Nội vụ and the staff see the nominations tab only; the council also sees meetings and
    approval; nobody is offered a link that answers 403."""
    ensure_award_round(campaign)
    url = reverse("rewards:nomination-list", args=[campaign.slug])
    tabs = {
        "noivu": set(),
        "canbo": set(),
        "hoidong": {"meeting-list", "approval"},
        "phochutich": {"round-config", "meeting-list", "approval", "summary-report"},
    }
    for username, expected in tabs.items():
        page = client_as(username).get(url).content.decode()
        shown = {
            name
            for name in ("round-config", "meeting-list", "approval", "summary-report")
            # The summary report's page belongs to the documents app; its tab stays on the rewards pages.
            if reverse(f"{'documents' if name == 'summary-report' else 'rewards'}:{name}", args=[campaign.slug]) in page
        }
        assert shown == expected, username
    proposed = nomination_of(campaign, "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã")
    detail = reverse("rewards:nomination-detail", args=[campaign.slug, proposed.pk])
    history = reverse("rewards:history-unit", args=[proposed.unit_id])
    assert history not in client_as("noivu").get(detail).content.decode()
    assert history not in client_as("hoidong").get(detail).content.decode()
    assert client_as("hoidong").get(history).status_code == 403
    assert history in client_as("vanphong").get(detail).content.decode()


@pytest.mark.with_award_round
def test_nomination_list_queries_do_not_grow_with_the_nominations(campaign, client_as, django_assert_max_num_queries):
    # One of the three load-tested pages: every row's units come with the list (no query per row).
    ensure_award_round(campaign)
    client = client_as("chutich")
    url = reverse("rewards:nomination-list", args=[campaign.slug])
    assert Nomination.objects.filter(campaign=campaign, proposing_unit__isnull=False).count() > 3
    # 8 page queries plus the first request's session write (the login time for SESSION_MAX_HOURS:
    # savepoint, update, release); later requests renew the session at most once a minute.
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200


@pytest.mark.with_award_round
def test_nomination_list_query_count_is_pinned(campaign, client_as, django_assert_num_queries):
    # session, user, groups, campaign, nominations (with their units), "heads a unit?", unread count,
    # the campaigns of the picker.
    ensure_award_round(campaign)
    client = client_as("chutich")
    url = reverse("rewards:nomination-list", args=[campaign.slug])
    client.get(url)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("typed", "level", "reviewer"),
    [("12/01/2023", "Phòng Nội vụ huyện Tân Biên", "noivu"), ("01/07/2025", "Sở Nội vụ tỉnh Tây Ninh", "sonoivu")],
)
def test_officer_proposes_upward_on_a_typed_day_to_that_days_receiving_level(
    passed_list, users, configured, client_as, typed, level, reviewer
):
    from rewards import services
    from tanbinh_portal.models import Notification
    from tests.rewards.conftest import HUYEN

    services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=[n.pk for n in passed_list])
    nomination = Nomination.objects.get(campaign=configured, award_form__code=HUYEN)
    url = reverse("rewards:nomination-propose", args=[configured.slug, nomination.pk])
    response = client_as("vanphong").post(url, {"proposed_on": typed}, follow=True)
    assert f"Đã gửi đề nghị lên {level}." in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.PROPOSED
    assert Notification.objects.filter(recipient=users[reviewer], link__contains=f"/de-nghi/{nomination.pk}/").exists()
    from tanbinh_portal.models import AuditEvent

    event = AuditEvent.objects.filter(action="nomination.propose", object_id=str(nomination.pk)).latest("pk")
    assert event.reason == f"Gửi {level} ngày {typed}"  # the typed day is kept, not only used for routing


def test_a_proposal_with_an_impossible_day_is_refused_in_vietnamese(passed_list, users, configured, client_as):
    from rewards import services
    from tests.rewards.conftest import HUYEN

    services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=[n.pk for n in passed_list])
    nomination = Nomination.objects.get(campaign=configured, award_form__code=HUYEN)
    url = reverse("rewards:nomination-propose", args=[configured.slug, nomination.pk])
    response = client_as("vanphong").post(url, {"proposed_on": "31/02/2025"}, follow=True)
    assert response.status_code == 200
    assert "Ngày gửi đề nghị lên cấp trên" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.APPROVED
