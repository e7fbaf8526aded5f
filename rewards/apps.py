from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "rewards"
    verbose_name = "Khen thưởng"

    def ready(self) -> None:
        from rewards.home import rewards_home_tasks
        from tanbinh_portal.home import register_home_provider
        from tanbinh_portal.navigation import NavItem, register_nav
        from tanbinh_portal.roles import ALL_ROLES

        register_home_provider(rewards_home_tasks)
        register_nav(NavItem("Khen thưởng", "rewards:index", ALL_ROLES, order=30))
