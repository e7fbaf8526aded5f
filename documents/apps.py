from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The papers of a campaign: kinds, generated versions, the district bundle, signing and verifying.

    Last in the chain (campaigns → kpi → rewards → documents): it reads the other apps, none reads it.
    The kinds are one list (:mod:`documents.kinds`), not registered here; ready() only adds this app's
    home-page task and menu item to the shared registries.
    """

    name = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from documents.home import document_home_tasks
        from tanbinh_portal.home import register_home_provider
        from tanbinh_portal.navigation import NavItem, register_nav
        from tanbinh_portal.roles import ALL_ROLES, RECEIVERS

        register_home_provider(document_home_tasks)
        register_nav(NavItem("Hồ sơ các xã gửi", "documents:inbox", RECEIVERS, order=15))
        register_nav(NavItem("Kiểm tra hồ sơ ký số", "documents:bundle-verify", ALL_ROLES, order=90))
