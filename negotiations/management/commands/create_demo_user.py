"""Create (or reset) the local demo account `demo`, an annotator and an editor, and print its password.

A known account with a printed password is a hole anywhere but on one's own machine, so the
command refuses to run unless DEBUG is on; --local-demo overrides that for a local run that
keeps DEBUG off on purpose.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

USERNAME = "demo"
# Annotators correct statements; editors set negotiations up, add articles and follow feeds (migrations 0003, 0007).
GROUPS = ("annotators", "editors")


class Command(BaseCommand):
    help = "Create or reset the local demo account `demo`, annotator and editor (DEBUG only), and print its password."

    def add_arguments(self, parser):
        parser.add_argument(
            "--local-demo",
            action="store_true",
            help="Run although DEBUG is off. Only on your own machine, never on a server.",
        )

    def handle(self, *args, local_demo=False, **options):
        if not (settings.DEBUG or local_demo):
            raise CommandError(
                "refusing to create the demo account: DEBUG is off, so this may be a real deployment. "
                "Run with DEBUG=1 (as `make demo` does), or pass --local-demo on your own machine."
            )
        # A fresh password on every run: a fixed one would end up written down somewhere.
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            user, _ = get_user_model().objects.get_or_create(username=USERNAME)
            user.set_password(password)
            user.is_active = True
            user.save()
            user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in GROUPS))
        self.stdout.write(f"Demo account (annotator and editor): username {USERNAME}, password {password}")
