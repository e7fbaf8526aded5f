"""``manage.py grant_role``: the operator gives and withdraws roles at a place, audited."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tanbinh_portal import roles
from tanbinh_portal.models import AuditEvent
from tests.factories import make_user


def test_the_operator_gives_the_first_commune_administrator_and_withdraws_it(campaign):
    make_user("quantri.moi")
    call_command("grant_role", "quantri.moi", roles.COMMUNE_ADMIN, commune=campaign.commune.code)
    user = type(campaign.launched_by).objects.get(username="quantri.moi")
    assert roles.roles_of(user) == {roles.COMMUNE_ADMIN}
    call_command("grant_role", "quantri.moi", roles.COMMUNE_ADMIN, commune=campaign.commune.code, withdraw="Nghỉ hưu.")
    assert roles.roles_of(type(user).objects.get(pk=user.pk)) == set()
    assert list(AuditEvent.objects.filter(object_type="campaigns.RoleAssignment").values_list("action", flat=True)) == [
        "role.withdraw",
        "role.grant",
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (("khong-co", roles.OFFICER), "Không có tài khoản"),
        (("quantri.moi", "Trưởng thôn"), "Không có vai trò"),
        (("quantri.moi", roles.DISTRICT), "chỉ được giao tại một huyện"),
    ],
)
def test_bad_input_is_refused_with_a_message(campaign, args, message):
    make_user("quantri.moi")
    with pytest.raises(CommandError, match=message):
        call_command("grant_role", *args, commune=campaign.commune.code)


def test_an_unknown_place_is_refused(campaign):
    make_user("quantri.moi")
    with pytest.raises(CommandError, match="Không có huyện mã"):
        call_command("grant_role", "quantri.moi", roles.DISTRICT, district="khong-co")
