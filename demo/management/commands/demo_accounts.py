"""Prints the demo accounts and their password (for `make run`); development only, like seed_demo."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.campaigns import demo_password
from demo.communes import account_lines
from tanbinh_portal.scoping import all_communes


class Command(BaseCommand):
    help = "In danh sách tài khoản mẫu."

    def handle(self, *args, **options):
        # The demo builds every commune's rows: no commune scope (tanbinh_portal.scoping).
        with all_communes():
            return self._handle(*args, **options)

    def _handle(self, *args, **options):
        if not settings.DEMO_DATA:
            raise CommandError("Chỉ dùng khi DEBUG (hoặc DEMO_DATA) bật.")
        password, _ = demo_password()
        for line in account_lines(password):
            self.stdout.write(line)
