from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = "Phong trào thi đua"

    def ready(self) -> None:
        from campaigns.home import campaign_home_tasks
        from campaigns.places import roles_at
        from campaigns.plan_revision import connect as connect_plan_revision
        from campaigns.selectors import monthly_field_labels
        from tanbinh_portal.audit_log import register_key_labels
        from tanbinh_portal.home import register_home_provider
        from tanbinh_portal.navigation import NavItem, register_nav
        from tanbinh_portal.roles import ALL_ROLES, COMMUNE_ADMIN, MANAGERS, register_role_resolver

        register_role_resolver(roles_at)
        connect_plan_revision()
        register_key_labels(monthly_field_labels)
        register_home_provider(campaign_home_tasks)
        register_nav(NavItem("Phong trào thi đua", "campaigns:campaign-list", ALL_ROLES, order=10))
        register_nav(NavItem("Tập thể", "campaigns:unit-list", MANAGERS, order=80))
        register_nav(NavItem("Cán bộ, công chức", "campaigns:person-list", MANAGERS, order=81))
        register_nav(NavItem("Tài khoản", "campaigns:account-list", (COMMUNE_ADMIN,), order=82))
