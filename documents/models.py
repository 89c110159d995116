"""Documents attached to a partnership (and optionally one of its conversations or meetings), in versions.

A document is shared with the initiative or internal to the municipality. Its files are stored in
the private media directory (MEDIA_ROOT, never served directly) under a random name with the
extension of the type detected from the content (documents/content.py), and served only by the
download views after a permission check.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import VersionedModel


class DocumentQuerySet(models.QuerySet):
    def present(self):
        """Documents that have not been removed."""
        return self.filter(removed_at__isnull=True)

    def visible_to(self, user, *, staff: bool):
        """What `user` may see of these: staff everything present, others only shared documents."""
        present = self.present()
        return present if staff else present.filter(shared_with_initiative=True)


class Document(VersionedModel):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="documents", verbose_name=_("partnership")
    )
    conversation = models.ForeignKey(
        "partnerships.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        verbose_name=_("conversation"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    shared_with_initiative = models.BooleanField(_("shared with the initiative"), default=False)
    # Added by one of the initiative's coordinators: shared, and it stays shared.
    from_initiative = models.BooleanField(_("added by the initiative"), default=False, editable=False)
    # The latest version; kept here so that lists need no subquery.
    current = models.ForeignKey(
        "DocumentVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "removed_at", "shared_with_initiative"])]

    def __str__(self):
        return self.title

    @property
    def initiative_id(self):
        """For `partnerships.predicates.is_coordinator_of`."""
        return self.partnership.initiative_id


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(upload_to="documents/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=120)
    extension = models.CharField(max_length=10)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_number_unique")]

    def __str__(self):
        return f"{self.document.title} ({self.number})"

    @property
    def initiative_id(self):
        return self.document.partnership.initiative_id

    def download_name(self) -> str:
        """The name the browser saves: the title, with the extension of the detected type."""
        return f"{self.document.title}.{self.extension}"
