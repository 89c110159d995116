"""What the API shows: explicit, read-only fields only (a field not listed here is never published).

Property names are lowerCamelCase, dates are `date`, timestamps `date-time` with their offset.
The serializers read rows prepared by `api.queries` (prefetched), so a page costs the same number
of queries at any size.
"""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from neighbourhoods import queries as neighbourhood_queries
from neighbourhoods.models import Goal, Neighbourhood, RoomForInitiatives
from partnerships.models import Initiative, Partnership
from partnerships.reference_data import AGREEMENT_FORMS, LEVELS
from policies.models import PolicyVersion

HORIZONS = [value for value, _label in Goal.Horizon.choices]


def absolute(context, name, *args) -> str:
    return context["request"].build_absolute_uri(reverse(f"api:{name}", args=args))


class LinkSerializer(serializers.Serializer):
    href = serializers.URLField()


class SelfLinksSerializer(serializers.Serializer):
    self = LinkSerializer()


class ChoiceOrNullField(serializers.ChoiceField):
    """A choice stored as '' when unset: published as null."""

    def __init__(self, choices, **kwargs):
        super().__init__([c for c in choices if c[0] != ""], allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class KeyLabelSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class MunicipalitySerializer(serializers.Serializer):
    code = serializers.CharField(source="municipality_code", help_text="CBS municipality code, e.g. GM0402.")
    name = serializers.CharField(source="municipality_name")


class FactsSerializer(serializers.Serializer):
    inhabitants = serializers.IntegerField(allow_null=True, help_text="Inhabitants (CBS).")
    dwellings = serializers.IntegerField(allow_null=True, help_text="Dwellings (CBS).")
    offGasFrom = serializers.IntegerField(source="off_gas_from", allow_null=True, help_text="Off natural gas from.")
    offGasUntil = serializers.IntegerField(
        source="off_gas_until", allow_null=True, help_text="Off natural gas until year (null: a single year)."
    )
    heatStrategy = ChoiceOrNullField(
        Neighbourhood.HeatStrategy.choices, source="heat_strategy", help_text="Preferred heat strategy (PBL S1-S5)."
    )
    promisingStartArea = serializers.BooleanField(source="promising_start_area")
    wupStatus = ChoiceOrNullField(
        Neighbourhood.WupStatus.choices, source="wup_status", help_text="Neighbourhood implementation plan (WUP)."
    )
    wupDate = serializers.DateField(source="wup_date", allow_null=True)


class RoleSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    framework = KeyLabelSerializer()
    dominant = serializers.BooleanField(help_text="One of the dominant roles, in a framework that has them.")


class EffectiveRoleSerializer(serializers.Serializer):
    """The municipality's role (step 1): the neighbourhood's own decision, else its wijk's."""

    inherited = serializers.BooleanField(help_text="True when the decision is the wijk's (the buurt has none).")
    decidedFor = serializers.CharField(help_text="CBS code of the neighbourhood the decision was taken for.")
    roles = RoleSerializer(many=True)
    roomForInitiatives = ChoiceOrNullField(RoomForInitiatives.choices)
    rationale = serializers.CharField(allow_blank=True)
    decidedBy = serializers.CharField(allow_blank=True, help_text="The body that decided, e.g. the council.")
    decidedOn = serializers.DateField(allow_null=True)
    decisionReference = serializers.CharField(allow_blank=True)
    reviewDate = serializers.DateField(allow_null=True)


def effective_role(neighbourhood):
    decision, inherited = neighbourhood_queries.effective_decision(neighbourhood)
    if decision is None:
        return None
    dominant = {role.pk for role in decision.dominant_roles.all()}
    owner = neighbourhood.parent if inherited else neighbourhood
    return {
        "inherited": inherited,
        "decidedFor": owner.code,
        "roles": [
            {
                "key": role.key,
                "label": role.label,
                "framework": {"key": role.framework.key, "label": role.framework.label},
                "dominant": role.pk in dominant,
            }
            for role in decision.roles.all()
        ],
        "roomForInitiatives": decision.room_for_initiatives or None,
        "rationale": decision.rationale,
        "decidedBy": decision.decided_by,
        "decidedOn": decision.decided_on,
        "decisionReference": decision.decision_reference,
        "reviewDate": decision.review_date,
    }


class ProgressSerializer(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True)


class GoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    indicator = serializers.CharField(allow_blank=True)
    unit = serializers.CharField(allow_blank=True)
    baseline = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True)
    targetValue = serializers.DecimalField(
        source="target_value", max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    targetDate = serializers.DateField(source="target_date", allow_null=True)
    source = serializers.ChoiceField(Goal.Source.choices, help_text="What the goal is derived from.")
    status = serializers.ChoiceField(Goal.Status.choices)
    progress = ProgressSerializer(many=True, help_text="Progress measured, newest first.")


class GoalsSerializer(serializers.Serializer):
    """Step 2: the neighbourhood's goals per horizon."""

    kort = GoalSerializer(many=True, help_text="Short term.")
    middellang = GoalSerializer(many=True, help_text="Medium term.")
    lang = GoalSerializer(many=True, help_text="Long term.")


class NeighbourhoodLinksSerializer(serializers.Serializer):
    self = LinkSerializer()
    boundary = LinkSerializer(help_text="The boundary as GeoJSON (application/geo+json).")
    partnerships = LinkSerializer(help_text="The published partnerships in this neighbourhood.")
    parent = LinkSerializer(required=False, help_text="The wijk of a buurt.")


class NeighbourhoodSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="CBS code: WKnnnnnn for a wijk, BUnnnnnnnn for a buurt.")
    name = serializers.CharField()
    kind = serializers.ChoiceField(Neighbourhood.Kind.choices)
    parent = serializers.SerializerMethodField(help_text="CBS code of the wijk a buurt belongs to.")
    municipality = MunicipalitySerializer(source="*")
    facts = FactsSerializer(source="*")
    role = serializers.SerializerMethodField()
    goals = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_parent(self, n):
        return n.parent.code if n.parent_id else None

    @extend_schema_field(EffectiveRoleSerializer(allow_null=True))
    def get_role(self, n):
        role = effective_role(n)
        return None if role is None else EffectiveRoleSerializer(role).data

    @extend_schema_field(GoalsSerializer)
    def get_goals(self, n):
        grouped = {horizon: [] for horizon in HORIZONS}
        for goal in n.goals.all():
            grouped[goal.horizon].append(goal)
        return GoalsSerializer(grouped).data

    @extend_schema_field(NeighbourhoodLinksSerializer)
    def get_links(self, n):
        links = {
            "self": {"href": absolute(self.context, "neighbourhood", n.code)},
            "boundary": {"href": absolute(self.context, "boundary", n.code)},
            "partnerships": {"href": absolute(self.context, "neighbourhood_partnerships", n.code)},
        }
        if n.parent_id:
            links["parent"] = {"href": absolute(self.context, "neighbourhood", n.parent.code)}
        return links


class InitiativeSerializer(serializers.Serializer):
    """The public profile of an initiative that agreed to be published: never its contact details,
    people or notes."""

    name = serializers.CharField()
    legalForm = ChoiceOrNullField(Initiative.LegalForm.choices, source="legal_form")
    phase = serializers.ChoiceField(Initiative.Phase.choices)
    themes = KeyLabelSerializer(many=True, source="themes.all")
    website = serializers.URLField(allow_blank=True)
    members = serializers.IntegerField(allow_null=True)
    householdsReached = serializers.IntegerField(source="households_reached", allow_null=True)
    neighbourhoods = serializers.SerializerMethodField(help_text="CBS codes of the neighbourhoods it works in.")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_neighbourhoods(self, initiative):
        return [n.code for n in initiative.neighbourhoods.all()]


class AgreementSerializer(serializers.Serializer):
    form = serializers.ChoiceField(list(AGREEMENT_FORMS.items()))
    state = serializers.ChoiceField(
        [("drafting", "being drafted"), ("agreed", "agreed by both sides")],
        help_text="`agreed` once both sides agreed to a version.",
    )
    startedOn = serializers.DateField(help_text="When drafting began.")
    agreedOn = serializers.DateField(allow_null=True, help_text="When the second side agreed.")


def agreements(partnership) -> list[dict]:
    """Each draft agreement's form and state; agreed on the day the second side agreed to a version."""
    result = []
    for draft in partnership.drafts.all():
        agreed = [
            max(v.municipality_agreed_at, v.initiative_agreed_at)
            for v in draft.versions.all()
            if v.municipality_agreed_at and v.initiative_agreed_at
        ]
        result.append(
            {
                "form": draft.form,
                "state": "agreed" if agreed else "drafting",
                "startedOn": timezone.localdate(draft.created_at),
                "agreedOn": timezone.localdate(min(agreed)) if agreed else None,
            }
        )
    return result


class NeighbourhoodRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    links = serializers.SerializerMethodField()

    @extend_schema_field(SelfLinksSerializer)
    def get_links(self, n):
        return {"self": {"href": absolute(self.context, "neighbourhood", n.code)}}


class PartnershipLinksSerializer(serializers.Serializer):
    self = LinkSerializer()
    wayOfWorking = LinkSerializer(
        required=False, help_text="The way of working (version) that applied when the partnership started."
    )


class PartnershipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    initiative = InitiativeSerializer()
    status = serializers.ChoiceField(Partnership.Status.choices)
    intensity = ChoiceOrNullField([(key, str(level["label"])) for key, level in LEVELS.items()])
    startedOn = serializers.DateField(source="started_on", allow_null=True)
    reviewDate = serializers.DateField(source="review_date", allow_null=True)
    stoppedOn = serializers.DateField(source="stop_date", allow_null=True, help_text="When it was stopped together.")
    neighbourhoods = NeighbourhoodRefSerializer(many=True, source="neighbourhoods.all")
    agreements = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    @extend_schema_field(AgreementSerializer(many=True))
    def get_agreements(self, p):
        return AgreementSerializer(agreements(p), many=True).data

    @extend_schema_field(PartnershipLinksSerializer)
    def get_links(self, p):
        links = {"self": {"href": absolute(self.context, "partnership", p.pk)}}
        if p.policy_version_id:
            links["wayOfWorking"] = {"href": absolute(self.context, "way_of_working", p.policy_version.number)}
        return links


class WayOfWorkingSerializer(serializers.Serializer):
    """Step 3: a published version of the municipality's way of working with resident initiatives."""

    number = serializers.IntegerField()
    title = serializers.CharField()
    current = serializers.SerializerMethodField(help_text="The version that applies now (the newest).")
    publishedAt = serializers.DateTimeField(source="published_at")
    principles = serializers.CharField(allow_blank=True)
    reception = serializers.CharField(allow_blank=True, help_text="How an initiative is received.")
    support = serializers.CharField(allow_blank=True, help_text="Support offered (knowledge, budget, capacity).")
    decisions = serializers.CharField(allow_blank=True, help_text="How decisions are taken.")
    equalTreatment = serializers.CharField(source="equal_treatment", allow_blank=True)
    continuity = serializers.CharField(allow_blank=True)
    changeSummary = serializers.CharField(source="change_summary", allow_blank=True)
    links = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_current(self, version: PolicyVersion):
        return version.number == self.context["current_number"]

    @extend_schema_field(SelfLinksSerializer)
    def get_links(self, version):
        return {"self": {"href": absolute(self.context, "way_of_working", version.number)}}


# --- Pages of a list ---------------------------------------------------------------------------


class PageLinksSerializer(serializers.Serializer):
    self = LinkSerializer()
    first = LinkSerializer()
    prev = LinkSerializer(required=False, help_text="Absent on the first page.")
    next = LinkSerializer(required=False, help_text="Absent on the last page.")
    last = LinkSerializer()


class PageSerializer(serializers.Serializer):
    page = serializers.IntegerField()
    pageSize = serializers.IntegerField()
    totalItems = serializers.IntegerField()
    totalPages = serializers.IntegerField()
    links = PageLinksSerializer()


class NeighbourhoodPageSerializer(PageSerializer):
    neighbourhoods = NeighbourhoodSerializer(many=True)


class PartnershipPageSerializer(PageSerializer):
    partnerships = PartnershipSerializer(many=True)


class WayOfWorkingPageSerializer(PageSerializer):
    waysOfWorking = WayOfWorkingSerializer(many=True)


# --- GeoJSON -----------------------------------------------------------------------------------

GEOMETRY_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": "A GeoJSON geometry (RFC 7946) in the CRS the Content-Crs header names; null without a boundary.",
    "required": ["type"],
    "properties": {
        "type": {
            "type": "string",
            "enum": [
                "Point",
                "MultiPoint",
                "LineString",
                "MultiLineString",
                "Polygon",
                "MultiPolygon",
                "GeometryCollection",
            ],
        },
        "coordinates": {"type": "array", "items": {}},
        "geometries": {"type": "array", "items": {"type": "object"}},
    },
}


class FeaturePropertiesSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(Neighbourhood.Kind.choices)
    parent = serializers.CharField(allow_null=True, source="parent.code", default=None)
    municipality = MunicipalitySerializer(source="*")


class FeatureLinksSerializer(serializers.Serializer):
    self = LinkSerializer()
    neighbourhood = LinkSerializer(help_text="The neighbourhood with its role, goals and facts (JSON).")


class FeatureSerializer(serializers.Serializer):
    """A neighbourhood's boundary as a GeoJSON Feature; `id` is its CBS code."""

    type = serializers.ChoiceField([("Feature", "Feature")])
    id = serializers.CharField()
    geometry = serializers.SerializerMethodField()
    properties = FeaturePropertiesSerializer()
    links = serializers.SerializerMethodField()

    @extend_schema_field(GEOMETRY_SCHEMA)
    def get_geometry(self, feature):
        return feature["geometry"]

    @extend_schema_field(FeatureLinksSerializer)
    def get_links(self, feature):
        code = feature["id"]
        return {
            "self": {"href": absolute(self.context, "boundary", code)},
            "neighbourhood": {"href": absolute(self.context, "neighbourhood", code)},
        }


class FeatureCollectionSerializer(PageSerializer):
    """One page of boundaries as a GeoJSON FeatureCollection."""

    type = serializers.ChoiceField([("FeatureCollection", "FeatureCollection")])
    features = FeatureSerializer(many=True)
    numberMatched = serializers.IntegerField(help_text="Features in all pages.")
    numberReturned = serializers.IntegerField(help_text="Features in this page.")


class CrsListSerializer(serializers.Serializer):
    crs = serializers.ListField(
        child=serializers.URLField(), help_text="The CRSs of the boundaries; the first is the default."
    )


# --- Problems (RFC 9457) -----------------------------------------------------------------------


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The query parameter.")
    code = serializers.CharField()
    reason = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """An error, as application/problem+json (RFC 9457)."""

    type = serializers.CharField(help_text="`about:blank`: the status says it all.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(help_text="The path of the request.")
    invalidParams = InvalidParamSerializer(many=True, required=False, help_text="With status 400.")


class RootLinksSerializer(serializers.Serializer):
    self = LinkSerializer()
    openapi = LinkSerializer(help_text="This API's OpenAPI 3 document.")
    neighbourhoods = LinkSerializer()
    boundaries = LinkSerializer()
    partnerships = LinkSerializer()
    waysOfWorking = LinkSerializer()
    crss = LinkSerializer()


class RootSerializer(serializers.Serializer):
    title = serializers.CharField()
    version = serializers.CharField()
    links = RootLinksSerializer()
