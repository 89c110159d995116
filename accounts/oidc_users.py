"""Which Wijkpartner account a person signed in through single sign-on gets, and with which role.

- The account is found by (issuer, subject) in `ExternalIdentity`, never by name or e-mail alone.
- The role comes from the groups claim through OIDC_ROLE_MAPPING (the highest of the person's
  groups); it is brought up to date at every sign-in.
- Without a mapped group there is no access: a linked account is deactivated (its access ends at
  this sign-in) and reactivated by a later sign-in with a mapped group; an account a beheerder
  deactivated stays deactivated.
- A new account is made only for the e-mail domains in OIDC_ALLOWED_DOMAINS or the groups in
  OIDC_ALLOWED_GROUPS; an existing account with the same address is taken over only with
  OIDC_LINK_EXISTING_ACCOUNTS, a verified address in an allowed domain, and never a coordinator's.
- Coordinators are external people: they keep the app's own login and are never signed in here.

Every change is written to the account's history and announced to the security log (on commit).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import signals
from accounts.models import STAFF_ROLES, ExternalIdentity, Role, User
from accounts.oidc import Identity
from core import events, history
from core.concurrency import update_versioned

# Highest first: someone in several mapped groups gets the highest of their roles.
ROLE_ORDER = [Role.BEHEERDER.value, Role.MEDEWERKER.value, Role.LEZER.value]


@dataclass
class Outcome:
    """The account to log in, or why not (`refusal`, a short code); `user` may be set either way."""

    user: User | None = None
    refusal: str = ""
    created: bool = False
    changes: list = field(default_factory=list)


def role_mapping() -> dict[str, str]:
    """OIDC_ROLE_MAPPING (`group=role` items) as a dict; items that do not parse are left out
    (the system check `accounts.E102` reports them)."""
    mapping = {}
    for item in settings.OIDC_ROLE_MAPPING:
        group, _, role = item.rpartition("=")
        if group.strip() and role.strip() in ROLE_ORDER:
            mapping[group.strip()] = role.strip()
    return mapping


def role_for(groups) -> str | None:
    mapping = role_mapping()
    roles = {mapping[g] for g in groups if g in mapping}
    return next((role for role in ROLE_ORDER if role in roles), None)


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower() if "@" in email else ""


def in_allowed_domain(email: str) -> bool:
    return domain_of(email) in {d.strip().lower().lstrip("@") for d in settings.OIDC_ALLOWED_DOMAINS}


def may_create(identity: Identity) -> bool:
    return in_allowed_domain(identity.email) or bool(set(identity.groups) & set(settings.OIDC_ALLOWED_GROUPS))


def staff_must_use_sso(user) -> bool:
    """With SSO on and OIDC_STAFF_PASSWORD_LOGIN off, staff may not log in with a password."""
    return (
        settings.OIDC_ENABLED
        and not settings.OIDC_STAFF_PASSWORD_LOGIN
        and getattr(user, "role", None) in {r.value for r in STAFF_ROLES}
    )


def _detail(identity: Identity, **extra) -> dict:
    return {"issuer": identity.issuer, "subject": identity.subject, **extra}


@transaction.atomic
def account_for(request, identity: Identity) -> Outcome:
    """Find, create or update the account for `identity`; see the module's docstring."""
    role = role_for(identity.groups)
    link = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=identity.issuer, subject=identity.subject)
        .first()
    )
    if link is None:
        return _first_sign_in(request, identity, role)
    user = link.user
    if user.is_coordinator:
        return Outcome(user, refusal="coordinator")
    if role is None:
        if user.is_active:
            _deactivate(request, link, identity)
        return Outcome(user, refusal="no_role")
    if not user.is_active:
        if not link.deactivated_by_sso:
            return Outcome(user, refusal="inactive")
        user, _changes = _update(user, {"is_active": True})
        events.announce(request, "account_reactivated", obj=user, actor=user, detail=_detail(identity, via="sso"))
    values = {"role": role}
    if identity.name:
        values["full_name"] = identity.name
    user, changes = _update(user, values)
    _announce_role_change(request, user, changes, identity)
    ExternalIdentity.objects.filter(pk=link.pk).update(last_login_at=timezone.now(), deactivated_by_sso=False)
    return Outcome(user, changes=changes)


def _first_sign_in(request, identity: Identity, role: str | None) -> Outcome:
    if role is None:
        return Outcome(refusal="no_role")
    existing = User.objects.filter(email__iexact=identity.email).first() if identity.email else None
    if existing is not None:
        return _link_existing(request, identity, role, existing)
    if not may_create(identity):
        return Outcome(refusal="not_allowed")
    if not identity.email:
        return Outcome(refusal="no_email")
    user = User.objects.create_user(
        email=identity.email, password=None, full_name=identity.name or identity.email, role=role
    )
    history.record_create(user, actor=None, fields=["full_name", "email", "role"], note="single sign-on")
    ExternalIdentity.objects.create(
        user=user, issuer=identity.issuer, subject=identity.subject, last_login_at=timezone.now()
    )
    events.announce(request, "sso_account_created", obj=user, actor=user, detail=_detail(identity, role=role))
    return Outcome(user, created=True)


def _link_existing(request, identity: Identity, role: str, user: User) -> Outcome:
    """An account with this address exists, but was never linked to this person at the provider."""
    linkable = (
        settings.OIDC_LINK_EXISTING_ACCOUNTS
        and identity.email_verified
        and in_allowed_domain(identity.email)
        and not user.is_coordinator
        and user.is_active
        and not ExternalIdentity.objects.filter(user=user, issuer=identity.issuer).exists()
    )
    if not linkable:
        return Outcome(user, refusal="email_taken")
    ExternalIdentity.objects.create(
        user=user, issuer=identity.issuer, subject=identity.subject, last_login_at=timezone.now()
    )
    user, changes = _update(user, {"role": role})
    events.announce(request, "sso_login", obj=user, actor=user, detail=_detail(identity, linked=True))
    _announce_role_change(request, user, changes, identity)
    return Outcome(user, changes=changes)


def _update(user: User, values: dict):
    return update_versioned(user, expected_version=user.version, values=values, actor=None, note="single sign-on")


def _announce_role_change(request, user, changes, identity):
    for change in changes:
        if change["field"] == "role":
            events.announce(
                request,
                "role_changed",
                obj=user,
                actor=user,
                detail=_detail(identity, old=change["old"], new=change["new"], role=user.role, via="sso"),
            )


def _deactivate(request, link: ExternalIdentity, identity: Identity) -> None:
    """The provider's groups no longer give a role: the account's access ends now.

    Unlike a beheerder's deactivation this does not wait for the files to be handed over (the
    person has left the group at the municipality); what still needs a new contact is in the log.
    """
    user = link.user
    objections = [
        str(objection)
        for _receiver, objection in signals.deactivation_objections.send(sender=User, user=user)
        if objection
    ]
    _update(user, {"is_active": False})
    ExternalIdentity.objects.filter(pk=link.pk).update(deactivated_by_sso=True)
    events.announce(
        request,
        "account_deactivated",
        obj=user,
        actor=user,
        detail=_detail(identity, via="sso", reason="no_role", groups=identity.groups[:20], objections=objections),
    )
