"""The first text of each section, drafted from the partnership file (in Dutch, as documents are)."""

from django.utils import translation
from django.utils.formats import date_format

from neighbourhoods.models import Municipality
from neighbourhoods.queries import effective_decision, with_roles
from partnerships.models import CoordinatorAccess, Need, SharedGoal

RESPONSIBLE = {"municipality": "gemeente", "initiative": "initiatief", "both": "beide", "open": "nog te bepalen"}


def _one_line(text: str) -> str:
    return ", ".join(line.strip() for line in (text or "").splitlines() if line.strip())


def parties(partnership) -> dict:

    municipality = Municipality.current()
    initiative = partnership.initiative
    coordinators = [
        a.user.full_name or a.user.email
        for a in CoordinatorAccess.objects.filter(initiative=initiative, revoked_at__isnull=True).select_related("user")
    ]
    return {
        "municipality": municipality.name if municipality else "De gemeente",
        "municipality_address": _one_line(municipality.address) if municipality else "",
        "municipality_representative": str(initiative.contact) if initiative.contact else "",
        "initiative": initiative.name,
        "initiative_form": initiative.get_legal_form_display() if initiative.legal_form else "",
        "initiative_address": _one_line(initiative.address),
        "initiative_representatives": ", ".join(coordinators),
    }


def _dutch_date(day) -> str:
    """The agreement's text is Dutch whatever the writer's language: "28 november 2026"."""
    with translation.override("nl"):
        return date_format(day)


def activities(partnership) -> list[dict]:
    return [
        {
            "what": a.what,
            "responsible": a.third_party
            if a.responsible == "third_party"
            else RESPONSIBLE.get(a.responsible, a.responsible),
            "due": _dutch_date(a.due_date) if a.due_date else "",
            "status": a.get_status_display(),
        }
        for a in partnership.activities.all()
    ]


def texts(partnership, wijkkompas_outcome=None) -> dict[str, str]:
    p = parties(partnership)
    municipality = f"- **{p['municipality']}**"
    if p["municipality_address"]:
        municipality += f", {p['municipality_address']}"
    if p["municipality_representative"]:
        municipality += f", vertegenwoordigd door {p['municipality_representative']}"
    initiative = f"- **{p['initiative']}**"
    if p["initiative_form"]:
        initiative += f" ({p['initiative_form']})"
    if p["initiative_representatives"]:
        initiative += f", vertegenwoordigd door {p['initiative_representatives']}"
    result = {"partijen": f"{municipality}\n{initiative}"}
    neighbourhoods = list(with_roles(partnership.neighbourhoods.all()).prefetch_related("goals"))
    lines = []
    for n in neighbourhoods:
        decision, _inherited = effective_decision(n)
        roles = ", ".join(r.label for r in decision.roles.all()) if decision else "nog niet gekozen"
        lines.append(f"- {n.name}: rol van de gemeente {roles}")
        lines += [f"- {n.name}, doel ({g.get_horizon_display()}): {g.title}" for g in n.goals.all()]
    if lines:
        result["overwegingen"] = "De partijen werken samen in de wijkaanpak van:\n\n" + "\n".join(lines)
    goals = SharedGoal.objects.filter(conversation__partnership=partnership)
    if goals:
        result["doel"] = "\n".join(f"- {g.description}" for g in goals)
    if partnership.activities.exists():
        # The activities themselves are the table under this section (each activity once).
        result["activiteiten"] = "De partijen voeren de activiteiten in de tabel hieronder uit."
    support = Need.objects.filter(conversation__partnership=partnership, direction=Need.Direction.INITIATIVE)
    if support:
        result["ondersteuning"] = "\n".join(
            f"- {n.get_category_display()}: {n.description}{' (toegezegd)' if n.met else ''}" for n in support
        )
    if partnership.review_date:
        result["looptijd"] = (
            f"De partijen herijken de kernwaarden over duurzaamheid en governance uiterlijk "
            f"{_dutch_date(partnership.review_date)}."
        )
    if wijkkompas_outcome:
        d = wijkkompas_outcome["discussion"]
        tracks = [
            f"- spoor {v.track.key}: {v.municipality_role}" for v in wijkkompas_outcome["views"] if v.municipality_role
        ]
        if tracks:
            result["rolverdeling"] = "Rol en inzet van de gemeente per spoor van het Wijkkompas:\n\n" + "\n".join(
                tracks
            )
        steps = [f"- {n.node}: {n.next_step}" for n in wijkkompas_outcome["next_steps"]]
        phase = f"De gemeente ziet zich in fase {d.municipality_phase}, het initiatief in fase {d.initiative_phase}."
        result["fasering"] = phase + ("\n\nAfgesproken volgende stappen:\n\n" + "\n".join(steps) if steps else "")
    # The signature block per party follows this text in the document (agreements/document.py).
    result["ondertekening"] = (
        f"Aldus overeengekomen door {p['municipality']} en {p['initiative']} en in tweevoud ondertekend."
    )
    return result
