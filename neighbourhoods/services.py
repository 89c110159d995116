"""Changes to neighbourhoods, roles and goals. Each validates, saves and writes the history."""

from django.db import transaction

from core import history
from core.concurrency import update_versioned
from core.models import ChangeEntry
from neighbourhoods import cbs_facts, facts_import
from neighbourhoods.models import Goal, GoalProgress, Municipality, Neighbourhood, NeighbourhoodFact, RoleDecision

DECISION_META_FIELDS = [
    "rationale",
    "room_for_initiatives",
    "decided_by",
    "decided_on",
    "decision_reference",
    "review_date",
]
GOAL_FIELDS = [
    "horizon",
    "title",
    "description",
    "indicator",
    "unit",
    "baseline",
    "target_value",
    "target_date",
    "source",
    "status",
]


@transaction.atomic
def create_municipality(*, actor, values: dict) -> Municipality:
    municipality = Municipality.objects.create(**values)
    history.record_create(municipality, actor=actor, fields=list(values))
    return municipality


def create_with_history(model, *, actor, values: dict, note="", events=()):
    m2m = {k: v for k, v in values.items() if model._meta.get_field(k).many_to_many}
    obj = model.objects.create(**{k: v for k, v in values.items() if k not in m2m})
    for name, items in m2m.items():
        getattr(obj, name).set(items)
    history.record_create(obj, actor=actor, fields=list(values), note=note, events=events)
    return obj


@transaction.atomic
def set_role_decision(neighbourhood: Neighbourhood, *, actor, values: dict, expected_version=None, note=""):
    """Step 1 for one neighbourhood: create its own decision or update it (version-checked)."""
    decision = RoleDecision.objects.filter(neighbourhood=neighbourhood).first()
    if decision is None:
        return create_with_history(
            RoleDecision, actor=actor, values={"neighbourhood": neighbourhood, **values}, note=note
        )
    decision, _changes = update_versioned(
        decision,
        expected_version=decision.version if expected_version is None else expected_version,
        values=values,
        actor=actor,
        note=note,
    )
    return decision


@transaction.atomic
def set_role_decisions_in_bulk(neighbourhoods, *, actor, values: dict) -> int:
    """The same role choice for many neighbourhoods at once (after the user confirmed)."""
    note = "bulk"
    for neighbourhood in neighbourhoods:
        set_role_decision(neighbourhood, actor=actor, values=values, note=note)
    return len(neighbourhoods)


@transaction.atomic
def create_goal(*, actor, values: dict) -> Goal:
    return create_with_history(Goal, actor=actor, values=values)


@transaction.atomic
def copy_goals(goals, targets, *, actor) -> int:
    """Copy each goal to each target neighbourhood as a goal of its own, so progress is kept apart."""
    count = 0
    for target in targets:
        for goal in goals:
            values = {name: getattr(goal, name) for name in GOAL_FIELDS}
            values["status"] = Goal.Status.PLANNED
            values["neighbourhoods"] = [target]
            create_with_history(Goal, actor=actor, values=values, events=[history.event("copied_from", new=goal.pk)])
            count += 1
    return count


@transaction.atomic
def add_goal_progress(goal: Goal, *, actor, date, value, note) -> GoalProgress:
    progress = GoalProgress.objects.create(goal=goal, date=date, value=value, note=note, author=actor)
    history.record(
        goal,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[
            history.event(
                "progress", new=[history.part(progress, "date", date), history.part(progress, "value", value)]
            )
        ],
        note=note,
    )
    return progress


@transaction.atomic
def store_demo_facts(values: dict, *, actor=None) -> int:
    """Made-up CBS figures for the demo: {neighbourhood: {year: {fact key: value}}}.

    Stored with `demo` set and the demo source (cbs_facts.DEMO_SOURCE), so pages mark them; a
    neighbourhood that already has real CBS figures is left alone (real imports never mix with
    demo data, and a real import removes demo figures). The wijken get figures derived from these
    buurten, also marked as demo. Returns the number of figures written."""
    real = set(
        NeighbourhoodFact.objects.filter(neighbourhood__in=list(values), demo=False).values_list(
            "neighbourhood_id", flat=True
        )
    )
    existing = set(
        NeighbourhoodFact.objects.filter(neighbourhood__in=list(values), demo=True).values_list(
            "neighbourhood_id", "year", "key"
        )
    )
    new = [
        NeighbourhoodFact(neighbourhood=n, year=year, key=key, value=value, source=cbs_facts.DEMO_SOURCE, demo=True)
        for n, by_year in values.items()
        if n.pk not in real
        for year, facts in by_year.items()
        for key, value in facts.items()
        if (n.pk, year, key) not in existing
    ]
    NeighbourhoodFact.objects.bulk_create(new)
    changed = {f.neighbourhood for f in new}
    derived = facts_import.derive_wijk_facts({n.parent_id for n in changed if n.parent_id}, demo=True)
    for n in [*changed, *Neighbourhood.objects.filter(pk__in=derived)]:
        history.record(
            n, actor=actor, action=ChangeEntry.Action.UPDATE, changes=[history.event("cbs_facts", new="demo")]
        )
    return len(new)
