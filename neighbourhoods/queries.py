"""Read-side helpers: step progress and effective roles, in a fixed number of queries."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from neighbourhoods.models import Goal, Neighbourhood, Role, RoleDecision

HORIZONS = [h for h, _label in Goal.Horizon.choices]  # kort, middellang, lang: in time order


def with_progress(queryset):
    """Annotate step 1 (own or inherited role) and step 2 (a goal per horizon)."""
    decided = RoleDecision.objects.filter(roles__isnull=False)
    annotations = {
        "has_own_role": Exists(decided.filter(neighbourhood=OuterRef("pk"))),
        "has_inherited_role": Exists(decided.filter(neighbourhood=OuterRef("parent_id"))),
    }
    for horizon in HORIZONS:
        annotations[f"goals_{horizon}"] = Exists(Goal.objects.filter(neighbourhoods=OuterRef("pk"), horizon=horizon))
    return queryset.annotate(**annotations)


def step_filter(step: str) -> Q:
    role = Q(has_own_role=True) | Q(has_inherited_role=True)
    goals = Q(goals_kort=True, goals_middellang=True, goals_lang=True)
    return {
        "step1_open": ~role,
        "step2_open": ~goals,
        "done": role & goals,
    }.get(step, Q())


def role_filter(role: Role) -> Q:
    """Neighbourhoods whose effective role set contains `role` (own decision, else the wijk's)."""
    own = RoleDecision.objects.filter(neighbourhood=OuterRef("pk"), roles=role)
    has_own = RoleDecision.objects.filter(neighbourhood=OuterRef("pk"), roles__isnull=False)
    inherited = RoleDecision.objects.filter(neighbourhood=OuterRef("parent_id"), roles=role)
    return Q(Exists(own)) | (~Q(Exists(has_own)) & Q(Exists(inherited)))


def with_roles(queryset):
    """Prefetch the own and the wijk's decision with their roles (a fixed number of queries)."""
    roles = Role.objects.select_related("framework")
    return queryset.select_related("parent", "role_decision", "parent__role_decision").prefetch_related(
        Prefetch("role_decision__roles", queryset=roles),
        Prefetch("role_decision__dominant_roles", queryset=roles),
        Prefetch("parent__role_decision__roles", queryset=roles),
        Prefetch("parent__role_decision__dominant_roles", queryset=roles),
    )


def decision_of(neighbourhood: Neighbourhood):
    try:
        return neighbourhood.role_decision
    except RoleDecision.DoesNotExist:
        return None


def effective_decision(neighbourhood: Neighbourhood):
    """(decision, inherited): the neighbourhood's own role decision, else its wijk's."""
    own = decision_of(neighbourhood)
    if own is not None and own.roles.all():
        return own, False
    if neighbourhood.parent is not None:
        inherited = decision_of(neighbourhood.parent)
        if inherited is not None and inherited.roles.all():
            return inherited, True
    return None, False


WIJK_CHOICES_LIMIT = 200


def wijk_choices():
    """The wijken for a filter drop-down, or None when there are too many for one (then the
    page offers a text field for the CBS code): one query either way."""
    wijken = list(
        Neighbourhood.objects.filter(kind=Neighbourhood.Kind.WIJK).only("code", "name")[: WIJK_CHOICES_LIMIT + 1]
    )
    return None if len(wijken) > WIJK_CHOICES_LIMIT else wijken
