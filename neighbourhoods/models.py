from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.cache import cached
from core.models import VersionedModel
from neighbourhoods import themes

# CBS code formats (CBS toelichting Wijk- en Buurtkaart). Wijk and buurt parts may hold letters.
GEMEENTE_CODE_RE = r"^GM\d{4}$"
WIJK_CODE_RE = r"^WK\d{4}[0-9A-Z]{2}$"
BUURT_CODE_RE = r"^BU\d{4}[0-9A-Z]{4}$"

validate_gemeente_code = RegexValidator(GEMEENTE_CODE_RE, _("A CBS municipality code looks like GM0402."))


class Municipality(VersionedModel):
    """The municipality running this installation (one per installation)."""

    name = models.CharField(_("name"), max_length=100)
    cbs_code = models.CharField(
        _("CBS municipality code"),
        max_length=6,
        validators=[validate_gemeente_code],
        help_text=_("For example GM0402."),
    )
    address = models.TextField(_("address for documents"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="municipality/",
        blank=True,
        help_text=_(
            "PNG or JPEG, at most 1 MB. Shown in the header of every page and on documents, with the name as its text."
        ),
    )
    # A folder in static/themes/ (neighbourhoods/themes.py), offered by the profile form; no
    # choices here, so that adding a theme needs no migration.
    theme = models.CharField(_("house style"), max_length=40, default=themes.DEFAULT)
    short_term_years = models.PositiveSmallIntegerField(
        _("short term: up to (years)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    medium_term_years = models.PositiveSmallIntegerField(
        _("medium term: up to (years)"), default=5, validators=[MinValueValidator(2), MaxValueValidator(30)]
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name

    @property
    def look(self) -> themes.Theme:
        """The chosen theme (the default one if its folder has gone)."""
        return themes.get(self.theme)

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first()

    @classmethod
    def for_request(cls, request):
        """The municipality, fetched at most once per request (header and page share it)."""
        if not hasattr(request, "_municipality"):
            # Every page's header shows it: cached until the table is written (core.cache).
            request._municipality = cached("municipality", "current", cls.current)
        return request._municipality


class NeighbourhoodManager(models.Manager):
    def get_queryset(self):
        # A boundary is up to several KB of GeoJSON per buurt (PDOK: about 4 KB) and only the map and the import read
        # it (both ask for it explicitly): lists and detail pages would otherwise parse it for
        # every row. `.defer(None)` loads it again.
        return super().get_queryset().defer("geometry")


class Neighbourhood(VersionedModel):
    """A CBS wijk (district) or buurt (neighbourhood), identified by its CBS code."""

    class Kind(models.TextChoices):
        WIJK = "wijk", _("district (wijk)")
        BUURT = "buurt", _("neighbourhood (buurt)")

    class HeatStrategy(models.TextChoices):
        # PBL Startanalyse numbering, as the Transitievisie Warmte uses it.
        S1 = "S1", _("S1 individual electric heat pump")
        S2 = "S2", _("S2 heat network with a medium to high temperature source")
        S3 = "S3", _("S3 heat network with a low temperature source")
        S4 = "S4", _("S4 renewable gas with a hybrid heat pump")
        S5 = "S5", _("S5 renewable gas with a high-efficiency boiler")
        OPEN = "open", _("not yet decided")

    class WupStatus(models.TextChoices):
        NONE = "", _("no plan yet")
        PREPARING = "preparing", _("in preparation")
        CONSULTATION = "consultation", _("in consultation")
        ADOPTED = "adopted", _("adopted")

    code = models.CharField(_("CBS code"), max_length=10, unique=True)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=150)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="buurten",
        verbose_name=_("district (wijk)"),
        limit_choices_to={"kind": "wijk"},
    )
    municipality_code = models.CharField(_("CBS municipality code"), max_length=6, blank=True)
    municipality_name = models.CharField(_("municipality"), max_length=100, blank=True)
    inhabitants = models.PositiveIntegerField(_("inhabitants"), null=True, blank=True)
    dwellings = models.PositiveIntegerField(_("dwellings"), null=True, blank=True)
    geometry = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    geometry_crs = models.CharField(_("coordinate reference system"), max_length=80, blank=True)

    # Heat-transition facts as the Transitievisie Warmte records them.
    off_gas_from = models.PositiveSmallIntegerField(
        _("off natural gas: from year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    off_gas_until = models.PositiveSmallIntegerField(
        _("off natural gas: until year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Leave empty for a single year."),
    )
    heat_strategy = models.CharField(
        _("preferred heat strategy"), max_length=4, choices=HeatStrategy.choices, blank=True
    )
    promising_start_area = models.BooleanField(_("promising starting area"), default=False)
    wup_status = models.CharField(
        _("neighbourhood implementation plan (WUP)"), max_length=16, choices=WupStatus.choices, blank=True
    )
    wup_date = models.DateField(_("date of the WUP status"), null=True, blank=True)

    objects = NeighbourhoodManager()

    class Meta:
        base_manager_name = "objects"
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["code"]
        # The wijk drop-downs and the map read one kind in code order (an index scan, not a sort).
        indexes = [
            models.Index(fields=["kind", "code"], name="neighbourhood_kind_code"),
            models.Index(fields=["municipality_code", "kind", "code"], name="neighbourhood_municipality"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="wijk", parent__isnull=True) | models.Q(kind="buurt"),
                name="wijk_has_no_parent",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    # Step progress; the annotations come from neighbourhoods.queries.with_progress.
    @property
    def step1_done(self) -> bool:
        return bool(getattr(self, "has_own_role", False) or getattr(self, "has_inherited_role", False))

    @property
    def step2_done(self) -> bool:
        return all(getattr(self, f"goals_{h}", False) for h in ("kort", "middellang", "lang"))

    @property
    def off_gas_period(self) -> str:
        if self.off_gas_from and self.off_gas_until and self.off_gas_until != self.off_gas_from:
            return f"{self.off_gas_from}–{self.off_gas_until}"
        return str(self.off_gas_from or "")


class NeighbourhoodFact(models.Model):
    """One CBS figure (neighbourhoods/cbs_facts.py) of a neighbourhood in one year.

    A figure CBS does not give as a number keeps its special code (`special`, e.g. -99995
    "published in a later version") and no value, so it is never shown or counted as a number.
    Written only by the import (neighbourhoods/facts_import.py) and the demo."""

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="facts", verbose_name=_("neighbourhood")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    key = models.CharField(_("figure"), max_length=80)
    value = models.FloatField(_("value"), null=True, blank=True)
    special = models.IntegerField(_("CBS special value"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    derived = models.BooleanField(_("derived from the buurten"), default=False)
    demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("CBS figure")
        verbose_name_plural = _("CBS figures")
        ordering = ["neighbourhood", "key", "year"]
        constraints = [
            models.UniqueConstraint(fields=["neighbourhood", "year", "key"], name="fact_unique_per_year"),
        ]
        # The list filters and sorts on one figure's latest year.
        indexes = [models.Index(fields=["key", "neighbourhood", "year"], name="fact_key_neighbourhood")]

    def __str__(self):
        return f"{self.neighbourhood_id} {self.key} {self.year}"


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed in a public source")
    PARTIAL = "partial", _("name confirmed, wording ours")
    UNCONFIRMED = "unconfirmed", _("not verified")


class RoleFramework(VersionedModel):
    """A set of roles a municipality can take (NSOB steering forms, strategic roles, a local set)."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    label = models.CharField(_("name"), max_length=150)
    gloss = models.CharField(_("English name"), max_length=150, blank=True)
    description = models.TextField(_("explanation"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    url = models.URLField(_("link to the source"), blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=12, choices=Confidence.choices, default=Confidence.CONFIRMED
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active frameworks are offered in step 1.")
    )
    has_dominant = models.BooleanField(
        _("one dominant role"),
        default=False,
        help_text=_("The roles co-exist as layers: choose one dominant and mark which others are present."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("role framework")
        verbose_name_plural = _("role frameworks")
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


class Role(VersionedModel):
    framework = models.ForeignKey(
        RoleFramework, on_delete=models.CASCADE, related_name="roles", verbose_name=_("framework")
    )
    key = models.SlugField(_("key"), max_length=60)
    label = models.CharField(_("name"), max_length=150)
    gloss = models.CharField(_("English name"), max_length=150, blank=True)
    summary = models.TextField(_("explanation in plain language"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["framework__order", "order", "label"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="unique_role_key_per_framework")]

    def __str__(self):
        return self.label


class RoomForInitiatives(models.TextChoices):
    LITTLE = "little", _("little")
    SOME = "some", _("some")
    MUCH = "much", _("much")


class RoleDecision(VersionedModel):
    """Step 1: the municipality's role in one neighbourhood. A wijk's decision applies to its
    buurten unless a buurt has its own."""

    neighbourhood = models.OneToOneField(
        Neighbourhood, on_delete=models.CASCADE, related_name="role_decision", verbose_name=_("neighbourhood")
    )
    roles = models.ManyToManyField(Role, related_name="decisions", verbose_name=_("roles"), blank=True)
    dominant_roles = models.ManyToManyField(
        Role, related_name="dominant_in", verbose_name=_("dominant roles"), blank=True
    )
    rationale = models.TextField(_("rationale"), blank=True)
    room_for_initiatives = models.CharField(
        _("room for resident initiatives"), max_length=8, choices=RoomForInitiatives.choices, blank=True
    )
    decided_by = models.CharField(
        _("decided by"), max_length=200, blank=True, help_text=_("For example the council or the executive (college).")
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=200, blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)

    class Meta:
        verbose_name = _("role decision")
        verbose_name_plural = _("role decisions")

    def __str__(self):
        return str(self.neighbourhood)


class Goal(VersionedModel):
    """Step 2: a goal for one or more neighbourhoods on one horizon."""

    class Horizon(models.TextChoices):
        SHORT = "kort", _("short term")
        MEDIUM = "middellang", _("medium term")
        LONG = "lang", _("long term")

    class Source(models.TextChoices):
        TVW = "tvw", _("Transitievisie Warmte")
        WUP = "wup", _("neighbourhood implementation plan (WUP)")
        WIJKKOMPAS = "wijkkompas", _("Wijkkompas")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ON_TRACK = "on_track", _("on track")
        AT_RISK = "at_risk", _("at risk")
        ACHIEVED = "achieved", _("achieved")
        DROPPED = "dropped", _("dropped")

    neighbourhoods = models.ManyToManyField(Neighbourhood, related_name="goals", verbose_name=_("neighbourhoods"))
    horizon = models.CharField(_("horizon"), max_length=12, choices=Horizon.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    indicator = models.CharField(
        _("measurable indicator"), max_length=200, blank=True, help_text=_("For example: dwellings off natural gas.")
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("For example: dwellings, %, GJ."))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    source = models.CharField(_("derived from"), max_length=12, choices=Source.choices, default=Source.TVW)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["horizon", "title"]

    def __str__(self):
        return self.title


class GoalProgress(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress", verbose_name=_("goal"))
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, verbose_name=_("by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.goal}: {self.date}"
