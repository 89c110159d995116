"""Notification mail: one mail per immediate notice, one digest per person per run of
`send_notifications`, each sent once and none lost.

A row is claimed before it is mailed, with a conditional UPDATE (pending -> sending) that only one
process can win; after the mail went out it is marked sent. If the SMTP server fails, the row goes
back to pending (attempts + 1, the error kept) and the next run sends it. A row left in "sending"
(the process died between claiming and marking) can be claimed again after STALE_AFTER: such a mail
may, rarely, arrive twice; a notice is never lost.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from email.mime.text import MIMEText

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import NotificationMail
from core.site import site_url
from notifications.models import Notification

logger = logging.getLogger(__name__)

STALE_AFTER = datetime.timedelta(hours=1)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(user) -> str:
    """A signed token naming the person; it does not expire (an old mail's link keeps working)."""
    return signing.dumps({"u": user.pk, "e": user.email}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_id_from_token(token: str):
    """The user id in a valid token, else None. A token stops working when the address changes."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and "u" in data and "e" in data else None


def unsubscribe_url(user) -> str:
    return site_url() + reverse("notifications:unsubscribe", args=[unsubscribe_token(user)])


def _claimable():
    return Q(mail_state=Notification.Mail.PENDING) | Q(
        mail_state=Notification.Mail.SENDING, mail_claimed_at__lt=timezone.now() - STALE_AFTER
    )


def _claim(rows) -> list:
    """The rows this process won: each moved from pending (or stale sending) to sending."""
    now = timezone.now()
    won = []
    for row in rows:
        if Notification.objects.filter(_claimable(), pk=row.pk).update(
            mail_state=Notification.Mail.SENDING, mail_claimed_at=now
        ):
            won.append(row)
    return won


def _mark_sent(rows) -> None:
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
        mail_state=Notification.Mail.SENT, mailed_at=timezone.now(), mail_error=""
    )


def _release(rows, error) -> None:
    Notification.objects.filter(pk__in=[r.pk for r in rows], mail_state=Notification.Mail.SENDING).update(
        mail_state=Notification.Mail.PENDING,
        mail_attempts=F("mail_attempts") + 1,
        mail_error=str(error)[:500],
        mail_claimed_at=None,
    )


def _attachment_part(row):
    """The stored attachment as a MIME part; `text/calendar; method=REQUEST; charset=utf-8` keeps its method."""
    mimetype, *params = [part.strip() for part in (row.attachment_mimetype or "application/octet-stream").split(";")]
    maintype, _slash, subtype = mimetype.partition("/")
    if maintype != "text":
        return None
    part = MIMEText(row.attachment_content, subtype or "plain", "utf-8")
    for param in params:
        key, _eq, value = param.partition("=")
        if key.strip().lower() != "charset" and value:
            part.set_param(key.strip(), value.strip())
    part.add_header("Content-Disposition", "attachment", filename=row.attachment_name or "attachment")
    return part


def build_message(user, rows, *, digest: bool) -> EmailMultiAlternatives:
    """The mail for `user` about `rows`, in their language; only summaries, never internal notes."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        groups = defaultdict(list)
        for row in rows:
            groups[row.partnership.initiative.name].append(row)
        context = {
            "user": user,
            "rows": rows,
            "groups": sorted(groups.items()),
            "site_url": site_url(),
            "site_name": settings.SITE_NAME,
            "profile_url": site_url() + reverse("accounts:profile"),
            "unsubscribe_url": unsubscribe_url(user),
        }
        prefix = "digest" if digest else "immediate"
        # A digest of one names its action, like a mail right away.
        subject_template = "immediate" if len(rows) == 1 else prefix
        subject = " ".join(render_to_string(f"notifications/mail/{subject_template}_subject.txt", context).split())
        body = render_to_string(f"notifications/mail/{prefix}.txt", context)
    headers = {}
    if site_url():  # List-Unsubscribe needs an absolute address (RFC 2369, one-click: RFC 8058)
        headers = {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(subject, body, None, [user.email], headers=headers)
    for row in rows:
        if row.attachment_name:
            part = _attachment_part(row)
            if part is not None:
                message.attach(part)
            else:
                message.attach(row.attachment_name, row.attachment_content.encode(), row.attachment_mimetype)
    return message


def _deliverable(row) -> bool:
    """A person who chose no mail since, or left, is not mailed: the row stays in the inbox only."""
    user = row.recipient
    if user.is_active and user.email and user.notification_mail != NotificationMail.NONE:
        return True
    Notification.objects.filter(pk=row.pk, mail_state=Notification.Mail.PENDING).update(
        mail_state=Notification.Mail.NONE
    )
    return False


@dataclass
class Outcome:
    sent: int = 0  # mails
    failed: int = 0
    lines: list = field(default_factory=list)

    def summary(self) -> str:
        return f"sent={self.sent} failed={self.failed}"


def _send(user, rows, *, digest: bool, outcome: Outcome) -> None:
    rows = _claim(rows)
    if not rows:
        return
    try:
        build_message(user, rows, digest=digest).send()
    except Exception as error:  # noqa: BLE001 - any failure: back to pending, retried by the next run
        _release(rows, error)
        outcome.failed += 1
        outcome.lines.append(f"{user.email}: not sent ({error})")
        logger.warning("Notification mail to user %s failed: %s", user.pk, error)
        return
    _mark_sent(rows)
    outcome.sent += 1
    outcome.lines.append(f"{user.email}: {len(rows)} notification(s){' (digest)' if digest else ''}")


def _queued(queryset):
    return (
        queryset.filter(_claimable())
        .select_related("recipient", "partnership__initiative")
        .order_by("created_at", "pk")
    )


def send_immediate(queryset, outcome: Outcome | None = None) -> Outcome:
    """Mail each claimable row of `queryset` on its own."""
    outcome = outcome or Outcome()
    for row in _queued(queryset):
        if _deliverable(row):
            _send(row.recipient, [row], digest=False, outcome=outcome)
    return outcome


def send_pending(*, digests: bool = True) -> Outcome:
    """What `send_notifications` does: retry the immediate mails still pending, then (`digests`)
    mail each person with pending daily notices one digest of them all, grouped per initiative."""
    outcome = send_immediate(Notification.objects.filter(immediate=True))
    if not digests:
        return outcome
    per_person = defaultdict(list)
    for row in _queued(Notification.objects.filter(immediate=False)):
        if _deliverable(row):
            per_person[row.recipient_id].append(row)
    for rows in per_person.values():
        _send(rows[0].recipient, rows, digest=True, outcome=outcome)
    return outcome
