"""The printable overview for the executive and the council: a one-page summary (figures and small
charts), then one page per partnership; neighbourhoods with nothing chosen are counted, not listed."""

from django.db.models import Count, Prefetch
from django.utils import timezone

from agreements.models import Draft, DraftVersion, SignedScan
from neighbourhoods import queries
from neighbourhoods.branding import pdf_brand
from neighbourhoods.models import Municipality, Neighbourhood
from partnerships.models import Initiative, Partnership
from partnerships.reference_data import LEVELS
from policies.models import PolicyVersion


def overview_rows(area_code=None):
    """Every neighbourhood (of one municipality, when given) with its effective role, goals and
    the initiatives (with partnership) there.

    A fixed number of queries whatever the size: annotations and prefetches only."""
    initiatives = Initiative.objects.select_related("partnership").order_by("name")
    neighbourhoods = queries.in_area(Neighbourhood.objects.all(), area_code)
    qs = queries.with_progress(queries.with_roles(neighbourhoods)).prefetch_related(
        "goals", Prefetch("initiatives", queryset=initiatives)
    )
    rows = []
    for n in qs.order_by("code"):
        decision, inherited = queries.effective_decision(n)
        rows.append({"neighbourhood": n, "decision": decision, "inherited": inherited})
    return rows


def chosen(row) -> bool:
    """Something was chosen for this neighbourhood: a role, a goal, or an initiative works there."""
    n = row["neighbourhood"]
    return bool(row["decision"] or n.goals.all() or n.initiatives.all())


def _bars(counts: list[tuple[str, int]]) -> list[dict]:
    """Label, count and a bar width (percent of the largest) for a small chart."""
    top = max((n for _label, n in counts), default=0) or 1
    return [{"label": label, "count": n, "width": round(100 * n / top)} for label, n in counts]


def _agreement_state(partnership) -> str:
    drafts = list(partnership.drafts.all())
    if not drafts:
        return "nog geen concept"
    draft = drafts[0]
    scans = list(draft.scans.all())
    if scans:
        return f"ondertekend op {scans[0].signed_on:%d-%m-%Y}" if scans[0].signed_on else "ondertekend"
    versions = list(draft.versions.all())
    if draft.status == Draft.Status.FINAL:
        return f"{draft.get_form_display()}: door beide partijen akkoord, nog niet ondertekend"
    if versions:
        return f"{draft.get_form_display()}: in bespreking, versie {versions[0].number}"
    return f"{draft.get_form_display()}: in voorbereiding"


def summary(rows, partnerships, today) -> dict:
    with_role = sum(1 for r in rows if r["decision"])
    with_goals = sum(1 for r in rows if any(getattr(r["neighbourhood"], f"goals_{h}") for h in queries.HORIZONS))
    nothing = [
        r
        for r in rows
        if not r["decision"] and not r["neighbourhood"].goals.all() and not r["neighbourhood"].initiatives.all()
    ]
    status_counts = dict(Partnership.objects.values_list("status").annotate(n=Count("pk")))
    intensity_counts = dict(Partnership.objects.values_list("intensity").annotate(n=Count("pk")))
    return {
        "neighbourhoods": len(rows),
        "steps": _bars([("Rol van de gemeente gekozen (stap 1)", with_role), ("Doelen gesteld (stap 2)", with_goals)]),
        "nothing_chosen": len(nothing),
        "by_status": _bars([(label, status_counts.get(value, 0)) for value, label in Partnership.Status.choices]),
        "by_intensity": _bars(
            [(str(level["label"]), intensity_counts.get(key, 0)) for key, level in LEVELS.items()]
            + [("nog niet bepaald", intensity_counts.get("", 0))]
        ),
        "partnerships": len(partnerships),
        "signed_this_year": SignedScan.objects.filter(signed_on__year=today.year).values("draft").distinct().count(),
        "agreed_this_year": DraftVersion.objects.filter(
            municipality_agreed_at__year=today.year, initiative_agreed_at__isnull=False
        ).count(),
    }


def partnership_pages(area_code=None) -> list[dict]:
    """One page per partnership, in a fixed number of queries."""
    neighbourhoods = queries.in_area(Neighbourhood.objects.all(), area_code).prefetch_related("goals").order_by("code")
    drafts = Draft.objects.prefetch_related(
        Prefetch("versions", queryset=DraftVersion.objects.order_by("-number")),
        Prefetch("scans", queryset=SignedScan.objects.order_by("-uploaded_at")),
    ).order_by("-created_at")
    partnerships = (
        Partnership.objects.select_related("initiative")
        .prefetch_related(
            Prefetch("initiative__neighbourhoods", queryset=neighbourhoods),
            Prefetch("drafts", queryset=drafts),
        )
        .order_by("initiative__name")
    )
    pages = []
    for p in partnerships:
        hoods = list(p.initiative.neighbourhoods.all())
        pages.append(
            {
                "partnership": p,
                "initiative": p.initiative,
                "neighbourhoods": hoods,
                "goals": sorted({g.title for n in hoods for g in n.goals.all()}),
                "intensity": str(LEVELS[p.intensity]["label"]) if p.intensity in LEVELS else "nog niet bepaald",
                "agreement": _agreement_state(p),
            }
        )
    return pages


def context():
    municipality = Municipality.current()
    today = timezone.localdate()
    # After a national import: the own municipality's neighbourhoods, not a PDF of 17,000 rows.
    area = queries.own_area(municipality)
    rows = overview_rows(area)
    pages = partnership_pages(area)
    return {
        "municipality": municipality,
        "brand": pdf_brand(municipality),  # logo and main colour
        "policy": PolicyVersion.objects.current(),
        "summary": summary(rows, pages, today),
        "pages": pages,
        # Only neighbourhoods where something was chosen; the rest are counted in the summary.
        "rows": [r for r in rows if chosen(r)],
        "today": today,
    }
