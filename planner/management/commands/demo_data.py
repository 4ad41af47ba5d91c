"""Create (or top up) the demo: `python manage.py demo_data`. Safe to run again."""

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from planner.demo import ADMIN, DEMO_PASSWORD, PEOPLE, DemoContext
from planner.plugins import demo_steps


class Command(BaseCommand):
    help = "Create the Wealdshire demo organisations, people and plans. Safe to run twice."

    def handle(self, *args, **options):
        # The demo's e-mails (sign-off requests, stage changes…) are kept in memory and only
        # counted: they are in each person's inbox already, and printing them hid the sign-in
        # details. One transaction, so a demo that fails half-way (a missing font, say) leaves
        # nothing half-made and the next run starts clean.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            with transaction.atomic():
                self._build()
            sent = len(mail.outbox)
            mail.outbox = []
        self._print_sign_in(sent)

    def _build(self):
        ctx = DemoContext()
        # Each app's plugin may name a demo build and a finish step; builds run in app order
        # (planner's first, because the others add to its plans), then the finishes, for
        # what summarises the others' data (the governance report).
        for step in demo_steps():
            step(ctx)

    def _print_sign_in(self, sent: int):
        write = self.stdout.write
        if sent:
            write(
                f"Demo data ready. Its {sent} e-mails were not sent; the same messages are in "
                "each person's Inbox."
            )
        else:
            write("Demo data ready.")
        write(self.style.SUCCESS("Sign in with any of these:"))
        write(f"  password for every demo account: {DEMO_PASSWORD}")
        for email, name, _, _, role in PEOPLE:
            write(f"  {email:<32} {name:<14} {role}")
        write(f"  {ADMIN[0]:<32} {ADMIN[1]:<14} Administrator (case library, framework)")
        if settings.EMAIL_FILE_PATH:
            write(f"  E-mails sent from now on are saved in {settings.EMAIL_FILE_PATH}")
