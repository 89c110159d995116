"""Read-side helpers: step progress and effective roles, in a fixed number of queries."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from core.cache import cached
from neighbourhoods.models import Goal, Municipality, Neighbourhood, Role, RoleDecision

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


def add_progress(neighbourhoods) -> list:
    """Set the attributes `with_progress` annotates on a page of neighbourhoods, from two small
    queries on their ids: cheaper than the annotations, which make PostgreSQL hash the role
    and goal tables for every page (docs/performance.md)."""
    rows = list(neighbourhoods)
    ids = {n.pk for n in rows}
    decided = set(
        RoleDecision.objects.filter(
            neighbourhood_id__in=ids | {n.parent_id for n in rows if n.parent_id}, roles__isnull=False
        ).values_list("neighbourhood_id", flat=True)
    )
    horizons = {}
    through = Goal.neighbourhoods.through.objects.filter(neighbourhood_id__in=ids)
    for neighbourhood_id, horizon in through.values_list("neighbourhood_id", "goal__horizon"):
        horizons.setdefault(neighbourhood_id, set()).add(horizon)
    for n in rows:
        set_progress(
            n, own_role=n.pk in decided, inherited_role=n.parent_id in decided, horizons=horizons.get(n.pk, ())
        )
    return rows


def set_progress(neighbourhood, *, own_role: bool, inherited_role: bool, horizons) -> None:
    """Set the attributes `with_progress` annotates (read by `step1_done` and `step2_done`)."""
    neighbourhood.has_own_role, neighbourhood.has_inherited_role = own_role, inherited_role
    for horizon in HORIZONS:
        setattr(neighbourhood, f"goals_{horizon}", horizon in horizons)


def role_done(municipality_code=None) -> Q:
    """Step 1 done (own or inherited role), as `pk IN (...)` subqueries: the database evaluates
    them once for the whole set instead of an EXISTS per row (docs/performance.md). With a
    municipality code the subqueries read only its decisions (a wijk and its buurten share it)."""
    decided = RoleDecision.objects.filter(roles__isnull=False)
    if municipality_code is not None:
        decided = decided.filter(neighbourhood__municipality_code=municipality_code)
    decided = decided.values("neighbourhood_id")
    return Q(pk__in=decided) | Q(parent_id__in=decided)


def goals_done(municipality_code=None) -> Q:
    """Step 2 done: a goal for every horizon."""
    links = Goal.neighbourhoods.through.objects.all()
    if municipality_code is not None:
        links = links.filter(neighbourhood__municipality_code=municipality_code)
    complete = (
        links.values("neighbourhood_id")
        .annotate(horizons=Count("goal__horizon", distinct=True))
        .filter(horizons=len(HORIZONS))
        .values("neighbourhood_id")
    )
    return Q(pk__in=complete)


def step_filter(step: str, municipality_code=None) -> Q:
    """`municipality_code`: when the rows are of one municipality, the subqueries read only its rows."""
    role, goals = role_done(municipality_code), goals_done(municipality_code)
    return {"step1_open": ~role, "step2_open": ~goals, "done": role & goals}.get(step, Q())


def role_filter(role: Role) -> Q:
    """Neighbourhoods whose effective role set contains `role` (own decision, else the wijk's)."""
    own = RoleDecision.objects.filter(neighbourhood=OuterRef("pk"), roles=role)
    has_own = RoleDecision.objects.filter(neighbourhood=OuterRef("pk"), roles__isnull=False)
    inherited = RoleDecision.objects.filter(neighbourhood=OuterRef("parent_id"), roles=role)
    return Q(Exists(own)) | (~Q(Exists(has_own)) & Q(Exists(inherited)))


def with_roles(queryset):
    """Prefetch the own and the wijk's decision with their roles (a fixed number of queries)."""
    roles = Role.objects.select_related("framework")
    return (
        queryset.select_related("parent", "role_decision", "parent__role_decision")
        .defer("parent__geometry")  # as the manager does for the neighbourhood itself
        .prefetch_related(
            Prefetch("role_decision__roles", queryset=roles),
            Prefetch("role_decision__dominant_roles", queryset=roles),
            Prefetch("parent__role_decision__roles", queryset=roles),
            Prefetch("parent__role_decision__dominant_roles", queryset=roles),
        )
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


def wijk_choices(municipality_code=None):
    """The wijken (of one municipality, or all) for a filter drop-down, or None when there are too
    many for one (then the page offers a text field for the CBS code): one query either way."""

    def compute():
        wijken = Neighbourhood.objects.filter(kind=Neighbourhood.Kind.WIJK)
        wijken = list(in_area(wijken, municipality_code).only("code", "name")[: WIJK_CHOICES_LIMIT + 1])
        return None if len(wijken) > WIJK_CHOICES_LIMIT else wijken

    return cached("wijk_choices", municipality_code or "", compute)


def own_area(municipality) -> str | None:
    """The municipality code the pages start with: the installation's own when the data holds its
    neighbourhoods (a national CBS import holds every municipality, and national totals say
    nothing to one municipality), else None for all of them. One indexed query."""
    if municipality is None or not municipality.cbs_code:
        return None
    code = municipality.cbs_code
    # Cached until the neighbourhoods table is written (core.cache).
    held = cached("own_area", code, lambda: Neighbourhood.objects.filter(municipality_code=code).exists())
    return code if held else None


def in_area(queryset, municipality_code=None, field="municipality_code"):
    """`queryset` limited to one municipality (None: unchanged); `field` leads to its code."""
    return queryset if municipality_code is None else queryset.filter(**{field: municipality_code})


def choosable(*, keep=(), kind=None):
    """The neighbourhoods a form offers: after a national import those of the own municipality
    (not 17,000 options), always with the ones already chosen (`keep`: objects or ids)."""
    choices = Neighbourhood.objects.order_by("code")
    if kind is not None:
        choices = choices.filter(kind=kind)
    area = own_area(Municipality.current())
    if area is not None:
        kept = [getattr(n, "pk", n) for n in keep]
        choices = choices.filter(Q(municipality_code=area) | Q(pk__in=kept))
    return choices
