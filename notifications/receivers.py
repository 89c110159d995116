"""The receiver of `partnerships.notices.file_event`: store the inbox items in the caller's transaction."""

import logging

from django.db import transaction

from accounts.models import NotificationMail, Role, User
from notifications import mail
from notifications.models import Notification
from partnerships.models import CoordinatorAccess

logger = logging.getLogger(__name__)

EDITING_ROLES = [Role.BEHEERDER, Role.MEDEWERKER]


def coordinators_of(initiative) -> list:
    """The initiative's coordinators who may log in now."""
    return list(
        User.objects.filter(
            is_active=True,
            coordinator_access__initiative=initiative,
            coordinator_access__revoked_at__isnull=True,
        ).distinct()
    )


def staff_of(initiative) -> list:
    """The initiative's municipal contact and deputy (active accounts); if neither, every active editor."""
    people = [p for p in (initiative.contact, initiative.deputy) if p is not None and p.is_active]
    if people:
        return list({p.pk: p for p in people}.values())
    return list(User.objects.filter(is_active=True, role__in=EDITING_ROLES))


def is_initiative_side(user, initiative) -> bool:
    return bool(
        user is not None
        and user.role == Role.COORDINATOR
        and CoordinatorAccess.objects.filter(user=user, initiative=initiative, revoked_at__isnull=True).exists()
    )


def recipients_of(notice) -> list:
    """Who hears of `notice`: the named recipients, else the other side of the actor; never a
    coordinator of an internal notice, never the actor unless named."""
    initiative = notice.partnership.initiative
    if notice.recipients is not None:
        people = [p for p in notice.recipients if p is not None and p.is_active]
    elif is_initiative_side(notice.actor, initiative):
        people = staff_of(initiative)
    else:
        people = coordinators_of(initiative)
    if notice.recipients is None and notice.actor is not None:
        people = [p for p in people if p.pk != notice.actor.pk]
    if notice.internal:
        people = [p for p in people if p.role != Role.COORDINATOR]
    else:
        # A named coordinator must still belong to this initiative.
        allowed = (
            {p.pk for p in coordinators_of(initiative)} if any(p.role == Role.COORDINATOR for p in people) else set()
        )
        people = [p for p in people if p.role != Role.COORDINATOR or p.pk in allowed]
    return list({p.pk: p for p in people}.values())


def mail_state_for(user) -> str:
    if user.notification_mail == NotificationMail.NONE or not user.email:
        return Notification.Mail.NONE
    return Notification.Mail.PENDING


def file_event_received(sender, notice, **kwargs):
    people = recipients_of(notice)
    if not people:
        return
    actor = notice.actor
    name, content, mimetype = notice.attachment if notice.attachment else ("", "", "")
    if isinstance(content, bytes):
        content = content.decode("utf-8")
    rows = [
        Notification(
            recipient=person,
            partnership=notice.partnership,
            kind=notice.kind,
            actor=actor,
            actor_name=(actor.get_full_name() or actor.email) if actor is not None else "",
            url=notice.url if notice.url.startswith("/") and not notice.url.startswith("//") else "",
            summary=notice.summary,
            immediate=notice.immediate or person.notification_mail == NotificationMail.IMMEDIATE,
            mail_state=mail_state_for(person),
            attachment_name=name,
            attachment_content=content,
            attachment_mimetype=mimetype,
        )
        for person in people
    ]
    created = Notification.objects.bulk_create(rows)
    ids = [row.pk for row in created if row.immediate and row.mail_state == Notification.Mail.PENDING]
    if ids:
        transaction.on_commit(lambda: _mail_after_commit(ids))


def _mail_after_commit(ids):
    """Mail the immediate notices; a failure leaves them pending for `send_notifications`, never
    breaks the request that caused them."""
    try:
        mail.send_immediate(Notification.objects.filter(pk__in=ids))
    except Exception:  # noqa: BLE001 - the action is saved; the next run of send_notifications retries
        logger.exception("Notification mail failed after commit; send_notifications retries it.")
