"""Changes to accounts. Views call these; they validate, save and write the history together."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import NotificationMail, User
from core import history
from core.concurrency import update_versioned


@transaction.atomic
def create_staff_user(*, actor, email, full_name, role, language="", request=None) -> User:
    """Create an account without a usable password and mail the person a link to set one."""
    user = User.objects.create_user(email=email, full_name=full_name, role=role, language=language)
    history.record_create(user, actor=actor, fields=["full_name", "email", "role", "language"])
    if request is not None:
        transaction.on_commit(lambda: send_set_password_mail(user, request))
    return user


@transaction.atomic
def set_language(user: User, language: str) -> None:
    """Keep the language chosen in the language switch on the person's own account (with history).

    An unknown language is ignored: the switch itself (a cookie) already refused it.
    """
    if language not in dict(User._meta.get_field("language").choices):
        return
    current = User.objects.select_for_update().get(pk=user.pk)
    update_versioned(current, expected_version=current.version, values={"language": language}, actor=user)


@transaction.atomic
def set_notification_mail(user: User, choice: str, *, actor=None) -> bool:
    """Set how `user` is mailed about notifications (with history); False if nothing changed.

    Used by the unsubscribe link in notification mail too, where nobody is logged in (`actor` None).
    """
    if choice not in NotificationMail.values:
        raise ValueError(f"Unknown notification mail choice {choice!r}.")
    current = User.objects.select_for_update().get(pk=user.pk)
    if current.notification_mail == choice:
        return False
    update_versioned(current, expected_version=current.version, values={"notification_mail": choice}, actor=actor)
    user.notification_mail = choice
    return True


def send_set_password_mail(user: User, request) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = request.build_absolute_uri(reverse("accounts:password_reset_confirm", args=[uid, token]))
    with translation.override(user.language or translation.get_language()):
        subject = render_to_string("accounts/mail/welcome_subject.txt").strip()
        body = render_to_string("accounts/mail/welcome.txt", {"user": user, "link": link})
    send_mail(subject, body, None, [user.email])
