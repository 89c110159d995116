"""The Wijkkompas (tracks, phases, nodes) and the discussions about it per partnership."""

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.models import VersionedModel


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed in a public source")
    PARTIAL = "partial", _("name confirmed, wording ours")
    UNCONFIRMED = "unconfirmed", _("not verified")


class Track(VersionedModel):
    """A track (spoor) A-F: A-C social, D-F technical-economic."""

    key = models.CharField(_("letter"), max_length=2, unique=True)
    label = models.CharField(_("name"), max_length=150)
    gloss = models.CharField(_("English name"), max_length=150, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=12, choices=Confidence.choices, default=Confidence.CONFIRMED
    )

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["key"]

    def __str__(self):
        return f"{self.key}. {self.label}"


class Phase(VersionedModel):
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    key = models.SlugField(_("key"), max_length=40, unique=True)
    label = models.CharField(_("name"), max_length=150)
    confidence = models.CharField(
        _("confidence"), max_length=12, choices=Confidence.choices, default=Confidence.CONFIRMED
    )

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["order"]

    def __str__(self):
        return f"{self.order}. {self.label}"


class Node(VersionedModel):
    """A node (knooppunt): a decision or activity in one phase, contributing to tracks."""

    title = models.CharField(_("title"), max_length=200)
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="nodes", verbose_name=_("phase"))
    tracks = models.ManyToManyField(Track, blank=True, related_name="nodes", verbose_name=_("tracks"))
    goal = models.TextField(_("goal"), blank=True)
    approach = models.TextField(_("approach"), blank=True)
    sensitive = models.BooleanField(_("politically sensitive"), default=False)
    confidence = models.CharField(
        _("confidence"), max_length=12, choices=Confidence.choices, default=Confidence.CONFIRMED
    )

    class Meta:
        verbose_name = _("node")
        verbose_name_plural = _("nodes")
        ordering = ["phase__order", "title"]

    def __str__(self):
        return self.title


class Discussion(VersionedModel):
    """One dated Wijkkompas discussion between the municipality and an initiative."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="wijkkompas_discussions",
        verbose_name=_("partnership"),
    )
    date = models.DateField(_("date"))
    started_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("started from")
    )
    municipality_phase = models.ForeignKey(
        Phase,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("phase according to the municipality"),
    )
    initiative_phase = models.ForeignKey(
        Phase,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("phase according to the initiative"),
    )
    municipality_next_year = models.TextField(_("the municipality wants to work on in the coming year"), blank=True)
    initiative_next_year = models.TextField(_("the initiative wants to work on in the coming year"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("Wijkkompas discussion")
        verbose_name_plural = _("Wijkkompas discussions")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.partnership}: Wijkkompas {date_format(self.date) if self.date else ''}".rstrip()

    @property
    def initiative_id(self):
        return self.partnership.initiative_id


class Side(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    INITIATIVE = "initiative", _("initiative")
    BOTH = "both", _("both")


class TrackView(models.Model):
    """How both parties see one track in one discussion."""

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="track_views")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="+")
    municipality_active = models.BooleanField(_("the municipality is active here"), null=True)
    municipality_note = models.TextField(_("note of the municipality"), blank=True)
    municipality_role = models.TextField(_("the municipality's own role and effort"), blank=True)
    initiative_active = models.BooleanField(_("the initiative is active here"), null=True)
    initiative_note = models.TextField(_("note of the initiative"), blank=True)

    class Meta:
        ordering = ["track__key"]
        constraints = [models.UniqueConstraint(fields=["discussion", "track"], name="one_view_per_track")]

    def __str__(self):
        return f"{self.discussion}: {self.track.key}"


class NodeNeed(models.Model):
    """A node the parties need each other for: who needs what from whom, and the agreed next step."""

    class Direction(models.TextChoices):
        MUNICIPALITY_NEEDS = "municipality_needs", _("the municipality needs the initiative")
        INITIATIVE_NEEDS = "initiative_needs", _("the initiative needs the municipality")
        MUTUAL = "mutual", _("they need each other")

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="node_needs")
    node = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+", verbose_name=_("node"))
    direction = models.CharField(_("who needs whom"), max_length=20, choices=Direction.choices)
    what = models.TextField(_("what is needed"))
    next_step = models.CharField(_("agreed next step"), max_length=300, blank=True)
    owner = models.CharField(_("owner of the next step"), max_length=12, choices=Side.choices, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["node__phase__order", "node__title", "id"]

    def __str__(self):
        return f"{self.node}: {self.what[:40]}"

    @property
    def initiative_id(self):
        return self.discussion.partnership.initiative_id
