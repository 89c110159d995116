from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from audit import retention


class Command(BaseCommand):
    help = (
        "Delete invitations expired or revoked more than RETENTION_INVITATION_DAYS ago and security log events "
        "older than RETENTION_SECURITY_EVENT_DAYS. Prints `invitations=N security_events=M`. See docs/retention.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, dry_run=False, **options):
        try:
            result = retention.apply(dry_run=dry_run)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if dry_run:
            self.stdout.write("Dry run: nothing was deleted.")
        self.stdout.write(result.summary())
