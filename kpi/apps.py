from django.apps import AppConfig


class KpiConfig(AppConfig):
    name = "kpi"
    verbose_name = "Chỉ số cải cách hành chính"

    def ready(self) -> None:
        from kpi.home import kpi_home_tasks
        from tanbinh_portal.home import register_home_provider
        from tanbinh_portal.navigation import NavItem, register_nav
        from tanbinh_portal.roles import CHAIRMAN, COUNCIL, OFFICER, ONE_STOP, VICE_CHAIRMAN

        register_home_provider(kpi_home_tasks)
        readers = (CHAIRMAN, VICE_CHAIRMAN, OFFICER, COUNCIL, ONE_STOP)
        register_nav(NavItem("Chỉ số CCHC", "kpi:index", readers, order=20))
        uploaders = (CHAIRMAN, VICE_CHAIRMAN, OFFICER, ONE_STOP)  # MC uploads and sees its own imports
        register_nav(NavItem("Nhập sổ hồ sơ", "kpi:import-list", uploaders, order=30))
