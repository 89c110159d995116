"""Reminders: what each person should act on, mailed daily by `manage.py send_reminders`.

Four kinds of items, each for the person who can act on it. Which items there are is decided by
the models' queryset methods, the same that "needs attention" on the staff dashboard uses
(`overview.dashboard.needs_attention`); this module only decides who gets each one:

- `Partnership.objects.review_due(today)` (review date past or within `REVIEW_NOTICE_DAYS`, a
  month by default): both sides, the initiative's municipal contact (else the deputy) and its
  coordinators, since the re-calibration is a conversation of both;
- `Activity.objects.overdue(today)`: the initiative's coordinators when the initiative is
  responsible, else the municipal contact (else the deputy);
- `DraftVersion.objects.awaiting_one_side()`: the other side (the municipal contact, or the
  initiative's coordinators);
- `Invitation.objects.expiring(today)` (within `INVITATION_NOTICE_HOURS`): the person who sent it.

An item with nobody to receive it (no active contact or deputy, no coordinators, an inviter whose
account is gone) is on the dashboard only. `items_for(user, today)` gives one person's items (for
the home page); `send(today)` mails everyone theirs, once per item per day.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from agreements.models import DraftVersion
from audit.models import ReminderSent
from core.site import site_url
from partnerships.models import Activity, CoordinatorAccess, Initiative, Invitation, Partnership

Kind = ReminderSent.Kind


@dataclass(frozen=True)
class Item:
    """One thing one person should act on. `text` is built in the active language when read."""

    kind: str
    key: str  # what the item is about, e.g. "partnership:12"; with kind and date: one reminder per day
    date: datetime.date | None
    url: str  # a path; mails prefix it with SITE_URL
    name: str  # the initiative or draft
    detail: str = ""  # the activity, the version number, the invited address
    variant: str = ""  # "overdue" for a past review date; the side that agreed for a draft

    @property
    def text(self) -> str:
        values = {"name": self.name, "detail": self.detail, "date": _format_date(self.date)}
        if self.kind == Kind.REVIEW:
            if self.variant == "overdue":
                return _("The review of the partnership with %(name)s was due on %(date)s.") % values
            return _("The review of the partnership with %(name)s is due on %(date)s.") % values
        if self.kind == Kind.ACTIVITY:
            return _("The activity “%(detail)s” of %(name)s was due on %(date)s.") % values
        if self.kind == Kind.AGREEMENT:
            if self.variant == "municipality":
                message = _("The municipality agreed to version %(detail)s of “%(name)s”; awaiting the initiative.")
            else:
                message = _("The initiative agreed to version %(detail)s of “%(name)s”; awaiting the municipality.")
            return message % values
        if self.kind == Kind.INVITATION:
            return _("The invitation for %(detail)s to %(name)s expires on %(date)s.") % values
        return self.name

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


def _format_date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


@dataclass
class Reminders:
    """Everyone's items: user id -> (user, items)."""

    people: dict = field(default_factory=dict)

    def add(self, user, item: Item) -> None:
        if user is None or not user.is_active or not user.email:
            return
        _user, items = self.people.setdefault(user.pk, (user, {}))
        items.setdefault((item.kind, item.key), item)

    def items(self, user_id) -> list[Item]:
        if user_id not in self.people:
            return []
        return sorted(self.people[user_id][1].values(), key=_sort_key)

    def __iter__(self):
        for user_id, (user, _items) in sorted(self.people.items()):
            yield user, self.items(user_id)


def _sort_key(item: Item):
    return (item.date or datetime.date.max, item.kind, item.key)


def _staff_contact(initiative):
    """The initiative's municipal contact, else the deputy (active accounts only)."""
    for person in (initiative.contact, initiative.deputy):
        if person is not None and person.is_active:
            return person
    return None


def _coordinators(initiative_ids) -> dict[int, list]:

    result = defaultdict(list)
    if not initiative_ids:
        return result
    rows = CoordinatorAccess.objects.filter(
        initiative_id__in=set(initiative_ids), revoked_at__isnull=True, user__is_active=True
    ).select_related("user")
    for access in rows.order_by("user_id"):
        result[access.initiative_id].append(access.user)
    return result


def _relevant_initiative_ids(user) -> set[int]:
    """The initiatives whose reminders could be for `user`: as contact, deputy or coordinator."""

    ids = set(Initiative.objects.filter(Q(contact=user) | Q(deputy=user)).values_list("pk", flat=True))
    ids |= set(
        CoordinatorAccess.objects.filter(user=user, revoked_at__isnull=True).values_list("initiative_id", flat=True)
    )
    return ids


def collect(today: datetime.date, user=None) -> Reminders:
    """Every item due on `today`, per person; only `user`'s when given (fewer rows read)."""

    reminders = Reminders()
    initiative_ids = None
    if user is not None:
        if not (user.is_authenticated and user.is_active):
            return reminders
        initiative_ids = _relevant_initiative_ids(user)

    def scoped(queryset, path):
        return queryset if initiative_ids is None else queryset.filter(**{f"{path}__in": initiative_ids})

    # Review dates (herijken): for both sides.
    reviews = list(
        scoped(
            Partnership.objects.review_due(today).select_related("initiative__contact", "initiative__deputy"),
            "initiative_id",
        )
    )

    # Overdue activities.
    activities = list(
        scoped(
            Activity.objects.overdue(today).select_related(
                "partnership__initiative__contact", "partnership__initiative__deputy"
            ),
            "partnership__initiative_id",
        )
    )

    # Draft agreements waiting for the other side.
    versions = list(
        scoped(
            DraftVersion.objects.awaiting_one_side()
            .select_related("draft__partnership__initiative__contact", "draft__partnership__initiative__deputy")
            .defer("sections", "parties", "activities"),
            "draft__partnership__initiative_id",
        )
    )

    coordinators = _coordinators(
        [p.initiative_id for p in reviews]
        + [a.partnership.initiative_id for a in activities if a.responsible == Activity.Responsible.INITIATIVE]
        + [v.draft.partnership.initiative_id for v in versions if v.municipality_agreed_at]
    )

    for partnership in reviews:
        item = Item(
            kind=Kind.REVIEW,
            key=f"partnership:{partnership.pk}",
            date=partnership.review_date,
            url=reverse("partnerships:detail", args=[partnership.pk]),
            name=partnership.initiative.name,
            variant="overdue" if partnership.review_date < today else "",
        )
        reminders.add(_staff_contact(partnership.initiative), item)
        for coordinator in coordinators[partnership.initiative_id]:
            reminders.add(coordinator, item)

    for activity in activities:
        initiative = activity.partnership.initiative
        item = Item(
            kind=Kind.ACTIVITY,
            key=f"activity:{activity.pk}",
            date=activity.due_date,
            url=reverse("partnerships:detail", args=[activity.partnership_id]),
            name=initiative.name,
            detail=activity.what,
        )
        if activity.responsible == Activity.Responsible.INITIATIVE:
            for coordinator in coordinators[initiative.pk]:
                reminders.add(coordinator, item)
        else:
            # The municipality, both, not yet decided, or a third party: the municipal contact follows it up.
            reminders.add(_staff_contact(initiative), item)

    for version in versions:
        initiative = version.draft.partnership.initiative
        agreed_at = version.municipality_agreed_at or version.initiative_agreed_at
        item = Item(
            kind=Kind.AGREEMENT,
            key=f"draftversion:{version.pk}",
            date=timezone.localdate(agreed_at),
            url=reverse("agreements:version", args=[version.pk]),
            name=version.draft.title,
            detail=str(version.number),
            variant="municipality" if version.municipality_agreed_at else "initiative",
        )
        if version.municipality_agreed_at:
            for coordinator in coordinators[initiative.pk]:
                reminders.add(coordinator, item)
        else:
            reminders.add(_staff_contact(initiative), item)

    # Invitations about to expire.
    invitations = Invitation.objects.expiring(today).filter(invited_by__isnull=False)
    invitations = invitations.select_related("initiative", "invited_by")
    if user is not None:
        invitations = invitations.filter(invited_by=user)
    for invitation in invitations:
        reminders.add(
            invitation.invited_by,
            Item(
                kind=Kind.INVITATION,
                key=f"invitation:{invitation.pk}",
                date=timezone.localdate(invitation.expires_at),
                url=reverse("initiatives:detail", args=[invitation.initiative_id]),
                name=invitation.initiative.name,
                detail=invitation.email,
            ),
        )
    return reminders


def items_for(user, today: datetime.date | None = None) -> list[Item]:
    """What `user` should act on today, soonest first: for the home page. A handful of queries."""
    today = today or timezone.localdate()
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return collect(today, user=user).items(user.pk)


# --- Mailing ---------------------------------------------------------------------------------------


@dataclass
class Outcome:
    sent: int = 0  # mails sent (in a dry run: that would be sent)
    skipped: int = 0  # people with items, all of which they were already mailed about today
    failed: int = 0  # mails that could not be sent (retried on the next run)
    lines: list = field(default_factory=list)

    def summary(self) -> str:
        text = f"sent={self.sent} skipped={self.skipped}"
        return f"{text} failed={self.failed}" if self.failed else text


def render_mail(user, items: list[Item]) -> tuple[str, str]:
    """Subject and body in the person's language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "items": items, "site_url": site_url(), "site_name": settings.SITE_NAME}
        subject = render_to_string("overview/mail/reminders_subject.txt", context).strip()
        body = render_to_string("overview/mail/reminders.txt", context)
    return subject, body


def send(today: datetime.date, *, dry_run: bool = False) -> Outcome:
    """Mail each person the items they were not yet mailed about today: one mail per person.

    Idempotent: every item mailed is recorded in ReminderSent (unique per person, item and day) in
    the same transaction as the mail is sent, so a second run on the same day sends nothing again,
    and two runs at once cannot both send (the second one's insert fails on the constraint).
    """
    outcome = Outcome()
    already = set(ReminderSent.objects.filter(date=today).values_list("user_id", "kind", "object_key"))
    for user, items in collect(today):
        new = [item for item in items if (user.pk, item.kind, item.key) not in already]
        if not new:
            outcome.skipped += 1
            continue
        if dry_run:
            outcome.sent += 1
            outcome.lines.append(f"{user.email}: " + "; ".join(f"{i.kind} {i.key}" for i in new))
            continue
        subject, body = render_mail(user, new)
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(
                    [ReminderSent(user=user, kind=i.kind, object_key=i.key, date=today) for i in new]
                )
                send_mail(subject, body, None, [user.email])
        except IntegrityError:
            outcome.skipped += 1  # another run mailed this person in the meantime
            continue
        except OSError as error:  # smtplib.SMTPException is an OSError
            outcome.failed += 1
            outcome.lines.append(f"{user.email}: not sent ({error})")
            continue
        outcome.sent += 1
        outcome.lines.append(f"{user.email}: {len(new)} item(s)")
    return outcome
