import pytest

from rewards import services
from rewards.home import rewards_home_tasks
from tests.rewards.helpers import ensure_award_round


def test_officer_is_told_of_submitted_nominations_and_chairman_of_ineligible_ones(nominate, users):
    services.nomination_submit(actor=users["vanphong"], nomination=nominate("Trương Văn Lợi"))
    officer = [t.text for t in rewards_home_tasks(users["vanphong"])]
    chairman = [t.text for t in rewards_home_tasks(users["chutich"])]
    assert "1 đề nghị khen thưởng chờ tiếp nhận." in officer
    assert "1 đề nghị chưa đủ điều kiện chờ Chủ tịch xem xét." in chairman
    assert rewards_home_tasks(users["canbo"]) == []


@pytest.mark.with_award_round
def test_district_is_told_of_proposals_and_the_home_page_renders(
    campaign, users, client_as, django_assert_max_num_queries
):
    ensure_award_round(campaign)
    assert any("xã gửi lên" in t.text for t in rewards_home_tasks(users["noivu"]))
    client = client_as("noivu")
    with django_assert_max_num_queries(20):
        assert client.get("/").status_code == 200
