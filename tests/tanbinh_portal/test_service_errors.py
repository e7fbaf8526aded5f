"""One service error type, and one way for a view to show it (``tanbinh_portal.service_calls``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from documents.engine.bundle import BundleError
from documents.engine.signing import SigningError, TrustListError
from kpi.services.imports import ImportNotRetryable
from tanbinh_portal.optimistic import STALE_CODE, STALE_MESSAGE, check_version
from tanbinh_portal.roles import OFFICER, require_role
from tanbinh_portal.service_calls import service_call
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tanbinh_portal.transitions import IllegalTransition

ROOT = Path(__file__).resolve().parents[2]


class _Form(forms.Form):
    name = forms.CharField()
    file = forms.CharField(required=False)


def _request():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def _bound_form() -> _Form:
    form = _Form({"name": "Tổ một cửa", "file": "x"})
    assert form.is_valid()
    return form


def test_a_service_error_carries_message_code_and_field_and_reads_as_its_message():
    error = ServiceError("Đã có tập thể tên “Tổ một cửa”.", code="duplicate", field="name")
    assert (error.messages, error.code, error.field) == (["Đã có tập thể tên “Tổ một cửa”."], "duplicate", "name")
    assert str(error) == "Đã có tập thể tên “Tổ một cửa”."  # not "['…']" as a ValidationError prints
    assert isinstance(error, ValidationError)  # forms and shared validators speak the same type
    assert ServiceError("x").code == "invalid" and ServiceError("x").field is None


@pytest.mark.parametrize(
    ("error_type", "code"),
    [
        (ImportNotRetryable, "not_retryable"),
        (BundleError, "bundle_invalid"),
        (SigningError, "signing_failed"),
        (TrustListError, "signing_failed"),
        (IllegalTransition, "illegal_transition"),
        (NotPermitted, "not_permitted"),
    ],
)
def test_every_domain_error_is_a_service_error_with_its_own_code(error_type, code):
    error = error_type("Thông báo cho người dùng.")
    assert isinstance(error, ServiceError)
    assert error.code == code
    assert str(error) == "Thông báo cho người dùng."


def test_engine_errors_keep_the_builtin_types_their_callers_catch():
    assert isinstance(BundleError("x"), ValueError)
    assert isinstance(SigningError("x"), RuntimeError)


def test_the_stale_save_is_a_service_error():
    class Row:
        version = 2

    with pytest.raises(ServiceError) as caught:
        check_version(Row(), 1)
    assert caught.value.code == STALE_CODE and str(caught.value) == STALE_MESSAGE


def test_not_permitted_is_a_403_and_require_role_refuses_a_wrong_role(django_user_model, db):
    user = django_user_model.objects.create_user("khach")
    with pytest.raises(PermissionDenied) as caught:
        require_role(user, OFFICER, message="Chỉ công chức Văn phòng – Thống kê.")
    assert isinstance(caught.value, NotPermitted) and str(caught.value) == "Chỉ công chức Văn phòng – Thống kê."
    with pytest.raises(NotPermitted):
        require_role(None, OFFICER, message="Chỉ công chức Văn phòng – Thống kê.")


def test_on_a_form_an_error_goes_to_the_field_it_names_else_to_the_top():
    form, request = _bound_form(), _request()
    with service_call(request, form=form) as call:
        raise ServiceError("Tên đã được dùng.", field="name")
    assert call.failed and not call.ok and call.error.code == "invalid"
    assert form.errors == {"name": ["Tên đã được dùng."]}
    form = _bound_form()
    with service_call(request, form=form) as call:
        raise ServiceError("Phong trào đã kết thúc.", field="no_such_field")
    assert form.non_field_errors() == ["Phong trào đã kết thúc."]
    assert not list(get_messages(request))  # on the form, not twice


def test_a_default_field_takes_the_errors_that_name_none():
    form = _bound_form()
    with service_call(_request(), form=form, field="file") as call:
        raise BundleError("Tệp không phải hồ sơ.")
    assert call.failed and form.errors == {"file": ["Tệp không phải hồ sơ."]}


def test_an_error_dict_from_a_shared_validator_is_spread_over_the_fields():
    form = _bound_form()
    with service_call(_request(), form=form):
        raise ValidationError({"name": ["Tên quá dài."], "__all__": ["Hãy tải lại trang."]})
    assert form.errors == {"name": ["Tên quá dài."], "__all__": ["Hãy tải lại trang."]}


def test_without_a_form_every_message_becomes_a_messages_error():
    request = _request()
    with service_call(request) as call:
        raise ValidationError(["Tháng này chưa có số liệu.", "Hãy nhập lại."])
    assert call.failed
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [
        ("error", "Tháng này chưa có số liệu."),
        ("error", "Hãy nhập lại."),
    ]


def test_a_successful_call_is_ok_and_shows_nothing():
    form, request = _bound_form(), _request()
    with service_call(request, form=form) as call:
        pass
    assert call.ok and call.error is None and form.errors == {} and not list(get_messages(request))


def test_not_permitted_and_bugs_are_not_turned_into_messages():
    request = _request()
    with pytest.raises(PermissionDenied), service_call(request, form=_bound_form()):
        raise NotPermitted("Chỉ Chủ tịch UBND xã phát động phong trào.")
    with pytest.raises(KeyError), service_call(request):
        raise KeyError("bug")
    assert not list(get_messages(request))


def _view_modules():
    for app in ("campaigns", "kpi", "rewards", "documents", "tanbinh_portal"):
        yield from sorted((ROOT / app).glob("views/*.py"))
        if (ROOT / app / "views.py").is_file():
            yield ROOT / app / "views.py"


SERVICE_ERRORS = {"ValidationError", "ServiceError", "ImportNotRetryable", "BundleError", "SigningError"}


def test_no_view_catches_a_service_error_itself():
    """Every view shows a service's refusal through ``service_call`` (one mapping, not one per view)."""
    offenders = []
    for path in _view_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                types = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
                names = {getattr(t, "id", getattr(t, "attr", "")) for t in types}
                if names & SERVICE_ERRORS:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders
    assert any(path.name == "plan.py" for path in _view_modules())  # the walk finds the views
