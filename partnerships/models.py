"""Initiatives, partnerships and the partnership file.

"Needs attention" on the staff dashboard (`overview.dashboard`) and the reminders
(`overview.reminders`: the home page, the reminders page and the daily mail) ask the same questions
of the data. Each question is answered once, by a queryset method here (and, for draft agreements,
in `agreements.models`):

- `Partnership.objects.review_due(today)`: the review date is past or within
  `settings.REVIEW_NOTICE_DAYS`;
- `Activity.objects.overdue(today)`: open and due before today;
- `Invitation.objects.expiring(today)`: still usable, and expires within
  `settings.INVITATION_NOTICE_HOURS`;
- `DraftVersion.objects.awaiting_one_side()`: the newest version of a draft, agreed by one side.

Closed partnerships (`workflow.CLOSED`) are left out of all three that belong to a partnership.
"""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.auth import normalise_email
from core.models import VersionedModel
from partnerships import workflow


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
    open_data = models.BooleanField(
        _("published as open data"),
        default=False,
        help_text=_(
            "Only with the initiative's consent: its name, public profile and partnership (status, intensity, "
            "agreements and their dates) appear in the open data API. Never contact details or notes."
        ),
    )
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
        indexes = [models.Index(fields=["name"], name="initiative_name")]  # the list's order

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
        return f"{self.initiative}: {self.get_kind_display()} {date_format(self.date) if self.date else ''}".rstrip()


class PartnershipQuerySet(models.QuerySet):
    def open(self):
        """Partnerships that are not closed (`workflow.CLOSED`: ended or stopped together)."""
        return self.exclude(status__in=workflow.CLOSED)

    def review_due(self, today: datetime.date):
        """Open partnerships whose review date (herijken) is past, today, or at most
        `settings.REVIEW_NOTICE_DAYS` days after `today`.

        The dashboard used 30 days and the reminders 14; 30 is the default now: a review is a
        conversation about core values with volunteers, which takes weeks to schedule and prepare,
        so two weeks' notice is often too late. The window is a setting because the reminder mail
        repeats daily while an item is open; a municipality that finds that too much can shorten it.
        Closed partnerships have no review ahead of them.
        """
        last_day = today + datetime.timedelta(days=settings.REVIEW_NOTICE_DAYS)
        return self.open().filter(review_date__lte=last_day)


class Partnership(VersionedModel):
    """The partnership between the municipality and one initiative."""

    # Defined in workflow.py, with the transitions and the closed statuses (see there).
    Status = workflow.Status

    initiative = models.OneToOneField(
        Initiative, on_delete=models.PROTECT, related_name="partnership", verbose_name=_("initiative")
    )
    neighbourhoods = models.ManyToManyField(
        "neighbourhoods.Neighbourhood", related_name="partnerships", verbose_name=_("neighbourhoods"), blank=True
    )
    policy_version = models.ForeignKey(
        "policies.PolicyVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("way of working that applied at the start"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.EXPLORING)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    start_reason = models.TextField(_("reason to start before steps 1 to 3 were done"), blank=True)
    review_date = models.DateField(
        _("review date"),
        null=True,
        blank=True,
        help_text=_("When the core values on sustainability and governance are re-calibrated (herijken)."),
    )
    intensity = models.CharField(_("intensity"), max_length=10, blank=True)
    # "Stopped together" is an outcome of its own, with its reasons kept.
    stop_reasons = models.TextField(_("reasons for stopping"), blank=True)
    stop_agreed_by = models.CharField(_("agreed by"), max_length=300, blank=True)
    stop_date = models.DateField(_("stopped on"), null=True, blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["initiative__name"]
        # The dashboard and the reminders look for reviews that are due.
        indexes = [models.Index(fields=["review_date"], name="partnership_review_date")]

    def __str__(self):
        return str(self.initiative)


class StatusChange(models.Model):
    """One transition of a partnership's status (the history keeps them too; this is the timeline)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=Partnership.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Partnership.Status.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.partnership}: {self.from_status} → {self.to_status}"


class Conversation(VersionedModel):
    """One conversation between the municipality and the initiative about the partnership."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("continue the search")
        FORMALISE = "formalise", _("formalise the partnership")
        PAUSE = "pause", _("pause")
        STOP_TOGETHER = "stop_together", _("stop together")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("partnership")
    )
    date = models.DateField(_("date"))
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Shared with the initiative."))
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Only municipal staff see these."))
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("written by")
    )

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.partnership}: {date_format(self.date) if self.date else ''}".rstrip()

    @property
    def initiative_id(self):
        return self.partnership.initiative_id


class Need(VersionedModel):
    """A need of one party from the other."""

    class Direction(models.TextChoices):
        INITIATIVE = "initiative", _("the initiative needs from the municipality")
        MUNICIPALITY = "municipality", _("the municipality needs from the initiative")

    class Category(models.TextChoices):
        KNOWLEDGE = "knowledge", _("knowledge")
        BUDGET = "budget", _("budget")
        CAPACITY = "capacity", _("capacity")
        DATA = "data", _("data")
        MANDATE = "mandate", _("mandate or recognition")
        REACH = "reach", _("reach into the neighbourhood")
        OTHER = "other", _("other")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="needs")
    direction = models.CharField(_("whose need"), max_length=12, choices=Direction.choices)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    description = models.TextField(_("description"))
    met = models.BooleanField(_("met"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("written by")
    )

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["direction", "id"]

    def __str__(self):
        return self.description[:60]

    @property
    def initiative_id(self):
        return self.conversation.partnership.initiative_id


class SharedGoal(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="shared_goals")
    description = models.TextField(_("shared goal"))
    neighbourhood_goals = models.ManyToManyField(
        "neighbourhoods.Goal", blank=True, related_name="shared_goals", verbose_name=_("matching neighbourhood goals")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("shared goal")
        verbose_name_plural = _("shared goals")
        ordering = ["id"]

    def __str__(self):
        return self.description[:60]


class ActivityQuerySet(models.QuerySet):
    def open(self):
        """Activities still to be done: planned or in progress (`Activity.OPEN_STATUSES`)."""
        return self.filter(status__in=Activity.OPEN_STATUSES)

    def overdue(self, today: datetime.date):
        """Open activities due before `today` (due today is not yet overdue) in an open partnership.

        The dashboard used to count the activities of ended and stopped partnerships too, the
        reminders did not. They are left out: nobody is expected to carry out an activity of a
        closed partnership, so it is not overdue work; reopening the partnership brings it back.
        `Activity.is_overdue` is the same rule for one activity already in memory.
        """
        return self.open().filter(due_date__lt=today).exclude(partnership__status__in=workflow.CLOSED)


class Activity(VersionedModel):
    """Who does what: one activity of the partnership."""

    class Responsible(models.TextChoices):
        OPEN = "open", _("not yet decided")
        MUNICIPALITY = "municipality", _("municipality")
        INITIATIVE = "initiative", _("initiative")
        BOTH = "both", _("both")
        THIRD_PARTY = "third_party", _("a third party")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    OPEN_STATUSES = frozenset({Status.PLANNED, Status.IN_PROGRESS})

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="activities")
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    what = models.CharField(_("what"), max_length=300)
    responsible = models.CharField(
        _("responsible"), max_length=12, choices=Responsible.choices, default=Responsible.OPEN
    )
    third_party = models.CharField(_("third party"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("written by")
    )
    taken_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("taken on by"),
    )
    # A named person on either side: municipal staff or an active coordinator of the initiative
    # (checked by the form and by `services.check_activity_links`).
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person responsible"),
    )
    shared_goal = models.ForeignKey(
        SharedGoal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("shared goal it serves"),
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["due_date", "id"]
        # The dashboard and the reminders look for overdue activities, oldest first.
        indexes = [models.Index(fields=["due_date", "status"], name="activity_due")]

    def __str__(self):
        return self.what

    @property
    def initiative_id(self):
        return self.partnership.initiative_id

    def is_overdue(self, today=None):
        """`ActivityQuerySet.overdue` for this one activity (reads `self.partnership`, which the
        related manager and prefetches have already set)."""
        today = today or timezone.localdate()
        return bool(
            self.due_date
            and self.due_date < today
            and self.status in self.OPEN_STATUSES
            and self.partnership.status not in workflow.CLOSED
        )


class ActivityNote(models.Model):
    """A progress note on an activity, by either side."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("progress note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]

    @property
    def initiative_id(self):
        return self.activity.partnership.initiative_id


class Side(models.TextChoices):
    """The two sides of a partnership."""

    MUNICIPALITY = "municipality", _("the municipality")
    INITIATIVE = "initiative", _("the initiative")


class StopProposal(models.Model):
    """One side proposes to stop the search together; the other side confirms or declines.

    Only a confirmation closes the partnership (`services.confirm_stop`); a partnership has at most
    one open proposal at a time (a constraint)."""

    class State(models.TextChoices):
        OPEN = "open", _("awaiting the other side")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    Side = Side

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="stop_proposals", verbose_name=_("partnership")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("proposed by")
    )
    side = models.CharField(_("proposed by the side of"), max_length=12, choices=Side.choices)
    reasons = models.TextField(_("reasons for stopping"))
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal to stop")
        verbose_name_plural = _("proposals to stop")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"], condition=models.Q(state="open"), name="one_open_stop_proposal"
            )
        ]

    def __str__(self):
        return f"{self.partnership}: {self.get_state_display()}"

    @property
    def initiative_id(self):
        return self.partnership.initiative_id

    @property
    def other_side(self) -> str:
        return Side.INITIATIVE if self.side == Side.MUNICIPALITY else Side.MUNICIPALITY


class Comment(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


class Assessment(models.Model):
    """How intensive the partnership should be: the answers, the suggestion, and the choice made."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="assessments")
    goal_clear = models.BooleanField(_("the shared goal is clear to both parties"))
    exploring = models.BooleanField(_("the initiative is in an exploratory phase"))
    narrow_goals = models.BooleanField(_("the initiative's goals are narrow"))
    project_development = models.BooleanField(_("project development is at stake"))
    large_scale = models.BooleanField(_("it is a serious, larger-scale initiative"))
    last_recalibrated = models.DateField(
        _("core values on sustainability and governance last re-calibrated"), null=True, blank=True
    )
    suggested_level = models.CharField(_("suggested intensity"), max_length=10, blank=True)
    chosen_level = models.CharField(_("chosen intensity"), max_length=10, blank=True)
    override_reason = models.TextField(_("reason for a different level"), blank=True)
    assessed_on = models.DateField(_("assessed on"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("intensity assessment")
        verbose_name_plural = _("intensity assessments")
        ordering = ["-assessed_on", "-id"]

    def __str__(self):
        return f"{self.partnership}: {self.assessed_on} {self.chosen_level}"

    @property
    def initiative_id(self):
        return self.partnership.initiative_id

    def answers(self) -> dict:
        return {
            name: getattr(self, name)
            for name in [
                "goal_clear",
                "exploring",
                "narrow_goals",
                "project_development",
                "large_scale",
                "last_recalibrated",
            ]
        }


# --- Who of the initiative's side may use the app -------------------------------------------
# These lived in `accounts` until the layers were made one-way; the tables were renamed from
# accounts_* by migration 0006 without touching the rows.


class CoordinatorAccess(models.Model):
    """An initiative coordinator's access to one initiative. Revoking ends it at once, on every device:
    every request checks for an active row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_access", verbose_name=_("user")
    )
    initiative = models.ForeignKey(
        "Initiative",
        on_delete=models.CASCADE,
        related_name="coordinator_access",
        verbose_name=_("initiative"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("coordinator access")
        verbose_name_plural = _("coordinator access")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "initiative"], condition=models.Q(revoked_at__isnull=True), name="one_active_access"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.initiative}"


def moment_of(today: datetime.date) -> datetime.datetime:
    """The moment a check "on `today`" starts from: now, or the start of `today` when it is
    another day (`send_reminders --today`)."""
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


class InvitationQuerySet(models.QuerySet):
    def expiring(self, today: datetime.date):
        """Invitations that can still be accepted (not accepted, not revoked, not yet expired)
        and expire within `settings.INVITATION_NOTICE_HOURS` of `moment_of(today)`.

        Both lists already agreed on this rule; the dashboard counted from now even when asked
        about another day, it now counts from the same moment as the reminders.
        """
        start = moment_of(today)
        return self.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=start,
            expires_at__lte=start + datetime.timedelta(hours=settings.INVITATION_NOTICE_HOURS),
        )


class Invitation(models.Model):
    """An invitation for a coordinator. Only a hash of the token is stored; the link works once."""

    class State(models.TextChoices):
        SENT = "sent", _("sent")
        ACCEPTED = "accepted", _("accepted")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("revoked")

    initiative = models.ForeignKey(
        "Initiative", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("initiative")
    )
    email = models.EmailField(_("email address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    access = models.ForeignKey(CoordinatorAccess, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} ({self.initiative})"

    def save(self, *args, **kwargs):
        # The normalised form, as the account it leads to: accepting and personal data compare exactly.
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        if self.revoked_at:
            return self.State.REVOKED
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.SENT

    def get_state_display(self):
        return self.State(self.state).label
