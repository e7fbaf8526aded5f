"""Fixtures for rewards: a configured award round (council, quotas, rules) and nomination helpers."""

from __future__ import annotations

import datetime as dt

import pytest

from campaigns.models import AwardForm, Person, Unit
from demo.rewards import SECTIONS_EXAMPLE
from rewards import services
from rewards.models import CouncilMeeting, CouncilMember, CouncilRole, Nomination, NominationStatus
from tests.shared_world import CONFIGURED, LAN_LOG, ONLINE_BALLOT, PASSED_LIST, SHARED, configure

XA = "giay-khen-chu-tich-xa-2017"
HUYEN = "giay-khen-chu-tich-huyen-2017"
TINH = "bang-khen-chu-tich-tinh-2017"


@pytest.fixture
def configured(campaign, users):
    """The demo's council of nine, quotas (xã 4, huyện 2, tỉnh 1) and the two basic rules per form
    (already there when the process's shared commune holds them: tests/shared_world.py)."""
    if not SHARED.has(CONFIGURED):
        configure(campaign, users)
    return campaign


@pytest.fixture
def form_xa(db) -> AwardForm:
    return AwardForm.objects.get(code=XA)


def make_nominate(campaign, users):
    """``nominate("Võ Thị Lan")`` -> a draft nomination by the officer (Giấy khen xã unless told)."""

    def make(name: str, code: str = XA, actor: str = "vanphong", **sections):
        unit = Unit.objects.filter(name=name).first()
        lookup = {"unit": unit} if unit else {"person": Person.objects.get(full_name=name)}
        return services.nomination_create(
            actor=users[actor],
            campaign=campaign,
            award_form=AwardForm.objects.get(code=code),
            sections={**SECTIONS_EXAMPLE, **sections},
            **lookup,
        )

    return make


def make_accepted(nominate, users):
    """``accepted("Võ Thị Lan")`` -> a nomination submitted and accepted for the council."""

    def make(name: str, code: str = XA):
        nomination = services.nomination_submit(actor=users["vanphong"], nomination=nominate(name, code))
        return services.nomination_accept(actor=users["vanphong"], nomination=nomination)

    return make


@pytest.fixture
def nominate(configured, users):
    """``nominate("Võ Thị Lan")`` -> a draft nomination by the officer (Giấy khen xã unless told)."""
    return make_nominate(configured, users)


@pytest.fixture
def accepted(nominate, users):
    """``accepted("Võ Thị Lan")`` -> a nomination submitted and accepted for the council."""
    return make_accepted(nominate, users)


def attendance(campaign, absent: int = 0) -> dict[int, tuple[bool, str]]:
    """Everyone present except the last ``absent`` members (who send a written opinion)."""
    members = list(CouncilMember.objects.filter(campaign=campaign).order_by("id"))
    cut = len(members) - absent
    return {m.pk: (i < cut, "" if i < cut else "Đồng ý với danh sách.") for i, m in enumerate(members)}


def open_meeting(campaign, users, method: str = "paper", absent: int = 1, tellers: bool = True, **kwargs):
    """The secretary opens a meeting on 05/01/2023 with all but the last ``absent`` members present; at a
    paper ballot the council then elects its Ban kiểm phiếu (unless ``tellers=False``)."""
    meeting = services.meeting_create(
        actor=users["hoidong"],
        campaign=campaign,
        held_on=dt.date(2023, 1, 5),
        place="Hội trường UBND xã",
        method=method,
        attendance=attendance(campaign, absent=absent),
        **kwargs,
    )
    if method == "paper" and tellers:
        elect_tellers(meeting, users["hoidong"])
    return meeting


def elect_tellers(meeting, secretary, count: int = 3):
    """The Ban kiểm phiếu: the first ``count`` ordinary members present who are not proposed at the meeting."""
    nominees = set(meeting.ballots.values_list("nomination__person__user_id", flat=True))
    present = [
        a.member
        for a in meeting.attendance.select_related("member").filter(present=True, member__role=CouncilRole.MEMBER)
        if a.member.user_id not in nominees
    ][:count]
    return services.meeting_tellers_elect(actor=secretary, meeting=meeting, head=present[0], members=present[1:])


def record_times(meeting, secretary, started=dt.time(8, 0), ended=dt.time(10, 30), discussion=""):
    """The secretary writes the start and end times (and the discussion) into the minutes."""
    meeting.refresh_from_db()
    return services.meeting_minutes_record(
        actor=secretary,
        meeting=meeting,
        started_at=started,
        ended_at=ended,
        discussion=discussion,
        expected_version=meeting.version,
    )


@pytest.fixture
def kpi_log(tmp_path, campaign, officer):
    """``kpi_log([row(...), ...])`` imports a small one-stop log through the kpi app (indicators recomputed)."""
    from kpi.services import dossier_import_from_path
    from tests.kpi.conftest import write_csv

    counter = {"n": 0}

    def run(rows):
        counter["n"] += 1
        path = write_csv(tmp_path / f"log{counter['n']}.csv", rows)
        return dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)

    run.counter = counter
    return run


def import_lan_log(kpi_log) -> None:
    """``kpi_log(lan_rows(20))``, unless the process's shared commune already holds that import
    (tests/shared_world.py, built the same way as the first file of the test: ``log1.csv``)."""
    if SHARED.has(LAN_LOG) and kpi_log.counter["n"] == 0:
        kpi_log.counter["n"] = 1
        return
    kpi_log(lan_rows(20))


def lan_rows(count: int = 20, late: int = 0, harassment: int = 0) -> list[dict]:
    """Dossiers received by Võ Thị Lan: ``late`` of them resolved after the due date."""
    from tests.kpi.conftest import row

    rows = []
    for i in range(count):
        values = {"Cán bộ tiếp nhận": "Võ Thị Lan", "Cán bộ xử lý": "Phan Thị Ngọc"}
        if i < late:
            values["Ngày có kết quả"] = "15/03/2022 10:00"
        if i < harassment:
            values["Đánh giá"] = "Không hài lòng"
            values["Lý do không hài lòng"] = "Cán bộ có biểu hiện nhũng nhiễu"
        rows.append(row(f"HS{i:03d}", **values))
    return rows


def build_online_ballot(campaign, users, accepted) -> None:
    """Võ Thị Lan's accepted nomination in an open online meeting, four members present (after her log)."""
    accepted("Võ Thị Lan")
    open_meeting(campaign, users, "online", absent=5, quorum_numerator=1, quorum_denominator=3)


def build_passed_list(campaign, users, accepted) -> None:
    """Four nominations accepted, tallied 7–1 at a paper meeting and the meeting closed (after Lan's log)."""
    for name in ("Võ Thị Lan", "Hội Liên hiệp Phụ nữ xã", "Bộ phận Tiếp nhận và Trả kết quả"):
        accepted(name)
    accepted("Ấp Tân Đông", HUYEN)
    meeting = open_meeting(campaign, users, "paper", absent=0)
    for ballot in meeting.ballots.all():
        services.ballot_tally(actor=users["hoidong"], ballot=ballot, agree=7, disagree=1, invalid=0)
    record_times(meeting, users["hoidong"])
    services.meeting_close(actor=users["hoidong"], meeting=meeting)


@pytest.fixture
def online_ballot(configured, users, accepted, kpi_log):
    """The ballot on Võ Thị Lan's accepted nomination in an open online (secret) council meeting with four
    members present (chutich, phochutich, hoidong, vanphong; quorum set to one third for the test).
    Already there when the process's shared commune holds it (tests/shared_world.py)."""
    if SHARED.has(ONLINE_BALLOT):
        kpi_log.counter["n"] = 1  # the shared state's import was log1.csv
    else:
        import_lan_log(kpi_log)
        build_online_ballot(configured, users, accepted)
    return CouncilMeeting.objects.get(campaign=configured).ballots.get()


@pytest.fixture
def passed_list(configured, users, accepted, kpi_log):
    """Three Giấy khen xã and one district nomination passed by the council; the list awaits approval.
    Already there when the process's shared commune holds it (tests/shared_world.py)."""
    if SHARED.has(PASSED_LIST):
        kpi_log.counter["n"] = 1  # the shared state's import was log1.csv
    else:
        import_lan_log(kpi_log)
        build_passed_list(configured, users, accepted)
    return list(Nomination.objects.filter(campaign=configured, status=NominationStatus.PASSED).order_by("id"))
