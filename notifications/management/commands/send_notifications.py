from django.core.management.base import BaseCommand, CommandError

from notifications import mail


class Command(BaseCommand):
    help = (
        "Mail the notifications still to be mailed: immediate mails that failed before, and one daily digest per "
        "person with everything pending. Each notification is mailed once; a failed mail stays pending and is "
        "retried on the next run. Prints `sent=N failed=M`. See docs/notifications.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--immediate-only",
            action="store_true",
            help="Only retry the immediate mails still pending (for a run every few minutes); no digests.",
        )

    def handle(self, *args, immediate_only=False, **options):
        outcome = mail.send_pending(digests=not immediate_only)
        for line in outcome.lines:
            self.stdout.write(line)
        self.stdout.write(outcome.summary())
        if outcome.failed:
            raise CommandError(
                f"{outcome.failed} notification mail(s) could not be sent; they are retried on the next run."
            )
