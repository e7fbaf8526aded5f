import pytest

from rewards.models import CouncilMeeting, Decision, EvidenceItem, Nomination, NominationStatus
from tanbinh_portal.models import AuditEvent
from tests.rewards.helpers import ensure_award_round, nomination_of


def _counts():
    return (
        Nomination.objects.count(),
        EvidenceItem.objects.count(),
        CouncilMeeting.objects.count(),
        Decision.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.with_award_round
def test_award_round_runs_end_to_end_and_twice_changes_nothing(campaign, users):
    from demo.rewards import build_award_round

    ensure_award_round(campaign)
    first = _counts()
    build_award_round(campaign, users)
    assert _counts() == first
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    assert Decision.objects.get(campaign=campaign).reference == "01/QĐ-UBND"
    # The council's 2023 series: the invitation 01/GM-HĐTĐKT (03/01), then the minutes (05/01).
    assert CouncilMeeting.objects.get(campaign=campaign).minutes_reference == "02/BB-HĐTĐKT"
    ineligible = nomination_of(campaign, "Trương Văn Lợi")
    assert ineligible.status == NominationStatus.SUBMITTED and ineligible.is_eligible is False
    returned = nomination_of(campaign, "Huỳnh Văn Sang")
    assert AuditEvent.objects.filter(action="nomination.return", object_id=str(returned.pk)).exists()
    upward = nomination_of(campaign, "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã")
    assert upward.status == NominationStatus.PROPOSED
