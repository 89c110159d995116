"""Draft agreements: sections drafted from the partnership file, frozen versions, agreement by both sides."""

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from agreements.reference import SECTION_LABELS
from core.models import VersionedModel
from partnerships import workflow
from partnerships.reference_data import AGREEMENT_FORMS

FORM_CHOICES = list(AGREEMENT_FORMS.items())


class Clause(VersionedModel):
    """A standard text in the clause library, for one section (and optionally one form)."""

    section = models.CharField(_("section"), max_length=20)
    form = models.CharField(
        _("form of agreement"),
        max_length=30,
        choices=FORM_CHOICES,
        blank=True,
        help_text=_("Leave empty for every form."),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("text"), help_text=_("Paragraphs separated by a blank line; lines starting with '- ' are a list; **bold**.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clause library")
        ordering = ["section", "title"]

    def __str__(self):
        return self.title

    @property
    def section_label(self):

        return SECTION_LABELS.get(self.section, self.section)


class Signatory(models.Model):
    """Someone who may sign agreements: for the municipality (by mandate) or for an initiative (per its statutes).

    The municipality's signatories belong to the municipality profile; kept here, beside the
    agreements that name them, so that the lower apps need not know about agreements."""

    class Party(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        INITIATIVE = "initiative", _("initiative")

    class Function(models.TextChoices):
        WETHOUDER = "wethouder", _("alderman (wethouder)")
        BURGEMEESTER = "burgemeester", _("mayor (burgemeester)")
        MANDATED = "gemandateerde", _("mandated official")

    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    initiative = models.ForeignKey(
        "partnerships.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("resident initiative"),
    )
    name = models.CharField(_("name"), max_length=200)
    # The municipality's side: one of Function; an initiative's: the board function (voorzitter, ...).
    function = models.CharField(_("function"), max_length=100)
    mandate = models.CharField(
        _("mandate decision"),
        max_length=300,
        blank=True,
        help_text=_("For a mandated official: the mandate decision (date and reference)."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["party", "name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.function_label})"

    @property
    def function_label(self) -> str:
        if self.party == self.Party.MUNICIPALITY and self.function in self.Function.values:
            return str(self.Function(self.function).label)
        return self.function

    def as_party(self) -> dict:
        """What a frozen version keeps of this signatory, in Dutch: the document is Dutch."""
        function = DUTCH_FUNCTIONS.get(self.function, self.function) if self.party == "municipality" else self.function
        return {"name": self.name, "function": function, "mandate": self.mandate}


DUTCH_FUNCTIONS = {"wethouder": "wethouder", "burgemeester": "burgemeester", "gemandateerde": "gemandateerd ambtenaar"}


class Draft(VersionedModel):
    class Status(models.TextChoices):
        DRAFTING = "drafting", _("being drafted")
        FINAL = "final", _("agreed by both sides")

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="drafts", verbose_name=_("partnership")
    )
    form = models.CharField(_("form of agreement"), max_length=30, choices=FORM_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFTING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    signatories = models.ManyToManyField(Signatory, blank=True, related_name="drafts", verbose_name=_("signatories"))

    class Meta:
        verbose_name = _("draft agreement")
        verbose_name_plural = _("draft agreements")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def initiative_id(self):
        return self.partnership.initiative_id


class DraftSection(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("section"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"))
    required = models.BooleanField(_("required"), default=False)
    # A living draft: what the section was last filled from. `source` is the text the file gave
    # (at prefill, at a takeover, or noted as seen when staff kept their own text); `basis` is what
    # that text was built from, compared with the file now (for the activities section it lists the
    # activities, whose table follows the file). None: a section from before drafts kept their source.
    source = models.TextField(_("source text"), null=True, blank=True)
    basis = models.TextField(_("source"), null=True, blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["draft", "key"], name="one_section_per_key")]

    def __str__(self):
        return self.title

    @property
    def initiative_id(self):
        return self.draft.partnership.initiative_id

    @property
    def edited_by_hand(self) -> bool:
        """Someone wrote this text: it is not the text the file last gave."""
        return self.text != (self.source or "")


class DraftVersionQuerySet(models.QuerySet):
    def newest(self):
        """Only the newest version of each draft (one correlated subquery, no extra query)."""
        newest = DraftVersion.objects.filter(draft=OuterRef("draft")).order_by("-number").values("number")[:1]
        return self.annotate(newest_number=Subquery(newest)).filter(number=F("newest_number"))

    def awaiting_one_side(self):
        """Versions that wait for the other side's agreement: the newest version of a draft still
        being drafted, in an open partnership, agreed by exactly one side.

        The dashboard listed every half-agreed version, the reminders only the newest. Only the
        newest can still be agreed to (`services.agree` refuses older ones), so an older version's
        half agreement awaits nobody. A closed partnership (`workflow.CLOSED`) expects no agreement.
        """
        one_side = Q(municipality_agreed_at__isnull=False, initiative_agreed_at__isnull=True) | Q(
            municipality_agreed_at__isnull=True, initiative_agreed_at__isnull=False
        )
        return (
            self.newest()
            .filter(one_side, draft__status=Draft.Status.DRAFTING)
            .exclude(draft__partnership__status__in=workflow.CLOSED)
        )


class DraftVersion(models.Model):
    """A frozen round of the draft, for discussion. Immutable once made; both sides agree to one."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # [{"key", "title", "text"}] in order, plus what the PDF shows beside the sections.
    sections = models.JSONField(_("sections"))
    parties = models.JSONField(_("parties"), default=dict)
    activities = models.JSONField(_("activities"), default=list)
    # {section key: what the section's text was last filled from in the file}, as it was at freezing.
    sources = models.JSONField(_("sources"), default=dict)
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    municipality_agreed_at = models.DateTimeField(_("municipality agreed at"), null=True, blank=True)
    municipality_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    initiative_agreed_at = models.DateTimeField(_("initiative agreed at"), null=True, blank=True)
    initiative_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    college_decision_date = models.DateField(_("date of the college decision"), null=True, blank=True)
    college_decision_reference = models.CharField(_("reference of the college decision"), max_length=100, blank=True)

    objects = DraftVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="one_number_per_draft")]

    def __str__(self):
        return f"{self.draft} v{self.number}"

    @property
    def initiative_id(self):
        return self.draft.partnership.initiative_id

    @property
    def agreed_by_both(self) -> bool:
        return bool(self.municipality_agreed_at and self.initiative_agreed_at)


class SectionComment(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(_("section"), max_length=20)
    version_number = models.PositiveIntegerField(_("version"), null=True, blank=True)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:50]


class SignedScan(models.Model):
    """The signed document, uploaded once both sides agreed. Stored outside the static files and served
    only through a view that checks who may see the partnership."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="scans")
    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="scans")
    file = models.FileField(upload_to="signed/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # The archival PDF/A-2u copy (agreements/scan_pdfa.py), when the upload could honestly be made one;
    # else the upload is kept as it is, is_pdfa stays False and the draft page says so.
    is_pdfa = models.BooleanField(_("PDF/A"), default=False)
    archival_file = models.FileField(upload_to="signed/", blank=True)
    archival_sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.original_name

    @property
    def initiative_id(self):
        return self.draft.partnership.initiative_id
