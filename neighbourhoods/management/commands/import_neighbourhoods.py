import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from neighbourhoods import gpkg
from neighbourhoods.importing import ImportFailed, import_file, import_geopackage
from neighbourhoods.models import GEMEENTE_CODE_RE


class Command(BaseCommand):
    help = (
        "Import CBS wijken and buurten, with their CBS figures per year, from a GeoPackage (.gpkg, the "
        "Wijk- en Buurtkaart as CBS/PDOK publish it), GeoJSON or CSV (upsert on the CBS code; all or nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoPackage, GeoJSON (CBS or PDOK properties) or CSV with a header row")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; save nothing.")
        parser.add_argument(
            "--gemeente",
            action="append",
            default=[],
            metavar="GM0308",
            help="Import only this municipality (CBS code); repeat for more, or separate with commas.",
        )

    def handle(self, *args, file, dry_run, gemeente, **options):
        path = Path(file)
        codes = [c.strip().upper() for value in gemeente for c in value.split(",") if c.strip()]
        wrong = [c for c in codes if not re.fullmatch(GEMEENTE_CODE_RE, c)]
        if wrong:
            raise CommandError(_("Not a CBS municipality code: %(codes)s") % {"codes": ", ".join(wrong)})
        try:
            with path.open("rb") as handle:
                start = handle.read(16)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        try:
            if gpkg.is_geopackage(start):
                # Streamed from the file itself: a national GeoPackage is not read into memory.
                summary = import_geopackage(path, dry_run=dry_run, gemeenten=codes or None)
            else:
                summary = import_file(path.name, path.read_bytes(), dry_run=dry_run, gemeenten=codes or None)
        except ImportFailed as failure:
            raise CommandError(_("Nothing was imported.") + "\n" + "\n".join(failure.errors)) from failure
        self.stdout.write(summary.line())
