from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import VersionedModel


class Initiative(VersionedModel):
    """A resident energy initiative (bewonersinitiatief). The register grows in a later issue."""

    name = models.CharField(_("name"), max_length=200)
    neighbourhoods = models.ManyToManyField(
        "neighbourhoods.Neighbourhood", blank=True, related_name="initiatives", verbose_name=_("neighbourhoods")
    )

    class Meta:
        verbose_name = _("resident initiative")
        verbose_name_plural = _("resident initiatives")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Partnership(VersionedModel):
    """The partnership between the municipality and one initiative. Extended in a later issue."""

    initiative = models.OneToOneField(
        Initiative, on_delete=models.PROTECT, related_name="partnership", verbose_name=_("initiative")
    )

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self):
        return str(self.initiative)
