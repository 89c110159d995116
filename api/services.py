"""Issuing, checking and revoking API keys. Each issue, revocation, use and refusal goes to the
security log (through `core.events`)."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from api.models import ApiKey
from core import events

KEY_PREFIX = "wpk_"  # recognisable in a secret scanner's findings
SHOWN_LENGTH = 12  # "wpk_" and 8 characters: enough to tell keys apart, useless to guess the rest


def hash_key(raw: str) -> str:
    """Keys are 256 random bits, so one SHA-256 is enough (no slow hash needed, as for passwords)."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def issue_key(*, name: str, actor, request=None) -> tuple[ApiKey, str]:
    """A new key: returns the row and the key itself, which is not stored and cannot be shown again."""
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(name=name, prefix=raw[:SHOWN_LENGTH], key_hash=hash_key(raw), created_by=actor)
    events.announce(request, "api_key_issued", obj=key, actor=actor, detail={"name": name})
    return key, raw


@transaction.atomic
def revoke_key(key: ApiKey, *, actor, request=None) -> bool:
    """Revoke `key` at once (the next request with it is refused). False if it was already revoked."""
    updated = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor
    )
    if updated:
        key.refresh_from_db()
        events.announce(request, "api_key_revoked", obj=key, actor=actor, detail={"name": key.name})
    return bool(updated)


def find_active(raw: str) -> ApiKey | None:
    if not raw or len(raw) > 200:
        return None
    return ApiKey.objects.active().filter(key_hash=hash_key(raw)).first()


def record_use(key: ApiKey, request) -> None:
    """A request with a valid key: its last use is kept, and the use goes to the security log."""
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    events.announce(request, "api_key_used", obj=key, detail={"method": request.method, "path": request.path[:200]})


def record_refusal(request, reason: str) -> None:
    """A request with a missing, unknown or revoked key (the key itself is never logged)."""
    events.announce(request, "api_key_refused", result="failure", detail={"reason": reason, "path": request.path[:200]})
