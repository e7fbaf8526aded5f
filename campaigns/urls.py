from django.urls import path, register_converter

from campaigns.views import accounts, monthly_fields, organisation, places, plan, registration


class RegistrantKindConverter:
    regex = "tap-the|ca-nhan"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RegistrantKindConverter, "kind")

app_name = "campaigns"

urlpatterns = [
    path("noi-lam-viec/", places.place_switch, name="place-switch"),
    path("phong-trao/", plan.campaign_list, name="campaign-list"),
    path("phong-trao/tao-moi/", plan.campaign_create, name="campaign-create"),
    path("phong-trao/<slug:slug>/", plan.campaign_detail, name="campaign-detail"),
    path("phong-trao/<slug:slug>/sua/", plan.campaign_edit, name="campaign-edit"),
    path("phong-trao/<slug:slug>/noi-dung/them/", plan.criterion_edit, name="criterion-create"),
    path("phong-trao/<slug:slug>/noi-dung/<int:pk>/sua/", plan.criterion_edit, name="criterion-edit"),
    path("phong-trao/<slug:slug>/noi-dung/<int:pk>/xoa/", plan.criterion_delete, name="criterion-delete"),
    path("phong-trao/<slug:slug>/hinh-thuc-khen-thuong/", plan.award_options_edit, name="award-options-edit"),
    path("phong-trao/<slug:slug>/to-chuc-thuc-hien/<int:order>/", plan.step_edit, name="step-edit"),
    path("phong-trao/<slug:slug>/phat-dong/", plan.campaign_launch, name="campaign-launch"),
    path("phong-trao/<slug:slug>/ket-thuc/", plan.campaign_close, name="campaign-close"),
    path("phong-trao/<slug:slug>/da-tong-ket/", plan.campaign_summarise, name="campaign-summarise"),
    path("phong-trao/<slug:slug>/ke-hoach-nam-sau/", plan.campaign_copy_next_year, name="campaign-copy-next-year"),
    path("phong-trao/<slug:slug>/so-lieu-thang/", monthly_fields.monthly_field_list, name="monthly-fields"),
    path(
        "phong-trao/<slug:slug>/so-lieu-thang/<int:pk>/", monthly_fields.monthly_field_edit, name="monthly-field-edit"
    ),
    path(
        "phong-trao/<slug:slug>/so-lieu-thang/<int:pk>/xoa/",
        monthly_fields.monthly_field_delete,
        name="monthly-field-delete",
    ),
    path("phong-trao/<slug:slug>/dang-ky/", registration.registration_home, name="registration-home"),
    path(
        "phong-trao/<slug:slug>/dang-ky/<kind:kind>/<int:pk>/", registration.registration_edit, name="registration-edit"
    ),
    path(
        "phong-trao/<slug:slug>/dang-ky-thi-dua/danh-sach/",
        registration.registration_overview,
        name="registration-overview",
    ),
    path(
        "phong-trao/<slug:slug>/dang-ky-thi-dua/xuat-excel/",
        registration.registration_export,
        name="registration-export",
    ),
    path("phong-trao/<slug:slug>/dang-ky-thi-dua/nhac/", registration.registration_remind, name="registration-remind"),
    path(
        "phong-trao/<slug:slug>/dang-ky-thi-dua/han/", registration.registration_deadline, name="registration-deadline"
    ),
    path("to-chuc/tap-the/", organisation.unit_list, name="unit-list"),
    path("to-chuc/bo-phan-mot-cua/", organisation.one_stop_contact, name="one-stop-contact"),
    path("to-chuc/tap-the/them/", organisation.unit_edit, name="unit-create"),
    path("to-chuc/tap-the/<int:pk>/sua/", organisation.unit_edit, name="unit-edit"),
    path("to-chuc/can-bo/", organisation.person_list, name="person-list"),
    path("to-chuc/can-bo/them/", organisation.person_edit, name="person-create"),
    path("to-chuc/can-bo/<int:pk>/sua/", organisation.person_edit, name="person-edit"),
    path("to-chuc/can-bo/nhap-excel/", organisation.staff_import, name="staff-import"),
    path("to-chuc/can-bo/nhap-excel/mau.xlsx", organisation.staff_import_template, name="staff-import-template"),
    path("to-chuc/tai-khoan/", accounts.account_list, name="account-list"),
    path("to-chuc/tai-khoan/them/", accounts.account_create, name="account-create"),
    path("to-chuc/tai-khoan/<int:pk>/", accounts.account_detail, name="account-detail"),
    path("to-chuc/tai-khoan/<int:pk>/sua/", accounts.account_edit, name="account-edit"),
    path("to-chuc/tai-khoan/<int:pk>/vai-tro/giao/", accounts.account_role_grant, name="account-role-grant"),
    path(
        "to-chuc/tai-khoan/<int:pk>/vai-tro/<int:assignment_pk>/thu-hoi/",
        accounts.account_role_withdraw,
        name="account-role-withdraw",
    ),
    path(
        "to-chuc/tai-khoan/<int:pk>/dat-lai-mat-khau/", accounts.account_password_reset, name="account-password-reset"
    ),
    path("to-chuc/tai-khoan/<int:pk>/khoa/", accounts.account_deactivate, name="account-deactivate"),
    path("to-chuc/tai-khoan/<int:pk>/mo-khoa/", accounts.account_reactivate, name="account-reactivate"),
]
