"""Changes to a person's notifications: read, all read, and the unsubscribe link's "no more mail"."""

from django.db import transaction
from django.utils import timezone

from accounts import services as account_services
from accounts.models import NotificationMail
from notifications.models import Notification


@transaction.atomic
def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)


@transaction.atomic
def mark_all_read(queryset) -> int:
    """Mark the unread ones of `queryset` (a person's own inbox, see inbox.for_user) read."""
    return Notification.objects.filter(pk__in=queryset.filter(read_at__isnull=True).values("pk")).update(
        read_at=timezone.now()
    )


@transaction.atomic
def unsubscribe(user) -> bool:
    """No more notification mail for `user` (the one-click link in a mail); pending mail is dropped.
    The inbox keeps every notification. False if the person had already chosen no mail."""
    changed = account_services.set_notification_mail(user, NotificationMail.NONE, actor=None)
    Notification.objects.filter(recipient=user, mail_state=Notification.Mail.PENDING).update(
        mail_state=Notification.Mail.NONE
    )
    return changed
