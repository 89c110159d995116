"""The text of each section, drafted from the partnership file (in Dutch, as documents are).

A draft is living: `sources` gives per section the text the file gives now and what it was built
from (its basis). A section keeps the basis it was last filled from; the draft page compares it
with the file's and offers the new text (services.take_over_source).
"""

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


def latest_discussion(partnership):
    """The latest Wijkkompas discussion of the partnership, open or completed, with the tracks
    either side is active on and the agreed next steps. Three queries; None without a discussion."""
    discussion = partnership.wijkkompas_discussions.select_related("municipality_phase", "initiative_phase").first()
    if discussion is None:
        return None
    return {
        "discussion": discussion,
        "views": [
            v for v in discussion.track_views.select_related("track") if v.municipality_active or v.initiative_active
        ],
        "next_steps": [n for n in discussion.node_needs.select_related("node") if n.next_step],
    }


def _phase(phase) -> str:
    return f"fase {phase}" if phase else "een nog niet gekozen fase"


def _need_lines(needs) -> str:
    return "\n".join(f"- {n.get_category_display()}: {n.description}{' (toegezegd)' if n.met else ''}" for n in needs)


def _activity_line(a: dict) -> str:
    details = [f"wie: {a['responsible']}"] + ([f"uiterlijk {a['due']}"] if a["due"] else []) + [a["status"]]
    return f"- {a['what']} ({', '.join(details)})"


def sources(partnership) -> dict[str, tuple[str, str]]:
    """Per section key: (the text the file gives now, what it is built from). The basis is the text
    itself, except for the activities section: its text points to the table, which follows the
    file; its basis lists the activities, so that a changed activity shows as a changed source."""
    current = texts(partnership, latest_discussion(partnership))
    result = {key: (text, text) for key, text in current.items()}
    listed = activities(partnership)
    if listed:
        text = current.get("activiteiten", "")
        result["activiteiten"] = (text, text + "\n\n" + "\n".join(_activity_line(a) for a in listed))
    return result


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
    # The needs of both sides: what the initiative needs of the municipality, and the other way round.
    needs = list(Need.objects.filter(conversation__partnership=partnership).order_by("direction", "id"))
    support = [n for n in needs if n.direction == Need.Direction.INITIATIVE]
    asked = [n for n in needs if n.direction == Need.Direction.MUNICIPALITY]
    if support and asked:
        result["ondersteuning"] = (
            "Wat het initiatief nodig heeft van de gemeente:\n\n"
            + _need_lines(support)
            + "\n\nWat de gemeente nodig heeft van het initiatief:\n\n"
            + _need_lines(asked)
        )
    elif support:
        result["ondersteuning"] = _need_lines(support)
    elif asked:
        result["ondersteuning"] = "Wat de gemeente nodig heeft van het initiatief:\n\n" + _need_lines(asked)
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
        phase = (
            f"De gemeente ziet zich in {_phase(d.municipality_phase)}, het initiatief in {_phase(d.initiative_phase)}."
        )
        if not d.completed_on:
            # The latest discussion counts, also before it is completed: say so.
            phase = f"Uit het Wijkkompas-gesprek van {_dutch_date(d.date)} (nog niet afgerond): d{phase[1:]}"
        result["fasering"] = phase + ("\n\nAfgesproken volgende stappen:\n\n" + "\n".join(steps) if steps else "")
    # The signature block per party follows this text in the document (agreements/document.py).
    result["ondertekening"] = (
        f"Aldus overeengekomen door {p['municipality']} en {p['initiative']} en in tweevoud ondertekend."
    )
    return result
