from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import VersionedModel


class Theme(models.Model):
    """What an initiative works on (insulation, collective heat, ...). Reference data."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    label = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


class InitiativeQuerySet(models.QuerySet):
    def without_active_contact(self):
        """Initiatives where neither the contact nor the deputy is an active staff account."""
        return self.exclude(contact__is_active=True).exclude(deputy__is_active=True)


class Initiative(VersionedModel):
    """A resident energy initiative (bewonersinitiatief)."""

    class LegalForm(models.TextChoices):
        ASSOCIATION = "vereniging", _("association (vereniging)")
        COOPERATIVE = "cooperatie", _("cooperative (coöperatie)")
        FOUNDATION = "stichting", _("foundation (stichting)")
        INFORMAL = "informeel", _("informal group")

    class Phase(models.TextChoices):
        EXPLORING = "exploring", _("exploring")
        PLANNING = "planning", _("planning")
        DEVELOPMENT = "development", _("project development")
        EXECUTION = "execution", _("execution")

    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=12, choices=LegalForm.choices, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    neighbourhoods = models.ManyToManyField(
        "neighbourhoods.Neighbourhood", blank=True, related_name="initiatives", verbose_name=_("neighbourhoods")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="initiatives", verbose_name=_("themes"))
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices, default=Phase.EXPLORING)
    members = models.PositiveIntegerField(_("members"), null=True, blank=True, validators=[MinValueValidator(0)])
    households_reached = models.PositiveIntegerField(_("households reached"), null=True, blank=True)
    notes = models.TextField(_("internal notes"), blank=True, help_text=_("Only municipal staff see these."))
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives_as_contact",
        verbose_name=_("municipal contact person"),
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives_as_deputy",
        verbose_name=_("deputy contact person"),
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident initiative")
        verbose_name_plural = _("resident initiatives")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ContactLogEntry(models.Model):
    """A meeting, call, mail or decision with an initiative: shared with it, or internal."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting")
        CALL = "call", _("phone call")
        MAIL = "mail", _("mail")
        DECISION = "decision", _("decision")
        HANDOVER = "handover", _("handover")
        OTHER = "other", _("other")

    class Visibility(models.TextChoices):
        SHARED = "shared", _("shared with the initiative")
        INTERNAL = "internal", _("internal to the municipality")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="log", verbose_name=_("initiative")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MEETING)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    summary = models.TextField(_("summary"))
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact log entry")
        verbose_name_plural = _("contact log")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["initiative", "visibility", "-date"])]

    def __str__(self):
        return f"{self.initiative}: {self.get_kind_display()} {self.date}"


class Partnership(VersionedModel):
    """The partnership between the municipality and one initiative. Extended in a later issue."""

    initiative = models.OneToOneField(
        Initiative, on_delete=models.PROTECT, related_name="partnership", verbose_name=_("initiative")
    )
    policy_version = models.ForeignKey(
        "policies.PolicyVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("way of working that applied at the start"),
    )

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self):
        return str(self.initiative)
