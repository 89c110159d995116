import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from overview import reminders


class Command(BaseCommand):
    help = (
        "Mail each person their reminders: review dates, overdue activities, agreements awaited, invitations "
        "about to expire. Once per item per day; prints `sent=N skipped=M`. See docs/reminders.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show who would get what; send and record nothing.")
        parser.add_argument("--today", help="Run as if it were this day (YYYY-MM-DD).")

    def handle(self, *args, dry_run=False, today=None, **options):
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(f"--today must be a date as YYYY-MM-DD, not {today!r}.") from error
        else:
            day = timezone.localdate()
        outcome = reminders.send(day, dry_run=dry_run)
        for line in outcome.lines:
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was sent or recorded.")
        self.stdout.write(outcome.summary())
        if outcome.failed:
            raise CommandError(
                f"{outcome.failed} reminder mail(s) could not be sent; they are retried on the next run."
            )
