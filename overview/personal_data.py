"""Personal data (AVG): everything kept about one person, as a JSON export, and anonymising a coordinator.

The export answers a request for access (inzageverzoek, AVG art. 15). Texts the person wrote are
included with a reference to where they are; rows that merely point at the person (who froze a
version, who changed a status) are listed as references. Any model with a foreign key to the user
that is not handled explicitly below turns up under `other_references`, so new models are not
silently missed.

Anonymising is for an initiative coordinator who left: the account keeps existing (the partnership
file still says "written by" someone), but it no longer names or reaches the person.
"""

import datetime
import json

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.auth import normalise_email
from accounts.models import Role, User
from agreements.models import SectionComment
from audit.models import SecurityEvent
from audit.services import record
from core import history
from core.models import ChangeEntry
from notifications.models import Notification
from partnerships.models import Activity, Comment, ContactLogEntry, CoordinatorAccess, Initiative, Invitation, Need

FORMAT = "wijkpartner-personal-data/1"
ANONYMOUS_NAME = "Voormalig coördinator"

# (model label, user field) handled in their own section of the export.
EXPLICIT = {
    ("partnerships.CoordinatorAccess", "user"),
    ("partnerships.Invitation", "invited_by"),
    ("partnerships.Invitation", "accepted_by"),
    ("core.ChangeEntry", "actor"),
    ("audit.SecurityEvent", "actor"),
    ("partnerships.Initiative", "contact"),
    ("partnerships.Initiative", "deputy"),
    ("partnerships.ContactLogEntry", "author"),
    ("partnerships.Need", "author"),
    ("partnerships.Activity", "author"),
    ("partnerships.Activity", "taken_on_by"),
    ("partnerships.Comment", "author"),
    ("agreements.SectionComment", "author"),
}


def anonymous_email(user) -> str:
    return f"anoniem-{user.pk}@invalid.example"


def is_anonymised(user) -> bool:
    return user.email == anonymous_email(user)


# --- Export ------------------------------------------------------------------------------------------


def _security_events(user):
    return SecurityEvent.objects.filter(
        Q(actor=user)
        | Q(object_type=user._meta.label_lower, object_id=str(user.pk))
        | Q(detail__username=normalise_email(user.email))
    ).order_by("at", "id")


def export(user) -> dict:
    """Everything kept about `user`, as JSON-ready data."""

    data = {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "profile": {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "role": user.role,
            "role_label": str(user.get_role_display()),
            "language": user.language,
            "is_active": user.is_active,
            "technical_admin_access": user.is_staff,
            "superuser": user.is_superuser,
            "has_password": user.has_usable_password(),
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "created_at": user.created_at,
            "updated_at": user.updated_at,
        },
        "coordinator_access": [
            {
                "initiative_id": a.initiative_id,
                "initiative": a.initiative.name,
                "granted_at": a.granted_at,
                "revoked_at": a.revoked_at,
            }
            for a in CoordinatorAccess.objects.filter(user=user).select_related("initiative").order_by("granted_at")
        ],
        "invitations": [
            {
                "id": i.pk,
                "email": i.email,
                "initiative_id": i.initiative_id,
                "initiative": i.initiative.name,
                "sent_at": i.created_at,
                "expires_at": i.expires_at,
                "accepted_at": i.accepted_at,
                "revoked_at": i.revoked_at,
                "state": i.state,
            }
            for i in Invitation.objects.filter(Q(email=normalise_email(user.email)) | Q(accepted_by=user))
            .select_related("initiative")
            .order_by("created_at")
        ],
        # Invitations this person sent: without the invited addresses, which are someone else's data.
        "invitations_sent": [
            {"id": i.pk, "initiative_id": i.initiative_id, "initiative": i.initiative.name, "sent_at": i.created_at}
            for i in Invitation.objects.filter(invited_by=user).select_related("initiative").order_by("created_at")
        ],
        "initiatives_as_contact": [
            {
                "initiative_id": i.pk,
                "initiative": i.name,
                "as": "contact" if i.contact_id == user.pk else "deputy",
            }
            for i in Initiative.objects.filter(Q(contact=user) | Q(deputy=user)).order_by("name")
        ],
        "contact_log_entries": [
            {
                "id": e.pk,
                "initiative_id": e.initiative_id,
                "initiative": e.initiative.name,
                "date": e.date,
                "kind": e.kind,
                "visibility": e.visibility,
                "text": e.summary,
            }
            for e in ContactLogEntry.objects.filter(author=user).select_related("initiative").order_by("date", "id")
        ],
        "needs": [
            {
                "id": n.pk,
                "conversation_id": n.conversation_id,
                "initiative": n.conversation.partnership.initiative.name,
                "created_at": n.created_at,
                "text": n.description,
            }
            for n in Need.objects.filter(author=user)
            .select_related("conversation__partnership__initiative")
            .order_by("created_at", "id")
        ],
        "activities": [
            {
                "id": a.pk,
                "partnership_id": a.partnership_id,
                "initiative": a.partnership.initiative.name,
                "written_by_this_person": a.author_id == user.pk,
                "taken_on_by_this_person": a.taken_on_by_id == user.pk,
                "due_date": a.due_date,
                "status": a.status,
                "text": a.what,
            }
            for a in Activity.objects.filter(Q(author=user) | Q(taken_on_by=user))
            .select_related("partnership__initiative")
            .order_by("id")
        ],
        "comments": [
            {
                "id": c.pk,
                "conversation_id": c.conversation_id,
                "initiative": c.conversation.partnership.initiative.name,
                "created_at": c.created_at,
                "text": c.text,
            }
            for c in Comment.objects.filter(author=user)
            .select_related("conversation__partnership__initiative")
            .order_by("created_at", "id")
        ],
        "section_comments": [
            {
                "id": c.pk,
                "draft_id": c.draft_id,
                "draft": c.draft.title,
                "section": c.section,
                "version": c.version_number,
                "created_at": c.created_at,
                "text": c.text,
            }
            for c in SectionComment.objects.filter(author=user).select_related("draft").order_by("created_at", "id")
        ],
        "history_as_actor": [
            _change(e)
            for e in ChangeEntry.objects.filter(actor=user).select_related("content_type").order_by("at", "id")
        ],
        "history_of_account": [
            _change(e) for e in ChangeEntry.objects.for_object(user).select_related("content_type").order_by("at", "id")
        ],
        "security_events": [
            {
                "at": e.at,
                "action": e.action,
                "result": e.result,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "object": e.object_repr,
                "origin": e.origin,
                "user_agent": e.user_agent,
                "detail": e.detail,
            }
            for e in _security_events(user)
        ],
        "login_records": _login_records(user),
        "other_references": _other_references(user),
    }
    return data


def _change(entry) -> dict:
    return {
        "at": entry.at,
        "object_type": f"{entry.content_type.app_label}.{entry.content_type.model}",
        "object_id": entry.object_id,
        "object": entry.object_repr,
        "action": entry.action,
        "changes": entry.changes,
        "note": entry.note,
    }


def _login_records(user) -> list[dict]:
    """What django-axes keeps per login name: successful logins and counted failures."""
    from axes.models import AccessAttempt, AccessLog

    rows = [
        {
            "kind": "login",
            "at": log.attempt_time,
            "logout_at": log.logout_time,
            "ip_address": log.ip_address,
            "user_agent": log.user_agent,
        }
        for log in AccessLog.objects.filter(username=normalise_email(user.email)).order_by("attempt_time")
    ]
    rows += [
        {
            "kind": "failed_attempts",
            "at": attempt.attempt_time,
            "failures": attempt.failures_since_start,
            "ip_address": attempt.ip_address,
            "user_agent": attempt.user_agent,
        }
        for attempt in AccessAttempt.objects.filter(username=normalise_email(user.email)).order_by("attempt_time")
    ]
    return rows


def user_foreign_keys():
    """(model, field) for every foreign key to the user model in the project."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if f.concrete and f.many_to_one and f.related_model is user_model:
                yield model, f


def _other_references(user) -> list[dict]:
    rows = []
    for model, f in user_foreign_keys():
        if (model._meta.label, f.name) in EXPLICIT:
            continue
        for obj in model._base_manager.filter(**{f.name: user}).order_by("pk"):
            rows.append({"type": model._meta.label_lower, "field": f.name, "id": obj.pk, "object": str(obj)[:255]})
    return rows


def export_json(user) -> str:
    return json.dumps(export(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def export_filename(user, today: datetime.date | None = None) -> str:
    return f"persoonsgegevens-{user.pk}-{(today or timezone.localdate()).isoformat()}.json"


# --- Anonymising ----------------------------------------------------------------------------------------


class AnonymiseError(Exception):
    """The account cannot be anonymised; the message says why."""


def refusal(user) -> str:
    """Why `user` cannot be anonymised, or an empty string."""

    if user.role != Role.COORDINATOR or user.is_staff or user.is_superuser:
        return _(
            "Only accounts of initiative coordinators can be anonymised. A municipal staff account "
            "stays in the history under its own name: hand over its files and deactivate it instead."
        )
    if is_anonymised(user):
        return _("This account has already been anonymised.")
    return ""


@transaction.atomic
def anonymise(user, *, actor, request=None):
    """Anonymise a coordinator who left: name, address and password go, access ends at once.

    The partnership file stays as it is: what the person wrote keeps pointing at the account,
    which from now on shows as "Voormalig coördinator". The change history is append-only and keeps
    the name it recorded at the time; new pages name the anonymised account.
    """

    user = User.objects.select_for_update().get(pk=user.pk)
    reason = refusal(user)
    if reason:
        raise AnonymiseError(reason)
    old_email = user.email
    now = timezone.now()
    access_revoked = CoordinatorAccess.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    invitations = Invitation.objects.filter(Q(email=normalise_email(old_email)) | Q(accepted_by=user))
    invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    invitations_rewritten = invitations.update(email=anonymous_email(user))

    user.full_name = ANONYMOUS_NAME
    user.email = anonymous_email(user)
    user.language = ""
    user.is_active = False
    user.set_unusable_password()  # also ends every session: the session hash no longer matches
    user.version += 1  # an edit form opened before this is now stale
    user.save(update_fields=["full_name", "email", "language", "is_active", "password", "version", "updated_at"])

    # Their inbox goes; what others were told they did names the anonymised account.
    Notification.objects.filter(recipient=user).delete()
    Notification.objects.filter(actor=user).update(actor_name=ANONYMOUS_NAME)
    _forget_login_records(old_email)
    history.record(
        user,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("anonymised", new=True)],
    )
    record(
        request,
        SecurityEvent.Action.ANONYMISED,
        obj=user,
        actor=actor,
        detail={"access_revoked": access_revoked, "invitations_rewritten": invitations_rewritten},
    )
    return user


def _forget_login_records(email: str) -> None:
    """django-axes keeps login names (the old address) with every login and failure."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=normalise_email(email)).delete()
