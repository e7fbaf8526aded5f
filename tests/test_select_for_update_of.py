"""The suite checks ``select_for_update(of=…)`` names on SQLite as PostgreSQL does (tests/sqlcheck.py).

Without it, a misspelt name survives the whole suite on SQLite (the council's mutants
``of=("XXselfXX",)`` and ``of=("SELF",)`` in ``meeting_close`` did, docs/mutation.md)."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldError
from django.db import transaction

from rewards.models import ApprovalRound, Nomination


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["SELF", "XXselfXX", "campaign"])
def test_a_name_the_query_does_not_follow_is_refused_on_every_backend(name):
    # "campaign" is a relation of the nomination, but this query does not join it: PostgreSQL refuses it too.
    with transaction.atomic(), pytest.raises(FieldError, match="Invalid field name"):
        list(Nomination.objects.select_for_update(of=(name,)).filter(pk=1))


@pytest.mark.django_db
def test_get_or_create_under_a_misnamed_lock_is_refused():
    """The shape of ``meeting_close``'s lock on the approval round."""
    with transaction.atomic(), pytest.raises(FieldError, match="Invalid field name"):
        ApprovalRound.objects.select_for_update(of=("SELF",)).get_or_create(campaign_id=1)


@pytest.mark.django_db
@pytest.mark.parametrize("of", [("self",), ("self", "campaign")])
def test_self_and_the_relations_a_query_follows_are_accepted(of):
    with transaction.atomic():
        rows = list(Nomination.objects.select_related("campaign").select_for_update(of=of).filter(pk=1))
    assert rows == []
