from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from neighbourhoods.importing import ImportFailed, import_file


class Command(BaseCommand):
    help = "Import CBS wijken and buurten from a GeoJSON or CSV file (upsert on the CBS code; all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoJSON (CBS or PDOK properties) or CSV with a header row")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; save nothing.")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        try:
            summary = import_file(path.name, data, dry_run=dry_run)
        except ImportFailed as failure:
            raise CommandError(_("Nothing was imported.") + "\n" + "\n".join(failure.errors)) from failure
        self.stdout.write(summary.line())
