from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role, User
from neighbourhoods.importing import import_file
from neighbourhoods.models import Municipality
from partnerships.models import Initiative

DEMO_PASSWORD = "wijkpartner-demo"
DEMO_USERS = [
    ("beheerder@voorbeeld.nl", "Bea Beheerder (demo)", Role.BEHEERDER),
    ("medewerker@voorbeeld.nl", "Mehmet Medewerker (demo)", Role.MEDEWERKER),
    ("lezer@voorbeeld.nl", "Lotte Lezer (demo)", Role.LEZER),
]
DATA_DIR = Path(settings.BASE_DIR) / "neighbourhoods" / "data"
# Fictional initiatives: the names say so, so nobody mistakes them for real organisations.
DEMO_INITIATIVES = [
    ("Energiecoöperatie Zonnig Centrum (fictief)", ["BU04020101"]),
    ("Buurtwarmte Oost (fictief)", ["WK040206"]),
]


class Command(BaseCommand):
    help = "Load the demo municipality (Hilversum, real CBS neighbourhoods) and demo accounts. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Allow running in production mode.")

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if settings.PRODUCTION and not force:
            raise CommandError(
                "load_demo creates accounts with a public password; refused in production (use --force)."
            )
        if Municipality.current() is None:
            Municipality.objects.create(
                name="Gemeente Hilversum (demo)", cbs_code="GM0402", address="Demo-adres: dit is geen echt adres"
            )
        for name in ["hilversum_GM0402_wijken_2015_cbs.geojson", "hilversum_GM0402_buurten_2015_cbs.geojson"]:
            import_file(name, (DATA_DIR / name).read_bytes())
        for email, full_name, role in DEMO_USERS:
            if not User.objects.filter(email=email).exists():
                User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name, role=role)
        from neighbourhoods.models import Neighbourhood

        for name, codes in DEMO_INITIATIVES:
            initiative, created = Initiative.objects.get_or_create(name=name)
            if created:
                initiative.neighbourhoods.set(Neighbourhood.objects.filter(code__in=codes))

        self.stdout.write("Demo loaded. Log in at http://127.0.0.1:8000/ with one of these accounts:")
        for email, _name, role in DEMO_USERS:
            self.stdout.write(f"  {email:28} password: {DEMO_PASSWORD}   ({role.label})")
