"""Deterministic national-scale data for the load benchmark (`bench/run.py`). Never for a real database.

At `--scale 1` (the default): about 340 municipalities with 3,300 wijken and 14,000 buurten (simple
polygons in WGS84, laid out on a grid per municipality), roles and goals for a share of them,
2,000 initiatives, each with its partnership (a partnership is one per initiative, so the 2,000
partnerships the benchmark asks for take 2,000 initiatives), conversations,
needs, activities (some overdue), assessments, Wijkkompas discussions and draft agreements with
frozen versions for a share, one published way of working and staff accounts. Every choice comes
from `random.Random(seed)`; dates are relative to today, so "overdue" stays overdue.

Volume is written with `bulk_create`; the draft agreements go through `agreements.services` (their
frozen snapshots must look exactly like the real ones). Everything runs in one transaction, and the
command refuses a database that already holds neighbourhoods unless `--force` is given.
"""

import datetime
import hashlib
import math
import random
import time
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from agreements import services
from agreements.models import Clause, DraftSection, SectionComment
from core import history
from core.models import ChangeEntry
from documents.models import Document, DocumentVersion
from meetings.models import Meeting, MeetingComment, MeetingReport
from neighbourhoods import cbs_facts
from neighbourhoods.models import Goal, GoalProgress, Municipality, Neighbourhood, NeighbourhoodFact, RoleDecision
from neighbourhoods.models import Role as NeighbourhoodRole
from notifications.models import Notification
from partnerships import intensity
from partnerships.models import (
    Activity,
    Assessment,
    Comment,
    ContactLogEntry,
    Conversation,
    CoordinatorAccess,
    Initiative,
    Invitation,
    Need,
    Partnership,
    SharedGoal,
    StatusChange,
    Theme,
)
from partnerships.reference_data import LEVELS
from policies.models import PolicyVersion
from wijkkompas.models import Discussion, Node, NodeNeed, Phase, Track, TrackView

PASSWORD = "bench-password-123"
DOMAIN = "bench.voorbeeld.nl"
# Sizes at --scale 1: close to the CBS table (2015: 2,796 wijken, 12,229 buurten) with some growth.
SIZES = {"municipalities": 340, "wijken": 3300, "buurten": 14000, "initiatives": 2000, "staff": 30}
MAX_PER_PARENT = 99  # two digits in the CBS code
FIRST_MUNICIPALITY = 5001  # GM5001 and up: valid CBS format, no real municipality has these codes
# The Netherlands, roughly (lon, lat).
BOUNDS = (3.4, 50.8, 7.2, 53.5)
BATCH = 2000

NAMED_STAFF = [
    (f"beheerder@{DOMAIN}", "Bea Beheerder (bench)", Role.BEHEERDER),
    (f"medewerker@{DOMAIN}", "Mehmet Medewerker (bench)", Role.MEDEWERKER),
    (f"lezer@{DOMAIN}", "Lotte Lezer (bench)", Role.LEZER),
]

PLACE_START = ["Noord", "Zuid", "Oost", "West", "Nieuw", "Oud", "Hoog", "Laag", "Groot", "Klein", "Sint ", "Ter "]
PLACE_PART = ["water", "veen", "bos", "heide", "berg", "zand", "klei", "meer", "wold", "dijk", "akker", "linde"]
PLACE_END = ["dam", "dorp", "wijk", "horst", "broek", "hoven", "lo", "hem", "zijl", "recht", "kerk", "burg"]
WIJK_NAMES = ["Centrum", "Noord", "Oost", "Zuid", "West", "Buitengebied", "Oude Dorp", "Haven", "Park", "Molen"]
BUURT_NAMES = [
    "Bloemenbuurt",
    "Schildersbuurt",
    "Vogelbuurt",
    "Componistenbuurt",
    "Bomenbuurt",
    "Stationsbuurt",
    "Kerkbuurt",
    "Havenkwartier",
    "Tuinwijk",
    "Rivierenbuurt",
    "Sterrenbuurt",
    "Dichtersbuurt",
    "Bedrijventerrein",
    "Lintbebouwing",
    "Verspreide huizen",
]
INITIATIVE_KINDS = [
    "Energiecoöperatie",
    "Buurtwarmte",
    "Bewonersgroep Isoleren",
    "Zon op",
    "Duurzaam",
    "Energieke",
    "Warmtenet",
    "Wijkenergie",
]
TEXT = [
    "De partijen werken samen aan de warmtetransitie in de buurt.",
    "Zij informeren elkaar tijdig en stemmen hun inzet af.",
    "Afspraken worden vastgelegd in het gezamenlijke dossier.",
    "Het initiatief organiseert bijeenkomsten voor bewoners in de straat.",
    "De gemeente stelt kennis en procesbegeleiding beschikbaar.",
    "Bewoners worden betrokken via keukentafelgesprekken en buurtavonden.",
    "Collectieve inkoop van isolatie verlaagt de kosten voor iedereen.",
    "De partijen evalueren de voortgang elk kwartaal.",
]
WHAT = [
    "Buurtavond organiseren",
    "Subsidieaanvraag indienen",
    "Enquête onder bewoners uitzetten",
    "Collectieve inkoop isolatie voorbereiden",
    "Warmtescan laten uitvoeren",
    "Nieuwsbrief versturen",
    "Gesprek met woningcorporatie plannen",
    "Energiecoaches opleiden",
    "Haalbaarheidsstudie warmtenet laten maken",
    "Voorlichtingsmarkt houden",
]
GOAL_TITLES = {
    "kort": ["Informatieavonden in alle straten", "Energiecoaches actief", "Warmtescans uitgevoerd"],
    "middellang": ["Woningen geïsoleerd via collectieve inkoop", "Warmtenet haalbaarheid bekend", "Labelstap C"],
    "lang": ["Buurt aardgasvrij", "Alle woningen label B of beter", "Volledig op duurzame warmte"],
}
STATUSES = [
    ("exploring", 20),
    ("in_conversation", 25),
    ("agreements_recorded", 10),
    ("active", 30),
    ("review_due", 5),
    ("ended", 5),
    ("stopped_together", 5),
]
STATUS_PATHS = {
    "exploring": ["exploring"],
    "in_conversation": ["exploring", "in_conversation"],
    "agreements_recorded": ["exploring", "in_conversation", "agreements_recorded"],
    "active": ["exploring", "in_conversation", "agreements_recorded", "active"],
    "review_due": ["exploring", "in_conversation", "agreements_recorded", "active", "review_due"],
    "ended": ["exploring", "in_conversation", "agreements_recorded", "active", "ended"],
    "stopped_together": ["exploring", "in_conversation", "stopped_together"],
}
HEAT = [("S1", 30), ("S2", 15), ("S3", 10), ("S4", 15), ("S5", 5), ("open", 25)]


def scaled(name: str, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(SIZES[name] * scale))


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def distribute(rng: random.Random, total: int, parents: int) -> list[int]:
    """`total` children over `parents`: at least one each, uneven (some places are large), at most 99."""
    counts = [1] * parents
    weights = [min(8.0, rng.paretovariate(1.5)) for _ in range(parents)]
    for index in rng.choices(range(parents), weights=weights, k=max(0, total - parents)):
        counts[index] += 1
    overflow = sum(max(0, c - MAX_PER_PARENT) for c in counts)
    counts = [min(c, MAX_PER_PARENT) for c in counts]
    index = 0
    while overflow and index < parents:
        room = MAX_PER_PARENT - counts[index]
        take = min(room, overflow)
        counts[index] += take
        overflow -= take
        index += 1
    return counts


def cells(box, count: int) -> list[tuple]:
    """`count` boxes on a grid inside `box` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    cols = max(1, math.ceil(math.sqrt(count)))
    rows = math.ceil(count / cols)
    w, h = (x1 - x0) / cols, (y1 - y0) / rows
    result = []
    for i in range(count):
        r, c = divmod(i, cols)
        result.append((x0 + c * w, y0 + r * h, x0 + (c + 1) * w, y0 + (r + 1) * h))
    return result


def polygon(rng: random.Random, box, per_edge: int, inset: float) -> dict:
    """A closed ring around `box` with `per_edge` slightly moved points on each side."""
    x0, y0, x1, y1 = box
    dx, dy = (x1 - x0) * inset, (y1 - y0) * inset
    x0, y0, x1, y1 = x0 + dx, y0 + dy, x1 - dx, y1 - dy
    jx, jy = (x1 - x0) * 0.04, (y1 - y0) * 0.04
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    ring = []
    for i, a in enumerate(corners):
        b = corners[(i + 1) % 4]
        ring.append(a)
        for k in range(1, per_edge + 1):
            t = k / (per_edge + 1)
            ring.append(
                (a[0] + (b[0] - a[0]) * t + rng.uniform(-jx, jx), a[1] + (b[1] - a[1]) * t + rng.uniform(-jy, jy))
            )
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


def link(descriptor, pairs) -> int:
    """Bulk-insert many-to-many rows for (source id, target id) pairs."""
    field, through = descriptor.field, descriptor.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = [through(**{f"{source}_id": a, f"{target}_id": b}) for a, b in pairs]
    through.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def text(rng: random.Random, sentences: int = 2) -> str:
    return " ".join(rng.sample(TEXT, k=min(sentences, len(TEXT))))


class Generator:
    def __init__(self, rng: random.Random, scale: float, seed: int, log):
        self.rng, self.scale, self.seed, self.log = rng, scale, seed, log
        self.today = timezone.localdate()
        self.counts: dict[str, int] = {}
        self.history: list[ChangeEntry] = []
        self._types = {}

    def day(self, back_min: int, back_max: int) -> datetime.date:
        """A date between `back_max` and `back_min` days ago (negative: in the future)."""
        return self.today - datetime.timedelta(days=self.rng.randint(back_min, back_max))

    def entry(self, obj, action=ChangeEntry.Action.CREATE, actor=None, note="bench", changes=()):
        model = type(obj)
        if model not in self._types:
            self._types[model] = ContentType.objects.get_for_model(model, for_concrete_model=False)
        self.history.append(
            ChangeEntry(
                content_type=self._types[model],
                object_id=str(obj.pk),
                object_repr=str(obj)[:255],
                actor=actor,
                actor_repr=str(actor) if actor else "bench",
                action=action,
                version=getattr(obj, "version", None),
                note=note,
                changes=list(changes),
            )
        )

    # --- Steps ---------------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        for step in [
            self.municipality_and_policy,
            self.users,
            self.neighbourhoods,
            self.cbs_figures,
            self.roles_and_goals,
            self.initiatives,
            self.partnerships,
            self.partnership_file,
            self.wijkkompas,
            self.drafts,
            self.meetings_and_documents,
            self.notifications,
            self.write_history,
        ]:
            start = time.perf_counter()
            step()
            self.log(f"  {step.__name__}: {time.perf_counter() - start:.1f} s")
        return self.counts

    def municipality_and_policy(self):
        if Municipality.current() is None:
            Municipality.objects.create(
                name="Gemeente Benchmark (fictief)", cbs_code=f"GM{FIRST_MUNICIPALITY}", address="Benchplein 1"
            )
        self.policy = PolicyVersion.objects.published().order_by("-number").first()
        if self.policy is None:
            number = (PolicyVersion.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            self.policy = PolicyVersion.objects.create(
                number=number,
                status=PolicyVersion.Status.PUBLISHED,
                published_at=timezone.now(),
                principles="Bench: de gemeente ziet bewonersinitiatieven als partner in de wijkaanpak.",
                reception="Bench: elk initiatief krijgt binnen twee weken een kennismakingsgesprek.",
                support="Bench: kennis via het energieloket, procesbudget, een vaste contactpersoon.",
                decisions="Bench: afspraken met een initiatief legt het college vast.",
                equal_treatment="Bench: alle initiatieven krijgen dezelfde ondersteuning.",
                continuity="Bench: elk initiatief heeft een contactpersoon en een vervanger.",
            )

    def users(self):
        rng = self.rng
        password = make_password(PASSWORD)  # hashed once: Argon2 per user would take minutes
        users = [User(email=e, full_name=n, role=r, password=password) for e, n, r in NAMED_STAFF]
        extra = scaled("staff", self.scale, 2)
        for i in range(extra):
            role = Role.LEZER if i % 6 == 5 else Role.MEDEWERKER
            users.append(
                User(email=f"{role.value}-{i + 1:03d}@{DOMAIN}", full_name=f"Medewerker {i + 1:03d}", role=role)
            )
        # Colleagues who left: an initiative whose contact and deputy both left needs attention.
        for i in range(2):
            users.append(User(email=f"vertrokken-{i + 1}@{DOMAIN}", full_name=f"Vertrokken {i + 1}", is_active=False))
        for user in users:
            if not user.password:
                user.password = password
        User.objects.bulk_create(users, batch_size=BATCH)
        self.staff = [u for u in users if u.is_active and u.role in (Role.BEHEERDER, Role.MEDEWERKER)]
        self.left = [u for u in users if not u.is_active]
        self.password = password
        self.counts["staff users"] = len(users)
        rng.shuffle(self.staff)

    def neighbourhoods(self):
        rng = self.rng
        n_mun = scaled("municipalities", self.scale)
        n_wijk = max(n_mun, scaled("wijken", self.scale))
        n_buurt = max(n_wijk, scaled("buurten", self.scale))
        wijken_per = distribute(rng, n_wijk, n_mun)
        buurten_per = distribute(rng, n_buurt, sum(wijken_per))
        names = set()
        wijken, buurt_specs = [], []
        wijk_index = 0
        for m, (box, n_w) in enumerate(zip(cells(BOUNDS, n_mun), wijken_per, strict=True)):
            code = FIRST_MUNICIPALITY + m
            name = rng.choice(PLACE_START) + rng.choice(PLACE_PART) + rng.choice(PLACE_END)
            name = name if name not in names else f"{name} {m}"
            names.add(name)
            for w, wbox in enumerate(cells(box, n_w)):
                n_b = buurten_per[wijk_index]
                wijk_index += 1
                buurten = []
                for b, bbox in enumerate(cells(wbox, n_b)):
                    inhabitants = int(rng.lognormvariate(7.0, 0.9)) + 20
                    buurten.append(
                        Neighbourhood(
                            code=f"BU{code:04d}{w:02d}{b:02d}",
                            kind=Neighbourhood.Kind.BUURT,
                            name=f"{rng.choice(BUURT_NAMES)} {b + 1}",
                            municipality_code=f"GM{code:04d}",
                            municipality_name=name,
                            inhabitants=inhabitants,
                            dwellings=max(1, int(inhabitants / rng.uniform(1.8, 2.6))),
                            geometry=polygon(rng, bbox, 3, 0.02),
                            geometry_crs="OGC:CRS84",
                            **self.heat_facts(0.7),
                        )
                    )
                wijk = Neighbourhood(
                    code=f"WK{code:04d}{w:02d}",
                    kind=Neighbourhood.Kind.WIJK,
                    name=f"{WIJK_NAMES[w % len(WIJK_NAMES)]}{'' if w < len(WIJK_NAMES) else f' {w}'} ({name})",
                    municipality_code=f"GM{code:04d}",
                    municipality_name=name,
                    inhabitants=sum(b.inhabitants for b in buurten),
                    dwellings=sum(b.dwellings for b in buurten),
                    geometry=polygon(rng, wbox, 4, 0.0),
                    geometry_crs="OGC:CRS84",
                    **self.heat_facts(0.5),
                )
                wijken.append(wijk)
                buurt_specs.append((wijk, buurten))
        Neighbourhood.objects.bulk_create(wijken, batch_size=BATCH)
        all_buurten = []
        for wijk, buurten in buurt_specs:
            for buurt in buurten:
                buurt.parent_id = wijk.pk
            all_buurten += buurten
        Neighbourhood.objects.bulk_create(all_buurten, batch_size=BATCH)
        self.wijken, self.buurten = wijken, all_buurten
        self.buurten_of = {wijk.pk: buurten for wijk, buurten in buurt_specs}
        for obj in wijken + all_buurten:
            self.entry(obj, note="bench: import")
        self.counts.update(municipalities=n_mun, wijken=len(wijken), buurten=len(all_buurten))

    def cbs_figures(self):
        """The CBS figures of every neighbourhood, as after a national import (the 12 figures of
        neighbourhoods/cbs_facts.py; 3% CBS special values "secret"): the latest year everywhere, the
        year before as well in the own municipality, whose pages the benchmark shows (two years
        everywhere would be 415,000 rows and double the time to generate the data)."""
        rng = self.rng
        own = Municipality.current().cbs_code
        rows = []
        for n in self.wijken + self.buurten:
            for year in (2022, 2023) if n.municipality_code == own else (2023,):
                for fact in cbs_facts.FACTS:
                    if rng.random() < 0.03:
                        value, special = None, -99997
                    elif fact.unit == "%":
                        value, special = round(rng.uniform(0, 100), 1), None
                    else:
                        value, special = float(rng.randint(20, 6000)), None
                    rows.append(
                        NeighbourhoodFact(
                            neighbourhood_id=n.pk, year=year, key=fact.key, value=value, special=special, source="CBS"
                        )
                    )
        NeighbourhoodFact.objects.bulk_create(rows, batch_size=BATCH)
        self.counts.update(cbs_figures=len(rows))

    def heat_facts(self, share: float) -> dict:
        rng = self.rng
        if rng.random() >= share:
            return {}
        strategy = weighted(rng, HEAT)
        facts = {"heat_strategy": strategy}
        if strategy != "open":
            start = rng.choice(range(2025, 2051, 5))
            facts.update(off_gas_from=start, off_gas_until=start + 5 if rng.random() < 0.5 else None)
        facts["promising_start_area"] = rng.random() < 0.05
        if rng.random() < 0.1:
            facts["wup_status"] = rng.choice(["preparing", "consultation", "adopted"])
            facts["wup_date"] = self.day(0, 700)
        return facts

    def roles_and_goals(self):
        rng = self.rng
        roles_by_framework = defaultdict(list)
        for role in NeighbourhoodRole.objects.filter(framework__active=True).select_related("framework"):
            roles_by_framework[role.framework].append(role)
        frameworks = sorted(roles_by_framework, key=lambda f: (f.order, f.pk))
        chosen = [w for w in self.wijken if rng.random() < 0.35] + [b for b in self.buurten if rng.random() < 0.08]
        decisions, role_pairs, dominant_pairs = [], [], []
        for n in chosen:
            decisions.append(
                RoleDecision(
                    neighbourhood=n,
                    rationale=text(rng),
                    room_for_initiatives=rng.choice(["little", "some", "much"]),
                    decided_by=rng.choice(["College van B en W", "Gemeenteraad", ""]),
                    decided_on=self.day(30, 900),
                )
            )
        RoleDecision.objects.bulk_create(decisions, batch_size=BATCH)
        for decision in decisions:
            framework = rng.choice(frameworks) if frameworks else None
            if framework is None:
                continue
            picked = rng.sample(
                roles_by_framework[framework], k=min(len(roles_by_framework[framework]), rng.randint(1, 3))
            )
            role_pairs += [(decision.pk, r.pk) for r in picked]
            if framework.has_dominant:
                dominant_pairs.append((decision.pk, picked[0].pk))
            self.entry(decision)
        link(RoleDecision.roles, role_pairs)
        link(RoleDecision.dominant_roles, dominant_pairs)

        # Step 2: a goal per horizon for a share; a few have only a short-term goal (step 2 open).
        goals, goal_links, specs = [], [], []
        for n in self.buurten + self.wijken:
            draw = rng.random()
            share = 0.2 if n.kind == Neighbourhood.Kind.BUURT else 0.1
            horizons = ["kort", "middellang", "lang"] if draw < share else ["kort"] if draw < share + 0.05 else []
            for horizon in horizons:
                baseline = rng.randint(0, 50)
                goals.append(
                    Goal(
                        horizon=horizon,
                        title=rng.choice(GOAL_TITLES[horizon]),
                        description=text(rng, 1),
                        unit=rng.choice(["woningen", "%", "bijeenkomsten"]),
                        baseline=baseline,
                        target_value=baseline + rng.randint(10, 400),
                        target_date=self.day(-3000, -30),
                        source=rng.choice(["tvw", "wup", "wijkkompas"]),
                        status=rng.choice(["planned", "on_track", "at_risk", "achieved"]),
                    )
                )
                specs.append(n.pk)
        Goal.objects.bulk_create(goals, batch_size=BATCH)
        self.goals_of = defaultdict(list)
        for goal, n_pk in zip(goals, specs, strict=True):
            goal_links.append((goal.pk, n_pk))
            self.goals_of[n_pk].append(goal.pk)
            self.entry(goal)
        link(Goal.neighbourhoods, goal_links)
        progress = []
        for goal in goals:
            if rng.random() < 0.3:
                for _ in range(rng.randint(1, 3)):
                    progress.append(
                        GoalProgress(
                            goal=goal,
                            date=self.day(0, 500),
                            value=rng.randint(0, 400),
                            note=text(rng, 1),
                            author=rng.choice(self.staff),
                        )
                    )
        GoalProgress.objects.bulk_create(progress, batch_size=BATCH)
        self.counts.update(role_decisions=len(decisions), goals=len(goals), goal_progress=len(progress))

    def initiatives(self):
        rng = self.rng
        themes = list(Theme.objects.order_by("order", "pk"))
        n = scaled("initiatives", self.scale)
        initiatives, neighbourhood_pairs, theme_pairs, specs = [], [], [], []
        for i in range(n):
            wijk = rng.choice(self.wijken)
            if rng.random() < 0.3:
                places = [wijk]
            else:
                buurten = self.buurten_of[wijk.pk]
                places = rng.sample(buurten, k=min(len(buurten), rng.randint(1, 3)))
            place = places[0].name.split(" (")[0]
            if rng.random() < 0.01 and self.left:
                contact, deputy = self.left[0], self.left[1 % len(self.left)]
            else:
                contact = rng.choice(self.staff)
                deputy = (
                    rng.choice([s for s in self.staff[:12] if s != contact] or [None]) if rng.random() < 0.8 else None
                )
            initiatives.append(
                Initiative(
                    name=f"{rng.choice(INITIATIVE_KINDS)} {place} {wijk.municipality_name} {i + 1:04d} (fictief)",
                    legal_form=rng.choice(["vereniging", "cooperatie", "stichting", "informeel"]),
                    email=f"info-{i + 1:04d}@{DOMAIN}",
                    phone=f"06-{rng.randint(10000000, 99999999)}",
                    address=f"Dorpsstraat {rng.randint(1, 200)}\n{wijk.municipality_name}",
                    website=f"https://initiatief-{i + 1:04d}.{DOMAIN}",
                    phase=rng.choice(["exploring", "planning", "development", "execution"]),
                    members=rng.randint(3, 400),
                    households_reached=rng.randint(0, 2000) if rng.random() < 0.6 else None,
                    notes=text(rng, 1),
                    contact=contact,
                    deputy=deputy,
                )
            )
            specs.append((places, rng.sample(themes, k=min(len(themes), rng.randint(1, 3)))))
        Initiative.objects.bulk_create(initiatives, batch_size=BATCH)
        log, coordinators, invitations = [], [], []
        self.places_of = {}
        for initiative, (places, picked) in zip(initiatives, specs, strict=True):
            neighbourhood_pairs += [(initiative.pk, p.pk) for p in places]
            theme_pairs += [(initiative.pk, t.pk) for t in picked]
            self.places_of[initiative.pk] = places
            self.entry(initiative, actor=initiative.contact)
            for _ in range(rng.randint(1, 6)):
                log.append(
                    ContactLogEntry(
                        initiative=initiative,
                        date=self.day(0, 700),
                        kind=rng.choice(["meeting", "call", "mail", "decision", "other"]),
                        participants="gemeente, bestuur initiatief",
                        summary=text(rng, 2),
                        visibility=rng.choice(["shared", "internal"]),
                        author=initiative.contact,
                    )
                )
            if rng.random() < 0.4:
                coordinators.append(
                    User(
                        email=f"coordinator-{initiative.pk:05d}@{DOMAIN}",
                        full_name=f"Coördinator {initiative.pk:05d}",
                        role=Role.COORDINATOR,
                        password=self.password,
                    )
                )
        link(Initiative.neighbourhoods, neighbourhood_pairs)
        link(Initiative.themes, theme_pairs)
        ContactLogEntry.objects.bulk_create(log, batch_size=BATCH)
        User.objects.bulk_create(coordinators, batch_size=BATCH)
        self.coordinator_of = {}
        by_pk = {i.pk: i for i in initiatives}
        access = []
        for user in coordinators:
            initiative = by_pk[int(user.email.split("-")[1].split("@")[0])]
            self.coordinator_of[initiative.pk] = user
            access.append(CoordinatorAccess(user=user, initiative=initiative))
        CoordinatorAccess.objects.bulk_create(access, batch_size=BATCH)
        now = timezone.now()
        for initiative in initiatives:
            if rng.random() < 0.05:
                state = rng.random()
                invitations.append(
                    Invitation(
                        initiative=initiative,
                        email=f"nieuw-{initiative.pk:05d}@{DOMAIN}",
                        token_hash=hashlib.sha256(f"bench-{self.seed}-{initiative.pk}".encode()).hexdigest(),
                        invited_by=initiative.contact,
                        expires_at=now + datetime.timedelta(hours=rng.randint(-200, 72)),
                        accepted_at=now if state < 0.3 else None,
                    )
                )
        Invitation.objects.bulk_create(invitations, batch_size=BATCH)
        self.initiative_list = initiatives
        self.counts.update(
            initiatives=len(initiatives),
            contact_log=len(log),
            coordinators=len(coordinators),
            invitations=len(invitations),
        )

    def assessments_for(self, status: str, started: datetime.date):
        """Assessment rows (unsaved) and the intensity and review date the latest one sets."""
        rng = self.rng
        if status == "exploring" and rng.random() < 0.5:
            return [], "", None
        rows, level, review = [], "", None
        moments = sorted(
            {
                self.today - datetime.timedelta(days=rng.randint(0, max(0, (self.today - started).days)))
                for _ in range(rng.randint(1, 2))
            }
        )
        for assessed_on in moments:
            answers = {
                "goal_clear": rng.random() < 0.9,
                "exploring": rng.random() < 0.3,
                "narrow_goals": rng.random() < 0.3,
                "project_development": rng.random() < 0.35,
                "large_scale": rng.random() < 0.3,
                "last_recalibrated": assessed_on - datetime.timedelta(days=rng.randint(0, 500))
                if rng.random() < 0.9
                else None,
            }
            result = intensity.assess(**answers, today=assessed_on)
            suggested = result.level or ""
            chosen, reason = suggested, ""
            if rng.random() < 0.15:
                chosen = rng.choice(list(LEVELS))
                reason = "" if chosen == suggested else "Bench: het college koos bewust een ander niveau."
            rows.append(
                Assessment(
                    assessed_on=assessed_on,
                    suggested_level=suggested,
                    chosen_level=chosen,
                    override_reason=reason,
                    **answers,
                )
            )
            level, review = chosen, result.review_date
        return rows, level, review

    def partnerships(self):
        rng = self.rng
        partnerships, assessments, changes = [], [], []
        for initiative in self.initiative_list:
            status = weighted(rng, STATUSES)
            started = self.day(20, 1400)
            rows, level, review = self.assessments_for(status, started)
            stopped = status == "stopped_together"
            partnerships.append(
                Partnership(
                    initiative=initiative,
                    policy_version=self.policy,
                    status=status,
                    started_on=started,
                    start_reason="Bench: gestart voordat stap 1 en 2 overal klaar waren." if rng.random() < 0.5 else "",
                    review_date=review,
                    intensity=level,
                    stop_reasons=text(rng, 2) if stopped else "",
                    stop_agreed_by="Contactpersoon gemeente en bestuur initiatief" if stopped else "",
                    stop_date=self.day(0, 200) if stopped else None,
                )
            )
            assessments.append(rows)
        Partnership.objects.bulk_create(partnerships, batch_size=BATCH)
        neighbourhood_pairs = []
        flat = []
        for partnership, rows in zip(partnerships, assessments, strict=True):
            neighbourhood_pairs += [(partnership.pk, n.pk) for n in self.places_of[partnership.initiative_id]]
            actor = partnership.initiative.contact
            for row in rows:
                row.partnership, row.author = partnership, actor
                flat.append(row)
            path = STATUS_PATHS[partnership.status]
            for before, after in zip([""] + path[:-1], path, strict=True):
                changes.append(StatusChange(partnership=partnership, from_status=before, to_status=after, by=actor))
                if before:
                    self.entry(
                        partnership,
                        action=ChangeEntry.Action.TRANSITION,
                        actor=actor,
                        changes=[history.change(Partnership, "status", before, after)],
                    )
            self.entry(partnership, actor=actor)
        link(Partnership.neighbourhoods, neighbourhood_pairs)
        Assessment.objects.bulk_create(flat, batch_size=BATCH)
        StatusChange.objects.bulk_create(changes, batch_size=BATCH)
        self.partnership_list = partnerships
        self.counts.update(partnerships=len(partnerships), assessments=len(flat), status_changes=len(changes))

    def partnership_file(self):
        rng = self.rng
        conversations, specs = [], []
        for p in self.partnership_list:
            count = (
                rng.randint(0, 1)
                if p.status == "exploring"
                else rng.randint(1, 3 if p.status == "in_conversation" else 5)
            )
            for _ in range(count):
                # A few are planned: the next conversation lies ahead.
                when = self.day(-30, -1) if rng.random() < 0.05 else self.day(0, (self.today - p.started_on).days)
                conversations.append(
                    Conversation(
                        partnership=p,
                        date=when,
                        participants="gemeente, initiatief",
                        summary=text(rng, 3),
                        internal_notes=text(rng, 1) if rng.random() < 0.5 else "",
                        outcome=rng.choice(["continue", "formalise", "pause", ""]),
                        author=p.initiative.contact,
                    )
                )
        Conversation.objects.bulk_create(conversations, batch_size=BATCH)
        needs, shared, goal_pairs, comments = [], [], [], []
        for c in conversations:
            p = c.partnership
            coordinator = self.coordinator_of.get(p.initiative_id)
            for _ in range(rng.randint(1, 4)):
                needs.append(
                    Need(
                        conversation=c,
                        direction=rng.choice(["initiative", "municipality"]),
                        category=rng.choice(["knowledge", "budget", "capacity", "data", "mandate", "reach", "other"]),
                        description=text(rng, 1),
                        met=rng.random() < 0.4,
                        author=p.initiative.contact,
                    )
                )
            if rng.random() < 0.4:
                goal = SharedGoal(conversation=c, description=text(rng, 1), author=p.initiative.contact)
                shared.append(goal)
                available = [g for n in self.places_of[p.initiative_id] for g in self.goals_of.get(n.pk, [])]
                specs.append(rng.sample(available, k=min(len(available), rng.randint(0, 2))))
            for _ in range(rng.choice([0, 0, 1, 2])):
                comments.append(Comment(conversation=c, text=text(rng, 1), author=coordinator or p.initiative.contact))
            self.entry(c, actor=p.initiative.contact)
        Need.objects.bulk_create(needs, batch_size=BATCH)
        SharedGoal.objects.bulk_create(shared, batch_size=BATCH)
        for goal, picked in zip(shared, specs, strict=True):
            goal_pairs += [(goal.pk, g) for g in picked]
        link(SharedGoal.neighbourhood_goals, goal_pairs)
        Comment.objects.bulk_create(comments, batch_size=BATCH)

        by_partnership = defaultdict(list)
        for c in conversations:
            by_partnership[c.partnership_id].append(c)
        activities = []
        for p in self.partnership_list:
            coordinator = self.coordinator_of.get(p.initiative_id)
            for _ in range(rng.randint(0, 2) if p.status == "exploring" else rng.randint(2, 8)):
                due = self.day(-300, 150) if rng.random() < 0.9 else None
                responsible = rng.choice(["open", "municipality", "initiative", "both", "third_party"])
                if due and due < self.today:
                    status = weighted(rng, [("done", 45), ("dropped", 10), ("planned", 25), ("in_progress", 20)])
                else:
                    status = weighted(rng, [("planned", 60), ("in_progress", 35), ("done", 5)])
                own = by_partnership.get(p.pk)
                activities.append(
                    Activity(
                        partnership=p,
                        conversation=rng.choice(own) if own and rng.random() < 0.5 else None,
                        what=rng.choice(WHAT),
                        responsible=responsible,
                        third_party="Woningcorporatie" if responsible == "third_party" else "",
                        due_date=due,
                        status=status,
                        author=p.initiative.contact,
                        taken_on_by=coordinator if responsible == "initiative" and coordinator else None,
                    )
                )
        Activity.objects.bulk_create(activities, batch_size=BATCH)
        overdue = sum(a.is_overdue(self.today) for a in activities)
        self.counts.update(
            conversations=len(conversations),
            needs=len(needs),
            shared_goals=len(shared),
            comments=len(comments),
            activities=len(activities),
            overdue_activities=overdue,
        )

    def wijkkompas(self):
        rng = self.rng
        tracks = list(Track.objects.order_by("key"))
        phases = list(Phase.objects.order_by("order"))
        nodes = list(Node.objects.order_by("pk"))
        if not (tracks and phases):
            self.counts["discussions"] = 0
            return
        firsts, seconds = [], []
        for p in self.partnership_list:
            if p.status == "exploring" or rng.random() >= 0.45:
                continue
            two = rng.random() < 0.35
            days = max(2, (self.today - p.started_on).days)
            first = Discussion(
                partnership=p,
                date=self.day(days // 2 + 1, days),
                municipality_phase=rng.choice(phases[:3]),
                initiative_phase=rng.choice(phases[:3]),
                municipality_next_year=text(rng, 1),
                initiative_next_year=text(rng, 1),
                created_by=p.initiative.contact,
            )
            complete = two or rng.random() < 0.5
            first.completed_on = first.date if complete else None
            firsts.append(first)
            if two:
                seconds.append(
                    Discussion(
                        partnership=p,
                        date=self.day(0, days // 2),
                        municipality_phase=rng.choice(phases[1:]),
                        initiative_phase=rng.choice(phases[1:]),
                        municipality_next_year=text(rng, 1),
                        initiative_next_year=text(rng, 1),
                        created_by=p.initiative.contact,
                    )
                )
        Discussion.objects.bulk_create(firsts, batch_size=BATCH)
        first_of = {d.partnership_id: d for d in firsts}
        for d in seconds:
            d.started_from = first_of[d.partnership_id]
            d.completed_on = d.date if rng.random() < 0.4 else None
        Discussion.objects.bulk_create(seconds, batch_size=BATCH)
        views, needs = [], []
        first_views, first_needs = {}, {}
        for d in firsts + seconds:
            previous = d.started_from
            for track in tracks:
                old = first_views.get((previous.pk, track.pk)) if previous else None
                if old is not None and rng.random() < 0.7:
                    view = TrackView(
                        discussion=d,
                        track=track,
                        municipality_active=old.municipality_active,
                        municipality_note=old.municipality_note,
                        municipality_role=old.municipality_role,
                        initiative_active=old.initiative_active,
                        initiative_note=old.initiative_note,
                    )
                else:
                    filled = d.completed_on is not None or rng.random() < 0.6
                    view = TrackView(
                        discussion=d,
                        track=track,
                        municipality_active=rng.choice([True, False, None]),
                        municipality_note=text(rng, 1) if rng.random() < 0.5 else "",
                        municipality_role=f"Rol en inzet van de gemeente op spoor {track.key}." if filled else "",
                        initiative_active=rng.choice([True, False, None]),
                        initiative_note=text(rng, 1) if rng.random() < 0.5 else "",
                    )
                if previous is None:
                    first_views[(d.pk, track.pk)] = view
                views.append(view)
            if d.partnership.intensity in {"", "licht"} or not nodes:
                continue
            copied = list(first_needs.get(previous.pk, [])) if previous else []
            fresh = [
                NodeNeed(
                    discussion=d,
                    node=rng.choice(nodes),
                    direction=rng.choice(["municipality_needs", "initiative_needs", "mutual"]),
                    what=text(rng, 1),
                    next_step=rng.choice(WHAT) if rng.random() < 0.7 else "",
                    owner=rng.choice(["municipality", "initiative", "both", ""]),
                    author=d.created_by,
                )
                for _ in range(rng.randint(0 if previous else 1, 4))
            ]
            own = [
                NodeNeed(
                    discussion=d,
                    node=n.node,
                    direction=n.direction,
                    what=n.what,
                    next_step=n.next_step,
                    owner=n.owner,
                    author=n.author,
                )
                for n in copied
                if rng.random() < 0.8
            ] + fresh
            if previous is None:
                first_needs[d.pk] = own
            needs += own
        TrackView.objects.bulk_create(views, batch_size=BATCH)
        NodeNeed.objects.bulk_create(needs, batch_size=BATCH)
        for d in firsts + seconds:
            self.entry(d, actor=d.created_by)
        self.counts.update(discussions=len(firsts) + len(seconds), track_views=len(views), node_needs=len(needs))

    def drafts(self):
        """Draft agreements through the services, so sections and frozen snapshots are the real thing."""

        rng = self.rng
        clauses = [
            Clause(section="inspanning", title="Inspanningsverplichting (standaard)", text=text(rng, 2)),
            Clause(section="geschillen", title="Geschillen in onderling overleg", text=text(rng, 2)),
            Clause(section="overleg", title="Vast overleg", text="Partijen overleggen ten minste eens per kwartaal."),
            Clause(section="communicatie", title="Gezamenlijke communicatie", text=text(rng, 2)),
        ]
        Clause.objects.bulk_create(clauses)
        eligible = {"agreements_recorded", "active", "review_due", "ended"}
        drafts = versions = 0
        comments = []
        # An ended partnership's agreement was drafted while it was still active: the services refuse
        # changes to a closed partnership, so these are active while their drafts are made.
        ended = [p.pk for p in self.partnership_list if p.status == Partnership.Status.ENDED]
        Partnership.objects.filter(pk__in=ended).update(status=Partnership.Status.ACTIVE)
        for p in self.partnership_list:
            if p.status not in eligible or rng.random() >= 0.6:
                continue
            staff = p.initiative.contact if p.initiative.contact and p.initiative.contact.is_active else self.staff[0]
            forms = LEVELS[p.intensity]["forms"] if p.intensity in LEVELS else ["samenwerkingsverklaring"]
            draft = services.create_draft(p, form=rng.choice(forms), actor=staff)
            sections = list(DraftSection.objects.filter(draft=draft))
            for section in sections:
                if not section.text:
                    section.text = "\n\n".join(text(rng, 3) for _ in range(rng.randint(1, 2)))
            DraftSection.objects.bulk_update(sections, ["text"], batch_size=BATCH)
            version = services.freeze(draft, actor=staff)
            drafts, versions = drafts + 1, versions + 1
            outcome = rng.random()
            coordinator = self.coordinator_of.get(p.initiative_id)
            if outcome < 0.4:
                services.agree(version, side="municipality", actor=staff)
                services.agree(version, side="initiative", actor=coordinator)
            elif outcome < 0.65:
                services.agree(version, side="municipality", actor=staff)
            elif outcome < 0.75:
                services.agree(version, side="initiative", actor=coordinator)
            for _ in range(rng.choice([0, 0, 1, 2])):
                comments.append(
                    SectionComment(
                        draft=draft,
                        section=rng.choice(sections).key,
                        version_number=version.number,
                        text=text(rng, 1),
                        author=coordinator or staff,
                    )
                )
        Partnership.objects.filter(pk__in=ended).update(status=Partnership.Status.ENDED)
        SectionComment.objects.bulk_create(comments, batch_size=BATCH)
        self.counts.update(drafts=drafts, draft_versions=versions, section_comments=len(comments))

    def meetings_and_documents(self):
        """Meetings (past ones with a report and a comment) and documents with one small file each, for
        the partnerships past their exploration. The files are written for real (a few bytes each) under
        MEDIA_ROOT/documents/bench/, one per document."""
        rng = self.rng
        now = timezone.now()
        meetings, reports, comments, participants = [], [], [], []
        documents, versions = [], []
        for p in self.partnership_list:
            if p.status == "exploring":
                continue
            coordinator = self.coordinator_of.get(p.initiative_id)
            contact = p.initiative.contact
            for _ in range(rng.randint(1, 5)):
                starts = now - datetime.timedelta(days=rng.randint(-30, 600), hours=rng.randint(0, 8))
                meetings.append(
                    Meeting(
                        partnership=p,
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(minutes=90),
                        location="Buurthuis De Bench",
                        agenda=text(rng, 3),
                        created_by=contact,
                    )
                )
            for _ in range(rng.randint(0, 4)):
                documents.append(
                    Document(
                        partnership=p,
                        title=f"Bench-document {rng.randint(1, 9999)}",
                        description=text(rng, 1),
                        shared_with_initiative=rng.random() < 0.6,
                        created_by=contact,
                    )
                )
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        for meeting in meetings:
            coordinator = self.coordinator_of.get(meeting.partnership.initiative_id)
            participants.append((meeting.pk, meeting.created_by_id))
            if coordinator:
                participants.append((meeting.pk, coordinator.pk))
            if meeting.ends_at < now:
                reports.append(
                    MeetingReport(
                        meeting=meeting, discussed=text(rng, 4), decisions=text(rng, 2), written_by=meeting.created_by
                    )
                )
                if rng.random() < 0.5:
                    comments.append(
                        MeetingComment(meeting=meeting, text=text(rng, 1), author=coordinator or meeting.created_by)
                    )
        link(Meeting.participants, participants)
        MeetingReport.objects.bulk_create(reports, batch_size=BATCH)
        MeetingComment.objects.bulk_create(comments, batch_size=BATCH)
        Document.objects.bulk_create(documents, batch_size=BATCH)
        media = Path(settings.MEDIA_ROOT)
        folder = media / "documents" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        for document in documents:
            content = f"Bench document {document.pk}\n".encode()
            name = f"documents/bench/{self.seed}-{document.pk}.txt"
            (media / name).write_bytes(content)
            versions.append(
                DocumentVersion(
                    document=document,
                    number=1,
                    file=name,
                    original_name=f"document-{document.pk}.txt",
                    size=len(content),
                    content_type="text/plain",
                    extension="txt",
                    sha256=hashlib.sha256(content).hexdigest(),
                    uploaded_by=document.created_by,
                )
            )
        DocumentVersion.objects.bulk_create(versions, batch_size=BATCH)
        for document, version in zip(documents, versions, strict=True):
            document.current = version
        Document.objects.bulk_update(documents, ["current"], batch_size=BATCH)
        self.counts.update(
            meetings=len(meetings),
            meeting_reports=len(reports),
            documents=len(documents),
            document_versions=len(versions),
        )

    def notifications(self):
        """The inbox of the named staff (200 each, a third unread) and of every coordinator (10 each)."""
        rng = self.rng
        kinds = ["meeting_planned", "document_added", "need_added", "report_written"]
        rows = []
        partnerships = self.partnership_list
        recipients = [(u, 200) for u in User.objects.filter(email__in=[e for e, _n, _r in NAMED_STAFF])]
        recipients += [(u, 10) for u in self.coordinator_of.values()]
        by_initiative = {p.initiative_id: p for p in partnerships}
        coordinated = {u.pk: i for i, u in self.coordinator_of.items()}
        for user, count in recipients:
            for _ in range(count):
                p = by_initiative[coordinated[user.pk]] if user.pk in coordinated else rng.choice(partnerships)
                rows.append(
                    Notification(
                        recipient=user,
                        partnership=p,
                        kind=rng.choice(kinds),
                        actor_name="Bench",
                        url=f"/partnerschappen/{p.pk}/",
                        summary=text(rng, 1)[:200],
                        read_at=None if rng.random() < 0.33 else timezone.now(),
                    )
                )
        Notification.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["notifications"] = len(rows)

    def write_history(self):
        ChangeEntry.objects.bulk_create(self.history, batch_size=BATCH)
        self.counts["history_entries"] = len(self.history)


class Command(BaseCommand):
    help = (
        "Generate deterministic national-scale benchmark data (bench/run.py). Refuses a database that "
        "already has neighbourhoods unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random generator (default 1).")
        parser.add_argument("--scale", type=float, default=1.0, help="Fraction of the national size (default 1.0).")
        parser.add_argument(
            "--force", action="store_true", help="Run even though the database already holds neighbourhoods."
        )

    def handle(self, *args, seed, scale, force, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        if Neighbourhood.objects.exists() and not force:
            raise CommandError(
                "This database already holds neighbourhoods: generate_bench_data only fills an empty "
                "(benchmark) database. Use --force to add the benchmark data anyway."
            )
        verbose = options.get("verbosity", 1) >= 1
        start = time.perf_counter()
        generator = Generator(random.Random(seed), scale, seed, self.stdout.write if verbose else lambda _m: None)
        with transaction.atomic():
            counts = generator.run()
        if verbose:
            self.stdout.write(f"Benchmark data (seed {seed}, scale {scale:g}) in {time.perf_counter() - start:.1f} s:")
            for name, value in counts.items():
                self.stdout.write(f"  {name:20} {value:>8,}")
            self.stdout.write(f"Log in as {NAMED_STAFF[0][0]} with password {PASSWORD}.")
