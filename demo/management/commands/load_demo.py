from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from agreements import pdf as agreement_pdf
from agreements import services as agreement_services
from agreements.models import Clause
from demo import cbs_demo
from demo import files as demo_files
from documents import services as document_services
from meetings import services as meeting_services
from meetings.models import Meeting
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.importing import import_file
from neighbourhoods.models import Goal, Municipality, Neighbourhood, RoleDecision
from neighbourhoods.models import Role as NeighbourhoodRole
from notifications import services as notification_services
from notifications.models import Notification
from partnerships import services as partnership_services
from partnerships.models import Activity, ContactLogEntry, CoordinatorAccess, Initiative, Partnership, Theme
from policies.models import PolicyVersion
from wijkkompas import services as wijkkompas_services
from wijkkompas.models import Node, Phase, Track

DEMO_PASSWORD = "wijkpartner-demo"
DEMO_USERS = [
    ("beheerder@voorbeeld.nl", "Bea Beheerder (demo)", Role.BEHEERDER),
    ("medewerker@voorbeeld.nl", "Mehmet Medewerker (demo)", Role.MEDEWERKER),
    ("lezer@voorbeeld.nl", "Lotte Lezer (demo)", Role.LEZER),
    ("coordinator@voorbeeld.nl", "Cor Coördinator (demo)", Role.COORDINATOR),
]
DATA_DIR = Path(settings.BASE_DIR) / "neighbourhoods" / "data"
# Fictional initiatives: the names say so, so nobody mistakes them for real organisations.
# (name, neighbourhood codes, legal form, phase, theme keys, members)
DEMO_INITIATIVES = [
    (
        "Energiecoöperatie Zonnig Centrum (fictief)",
        ["BU04020101"],
        "cooperatie",
        "development",
        ["zon", "isolatie"],
        120,
    ),
    ("Buurtwarmte Oost (fictief)", ["WK040206"], "vereniging", "exploring", ["collectieve_warmte"], 35),
    ("Bewonersgroep Isoleren Noord (fictief)", ["WK040202"], "informeel", "planning", ["isolatie", "voorlichting"], 12),
]
COORDINATED_INITIATIVE = DEMO_INITIATIVES[0][0]
# Agreed to be published in the open data API (/api/v1); the others are not.
PUBLISHED_INITIATIVES = [DEMO_INITIATIVES[0][0], DEMO_INITIATIVES[1][0]]


DEMO_GOALS = [
    ("kort", "Informatieavonden voor alle straten (demo)", "bijeenkomsten", 0, 6),
    ("middellang", "Woningen geïsoleerd via collectieve inkoop (demo)", "woningen", 40, 400),
    ("lang", "Buurt aardgasvrij (demo)", "% woningen", 0, 100),
]


class Command(BaseCommand):
    help = "Load the demo municipality (Hilversum, real CBS neighbourhoods) and demo accounts. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Allow running in production mode.")

    def load_initiatives(self):

        contact = User.objects.get(email="medewerker@voorbeeld.nl")
        deputy = User.objects.get(email="beheerder@voorbeeld.nl")
        for name, codes, legal_form, phase, themes, members in DEMO_INITIATIVES:
            initiative, created = Initiative.objects.get_or_create(
                name=name,
                defaults={
                    "legal_form": legal_form,
                    "phase": phase,
                    "members": members,
                    "contact": contact,
                    "deputy": deputy,
                    "email": "info@voorbeeld.nl",
                    "website": "https://voorbeeld.nl",
                },
            )
            if created:
                initiative.neighbourhoods.set(Neighbourhood.objects.filter(code__in=codes))
                initiative.themes.set(Theme.objects.filter(key__in=themes))
            if not initiative.log.exists():
                ContactLogEntry.objects.create(
                    initiative=initiative,
                    date=date(2026, 9, 15),
                    kind="meeting",
                    author=contact,
                    participants="Mehmet Medewerker, bestuur van het initiatief (demo)",
                    summary="Kennismaking: wensen van het initiatief en de rol van de gemeente besproken (demo).",
                    visibility=ContactLogEntry.Visibility.SHARED,
                )
                ContactLogEntry.objects.create(
                    initiative=initiative,
                    date=date(2026, 9, 16),
                    kind="decision",
                    author=contact,
                    summary="Intern: budget voor procesbegeleiding aanvragen bij het college (demo).",
                    visibility=ContactLogEntry.Visibility.INTERNAL,
                )
        if not Initiative.objects.filter(open_data=True).exists():  # also a demo loaded before the API existed
            Initiative.objects.filter(name__in=PUBLISHED_INITIATIVES).update(open_data=True)
        coordinator = User.objects.get(email="coordinator@voorbeeld.nl")
        coordinated = Initiative.objects.get(name=COORDINATED_INITIATIVE)
        if not CoordinatorAccess.objects.filter(user=coordinator, revoked_at__isnull=True).exists():
            CoordinatorAccess.objects.create(user=coordinator, initiative=coordinated)

    def load_policy(self):

        if not PolicyVersion.objects.exists():
            PolicyVersion.objects.create(
                number=1,
                status=PolicyVersion.Status.PUBLISHED,
                published_at=timezone.now(),
                principles="Demo: de gemeente ziet bewonersinitiatieven als partner in de wijkaanpak.",
                reception="Demo: elk initiatief krijgt binnen twee weken een kennismakingsgesprek.",
                support="Demo: kennis via het energieloket, procesbudget tot 5.000 euro, een vaste contactpersoon.",
                decisions="Demo: afspraken met een initiatief legt het college vast.",
                equal_treatment="Demo: alle initiatieven krijgen dezelfde ondersteuning volgens deze werkwijze.",
                continuity=(
                    "Demo: elk initiatief heeft een contactpersoon en een vervanger; bij vertrek volgt een overdracht."
                ),
            )

    def load_partnerships(self):
        """Partnerships in several states, one of them stopped together."""

        if Partnership.objects.exists():
            return
        staff = User.objects.get(email="medewerker@voorbeeld.nl")
        coordinator = User.objects.get(email="coordinator@voorbeeld.nl")
        zonnig, oost, noord = (Initiative.objects.get(name=d[0]) for d in DEMO_INITIATIVES)
        reason = "Demo: het initiatief wilde niet wachten op stap 1 en 2 voor alle buurten."

        p = partnership_services.start_partnership(
            zonnig, actor=staff, neighbourhoods=zonnig.neighbourhoods.all(), start_reason=reason
        )
        partnership_services.change_status(p, "in_conversation", actor=staff)
        c = partnership_services.add_conversation(
            p,
            actor=staff,
            values={
                "date": date(2026, 10, 1),
                "participants": "Mehmet (gemeente), Cor (initiatief)",
                "summary": "Demo: eerste partnerschapsgesprek.",
                "internal_notes": "Demo: intern.",
                "outcome": "formalise",
            },
        )
        partnership_services.add_need(
            c,
            actor=staff,
            values={
                "direction": "initiative",
                "category": "budget",
                "description": "Procesgeld voor de buurtaanpak (demo)",
                "met": False,
            },
        )
        partnership_services.add_need(
            c,
            actor=staff,
            values={
                "direction": "municipality",
                "category": "reach",
                "description": "Bereik van bewoners in de straat (demo)",
                "met": True,
            },
        )
        partnership_services.add_need(
            c,
            actor=coordinator,
            values={
                "direction": "initiative",
                "category": "data",
                "description": "Inzicht in energielabels (demo)",
                "met": False,
            },
        )
        partnership_services.add_shared_goal(
            c,
            actor=staff,
            description="Samen 400 woningen isoleren (demo)",
            neighbourhood_goals=zonnig.neighbourhoods.first().goals.all(),
        )
        partnership_services.add_activity(
            p,
            actor=staff,
            values={
                "what": "Subsidieaanvraag indienen (demo)",
                "responsible": "municipality",
                "due_date": date(2026, 11, 1),
                "status": "in_progress",
            },
        )
        partnership_services.add_activity(
            p,
            actor=staff,
            values={"what": "Buurtavond organiseren (demo)", "responsible": "open", "due_date": date(2027, 1, 15)},
        )
        partnership_services.add_comment(
            c, actor=coordinator, text="Demo: goed gesprek, wij pakken de buurtavond graag op."
        )
        partnership_services.record_assessment(
            p,
            actor=staff,
            answers={
                "goal_clear": True,
                "exploring": False,
                "narrow_goals": False,
                "project_development": True,
                "large_scale": False,
                "last_recalibrated": date(2026, 3, 1),
            },
        )
        partnership_services.change_status(p, "agreements_recorded", actor=staff)
        partnership_services.change_status(p, "active", actor=staff)
        self.load_wijkkompas(p, staff, coordinator)
        self.load_agreements(p, staff, coordinator)

        p = partnership_services.start_partnership(
            oost, actor=staff, neighbourhoods=oost.neighbourhoods.all(), start_reason=reason
        )
        partnership_services.change_status(p, "in_conversation", actor=staff)
        partnership_services.change_status(
            p,
            "stopped_together",
            actor=staff,
            stop_reasons="Demo: de wensen van het initiatief en de rol van de "
            "gemeente in deze wijk lagen te ver uit elkaar. Over een jaar opnieuw verkennen.",
            stop_agreed_by="Mehmet Medewerker (gemeente) en het bestuur van Buurtwarmte Oost (demo)",
            stop_date=date(2026, 10, 20),
        )
        partnership_services.start_partnership(
            noord, actor=staff, neighbourhoods=noord.neighbourhoods.all(), start_reason=reason
        )

    def load_agreements(self, partnership, staff, coordinator):
        """Clauses in the library, a final draft and one still under discussion."""

        for section, title, text in [
            (
                "inspanning",
                "Inspanningsverplichting (standaard)",
                "Partijen spannen zich in om de doelen te halen. "
                "Deze overeenkomst schept **geen resultaatverplichting**.",
            ),
            (
                "geschillen",
                "Geschillen in onderling overleg",
                "Bij verschil van inzicht gaan partijen eerst met elkaar in gesprek.\n\n- eerst de contactpersonen\n- "
                "daarna de wethouder en het bestuur",
            ),
            ("overleg", "Vast overleg", "Partijen overleggen ten minste eens per kwartaal."),
        ]:
            Clause.objects.get_or_create(title=title, defaults={"section": section, "text": text})
        final = agreement_services.create_draft(partnership, form="samenwerkingsverklaring", actor=staff)
        signatories = self.load_signatories(partnership, staff)
        agreement_services.set_signatories(final, actor=staff, signatories=signatories)
        version = agreement_services.freeze(final, actor=staff)
        agreement_services.agree(version, side="municipality", actor=staff)
        agreement_services.agree(version, side="initiative", actor=coordinator)
        self.load_signed(final, version, staff)
        draft = agreement_services.create_draft(partnership, form="intentieovereenkomst", actor=staff)
        agreement_services.freeze(draft, actor=staff)
        section = draft.sections.get(key="inspanning")
        agreement_services.update_section(
            section, actor=staff, expected_version=draft.version, text=Clause.objects.get(section="inspanning").text
        )
        draft.refresh_from_db()
        second = agreement_services.freeze(draft, actor=staff)
        agreement_services.agree(second, side="municipality", actor=staff)
        agreement_services.add_comment(
            draft, actor=coordinator, section="fasering", text="Demo: graag een go/no-go-moment in juni."
        )

    def load_signatories(self, partnership, staff):
        """Who may sign: a wethouder and a mandated official for the municipality, two board members of
        the initiative. The agreement is signed by the wethouder and both board members."""
        people = [
            ({"name": "Wendy Wethouder (demo)", "function": "wethouder", "mandate": ""}, None),
            (
                {"name": "Mark Mandaat (demo)", "function": "gemandateerde", "mandate": "Mandaatbesluit 2025 (demo)"},
                None,
            ),
            ({"name": "Vera Voorzitter (demo)", "function": "voorzitter", "mandate": ""}, partnership.initiative),
            (
                {"name": "Piet Penningmeester (demo)", "function": "penningmeester", "mandate": ""},
                partnership.initiative,
            ),
        ]
        made = [
            agreement_services.add_signatory(actor=staff, values=values, initiative=initiative)
            for values, initiative in people
        ]
        return [s for s in made if s.function != "gemandateerde"]

    def load_signed(self, draft, version, staff):
        """The college decision, an agreement ready to sign (PDF/A, Word) and its signed scan, so that
        the archive package can be downloaded. The 'scan' is the agreed PDF itself (demo)."""
        agreement_services.record_college_decision(
            version, actor=staff, date=date(2026, 4, 14), reference="B&W 2026/0414 (demo)"
        )
        ready = agreement_services.create_draft(draft.partnership, form="afsprakenlijst", actor=staff)
        agreement_services.set_signatories(ready, actor=staff, signatories=list(draft.signatories.all()))
        agreed = agreement_services.freeze(ready, actor=staff)
        agreement_services.agree(agreed, side="municipality", actor=staff)
        agreement_services.agree(agreed, side="initiative", actor=version.initiative_agreed_by)
        scan = ContentFile(
            agreement_pdf.render(version, municipality=Municipality.current()), name="getekend (demo).pdf"
        )
        agreement_services.upload_scan(draft, actor=staff, upload=scan, signed_on=date(2026, 4, 20))

    def load_wijkkompas(self, partnership, staff, coordinator):
        """A complete Wijkkompas discussion for the active demo partnership."""

        discussion = wijkkompas_services.start_discussion(partnership, actor=staff, from_previous=False)
        tracks = {t.key: t.pk for t in Track.objects.all()}
        start, character = Phase.objects.get(key="samen_starten"), Phase.objects.get(key="karakteriseren")
        municipality = {
            pk: {
                "municipality_active": key in "ACD",
                "municipality_note": "",
                "municipality_role": f"Demo: rol en inzet van de gemeente op spoor {key}.",
            }
            for key, pk in tracks.items()
        }
        wijkkompas_services.save_side(
            discussion,
            side="municipality",
            actor=staff,
            expected_version=discussion.version,
            tracks=municipality,
            values={"municipality_phase": start, "municipality_next_year": "Demo: wijkuitvoeringsplan voorbereiden."},
        )
        initiative = {pk: {"initiative_active": key in "AE", "initiative_note": ""} for key, pk in tracks.items()}
        wijkkompas_services.save_side(
            discussion,
            side="initiative",
            actor=coordinator,
            expected_version=discussion.version,
            tracks=initiative,
            values={"initiative_phase": character, "initiative_next_year": "Demo: collectieve inkoop isolatie."},
        )
        wijkkompas_services.add_node_need(
            discussion,
            actor=staff,
            values={
                "node": Node.objects.get(title="Samenwerking bewonersinitiatieven opstarten"),
                "direction": "mutual",
                "what": "Demo: afspraken over rolverdeling",
                "next_step": "Demo: werksessie in januari",
                "owner": "both",
            },
        )
        wijkkompas_services.complete(discussion, actor=staff)

    def load_two_sides(self):
        """The partnership as ongoing work of both sides: a planned meeting with its agenda, a held one
        with its report and a comment, documents shared both ways, activities with a person and
        progress notes. What came before is marked read, so both demo roles find on their home page
        only what the other side did now ("Nieuw sinds uw vorige bezoek")."""

        partnership = Partnership.objects.filter(initiative__name=COORDINATED_INITIATIVE, status="active").first()
        if partnership is None or Meeting.objects.filter(partnership=partnership).exists():
            return
        staff = User.objects.get(email="medewerker@voorbeeld.nl")
        coordinator = User.objects.get(email="coordinator@voorbeeld.nl")
        notification_services.mark_all_read(Notification.objects.all())

        # Staff's side: a meeting held last week with its report, the next one with its agenda, the
        # wijkuitvoeringsplan shared with the initiative and an internal note kept to themselves.
        today = timezone.localdate()
        tz = timezone.get_current_timezone()
        last_week = datetime.combine(today - timedelta(days=7), datetime.min.time(), tz).replace(hour=19, minute=30)
        next_week = datetime.combine(today + timedelta(days=7), datetime.min.time(), tz).replace(hour=19, minute=30)
        held = meeting_services.plan_meeting(
            partnership,
            actor=staff,
            values={
                "starts_at": last_week,
                "video_url": "https://meet.example.org/overleg-zonnig-centrum",
                "participants": [staff, coordinator],
                "other_participants": "Vera Voorzitter (demo)",
                "agenda": meeting_services.proposed_agenda(partnership),
            },
        )
        meeting_services.write_report(
            held,
            actor=staff,
            discussed="Demo: de subsidieaanvraag en de eerste buurtavond besproken.",
            decisions="Demo: het initiatief schrijft de subsidieaanvraag; de gemeente levert de cijfers aan.",
            activities=[
                {
                    "what": "Energielabels per straat aanleveren (demo)",
                    "responsible": "municipality",
                    "due_date": today + timedelta(days=21),
                }
            ],
        )
        meeting_services.add_comment(
            held, actor=coordinator, text="Demo: dank voor het verslag; de datum van de buurtavond volgt."
        )
        subsidy = partnership.activities.get(what="Subsidieaanvraag indienen (demo)")
        partnership_services.update_activity(
            subsidy, actor=staff, expected_version=subsidy.version, values={"responsible_person": staff}
        )
        partnership_services.add_activity_note(
            subsidy, actor=staff, text="Demo: concept van de aanvraag ligt bij de afdeling subsidies."
        )
        document_services.upload(
            partnership,
            actor=staff,
            upload=SimpleUploadedFile("wijkuitvoeringsplan-centrum.pdf", demo_files.pdf()),
            title="Wijkuitvoeringsplan Centrum (demo)",
            description="Demo: het plan van de gemeente voor de wijk, gedeeld met het initiatief.",
            shared=True,
        )
        document_services.upload(
            partnership,
            actor=staff,
            upload=SimpleUploadedFile("interne-notitie.docx", demo_files.docx()),
            title="Interne notitie budget (demo)",
            description="Demo: alleen voor de gemeente.",
            shared=False,
        )
        meeting_services.plan_meeting(
            partnership,
            actor=staff,
            values={
                "starts_at": next_week,
                "location": "Buurthuis De Linde (demo)",
                "participants": [staff, coordinator],
                "agenda": meeting_services.proposed_agenda(partnership),
            },
        )
        # The coordinator's side, for the medewerker (the initiative's contact) to find: they take on
        # the neighbourhood evening, note their progress and share a document of their own.
        evening = partnership.activities.get(what="Buurtavond organiseren (demo)")
        partnership_services.update_activity(
            evening,
            actor=coordinator,
            expected_version=evening.version,
            values={
                "responsible": Activity.Responsible.INITIATIVE,
                "responsible_person": coordinator,
                "status": Activity.Status.IN_PROGRESS,
            },
        )
        partnership_services.add_activity_note(
            evening, actor=coordinator, text="Demo: zaal gereserveerd, de uitnodiging gaat volgende week rond."
        )
        document_services.upload(
            partnership,
            actor=coordinator,
            upload=SimpleUploadedFile("affiche-buurtavond.png", demo_files.png()),
            title="Affiche buurtavond (demo)",
            description="Demo: het affiche dat het initiatief in de buurt ophangt.",
        )

    def load_steps(self):
        """Steps 1 and 2 for part of the demo, so the list shows done and open neighbourhoods."""

        roles = {r.key: r for r in NeighbourhoodRole.objects.all()}
        centrum = Neighbourhood.objects.get(code="WK040201")
        if not RoleDecision.objects.filter(neighbourhood=centrum).exists():
            neighbourhood_services.set_role_decision(
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
                neighbourhood_services.create_goal(
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

    def load_cbs_figures(self):
        """Two years of made-up CBS figures per buurt, stored and shown as demo data."""
        buurten = Neighbourhood.objects.filter(kind=Neighbourhood.Kind.BUURT, municipality_code="GM0402")
        neighbourhood_services.store_demo_facts({b: cbs_demo.figures(b.code) for b in buurten})

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
        self.load_initiatives()
        self.load_policy()
        self.load_steps()
        self.load_partnerships()
        self.load_two_sides()
        self.load_cbs_figures()
        self.stdout.write("Demo loaded. Log in at http://127.0.0.1:8000/ with one of these accounts:")
        for email, _name, role in DEMO_USERS:
            self.stdout.write(f"  {email:28} password: {DEMO_PASSWORD}   ({role.label})")
