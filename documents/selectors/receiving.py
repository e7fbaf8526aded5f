"""Reads of the receiving level's inbox and of the deadlines: what each commune sent, what is still
missing, who is late; and the same seen from the commune (its home page, its documents page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from campaigns.models import AwardLevel, Campaign, Commune, District
from campaigns.selectors import communes_visible_to
from campaigns.years import campaign_years, campaigns_of_year
from documents.kinds.base import KindCode
from documents.models import DocumentStatus, Submission, SubmissionDeadline, SubmissionKind, SubmissionStatus
from documents.selectors import Sending
from rewards.models import Nomination, NominationStatus
from rewards.selectors.receiving import APPROVED_STATUSES
from tanbinh_portal.periods import local_today

# Nominations that make a campaign send a bundle: above the commune's own level, passed by the council.
UPWARD_STATUSES = (NominationStatus.PASSED, *APPROVED_STATUSES)
SENT_KINDS = {KindCode.DISTRICT_BUNDLE: SubmissionKind.BUNDLE, KindCode.SUMMARY_REPORT: SubmissionKind.SUMMARY}


def _at(place) -> Q:
    """Submissions (or deadlines) of a receiving place: a District or a Province row."""
    if isinstance(place, District):
        return Q(district=place)
    return Q(province=place)


def place_of_request(place):
    """The District or Province row of a request's place (``request.place``), None at a commune."""
    if place is None or place.kind == "commune":
        return None
    return place.district if place.kind == "district" else place.province


def inbox_submissions(user, place, *, year: int | None = None, status: str = "") -> QuerySet[Submission]:
    """What the communes ``user`` sees sent to ``place`` (newest first), optionally of one year or state."""
    rows = (
        Submission.objects.filter(_at(place), commune__in=communes_visible_to(user))
        .select_related("campaign", "commune", "document")
        .order_by("-sent_on", "-pk")
    )
    if year:
        rows = rows.filter(campaign__start_date__year=year)
    if status in SubmissionStatus.values:
        rows = rows.filter(status=status)
    return rows


def submission_get_for(user, place, pk: int) -> Submission:
    """One submission of the inbox; another level's, or a commune the user does not see: 404 (like a missing one)."""
    submission = inbox_submissions(user, place).filter(pk=pk).first()
    if submission is None:
        raise Http404("Không có hồ sơ này.")
    return submission


def submission_detail(submission: Submission) -> dict:
    """The steps, and for a bundle the nominations it proposes with their outcome so far."""
    nominations = list(
        Nomination.objects.filter(
            campaign=submission.campaign,
            status__in=(NominationStatus.PROPOSED, NominationStatus.AWARDED, NominationStatus.NOT_AWARDED),
        ).select_related("award_form", "unit", "person")
    )
    return {
        "steps": list(submission.steps.select_related("actor", "document").order_by("on", "pk")),
        "nominations": nominations if submission.kind == SubmissionKind.BUNDLE else [],
        "proposed": [n for n in nominations if n.status == NominationStatus.PROPOSED],
    }


def campaign_submissions(campaign: Campaign) -> dict[str, Submission]:
    """{kind: submission} of one campaign, for its documents page."""
    return {
        s.kind: s
        for s in Submission.objects.filter(campaign=campaign).select_related("district", "province", "document")
    }


def attach_sending(user, campaign: Campaign, rows: list, may_send: bool) -> None:
    """Set ``row.sending`` on the rows of the kinds a commune sends up (the bundle, the summary report)."""
    submissions = campaign_submissions(campaign)
    for row in rows:
        kind = SENT_KINDS.get(row.kind.code)
        if kind is None:
            continue
        submission = submissions.get(kind)
        latest = next(
            (
                d
                for d in row.versions
                if d.status == DocumentStatus.DONE
                and not getattr(d, "draft", False)
                and (kind != SubmissionKind.BUNDLE or d.signed_at is not None)
            ),
            None,
        )
        open_to_send = (
            submission is None
            or submission.status == SubmissionStatus.RETURNED
            or (
                submission.status == SubmissionStatus.SENT
                and latest is not None
                and latest.pk != submission.document_id
            )
        )
        row.sending = Sending(
            submission, latest if open_to_send else None, may_send and open_to_send and latest is not None
        )


@dataclass
class Item:
    """One paper a campaign owes its receiving level for the year."""

    kind: str
    label: str
    submission: Submission | None
    late: bool = False  # past the deadline and not (or not correctly) sent, or first sent after it

    @property
    def state(self) -> str:
        if self.submission is None:
            return "Chưa gửi"
        return self.submission.get_status_display()

    @property
    def missing(self) -> bool:
        return self.submission is None or self.submission.status == SubmissionStatus.RETURNED


@dataclass
class CommuneDue:
    commune: Commune
    campaign: Campaign | None
    items: list[Item] = field(default_factory=list)

    @property
    def missing(self) -> list[Item]:
        return [item for item in self.items if item.missing]

    @property
    def late(self) -> bool:
        return any(item.late for item in self.items)


def _bundle_expected(campaign_ids: list[int]) -> set[int]:
    return set(
        Nomination.objects.filter(campaign_id__in=campaign_ids, status__in=UPWARD_STATUSES)
        .exclude(award_form__level=AwardLevel.COMMUNE)
        .values("campaign_id")
        .annotate(n=Count("id"))
        .values_list("campaign_id", flat=True)
    )


def _items(campaign: Campaign, sent: dict, upward: set[int], deadline: SubmissionDeadline | None, today) -> list[Item]:
    wanted = [(SubmissionKind.SUMMARY, "Báo cáo tổng kết")]
    if campaign.pk in upward or (campaign.pk, SubmissionKind.BUNDLE) in sent:
        wanted.append((SubmissionKind.BUNDLE, "Hồ sơ đề nghị khen thưởng"))
    items = []
    for kind, label in wanted:
        submission = sent.get((campaign.pk, kind))
        item = Item(kind, label, submission)
        if deadline is not None:
            overdue = today > deadline.due_on and item.missing
            sent_late = submission is not None and submission.first_sent_on > deadline.due_on
            item.late = overdue or sent_late
        items.append(item)
    return items


def dues_of(communes, year: int, deadline_for) -> list[CommuneDue]:
    """Every commune's papers for ``year`` (a commune without a campaign that year owes nothing and is
    listed without items); ``deadline_for(commune)`` gives the deadline that applies to it. 3 queries."""
    today = local_today()
    campaigns = list(campaigns_of_year(communes, year))
    ids = [c.pk for c in campaigns]
    sent = {
        (s.campaign_id, s.kind): s
        for s in Submission.objects.filter(campaign_id__in=ids).select_related("district", "province")
    }
    upward = _bundle_expected(ids)
    by_commune: dict[int, list[Campaign]] = {}
    for campaign in campaigns:
        by_commune.setdefault(campaign.commune_id, []).append(campaign)
    rows = []
    for commune in communes:
        deadline = deadline_for(commune)
        mine = by_commune.get(commune.pk, [])
        if not mine:
            rows.append(CommuneDue(commune, None))
        for campaign in mine:
            rows.append(CommuneDue(commune, campaign, _items(campaign, sent, upward, deadline, today)))
    return rows


def deadline_of(place, year: int) -> SubmissionDeadline | None:
    return SubmissionDeadline.objects.filter(_at(place), year=year).first()


def deadlines_of(place) -> list[SubmissionDeadline]:
    return list(SubmissionDeadline.objects.filter(_at(place)).select_related("announced_by").order_by("-year"))


def receiving_overview(user, place, year: int) -> dict:
    """The inbox's "who is late" table: the communes ``user`` sees that ``place`` receives from."""
    deadline = deadline_of(place, year)
    communes = [c for c in communes_visible_to(user).order_by("name") if _receives(place, c, year)]
    rows = dues_of(communes, year, lambda commune: deadline)
    return {"deadline": deadline, "rows": rows, "late": [row for row in rows if row.late]}


def _year_day(year: int) -> dt.date:
    """The day that decides who receives a year's papers when none was sent yet: 31 December of the year
    (the 2025 reform: a district ends on 30/06/2025, so the 2025 papers go to the province)."""
    return dt.date(year, 12, 31)


def _receives(place, commune: Commune, year: int) -> bool:
    return commune.receiving_level(_year_day(year)) == place


def commune_deadline(commune: Commune, year: int) -> SubmissionDeadline | None:
    """The deadline for the commune's papers of ``year``: announced by the level receiving them."""
    level = commune.receiving_level(_year_day(year))
    return deadline_of(level, year)


def commune_dues(commune: Commune) -> list[tuple[SubmissionDeadline, CommuneDue]]:
    """For the commune's home page: each year with a deadline announced for it, its campaigns' papers."""
    result = []
    for year in campaign_years([commune]):
        deadline = commune_deadline(commune, year)
        if deadline is None:
            continue
        for due in dues_of([commune], year, lambda _commune, d=deadline: d):
            if due.campaign is not None:
                result.append((deadline, due))
    return result
