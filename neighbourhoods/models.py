from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import VersionedModel

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
    logo = models.ImageField(_("logo for documents"), upload_to="municipality/", blank=True)
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

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first()

    @classmethod
    def for_request(cls, request):
        """The municipality, fetched at most once per request (header and page share it)."""
        if not hasattr(request, "_municipality"):
            request._municipality = cls.current()
        return request._municipality


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

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="wijk", parent__isnull=True) | models.Q(kind="buurt"),
                name="wijk_has_no_parent",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"
