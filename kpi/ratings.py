"""The one set of ratings: the citizen's own rating on the portal, else the one the import carried.

Precedence (docs/kpi.md, "Ratings: one set"): a dossier with a ``CitizenRating`` counts with it, and
the imported ``Dossier.rating`` / ``harassment`` of that dossier is kept but not counted; a dossier
without one counts with the imported rating, if any. Written once here, as ``Q`` objects on
``Dossier`` (the formulas in ``kpi.indicators`` and the drill-down) and as SQL text (the aggregate in
``kpi.services.compute``); a test compares both on every combination.
"""

from __future__ import annotations

from django.db.models import Case, F, Q, Value, When
from django.db.models.fields import CharField, PositiveSmallIntegerField
from django.db.models.functions import Coalesce

from kpi.models import Rating, RatingSource

PORTAL = Q(citizen_rating__isnull=False)
IMPORTED = Q(citizen_rating__isnull=True, rating__isnull=False)

RATED = PORTAL | IMPORTED


def level_is(level: int) -> Q:
    """The dossier counts with this level (``Rating``)."""
    return Q(citizen_rating__level=level) | Q(citizen_rating__isnull=True, rating=level)


DISSATISFIED = level_is(Rating.DISSATISFIED)
# A portal rating may flag harassment only with "Không hài lòng" (a check constraint); the import's
# flag counts only with its "Không hài lòng", as it always did (formula version 1).
HARASSMENT = Q(citizen_rating__harassment=True) | Q(citizen_rating__isnull=True, rating=3, harassment=True)


def with_rating_set(queryset):
    """Annotate dossiers with the rating they count with: ``rating_level``, ``rating_source``."""
    return queryset.annotate(
        rating_level=Coalesce(F("citizen_rating__level"), F("rating"), output_field=PositiveSmallIntegerField()),
        rating_source=Case(
            When(PORTAL, then=Value(RatingSource.PORTAL.value)),
            When(rating__isnull=False, then=Value(RatingSource.IMPORT.value)),
            default=Value(""),
            output_field=CharField(),
        ),
    )


LEVEL_LABELS = dict(Rating.choices)
SOURCE_LABELS = dict(RatingSource.choices)

# The same rule for the aggregate's SQL (kpi.services.compute): the dossier table joined to the
# portal's ratings as ``cr``. Fixed text only.
SQL_JOIN = "LEFT JOIN {ratings} cr ON cr.dossier_id = {dossiers}.id"
SQL_LEVEL = "COALESCE(cr.level, {dossiers}.rating)"
SQL_HARASSMENT = "CASE WHEN cr.id IS NULL THEN {dossiers}.harassment ELSE cr.harassment END"
# Added to each dossier's row hash in the inputs' digest, so that a portal rating changes it.
SQL_DIGEST = "COALESCE(cr.level * 2 + CASE WHEN cr.harassment THEN 1 ELSE 0 END, 0)"
