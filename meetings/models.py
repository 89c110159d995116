"""Meetings of a partnership: the next conversation planned by either side, its invitation in
everyone's calendar (see meetings/calendar.py), and afterwards its report, which the other side
reads and comments on."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import VersionedModel

DEFAULT_DURATION = datetime.timedelta(minutes=90)


class MeetingQuerySet(models.QuerySet):
    def planned(self):
        """Not cancelled."""
        return self.filter(cancelled_at__isnull=True)

    def upcoming(self, now=None):
        return self.planned().filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "id")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-id")


class Meeting(VersionedModel):
    """One planned conversation between the municipality and the initiative."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("partnership")
    )
    conversation = models.ForeignKey(
        "partnerships.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("conversation"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meetings", verbose_name=_("participants")
    )
    other_participants = models.CharField(
        _("other participants"),
        max_length=300,
        blank=True,
        help_text=_("People without an account, e.g. a neighbourhood alderman or an adviser."),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    # The iCalendar UID is "<uuid>@wijkpartner" (`ical_uid`): stable for the meeting's whole life, so
    # changes and cancellations replace the invitation in everyone's calendar instead of adding one.
    uuid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("planned by"),
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["partnership", "starts_at"], name="meeting_partnership_start")]

    def __str__(self):
        return f"{self.partnership}: {timezone.localtime(self.starts_at):%d-%m-%Y %H:%M}"

    @property
    def initiative_id(self):
        return self.partnership.initiative_id

    @property
    def uid(self) -> str:
        return f"{self.uuid}@wijkpartner"

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def place(self) -> str:
        """Where: the place, else the video link (the calendar's LOCATION)."""
        return self.location or self.video_url

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
        if self.video_url and not self.video_url.lower().startswith("https://"):
            raise ValidationError({"video_url": _("A video link must start with https://.")})


class MeetingReport(models.Model):
    """What was discussed and decided (verslag). The other side reads it and comments on it."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="report", verbose_name=_("meeting"))
    discussed = models.TextField(_("what was discussed"))
    decisions = models.TextField(_("decisions"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("written by")
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting report")
        verbose_name_plural = _("meeting reports")

    def __str__(self):
        return str(self.meeting)

    @property
    def initiative_id(self):
        return self.meeting.partnership.initiative_id


class MeetingComment(models.Model):
    """A comment on a meeting's report."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="comments", verbose_name=_("meeting"))
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a meeting report")
        verbose_name_plural = _("comments on meeting reports")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]
