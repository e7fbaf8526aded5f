from django.apps import AppConfig


class KpiConfig(AppConfig):
    name = "kpi"
    verbose_name = "Chỉ số cải cách hành chính"

    def ready(self) -> None:
        from campaigns.monthly_field_hooks import register_field_listener, register_usage_reader
        from kpi.home import kpi_home_tasks
        from kpi.indicators import COUNT_LABELS, FORM_06A, RATES
        from kpi.selectors.monthly import monthly_field_usage
        from kpi.services.monthly import monthly_field_changed
        from tanbinh_portal.audit_log import register_indicator_labels
        from tanbinh_portal.home import register_home_provider
        from tanbinh_portal.navigation import NavItem, register_nav
        from tanbinh_portal.roles import CHAIRMAN, COUNCIL, OFFICER, ONE_STOP, RECEIVERS, VICE_CHAIRMAN

        register_home_provider(kpi_home_tasks)
        # The plan's monthly fields are campaigns'; the values entered against them are kpi's.
        register_field_listener(monthly_field_changed)
        register_usage_reader(monthly_field_usage)
        register_indicator_labels({**COUNT_LABELS, **{code: rate.label for code, rate in RATES.items()}})
        # The month's Biểu II.06a columns, saved with the month's figures under "b06a_<column>".
        register_indicator_labels({f"b06a_{col}": f"Biểu II.06a, cột {col}: {label}" for col, label, _ in FORM_06A})
        readers = (CHAIRMAN, VICE_CHAIRMAN, OFFICER, COUNCIL, ONE_STOP)
        register_nav(NavItem("Chỉ số CCHC", "kpi:index", readers, order=20))
        uploaders = (CHAIRMAN, VICE_CHAIRMAN, OFFICER, ONE_STOP)  # MC uploads and sees its own imports
        register_nav(NavItem("Nhập sổ hồ sơ", "kpi:import-list", uploaders, order=30))
        # The desk prints receipts with the rating QR code (kpi/views/desk.py).
        register_nav(NavItem("Một cửa: giấy hẹn, mã QR", "kpi:desk", (OFFICER, ONE_STOP), order=31))
        register_nav(NavItem("So sánh các xã", "kpi:comparison", RECEIVERS, order=24))
