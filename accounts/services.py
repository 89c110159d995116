"""Changes to accounts. Views call these; they validate, save and write the history together."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import CoordinatorAccess, Invitation, Role, User
from core import history
from core.models import ChangeEntry
from core.safety import one_line


@transaction.atomic
def create_staff_user(*, actor, email, full_name, role, language="", request=None) -> User:
    """Create an account without a usable password and mail the person a link to set one."""
    user = User.objects.create_user(email=email, full_name=full_name, role=role, language=language)
    history.record_create(user, actor=actor, fields=["full_name", "email", "role", "language"])
    if request is not None:
        transaction.on_commit(lambda: send_set_password_mail(user, request))
    return user


def send_set_password_mail(user: User, request) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = request.build_absolute_uri(reverse("accounts:password_reset_confirm", args=[uid, token]))
    with translation.override(user.language or translation.get_language()):
        subject = render_to_string("accounts/mail/welcome_subject.txt").strip()
        body = render_to_string("accounts/mail/welcome.txt", {"user": user, "link": link})
    send_mail(subject, body, None, [user.email])


# --- Invitations for initiative coordinators ------------------------------------------------


class InvitationError(Exception):
    """The link cannot be used (unknown, used, expired or revoked); the message says why."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_coordinator(initiative, *, email: str, actor, request) -> Invitation:
    """Create an invitation and mail its single-use link. Only the token's hash is stored."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        initiative=initiative,
        email=email.strip().lower(),
        token_hash=hash_token(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(hours=settings.INVITATION_VALID_HOURS),
    )
    history.record(
        initiative,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[{"field": "invitation", "label": "uitnodiging", "old": "", "new": invitation.email}],
    )
    transaction.on_commit(lambda: _send_invitation(invitation, token, request))
    return invitation


def resend_invitation(invitation: Invitation, *, actor, request) -> Invitation:
    """A fresh link (the old one stops working) with a fresh expiry."""
    if invitation.state in {Invitation.State.ACCEPTED, Invitation.State.REVOKED}:
        raise InvitationError(_("This invitation can no longer be sent again."))
    with transaction.atomic():
        token = secrets.token_urlsafe(32)
        invitation.token_hash = hash_token(token)
        invitation.expires_at = timezone.now() + timedelta(hours=settings.INVITATION_VALID_HOURS)
        invitation.save(update_fields=["token_hash", "expires_at"])
        transaction.on_commit(lambda: _send_invitation(invitation, token, request))
    return invitation


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, actor) -> Invitation:
    """Stop the invitation and, if it was accepted, the coordinator's access to the initiative.

    Access is checked on every request, so the coordinator loses the initiative on every device
    at once."""
    now = timezone.now()
    invitation.refresh_from_db()  # the access may have been linked since this object was loaded
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(revoked_at=now)
    if invitation.access_id:
        CoordinatorAccess.objects.filter(pk=invitation.access_id, revoked_at__isnull=True).update(revoked_at=now)
    invitation.refresh_from_db()
    history.record(
        invitation.initiative,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[{"field": "invitation", "label": "uitnodiging ingetrokken", "old": invitation.email, "new": ""}],
    )
    return invitation


def _send_invitation(invitation: Invitation, token: str, request) -> None:
    link = request.build_absolute_uri(reverse("accounts:invitation", args=[token]))
    context = {"invitation": invitation, "link": link, "hours": settings.INVITATION_VALID_HOURS}
    # The initiative's name is in the subject: on one line, or a name stored with a line break
    # would split the header and Django would refuse to send the mail.
    subject = one_line(render_to_string("accounts/mail/invitation_subject.txt", context))
    send_mail(subject, render_to_string("accounts/mail/invitation.txt", context), None, [invitation.email])


def usable_invitation(*, token: str | None = None, token_hash: str | None = None) -> Invitation:
    """The invitation behind a token from a link (or its hash, kept in the session between the link
    and the accept page), if it can still be accepted. A resent invitation has a new hash, so an
    older link or session stops working."""
    queryset = Invitation.objects.select_related("initiative")
    wanted = hash_token(token) if token else token_hash
    invitation = queryset.filter(token_hash=wanted).first() if wanted else None
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid. Check that you used the whole link from the mail."))
    if invitation.state == Invitation.State.ACCEPTED:
        raise InvitationError(_("This invitation has already been used. Log in with your account."))
    if invitation.state == Invitation.State.REVOKED:
        raise InvitationError(_("This invitation has been withdrawn by the municipality."))
    if invitation.state == Invitation.State.EXPIRED:
        raise InvitationError(_("This invitation has expired. Ask your contact at the municipality for a new one."))
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, *, user=None, full_name="", password="") -> User:
    """Accept once: link `user` (already logged in with the invited address) or create an account."""
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(_("There is already an account with this address: log in first."))
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name, role=Role.COORDINATOR
        )
        history.record_create(user, actor=user, fields=["full_name", "email", "role"], note="uitnodiging")
    elif user.email.lower() != invitation.email.lower():
        raise InvitationError(
            _("This invitation is for %(email)s, but you are logged in as %(other)s.")
            % {"email": invitation.email, "other": user.email}
        )
    # Single use: only one request can move accepted_at from empty to set.
    if not Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user
    ):
        raise InvitationError(_("This invitation has already been used. Log in with your account."))
    access = CoordinatorAccess.objects.filter(
        user=user, initiative=invitation.initiative, revoked_at__isnull=True
    ).first()
    if access is None:
        access = CoordinatorAccess.objects.create(user=user, initiative=invitation.initiative)
    Invitation.objects.filter(pk=invitation.pk).update(access=access)
    invitation.access, invitation.accepted_by = access, user
    history.record(
        invitation.initiative,
        actor=user,
        action=ChangeEntry.Action.EVENT,
        changes=[{"field": "coordinator", "label": "coördinator", "old": "", "new": user.email}],
    )
    return user
