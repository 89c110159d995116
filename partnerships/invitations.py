"""Invitations for initiative coordinators: invite, resend, revoke, accept once.

The link carries a random token; only its SHA-256 is stored. Accepting creates the account (or
links an existing one) and grants `CoordinatorAccess` to the one initiative.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.auth import is_plain_email, normalise_email
from accounts.models import Role, User
from core import events, history
from core.models import ChangeEntry
from core.safety import one_line
from partnerships.models import CoordinatorAccess, Invitation


class InvitationError(Exception):
    """The link cannot be used (unknown, used, expired or revoked); the message says why."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_coordinator(initiative, *, email: str, actor, request) -> Invitation:
    """Create an invitation and mail its single-use link. Only the token's hash is stored."""
    if not is_plain_email(email):
        raise ValueError("Only a plain email address can be invited (accounts.auth.is_plain_email).")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        initiative=initiative,
        email=normalise_email(email),
        token_hash=hash_token(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(hours=settings.INVITATION_VALID_HOURS),
    )
    history.record(
        initiative,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("invitation", new=invitation.email)],
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
        changes=[history.event("invitation_revoked", old=invitation.email)],
    )
    return invitation


def _send_invitation(invitation: Invitation, token: str, request) -> None:
    link = request.build_absolute_uri(reverse("invitations:link", args=[token]))
    context = {"invitation": invitation, "link": link, "hours": settings.INVITATION_VALID_HOURS}
    # The initiative's name is in the subject: on one line, or a name stored with a line break
    # would split the header and Django would refuse to send the mail.
    subject = one_line(render_to_string("partnerships/mail/invitation_subject.txt", context))
    send_mail(subject, render_to_string("partnerships/mail/invitation.txt", context), None, [invitation.email])


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
        if not is_plain_email(invitation.email):
            # An invitation from before addresses had to be plain: no account under a look-alike.
            raise InvitationError(
                _(
                    "This invitation is for an address that cannot be used for an account. Ask your contact at the "
                    "municipality for a new invitation."
                )
            )
        if User.objects.filter(email=normalise_email(invitation.email)).exists():
            raise InvitationError(_("There is already an account with this address: log in first."))
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=invitation.email, password=password, full_name=full_name, role=Role.COORDINATOR
                )
        except IntegrityError:
            # Two accepts of one link at once: both passed the check above, the other created the
            # account first (the unique address stops this one). The link has been used.
            raise InvitationError(_("This invitation has already been used. Log in with your account.")) from None
        history.record_create(
            user, actor=user, fields=["full_name", "email", "role"], events=[history.event("via_invitation")]
        )
    elif normalise_email(user.email) != normalise_email(invitation.email):
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
        changes=[history.event("coordinator", new=user.email)],
    )
    return user


def announce(request, action: str, invitation: Invitation, *, actor=None, **detail) -> None:
    """Tell the security log (through `core.events`) what happened to an invitation."""
    events.announce(
        request,
        action,
        obj=invitation,
        actor=actor,
        detail={"email": invitation.email, "initiative_id": invitation.initiative_id, **detail},
    )
