from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import VersionedModel

# The sections of the municipal way of working, in the order they are shown.
SECTIONS = [
    ("principles", _("Principles")),
    ("reception", _("How an initiative is received")),
    ("support", _("Support offered (knowledge, budget, capacity)")),
    ("decisions", _("How decisions are taken")),
    ("equal_treatment", _("How equal treatment is ensured")),
    ("continuity", _("How continuity is ensured")),
]


class PolicyVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PolicyVersion.Status.PUBLISHED)

    def current(self):
        """The newest published version: the one that applies now."""
        return self.published().order_by("-number").first()


class PolicyVersion(VersionedModel):
    """Step 3: one version of the municipality-wide way of working with resident initiatives.

    A beheerder drafts a version and publishes it; a published version is read-only for good,
    so a partnership can always show the text that applied when it started.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    number = models.PositiveIntegerField(_("version number"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("title"), max_length=200, default="Werkwijze bewonersinitiatieven in de wijkaanpak")
    principles = models.TextField(_("Principles"), blank=True)
    reception = models.TextField(_("How an initiative is received"), blank=True)
    support = models.TextField(_("Support offered (knowledge, budget, capacity)"), blank=True)
    decisions = models.TextField(_("How decisions are taken"), blank=True)
    equal_treatment = models.TextField(_("How equal treatment is ensured"), blank=True)
    continuity = models.TextField(_("How continuity is ensured"), blank=True)
    change_summary = models.TextField(_("what changed compared to the previous version"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("drafted by")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("way of working version")
        verbose_name_plural = _("way of working versions")
        ordering = ["-number"]

    def __str__(self):
        return f"{self.title} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def sections(self):
        return [{"key": key, "label": label, "text": getattr(self, key)} for key, label in SECTIONS]
