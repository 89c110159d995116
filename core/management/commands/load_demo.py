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


DEMO_GOALS = [
    ("kort", "Informatieavonden voor alle straten (demo)", "bijeenkomsten", 0, 6),
    ("middellang", "Woningen geïsoleerd via collectieve inkoop (demo)", "woningen", 40, 400),
    ("lang", "Buurt aardgasvrij (demo)", "% woningen", 0, 100),
]


class Command(BaseCommand):
    help = "Load the demo municipality (Hilversum, real CBS neighbourhoods) and demo accounts. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Allow running in production mode.")

    def load_steps(self):
        """Steps 1 and 2 for part of the demo, so the list shows done and open neighbourhoods."""
        from neighbourhoods import services
        from neighbourhoods.models import Goal, Neighbourhood, Role, RoleDecision

        roles = {r.key: r for r in Role.objects.all()}
        centrum = Neighbourhood.objects.get(code="WK040201")
        if not RoleDecision.objects.filter(neighbourhood=centrum).exists():
            services.set_role_decision(
                centrum,
                actor=None,
                values={
                    "roles": [roles["netwerkend"], roles["participerend"], roles["facilitator"]],
                    "dominant_roles": [roles["netwerkend"]],
                    "room_for_initiatives": "much",
                    "rationale": "Demo: in het centrum zijn bewoners al actief; de gemeente werkt met hen samen.",
                    "decided_by": "College van B en W (demo)",
                },
            )
        buurt = Neighbourhood.objects.get(code="BU04020101")
        if not buurt.goals.exists():
            for horizon, title, unit, baseline, target in DEMO_GOALS:
                services.create_goal(
                    actor=None,
                    values={
                        "horizon": horizon,
                        "title": title,
                        "unit": unit,
                        "baseline": baseline,
                        "target_value": target,
                        "source": Goal.Source.TVW,
                        "neighbourhoods": [buurt],
                    },
                )
        Neighbourhood.objects.filter(code="BU04020101", heat_strategy="").update(
            heat_strategy="S2", off_gas_from=2030, off_gas_until=2035, promising_start_area=True
        )

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

        self.load_steps()
        self.stdout.write("Demo loaded. Log in at http://127.0.0.1:8000/ with one of these accounts:")
        for email, _name, role in DEMO_USERS:
            self.stdout.write(f"  {email:28} password: {DEMO_PASSWORD}   ({role.label})")
