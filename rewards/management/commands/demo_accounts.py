"""Prints the demo accounts and their password (for `make run`)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from campaigns.demo import account_lines, demo_password


class Command(BaseCommand):
    help = "In danh sách tài khoản mẫu."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Chỉ dùng khi DEBUG bật.")
        password, _ = demo_password()
        for line in account_lines(password):
            self.stdout.write(line)
